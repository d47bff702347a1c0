// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/postgres/pg_types.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstring>

#include "common/strings.h"
#include "servers/postgres/pg_message.h"
#include "types/number_format.h"

namespace greptime::servers::postgres {

using types::TypeId;

namespace {

constexpr int64_t kPgEpochSeconds = 946684800;  // 2000-01-01T00:00:00Z
constexpr int32_t kPgEpochDays = 10957;         // days from 1970-01-01 to 2000-01-01

struct Civil {
  int64_t year;
  unsigned month, day;
};

// Howard Hinnant's civil_from_days.
Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return Civil{static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

std::string FormatDays(int64_t days) {
  const Civil c = CivilFromDays(days);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

// Seconds since the epoch of the civil time of `ts` in `zone` (local "epoch").
int64_t LocalSeconds(Timestamp ts, const TimeZone& zone) {
  const int64_t secs = ts.Seconds();
  return secs + zone.OffsetAt(secs);
}

std::string FormatLocal(int64_t local_secs, int64_t micros) {
  const int64_t days = FloorDiv(local_secs, 86400);
  const int64_t rem = local_secs - days * 86400;
  std::string out = FormatDays(days);
  out += fmt::format(" {:02}:{:02}:{:02}", rem / 3600, rem / 60 % 60, rem % 60);
  if (micros != 0) out += fmt::format(".{:06}", micros);
  return out;
}

// Shortest round-trip digits of `v` laid out as PostgreSQL's float8out/float4out does: fixed
// notation for decimal exponents in [-4, max_fixed_exp), scientific ("1e+20") otherwise.
template <typename F>
std::string FormatPgFloat(F v, int max_fixed_exp) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  const size_t e = sci.find('e');
  std::string mantissa = sci.substr(0, e);
  const int exp = std::stoi(sci.substr(e + 1));
  if (exp < -4 || exp >= max_fixed_exp) return sci;
  bool negative = false;
  if (!mantissa.empty() && mantissa[0] == '-') {
    negative = true;
    mantissa.erase(0, 1);
  }
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  std::string out;
  if (exp < 0) {
    out = "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
  } else if (static_cast<size_t>(exp) + 1 >= digits.size()) {
    out = digits + std::string(static_cast<size_t>(exp) + 1 - digits.size(), '0');
  } else {
    out = digits.substr(0, static_cast<size_t>(exp) + 1) + "." +
          digits.substr(static_cast<size_t>(exp) + 1);
  }
  return negative ? "-" + out : out;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto b = static_cast<uint8_t>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

std::string ByteaText(std::string_view bytes, bool escape) {
  if (!escape) return "\\x" + Hex(bytes);
  std::string out;
  for (char c : bytes) {
    const auto b = static_cast<uint8_t>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (b < 0x20 || b > 0x7e) {
      out += fmt::format("\\{:03o}", b);
    } else {
      out += c;
    }
  }
  return out;
}

std::string BigEndian(uint64_t v, int bytes) {
  std::string out;
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out += static_cast<char>((v >> shift) & 0xFF);
  }
  return out;
}

std::string VectorBytes(const std::vector<float>& v) {
  std::string out(v.size() * sizeof(float), '\0');
  if (!v.empty()) std::memcpy(out.data(), v.data(), out.size());
  return out;
}

std::string JsonText(const types::Value& v) {
  auto normalized = types::NormalizeJson(v.AsBytes());
  return normalized.ok() ? *normalized : v.AsBytes();
}

std::string TextOf(const types::Value& v, const EncodeOptions& o) {
  switch (v.type().id()) {
    case TypeId::kBoolean:
      return v.AsBoolean() ? "t" : "f";
    case TypeId::kFloat32:
      return FormatPgFloat32(v.AsFloat32());
    case TypeId::kFloat64:
      return FormatPgFloat64(v.AsFloat64());
    case TypeId::kDecimal128:
      return types::FormatDecimal128(v.AsDecimal128(), v.type().scale());
    case TypeId::kString:
      return v.AsBytes();
    case TypeId::kBinary:
      return ByteaText(v.AsBytes(), o.bytea_escape);
    case TypeId::kVector:
      return ByteaText(VectorBytes(v.AsVector()), o.bytea_escape);
    case TypeId::kJson:
      return JsonText(v);
    case TypeId::kDate:
      return FormatDays(v.AsDate());
    case TypeId::kTimestamp: {
      const Timestamp ts = v.AsTimestamp();
      return FormatLocal(LocalSeconds(ts, o.zone), ts.SubsecondNanos() / 1000);
    }
    case TypeId::kIntervalMonthDayNano:
      return FormatPgInterval(v.AsInterval());
    default:
      return v.ToString();  // integers
  }
}

Result<std::string> BinaryOf(const types::Value& v, const EncodeOptions& o) {
  switch (v.type().id()) {
    case TypeId::kBoolean:
      return std::string(1, v.AsBoolean() ? '\1' : '\0');
    case TypeId::kInt8:
      return BigEndian(static_cast<uint16_t>(int16_t{v.AsInt8()}), 2);
    case TypeId::kUInt8:
      return BigEndian(v.AsUInt8(), 2);
    case TypeId::kInt16:
      return BigEndian(static_cast<uint16_t>(v.AsInt16()), 2);
    case TypeId::kUInt16:
      return BigEndian(v.AsUInt16(), 4);
    case TypeId::kInt32:
      return BigEndian(static_cast<uint32_t>(v.AsInt32()), 4);
    case TypeId::kUInt32:
      return BigEndian(v.AsUInt32(), 8);
    case TypeId::kInt64:
      return BigEndian(static_cast<uint64_t>(v.AsInt64()), 8);
    case TypeId::kFloat32: {
      uint32_t bits = 0;
      const float f = v.AsFloat32();
      std::memcpy(&bits, &f, sizeof(bits));
      return BigEndian(bits, 4);
    }
    case TypeId::kFloat64: {
      uint64_t bits = 0;
      const double d = v.AsFloat64();
      std::memcpy(&bits, &d, sizeof(bits));
      return BigEndian(bits, 8);
    }
    case TypeId::kUInt64:
    case TypeId::kDecimal128:
      return EncodeNumericBinary(TextOf(v, o));
    case TypeId::kString:
    case TypeId::kBinary:
      return v.AsBytes();
    case TypeId::kVector:
      return VectorBytes(v.AsVector());
    case TypeId::kJson:
      return JsonText(v);
    case TypeId::kDate:
      return BigEndian(static_cast<uint32_t>(v.AsDate() - kPgEpochDays), 4);
    case TypeId::kTimestamp: {
      const Timestamp ts = v.AsTimestamp();
      const __int128 micros =
          static_cast<__int128>(LocalSeconds(ts, o.zone) - kPgEpochSeconds) * 1000000 +
          ts.SubsecondNanos() / 1000;
      if (micros > INT64_MAX || micros < INT64_MIN) {
        return Status::InvalidArguments("timestamp {} is out of range", v.ToString());
      }
      return BigEndian(static_cast<uint64_t>(static_cast<int64_t>(micros)), 8);
    }
    case TypeId::kIntervalMonthDayNano: {
      const auto& iv = v.AsInterval();
      return BigEndian(static_cast<uint64_t>(iv.nanoseconds / 1000), 8) +
             BigEndian(static_cast<uint32_t>(iv.days), 4) +
             BigEndian(static_cast<uint32_t>(iv.months), 4);
    }
    case TypeId::kNull:
      break;
  }
  return Status::Unsupported("no binary encoding for {}", v.type().Name());
}

}  // namespace

PgType PgTypeOf(const types::DataType& type) {
  switch (type.id()) {
    case TypeId::kNull:
      return {oid::kUnknown, -2};
    case TypeId::kBoolean:
      return {oid::kBool, 1};
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kUInt8:
      return {oid::kInt2, 2};
    case TypeId::kInt32:
    case TypeId::kUInt16:
      return {oid::kInt4, 4};
    case TypeId::kInt64:
    case TypeId::kUInt32:
      return {oid::kInt8, 8};
    case TypeId::kUInt64:
    case TypeId::kDecimal128:
      return {oid::kNumeric, -1};
    case TypeId::kFloat32:
      return {oid::kFloat4, 4};
    case TypeId::kFloat64:
      return {oid::kFloat8, 8};
    case TypeId::kString:
      return {oid::kVarchar, -1};
    case TypeId::kBinary:
    case TypeId::kVector:
      return {oid::kBytea, -1};
    case TypeId::kDate:
      return {oid::kDate, 4};
    case TypeId::kTimestamp:
      return {oid::kTimestamp, 8};
    case TypeId::kIntervalMonthDayNano:
      return {oid::kInterval, 16};
    case TypeId::kJson:
      return {oid::kJson, -1};
  }
  return {oid::kUnknown, -2};
}

namespace {

struct TypeName {
  uint32_t oid;
  std::string_view format_name;  // format_type()
};

constexpr TypeName kTypeNames[] = {
    {oid::kBool, "boolean"},
    {oid::kBytea, "bytea"},
    {oid::kChar, "\"char\""},
    {oid::kName, "name"},
    {oid::kInt8, "bigint"},
    {oid::kInt2, "smallint"},
    {oid::kInt4, "integer"},
    {oid::kText, "text"},
    {oid::kOid, "oid"},
    {oid::kJson, "json"},
    {oid::kFloat4, "real"},
    {oid::kFloat8, "double precision"},
    {oid::kUnknown, "unknown"},
    {oid::kBpchar, "character"},
    {oid::kVarchar, "character varying"},
    {oid::kDate, "date"},
    {oid::kTime, "time without time zone"},
    {oid::kTimestamp, "timestamp without time zone"},
    {oid::kTimestamptz, "timestamp with time zone"},
    {oid::kInterval, "interval"},
    {oid::kNumeric, "numeric"},
    {oid::kRegclass, "regclass"},
    {oid::kJsonb, "jsonb"},
    {oid::kBoolArray, "boolean[]"},
    {oid::kInt2Array, "smallint[]"},
    {oid::kInt4Array, "integer[]"},
    {oid::kTextArray, "text[]"},
    {oid::kVarcharArray, "character varying[]"},
    {oid::kInt8Array, "bigint[]"},
    {oid::kFloat4Array, "real[]"},
    {oid::kFloat8Array, "double precision[]"},
    {oid::kTimestampArray, "timestamp without time zone[]"},
    {oid::kJsonArray, "json[]"},
};

struct CastName {
  std::string_view name;
  uint32_t oid;
};

constexpr CastName kCastNames[] = {
    {"bool", oid::kBool},
    {"boolean", oid::kBool},
    {"bytea", oid::kBytea},
    {"char", oid::kBpchar},
    {"bpchar", oid::kBpchar},
    {"name", oid::kName},
    {"int8", oid::kInt8},
    {"bigint", oid::kInt8},
    {"int2", oid::kInt2},
    {"smallint", oid::kInt2},
    {"int4", oid::kInt4},
    {"int", oid::kInt4},
    {"integer", oid::kInt4},
    {"text", oid::kText},
    {"oid", oid::kOid},
    {"json", oid::kJson},
    {"jsonb", oid::kJsonb},
    {"float4", oid::kFloat4},
    {"real", oid::kFloat4},
    {"float8", oid::kFloat8},
    {"double", oid::kFloat8},
    {"float", oid::kFloat8},
    {"varchar", oid::kVarchar},
    {"string", oid::kVarchar},
    {"date", oid::kDate},
    {"time", oid::kTime},
    {"timestamp", oid::kTimestamp},
    {"timestamptz", oid::kTimestamptz},
    {"interval", oid::kInterval},
    {"numeric", oid::kNumeric},
    {"decimal", oid::kNumeric},
    {"regclass", oid::kRegclass},
};

}  // namespace

std::string_view PgTypeName(uint32_t type_oid) {
  for (const auto& t : kTypeNames) {
    if (t.oid == type_oid) return t.format_name;
  }
  return "unknown";
}

uint32_t PgTypeOidByName(std::string_view name) {
  const std::string lower = AsciiLower(name);
  for (const auto& c : kCastNames) {
    if (c.name == lower) return c.oid;
  }
  return 0;
}

Result<std::optional<std::string>> EncodeValue(const types::Value& value, int16_t format,
                                               const EncodeOptions& options) {
  if (value.is_null()) return std::optional<std::string>();
  if (format == 1) {
    GT_ASSIGN_OR_RETURN(std::string bytes, BinaryOf(value, options));
    return std::optional<std::string>(std::move(bytes));
  }
  return std::optional<std::string>(TextOf(value, options));
}

std::string FormatPgFloat64(double v) { return FormatPgFloat(v, 15); }
std::string FormatPgFloat32(float v) { return FormatPgFloat(v, 6); }

std::string FormatPgTimestamp(Timestamp ts, const TimeZone& zone) {
  return FormatLocal(LocalSeconds(ts, zone), ts.SubsecondNanos() / 1000);
}

std::string FormatPgInterval(const types::IntervalMonthDayNano& v) {
  std::string out;
  auto part = [&out](int64_t n, std::string_view unit, std::string_view plural) {
    if (n == 0) return;
    if (!out.empty()) out += ' ';
    out += fmt::format("{} {}", n, n == 1 ? unit : plural);
  };
  part(v.months / 12, "year", "years");
  part(v.months % 12, "mon", "mons");
  part(v.days, "day", "days");
  const int64_t micros = v.nanoseconds / 1000;
  if (micros != 0 || out.empty()) {
    const uint64_t abs =
        micros < 0 ? static_cast<uint64_t>(-(micros + 1)) + 1 : static_cast<uint64_t>(micros);
    const uint64_t secs = abs / 1000000;
    std::string time = fmt::format("{}{:02}:{:02}:{:02}", micros < 0 ? "-" : "", secs / 3600,
                                   secs / 60 % 60, secs % 60);
    if (abs % 1000000 != 0) {
      std::string frac = fmt::format("{:06}", abs % 1000000);
      while (frac.back() == '0') frac.pop_back();
      time += "." + frac;
    }
    if (!out.empty()) out += ' ';
    out += time;
  }
  return out;
}

Result<std::string> EncodeNumericBinary(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  const size_t point = text.find('.');
  std::string int_part(text.substr(0, point));
  std::string frac_part(point == std::string_view::npos ? "" : text.substr(point + 1));
  if (int_part.empty() && frac_part.empty()) {
    return Status::InvalidArguments("invalid numeric '{}'", text);
  }
  for (char c : int_part + frac_part) {
    if (c < '0' || c > '9') return Status::InvalidArguments("invalid numeric '{}'", text);
  }
  if (frac_part.size() > 0x3FFF) return Status::InvalidArguments("numeric scale too large");
  const auto dscale = static_cast<uint16_t>(frac_part.size());
  int_part.insert(0, (4 - int_part.size() % 4) % 4, '0');
  frac_part.append((4 - frac_part.size() % 4) % 4, '0');
  std::vector<uint16_t> groups;
  for (size_t i = 0; i < int_part.size(); i += 4) {
    groups.push_back(static_cast<uint16_t>(std::stoi(int_part.substr(i, 4))));
  }
  int weight = static_cast<int>(groups.size()) - 1;
  for (size_t i = 0; i < frac_part.size(); i += 4) {
    groups.push_back(static_cast<uint16_t>(std::stoi(frac_part.substr(i, 4))));
  }
  size_t first = 0;
  while (first < groups.size() && groups[first] == 0) {
    ++first;
    --weight;
  }
  size_t last = groups.size();
  while (last > first && groups[last - 1] == 0) --last;
  if (first == last) {
    weight = 0;
    negative = false;
  }
  MessageWriter w;
  w.Int16(static_cast<uint16_t>(last - first)).Int16(static_cast<uint16_t>(weight));
  w.Int16(negative ? 0x4000 : 0x0000).Int16(dscale);
  for (size_t i = first; i < last; ++i) w.Int16(groups[i]);
  return w.Take();
}

Result<std::string> DecodeNumericBinary(std::string_view bytes) {
  MessageReader r(bytes);
  auto ndigits = r.Int16();
  auto weight = r.Int16();
  auto sign = r.Int16();
  auto dscale = r.Int16();
  if (!ndigits || !weight || !sign || !dscale) {
    return Status::InvalidArguments("invalid binary numeric: truncated");
  }
  if (*sign == 0xC000) return std::string("NaN");
  if (*sign != 0 && *sign != 0x4000) return Status::InvalidArguments("invalid numeric sign");
  if (*ndigits > 1000 || *dscale > 1000 || r.remaining() != 2u * *ndigits) {
    return Status::InvalidArguments("invalid binary numeric: bad length");
  }
  std::vector<uint16_t> digits;
  for (uint16_t i = 0; i < *ndigits; ++i) {
    const uint16_t d = *r.Int16();
    if (d >= 10000) return Status::InvalidArguments("invalid binary numeric digit");
    digits.push_back(d);
  }
  const int w = static_cast<int16_t>(*weight);
  if (w > 1000 || w < -1000) return Status::InvalidArguments("invalid binary numeric weight");
  std::string int_part;
  for (int i = 0; i <= w; ++i) {
    const uint16_t d = i < static_cast<int>(digits.size()) ? digits[static_cast<size_t>(i)] : 0;
    int_part += int_part.empty() ? std::to_string(d) : fmt::format("{:04}", d);
  }
  if (int_part.empty()) int_part = "0";
  std::string frac;
  for (int i = w + 1; static_cast<int>(frac.size()) < *dscale; ++i) {
    const uint16_t d =
        i >= 0 && i < static_cast<int>(digits.size()) ? digits[static_cast<size_t>(i)] : 0;
    frac += fmt::format("{:04}", d);
  }
  frac.resize(*dscale);
  std::string out = (*sign == 0x4000 ? "-" : "") + int_part;
  if (!frac.empty()) out += "." + frac;
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

std::string HexLiteral(std::string_view bytes) { return "X'" + Hex(bytes) + "'"; }

}  // namespace greptime::servers::postgres
