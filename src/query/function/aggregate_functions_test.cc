// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// g++ 12 reports a false -Warray-bounds inside std::vector<ColumnPtr> construction from a
// one-element initializer list at -O3 (GCC bug 107087 family); the code is valid.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Warray-bounds"
#endif
#include <gtest/gtest.h>

#include <cmath>

#include "common/testing.h"
#include "query/function/function.h"
#include "types/column_builder.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

const FunctionRegistry& Registry() {
  static const FunctionRegistry* registry = [] {
    auto* r = new FunctionRegistry();
    RegisterAggregateFunctions(*r);
    return r;
  }();
  return *registry;
}

ColumnPtr Col(DataType type, std::vector<Value> values) {
  return *types::MakeColumn(type, values);
}
ColumnPtr Ints(std::vector<std::optional<int64_t>> v) {
  std::vector<Value> values;
  for (auto x : v) values.push_back(x ? Value::Int64(*x) : Value());
  return Col(DataType::Int64(), values);
}
ColumnPtr I32s(std::vector<std::optional<int32_t>> v) {
  std::vector<Value> values;
  for (auto x : v) values.push_back(x ? Value::Int32(*x) : Value());
  return Col(DataType::Int32(), values);
}
ColumnPtr Doubles(std::vector<std::optional<double>> v) {
  std::vector<Value> values;
  for (auto x : v) values.push_back(x ? Value::Float64(*x) : Value());
  return Col(DataType::Float64(), values);
}
ColumnPtr Strings(std::vector<std::optional<std::string>> v) {
  std::vector<Value> values;
  for (auto& x : v) values.push_back(x ? Value::String(*x) : Value());
  return Col(DataType::String(), values);
}

// One aggregate call: argument columns (ordering columns last), their constants, options.
struct Call {
  std::string fn;
  std::vector<ColumnPtr> args;
  std::vector<Value> constants = {};  // per value arg; NULL = not constant
  AggregateOptions options = {};
};

std::vector<ArgInfo> Infos(const Call& c) {
  std::vector<ArgInfo> infos;
  const size_t n = c.args.size() - c.options.order_ascending.size();
  for (size_t i = 0; i < n; ++i) {
    const bool constant = i < c.constants.size() && !c.constants[i].is_null();
    infos.push_back({c.args[i]->type(), constant ? &c.constants[i] : nullptr});
  }
  return infos;
}

Result<DataType> TypeOf(const Call& c) {
  const AggregateFunction* f = Registry().FindAggregate(c.fn);
  if (f == nullptr) return Status::InvalidArguments("no aggregate {}", c.fn);
  return f->ReturnType(Infos(c));
}

// Runs the call over rows in groups `ids` (default: one group), fed in batches of `batch`
// rows; returns the finished column, checked to have the ReturnType.
Result<ColumnPtr> RunCall(const Call& c, std::vector<uint32_t> ids = {}, size_t batch = 0) {
  const AggregateFunction* f = Registry().FindAggregate(c.fn);
  if (f == nullptr) return Status::InvalidArguments("no aggregate {}", c.fn);
  GT_ASSIGN_OR_RETURN(DataType type, f->ReturnType(Infos(c)));
  GT_ASSIGN_OR_RETURN(auto acc, f->MakeAccumulator(Infos(c), c.options));
  const size_t rows = c.args.empty() ? ids.size() : c.args[0]->size();
  if (ids.empty()) ids.assign(rows, 0);
  size_t groups = 1;
  for (uint32_t g : ids) groups = std::max<size_t>(groups, g + 1);
  if (batch == 0) batch = std::max<size_t>(rows, 1);
  for (size_t off = 0; off < rows; off += batch) {
    const size_t len = std::min(batch, rows - off);
    std::vector<ColumnPtr> slice;
    for (const auto& a : c.args) slice.push_back(a->Slice(off, len));
    GT_RETURN_IF_ERROR(
        acc->Update(slice, std::span<const uint32_t>(ids).subspan(off, len), groups));
  }
  GT_ASSIGN_OR_RETURN(ColumnPtr out, acc->Finish(groups));
  if (!(out->type() == type)) {
    return Status::Internal("{} returned {}, ReturnType said {}", c.fn, out->type().Name(),
                            type.Name());
  }
  return out;
}

