// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Math functions: values, result types (DataFusion's), NULLs, decimals and errors.
#include <cmath>

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

class MathFunctionsTest : public FunctionFixture {
 protected:
  MathFunctionsTest() { RegisterMathFunctions(registry_); }
};

TEST_F(MathFunctionsTest, AbsKeepsIntegerAndDecimalTypes) {
  EXPECT_EQ(Text("abs", {I(-3)}), "3");
  EXPECT_EQ(*TypeOf("abs", {DataType::Int64()}), DataType::Int64());
  EXPECT_EQ(*TypeOf("abs", {DataType::Int8()}), DataType::Int8());
  EXPECT_EQ(Text("abs", {F(-2.5)}), "2.5");
  EXPECT_EQ(Text("abs", {Value::Decimal128(-100, 4, 3)}), "0.100");
  EXPECT_EQ(Text("abs", {N()}), "NULL");
  ASSERT_STATUS_CODE(Eval("abs", {I(INT64_MIN)}), StatusCode::kEngineExecuteQuery);
  ASSERT_STATUS_CODE(Eval("abs", {Value::Int8(-128)}), StatusCode::kEngineExecuteQuery);
  EXPECT_EQ(Text("abs", {Value::UInt64(UINT64_MAX)}), "18446744073709551615");
}

TEST_F(MathFunctionsTest, FloatFunctionsGiveFloat64) {
  EXPECT_EQ(Text("sqrt", {I(16)}), "4.0");
  EXPECT_EQ(*TypeOf("sqrt", {DataType::Int32()}), DataType::Float64());
  EXPECT_EQ(*TypeOf("sqrt", {DataType::Float32()}), DataType::Float32());
  EXPECT_NEAR(Eval("cbrt", {I(27)})->AsFloat64(), 3.0, 1e-12);
  EXPECT_EQ(Text("exp", {I(0)}), "1.0");
  EXPECT_EQ(Text("ln", {I(1)}), "0.0");
  EXPECT_EQ(Text("log2", {I(8)}), "3.0");
  EXPECT_EQ(Text("log10", {I(1000)}), "3.0");
  EXPECT_EQ(Text("log", {I(100)}), "2.0");
  EXPECT_EQ(Text("log", {I(2), I(8)}), "3.0");
  EXPECT_EQ(Text("sin", {I(0)}), "0.0");
  EXPECT_EQ(Text("cos", {I(0)}), "1.0");
  EXPECT_EQ(Text("degrees", {F(M_PI)}), "180.0");
  EXPECT_EQ(Text("radians", {I(180)}), Value::Float64(M_PI).ToString());
  EXPECT_EQ(Text("atan2", {I(0), I(1)}), "0.0");
  EXPECT_EQ(Text("pi", {}), Value::Float64(M_PI).ToString());
  EXPECT_EQ(Text("sqrt", {I(-1)}), "NaN");
  EXPECT_EQ(Text("sqrt", {N()}), "NULL");
  EXPECT_EQ(Text("signum", {I(-7)}), "-1.0");
  EXPECT_EQ(Text("sign", {I(0)}), "0.0");
}

TEST_F(MathFunctionsTest, CeilFloorRoundTrunc) {
  EXPECT_EQ(Text("ceil", {F(1.2)}), "2.0");
  EXPECT_EQ(Text("floor", {F(-1.2)}), "-2.0");
  EXPECT_EQ(*TypeOf("floor", {DataType::Int64()}), DataType::Float64());
  EXPECT_EQ(Text("round", {F(2.5)}), "3.0");
  EXPECT_EQ(Text("round", {F(-2.5)}), "-3.0");
  EXPECT_EQ(Text("round", {F(2.567), I(2)}), "2.57");
  EXPECT_EQ(Text("round", {I(1234), I(-2)}), "1200.0");
  EXPECT_EQ(*TypeOf("round", {DataType::Int64()}), DataType::Float64());
  EXPECT_EQ(Text("round", {F(1.5), I(100000)}), "1.5");
  EXPECT_EQ(Text("round", {F(1.5), N()}), "NULL");
  EXPECT_EQ(Text("trunc", {F(-2.7)}), "-2.0");
  EXPECT_EQ(Text("trunc", {F(2.789), I(1)}), "2.7");
  ASSERT_STATUS_CODE(TypeOf("round", {DataType::Float64(), DataType::Float64()}),
                     StatusCode::kInvalidArguments);
}

TEST_F(MathFunctionsTest, DecimalCeilFloorKeepTypeAndDetectOverflow) {
  Value d = Value::Decimal128(-1000000000, 38, 10);  // -0.1
  EXPECT_EQ(Text("ceil", {d}), "0.0000000000");
  EXPECT_EQ(Text("floor", {d}), "-1.0000000000");
  EXPECT_EQ(Text("ceil", {Value::Decimal128(-9999, 4, 1)}), "-999.0");
  EXPECT_EQ(Text("floor", {Value::Decimal128(9999, 4, 1)}), "999.0");
  auto st = Eval("ceil", {Value::Decimal128(9999, 4, 1)});
  ASSERT_STATUS_CODE(st, StatusCode::kEngineExecuteQuery);
  EXPECT_NE(st.status().ToString().find("Decimal overflow while applying ceil"), std::string::npos);
}

