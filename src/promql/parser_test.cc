// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Parser and printer: canonical printing and round trips, tree shapes (precedence, modifiers,
// matchers), type checking, and label matchers.
#include "promql/parser.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/testing.h"

namespace greptime::promql {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

ExprPtr MustParse(std::string_view query) {
  Result<ExprPtr> expr = ParseExpr(query);
  EXPECT_TRUE(expr.ok()) << query << ": " << expr.status().ToString();
  return expr.ok() ? std::move(*expr) : nullptr;
}

struct PrintCase {
  const char* in;
  const char* out;  // nullptr: prints as `in`
};

// Every node type and modifier; outputs follow Prometheus's Expr.String() (printer_test.go).
const PrintCase kPrintCases[] = {
    // Number literals.
    {"1", nullptr},
    {"1.5", nullptr},
    {".5", "0.5"},
    {"5.", "5"},
    {"1e3", "1000"},
    {"1e-7", "0.0000001"},
    {"0x1F", "31"},
    {"010", "8"},
    {"1_000", "1000"},
    {"1048576", nullptr},
    {"Inf", "+Inf"},
    {"-Inf", nullptr},
    {"+inf", "+Inf"},
    {"NaN", nullptr},
    {"-1", nullptr},
    {"+1", "1"},
    {"--1", "1"},
    {"- 2.5", "-2.5"},
    // Durations as numbers.
    {"1h", nullptr},
    {"90m", "1h30m"},
    {"-5m", nullptr},
    {"time() - 1d", nullptr},
    // String literals.
    {R"("double")", nullptr},
    {"'single'", R"("single")"},
    {"`raw\\n`", R"("raw\\n")"},
    {R"("a\tb\x41\u00e9")", "\"a\\tbA\xc3\xa9\""},
    {R"('it\'s')", R"("it's")"},
    // Vector selectors.
    {"foo", nullptr},
    {"min", nullptr},
    {"foo:bar{a=\"bc\"}", nullptr},
    {R"(foo{a="b", c!="d", e=~"f.*", g!~"h"})", R"(foo{a="b",c!="d",e=~"f.*",g!~"h"})"},
    {R"(foo{b="2",a="1"})", R"(foo{a="1",b="2"})"},
    {R"(foo{a="b",})", R"(foo{a="b"})"},
    {"foo{}", "foo"},
    {R"({__name__="foo"})", nullptr},
    {R"({"foo"})", R"({__name__="foo"})"},
    {R"({"foo", a="bc"})", R"({__name__="foo",a="bc"})"},
    {R"({"a.b"="c"})", nullptr},
    {R"({"0"="1"})", nullptr},
    {R"({"_0"="1"})", R"({_0="1"})"},
    {R"({__name__="",a="x"})", nullptr},
    {R"({__name__=~"foo.+"})", nullptr},
    {R"(up{__field__="cpu",__database__="monitoring"})",
     R"(up{__database__="monitoring",__field__="cpu"})"},
    {R"(foo{a='\xff'})", R"(foo{a="\xff"})"},
    {R"({a="b" or c="d"})", nullptr},
    {R"(foo{a="b",x="y" or c=~"d"})", nullptr},
    // Offset and @.
    {"foo offset 5m", nullptr},
    {"foo offset -7m", nullptr},
    {"foo OFFSET 1h30m", "foo offset 1h30m"},
    {"foo offset 1m30ms", nullptr},
    {"foo offset 3600", "foo offset 1h"},
    {"foo offset --5m", "foo offset 5m"},
    {"foo @ 1603774568", "foo @ 1603774568.000"},
    {"foo @ -100", "foo @ -100.000"},
    {"foo @ .3", "foo @ 0.300"},
    {"foo @ 3.3335", "foo @ 3.334"},
    {"foo @ 1m", "foo @ 60.000"},
    {"foo @ start()", nullptr},
    {"foo @ end()", nullptr},
    {"foo @ 10 offset 5m", "foo @ 10.000 offset 5m"},
    {"foo offset 5m @ 10", "foo @ 10.000 offset 5m"},
    // Range selectors.
    {"foo[5m]", nullptr},
    {"foo[5m30s]", nullptr},
    {"test[1000ms]", "test[1s]"},
    {"test[1001ms]", "test[1s1ms]"},
    {"test[5]", "test[5s]"},
    {"foo[4.18] @ 2.345", "foo[4s180ms] @ 2.345"},
    {R"(test{a="b"}[5y] OFFSET 3d)", R"(test{a="b"}[5y] offset 3d)"},
    {"a[12m] offset -3m", nullptr},
    {"a[1m] @ start()", nullptr},
    {"a[1m] @ end() offset 1m", nullptr},
    {"foo[90d]", nullptr},
    {"foo[14d]", "foo[2w]"},
    {"foo[ 5m ]", "foo[5m]"},
    // Subqueries.
    {"foo[5m:1m]", nullptr},
    {"foo[5m:]", nullptr},
    {"foo offset 5m[10m:1m]", nullptr},
    {"rate(foo[5m])[1h:5m] offset 1m", nullptr},
    {"(foo + bar)[5m:]", nullptr},
    {"foo[5m:1m] @ end()", nullptr},
    {"min_over_time(rate(foo[5m])[30m:1m] @ 100 offset 1h)",
     "min_over_time(rate(foo[5m])[30m:1m] @ 100.000 offset 1h)"},
    // Calls.
    {"time()", nullptr},
    {"rate(http_requests_total[5m])", nullptr},
    {"round(foo, 5)", nullptr},
    {"hour()", nullptr},
    {"year(foo)", nullptr},
    {"clamp(foo, 0, 1)", nullptr},
    {"vector(1)", nullptr},
    {"scalar(foo)", nullptr},
    {"abs(-1 * foo)", nullptr},
    {R"x(label_replace(up, "foo", "$1", "job", "(.*)"))x", nullptr},
    {R"(label_join(up, "foo", ",", "a", "b", "c"))", nullptr},
    {R"(sort_by_label(foo, "a", "b"))", nullptr},
    {"histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))", nullptr},
    {"predict_linear(foo[1h], 3000)", nullptr},
    {"quantile_over_time(0.5, foo[5m])", nullptr},
    {"double_exponential_smoothing(foo[5m], 0.5, 0.5)", nullptr},
    {"holt_winters(foo[5m], 0.5, 0.5)", nullptr},
    {"absent_over_time(nonexistent[1m])", nullptr},
    // Aggregations.
    {"sum(foo)", nullptr},
    {R"(sum by (job) (rate(http_requests_total{job="api"}[5m])))", nullptr},
    {"sum(rate(x[5m])) by (job)", "sum by (job) (rate(x[5m]))"},
    {"sum by() (foo)", "sum(foo)"},
    {"sum without() (foo)", "sum without () (foo)"},
    {"sum without(instance) (foo)", "sum without (instance) (foo)"},
    {"sum (foo) without (instance)", "sum without (instance) (foo)"},
    {"SUM BY (group) (foo)", "sum by (group) (foo)"},
    {"sum by (foo,bar,)(x)", "sum by (foo, bar) (x)"},
    {R"(sum by ("foo.bar") (foo))", nullptr},
    {R"(sum by ('foo', bar) (foo))", "sum by (foo, bar) (foo)"},
    {"sum by (foo:bar) (x)", R"(sum by ("foo:bar") (x))"},
    {"sum without(and, by, avg, count, alert, annotations)(foo)",
     "sum without (and, by, avg, count, alert, annotations) (foo)"},
    {"topk(5, foo)", nullptr},
    {"bottomk by (a) (2, foo)", nullptr},
    {R"(count_values("value", foo))", nullptr},
    {"quantile(0.9, foo)", nullptr},
    {"limitk(2, foo)", nullptr},
    {"limit_ratio(0.5, foo)", nullptr},
    {"avg(foo)", nullptr},
    {"group(foo)", nullptr},
    {"stddev(foo)", nullptr},
    {"stdvar(foo)", nullptr},
    {"count(foo)", nullptr},
    {"max(foo)", nullptr},
    {"sum(sum)", nullptr},
    {"a + sum", nullptr},
    // Binary operators and vector matching.
    {"a + b", nullptr},
    {"a-b", "a - b"},
    {"a - on() c", "a - on () c"},
    {"a - on(b) c", "a - on (b) c"},
    {"a - on(b) group_left(x, y) c", "a - on (b) group_left (x, y) c"},
    {"a - on(b) group_left c", "a - on (b) group_left () c"},
    {"a - on(b) group_left() (c)", "a - on (b) group_left () (c)"},
    {"a - ignoring(b) c", "a - ignoring (b) c"},
    {"a - ignoring() c", "a - c"},
    {"a - ignoring() group_left c", "a - ignoring () group_left () c"},
    {"a / on(b) group_right(c) d", "a / on (b) group_right (c) d"},
    {"up > bool 0", nullptr},
    {"1 == bool 1", nullptr},
    {"a == bool on(x) b", "a == bool on (x) b"},
    {"a and b", nullptr},
    {"a or b", nullptr},
    {"a unless b", nullptr},
    {"foo and on(test,blub) bar", "foo and on (test, blub) bar"},
    {"foo and ignoring() bar", "foo and bar"},
    {"a atan2 b", nullptr},
    {"a ^ b ^ c", nullptr},
    {"(a ^ b) ^ c", nullptr},
    {"-a ^ 2", nullptr},
    {"-a * b", nullptr},
    {"-(a + b)", nullptr},
    {"+a", nullptr},
    {"2 ^ -1", nullptr},
    {"1 + 2 * 3", nullptr},
    {"(1 + 2) * 3", nullptr},
    {"a or b and c", nullptr},
    {"foo == 1 or bar", nullptr},
    {"foo # a comment", "foo"},
    {"sum(rate(a[5m])) / sum(rate(b[5m])) * 100 > bool 5",
     "sum(rate(a[5m])) / sum(rate(b[5m])) * 100 > bool 5"},
};

TEST(PromqlPrinterTest, PrintsCanonicalFormAndRoundTrips) {
  static_assert(std::size(kPrintCases) >= 80);
  for (const PrintCase& c : kPrintCases) {
    SCOPED_TRACE(c.in);
    ExprPtr expr = MustParse(c.in);
    if (!expr) continue;
    std::string expected = c.out ? c.out : c.in;
    std::string printed = expr->String();
    EXPECT_EQ(printed, expected);
    ExprPtr again = MustParse(printed);
    if (!again) continue;
    EXPECT_TRUE(again->Equals(*expr)) << printed << " vs " << again->String();
    EXPECT_EQ(again->String(), printed);
    ExprPtr copy = expr->Clone();
    EXPECT_TRUE(copy->Equals(*expr));
    EXPECT_EQ(copy->String(), printed);
  }
}

TEST(PromqlParserTest, BuildsVectorSelectorWithNameMatcherLast) {
  ExprPtr expr = MustParse(R"(http_requests{job="api", code=~"5.."} offset 5m @ 100)");
  ASSERT_TRUE(expr->Is<VectorSelector>());
  const auto& vs = expr->As<VectorSelector>();
  EXPECT_EQ(vs.name, "http_requests");
  ASSERT_EQ(vs.matchers.size(), 3u);
  EXPECT_EQ(vs.matchers[0].String(), R"(job="api")");
  EXPECT_EQ(vs.matchers[1].op(), MatchOp::kRegexMatch);
  EXPECT_EQ(vs.matchers[2].String(), R"(__name__="http_requests")");
  EXPECT_EQ(vs.offset, minutes(5));
  EXPECT_EQ(vs.at.kind, AtModifier::Kind::kTimestamp);
  EXPECT_EQ(vs.at.timestamp_ms, 100000);
  EXPECT_EQ(vs.pos.start, 0);
  EXPECT_EQ(vs.pos.end, 53);
  EXPECT_EQ(expr->Type(), ValueType::kVector);
}

TEST(PromqlParserTest, BuildsMatrixAndSubqueryNodes) {
  ExprPtr expr = MustParse("rate(foo[5m] offset 1h)[30m:1m]");
  ASSERT_TRUE(expr->Is<SubqueryExpr>());
  const auto& sq = expr->As<SubqueryExpr>();
  EXPECT_EQ(sq.range, minutes(30));
  EXPECT_EQ(sq.step, minutes(1));
  EXPECT_EQ(expr->Type(), ValueType::kMatrix);
  const auto& call = sq.expr->As<Call>();
  EXPECT_EQ(call.func->name, "rate");
  const auto& ms = call.args[0]->As<MatrixSelector>();
  EXPECT_EQ(ms.range, minutes(5));
  EXPECT_EQ(ms.selector->offset, hours(1));
  EXPECT_EQ(ms.selector->name, "foo");

  ExprPtr fractional = MustParse("foo[1.5]");
  EXPECT_EQ(fractional->As<MatrixSelector>().range, milliseconds(1500));
  ExprPtr no_step = MustParse("foo[1h:]");
  EXPECT_EQ(no_step->As<SubqueryExpr>().step.count(), 0);
}

TEST(PromqlParserTest, AppliesPrometheusPrecedence) {
  // '*' binds tighter than '+', comparisons looser, 'or' loosest.
  ExprPtr e = MustParse("a + b * c > d or e");
  const auto& or_expr = e->As<BinaryExpr>();
  EXPECT_EQ(or_expr.op, BinaryOp::kOr);
  const auto& gt = or_expr.lhs->As<BinaryExpr>();
  EXPECT_EQ(gt.op, BinaryOp::kGtr);
  const auto& add = gt.lhs->As<BinaryExpr>();
  EXPECT_EQ(add.op, BinaryOp::kAdd);
  EXPECT_EQ(add.rhs->As<BinaryExpr>().op, BinaryOp::kMul);

  // '^' is right-associative; others are left-associative.
  ExprPtr pow = MustParse("a ^ b ^ c");
  EXPECT_TRUE(pow->As<BinaryExpr>().rhs->Is<BinaryExpr>());
  ExprPtr sub = MustParse("a - b - c");
  EXPECT_TRUE(sub->As<BinaryExpr>().lhs->Is<BinaryExpr>());

  // Unary minus binds like '*': looser than '^', tighter than '+'.
  ExprPtr neg_pow = MustParse("-a ^ b");
  ASSERT_TRUE(neg_pow->Is<UnaryExpr>());
  EXPECT_TRUE(neg_pow->As<UnaryExpr>().expr->Is<BinaryExpr>());
  ExprPtr neg_add = MustParse("-a + b");
  EXPECT_TRUE(neg_add->As<BinaryExpr>().lhs->Is<UnaryExpr>());

  // A signed number literal folds into the literal.
  ExprPtr folded = MustParse("-5");
  ASSERT_TRUE(folded->Is<NumberLiteral>());
  EXPECT_EQ(folded->As<NumberLiteral>().value, -5);

  // and/unless bind tighter than or.
  ExprPtr set = MustParse("a or b unless c");
  EXPECT_EQ(set->As<BinaryExpr>().op, BinaryOp::kOr);
  EXPECT_EQ(set->As<BinaryExpr>().rhs->As<BinaryExpr>().op, BinaryOp::kUnless);

  // atan2 binds like '*'.
  ExprPtr atan = MustParse("a + b atan2 c");
  EXPECT_EQ(atan->As<BinaryExpr>().rhs->As<BinaryExpr>().op, BinaryOp::kAtan2);

  // Modifiers bind tighter than any operator.
  ExprPtr mod = MustParse("a + b offset 5m");
  EXPECT_EQ(mod->As<BinaryExpr>().rhs->As<VectorSelector>().offset, minutes(5));
}

TEST(PromqlParserTest, RecordsVectorMatching) {
  ExprPtr e = MustParse("a * on(x, y) group_left(z) b");
  const auto& b = e->As<BinaryExpr>();
  ASSERT_TRUE(b.matching.has_value());
  EXPECT_TRUE(b.matching->on);
  EXPECT_EQ(b.matching->card, VectorMatchCardinality::kManyToOne);
  EXPECT_EQ(b.matching->matching_labels, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(b.matching->include, (std::vector<std::string>{"z"}));

  ExprPtr set = MustParse("a and b");
  EXPECT_EQ(set->As<BinaryExpr>().matching->card, VectorMatchCardinality::kManyToMany);
  ExprPtr plain = MustParse("a / b");
  EXPECT_EQ(plain->As<BinaryExpr>().matching->card, VectorMatchCardinality::kOneToOne);
  // An operation with a scalar side has no matching.
  EXPECT_FALSE(MustParse("a / 2")->As<BinaryExpr>().matching.has_value());
  EXPECT_FALSE(MustParse("1 + 2")->As<BinaryExpr>().matching.has_value());
  ExprPtr cmp = MustParse("a > bool 1");
  EXPECT_TRUE(cmp->As<BinaryExpr>().return_bool);
}

TEST(PromqlParserTest, BuildsAggregations) {
  ExprPtr e = MustParse("topk by (job) (3, rate(x[5m]))");
  const auto& agg = e->As<AggregateExpr>();
  EXPECT_EQ(agg.op, AggregateOp::kTopk);
  EXPECT_EQ(agg.param->As<NumberLiteral>().value, 3);
  EXPECT_TRUE(agg.expr->Is<Call>());
  EXPECT_EQ(agg.grouping, (std::vector<std::string>{"job"}));
  EXPECT_FALSE(agg.without);
  ExprPtr without = MustParse("avg(x) without (a, b)");
  EXPECT_TRUE(without->As<AggregateExpr>().without);
  EXPECT_EQ(without->As<AggregateExpr>().param, nullptr);
}

TEST(PromqlParserTest, GreptimeOrMatcherGroups) {
  ExprPtr e = MustParse(R"(foo{a="1", b="2" or c="3"})");
  const auto& vs = e->As<VectorSelector>();
  ASSERT_EQ(vs.or_matchers.size(), 2u);
  EXPECT_EQ(vs.or_matchers[0].size(), 2u);
  EXPECT_EQ(vs.or_matchers[1].size(), 1u);
  ASSERT_EQ(vs.matchers.size(), 1u);  // the name matcher
  EXPECT_EQ(vs.matchers[0].name(), "__name__");
  EXPECT_FALSE(ParseExpr(R"({a="1" or b=""})").ok());  // each group needs a non-empty matcher
}

TEST(PromqlTypeCheckTest, ResultTypes) {
  EXPECT_EQ(MustParse("1")->Type(), ValueType::kScalar);
  EXPECT_EQ(MustParse("\"s\"")->Type(), ValueType::kString);
  EXPECT_EQ(MustParse("foo")->Type(), ValueType::kVector);
  EXPECT_EQ(MustParse("foo[5m]")->Type(), ValueType::kMatrix);
  EXPECT_EQ(MustParse("foo[5m:1m]")->Type(), ValueType::kMatrix);
  EXPECT_EQ(MustParse("time()")->Type(), ValueType::kScalar);
  EXPECT_EQ(MustParse("scalar(foo)")->Type(), ValueType::kScalar);
  EXPECT_EQ(MustParse("rate(foo[5m])")->Type(), ValueType::kVector);
  EXPECT_EQ(MustParse("1 + time()")->Type(), ValueType::kScalar);
  EXPECT_EQ(MustParse("1 + foo")->Type(), ValueType::kVector);
  EXPECT_EQ(MustParse("-(1)")->Type(), ValueType::kScalar);
  EXPECT_EQ(MustParse("sum(foo)")->Type(), ValueType::kVector);
  EXPECT_EQ(MustParse("(foo[5m])")->Type(), ValueType::kMatrix);
}

std::string ErrorOf(std::string_view query) {
  Result<ExprPtr> expr = ParseExpr(query);
  if (expr.ok()) return "parsed as " + (*expr)->String();
  EXPECT_EQ(expr.status().code(), StatusCode::kInvalidArguments);
  return expr.status().message();
}

TEST(PromqlTypeCheckTest, EnforcesPrometheusTypeRules) {
  // Function arguments.
  EXPECT_EQ(ErrorOf("rate(foo)"),
            "1:6: parse error: expected type range vector in call to "
            "function \"rate\", got instant vector");
  EXPECT_EQ(ErrorOf("abs(foo[5m])"),
            "1:5: parse error: expected type instant vector in call "
            "to function \"abs\", got range vector");
  EXPECT_EQ(ErrorOf("rad(pi())"),
            "1:5: parse error: expected type instant vector in call to "
            "function \"rad\", got scalar");
  EXPECT_EQ(ErrorOf("label_join(foo, \"a\", \",\", 1)"),
            "1:27: parse error: expected type string in call to function \"label_join\", got "
            "scalar");
  EXPECT_EQ(ErrorOf("round(foo, 1, 2)"),
            "1:1: parse error: expected at most 2 argument(s) in call to \"round\", got 3");
  EXPECT_EQ(ErrorOf("label_join(foo)"),
            "1:1: parse error: expected at least 3 argument(s) in call to \"label_join\", got 1");
  EXPECT_EQ(ErrorOf("vector(foo)"),
            "1:8: parse error: expected type scalar in call to function "
            "\"vector\", got instant vector");
  // Aggregations.
  EXPECT_EQ(ErrorOf("sum(foo[5m])"),
            "1:5: parse error: expected type instant vector in "
            "aggregation expression, got range vector");
  EXPECT_EQ(ErrorOf("quantile(\"x\", foo)"),
            "1:10: parse error: expected type scalar in "
            "aggregation parameter, got string");
  // Binary operators.
  EXPECT_EQ(ErrorOf("1 > 2"),
            "1:3: parse error: comparisons between scalars must use BOOL modifier");
  EXPECT_EQ(ErrorOf("foo and 1"),
            "1:1: parse error: set operator \"and\" not allowed in binary scalar expression");
  EXPECT_EQ(ErrorOf("foo[5m] + 1"),
            "1:1: parse error: binary expression must contain only scalar and instant vector "
            "types");
  EXPECT_EQ(ErrorOf("1 + \"a\""),
            "1:5: parse error: binary expression must contain only scalar and instant vector "
            "types");
  EXPECT_EQ(ErrorOf("foo + on(a) 1"),
            "1:1: parse error: vector matching only allowed between instant vectors");
  EXPECT_EQ(ErrorOf("foo - bool bar"),
            "1:5: parse error: bool modifier can only be used on comparison operators");
  EXPECT_EQ(ErrorOf("foo or on(a) group_left bar"),
            "1:1: parse error: no grouping allowed for \"or\" operation");
  // Subqueries, unary operators and selectors.
  EXPECT_EQ(ErrorOf("foo[5m][10m:]"),
            "1:1: parse error: subquery is only allowed on instant vector, got matrix instead");
  EXPECT_EQ(ErrorOf("-foo[5m]"),
            "1:1: parse error: unary expression only allowed on "
            "expressions of type scalar or instant vector, got \"range "
            "vector\"");
  EXPECT_EQ(ErrorOf(R"({__name__!="x"})"),
            "1:1: parse error: vector selector must contain at least one non-empty matcher");
  EXPECT_EQ(ErrorOf(R"(foo{__name__="bar"})"),
            "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\"");
  // Accepted shapes.
  EXPECT_EQ(ErrorOf("1 > bool 2"), "parsed as 1 > bool 2");
  EXPECT_EQ(ErrorOf(R"({__name__="x"})"), "parsed as {__name__=\"x\"}");
  EXPECT_EQ(ErrorOf(R"({a=~".+"})"), "parsed as {a=~\".+\"}");
  EXPECT_EQ(ErrorOf("\"str\""), "parsed as \"str\"");
  EXPECT_EQ(ErrorOf("foo[5m]"), "parsed as foo[5m]");
}

TEST(PromqlMatcherTest, RegexesAreFullyAnchored) {
  ASSERT_OK_AND_ASSIGN(LabelMatcher m, LabelMatcher::Make(MatchOp::kRegexMatch, "job", "api|web"));
  EXPECT_TRUE(m.Matches("api"));
  EXPECT_TRUE(m.Matches("web"));
  EXPECT_FALSE(m.Matches("api-server"));
  EXPECT_FALSE(m.Matches("my-web"));
  EXPECT_FALSE(m.Matches(""));
  ASSERT_OK_AND_ASSIGN(LabelMatcher prefix, LabelMatcher::Make(MatchOp::kRegexMatch, "a", "foo.*"));
  EXPECT_TRUE(prefix.Matches("foo"));
  EXPECT_TRUE(prefix.Matches("foobar"));
  EXPECT_FALSE(prefix.Matches("xfoo"));
  ASSERT_OK_AND_ASSIGN(LabelMatcher neg, LabelMatcher::Make(MatchOp::kRegexNoMatch, "a", "b|c"));
  EXPECT_FALSE(neg.Matches("b"));
  EXPECT_TRUE(neg.Matches("bc"));
  EXPECT_TRUE(neg.Matches(""));
  ASSERT_OK_AND_ASSIGN(LabelMatcher empty, LabelMatcher::Make(MatchOp::kRegexMatch, "a", ".*"));
  EXPECT_TRUE(empty.Matches(""));
  ASSERT_OK_AND_ASSIGN(LabelMatcher eq, LabelMatcher::Make(MatchOp::kEqual, "a", "x.*"));
  EXPECT_FALSE(eq.Matches("xyz"));  // '=' is literal
  ASSERT_OK_AND_ASSIGN(LabelMatcher ne, LabelMatcher::Make(MatchOp::kNotEqual, "a", "x"));
  EXPECT_TRUE(ne.Matches(""));
  EXPECT_FALSE(ne.Matches("x"));
  // An unbalanced ')' must not escape the anchoring group.
  EXPECT_FALSE(LabelMatcher::Make(MatchOp::kRegexMatch, "a", "a)|(b").ok());
  Result<LabelMatcher> bad = LabelMatcher::Make(MatchOp::kRegexMatch, "a", "(.*");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArguments);
  EXPECT_EQ(bad.status().message().rfind("error parsing regexp: ", 0), 0u);
}

TEST(PromqlMatcherTest, SelectorMatchersComeFromTheQuery) {
  ExprPtr e = MustParse(R"({__name__=~"node_.*", instance!~"10\\..*"})");
  const auto& vs = e->As<VectorSelector>();
  EXPECT_TRUE(vs.matchers[0].Matches("node_cpu"));
  EXPECT_FALSE(vs.matchers[0].Matches("xnode_cpu"));
  EXPECT_FALSE(vs.matchers[1].Matches("10.0.0.1"));
  EXPECT_TRUE(vs.matchers[1].Matches("100.0.0.1"));
  EXPECT_EQ(ErrorOf(R"(foo{a=~"(.*"})").rfind("1:5: parse error: error parsing regexp: ", 0), 0u);
}

TEST(PromqlParserTest, ParsesMetricSelectorsForMetadataApis) {
  ASSERT_OK_AND_ASSIGN(auto vs, ParseMetricSelector(R"(up{job="api"})"));
  EXPECT_EQ(vs->name, "up");
  EXPECT_EQ(vs->matchers.size(), 2u);
  ASSERT_OK_AND_ASSIGN(auto braces, ParseMetricSelector(R"({__name__=~"a.*"})"));
  EXPECT_EQ(braces->matchers.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto keyword, ParseMetricSelector("sum"));
  EXPECT_EQ(keyword->name, "sum");
  EXPECT_FALSE(ParseMetricSelector("rate(up[5m])").ok());
  EXPECT_FALSE(ParseMetricSelector("up + 1").ok());
  EXPECT_EQ(ParseMetricSelector("1").status().message(),
            "1:1: parse error: unexpected number \"1\"");
}

TEST(PromqlParserTest, RejectsQueriesNestedTooDeeply) {
  std::string deep(2000, '(');
  deep += "1";
  deep += std::string(2000, ')');
  EXPECT_NE(ErrorOf(deep).find("query is too deeply nested"), std::string::npos);
  std::string negations(5000, '-');
  negations += "foo";
  EXPECT_NE(ErrorOf(negations).find("query is too deeply nested"), std::string::npos);
  std::string long_chain = "a";
  for (int i = 0; i < 10000; ++i) long_chain += " or a";
  EXPECT_NE(ErrorOf(long_chain).find("query is too deeply nested"), std::string::npos);
  // Long but reasonable queries are fine.
  std::string chain = "a";
  for (int i = 0; i < 1000; ++i) chain += " + a";
  ExprPtr e = MustParse(chain);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->String(), chain);
  std::string nested = "1";
  for (int i = 0; i < 100; ++i) nested = "abs(" + nested + " + foo)";
  EXPECT_NE(MustParse(nested), nullptr);
}

}  // namespace
}  // namespace greptime::promql
