// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/http/sql_format.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "types/column_builder.h"
#include "types/record_batch.h"

namespace greptime::servers {
namespace {

using types::DataType;
using types::Value;

types::SchemaPtr MakeSchema(std::vector<std::pair<std::string, DataType>> cols) {
  std::vector<types::ColumnSchema> schemas;
  for (auto& [name, type] : cols) {
    schemas.push_back({name, type, true, types::SemanticType::kField, {}, ""});
  }
  return std::make_shared<types::Schema>(std::move(schemas));
}

// One output; each element of `batches` becomes one RecordBatch.
query::QueryOutput Records(types::SchemaPtr schema,
                           std::vector<std::vector<std::vector<Value>>> batches) {
  std::vector<types::RecordBatch> out;
  for (const auto& rows : batches) {
    auto batch = types::RecordBatch::FromRows(schema, rows);
    EXPECT_TRUE(batch.ok()) << batch.status().ToString();
    out.push_back(*batch);
  }
  return query::QueryOutput::Records(std::move(schema), std::move(out));
}

Value Ms(int64_t v) { return Value::Timestamp(v, TimeUnit::kMillisecond); }

// `select cpu,ts,host from demo limit 1` of spec §5.5.
query::QueryOutput Demo() {
  return Records(MakeSchema({{"cpu", DataType::Float64()},
                             {"ts", DataType::TimestampMillisecond()},
                             {"host", DataType::String()}}),
                 {{{Value::Float64(66.6), Ms(0), Value::String("host, \"name")}}});
}

SqlHttpResponse Render(const query::QueryOutput& out, SqlFormat format, int64_t ms = 1,
                       std::optional<uint64_t> limit = std::nullopt,
                       std::optional<TimeUnit> epoch = std::nullopt) {
  std::vector<query::QueryOutput> outs{out};
  return RenderSqlOutputs(outs, format, epoch, limit, ms);
}

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string HeaderOf(const SqlHttpResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "<missing>";
}

std::string Value1(const Value& v) {
  auto col = types::MakeConstantColumn(v.type(), v, 1);
  return RenderJsonValue(*col, 0);
}

TEST(SqlFormatTest, GreptimedbV1MatchesSpecExample) {
  auto out = Records(MakeSchema({{"host", DataType::String()},
                                 {"cpu", DataType::Float64()},
                                 {"memory", DataType::Float64()},
                                 {"ts", DataType::TimestampMillisecond()}}),
                     {{{Value::String("host, \"name"), Value::Float64(66.6),
                        Value::Float64(1024.0), Ms(0)}}});
  auto r = Render(out, SqlFormat::kGreptimedbV1, 3);
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body,
            R"({"output":[{"records":{"schema":{"column_schemas":[{"name":"host","data_type":"String"},{"name":"cpu","data_type":"Float64"},{"name":"memory","data_type":"Float64"},{"name":"ts","data_type":"TimestampMillisecond"}]},"rows":[["host, \"name",66.6,1024.0,0]],"total_rows":1}}],"execution_time_ms":3})");
  EXPECT_EQ(r.headers, (Headers{{"x-greptime-format", "greptimedb_v1"},
                                {"x-greptime-execution-time", "3"}}));
}

TEST(SqlFormatTest, CsvVariantsMatchSpecExamples) {
  auto r = Render(Demo(), SqlFormat::kCsv);
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(r.body, "66.6,0,\"host, \"\"name\"\r\n");
  EXPECT_EQ(r.headers, (Headers{{"x-greptime-format", "csv"}, {"x-greptime-execution-time", "1"}}));
  r = Render(Demo(), SqlFormat::kCsvWithNames);
  EXPECT_EQ(r.body, "cpu,ts,host\r\n66.6,0,\"host, \"\"name\"\r\n");
  EXPECT_EQ(HeaderOf(r, "x-greptime-format"), "csv");
  r = Render(Demo(), SqlFormat::kCsvWithNamesAndTypes);
  EXPECT_EQ(r.body,
            "cpu,ts,host\r\nFloat64,TimestampMillisecond,String\r\n66.6,0,\"host, \"\"name\"\r\n");
  EXPECT_EQ(HeaderOf(r, "x-greptime-format"), "csv");
}

