// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "common/testing.h"
#include "query/sql/parser.h"

namespace greptime::query::sql {
namespace {

// Fully parenthesised prefix form of the operator structure, for precedence tests:
// "a + b * c" -> "(+ a (* b c))". Leaves print as canonical SQL.
std::string Tree(const Expr& e) {
  if (const auto* b = e.As<BinaryExpr>()) {
    return "(" + ToString(b->op) + " " + Tree(*b->left) + " " + Tree(*b->right) + ")";
  }
  if (const auto* u = e.As<UnaryExpr>()) {
    std::string op = u->op == UnaryOp::kNot ? "NOT" : u->op == UnaryOp::kMinus ? "-" : "+";
    return "(" + op + " " + Tree(*u->operand) + ")";
  }
  if (const auto* c = e.As<CastExpr>(); c && c->syntax == CastSyntax::kDoubleColon) {
    return "(:: " + Tree(*c->operand) + " " + c->type.text + ")";
  }
  if (const auto* i = e.As<IsExpr>()) {
    return std::string("(IS") + (i->negated ? " NOT " : " ") + Tree(*i->operand) + ")";
  }
  if (const auto* b = e.As<BetweenExpr>()) {
    return "(BETWEEN " + Tree(*b->operand) + " " + Tree(*b->low) + " " + Tree(*b->high) + ")";
  }
  if (const auto* l = e.As<LikeExpr>()) {
    return std::string("(") + (l->negated ? "NOT " : "") + "LIKE " + Tree(*l->operand) + " " +
           Tree(*l->pattern) + ")";
  }
  if (const auto* in = e.As<InListExpr>()) {
    return std::string("(") + (in->negated ? "NOT " : "") + "IN " + Tree(*in->operand) + ")";
  }
  if (const auto* r = e.As<RangeExpr>()) return "(RANGE " + Tree(*r->operand) + ")";
  return ToString(e);
}

ExprPtr Parse(std::string_view sql) {
  auto e = ParseExpression(sql);
  EXPECT_TRUE(e.ok()) << sql << ": " << e.status().ToString();
  return e.ok() ? std::move(e).value() : nullptr;
}

std::string TreeOf(std::string_view sql) {
  ExprPtr e = Parse(sql);
  return e ? Tree(*e) : "<error>";
}

TEST(ParserExprTest, Literals) {
  ExprPtr i = Parse("42");
  ASSERT_TRUE(i->Is<Literal>());
  EXPECT_EQ(i->As<Literal>()->kind, LiteralKind::kInteger);
  EXPECT_EQ(i->As<Literal>()->int_value, 42);

  ExprPtr f = Parse("4.5e1");
  EXPECT_EQ(f->As<Literal>()->kind, LiteralKind::kFloat);
  EXPECT_DOUBLE_EQ(f->As<Literal>()->float_value, 45.0);
  EXPECT_EQ(f->As<Literal>()->text, "4.5e1");

  ExprPtr big = Parse("18446744073709551615");
  EXPECT_EQ(big->As<Literal>()->kind, LiteralKind::kInteger);
  EXPECT_TRUE(big->As<Literal>()->int_overflow);

  EXPECT_TRUE(std::isinf(Parse("1e999")->As<Literal>()->float_value));
  EXPECT_EQ(Parse("1e-999")->As<Literal>()->float_value, 0.0);
  EXPECT_DOUBLE_EQ(Parse(".5")->As<Literal>()->float_value, 0.5);
  EXPECT_EQ(Parse("'it''s'")->As<Literal>()->text, "it's");
  EXPECT_EQ(Parse("NULL")->As<Literal>()->kind, LiteralKind::kNull);
  EXPECT_TRUE(Parse("TrUe")->As<Literal>()->bool_value);
  EXPECT_FALSE(Parse("false")->As<Literal>()->bool_value);
  EXPECT_EQ(Parse("X'ff'")->As<Literal>()->kind, LiteralKind::kHexString);
}

TEST(ParserExprTest, IdentifiersFoldUnlessQuoted) {
  ExprPtr e = Parse(R"(MyTable."MyCol")");
  const auto* col = e->As<ColumnRef>();
  ASSERT_NE(col, nullptr);
  ASSERT_EQ(col->parts.size(), 2u);
  EXPECT_EQ(col->parts[0].value, "mytable");
  EXPECT_EQ(col->parts[0].quote, 0);
  EXPECT_EQ(col->parts[1].value, "MyCol");
  EXPECT_EQ(col->parts[1].quote, '"');
  EXPECT_EQ(Parse("greptime.public.t.c")->As<ColumnRef>()->parts.size(), 4u);
}

TEST(ParserExprTest, BooleanPrecedenceOrAndNot) {
  EXPECT_EQ(TreeOf("a OR b AND c"), "(OR a (AND b c))");
  EXPECT_EQ(TreeOf("NOT a AND b"), "(AND (NOT a) b)");
  EXPECT_EQ(TreeOf("NOT a = b"), "(NOT (= a b))");
  EXPECT_EQ(TreeOf("a = 1 OR NOT b IS NULL"), "(OR (= a 1) (NOT (IS b)))");
}

TEST(ParserExprTest, ComparisonBelowConcatBelowArithmetic) {
  EXPECT_EQ(TreeOf("a || b = c"), "(= (|| a b) c)");
  EXPECT_EQ(TreeOf("a + b || c"), "(|| (+ a b) c)");
  EXPECT_EQ(TreeOf("a + b * c - d"), "(- (+ a (* b c)) d)");
  EXPECT_EQ(TreeOf("a / b % c"), "(% (/ a b) c)");
  EXPECT_EQ(TreeOf("a < b + 1"), "(< a (+ b 1))");
  EXPECT_EQ(TreeOf("a - b - c"), "(- (- a b) c)");
}

TEST(ParserExprTest, UnaryBindsTighterThanMultiplicationButLooserThanCast) {
  EXPECT_EQ(TreeOf("-a * b"), "(* (- a) b)");
  EXPECT_EQ(TreeOf("-a::INT"), "(- (:: a INT))");
  EXPECT_EQ(TreeOf("a::INT + 1"), "(+ (:: a INT) 1)");
  EXPECT_EQ(TreeOf("- -1"), "(- (- 1))");
}

TEST(ParserExprTest, PredicatesSitAtComparisonLevel) {
  EXPECT_EQ(TreeOf("a BETWEEN 1 AND 2 AND b"), "(AND (BETWEEN a 1 2) b)");
  EXPECT_EQ(TreeOf("a + 1 NOT BETWEEN b AND c * 2"), "(BETWEEN (+ a 1) b (* c 2))");
  EXPECT_EQ(TreeOf("s NOT LIKE 'a%' OR s LIKE 'b%'"), "(OR (NOT LIKE s 'a%') (LIKE s 'b%'))");
  EXPECT_EQ(TreeOf("x IN (1, 2) AND y NOT IN (3)"), "(AND (IN x) (NOT IN y))");
  EXPECT_EQ(TreeOf("a = b IS NOT NULL"), "(IS NOT (= a b))");
}

TEST(ParserExprTest, IsTests) {
  for (auto [sql, test] : std::vector<std::pair<std::string, IsTest>>{
           {"a IS NULL", IsTest::kNull},
           {"a IS TRUE", IsTest::kTrue},
           {"a IS NOT FALSE", IsTest::kFalse},
           {"a IS UNKNOWN", IsTest::kUnknown},
           {"a IS DISTINCT FROM b", IsTest::kDistinctFrom}}) {
    ExprPtr e = Parse(sql);
    ASSERT_TRUE(e->Is<IsExpr>()) << sql;
    EXPECT_EQ(e->As<IsExpr>()->test, test) << sql;
  }
  EXPECT_TRUE(Parse("a IS NOT FALSE")->As<IsExpr>()->negated);
}

TEST(ParserExprTest, LikeFamily) {
  EXPECT_EQ(Parse("a ILIKE 'x'")->As<LikeExpr>()->op, LikeOp::kILike);
  EXPECT_EQ(Parse("a REGEXP 'x'")->As<LikeExpr>()->op, LikeOp::kRegexp);
  EXPECT_EQ(Parse("a SIMILAR TO 'x'")->As<LikeExpr>()->op, LikeOp::kSimilarTo);
  ExprPtr esc = Parse("a LIKE 'x!%' ESCAPE '!'");
  ASSERT_NE(esc->As<LikeExpr>()->escape, nullptr);
  EXPECT_EQ(Parse("a ~ 'x'")->As<BinaryExpr>()->op, BinaryOp::kRegexMatch);
  EXPECT_EQ(Parse("a !~* 'x'")->As<BinaryExpr>()->op, BinaryOp::kRegexNotIMatch);
}

TEST(ParserExprTest, InSubqueryAndExists) {
  ExprPtr in = Parse("a NOT IN (SELECT b FROM t)");
  ASSERT_TRUE(in->Is<InSubqueryExpr>());
  EXPECT_TRUE(in->As<InSubqueryExpr>()->negated);
  ExprPtr ex = Parse("NOT EXISTS (SELECT 1)");
  ASSERT_TRUE(ex->Is<ExistsExpr>());
  EXPECT_TRUE(ex->As<ExistsExpr>()->negated);
  EXPECT_TRUE(Parse("(SELECT max(x) FROM t) + 1")->As<BinaryExpr>()->left->Is<SubqueryExpr>());
  ExprPtr any = Parse("a = ANY (SELECT b FROM t)");
  const auto* call = any->As<BinaryExpr>()->right->As<FunctionCall>();
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->name.ToString(), "any");
  EXPECT_TRUE(call->args[0]->Is<SubqueryExpr>());
}

TEST(ParserExprTest, FunctionCalls) {
  ExprPtr count = Parse("count(*)");
  const auto* f = count->As<FunctionCall>();
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->name.ToString(), "count");
  ASSERT_EQ(f->args.size(), 1u);
  EXPECT_TRUE(f->args[0]->Is<Wildcard>());

