// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Conditional functions: common result types, NULL handling and argument errors.
#include <gtest/gtest.h>

#include "common/testing.h"
#include "query/function/function.h"
#include "query/function/function_test_util.h"
#include "types/column_builder.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

using namespace testing_util;  // NOLINT: the fixture and value shorthands

class ConditionalFunctionsTest : public FunctionFixture {
 protected:
  ConditionalFunctionsTest() { RegisterConditionalFunctions(registry_); }
};

TEST_F(ConditionalFunctionsTest, CoalescePicksTheFirstNonNull) {
  EXPECT_EQ(Text("coalesce", {N(), I(2), I(3)}), "2");
  EXPECT_EQ(Text("coalesce", {N(), N(), S("third")}), "third");
  EXPECT_EQ(Text("coalesce", {S("first"), S("second")}), "first");
  EXPECT_EQ(Text("coalesce", {N(), N()}), "NULL");
  EXPECT_EQ(Text("coalesce", {N(), I(1), F(2.5)}), "1.0");  // Int64 widened to Float64
  EXPECT_EQ(*TypeOf("coalesce", {DataType::Int32(), DataType::Int64()}), DataType::Int64());
  EXPECT_EQ(*TypeOf("coalesce", {DataType::Int64(), DataType::Float64()}), DataType::Float64());
  EXPECT_EQ(*TypeOf("coalesce", {DataType::Null(), DataType::String()}), DataType::String());
  ASSERT_STATUS_CODE(TypeOf("coalesce", {}), StatusCode::kInvalidArguments);
  auto st = TypeOf("coalesce", {DataType::Int64(), DataType::String()});
  ASSERT_STATUS_CODE(st, StatusCode::kInvalidArguments);
  EXPECT_NE(st.status().message().find("'coalesce'"), std::string::npos);
}

TEST_F(ConditionalFunctionsTest, CoalesceOverColumns) {
  ColumnPtr a = Col(DataType::Int32(), {Value::Int32(1), N(), Value::Int32(3), N()});
  ColumnPtr b = types::MakeConstantColumn(DataType::Int64(), I(-1), 4);
  ASSERT_OK_AND_ASSIGN(ColumnPtr out, Call("coalesce", {a, b}, 4));
  EXPECT_EQ(out->GetValue(0), I(1));
  EXPECT_EQ(out->GetValue(1), I(-1));
  EXPECT_EQ(out->GetValue(2), I(3));
  EXPECT_EQ(out->GetValue(3), I(-1));
}

