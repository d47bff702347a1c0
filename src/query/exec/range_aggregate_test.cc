// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Tests of the range query operator against cases of sqlness common/range/*.result and the
// worked example of spec/sql.md §11, with small test-only aggregate functions.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "common/testing.h"
#include "query/exec/exec_node.h"
#include "types/column_builder.h"
#include "types/column_ops.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

// ----- test aggregates: min, max, sum, count, avg, last_value(x ORDER BY y) -----------------

enum class AggKind { kMin, kMax, kSum, kCount, kAvg, kLast };

class TestAccumulator final : public GroupsAccumulator {
 public:
  TestAccumulator(AggKind kind, DataType out) : kind_(kind), out_(out) {}

  Status Update(std::span<const ColumnPtr> args, std::span<const uint32_t> ids,
                size_t total_groups) override {
    if (states_.size() < total_groups) states_.resize(total_groups);
    for (size_t i = 0; i < ids.size(); ++i) {
      EXPECT_LT(ids[i], total_groups);
      State& s = states_[ids[i]];
      if (kind_ == AggKind::kCount && args.empty()) {
        ++s.count;
        continue;
      }
      Value v = args[0]->GetValue(i);
      if (kind_ == AggKind::kLast) {
        Value key = args[1]->GetValue(i);
        if (!s.has_key || key.Compare(s.key) >= 0) {
          s.has_key = true;
          s.key = key;
          s.value = v;
        }
        continue;
      }
      if (v.is_null()) continue;
      ++s.count;
      switch (kind_) {
        case AggKind::kMin:
          if (s.value.is_null() || v.Compare(s.value) < 0) s.value = v;
          break;
        case AggKind::kMax:
          if (s.value.is_null() || v.Compare(s.value) > 0) s.value = v;
          break;
        case AggKind::kSum:
        case AggKind::kAvg:
          s.sum += *v.ToFloat64();
          if (auto n = v.ToInt64()) s.isum += *n;
          break;
        default:
          break;
      }
    }
    return Status::OK();
  }

  Result<ColumnPtr> Finish(size_t total_groups) override {
    if (states_.size() < total_groups) states_.resize(total_groups);
    auto b = types::MakeColumnBuilder(out_);
    for (size_t g = 0; g < total_groups; ++g) {
      const State& s = states_[g];
      Value v;
      switch (kind_) {
        case AggKind::kMin:
        case AggKind::kMax:
        case AggKind::kLast:
          v = s.value;
          break;
        case AggKind::kCount:
          v = Value::Int64(s.count);
          break;
        case AggKind::kSum:
          if (s.count > 0) v = out_.is_float() ? Value::Float64(s.sum) : Value::Int64(s.isum);
          break;
        case AggKind::kAvg:
          if (s.count > 0) v = Value::Float64(s.sum / static_cast<double>(s.count));
          break;
      }
      GT_RETURN_IF_ERROR(b->Append(v));
    }
    return b->Finish();
  }

  size_t MemoryBytes() const override { return states_.size() * sizeof(State); }

 private:
  struct State {
    Value value;
    Value key;
    bool has_key = false;
    int64_t count = 0;
    int64_t isum = 0;
    double sum = 0;
  };
  AggKind kind_;
  DataType out_;
  std::vector<State> states_;
};

class TestAggregate final : public AggregateFunction {
 public:
  explicit TestAggregate(AggKind kind) : kind_(kind) {}
  Result<DataType> ReturnType(std::span<const ArgInfo> args) const override {
    switch (kind_) {
      case AggKind::kCount: return DataType::Int64();
      case AggKind::kAvg: return DataType::Float64();
      case AggKind::kSum: return args[0].type.is_float() ? DataType::Float64() : DataType::Int64();
      default: return args[0].type;
    }
  }
  Result<std::unique_ptr<GroupsAccumulator>> MakeAccumulator(
      std::span<const ArgInfo> args, const AggregateOptions&) const override {
    GT_ASSIGN_OR_RETURN(DataType out, ReturnType(args));
    return std::unique_ptr<GroupsAccumulator>(std::make_unique<TestAccumulator>(kind_, out));
  }

 private:
  AggKind kind_;
};

const TestAggregate kMin(AggKind::kMin), kMax(AggKind::kMax), kSum(AggKind::kSum),
    kCount(AggKind::kCount), kAvg(AggKind::kAvg), kLast(AggKind::kLast);

// ----- helpers ----------------------------------------------------------------------------------

Value Ts(int64_t ms) { return Value::Timestamp(ms, TimeUnit::kMillisecond); }
Value I(int64_t v) { return Value::Int64(v); }
Value F(double v) { return Value::Float64(v); }
Value S(const char* v) { return Value::String(v); }
Value N() { return Value(); }

