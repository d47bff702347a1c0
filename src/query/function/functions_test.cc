// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Scalar functions through the planner (constant folding evaluates them) and directly.
#include <gtest/gtest.h>

#include "common/testing.h"
#include "query/function/function.h"
#include "query/plan/planner.h"
#include "query/sql/parser.h"

namespace greptime::query {
namespace {

using types::Value;

class FunctionsTest : public ::testing::Test {
 protected:
  FunctionsTest() {
    auto ctx = std::make_shared<FunctionContext>();
    ctx->now_ns = 1700000000123456789;
    ctx->time_zone = *TimeZone::Parse("Asia/Shanghai");
    opts_.function_context = ctx;
  }
  Result<std::string> Eval(const std::string& text) {
    GT_ASSIGN_OR_RETURN(auto e, sql::ParseExpression(text));
    GT_ASSIGN_OR_RETURN(Value v, EvaluateConstant(*e, opts_));
    return v.is_null() ? std::string("NULL") : v.ToString();
  }
  PlannerOptions opts_;
};

TEST_F(FunctionsTest, Math) {
  EXPECT_EQ(*Eval("abs(-3)"), "3");
  EXPECT_EQ(*Eval("sqrt(16)"), "4.0");
  EXPECT_EQ(*Eval("round(2.567, 2)"), "2.57");
  EXPECT_EQ(*Eval("power(2, 10)"), "1024.0");
  EXPECT_EQ(*Eval("2 ^ 2 + 1"), "1");  // ^ is XOR and binds looser than +
  EXPECT_EQ(*Eval("6 & 3"), "2");
  EXPECT_EQ(*Eval("1 << 4"), "16");
  EXPECT_EQ(*Eval("abs(NULL)"), "NULL");
  ASSERT_STATUS_CODE(Eval("abs('x')"), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(Eval("sqrt(1, 2)"), StatusCode::kInvalidArguments);
}

TEST_F(FunctionsTest, Strings) {
  EXPECT_EQ(*Eval("upper('abc') || lower('DEF')"), "ABCdef");
  EXPECT_EQ(*Eval("length('héllo')"), "5");
  EXPECT_EQ(*Eval("substr('hello', 2, 3)"), "ell");
  EXPECT_EQ(*Eval("concat('a', NULL, 'b')"), "ab");
  EXPECT_EQ(*Eval("'a' || NULL"), "NULL");
  EXPECT_EQ(*Eval("replace('aXbX', 'X', '-')"), "a-b-");
  EXPECT_EQ(*Eval("trim('  x  ')"), "x");
  EXPECT_EQ(*Eval("'hello' LIKE 'h%o'"), "true");
  EXPECT_EQ(*Eval("'Hello' ILIKE 'h_llo'"), "true");
  EXPECT_EQ(*Eval("'abc' ~ 'b+'"), "true");
  EXPECT_EQ(*Eval("regexp_replace('a1b22', '[0-9]+', 'N', 'g')"), "aNbN");
  EXPECT_EQ(*Eval("split_part('a,b,c', ',', 2)"), "b");
  ASSERT_STATUS_CODE(Eval("'a' ~ '('"), StatusCode::kInvalidArguments);
}

TEST_F(FunctionsTest, Conditionals) {
  EXPECT_EQ(*Eval("coalesce(NULL, 2, 3)"), "2");
  EXPECT_EQ(*Eval("nullif(1, 1)"), "NULL");
  EXPECT_EQ(*Eval("greatest(1, 5, 3)"), "5");
  EXPECT_EQ(*Eval("CASE WHEN 1 = 2 THEN 'a' WHEN 2 = 2 THEN 'b' END"), "b");
  EXPECT_EQ(*Eval("1 IN (1, 2, NULL)"), "true");
  EXPECT_EQ(*Eval("3 IN (1, 2, NULL)"), "NULL");
  EXPECT_EQ(*Eval("NULL IS DISTINCT FROM 1"), "true");
}

TEST_F(FunctionsTest, TimeInSessionZone) {
  // 2023-11-14T22:13:20Z is 2023-11-15 06:13:20 in Shanghai.
  EXPECT_EQ(*Eval("date_trunc('day', arrow_cast(1700000000000, 'Timestamp(Millisecond, None)'))"),
            "2023-11-14T16:00:00");
  EXPECT_EQ(*Eval("date_format(arrow_cast(1700000000000, 'Timestamp(Millisecond, None)'), "
                  "'%Y-%m-%d %H:%M:%S')"),
            "2023-11-15 06:13:20");
  EXPECT_EQ(*Eval("date_part('hour', arrow_cast(1700000000000, 'Timestamp(Millisecond, None)'))"),
            "6");
  EXPECT_EQ(*Eval("now()"), "2023-11-14T22:13:20.123456789");
  EXPECT_EQ(*Eval("to_unixtime('2023-11-15 06:13:20')"), "1700000000");
  EXPECT_EQ(*Eval("arrow_typeof(1)"), "Int64");
  EXPECT_EQ(*Eval("date_bin(INTERVAL '1 hour', arrow_cast(1700000000000, "
                  "'Timestamp(Millisecond, None)'))"),
            "2023-11-14T22:00:00");
  ASSERT_STATUS_CODE(Eval("date_trunc('fortnight', now())"), StatusCode::kInvalidArguments);
  // The vectorized path (fixed-length units, fixed-offset zones) agrees with the calendar path.
  EXPECT_EQ(*Eval("date_trunc('hour', arrow_cast(1700000000000, 'Timestamp(Millisecond, None)'))"),
            "2023-11-14T22:00:00");
  auto ctx = std::make_shared<FunctionContext>(*opts_.function_context);
  ctx->time_zone = *TimeZone::Parse("+08:00");
  opts_.function_context = ctx;
  EXPECT_EQ(*Eval("date_trunc('day', arrow_cast(1700000000000, 'Timestamp(Millisecond, None)'))"),
            "2023-11-14T16:00:00");
  EXPECT_EQ(*Eval("date_trunc('minute', arrow_cast(-1, 'Timestamp(Millisecond, None)'))"),
            "1969-12-31T23:59:00");
}

}  // namespace
}  // namespace greptime::query
