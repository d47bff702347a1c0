// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Round trips of the mutation codec for every type, nulls, slices and empty batches, and its
// behaviour on truncated, flipped and hostile input.
#include "storage/wal/mutation_codec.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/testing.h"
#include "types/column.h"
#include "types/column_builder.h"
#include "types/schema.h"

namespace greptime::storage {
namespace {

using types::ColumnPtr;
using types::ColumnSchema;
using types::DataType;
using types::RecordBatch;
using types::Schema;
using types::SchemaPtr;
using types::SemanticType;
using types::Value;

ColumnSchema Col(std::string name, DataType type, bool nullable = true,
                 SemanticType semantic = SemanticType::kField) {
  ColumnSchema c;
  c.name = std::move(name);
  c.type = type;
  c.nullable = nullable;
  c.semantic_type = semantic;
  return c;
}

// One column of every type the types component supports, plus the time index and a tag.
SchemaPtr EveryTypeSchema() {
  std::vector<ColumnSchema> cols = {
      Col("host", DataType::String(), true, SemanticType::kTag),
      Col("ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp),
      Col("b", DataType::Boolean()),
      Col("i8", DataType::Int8()),
      Col("i16", DataType::Int16()),
      Col("i32", DataType::Int32()),
      Col("i64", DataType::Int64()),
      Col("u8", DataType::UInt8()),
      Col("u16", DataType::UInt16()),
      Col("u32", DataType::UInt32()),
      Col("u64", DataType::UInt64()),
      Col("f32", DataType::Float32()),
      Col("f64", DataType::Float64()),
      Col("dec", DataType::Decimal128(20, 3)),
      Col("bin", DataType::Binary()),
      Col("d", DataType::Date()),
      Col("ts_s", DataType::TimestampSecond()),
      Col("ts_us", DataType::TimestampMicrosecond()),
      Col("ts_ns", DataType::TimestampNanosecond()),
      Col("iv", DataType::IntervalMonthDayNano()),
      Col("j", DataType::Json()),
      Col("vec", DataType::Vector(3)),
      Col("n", DataType::Null()),
  };
  return std::make_shared<const Schema>(std::move(cols));
}

// Row r of the every-type schema; every 3rd row (and more in some columns) holds NULLs.
std::vector<Value> EveryTypeRow(int r) {
  bool null = r % 3 == 1;
  auto v = [&](Value value) { return null ? Value() : std::move(value); };
  return {
      r % 5 == 0 ? Value() : Value::String("host-" + std::to_string(r % 4)),
      Value::Timestamp(1700000000000 + r, TimeUnit::kMillisecond),
      v(Value::Boolean(r % 2 == 0)),
      v(Value::Int8(static_cast<int8_t>(-r))),
      v(Value::Int16(static_cast<int16_t>(r * 300))),
      v(Value::Int32(-r * 70000)),
      v(Value::Int64(int64_t{r} << 40)),
      v(Value::UInt8(static_cast<uint8_t>(r))),
      v(Value::UInt16(static_cast<uint16_t>(r * 500))),
      v(Value::UInt32(4000000000u - r)),
      v(Value::UInt64(std::numeric_limits<uint64_t>::max() - r)),
      v(Value::Float32(r * 0.5f)),
      v(Value::Float64(r == 0 ? -0.0 : r / 3.0)),
      v(Value::Decimal128(-(types::int128_t{r} << 70) / 7 % types::int128_t{100000000000000000},
                          20, 3)),
      v(Value::Binary(std::string("\0\xff", 2) + std::string(r, 'x'))),
      v(Value::Date(19000 + r)),
      v(Value::Timestamp(-r, TimeUnit::kSecond)),
      v(Value::Timestamp(r * 1000001, TimeUnit::kMicrosecond)),
      v(Value::Timestamp(r * 1000000001LL, TimeUnit::kNanosecond)),
      v(Value::Interval({r, -r, int64_t{r} * 3600000000000})),
      v(Value::Json("{\"k\":" + std::to_string(r) + "}")),
      v(Value::Vector({1.0f * r, -2.5f, std::numeric_limits<float>::infinity()})),
      Value(),
  };
}

RecordBatch MakeBatch(const SchemaPtr& schema, int rows, int first = 0) {
  std::vector<std::vector<Value>> data;
  for (int r = first; r < first + rows; ++r) data.push_back(EveryTypeRow(r));
  auto batch = RecordBatch::FromRows(schema, data);
  GT_CHECK(batch.ok());
  return *batch;
}

// Same schema (names, types, nullability, semantics, key order), rows and validity.
void ExpectBatchEq(const RecordBatch& expected, const RecordBatch& actual) {
  ASSERT_EQ(expected.schema() == nullptr, actual.schema() == nullptr);
  if (expected.schema() == nullptr) return;
  EXPECT_EQ(*expected.schema(), *actual.schema());
  ASSERT_EQ(expected.num_rows(), actual.num_rows());
  ASSERT_EQ(expected.num_columns(), actual.num_columns());
  for (size_t c = 0; c < expected.num_columns(); ++c) {
    const auto& e = *expected.column(c);
    const auto& a = *actual.column(c);
    EXPECT_EQ(e.type(), a.type()) << "column " << c;
    EXPECT_EQ(e.null_count(), a.null_count()) << "column " << c;
    EXPECT_TRUE(types::ColumnsEqual(e, a)) << "column " << expected.schema()->column(c).name;
    for (size_t r = 0; r < e.size(); ++r) ASSERT_EQ(e.IsNull(r), a.IsNull(r)) << c << "/" << r;
  }
}

std::vector<Mutation> RoundTrip(const std::vector<Mutation>& mutations) {
  std::string bytes = EncodeMutations(mutations);
  auto decoded = DecodeMutations(bytes);
  EXPECT_TRUE(decoded.ok()) << decoded.status().ToString();
  if (!decoded.ok()) return {};
  EXPECT_EQ(decoded->size(), mutations.size());
  for (size_t i = 0; i < mutations.size() && i < decoded->size(); ++i) {
    EXPECT_EQ((*decoded)[i].op_type, mutations[i].op_type);
    EXPECT_EQ((*decoded)[i].sequence, mutations[i].sequence);
    ExpectBatchEq(mutations[i].rows, (*decoded)[i].rows);
  }
  return std::move(*decoded);
}

TEST(MutationCodecTest, RoundTripsEveryTypeWithNulls) {
  SchemaPtr schema = EveryTypeSchema();
  RecordBatch batch = MakeBatch(schema, 37);
  std::vector<Mutation> decoded = RoundTrip({{OpType::kPut, 42, batch}});
  ASSERT_EQ(decoded.size(), 1u);
  // Parameters survive: decimal precision/scale, time units, vector dimension.
  const Schema& s = *decoded[0].rows.schema();
  EXPECT_EQ(s.FindColumn("dec")->type, DataType::Decimal128(20, 3));
  EXPECT_EQ(s.FindColumn("ts_us")->type, DataType::TimestampMicrosecond());
  EXPECT_EQ(s.FindColumn("vec")->type, DataType::Vector(3));
  EXPECT_FALSE(s.FindColumn("ts")->nullable);
  EXPECT_EQ(s.FindColumn("host")->semantic_type, SemanticType::kTag);
  EXPECT_EQ(decoded[0].rows.GetValue(4, 13), batch.GetValue(4, 13));
}

TEST(MutationCodecTest, RoundTripsEveryTypeWithoutNulls) {
  SchemaPtr schema = EveryTypeSchema();
  std::vector<std::vector<Value>> rows;
  for (int r = 0; r < 9; ++r) {
    std::vector<Value> row = EveryTypeRow(r * 3);  // r % 3 == 0: no NULLs but host/n
    row[0] = Value::String("h");
    rows.push_back(std::move(row));
  }
  ASSERT_OK_AND_ASSIGN(RecordBatch batch, RecordBatch::FromRows(schema, rows));
  RoundTrip({{OpType::kPut, 1, batch}});
}

TEST(MutationCodecTest, PreservesFloatBitsExactly) {
  auto schema = std::make_shared<const Schema>(std::vector<ColumnSchema>{
      Col("f64", DataType::Float64(), false), Col("f32", DataType::Float32(), false)});
  double nan_payload;
  uint64_t bits = 0x7ff8000000abcdefULL;
  std::memcpy(&nan_payload, &bits, sizeof(bits));
  std::vector<double> doubles = {-0.0, nan_payload, std::numeric_limits<double>::denorm_min()};
  std::vector<float> floats = {-0.0f, std::nanf("7"), -std::numeric_limits<float>::infinity()};
  ASSERT_OK_AND_ASSIGN(RecordBatch batch,
                       RecordBatch::Make(schema, {types::Float64Column::Make(
                                                      DataType::Float64(), doubles),
                                                  types::Float32Column::Make(
                                                      DataType::Float32(), floats)}));
  std::vector<Mutation> in = {{OpType::kPut, 0, batch}};
  ASSERT_OK_AND_ASSIGN(auto out, DecodeMutations(EncodeMutations(in)));
  auto d = out[0].rows.column(0)->As<types::Float64Column>()->values();
  auto f = out[0].rows.column(1)->As<types::Float32Column>()->values();
  EXPECT_EQ(std::memcmp(d.data(), doubles.data(), d.size_bytes()), 0);
  EXPECT_EQ(std::memcmp(f.data(), floats.data(), f.size_bytes()), 0);
}

TEST(MutationCodecTest, RoundTripsEmptyInputs) {
  // No mutations at all.
  ASSERT_OK_AND_ASSIGN(auto none, DecodeMutations(EncodeMutations({})));
  EXPECT_TRUE(none.empty());
  // A batch without rows, a batch without a schema, a schema without columns.
  SchemaPtr schema = EveryTypeSchema();
  auto no_columns = std::make_shared<const Schema>();
  std::vector<Mutation> decoded =
      RoundTrip({{OpType::kPut, 7, RecordBatch::MakeEmpty(schema)},
                 {OpType::kDelete, 8, RecordBatch()},
                 {OpType::kPut, 9, RecordBatch::MakeEmpty(no_columns)}});
  ASSERT_EQ(decoded.size(), 3u);
  EXPECT_EQ(decoded[0].rows.num_rows(), 0u);
  EXPECT_EQ(decoded[1].rows.schema(), nullptr);
  EXPECT_EQ(decoded[2].rows.num_columns(), 0u);
}

TEST(MutationCodecTest, RoundTripsSlicesAtUnalignedOffsets) {
  SchemaPtr schema = EveryTypeSchema();
  RecordBatch batch = MakeBatch(schema, 50);
  for (size_t offset : {1u, 3u, 8u, 13u}) {
    for (size_t length : {0u, 1u, 7u, 9u, 30u}) {
      SCOPED_TRACE(testing::Message() << "offset " << offset << " length " << length);
      RoundTrip({{OpType::kPut, offset, batch.Slice(offset, length)}});
    }
  }
}

TEST(MutationCodecTest, RoundTripsNullLayouts) {
  auto schema = std::make_shared<const Schema>(
      std::vector<ColumnSchema>{Col("a", DataType::Int64()), Col("b", DataType::String()),
                                Col("c", DataType::Float64()), Col("n", DataType::Null())});
  // A NullColumn standing in for a typed column, a typed column that is all NULL without a
  // bitmap, and a bitmap with every row NULL.
  ColumnPtr null_column = std::make_shared<const types::NullColumn>(5);
  ColumnPtr all_null = std::make_shared<const types::StringColumn>(
      DataType::String(), std::make_shared<const std::vector<uint32_t>>(6, 0),
      std::make_shared<const std::string>(), 0, types::Validity::AllNull(5));
  ColumnPtr bitmap_nulls = types::MakeConstantColumn(DataType::Float64(), Value(), 5);
  ASSERT_OK_AND_ASSIGN(RecordBatch batch,
                       RecordBatch::Make(schema, {null_column, all_null, bitmap_nulls,
                                                  std::make_shared<types::NullColumn>(5)}));
  std::vector<Mutation> decoded = RoundTrip({{OpType::kDelete, 3, batch}});
  ASSERT_EQ(decoded.size(), 1u);
  EXPECT_TRUE(decoded[0].rows.column(0)->type().is_null());
  EXPECT_EQ(decoded[0].rows.column(1)->null_count(), 5u);
}

TEST(MutationCodecTest, SharesRepeatedSchemaAndKeepsSequences) {
  SchemaPtr schema = EveryTypeSchema();
  RecordBatch a = MakeBatch(schema, 4);
  RecordBatch b = MakeBatch(schema, 6, 100);
  std::string one = EncodeMutations(std::vector<Mutation>{{OpType::kPut, 1, a}});
  std::string two =
      EncodeMutations(std::vector<Mutation>{{OpType::kPut, 1, a}, {OpType::kPut, 5, a}});
  // The schema (23 columns, > 100 bytes) is written once.
  EXPECT_LT(two.size(), 2 * one.size() - 100);
  std::vector<Mutation> in = {{OpType::kPut, 0, a},
                              {OpType::kDelete, 4, b},
                              {OpType::kPut, std::numeric_limits<uint64_t>::max() - 5, a}};
  std::vector<Mutation> decoded = RoundTrip(in);
  ASSERT_EQ(decoded.size(), 3u);
  EXPECT_EQ(decoded[0].rows.schema(), decoded[2].rows.schema());
}

TEST(MutationCodecTest, KeepsPrimaryKeyOrder) {
  std::vector<ColumnSchema> cols = {Col("a", DataType::String(), true, SemanticType::kTag),
                                    Col("b", DataType::String(), true, SemanticType::kTag),
                                    Col("ts", DataType::TimestampMillisecond(), false,
                                        SemanticType::kTimestamp)};
  ASSERT_OK_AND_ASSIGN(Schema schema, Schema::WithPrimaryKey(cols, {"b", "a"}));
  auto ptr = std::make_shared<const Schema>(std::move(schema));
  ASSERT_OK_AND_ASSIGN(RecordBatch batch,
                       RecordBatch::FromRows(ptr, {{Value::String("x"), Value::String("y"),
                                                    Value::Timestamp(1, TimeUnit::kMillisecond)}}));
  std::vector<Mutation> decoded = RoundTrip({{OpType::kPut, 0, batch}});
  ASSERT_EQ(decoded.size(), 1u);
  EXPECT_EQ(decoded[0].rows.schema()->primary_key_indices(), (std::vector<size_t>{1, 0}));
}

TEST(MutationCodecTest, RoundTripsLargeStrings) {
  auto schema = std::make_shared<const Schema>(
      std::vector<ColumnSchema>{Col("s", DataType::String(), false)});
  std::vector<std::vector<Value>> rows;
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string s(rng() % 5000, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    rows.push_back({Value::String(std::move(s))});
  }
  ASSERT_OK_AND_ASSIGN(RecordBatch batch, RecordBatch::FromRows(schema, rows));
  RoundTrip({{OpType::kPut, 0, batch}});
}

// ---------------------------------------------------------------------------------------------
// Hostile input
// ---------------------------------------------------------------------------------------------

std::string SampleEncoding() {
  SchemaPtr schema = EveryTypeSchema();
  return EncodeMutations(std::vector<Mutation>{{OpType::kPut, 5, MakeBatch(schema, 11)},
                                               {OpType::kDelete, 16, MakeBatch(schema, 2)}});
}

TEST(MutationCodecTest, RejectsEveryTruncation) {
  std::string bytes = SampleEncoding();
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto decoded = DecodeMutations(std::string_view(bytes).substr(0, n));
    ASSERT_FALSE(decoded.ok()) << "prefix of " << n << " bytes decoded";
    ASSERT_EQ(decoded.status().code(), StatusCode::kStorageUnavailable);
    ASSERT_NE(decoded.status().message().find("corrupt mutation payload"), std::string::npos);
  }
}

TEST(MutationCodecTest, RejectsTrailingBytesAndUnknownVersion) {
  std::string bytes = SampleEncoding();
  ASSERT_STATUS_CODE(DecodeMutations(bytes + "x"), StatusCode::kStorageUnavailable);
  bytes[0] = 9;
  auto decoded = DecodeMutations(bytes);
  ASSERT_STATUS_CODE(decoded, StatusCode::kStorageUnavailable);
  EXPECT_NE(decoded.status().message().find("version 9"), std::string::npos);
}

TEST(MutationCodecTest, SurvivesRandomByteFlips) {
  std::string original = SampleEncoding();
  std::mt19937 rng(1234);
  int failures = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string bytes = original;
    int flips = 1 + rng() % 4;
    for (int f = 0; f < flips; ++f) bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
    auto decoded = DecodeMutations(bytes);  // must not crash, hang or over-allocate
    if (!decoded.ok()) {
      ++failures;
      ASSERT_EQ(decoded.status().code(), StatusCode::kStorageUnavailable);
    }
  }
  EXPECT_GT(failures, 0);
}

TEST(MutationCodecTest, RejectsHugeCountsWithoutAllocating) {
  auto varint = [](uint64_t v) {
    std::string s;
    while (v >= 0x80) {
      s.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    s.push_back(static_cast<char>(v));
    return s;
  };
  // version 1, 2^60 mutations.
  ASSERT_STATUS_CODE(DecodeMutations("\x01" + varint(uint64_t{1} << 60)),
                     StatusCode::kStorageUnavailable);
  // One put whose inline schema claims 2^50 columns.
  std::string head = std::string("\x01\x01\x01\x00\x01", 5);
  ASSERT_STATUS_CODE(DecodeMutations(head + varint(uint64_t{1} << 50)),
                     StatusCode::kStorageUnavailable);
  // One Int64 column and 2^31 rows, with 8 bytes of values.
  std::string one_col = head + varint(1) + varint(1) + "a" +
                        std::string("\x05\x01\x01", 3) + varint(0);
  ASSERT_STATUS_CODE(DecodeMutations(one_col + varint(uint64_t{1} << 31) + std::string(9, '\0')),
                     StatusCode::kStorageUnavailable);
  // Sanity: the same bytes with one row decode.
  ASSERT_OK(DecodeMutations(one_col + varint(1) + std::string(9, '\0')));
  // An overlong varint.
  ASSERT_STATUS_CODE(DecodeMutations("\x01" + std::string(11, '\xff')),
                     StatusCode::kStorageUnavailable);
  // A schema reference with no schema before it.
  ASSERT_STATUS_CODE(DecodeMutations(std::string("\x01\x01\x01\x00\x02\x00", 6)),
                     StatusCode::kStorageUnavailable);
}

TEST(MutationCodecTest, RejectsInvalidStringOffsets) {
  auto schema = std::make_shared<const Schema>(
      std::vector<ColumnSchema>{Col("s", DataType::String(), false)});
  ASSERT_OK_AND_ASSIGN(RecordBatch batch,
                       RecordBatch::FromRows(schema, {{Value::String("abc")},
                                                      {Value::String("de")}}));
  std::string bytes = EncodeMutations(std::vector<Mutation>{{OpType::kPut, 0, batch}});
  // Layout tail: offsets 0,3,5 (12 bytes) then "abcde".
  size_t offsets_at = bytes.size() - 5 - 12;
  uint32_t offsets[3];
  std::memcpy(offsets, bytes.data() + offsets_at, sizeof(offsets));
  ASSERT_EQ(offsets[1], 3u);
  std::string decreasing = bytes;
  uint32_t bad = 6;
  std::memcpy(decreasing.data() + offsets_at + 4, &bad, 4);
  ASSERT_STATUS_CODE(DecodeMutations(decreasing), StatusCode::kStorageUnavailable);
  std::string nonzero_first = bytes;
  uint32_t one = 1;
  std::memcpy(nonzero_first.data() + offsets_at, &one, 4);
  ASSERT_STATUS_CODE(DecodeMutations(nonzero_first), StatusCode::kStorageUnavailable);
}

TEST(MutationCodecTest, RejectsNullsInNotNullColumn) {
  auto schema = std::make_shared<const Schema>(
      std::vector<ColumnSchema>{Col("v", DataType::Int32(), true)});
  ASSERT_OK_AND_ASSIGN(RecordBatch batch,
                       RecordBatch::FromRows(schema, {{Value()}, {Value::Int32(1)}}));
  std::string bytes = EncodeMutations(std::vector<Mutation>{{OpType::kPut, 0, batch}});
  // Clear the nullable flag of the column: version, count, op, seq, tag, ncols, len, "v", type.
  size_t flags_at = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1;
  ASSERT_EQ(bytes[flags_at], 1);
  bytes[flags_at] = 0;
  ASSERT_STATUS_CODE(DecodeMutations(bytes), StatusCode::kStorageUnavailable);
}

}  // namespace
}  // namespace greptime::storage
