// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Tests of the window operator (window.cc) with small test-only aggregates.
#include <gtest/gtest.h>

#include <chrono>

#include "common/testing.h"
#include "query/exec/exec_node.h"
#include "query/exec/expr.h"
#include "query/function/function.h"
#include "types/column_builder.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

// ----- test aggregates (the real ones live in query/function) ----------------------------------

// sum(x): Int64 for integers, Float64 for floats; NULL without non-NULL input.
class TestSumAccumulator final : public GroupsAccumulator {
 public:
  explicit TestSumAccumulator(DataType out) : out_(out) {}
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total) override {
    if (sums_.size() < total) sums_.resize(total), seen_.resize(total, false);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (args[0]->IsNull(i)) continue;
      sums_[ids[i]] += args[0]->GetValue(i).ToFloat64().value_or(0);
      seen_[ids[i]] = true;
    }
    ++updates;
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total) override {
    if (sums_.size() < total) sums_.resize(total), seen_.resize(total, false);
    auto b = types::MakeColumnBuilder(out_);
    for (size_t g = 0; g < total; ++g) {
      if (!seen_[g]) {
        b->AppendNull();
      } else if (out_.is_float()) {
        GT_RETURN_IF_ERROR(b->Append(Value::Float64(sums_[g])));
      } else {
        GT_RETURN_IF_ERROR(b->Append(Value::Int64(static_cast<int64_t>(sums_[g]))));
      }
    }
    return b->Finish();
  }
  size_t MemoryBytes() const override { return sums_.size() * 9; }
  static inline size_t updates = 0;

 private:
  DataType out_;
  std::vector<double> sums_;
  std::vector<bool> seen_;
};

class TestSum final : public AggregateFunction {
 public:
  Result<DataType> ReturnType(std::span<const ArgInfo> args) const override {
    if (args.size() != 1) return Status::InvalidArguments("sum takes one argument");
    if (args[0].type.is_integer()) return DataType::Int64();
    if (args[0].type.is_float()) return DataType::Float64();
    return Status::InvalidArguments("sum of {}", args[0].type.Name());
  }
  Result<std::unique_ptr<GroupsAccumulator>> MakeAccumulator(
      std::span<const ArgInfo> args, const AggregateOptions&) const override {
    GT_ASSIGN_OR_RETURN(DataType t, ReturnType(args));
    return std::unique_ptr<GroupsAccumulator>(std::make_unique<TestSumAccumulator>(t));
  }
};

// count(*) / count(x): Int64.
class TestCountAccumulator final : public GroupsAccumulator {
 public:
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total) override {
    if (counts_.size() < total) counts_.resize(total, 0);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!args.empty() && args[0]->IsNull(i)) continue;
      ++counts_[ids[i]];
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total) override {
    if (counts_.size() < total) counts_.resize(total, 0);
    return ColumnPtr(types::Int64Column::Make(
        DataType::Int64(), std::vector<int64_t>(counts_.begin(), counts_.begin() + total)));
  }
  size_t MemoryBytes() const override { return counts_.size() * 8; }

 private:
  std::vector<int64_t> counts_;
};

class TestCount final : public AggregateFunction {
 public:
  Result<DataType> ReturnType(std::span<const ArgInfo>) const override { return DataType::Int64(); }
  Result<std::unique_ptr<GroupsAccumulator>> MakeAccumulator(
      std::span<const ArgInfo>, const AggregateOptions&) const override {
    return std::unique_ptr<GroupsAccumulator>(std::make_unique<TestCountAccumulator>());
  }
};

// concat(x): the values in feed order joined by '-' (NULL without rows); shows frame contents.
class TestConcatAccumulator final : public GroupsAccumulator {
 public:
  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total) override {
    if (parts_.size() < total) parts_.resize(total);
    for (size_t i = 0; i < ids.size(); ++i) {
      std::string& s = parts_[ids[i]];
      s += (s.empty() ? "" : "-") + args[0]->GetValue(i).ToString();
      if (s.size() > 1000) return Status::RuntimeResourcesExhausted("concat too long");
    }
    return Status::OK();
  }
  Result<ColumnPtr> Finish(size_t total) override {
    if (parts_.size() < total) parts_.resize(total);
    types::StringColumnBuilder b;
    for (size_t g = 0; g < total; ++g) {
      if (parts_[g].empty()) {
        b.AppendNull();
      } else {
        GT_RETURN_IF_ERROR(b.Append(std::string_view(parts_[g])));
      }
    }
    return b.Finish();
  }
  size_t MemoryBytes() const override { return parts_.size() * 32; }

 private:
  std::vector<std::string> parts_;
};

class TestConcat final : public AggregateFunction {
 public:
  Result<DataType> ReturnType(std::span<const ArgInfo>) const override {
    return DataType::String();
  }
  Result<std::unique_ptr<GroupsAccumulator>> MakeAccumulator(
      std::span<const ArgInfo>, const AggregateOptions&) const override {
    return std::unique_ptr<GroupsAccumulator>(std::make_unique<TestConcatAccumulator>());
  }
};

