// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// DataType: the logical column types of GreptimeDB (spec/sql.md §1), their DESC / SQL names,
// parsing of every SQL spelling, fixed widths and type predicates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/time.h"

namespace greptime::types {

// Discriminates DataType. The numbers are stable (they may be persisted by callers).
enum class TypeId : uint8_t {
  kNull = 0,
  kBoolean = 1,
  kInt8 = 2,
  kInt16 = 3,
  kInt32 = 4,
  kInt64 = 5,
  kUInt8 = 6,
  kUInt16 = 7,
  kUInt32 = 8,
  kUInt64 = 9,
  kFloat32 = 10,
  kFloat64 = 11,
  kDecimal128 = 12,
  kString = 13,
  kBinary = 14,
  kDate = 15,
  kTimestamp = 16,
  kIntervalMonthDayNano = 17,
  kJson = 18,
  kVector = 19,
};

// A logical type with its parameters (decimal precision/scale, timestamp unit, vector dimension).
// A small value type: cheap to copy, compare and hash. Parameters of other type ids are zero.
class DataType {
 public:
  static constexpr int kMaxDecimalPrecision = 38;
  static constexpr int kDefaultDecimalPrecision = 38;
  static constexpr int kDefaultDecimalScale = 10;
  // Upper bound for VECTOR(n); GreptimeDB does not document one, this keeps rows sane.
  static constexpr uint32_t kMaxVectorDim = 65535;

  constexpr DataType() = default;  // Null

  static constexpr DataType Null() { return DataType(TypeId::kNull); }
  static constexpr DataType Boolean() { return DataType(TypeId::kBoolean); }
  static constexpr DataType Int8() { return DataType(TypeId::kInt8); }
  static constexpr DataType Int16() { return DataType(TypeId::kInt16); }
  static constexpr DataType Int32() { return DataType(TypeId::kInt32); }
  static constexpr DataType Int64() { return DataType(TypeId::kInt64); }
  static constexpr DataType UInt8() { return DataType(TypeId::kUInt8); }
  static constexpr DataType UInt16() { return DataType(TypeId::kUInt16); }
  static constexpr DataType UInt32() { return DataType(TypeId::kUInt32); }
  static constexpr DataType UInt64() { return DataType(TypeId::kUInt64); }
  static constexpr DataType Float32() { return DataType(TypeId::kFloat32); }
  static constexpr DataType Float64() { return DataType(TypeId::kFloat64); }
  static constexpr DataType String() { return DataType(TypeId::kString); }
  static constexpr DataType Binary() { return DataType(TypeId::kBinary); }
  static constexpr DataType Date() { return DataType(TypeId::kDate); }
  static constexpr DataType IntervalMonthDayNano() {
    return DataType(TypeId::kIntervalMonthDayNano);
  }
  static constexpr DataType Json() { return DataType(TypeId::kJson); }
  static constexpr DataType Timestamp(TimeUnit unit) {
    DataType t(TypeId::kTimestamp);
    t.unit_ = unit;
    return t;
  }
  static constexpr DataType TimestampSecond() { return Timestamp(TimeUnit::kSecond); }
  static constexpr DataType TimestampMillisecond() { return Timestamp(TimeUnit::kMillisecond); }
  static constexpr DataType TimestampMicrosecond() { return Timestamp(TimeUnit::kMicrosecond); }
  static constexpr DataType TimestampNanosecond() { return Timestamp(TimeUnit::kNanosecond); }

  // Precondition: 1 <= precision <= 38, 0 <= scale <= precision (a bug otherwise: GT_CHECK).
  // Use MakeDecimal128 for untrusted input.
  static DataType Decimal128(int precision, int scale);
  // Validating form; kInvalidArguments when the bounds above are violated.
  static Result<DataType> MakeDecimal128(int precision, int scale);
  // Precondition: 1 <= dim <= kMaxVectorDim. MakeVector validates instead.
  static DataType Vector(uint32_t dim);
  static Result<DataType> MakeVector(int64_t dim);

