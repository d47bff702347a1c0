// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "metric_engine/row_mapping.h"

#include <gtest/gtest.h>

#include "common/testing.h"
#include "metric_engine/metric_engine.h"

namespace greptime::metric_engine {
namespace {

using storage::ColumnMetadata;
using storage::OpType;
using storage::RegionId;
using types::DataType;
using types::SemanticType;
using types::Value;

storage::RegionMetadataPtr Logical() {
  std::vector<ColumnMetadata> columns = {
      {{"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""}, 0},
      {{"val", DataType::Float64(), true, SemanticType::kField, {}, ""}, 1},
      {{"host", DataType::String(), true, SemanticType::kTag, {}, ""}, 2},
      {{"dc", DataType::String(), true, SemanticType::kTag, {}, ""}, 3},
      {{"n", DataType::Int64(), false, SemanticType::kField,
        types::ColumnDefault::Constant(Value::Int64(7)), ""}, 4},
  };
  return *storage::RegionMetadata::Make(RegionId(77, 0), columns, {2, 3});
}

types::RecordBatch Batch(std::vector<types::ColumnSchema> schema,
                         const std::vector<std::vector<Value>>& rows) {
  auto s = std::make_shared<const types::Schema>(std::move(schema));
  auto batch = types::RecordBatch::FromRows(s, rows);
  EXPECT_TRUE(batch.ok()) << batch.status().ToString();
  return *batch;
}

const types::ColumnSchema kTs{"ts", DataType::TimestampMillisecond(), false,
                              SemanticType::kTimestamp, {}, ""};
const types::ColumnSchema kHost{"host", DataType::String(), true, SemanticType::kTag, {}, ""};
const types::ColumnSchema kVal{"val", DataType::Float64(), true, SemanticType::kField, {}, ""};

TEST(TsidTest, IndependentOfOrderAndSensitiveToBoundaries) {
  EXPECT_EQ(ComputeTsid({{"a", "1"}, {"b", "2"}}), ComputeTsid({{"b", "2"}, {"a", "1"}}));
  EXPECT_NE(ComputeTsid({{"a", "1"}, {"b", "2"}}), ComputeTsid({{"a", "2"}, {"b", "1"}}));
  EXPECT_NE(ComputeTsid({{"ab", "c"}}), ComputeTsid({{"a", "bc"}}));
  EXPECT_NE(ComputeTsid({}), ComputeTsid({{"a", ""}}));
  // Persisted in the data region: the value must never change.
  EXPECT_EQ(ComputeTsid({}), 0ull);
  // The values GreptimeDB stores for these series (sqlness insert/logical_metric_table).
  EXPECT_EQ(ComputeTsid({{"host", "host1"}}), 13882403126406556045ull);
  EXPECT_EQ(ComputeTsid({{"host", "host2"}}), 7947983149541006936ull);
  EXPECT_EQ(ComputeTsid({{"job", "job1"}}), 6248409809737953425ull);
  EXPECT_EQ(ComputeTsid({{"job", "job2"}}), 12867770218286207316ull);
  EXPECT_EQ(ComputeTsid({{"host", "a"}}), ComputeTsid({{"host", "a"}}));
}

TEST(ToDataRowsTest, AddsInternalColumnsDefaultsAndTsid) {
  auto rows = Batch({kHost, kTs, kVal},
                    {{Value::String("h1"), Value::Timestamp(5, TimeUnit::kMillisecond),
                      Value::Float64(1.5)},
                     {Value(), Value::Timestamp(6, TimeUnit::kMillisecond), Value()}});
  ASSERT_OK_AND_ASSIGN(auto out, ToDataRows(*Logical(), OpType::kPut, rows));
  EXPECT_EQ(out.schema()->column_names(),
            (std::vector<std::string>{"ts", "val", "host", "dc", "n", "__table_id", "__tsid"}));
  ASSERT_EQ(out.num_rows(), 2u);
  EXPECT_EQ(out.GetValue(0, 4).AsInt64(), 7);  // the default
  EXPECT_TRUE(out.GetValue(0, 3).is_null());   // dc: NULL
  EXPECT_EQ(out.GetValue(1, 5).AsUInt32(), 77u);
  EXPECT_EQ(out.GetValue(0, 6).AsUInt64(), ComputeTsid({{"host", "h1"}}));
  EXPECT_EQ(out.GetValue(1, 6).AsUInt64(), ComputeTsid({}));
}

TEST(ToDataRowsTest, DeleteKeepsKeysOnly) {
  auto rows = Batch({kHost, kTs, kVal}, {{Value::String("h1"),
                                          Value::Timestamp(5, TimeUnit::kMillisecond),
                                          Value::Float64(1.5)}});
  ASSERT_OK_AND_ASSIGN(auto out, ToDataRows(*Logical(), OpType::kDelete, rows));
  EXPECT_EQ(out.schema()->column_names(),
            (std::vector<std::string>{"ts", "host", "__table_id", "__tsid"}));
}

TEST(ToDataRowsTest, CastsTagsToString) {
  auto rows = Batch({{"host", DataType::Int64(), true, SemanticType::kTag, {}, ""}, kTs},
                    {{Value::Int64(42), Value::Timestamp(5, TimeUnit::kMillisecond)}});
  ASSERT_OK_AND_ASSIGN(auto out, ToDataRows(*Logical(), OpType::kPut, rows));
  EXPECT_EQ(out.GetValue(0, 2).AsBytes(), "42");
  EXPECT_EQ(out.GetValue(0, 6).AsUInt64(), ComputeTsid({{"host", "42"}}));
}

TEST(ToDataRowsTest, RejectsUnknownRepeatedAndMissingColumns) {
  auto unknown = Batch({kTs, {"__tsid", DataType::UInt64(), true, SemanticType::kTag, {}, ""}},
                       {{Value::Timestamp(5, TimeUnit::kMillisecond), Value::UInt64(1)}});
  ASSERT_STATUS_CODE(ToDataRows(*Logical(), OpType::kPut, unknown), StatusCode::kInvalidArguments);
  auto repeated = Batch({kTs, kHost, kHost}, {{Value::Timestamp(5, TimeUnit::kMillisecond),
                                               Value::String("a"), Value::String("b")}});
  ASSERT_STATUS_CODE(ToDataRows(*Logical(), OpType::kPut, repeated),
                     StatusCode::kInvalidArguments);
  auto no_ts = Batch({kHost}, {{Value::String("a")}});
  ASSERT_STATUS_CODE(ToDataRows(*Logical(), OpType::kPut, no_ts), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(ToDataRows(*Logical(), OpType::kDelete, no_ts),
                     StatusCode::kInvalidArguments);
  auto null_n = Batch({kTs, {"n", DataType::Int64(), true, SemanticType::kField, {}, ""}},
                      {{Value::Timestamp(5, TimeUnit::kMillisecond), Value()}});
  ASSERT_STATUS_CODE(ToDataRows(*Logical(), OpType::kPut, null_n), StatusCode::kInvalidArguments);
}

TEST(ProjectedSchemaTest, AllOrNamedColumns) {
  ASSERT_OK_AND_ASSIGN(auto all, ProjectedSchema(*Logical(), {}));
  EXPECT_EQ(all->column_names(), (std::vector<std::string>{"ts", "val", "host", "dc", "n"}));
  ASSERT_OK_AND_ASSIGN(auto some, ProjectedSchema(*Logical(), {"host", "ts"}));
  EXPECT_EQ(some->column_names(), (std::vector<std::string>{"host", "ts"}));
  ASSERT_STATUS_CODE(ProjectedSchema(*Logical(), {"__table_id"}), StatusCode::kTableColumnNotFound);
}

}  // namespace
}  // namespace greptime::metric_engine