TEST(SqlFormatTest, JsonNullAndTableMatchSpecExamples) {
  auto r = Render(Demo(), SqlFormat::kJson);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"data":[{"cpu":66.6,"host":"host, \"name","ts":0}],"execution_time_ms":1})");
  EXPECT_EQ(HeaderOf(r, "x-greptime-format"), "json");

  r = Render(Demo(), SqlFormat::kNull);
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(r.body, "1 rows in set.\nElapsed: 0.001 sec.\n");
  EXPECT_EQ(HeaderOf(r, "x-greptime-format"), "null");

  r = Render(Demo(), SqlFormat::kTable);
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(r.body,
            "┌─cpu──┬─ts─┬─host───────────┐\n"
            "│ 66.6 │ 0  │ \"host, \\\"name\" │\n"
            "└──────┴────┴────────────────┘\n");
  EXPECT_EQ(HeaderOf(r, "x-greptime-format"), "table");

  auto hosts = Records(MakeSchema({{"host", DataType::String()},
                                   {"ts", DataType::TimestampMillisecond()},
                                   {"cpu", DataType::Float64()},
                                   {"memory", DataType::Float64()}}),
                       {{{Value::String("127.0.0.1"), Ms(1702433141000), Value::Float64(0.5),
                          Value::Float64(0.2)},
                         {Value::String("127.0.0.2"), Ms(1702433146000), Value::Float64(0.2),
                          Value::Float64(0.4)}}});
  EXPECT_EQ(Render(hosts, SqlFormat::kTable).body,
            "┌─host────────┬─ts────────────┬─cpu─┬─memory─┐\n"
            "│ \"127.0.0.1\" │ 1702433141000 │ 0.5 │ 0.2    │\n"
            "│ \"127.0.0.2\" │ 1702433146000 │ 0.2 │ 0.4    │\n"
            "└─────────────┴───────────────┴─────┴────────┘\n");
}

TEST(SqlFormatTest, InfluxdbV1MatchesSpecExampleAndConvertsEpoch) {
  auto out = Records(MakeSchema({{"host", DataType::String()},
                                 {"ts", DataType::TimestampMillisecond()},
                                 {"cpu", DataType::Float64()},
                                 {"memory", DataType::Float64()}}),
                     {{{Value::String("127.0.0.1"), Ms(1667446797450), Value::Float64(0.1),
                        Value::Float64(0.4)}}});
  auto r = Render(out, SqlFormat::kInfluxdbV1, 2, std::nullopt, TimeUnit::kMillisecond);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body,
            R"({"results":[{"statement_id":0,"series":[{"name":"","columns":["host","ts","cpu","memory"],"values":[["127.0.0.1",1667446797450,0.1,0.4]]}]}],"execution_time_ms":2})");
  EXPECT_EQ(HeaderOf(r, "x-greptime-format"), "influxdb_v1");

  auto ts_only = [](int64_t v) {
    return Records(MakeSchema({{"ts", DataType::TimestampMillisecond()}}), {{{Ms(v)}}});
  };
  auto values = [&](int64_t v, std::optional<TimeUnit> epoch) {
    std::string body = Render(ts_only(v), SqlFormat::kInfluxdbV1, 0, std::nullopt, epoch).body;
    size_t start = body.find("\"values\":") + 9;
    return body.substr(start, body.find("]]", start) + 2 - start);
  };
  EXPECT_EQ(values(1667446797450, std::nullopt), "[[1667446797450]]");
  EXPECT_EQ(values(1667446797450, TimeUnit::kSecond), "[[1667446797]]");
  EXPECT_EQ(values(1667446797450, TimeUnit::kMicrosecond), "[[1667446797450000]]");
  EXPECT_EQ(values(1667446797450, TimeUnit::kNanosecond), "[[1667446797450000000]]");
  EXPECT_EQ(values(-1, TimeUnit::kSecond), "[[-1]]");  // floor division
  // Overflow while refining keeps the original value.
  EXPECT_EQ(values(std::numeric_limits<int64_t>::max() / 10, TimeUnit::kNanosecond),
            "[[" + std::to_string(std::numeric_limits<int64_t>::max() / 10) + "]]");
  // The limit does not apply to influxdb_v1.
  auto two = Records(MakeSchema({{"ts", DataType::TimestampMillisecond()}}),
                     {{{Ms(1)}, {Ms(2)}}});
  EXPECT_NE(Render(two, SqlFormat::kInfluxdbV1, 0, 1).body.find("[[1],[2]]"), std::string::npos);
}

