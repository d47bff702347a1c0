// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "common/testing.h"
#include "query/sql/parser.h"

namespace greptime::query::sql {
namespace {

QueryPtr ParseQueryText(std::string_view sql) {
  auto st = ParseOne(sql);
  EXPECT_TRUE(st.ok()) << sql << ": " << st.status().ToString();
  if (!st.ok()) return nullptr;
  auto* q = st->As<QueryStatement>();
  EXPECT_NE(q, nullptr);
  return q ? std::move(q->query) : nullptr;
}

const Select& SelectOf(const Query& q) {
  const auto* s = std::get_if<Select>(&q.body->node);
  EXPECT_NE(s, nullptr);
  static const Select kEmpty;
  return s ? *s : kEmpty;
}

TEST(ParserQueryTest, SelectListWithAliasesAndWildcards) {
  QueryPtr q = ParseQueryText("SELECT *, t.*, a AS x, b y, c + 1 \"Z\", 'lit' AS 's' FROM t");
  const Select& s = SelectOf(*q);
  ASSERT_EQ(s.items.size(), 6u);
  EXPECT_TRUE(s.items[0].expr->Is<Wildcard>());
  EXPECT_EQ(s.items[1].expr->As<Wildcard>()->qualifier[0].value, "t");
  EXPECT_EQ(s.items[2].alias->value, "x");
  EXPECT_EQ(s.items[3].alias->value, "y");
  EXPECT_EQ(s.items[4].alias->value, "Z");
  EXPECT_EQ(s.items[5].alias->value, "s");
}

TEST(ParserQueryTest, TrailingCommaBeforeFromIsAllowed) {
  QueryPtr q = ParseQueryText("SELECT a, b, FROM t");
  EXPECT_EQ(SelectOf(*q).items.size(), 2u);
}

TEST(ParserQueryTest, DistinctWhereGroupByHaving) {
  QueryPtr q = ParseQueryText(
      "SELECT DISTINCT host, count(*) FROM t WHERE ts > 0 GROUP BY host, 2 HAVING count(*) > 1");
  const Select& s = SelectOf(*q);
  EXPECT_TRUE(s.distinct);
  ASSERT_NE(s.where, nullptr);
  ASSERT_EQ(s.group_by.size(), 2u);
  EXPECT_EQ(s.group_by[1]->As<Literal>()->int_value, 2);
  EXPECT_NE(s.having, nullptr);
}

TEST(ParserQueryTest, QualifiedTableNamesAndAliases) {
  QueryPtr q = ParseQueryText("SELECT * FROM greptime.public.cpu AS c, mem m, disk AS d(a, b)");
  const Select& s = SelectOf(*q);
  ASSERT_EQ(s.from.size(), 3u);
  const auto& cpu = std::get<BaseTable>(s.from[0]->node);
  EXPECT_EQ(cpu.name.ToString(), "greptime.public.cpu");
  EXPECT_EQ(cpu.alias->name.value, "c");
  EXPECT_EQ(std::get<BaseTable>(s.from[1]->node).alias->name.value, "m");
  EXPECT_EQ(std::get<BaseTable>(s.from[2]->node).alias->columns.size(), 2u);
}

TEST(ParserQueryTest, Joins) {
  QueryPtr q = ParseQueryText(
      "SELECT * FROM a JOIN b ON a.x = b.x LEFT OUTER JOIN c USING (y, z) RIGHT JOIN d ON TRUE "
      "FULL JOIN e ON a.x = e.x CROSS JOIN f INNER JOIN g ON 1 = 1");
  const Select& s = SelectOf(*q);
  ASSERT_EQ(s.from.size(), 1u);
  // Joins nest to the left: ((((((a J b) LJ c) RJ d) FJ e) CJ f) IJ g).
  const Join* j = &std::get<Join>(s.from[0]->node);
  std::vector<JoinType> types;
  while (true) {
    types.push_back(j->type);
    if (!std::holds_alternative<Join>(j->left->node)) break;
    j = &std::get<Join>(j->left->node);
  }
  EXPECT_EQ(types, (std::vector<JoinType>{JoinType::kInner, JoinType::kCross, JoinType::kFull,
                                          JoinType::kRight, JoinType::kLeft, JoinType::kInner}));
  const Join& left_join = std::get<Join>(std::get<Join>(std::get<Join>(std::get<Join>(
      std::get<Join>(s.from[0]->node).left->node).left->node).left->node).left->node);
  EXPECT_EQ(left_join.using_columns.size(), 2u);
}

TEST(ParserQueryTest, DerivedTablesAndParenthesisedJoins) {
  QueryPtr q = ParseQueryText(
      "SELECT * FROM (SELECT 1 AS x) AS q, ((SELECT 2) UNION (SELECT 3)) u, (a JOIN b ON a.i = b.i)");
  const Select& s = SelectOf(*q);
  ASSERT_EQ(s.from.size(), 3u);
  EXPECT_EQ(std::get<DerivedTable>(s.from[0]->node).alias->name.value, "q");
  EXPECT_TRUE(std::holds_alternative<DerivedTable>(s.from[1]->node));
  EXPECT_TRUE(std::holds_alternative<Join>(s.from[2]->node));
}

TEST(ParserQueryTest, OrderByLimitOffsetForms) {
  QueryPtr a = ParseQueryText("SELECT a FROM t ORDER BY a DESC NULLS FIRST, b LIMIT 10 OFFSET 5");
  ASSERT_EQ(a->order_by.size(), 2u);
  EXPECT_EQ(a->order_by[0].asc, false);
  EXPECT_EQ(a->order_by[0].nulls_first, true);
  EXPECT_FALSE(a->order_by[1].asc.has_value());
  EXPECT_EQ(a->limit->As<Literal>()->int_value, 10);
  EXPECT_EQ(a->offset->As<Literal>()->int_value, 5);

  QueryPtr mysql = ParseQueryText("SELECT a FROM t LIMIT 5, 10");
  EXPECT_EQ(mysql->limit->As<Literal>()->int_value, 10);
  EXPECT_EQ(mysql->offset->As<Literal>()->int_value, 5);

  QueryPtr sub = ParseQueryText("SELECT a FROM t LIMIT (SELECT 1)");
  EXPECT_TRUE(sub->limit->Is<SubqueryExpr>());
}

TEST(ParserQueryTest, CommonTableExpressions) {
  QueryPtr q = ParseQueryText(
      "WITH a (x, y) AS (SELECT 1, 2), b AS (SELECT * FROM a) SELECT * FROM b");
  ASSERT_TRUE(q->with.has_value());
  ASSERT_EQ(q->with->ctes.size(), 2u);
  EXPECT_EQ(q->with->ctes[0].columns.size(), 2u);
  EXPECT_EQ(q->with->ctes[1].name.value, "b");
  EXPECT_FALSE(q->with->recursive);
  QueryPtr recursive = ParseQueryText("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r");
  EXPECT_TRUE(recursive->with->recursive);
}

TEST(ParserQueryTest, TqlAsCteBody) {
  QueryPtr q = ParseQueryText(
      "WITH tql (ts, v) AS (TQL EVAL (0, 40, '10s') sum(rate(m[1m]))) SELECT * FROM tql");
  const Cte& cte = q->with->ctes[0];
  ASSERT_NE(cte.tql, nullptr);
  EXPECT_EQ(cte.query, nullptr);
  EXPECT_EQ(cte.tql->query, "sum(rate(m[1m]))");
}

TEST(ParserQueryTest, SetOperationsRespectIntersectPrecedence) {
  QueryPtr q = ParseQueryText("SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4");
  // (1 UNION ALL (2 INTERSECT 3)) EXCEPT 4
  const auto& except = std::get<SetOperation>(q->body->node);
  EXPECT_EQ(except.op, SetOpKind::kExcept);
  const auto& union_all = std::get<SetOperation>(except.left->node);
  EXPECT_EQ(union_all.op, SetOpKind::kUnion);
  EXPECT_EQ(union_all.quantifier, SetQuantifier::kAll);
  EXPECT_EQ(std::get<SetOperation>(union_all.right->node).op, SetOpKind::kIntersect);
  QueryPtr distinct = ParseQueryText("SELECT 1 UNION DISTINCT SELECT 2");
  EXPECT_EQ(std::get<SetOperation>(distinct->body->node).quantifier, SetQuantifier::kDistinct);
}

TEST(ParserQueryTest, ParenthesisedQueriesKeepTheirOwnOrderAndLimit) {
  QueryPtr q = ParseQueryText("(SELECT a FROM t ORDER BY a LIMIT 1) UNION (SELECT b FROM u) LIMIT 3");
  const auto& set = std::get<SetOperation>(q->body->node);
  const auto& left = std::get<QueryPtr>(set.left->node);
  EXPECT_EQ(left->order_by.size(), 1u);
  EXPECT_NE(left->limit, nullptr);
  EXPECT_EQ(q->limit->As<Literal>()->int_value, 3);
}

TEST(ParserQueryTest, ValuesAsAQuery) {
  QueryPtr q = ParseQueryText("VALUES (1, 'a'), (2, 'b')");
  EXPECT_EQ(std::get<Values>(q->body->node).rows.size(), 2u);
}

TEST(ParserQueryTest, NamedWindows) {
  QueryPtr q = ParseQueryText("SELECT rank() OVER w FROM t WINDOW w AS (ORDER BY ts)");
  ASSERT_EQ(SelectOf(*q).windows.size(), 1u);
  EXPECT_EQ(SelectOf(*q).windows[0].spec->order_by.size(), 1u);
}

TEST(ParserQueryTest, RangeSelectWithAlignClause) {
  QueryPtr q = ParseQueryText(
      "SELECT ts, host, min(val) RANGE '5s' FILL PREV, max(val) RANGE '10s' AS m FROM host "
      "WHERE host <> 'x' ALIGN '5s' TO '2024-01-01T00:00:00Z' BY (host, dc) FILL LINEAR "
      "ORDER BY host, ts");
  const Select& s = SelectOf(*q);
  ASSERT_TRUE(s.align.has_value());
  EXPECT_EQ(s.align->duration->As<Literal>()->text, "5s");
  EXPECT_EQ(s.align->to->As<Literal>()->text, "2024-01-01T00:00:00Z");
  EXPECT_TRUE(s.align->has_by);
  EXPECT_EQ(s.align->by.size(), 2u);
  EXPECT_EQ(s.fill, "LINEAR");
  EXPECT_EQ(s.items[2].expr->As<RangeExpr>()->fill, "PREV");
  EXPECT_FALSE(s.items[3].expr->As<RangeExpr>()->fill.has_value());
  EXPECT_EQ(q->order_by.size(), 2u);
}

TEST(ParserQueryTest, AlignVariants) {
  QueryPtr q1 = ParseQueryText("SELECT max(v) RANGE '5s' FROM t ALIGN '20s' BY ()");
  const Select& empty_by = SelectOf(*q1);
  EXPECT_TRUE(empty_by.align->has_by);
  EXPECT_TRUE(empty_by.align->by.empty());
  QueryPtr q2 = ParseQueryText("SELECT max(v) RANGE '5s' FROM t ALIGN '1h' TO NOW");
  const Select& now = SelectOf(*q2);
  EXPECT_EQ(now.align->to->As<Literal>()->text, "NOW");
  EXPECT_FALSE(now.align->has_by);
  QueryPtr q3 = ParseQueryText(
      "SELECT max(v) RANGE (INTERVAL '1' DAY) FROM t ALIGN (INTERVAL '1' DAY) TO (now())");
  const Select& interval = SelectOf(*q3);
  EXPECT_TRUE(interval.align->duration->Is<IntervalExpr>());
  EXPECT_TRUE(interval.align->to->Is<FunctionCall>());
  QueryPtr q4 = ParseQueryText("SELECT max(v) RANGE '5s' FROM t FILL NULL ALIGN '5s'");
  EXPECT_EQ(SelectOf(*q4).fill, "NULL");
}

TEST(ParserQueryTest, RangeSelectErrorsMatchGreptimeDb) {
  struct Case {
    const char* sql;
    const char* message;
  };
  const Case cases[] = {
      {"SELECT min(val) RANGE '5s' FROM host",
       "Invalid SQL syntax: sql parser error: ALIGN argument cannot be omitted in the range "
       "select query"},
      {"SELECT min(val) FROM host ALIGN '5s'",
       "Invalid SQL syntax: sql parser error: Illegal Range select, no RANGE keyword found in "
       "any SelectItem"},
      {"SELECT min(val) * 2 RANGE '10s' FROM host ALIGN '5s'",
       "Invalid SQL syntax: sql parser error: Can't use the RANGE keyword in Expr 2 without "
       "function"},
      {"SELECT min(val) RANGE '5s' FROM host ALIGN 'not_time'",
       "Invalid SQL syntax: sql parser error: not a valid duration string: not_time"},
      {"SELECT min(max(val) RANGE '20s') RANGE '20s' FROM host ALIGN '10s'",
       "Range Query: Nest Range Query is not allowed"},
      {"SELECT rank() OVER (PARTITION BY host ORDER BY ts DESC) RANGE '10s' FROM host ALIGN '5s'",
       "Range Query: Window functions is not allowed in Range Query"},
      {"SELECT min(t.val) RANGE '5s' FROM (SELECT * FROM host) AS t ALIGN '5s'",
       "Range Query: Cannot infer default BY columns from derived range query input"},
      {"SELECT * FROM host ALIGN '5s'",
       "Invalid SQL syntax: sql parser error: Wildcard `*` is not allowed in range select query"},
  };
  for (const Case& c : cases) {
    auto r = ParseSql(c.sql);
    ASSERT_STATUS_CODE(r, StatusCode::kInvalidSyntax);
    EXPECT_EQ(r.status().message(), c.message) << c.sql;
  }
}

TEST(ParserQueryTest, RangeWindowFrameIsNotARangeAggregate) {
  QueryPtr q = ParseQueryText(
      "SELECT sum(v) OVER (ORDER BY ts RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t");
  EXPECT_TRUE(SelectOf(*q).items[0].expr->Is<FunctionCall>());
}

}  // namespace
}  // namespace greptime::query::sql