TEST_F(MathFunctionsTest, DecimalRoundUsesTheRequestedScale) {
  Value d = Value::Decimal128(1003908147521, 18, 10);  // 100.3908147521
  EXPECT_EQ(Text("round", {d}), "100");
  EXPECT_EQ(Text("round", {d, I(2)}), "100.39");
  EXPECT_EQ(Text("round", {d, I(7)}), "100.3908148");
  EXPECT_EQ(Text("round", {d, I(100000)}), "100.3908147521");
  EXPECT_EQ(Text("round", {d, I(-1)}), "100");
  EXPECT_EQ(Text("round", {d, I(-19842)}), "0");
  EXPECT_EQ(Text("round", {Value::Decimal128(-105, 38, 1)}), "-11");  // -10.5
  EXPECT_EQ(Text("round", {Value::Decimal128(9999, 4, 1)}), "1000");
  EXPECT_EQ(Text("round", {d, N()}), "NULL");
  // Non-constant digits: the input scale is kept.
  ASSERT_OK_AND_ASSIGN(ColumnPtr out, Call("round", {Col(d.type(), {d, d}),
                                                     Col(DataType::Int64(), {I(1), I(2)})},
                                           2));
  EXPECT_EQ(out->GetValue(0).ToString(), "100.4000000000");
  EXPECT_EQ(out->GetValue(1).ToString(), "100.3900000000");
}

TEST_F(MathFunctionsTest, PowerIsFloat64) {
  EXPECT_EQ(Text("pow", {I(2), I(5)}), "32.0");
  EXPECT_EQ(*TypeOf("power", {DataType::Int64(), DataType::Int64()}), DataType::Float64());
  EXPECT_EQ(Text("pow", {F(1.01), I(365)}), "37.78343433288728");
}

TEST_F(MathFunctionsTest, ModKeepsIntegerTypes) {
  EXPECT_EQ(Text("mod", {I(18), I(4)}), "2");
  EXPECT_EQ(Text("mod", {I(-18), I(4)}), "-2");
  EXPECT_EQ(Text("mod", {F(18.0), F(4.0)}), "2.0");
  EXPECT_EQ(*TypeOf("mod", {DataType::Int32(), DataType::Int64()}), DataType::Int64());
  EXPECT_EQ(*TypeOf("mod", {DataType::Int32(), DataType::Float64()}), DataType::Float64());
  EXPECT_EQ(Text("mod", {I(INT64_MIN), I(-1)}), "0");
  auto st = Eval("mod", {I(18), I(0)});
  ASSERT_STATUS_CODE(st, StatusCode::kEngineExecuteQuery);
  EXPECT_EQ(st.status().message(), "Divide by zero error");
  EXPECT_EQ(Text("mod", {I(18), N()}), "NULL");
}

TEST_F(MathFunctionsTest, GcdLcmFactorial) {
  EXPECT_EQ(Text("gcd", {I(12), I(-18)}), "6");
  EXPECT_EQ(Text("gcd", {I(0), I(0)}), "0");
  EXPECT_EQ(Text("lcm", {I(4), I(6)}), "12");
  EXPECT_EQ(Text("lcm", {I(0), I(6)}), "0");
  ASSERT_STATUS_CODE(Eval("gcd", {I(INT64_MIN), I(0)}), StatusCode::kEngineExecuteQuery);
  ASSERT_STATUS_CODE(Eval("lcm", {I(INT64_MAX), I(INT64_MAX - 1)}),
                     StatusCode::kEngineExecuteQuery);
  EXPECT_EQ(Text("factorial", {I(5)}), "120");
  EXPECT_EQ(Text("factorial", {I(0)}), "1");
  EXPECT_EQ(Text("factorial", {I(20)}), "2432902008176640000");
  ASSERT_STATUS_CODE(Eval("factorial", {I(21)}), StatusCode::kEngineExecuteQuery);
  ASSERT_STATUS_CODE(TypeOf("gcd", {DataType::Float64(), DataType::Int64()}),
                     StatusCode::kInvalidArguments);
}

TEST_F(MathFunctionsTest, Predicates) {
  EXPECT_EQ(Text("isnan", {F(NAN)}), "true");
  EXPECT_EQ(Text("isnan", {I(1)}), "false");
  EXPECT_EQ(Text("iszero", {F(0.0)}), "true");
  EXPECT_EQ(Text("iszero", {I(3)}), "false");
  EXPECT_EQ(Text("iszero", {N()}), "NULL");
  EXPECT_EQ(*TypeOf("isnan", {DataType::Float64()}), DataType::Boolean());
  EXPECT_EQ(Text("nanvl", {F(NAN), I(1)}), "1.0");
}

