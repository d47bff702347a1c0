// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Test helpers of the SST tests: random values of every type (biased to edge cases) and
// bit-exact comparison of values and columns (floats by bit pattern, unlike Value::operator==).
// Test code only.
#pragma once

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "types/column.h"
#include "types/column_builder.h"
#include "types/value.h"

namespace greptime::storage::sst::testing {

inline bool ValuesBitEqual(const types::Value& a, const types::Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (a.type() != b.type()) return false;
  switch (a.type().id()) {
    case types::TypeId::kFloat32:
      return std::bit_cast<uint32_t>(a.AsFloat32()) == std::bit_cast<uint32_t>(b.AsFloat32());
    case types::TypeId::kFloat64:
      return std::bit_cast<uint64_t>(a.AsFloat64()) == std::bit_cast<uint64_t>(b.AsFloat64());
    case types::TypeId::kVector: {
      const auto& x = a.AsVector();
      const auto& y = b.AsVector();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (std::bit_cast<uint32_t>(x[i]) != std::bit_cast<uint32_t>(y[i])) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

// Empty string when equal, else a description of the first difference.
inline std::string DiffColumns(const types::Column& expected, const types::Column& actual) {
  if (expected.type() != actual.type()) {
    return "type " + actual.type().Name() + " != " + expected.type().Name();
  }
  if (expected.size() != actual.size()) {
    return "size " + std::to_string(actual.size()) + " != " + std::to_string(expected.size());
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    if (!ValuesBitEqual(expected.GetValue(i), actual.GetValue(i))) {
      return "row " + std::to_string(i) + ": " + actual.GetValue(i).ToString() +
             " != " + expected.GetValue(i).ToString();
    }
  }
  return "";
}

class RandomValues {
 public:
  explicit RandomValues(uint32_t seed) : rng_(seed) {}

  std::mt19937& rng() { return rng_; }
  uint32_t Pick(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng_); }

  int64_t Int() {
    static constexpr int64_t kEdges[] = {0,
                                         1,
                                         -1,
                                         127,
                                         -128,
                                         255,
                                         std::numeric_limits<int32_t>::min(),
                                         std::numeric_limits<int32_t>::max(),
                                         std::numeric_limits<int64_t>::min(),
                                         std::numeric_limits<int64_t>::max()};
    if (Pick(4) == 0) return kEdges[Pick(std::size(kEdges))];
    return static_cast<int64_t>(rng_()) - (1 << 30);
  }

  double Double() {
    static const double kEdges[] = {0.0,
                                    -0.0,
                                    1.5,
                                    std::numeric_limits<double>::infinity(),
                                    -std::numeric_limits<double>::infinity(),
                                    std::numeric_limits<double>::quiet_NaN(),
                                    -std::numeric_limits<double>::quiet_NaN(),
                                    std::bit_cast<double>(uint64_t{0x7FF0000000000123}),  // sNaN
                                    std::numeric_limits<double>::denorm_min(),
                                    std::numeric_limits<double>::max(),
                                    std::numeric_limits<double>::lowest()};
    if (Pick(6) == 0) return kEdges[Pick(std::size(kEdges))];
    if (Pick(2) == 0)
      return std::round(std::uniform_real_distribution<double>(-100, 100)(rng_) * 100) / 100;
    return std::uniform_real_distribution<double>(-1e6, 1e6)(rng_);
  }

  std::string Bytes(size_t max_length = 12) {
    static constexpr char kAlphabet[] = {'\0', 'a', 'b', 'c', '\xff', 'z'};
    std::string s(Pick(static_cast<uint32_t>(max_length) + 1), '\0');
    for (char& c : s) c = kAlphabet[Pick(std::size(kAlphabet))];
    return s;
  }

  // A random non-null value of `type`.
  types::Value Make(const types::DataType& type) {
    using types::TypeId;
    using types::Value;
    switch (type.id()) {
      case TypeId::kBoolean:
        return Value::Boolean(Pick(2) == 1);
      case TypeId::kInt8:
        return Value::Int8(static_cast<int8_t>(Int()));
      case TypeId::kInt16:
        return Value::Int16(static_cast<int16_t>(Int()));
      case TypeId::kInt32:
        return Value::Int32(static_cast<int32_t>(Int()));
      case TypeId::kInt64:
        return Value::Int64(Int());
      case TypeId::kUInt8:
        return Value::UInt8(static_cast<uint8_t>(Int()));
      case TypeId::kUInt16:
        return Value::UInt16(static_cast<uint16_t>(Int()));
      case TypeId::kUInt32:
        return Value::UInt32(static_cast<uint32_t>(Int()));
      case TypeId::kUInt64:
        return Value::UInt64(static_cast<uint64_t>(Int()));
      case TypeId::kFloat32:
        return Value::Float32(static_cast<float>(Double()));
      case TypeId::kFloat64:
        return Value::Float64(Double());
      case TypeId::kDecimal128: {
        types::int128_t v = static_cast<types::int128_t>(Int()) * Int();
        return Value::Decimal128(v, type.precision(), type.scale());
      }
      case TypeId::kString:
        return Value::String(Bytes());
      case TypeId::kBinary:
        return Value::Binary(Bytes());
      case TypeId::kJson:
        return Value::Json(Pick(2) ? "{\"a\":1}" : "[1,2,3]");
      case TypeId::kDate:
        return Value::Date(static_cast<int32_t>(Int()));
      case TypeId::kTimestamp:
        return Value::Timestamp(Int(), type.time_unit());
      case TypeId::kIntervalMonthDayNano:
        return Value::Interval({static_cast<int32_t>(Int()), static_cast<int32_t>(Int()), Int()});
      case TypeId::kVector: {
        std::vector<float> v(type.vector_dim());
        for (float& f : v) f = static_cast<float>(Double());
        return Value::Vector(std::move(v));
      }
      case TypeId::kNull:
        return Value::Null();
    }
    return Value::Null();
  }

  // A column of `n` random values with about `null_percent`% nulls.
  types::ColumnPtr Column(const types::DataType& type, size_t n, uint32_t null_percent) {
    auto builder = types::MakeColumnBuilder(type, n);
    for (size_t i = 0; i < n; ++i) {
      if (type.is_null() || Pick(100) < null_percent) {
        builder->AppendNull();
      } else {
        EXPECT_TRUE(builder->Append(Make(type)).ok());
      }
    }
    return builder->Finish();
  }

 private:
  std::mt19937 rng_;
};

// Every type the SST stores.
inline std::vector<types::DataType> AllTypes() {
  using types::DataType;
  return {DataType::Boolean(),
          DataType::Int8(),
          DataType::Int16(),
          DataType::Int32(),
          DataType::Int64(),
          DataType::UInt8(),
          DataType::UInt16(),
          DataType::UInt32(),
          DataType::UInt64(),
          DataType::Float32(),
          DataType::Float64(),
          DataType::Decimal128(20, 3),
          DataType::String(),
          DataType::Binary(),
          DataType::Date(),
          DataType::TimestampNanosecond(),
          DataType::IntervalMonthDayNano(),
          DataType::Json(),
          DataType::Vector(3),
          DataType::Null()};
}

}  // namespace greptime::storage::sst::testing
