// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/pk_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "common/testing.h"

namespace greptime::storage {
namespace {

using types::DataType;
using types::Value;

std::string Encode(const PrimaryKeyCodec& codec, const std::vector<Value>& values) {
  std::string out;
  Status s = codec.Encode(values, &out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

int Sign(int v) { return (v > 0) - (v < 0); }

int CompareTuples(const std::vector<Value>& a, const std::vector<Value>& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (int c = a[i].Compare(b[i])) return c;
  }
  return 0;
}

int CompareBytes(const std::string& a, const std::string& b) {
  return Sign(std::string_view(a).compare(b));
}

// Random values biased towards edge cases.
class ValueGenerator {
 public:
  explicit ValueGenerator(uint32_t seed) : rng_(seed) {}

  Value Make(const DataType& type) {
    if (Pick(8) == 0) return Value::Null();
    switch (type.id()) {
      case types::TypeId::kBoolean:
        return Value::Boolean(Pick(2) == 1);
      case types::TypeId::kInt8:
        return Value::Int8(static_cast<int8_t>(Int()));
      case types::TypeId::kInt16:
        return Value::Int16(static_cast<int16_t>(Int()));
      case types::TypeId::kInt32:
        return Value::Int32(static_cast<int32_t>(Int()));
      case types::TypeId::kInt64:
        return Value::Int64(Int());
      case types::TypeId::kUInt8:
        return Value::UInt8(static_cast<uint8_t>(Int()));
      case types::TypeId::kUInt32:
        return Value::UInt32(static_cast<uint32_t>(Int()));
      case types::TypeId::kUInt64:
        return Value::UInt64(static_cast<uint64_t>(Int()));
      case types::TypeId::kFloat32:
        return Value::Float32(static_cast<float>(Double()));
      case types::TypeId::kFloat64:
        return Value::Float64(Double());
      case types::TypeId::kDecimal128:
        return Value::Decimal128(static_cast<types::int128_t>(Int()) * 1000003, 38, 4);
      case types::TypeId::kString:
        return Value::String(Bytes());
      case types::TypeId::kBinary:
        return Value::Binary(Bytes());
      case types::TypeId::kDate:
        return Value::Date(static_cast<int32_t>(Int()));
      case types::TypeId::kTimestamp:
        return Value::Timestamp(Int(), type.time_unit());
      default:
        ADD_FAILURE() << "no generator for " << type.Name();
        return Value::Null();
    }
  }

 private:
  uint32_t Pick(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng_); }
  int64_t Int() {
    static constexpr int64_t kEdges[] = {0,
                                         1,
                                         -1,
                                         127,
                                         -128,
                                         255,
                                         32767,
                                         -32768,
                                         std::numeric_limits<int32_t>::min(),
                                         std::numeric_limits<int32_t>::max(),
                                         std::numeric_limits<int64_t>::min(),
                                         std::numeric_limits<int64_t>::max()};
    if (Pick(3) == 0) return kEdges[Pick(std::size(kEdges))];
    return static_cast<int64_t>(rng_()) * (Pick(2) ? 1 : -1) * (Pick(2) ? 1 : 1 << 20);
  }
  double Double() {
    static constexpr double kEdges[] = {0.0,
                                        -0.0,
                                        1.0,
                                        -1.0,
                                        std::numeric_limits<double>::infinity(),
                                        -std::numeric_limits<double>::infinity(),
                                        std::numeric_limits<double>::quiet_NaN(),
                                        -std::numeric_limits<double>::quiet_NaN(),
                                        std::numeric_limits<double>::denorm_min(),
                                        -std::numeric_limits<double>::denorm_min(),
                                        std::numeric_limits<double>::max(),
                                        std::numeric_limits<double>::lowest()};
    if (Pick(3) == 0) return kEdges[Pick(std::size(kEdges))];
    return std::uniform_real_distribution<double>(-1e6, 1e6)(rng_);
  }
  std::string Bytes() {
    // Small alphabet with 0x00, 0x01 and 0xFF so that escapes and prefixes collide often.
    static constexpr char kAlphabet[] = {'\0', '\x01', 'a', 'b', '\xff', '\xfe'};
    std::string s(Pick(5), '\0');
    for (char& c : s) c = kAlphabet[Pick(std::size(kAlphabet))];
    return s;
  }

  std::mt19937 rng_;
};

TEST(PrimaryKeyCodecTest, ByteOrderMatchesValueOrderOnRandomTuples) {
  const std::vector<DataType> types = {
      DataType::String(),  DataType::Int32(),           DataType::Float64(),
      DataType::Boolean(), DataType::UInt64(),          DataType::Int8(),
      DataType::Float32(), DataType::Binary(),          DataType::Int64(),
      DataType::Date(),    DataType::Decimal128(38, 4), DataType::TimestampNanosecond(),
      DataType::UInt8(),   DataType::Int16(),           DataType::UInt32()};
  // Keys of one or two columns make ties on the first column frequent.
  for (size_t width : {size_t{1}, size_t{2}}) {
    for (size_t first = 0; first + width <= types.size(); ++first) {
      std::vector<DataType> key_types(types.begin() + first, types.begin() + first + width);
      PrimaryKeyCodec codec(key_types);
      ValueGenerator gen(static_cast<uint32_t>(first * 10 + width));
      std::vector<std::pair<std::vector<Value>, std::string>> rows;
      for (int i = 0; i < 300; ++i) {
        std::vector<Value> values;
        for (const DataType& t : key_types) values.push_back(gen.Make(t));
        rows.emplace_back(values, Encode(codec, values));
      }
      for (size_t i = 0; i < rows.size(); ++i) {
        for (size_t j = 0; j < rows.size(); j += 7) {
          ASSERT_EQ(CompareTuples(rows[i].first, rows[j].first),
                    CompareBytes(rows[i].second, rows[j].second))
              << "types from " << key_types[0].Name() << " rows " << i << ", " << j;
        }
        ASSERT_OK_AND_ASSIGN(std::vector<Value> decoded, codec.Decode(rows[i].second));
        ASSERT_EQ(CompareTuples(decoded, rows[i].first), 0)
            << decoded[0].ToString() << " vs " << rows[i].first[0].ToString() << " of "
            << key_types[0].Name();
        // Decoding then encoding again gives the same key (canonical floats included).
        ASSERT_EQ(Encode(codec, decoded), rows[i].second);
      }
    }
  }
}

TEST(PrimaryKeyCodecTest, NullsSortFirst) {
  PrimaryKeyCodec codec({DataType::Int64(), DataType::String()});
  std::string null_key = Encode(codec, {Value::Null(), Value::String("z")});
  std::string min_key =
      Encode(codec, {Value::Int64(std::numeric_limits<int64_t>::min()), Value::Null()});
  EXPECT_LT(null_key, min_key);
  EXPECT_LT(Encode(codec, {Value::Int64(0), Value::Null()}),
            Encode(codec, {Value::Int64(0), Value::String("")}));
}

TEST(PrimaryKeyCodecTest, StringEscapingPreservesOrderAndRoundTrips) {
  PrimaryKeyCodec codec({DataType::String(), DataType::String()});
  const std::vector<std::string> strings = {"",
                                            std::string(1, '\0'),
                                            std::string(2, '\0'),
                                            std::string("\0\x01", 2),
                                            "\x01",
                                            "a",
                                            std::string("a\0", 2),
                                            "a\x01",
                                            "ab",
                                            "\xff",
                                            "\xff\xff"};
  // `strings` is sorted; with any second column the order must hold.
  for (size_t i = 0; i < strings.size(); ++i) {
    for (size_t j = 0; j < strings.size(); ++j) {
      std::string a = Encode(codec, {Value::String(strings[i]), Value::String("\xff")});
      std::string b = Encode(codec, {Value::String(strings[j]), Value::String("")});
      EXPECT_EQ(Sign(static_cast<int>(i) - static_cast<int>(j)) < 0, a < b) << i << " vs " << j;
    }
    ASSERT_OK_AND_ASSIGN(auto decoded,
                         codec.Decode(Encode(codec, {Value::String(strings[i]), Value::Null()})));
    EXPECT_EQ(decoded[0].AsBytes(), strings[i]);
    EXPECT_TRUE(decoded[1].is_null());
  }
}

TEST(PrimaryKeyCodecTest, FloatsAreCanonicalised) {
  PrimaryKeyCodec codec({DataType::Float64()});
  EXPECT_EQ(Encode(codec, {Value::Float64(-0.0)}), Encode(codec, {Value::Float64(0.0)}));
  EXPECT_EQ(Encode(codec, {Value::Float64(std::nan("1"))}),
            Encode(codec, {Value::Float64(-std::numeric_limits<double>::quiet_NaN())}));
  EXPECT_LT(Encode(codec, {Value::Float64(std::numeric_limits<double>::infinity())}),
            Encode(codec, {Value::Float64(std::nan(""))}));
  EXPECT_LT(Encode(codec, {Value::Float64(-std::numeric_limits<double>::infinity())}),
            Encode(codec, {Value::Float64(std::numeric_limits<double>::lowest())}));
}

TEST(PrimaryKeyCodecTest, FixedWidthLayout) {
  PrimaryKeyCodec codec({DataType::Int32(), DataType::UInt16(), DataType::Boolean()});
  std::string key = Encode(codec, {Value::Int32(-2), Value::UInt16(0x1234), Value::Boolean(true)});
  EXPECT_EQ(key, std::string("\x01\x7f\xff\xff\xfe\x01\x12\x34\x01\x01", 10));
}

TEST(PrimaryKeyCodecTest, RejectsTypeMismatchWithoutTouchingOutput) {
  PrimaryKeyCodec codec({DataType::Int32(), DataType::String()});
  std::string out = "keep";
  ASSERT_STATUS_CODE(codec.Encode({Value::Int32(1), Value::Int32(2)}, &out),
                     StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(codec.Encode({Value::Int32(1)}, &out), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(
      codec.Encode({Value::Timestamp(1, TimeUnit::kMillisecond), Value::Null()}, &out),
      StatusCode::kInvalidArguments);
  EXPECT_EQ(out, "keep");
}

TEST(PrimaryKeyCodecTest, CorruptKeysFail) {
  PrimaryKeyCodec codec({DataType::Int32(), DataType::String()});
  std::string key = Encode(codec, {Value::Int32(7), Value::String("abc")});
  for (size_t n = 0; n < key.size(); ++n) {
    ASSERT_STATUS_CODE(codec.Decode(key.substr(0, n)), StatusCode::kStorageUnavailable);
  }
  ASSERT_STATUS_CODE(codec.Decode(key + "x"), StatusCode::kStorageUnavailable);
  std::string bad_marker = key;
  bad_marker[0] = '\x02';
  ASSERT_STATUS_CODE(codec.Decode(bad_marker), StatusCode::kStorageUnavailable);
  std::string bad_escape = key;
  bad_escape[bad_escape.size() - 1] = '\x05';  // 0x00 followed by neither 0x01 nor 0xFF
  ASSERT_STATUS_CODE(codec.Decode(bad_escape), StatusCode::kStorageUnavailable);
}

TEST(PrimaryKeyCodecTest, EmptyKeyForTablesWithoutTags) {
  PrimaryKeyCodec codec({});
  EXPECT_EQ(Encode(codec, {}), "");
  ASSERT_OK_AND_ASSIGN(auto values, codec.Decode(""));
  EXPECT_TRUE(values.empty());
}

TEST(PrimaryKeyCodecTest, ColumnWiseAppendMatchesEncode) {
  PrimaryKeyCodec codec({DataType::String(), DataType::String(), DataType::String()});
  const std::vector<std::string> samples = {"", "host_1", std::string("a\0b\0", 4),
                                            std::string(3, '\0'), "\xff\x01"};
  for (const std::string& a : samples) {
    for (const std::string& b : samples) {
      std::string key;
      PrimaryKeyCodec::AppendBytes(a, &key);
      PrimaryKeyCodec::AppendNull(&key);
      PrimaryKeyCodec::AppendBytes(b, &key);
      EXPECT_EQ(key, Encode(codec, {Value::String(a), Value(), Value::String(b)}));
    }
  }
}

}  // namespace
}  // namespace greptime::storage
