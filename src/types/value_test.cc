// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "types/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "types/number_format.h"
#include "types/test_macros.h"

namespace greptime::types {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(FloatFormatTest, Float64UsesShortestRoundTripWithFraction) {
  EXPECT_EQ(FormatFloat64(1024.0), "1024.0");
  EXPECT_EQ(FormatFloat64(47.26666666666667), "47.26666666666667");
  EXPECT_EQ(FormatFloat64(11.8), "11.8");
  EXPECT_EQ(FormatFloat64(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatFloat64(0.0), "0.0");
  EXPECT_EQ(FormatFloat64(-0.0), "-0.0");
  EXPECT_EQ(FormatFloat64(-7.0), "-7.0");
  EXPECT_EQ(FormatFloat64(0.0001), "0.0001");
  EXPECT_EQ(FormatFloat64(1e-5), "0.00001");
  EXPECT_EQ(FormatFloat64(1e-6), "1e-6");
  EXPECT_EQ(FormatFloat64(1e-12), "1e-12");
  EXPECT_EQ(FormatFloat64(1.5e-7), "1.5e-7");
  EXPECT_EQ(FormatFloat64(1e15), "1000000000000000.0");
  EXPECT_EQ(FormatFloat64(9007199254740992.0), "9007199254740992.0");
  EXPECT_EQ(FormatFloat64(1e16), "1e16");
  EXPECT_EQ(FormatFloat64(-1e17), "-1e17");
  EXPECT_EQ(FormatFloat64(1e308), "1e308");
  EXPECT_EQ(FormatFloat64(3.999999872114277e38), "3.999999872114277e38");
  EXPECT_EQ(FormatFloat64(-1.7014118346046924e37), "-1.7014118346046924e37");
  EXPECT_EQ(FormatFloat64(kNaN), "NaN");
  EXPECT_EQ(FormatFloat64(kInf), "inf");
  EXPECT_EQ(FormatFloat64(-kInf), "-inf");
}

TEST(FloatFormatTest, Float32HasItsOwnDigitsAndRange) {
  EXPECT_EQ(FormatFloat32(1.2345679f), "1.2345679");
  EXPECT_EQ(FormatFloat32(0.000001f), "0.000001");
  EXPECT_EQ(FormatFloat32(1e-10f), "1e-10");
  EXPECT_EQ(FormatFloat32(1e10f), "10000000000.0");
  EXPECT_EQ(FormatFloat32(1e13f), "1e13");
  EXPECT_EQ(FormatFloat32(2e38f), "2e38");
  EXPECT_EQ(FormatFloat32(-1e38f), "-1e38");
  EXPECT_EQ(FormatFloat32(static_cast<float>(-1.7014118346046923e37)), "-1.7014119e37");
  EXPECT_EQ(FormatFloat32(1.1f), "1.1");
  EXPECT_EQ(FormatFloat32(std::numeric_limits<float>::quiet_NaN()), "NaN");
}

TEST(FloatFormatTest, RustDisplayAndDebugForms) {
  EXPECT_EQ(FormatFloat64Display(0.0), "0");
  EXPECT_EQ(FormatFloat64Display(1.5), "1.5");
  EXPECT_EQ(FormatFloat64Display(1e20), "100000000000000000000");
  EXPECT_EQ(FormatFloat64Display(1e-7), "0.0000001");
  EXPECT_EQ(FormatFloat32Display(2.0f), "2");
  EXPECT_EQ(FormatFloat64Debug(100.0), "100.0");
  EXPECT_EQ(FormatFloat64Debug(1e16), "1e16");
  EXPECT_EQ(FormatFloat64Debug(0.0001), "0.0001");
  EXPECT_EQ(FormatFloat64Debug(0.00001), "1e-5");
  EXPECT_EQ(FormatFloat32Debug(1.7014118e37f), "1.7014119e37");
  EXPECT_EQ(FormatFloat32Debug(3.5f), "3.5");
  EXPECT_EQ(FormatFloat64Debug(-kInf), "-inf");
}

TEST(DecimalFormatTest, PrintsWithScale) {
  EXPECT_EQ(FormatDecimal128(10, 2), "0.10");
  EXPECT_EQ(FormatDecimal128(-5, 1), "-0.5");
  EXPECT_EQ(FormatDecimal128(123, 0), "123");
  EXPECT_EQ(FormatDecimal128(1, 10), "0.0000000001");
  EXPECT_EQ(FormatDecimal128(-12345, 2), "-123.45");
  EXPECT_EQ(FormatDecimal128(DecimalMaxUnscaled(38), 0), std::string(38, '9'));
  EXPECT_EQ(Int128ToString(std::numeric_limits<int128_t>::min()),
            "-170141183460469231731687303715884105728");
}

TEST(DecimalFormatTest, ParsesAndRoundsHalfAwayFromZero) {
  ASSERT_OK_AND_ASSIGN(int128_t a, ParseDecimal128("1.23499999", 3));
  EXPECT_EQ(FormatDecimal128(a, 3), "1.235");
  ASSERT_OK_AND_ASSIGN(int128_t b, ParseDecimal128("1.234499999", 3));
  EXPECT_EQ(FormatDecimal128(b, 3), "1.234");
  ASSERT_OK_AND_ASSIGN(int128_t c, ParseDecimal128("-1.023450000001", 4));
  EXPECT_EQ(FormatDecimal128(c, 4), "-1.0235");
  ASSERT_OK_AND_ASSIGN(int128_t d, ParseDecimal128(" 12 ", 2));
  EXPECT_EQ(d, 1200);
  ASSERT_OK_AND_ASSIGN(int128_t e, ParseDecimal128("1.5e2", 0));
  EXPECT_EQ(e, 150);
  ASSERT_OK_AND_ASSIGN(int128_t f, ParseDecimal128(".5", 0));
  EXPECT_EQ(f, 1);
  EXPECT_FALSE(ParseDecimal128("abc", 2).ok());
  EXPECT_FALSE(ParseDecimal128("1.2.3", 2).ok());
  EXPECT_FALSE(ParseDecimal128("", 2).ok());
  EXPECT_FALSE(ParseDecimal128("1e400", 0).ok());
}

TEST(ValueTest, RendersScalarsAsTheSqlnessGrid) {
  EXPECT_EQ(Value::Boolean(true).ToString(), "true");
  EXPECT_EQ(Value::Boolean(false).ToString(), "false");
  EXPECT_EQ(Value::Int8(-128).ToString(), "-128");
  EXPECT_EQ(Value::UInt8(255).ToString(), "255");
  EXPECT_EQ(Value::UInt64(18446744073709551615ULL).ToString(), "18446744073709551615");
  EXPECT_EQ(Value::Float64(80.0).ToString(), "80.0");
  EXPECT_EQ(Value::Float32(10.3f).ToString(), "10.3");
  EXPECT_EQ(Value::Decimal128(10, 3, 2).ToString(), "0.10");
  EXPECT_EQ(Value::String("héllo").ToString(), "héllo");
  EXPECT_EQ(Value::Binary(std::string("\\xaa\x01\xff", 6)).ToString(),
            "5c786161"
            "01ff");
  EXPECT_EQ(Value::Date(19723).ToString(), "2024-01-01");
  EXPECT_EQ(Value::Json(R"({ "a" : 1, "b" : [true, null, "x y"] })").ToString(),
            R"({"a":1,"b":[true,null,"x y"]})");
  EXPECT_EQ(Value::Vector({1.0f, 2.0f, 3.0f}).ToString(), "[1,2,3]");
  EXPECT_EQ(Value::Vector({1.5f, -0.25f}).ToString(), "[1.5,-0.25]");
  EXPECT_EQ(Value::Null().ToString(), "NULL");
}

TEST(ValueTest, RendersTimestampsInUtcIsoForm) {
  EXPECT_EQ(Value::Timestamp(1667446797450, TimeUnit::kMillisecond).ToString(),
            "2022-11-03T03:39:57.450");
  EXPECT_EQ(Value::Timestamp(0, TimeUnit::kSecond).ToString(), "1970-01-01T00:00:00");
  EXPECT_EQ(Value::Timestamp(1, TimeUnit::kMillisecond).ToString(), "1970-01-01T00:00:00.001");
  EXPECT_EQ(Value::Timestamp(1, TimeUnit::kMicrosecond).ToString(), "1970-01-01T00:00:00.000001");
  EXPECT_EQ(Value::Timestamp(1, TimeUnit::kNanosecond).ToString(), "1970-01-01T00:00:00.000000001");
}

TEST(ValueTest, RendersIntervalsLikeArrow) {
  EXPECT_EQ(Value::Interval({14, 3, 14706000100000}).ToString(),
            "14 mons 3 days 4 hours 5 mins 6.000100000 secs");
  EXPECT_EQ(Value::Interval({0, 0, -3300000000000}).ToString(), "-55 mins");
  EXPECT_EQ(Value::Interval({0, 0, -3900000000000}).ToString(), "-1 hours -5 mins");
  EXPECT_EQ(Value::Interval({18, 0, 0}).ToString(), "18 mons");
  EXPECT_EQ(Value::Interval({-2, 0, 0}).ToString(), "-2 mons");
  EXPECT_EQ(Value::Interval({12, 17, 14400000000000}).ToString(), "12 mons 17 days 4 hours");
  EXPECT_EQ(Value::Interval({0, 0, 163343856789000000}).ToString(),
            "45373 hours 17 mins 36.789000000 secs");
  EXPECT_EQ(Value::Interval({0, 0, -1500000000}).ToString(), "-1.500000000 secs");
  EXPECT_EQ(Value::Interval({0, 0, 0}).ToString(), "");
}

TEST(ValueTest, DisplayFormForDefaults) {
  EXPECT_EQ(Value::Float64(0.0).ToDisplayString(), "0");
  EXPECT_EQ(Value::Float64(0.70978713).ToDisplayString(), "0.70978713");
  EXPECT_EQ(Value::String("idc").ToDisplayString(), "idc");
  EXPECT_EQ(Value::Timestamp(1706572800000, TimeUnit::kMillisecond).ToDisplayString(),
            "2024-01-30 00:00:00+0000");
  EXPECT_EQ(Value::Int32(-1024).ToDisplayString(), "-1024");
}

TEST(ValueTest, OrdersNullsFirstAndNaNLast) {
  EXPECT_LT(Value::Null(), Value::Int64(-5));
  EXPECT_EQ(Value::Null(), Value());
  EXPECT_LT(Value::Float64(kInf), Value::Float64(kNaN));
  EXPECT_LT(Value::Float64(-kInf), Value::Float64(-1.0));
  EXPECT_EQ(Value::Float64(kNaN), Value::Float64(-kNaN));
  EXPECT_EQ(Value::Float64(-0.0), Value::Float64(0.0));
  EXPECT_EQ(Value::Float64(-0.0).Hash(), Value::Float64(0.0).Hash());
  EXPECT_EQ(Value::Float64(kNaN).Hash(), Value::Float64(-kNaN).Hash());
  EXPECT_LT(Value::String("a"), Value::String("b"));
  EXPECT_LT(Value::String("a"), Value::String("ab"));
  EXPECT_LT(Value::String("z"), Value::String("\xc3\xa9"));  // bytes compare unsigned
  EXPECT_LT(Value::Decimal128(-5, 3, 1), Value::Decimal128(2, 3, 1));
  EXPECT_LT(Value::Interval({1, 0, 0}), Value::Interval({1, 1, 0}));
  EXPECT_LT(Value::Timestamp(1, TimeUnit::kSecond), Value::Timestamp(2, TimeUnit::kSecond));
  EXPECT_LT(Value::Vector({1.0f, 2.0f}), Value::Vector({1.0f, 3.0f}));
}

TEST(ValueTest, DifferentTypesNeverCompareEqual) {
  EXPECT_NE(Value::Int32(1), Value::Int64(1));
  EXPECT_NE(Value::Timestamp(1, TimeUnit::kSecond), Value::Timestamp(1, TimeUnit::kMillisecond));
  EXPECT_NE(Value::String("a"), Value::Binary("a"));
  // The cross-type order is total and antisymmetric.
  Value a = Value::Int32(5);
  Value b = Value::Float64(1.0);
  EXPECT_EQ(a.Compare(b), -b.Compare(a));
  EXPECT_NE(a.Compare(b), 0);
}

TEST(ValueTest, ConvertsExactlyToInt64AndFloat64) {
  EXPECT_EQ(Value::UInt32(7).ToInt64(), 7);
  EXPECT_EQ(Value::UInt64(UINT64_MAX).ToInt64(), std::nullopt);
  EXPECT_EQ(Value::Timestamp(42, TimeUnit::kSecond).ToInt64(), 42);
  EXPECT_EQ(Value::String("1").ToInt64(), std::nullopt);
  EXPECT_EQ(Value::Decimal128(125, 5, 2).ToFloat64(), 1.25);
  EXPECT_EQ(Value::Int8(-3).ToFloat64(), -3.0);
  EXPECT_EQ(Value::Date(1).ToFloat64(), std::nullopt);
}

Status CastStatus(const Value& v, const DataType& t) { return v.CastTo(t).status(); }

TEST(ValueCastTest, ChecksIntegerRanges) {
  Status s = CastStatus(Value::Int64(200), DataType::Int8());
  EXPECT_EQ(s.code(), StatusCode::kEngineExecuteQuery);
  EXPECT_EQ(s.message(), "Cast error: Can't cast value 200 to type Int8");
  EXPECT_EQ(CastStatus(Value::Int32(-1), DataType::UInt32()).message(),
            "Cast error: Can't cast value -1 to type UInt32");
  ASSERT_OK_AND_ASSIGN(Value v, Value::Int64(127).CastTo(DataType::Int8()));
  EXPECT_EQ(v, Value::Int8(127));
  ASSERT_OK_AND_ASSIGN(Value u, Value::UInt64(UINT64_MAX).CastTo(DataType::Float64()));
  EXPECT_EQ(u.AsFloat64(), 18446744073709551615.0);
}

TEST(ValueCastTest, DecimalToIntegerTruncatesAndChecksRange) {
  Status s = CastStatus(Value::Decimal128(128, 3, 0), DataType::Int8());
  EXPECT_EQ(s.code(), StatusCode::kEngineExecuteQuery);
  EXPECT_EQ(s.message(), "Cast error: value of 128 is out of range Int8");
  EXPECT_EQ(CastStatus(Value::Decimal128(2147483648, 18, 0), DataType::Int32()).message(),
            "Cast error: value of 2147483648 is out of range Int32");
  ASSERT_OK_AND_ASSIGN(Value v, Value::Decimal128(-129, 5, 1).CastTo(DataType::Int8()));
  EXPECT_EQ(v, Value::Int8(-12));
}

TEST(ValueCastTest, FloatToIntegerRejectsNaNInfAndOverflow) {
  EXPECT_EQ(CastStatus(Value::Float64(kNaN), DataType::Int32()).message(),
            "Cast error: Can't cast value NaN to type Int32");
  EXPECT_EQ(CastStatus(Value::Float64(kInf), DataType::Int32()).message(),
            "Cast error: Can't cast value inf to type Int32");
  EXPECT_EQ(CastStatus(Value::Float64(-kInf), DataType::Int32()).message(),
            "Cast error: Can't cast value -inf to type Int32");
  EXPECT_EQ(CastStatus(Value::Float64(3e9), DataType::Int32()).message(),
            "Cast error: Can't cast value 3000000000.0 to type Int32");
  ASSERT_OK_AND_ASSIGN(Value a, Value::Float64(3.9).CastTo(DataType::Int32()));
  EXPECT_EQ(a, Value::Int32(3));
  ASSERT_OK_AND_ASSIGN(Value b, Value::Float64(-3.9).CastTo(DataType::Int64()));
  EXPECT_EQ(b, Value::Int64(-3));
}

TEST(ValueCastTest, ParsesStringsStrictly) {
  EXPECT_EQ(CastStatus(Value::String("abc"), DataType::Int32()).message(),
            "Cast error: Cannot cast string 'abc' to value of Int32 type");
  EXPECT_EQ(CastStatus(Value::String("0.5"), DataType::Int32()).message(),
            "Cast error: Cannot cast string '0.5' to value of Int32 type");
  EXPECT_EQ(CastStatus(Value::String("infinityyyy"), DataType::Float64()).message(),
            "Cast error: Cannot cast string 'infinityyyy' to value of Float64 type");
  ASSERT_OK_AND_ASSIGN(Value i, Value::String("-42").CastTo(DataType::Int16()));
  EXPECT_EQ(i, Value::Int16(-42));
  ASSERT_OK_AND_ASSIGN(Value inf, Value::String("-Infinity").CastTo(DataType::Float64()));
  EXPECT_EQ(inf.ToString(), "-inf");
  ASSERT_OK_AND_ASSIGN(Value nan, Value::String("NaN").CastTo(DataType::Float32()));
  EXPECT_TRUE(std::isnan(nan.AsFloat32()));
  ASSERT_OK_AND_ASSIGN(Value f, Value::String("1e3").CastTo(DataType::Float64()));
  EXPECT_EQ(f.ToString(), "1000.0");
  ASSERT_OK_AND_ASSIGN(Value t, Value::String("TRUE").CastTo(DataType::Boolean()));
  EXPECT_EQ(t, Value::Boolean(true));
  EXPECT_FALSE(Value::String("maybe").CastTo(DataType::Boolean()).ok());
}

TEST(ValueCastTest, DecimalCastsRoundAndCheckPrecision) {
  DataType d43 = DataType::Decimal128(4, 3);
  ASSERT_OK_AND_ASSIGN(Value a, Value::String("1.23499999").CastTo(d43));
  EXPECT_EQ(a.ToString(), "1.235");
  ASSERT_OK_AND_ASSIGN(Value b, Value::String("-1.234499999").CastTo(d43));
  EXPECT_EQ(b.ToString(), "-1.234");

  Status s = CastStatus(Value::Float32(100.0f), DataType::Decimal128(3, 1));
  EXPECT_EQ(s.code(), StatusCode::kEngineExecuteQuery);
  EXPECT_EQ(s.message(),
            "Invalid argument error: 100.0 is too large to store in a Decimal128 of precision 3. "
            "Max is 99.9");
  EXPECT_EQ(CastStatus(Value::Int8(1), DataType::Decimal128(3, 3)).message(),
            "Invalid argument error: 1.000 is too large to store in a Decimal128 of precision 3. "
            "Max is 0.999");
  EXPECT_EQ(CastStatus(Value::Float32(100.0f), DataType::Decimal128(38, 37)).message(),
            "Cast error: Cannot cast to Decimal128(38, 37). Overflowing on 100.0");
  EXPECT_EQ(CastStatus(Value::Float64(kNaN), DataType::Decimal128(4, 1)).message(),
            "Cast error: Cannot cast to Decimal128(4, 1). Overflowing on NaN");
  // spec's "controversial cases": 17014118346046923173168730371588410572 as FLOAT / DOUBLE.
  EXPECT_EQ(CastStatus(Value::Float32(static_cast<float>(17014118346046923173168730371588410572.0)),
                       DataType::Decimal128(38, 1))
                .message(),
            "Cast error: Cannot cast to Decimal128(38, 1). Overflowing on 1.7014119e37");
  EXPECT_EQ(CastStatus(Value::Float64(17014118346046923173168730371588410572.0),
                       DataType::Decimal128(38, 1))
                .message(),
            "Cast error: Cannot cast to Decimal128(38, 1). Overflowing on 1.7014118346046924e37");
  EXPECT_EQ(CastStatus(Value::Int32(-1000), DataType::Decimal128(3, 0)).message(),
            "Invalid argument error: -1000 is too small to store in a Decimal128 of precision 3. "
            "Min is -999");

  ASSERT_OK_AND_ASSIGN(Value c, Value::Float32(1.25f).CastTo(DataType::Decimal128(3, 2)));
  EXPECT_EQ(c.ToString(), "1.25");
  ASSERT_OK_AND_ASSIGN(Value d, Value::Int32(100).CastTo(DataType::Decimal128(18, 3)));
  EXPECT_EQ(d.ToString(), "100.000");
  ASSERT_OK_AND_ASSIGN(Value e, Value::Decimal128(-125, 3, 2).CastTo(DataType::Decimal128(2, 1)));
  EXPECT_EQ(e.ToString(), "-1.3");
  ASSERT_OK_AND_ASSIGN(Value f, Value::Decimal128(127, 3, 0).CastTo(DataType::Float32()));
  EXPECT_EQ(f.ToString(), "127.0");
  ASSERT_OK_AND_ASSIGN(Value g, Value::Decimal128(-70, 9, 1).CastTo(DataType::Float64()));
  EXPECT_EQ(g.ToString(), "-7.0");
  ASSERT_OK_AND_ASSIGN(Value h, Value::Decimal128(5, 1, 1).CastTo(DataType::String()));
  EXPECT_EQ(h, Value::String("0.5"));
}

TEST(ValueCastTest, ConvertsTimestampsDatesAndIntegers) {
  DataType ms = DataType::TimestampMillisecond();
  ASSERT_OK_AND_ASSIGN(Value a, Value::String("2024-01-05T00:00:00+08:00").CastTo(ms));
  EXPECT_EQ(a.ToString(), "2024-01-04T16:00:00");
  ASSERT_OK_AND_ASSIGN(TimeZone plus8, TimeZone::Parse("+08:00"));
  ASSERT_OK_AND_ASSIGN(Value b, Value::String("2024-01-03 16:00:00").CastTo(ms, plus8));
  EXPECT_EQ(b.ToString(), "2024-01-03T08:00:00");
  EXPECT_FALSE(Value::String("not a time").CastTo(ms).ok());

  ASSERT_OK_AND_ASSIGN(Value raw, Value::Int64(1).CastTo(ms));
  EXPECT_EQ(raw.ToString(), "1970-01-01T00:00:00.001");
  ASSERT_OK_AND_ASSIGN(Value back, raw.CastTo(DataType::Int64()));
  EXPECT_EQ(back, Value::Int64(1));
  ASSERT_OK_AND_ASSIGN(
      Value secs, Value::Timestamp(-1, TimeUnit::kMillisecond).CastTo(DataType::TimestampSecond()));
  EXPECT_EQ(secs, Value::Timestamp(-1, TimeUnit::kSecond));  // floor
  ASSERT_OK_AND_ASSIGN(Value day, Value::Timestamp(-1, TimeUnit::kSecond).CastTo(DataType::Date()));
  EXPECT_EQ(day.ToString(), "1969-12-31");
  ASSERT_OK_AND_ASSIGN(Value ts, Value::Date(1).CastTo(DataType::TimestampSecond()));
  EXPECT_EQ(ts.AsTimestamp().value, 86400);
  ASSERT_OK_AND_ASSIGN(Value date, Value::String("2024-01-01").CastTo(DataType::Date()));
  EXPECT_EQ(date, Value::Date(19723));
  ASSERT_OK_AND_ASSIGN(
      Value str,
      Value::Timestamp(1667446797450, TimeUnit::kMillisecond).CastTo(DataType::String()));
  EXPECT_EQ(str, Value::String("2022-11-03T03:39:57.450"));
  EXPECT_FALSE(
      Value::Timestamp(INT64_MAX, TimeUnit::kSecond).CastTo(DataType::TimestampNanosecond()).ok());
}

TEST(ValueCastTest, ConvertsStringLikeAndVectors) {
  ASSERT_OK_AND_ASSIGN(Value j, Value::String(R"({"k": [1, 2]})").CastTo(DataType::Json()));
  EXPECT_EQ(j.AsBytes(), R"({"k":[1,2]})");
  EXPECT_EQ(CastStatus(Value::String("{oops"), DataType::Json()).code(),
            StatusCode::kEngineExecuteQuery);
  ASSERT_OK_AND_ASSIGN(Value bin, Value::String("ab").CastTo(DataType::Binary()));
  EXPECT_EQ(bin.ToString(), "6162");
  EXPECT_FALSE(Value::Binary("\xff\xfe").CastTo(DataType::String()).ok());
  ASSERT_OK_AND_ASSIGN(Value s, Value::Binary("ok").CastTo(DataType::String()));
  EXPECT_EQ(s, Value::String("ok"));

  ASSERT_OK_AND_ASSIGN(Value v, Value::String("[1.0, 2.0, 3.0]").CastTo(DataType::Vector(3)));
  EXPECT_EQ(v.ToString(), "[1,2,3]");
  EXPECT_FALSE(Value::String("[1.0, 2.0]").CastTo(DataType::Vector(3)).ok());
  EXPECT_FALSE(Value::String("[]").CastTo(DataType::Vector(1)).ok());
  EXPECT_FALSE(Value::String("1,2").CastTo(DataType::Vector(2)).ok());
}

TEST(ValueCastTest, NullAndIdentityAndUnsupported) {
  ASSERT_OK_AND_ASSIGN(Value n, Value::Null().CastTo(DataType::Int32()));
  EXPECT_TRUE(n.is_null());
  ASSERT_OK_AND_ASSIGN(Value same, Value::Int32(4).CastTo(DataType::Int32()));
  EXPECT_EQ(same, Value::Int32(4));
  ASSERT_OK_AND_ASSIGN(Value b, Value::Boolean(true).CastTo(DataType::Int64()));
  EXPECT_EQ(b, Value::Int64(1));
  ASSERT_OK_AND_ASSIGN(Value f, Value::Float64(0.0).CastTo(DataType::Boolean()));
  EXPECT_EQ(f, Value::Boolean(false));
  EXPECT_EQ(CastStatus(Value::Interval({1, 0, 0}), DataType::Int64()).code(),
            StatusCode::kUnsupported);
  EXPECT_EQ(CastStatus(Value::Vector({1.0f}), DataType::Int64()).code(), StatusCode::kUnsupported);
}

TEST(JsonTest, ValidatesAndCompacts) {
  ASSERT_OK_AND_ASSIGN(std::string a, NormalizeJson(" [ 1 , -2.5e3 , \"a\\\"b\" , {} ] "));
  EXPECT_EQ(a, R"([1,-2.5e3,"a\"b",{}])");
  EXPECT_FALSE(NormalizeJson("{\"a\" 1}").ok());
  EXPECT_FALSE(NormalizeJson("[1,]").ok());
  EXPECT_FALSE(NormalizeJson("01").ok());
  EXPECT_FALSE(NormalizeJson("\"unterminated").ok());
  EXPECT_FALSE(NormalizeJson("true false").ok());
  EXPECT_FALSE(NormalizeJson(std::string(1000, '[')).ok());
}

}  // namespace
}  // namespace greptime::types