using Rows = std::vector<std::vector<Value>>;

// Input table (ts, host, val[, addon]) in one or more batches.
struct Table {
  types::SchemaPtr schema;
  std::vector<Rows> batches;
};

Table HostTable(DataType val_type, Rows rows, DataType ts_type = DataType::TimestampMillisecond()) {
  auto col = [](std::string name, DataType type) {
    types::ColumnSchema c;
    c.name = std::move(name);
    c.type = type;
    return c;
  };
  std::vector<types::ColumnSchema> cols{col("ts", ts_type), col("host", DataType::String()),
                                        col("val", val_type)};
  if (!rows.empty() && rows[0].size() == 4) cols.push_back(col("addon", DataType::Int64()));
  return Table{std::make_shared<const types::Schema>(cols), {std::move(rows)}};
}

// fill.sql / by.sql / calculate.sql: BIGINT val with NULLs every other 5 s.
Table NullGapTable() {
  return HostTable(DataType::Int64(), {{Ts(0), S("host1"), I(0)},
                                       {Ts(5000), S("host1"), N()},
                                       {Ts(10000), S("host1"), I(1)},
                                       {Ts(15000), S("host1"), N()},
                                       {Ts(20000), S("host1"), I(2)},
                                       {Ts(0), S("host2"), I(3)},
                                       {Ts(5000), S("host2"), N()},
                                       {Ts(10000), S("host2"), I(4)},
                                       {Ts(15000), S("host2"), N()},
                                       {Ts(20000), S("host2"), I(5)}});
}

// fill.sql: no data for 5 s and 10 s.
Table MissingSlotTable() {
  Rows rows;
  for (auto [host, base] : {std::pair{"host1", 0}, std::pair{"host2", 6}}) {
    for (int64_t t : {0, 1000, 2000}) rows.push_back({Ts(t), S(host), I(base + t / 1000)});
    for (int64_t t : {15000, 16000, 17000}) {
      rows.push_back({Ts(t), S(host), I(base + 6 + (t - 15000) / 1000)});
    }
  }
  return HostTable(DataType::Int64(), rows);
}

ExprPtr Col(const Table& t, size_t i) {
  return Column(i, t.schema->column(i).type, t.schema->column(i).name);
}

RangeItem Item(const Table& t, const AggregateFunction& fn, std::vector<size_t> arg_cols,
               int64_t range_ms, FillSpec fill = {}, std::string name = "") {
  RangeItem item;
  std::vector<ArgInfo> infos;
  for (size_t c : arg_cols) {
    item.aggregate.args.push_back(Col(t, c));
    item.aggregate.constants.push_back(Value());
    infos.push_back({t.schema->column(c).type, nullptr});
  }
  item.aggregate.function = &fn;
  item.aggregate.output_type = *fn.ReturnType(infos);
  item.aggregate.name = name.empty() ? "item" : name;
  item.range_ms = range_ms;
  item.fill = std::move(fill);
  return item;
}

RangeAggregateSpec Spec(const Table& t, int64_t align_ms, std::vector<RangeItem> items,
                        bool by_host = true) {
  RangeAggregateSpec spec;
  spec.time_index = 0;
  spec.time_name = "ts";
  spec.align_ms = align_ms;
  if (by_host) {
    spec.by.push_back(Col(t, 1));
    spec.by_names.push_back("host");
  }
  spec.items = std::move(items);
  return spec;
}

FillSpec Fill(FillKind kind, Value constant = Value()) {
  return FillSpec{kind, std::move(constant)};
}

ExecNodePtr Input(const Table& t) {
  std::vector<types::RecordBatch> batches;
  for (const Rows& rows : t.batches) {
    batches.push_back(*types::RecordBatch::FromRows(t.schema, rows));
  }
  return MakeValues(t.schema, std::move(batches));
}

Result<types::RecordBatch> RunBatch(const Table& t, RangeAggregateSpec spec,
                                    uint64_t memory_limit = 0) {
  GT_ASSIGN_OR_RETURN(ExecNodePtr node,
                      MakeRangeAggregate(Input(t), std::move(spec), memory_limit));
  return CollectConcatenated(*node, 0, "test");
}

Result<Rows> RunRange(const Table& t, RangeAggregateSpec spec, uint64_t memory_limit = 0) {
  GT_ASSIGN_OR_RETURN(types::RecordBatch b, RunBatch(t, std::move(spec), memory_limit));
  Rows out;
  for (size_t r = 0; r < b.num_rows(); ++r) out.push_back(b.GetRow(r));
  return out;
}

std::string Show(const Rows& rows) {
  std::string s;
  for (const auto& r : rows) {
    for (const auto& v : r) s += (v.is_null() ? std::string("NULL") : v.ToString()) + " | ";
    s += "\n";
  }
  return s;
}

