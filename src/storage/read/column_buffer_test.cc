// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/read/column_buffer.h"

#include <gtest/gtest.h>

#include "common/testing.h"
#include "storage/read/column_ops.h"
#include "storage/read/read_test_util.h"
#include "types/column_builder.h"

namespace greptime::storage {
namespace {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::Value;

ColumnPtr MakeCol(const DataType& type, const std::vector<Value>& values) {
  auto column = types::MakeColumn(type, values);
  GT_CHECK(column.ok());
  return *column;
}

std::vector<Value> Values(const Column& c) {
  std::vector<Value> out;
  for (size_t i = 0; i < c.size(); ++i) out.push_back(c.GetValue(i));
  return out;
}

struct TypeCase {
  DataType type;
  std::vector<Value> values;  // 4 values, some NULL
};

std::vector<TypeCase> TypeCases() {
  return {
      {DataType::Int64(), {Value::Int64(1), Value(), Value::Int64(-3), Value::Int64(4)}},
      {DataType::Int8(), {Value::Int8(1), Value::Int8(2), Value(), Value::Int8(-4)}},
      {DataType::UInt16(), {Value(), Value::UInt16(2), Value::UInt16(3), Value::UInt16(4)}},
      {DataType::Float64(), {Value::Float64(1.5), Value(), Value::Float64(-2), Value::Float64(0)}},
      {DataType::Float32(), {Value::Float32(1.5f), Value::Float32(2), Value(), Value()}},
      {DataType::Boolean(),
       {Value::Boolean(true), Value::Boolean(false), Value(), Value::Boolean(true)}},
      {DataType::String(), {Value::String("a"), Value(), Value::String(""), Value::String("dddd")}},
      {DataType::Binary(),
       {Value::Binary(std::string("\0x", 2)), Value(), Value::Binary("y"), Value::Binary("")}},
      {DataType::Date(), {Value::Date(1), Value::Date(-2), Value(), Value::Date(19000)}},
      {DataType::TimestampSecond(),
       {Value::Timestamp(1, TimeUnit::kSecond), Value(), Value::Timestamp(3, TimeUnit::kSecond),
        Value::Timestamp(4, TimeUnit::kSecond)}},
      {DataType::Decimal128(10, 2),
       {Value::Decimal128(123, 10, 2), Value(), Value::Decimal128(-5, 10, 2),
        Value::Decimal128(0, 10, 2)}},
      {DataType::Vector(2),
       {Value::Vector({1, 2}), Value(), Value::Vector({3, 4}), Value::Vector({5, 6})}},
  };
}

TEST(ColumnBufferTest, AppendTakeAndFinishRoundTripEveryLayout) {
  for (const TypeCase& tc : TypeCases()) {
    SCOPED_TRACE(tc.type.Name());
    ColumnPtr src = MakeCol(tc.type, tc.values);
    auto buffer = ColumnBuffer::Make(tc.type);
    std::vector<uint32_t> reversed = {3, 2, 1, 0};
    ASSERT_OK(buffer->Append(*src, reversed));
    ASSERT_OK(buffer->AppendRange(*src, 1, 2));
    buffer->AppendNulls(1);
    ASSERT_EQ(buffer->size(), 7u);
    std::vector<Value> expected = {tc.values[3], tc.values[2], tc.values[1], tc.values[0],
                                   tc.values[1], tc.values[2], Value()};
    std::vector<uint32_t> pick = {6, 0, 3};
    ColumnPtr taken = buffer->Take(pick);
    EXPECT_EQ(Values(*taken), (std::vector<Value>{Value(), expected[0], expected[3]}));
    EXPECT_EQ(taken->type(), tc.type);
    EXPECT_EQ(Values(*buffer->Copy(2, 3)),
              (std::vector<Value>{expected[2], expected[3], expected[4]}));
    size_t bytes = buffer->AllocatedBytes();
    EXPECT_GT(bytes, 0u);
    ColumnPtr all = buffer->Finish();
    EXPECT_EQ(Values(*all), expected);
    size_t nulls = 0;
    for (const Value& v : expected) nulls += v.is_null() ? 1 : 0;
    EXPECT_EQ(all->null_count(), nulls);
    EXPECT_EQ(buffer->size(), 0u);
  }
}

TEST(ColumnBufferTest, AllValidTakeHasNoBitmap) {
  ColumnPtr src = MakeCol(DataType::Int32(), {Value::Int32(1), Value::Int32(2)});
  auto buffer = ColumnBuffer::Make(DataType::Int32());
  ASSERT_OK(buffer->AppendRange(*src, 0, 2));
  ColumnPtr taken = buffer->Copy(0, 2);
  EXPECT_FALSE(taken->validity().has_bitmap());
  EXPECT_EQ(taken->null_count(), 0u);
}

TEST(ColumnBufferTest, NullColumnAppendsNullsAndOtherTypesAreRejected) {
  auto buffer = ColumnBuffer::Make(DataType::String());
  types::NullColumn nulls(3);
  ASSERT_OK(buffer->AppendRange(nulls, 0, 3));
  ColumnPtr ints = MakeCol(DataType::Int64(), {Value::Int64(1)});
  ASSERT_STATUS_CODE(buffer->AppendRange(*ints, 0, 1), StatusCode::kInvalidArguments);
  EXPECT_EQ(buffer->size(), 3u);
  EXPECT_EQ(buffer->Finish()->null_count(), 3u);
}

TEST(ColumnBufferTest, TruncateDropsTailRowsAndRecountsNulls) {
  ColumnPtr src =
      MakeCol(DataType::String(), {Value::String("aa"), Value(), Value::String("b"), Value()});
  auto buffer = ColumnBuffer::Make(DataType::String());
  ASSERT_OK(buffer->AppendRange(*src, 0, 4));
  buffer->Truncate(2);
  EXPECT_EQ(buffer->size(), 2u);
  EXPECT_EQ(buffer->null_count(), 1u);
  ASSERT_OK(buffer->AppendRange(*src, 2, 1));
  EXPECT_EQ(Values(*buffer->Finish()),
            (std::vector<Value>{Value::String("aa"), Value(), Value::String("b")}));
}

TEST(ColumnOpsTest, TakeColumnCopiesRowsInGivenOrder) {
  ColumnPtr src = MakeCol(DataType::Int64(), {Value::Int64(10), Value(), Value::Int64(30)});
  std::vector<uint32_t> rows = {2, 2, 1, 0};
  ASSERT_OK_AND_ASSIGN(ColumnPtr out, TakeColumn(*src->Slice(0, 3), rows));
  EXPECT_EQ(Values(*out),
            (std::vector<Value>{Value::Int64(30), Value::Int64(30), Value(), Value::Int64(10)}));
}

TEST(ColumnOpsTest, ConcatMixesNullColumnsAndSlices) {
  ColumnPtr a = MakeCol(DataType::String(), {Value::String("x"), Value::String("y")});
  ColumnPtr nulls = std::make_shared<types::NullColumn>(2);
  std::vector<ColumnPtr> parts = {a->Slice(1, 1), nulls, a};
  ASSERT_OK_AND_ASSIGN(ColumnPtr out, ConcatColumns(parts));
  EXPECT_EQ(out->type(), DataType::String());
  EXPECT_EQ(Values(*out), (std::vector<Value>{Value::String("y"), Value(), Value(),
                                              Value::String("x"), Value::String("y")}));
  std::vector<ColumnPtr> mixed = {a, MakeCol(DataType::Int64(), {Value::Int64(1)})};
  ASSERT_STATUS_CODE(ConcatColumns(mixed), StatusCode::kInvalidArguments);
  std::vector<ColumnPtr> only_nulls = {nulls, nulls};
  ASSERT_OK_AND_ASSIGN(ColumnPtr n, ConcatColumns(only_nulls));
  EXPECT_EQ(n->size(), 4u);
  EXPECT_TRUE(n->type().is_null());
}

TEST(BatchTest, SliceSharesFieldsAndMemoryBytesCountsEverything) {
  using testing::TestRow;
  Batch b = testing::MakeBatch({{"k", 1, 9, OpType::kPut, {1}},
                                {"k", 2, 8, OpType::kDelete, {std::nullopt}},
                                {"k", 3, 7, OpType::kPut, {3}}});
  Batch s = b.Slice(1, 2);
  EXPECT_EQ(s.primary_key, "k");
  EXPECT_EQ(s.timestamps, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(s.sequences, (std::vector<uint64_t>{8, 7}));
  EXPECT_EQ(s.op_types, (std::vector<OpType>{OpType::kDelete, OpType::kPut}));
  EXPECT_TRUE(s.fields[0]->IsNull(0));
  EXPECT_EQ(s.fields[0]->GetValue(1), Value::Int64(3));
  EXPECT_EQ(b.Slice(3, 0).num_rows(), 0u);
  // key 1 + ts 24 + seq 24 + ops 3 + 3 int64 values 24 + bitmap 1.
  EXPECT_EQ(b.MemoryBytes(), 1u + 24 + 24 + 3 + 24 + 1);
}

TEST(ColumnOpsTest, TakeAndConcatBatches) {
  using testing::TestRow;
  Batch b = testing::MakeBatch(
      {{"k", 1, 9, OpType::kPut, {1, 10}}, {"k", 2, 8, OpType::kPut, {2, std::nullopt}}});
  std::vector<uint32_t> rows = {1};
  ASSERT_OK_AND_ASSIGN(Batch t, TakeBatch(b, rows));
  EXPECT_EQ(t.timestamps, (std::vector<int64_t>{2}));
  EXPECT_TRUE(t.fields[1]->IsNull(0));
  std::vector<Batch> parts = {b, t};
  ASSERT_OK_AND_ASSIGN(Batch c, ConcatBatches(parts));
  EXPECT_EQ(c.timestamps, (std::vector<int64_t>{1, 2, 2}));
  EXPECT_EQ(c.sequences, (std::vector<uint64_t>{9, 8, 8}));
  EXPECT_EQ(c.fields[0]->GetValue(2), Value::Int64(2));
  EXPECT_EQ(c.fields[1]->null_count(), 2u);
}

}  // namespace
}  // namespace greptime::storage
