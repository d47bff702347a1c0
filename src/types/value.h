// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Value: one scalar of any DataType (or NULL) with ordering, hashing, the sqlness text
// rendering (spec/sql.md §0.3) and casts between types (spec/sql.md §2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "types/data_type.h"
#include "types/number_format.h"

namespace greptime::types {

// Arrow's IntervalMonthDayNano: calendar months, days and nanoseconds, each signed and kept
// apart (a month is not a fixed number of days).
struct IntervalMonthDayNano {
  int32_t months = 0;
  int32_t days = 0;
  int64_t nanoseconds = 0;

  auto operator<=>(const IntervalMonthDayNano&) const = default;
};

// "14 mons 3 days 4 hours 5 mins 6.000100000 secs", "-55 mins", "18 mons"; zero prints as "".
std::string FormatInterval(const IntervalMonthDayNano& v);

// Validates JSON text and returns its compact form (insignificant blanks removed, members kept
// in order). kInvalidArguments "Invalid JSON text: ..." on malformed input.
Result<std::string> NormalizeJson(std::string_view text);

// Parses a vector literal "[1.0, 2, -3e2]" (blanks allowed). kInvalidArguments when malformed
// or empty.
Result<std::vector<float>> ParseVectorText(std::string_view text);

// A tagged scalar. NULL is untyped (type() is DataType::Null()). String, Binary and Json hold
// bytes in a std::string; decimals hold the unscaled 128-bit integer with precision/scale in
// type(); timestamps hold the raw int64 in the unit of type(); dates days since the epoch.
//
// Ordering (Compare): NULL sorts first; values of different types order by type (id, then
// parameters) so that the order is total; within a type by value. Floats order NaN above +inf,
// all NaNs equal, -0.0 equal to 0.0 (equality and Hash agree with this).
class Value {
 public:
  Value() = default;  // NULL

  static Value Null() { return Value(); }
  static Value Boolean(bool v) { return Value(DataType::Boolean(), v); }
  static Value Int8(int8_t v) { return Value(DataType::Int8(), v); }
  static Value Int16(int16_t v) { return Value(DataType::Int16(), v); }
  static Value Int32(int32_t v) { return Value(DataType::Int32(), v); }
  static Value Int64(int64_t v) { return Value(DataType::Int64(), v); }
  static Value UInt8(uint8_t v) { return Value(DataType::UInt8(), v); }
  static Value UInt16(uint16_t v) { return Value(DataType::UInt16(), v); }
  static Value UInt32(uint32_t v) { return Value(DataType::UInt32(), v); }
  static Value UInt64(uint64_t v) { return Value(DataType::UInt64(), v); }
  static Value Float32(float v) { return Value(DataType::Float32(), v); }
  static Value Float64(double v) { return Value(DataType::Float64(), v); }
  // Precondition: valid precision/scale (GT_CHECK). The value itself is not range-checked;
  // use CastTo or DecimalFitsPrecision for untrusted input.
  static Value Decimal128(int128_t unscaled, int precision, int scale) {
    return Value(DataType::Decimal128(precision, scale), unscaled);
  }
  static Value String(std::string v) { return Value(DataType::String(), std::move(v)); }
  static Value Binary(std::string bytes) { return Value(DataType::Binary(), std::move(bytes)); }
  // Stores the text as given; ToString prints its compact form.
  static Value Json(std::string text) { return Value(DataType::Json(), std::move(text)); }
  static Value Date(int32_t days_since_epoch) { return Value(DataType::Date(), days_since_epoch); }
  static Value Timestamp(int64_t value, TimeUnit unit) {
    return Value(DataType::Timestamp(unit), value);
  }
  static Value Timestamp(greptime::Timestamp ts) { return Timestamp(ts.value, ts.unit); }
  static Value Interval(IntervalMonthDayNano v) {
    return Value(DataType::IntervalMonthDayNano(), v);
  }
  // Precondition: 1 <= v.size() <= DataType::kMaxVectorDim.
  static Value Vector(std::vector<float> v);

  const DataType& type() const { return type_; }
  bool is_null() const { return type_.is_null(); }