TEST_F(ConditionalFunctionsTest, IfNullNvlNvl2) {
  EXPECT_EQ(Text("ifnull", {N(), S("default")}), "default");
  EXPECT_EQ(Text("ifnull", {S("value"), S("default")}), "value");
  EXPECT_EQ(Text("nvl", {I(1), I(2)}), "1");
  EXPECT_EQ(Text("nvl2", {I(1), S("a"), S("b")}), "a");
  EXPECT_EQ(Text("nvl2", {N(), S("a"), S("b")}), "b");
  ASSERT_STATUS_CODE(TypeOf("nvl", {DataType::Int64()}), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(TypeOf("nvl2", {DataType::Int64(), DataType::Int64()}),
                     StatusCode::kInvalidArguments);
}

TEST_F(ConditionalFunctionsTest, NullIf) {
  EXPECT_EQ(Text("nullif", {I(1), I(1)}), "NULL");
  EXPECT_EQ(Text("nullif", {I(3), I(1)}), "3");
  EXPECT_EQ(Text("nullif", {S("hello"), S("hello")}), "NULL");
  EXPECT_EQ(Text("nullif", {S("world"), S("hello")}), "world");
  EXPECT_EQ(Text("nullif", {N(), I(1)}), "NULL");
  EXPECT_EQ(Text("nullif", {I(1), N()}), "1");
  EXPECT_EQ(Text("nullif", {Value::Int32(2), F(2.0)}), "NULL");  // compared by value
  EXPECT_EQ(*TypeOf("nullif", {DataType::Int32(), DataType::Int64()}), DataType::Int32());
}

TEST_F(ConditionalFunctionsTest, IfUsesMysqlTruthiness) {
  EXPECT_EQ(Text("if", {B(true), S("yes"), S("no")}), "yes");
  EXPECT_EQ(Text("if", {B(false), S("yes"), S("no")}), "no");
  EXPECT_EQ(Text("if", {N(), S("yes"), S("no")}), "no");
  EXPECT_EQ(Text("if", {I(1), S("yes"), S("no")}), "yes");
  EXPECT_EQ(Text("if", {I(0), S("yes"), S("no")}), "no");
  EXPECT_EQ(Text("if", {I(-1), S("yes"), S("no")}), "yes");
  EXPECT_EQ(Text("if", {F(1.5), S("yes"), S("no")}), "yes");
  EXPECT_EQ(Text("if", {F(0.0), S("yes"), S("no")}), "no");
  EXPECT_EQ(Text("if", {B(true), I(100), I(200)}), "100");
  EXPECT_EQ(*TypeOf("if", {DataType::Boolean(), DataType::Int64(), DataType::Int64()}),
            DataType::Int64());
  ColumnPtr cond = Col(DataType::Boolean(), {B(true), N(), B(false)});
  ASSERT_OK_AND_ASSIGN(ColumnPtr out, Call("if", {cond, Col(DataType::Int64(), {I(1), I(2), I(3)}),
                                                  Col(DataType::Int64(), {I(4), I(5), N()})},
                                           3));
  EXPECT_EQ(out->GetValue(0), I(1));
  EXPECT_EQ(out->GetValue(1), I(5));
  EXPECT_TRUE(out->IsNull(2));
  ASSERT_STATUS_CODE(TypeOf("if", {DataType::Boolean(), DataType::Int64()}),
                     StatusCode::kInvalidArguments);
}

TEST_F(ConditionalFunctionsTest, GreatestLeast) {
  EXPECT_EQ(Text("greatest", {I(1), I(5), I(3)}), "5");
  EXPECT_EQ(Text("least", {I(4), I(2), I(3)}), "2");
  EXPECT_EQ(Text("greatest", {I(1), F(1.5)}), "1.5");
  EXPECT_EQ(Text("greatest", {N(), I(7), N()}), "7");
  EXPECT_EQ(Text("least", {N(), N()}), "NULL");
  EXPECT_EQ(Text("greatest", {S("1999-01-30"), S("2023-03-01")}), "2023-03-01");
  EXPECT_EQ(Text("least", {Value::UInt64(UINT64_MAX), I(-1)}), "-1");
  ASSERT_STATUS_CODE(TypeOf("greatest", {}), StatusCode::kInvalidArguments);
}

TEST_F(ConditionalFunctionsTest, IsNullIsNeverNull) {
  EXPECT_EQ(Text("isnull", {N()}), "true");
  EXPECT_EQ(Text("isnull", {I(1)}), "false");
  EXPECT_EQ(Text("isnull", {S("string")}), "false");
  ColumnPtr a = Col(DataType::Int32(), {Value::Int32(1), N(), Value::Int32(3)});
  ASSERT_OK_AND_ASSIGN(ColumnPtr out, Call("isnull", {a}, 3));
  EXPECT_EQ(out->GetValue(0), B(false));
  EXPECT_EQ(out->GetValue(1), B(true));
  EXPECT_EQ(out->null_count(), 0u);
  ASSERT_STATUS_CODE(TypeOf("isnull", {}), StatusCode::kInvalidArguments);
}

TEST_F(ConditionalFunctionsTest, TimestampsWithStringsUseTheTimestampType) {
  DataType ts = DataType::TimestampMillisecond();
  EXPECT_EQ(*TypeOf("coalesce", {DataType::String(), ts}), ts);
  EXPECT_EQ(Text("greatest", {Value::Timestamp(0, TimeUnit::kMillisecond), S("1970-01-01 00:00:01")}),
            "1970-01-01T00:00:01");
}

}  // namespace
}  // namespace greptime::query