  // Parses a SQL type spelling of spec/sql.md §1, case-insensitively, blanks allowed around
  // parentheses and commas: "BIGINT UNSIGNED", "timestamp(6)", "DECIMAL(10, 2)", "VARCHAR(255)",
  // "VECTOR(3)". Errors: kUnsupported "Unsupported SQL type: <text>" for unknown spellings and
  // TIMESTAMP(p) with p not in {0,3,6,9}; kInvalidArguments for out-of-range DECIMAL / VECTOR
  // parameters.
  static Result<DataType> ParseSql(std::string_view text);
  // Inverse of Name() (exact, case-sensitive): "TimestampMillisecond", "Decimal(10, 2)",
  // "Vector(3)". For reading back persisted metadata. kInvalidArguments on unknown names.
  static Result<DataType> ParseName(std::string_view name);

  constexpr TypeId id() const { return id_; }
  // Decimal only (0 otherwise).
  constexpr int precision() const { return precision_; }
  constexpr int scale() const { return scale_; }
  // Timestamp only (kMillisecond otherwise; check is_timestamp() first).
  constexpr TimeUnit time_unit() const { return unit_; }
  // Vector only (0 otherwise).
  constexpr uint32_t vector_dim() const { return dim_; }

  // The name DESC prints: "Int64", "TimestampMillisecond", "Decimal(38, 10)", "Vector(3)".
  std::string Name() const;
  // The SQL name SHOW CREATE TABLE prints: "BIGINT UNSIGNED", "TIMESTAMP(3)", "DECIMAL(10,2)",
  // "STRING", "VARBINARY", "VECTOR(3)".
  std::string SqlName() const;
  // The lower-case MySQL-ish name of SHOW COLUMNS / information_schema: "bigint unsigned",
  // "timestamp(3)", "double", "string", "varbinary".
  std::string MysqlName() const;

  // Bytes per value of the fixed-width physical representation (Boolean 1, Decimal 16,
  // Timestamp 8, Interval 16, Vector 4*dim); 0 for Null and the variable-width String, Binary
  // and Json.
  size_t FixedWidth() const;
  bool is_fixed_width() const { return FixedWidth() != 0; }

  constexpr bool is_null() const { return id_ == TypeId::kNull; }
  constexpr bool is_boolean() const { return id_ == TypeId::kBoolean; }
  constexpr bool is_signed_integer() const { return id_ >= TypeId::kInt8 && id_ <= TypeId::kInt64; }
  constexpr bool is_unsigned_integer() const {
    return id_ >= TypeId::kUInt8 && id_ <= TypeId::kUInt64;
  }
  constexpr bool is_integer() const { return is_signed_integer() || is_unsigned_integer(); }
  constexpr bool is_float() const { return id_ == TypeId::kFloat32 || id_ == TypeId::kFloat64; }
  constexpr bool is_decimal() const { return id_ == TypeId::kDecimal128; }
  // Integers, floats and decimals.
  constexpr bool is_numeric() const { return is_integer() || is_float() || is_decimal(); }
  // Numeric types that can hold negative values (signed integers, floats, decimals).
  constexpr bool is_signed() const { return is_signed_integer() || is_float() || is_decimal(); }
  constexpr bool is_timestamp() const { return id_ == TypeId::kTimestamp; }
  constexpr bool is_date() const { return id_ == TypeId::kDate; }
  constexpr bool is_interval() const { return id_ == TypeId::kIntervalMonthDayNano; }
  constexpr bool is_string() const { return id_ == TypeId::kString; }
  constexpr bool is_binary() const { return id_ == TypeId::kBinary; }
  constexpr bool is_json() const { return id_ == TypeId::kJson; }
  constexpr bool is_vector() const { return id_ == TypeId::kVector; }
  // Types stored as variable-length bytes: String, Binary, Json.
  constexpr bool is_string_like() const { return is_string() || is_binary() || is_json(); }

  size_t Hash() const;
  constexpr bool operator==(const DataType&) const = default;

 private:
  constexpr explicit DataType(TypeId id) : id_(id) {}

  TypeId id_ = TypeId::kNull;
  uint8_t precision_ = 0;
  uint8_t scale_ = 0;
  TimeUnit unit_ = TimeUnit::kMillisecond;
  uint32_t dim_ = 0;
};

// "Int64" for TypeId::kInt64 (parameterised types print their family: "Decimal128",
// "Timestamp", "Vector").
std::string_view TypeIdName(TypeId id);

struct DataTypeHash {
  size_t operator()(const DataType& t) const { return t.Hash(); }
};

}  // namespace greptime::types