// Values compare by type and value; floats exactly (results must match GreptimeDB bit for bit).
void ExpectRows(const Rows& got, const Rows& want) {
  ASSERT_EQ(got.size(), want.size()) << Show(got);
  for (size_t r = 0; r < got.size(); ++r) {
    ASSERT_EQ(got[r].size(), want[r].size());
    for (size_t c = 0; c < got[r].size(); ++c) {
      EXPECT_TRUE(got[r][c].is_null() == want[r][c].is_null() &&
                  (got[r][c].is_null() || (got[r][c].type() == want[r][c].type() &&
                                           got[r][c].Compare(want[r][c]) == 0)))
          << "row " << r << " col " << c << ": got " << got[r][c].ToString() << " ("
          << got[r][c].type().Name() << "), want " << want[r][c].ToString() << "\n"
          << Show(got);
    }
  }
}

// Rows of both hosts at 0/5/10/15/20 s with one value column.
Rows FiveSlots(const std::vector<Value>& host1, const std::vector<Value>& host2) {
  Rows out;
  for (size_t i = 0; i < 5; ++i) out.push_back({Ts(5000 * i), S("host1"), host1[i]});
  for (size_t i = 0; i < 5; ++i) out.push_back({Ts(5000 * i), S("host2"), host2[i]});
  return out;
}

// ----- fill.sql ---------------------------------------------------------------------------------

TEST(RangeAggregateTest, NullAggregateResultsKeepTheirWindows) {
  Table t = NullGapTable();
  for (FillKind kind : {FillKind::kNone, FillKind::kNull}) {
    ASSERT_OK_AND_ASSIGN(Rows rows,
                         RunRange(t, Spec(t, 5000, {Item(t, kMin, {2}, 5000, Fill(kind))})));
    ExpectRows(rows, FiveSlots({I(0), N(), I(1), N(), I(2)}, {I(3), N(), I(4), N(), I(5)}));
  }
}

TEST(RangeAggregateTest, FillConstantPrevLinearOnNullResults) {
  Table t = NullGapTable();
  auto two = [&](FillSpec fill) {
    return RunRange(t, Spec(t, 5000, {Item(t, kMin, {2}, 5000), Item(t, kMin, {2}, 5000, fill)}));
  };
  auto merge = [](Rows base, const std::vector<Value>& col) {
    for (size_t i = 0; i < base.size(); ++i) base[i].push_back(col[i]);
    return base;
  };
  const Rows plain = FiveSlots({I(0), N(), I(1), N(), I(2)}, {I(3), N(), I(4), N(), I(5)});
  ASSERT_OK_AND_ASSIGN(Rows c, two(Fill(FillKind::kConstant, I(6))));
  ExpectRows(c, merge(plain, {I(0), I(6), I(1), I(6), I(2), I(3), I(6), I(4), I(6), I(5)}));
  ASSERT_OK_AND_ASSIGN(Rows p, two(Fill(FillKind::kPrev)));
  ExpectRows(p, merge(plain, {I(0), I(0), I(1), I(1), I(2), I(3), I(3), I(4), I(4), I(5)}));
  ASSERT_OK_AND_ASSIGN(Rows l, two(Fill(FillKind::kLinear)));
  ExpectRows(l, merge(plain, {F(0), F(0.5), F(1), F(1.5), F(2), F(3), F(3.5), F(4), F(4.5), F(5)}));
}

TEST(RangeAggregateTest, MissingWindowsAppearOnlyWithFill) {
  Table t = MissingSlotTable();
  ASSERT_OK_AND_ASSIGN(Rows none, RunRange(t, Spec(t, 5000, {Item(t, kMin, {2}, 5000)})));
  ExpectRows(none, {{Ts(0), S("host1"), I(0)},
                    {Ts(15000), S("host1"), I(6)},
                    {Ts(0), S("host2"), I(6)},
                    {Ts(15000), S("host2"), I(12)}});
  auto four = [](std::vector<Value> h1, std::vector<Value> h2) {
    Rows out;
    for (size_t i = 0; i < 4; ++i) out.push_back({Ts(5000 * i), S("host1"), h1[i]});
    for (size_t i = 0; i < 4; ++i) out.push_back({Ts(5000 * i), S("host2"), h2[i]});
    return out;
  };
  auto one = [&](FillSpec fill) {
    return RunRange(t, Spec(t, 5000, {Item(t, kMin, {2}, 5000, fill)}));
  };
  ASSERT_OK_AND_ASSIGN(Rows n, one(Fill(FillKind::kNull)));
  ExpectRows(n, four({I(0), N(), N(), I(6)}, {I(6), N(), N(), I(12)}));
  ASSERT_OK_AND_ASSIGN(Rows p, one(Fill(FillKind::kPrev)));
  ExpectRows(p, four({I(0), I(0), I(0), I(6)}, {I(6), I(6), I(6), I(12)}));
  ASSERT_OK_AND_ASSIGN(Rows l, one(Fill(FillKind::kLinear)));
  ExpectRows(l, four({F(0), F(2), F(4), F(6)}, {F(6), F(8), F(10), F(12)}));
  ASSERT_OK_AND_ASSIGN(Rows c, one(Fill(FillKind::kConstant, I(6))));
  ExpectRows(c, four({I(0), I(6), I(6), I(6)}, {I(6), I(6), I(6), I(12)}));
}

