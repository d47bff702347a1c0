// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Focused tests of the PromQL evaluator over an in-memory Storage.
#include "promql/engine.h"

#include <cmath>
#include <cstring>

#include <gtest/gtest.h>

#include "common/testing.h"
#include "promql/memory_storage_testutil.h"
#include "promql/parser.h"

namespace greptime::promql {
namespace {

double StaleNaN() {
  uint64_t bits = 0x7ff0000000000002ULL;
  double v;
  std::memcpy(&v, &bits, sizeof(v));
  return v;
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // http_requests{job="api",instance="0"} = 0, 10, ... every 10s up to 100s.
    for (int i = 0; i <= 10; ++i) {
      storage_.Add({{"__name__", "http_requests"}, {"instance", "0"}, {"job", "api"}}, i * 10000,
                   i * 10.0);
      storage_.Add({{"__name__", "http_requests"}, {"instance", "1"}, {"job", "api"}}, i * 10000,
                   i * 20.0);
      storage_.Add({{"__name__", "http_requests"}, {"instance", "0"}, {"job", "db"}}, i * 10000,
                   i * 1.0);
    }
  }

  Result<QueryResult> Instant(std::string_view q, int64_t t_ms) {
    GT_ASSIGN_OR_RETURN(auto expr, ParseExpr(q));
    return EvalInstant(*expr, t_ms, storage_);
  }
  Result<QueryResult> Range(std::string_view q, int64_t start, int64_t end, int64_t step) {
    GT_ASSIGN_OR_RETURN(auto expr, ParseExpr(q));
    return EvalRange(*expr, start, end, step, storage_);
  }

  MemoryStorage storage_;
};

TEST_F(EngineTest, VectorSelectorReturnsLatestSampleWithinLookback) {
  ASSERT_OK_AND_ASSIGN(auto r, Instant("http_requests{job=\"api\"}", 55000));
  ASSERT_EQ(r.type, ValueType::kVector);
  ASSERT_EQ(r.vector.size(), 2u);
  EXPECT_EQ(r.vector[0].v, 50);
  EXPECT_EQ(r.vector[0].t_ms, 55000);
  EXPECT_EQ(r.vector[1].v, 100);
  // 5m lookback is left-open: a sample exactly 5m old is not seen.
  ASSERT_OK_AND_ASSIGN(auto late, Instant("http_requests", 100000 + 300000));
  EXPECT_TRUE(late.vector.empty());
}

TEST_F(EngineTest, StaleMarkerEndsSeries) {
  Labels l{{"__name__", "gauge"}};
  storage_.Add(l, 0, 1);
  storage_.Add(l, 10000, StaleNaN());
  ASSERT_OK_AND_ASSIGN(auto before, Instant("gauge", 5000));
  ASSERT_EQ(before.vector.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto after, Instant("gauge", 15000));
  EXPECT_TRUE(after.vector.empty());
  ASSERT_OK_AND_ASSIGN(auto range, Instant("gauge[1m]", 20000));
  ASSERT_EQ(range.matrix.size(), 1u);
  EXPECT_EQ(range.matrix[0].samples.size(), 1u);
}

TEST_F(EngineTest, OffsetAndAtShiftTheEvaluationTime) {
  ASSERT_OK_AND_ASSIGN(auto off, Instant("http_requests{job=\"db\"} offset 30s", 100000));
  ASSERT_EQ(off.vector.size(), 1u);
  EXPECT_EQ(off.vector[0].v, 7);
  ASSERT_OK_AND_ASSIGN(auto at, Instant("http_requests{job=\"db\"} @ 20", 100000));
  EXPECT_EQ(at.vector[0].v, 2);
}

TEST_F(EngineTest, RangeSelectorIsLeftOpen) {
  ASSERT_OK_AND_ASSIGN(auto r, Instant("http_requests{job=\"db\"}[30s]", 50000));
  ASSERT_EQ(r.type, ValueType::kMatrix);
  ASSERT_EQ(r.matrix.size(), 1u);
  ASSERT_EQ(r.matrix[0].samples.size(), 3u);  // 30s, 40s, 50s
  EXPECT_EQ(r.matrix[0].samples[0].t_ms, 30000);
}

TEST_F(EngineTest, RateExtrapolatesAndDropsName) {
  ASSERT_OK_AND_ASSIGN(auto r, Instant("rate(http_requests{job=\"api\",instance=\"0\"}[50s])", 100000));
  ASSERT_EQ(r.vector.size(), 1u);
  EXPECT_DOUBLE_EQ(r.vector[0].v, 1.0);
  EXPECT_EQ(r.vector[0].labels, (Labels{{"instance", "0"}, {"job", "api"}}));
}

TEST_F(EngineTest, SumByGroupsAndDropsName) {
  ASSERT_OK_AND_ASSIGN(auto r, Instant("sum by (job) (http_requests)", 100000));
  ASSERT_EQ(r.vector.size(), 2u);
  EXPECT_EQ(r.vector[0].labels, (Labels{{"job", "api"}}));
  EXPECT_EQ(r.vector[0].v, 300);
  EXPECT_EQ(r.vector[1].v, 10);
}

TEST_F(EngineTest, TopkKeepsOrderAndLabels) {
  ASSERT_OK_AND_ASSIGN(auto r, Instant("topk(2, http_requests)", 100000));
  ASSERT_EQ(r.vector.size(), 2u);
  EXPECT_EQ(r.vector[0].v, 200);
  EXPECT_EQ(r.vector[1].v, 100);
  EXPECT_EQ(r.vector[0].labels.front().first, "__name__");
}

TEST_F(EngineTest, BinaryOperatorsMatchAndFilter) {
  ASSERT_OK_AND_ASSIGN(
      auto r, Instant("http_requests{job=\"api\"} / on(instance) http_requests{job=\"db\"}", 100000));
  ASSERT_EQ(r.vector.size(), 1u);
  EXPECT_EQ(r.vector[0].v, 10);
  EXPECT_EQ(r.vector[0].labels, (Labels{{"instance", "0"}}));
  ASSERT_OK_AND_ASSIGN(auto cmp, Instant("http_requests > 50", 100000));
  EXPECT_EQ(cmp.vector.size(), 2u);
  EXPECT_EQ(cmp.vector[0].labels.front().second, "http_requests");
  ASSERT_OK_AND_ASSIGN(auto b, Instant("http_requests > bool 50", 100000));
  EXPECT_EQ(b.vector.size(), 3u);
}

TEST_F(EngineTest, ManyToManyMatchingFails) {
  auto r = Instant("http_requests + on(job) http_requests", 100000);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArguments);
  EXPECT_NE(r.status().message().find("many-to-many matching not allowed"), std::string::npos);
}

