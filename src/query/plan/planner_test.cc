// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "query/plan/planner.h"

#include <gtest/gtest.h>

#include "common/testing.h"
#include "query/sql/parser.h"
#include "types/column_builder.h"
#include "types/pretty.h"

namespace greptime::query {
namespace {

using types::DataType;
using types::SemanticType;
using types::Value;

// A table of (host TAG, ts TIME INDEX ms, v DOUBLE) that remembers the last scan hints.
class FakeTable final : public TableSource {
 public:
  FakeTable() {
    schema_ = std::make_shared<types::Schema>(std::vector<types::ColumnSchema>{
        {"host", DataType::String(), true, SemanticType::kTag, {}, ""},
        {"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""},
        {"v", DataType::Float64(), true, SemanticType::kField, {}, ""}});
  }
  const types::SchemaPtr& schema() const override { return schema_; }
  Result<ExecNodePtr> Scan(const ScanHints& hints) override {
    last = hints;
    std::vector<std::vector<Value>> rows = {
        {Value::String("a"), Value::Timestamp(1000, TimeUnit::kMillisecond), Value::Float64(1)},
        {Value::String("b"), Value::Timestamp(2000, TimeUnit::kMillisecond), Value::Float64(2)},
        {Value::String("a"), Value::Timestamp(3000, TimeUnit::kMillisecond), Value::Float64(3)},
        {Value::String("c"), Value::Timestamp(4000, TimeUnit::kMillisecond), Value()}};
    std::vector<size_t> proj = hints.projection;
    if (proj.empty()) proj = {0, 1, 2};
    std::vector<types::ColumnSchema> cols;
    for (size_t i : proj) cols.push_back(schema_->column(i));
    auto out = std::make_shared<types::Schema>(cols);
    std::vector<std::vector<Value>> projected;
    for (const auto& r : rows) {
      std::vector<Value> p;
      for (size_t i : proj) p.push_back(r[i]);
      projected.push_back(p);
    }
    GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::FromRows(out, projected));
    return MakeValues(out, {batch});
  }
  ScanHints last;

 private:
  types::SchemaPtr schema_;
};

class FakeProvider final : public SchemaProvider {
 public:
  Result<std::shared_ptr<TableSource>> GetTable(std::string_view, std::string_view,
                                                std::string_view table) override {
    if (table == "t") return std::static_pointer_cast<TableSource>(table_);
    return Status(StatusCode::kTableNotFound, fmt::format("Table not found: {}", table));
  }
  std::shared_ptr<FakeTable> table_ = std::make_shared<FakeTable>();
};

class PlannerTest : public ::testing::Test {
 protected:
  Result<std::string> Run(const std::string& sql) {
    GT_ASSIGN_OR_RETURN(auto st, sql::ParseOne(sql));
    const auto* q = st.As<sql::QueryStatement>();
    if (q == nullptr) return Status::InvalidArguments("not a query");
    PlannerOptions opts;
    opts.function_context = std::make_shared<FunctionContext>();
    GT_ASSIGN_OR_RETURN(auto node, PlanQuery(*q->query, provider_, opts));
    GT_ASSIGN_OR_RETURN(auto batches, CollectAll(*node));
    return types::PrettyPrint(*node->schema(), batches);
  }
  FakeProvider provider_;
};

TEST_F(PlannerTest, PushesTimeRangeTagFilterAndProjection) {
  ASSERT_OK_AND_ASSIGN(auto out, Run("SELECT v FROM t WHERE host = 'a' AND ts >= 2000 AND ts < 5000"));
  const ScanHints& h = provider_.table_->last;
  EXPECT_EQ(h.time_start, 2000);
  EXPECT_EQ(h.time_end, 5000);
  ASSERT_EQ(h.tag_filters.size(), 1u);
  EXPECT_EQ(h.tag_filters[0].column, "host");
  ASSERT_EQ(h.tag_filters[0].values.size(), 1u);
  EXPECT_EQ(h.tag_filters[0].values[0].Compare(Value::String("a")), 0);
  EXPECT_EQ(h.projection, (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(out, "+-----+\n| v   |\n+-----+\n| 3.0 |\n+-----+");
}

TEST_F(PlannerTest, TimestampStringBoundsAndLimitPushdown) {
  ASSERT_OK(Run("SELECT ts FROM t WHERE ts > '1970-01-01 00:00:02'").status());
  EXPECT_EQ(provider_.table_->last.time_start, 2001);
  ASSERT_OK(Run("SELECT ts FROM t LIMIT 2").status());
  EXPECT_EQ(provider_.table_->last.limit, 2u);
  EXPECT_EQ(provider_.table_->last.projection, (std::vector<size_t>{1}));
}

TEST_F(PlannerTest, GroupByOrdinalsAliasesAndOrderByHiddenColumns) {
  ASSERT_OK_AND_ASSIGN(auto out, Run("SELECT host AS h, count(v) FROM t GROUP BY 1 ORDER BY h"));
  EXPECT_EQ(out,
            "+---+----------+\n| h | count(v) |\n+---+----------+\n| a | 2        |\n"
            "| b | 1        |\n| c | 0        |\n+---+----------+");
  ASSERT_OK_AND_ASSIGN(out, Run("SELECT host FROM t ORDER BY ts DESC LIMIT 1"));
  EXPECT_EQ(out, "+------+\n| host |\n+------+\n| c    |\n+------+");
  ASSERT_OK_AND_ASSIGN(out, Run("SELECT DISTINCT host FROM t ORDER BY host"));
  EXPECT_EQ(out, "+------+\n| host |\n+------+\n| a    |\n| b    |\n| c    |\n+------+");
}

TEST_F(PlannerTest, Errors) {
  ASSERT_STATUS_CODE(Run("SELECT nope FROM t"), StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(Run("SELECT * FROM nope"), StatusCode::kTableNotFound);
  ASSERT_STATUS_CODE(Run("SELECT host, count(*) FROM t"), StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(Run("SELECT v FROM t WHERE v"), StatusCode::kPlanQuery);
  ASSERT_STATUS_CODE(Run("SELECT (SELECT host FROM t)"), StatusCode::kEngineExecuteQuery);
}

TEST_F(PlannerTest, ConstantsAndIntervals) {
  PlannerOptions opts;
  ASSERT_OK_AND_ASSIGN(auto e, sql::ParseExpression("1 + 2 * 3"));
  ASSERT_OK_AND_ASSIGN(Value v, EvaluateConstant(*e, opts));
  EXPECT_EQ(v.ToInt64(), 7);
  ASSERT_OK_AND_ASSIGN(auto iv, ParseIntervalText("1 day 2 hours"));
  EXPECT_EQ(iv.days, 1);
  EXPECT_EQ(iv.nanoseconds, 2LL * 3600 * 1000000000);
  ASSERT_OK_AND_ASSIGN(iv, ParseIntervalText("1 year 2 months"));
  EXPECT_EQ(iv.months, 14);
  EXPECT_FALSE(ParseIntervalText("abc").ok());
}

}  // namespace
}  // namespace greptime::query
