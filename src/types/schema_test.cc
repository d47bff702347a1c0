// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "types/schema.h"

#include <gtest/gtest.h>

#include <vector>

#include "types/test_macros.h"

namespace greptime::types {
namespace {

ColumnSchema Tag(std::string name) {
  return ColumnSchema{std::move(name), DataType::String(), true, SemanticType::kTag, {}, ""};
}
ColumnSchema Field(std::string name, DataType type = DataType::Float64()) {
  return ColumnSchema{std::move(name), type, true, SemanticType::kField, {}, ""};
}
ColumnSchema TimeIndex(std::string name, DataType type = DataType::TimestampMillisecond()) {
  return ColumnSchema{std::move(name),
                      type,
                      false,
                      SemanticType::kTimestamp,
                      ColumnDefault::Function("current_timestamp()"),
                      ""};
}

// The system_metrics table of spec/sql.md §5.2.
Schema SystemMetrics() {
  return Schema(
      {ColumnSchema{"id", DataType::UInt32(), true, SemanticType::kTag, {}, ""}, Tag("host"),
       Field("cpu"),
       ColumnSchema{"disk", DataType::Float32(), true, SemanticType::kField, {}, "comment"},
       TimeIndex("ts")});
}

TEST(SchemaTest, LooksUpColumnsByExactName) {
  Schema schema = SystemMetrics();
  EXPECT_EQ(schema.num_columns(), 5u);
  EXPECT_EQ(schema.IndexOf("host"), 1u);
  EXPECT_EQ(schema.IndexOf("HOST"), std::nullopt);
  EXPECT_EQ(schema.FindColumn("missing"), nullptr);
  ASSERT_NE(schema.FindColumn("disk"), nullptr);
  EXPECT_EQ(schema.FindColumn("disk")->comment, "comment");
  EXPECT_EQ(schema.time_index(), 4u);
  ASSERT_NE(schema.time_index_column(), nullptr);
  EXPECT_EQ(schema.time_index_column()->name, "ts");
  EXPECT_EQ(schema.primary_key_indices(), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(schema.column_names(), (std::vector<std::string>{"id", "host", "cpu", "disk", "ts"}));
  EXPECT_OK(schema.ValidateTableSchema());
}

TEST(SchemaTest, KeepsAnExplicitPrimaryKeyOrder) {
  std::vector<ColumnSchema> columns = {Tag("host"), Tag("idc"), Field("cpu"), TimeIndex("ts")};
  ASSERT_OK_AND_ASSIGN(Schema schema, Schema::WithPrimaryKey(columns, {"idc", "host"}));
  EXPECT_EQ(schema.primary_key_indices(), (std::vector<size_t>{1, 0}));
  EXPECT_FALSE(Schema::WithPrimaryKey(columns, {"idc"}).ok());
  EXPECT_FALSE(Schema::WithPrimaryKey(columns, {"idc", "cpu"}).ok());
  EXPECT_FALSE(Schema::WithPrimaryKey(columns, {"idc", "idc"}).ok());
  EXPECT_FALSE(Schema::WithPrimaryKey(columns, {"idc", "nope"}).ok());
}

TEST(SchemaTest, QueryResultSchemasNeedNoTimeIndex) {
  Schema result({Field("count(*)", DataType::Int64()), Field("a"), Field("a")});
  EXPECT_EQ(result.time_index(), std::nullopt);
  EXPECT_TRUE(result.primary_key_indices().empty());
  EXPECT_EQ(result.IndexOf("a"), 1u);  // first match
  EXPECT_OK(result.Validate());
  EXPECT_FALSE(result.ValidateTableSchema().ok());
}

TEST(SchemaTest, TableNeedsExactlyOneTimeIndex) {
  Status missing = Schema({Tag("host"), Field("cpu")}).ValidateTableSchema();
  EXPECT_EQ(missing.code(), StatusCode::kInvalidSyntax);
  EXPECT_EQ(missing.message(), "Missing time index constraint");

  Status two = Schema({TimeIndex("a"), TimeIndex("b")}).ValidateTableSchema();
  EXPECT_EQ(two.code(), StatusCode::kInvalidSyntax);
  EXPECT_EQ(two.message(),
            "Invalid time index: expected only one time index constraint but actual 2");
}

TEST(SchemaTest, TimeIndexMustBeANotNullTimestamp) {
  Status type = Schema({TimeIndex("i", DataType::Int32())}).ValidateTableSchema();
  EXPECT_EQ(type.code(), StatusCode::kInvalidArguments);
  EXPECT_EQ(type.message(),
            "Invalid column option, column name: i, error: time index column data type should "
            "be timestamp");

  ColumnSchema nullable = TimeIndex("j");
  nullable.nullable = true;
  EXPECT_EQ(Schema({nullable}).ValidateTableSchema().message(),
            "Invalid column option, column name: j, error: time index column can't be null");
}

TEST(SchemaTest, TableColumnsMustBeUniqueAndNotIntervals) {
  Status dup =
      Schema({Tag("host"), Field("cpu"), Tag("host"), TimeIndex("ts")}).ValidateTableSchema();
  EXPECT_EQ(dup.code(), StatusCode::kInvalidArguments);
  EXPECT_EQ(dup.message(), "column name `host` is duplicated at index 0 and 2");

  Status interval =
      Schema({Field("interval_value", DataType::IntervalMonthDayNano()), TimeIndex("ts")})
          .ValidateTableSchema();
  EXPECT_EQ(interval.code(), StatusCode::kInvalidArguments);
  EXPECT_EQ(interval.message(),
            "column name `interval_value` is interval type, which is not supported");

  ColumnSchema interval_tag = Tag("t");
  interval_tag.type = DataType::IntervalMonthDayNano();
  EXPECT_FALSE(Schema({interval_tag, TimeIndex("ts")}).ValidateTableSchema().ok());
}

TEST(SchemaTest, ValidatesDefaults) {
  ColumnSchema not_null = Field("k", DataType::Int32());
  not_null.nullable = false;
  not_null.default_value = ColumnDefault::Constant(Value());
  Status s = Schema({not_null}).Validate();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArguments);
  EXPECT_EQ(s.message(), "Default value should not be null for non null column");

  ColumnSchema bad = Field("n", DataType::Int32());
  bad.default_value = ColumnDefault::Constant(Value::String("not a number"));
  EXPECT_FALSE(Schema({bad}).Validate().ok());

  ColumnSchema castable = Field("n", DataType::Int32());
  castable.default_value = ColumnDefault::Constant(Value::Int64(7));
  EXPECT_OK(Schema({castable}).Validate());
}

TEST(ColumnDefaultTest, RendersForDescAndShowCreate) {
  ColumnDefault none;
  EXPECT_FALSE(none.has_default());
  EXPECT_EQ(none.ToDescString(), "");
  EXPECT_EQ(none.ToSql(), "");

  ColumnDefault fn = ColumnDefault::Function("current_timestamp()");
  EXPECT_TRUE(fn.is_function());
  EXPECT_EQ(fn.ToDescString(), "current_timestamp()");
  EXPECT_EQ(fn.ToSql(), "current_timestamp()");

  ColumnDefault zero = ColumnDefault::Constant(Value::Float64(0.0));
  EXPECT_EQ(zero.ToDescString(), "0");
  EXPECT_EQ(zero.ToSql(), "0");

  ColumnDefault idc = ColumnDefault::Constant(Value::String("idc"));
  EXPECT_EQ(idc.ToDescString(), "idc");
  EXPECT_EQ(idc.ToSql(), "'idc'");
  EXPECT_EQ(ColumnDefault::Constant(Value::String("it's")).ToSql(), "'it''s'");

  ColumnDefault ts =
      ColumnDefault::Constant(Value::Timestamp(1706572800000, TimeUnit::kMillisecond));
  EXPECT_EQ(ts.ToSql(), "'2024-01-30 00:00:00+0000'");
  EXPECT_EQ(ColumnDefault::Constant(Value::Int32(300)).ToSql(), "300");
  EXPECT_EQ(ColumnDefault::Constant(Value::Boolean(true)).ToSql(), "true");
  EXPECT_EQ(ColumnDefault::Constant(Value()).ToSql(), "NULL");
}

TEST(SchemaTest, NamesSemanticTypes) {
  EXPECT_EQ(SemanticTypeName(SemanticType::kTag), "TAG");
  EXPECT_EQ(SemanticTypeName(SemanticType::kField), "FIELD");
  EXPECT_EQ(SemanticTypeName(SemanticType::kTimestamp), "TIMESTAMP");
}

TEST(SchemaTest, ComparesByColumns) {
  EXPECT_EQ(SystemMetrics(), SystemMetrics());
  Schema other = Schema({Tag("host"), TimeIndex("ts")});
  EXPECT_FALSE(SystemMetrics() == other);
}

}  // namespace
}  // namespace greptime::types