const TestSum kSum;
const TestCount kCount;
const TestConcat kConcat;

// ----- fixtures ----------------------------------------------------------------------------------

// host, ts (ms), v (Int64), f (Float64)
types::SchemaPtr Schema() {
  return std::make_shared<const types::Schema>(std::vector<types::ColumnSchema>{
      {"host", DataType::String(), true, types::SemanticType::kTag, {}, ""},
      {"ts", DataType::TimestampMillisecond(), false, types::SemanticType::kTimestamp, {}, ""},
      {"v", DataType::Int64(), true, types::SemanticType::kField, {}, ""},
      {"f", DataType::Float64(), true, types::SemanticType::kField, {}, ""},
  });
}

Value Ts(int64_t ms) { return Value::Timestamp(ms, TimeUnit::kMillisecond); }
Value I(int64_t v) { return Value::Int64(v); }

struct Row {
  std::string host;
  int64_t ts;
  std::optional<int64_t> v;
  std::optional<double> f;
};

ExecNodePtr Input(const std::vector<Row>& rows, size_t batch_size = 3) {
  std::vector<types::RecordBatch> batches;
  std::vector<std::vector<Value>> cur;
  auto flush = [&] {
    if (cur.empty()) return;
    batches.push_back(*types::RecordBatch::FromRows(Schema(), cur));
    cur.clear();
  };
  for (const Row& r : rows) {
    cur.push_back({Value::String(r.host), Ts(r.ts), r.v ? I(*r.v) : Value(),
                   r.f ? Value::Float64(*r.f) : Value()});
    if (cur.size() == batch_size) flush();
  }
  flush();
  return MakeValues(Schema(), std::move(batches));
}

ExprPtr Col(size_t i) {
  const types::ColumnSchema c = Schema()->column(i);
  return Column(i, c.type, c.name);
}
ExprPtr Host() { return Col(0); }
ExprPtr TsCol() { return Col(1); }
ExprPtr V() { return Col(2); }
ExprPtr F() { return Col(3); }

// Literal arguments and their values (the planner passes constants alongside the args).
// The expressions are kept alive so that their addresses stay unique.
std::vector<std::pair<ExprPtr, Value>>& LiteralValues() {
  static std::vector<std::pair<ExprPtr, Value>> values;
  return values;
}
ExprPtr Lit(Value v) {
  ExprPtr e = Literal(v);
  LiteralValues().emplace_back(e, std::move(v));
  return e;
}
const Value* ConstantOf(const ExprPtr& e) {
  for (const auto& [expr, value] : LiteralValues()) {
    if (expr == e) return &value;
  }
  return nullptr;
}

WindowFunctionSpec Fn(std::string name, std::vector<ExprPtr> args = {}) {
  WindowFunctionSpec s;
  s.function = name;
  s.args = std::move(args);
  for (const auto& a : s.args) {
    const Value* v = ConstantOf(a);
    s.constants.push_back(v ? *v : Value());
  }
  std::vector<ArgInfo> infos;
  for (size_t i = 0; i < s.args.size(); ++i) {
    infos.push_back({s.args[i]->type(), s.constants[i].is_null() ? nullptr : &s.constants[i]});
  }
  if (IsWindowFunctionName(name)) {
    s.output_type = *WindowFunctionReturnType(name, infos);
  } else {
    s.aggregate = name == "sum" ? static_cast<const AggregateFunction*>(&kSum)
                  : name == "count" ? static_cast<const AggregateFunction*>(&kCount)
                                    : static_cast<const AggregateFunction*>(&kConcat);
    s.output_type = *s.aggregate->ReturnType(infos);
  }
  s.name = name;
  return s;
}

WindowFunctionSpec Over(WindowFunctionSpec s, std::vector<ExprPtr> partition,
                        std::vector<SortKey> order) {
  s.partition_by = std::move(partition);
  s.order_by = std::move(order);
  if (s.order_by.empty()) {  // the planner's default without ORDER BY
    s.frame.units = FrameUnits::kRows;
    s.frame.end.kind = FrameBoundKind::kUnboundedFollowing;
  }
  return s;
}

WindowFunctionSpec Frame(WindowFunctionSpec s, FrameUnits units, FrameBound start, FrameBound end) {
  s.frame.units = units;
  s.frame.start = std::move(start);
  s.frame.end = std::move(end);
  return s;
}

FrameBound Preceding(Value v) { return {FrameBoundKind::kPreceding, std::move(v)}; }
FrameBound Following(Value v) { return {FrameBoundKind::kFollowing, std::move(v)}; }
const FrameBound kUnboundedPreceding{FrameBoundKind::kUnboundedPreceding, {}};
const FrameBound kUnboundedFollowing{FrameBoundKind::kUnboundedFollowing, {}};
const FrameBound kCurrentRow{FrameBoundKind::kCurrentRow, {}};

