// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/mysql/mysql_params.h"

#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "query/sql/lexer.h"
#include "servers/mysql/mysql_resultset.h"
#include "types/number_format.h"

namespace greptime::servers::mysql {

Result<std::vector<size_t>> FindPlaceholders(std::string_view sql) {
  GT_ASSIGN_OR_RETURN(auto tokens, query::sql::Tokenize(sql));
  std::vector<size_t> positions;
  for (const auto& t : tokens) {
    if (t.type == query::sql::TokenType::kQuestion) positions.push_back(t.begin);
  }
  return positions;
}

std::string SubstituteParams(std::string_view sql, const std::vector<size_t>& positions,
                             const std::vector<std::string>& literals) {
  std::string out;
  out.reserve(sql.size() + 16 * literals.size());
  size_t at = 0;
  for (size_t i = 0; i < positions.size() && i < literals.size(); ++i) {
    out.append(sql.substr(at, positions[i] - at));
    // Blanks keep the literal a token of its own whatever surrounds the placeholder.
    out += ' ';
    out += literals[i];
    out += ' ';
    at = positions[i] + 1;
  }
  out.append(sql.substr(at));
  return out;
}

std::string QuoteSqlString(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

namespace {

Status Truncated(size_t i) {
  return Status::InvalidArguments("malformed COM_STMT_EXECUTE: value of parameter {} is truncated",
                                  i + 1);
}

std::string SignedLiteral(int64_t v) {
  return v < 0 ? fmt::format("({})", v) : std::to_string(v);
}

std::string DoubleLiteral(double v) {
  if (std::isnan(v)) return "CAST('NaN' AS DOUBLE)";
  if (std::isinf(v)) return v > 0 ? "CAST('inf' AS DOUBLE)" : "CAST('-inf' AS DOUBLE)";
  std::string text = types::FormatFloat64(v);
  return v < 0 ? "(" + text + ")" : text;
}

// A decimal sent as text: digits, one point, an optional exponent, an optional sign.
Result<std::string> DecimalLiteral(std::string_view text, size_t i) {
  const std::string_view original = text;
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  bool digits = false, point = false, exponent = false;
  for (size_t k = 0; k < text.size(); ++k) {
    const char c = text[k];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !point && !exponent) {
      point = true;
    } else if ((c == 'e' || c == 'E') && digits && !exponent) {
      exponent = true;
      digits = false;
      if (k + 1 < text.size() && (text[k + 1] == '+' || text[k + 1] == '-')) ++k;
    } else {
      digits = false;
      break;
    }
  }
  if (!digits) {
    return Status::InvalidArguments("parameter {}: invalid decimal '{}'", i + 1,
                                    original.substr(0, 64));
  }
  return negative ? fmt::format("(-{})", text) : std::string(text);
}

Result<std::string> DateTimeLiteral(PacketReader& r, size_t i, bool date_only) {
  auto len = r.Int1();
  if (!len) return Truncated(i);
  if (*len != 0 && *len != 4 && *len != 7 && *len != 11) {
    return Status::InvalidArguments("parameter {}: invalid datetime length {}", i + 1, *len);
  }
  auto body = r.Bytes(*len);
  if (!body) return Truncated(i);
  PacketReader f(*body);
  const unsigned year = *len >= 4 ? *f.Int2() : 0;
  const unsigned month = *len >= 4 ? *f.Int1() : 0;
  const unsigned day = *len >= 4 ? *f.Int1() : 0;
  const unsigned hour = *len >= 7 ? *f.Int1() : 0;
  const unsigned minute = *len >= 7 ? *f.Int1() : 0;
  const unsigned second = *len >= 7 ? *f.Int1() : 0;
  const uint32_t micros = *len >= 11 ? *f.Int4() : 0;
  if (month > 12 || day > 31 || hour > 23 || minute > 59 || second > 59 || micros > 999999) {
    return Status::InvalidArguments("parameter {}: invalid datetime value", i + 1);
  }
  std::string text = fmt::format("{:04}-{:02}-{:02}", year, month, day);
  if (!date_only) {
    text += fmt::format(" {:02}:{:02}:{:02}", hour, minute, second);
    if (micros != 0) text += fmt::format(".{:06}", micros);
  }
  return QuoteSqlString(text);
}

Result<std::string> TimeLiteral(PacketReader& r, size_t i) {
  auto len = r.Int1();
  if (!len) return Truncated(i);
  if (*len != 0 && *len != 8 && *len != 12) {
    return Status::InvalidArguments("parameter {}: invalid time length {}", i + 1, *len);
  }
  auto body = r.Bytes(*len);
  if (!body) return Truncated(i);
  if (*len == 0) return QuoteSqlString("00:00:00");
  PacketReader f(*body);
  const bool negative = *f.Int1() != 0;
  const uint32_t days = *f.Int4();
  const unsigned hour = *f.Int1();
  const unsigned minute = *f.Int1();
  const unsigned second = *f.Int1();
  const uint32_t micros = *len == 12 ? *f.Int4() : 0;
  if (days > 34 || hour > 23 || minute > 59 || second > 59 || micros > 999999) {
    return Status::InvalidArguments("parameter {}: invalid time value", i + 1);
  }
  std::string text = fmt::format("{}{:02}:{:02}:{:02}", negative ? "-" : "",
                                 static_cast<uint64_t>(days) * 24 + hour, minute, second);
  if (micros != 0) text += fmt::format(".{:06}", micros);
  return QuoteSqlString(text);
}

Result<std::string> StringLiteral(PacketReader& r, size_t i) {
  auto s = r.LenencString();
  if (!s) return Truncated(i);
  return QuoteSqlString(*s);
}

Result<std::string> DecodeOne(PacketReader& r, const ParamType& t, size_t i) {
  switch (static_cast<ColumnType>(t.type)) {
    case ColumnType::kNull: return std::string("NULL");
    case ColumnType::kTiny: {
      auto v = r.Int1();
      if (!v) return Truncated(i);
      return t.is_unsigned ? std::to_string(*v) : SignedLiteral(static_cast<int8_t>(*v));
    }
    case ColumnType::kShort:
    case ColumnType::kYear: {
      auto v = r.Int2();
      if (!v) return Truncated(i);
      return t.is_unsigned ? std::to_string(*v) : SignedLiteral(static_cast<int16_t>(*v));
    }
    case ColumnType::kLong:
    case ColumnType::kInt24: {
      auto v = r.Int4();
      if (!v) return Truncated(i);
      return t.is_unsigned ? std::to_string(*v) : SignedLiteral(static_cast<int32_t>(*v));
    }
    case ColumnType::kLongLong: {
      auto v = r.Int8();
      if (!v) return Truncated(i);
      return t.is_unsigned ? std::to_string(*v) : SignedLiteral(static_cast<int64_t>(*v));
    }
    case ColumnType::kFloat: {
      auto v = r.Int4();
      if (!v) return Truncated(i);
      float f = 0;
      const uint32_t bits = *v;
      std::memcpy(&f, &bits, sizeof(f));
      if (std::isfinite(f)) {
        std::string text = types::FormatFloat32(f);
        return f < 0 ? "(" + text + ")" : text;
      }
      return DoubleLiteral(f);
    }
    case ColumnType::kDouble: {
      auto v = r.Int8();
      if (!v) return Truncated(i);
      double d = 0;
      const uint64_t bits = *v;
      std::memcpy(&d, &bits, sizeof(d));
      return DoubleLiteral(d);
    }
    case ColumnType::kDecimal:
    case ColumnType::kNewDecimal: {
      auto s = r.LenencString();
      if (!s) return Truncated(i);
      return DecimalLiteral(*s, i);
    }
    case ColumnType::kDate: return DateTimeLiteral(r, i, true);
    case ColumnType::kDateTime:
    case ColumnType::kTimestamp: return DateTimeLiteral(r, i, false);
    case ColumnType::kTime: return TimeLiteral(r, i);
    case ColumnType::kVarchar:
    case ColumnType::kVarString:
    case ColumnType::kString:
    case ColumnType::kEnum:
    case ColumnType::kSet:
    case ColumnType::kTinyBlob:
    case ColumnType::kMediumBlob:
    case ColumnType::kLongBlob:
    case ColumnType::kBlob:
    case ColumnType::kJson:
    case ColumnType::kBit:
    case ColumnType::kGeometry: return StringLiteral(r, i);
  }
  return Status::InvalidArguments("parameter {}: unsupported MySQL type {}", i + 1, t.type);
}

}  // namespace

std::string ValueLiteral(const types::Value& v, const TimeZone& zone) {
  using types::TypeId;
  switch (v.type().id()) {
    case TypeId::kNull: return "NULL";
    case TypeId::kBoolean: return v.AsBoolean() ? "true" : "false";
    case TypeId::kFloat32: return DoubleLiteral(v.AsFloat32());
    case TypeId::kFloat64: return DoubleLiteral(v.AsFloat64());
    case TypeId::kTimestamp: return QuoteSqlString(FormatTimestampSql(v.AsTimestamp(), zone));
    case TypeId::kDate: return QuoteSqlString(FormatDate(v.AsDate()));
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kJson: return QuoteSqlString(v.AsBytes());
    default: break;
  }
  if (v.type().is_numeric()) {
    std::string text = v.ToString();
    return !text.empty() && text[0] == '-' ? "(" + text + ")" : text;
  }
  return QuoteSqlString(v.ToString());
}

Result<std::vector<std::string>> DecodeParamLiterals(
    PacketReader& r, size_t num_params, std::vector<ParamType>& types,
    const std::vector<std::optional<std::string>>& long_data) {
  std::vector<std::string> literals;
  if (num_params == 0) return literals;
  auto bitmap = r.Bytes((num_params + 7) / 8);
  auto bound = r.Int1();
  if (!bitmap || !bound) {
    return Status::InvalidArguments("malformed COM_STMT_EXECUTE: missing parameter header");
  }
  if (*bound == 1) {
    std::vector<ParamType> fresh(num_params);
    for (size_t i = 0; i < num_params; ++i) {
      auto type = r.Int1();
      auto flags = r.Int1();
      if (!type || !flags) {
        return Status::InvalidArguments("malformed COM_STMT_EXECUTE: parameter types truncated");
      }
      fresh[i] = ParamType{*type, (*flags & 0x80) != 0};
    }
    types = std::move(fresh);
  } else if (types.size() != num_params) {
    return Status::InvalidArguments(
        "malformed COM_STMT_EXECUTE: parameter types were never sent");
  }
  literals.reserve(num_params);
  for (size_t i = 0; i < num_params; ++i) {
    const bool is_null = ((*bitmap)[i / 8] >> (i % 8)) & 1;
    if (is_null) {
      literals.emplace_back("NULL");
    } else if (i < long_data.size() && long_data[i]) {
      literals.push_back(QuoteSqlString(*long_data[i]));
    } else {
      GT_ASSIGN_OR_RETURN(std::string lit, DecodeOne(r, types[i], i));
      literals.push_back(std::move(lit));
    }
  }
  return literals;
}

}  // namespace greptime::servers::mysql
