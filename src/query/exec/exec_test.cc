// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include <gtest/gtest.h>

#include "common/testing.h"
#include "query/exec/exec_node.h"
#include "query/exec/expr.h"
#include "query/function/function.h"
#include "types/pretty.h"

namespace greptime::query {
namespace {

using types::DataType;
using types::Value;

types::SchemaPtr CpuSchema() {
  return std::make_shared<const types::Schema>(std::vector<types::ColumnSchema>{
      {"host", DataType::String(), true, types::SemanticType::kTag, {}, ""},
      {"ts", DataType::TimestampMillisecond(), false, types::SemanticType::kTimestamp, {}, ""},
      {"cpu", DataType::Float64(), true, types::SemanticType::kField, {}, ""},
      {"mem", DataType::Int64(), true, types::SemanticType::kField, {}, ""},
  });
}

types::RecordBatch CpuRows() {
  auto ts = [](int64_t v) { return Value::Timestamp(v, TimeUnit::kMillisecond); };
  return *types::RecordBatch::FromRows(
      CpuSchema(), {
                       {Value::String("a"), ts(1000), Value::Float64(0.5), Value::Int64(10)},
                       {Value::String("b"), ts(2000), Value::Float64(1.5), Value::Int64(20)},
                       {Value::String("a"), ts(3000), Value(), Value::Int64(30)},
                       {Value::String("c"), ts(4000), Value::Float64(3.0), Value()},
                       {Value::String("b"), ts(5000), Value::Float64(2.5), Value::Int64(50)},
                   });
}

ExprPtr Col(size_t i) {
  const types::ColumnSchema c = CpuSchema()->column(i);
  return Column(i, c.type, c.name);
}

std::string RunPlan(ExecNodePtr node) {
  auto batches = CollectAll(*node);
  EXPECT_TRUE(batches.ok()) << batches.status().ToString();
  return types::PrettyPrint(*node->schema(), *batches);
}

ExecNodePtr Input() { return MakeValues(CpuSchema(), {CpuRows()}); }

TEST(ExprTest, ComparisonsUseSqlNullSemantics) {
  ASSERT_OK_AND_ASSIGN(ExprPtr gt, Binary(BinaryOp::kGt, Col(2), Literal(Value::Float64(1.0))));
  ASSERT_OK_AND_ASSIGN(auto mask, gt->Evaluate(CpuRows()));
  EXPECT_EQ(mask->GetValue(0).ToString(), "false");
  EXPECT_EQ(mask->GetValue(1).ToString(), "true");
  EXPECT_TRUE(mask->IsNull(2));
  EXPECT_EQ(gt->ToString(), "cpu > Float64(1)");
  ASSERT_OK_AND_ASSIGN(auto selected, EvaluateSelection(*gt, CpuRows()));
  EXPECT_EQ(selected, (std::vector<uint32_t>{1, 3, 4}));
}

TEST(ExprTest, MixedNumericArithmeticAndDivisionByZero) {
  ASSERT_OK_AND_ASSIGN(ExprPtr sum, Binary(BinaryOp::kAdd, Col(2), Col(3)));
  EXPECT_EQ(sum->type(), DataType::Float64());
  ASSERT_OK_AND_ASSIGN(auto out, sum->Evaluate(CpuRows()));
  EXPECT_EQ(out->GetValue(0).ToString(), "10.5");
  EXPECT_TRUE(out->IsNull(2));
  ASSERT_OK_AND_ASSIGN(ExprPtr div, Binary(BinaryOp::kDiv, Col(3), Literal(Value::Int64(0))));
  ASSERT_OK_AND_ASSIGN(out, div->Evaluate(CpuRows()));
  EXPECT_TRUE(out->IsNull(0));
  ASSERT_OK_AND_ASSIGN(ExprPtr overflow,
                       Binary(BinaryOp::kMul, Col(3), Literal(Value::Int64(INT64_MAX))));
  ASSERT_STATUS_CODE(overflow->Evaluate(CpuRows()), StatusCode::kEngineExecuteQuery);
}

TEST(ExprTest, TimestampComparedWithStringLiteral) {
  ASSERT_OK_AND_ASSIGN(ExprPtr ge, Binary(BinaryOp::kGtEq, Col(1),
                                          Literal(Value::String("1970-01-01T00:00:03Z"))));
  ASSERT_OK_AND_ASSIGN(auto selected, EvaluateSelection(*ge, CpuRows()));
  EXPECT_EQ(selected, (std::vector<uint32_t>{2, 3, 4}));
}

TEST(ExprTest, TypeErrorsArePlanErrors) {
  ASSERT_STATUS_CODE(Binary(BinaryOp::kAdd, Col(0), Col(2)), StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(Binary(BinaryOp::kAnd, Col(2), Col(3)), StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(Binary(BinaryOp::kLt, Col(0), Col(3)), StatusCode::kPlanQuery);
}

TEST(ExprTest, ThreeValuedLogic) {
  ASSERT_OK_AND_ASSIGN(ExprPtr cpu_null, Binary(BinaryOp::kGt, Col(2), Literal(Value::Float64(0))));
  ASSERT_OK_AND_ASSIGN(ExprPtr mem_big, Binary(BinaryOp::kGt, Col(3), Literal(Value::Int64(25))));
  ASSERT_OK_AND_ASSIGN(ExprPtr both, Binary(BinaryOp::kAnd, cpu_null, mem_big));
  ASSERT_OK_AND_ASSIGN(ExprPtr either, Binary(BinaryOp::kOr, cpu_null, mem_big));
  ASSERT_OK_AND_ASSIGN(auto a, both->Evaluate(CpuRows()));
  ASSERT_OK_AND_ASSIGN(auto o, either->Evaluate(CpuRows()));
  EXPECT_TRUE(a->IsNull(2));          // NULL AND true
  EXPECT_EQ(o->GetValue(2).ToString(), "true");  // NULL OR true
  EXPECT_EQ(a->GetValue(0).ToString(), "false");
  ASSERT_OK_AND_ASSIGN(ExprPtr negated, Not(both));
  ASSERT_OK_AND_ASSIGN(auto n, negated->Evaluate(CpuRows()));
  EXPECT_TRUE(n->IsNull(2));
  ASSERT_OK_AND_ASSIGN(auto isnull, IsNull(Col(2), false)->Evaluate(CpuRows()));
  EXPECT_EQ(isnull->GetValue(2).ToString(), "true");
}

TEST(ExecTest, FilterProjectLimit) {
  ASSERT_OK_AND_ASSIGN(ExprPtr pred, Binary(BinaryOp::kNotEq, Col(0), Literal(Value::String("a"))));
  ASSERT_OK_AND_ASSIGN(ExprPtr doubled, Binary(BinaryOp::kMul, Col(3), Literal(Value::Int64(2))));
  auto plan = MakeLimit(MakeProject(MakeFilter(Input(), pred), {Col(0), doubled}, {"host", "m2"}),
                        1, 2);
  EXPECT_EQ(RunPlan(std::move(plan)),
            "+------+-----+\n"
            "| host | m2  |\n"
            "+------+-----+\n"
            "| c    |     |\n"
            "| b    | 100 |\n"
            "+------+-----+");
}

TEST(ExecTest, SortWithNullsAndTopN) {
  auto sorted = MakeSort(Input(), {SortKey{Col(2), false, false}, SortKey{Col(0), true, false}},
                         std::nullopt);
  auto batches = CollectAll(*sorted);
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 1u);
  std::vector<std::string> cpus;
  for (size_t r = 0; r < 5; ++r) cpus.push_back((*batches)[0].GetValue(r, 2).ToString());
  EXPECT_EQ(cpus, (std::vector<std::string>{"3.0", "2.5", "1.5", "0.5", "NULL"}));
  auto top = MakeSort(Input(), {SortKey{Col(3), true, true}}, 2);
  ASSERT_OK_AND_ASSIGN(auto top_rows, CollectAll(*top));
  ASSERT_EQ(top_rows[0].num_rows(), 2u);
  EXPECT_TRUE(top_rows[0].column(3)->IsNull(0));  // NULLS FIRST
  EXPECT_EQ(top_rows[0].GetValue(1, 3).ToString(), "10");
}

// Builds an AggregateSpec for a built-in aggregate.
AggregateSpec Agg(const std::string& fn, std::vector<ExprPtr> args, std::string name,
                  bool distinct = false) {
  static const FunctionRegistry* registry = [] {
    auto* r = new FunctionRegistry();
    RegisterAggregateFunctions(*r);
    return r;
  }();
  AggregateSpec spec;
  spec.function = registry->FindAggregate(fn);
  spec.args = std::move(args);
  std::vector<ArgInfo> infos;
  for (const auto& a : spec.args) {
    spec.constants.push_back(Value());
    infos.push_back({a->type(), nullptr});
  }
  spec.output_type = *spec.function->ReturnType(infos);
  spec.options.distinct = distinct;
  spec.name = std::move(name);
  return spec;
}

TEST(ExecTest, HashAggregateByGroup) {
  ASSERT_OK_AND_ASSIGN(
      auto agg, MakeHashAggregate(Input(), {Col(0)}, {"host"},
                                  {Agg("count", {}, "count(*)"), Agg("count", {Col(2)}, "count(cpu)"),
                                   Agg("avg", {Col(2)}, "avg(cpu)"), Agg("sum", {Col(3)}, "sum(mem)"),
                                   Agg("max", {Col(1)}, "max(ts)")}));
  EXPECT_EQ(RunPlan(std::move(agg)),
            "+------+----------+------------+----------+----------+---------------------+\n"
            "| host | count(*) | count(cpu) | avg(cpu) | sum(mem) | max(ts)             |\n"
            "+------+----------+------------+----------+----------+---------------------+\n"
            "| a    | 2        | 1          | 0.5      | 40       | 1970-01-01T00:00:03 |\n"
            "| b    | 2        | 2          | 2.0      | 70       | 1970-01-01T00:00:05 |\n"
            "| c    | 1        | 1          | 3.0      |          | 1970-01-01T00:00:04 |\n"
            "+------+----------+------------+----------+----------+---------------------+");
}

TEST(ExecTest, GlobalAggregateOfEmptyInputHasOneRow) {
  ASSERT_OK_AND_ASSIGN(auto agg, MakeHashAggregate(MakeValues(CpuSchema(), {}), {}, {},
                                                   {Agg("count", {}, "count(*)"),
                                                    Agg("sum", {Col(2)}, "sum(cpu)")}));
  ASSERT_OK_AND_ASSIGN(auto rows, CollectAll(*agg));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].GetValue(0, 0).ToString(), "0");
  EXPECT_TRUE(rows[0].column(1)->IsNull(0));
}

TEST(ExecTest, AggregateOverMemoryLimitFailsCleanly) {
  ASSERT_OK_AND_ASSIGN(auto agg, MakeHashAggregate(Input(), {Col(1)}, {"ts"},
                                                   {Agg("count", {}, "c")},
                                                   /*memory_limit=*/200));
  ASSERT_STATUS_CODE(CollectAll(*agg), StatusCode::kRuntimeResourcesExhausted);
}

TEST(ExecTest, CountDistinctAndStatistics) {
  ASSERT_OK_AND_ASSIGN(auto agg,
                       MakeHashAggregate(Input(), {}, {},
                                         {Agg("count", {Col(0)}, "count(DISTINCT host)", true),
                                          Agg("stddev_pop", {Col(3)}, "s"),
                                          Agg("median", {Col(2)}, "m"),
                                          Agg("min", {Col(0)}, "mn")}));
  ASSERT_OK_AND_ASSIGN(auto rows, CollectAll(*agg));
  EXPECT_EQ(rows[0].GetValue(0, 0).ToString(), "3");
  EXPECT_NEAR(*rows[0].GetValue(0, 1).ToFloat64(), 14.79019945774904, 1e-9);
  EXPECT_NEAR(*rows[0].GetValue(0, 2).ToFloat64(), 2.0, 1e-9);
  EXPECT_EQ(rows[0].GetValue(0, 3).ToString(), "a");
}

TEST(ExecTest, SumOverflowIsAnError) {
  auto schema = std::make_shared<const types::Schema>(std::vector<types::ColumnSchema>{
      {"v", DataType::Int64(), true, types::SemanticType::kField, {}, ""}});
  auto batch = *types::RecordBatch::FromRows(schema, {{Value::Int64(INT64_MAX)}, {Value::Int64(1)}});
  ASSERT_OK_AND_ASSIGN(auto agg, MakeHashAggregate(MakeValues(schema, {batch}), {}, {},
                                                   {Agg("sum", {Column(0, DataType::Int64(), "v")}, "s")}));
  ASSERT_STATUS_CODE(CollectAll(*agg), StatusCode::kEngineExecuteQuery);
}

}  // namespace
}  // namespace greptime::query
