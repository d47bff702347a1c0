// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// DataType names, SQL spelling parser and widths.
#include "types/data_type.h"

#include <cctype>
#include <charconv>
#include <functional>
#include <optional>
#include <vector>

#include <fmt/core.h>

namespace greptime::types {
namespace {

std::string_view TimestampName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return "TimestampSecond";
    case TimeUnit::kMillisecond:
      return "TimestampMillisecond";
    case TimeUnit::kMicrosecond:
      return "TimestampMicrosecond";
    case TimeUnit::kNanosecond:
      return "TimestampNanosecond";
  }
  return "TimestampMillisecond";
}

int TimestampPrecision(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return 0;
    case TimeUnit::kMillisecond:
      return 3;
    case TimeUnit::kMicrosecond:
      return 6;
    case TimeUnit::kNanosecond:
      return 9;
  }
  return 3;
}

std::optional<TimeUnit> UnitFromPrecision(int64_t p) {
  switch (p) {
    case 0:
      return TimeUnit::kSecond;
    case 3:
      return TimeUnit::kMillisecond;
    case 6:
      return TimeUnit::kMicrosecond;
    case 9:
      return TimeUnit::kNanosecond;
    default:
      return std::nullopt;
  }
}

// Upper-cases, trims, collapses blank runs to one space and removes blanks next to '(' ')' ','
// so that "decimal ( 10 , 2 )" becomes "DECIMAL(10,2)".
std::string NormalizeSpelling(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    bool punct = c == '(' || c == ')' || c == ',';
    if (pending_space && !punct && !out.empty() && out.back() != '(' && out.back() != ',') {
      out.push_back(' ');
    }
    pending_space = false;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

struct Spelling {
  std::string base;               // "DECIMAL"
  std::vector<std::string> args;  // {"10", "2"}; empty without parentheses
};

// Splits "NAME(a,b)" into its base and arguments; nullopt on malformed parentheses.
std::optional<Spelling> SplitArgs(const std::string& s) {
  size_t open = s.find('(');
  if (open == std::string::npos) {
    if (s.find(')') != std::string::npos || s.find(',') != std::string::npos) return std::nullopt;
    return Spelling{s, {}};
  }
  if (s.back() != ')' || s.find('(', open + 1) != std::string::npos) return std::nullopt;
  Spelling out{s.substr(0, open), {}};
  std::string inner = s.substr(open + 1, s.size() - open - 2);
  if (inner.find(')') != std::string::npos) return std::nullopt;
  size_t start = 0;
  while (true) {
    size_t comma = inner.find(',', start);
    out.args.push_back(inner.substr(start, comma == std::string::npos ? comma : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<int64_t> ParseSmallInt(std::string_view s) {
  int64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<DataType> SimpleSqlType(std::string_view s) {
  struct Entry {
    std::string_view spelling;
    DataType type;
  };
  static constexpr Entry kEntries[] = {
      {"BOOLEAN", DataType::Boolean()},
      {"BOOL", DataType::Boolean()},
      {"TINYINT", DataType::Int8()},
      {"SMALLINT", DataType::Int16()},
      {"INT2", DataType::Int16()},
      {"INT16", DataType::Int16()},
      {"INT", DataType::Int32()},
      {"INTEGER", DataType::Int32()},
      {"INT4", DataType::Int32()},
      {"INT32", DataType::Int32()},
      {"BIGINT", DataType::Int64()},
      {"INT8", DataType::Int64()},
      {"INT64", DataType::Int64()},
      {"TINYINT UNSIGNED", DataType::UInt8()},
      {"UINT8", DataType::UInt8()},
      {"SMALLINT UNSIGNED", DataType::UInt16()},
      {"UINT16", DataType::UInt16()},
      {"INT UNSIGNED", DataType::UInt32()},
      {"INTEGER UNSIGNED", DataType::UInt32()},
      {"UINT32", DataType::UInt32()},
      {"BIGINT UNSIGNED", DataType::UInt64()},
      {"UINT64", DataType::UInt64()},
      {"FLOAT", DataType::Float32()},
      {"FLOAT4", DataType::Float32()},
      {"FLOAT32", DataType::Float32()},
      {"DOUBLE", DataType::Float64()},
      {"FLOAT8", DataType::Float64()},
      {"FLOAT64", DataType::Float64()},
      {"STRING", DataType::String()},
      {"TEXT", DataType::String()},
      {"TINYTEXT", DataType::String()},
      {"MEDIUMTEXT", DataType::String()},
      {"LONGTEXT", DataType::String()},
      {"VARCHAR", DataType::String()},
      {"CHAR", DataType::String()},
      {"BINARY", DataType::Binary()},
      {"VARBINARY", DataType::Binary()},
      {"BLOB", DataType::Binary()},
      {"BYTEA", DataType::Binary()},
      {"DATE", DataType::Date()},
      {"TIMESTAMP", DataType::TimestampMillisecond()},
      {"TIMESTAMP_S", DataType::TimestampSecond()},
      {"TIMESTAMP_SEC", DataType::TimestampSecond()},
      {"TIMESTAMPSECOND", DataType::TimestampSecond()},
      {"TIMESTAMP_MS", DataType::TimestampMillisecond()},
      {"TIMESTAMPMILLISECOND", DataType::TimestampMillisecond()},
      {"TIMESTAMP_US", DataType::TimestampMicrosecond()},
      {"TIMESTAMPMICROSECOND", DataType::TimestampMicrosecond()},
      {"DATETIME", DataType::TimestampMicrosecond()},
      {"TIMESTAMP_NS", DataType::TimestampNanosecond()},
      {"TIMESTAMPNANOSECOND", DataType::TimestampNanosecond()},
      {"INTERVAL", DataType::IntervalMonthDayNano()},
      {"JSON", DataType::Json()},
  };
  for (const Entry& e : kEntries) {
    if (e.spelling == s) return e.type;
  }
  return std::nullopt;
}

Status UnsupportedSqlType(std::string_view text) {
  return Status::Unsupported("Unsupported SQL type: {}", text);
}

}  // namespace

DataType DataType::Decimal128(int precision, int scale) {
  GT_CHECK(precision >= 1 && precision <= kMaxDecimalPrecision && scale >= 0 && scale <= precision);
  DataType t(TypeId::kDecimal128);
  t.precision_ = static_cast<uint8_t>(precision);
  t.scale_ = static_cast<uint8_t>(scale);
  return t;
}

Result<DataType> DataType::MakeDecimal128(int precision, int scale) {
  if (precision < 1 || precision > kMaxDecimalPrecision) {
    return Status::InvalidArguments("Invalid DECIMAL({},{}): precision must be between 1 and {}",
                                    precision, scale, kMaxDecimalPrecision);
  }
  if (scale < 0 || scale > precision) {
    return Status::InvalidArguments(
        "Invalid DECIMAL({},{}): scale must be between 0 and the precision", precision, scale);
  }
  return Decimal128(precision, scale);
}

DataType DataType::Vector(uint32_t dim) {
  GT_CHECK(dim >= 1 && dim <= kMaxVectorDim);
  DataType t(TypeId::kVector);
  t.dim_ = dim;
  return t;
}

Result<DataType> DataType::MakeVector(int64_t dim) {
  if (dim < 1 || dim > static_cast<int64_t>(kMaxVectorDim)) {
    return Status::InvalidArguments("Invalid VECTOR({}): dimension must be between 1 and {}", dim,
                                    kMaxVectorDim);
  }
  return Vector(static_cast<uint32_t>(dim));
}

Result<DataType> DataType::ParseSql(std::string_view text) {
  std::string norm = NormalizeSpelling(text);
  // MySQL display widths: "INT(11) UNSIGNED".
  constexpr std::string_view kUnsignedSuffix = ") UNSIGNED";
  bool unsigned_suffix = norm.size() > kUnsignedSuffix.size() && norm.ends_with(kUnsignedSuffix);
  if (unsigned_suffix) norm.resize(norm.size() - kUnsignedSuffix.size() + 1);
  std::optional<Spelling> spelling = SplitArgs(norm);
  if (norm.empty() || !spelling) return UnsupportedSqlType(text);
  const std::string& base = spelling->base;
  const std::vector<std::string>& args = spelling->args;

  if (unsigned_suffix && args.empty()) return UnsupportedSqlType(text);
  if (args.empty()) {
    if (base == "DECIMAL") {
      return Decimal128(kDefaultDecimalPrecision, kDefaultDecimalScale);
    }
    if (auto t = SimpleSqlType(base)) return *t;
    return UnsupportedSqlType(text);
  }

  std::vector<int64_t> nums;
  for (const std::string& a : args) {
    auto n = ParseSmallInt(a);
    if (!n) return UnsupportedSqlType(text);
    nums.push_back(*n);
  }
  // Display widths of integer types are accepted and ignored.
  if ((base == "TINYINT" || base == "SMALLINT" || base == "INT" || base == "INTEGER" ||
       base == "BIGINT") &&
      nums.size() == 1 && nums[0] >= 0) {
    return *SimpleSqlType(unsigned_suffix ? base + " UNSIGNED" : base);
  }
  if (unsigned_suffix) return UnsupportedSqlType(text);
  if (base == "TIMESTAMP" && nums.size() == 1) {
    auto unit = UnitFromPrecision(nums[0]);
    if (!unit) return UnsupportedSqlType(text);
    return Timestamp(*unit);
  }
  if (base == "DECIMAL" && nums.size() <= 2) {
    int64_t p = nums[0];
    int64_t s = nums.size() == 2 ? nums[1] : 0;
    if (p < 0 || p > 1000 || s < 0 || s > 1000) {
      return Status::InvalidArguments("Invalid {}: precision must be between 1 and {}", text,
                                      kMaxDecimalPrecision);
    }
    return MakeDecimal128(static_cast<int>(p), static_cast<int>(s));
  }
  if (base == "VECTOR" && nums.size() == 1) return MakeVector(nums[0]);
  // Lengths of character and binary types are accepted and ignored.
  if ((base == "VARCHAR" || base == "CHAR" || base == "BINARY" || base == "VARBINARY") &&
      nums.size() == 1 && nums[0] >= 0) {
    return base == "VARCHAR" || base == "CHAR" ? String() : Binary();
  }
  return UnsupportedSqlType(text);
}

Result<DataType> DataType::ParseName(std::string_view name) {
  for (TimeUnit unit :
       {TimeUnit::kSecond, TimeUnit::kMillisecond, TimeUnit::kMicrosecond, TimeUnit::kNanosecond}) {
    if (TimestampName(unit) == name) return Timestamp(unit);
  }
  for (int i = 0; i <= static_cast<int>(TypeId::kVector); ++i) {
    TypeId id = static_cast<TypeId>(i);
    bool parameterised =
        id == TypeId::kDecimal128 || id == TypeId::kTimestamp || id == TypeId::kVector;
    if (!parameterised && TypeIdName(id) == name) return DataType(id);
  }
  auto inner = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (name.size() > prefix.size() + 1 && name.substr(0, prefix.size()) == prefix &&
        name.back() == ')') {
      return name.substr(prefix.size(), name.size() - prefix.size() - 1);
    }
    return std::nullopt;
  };
  if (auto args = inner("Decimal(")) {
    size_t comma = args->find(", ");
    if (comma != std::string_view::npos) {
      auto p = ParseSmallInt(args->substr(0, comma));
      auto s = ParseSmallInt(args->substr(comma + 2));
      if (p && s && *p >= 0 && *p <= 1000 && *s >= 0 && *s <= 1000) {
        return MakeDecimal128(static_cast<int>(*p), static_cast<int>(*s));
      }
    }
  } else if (auto dim = inner("Vector(")) {
    if (auto d = ParseSmallInt(*dim)) return MakeVector(*d);
  }
  return Status::InvalidArguments("Unknown data type name: {}", name);
}

std::string DataType::Name() const {
  switch (id_) {
    case TypeId::kDecimal128:
      return fmt::format("Decimal({}, {})", precision_, scale_);
    case TypeId::kTimestamp:
      return std::string(TimestampName(unit_));
    case TypeId::kVector:
      return fmt::format("Vector({})", dim_);
    default:
      return std::string(TypeIdName(id_));
  }
}

std::string DataType::SqlName() const {
  switch (id_) {
    case TypeId::kNull:
      return "NULL";
    case TypeId::kBoolean:
      return "BOOLEAN";
    case TypeId::kInt8:
      return "TINYINT";
    case TypeId::kInt16:
      return "SMALLINT";
    case TypeId::kInt32:
      return "INT";
    case TypeId::kInt64:
      return "BIGINT";
    case TypeId::kUInt8:
      return "TINYINT UNSIGNED";
    case TypeId::kUInt16:
      return "SMALLINT UNSIGNED";
    case TypeId::kUInt32:
      return "INT UNSIGNED";
    case TypeId::kUInt64:
      return "BIGINT UNSIGNED";
    case TypeId::kFloat32:
      return "FLOAT";
    case TypeId::kFloat64:
      return "DOUBLE";
    case TypeId::kDecimal128:
      return fmt::format("DECIMAL({},{})", precision_, scale_);
    case TypeId::kString:
      return "STRING";
    case TypeId::kBinary:
      return "VARBINARY";
    case TypeId::kDate:
      return "DATE";
    case TypeId::kTimestamp:
      return fmt::format("TIMESTAMP({})", TimestampPrecision(unit_));
    case TypeId::kIntervalMonthDayNano:
      return "INTERVAL";
    case TypeId::kJson:
      return "JSON";
    case TypeId::kVector:
      return fmt::format("VECTOR({})", dim_);
  }
  return "NULL";
}

std::string DataType::MysqlName() const {
  std::string name = SqlName();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

size_t DataType::FixedWidth() const {
  switch (id_) {
    case TypeId::kNull:
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kJson:
      return 0;
    case TypeId::kBoolean:
    case TypeId::kInt8:
    case TypeId::kUInt8:
      return 1;
    case TypeId::kInt16:
    case TypeId::kUInt16:
      return 2;
    case TypeId::kInt32:
    case TypeId::kUInt32:
    case TypeId::kFloat32:
    case TypeId::kDate:
      return 4;
    case TypeId::kInt64:
    case TypeId::kUInt64:
    case TypeId::kFloat64:
    case TypeId::kTimestamp:
      return 8;
    case TypeId::kDecimal128:
    case TypeId::kIntervalMonthDayNano:
      return 16;
    case TypeId::kVector:
      return 4 * static_cast<size_t>(dim_);
  }
  return 0;
}

size_t DataType::Hash() const {
  uint64_t bits = static_cast<uint64_t>(id_) | (static_cast<uint64_t>(precision_) << 8) |
                  (static_cast<uint64_t>(scale_) << 16) | (static_cast<uint64_t>(unit_) << 24) |
                  (static_cast<uint64_t>(dim_) << 32);
  return std::hash<uint64_t>()(bits);
}

std::string_view TypeIdName(TypeId id) {
  switch (id) {
    case TypeId::kNull:
      return "Null";
    case TypeId::kBoolean:
      return "Boolean";
    case TypeId::kInt8:
      return "Int8";
    case TypeId::kInt16:
      return "Int16";
    case TypeId::kInt32:
      return "Int32";
    case TypeId::kInt64:
      return "Int64";
    case TypeId::kUInt8:
      return "UInt8";
    case TypeId::kUInt16:
      return "UInt16";
    case TypeId::kUInt32:
      return "UInt32";
    case TypeId::kUInt64:
      return "UInt64";
    case TypeId::kFloat32:
      return "Float32";
    case TypeId::kFloat64:
      return "Float64";
    case TypeId::kDecimal128:
      return "Decimal128";
    case TypeId::kString:
      return "String";
    case TypeId::kBinary:
      return "Binary";
    case TypeId::kDate:
      return "Date";
    case TypeId::kTimestamp:
      return "Timestamp";
    case TypeId::kIntervalMonthDayNano:
      return "IntervalMonthDayNano";
    case TypeId::kJson:
      return "Json";
    case TypeId::kVector:
      return "Vector";
  }
  return "Null";
}

}  // namespace greptime::types
