// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Bound parameters as SQL literals (ParamLiteral of pg_types.h).
#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "common/strings.h"
#include "servers/postgres/pg_message.h"
#include "servers/postgres/pg_types.h"
#include "types/number_format.h"

namespace greptime::servers::postgres {
namespace {

constexpr int64_t kPgEpochSeconds = 946684800;  // 2000-01-01T00:00:00Z
constexpr int64_t kPgEpochDays = 10957;

Status Invalid(size_t index, uint32_t type_oid, std::string_view why) {
  return Status::InvalidArguments("invalid_parameter_type: parameter ${} ({}): {}", index + 1,
                                  PgTypeName(type_oid), why);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// "[+-]digits"; negative values parenthesised so that `- $1` cannot become a comment.
std::optional<std::string> IntegerLiteral(std::string_view text) {
  text = Trim(text);
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.size() > 40) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return negative ? fmt::format("(-{})", text) : std::string(text);
}

// "[+-]digits[.digits][e[+-]digits]" or ".5".
std::optional<std::string> DecimalLiteral(std::string_view text) {
  text = Trim(text);
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.size() > 400) return std::nullopt;
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
      return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  std::string body(text);
  if (body[0] == '.') body.insert(0, "0");
  return negative ? fmt::format("(-{})", body) : body;
}

std::string DoubleLiteral(double v) {
  if (std::isnan(v)) return "CAST('NaN' AS DOUBLE)";
  if (std::isinf(v)) return v > 0 ? "CAST('inf' AS DOUBLE)" : "CAST('-inf' AS DOUBLE)";
  std::string text = types::FormatFloat64(v);
  return v < 0 ? "(" + text + ")" : text;
}

std::optional<std::string> FloatLiteral(std::string_view text) {
  const std::string lower = AsciiLower(Trim(text));
  if (lower == "nan") return DoubleLiteral(NAN);
  if (lower == "infinity" || lower == "inf" || lower == "+infinity") return DoubleLiteral(INFINITY);
  if (lower == "-infinity" || lower == "-inf") return DoubleLiteral(-INFINITY);
  return DecimalLiteral(text);
}

std::optional<bool> ParseBool(std::string_view text) {
  const std::string s = AsciiLower(Trim(text));
  if (s == "t" || s == "true" || s == "y" || s == "yes" || s == "on" || s == "1") return true;
  if (s == "f" || s == "false" || s == "n" || s == "no" || s == "off" || s == "0") return false;
  return std::nullopt;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// bytea input: "\x0aff" (hex, blanks allowed between pairs) or the escape format.
std::optional<std::string> ParseByteaText(std::string_view text) {
  std::string out;
  if (text.size() >= 2 && text[0] == '\\' && (text[1] == 'x' || text[1] == 'X')) {
    for (size_t i = 2; i < text.size();) {
      if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
        ++i;
        continue;
      }
      if (i + 1 >= text.size()) return std::nullopt;
      const int hi = HexDigit(text[i]), lo = HexDigit(text[i + 1]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    return out;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
    } else if (i + 1 < text.size() && text[i + 1] == '\\') {
      out += '\\';
      ++i;
    } else if (i + 3 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '3' &&
               text[i + 2] >= '0' && text[i + 2] <= '7' && text[i + 3] >= '0' &&
               text[i + 3] <= '7') {
      out += static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 +
                               (text[i + 3] - '0'));
      i += 3;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

uint64_t BigEndianValue(std::string_view b) {
  uint64_t v = 0;
  for (char c : b) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}

std::string FormatCivilMicros(int64_t micros_since_pg_epoch) {
  // Split into seconds and microseconds, flooring.
  int64_t secs = micros_since_pg_epoch / 1000000;
  int64_t micros = micros_since_pg_epoch % 1000000;
  if (micros < 0) {
    micros += 1000000;
    secs -= 1;
  }
  return FormatPgTimestamp(
      Timestamp{(secs + kPgEpochSeconds) * 1000000 + micros, TimeUnit::kMicrosecond},
      TimeZone::Utc());
}

Result<std::string> BinaryLiteral(std::string_view v, uint32_t type_oid, size_t index) {
  auto need = [&](size_t n) -> Status {
    if (v.size() != n) {
      return Invalid(index, type_oid, fmt::format("expected {} bytes, got {}", n, v.size()));
    }
    return Status::OK();
  };
  switch (type_oid) {
    case oid::kBool:
      GT_RETURN_IF_ERROR(need(1));
      return std::string(v[0] != 0 ? "true" : "false");
    case oid::kInt2: {
      GT_RETURN_IF_ERROR(need(2));
      const auto x = static_cast<int16_t>(BigEndianValue(v));
      return x < 0 ? fmt::format("({})", x) : std::to_string(x);
    }
    case oid::kInt4: {
      GT_RETURN_IF_ERROR(need(4));
      const auto x = static_cast<int32_t>(BigEndianValue(v));
      return x < 0 ? fmt::format("({})", x) : std::to_string(x);
    }
    case oid::kOid:
      GT_RETURN_IF_ERROR(need(4));
      return std::to_string(static_cast<uint32_t>(BigEndianValue(v)));
    case oid::kInt8: {
      GT_RETURN_IF_ERROR(need(8));
      const auto x = static_cast<int64_t>(BigEndianValue(v));
      return x < 0 ? fmt::format("({})", x) : std::to_string(x);
    }
    case oid::kFloat4: {
      GT_RETURN_IF_ERROR(need(4));
      const auto bits = static_cast<uint32_t>(BigEndianValue(v));
      float f = 0;
      std::memcpy(&f, &bits, sizeof(f));
      if (std::isfinite(f)) {
        std::string text = types::FormatFloat32(f);
        return f < 0 ? "(" + text + ")" : text;
      }
      return DoubleLiteral(f);
    }
    case oid::kFloat8: {
      GT_RETURN_IF_ERROR(need(8));
      const uint64_t bits = BigEndianValue(v);
      double d = 0;
      std::memcpy(&d, &bits, sizeof(d));
      return DoubleLiteral(d);
    }
    case oid::kNumeric: {
      auto text = DecodeNumericBinary(v);
      if (!text.ok()) return Invalid(index, type_oid, text.status().message());
      if (*text == "NaN") return DoubleLiteral(NAN);
      auto lit = DecimalLiteral(*text);
      if (!lit) return Invalid(index, type_oid, "malformed numeric");
      return *lit;
    }
    case oid::kBytea:
      return HexLiteral(v);
    case oid::kDate: {
      GT_RETURN_IF_ERROR(need(4));
      const auto days = static_cast<int32_t>(BigEndianValue(v));
      return QuoteSqlString(FormatDate(static_cast<int32_t>(days + kPgEpochDays)));
    }
    case oid::kTimestamp:
    case oid::kTimestamptz: {
      GT_RETURN_IF_ERROR(need(8));
      const auto micros = static_cast<int64_t>(BigEndianValue(v));
      // Keep the seconds far from int64 overflow once converted to microseconds since 1970.
      if (micros > (int64_t{1} << 60) || micros < -(int64_t{1} << 60)) {
        return Invalid(index, type_oid, "timestamp out of range");
      }
      std::string text = FormatCivilMicros(micros);
      if (type_oid == oid::kTimestamptz) text += "+00:00";
      return QuoteSqlString(text);
    }
    case oid::kJsonb:
      if (v.empty() || v[0] != 1) return Invalid(index, type_oid, "unsupported jsonb version");
      return QuoteSqlString(v.substr(1));
    case oid::kText:
    case oid::kVarchar:
    case oid::kBpchar:
    case oid::kName:
    case oid::kChar:
    case oid::kJson:
      return QuoteSqlString(v);
    default:
      break;
  }
  return Invalid(index, type_oid, "binary format is not supported for this type");
}

Result<std::string> TextLiteral(std::string_view v, uint32_t type_oid, size_t index) {
  std::optional<std::string> lit;
  switch (type_oid) {
    case oid::kInt2:
    case oid::kInt4:
    case oid::kInt8:
    case oid::kOid:
      lit = IntegerLiteral(v);
      if (!lit)
        return Invalid(index, type_oid, fmt::format("invalid integer '{}'", v.substr(0, 64)));
      return *lit;
    case oid::kFloat4:
    case oid::kFloat8:
    case oid::kNumeric:
      lit = FloatLiteral(v);
      if (!lit)
        return Invalid(index, type_oid, fmt::format("invalid number '{}'", v.substr(0, 64)));
      return *lit;
    case oid::kBool: {
      auto b = ParseBool(v);
      if (!b) return Invalid(index, type_oid, fmt::format("invalid boolean '{}'", v.substr(0, 64)));
      return std::string(*b ? "true" : "false");
    }
    case oid::kBytea: {
      auto bytes = ParseByteaText(v);
      if (!bytes) return Invalid(index, type_oid, "invalid bytea text");
      return HexLiteral(*bytes);
    }
    default:
      return QuoteSqlString(v);
  }
}

}  // namespace

Result<std::string> ParamLiteral(const std::optional<std::string>& value, uint32_t type_oid,
                                 int16_t format, size_t index) {
  if (!value) return std::string("NULL");
  if (format == 1) {
    if (type_oid == 0 || type_oid == oid::kUnknown) {
      return Status::InvalidArguments(
          "unknown_parameter_type: Cannot get type for parameter {}, try to provide a type using "
          "${}::<type>",
          index, index);
    }
    return BinaryLiteral(*value, type_oid, index);
  }
  return TextLiteral(*value, type_oid, index);
}

}  // namespace greptime::servers::postgres