  // Typed accessors. Precondition: type() is of the named family (a bug otherwise: aborts).
  bool AsBoolean() const { return Get<bool>(); }
  int8_t AsInt8() const { return Get<int8_t>(); }
  int16_t AsInt16() const { return Get<int16_t>(); }
  int32_t AsInt32() const { return Get<int32_t>(); }
  int64_t AsInt64() const { return Get<int64_t>(); }
  uint8_t AsUInt8() const { return Get<uint8_t>(); }
  uint16_t AsUInt16() const { return Get<uint16_t>(); }
  uint32_t AsUInt32() const { return Get<uint32_t>(); }
  uint64_t AsUInt64() const { return Get<uint64_t>(); }
  float AsFloat32() const { return Get<float>(); }
  double AsFloat64() const { return Get<double>(); }
  int128_t AsDecimal128() const { return Get<int128_t>(); }
  // String, Binary and Json bytes.
  const std::string& AsBytes() const { return Get<std::string>(); }
  int32_t AsDate() const { return Get<int32_t>(); }
  greptime::Timestamp AsTimestamp() const {
    return greptime::Timestamp{Get<int64_t>(), type_.time_unit()};
  }
  const IntervalMonthDayNano& AsInterval() const { return Get<IntervalMonthDayNano>(); }
  const std::vector<float>& AsVector() const { return Get<std::vector<float>>(); }

  // Exact conversions for arithmetic and comparisons across numeric types; nullopt when the
  // value is not of a fitting type or does not fit. ToInt64: integers, dates, timestamps (raw),
  // booleans. ToFloat64: all numerics (decimals divided by 10^scale).
  std::optional<int64_t> ToInt64() const;
  std::optional<double> ToFloat64() const;

  // The sqlness grid text (spec/sql.md §0.3): "1024.0", "0.10", "2022-11-03T03:39:57.450",
  // "18 mons", lower-case hex for Binary, compact JSON, "[1,2,3]". NULL renders as "NULL"
  // (the grid itself prints NULL as an empty cell).
  std::string ToString() const;
  // GreptimeDB's Value display, used for column defaults (DESC `Default`, SHOW CREATE TABLE):
  // floats without ".0" ("0", "1.5"), timestamps "2024-01-30 00:00:00+0000", strings raw.
  std::string ToDisplayString() const;

  // Converts to `target` (CAST semantics of spec/sql.md §2). NULL casts to NULL. Errors use
  // kEngineExecuteQuery with Arrow's wording: "Cast error: value of 128 is out of range Int8",
  // "Cast error: Can't cast value 200 to type Int8", "Cast error: Cannot cast string 'abc' to
  // value of Int32 type", "Invalid argument error: 100.0 is too large to store in a Decimal128
  // of precision 3. Max is 99.9"; kUnsupported for conversions that do not exist.
  // Offset-less timestamp strings are read in `zone` (UTC by default).
  Result<Value> CastTo(const DataType& target) const;
  Result<Value> CastTo(const DataType& target, const TimeZone& zone) const;

  // <0, 0, >0. See the class comment for the order.
  int Compare(const Value& other) const;
  bool operator==(const Value& other) const { return Compare(other) == 0; }
  bool operator<(const Value& other) const { return Compare(other) < 0; }
  size_t Hash() const;

 private:
  using Payload = std::variant<std::monostate, bool, int8_t, int16_t, int32_t, int64_t, uint8_t,
                               uint16_t, uint32_t, uint64_t, float, double, int128_t,
                               IntervalMonthDayNano, std::string, std::vector<float>>;

  template <typename T>
  Value(DataType type, T payload)
      : type_(type), payload_(std::in_place_type<T>, std::move(payload)) {}

  template <typename T>
  const T& Get() const {
    const T* p = std::get_if<T>(&payload_);
    GT_CHECK(p != nullptr);
    return *p;
  }

  DataType type_;
  Payload payload_;
};

struct ValueHash {
  size_t operator()(const Value& v) const { return v.Hash(); }
};

}  // namespace greptime::types