  ExprPtr distinct = Parse("COUNT(DISTINCT host)");
  EXPECT_TRUE(distinct->As<FunctionCall>()->distinct);
  EXPECT_EQ(distinct->As<FunctionCall>()->name.ToString(), "count");

  ExprPtr ordered = Parse("first_value(x ORDER BY ts DESC NULLS LAST)");
  ASSERT_EQ(ordered->As<FunctionCall>()->order_by.size(), 1u);
  EXPECT_EQ(ordered->As<FunctionCall>()->order_by[0].asc, false);

  ExprPtr within = Parse("approx_percentile_cont(0.5) WITHIN GROUP (ORDER BY val)");
  EXPECT_EQ(within->As<FunctionCall>()->within_group.size(), 1u);

  ExprPtr filtered = Parse("sum(x) FILTER (WHERE x > 0)");
  EXPECT_NE(filtered->As<FunctionCall>()->filter, nullptr);

  EXPECT_EQ(Parse("now()")->As<FunctionCall>()->args.size(), 0u);
  EXPECT_EQ(Parse("CURRENT_TIMESTAMP")->As<FunctionCall>()->syntax, FunctionSyntax::kNoParens);
  EXPECT_EQ(Parse("my_schema.f(1)")->As<FunctionCall>()->name.parts.size(), 2u);
}