SortKey Asc(ExprPtr e) { return {std::move(e), true, false}; }
SortKey Desc(ExprPtr e) { return {std::move(e), false, true}; }

// Output rows as "c1|c2|..." with NULL cells as "NULL"; only the columns `cols` (all if empty).
Result<std::vector<std::string>> RunWindow(ExecNodePtr input, std::vector<WindowFunctionSpec> specs,
                                     std::vector<size_t> cols = {}, uint64_t limit = 0) {
  GT_ASSIGN_OR_RETURN(ExecNodePtr node, MakeWindow(std::move(input), std::move(specs), limit));
  GT_ASSIGN_OR_RETURN(auto batches, CollectAll(*node));
  std::vector<std::string> out;
  for (const auto& b : batches) {
    if (b.num_columns() != node->schema()->num_columns()) {
      return Status::Internal("batch/schema mismatch");
    }
    for (size_t r = 0; r < b.num_rows(); ++r) {
      std::string line;
      std::vector<size_t> which = cols;
      if (which.empty()) {
        for (size_t c = 0; c < b.num_columns(); ++c) which.push_back(c);
      }
      for (size_t i = 0; i < which.size(); ++i) {
        if (i) line += "|";
        line += b.GetValue(r, which[i]).ToString();
      }
      out.push_back(std::move(line));
    }
  }
  return out;
}

using Lines = std::vector<std::string>;

// The empsalary-like fixture of sqlness common/window: hosts with ties in v.
std::vector<Row> Sample() {
  return {
      {"b", 1000, 5, 1.0}, {"a", 2000, 10, 2.0}, {"a", 3000, 20, 3.0}, {"b", 4000, 5, 4.0},
      {"a", 5000, 20, 5.0}, {"b", 6000, 7, 6.0}, {"a", 7000, 30, 7.0},
  };
}

// ----- tests -------------------------------------------------------------------------------------

