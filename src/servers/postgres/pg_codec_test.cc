// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Message codecs, value encoding (text and binary), parameter literals and SQL text handling.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "common/testing.h"
#include "servers/postgres/pg_catalog.h"
#include "servers/postgres/pg_copy.h"
#include "servers/postgres/pg_message.h"
#include "servers/postgres/pg_sql.h"
#include "servers/postgres/pg_types.h"

namespace greptime::servers::postgres {
namespace {

using types::DataType;
using types::Value;

std::string Be32(uint32_t v) { return MessageWriter().Int32(v).Take(); }
std::string Be16(uint16_t v) { return MessageWriter().Int16(v).Take(); }

// ----- messages ----------------------------------------------------------------------------

TEST(PgMessageTest, DecodesTheStartupPacketFamily) {
  ASSERT_OK_AND_ASSIGN(auto ssl, DecodeStartup(Be32(kSslRequestCode)));
  EXPECT_EQ(ssl.kind, StartupPacket::Kind::kSsl);
  ASSERT_OK_AND_ASSIGN(auto gss, DecodeStartup(Be32(kGssEncRequestCode)));
  EXPECT_EQ(gss.kind, StartupPacket::Kind::kGssEnc);
  ASSERT_OK_AND_ASSIGN(auto cancel, DecodeStartup(Be32(kCancelRequestCode) + Be32(7) + Be32(9)));
  EXPECT_EQ(cancel.kind, StartupPacket::Kind::kCancel);
  EXPECT_EQ(cancel.cancel_pid, 7u);
  EXPECT_EQ(cancel.cancel_secret, 9u);

  const std::string params = std::string("user\0bob\0database\0public\0\0", 26);
  ASSERT_OK_AND_ASSIGN(auto startup, DecodeStartup(Be32(kProtocolVersion3) + params));
  EXPECT_EQ(startup.kind, StartupPacket::Kind::kStartup);
  EXPECT_EQ(startup.params.at("user"), "bob");
  EXPECT_EQ(startup.params.at("database"), "public");

  EXPECT_FALSE(DecodeStartup("").ok());
  EXPECT_FALSE(DecodeStartup(Be32(kSslRequestCode) + "x").ok());
  EXPECT_FALSE(DecodeStartup(Be32(kCancelRequestCode) + Be32(1)).ok());
  EXPECT_EQ(DecodeStartup(Be32(2 << 16)).status().message(),
            "unsupported frontend protocol 2.0: server supports 3.0 to 3.0");
  // Missing final terminator, value without NUL, trailing bytes.
  EXPECT_FALSE(DecodeStartup(Be32(kProtocolVersion3) + std::string("user\0bob\0", 9)).ok());
  EXPECT_FALSE(DecodeStartup(Be32(kProtocolVersion3) + std::string("user\0bob", 8)).ok());
  EXPECT_FALSE(DecodeStartup(Be32(kProtocolVersion3) + std::string("\0x", 2)).ok());
}

TEST(PgMessageTest, DecodesExtendedQueryMessages) {
  ASSERT_OK_AND_ASSIGN(
      auto parse, DecodeParse(std::string("s1\0SELECT $1\0", 13) + Be16(1) + Be32(oid::kInt4)));
  EXPECT_EQ(parse.name, "s1");
  EXPECT_EQ(parse.query, "SELECT $1");
  EXPECT_EQ(parse.param_types, std::vector<uint32_t>{oid::kInt4});
  EXPECT_FALSE(DecodeParse(std::string("s1\0SELECT 1\0", 12) + Be16(2) + Be32(1)).ok());

  // Portal "p", statement "s", formats [1], params ["ab", NULL], result formats [0, 1].
  std::string bind = std::string("p\0s\0", 4) + Be16(1) + Be16(1) + Be16(2) + Be32(2) + "ab" +
                     Be32(0xFFFFFFFF) + Be16(2) + Be16(0) + Be16(1);
  ASSERT_OK_AND_ASSIGN(auto b, DecodeBind(bind));
  EXPECT_EQ(b.portal, "p");
  EXPECT_EQ(b.statement, "s");
  EXPECT_EQ(b.param_formats, std::vector<int16_t>{1});
  ASSERT_EQ(b.params.size(), 2u);
  EXPECT_EQ(b.params[0], "ab");
  EXPECT_FALSE(b.params[1].has_value());
  EXPECT_EQ(b.result_formats, (std::vector<int16_t>{0, 1}));
  EXPECT_EQ(FormatCode(b.result_formats, 1), 1);
  EXPECT_EQ(FormatCode({}, 5), 0);
  EXPECT_EQ(FormatCode({1}, 5), 1);

  // Truncated value, negative length, trailing bytes, bad format code, format count mismatch.
  EXPECT_FALSE(DecodeBind(std::string("\0\0", 2) + Be16(0) + Be16(1) + Be32(10) + "ab").ok());
  EXPECT_FALSE(DecodeBind(std::string("\0\0", 2) + Be16(0) + Be16(1) + Be32(0x80000000)).ok());
  EXPECT_FALSE(DecodeBind(std::string("\0\0", 2) + Be16(0) + Be16(0) + Be16(0) + "x").ok());
  EXPECT_FALSE(DecodeBind(std::string("\0\0", 2) + Be16(1) + Be16(2) + Be16(0) + Be16(0)).ok());
  EXPECT_FALSE(DecodeBind(std::string("\0\0", 2) + Be16(2) + Be16(0) + Be16(0) + Be16(1) +
                          Be32(0xFFFFFFFF) + Be16(0))
                   .ok());

  ASSERT_OK_AND_ASSIGN(auto d, DecodeDescribe(std::string("Pname\0", 6)));
  EXPECT_EQ(d.kind, 'P');
  EXPECT_EQ(d.name, "name");
  EXPECT_FALSE(DecodeDescribe(std::string("Xname\0", 6)).ok());
  EXPECT_FALSE(DecodeClose("S").ok());
  ASSERT_OK_AND_ASSIGN(auto e, DecodeExecute(std::string("\0", 1) + Be32(10)));
  EXPECT_EQ(e.max_rows, 10u);
  EXPECT_FALSE(DecodeExecute(std::string("\0", 1) + Be16(1)).ok());
  ASSERT_OK_AND_ASSIGN(auto q, DecodeCString(std::string("SELECT 1\0", 9), "Query"));
  EXPECT_EQ(q, "SELECT 1");
  EXPECT_FALSE(DecodeCString("SELECT 1", "Query").ok());
  EXPECT_FALSE(DecodeCString(std::string("a\0b\0", 4), "Query").ok());
}

TEST(PgMessageTest, EncodesBackendMessages) {
  std::string out;
  AppendReadyForQuery(out);
  EXPECT_EQ(out, std::string("Z\0\0\0\5I", 6));
  out.clear();
  AppendDataRow(out, {std::string("1"), std::nullopt});
  EXPECT_EQ(out, std::string("D\0\0\0\x0f\0\2\0\0\0\1"
                             "1\xff\xff\xff\xff",
                             16));
  out.clear();
  AppendRowDescription(out, {{"a", oid::kInt4, 4, 1}});
  EXPECT_EQ(out, "T" + Be32(4 + 2 + 2 + 18) + Be16(1) + std::string("a\0", 2) + Be32(0) + Be16(0) +
                     Be32(oid::kInt4) + Be16(4) + Be32(0xFFFFFFFF) + Be16(1));
  out.clear();
  AppendErrorResponse(out, ErrorFromStatus(Status(StatusCode::kTableNotFound, "no t")));
  EXPECT_EQ(out.substr(5), std::string("SERROR\0VERROR\0C42P01\0Mno t\0\0", 28));
  out.clear();
  const size_t start = BeginMessage(out, 'C');
  out += std::string("OK 1\0", 5);
  FinishMessage(out, start);
  std::string expected;
  AppendCommandComplete(expected, "OK 1");
  EXPECT_EQ(out, expected);
}

TEST(PgMessageTest, MapsStatusCodesToSqlState) {
  EXPECT_EQ(SqlState(StatusCode::kUnsupported), "0A000");
  EXPECT_EQ(SqlState(StatusCode::kInvalidArguments), "22023");
  EXPECT_EQ(SqlState(StatusCode::kInvalidSyntax), "42601");
  EXPECT_EQ(SqlState(StatusCode::kPlanQuery), "P0000");
  EXPECT_EQ(SqlState(StatusCode::kTableAlreadyExists), "42P07");
  EXPECT_EQ(SqlState(StatusCode::kTableColumnNotFound), "42703");
  EXPECT_EQ(SqlState(StatusCode::kDatabaseNotFound), "42704");
  EXPECT_EQ(SqlState(StatusCode::kDeadlineExceeded), "57000");
  EXPECT_EQ(SqlState(StatusCode::kRateLimited), "54000");
  EXPECT_EQ(SqlState(StatusCode::kUserPasswordMismatch), "28P01");
  EXPECT_EQ(SqlState(StatusCode::kPermissionDenied), "42501");
  EXPECT_EQ(SqlState(StatusCode::kInternal), "XX000");
  EXPECT_EQ(ErrorFromStatus(Status(StatusCode::kAuthHeaderNotFound, "x")).severity, "FATAL");
  EXPECT_EQ(ErrorFromStatus(Status(StatusCode::kTableNotFound, "x")).severity, "ERROR");
}

// ----- types -------------------------------------------------------------------------------

TEST(PgTypesTest, MapsDataTypesToOids) {
  EXPECT_EQ(PgTypeOf(DataType::Int8()).oid, oid::kInt2);
  EXPECT_EQ(PgTypeOf(DataType::UInt8()).oid, oid::kInt2);
  EXPECT_EQ(PgTypeOf(DataType::UInt16()).oid, oid::kInt4);
  EXPECT_EQ(PgTypeOf(DataType::UInt32()).oid, oid::kInt8);
  EXPECT_EQ(PgTypeOf(DataType::UInt64()).oid, oid::kNumeric);
  EXPECT_EQ(PgTypeOf(DataType::Decimal128(10, 2)).oid, oid::kNumeric);
  EXPECT_EQ(PgTypeOf(DataType::Float32()).oid, oid::kFloat4);
  EXPECT_EQ(PgTypeOf(DataType::String()).oid, oid::kVarchar);
  EXPECT_EQ(PgTypeOf(DataType::Binary()).oid, oid::kBytea);
  EXPECT_EQ(PgTypeOf(DataType::Vector(3)).oid, oid::kBytea);
  EXPECT_EQ(PgTypeOf(DataType::TimestampNanosecond()).oid, oid::kTimestamp);
  EXPECT_EQ(PgTypeOf(DataType::Date()).oid, oid::kDate);
  EXPECT_EQ(PgTypeOf(DataType::IntervalMonthDayNano()).oid, oid::kInterval);
  EXPECT_EQ(PgTypeOf(DataType::Json()).oid, oid::kJson);
  EXPECT_EQ(PgTypeOf(DataType::Null()).oid, oid::kUnknown);
  EXPECT_EQ(PgTypeName(oid::kTimestamp), "timestamp without time zone");
  EXPECT_EQ(PgTypeOidByName("BIGINT"), oid::kInt8);
  EXPECT_EQ(PgTypeOidByName("nonsense"), 0u);
}

std::string Text(const Value& v, EncodeOptions options = {}) {
  auto r = EncodeValue(v, 0, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() && *r ? **r : "<null>";
}

std::string Binary(const Value& v) {
  auto r = EncodeValue(v, 1, EncodeOptions{});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() && *r ? **r : "<null>";
}

TEST(PgTypesTest, EncodesValuesAsText) {
  EXPECT_EQ(Text(Value::Boolean(true)), "t");
  EXPECT_EQ(Text(Value::Int8(-5)), "-5");
  EXPECT_EQ(Text(Value::UInt64(18446744073709551615ull)), "18446744073709551615");
  EXPECT_EQ(Text(Value::Float64(1.5)), "1.5");
  EXPECT_EQ(Text(Value::Float64(100)), "100");
  EXPECT_EQ(Text(Value::Float64(1e20)), "1e+20");
  EXPECT_EQ(Text(Value::Float64(1.5e-5)), "1.5e-05");
  EXPECT_EQ(Text(Value::Float64(0.0001)), "0.0001");
  EXPECT_EQ(Text(Value::Float64(-123456789012345.0)), "-123456789012345");
  EXPECT_EQ(Text(Value::Float64(1e15)), "1e+15");
  EXPECT_EQ(Text(Value::Float64(NAN)), "NaN");
  EXPECT_EQ(Text(Value::Float64(-INFINITY)), "-Infinity");
  EXPECT_EQ(Text(Value::Float32(0.1f)), "0.1");
  EXPECT_EQ(Text(Value::Float32(1234567.0f)), "1.234567e+06");
  EXPECT_EQ(Text(Value::Decimal128(-12340, 10, 3)), "-12.340");
  EXPECT_EQ(Text(Value::String("it's")), "it's");
  EXPECT_EQ(Text(Value::Binary(std::string("\0\xff", 2))), "\\x00ff");
  EncodeOptions escape;
  escape.bytea_escape = true;
  EXPECT_EQ(Text(Value::Binary(std::string("a\\\x01", 3)), escape), "a\\\\\\001");
  EXPECT_EQ(Text(Value::Date(19782)), "2024-02-29");
  EXPECT_EQ(Text(Value::Timestamp(1704164645123456, TimeUnit::kMicrosecond)),
            "2024-01-02 03:04:05.123456");
  EXPECT_EQ(Text(Value::Timestamp(1704164645000, TimeUnit::kMillisecond)), "2024-01-02 03:04:05");
  EXPECT_EQ(Text(Value::Timestamp(-1, TimeUnit::kSecond)), "1969-12-31 23:59:59");
  EncodeOptions shanghai;
  ASSERT_OK_AND_ASSIGN(shanghai.zone, TimeZone::Parse("+08:00"));
  EXPECT_EQ(Text(Value::Timestamp(0, TimeUnit::kSecond), shanghai), "1970-01-01 08:00:00");
  EXPECT_EQ(Text(Value::Interval({14, 3, 4'000'000'000'000 + 500'000})),
            "1 year 2 mons 3 days 01:06:40.0005");
  EXPECT_EQ(Text(Value::Interval({0, 0, -3'600'000'000'000})), "-01:00:00");
  EXPECT_EQ(Text(Value::Interval({0, 0, 0})), "00:00:00");
  EXPECT_EQ(Text(Value::Json("{\"a\": 1}")), "{\"a\":1}");
  auto null = EncodeValue(Value::Null(), 0, EncodeOptions{});
  ASSERT_TRUE(null.ok());
  EXPECT_FALSE(null->has_value());
}

TEST(PgTypesTest, EncodesValuesAsBinary) {
  EXPECT_EQ(Binary(Value::Boolean(true)), std::string("\1", 1));
  EXPECT_EQ(Binary(Value::Int8(-2)), Be16(0xFFFE));
  EXPECT_EQ(Binary(Value::UInt16(65535)), Be32(65535));
  EXPECT_EQ(Binary(Value::Int32(-1)), Be32(0xFFFFFFFF));
  EXPECT_EQ(Binary(Value::UInt32(7)), MessageWriter().Int64(7).Take());
  EXPECT_EQ(Binary(Value::Float64(1.0)), MessageWriter().Int64(0x3FF0000000000000ull).Take());
  EXPECT_EQ(Binary(Value::Float32(1.0f)), Be32(0x3F800000));
  EXPECT_EQ(Binary(Value::String("x")), "x");
  // 2000-01-01 is day 0 and microsecond 0.
  EXPECT_EQ(Binary(Value::Date(10957 + 3)), Be32(3));
  EXPECT_EQ(Binary(Value::Timestamp(946684800'000'001, TimeUnit::kMicrosecond)),
            MessageWriter().Int64(1).Take());
  EXPECT_EQ(Binary(Value::Timestamp(946684799, TimeUnit::kSecond)),
            MessageWriter().Int64(static_cast<uint64_t>(-1'000'000)).Take());
  EXPECT_EQ(Binary(Value::Interval({2, 3, 4000})),
            MessageWriter().Int64(4).Int32(3).Int32(2).Take());
  ASSERT_OK_AND_ASSIGN(std::string numeric, DecodeNumericBinary(Binary(Value::UInt64(10001))));
  EXPECT_EQ(numeric, "10001");
}

TEST(PgTypesTest, NumericBinaryRoundTrips) {
  for (const char* text : {"0", "1", "-1", "10000", "0.0001", "-12.340", "123456789.987654321",
                           "99999999999999999999999999.5", "0.00"}) {
    ASSERT_OK_AND_ASSIGN(std::string bytes, EncodeNumericBinary(text));
    ASSERT_OK_AND_ASSIGN(std::string back, DecodeNumericBinary(bytes));
    EXPECT_EQ(back, text);
  }
  // -12.34: 1 group before the point (12), one after (3400), negative, dscale 2.
  ASSERT_OK_AND_ASSIGN(std::string bytes, EncodeNumericBinary("-12.34"));
  EXPECT_EQ(bytes, Be16(2) + Be16(0) + Be16(0x4000) + Be16(2) + Be16(12) + Be16(3400));
  EXPECT_FALSE(EncodeNumericBinary("1e5").ok());
  EXPECT_FALSE(DecodeNumericBinary(Be16(1) + Be16(0) + Be16(0) + Be16(0)).ok());
  EXPECT_FALSE(DecodeNumericBinary(Be16(1) + Be16(0) + Be16(0) + Be16(0) + Be16(10000)).ok());
  EXPECT_FALSE(DecodeNumericBinary(Be16(0) + Be16(0) + Be16(0x1234) + Be16(0)).ok());
}

// ----- parameters --------------------------------------------------------------------------

std::string Literal(std::optional<std::string> v, uint32_t type, int16_t format = 0) {
  auto r = ParamLiteral(v, type, format, 0);
  return r.ok() ? *r : "ERROR " + r.status().message();
}

TEST(PgParamsTest, TextParametersBecomeSafeLiterals) {
  EXPECT_EQ(Literal(std::nullopt, oid::kInt4), "NULL");
  EXPECT_EQ(Literal("42", oid::kInt4), "42");
  EXPECT_EQ(Literal(" -42 ", oid::kInt8), "(-42)");
  EXPECT_EQ(Literal("1.5e3", oid::kFloat8), "1.5e3");
  EXPECT_EQ(Literal("-.5", oid::kNumeric), "(-0.5)");
  EXPECT_EQ(Literal("NaN", oid::kFloat8), "CAST('NaN' AS DOUBLE)");
  EXPECT_EQ(Literal("yes", oid::kBool), "true");
  EXPECT_EQ(Literal("\\x00ff", oid::kBytea), "X'00ff'");
  EXPECT_EQ(Literal("a\\\\b\\001", oid::kBytea), "X'615c6201'");
  EXPECT_EQ(Literal("it's", oid::kText), "'it''s'");
  EXPECT_EQ(Literal("x' OR '1'='1", 0), "'x'' OR ''1''=''1'");
  EXPECT_EQ(Literal("2024-01-02 03:04:05", oid::kTimestamp), "'2024-01-02 03:04:05'");
  for (auto [value, type] : std::vector<std::pair<std::string, uint32_t>>{{"1 OR 1=1", oid::kInt4},
                                                                          {"--1", oid::kInt8},
                                                                          {"1e", oid::kFloat8},
                                                                          {"maybe", oid::kBool},
                                                                          {"\\xzz", oid::kBytea},
                                                                          {"", oid::kInt2}}) {
    EXPECT_TRUE(Literal(value, type).starts_with("ERROR invalid_parameter_type: ")) << value;
  }
}

TEST(PgParamsTest, BinaryParametersDecodeByType) {
  EXPECT_EQ(Literal(Be16(0xFFFF), oid::kInt2, 1), "(-1)");
  EXPECT_EQ(Literal(Be32(70000), oid::kInt4, 1), "70000");
  EXPECT_EQ(Literal(MessageWriter().Int64(static_cast<uint64_t>(-5)).Take(), oid::kInt8, 1),
            "(-5)");
  EXPECT_EQ(Literal(Be32(0x3FC00000), oid::kFloat4, 1), "1.5");
  EXPECT_EQ(Literal(MessageWriter().Int64(0xC004000000000000ull).Take(), oid::kFloat8, 1),
            "(-2.5)");
  EXPECT_EQ(Literal(std::string("\0", 1), oid::kBool, 1), "false");
  EXPECT_EQ(Literal(std::string("\0'", 2), oid::kBytea, 1), "X'0027'");
  EXPECT_EQ(Literal("o'k", oid::kVarchar, 1), "'o''k'");
  EXPECT_EQ(Literal(Be32(3), oid::kDate, 1), "'2000-01-04'");
  EXPECT_EQ(Literal(MessageWriter().Int64(1'500'000).Take(), oid::kTimestamp, 1),
            "'2000-01-01 00:00:01.500000'");
  EXPECT_EQ(Literal(MessageWriter().Int64(static_cast<uint64_t>(-1)).Take(), oid::kTimestamptz, 1),
            "'1999-12-31 23:59:59.999999+00:00'");
  ASSERT_OK_AND_ASSIGN(std::string numeric, EncodeNumericBinary("-12.34"));
  EXPECT_EQ(Literal(numeric, oid::kNumeric, 1), "(-12.34)");
  EXPECT_EQ(Literal(std::string("\1{}", 3), oid::kJsonb, 1), "'{}'");
  // Wrong sizes and types without a binary form.
  EXPECT_TRUE(Literal(Be16(1), oid::kInt4, 1).starts_with("ERROR invalid_parameter_type"));
  EXPECT_TRUE(Literal("x", oid::kInterval, 1).starts_with("ERROR invalid_parameter_type"));
  EXPECT_EQ(Literal(Be32(1), 0, 1),
            "ERROR unknown_parameter_type: Cannot get type for parameter 0, try to provide a "
            "type using $0::<type>");
}

// ----- SQL text ----------------------------------------------------------------------------

TEST(PgSqlTest, SplitsStatements) {
  ASSERT_OK_AND_ASSIGN(auto parts, SplitStatements("SELECT 1; SELECT ';' -- c\n ;; /* x */"));
  EXPECT_EQ(parts, (std::vector<std::string>{"SELECT 1", "SELECT ';'"}));
  ASSERT_OK_AND_ASSIGN(auto none, SplitStatements("  -- only a comment"));
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(SplitStatements("SELECT 'open").status().code(), StatusCode::kInvalidSyntax);
}

TEST(PgSqlTest, FindsAndSubstitutesPlaceholders) {
  const std::string sql = "SELECT $2, '$1', $1::int4 FROM t WHERE a = $2";
  ASSERT_OK_AND_ASSIGN(auto ps, FindPlaceholders(sql));
  ASSERT_EQ(ps.size(), 3u);
  EXPECT_EQ(ParamCount(ps), 2u);
  EXPECT_EQ(SubstituteParams(sql, ps, {"'x'", "(-1)"}),
            "SELECT  (-1) , '$1',  'x' ::int4 FROM t WHERE a =  (-1) ");
  EXPECT_EQ(CastParamTypes(sql, 2), (std::vector<uint32_t>{oid::kInt4, 0}));
  EXPECT_EQ(CastParamTypes("SELECT $1::pg_catalog.text", 1), std::vector<uint32_t>{oid::kText});
  EXPECT_FALSE(FindPlaceholders("SELECT $0").ok());
  EXPECT_FALSE(FindPlaceholders("SELECT $70000").ok());
}

TEST(PgSqlTest, RewritesPostgresSpellings) {
  EXPECT_EQ(RewritePgSql("SELECT pg_catalog.version()"), "SELECT version()");
  EXPECT_EQ(RewritePgSql("SELECT 'a' OPERATOR(pg_catalog.~) '^a' COLLATE pg_catalog.default"),
            "SELECT 'a'  ~  '^a' ");
  EXPECT_EQ(RewritePgSql("SELECT x::pg_catalog.text"), "SELECT x::text");
  EXPECT_EQ(RewritePgSql("INSERT INTO t VALUES ('\\x00ff'::bytea)"),
            "INSERT INTO t VALUES (X'00ff')");
  EXPECT_EQ(RewritePgSql("SELECT pg_catalog.pg_class.x FROM t"),
            "SELECT pg_catalog.pg_class.x FROM t");
  EXPECT_EQ(RewritePgSql("SELECT 'open"), "SELECT 'open");
}

TEST(PgSqlTest, NormalizesForMatching) {
  EXPECT_EQ(NormalizeSql("  SELECT\n  Version( ) ;"), "select version( )");
  EXPECT_EQ(NormalizeSql("SHOW 'Keep Case'"), "show 'Keep Case'");
  EXPECT_TRUE(IsQueryStatement("select 1"));
  EXPECT_TRUE(IsQueryStatement("with x as (select 1) select * from x"));
  EXPECT_TRUE(IsQueryStatement("describe table t"));
  EXPECT_FALSE(IsQueryStatement("selection"));
  EXPECT_FALSE(IsQueryStatement("insert into t values (1)"));
}

TEST(PgCopyTest, ParsesCopyToStdout) {
  ASSERT_OK_AND_ASSIGN(auto none, ParseCopy("SELECT 1"));
  EXPECT_FALSE(none.has_value());
  ASSERT_OK_AND_ASSIGN(auto q, ParseCopy("COPY (SELECT a, (b) FROM t) TO STDOUT"));
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->query, "SELECT a, (b) FROM t");
  EXPECT_EQ(q->format, CopyRequest::Format::kText);
  ASSERT_OK_AND_ASSIGN(auto t,
                       ParseCopy("copy public.t (a, b) to stdout with (format csv, header)"));
  EXPECT_EQ(t->query, "SELECT a, b FROM public.t");
  EXPECT_EQ(t->format, CopyRequest::Format::kCsv);
  EXPECT_TRUE(t->header);
  ASSERT_OK_AND_ASSIGN(auto old, ParseCopy("COPY t TO STDOUT BINARY"));
  EXPECT_EQ(old->format, CopyRequest::Format::kBinary);
  EXPECT_EQ(ParseCopy("COPY t FROM STDIN").status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(ParseCopy("COPY t TO '/etc/passwd'").status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(ParseCopy("COPY (SELECT 1 TO STDOUT").status().code(), StatusCode::kInvalidSyntax);
  EXPECT_EQ(ParseCopy("COPY t TO STDOUT (FORMAT").status().code(), StatusCode::kInvalidSyntax);
  EXPECT_FALSE(ParseCopy("COPY t TO STDOUT (FORMAT xml)").ok());
}

TEST(PgCatalogTest, ReadsSelectListsAndRecognisesCatalogQueries) {
  auto items = SelectItems(
      "SELECT n.nspname as \"Schema\", c.relname, CASE c.relkind WHEN 'r' THEN 'table' END "
      "as \"Type\", pg_catalog.pg_get_userbyid(c.relowner), count(*), 1 + 1, x y, "
      "(SELECT 1 FROM z) FROM pg_catalog.pg_class c");
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Schema", "relname", "Type", "pg_get_userbyid",
                                             "count", "?column?", "y", "?column?"}));
  EXPECT_EQ(items[0].expr, "n.nspname");
  EXPECT_EQ(items[6].expr, "x");
  EXPECT_TRUE(ReadsPgCatalog("select * from pg_catalog.pg_class c"));
  EXPECT_TRUE(ReadsPgCatalog("select 1 from t left join pg_namespace n on true"));
  EXPECT_FALSE(ReadsPgCatalog("select * from information_schema.tables"));
  EXPECT_FALSE(ReadsPgCatalog("select 'from pg_class'"));
  EXPECT_FALSE(ReadsPgCatalog("select * from pg_my_own_table"));
}

}  // namespace
}  // namespace greptime::servers::postgres