TEST(ParserExprTest, WindowFunctions) {
  ExprPtr e = Parse(
      "sum(v) OVER (PARTITION BY host, dc ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND "
      "CURRENT ROW)");
  const auto* f = e->As<FunctionCall>();
  ASSERT_NE(f->over, nullptr);
  EXPECT_EQ(f->over->partition_by.size(), 2u);
  EXPECT_EQ(f->over->order_by.size(), 1u);
  ASSERT_TRUE(f->over->frame.has_value());
  EXPECT_EQ(f->over->frame->units, FrameUnits::kRows);
  EXPECT_EQ(f->over->frame->start.kind, FrameBoundKind::kUnboundedPreceding);
  EXPECT_EQ(f->over->frame->end->kind, FrameBoundKind::kCurrentRow);

  ExprPtr r = Parse("avg(v) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND 1 FOLLOWING)");
  EXPECT_EQ(r->As<FunctionCall>()->over->frame->units, FrameUnits::kRange);
  EXPECT_EQ(r->As<FunctionCall>()->over->frame->start.kind, FrameBoundKind::kPreceding);
  EXPECT_TRUE(r->As<FunctionCall>()->over->frame->start.offset->Is<IntervalExpr>());

  EXPECT_EQ(Parse("row_number() OVER w")->As<FunctionCall>()->over->name->value, "w");
}