// Rows as text, NULL as "NULL".
std::string Text(const ColumnPtr& c) {
  std::string out;
  for (size_t i = 0; i < c->size(); ++i) {
    out += (i ? "|" : "") + (c->IsNull(i) ? std::string("NULL") : c->GetValue(i).ToString());
  }
  return out;
}

std::string RunText(const Call& c, std::vector<uint32_t> ids = {}, size_t batch = 0) {
  auto r = RunCall(c, std::move(ids), batch);
  if (!r.ok()) return "error: " + r.status().ToString();
  return Text(*r);
}

TEST(AggregateCountTest, CountsRowsValuesAndDistinctValues) {
  ColumnPtr x = Ints({1, std::nullopt, 1, 2, std::nullopt});
  EXPECT_EQ(RunText({"count", {}}, {0, 0, 1, 1, 1}), "2|3");
  EXPECT_EQ(RunText({"count", {x}}, {0, 0, 1, 1, 1}), "1|2");
  Call distinct{"count", {x}};
  distinct.options.distinct = true;
  EXPECT_EQ(RunText(distinct), "2");
  EXPECT_EQ(RunText(distinct, {0, 0, 1, 1, 0}), "1|2");
  ASSERT_OK_AND_ASSIGN(DataType t, TypeOf({"count", {x}}));
  EXPECT_EQ(t, DataType::Int64());
}

TEST(AggregateCountTest, EmptyInputCountsZeroOthersNull) {
  ColumnPtr empty = Ints({});
  EXPECT_EQ(RunText({"count", {empty}}), "0");
  for (const char* fn : {"sum", "avg", "min", "max", "stddev", "median", "bit_and",
                         "first_value", "array_agg"}) {
    EXPECT_EQ(RunText({fn, {empty}}), "NULL") << fn;
  }
  EXPECT_EQ(RunText({"approx_distinct", {empty}}), "0");
  ColumnPtr nulls = Ints({std::nullopt, std::nullopt});
  for (const char* fn : {"sum", "avg", "min", "max", "var_pop", "median", "bit_or"}) {
    EXPECT_EQ(RunText({fn, {nulls}}), "NULL") << fn;
  }
}

TEST(AggregateSumTest, ResultTypesFollowDataFusion) {
  EXPECT_EQ(*TypeOf({"sum", {I32s({1})}}), DataType::Int64());
  EXPECT_EQ(*TypeOf({"sum", {Col(DataType::UInt8(), {Value::UInt8(1)})}}), DataType::UInt64());
  EXPECT_EQ(*TypeOf({"sum", {Col(DataType::Float32(), {Value::Float32(1)})}}),
            DataType::Float64());
  EXPECT_EQ(*TypeOf({"sum", {Col(DataType::Decimal128(10, 2), {})}}),
            DataType::Decimal128(20, 2));
  EXPECT_EQ(*TypeOf({"sum", {Col(DataType::Decimal128(35, 2), {})}}),
            DataType::Decimal128(38, 2));
  EXPECT_EQ(*TypeOf({"avg", {I32s({1})}}), DataType::Float64());
  EXPECT_EQ(*TypeOf({"avg", {Col(DataType::Decimal128(10, 2), {})}}),
            DataType::Decimal128(14, 6));
}