TEST(SqlFormatTest, FloatsUseShortestRoundTripWithGreptimeLayout) {
  EXPECT_EQ(FormatJsonFloat(1024.0), "1024.0");
  EXPECT_EQ(FormatJsonFloat(66.6), "66.6");
  EXPECT_EQ(FormatJsonFloat(1e16), "1e16");
  EXPECT_EQ(FormatJsonFloat(1e15), "1000000000000000.0");
  EXPECT_EQ(FormatJsonFloat(1.5e-7), "1.5e-7");
  EXPECT_EQ(FormatJsonFloat(1e-5), "0.00001");
  EXPECT_EQ(FormatJsonFloat(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatJsonFloat(-0.0), "-0.0");
  EXPECT_EQ(FormatJsonFloat(0.0), "0.0");
  EXPECT_EQ(FormatJsonFloat(-2.5), "-2.5");
  EXPECT_EQ(FormatJsonFloat(1.2345678901234567e20), "1.2345678901234567e20");
  EXPECT_EQ(FormatJsonFloat(std::nan("")), "null");
  EXPECT_EQ(FormatJsonFloat(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(FormatJsonFloat(-std::numeric_limits<double>::infinity()), "null");
  // Float32 is widened to f64 first, as GreptimeDB does.
  EXPECT_EQ(Value1(Value::Float32(0.1f)), "0.10000000149011612");
  EXPECT_EQ(Value1(Value::Float32(2.0f)), "2.0");
}

TEST(SqlFormatTest, RendersEveryValueType) {
  EXPECT_EQ(Value1(Value::Boolean(true)), "true");
  EXPECT_EQ(Value1(Value::Boolean(false)), "false");
  EXPECT_EQ(Value1(Value::Int8(-128)), "-128");
  EXPECT_EQ(Value1(Value::Int64(std::numeric_limits<int64_t>::min())), "-9223372036854775808");
  EXPECT_EQ(Value1(Value::UInt64(std::numeric_limits<uint64_t>::max())), "18446744073709551615");
  EXPECT_EQ(Value1(Value::UInt8(255)), "255");
  EXPECT_EQ(Value1(Value::String("a\"b\\c\n\x01é")), "\"a\\\"b\\\\c\\n\\u0001é\"");
  EXPECT_EQ(Value1(Value::Binary("hi")), "[104,105]");
  EXPECT_EQ(Value1(Value::Binary("")), "[]");
  EXPECT_EQ(Value1(Value::Binary("\xff")), "[255]");
  EXPECT_EQ(Value1(Value::Date(19000)), "19000");
  EXPECT_EQ(Value1(Value::Date(-1)), "-1");
  EXPECT_EQ(Value1(Value::Timestamp(1667446797450123456, TimeUnit::kNanosecond)),
            "1667446797450123456");
  EXPECT_EQ(Value1(Value::Timestamp(-5, TimeUnit::kSecond)), "-5");
  EXPECT_EQ(Value1(Value::Decimal128(1230, 10, 2)), "\"12.30\"");
  EXPECT_EQ(Value1(Value::Decimal128(-5, 10, 2)), "\"-0.05\"");
  EXPECT_EQ(Value1(Value::Decimal128(7, 10, 0)), "\"7\"");
  EXPECT_EQ(Value1(Value::Interval({0, 0, 1000})), "1000");
  EXPECT_EQ(Value1(Value::Interval({0, 1, 0})), "18446744073709551616");  // 1 << 64
  EXPECT_EQ(Value1(Value::Interval({1, 0, 0})), "79228162514264337593543950336");  // 1 << 96
  EXPECT_EQ(Value1(Value::Interval({0, 0, -1})), "18446744073709551615");  // ns bits only
  EXPECT_EQ(Value1(Value::Interval({-1, 0, 0})), "-79228162514264337593543950336");
  EXPECT_EQ(Value1(Value::Vector({1, 2, 3})), "\"[1,2,3]\"");
  EXPECT_EQ(Value1(Value::Json(R"({"b": 1, "a": [true, null, "x"]})")),
            R"({"a":[true,null,"x"],"b":1})");
  auto null_col = types::MakeConstantColumn(DataType::Int64(), Value::Null(), 1);
  EXPECT_EQ(RenderJsonValue(*null_col, 0), "null");
  EXPECT_EQ(RenderJsonValue(*null_col, 7), "null");  // out of range stays harmless
}

TEST(SqlFormatTest, CanonicalJsonSortsKeysAndNormalisesNumbers) {
  EXPECT_EQ(CanonicalJson(R"( { "b" : {"z":1,"y":2} , "a" : 1.50 } )"),
            R"({"a":1.5,"b":{"y":2,"z":1}})");
  EXPECT_EQ(CanonicalJson(R"({"a":1,"a":2})"), R"({"a":2})");
  EXPECT_EQ(CanonicalJson("[-2.5e3, 1e20, -0, 18446744073709551615, 18446744073709551616]"),
            "[-2500.0,1e20,0,18446744073709551615,1.8446744073709552e19]");
  EXPECT_EQ(CanonicalJson(R"("\u00e9\ud83d\ude00\/\n")"), "\"é😀/\\n\"");
  EXPECT_EQ(CanonicalJson("{}"), "{}");
  EXPECT_EQ(CanonicalJson("[]"), "[]");
  EXPECT_EQ(CanonicalJson("{\"a\" 1}"), std::nullopt);
  EXPECT_EQ(CanonicalJson("[1,]"), std::nullopt);
  EXPECT_EQ(CanonicalJson("01"), std::nullopt);
  EXPECT_EQ(CanonicalJson("\"\\ud800\""), std::nullopt);
  EXPECT_EQ(CanonicalJson("true false"), std::nullopt);
  EXPECT_EQ(CanonicalJson(std::string(100000, '[')), std::nullopt);
  EXPECT_EQ(CanonicalJson(""), std::nullopt);
}

TEST(SqlFormatTest, EmptyResultsKeepSchema) {
  auto schema = MakeSchema({{"a", DataType::Int64()}, {"b", DataType::String()}});
  auto no_batches = query::QueryOutput::Records(schema, {});
  auto empty_batch = query::QueryOutput::Records(schema, {types::RecordBatch::MakeEmpty(schema)});
  for (const auto& out : {no_batches, empty_batch}) {
    EXPECT_EQ(Render(out, SqlFormat::kGreptimedbV1, 5).body,
              R"({"output":[{"records":{"schema":{"column_schemas":[{"name":"a","data_type":"Int64"},{"name":"b","data_type":"String"}]},"rows":[],"total_rows":0}}],"execution_time_ms":5})");
    EXPECT_EQ(Render(out, SqlFormat::kCsv).body, "");
    EXPECT_EQ(Render(out, SqlFormat::kCsvWithNames).body, "a,b\r\n");
    EXPECT_EQ(Render(out, SqlFormat::kCsvWithNamesAndTypes).body, "a,b\r\nInt64,String\r\n");
    EXPECT_EQ(Render(out, SqlFormat::kJson, 2).body, R"({"data":[],"execution_time_ms":2})");
    EXPECT_EQ(Render(out, SqlFormat::kNull, 1234).body, "0 rows in set.\nElapsed: 1.234 sec.\n");
    EXPECT_EQ(Render(out, SqlFormat::kTable).body, "┌─a─┬─b─┐\n└───┴───┘\n");
  }
  // influxdb_v1: a result without batches has no columns (as GreptimeDB).
  EXPECT_EQ(Render(no_batches, SqlFormat::kInfluxdbV1, 0).body,
            R"({"results":[{"statement_id":0,"series":[{"name":"","columns":[],"values":[]}]}],"execution_time_ms":0})");
  EXPECT_EQ(Render(empty_batch, SqlFormat::kInfluxdbV1, 0).body,
            R"({"results":[{"statement_id":0,"series":[{"name":"","columns":["a","b"],"values":[]}]}],"execution_time_ms":0})");
}

TEST(SqlFormatTest, AffectedRowsInEveryFormat) {
  auto out = query::QueryOutput::AffectedRows(3);
  EXPECT_EQ(Render(out, SqlFormat::kGreptimedbV1, 11).body,
            R"({"output":[{"affectedrows":3}],"execution_time_ms":11})");
  EXPECT_EQ(Render(out, SqlFormat::kCsv).body, "3\n");
  EXPECT_EQ(Render(out, SqlFormat::kCsvWithNamesAndTypes).body, "3\n");
  EXPECT_EQ(Render(out, SqlFormat::kJson, 4).body,
            R"({"affected_rows":3,"data":[],"execution_time_ms":4})");
  EXPECT_EQ(Render(out, SqlFormat::kTable).body, "3\n");
  EXPECT_EQ(Render(out, SqlFormat::kNull, 11).body, "3 rows affected.\nElapsed: 0.011 sec.\n");
  EXPECT_EQ(Render(out, SqlFormat::kInfluxdbV1, 1).body,
            R"({"results":[{"statement_id":0,"series":[]}],"execution_time_ms":1})");
}

TEST(SqlFormatTest, NoStatements) {
  std::vector<query::QueryOutput> none;
  EXPECT_EQ(RenderSqlOutputs(none, SqlFormat::kGreptimedbV1, std::nullopt, std::nullopt, 0).body,
            R"({"execution_time_ms":0})");
  EXPECT_EQ(RenderSqlOutputs(none, SqlFormat::kInfluxdbV1, std::nullopt, std::nullopt, 0).body,
            R"({"results":[],"execution_time_ms":0})");
  EXPECT_EQ(RenderSqlOutputs(none, SqlFormat::kCsv, std::nullopt, std::nullopt, 0).body, "");
  EXPECT_EQ(RenderSqlOutputs(none, SqlFormat::kJson, std::nullopt, std::nullopt, 0).body, "");
  EXPECT_EQ(RenderSqlOutputs(none, SqlFormat::kTable, std::nullopt, std::nullopt, 0).body, "");
  EXPECT_EQ(RenderSqlOutputs(none, SqlFormat::kNull, std::nullopt, std::nullopt, 0).status, 500u);
}

TEST(SqlFormatTest, MultiStatements) {
  std::vector<query::QueryOutput> outs{query::QueryOutput::AffectedRows(3), Demo()};
  auto r = RenderSqlOutputs(outs, SqlFormat::kGreptimedbV1, std::nullopt, std::nullopt, 7);
  EXPECT_EQ(r.body,
            R"({"output":[{"affectedrows":3},{"records":{"schema":{"column_schemas":[{"name":"cpu","data_type":"Float64"},{"name":"ts","data_type":"TimestampMillisecond"},{"name":"host","data_type":"String"}]},"rows":[[66.6,0,"host, \"name"]],"total_rows":1}}],"execution_time_ms":7})");
  r = RenderSqlOutputs(outs, SqlFormat::kInfluxdbV1, TimeUnit::kSecond, std::nullopt, 2);
  EXPECT_EQ(r.body,
            R"({"results":[{"statement_id":0,"series":[]},{"statement_id":1,"series":[{"name":"","columns":["cpu","ts","host"],"values":[[66.6,0,"host, \"name"]]}]}],"execution_time_ms":2})");

  const std::pair<SqlFormat, std::string> rejected[] = {
      {SqlFormat::kCsv, "csv"},     {SqlFormat::kCsvWithNames, "csv"},
      {SqlFormat::kCsvWithNamesAndTypes, "csv"}, {SqlFormat::kJson, "json"},
      {SqlFormat::kTable, "table"}, {SqlFormat::kNull, "null"},
      {SqlFormat::kArrow, "arrow"}};
  for (const auto& [format, name] : rejected) {
    r = RenderSqlOutputs(outs, format, std::nullopt, std::nullopt, 1);
    EXPECT_EQ(r.status, 400u) << name;
    EXPECT_EQ(r.content_type, "application/json");
    EXPECT_EQ(r.body, "{\"code\":1004,\"error\":\"cannot output multi-statements result in " +
                          name + " format\",\"execution_time_ms\":1}");
    EXPECT_EQ(HeaderOf(r, "x-greptime-err-code"), "1004");
  }
}