TEST(RangeAggregateTest, OneFilledItemDensifiesEveryItem) {
  Table t = MissingSlotTable();
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, Spec(t, 5000, {Item(t, kMin, {2}, 5000),
                                                         Item(t, kMin, {2}, 5000,
                                                              Fill(FillKind::kPrev))})));
  ExpectRows(rows, {{Ts(0), S("host1"), I(0), I(0)},
                    {Ts(5000), S("host1"), N(), I(0)},
                    {Ts(10000), S("host1"), N(), I(0)},
                    {Ts(15000), S("host1"), I(6), I(6)},
                    {Ts(0), S("host2"), I(6), I(6)},
                    {Ts(5000), S("host2"), N(), I(6)},
                    {Ts(10000), S("host2"), N(), I(6)},
                    {Ts(15000), S("host2"), I(12), I(12)}});
}

TEST(RangeAggregateTest, FillConstantIsParsedIntoTheItemType) {
  Table t = MissingSlotTable();
  // FILL 3.0 on BIGINT fails at plan time with GreptimeDB's message.
  auto bad = MakeRangeAggregate(
      Input(t), Spec(t, 5000, {Item(t, kMin, {2}, 5000, Fill(FillKind::kConstant, F(3.0)))}));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kPlanQuery);
  EXPECT_EQ(bad.status().message(),
            "Error during planning: 3.0 is not a valid fill option, fail to convert to a const "
            "value. { Arrow error: Cast error: Cannot cast string '3.0' to value of Int64 type }");
  // FILL 6 on a DOUBLE aggregate becomes 6.0; FILL 'x' text is parsed too.
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, Spec(t, 5000, {Item(t, kAvg, {2}, 5000,
                                                             Fill(FillKind::kConstant, I(6))),
                                                        Item(t, kMin, {2}, 5000,
                                                             Fill(FillKind::kConstant, S("7")))})));
  ASSERT_EQ(rows.size(), 8u);
  ExpectRows({rows[1]}, {{Ts(5000), S("host1"), F(6.0), I(7)}});
  ExpectRows({rows[0]}, {{Ts(0), S("host1"), F(1.0), I(0)}});
}

// ----- spec/sql.md §11 worked example ----

TEST(RangeAggregateTest, SpecWorkedExampleRangeLongerThanAlign) {
  Table t = HostTable(DataType::Float64(), {{Ts(0), S("host1"), F(0)},
                                            {Ts(15000), S("host1"), F(6)},
                                            {Ts(0), S("host2"), F(6)},
                                            {Ts(15000), S("host2"), F(12)}});
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, Spec(t, 5000, {Item(t, kMin, {2}, 10000),
                                                         Item(t, kMax, {2}, 10000,
                                                              Fill(FillKind::kLinear))})));
  ExpectRows(rows, {{Ts(-5000), S("host1"), F(0), F(0)},
                    {Ts(0), S("host1"), F(0), F(0)},
                    {Ts(5000), S("host1"), N(), F(2.9999999999999996)},
                    {Ts(10000), S("host1"), F(6), F(6)},
                    {Ts(15000), S("host1"), F(6), F(6)},
                    {Ts(-5000), S("host2"), F(6), F(6)},
                    {Ts(0), S("host2"), F(6), F(6)},
                    {Ts(5000), S("host2"), N(), F(9)},
                    {Ts(10000), S("host2"), F(12), F(12)},
                    {Ts(15000), S("host2"), F(12), F(12)}});
}