TEST(AggregateSumTest, SumsEveryNumericType) {
  EXPECT_EQ(RunText({"sum", {I32s({1, 2, std::nullopt, 4})}}, {0, 1, 0, 1}), "1|6");
  EXPECT_EQ(RunText({"sum", {Col(DataType::UInt16(), {Value::UInt16(7), Value::UInt16(9)})}}),
            "16");
  EXPECT_EQ(RunText({"sum", {Doubles({0.5, 1.25, std::nullopt})}}), "1.75");
  ColumnPtr dec = Col(DataType::Decimal128(10, 2),
                      {Value::Decimal128(150, 10, 2), Value::Decimal128(-25, 10, 2)});
  EXPECT_EQ(RunText({"sum", {dec}}), "1.25");
  EXPECT_EQ(RunText({"avg", {dec}}), "0.625000");
  EXPECT_EQ(RunText({"avg", {Ints({1, 2, 3, std::nullopt})}}), "2.0");
  // Multiple batches.
  EXPECT_EQ(RunText({"sum", {Ints({1, 2, 3, 4, 5})}}, {0, 1, 0, 1, 0}, 2), "9|6");
}

TEST(AggregateSumTest, Int64OverflowWrapsAsDataFusion) {
  // common/aggregate/sum.result: 4611686018427387904 + 4611686018427388904 + 1.
  ColumnPtr big = Ints({4611686018427387904, 4611686018427388904, 1});
  EXPECT_EQ(RunText({"sum", {big}}), "-9223372036854774807");
  ColumnPtr dec = Col(DataType::Decimal128(38, 0),
                      {Value::Decimal128(types::DecimalMaxUnscaled(38), 38, 0),
                       Value::Decimal128(1, 38, 0)});
  ASSERT_STATUS_CODE(RunCall({"sum", {dec}}), StatusCode::kEngineExecuteQuery);
}