TEST(SqlFormatTest, LimitTruncatesAcrossBatches) {
  auto schema = MakeSchema({{"n", DataType::Int64()}});
  auto out = Records(schema, {{{Value::Int64(1)}, {Value::Int64(2)}},
                              {{Value::Int64(3)}, {Value::Int64(4)}}});
  std::string body = Render(out, SqlFormat::kGreptimedbV1, 0).body;
  EXPECT_NE(body.find("\"rows\":[[1],[2],[3],[4]],\"total_rows\":4"), std::string::npos) << body;
  body = Render(out, SqlFormat::kGreptimedbV1, 0, 3).body;
  EXPECT_NE(body.find("\"rows\":[[1],[2],[3]],\"total_rows\":3"), std::string::npos) << body;
  body = Render(out, SqlFormat::kGreptimedbV1, 0, 0).body;
  EXPECT_NE(body.find("\"rows\":[],\"total_rows\":0"), std::string::npos) << body;
  EXPECT_EQ(Render(out, SqlFormat::kCsv, 0, 2).body, "1\r\n2\r\n");
  EXPECT_EQ(Render(out, SqlFormat::kJson, 0, 1).body, R"({"data":[{"n":1}],"execution_time_ms":0})");
  EXPECT_EQ(Render(out, SqlFormat::kTable, 0, 1).body, "┌─n─┐\n│ 1 │\n└───┘\n");
  // null ignores the limit.
  EXPECT_EQ(Render(out, SqlFormat::kNull, 0, 1).body, "4 rows in set.\nElapsed: 0.000 sec.\n");
  // Limit applies to every result set of a multi-statement request.
  std::vector<query::QueryOutput> outs{out, out};
  body = RenderSqlOutputs(outs, SqlFormat::kGreptimedbV1, std::nullopt, 1, 0).body;
  EXPECT_EQ(body.find("\"total_rows\":4"), std::string::npos);
  EXPECT_NE(body.find("\"rows\":[[1]],\"total_rows\":1}},{\"records\""), std::string::npos);
}

