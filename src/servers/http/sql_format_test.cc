// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/http/sql_format.h"

#include <cmath>

#include <gtest/gtest.h>

#include "types/column_builder.h"

namespace greptime::servers {
namespace {

using types::DataType;
using types::Value;

query::QueryOutput Demo() {
  auto schema = std::make_shared<types::Schema>(std::vector<types::ColumnSchema>{
      {"cpu", DataType::Float64(), true, types::SemanticType::kField, {}, ""},
      {"ts", DataType::TimestampMillisecond(), false, types::SemanticType::kTimestamp, {}, ""},
      {"host", DataType::String(), true, types::SemanticType::kTag, {}, ""}});
  auto batch = types::RecordBatch::FromRows(
      schema, {{Value::Float64(66.6), Value::Timestamp(0, TimeUnit::kMillisecond),
                Value::String("host, \"name")}});
  return query::QueryOutput::Records(schema, {*batch});
}

TEST(SqlFormatTest, SpecExamples) {
  std::vector<query::QueryOutput> outs{Demo()};
  auto r = RenderSqlOutputs(outs, SqlFormat::kCsv, std::nullopt, std::nullopt, 1);
  EXPECT_EQ(r.body, "66.6,0,\"host, \"\"name\"\r\n");
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  r = RenderSqlOutputs(outs, SqlFormat::kCsvWithNames, std::nullopt, std::nullopt, 1);
  EXPECT_EQ(r.body, "cpu,ts,host\r\n66.6,0,\"host, \"\"name\"\r\n");
  r = RenderSqlOutputs(outs, SqlFormat::kCsvWithNamesAndTypes, std::nullopt, std::nullopt, 1);
  EXPECT_EQ(r.body,
            "cpu,ts,host\r\nFloat64,TimestampMillisecond,String\r\n66.6,0,\"host, \"\"name\"\r\n");
  r = RenderSqlOutputs(outs, SqlFormat::kJson, std::nullopt, std::nullopt, 1);
  EXPECT_EQ(r.body, "{\"data\":[{\"cpu\":66.6,\"host\":\"host, \\\"name\",\"ts\":0}],"
                    "\"execution_time_ms\":1}");
  r = RenderSqlOutputs(outs, SqlFormat::kNull, std::nullopt, std::nullopt, 1);
  EXPECT_EQ(r.body, "1 rows in set.\nElapsed: 0.001 sec.\n");
  r = RenderSqlOutputs(outs, SqlFormat::kGreptimedbV1, std::nullopt, std::nullopt, 3);
  EXPECT_EQ(r.body,
            "{\"output\":[{\"records\":{\"schema\":{\"column_schemas\":["
            "{\"name\":\"cpu\",\"data_type\":\"Float64\"},"
            "{\"name\":\"ts\",\"data_type\":\"TimestampMillisecond\"},"
            "{\"name\":\"host\",\"data_type\":\"String\"}]},"
            "\"rows\":[[66.6,0,\"host, \\\"name\"]],\"total_rows\":1}}],\"execution_time_ms\":3}");
  r = RenderSqlOutputs(outs, SqlFormat::kTable, std::nullopt, std::nullopt, 1);
  EXPECT_EQ(r.body,
            "┌─cpu──┬─ts─┬─host───────────┐\n"
            "│ 66.6 │ 0  │ \"host, \\\"name\" │\n"
            "└──────┴────┴────────────────┘\n");
}

TEST(SqlFormatTest, AffectedRowsMultiStatementsAndInflux) {
  std::vector<query::QueryOutput> outs{query::QueryOutput::AffectedRows(3), Demo()};
  auto r = RenderSqlOutputs(outs, SqlFormat::kGreptimedbV1, std::nullopt, std::nullopt, 11);
  EXPECT_EQ(r.body.substr(0, 30), "{\"output\":[{\"affectedrows\":3},");
  r = RenderSqlOutputs(outs, SqlFormat::kCsv, std::nullopt, std::nullopt, 1);
  EXPECT_EQ(r.status, 400u);
  EXPECT_NE(r.body.find("cannot output multi-statements result in csv format"), std::string::npos);
  r = RenderSqlOutputs(outs, SqlFormat::kInfluxdbV1, TimeUnit::kSecond, std::nullopt, 2);
  EXPECT_EQ(r.body,
            "{\"results\":[{\"statement_id\":0,\"series\":[]},{\"statement_id\":1,\"series\":["
            "{\"name\":\"\",\"columns\":[\"cpu\",\"ts\",\"host\"],\"values\":[[66.6,0,"
            "\"host, \\\"name\"]]}]}],\"execution_time_ms\":2}");
}

TEST(SqlFormatTest, Floats) {
  EXPECT_EQ(FormatJsonFloat(1024.0), "1024.0");
  EXPECT_EQ(FormatJsonFloat(66.6), "66.6");
  EXPECT_EQ(FormatJsonFloat(1e16), "1e16");
  EXPECT_EQ(FormatJsonFloat(1.5e-7), "1.5e-7");
  EXPECT_EQ(FormatJsonFloat(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatJsonFloat(std::nan("")), "null");
}

TEST(SqlFormatTest, Errors) {
  auto r = RenderSqlError(Status(StatusCode::kTableNotFound, "Table not found: t"), 1);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.body, "{\"code\":4001,\"error\":\"Table not found: t\",\"execution_time_ms\":1}");
  r = RenderSqlError(Status(StatusCode::kInternal, "secret"), 0);
  EXPECT_EQ(r.status, 500u);
  EXPECT_NE(r.body.find("Internal error: 1003"), std::string::npos);
  r = RenderSqlError(Status(StatusCode::kInvalidArguments, "caf\xc3\xa9"), 0);
  bool found = false;
  for (const auto& [k, v] : r.headers) {
    if (k == "x-greptime-err-msg") found = v.find("caf\\xc3\\xa9") != std::string::npos;
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace greptime::servers
