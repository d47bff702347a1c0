// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "query/sql/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/testing.h"

namespace greptime::query::sql {
namespace {

std::vector<Token> Lex(std::string_view sql) {
  auto tokens = Tokenize(sql);
  EXPECT_TRUE(tokens.ok()) << tokens.status().ToString();
  return tokens.ok() ? std::move(tokens).value() : std::vector<Token>{};
}

std::vector<TokenType> Types(std::string_view sql) {
  std::vector<TokenType> out;
  for (const Token& t : Lex(sql)) out.push_back(t.type);
  return out;
}

TEST(LexerTest, WordsKeepTheirSpellingAndMatchKeywordsIgnoringCase) {
  auto tokens = Lex("SeLeCt AbC");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].type, TokenType::kWord);
  EXPECT_TRUE(tokens[0].IsKeyword("SELECT"));
  EXPECT_EQ(tokens[1].text, "AbC");
  EXPECT_EQ(tokens[2].type, TokenType::kEof);
}

TEST(LexerTest, QuotedIdentifiersAreNeverKeywords) {
  auto tokens = Lex(R"("select" `My``Col` "a""b")");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].quote, '"');
  EXPECT_FALSE(tokens[0].IsKeyword("SELECT"));
  EXPECT_EQ(tokens[1].text, "My`Col");
  EXPECT_EQ(tokens[1].quote, '`');
  EXPECT_EQ(tokens[2].text, "a\"b");
}

TEST(LexerTest, IdentifierCharactersFollowTheGreptimeDialect) {
  auto tokens = Lex("#tmp @@time_zone a$b_1 名字");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].text, "#tmp");
  EXPECT_EQ(tokens[1].text, "@@time_zone");
  EXPECT_EQ(tokens[2].text, "a$b_1");
  EXPECT_EQ(tokens[3].text, "名字");
  EXPECT_EQ(tokens[3].type, TokenType::kWord);
}

TEST(LexerTest, StringsDoubleQuotesAndHaveNoBackslashEscapes) {
  auto tokens = Lex(R"('it''s' '\xaa' N'n' X'0aFF')");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].text, "it's");
  EXPECT_EQ(tokens[1].text, "\\xaa");
  EXPECT_EQ(tokens[1].text.size(), 4u);
  EXPECT_EQ(tokens[2].type, TokenType::kString);
  EXPECT_EQ(tokens[3].type, TokenType::kHexString);
  EXPECT_EQ(tokens[3].text, "0aFF");
}

TEST(LexerTest, NumbersKeepTheirText) {
  auto tokens = Lex("42 4.25 .5 1e9 2E-3 1. 0x1f");
  std::vector<std::string> texts;
  for (const Token& t : tokens) texts.push_back(t.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"42", "4.25", ".5", "1e9", "2E-3", "1.", "1f", ""}));
  EXPECT_EQ(tokens[6].type, TokenType::kHexString);
}

TEST(LexerTest, NumberFollowedByLettersSplits) {
  EXPECT_EQ(Types("5m"),
            (std::vector<TokenType>{TokenType::kNumber, TokenType::kWord, TokenType::kEof}));
}

TEST(LexerTest, RecognisesEveryOperator) {
  EXPECT_EQ(Types("= == <> != < <= > >= <=> + - * / % || | & ^ ~ ~* !~ !~* ! << >> -> ->> => "
                  "@> <@ :: : . , ; ( ) [ ] { } ? $1"),
            (std::vector<TokenType>{
                TokenType::kEq,        TokenType::kDoubleEq,   TokenType::kNotEq,
                TokenType::kNotEq,     TokenType::kLt,         TokenType::kLtEq,
                TokenType::kGt,        TokenType::kGtEq,       TokenType::kSpaceship,
                TokenType::kPlus,      TokenType::kMinus,      TokenType::kStar,
                TokenType::kSlash,     TokenType::kPercent,    TokenType::kConcat,
                TokenType::kPipe,      TokenType::kAmpersand,  TokenType::kCaret,
                TokenType::kTilde,     TokenType::kTildeStar,  TokenType::kExclTilde,
                TokenType::kExclTildeStar, TokenType::kExclamation, TokenType::kShiftLeft,
                TokenType::kShiftRight, TokenType::kArrow,     TokenType::kLongArrow,
                TokenType::kFatArrow,  TokenType::kAtArrow,    TokenType::kArrowAt,
                TokenType::kDoubleColon, TokenType::kColon,    TokenType::kPeriod,
                TokenType::kComma,     TokenType::kSemicolon,  TokenType::kLParen,
                TokenType::kRParen,    TokenType::kLBracket,   TokenType::kRBracket,
                TokenType::kLBrace,    TokenType::kRBrace,     TokenType::kQuestion,
                TokenType::kPlaceholder, TokenType::kEof}));
}

TEST(LexerTest, SkipsLineAndNestedBlockComments) {
  auto tokens = Lex("a -- comment ; here\n/* x /* nested */ ; */ b");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].text, "a");
  EXPECT_EQ(tokens[1].text, "b");
}

TEST(LexerTest, PositionsCountLinesAndCharacters) {
  auto tokens = Lex("SELECT\n  'é' ,x");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].pos, (Position{1, 1}));
  EXPECT_EQ(tokens[1].pos, (Position{2, 3}));
  // 'é' is three characters wide, whatever its byte length.
  EXPECT_EQ(tokens[2].pos, (Position{2, 7}));
  EXPECT_EQ(tokens[3].pos, (Position{2, 8}));
  EXPECT_FALSE(tokens[4].pos.known());
  EXPECT_EQ(tokens[1].begin, 9u);
  EXPECT_EQ(tokens[1].end, 13u);
}

TEST(LexerTest, UnknownCharactersBecomeCharTokens) {
  auto tokens = Lex("a \\ b");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[1].type, TokenType::kChar);
  EXPECT_EQ(tokens[1].text, "\\");
}

TEST(LexerTest, ReportsUnterminatedLiteralsWithTheirStart) {
  auto s = Tokenize("SELECT 'abc");
  ASSERT_STATUS_CODE(s, StatusCode::kInvalidSyntax);
  EXPECT_EQ(s.status().message(),
            "Invalid SQL syntax: sql parser error: Unterminated string literal at Line: 1, "
            "Column: 8");
  ASSERT_STATUS_CODE(Tokenize("SELECT \"abc"), StatusCode::kInvalidSyntax);
  auto c = Tokenize("a /* b");
  ASSERT_STATUS_CODE(c, StatusCode::kInvalidSyntax);
  EXPECT_NE(c.status().message().find("multi-line comment"), std::string::npos);
}

TEST(LexerTest, DisplaysTokensLikeSqlparser) {
  auto tokens = Lex("\"Ab\" 'x' foo ;");
  EXPECT_EQ(tokens[0].Display(), "\"Ab\"");
  EXPECT_EQ(tokens[1].Display(), "'x'");
  EXPECT_EQ(tokens[2].Display(), "foo");
  EXPECT_EQ(tokens[3].Display(), ";");
  EXPECT_EQ(tokens[4].Display(), "EOF");
}

}  // namespace
}  // namespace greptime::query::sql