TEST(SqlFormatTest, CsvValueRules) {
  auto schema = MakeSchema({{"s", DataType::String()},
                            {"f", DataType::Float64()},
                            {"d", DataType::Decimal128(10, 2)},
                            {"b", DataType::Binary()},
                            {"j", DataType::Json()},
                            {"v", DataType::Vector(2)},
                            {"t", DataType::Boolean()}});
  auto out = Records(schema, {{{Value::String("a\r\nb"), Value::Float64(std::nan("")),
                                Value::Decimal128(1230, 10, 2), Value::Binary("hi"),
                                Value::Json(R"({"b":1,"a":"x,y"})"), Value::Vector({1, 2}),
                                Value::Boolean(true)},
                               {Value::Null(), Value::Float64(1.0), Value::Null(), Value::Null(),
                                Value::Json("\"plain\""), Value::Null(), Value::Null()},
                               {Value::String(""), Value::Null(), Value::Null(), Value::Null(),
                                Value::Json("null"), Value::Null(), Value::Boolean(false)}}});
  EXPECT_EQ(Render(out, SqlFormat::kCsvWithNamesAndTypes).body,
            "s,f,d,b,j,v,t\r\n"
            "String,Float64,\"Decimal(10, 2)\",Binary,Json,Vector(2),Boolean\r\n"
            "\"a\r\nb\",,12.30,\"[104,105]\","
            "\"{\"\"a\"\":\"\"x,y\"\",\"\"b\"\":1}\",\"[1,2]\",true\r\n"
            ",1.0,,,plain,,\r\n"
            ",,,,,,false\r\n");
  // A record without any byte is written as "" (one empty field).
  auto single = Records(MakeSchema({{"s", DataType::String()}}),
                        {{{Value::Null()}, {Value::String("x")}}});
  EXPECT_EQ(Render(single, SqlFormat::kCsv).body, "\"\"\r\nx\r\n");
}

