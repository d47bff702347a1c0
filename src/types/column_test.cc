// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "types/column.h"

#include <gtest/gtest.h>

#include <vector>

#include "types/column_builder.h"
#include "types/test_macros.h"

namespace greptime::types {
namespace {

TEST(ColumnBuilderTest, BuildsWithoutBitmapWhenNoNulls) {
  PrimitiveColumnBuilder<int64_t> builder(DataType::Int64());
  for (int64_t i = 0; i < 10; ++i) builder.Append(i * 10);
  ColumnPtr column = builder.Finish();
  ASSERT_EQ(column->size(), 10u);
  EXPECT_EQ(column->null_count(), 0u);
  EXPECT_FALSE(column->validity().has_bitmap());
  EXPECT_EQ(column->MemoryBytes(), 80u);
  const auto* typed = column->As<Int64Column>();
  ASSERT_NE(typed, nullptr);
  std::span<const int64_t> values = typed->values();
  ASSERT_EQ(values.size(), 10u);
  EXPECT_EQ(values[9], 90);
  EXPECT_EQ(column->GetValue(3), Value::Int64(30));
  EXPECT_EQ(column->As<Int32Column>(), nullptr);
}

TEST(ColumnBuilderTest, TracksNullsInABitmap) {
  auto builder = MakeColumnBuilder(DataType::Int32());
  for (int i = 0; i < 20; ++i) {
    if (i % 3 == 0) {
      builder->AppendNull();
    } else {
      ASSERT_OK(builder->Append(Value::Int32(i)));
    }
  }
  ColumnPtr column = builder->Finish();
  ASSERT_EQ(column->size(), 20u);
  EXPECT_EQ(column->null_count(), 7u);  // 0,3,...,18
  EXPECT_TRUE(column->validity().has_bitmap());
  for (size_t i = 0; i < 20; ++i) {
    EXPECT_EQ(column->IsNull(i), i % 3 == 0) << i;
    if (i % 3 != 0) {
      EXPECT_EQ(column->GetValue(i), Value::Int32(static_cast<int32_t>(i)));
    }
  }
  EXPECT_TRUE(column->GetValue(0).is_null());
  // Null slots hold zero so kernels can compute over every row.
  EXPECT_EQ(column->As<Int32Column>()->values()[3], 0);
}

TEST(ColumnBuilderTest, RejectsValuesOfAnotherType) {
  auto builder = MakeColumnBuilder(DataType::Int64());
  ASSERT_OK(builder->Append(Value::Int64(1)));
  Status s = builder->Append(Value::Int32(2));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArguments);
  EXPECT_EQ(s.message(), "cannot append a Int32 value to a Int64 column");
  EXPECT_FALSE(MakeColumnBuilder(DataType::TimestampSecond())
                   ->Append(Value::Timestamp(1, TimeUnit::kMillisecond))
                   .ok());
  EXPECT_FALSE(
      MakeColumnBuilder(DataType::Decimal128(5, 2))->Append(Value::Decimal128(1, 5, 1)).ok());
  EXPECT_FALSE(MakeColumnBuilder(DataType::Json())->Append(Value::String("{}")).ok());
  EXPECT_EQ(builder->size(), 1u);
  std::vector<Value> values = {Value::Int64(1), Value::String("x")};
  Status batch = builder->AppendValues(values);
  EXPECT_EQ(batch.message(), "row 1: cannot append a String value to a Int64 column");
}

TEST(ColumnBuilderTest, IsReusableAfterFinish) {
  StringColumnBuilder builder;
  ASSERT_OK(builder.Append("a"));
  ColumnPtr first = builder.Finish();
  builder.AppendNull();
  ASSERT_OK(builder.Append("bc"));
  ColumnPtr second = builder.Finish();
  EXPECT_EQ(first->size(), 1u);
  EXPECT_EQ(first->GetValue(0), Value::String("a"));
  ASSERT_EQ(second->size(), 2u);
  EXPECT_TRUE(second->IsNull(0));
  EXPECT_EQ(second->GetValue(1), Value::String("bc"));
}

TEST(ColumnTest, SlicesShareBuffersAndRecountNulls) {
  auto builder = MakeColumnBuilder(DataType::Float64());
  for (int i = 0; i < 20; ++i) {
    if (i % 3 == 0) {
      builder->AppendNull();
    } else {
      ASSERT_OK(builder->Append(Value::Float64(i + 0.5)));
    }
  }
  ColumnPtr column = builder->Finish();
  ColumnPtr slice = column->Slice(5, 10);  // rows 5..14: nulls at 6, 9, 12
  ASSERT_EQ(slice->size(), 10u);
  EXPECT_EQ(slice->null_count(), 3u);
  EXPECT_TRUE(slice->IsNull(1));
  EXPECT_EQ(slice->GetValue(0), Value::Float64(5.5));
  EXPECT_EQ(slice->As<Float64Column>()->values().data(),
            column->As<Float64Column>()->values().data() + 5);
  ColumnPtr inner = slice->Slice(2, 3);  // rows 7, 8, 9
  EXPECT_EQ(inner->null_count(), 1u);
  EXPECT_EQ(inner->GetValue(1), Value::Float64(8.5));
  EXPECT_TRUE(inner->IsNull(2));
  EXPECT_EQ(column->Slice(20, 0)->size(), 0u);
}

TEST(ColumnTest, PacksBooleansIntoBits) {
  BooleanColumnBuilder builder;
  for (int i = 0; i < 11; ++i) builder.Append(i % 2 == 0);
  builder.AppendNull();
  ColumnPtr column = builder.Finish();
  ASSERT_EQ(column->size(), 12u);
  EXPECT_EQ(column->MemoryBytes(), 2u + 2u);  // 12 bits of values + 12 bits of validity
  const auto* bools = column->As<BooleanColumn>();
  ASSERT_NE(bools, nullptr);
  EXPECT_EQ(bools->bits_data()[0], 0x55);
  EXPECT_TRUE(bools->at(10));
  EXPECT_TRUE(column->IsNull(11));
  ColumnPtr slice = column->Slice(3, 8);  // rows 3..10
  EXPECT_EQ(slice->GetValue(0), Value::Boolean(false));
  EXPECT_EQ(slice->GetValue(1), Value::Boolean(true));
  EXPECT_EQ(slice->GetValue(7), Value::Boolean(true));
  EXPECT_EQ(slice->null_count(), 0u);
}

TEST(ColumnTest, StoresStringsAsOffsetsAndBytes) {
  auto builder = MakeColumnBuilder(DataType::String());
  ASSERT_OK(builder->Append(Value::String("host1")));
  builder->AppendNull();
  ASSERT_OK(builder->Append(Value::String("")));
  ASSERT_OK(builder->Append(Value::String("idc_a")));
  ColumnPtr column = builder->Finish();
  const auto* strings = column->As<StringColumn>();
  ASSERT_NE(strings, nullptr);
  EXPECT_EQ(strings->data(), "host1idc_a");
  std::vector<uint32_t> offsets(strings->offsets().begin(), strings->offsets().end());
  EXPECT_EQ(offsets, (std::vector<uint32_t>{0, 5, 5, 5, 10}));
  EXPECT_EQ(strings->at(3), "idc_a");
  EXPECT_EQ(column->GetValue(2), Value::String(""));
  ColumnPtr slice = column->Slice(1, 3);
  EXPECT_TRUE(slice->IsNull(0));
  EXPECT_EQ(slice->GetValue(2), Value::String("idc_a"));
  EXPECT_EQ(slice->MemoryBytes(), 4 * sizeof(uint32_t) + 5 + 1);
}

TEST(ColumnTest, KeepsTheLogicalTypeOfBytesAndIntegers) {
  ASSERT_OK_AND_ASSIGN(ColumnPtr bin,
                       MakeColumn(DataType::Binary(), std::vector<Value>{Value::Binary("\x01")}));
  EXPECT_EQ(bin->GetValue(0).type(), DataType::Binary());
  EXPECT_EQ(bin->GetValue(0).ToString(), "01");
  ASSERT_OK_AND_ASSIGN(ColumnPtr json,
                       MakeColumn(DataType::Json(), std::vector<Value>{Value::Json("{}")}));
  EXPECT_EQ(json->GetValue(0).type(), DataType::Json());

  DataType ts = DataType::TimestampNanosecond();
  ASSERT_OK_AND_ASSIGN(
      ColumnPtr tsc,
      MakeColumn(ts, std::vector<Value>{Value::Timestamp(5, TimeUnit::kNanosecond), Value()}));
  EXPECT_EQ(tsc->GetValue(0), Value::Timestamp(5, TimeUnit::kNanosecond));
  EXPECT_EQ(tsc->As<TimestampColumn>()->values()[0], 5);
  ASSERT_OK_AND_ASSIGN(ColumnPtr dates,
                       MakeColumn(DataType::Date(), std::vector<Value>{Value::Date(19723)}));
  EXPECT_EQ(dates->GetValue(0).ToString(), "2024-01-01");
  ASSERT_OK_AND_ASSIGN(
      ColumnPtr decimals,
      MakeColumn(DataType::Decimal128(5, 2), std::vector<Value>{Value::Decimal128(-123, 5, 2)}));
  EXPECT_EQ(decimals->GetValue(0).ToString(), "-1.23");
  ASSERT_OK_AND_ASSIGN(ColumnPtr intervals,
                       MakeColumn(DataType::IntervalMonthDayNano(),
                                  std::vector<Value>{Value::Interval({18, 0, 0})}));
  EXPECT_EQ(intervals->GetValue(0).ToString(), "18 mons");
}

TEST(ColumnTest, StoresVectorsRowMajor) {
  VectorColumnBuilder builder(DataType::Vector(2));
  std::vector<float> a = {1.0f, 2.0f};
  ASSERT_OK(builder.Append(a));
  builder.AppendNull();
  ASSERT_OK(builder.Append(Value::Vector({3.0f, 4.0f})));
  EXPECT_FALSE(builder.Append(Value::Vector({1.0f})).ok());
  std::vector<float> wrong = {1.0f, 2.0f, 3.0f};
  EXPECT_FALSE(builder.Append(wrong).ok());
  ColumnPtr column = builder.Finish();
  const auto* vectors = column->As<VectorColumn>();
  ASSERT_NE(vectors, nullptr);
  EXPECT_EQ(vectors->values().size(), 6u);
  EXPECT_EQ(column->GetValue(2).ToString(), "[3,4]");
  EXPECT_TRUE(column->IsNull(1));
  EXPECT_EQ(column->Slice(2, 1)->GetValue(0), Value::Vector({3.0f, 4.0f}));
}

TEST(ColumnTest, NullColumnIsAllNull) {
  auto builder = MakeColumnBuilder(DataType::Null());
  builder->AppendNull();
  ASSERT_OK(builder->Append(Value()));
  EXPECT_FALSE(builder->Append(Value::Int32(1)).ok());
  ColumnPtr column = builder->Finish();
  ASSERT_EQ(column->size(), 2u);
  EXPECT_EQ(column->null_count(), 2u);
  EXPECT_TRUE(column->IsNull(1));
  EXPECT_TRUE(column->Slice(1, 1)->IsNull(0));
  EXPECT_EQ(column->Slice(1, 1)->null_count(), 1u);
}

TEST(ColumnTest, ConstantColumnsAndEquality) {
  ColumnPtr a = MakeConstantColumn(DataType::String(), Value::String("x"), 3);
  ColumnPtr b = MakeConstantColumn(DataType::String(), Value::String("x"), 3);
  ColumnPtr nulls = MakeConstantColumn(DataType::String(), Value(), 3);
  EXPECT_TRUE(ColumnsEqual(*a, *b));
  EXPECT_FALSE(ColumnsEqual(*a, *nulls));
  EXPECT_EQ(nulls->null_count(), 3u);
  EXPECT_EQ(nulls->type(), DataType::String());
  EXPECT_FALSE(ColumnsEqual(*a, *a->Slice(0, 2)));
}

TEST(ColumnTest, BuildsEveryTypeGenerically) {
  const std::vector<Value> samples = {
      Value::Boolean(true),
      Value::Int8(1),
      Value::Int16(2),
      Value::Int32(3),
      Value::Int64(4),
      Value::UInt8(5),
      Value::UInt16(6),
      Value::UInt32(7),
      Value::UInt64(8),
      Value::Float32(9.5f),
      Value::Float64(10.5),
      Value::Decimal128(11, 4, 1),
      Value::String("s"),
      Value::Binary("b"),
      Value::Date(12),
      Value::Timestamp(13, TimeUnit::kSecond),
      Value::Interval({1, 2, 3}),
      Value::Json("[1]"),
      Value::Vector({1.0f}),
  };
  for (const Value& v : samples) {
    auto builder = MakeColumnBuilder(v.type(), 2);
    ASSERT_OK(builder->Append(v));
    builder->AppendNull();
    ColumnPtr column = builder->Finish();
    EXPECT_EQ(column->type(), v.type());
    EXPECT_EQ(column->GetValue(0), v) << v.type().Name();
    EXPECT_TRUE(column->IsNull(1)) << v.type().Name();
    EXPECT_EQ(column->Slice(0, 1)->GetValue(0), v) << v.type().Name();
  }
}

}  // namespace
}  // namespace greptime::types