TEST(WindowFunctionTest, NamesAndReturnTypes) {
  EXPECT_TRUE(IsWindowFunctionName("row_number"));
  EXPECT_TRUE(IsWindowFunctionName("nth_value"));
  EXPECT_FALSE(IsWindowFunctionName("sum"));
  const ArgInfo f64{DataType::Float64()};
  const ArgInfo i64{DataType::Int64()};
  EXPECT_EQ(*WindowFunctionReturnType("rank", {}), DataType::UInt64());
  EXPECT_EQ(*WindowFunctionReturnType("cume_dist", {}), DataType::Float64());
  std::vector<ArgInfo> lag{f64, i64, i64};
  EXPECT_EQ(*WindowFunctionReturnType("lag", lag), DataType::Float64());
  std::vector<ArgInfo> nth{ArgInfo{DataType::String()}, i64};
  EXPECT_EQ(*WindowFunctionReturnType("nth_value", nth), DataType::String());
  std::vector<ArgInfo> one{i64};
  EXPECT_EQ(*WindowFunctionReturnType("ntile", one), DataType::UInt64());
  ASSERT_STATUS_CODE(WindowFunctionReturnType("row_number", one), StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(WindowFunctionReturnType("lag", {}), StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(WindowFunctionReturnType("frobnicate", {}), StatusCode::kPlanQuery);
  std::vector<ArgInfo> bad_ntile{f64};
  ASSERT_STATUS_CODE(WindowFunctionReturnType("ntile", bad_ntile), StatusCode::kPlanQuery);
}

TEST(WindowTest, RowNumberRankDenseRankWithPartitionsAndTies) {
  ASSERT_OK_AND_ASSIGN(
      Lines out, RunWindow(Input(Sample()),
                     {Over(Fn("row_number"), {Host()}, {Asc(V())}),
                      Over(Fn("rank"), {Host()}, {Asc(V())}),
                      Over(Fn("dense_rank"), {Host()}, {Asc(V())})},
                     {0, 2, 4, 5, 6}));
  // Rows grouped by host, sorted by v; ties keep input order.
  EXPECT_EQ(out, (Lines{"a|10|1|1|1", "a|20|2|2|2", "a|20|3|2|2", "a|30|4|4|3", "b|5|1|1|1",
                        "b|5|2|1|1", "b|7|3|3|2"}));
}

TEST(WindowTest, PercentRankAndCumeDist) {
  // sqlness percent_functions: x = 1,1,2,2,3,3,4.
  std::vector<Row> rows;
  int64_t xs[] = {1, 1, 2, 2, 3, 3, 4};
  for (int i = 0; i < 7; ++i) rows.push_back({"h", (i + 1) * 1000, xs[i], std::nullopt});
  ASSERT_OK_AND_ASSIGN(Lines out, RunWindow(Input(rows),
                                      {Over(Fn("cume_dist"), {}, {Asc(V())}),
                                       Over(Fn("percent_rank"), {}, {Asc(V())})},
                                      {2, 4, 5}));
  EXPECT_EQ(out, (Lines{"1|0.2857142857142857|0.0", "1|0.2857142857142857|0.0",
                        "2|0.5714285714285714|0.3333333333333333",
                        "2|0.5714285714285714|0.3333333333333333",
                        "3|0.8571428571428571|0.6666666666666666",
                        "3|0.8571428571428571|0.6666666666666666", "4|1.0|1.0"}));
  // A one-row partition.
  ASSERT_OK_AND_ASSIGN(out, RunWindow(Input({{"h", 1, 1, std::nullopt}}),
                                {Over(Fn("percent_rank"), {}, {Asc(V())}),
                                 Over(Fn("cume_dist"), {}, {Asc(V())})},
                                {4, 5}));
  EXPECT_EQ(out, (Lines{"0.0|1.0"}));
}

TEST(WindowTest, Ntile) {
  std::vector<Row> rows;
  for (int i = 0; i < 8; ++i) rows.push_back({i < 4 ? "m" : "s", i * 1000, i, std::nullopt});
  ASSERT_OK_AND_ASSIGN(Lines out,
                       RunWindow(Input(rows),
                           {Over(Fn("ntile", {Lit(I(2))}), {Host()}, {Asc(V())}),
                            Over(Fn("ntile", {Lit(I(1000))}), {Host()}, {Asc(V())}),
                            Over(Fn("ntile", {Lit(I(3))}), {}, {Asc(V())})},
                           {4, 5, 6}));
  EXPECT_EQ(out, (Lines{"1|1|1", "1|2|1", "2|3|1", "2|4|2", "1|1|2", "1|2|2", "2|3|3", "2|4|3"}));
  // sqlness ntile.result: NULL buckets are an execution error.
  ASSERT_STATUS_CODE(RunWindow(Input(rows), {Over(Fn("ntile", {Lit(Value())}), {}, {Asc(V())})}),
                     StatusCode::kEngineExecuteQuery);
  auto bad = RunWindow(Input(rows), {Over(Fn("ntile", {Lit(Value())}), {}, {Asc(V())})});
  EXPECT_NE(bad.status().message().find("NTILE requires a positive integer, but finds NULL"),
            std::string::npos);
  ASSERT_STATUS_CODE(RunWindow(Input(rows), {Over(Fn("ntile", {Lit(I(0))}), {}, {Asc(V())})}),
                     StatusCode::kEngineExecuteQuery);
  ASSERT_STATUS_CODE(RunWindow(Input(rows), {Over(Fn("ntile", {V()}), {}, {Asc(V())})}),
                     StatusCode::kEngineExecuteQuery);
}

TEST(WindowTest, LagAndLeadWithOffsetsAndDefaults) {
  ASSERT_OK_AND_ASSIGN(
      Lines out,
      RunWindow(Input(Sample()),
          {Over(Fn("lag", {F(), Lit(I(1)), Lit(I(0))}), {Host()}, {Asc(TsCol())}),
           Over(Fn("lead", {F()}), {Host()}, {Asc(TsCol())}),
           Over(Fn("lead", {V(), Lit(I(2)), Lit(I(-1))}), {Host()}, {Asc(TsCol())}),
           Over(Fn("lag", {V(), Lit(I(-1))}), {Host()}, {Asc(TsCol())}),
           Over(Fn("lag", {V(), Lit(I(0))}), {Host()}, {Asc(TsCol())})},
          {0, 3, 4, 5, 6, 7, 8}));
  // The default 0 (Int64) is cast to the argument's Float64.
  EXPECT_EQ(out, (Lines{"a|2.0|0.0|3.0|20|20|10", "a|3.0|2.0|5.0|30|20|20",
                        "a|5.0|3.0|7.0|-1|30|20", "a|7.0|5.0|NULL|-1|NULL|30",
                        "b|1.0|0.0|4.0|7|5|5", "b|4.0|1.0|6.0|-1|7|5",
                        "b|6.0|4.0|NULL|-1|NULL|7"}));
  ASSERT_STATUS_CODE(RunWindow(Input(Sample()), {Over(Fn("lag", {V(), V()}), {}, {Asc(TsCol())})}),
                     StatusCode::kEngineExecuteQuery);
}

TEST(WindowTest, FirstLastNthValueHonourTheFrame) {
  const auto rows_to_current =
      [](WindowFunctionSpec s) {
        return Frame(std::move(s), FrameUnits::kRows, kUnboundedPreceding, kCurrentRow);
      };
  ASSERT_OK_AND_ASSIGN(
      Lines out,
      RunWindow(Input(Sample()),
          {rows_to_current(Over(Fn("first_value", {V()}), {Host()}, {Asc(V())})),
           rows_to_current(Over(Fn("last_value", {F()}), {Host()}, {Asc(V())})),
           rows_to_current(Over(Fn("nth_value", {F(), Lit(I(2))}), {Host()}, {Asc(V())})),
           // Default frame: RANGE .. CURRENT ROW includes peers, so last_value sees the last tie.
           Over(Fn("last_value", {F()}), {Host()}, {Asc(V())}),
           Over(Fn("nth_value", {F(), Lit(I(-1))}), {Host()}, {})},
          {0, 2, 4, 5, 6, 7, 8}));
  EXPECT_EQ(out, (Lines{"a|10|10|2.0|NULL|2.0|7.0", "a|20|10|3.0|3.0|5.0|7.0",
                        "a|20|10|5.0|3.0|5.0|7.0", "a|30|10|7.0|3.0|7.0|7.0",
                        "b|5|5|1.0|NULL|4.0|6.0", "b|5|5|4.0|4.0|4.0|6.0",
                        "b|7|5|6.0|4.0|6.0|6.0"}));
}

TEST(WindowTest, ValueFunctionsOnStringsAndNullLiterals) {
  ASSERT_OK_AND_ASSIGN(
      Lines out,
      RunWindow(Input(Sample()),
                {Over(Fn("first_value", {Host()}), {}, {Desc(TsCol())}),
                 Over(Fn("lag", {Host(), Lit(I(1)), Lit(Value::String("none"))}), {},
                      {Asc(TsCol())}),
                 Over(Fn("lag", {Lit(Value())}), {}, {Asc(TsCol())}),
                 Over(Fn("last_value", {Lit(Value())}), {}, {})},
                {0, 4, 5, 6, 7}));
  // Rows in ts DESC order (the first spec's).
  EXPECT_EQ(out, (Lines{"a|a|b|NULL|NULL", "b|a|a|NULL|NULL", "a|a|b|NULL|NULL",
                        "b|a|a|NULL|NULL", "a|a|a|NULL|NULL", "a|a|b|NULL|NULL",
                        "b|a|none|NULL|NULL"}));
}

TEST(WindowTest, AggregatesOverRowsFrames) {
  // sqlness window_frames: SUM(c) OVER (ORDER BY c ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING).
  std::vector<Row> rows;
  for (int i = 1; i <= 5; ++i) rows.push_back({"h", i * 1000, i * 100, std::nullopt});
  ASSERT_OK_AND_ASSIGN(
      Lines out,
      RunWindow(Input(rows),
          {Frame(Over(Fn("sum", {V()}), {}, {Asc(V())}), FrameUnits::kRows, Preceding(I(1)),
                 Following(I(1))),
           Frame(Over(Fn("sum", {V()}), {}, {Asc(V())}), FrameUnits::kRows, kUnboundedPreceding,
                 kCurrentRow),
           Frame(Over(Fn("count", {}), {}, {Asc(V())}), FrameUnits::kRows, kUnboundedPreceding,
                 Preceding(I(1))),
           Frame(Over(Fn("concat", {V()}), {}, {Asc(V())}), FrameUnits::kRows, kCurrentRow,
                 kUnboundedFollowing),
           Frame(Over(Fn("sum", {V()}), {}, {Asc(V())}), FrameUnits::kRows, Following(I(1)),
                 Following(I(2)))},
          {2, 4, 5, 6, 7, 8}));
  EXPECT_EQ(out, (Lines{"100|300|100|0|100-200-300-400-500|500",
                        "200|600|300|1|200-300-400-500|700",
                        "300|900|600|2|300-400-500|900", "400|1200|1000|3|400-500|500",
                        "500|900|1500|4|500|NULL"}));
}

TEST(WindowTest, DefaultFrameIncludesPeersAndNoOrderMeansWholePartition) {
  ASSERT_OK_AND_ASSIGN(
      Lines out,
      RunWindow(Input(Sample()),
          {Over(Fn("sum", {V()}), {Host()}, {Asc(V())}),
           Over(Fn("count", {}), {Host()}, {}), Over(Fn("count", {}), {}, {}),
           Over(Fn("sum", {F()}), {Host()}, {})},
          {0, 2, 4, 5, 6, 7}));
  EXPECT_EQ(out, (Lines{"a|10|10|4|7|17.0", "a|20|50|4|7|17.0", "a|20|50|4|7|17.0",
                        "a|30|80|4|7|17.0", "b|5|10|3|7|11.0", "b|5|10|3|7|11.0",
                        "b|7|17|3|7|11.0"}));
}

TEST(WindowTest, RangeFramesWithNumericOffsets) {
  // v: 1, 2, 2, 4, 7, 8
  std::vector<Row> rows;
  int64_t vs[] = {1, 2, 2, 4, 7, 8};
  for (int i = 0; i < 6; ++i) rows.push_back({"h", i, vs[i], static_cast<double>(vs[i])});
  ASSERT_OK_AND_ASSIGN(
      Lines out,
      RunWindow(Input(rows),
          {Frame(Over(Fn("concat", {V()}), {}, {Asc(V())}), FrameUnits::kRange, Preceding(I(1)),
                 Following(I(1))),
           Frame(Over(Fn("count", {}), {}, {Asc(V())}), FrameUnits::kRange, Preceding(I(3)),
                 kCurrentRow),
           Frame(Over(Fn("concat", {V()}), {}, {Asc(F())}), FrameUnits::kRange,
                 Preceding(Value::Float64(1.5)), Preceding(Value::Float64(0.5)))},
          {2, 4, 5, 6}));
  EXPECT_EQ(out, (Lines{"1|1-2-2|1|NULL", "2|1-2-2|3|1", "2|1-2-2|3|1", "4|4|4|NULL",
                        "7|7-8|2|NULL", "8|7-8|2|7"}));
  // Descending: PRECEDING means larger keys.
  ASSERT_OK_AND_ASSIGN(
      out, RunWindow(Input(rows),
               {Frame(Over(Fn("concat", {V()}), {}, {Desc(V())}), FrameUnits::kRange,
                      Preceding(I(1)), kCurrentRow)},
               {2, 4}));
  EXPECT_EQ(out, (Lines{"8|8", "7|8-7", "4|4", "2|2-2", "2|2-2", "1|2-2-1"}));
}

TEST(WindowTest, RangeFramesOnTimestampsWithIntervals) {
  std::vector<Row> rows = {{"h", 0, 1, std::nullopt},    {"h", 1000, 2, std::nullopt},
                           {"h", 2500, 3, std::nullopt}, {"h", 3000, 4, std::nullopt},
                           {"h", 6000, 5, std::nullopt}};
  types::IntervalMonthDayNano two_s{0, 0, 2'000'000'000};
  ASSERT_OK_AND_ASSIGN(
      Lines out,
      RunWindow(Input(rows),
          {Frame(Over(Fn("sum", {V()}), {}, {Asc(TsCol())}), FrameUnits::kRange,
                 Preceding(Value::Interval(two_s)), kCurrentRow),
           // A plain number counts in the key's unit (milliseconds).
           Frame(Over(Fn("sum", {V()}), {}, {Asc(TsCol())}), FrameUnits::kRange, kCurrentRow,
                 Following(I(1500)))},
          {2, 4, 5}));
  EXPECT_EQ(out, (Lines{"1|1|3", "2|3|5", "3|5|7", "4|9|4", "5|5|5"}));
  // Calendar months: 2024-01-31 and 2024-02-29 are within one month of 2024-03-29/31.
  const int64_t day = 86400000;
  const int64_t jan31 = 19753 * day;  // 2024-01-31
  std::vector<Row> monthly = {{"h", jan31, 1, std::nullopt},
                              {"h", jan31 + 29 * day, 2, std::nullopt},   // 2024-02-29
                              {"h", jan31 + 58 * day, 4, std::nullopt},   // 2024-03-29
                              {"h", jan31 + 60 * day, 8, std::nullopt}};  // 2024-03-31
  types::IntervalMonthDayNano one_month{1, 0, 0};
  ASSERT_OK_AND_ASSIGN(
      out, RunWindow(Input(monthly),
               {Frame(Over(Fn("sum", {V()}), {}, {Asc(TsCol())}), FrameUnits::kRange,
                      Preceding(Value::Interval(one_month)), kCurrentRow)},
               {2, 4}));
  // 02-29 - 1 month = 01-29 (includes 01-31); 03-29 - 1 month = 02-29; 03-31 - 1 month = 02-29.
  EXPECT_EQ(out, (Lines{"1|1", "2|3", "4|6", "8|14"}));
}

TEST(WindowTest, GroupsFrames) {
  // v: 1, 2, 2, 4, 7 -> peer groups {1} {2,2} {4} {7}
  std::vector<Row> rows;
  int64_t vs[] = {1, 2, 2, 4, 7};
  for (int i = 0; i < 5; ++i) rows.push_back({"h", i, vs[i], std::nullopt});
  ASSERT_OK_AND_ASSIGN(
      Lines out,
      RunWindow(Input(rows),
          {Frame(Over(Fn("concat", {V()}), {}, {Asc(V())}), FrameUnits::kGroups, Preceding(I(1)),
                 kCurrentRow),
           Frame(Over(Fn("concat", {V()}), {}, {Asc(V())}), FrameUnits::kGroups, kCurrentRow,
                 Following(I(1))),
           Frame(Over(Fn("count", {}), {}, {Asc(V())}), FrameUnits::kGroups, Following(I(1)),
                 kUnboundedFollowing)},
          {2, 4, 5, 6}));
  EXPECT_EQ(out, (Lines{"1|1|1-2-2|4", "2|1-2-2|2-2-4|2", "2|1-2-2|2-2-4|2", "4|2-2-4|4-7|1",
                        "7|4-7|7|0"}));
}

TEST(WindowTest, NullOrderKeysSortLastAndFrameTheirPeers) {
  std::vector<Row> rows = {{"h", 1, std::nullopt, std::nullopt}, {"h", 2, 3, std::nullopt},
                           {"h", 3, 1, std::nullopt},
                           {"h", 4, std::nullopt, std::nullopt},
                           {"h", 5, 2, std::nullopt}};
  ASSERT_OK_AND_ASSIGN(
      Lines out,
      RunWindow(Input(rows),
          {Over(Fn("row_number"), {}, {Asc(V())}), Over(Fn("rank"), {}, {Asc(V())}),
           Frame(Over(Fn("count", {}), {}, {Asc(V())}), FrameUnits::kRange, Preceding(I(1)),
                 Following(I(1))),
           Over(Fn("count", {}), {}, {Asc(V())})},
          {1, 2, 4, 5, 6, 7}));
  EXPECT_EQ(out, (Lines{"1970-01-01T00:00:00.003|1|1|1|2|1", "1970-01-01T00:00:00.005|2|2|2|3|2",
                        "1970-01-01T00:00:00.002|3|3|3|2|3",
                        "1970-01-01T00:00:00.001|NULL|4|4|2|5",
                        "1970-01-01T00:00:00.004|NULL|5|4|2|5"}));
  // NULLS FIRST, and NULL partition keys form one partition.
  ASSERT_OK_AND_ASSIGN(out, RunWindow(Input(rows), {Over(Fn("row_number"), {V()}, {}),
                                              Over(Fn("row_number"), {}, {{V(), true, true}})},
                                {2, 4, 5}));
  EXPECT_EQ(out, (Lines{"NULL|1|1", "NULL|2|2", "1|1|3", "2|1|4", "3|1|5"}));
}

TEST(WindowTest, MultipleSpecsWithDifferentOrders) {
  ASSERT_OK_AND_ASSIGN(
      Lines out, RunWindow(Input(Sample()),
                     {Over(Fn("row_number"), {}, {Asc(TsCol())}),
                      Over(Fn("row_number"), {}, {Desc(F())}),
                      Over(Fn("rank"), {Host()}, {Desc(V())}),
                      Over(Fn("sum", {V()}), {}, {Asc(V())})},
                     {1, 2, 4, 5, 6, 7}));
  // Output follows the first spec (ts order); the others are computed in their own order.
  EXPECT_EQ(out, (Lines{"1970-01-01T00:00:01|5|1|7|2|10", "1970-01-01T00:00:02|10|2|6|4|27",
                        "1970-01-01T00:00:03|20|3|5|2|67", "1970-01-01T00:00:04|5|4|4|2|10",
                        "1970-01-01T00:00:05|20|5|3|2|67", "1970-01-01T00:00:06|7|6|2|1|17",
                        "1970-01-01T00:00:07|30|7|1|1|97"}));
}

TEST(WindowTest, EmptyInputAndNoSpecs) {
  ASSERT_OK_AND_ASSIGN(Lines out,
                       RunWindow(Input({}), {Over(Fn("row_number"), {Host()}, {Asc(V())}),
                                             Over(Fn("sum", {V()}), {}, {})}));
  EXPECT_TRUE(out.empty());
  const std::vector<Row> two = {{"a", 1, 1, std::nullopt}, {"b", 2, 2, std::nullopt}};
  ASSERT_OK_AND_ASSIGN(out, RunWindow(Input(two), {}, {0, 2}));
  EXPECT_EQ(out, (Lines{"a|1", "b|2"}));
}

TEST(WindowTest, OutputSchemaAndDescribe) {
  auto spec = Over(Fn("row_number"), {Host()}, {Asc(TsCol())});
  auto sum = Frame(Over(Fn("sum", {V()}), {}, {Desc(TsCol())}), FrameUnits::kRows,
                   Preceding(I(1)), kCurrentRow);
  sum.name = "s";
  ASSERT_OK_AND_ASSIGN(ExecNodePtr node,
                       MakeWindow(Input(Sample()), {spec, sum, Over(Fn("count"), {}, {})}));
  EXPECT_EQ(node->Describe(),
            "Window: [row_number() PARTITION BY [host] ORDER BY [ts], sum(v) ORDER BY [ts DESC] "
            "ROWS BETWEEN 1 PRECEDING AND CURRENT ROW, count(*)]");
  const auto& schema = *node->schema();
  ASSERT_EQ(schema.num_columns(), 7u);
  EXPECT_EQ(schema.column(4).name, "row_number");
  EXPECT_EQ(schema.column(4).type, DataType::UInt64());
  EXPECT_EQ(schema.column(5).name, "s");
  EXPECT_EQ(schema.column(5).type, DataType::Int64());
}

TEST(WindowTest, InvalidFramesAreRejected) {
  auto bad = [](FrameUnits u, FrameBound s, FrameBound e, std::vector<SortKey> order) {
    return MakeWindow(Input(Sample()),
                      {Frame(Over(Fn("sum", {V()}), {}, std::move(order)), u, s, e)})
        .status();
  };
  ASSERT_STATUS_CODE(bad(FrameUnits::kRows, kUnboundedFollowing, kUnboundedFollowing,
                         {Asc(V())}),
                     StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(bad(FrameUnits::kRows, kCurrentRow, kUnboundedPreceding, {Asc(V())}),
                     StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(bad(FrameUnits::kRows, Following(I(1)), Preceding(I(1)), {Asc(V())}),
                     StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(bad(FrameUnits::kRows, Preceding(I(-1)), kCurrentRow, {Asc(V())}),
                     StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(bad(FrameUnits::kGroups, Preceding(Value::Float64(0.5)), kCurrentRow,
                         {Asc(V())}),
                     StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(bad(FrameUnits::kRange, Preceding(I(1)), kCurrentRow, {Asc(V()), Asc(F())}),
                     StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(bad(FrameUnits::kRange, Preceding(I(1)), kCurrentRow, {}),
                     StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(bad(FrameUnits::kRange, Preceding(I(1)), kCurrentRow, {Asc(Host())}),
                     StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(bad(FrameUnits::kRange, Preceding(Value::Interval({0, 1, 0})), kCurrentRow,
                         {Asc(V())}),
                     StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(bad(FrameUnits::kRange, Preceding(Value()), kCurrentRow, {Asc(V())}),
                     StatusCode::kPlanQuery);
  // Huge offsets are fine: they clamp to the partition.
  ASSERT_OK_AND_ASSIGN(
      Lines out,
      RunWindow(Input(Sample()),
          {Frame(Over(Fn("count", {}), {}, {Asc(TsCol())}), FrameUnits::kRows,
                 Preceding(Value::UInt64(std::numeric_limits<uint64_t>::max())),
                 Following(I(std::numeric_limits<int64_t>::max()))),
           Frame(Over(Fn("count", {}), {}, {Asc(V())}), FrameUnits::kRange,
                 Preceding(I(std::numeric_limits<int64_t>::max())), kCurrentRow)},
          {4, 5}));
  EXPECT_EQ(out.front(), "7|2");
}

TEST(WindowTest, MemoryLimitIsEnforced) {
  std::vector<Row> rows;
  for (int i = 0; i < 2000; ++i) rows.push_back({"h", i, i, std::nullopt});
  auto r = RunWindow(Input(rows, 500), {Over(Fn("row_number"), {}, {Asc(V())})}, {}, 20000);
  ASSERT_STATUS_CODE(r, StatusCode::kRuntimeResourcesExhausted);
  EXPECT_NE(r.status().message().find("Query memory limit exceeded"), std::string::npos);
  ASSERT_OK(RunWindow(Input(rows, 500), {Over(Fn("row_number"), {}, {Asc(V())})}, {}, 10'000'000));
}

TEST(WindowTest, LargeRunningAndSlidingAggregates) {
  constexpr int kRows = 100000;
  std::vector<Row> rows;
  rows.reserve(kRows);
  for (int i = 0; i < kRows; ++i) {
    rows.push_back({i % 2 ? "b" : "a", i, i % 7, std::nullopt});
  }
  auto begin = std::chrono::steady_clock::now();
  ASSERT_OK_AND_ASSIGN(
      ExecNodePtr node,
      MakeWindow(Input(rows, 8192),
                 {Frame(Over(Fn("sum", {V()}), {Host()}, {Asc(TsCol())}), FrameUnits::kRows,
                        kUnboundedPreceding, kCurrentRow),
                  Frame(Over(Fn("count", {V()}), {Host()}, {Asc(TsCol())}), FrameUnits::kRows,
                        Preceding(I(2)), Following(I(2))),
                  Over(Fn("sum", {V()}), {Host()}, {}),
                  Over(Fn("count", {}), {Host()}, {Asc(V())})}));
  ASSERT_OK_AND_ASSIGN(auto batches, CollectAll(*node));
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  EXPECT_LT(seconds, 20.0);
  size_t n = 0;
  int64_t running_a = 0;
  for (const auto& b : batches) {
    for (size_t r = 0; r < b.num_rows(); ++r, ++n) {
      const bool a = n < kRows / 2;
      const int64_t k = a ? static_cast<int64_t>(n) : static_cast<int64_t>(n - kRows / 2);
      const int64_t v = b.GetValue(r, 2).AsInt64();
      if (a) {
        running_a += v;
        ASSERT_EQ(b.GetValue(r, 4).AsInt64(), running_a) << n;
      }
      const int64_t window = std::min<int64_t>(k, 2) + std::min<int64_t>(kRows / 2 - 1 - k, 2) + 1;
      ASSERT_EQ(b.GetValue(r, 5).AsInt64(), window) << n;
    }
  }
  EXPECT_EQ(n, static_cast<size_t>(kRows));
}

}  // namespace
}  // namespace greptime::query
