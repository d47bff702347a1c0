// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Expected grids are copied byte for byte from the sqlness results of GreptimeDB.
#include "types/pretty.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "types/test_macros.h"

namespace greptime::types {
namespace {

ColumnSchema Col(std::string name, DataType type) {
  return ColumnSchema{std::move(name), type, true, SemanticType::kField, {}, ""};
}

RecordBatch Batch(SchemaPtr schema, const std::vector<std::vector<Value>>& rows) {
  auto batch = RecordBatch::FromRows(std::move(schema), rows);
  GT_CHECK(batch.ok());
  return *batch;
}

Value Ms(int64_t v) { return Value::Timestamp(v, TimeUnit::kMillisecond); }

TEST(PrettyPrintTest, MatchesBasicSelect) {
  auto schema = std::make_shared<const Schema>(std::vector<ColumnSchema>{
      Col("host", DataType::String()), Col("idc", DataType::String()),
      Col("cpu_util", DataType::Float64()), Col("memory_util", DataType::Float64()),
      Col("disk_util", DataType::Float64()), Col("ts", DataType::TimestampMillisecond())});
  RecordBatch batch =
      Batch(schema, {{Value::String("host1"), Value::String("idc_a"), Value::Float64(11.8),
                      Value::Float64(10.3), Value::Float64(10.3), Ms(1667446797450)},
                     {Value::String("host1"), Value::String("idc_b"), Value::Float64(50.0),
                      Value::Float64(66.7), Value::Float64(40.6), Ms(1667446797450)},
                     {Value::String("host2"), Value::String("idc_a"), Value::Float64(80.0),
                      Value::Float64(70.3), Value::Float64(90.0), Ms(1667446797450)}});
  EXPECT_EQ(PrettyPrint({batch}),
            "+-------+-------+----------+-------------+-----------+-------------------------+\n"
            "| host  | idc   | cpu_util | memory_util | disk_util | ts                      |\n"
            "+-------+-------+----------+-------------+-----------+-------------------------+\n"
            "| host1 | idc_a | 11.8     | 10.3        | 10.3      | 2022-11-03T03:39:57.450 |\n"
            "| host1 | idc_b | 50.0     | 66.7        | 40.6      | 2022-11-03T03:39:57.450 |\n"
            "| host2 | idc_a | 80.0     | 70.3        | 90.0      | 2022-11-03T03:39:57.450 |\n"
            "+-------+-------+----------+-------------+-----------+-------------------------+");
}

TEST(PrettyPrintTest, WidensColumnsToTheHeader) {
  auto schema = std::make_shared<const Schema>(
      std::vector<ColumnSchema>{Col("avg(system_metrics.cpu_util)", DataType::Float64())});
  EXPECT_EQ(PrettyPrint({Batch(schema, {{Value::Float64(47.26666666666667)}})}),
            "+------------------------------+\n"
            "| avg(system_metrics.cpu_util) |\n"
            "+------------------------------+\n"
            "| 47.26666666666667            |\n"
            "+------------------------------+");
}

TEST(PrettyPrintTest, NoBatchesPrintsTwoBareRules) {
  EXPECT_EQ(PrettyPrint(std::vector<RecordBatch>{}), "++\n++");
}

TEST(PrettyPrintTest, EmptyResultWithSchemaPrintsHeaderAndRules) {
  Schema schema({Col("unit", DataType::String()), Col("ts", DataType::TimestampMillisecond()),
                 Col("lhs.degrees(val) + rhs.radians(val)", DataType::Float64())});
  const char* expected =
      "+------+----+-------------------------------------+\n"
      "| unit | ts | lhs.degrees(val) + rhs.radians(val) |\n"
      "+------+----+-------------------------------------+\n"
      "+------+----+-------------------------------------+";
  EXPECT_EQ(PrettyPrint(schema, {}), expected);
  auto shared = std::make_shared<const Schema>(schema);
  EXPECT_EQ(PrettyPrint({RecordBatch::MakeEmpty(shared)}), expected);
}

TEST(PrettyPrintTest, NullsAreEmptyCells) {
  auto schema = std::make_shared<const Schema>(
      std::vector<ColumnSchema>{Col("a", DataType::Int64()), Col("b", DataType::String())});
  EXPECT_EQ(PrettyPrint({Batch(schema, {{Value::Int64(1), Value()}, {Value(), Value()}})}),
            "+---+---+\n"
            "| a | b |\n"
            "+---+---+\n"
            "| 1 |   |\n"
            "|   |   |\n"
            "+---+---+");
}

TEST(PrettyPrintTest, ConcatenatesBatches) {
  auto schema =
      std::make_shared<const Schema>(std::vector<ColumnSchema>{Col("count(*)", DataType::Int64())});
  EXPECT_EQ(PrettyPrint({Batch(schema, {{Value::Int64(3)}}), RecordBatch::MakeEmpty(schema),
                         Batch(schema, {{Value::Int64(12345678901)}})}),
            "+-------------+\n"
            "| count(*)    |\n"
            "+-------------+\n"
            "| 3           |\n"
            "| 12345678901 |\n"
            "+-------------+");
}

TEST(PrettyPrintTest, AlignsWideCharactersByDisplayWidth) {
  auto schema = std::make_shared<const Schema>(
      std::vector<ColumnSchema>{Col("id", DataType::Int32()), Col("s", DataType::String()),
                                Col("ts", DataType::TimestampMillisecond())});
  RecordBatch batch = Batch(schema, {{Value::Int32(1), Value::String("🦆"), Ms(1)},
                                     {Value::Int32(2), Value::String("🦆🍞🦆"), Ms(2)}});
  EXPECT_EQ(PrettyPrint({batch}),
            "+----+--------+-------------------------+\n"
            "| id | s      | ts                      |\n"
            "+----+--------+-------------------------+\n"
            "| 1  | 🦆     | 1970-01-01T00:00:00.001 |\n"
            "| 2  | 🦆🍞🦆 | 1970-01-01T00:00:00.002 |\n"
            "+----+--------+-------------------------+");
}

TEST(PrettyPrintTest, SplitsMultiLineCellsIntoGridLines) {
  auto schema = std::make_shared<const Schema>(std::vector<ColumnSchema>{
      Col("Table", DataType::String()), Col("Create Table", DataType::String())});
  std::string create =
      "CREATE TABLE IF NOT EXISTS \"system_metrics\" (\n"
      "  \"id\" INT UNSIGNED NULL,\n"
      "  \"host\" STRING NULL,\n"
      "  \"cpu\" DOUBLE NULL,\n"
      "  \"disk\" FLOAT NULL COMMENT 'comment',\n"
      "  \"ts\" TIMESTAMP(3) NOT NULL DEFAULT current_timestamp(),\n"
      "  TIME INDEX (\"ts\"),\n"
      "  PRIMARY KEY (\"id\", \"host\")\n"
      ")\n"
      "PARTITION ON COLUMNS (\"id\") (\n"
      "  id < 5,\n"
      "  id >= 5 AND id < 9,\n"
      "  id >= 9\n"
      ")\n"
      "ENGINE=mito\n"
      "WITH(\n"
      "  ttl = '7days',\n"
      "  write_buffer_size = '1.0KiB'\n"
      ")";
  EXPECT_EQ(
      PrettyPrint({Batch(schema, {{Value::String("system_metrics"), Value::String(create)}})}),
      "+----------------+-----------------------------------------------------------+\n"
      "| Table          | Create Table                                              |\n"
      "+----------------+-----------------------------------------------------------+\n"
      "| system_metrics | CREATE TABLE IF NOT EXISTS \"system_metrics\" (             |\n"
      "|                |   \"id\" INT UNSIGNED NULL,                                 |\n"
      "|                |   \"host\" STRING NULL,                                     |\n"
      "|                |   \"cpu\" DOUBLE NULL,                                      |\n"
      "|                |   \"disk\" FLOAT NULL COMMENT 'comment',                    |\n"
      "|                |   \"ts\" TIMESTAMP(3) NOT NULL DEFAULT current_timestamp(), |\n"
      "|                |   TIME INDEX (\"ts\"),                                      |\n"
      "|                |   PRIMARY KEY (\"id\", \"host\")                              |\n"
      "|                | )                                                         |\n"
      "|                | PARTITION ON COLUMNS (\"id\") (                             |\n"
      "|                |   id < 5,                                                 |\n"
      "|                |   id >= 5 AND id < 9,                                     |\n"
      "|                |   id >= 9                                                 |\n"
      "|                | )                                                         |\n"
      "|                | ENGINE=mito                                               |\n"
      "|                | WITH(                                                     |\n"
      "|                |   ttl = '7days',                                          |\n"
      "|                |   write_buffer_size = '1.0KiB'                            |\n"
      "|                | )                                                         |\n"
      "+----------------+-----------------------------------------------------------+");
}

TEST(PrettyPrintTest, KeepsEmptyLinesAndTrailingNewline) {
  auto schema = std::make_shared<const Schema>(std::vector<ColumnSchema>{
      Col("Table", DataType::String()), Col("Create Table", DataType::String())});
  std::string create =
      "CREATE TABLE IF NOT EXISTS \"table_without_partition\" (\n"
      "  \"ts\" TIMESTAMP(3) NOT NULL DEFAULT current_timestamp(),\n"
      "  TIME INDEX (\"ts\")\n"
      ")\n"
      "\n"
      "ENGINE=mito\n";
  EXPECT_EQ(
      PrettyPrint(
          {Batch(schema, {{Value::String("table_without_partition"), Value::String(create)}})}),
      "+-------------------------+-----------------------------------------------------------+\n"
      "| Table                   | Create Table                                              |\n"
      "+-------------------------+-----------------------------------------------------------+\n"
      "| table_without_partition | CREATE TABLE IF NOT EXISTS \"table_without_partition\" (    |\n"
      "|                         |   \"ts\" TIMESTAMP(3) NOT NULL DEFAULT current_timestamp(), |\n"
      "|                         |   TIME INDEX (\"ts\")                                       |\n"
      "|                         | )                                                         |\n"
      "|                         |                                                           |\n"
      "|                         | ENGINE=mito                                               |\n"
      "|                         |                                                           |\n"
      "+-------------------------+-----------------------------------------------------------+");
}

TEST(PrettyPrintTest, RendersDescribeOutput) {
  std::vector<std::string> header = {"Column", "Type", "Key", "Null", "Default", "Semantic Type"};
  std::vector<std::vector<std::string>> rows = {
      {"ts", "TimestampMillisecond", "PRI", "NO", "current_timestamp()", "TIMESTAMP"},
      {"collector", "String", "PRI", "YES", "", "TAG"},
      {"val", "Float64", "", "YES", "0", "FIELD"},
  };
  // spec/sql.md §14.
  const char* expected =
      R"(+-----------+----------------------+-----+------+---------------------+---------------+
| Column    | Type                 | Key | Null | Default             | Semantic Type |
+-----------+----------------------+-----+------+---------------------+---------------+
| ts        | TimestampMillisecond | PRI | NO   | current_timestamp() | TIMESTAMP     |
| collector | String               | PRI | YES  |                     | TAG           |
| val       | Float64              |     | YES  | 0                   | FIELD         |
+-----------+----------------------+-----+------+---------------------+---------------+)";
  EXPECT_EQ(FormatGrid(header, rows), expected);
}

TEST(DisplayWidthTest, CountsTerminalColumns) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("🦆🍞🦆"), 6u);
  EXPECT_EQ(DisplayWidth("Hello 世界"), 10u);
  EXPECT_EQ(DisplayWidth("こんにちは世界"), 14u);
  EXPECT_EQ(DisplayWidth("Ññññ"), 4u);
  EXPECT_EQ(DisplayWidth("Здравствуй мир"), 14u);
  EXPECT_EQ(DisplayWidth("مرحبا بالعالم"), 13u);
  EXPECT_EQ(DisplayWidth("e\u0301"), 1u);   // combining acute accent
  EXPECT_EQ(DisplayWidth("a\u200bb"), 2u);  // zero-width space
  EXPECT_EQ(DisplayWidth("\xff\xfe"), 2u);  // invalid UTF-8 bytes
  EXPECT_EQ(DisplayWidth("\t"), 0u);
}

}  // namespace
}  // namespace greptime::types
