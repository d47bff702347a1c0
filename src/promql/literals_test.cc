// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "promql/literals.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/testing.h"

namespace greptime::promql {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;

std::string DurationError(std::string_view text) {
  Result<nanoseconds> d = ParseDuration(text);
  EXPECT_FALSE(d.ok()) << text;
  return d.ok() ? "" : d.status().message();
}

TEST(PromDurationTest, ParsesEveryUnitAndCombinations) {
  EXPECT_EQ(*ParseDuration("0"), nanoseconds(0));
  EXPECT_EQ(*ParseDuration("5ms"), milliseconds(5));
  EXPECT_EQ(*ParseDuration("5s"), seconds(5));
  EXPECT_EQ(*ParseDuration("5m"), minutes(5));
  EXPECT_EQ(*ParseDuration("2h"), hours(2));
  EXPECT_EQ(*ParseDuration("1d"), hours(24));
  EXPECT_EQ(*ParseDuration("1w"), hours(24 * 7));
  EXPECT_EQ(*ParseDuration("1y"), hours(24 * 365));
  EXPECT_EQ(*ParseDuration("1h30m"), minutes(90));
  EXPECT_EQ(*ParseDuration("1m30ms"), milliseconds(60030));
  EXPECT_EQ(*ParseDuration("1y2w3d4h5m6s7ms"),
            hours(24 * 365 + 24 * 14 + 24 * 3 + 4) + minutes(5) + seconds(6) + milliseconds(7));
  EXPECT_EQ(*ParseDuration("0s"), nanoseconds(0));
}

TEST(PromDurationTest, RejectsWithPrometheusMessages) {
  EXPECT_EQ(DurationError(""), "empty duration string");
  EXPECT_EQ(DurationError("5m1h"), "not a valid duration string: \"5m1h\"");
  EXPECT_EQ(DurationError("5m1m"), "not a valid duration string: \"5m1m\"");
  EXPECT_EQ(DurationError("1.5h"), "unknown unit \".\" in duration \"1.5h\"");
  EXPECT_EQ(DurationError("5"), "not a valid duration string: \"5\"");
  EXPECT_EQ(DurationError("h"), "not a valid duration string: \"h\"");
  EXPECT_EQ(DurationError("5y1hs"), "unknown unit \"hs\" in duration \"5y1hs\"");
  EXPECT_EQ(DurationError("3M"), "unknown unit \"M\" in duration \"3M\"");
  EXPECT_EQ(DurationError("300y"), "duration out of range");
  EXPECT_EQ(DurationError("99999999999999999999s"),
            "not a valid duration string: \"99999999999999999999s\"");
}

TEST(PromDurationTest, FormatsLikeModelDuration) {
  EXPECT_EQ(FormatDuration(nanoseconds(0)), "0s");
  EXPECT_EQ(FormatDuration(nanoseconds(999999)), "0s");  // below millisecond precision
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1s500ms");
  EXPECT_EQ(FormatDuration(minutes(90)), "1h30m");
  EXPECT_EQ(FormatDuration(hours(24 * 90)), "90d");  // weeks only when exact
  EXPECT_EQ(FormatDuration(hours(24 * 14)), "2w");
  EXPECT_EQ(FormatDuration(hours(24 * 365)), "1y");
  EXPECT_EQ(FormatDuration(hours(24 * 366)), "366d");
  EXPECT_EQ(FormatDuration(-minutes(5)), "-5m");
  EXPECT_EQ(FormatDuration(milliseconds(4018)), "4s18ms");
}

TEST(PromNumberTest, ReadsGoIntegerAndFloatSyntax) {
  EXPECT_EQ(*ParseNumber("1"), 1);
  EXPECT_EQ(*ParseNumber("1.5"), 1.5);
  EXPECT_EQ(*ParseNumber(".5"), 0.5);
  EXPECT_EQ(*ParseNumber("5."), 5);
  EXPECT_EQ(*ParseNumber("1e3"), 1000);
  EXPECT_EQ(*ParseNumber("1E-3"), 0.001);
  EXPECT_EQ(*ParseNumber("0x1F"), 31);
  EXPECT_EQ(*ParseNumber("0XfF"), 255);
  EXPECT_EQ(*ParseNumber("010"), 8);  // a leading zero means octal, as in Go
  EXPECT_EQ(*ParseNumber("09"), 9);   // not octal: read as a float
  EXPECT_EQ(*ParseNumber("0o17"), 15);
  EXPECT_EQ(*ParseNumber("0b101"), 5);
  EXPECT_EQ(*ParseNumber("1_000"), 1000);
  EXPECT_EQ(*ParseNumber("1_000.5"), 1000.5);
  EXPECT_EQ(*ParseNumber("0x_1F"), 31);
  EXPECT_EQ(*ParseNumber("9223372036854775808"), 9223372036854775808.0);  // int64 overflow
  EXPECT_EQ(*ParseNumber("1e-400"), 0);  // underflow is not an error
  EXPECT_TRUE(std::isinf(*ParseNumber("Inf")));
  EXPECT_TRUE(std::isinf(*ParseNumber("iNF")));
  EXPECT_TRUE(std::isnan(*ParseNumber("NaN")));
}

TEST(PromNumberTest, RejectsWithGoMessages) {
  EXPECT_EQ(ParseNumber("1e400").status().message(),
            "strconv.ParseFloat: parsing \"1e400\": value out of range");
  EXPECT_EQ(ParseNumber("0x").status().message(),
            "strconv.ParseFloat: parsing \"0x\": invalid syntax");
  EXPECT_EQ(ParseNumber("0xFFFFFFFFFFFFFFFFFF").status().message(),
            "strconv.ParseFloat: parsing \"0xFFFFFFFFFFFFFFFFFF\": invalid syntax");
  EXPECT_FALSE(ParseNumber("1__0").ok());
}

TEST(PromNumberTest, FormatsShortestFixedNotation) {
  EXPECT_EQ(FormatNumber(1), "1");
  EXPECT_EQ(FormatNumber(-1.5), "-1.5");
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(FormatNumber(1e-7), "0.0000001");
  EXPECT_EQ(FormatNumber(1e21), "1000000000000000000000");
  EXPECT_EQ(FormatNumber(1048576), "1048576");
  EXPECT_EQ(FormatNumber(-0.0), "-0");
  EXPECT_EQ(FormatNumber(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatNumber(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatNumber(std::nan("")), "NaN");
  double tiny = std::numeric_limits<double>::denorm_min();
  EXPECT_EQ(*ParseNumber(FormatNumber(tiny)), tiny);
  double big = std::numeric_limits<double>::max();
  EXPECT_EQ(*ParseNumber(FormatNumber(big)), big);
}

TEST(PromStringTest, UnquotesGoEscapes) {
  EXPECT_EQ(*Unquote(R"("a\tb")"), "a\tb");
  EXPECT_EQ(*Unquote(R"('it\'s')"), "it's");
  EXPECT_EQ(*Unquote(R"("say \"hi\"")"), "say \"hi\"");
  EXPECT_EQ(*Unquote(R"("\a\b\f\n\r\t\v\\")"), "\a\b\f\n\r\t\v\\");
  EXPECT_EQ(*Unquote(R"("\x41\101\u00e9\U0001F600")"), "AA\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(*Unquote(R"("\xff")"), "\xff");     // \x yields a raw byte
  EXPECT_EQ(*Unquote("`a\\n\"b`"), "a\\n\"b");  // raw strings keep everything
  EXPECT_EQ(*Unquote("\"\xc3\xa9\""), "\xc3\xa9");
  EXPECT_FALSE(Unquote(R"("\'")").ok());  // \' only inside single quotes
  EXPECT_FALSE(Unquote(R"("\c")").ok());
  EXPECT_FALSE(Unquote(R"("\u0")").ok());
  EXPECT_FALSE(Unquote(R"("\ud800")").ok());
  EXPECT_FALSE(Unquote(R"("abc')").ok());
  EXPECT_FALSE(Unquote("\"a\nb\"").ok());
}

TEST(PromStringTest, QuotesLikeStrconvQuote) {
  EXPECT_EQ(Quote("abc"), R"("abc")");
  EXPECT_EQ(Quote("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(Quote("\a\b\f\n\r\t\v"), R"("\a\b\f\n\r\t\v")");
  EXPECT_EQ(Quote(std::string("\x00\x1f\x7f", 3)), R"("\x00\x1f\x7f")");
  EXPECT_EQ(Quote("\xff"), R"("\xff")");
  EXPECT_EQ(Quote("\xc3\xa9"), "\"\xc3\xa9\"");
  EXPECT_EQ(Quote("\xc2\xa0"), R"("\u00a0")");
  EXPECT_EQ(Quote("'"), R"("'")");
  for (std::string s :
       {std::string("x\xffy\n\"\\\xe2\x80\xa8"), std::string("\x01\xf0\x9f\x98\x80")}) {
    EXPECT_EQ(*Unquote(Quote(s)), s);
  }
}

TEST(PromStringTest, QuotesRunesLikeGo) {
  EXPECT_EQ(QuoteRune('.'), "'.'");
  EXPECT_EQ(QuoteRune('\''), R"('\'')");
  EXPECT_EQ(QuoteRune('"'), R"('"')");
  EXPECT_EQ(QuoteRune(0), R"('\x00')");
  EXPECT_EQ(QuoteRune(-1), "'\xef\xbf\xbd'");
  EXPECT_EQ(FormatRuneU('c'), "U+0063 'c'");
  EXPECT_EQ(FormatRuneU(7), "U+0007");
  EXPECT_EQ(QuoteTruncated("abcdefghijkl", 10), R"("abcdefghij")");
}

TEST(PromStringTest, LegacyLabelNames) {
  EXPECT_TRUE(IsLegacyLabelName("job"));
  EXPECT_TRUE(IsLegacyLabelName("_0"));
  EXPECT_TRUE(IsLegacyLabelName("__name__"));
  EXPECT_FALSE(IsLegacyLabelName(""));
  EXPECT_FALSE(IsLegacyLabelName("0a"));
  EXPECT_FALSE(IsLegacyLabelName("a.b"));
  EXPECT_FALSE(IsLegacyLabelName("a:b"));
}

}  // namespace
}  // namespace greptime::promql