TEST(SqlFormatTest, JsonFormatSortsKeysAndCollapsesDuplicates) {
  auto out = Records(MakeSchema({{"b", DataType::Int64()},
                                 {"a", DataType::Int64()},
                                 {"b", DataType::String()},
                                 {"B", DataType::Float64()}}),
                     {{{Value::Int64(1), Value::Int64(2), Value::String("last"), Value::Null()}}});
  EXPECT_EQ(Render(out, SqlFormat::kJson, 9).body,
            R"({"data":[{"B":null,"a":2,"b":"last"}],"execution_time_ms":9})");
}

TEST(SqlFormatTest, TablePadsByCharactersAndShowsNull) {
  auto out = Records(MakeSchema({{"é", DataType::String()}, {"n", DataType::Int64()}}),
                     {{{Value::String("ü"), Value::Null()}}});
  // Widths count bytes ("\"ü\"" is 4 bytes); padding counts characters, as Rust's fmt does.
  EXPECT_EQ(Render(out, SqlFormat::kTable).body,
            "┌─é────┬─n────┐\n"
            "│ \"ü\"  │ null │\n"
            "└──────┴──────┘\n");
}

TEST(SqlFormatTest, ArrowIsUnsupported) {
  auto r = Render(Demo(), SqlFormat::kArrow, 1);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.body,
            R"({"code":1001,"error":"Not supported: arrow output format","execution_time_ms":1})");
}

