// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include <gtest/gtest.h>

#include <map>

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

// Builds an AggregateSpec for a built-in aggregate (looked up in a fresh registry). Ordering
// columns go last in `args`, one per entry of `order_ascending`.
AggregateSpec Agg(const std::string& fn, std::vector<ExprPtr> args, std::string name,
                  bool distinct = false, std::vector<bool> order_ascending = {},
                  ExprPtr filter = nullptr) {
  static const FunctionRegistry* registry = [] {
    auto* r = new FunctionRegistry();
    RegisterAggregateFunctions(*r);
    return r;
  }();
  AggregateSpec spec;
  spec.function = registry->FindAggregate(fn);
  EXPECT_NE(spec.function, nullptr) << fn;
  spec.args = std::move(args);
  std::vector<ArgInfo> infos;
  for (size_t i = 0; i < spec.args.size(); ++i) {
    spec.constants.push_back(Value());
    if (i + order_ascending.size() < spec.args.size()) {
      infos.push_back({spec.args[i]->type(), nullptr});
    }
  }
  auto type = spec.function->ReturnType(infos);
  EXPECT_TRUE(type.ok()) << type.status().ToString();
  spec.output_type = type.ok() ? *type : DataType::Null();
  spec.options.distinct = distinct;
  spec.options.order_ascending = std::move(order_ascending);
  spec.filter = std::move(filter);
  spec.name = std::move(name);
  return spec;
}

TEST(ExecTest, HashAggregateByGroup) {
  ASSERT_OK_AND_ASSIGN(
      auto agg, MakeHashAggregate(Input(), {Col(0)}, {"host"},
                                  {Agg("count", {}, "count(*)"), Agg("count", {Col(2)}, "count(cpu)"),
                                   Agg("avg", {Col(2)}, "avg(cpu)"), Agg("sum", {Col(3)}, "sum(mem)"),
                                   Agg("max", {Col(1)}, "max(ts)")}));
  EXPECT_EQ(agg->Describe(),
            "HashAggregate: groups=[" + Col(0)->ToString() +
                "], aggs=[count(*), count(cpu), avg(cpu), sum(mem), max(ts)]");
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
  ASSERT_EQ(rows[0].num_rows(), 1u);
  EXPECT_EQ(rows[0].GetValue(0, 0).ToString(), "0");
  EXPECT_TRUE(rows[0].column(1)->IsNull(0));
}

TEST(ExecTest, GroupedAggregateOfEmptyInputHasNoRows) {
  ASSERT_OK_AND_ASSIGN(auto agg, MakeHashAggregate(MakeValues(CpuSchema(), {}), {Col(0)}, {"host"},
                                                   {Agg("count", {}, "count(*)")}));
  ASSERT_OK_AND_ASSIGN(auto rows, CollectAll(*agg));
  size_t total = 0;
  for (const auto& b : rows) total += b.num_rows();
  EXPECT_EQ(total, 0u);
  EXPECT_EQ(agg->schema()->column(0).type, DataType::String());
}