TEST_F(EngineTest, GroupLeftCopiesIncludeLabels) {
  storage_.Add({{"__name__", "info"}, {"job", "api"}, {"version", "v1"}}, 100000, 1);
  ASSERT_OK_AND_ASSIGN(
      auto r, Instant("http_requests * on(job) group_left(version) info", 100000));
  ASSERT_EQ(r.vector.size(), 2u);
  EXPECT_EQ(r.vector[0].labels.back(), (std::pair<std::string, std::string>{"version", "v1"}));
}

TEST_F(EngineTest, RangeQueryReturnsMatrixSortedByLabels) {
  ASSERT_OK_AND_ASSIGN(auto r, Range("http_requests{job=\"db\"} * 2", 0, 20000, 10000));
  ASSERT_EQ(r.type, ValueType::kMatrix);
  ASSERT_EQ(r.matrix.size(), 1u);
  ASSERT_EQ(r.matrix[0].samples.size(), 3u);
  EXPECT_EQ(r.matrix[0].samples[2].v, 4);
  ASSERT_OK_AND_ASSIGN(auto s, Range("time()", 0, 20000, 10000));
  ASSERT_EQ(s.matrix.size(), 1u);
  EXPECT_TRUE(s.matrix[0].labels.empty());
}

TEST_F(EngineTest, RangeQueryRejectsRangeVector) {
  auto expr = ParseExpr("http_requests[1m]");
  ASSERT_TRUE(expr.ok());
  auto r = EvalRange(*expr.value(), 0, 1000, 1000, storage_);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArguments);
}

TEST_F(EngineTest, SubqueryEvaluatesAtAlignedSteps) {
  ASSERT_OK_AND_ASSIGN(auto r, Instant("max_over_time(http_requests{job=\"db\"}[30s:10s])", 100000));
  ASSERT_EQ(r.vector.size(), 1u);
  EXPECT_EQ(r.vector[0].v, 10);
  ASSERT_OK_AND_ASSIGN(auto c, Instant("count_over_time(http_requests{job=\"db\"}[30s:10s])", 100000));
  EXPECT_EQ(c.vector[0].v, 3);
}