TEST(SqlFormatTest, ErrorsFollowStatusTable) {
  auto r = RenderSqlError(Status(StatusCode::kTableNotFound,
                                 "Failed to plan SQL: Table not found: greptime.public.demo2"),
                          1);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body,
            R"({"code":4001,"error":"Failed to plan SQL: Table not found: greptime.public.demo2","execution_time_ms":1})");
  EXPECT_EQ(r.headers,
            (Headers{{"x-greptime-err-code", "4001"},
                     {"x-greptime-err-msg",
                      "error: Failed to plan SQL: Table not found: greptime.public.demo2, "
                      "execution_time_ms: 1"}}));

  const std::pair<StatusCode, unsigned> cases[] = {
      {StatusCode::kUnsupported, 400},        {StatusCode::kInvalidArguments, 400},
      {StatusCode::kCancelled, 504},          {StatusCode::kDeadlineExceeded, 504},
      {StatusCode::kExternal, 503},           {StatusCode::kInvalidSyntax, 400},
      {StatusCode::kPlanQuery, 400},          {StatusCode::kEngineExecuteQuery, 500},
      {StatusCode::kRegionReadonly, 401},     {StatusCode::kRegionBusy, 503},
      {StatusCode::kRateLimited, 429},        {StatusCode::kUserNotFound, 401},
      {StatusCode::kAccessDenied, 403},       {StatusCode::kRuntimeResourcesExhausted, 500},
      {StatusCode::kDatabaseNotFound, 400},   {StatusCode::kStorageUnavailable, 503}};
  for (const auto& [code, http] : cases) {
    EXPECT_EQ(RenderSqlError(Status(code, "x"), 0).status, http) << static_cast<int>(code);
  }
}

TEST(SqlFormatTest, ErrorsMaskUnknownAndInternal) {
  auto r = RenderSqlError(Status(StatusCode::kInternal, "secret path /etc"), 2);
  EXPECT_EQ(r.status, 500u);
  EXPECT_EQ(r.body, R"({"code":1003,"error":"Internal error: 1003","execution_time_ms":2})");
  EXPECT_EQ(HeaderOf(r, "x-greptime-err-msg"), "error: Internal error: 1003, execution_time_ms: 2");
  r = RenderSqlError(Status(StatusCode::kUnknown, "secret"), 0);
  EXPECT_EQ(r.status, 500u);
  EXPECT_EQ(r.body, R"({"code":1000,"error":"Internal error: 1000","execution_time_ms":0})");
  // Other server errors keep their text.
  r = RenderSqlError(Status(StatusCode::kUnexpected, "boom"), 0);
  EXPECT_EQ(r.body, R"({"code":1002,"error":"boom","execution_time_ms":0})");
}