TEST(AggregateSumTest, SignatureErrorsMatchGreptime) {
  auto r = TypeOf({"sum", {Col(DataType::TimestampMillisecond(), {})}});
  ASSERT_STATUS_CODE(r, StatusCode::kPlanQuery);
  EXPECT_EQ(r.status().message().substr(0, 200),
            std::string("Failed to plan SQL: Error during planning: Execution error: Function "
                        "'sum' failed to match any signature, errors: Error during planning: "
                        "Function 'sum' requires TypeSignatureClass::Decimal, but received "
                        "Timestamp(ms) (DataType: Timestamp(ms)).")
                .substr(0, 200));
  EXPECT_NE(r.status().message().find("No function matches the given name and argument types "
                                      "'sum(Timestamp(ms))'. You might need to add explicit type "
                                      "casts.\n\tCandidate functions:\n\tsum(Coercion("),
            std::string::npos);
  auto arity = TypeOf({"sum", {Ints({1}), Ints({1})}});
  EXPECT_NE(arity.status().message().find("Function 'sum' expects 1 arguments but received 2"),
            std::string::npos);
  auto first = TypeOf({"first_value", {Ints({1}), Ints({1})}});
  EXPECT_EQ(first.status().message(),
            "Failed to plan SQL: Error during planning: The function 'first_value' expected 1 "
            "arguments but received 2 No function matches the given name and argument types "
            "'first_value(Int64, Int64)'. You might need to add explicit type casts.\n\tCandidate "
            "functions:\n\tfirst_value(Any)");
  ASSERT_STATUS_CODE(TypeOf({"avg", {Strings({"a"})}}), StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(TypeOf({"bool_and", {Ints({1})}}), StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(TypeOf({"bit_and", {Doubles({1})}}), StatusCode::kPlanQuery);
}

TEST(AggregateSumTest, AvgOfNullTypeFailsAtExecution) {
  ColumnPtr nulls = types::MakeConstantColumn(DataType::Null(), Value(), 2);
  auto r = RunCall({"avg", {nulls}});
  ASSERT_STATUS_CODE(r, StatusCode::kEngineExecuteQuery);
  EXPECT_EQ(r.status().message(), "Execution error: AvgAccumulator for (Null --> Float64)");
  EXPECT_EQ(RunText({"sum", {nulls}}), "NULL");
}

TEST(AggregateSumTest, DistinctSumAndAvg) {
  Call sum{"sum", {Ints({1, 1, 2, std::nullopt, 2, 3})}};
  sum.options.distinct = true;
  EXPECT_EQ(RunText(sum), "6");
  EXPECT_EQ(RunText(sum, {0, 1, 0, 1, 1, 1}), "3|6");
  Call avg{"avg", {Doubles({1.0, 1.0, 4.0, -0.0, 0.0})}};
  avg.options.distinct = true;
  EXPECT_EQ(RunText(avg), "1.6666666666666667");
}

TEST(AggregateMinMaxTest, ComparableTypes) {
  EXPECT_EQ(RunText({"min", {Strings({"hello", "world", std::nullopt, "r"})}}, {0, 1, 0, 1}),
            "hello|r");
  EXPECT_EQ(RunText({"max", {Strings({"hello", "world", std::nullopt, "r"})}}), "world");
  ColumnPtr ts = Col(DataType::TimestampMillisecond(),
                     {Value::Timestamp(3000, TimeUnit::kMillisecond), Value(),
                      Value::Timestamp(1000, TimeUnit::kMillisecond)});
  EXPECT_EQ(RunText({"max", {ts}}), "1970-01-01T00:00:03");
  EXPECT_EQ(RunText({"min", {ts}}), "1970-01-01T00:00:01");
  ColumnPtr dates = Col(DataType::Date(), {Value::Date(10), Value::Date(5)});
  EXPECT_EQ(RunText({"min", {dates}}), "1970-01-06");
  ColumnPtr bools = Col(DataType::Boolean(), {Value::Boolean(false), Value::Boolean(true), Value()});
  EXPECT_EQ(RunText({"min", {bools}}), "false");
  EXPECT_EQ(RunText({"max", {bools}}), "true");
  EXPECT_EQ(RunText({"max", {Doubles({1.5, NAN, 3.0})}}), "NaN");
  EXPECT_EQ(RunText({"min", {Doubles({1.5, NAN, 3.0})}}), "1.5");
  EXPECT_EQ(RunText({"min", {I32s({5, -3, 7})}}), "-3");
  EXPECT_EQ(*TypeOf({"min", {I32s({})}}), DataType::Int32());
}

TEST(AggregateFirstLastTest, InputOrderKeepsNulls) {
  ColumnPtr s = Strings({"apple", "banana", "cherry", std::nullopt, "fig"});
  EXPECT_EQ(RunText({"first_value", {s}}), "apple");
  EXPECT_EQ(RunText({"last_value", {s}}), "fig");
  EXPECT_EQ(RunText({"last_value", {s}}, {0, 0, 1, 0, 1}), "NULL|fig");
  EXPECT_EQ(RunText({"first_value", {s}}, {1, 0, 1, 0, 1}, 2), "banana|apple");
}

TEST(AggregateFirstLastTest, OrderingArguments) {
  ColumnPtr v = Ints({1, 2, 3, 4, 5});
  Call first{"first_value", {v, v}};
  first.options.order_ascending = {false};
  EXPECT_EQ(RunText(first), "5");
  EXPECT_EQ(RunText(first, {1, 2, 0, 1, 2}, 2), "3|4|5");
  Call last{"last_value", {v, v}};
  last.options.order_ascending = {false};
  EXPECT_EQ(RunText(last), "1");
  // last_value(x ORDER BY ts): the value at the largest ts, whatever the input order.
  ColumnPtr ts = Col(DataType::TimestampMillisecond(),
                     {Value::Timestamp(30, TimeUnit::kMillisecond),
                      Value::Timestamp(10, TimeUnit::kMillisecond), Value(),
                      Value::Timestamp(20, TimeUnit::kMillisecond)});
  Call by_ts{"last_value", {Strings({"c", "a", "n", "b"}), ts}};
  by_ts.options.order_ascending = {true};
  EXPECT_EQ(RunText(by_ts), "n");  // NULL keys sort last ascending
  by_ts.options.order_ascending = {false};
  EXPECT_EQ(RunText(by_ts), "a");
  Call first_ts{"first_value", {Strings({"c", "a", "n", "b"}), ts}};
  first_ts.options.order_ascending = {true};
  EXPECT_EQ(RunText(first_ts, {}, 1), "a");
  // Two keys: the second breaks ties of the first.
  Call two{"first_value", {Ints({1, 2, 3}), Ints({7, 7, 6}), Ints({5, 4, 9})}};
  two.options.order_ascending = {false, true};
  EXPECT_EQ(RunText(two), "2");
}

TEST(AggregateStatisticsTest, VarianceAndStddev) {
  ColumnPtr x = Ints({10, 20, 30, std::nullopt, 50});
  EXPECT_EQ(RunText({"var_pop", {x}}), "218.75");
  EXPECT_EQ(RunText({"stddev_pop", {x}}), "14.79019945774904");
  EXPECT_EQ(RunText({"var_samp", {x}}), "291.6666666666667");
  EXPECT_EQ(RunText({"variance", {x}}), "291.6666666666667");
  EXPECT_EQ(RunText({"stddev", {Doubles({1, 2, 3, 4})}}), "1.2909944487358056");
  EXPECT_EQ(RunText({"stddev", {Ints({5})}}), "NULL");
  EXPECT_EQ(RunText({"var_pop", {Ints({5})}}), "0.0");
}

TEST(AggregateStatisticsTest, CovarianceAndCorrelationMatchGreptime) {
  // common/aggregate/corr.result
  ColumnPtr x = Doubles({10, 20, 30}), y = Doubles({11, 22, 35});
  EXPECT_EQ(RunText({"corr", {x, y}}), "0.9988445981121532");
  ColumnPtr gx = Doubles({10, 10, 20, 25, 30}), gy = Doubles({std::nullopt, 11, 22, std::nullopt, 35});
  EXPECT_EQ(RunText({"corr", {gx, gy}}, {0, 1, 1, 1, 1}), "NULL|0.9988445981121536");
  EXPECT_EQ(RunText({"corr", {I32s({1, 2, 3, 4, 5}), I32s({2, 4, 6, 8, 10})}}),
            "0.9999999999999999");
  EXPECT_EQ(RunText({"corr", {I32s({1, 2, 3, 4, 5, 6, 7, 8}), I32s({2, 4, 6, 8, 10, 5, 3, 1})}}),
            "-0.12452312927991684");
  EXPECT_EQ(RunText({"corr", {Ints({1}), Ints({1})}}), "NULL");
  EXPECT_EQ(RunText({"covar", {Doubles({1, 2}), Doubles({1, 2})}}), "0.5");
  EXPECT_EQ(RunText({"covar_pop", {Doubles({1, 2}), Doubles({1, 2})}}), "0.25");
  EXPECT_EQ(RunText({"covar_samp", {Doubles({1}), Doubles({1})}}), "NULL");
}

TEST(AggregatePercentileTest, MedianIsExactInTheInputType) {
  ColumnPtr r = I32s({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, std::nullopt});
  EXPECT_EQ(RunText({"median", {r}}), "4");
  EXPECT_EQ(*TypeOf({"median", {r}}), DataType::Int32());
  EXPECT_EQ(RunText({"median", {Doubles({0, 1, 2, 3, 4, 5, 6, 7, 8, 9})}}), "4.5");
  EXPECT_EQ(RunText({"median", {Ints({1, 2, 3, 4, 5, 10, 20, 30, 40, 50, std::nullopt})}},
                    {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2}),
            "3|30|NULL");
  EXPECT_EQ(RunText({"median", {Ints({-3, -4})}}), "-3");
}

TEST(AggregatePercentileTest, ApproxPercentileMatchesDigestOnSmallInputs) {
  std::vector<std::optional<int32_t>> thousand;
  for (int i = 0; i < 1000; ++i) thousand.push_back(i);
  ColumnPtr x = I32s(thousand);
  auto pct = [&](double p) {
    Call c{"approx_percentile_cont",
           {x, types::MakeConstantColumn(DataType::Float64(), Value::Float64(p), x->size())},
           {Value(), Value::Float64(p)}};
    return RunText(c);
  };
  EXPECT_EQ(pct(0.5), "499");
  EXPECT_EQ(pct(0.25), "249");
  EXPECT_EQ(pct(0.75), "749");
  EXPECT_EQ(pct(0.95), "949");
  EXPECT_EQ(pct(0.05), "49");
  EXPECT_EQ(RunText({"approx_median", {I32s({1, 2, 4, 5})}}), "3");
  EXPECT_EQ(RunText({"approx_median", {Doubles({1.1, 2.2, 3.3, 4.4, 5.5, std::nullopt})}}), "3.3");
  EXPECT_EQ(RunText({"approx_median", {I32s({-5, -2, 0, 3, 7})}}), "0");
  EXPECT_EQ(RunText({"approx_median", {I32s({})}}), "NULL");
}

TEST(AggregatePercentileTest, WeightedPercentile) {
  // common/aggregate/approx_percentile_cont_with_weight.result
  ColumnPtr v = I32s({10, 20, 30, 40, 50, std::nullopt, 60});
  ColumnPtr w = I32s({1, 2, 3, 4, 1, 1, std::nullopt});
  auto pct = [&](ColumnPtr x, ColumnPtr wt, double p, std::vector<uint32_t> ids = {}) {
    Call c{"approx_percentile_cont_with_weight",
           {x, wt, Doubles(std::vector<std::optional<double>>(x->size(), p))},
           {Value(), Value(), Value::Float64(p)}};
    return RunText(c, ids);
  };
  EXPECT_EQ(pct(v, w, 0.5), "33");
  EXPECT_EQ(pct(v, w, 0.25), "23");
  EXPECT_EQ(pct(v, w, 0.75), "40");
  EXPECT_EQ(pct(v, w, 0.0), "10");
  EXPECT_EQ(pct(v, w, 1.0), "50");
  EXPECT_EQ(pct(I32s({10, 20, 30, 100, 200, 300}), I32s({2, 3, 1, 1, 4, 2}), 0.5,
                {0, 0, 0, 1, 1, 1}),
            "18|212");
  EXPECT_EQ(pct(Doubles({1.5, 2.5, 3.5, 4.5}), Doubles({0.5, 1.0, 1.5, 2.0}), 0.5),
            "3.6666666666666665");
}

TEST(AggregatePercentileTest, PercentileMustBeAConstantInRange) {
  ColumnPtr x = Ints({1, 2});
  Call bad{"approx_percentile_cont", {x, Doubles({1.5, 1.5})}, {Value(), Value::Float64(1.5)}};
  auto r = TypeOf(bad);
  ASSERT_STATUS_CODE(r, StatusCode::kPlanQuery);
  EXPECT_NE(r.status().message().find("Percentile value must be between 0.0 and 1.0 inclusive"),
            std::string::npos);
  ASSERT_STATUS_CODE(TypeOf({"approx_percentile_cont", {x, Doubles({0.5, 0.5})}}),
                     StatusCode::kPlanQuery);
  Call exact{"percentile_cont", {Ints({1, 2, 3, 4}), Doubles({0.5, 0.5, 0.5, 0.5})},
             {Value(), Value::Float64(0.5)}};
  EXPECT_EQ(RunText(exact), "2.5");
}

TEST(AggregateMiscTest, ApproxDistinct) {
  EXPECT_EQ(RunText({"approx_distinct",
                     {Strings({"Pedro", std::nullopt, "Pedro", "Mark", "Hannes", "Mark"})}}),
            "3");
  EXPECT_EQ(*TypeOf({"approx_distinct", {Ints({})}}), DataType::UInt64());
  std::vector<std::optional<int64_t>> v;
  std::vector<uint32_t> ids;
  for (int i = 0; i < 2000; ++i) {
    v.push_back(i);
    ids.push_back(static_cast<uint32_t>(i % 10));
  }
  EXPECT_EQ(RunText({"approx_distinct", {Ints(v)}}, {}, 300), "2000");
  EXPECT_EQ(RunText({"approx_distinct", {Doubles({0.0, -0.0, NAN, NAN})}}), "2");
  auto per_group = RunCall({"approx_distinct", {Ints(v)}}, ids, 512);
  ASSERT_OK(per_group.status());
  EXPECT_EQ((*per_group)->GetValue(3).ToString(), "200");
}

TEST(AggregateMiscTest, BitAndBoolAggregates) {
  ColumnPtr x = I32s({7, 3, 5, std::nullopt});
  EXPECT_EQ(RunText({"bit_and", {x}}), "1");
  EXPECT_EQ(RunText({"bit_or", {x}}), "7");
  EXPECT_EQ(RunText({"bit_xor", {x}}), "1");
  EXPECT_EQ(*TypeOf({"bit_xor", {x}}), DataType::Int32());
  ColumnPtr g = I32s({7, 3, 5, 8, 12, 4});
  EXPECT_EQ(RunText({"bit_and", {g}}, {0, 0, 0, 1, 1, 1}), "1|0");
  EXPECT_EQ(RunText({"bit_or", {g}}, {0, 0, 0, 1, 1, 1}), "7|12");
  EXPECT_EQ(RunText({"bit_and", {I32s({-1, -2})}}), "-2");
  ColumnPtr b = Col(DataType::Boolean(), {Value::Boolean(true), Value::Boolean(true),
                                          Value::Boolean(false), Value::Boolean(true), Value(),
                                          Value::Boolean(true), Value()});
  std::vector<uint32_t> ids = {0, 0, 1, 1, 2, 2, 3};
  EXPECT_EQ(RunText({"bool_and", {b}}, ids), "true|false|true|NULL");
  EXPECT_EQ(RunText({"bool_or", {b}}, ids), "true|true|true|NULL");
}

TEST(AggregateMiscTest, StringAgg) {
  ColumnPtr x = Strings({"a", "b", "i", std::nullopt, "j", "p", "x", "y", "z"});
  std::vector<uint32_t> g = {0, 0, 1, 1, 1, 2, 3, 3, 3};
  Call c{"string_agg", {x, Strings(std::vector<std::optional<std::string>>(9, "|"))},
         {Value(), Value::String("|")}};
  EXPECT_EQ(RunText(c, g), "a|b|i|j|p|x|y|z");
  Call ordered{"string_agg", {x, Strings(std::vector<std::optional<std::string>>(9, "")), x},
               {Value(), Value::String("")}};
  ordered.options.order_ascending = {false};
  EXPECT_EQ(RunText(ordered), "zyxpjiba");
  EXPECT_EQ(RunText(ordered, g, 4), "ba|ji|p|zyx");
  // A NULL separator joins without one; no values gives NULL.
  ColumnPtr nulls = types::MakeConstantColumn(DataType::Null(), Value(), 2);
  EXPECT_EQ(RunText({"string_agg", {Strings({"a", "b"}), nulls}}), "ab");
  EXPECT_EQ(RunText({"string_agg", {Strings({std::nullopt}), Strings({","})}, {Value(), Value::String(",")}}),
            "NULL");
  Call distinct{"string_agg", {Strings({"b", "a", "b"}), Strings({",", ",", ","}), Strings({"b", "a", "b"})},
                {Value(), Value::String(",")}};
  distinct.options.distinct = true;
  distinct.options.order_ascending = {true};
  EXPECT_EQ(RunText(distinct), "a,b");
  ASSERT_STATUS_CODE(TypeOf({"string_agg", {Strings({"a"}), Strings({","})}}),
                     StatusCode::kPlanQuery);
}

TEST(AggregateMiscTest, ArrayAggRendersAList) {
  ColumnPtr s = Strings({"apple", "banana", "elderberry", std::nullopt});
  EXPECT_EQ(RunText({"array_agg", {s}}), "[apple, banana, elderberry, ]");
  Call desc{"array_agg", {Ints({1, 2, 3, 4, 5}), Ints({1, 2, 3, 4, 5})}};
  desc.options.order_ascending = {false};
  EXPECT_EQ(RunText(desc, {0, 0, 0, 1, 1}), "[3, 2, 1]|[5, 4]");
  EXPECT_EQ(RunText({"array_agg", {Doubles({1.1, 2.2})}}), "[1.1, 2.2]");
  EXPECT_EQ(RunText({"array_agg", {Ints({})}}), "NULL");
  Call distinct{"array_agg", {Strings({"b", "a", "b", std::nullopt, std::nullopt})}};
  distinct.options.distinct = true;
  EXPECT_EQ(RunText(distinct), "[b, a, ]");
}

TEST(AggregateAccumulatorTest, FinishIsRepeatableAndMemoryGrows) {
  const AggregateFunction* f = Registry().FindAggregate("sum");
  std::vector<ArgInfo> infos = {{DataType::Int64(), nullptr}};
  ASSERT_OK_AND_ASSIGN(auto acc, f->MakeAccumulator(infos, {}));
  std::vector<ColumnPtr> args = {Ints({1, 2})};
  std::vector<uint32_t> ids = {0, 1};
  ASSERT_OK(acc->Update(args, ids, 2));
  ASSERT_OK_AND_ASSIGN(ColumnPtr first, acc->Finish(3));
  EXPECT_EQ(Text(first), "1|2|NULL");
  const size_t before = acc->MemoryBytes();
  std::vector<uint32_t> far(2, 5000);
  ASSERT_OK(acc->Update(args, far, 5001));
  ASSERT_OK_AND_ASSIGN(ColumnPtr second, acc->Finish(5001));
  EXPECT_EQ(second->GetValue(0).ToString(), "1");
  EXPECT_EQ(second->GetValue(5000).ToString(), "3");
  EXPECT_GT(acc->MemoryBytes(), before + 5000 * 8);
}

TEST(AggregateAccumulatorTest, EveryFunctionHandlesNullTypedInput) {
  ColumnPtr nulls = types::MakeConstantColumn(DataType::Null(), Value(), 3);
  for (const std::string& name : Registry().AggregateNames()) {
    if (name == "avg" || name == "mean") continue;  // an error, as in GreptimeDB
    std::vector<ColumnPtr> args = {nulls};
    std::vector<Value> constants = {Value()};
    if (name == "covar" || name == "covar_samp" || name == "covar_pop" || name == "corr") {
      args.push_back(nulls);
    } else if (name == "string_agg") {
      args.push_back(nulls);
    } else if (name == "approx_percentile_cont" || name == "percentile_cont") {
      args.push_back(Doubles({0.5, 0.5, 0.5}));
      constants = {Value(), Value::Float64(0.5)};
    } else if (name == "approx_percentile_cont_with_weight") {
      args.push_back(nulls);
      args.push_back(Doubles({0.5, 0.5, 0.5}));
      constants = {Value(), Value(), Value::Float64(0.5)};
    }
    auto r = RunCall({name, args, constants});
    ASSERT_TRUE(r.ok()) << name << ": " << r.status().ToString();
    if (name == "array_agg") {
      EXPECT_EQ(Text(*r), "[, , ]");  // NULL elements are kept
    } else if (name == "count" || name == "approx_distinct") {
      EXPECT_EQ(Text(*r), "0") << name;
    } else {
      EXPECT_EQ(Text(*r), "NULL") << name;
    }
  }
}

}  // namespace
}  // namespace greptime::query