TEST(ParserExprTest, CaseBothForms) {
  ExprPtr searched = Parse("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END");
  EXPECT_EQ(searched->As<CaseExpr>()->operand, nullptr);
  EXPECT_EQ(searched->As<CaseExpr>()->whens.size(), 2u);
  EXPECT_NE(searched->As<CaseExpr>()->else_result, nullptr);
  ExprPtr simple = Parse("CASE a WHEN 1 THEN 'one' END");
  EXPECT_NE(simple->As<CaseExpr>()->operand, nullptr);
  EXPECT_EQ(simple->As<CaseExpr>()->else_result, nullptr);
}

TEST(ParserExprTest, CastsKeepTheTypeSpelling) {
  ExprPtr c = Parse("CAST(x AS bigint unsigned)");
  EXPECT_EQ(c->As<CastExpr>()->type.text, "BIGINT UNSIGNED");
  EXPECT_EQ(c->As<CastExpr>()->syntax, CastSyntax::kCast);
  EXPECT_EQ(Parse("x::Decimal(10, 2)")->As<CastExpr>()->type.text, "DECIMAL(10,2)");
  EXPECT_EQ(Parse("'2024-01-01'::timestamp(3)")->As<CastExpr>()->type.text, "TIMESTAMP(3)");
  ExprPtr typed = Parse("DATE '2024-01-01'");
  EXPECT_EQ(typed->As<CastExpr>()->syntax, CastSyntax::kTypedString);
  EXPECT_EQ(typed->As<CastExpr>()->type.text, "DATE");
  EXPECT_EQ(Parse("TRY_CAST(x AS DOUBLE)")->As<CastExpr>()->syntax, CastSyntax::kTryCast);
}

TEST(ParserExprTest, Intervals) {
  ExprPtr a = Parse("INTERVAL '1 hour'");
  EXPECT_TRUE(a->As<IntervalExpr>()->leading_field.empty());
  ExprPtr b = Parse("INTERVAL 1 HOUR");
  EXPECT_EQ(b->As<IntervalExpr>()->leading_field, "HOUR");
  EXPECT_TRUE(b->As<IntervalExpr>()->value->Is<Literal>());
  ExprPtr c = Parse("interval '1-2' year to month");
  EXPECT_EQ(c->As<IntervalExpr>()->last_field, "MONTH");
  EXPECT_EQ(TreeOf("now() - INTERVAL '5' MINUTE"), "(- now() INTERVAL '5' MINUTE)");
}

TEST(ParserExprTest, KeywordShapedFunctions) {
  ExprPtr e = Parse("EXTRACT(year FROM ts)");
  EXPECT_EQ(e->As<FunctionCall>()->name.ToString(), "date_part");
  EXPECT_EQ(e->As<FunctionCall>()->args[0]->As<Literal>()->text, "YEAR");
  ExprPtr p = Parse("POSITION('b' IN s)");
  EXPECT_EQ(p->As<FunctionCall>()->name.ToString(), "strpos");
  EXPECT_TRUE(p->As<FunctionCall>()->args[0]->Is<ColumnRef>());
  EXPECT_EQ(Parse("SUBSTRING(s FROM 2 FOR 3)")->As<FunctionCall>()->args.size(), 3u);
  EXPECT_EQ(Parse("substring(s, 2, 3)")->As<FunctionCall>()->syntax, FunctionSyntax::kCall);
  EXPECT_EQ(Parse("TRIM(LEADING 'x' FROM s)")->As<FunctionCall>()->name.ToString(), "ltrim");
  EXPECT_EQ(Parse("trim(s)")->As<FunctionCall>()->name.ToString(), "trim");
}

