// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Error codes, messages and positions, and statement splitting.
#include <gtest/gtest.h>

#include <string>

#include "common/testing.h"
#include "query/sql/parser.h"

namespace greptime::query::sql {
namespace {

std::string ErrorOf(std::string_view sql) {
  auto r = ParseSql(sql);
  EXPECT_FALSE(r.ok()) << sql << " parsed";
  return r.ok() ? "" : r.status().ToString();
}

TEST(ParserErrorTest, MissingExpressionNamesTokenLineAndColumn) {
  EXPECT_EQ(ErrorOf("SELECT FROM t"),
            "2000(InvalidSyntax), Invalid SQL syntax: sql parser error: Expected: an expression, "
            "found: FROM at Line: 1, Column: 8");
  EXPECT_EQ(ErrorOf("SELECT a\nFROM t\nWHERE a = )"),
            "2000(InvalidSyntax), Invalid SQL syntax: sql parser error: Expected: an expression, "
            "found: ) at Line: 3, Column: 11");
}

TEST(ParserErrorTest, EndOfInputHasNoPosition) {
  EXPECT_EQ(ErrorOf("SELECT a FROM t WHERE"),
            "2000(InvalidSyntax), Invalid SQL syntax: sql parser error: Expected: an expression, "
            "found: EOF");
  EXPECT_EQ(ErrorOf("SELECT (1 + 2"),
            "2000(InvalidSyntax), Invalid SQL syntax: sql parser error: Expected: ), found: EOF");
}

TEST(ParserErrorTest, ExpectedTokensAreNamed) {
  EXPECT_EQ(ErrorOf("SELECT CAST(a BIGINT) FROM t"),
            "2000(InvalidSyntax), Invalid SQL syntax: sql parser error: Expected: AS, found: "
            "BIGINT at Line: 1, Column: 15");
  EXPECT_EQ(ErrorOf("SELECT CASE WHEN a THEN b FROM t"),
            "2000(InvalidSyntax), Invalid SQL syntax: sql parser error: Expected: END, found: "
            "FROM at Line: 1, Column: 27");
  EXPECT_NE(ErrorOf("SELECT * FROM t LEFT t2").find("Expected: JOIN, found: t2"),
            std::string::npos);
  EXPECT_NE(ErrorOf("CREATE TABLE t (ts TIMESTAMP TIME INDEX x INT)")
                .find("Expected: ',' or ')' after column definition, found: x"),
            std::string::npos);
}

TEST(ParserErrorTest, UnknownStatementsAndLeftoversAreUnsupported) {
  EXPECT_EQ(ErrorOf("SELEC 42"), "1001(Unsupported), SQL statement is not supported, keyword: SELEC");
  EXPECT_EQ(ErrorOf("SELECT 42 WHERE 1=1 WHERE 1=0"),
            "1001(Unsupported), SQL statement is not supported, keyword: WHERE");
  EXPECT_EQ(ErrorOf("SELECT 42\nSELECT 42"),
            "1001(Unsupported), SQL statement is not supported, keyword: SELECT");
  EXPECT_EQ(ErrorOf("ALTER TABLE t ADD COLUMN x int xxx"),
            "1001(Unsupported), SQL statement is not supported, keyword: xxx");
  EXPECT_EQ(ErrorOf("'abc'"), "1001(Unsupported), SQL statement is not supported, keyword: 'abc'");
}

TEST(ParserErrorTest, TokenizerErrors) {
  EXPECT_EQ(ErrorOf("SELECT 'abc"),
            "2000(InvalidSyntax), Invalid SQL syntax: sql parser error: Unterminated string "
            "literal at Line: 1, Column: 8");
}

TEST(ParserErrorTest, UnknownCharactersAreReportedWhereTheyStand) {
  EXPECT_EQ(ErrorOf("SELECT a \\ b"),
            "1001(Unsupported), SQL statement is not supported, keyword: \\");
  EXPECT_EQ(ErrorOf("SELECT a + \\"),
            "2000(InvalidSyntax), Invalid SQL syntax: sql parser error: Expected: an expression, "
            "found: \\ at Line: 1, Column: 12");
}

TEST(ParserErrorTest, DeepNestingFailsCleanly) {
  std::string sql = "SELECT " + std::string(5000, '(') + "1" + std::string(5000, ')');
  EXPECT_NE(ErrorOf(sql).find("recursion limit exceeded"), std::string::npos);
}

TEST(ParserErrorTest, SplitsOnSemicolonsOutsideStringsAndComments) {
  auto r = ParseSql("SELECT ';' ; ; -- ; not a split\nSELECT \"a;b\" /* ; */;;");
  ASSERT_OK(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].text, "SELECT ';'");
  EXPECT_EQ((*r)[1].text, "SELECT \"a;b\"");
}

TEST(ParserErrorTest, EmptyInputHasNoStatements) {
  auto r = ParseSql("  ;; -- nothing\n");
  ASSERT_OK(r);
  EXPECT_TRUE(r->empty());
  ASSERT_STATUS_CODE(ParseOne(""), StatusCode::kInvalidSyntax);
  ASSERT_STATUS_CODE(ParseOne("SELECT 1; SELECT 2"), StatusCode::kInvalidSyntax);
  EXPECT_OK(ParseOne("SELECT 1;"));
}

TEST(ParserErrorTest, AnErrorInAnyStatementFailsTheScript) {
  ASSERT_STATUS_CODE(ParseSql("SELECT 1; SELECT FROM; SELECT 2"), StatusCode::kInvalidSyntax);
}

}  // namespace
}  // namespace greptime::query::sql