TEST_F(EngineTest, AbsentDerivesLabelsFromEqualityMatchers) {
  ASSERT_OK_AND_ASSIGN(auto r, Instant("absent(nonexistent{job=\"x\",a=~\"b\"})", 100000));
  ASSERT_EQ(r.vector.size(), 1u);
  EXPECT_EQ(r.vector[0].labels, (Labels{{"job", "x"}}));
  ASSERT_OK_AND_ASSIGN(auto none, Instant("absent(http_requests)", 100000));
  EXPECT_TRUE(none.vector.empty());
}

TEST_F(EngineTest, HistogramQuantileInterpolatesClassicBuckets) {
  for (auto [le, v] : std::vector<std::pair<std::string, double>>{{"1", 10}, {"2", 20}, {"+Inf", 20}}) {
    storage_.Add({{"__name__", "h_bucket"}, {"le", le}}, 100000, v);
  }
  ASSERT_OK_AND_ASSIGN(auto r, Instant("histogram_quantile(0.75, h_bucket)", 100000));
  ASSERT_EQ(r.vector.size(), 1u);
  EXPECT_DOUBLE_EQ(r.vector[0].v, 1.5);
  EXPECT_TRUE(r.vector[0].labels.empty());
}

TEST_F(EngineTest, LabelReplaceExpandsGroups) {
  ASSERT_OK_AND_ASSIGN(
      auto r, Instant("label_replace(http_requests{job=\"db\"}, \"dst\", \"x-$1\", \"job\", \"(d)b\")",
                      100000));
  ASSERT_EQ(r.vector.size(), 1u);
  EXPECT_EQ(r.vector[0].labels[1], (std::pair<std::string, std::string>{"dst", "x-d"}));
}

TEST_F(EngineTest, ScalarAndStringLiterals) {
  ASSERT_OK_AND_ASSIGN(auto r, Instant("1 + 2 * 3", 1000));
  EXPECT_EQ(r.type, ValueType::kScalar);
  EXPECT_EQ(r.scalar, 7);
  ASSERT_OK_AND_ASSIGN(auto s, Instant("\"hello\"", 1000));
  EXPECT_EQ(s.type, ValueType::kString);
  EXPECT_EQ(s.string, "hello");
}

TEST_F(EngineTest, SetOperatorsMatchOnSignatures) {
  ASSERT_OK_AND_ASSIGN(auto a, Instant("http_requests and on(job) http_requests{job=\"db\"}", 100000));
  ASSERT_EQ(a.vector.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto u, Instant("http_requests unless on(job) http_requests{job=\"db\"}", 100000));
  EXPECT_EQ(u.vector.size(), 2u);
  ASSERT_OK_AND_ASSIGN(auto o, Instant("http_requests{job=\"db\"} or vector(1)", 100000));
  EXPECT_EQ(o.vector.size(), 2u);
}

TEST_F(EngineTest, CountValuesAndStddev) {
  ASSERT_OK_AND_ASSIGN(auto c, Instant("count_values(\"v\", http_requests{job=\"api\"} * 0)", 100000));
  ASSERT_EQ(c.vector.size(), 1u);
  EXPECT_EQ(c.vector[0].labels, (Labels{{"v", "0"}}));
  EXPECT_EQ(c.vector[0].v, 2);
  ASSERT_OK_AND_ASSIGN(auto s, Instant("stddev(http_requests{job=\"api\"})", 100000));
  EXPECT_DOUBLE_EQ(s.vector[0].v, 50);
}

TEST_F(EngineTest, UnaryMinusDropsNameAndDetectsCollisions) {
  ASSERT_OK_AND_ASSIGN(auto r, Instant("-http_requests{job=\"db\"}", 100000));
  ASSERT_EQ(r.vector.size(), 1u);
  EXPECT_EQ(r.vector[0].v, -10);
  EXPECT_EQ(r.vector[0].labels, (Labels{{"instance", "0"}, {"job", "db"}}));
  storage_.Add({{"__name__", "other"}, {"instance", "0"}, {"job", "db"}}, 100000, 1);
  auto dup = Instant("-{job=\"db\"}", 100000);
  EXPECT_EQ(dup.status().code(), StatusCode::kInvalidArguments);
}

TEST_F(EngineTest, MaxSamplesLimitsLoadedPoints) {
  auto expr = ParseExpr("http_requests[5m]");
  ASSERT_TRUE(expr.ok());
  EngineOptions options;
  options.max_samples = 5;
  auto r = EvalInstant(*expr.value(), 100000, storage_, options);
  EXPECT_EQ(r.status().code(), StatusCode::kRuntimeResourcesExhausted);
}

}  // namespace
}  // namespace greptime::promql