TEST(ParserExprTest, CollectionsAndPostfix) {
  EXPECT_EQ(Parse("[1, 2, 3]")->As<ArrayExpr>()->items.size(), 3u);
  EXPECT_TRUE(Parse("ARRAY[1]")->As<ArrayExpr>()->array_keyword);
  EXPECT_EQ(Parse("(1, 'a')")->As<TupleExpr>()->items.size(), 2u);
  ExprPtr sub = Parse("arr[1]");
  EXPECT_TRUE(sub->Is<SubscriptExpr>());
  EXPECT_TRUE(Parse("arr[1:2]")->As<SubscriptExpr>()->slice);
  EXPECT_EQ(Parse("j ->> 'a' = 'x'")->As<BinaryExpr>()->op, BinaryOp::kEq);
  EXPECT_TRUE(Parse("ts AT TIME ZONE 'UTC'")->Is<AtTimeZoneExpr>());
  EXPECT_EQ(Parse("?")->As<Placeholder>()->text, "?");
  EXPECT_EQ(Parse("$2")->As<Placeholder>()->text, "$2");
}

TEST(ParserExprTest, RangeIsAPostfixOnTheOperandBeforeIt) {
  EXPECT_EQ(TreeOf("max(v) RANGE '10s' - min(v) RANGE '10s'"),
            "(- (RANGE max(v)) (RANGE min(v)))");
  EXPECT_EQ(TreeOf("(max(v) - min(v)) RANGE '10s' + 1.0"), "(+ (RANGE (- max(v) min(v))) 1.0)");
  EXPECT_EQ(TreeOf("round(min(v) RANGE '10s')"), "round(min(v) RANGE '10s')");
  ExprPtr e = Parse("min(v) RANGE '5m' FILL LINEAR");
  const auto* r = e->As<RangeExpr>();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->range->As<Literal>()->text, "5m");
  EXPECT_EQ(r->fill, "LINEAR");
  ExprPtr paren = Parse("min(v) RANGE (INTERVAL '1' DAY) FILL 6");
  EXPECT_TRUE(paren->As<RangeExpr>()->range->Is<IntervalExpr>());
  EXPECT_EQ(paren->As<RangeExpr>()->fill, "6");
}

TEST(ParserExprTest, RangeWordsStayIdentifiersElsewhere) {
  EXPECT_TRUE(Parse("range")->Is<ColumnRef>());
  EXPECT_EQ(TreeOf("range + fill"), "(+ range fill)");
}

TEST(ParserExprTest, RangeChecksMatchGreptimeDb) {
  auto no_fn = ParseExpression("2 RANGE '10s'");
  ASSERT_STATUS_CODE(no_fn, StatusCode::kInvalidSyntax);
  EXPECT_EQ(no_fn.status().message(),
            "Invalid SQL syntax: sql parser error: Can't use the RANGE keyword in Expr 2 without "
            "function");
  auto bad = ParseExpression("min(v) RANGE 'not_time'");
  EXPECT_EQ(bad.status().message(),
            "Invalid SQL syntax: sql parser error: not a valid duration string: not_time");
  EXPECT_NE(ParseExpression("min(v) RANGE '0'").status().message().find("greater than 0"),
            std::string::npos);
  EXPECT_NE(ParseExpression("min(v) FILL NULL").status().message().find("Detect FILL"),
            std::string::npos);
}

TEST(ParserExprTest, RangeDurationGrammar) {
  for (const char* ok : {"1y", "2w", "3d", "4h", "5m", "6s", "7ms", "1y2w3d", "4h30m", "3600ms"}) {
    EXPECT_TRUE(IsRangeDuration(ok)) << ok;
  }
  for (const char* bad : {"", "1", "1m1h", "-1w", "1.5d", "d", "5 s", "1h1h"}) {
    EXPECT_FALSE(IsRangeDuration(bad)) << bad;
  }
}

}  // namespace
}  // namespace greptime::query::sql