TEST_F(MathFunctionsTest, ClampFollowsGreptimeDb) {
  EXPECT_EQ(Text("clamp", {I(10), I(0), I(1)}), "1");
  EXPECT_EQ(Text("clamp", {I(-10), I(0), I(1)}), "0");
  EXPECT_EQ(Text("clamp", {F(0.5), I(0), I(1)}), "0.5");
  EXPECT_EQ(*TypeOf("clamp", {DataType::Int64(), DataType::Int64(), DataType::Int64()}),
            DataType::Int64());
  auto st = Eval("clamp", {I(10), I(1), I(0)});
  ASSERT_STATUS_CODE(st, StatusCode::kEngineExecuteQuery);
  EXPECT_EQ(st.status().message(), "Execution error: min '1' > max '0'");
  EXPECT_EQ(Text("clamp_min", {I(10), I(12)}), "12");
  EXPECT_EQ(Text("clamp_min", {F(10.5), F(10.4)}), "10.5");
  EXPECT_EQ(Text("clamp_max", {I(10), I(8)}), "8");
  EXPECT_EQ(Text("clamp_max", {I(-5), I(-7)}), "-7");
  EXPECT_EQ(Text("clamp", {N(), I(0), I(1)}), "NULL");
}

TEST_F(MathFunctionsTest, ColumnsWithNulls) {
  ColumnPtr x = Col(DataType::Float64(), {F(4), N(), F(9)});
  ASSERT_OK_AND_ASSIGN(ColumnPtr out, Call("sqrt", {x}, 3));
  EXPECT_EQ(out->GetValue(0).ToString(), "2.0");
  EXPECT_TRUE(out->IsNull(1));
  EXPECT_EQ(out->GetValue(2).ToString(), "3.0");
  ColumnPtr a = Col(DataType::Int32(), {Value::Int32(-1), N(), Value::Int32(5)});
  ASSERT_OK_AND_ASSIGN(ColumnPtr abs, Call("abs", {a}, 3));
  EXPECT_EQ(abs->GetValue(0), Value::Int32(1));
  EXPECT_TRUE(abs->IsNull(1));
  ASSERT_OK_AND_ASSIGN(ColumnPtr m, Call("mod", {a, Col(DataType::Int64(), {I(2), I(2), N()})}, 3));
  EXPECT_EQ(m->GetValue(0), I(-1));
  EXPECT_TRUE(m->IsNull(1));
  EXPECT_TRUE(m->IsNull(2));
}

TEST_F(MathFunctionsTest, RandomIsNotDeterministic) {
  const ScalarFunction* fn = registry_.FindScalar("random");
  ASSERT_NE(fn, nullptr);
  EXPECT_FALSE(fn->deterministic());
  EXPECT_TRUE(registry_.FindScalar("sqrt")->deterministic());
  ASSERT_OK_AND_ASSIGN(ColumnPtr out, Call("random", {}, 100));
  for (size_t i = 0; i < out->size(); ++i) {
    double v = out->GetValue(i).AsFloat64();
    EXPECT_GE(v, 0.0);
    EXPECT_LT(v, 1.0);
  }
}

TEST_F(MathFunctionsTest, BitwiseOperators) {
  EXPECT_EQ(Text("__bit_and", {I(6), I(3)}), "2");
  EXPECT_EQ(Text("__bit_or", {I(6), I(3)}), "7");
  EXPECT_EQ(Text("__bit_xor", {I(2), I(3)}), "1");
  EXPECT_EQ(Text("__shift_left", {I(1), I(4)}), "16");
  EXPECT_EQ(Text("__shift_right", {I(-16), I(2)}), "-4");
  EXPECT_EQ(Text("__shift_left", {I(1), I(64)}), "0");
  ASSERT_STATUS_CODE(TypeOf("__bit_and", {DataType::Float64(), DataType::Int64()}),
                     StatusCode::kInvalidArguments);
}

TEST_F(MathFunctionsTest, BadArgumentsNameTheFunction) {
  auto st = TypeOf("cos", {DataType::Int64(), DataType::Int64()});
  ASSERT_STATUS_CODE(st, StatusCode::kInvalidArguments);
  EXPECT_NE(st.status().message().find("'cos'"), std::string::npos);
  auto st2 = TypeOf("abs", {DataType::String()});
  ASSERT_STATUS_CODE(st2, StatusCode::kInvalidArguments);
  EXPECT_NE(st2.status().message().find("'abs'"), std::string::npos);
  ASSERT_STATUS_CODE(TypeOf("pi", {DataType::Int64()}), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(TypeOf("clamp", {DataType::Int64()}), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(TypeOf("round", {}), StatusCode::kInvalidArguments);
}

TEST_F(MathFunctionsTest, EmptyInput) {
  ASSERT_OK_AND_ASSIGN(ColumnPtr out, Call("sqrt", {Col(DataType::Float64(), {})}, 0));
  EXPECT_EQ(out->size(), 0u);
  ASSERT_OK_AND_ASSIGN(ColumnPtr r, Call("round", {Col(DataType::Decimal128(10, 2), {}),
                                                   Col(DataType::Int64(), {})},
                                         0));
  EXPECT_EQ(r->size(), 0u);
}

}  // namespace
}  // namespace greptime::query