TEST(RangeAggregateTest, LinearExtrapolatesLeadingAndTrailingGaps) {
  // Values only at 10 s and 15 s; rows with NULL values open the 0 s and 25 s windows: LINEAR
  // extends the line through the two known points.
  Table t = HostTable(DataType::Float64(), {{Ts(0), S("h"), N()},
                                            {Ts(10000), S("h"), F(1)},
                                            {Ts(15000), S("h"), F(2)},
                                            {Ts(25000), S("h"), N()}});
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, Spec(t, 5000, {Item(t, kMax, {2}, 5000,
                                                              Fill(FillKind::kLinear))})));
  ExpectRows(rows, {{Ts(0), S("h"), F(-1)},
                    {Ts(5000), S("h"), F(0)},
                    {Ts(10000), S("h"), F(1)},
                    {Ts(15000), S("h"), F(2)},
                    {Ts(20000), S("h"), F(3)},
                    {Ts(25000), S("h"), F(4)}});
  // One known point: nothing to interpolate.
  Table one = HostTable(DataType::Float64(), {{Ts(0), S("h"), N()}, {Ts(10000), S("h"), F(1)}});
  ASSERT_OK_AND_ASSIGN(Rows r1, RunRange(one, Spec(one, 5000, {Item(one, kMax, {2}, 5000,
                                                                Fill(FillKind::kLinear))})));
  ExpectRows(r1, {{Ts(0), S("h"), N()}, {Ts(5000), S("h"), N()}, {Ts(10000), S("h"), F(1)}});
}

// ----- by.sql ------------------------------------------------------------------------------------

TEST(RangeAggregateTest, ConstantAndEmptyByFormOneSeries) {
  Table t = NullGapTable();
  // ALIGN 20s, RANGE 5s: rows at 5/10/15 s fall in no window.
  RangeAggregateSpec constant = Spec(t, 20000, {Item(t, kMax, {2}, 5000)}, false);
  constant.by.push_back(Literal(I(2)));
  constant.by_names.push_back("Int64(2)");
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, constant));
  ExpectRows(rows, {{Ts(0), I(2), I(3)}, {Ts(20000), I(2), I(5)}});
  ASSERT_OK_AND_ASSIGN(Rows none, RunRange(t, Spec(t, 20000, {Item(t, kMax, {2}, 5000)}, false)));
  ExpectRows(none, {{Ts(0), I(3)}, {Ts(20000), I(5)}});
}

TEST(RangeAggregateTest, CountsOfDistinctItemsOverOneGroup) {
  // by.sql grpc_latencies: count(*) RANGE 5s BY (method_name) ALIGN 5s.
  const int64_t base = 1720728006000;  // 2024-07-11 20:00:06
  Rows rows;
  for (int i = 0; i < 4; ++i) {
    rows.push_back({Ts(base + 1000 * i), S("GetUser"), F(100 + i)});
    rows.push_back({Ts(base + 1000 * i), S("GetUser"), F(110 + i)});
  }
  Table t = HostTable(DataType::Float64(), rows);
  ASSERT_OK_AND_ASSIGN(Rows out, RunRange(t, Spec(t, 5000, {Item(t, kCount, {}, 5000)})));
  ExpectRows(out, {{Ts(1720728005000), S("GetUser"), I(8)}});
}

TEST(RangeAggregateTest, NullByValuesSortLast) {
  Table t = HostTable(DataType::Int64(), {{Ts(0), N(), I(1)}, {Ts(0), S("b"), I(2)},
                                          {Ts(0), S("a"), I(3)}, {Ts(1000), N(), I(4)}});
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, Spec(t, 5000, {Item(t, kSum, {2}, 5000)})));
  ExpectRows(rows, {{Ts(0), S("a"), I(3)}, {Ts(0), S("b"), I(2)}, {Ts(0), N(), I(5)}});
}

// ----- calculate.sql / special_aggr.sql ----------------------------------------------------------

TEST(RangeAggregateTest, RangeTwiceTheAlignFeedsTwoWindows) {
  // (min(val) + max(val)) RANGE '20s' ALIGN '10s': windows -10/0/10/20 s.
  Table t = NullGapTable();
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, Spec(t, 10000, {Item(t, kMin, {2}, 20000),
                                                          Item(t, kMax, {2}, 20000)})));
  ExpectRows(rows, {{Ts(-10000), S("host1"), I(0), I(0)},
                    {Ts(0), S("host1"), I(0), I(1)},
                    {Ts(10000), S("host1"), I(1), I(2)},
                    {Ts(20000), S("host1"), I(2), I(2)},
                    {Ts(-10000), S("host2"), I(3), I(3)},
                    {Ts(0), S("host2"), I(3), I(4)},
                    {Ts(10000), S("host2"), I(4), I(5)},
                    {Ts(20000), S("host2"), I(5), I(5)}});
}

TEST(RangeAggregateTest, PrevFillWithOverlappingWindows) {
  // max(val) RANGE '10s' FILL PREV ALIGN '5s' (the gcd case): windows -5..20 s.
  Table t = NullGapTable();
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, Spec(t, 5000, {Item(t, kMax, {2}, 10000,
                                                              Fill(FillKind::kPrev))})));
  ASSERT_EQ(rows.size(), 12u) << Show(rows);
  std::vector<Value> want{I(0), I(0), I(1), I(1), I(2), I(2), I(3), I(3), I(4), I(4), I(5), I(5)};
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], Ts(-5000 + 5000 * static_cast<int64_t>(i % 6)));
    EXPECT_EQ(rows[i][2], want[i]) << Show(rows);
  }
}