TEST(ExecTest, AggregateOverMemoryLimitFailsCleanly) {
  ASSERT_OK_AND_ASSIGN(auto agg, MakeHashAggregate(Input(), {Col(1)}, {"ts"},
                                                   {Agg("count", {}, "c")},
                                                   /*memory_limit=*/200));
  auto r = CollectAll(*agg);
  ASSERT_STATUS_CODE(r, StatusCode::kRuntimeResourcesExhausted);
  EXPECT_EQ(r.status().message(),
            "Query memory limit exceeded: the aggregation needs more than 200 bytes "
            "(query.memory_pool_size)");
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

TEST(ExecTest, SumOverflowWrapsAsDataFusion) {
  auto schema = std::make_shared<const types::Schema>(std::vector<types::ColumnSchema>{
      {"v", DataType::Int64(), true, types::SemanticType::kField, {}, ""}});
  auto batch = *types::RecordBatch::FromRows(schema, {{Value::Int64(INT64_MAX)}, {Value::Int64(1)}});
  ASSERT_OK_AND_ASSIGN(auto agg, MakeHashAggregate(MakeValues(schema, {batch}), {}, {},
                                                   {Agg("sum", {Column(0, DataType::Int64(), "v")}, "s")}));
  ASSERT_OK_AND_ASSIGN(auto rows, CollectAll(*agg));
  EXPECT_EQ(rows[0].GetValue(0, 0).ToString(), std::to_string(INT64_MIN));
}

TEST(ExecTest, NullKeysFormOneGroupInFirstSeenOrder) {
  // mem: 10, 20, 30, NULL, 50 -> int key with a NULL group; (host, mem) multi-key.
  ASSERT_OK_AND_ASSIGN(auto by_mem, MakeHashAggregate(Input(), {Col(3)}, {"mem"},
                                                      {Agg("count", {}, "c")}));
  ASSERT_OK_AND_ASSIGN(auto mem_rows, CollectAll(*by_mem));
  EXPECT_EQ(types::PrettyPrint(*by_mem->schema(), mem_rows),
            "+-----+---+\n| mem | c |\n+-----+---+\n| 10  | 1 |\n| 20  | 1 |\n| 30  | 1 |\n"
            "|     | 1 |\n| 50  | 1 |\n+-----+---+");
  auto schema = std::make_shared<const types::Schema>(std::vector<types::ColumnSchema>{
      {"h", DataType::String(), true, types::SemanticType::kTag, {}, ""},
      {"v", DataType::Int64(), true, types::SemanticType::kField, {}, ""}});
  auto batch = *types::RecordBatch::FromRows(
      schema, {{Value(), Value::Int64(1)}, {Value::String("x"), Value::Int64(2)},
               {Value(), Value::Int64(3)}, {Value::String(""), Value::Int64(4)},
               {Value::String("x"), Value()}});
  ExprPtr h = Column(0, DataType::String(), "h"), v = Column(1, DataType::Int64(), "v");
  ASSERT_OK_AND_ASSIGN(auto by_h, MakeHashAggregate(MakeValues(schema, {batch}), {h}, {"h"},
                                                    {Agg("sum", {v}, "s")}));
  ASSERT_OK_AND_ASSIGN(auto h_rows, CollectAll(*by_h));
  ASSERT_EQ(h_rows[0].num_rows(), 3u);  // NULL, "x", "" (NULL is not the empty string)
  EXPECT_TRUE(h_rows[0].column(0)->IsNull(0));
  EXPECT_EQ(h_rows[0].GetValue(0, 1).ToString(), "4");
  EXPECT_EQ(h_rows[0].GetValue(2, 1).ToString(), "4");
  ASSERT_OK_AND_ASSIGN(auto by_hv, MakeHashAggregate(MakeValues(schema, {batch}), {h, v},
                                                     {"h", "v"}, {Agg("count", {}, "c")}));
  ASSERT_OK_AND_ASSIGN(auto hv_rows, CollectAll(*by_hv));
  EXPECT_EQ(hv_rows[0].num_rows(), 5u);
  EXPECT_TRUE(hv_rows[0].column(1)->IsNull(4));
}

TEST(ExecTest, FilterAppliesToOneAggregate) {
  ASSERT_OK_AND_ASSIGN(ExprPtr gt, Binary(BinaryOp::kGt, Col(2), Literal(Value::Float64(1.0))));
  ASSERT_OK_AND_ASSIGN(auto agg, MakeHashAggregate(Input(), {Col(0)}, {"host"},
                                                   {Agg("count", {}, "all"),
                                                    Agg("count", {}, "big", false, {}, gt),
                                                    Agg("sum", {Col(3)}, "mem_big", false, {}, gt)}));
  EXPECT_EQ(RunPlan(std::move(agg)),
            "+------+-----+-----+---------+\n"
            "| host | all | big | mem_big |\n"
            "+------+-----+-----+---------+\n"
            "| a    | 2   | 0   |         |\n"
            "| b    | 2   | 2   | 70      |\n"
            "| c    | 1   | 1   |         |\n"
            "+------+-----+-----+---------+");
}

TEST(ExecTest, OrderedLastValueThroughTheOperator) {
  // last_value(cpu ORDER BY ts DESC) per host: the earliest row's cpu.
  ASSERT_OK_AND_ASSIGN(auto agg, MakeHashAggregate(Input(), {Col(0)}, {"host"},
                                                   {Agg("last_value", {Col(2), Col(1)}, "l", false,
                                                        {false}),
                                                    Agg("first_value", {Col(2), Col(1)}, "f",
                                                        false, {false})}));
  EXPECT_EQ(RunPlan(std::move(agg)),
            "+------+-----+-----+\n"
            "| host | l   | f   |\n"
            "+------+-----+-----+\n"
            "| a    | 0.5 |     |\n"
            "| b    | 1.5 | 2.5 |\n"
            "| c    | 3.0 | 3.0 |\n"
            "+------+-----+-----+");
}

// Many groups over many batches against a std::map model, for each key table.
TEST(ExecTest, ManyGroupsAcrossBatchesMatchModel) {
  auto schema = std::make_shared<const types::Schema>(std::vector<types::ColumnSchema>{
      {"h", DataType::String(), true, types::SemanticType::kTag, {}, ""},
      {"ts", DataType::TimestampMillisecond(), false, types::SemanticType::kTimestamp, {}, ""},
      {"v", DataType::Float64(), true, types::SemanticType::kField, {}, ""}});
  std::vector<types::RecordBatch> batches;
  std::map<std::string, std::pair<int64_t, double>> by_h;
  std::map<int64_t, int64_t> by_ts;
  std::map<std::pair<std::string, int64_t>, int64_t> by_both;
  uint64_t seed = 42;
  for (int b = 0; b < 6; ++b) {
    std::vector<std::vector<Value>> rows;
    for (int i = 0; i < 3000; ++i) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      const std::string h = "host_" + std::to_string((seed >> 33) % 997);
      const int64_t ts = static_cast<int64_t>((seed >> 20) % 311) * 1000;
      const double v = static_cast<double>((seed >> 40) % 100);
      rows.push_back({Value::String(h), Value::Timestamp(ts, TimeUnit::kMillisecond),
                      Value::Float64(v)});
      by_h[h].first += 1;
      by_h[h].second = std::max(by_h[h].second, v);
      by_ts[ts] += 1;
      by_both[{h, ts / 100000}] += 1;
    }
    batches.push_back(*types::RecordBatch::FromRows(schema, rows));
  }
  ExprPtr h = Column(0, DataType::String(), "h"), ts = Column(1, DataType::TimestampMillisecond(), "ts"),
          v = Column(2, DataType::Float64(), "v");
  {
    ASSERT_OK_AND_ASSIGN(auto agg, MakeHashAggregate(MakeValues(schema, batches), {h}, {"h"},
                                                     {Agg("count", {}, "c"), Agg("max", {v}, "m")}));
    ASSERT_OK_AND_ASSIGN(auto out, CollectAll(*agg));
    ASSERT_EQ(out[0].num_rows(), by_h.size());
    for (size_t r = 0; r < out[0].num_rows(); ++r) {
      const auto& want = by_h.at(out[0].GetValue(r, 0).AsBytes());
      EXPECT_EQ(out[0].GetValue(r, 1).AsInt64(), want.first);
      EXPECT_EQ(out[0].GetValue(r, 2).AsFloat64(), want.second);
    }
  }
  {
    ASSERT_OK_AND_ASSIGN(auto agg, MakeHashAggregate(MakeValues(schema, batches), {ts}, {"ts"},
                                                     {Agg("count", {}, "c")}));
    ASSERT_OK_AND_ASSIGN(auto out, CollectAll(*agg));
    ASSERT_EQ(out[0].num_rows(), by_ts.size());
    for (size_t r = 0; r < out[0].num_rows(); ++r) {
      EXPECT_EQ(out[0].GetValue(r, 1).AsInt64(), by_ts.at(out[0].GetValue(r, 0).AsTimestamp().value));
    }
  }
  {
    ASSERT_OK_AND_ASSIGN(ExprPtr bucket, Binary(BinaryOp::kDiv, Cast(ts, DataType::Int64()).value(),
                                                Literal(Value::Int64(100000))));
    ASSERT_OK_AND_ASSIGN(auto agg, MakeHashAggregate(MakeValues(schema, batches), {h, bucket},
                                                     {"h", "b"}, {Agg("count", {}, "c")}));
    ASSERT_OK_AND_ASSIGN(auto out, CollectAll(*agg));
    ASSERT_EQ(out[0].num_rows(), by_both.size());
    for (size_t r = 0; r < out[0].num_rows(); ++r) {
      auto key = std::make_pair(out[0].GetValue(r, 0).AsBytes(), out[0].GetValue(r, 1).AsInt64());
      EXPECT_EQ(out[0].GetValue(r, 2).AsInt64(), by_both.at(key));
    }
  }
}

}  // namespace
}  // namespace greptime::query
