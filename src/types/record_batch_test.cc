// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "types/record_batch.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "types/column_builder.h"
#include "types/test_macros.h"

namespace greptime::types {
namespace {

SchemaPtr HostCpuTs() {
  return std::make_shared<const Schema>(std::vector<ColumnSchema>{
      {"host", DataType::String(), true, SemanticType::kTag, {}, ""},
      {"cpu", DataType::Float64(), true, SemanticType::kField, {}, ""},
      {"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""},
  });
}

ColumnPtr Column1(const DataType& type, std::vector<Value> values) {
  auto column = MakeColumn(type, values);
  GT_CHECK(column.ok());
  return *column;
}

TEST(RecordBatchTest, MakesBatchesOfEqualLengthColumns) {
  SchemaPtr schema = HostCpuTs();
  ASSERT_OK_AND_ASSIGN(
      RecordBatch batch,
      RecordBatch::Make(schema,
                        {Column1(DataType::String(), {Value::String("a"), Value::String("b")}),
                         Column1(DataType::Float64(), {Value::Float64(1.5), Value()}),
                         Column1(DataType::TimestampMillisecond(),
                                 {Value::Timestamp(1, TimeUnit::kMillisecond),
                                  Value::Timestamp(2, TimeUnit::kMillisecond)})}));
  EXPECT_EQ(batch.num_rows(), 2u);
  EXPECT_EQ(batch.num_columns(), 3u);
  EXPECT_EQ(batch.GetValue(0, 1), Value::Float64(1.5));
  EXPECT_TRUE(batch.GetValue(1, 1).is_null());
  EXPECT_EQ(batch.ColumnByName("host")->GetValue(1), Value::String("b"));
  EXPECT_EQ(batch.ColumnByName("nope"), nullptr);
  std::vector<Value> row = batch.GetRow(1);
  ASSERT_EQ(row.size(), 3u);
  EXPECT_EQ(row[2], Value::Timestamp(2, TimeUnit::kMillisecond));
  EXPECT_GT(batch.MemoryBytes(), 0u);
}

TEST(RecordBatchTest, RejectsMismatchedColumns) {
  SchemaPtr schema = HostCpuTs();
  ColumnPtr hosts = Column1(DataType::String(), {Value::String("a"), Value::String("b")});
  ColumnPtr cpus = Column1(DataType::Float64(), {Value::Float64(1.0), Value::Float64(2.0)});
  ColumnPtr ts = Column1(
      DataType::TimestampMillisecond(),
      {Value::Timestamp(1, TimeUnit::kMillisecond), Value::Timestamp(2, TimeUnit::kMillisecond)});

  Status count = RecordBatch::Make(schema, {hosts, cpus}).status();
  EXPECT_EQ(count.code(), StatusCode::kInvalidArguments);
  EXPECT_EQ(count.message(), "RecordBatch has 2 columns but its schema has 3");

  Status length = RecordBatch::Make(schema, {hosts, cpus->Slice(0, 1), ts}).status();
  EXPECT_EQ(length.message(),
            "column 1 (cpu) has 1 rows but column 0 has 2: all columns must have the same "
            "length");

  Status type = RecordBatch::Make(schema, {hosts, hosts, ts}).status();
  EXPECT_EQ(type.message(), "column 1 (cpu) has type String but the schema says Float64");

  ColumnPtr ts_with_null = Column1(DataType::TimestampMillisecond(),
                                   {Value::Timestamp(1, TimeUnit::kMillisecond), Value()});
  Status not_null = RecordBatch::Make(schema, {hosts, cpus, ts_with_null}).status();
  EXPECT_EQ(not_null.message(), "column 2 (ts) is declared NOT NULL but contains 1 null values");

  EXPECT_FALSE(RecordBatch::Make(schema, {hosts, nullptr, ts}).ok());
  EXPECT_FALSE(RecordBatch::Make(nullptr, {}).ok());
}

TEST(RecordBatchTest, AcceptsNullColumnsForNullableColumns) {
  SchemaPtr schema = HostCpuTs();
  ColumnPtr ts =
      Column1(DataType::TimestampMillisecond(), {Value::Timestamp(1, TimeUnit::kMillisecond)});
  ColumnPtr nulls = std::make_shared<const NullColumn>(1);
  ASSERT_OK_AND_ASSIGN(RecordBatch batch, RecordBatch::Make(schema, {nulls, nulls, ts}));
  EXPECT_TRUE(batch.GetValue(0, 0).is_null());
  EXPECT_FALSE(RecordBatch::Make(schema, {nulls, nulls, nulls}).ok());  // ts is NOT NULL
}

TEST(RecordBatchTest, BuildsFromRowsAndSlices) {
  SchemaPtr schema = HostCpuTs();
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 5; ++i) {
    rows.push_back({Value::String("h" + std::to_string(i)), Value::Float64(i),
                    Value::Timestamp(i, TimeUnit::kMillisecond)});
  }
  ASSERT_OK_AND_ASSIGN(RecordBatch batch, RecordBatch::FromRows(schema, rows));
  EXPECT_EQ(batch.num_rows(), 5u);
  RecordBatch slice = batch.Slice(1, 3);
  EXPECT_EQ(slice.num_rows(), 3u);
  EXPECT_EQ(slice.schema(), schema);
  EXPECT_EQ(slice.GetValue(0, 0), Value::String("h1"));
  EXPECT_EQ(slice.GetValue(2, 2), Value::Timestamp(3, TimeUnit::kMillisecond));
  EXPECT_EQ(batch.Slice(5, 0).num_rows(), 0u);

  std::vector<std::vector<Value>> bad = {{Value::String("x"), Value::Int64(1), Value()}};
  Status s = RecordBatch::FromRows(schema, bad).status();
  EXPECT_EQ(s.message(), "row 0 column cpu: cannot append a Int64 value to a Float64 column");
  std::vector<std::vector<Value>> short_row = {{Value::String("x")}};
  EXPECT_FALSE(RecordBatch::FromRows(schema, short_row).ok());
}

TEST(RecordBatchTest, MakesEmptyBatches) {
  RecordBatch empty = RecordBatch::MakeEmpty(HostCpuTs());
  EXPECT_EQ(empty.num_rows(), 0u);
  ASSERT_EQ(empty.num_columns(), 3u);
  EXPECT_EQ(empty.column(2)->type(), DataType::TimestampMillisecond());
  RecordBatch none;
  EXPECT_EQ(none.num_rows(), 0u);
  EXPECT_EQ(none.schema(), nullptr);
}

}  // namespace
}  // namespace greptime::types