Table SpecialAggrTable() {
  Rows rows;
  const std::vector<Value> vals{I(0), I(1), I(2), N(), N(), N(), N(), I(4),
                                I(5), I(6), N(), I(7), I(8), I(9), N()};
  const int64_t times[] = {0, 1000, 2000, 5000, 6000, 7000, 10000, 11000,
                           12000, 15000, 16000, 17000, 20000, 21000, 22000};
  for (size_t i = 0; i < vals.size(); ++i) {
    rows.push_back({Ts(times[i]), S("host1"), vals[i], I(static_cast<int64_t>(i) + 1)});
  }
  return HostTable(DataType::Int64(), rows);
}

TEST(RangeAggregateTest, CountOfNullsIsZeroAndCountStarCountsRows) {
  Table t = SpecialAggrTable();
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, Spec(t, 5000, {Item(t, kCount, {2}, 5000),
                                                         Item(t, kCount, {}, 5000)})));
  ExpectRows(rows, {{Ts(0), S("host1"), I(3), I(3)},
                    {Ts(5000), S("host1"), I(0), I(3)},
                    {Ts(10000), S("host1"), I(2), I(3)},
                    {Ts(15000), S("host1"), I(2), I(3)},
                    {Ts(20000), S("host1"), I(2), I(3)}});
}

TEST(RangeAggregateTest, OrderingArgumentsReachTheAccumulator) {
  // last_value(val) RANGE 5s (ordered by the time index) and last_value(addon ORDER BY val).
  Table t = SpecialAggrTable();
  RangeItem by_ts = Item(t, kLast, {2, 0}, 5000);
  by_ts.aggregate.options.order_ascending = {true};
  RangeItem by_val = Item(t, kLast, {3, 2}, 5000);
  by_val.aggregate.options.order_ascending = {true};
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, Spec(t, 5000, {by_ts, by_val})));
  // Our test last_value sorts NULL keys first, so the largest val wins.
  ExpectRows(rows, {{Ts(0), S("host1"), I(2), I(3)},
                    {Ts(5000), S("host1"), N(), I(6)},
                    {Ts(10000), S("host1"), I(5), I(9)},
                    {Ts(15000), S("host1"), I(7), I(12)},
                    {Ts(20000), S("host1"), N(), I(14)}});
}

TEST(RangeAggregateTest, WindowsOpenedByAnotherItemGetTheEmptyValue) {
  Table t = HostTable(DataType::Int64(), {{Ts(0), S("h"), I(1)}, {Ts(20000), S("h"), I(2)}});
  // min RANGE 10s opens -5/0/15/20 s, count RANGE 5s only 0/20 s: count is 0 elsewhere.
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, Spec(t, 5000, {Item(t, kCount, {2}, 5000),
                                                         Item(t, kMin, {2}, 10000)})));
  ExpectRows(rows, {{Ts(-5000), S("h"), I(0), I(1)},
                    {Ts(0), S("h"), I(1), I(1)},
                    {Ts(15000), S("h"), I(0), I(2)},
                    {Ts(20000), S("h"), I(1), I(2)}});
  ASSERT_OK_AND_ASSIGN(Rows filled, RunRange(t, Spec(t, 5000, {Item(t, kCount, {2}, 5000),
                                                           Item(t, kMin, {2}, 10000,
                                                                Fill(FillKind::kNull))})));
  ASSERT_EQ(filled.size(), 6u) << Show(filled);
  ExpectRows({filled[2], filled[3]},
             {{Ts(5000), S("h"), I(0), N()}, {Ts(10000), S("h"), I(0), N()}});
}

// ----- precisions.sql, ALIGN TO, batches ---------------------------------------------------------

