// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/otlp/otlp_metrics.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include <gtest/gtest.h>

#include "common/testing.h"

namespace greptime::servers::otlp {
namespace {

using TS = TranslationStrategy;

TEST(OtlpTest, MetricNamesAsTheSpecTable) {
  const TS d = TS::kUnderscoreEscapingWithSuffixes;
  EXPECT_EQ(TranslateMetricName("memory.usage", "By", 'g', false, d), "memory_usage_bytes");
  EXPECT_EQ(TranslateMetricName("cache.hit_ratio", "1", 'g', false, d), "cache_hit_ratio");
  EXPECT_EQ(TranslateMetricName("queue.length", "{item}", 'g', false, d), "queue_length");
  EXPECT_EQ(TranslateMetricName("http.client.request.size", "By", 's', true, d),
            "http_client_request_size_bytes_total");
  EXPECT_EQ(TranslateMetricName("claude_code.cost.usage", "USD", 's', true, d),
            "claude_code_cost_usage_USD_total");
  EXPECT_EQ(TranslateMetricName("http.server.duration", "ms", 'h', false, d),
            "http_server_duration_milliseconds");
  EXPECT_EQ(TranslateMetricName("requests", "1/s", 'g', false, d), "requests_per_second");
  EXPECT_EQ(TranslateMetricName("2xx.count", "", 'g', false, d), "_2xx_count");
  EXPECT_EQ(TranslateMetricName("a.b", "By", 's', true, TS::kUnderscoreEscapingWithoutSuffixes), "a_b");
  EXPECT_EQ(TranslateMetricName("a.b", "By", 's', true, TS::kNoTranslation), "a.b");
  EXPECT_EQ(TranslateLabelName("_http.status-code", d), "key_http_status_code");
  EXPECT_EQ(TranslateLabelName("9lives", d), "key_9lives");
  EXPECT_EQ(TranslateLabelName("__x", d), "__x");
}

std::string Fixture() {
  auto path = std::filesystem::path(__FILE__).parent_path() / "../../../tests/fixtures/otlp/metrics.pb";
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(OtlpTest, RealExporterFixture) {
  // Captured from @opentelemetry/exporter-metrics-otlp-proto (tests/fixtures/otlp/make_fixture.js).
  std::string body = Fixture();
  ASSERT_FALSE(body.empty());
  ASSERT_OK_AND_ASSIGN(auto inserts, MetricsToInserts(body, OtlpOptions{}));
  std::map<std::string, const frontend::RowInsertRequest*> by_name;
  for (const auto& i : inserts) by_name[i.table] = &i;
  for (const char* t : {"http_server_requests_total", "http_client_request_size_bytes_total",
                        "http_server_duration_milliseconds_bucket",
                        "http_server_duration_milliseconds_sum",
                        "http_server_duration_milliseconds_count", "memory_usage_bytes"}) {
    ASSERT_TRUE(by_name.count(t)) << t;
  }
  const auto& req = *by_name["http_server_requests_total"];
  std::vector<std::string> cols;
  for (const auto& c : req.columns) cols.push_back(c.name);
  // Kept resource attributes, job/instance, data-point attributes, time, value.
  EXPECT_EQ(cols, (std::vector<std::string>{"service_name", "service_instance_id", "service_version",
                                            "job", "instance", "http_method", "http_status_code",
                                            "greptime_timestamp", "greptime_value"}));
  ASSERT_EQ(req.rows.size(), 2u);
  EXPECT_EQ(req.rows[0][3].AsBytes(), "checkout");
  EXPECT_EQ(req.rows[0][6].AsBytes(), "200");
  EXPECT_EQ(req.rows[0][8].AsFloat64(), 3.0);
  const auto& buckets = *by_name["http_server_duration_milliseconds_bucket"];
  ASSERT_EQ(buckets.rows.size(), 4u);  // bounds 10, 100, 1000, inf
  std::vector<std::pair<std::string, double>> le;
  size_t le_idx = 0, value_idx = 0;
  for (size_t i = 0; i < buckets.columns.size(); ++i) {
    if (buckets.columns[i].name == "le") le_idx = i;
    if (buckets.columns[i].name == "greptime_value") value_idx = i;
  }
  for (const auto& r : buckets.rows) le.emplace_back(r[le_idx].AsBytes(), r[value_idx].AsFloat64());
  EXPECT_EQ(le, (std::vector<std::pair<std::string, double>>{{"10", 1}, {"100", 3}, {"1000", 4}, {"inf", 5}}));
  EXPECT_EQ(by_name["http_server_duration_milliseconds_sum"]->rows[0].back().AsFloat64(), 5615.0);
}

TEST(OtlpTest, MutatedBodiesNeverCrash) {
  std::string body = Fixture();
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20000; ++i) {
    std::string s = body;
    for (int e = 0; e < 3; ++e) s[rng() % s.size()] = static_cast<char>(rng() % 256);
    if (rng() % 4 == 0) s.resize(rng() % s.size());
    (void)MetricsToInserts(s, OtlpOptions{});
  }
}

}  // namespace
}  // namespace greptime::servers::otlp