TEST(SqlFormatTest, ErrorHeaderEscapesNonAscii) {
  auto r = RenderSqlError(Status(StatusCode::kInvalidArguments, "caf\xc3\xa9 \"q\""), 3);
  EXPECT_EQ(r.body, "{\"code\":1004,\"error\":\"caf\xc3\xa9 \\\"q\\\"\",\"execution_time_ms\":3}");
  // Once escaping is needed the whole value is escaped like Rust's ascii::escape_default.
  EXPECT_EQ(HeaderOf(r, "x-greptime-err-msg"),
            "error: caf\\xc3\\xa9 \\\"q\\\", execution_time_ms: 3");
  r = RenderSqlError(Status(StatusCode::kInvalidSyntax, "line1\nline2\t'x'"), 0);
  EXPECT_EQ(HeaderOf(r, "x-greptime-err-msg"),
            "error: line1\\nline2\\t\\'x\\', execution_time_ms: 0");
  EXPECT_EQ(r.body, R"({"code":2000,"error":"line1\nline2\t'x'","execution_time_ms":0})");
  // Visible ASCII (quotes included) and tabs pass unchanged.
  r = RenderSqlError(Status(StatusCode::kInvalidSyntax, "a\t\"b\"\\"), 0);
  EXPECT_EQ(HeaderOf(r, "x-greptime-err-msg"), "error: a\t\"b\"\\, execution_time_ms: 0");
}

TEST(SqlFormatTest, ParsesFormatAndEpoch) {
  EXPECT_EQ(ParseSqlFormat("CSV"), SqlFormat::kCsv);
  EXPECT_EQ(ParseSqlFormat("csvWithNames"), SqlFormat::kCsvWithNames);
  EXPECT_EQ(ParseSqlFormat("CSVWITHNAMESANDTYPES"), SqlFormat::kCsvWithNamesAndTypes);
  EXPECT_EQ(ParseSqlFormat("Json"), SqlFormat::kJson);
  EXPECT_EQ(ParseSqlFormat("table"), SqlFormat::kTable);
  EXPECT_EQ(ParseSqlFormat("NULL"), SqlFormat::kNull);
  EXPECT_EQ(ParseSqlFormat("arrow"), SqlFormat::kArrow);
  EXPECT_EQ(ParseSqlFormat("InfluxDB_V1"), SqlFormat::kInfluxdbV1);
  EXPECT_EQ(ParseSqlFormat("greptimedb_v1"), SqlFormat::kGreptimedbV1);
  EXPECT_EQ(ParseSqlFormat("yaml"), SqlFormat::kGreptimedbV1);
  EXPECT_EQ(ParseSqlFormat(""), SqlFormat::kGreptimedbV1);

  EXPECT_EQ(ParseEpoch("ns"), TimeUnit::kNanosecond);
  EXPECT_EQ(ParseEpoch("NS"), TimeUnit::kNanosecond);
  EXPECT_EQ(ParseEpoch("u"), TimeUnit::kMicrosecond);
  EXPECT_EQ(ParseEpoch("U"), TimeUnit::kMicrosecond);
  EXPECT_EQ(ParseEpoch("\xc2\xb5"), TimeUnit::kMicrosecond);
  EXPECT_EQ(ParseEpoch("ms"), TimeUnit::kMillisecond);
  EXPECT_EQ(ParseEpoch("S"), TimeUnit::kSecond);
  EXPECT_EQ(ParseEpoch("us"), TimeUnit::kMillisecond);
  EXPECT_EQ(ParseEpoch("h"), TimeUnit::kMillisecond);
  EXPECT_EQ(ParseEpoch(""), TimeUnit::kMillisecond);
}

}  // namespace
}  // namespace greptime::servers