TEST(RangeAggregateTest, SecondAndNanosecondTimeIndexKeepTheirUnit) {
  const DataType sec = DataType::TimestampSecond();
  Table t = HostTable(DataType::Float64(),
                      {{Value::Timestamp(0, TimeUnit::kSecond), S("host1"), F(0)},
                       {Value::Timestamp(5, TimeUnit::kSecond), S("host1"), N()},
                       {Value::Timestamp(10, TimeUnit::kSecond), S("host1"), F(1)}},
                      sec);
  ASSERT_OK_AND_ASSIGN(types::RecordBatch b,
                       RunBatch(t, Spec(t, 5000, {Item(t, kMin, {2}, 5000)})));
  EXPECT_EQ(b.schema()->column(0).type, sec);
  ASSERT_EQ(b.num_rows(), 3u);
  EXPECT_EQ(b.GetValue(1, 0), Value::Timestamp(5, TimeUnit::kSecond));
  EXPECT_TRUE(b.GetValue(1, 2).is_null());
  EXPECT_EQ(b.GetValue(2, 2), F(1));

  const DataType ns = DataType::TimestampNanosecond();
  Table n = HostTable(DataType::Float64(),
                      {{Value::Timestamp(1'500'000'000, TimeUnit::kNanosecond), S("h"), F(1)},
                       {Value::Timestamp(6'999'999'999, TimeUnit::kNanosecond), S("h"), F(2)}},
                      ns);
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(n, Spec(n, 5000, {Item(n, kMax, {2}, 5000)})));
  ExpectRows(rows, {{Value::Timestamp(0, TimeUnit::kNanosecond), S("h"), F(1)},
                    {Value::Timestamp(5'000'000'000, TimeUnit::kNanosecond), S("h"), F(2)}});
}

TEST(RangeAggregateTest, AlignToShiftsTheWindows) {
  Table t = HostTable(DataType::Int64(), {{Ts(0), S("h"), I(1)}, {Ts(2000), S("h"), I(2)}});
  RangeAggregateSpec spec = Spec(t, 5000, {Item(t, kSum, {2}, 5000)});
  spec.align_origin_ms = 1000;  // windows at 1000 + 5000k: 0 s is in [-4 s, 1 s)
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, spec));
  ExpectRows(rows, {{Ts(-4000), S("h"), I(1)}, {Ts(1000), S("h"), I(2)}});
}

TEST(RangeAggregateTest, SeriesSpanSeveralBatches) {
  Table t = NullGapTable();
  Rows all = t.batches[0];
  t.batches = {Rows(all.begin(), all.begin() + 3), Rows(all.begin() + 3, all.begin() + 7),
               Rows(all.begin() + 7, all.end())};
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, Spec(t, 5000, {Item(t, kMin, {2}, 5000,
                                                              Fill(FillKind::kPrev))})));
  ExpectRows(rows, FiveSlots({I(0), I(0), I(1), I(1), I(2)}, {I(3), I(3), I(4), I(4), I(5)}));
}

TEST(RangeAggregateTest, SparseAndDescendingSeries) {
  // Series "far": windows 0 s and 10^7 s apart (sparse), then one in between; series "rev":
  // rows in descending time order.
  Rows rows{{Ts(10'000'000'000), S("far"), I(3)}, {Ts(0), S("far"), I(1)},
            {Ts(5'000'000'000), S("far"), I(2)}};
  for (int64_t t = 9; t >= 0; --t) rows.push_back({Ts(t * 1000), S("rev"), I(t)});
  Table t = HostTable(DataType::Int64(), rows);
  ASSERT_OK_AND_ASSIGN(Rows out, RunRange(t, Spec(t, 1000, {Item(t, kMax, {2}, 2000)})));
  Rows want{{Ts(-1000), S("far"), I(1)},
            {Ts(0), S("far"), I(1)},
            {Ts(4'999'999'000), S("far"), I(2)},
            {Ts(5'000'000'000), S("far"), I(2)},
            {Ts(9'999'999'000), S("far"), I(3)},
            {Ts(10'000'000'000), S("far"), I(3)}};
  for (int64_t k = -1; k <= 9; ++k) {
    want.push_back({Ts(k * 1000), S("rev"), I(std::min<int64_t>(k + 1, 9))});
  }
  ExpectRows(out, want);
  // With a fill the reversed series is contiguous already; PREV changes nothing there.
  Table rev = HostTable(DataType::Int64(), Rows(rows.begin() + 3, rows.end()));
  ASSERT_OK_AND_ASSIGN(Rows filled, RunRange(rev, Spec(rev, 1000, {Item(rev, kMax, {2}, 2000,
                                                                       Fill(FillKind::kPrev))})));
  ExpectRows(filled, Rows(want.begin() + 6, want.end()));
}

// ----- schema, errors, limits --------------------------------------------------------------------

TEST(RangeAggregateTest, SchemaAndDescribe) {
  Table t = NullGapTable();
  ASSERT_OK_AND_ASSIGN(ExecNodePtr node,
                       MakeRangeAggregate(Input(t), Spec(t, 5000, {
                           Item(t, kMin, {2}, 5000, {}, "min(host.val) RANGE 5s"),
                           Item(t, kMin, {2}, 5000, Fill(FillKind::kLinear),
                                "min(host.val) RANGE 5s FILL LINEAR")})));
  const types::Schema& s = *node->schema();
  ASSERT_EQ(s.num_columns(), 4u);
  EXPECT_EQ(s.column(0).name, "ts");
  EXPECT_EQ(s.column(0).type, DataType::TimestampMillisecond());
  EXPECT_EQ(s.column(1).name, "host");
  EXPECT_EQ(s.column(2).type, DataType::Int64());
  EXPECT_EQ(s.column(3).type, DataType::Float64());  // LINEAR over BIGINT
  EXPECT_EQ(s.column(3).name, "min(host.val) RANGE 5s FILL LINEAR");
  EXPECT_EQ(node->Describe(),
            "RangeSelect: range_exprs=[min(host.val) RANGE 5s, min(host.val) RANGE 5s FILL "
            "LINEAR], align=5000ms, align_to=0ms, align_by=[" + Col(t, 1)->ToString() +
                "], time_index=ts");
}

TEST(RangeAggregateTest, RejectsBadPlans) {
  Table t = NullGapTable();
  ASSERT_STATUS_CODE(MakeRangeAggregate(Input(t), Spec(t, 0, {Item(t, kMin, {2}, 5000)})),
                     StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(MakeRangeAggregate(Input(t), Spec(t, 5000, {Item(t, kMin, {2}, 0)})),
                     StatusCode::kPlanQuery);
  auto linear_string = MakeRangeAggregate(
      Input(t), Spec(t, 5000, {Item(t, kMin, {1}, 5000, Fill(FillKind::kLinear))}));
  ASSERT_FALSE(linear_string.ok());
  EXPECT_EQ(linear_string.status().message(),
            "Error during planning: Use FILL LINEAR on Non-numeric DataType String");
  RangeAggregateSpec bad_ts = Spec(t, 5000, {Item(t, kMin, {2}, 5000)});
  bad_ts.time_index = 2;
  ASSERT_STATUS_CODE(MakeRangeAggregate(Input(t), bad_ts), StatusCode::kPlanQuery);
}

TEST(RangeAggregateTest, EmptyInputGivesNoRows) {
  Table t = HostTable(DataType::Int64(), {});
  t.batches.clear();
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, Spec(t, 5000, {Item(t, kMin, {2}, 5000,
                                                              Fill(FillKind::kLinear))})));
  EXPECT_TRUE(rows.empty());
}

TEST(RangeAggregateTest, MemoryLimitFailsCleanly) {
  Rows rows;
  for (int64_t i = 0; i < 2000; ++i) rows.push_back({Ts(i * 1000), S("h"), I(i)});
  Table t = HostTable(DataType::Int64(), rows);
  ASSERT_STATUS_CODE(RunRange(t, Spec(t, 1000, {Item(t, kMin, {2}, 1000)}), 4096),
                     StatusCode::kRuntimeResourcesExhausted);
  // A densified gap past the limit fails the same way.
  Table gap = HostTable(DataType::Int64(), {{Ts(0), S("h"), I(0)}, {Ts(1'000'000), S("h"), I(1)}});
  ASSERT_STATUS_CODE(RunRange(gap, Spec(gap, 1, {Item(gap, kMin, {2}, 1, Fill(FillKind::kNull))}),
                         1 << 20),
                     StatusCode::kRuntimeResourcesExhausted);
}

TEST(RangeAggregateTest, HugeRangeOverAlignIsRefused) {
  Table t = HostTable(DataType::Int64(), {{Ts(0), S("h"), I(0)}});
  ASSERT_STATUS_CODE(
      RunRange(t, Spec(t, 1, {Item(t, kMin, {2}, std::numeric_limits<int64_t>::max())})),
      StatusCode::kRuntimeResourcesExhausted);
}

TEST(RangeAggregateTest, ExtremeTimestampsDoNotOverflow) {
  const int64_t big = std::numeric_limits<int64_t>::max() - 10;
  const int64_t small = std::numeric_limits<int64_t>::min() + 10;
  Table t = HostTable(DataType::Int64(), {{Ts(big), S("h"), I(1)}, {Ts(small), S("h"), I(2)}});
  ASSERT_OK_AND_ASSIGN(Rows rows, RunRange(t, Spec(t, 3'600'000, {Item(t, kMin, {2}, 3'600'000)})));
  ASSERT_EQ(rows.size(), 1u) << Show(rows);  // the lowest window start is below INT64_MIN
  EXPECT_EQ(rows[0][2], I(1));
  Table sec = HostTable(DataType::Int64(),
                        {{Value::Timestamp(std::numeric_limits<int64_t>::max(), TimeUnit::kSecond),
                          S("h"), I(1)}},
                        DataType::TimestampSecond());
  ASSERT_STATUS_CODE(RunRange(sec, Spec(sec, 1000, {Item(sec, kMin, {2}, 1000)})),
                     StatusCode::kEngineExecuteQuery);
}

}  // namespace
}  // namespace greptime::query
