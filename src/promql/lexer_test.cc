// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "promql/lexer.h"

#include <gtest/gtest.h>

namespace greptime::promql {
namespace {

using T = TokenType;

std::vector<TokenType> Types(std::string_view input) {
  std::vector<TokenType> out;
  for (const Token& t : Lex(input)) out.push_back(t.type);
  return out;
}

std::string LastError(std::string_view input) {
  std::vector<Token> tokens = Lex(input);
  const Token& last = tokens.back();
  return last.type == T::kError ? std::to_string(last.pos) + ": " + last.text : "no error";
}

TEST(PromqlLexerTest, TokenizesOperatorsAndPunctuation) {
  EXPECT_EQ(Types("a + b - c * d / e % f ^ g"),
            (std::vector<T>{T::kIdentifier, T::kAdd, T::kIdentifier, T::kSub, T::kIdentifier,
                            T::kMul, T::kIdentifier, T::kDiv, T::kIdentifier, T::kMod,
                            T::kIdentifier, T::kPow, T::kIdentifier, T::kEof}));
  EXPECT_EQ(Types("== != < <= > >= @ ,"),
            (std::vector<T>{T::kEqlc, T::kNeq, T::kLss, T::kLte, T::kGtr, T::kGte, T::kAt,
                            T::kComma, T::kEof}));
  EXPECT_EQ(Types("foo{a=\"b\",c!=\"d\",e=~'f',g!~`h`}"),
            (std::vector<T>{T::kIdentifier, T::kLeftBrace, T::kIdentifier, T::kEql, T::kString,
                            T::kComma, T::kIdentifier, T::kNeq, T::kString, T::kComma,
                            T::kIdentifier, T::kEqlRegex, T::kString, T::kComma, T::kIdentifier,
                            T::kNeqRegex, T::kString, T::kRightBrace, T::kEof}));
}

TEST(PromqlLexerTest, KeywordsAreCaseInsensitiveButNotInsideBraces) {
  EXPECT_EQ(Types("SUM BY (Group) AND Offset"),
            (std::vector<T>{T::kSum, T::kBy, T::kLeftParen, T::kGroup, T::kRightParen, T::kLand,
                            T::kOffset, T::kEof}));
  EXPECT_EQ(Types("{by=\"x\"}"), (std::vector<T>{T::kLeftBrace, T::kIdentifier, T::kEql, T::kString,
                                                 T::kRightBrace, T::kEof}));
  EXPECT_EQ(Types("Inf nan"), (std::vector<T>{T::kNumber, T::kNumber, T::kEof}));
  EXPECT_EQ(Types("foo:bar"), (std::vector<T>{T::kMetricIdentifier, T::kEof}));
  // fill is a keyword only before '('.
  EXPECT_EQ(Types("fill + fill (1)"),
            (std::vector<T>{T::kIdentifier, T::kAdd, T::kFill, T::kLeftParen, T::kNumber,
                            T::kRightParen, T::kEof}));
}

TEST(PromqlLexerTest, NumbersAndDurations) {
  EXPECT_EQ(Types("1 1.5 .5 1e3 0x1F 1_000"),
            (std::vector<T>{T::kNumber, T::kNumber, T::kNumber, T::kNumber, T::kNumber, T::kNumber,
                            T::kEof}));
  EXPECT_EQ(Types("5m 1h30m 10ms 1y"),
            (std::vector<T>{T::kDuration, T::kDuration, T::kDuration, T::kDuration, T::kEof}));
  EXPECT_EQ(Types("foo[5m:1m]"),
            (std::vector<T>{T::kIdentifier, T::kLeftBracket, T::kDuration, T::kColon, T::kDuration,
                            T::kRightBracket, T::kEof}));
  EXPECT_EQ(LastError("2.5."), "0: bad number or duration syntax: \"2.5.\"");
  EXPECT_EQ(LastError("0deadbeef"), "0: bad number or duration syntax: \"0de\"");
  EXPECT_EQ(LastError("1e"), "0: bad number or duration syntax: \"1e\"");
}

TEST(PromqlLexerTest, CommentsAreDropped) {
  EXPECT_EQ(Types("foo # a comment\n+ bar"),
            (std::vector<T>{T::kIdentifier, T::kAdd, T::kIdentifier, T::kEof}));
  EXPECT_EQ(Types("# only a comment"), (std::vector<T>{T::kEof}));
}

TEST(PromqlLexerTest, ReportsErrorsAtPrometheusPositions) {
  EXPECT_EQ(LastError("(1))"), "4: unexpected right parenthesis ')'");
  EXPECT_EQ(LastError("((1)"), "4: unclosed left parenthesis");
  EXPECT_EQ(LastError("foo[5m"), "6: unclosed left bracket");
  EXPECT_EQ(LastError("foo[5m]]"), "7: unexpected right bracket ']'");
  EXPECT_EQ(LastError("foo[[5m]"), "4: unexpected character in duration expression: '['");
  EXPECT_EQ(LastError("a ! b"), "2: unexpected character after '!': ' '");
  EXPECT_EQ(LastError("{a!b}"), "2: unexpected character after '!' inside braces: 'b'");
  EXPECT_EQ(LastError("{a{"), "2: unexpected left brace '{'");
  EXPECT_EQ(LastError("a ; b"), "2: unexpected character: ';'");
  EXPECT_EQ(LastError("\"abc"), "0: unterminated quoted string");
  EXPECT_EQ(LastError("\"a\nb\""), "0: unterminated quoted string");
  EXPECT_EQ(LastError("\"\\u12\""), "0: illegal character U+0022 '\"' in escape sequence");
  EXPECT_EQ(LastError("\"\\ud800\""), "0: escape sequence is an invalid Unicode code point");
  EXPECT_EQ(LastError("foo[5m::]"), "7: unexpected colon ':'");
}

TEST(PromqlLexerTest, DescribesTokensLikePrometheus) {
  auto describe = [](std::string_view input) { return DescribeToken(Lex(input)[0]); };
  EXPECT_EQ(describe("*"), "<op:*>");
  EXPECT_EQ(describe("and"), "<op:and>");
  EXPECT_EQ(describe("sum"), "<aggr:sum>");
  EXPECT_EQ(describe("BY"), "<BY>");
  EXPECT_EQ(describe("("), "\"(\"");
  EXPECT_EQ(describe("foo"), "identifier \"foo\"");
  EXPECT_EQ(describe("foo:bar"), "metric identifier \"foo:bar\"");
  EXPECT_EQ(describe("42"), "number \"42\"");
  EXPECT_EQ(describe("5m"), "duration \"5m\"");
  EXPECT_EQ(describe("\"abc\""), "string \"\\\"abc\\\"\"");
  EXPECT_EQ(describe("\"abcdefghijkl\""), "string \"\\\"abcdefghi\"...");
  EXPECT_EQ(describe(""), "end of input");
}

}  // namespace
}  // namespace greptime::promql
