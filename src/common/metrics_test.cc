// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "common/metrics.h"

#include <gtest/gtest.h>

namespace greptime {
namespace {

TEST(MetricsTest, RendersCountersAndGaugesWithLabels) {
  MetricsRegistry registry;
  registry.GetCounter("requests_total", "Requests", {{"path", "/health"}}).Inc();
  registry.GetCounter("requests_total", "Requests", {{"path", "/health"}}).Inc(2);
  registry.GetCounter("requests_total", "Requests", {{"path", "/a\"b"}}).Inc();
  registry.GetGauge("temperature", "Temp").Set(21.5);
  const std::string text = registry.RenderText();
  EXPECT_NE(text.find("# HELP requests_total Requests\n# TYPE requests_total counter\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("requests_total{path=\"/health\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("requests_total{path=\"/a\\\"b\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("# TYPE temperature gauge\ntemperature 21.5\n"), std::string::npos) << text;
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  MetricsRegistry registry;
  Histogram& h = registry.GetHistogram("latency_seconds", "Latency", {{"op", "x"}}, {0.1, 1});
  h.Observe(0.05);
  h.Observe(0.5);
  h.Observe(0.7);
  h.Observe(5);
  const std::string text = registry.RenderText();
  EXPECT_NE(text.find("latency_seconds_bucket{op=\"x\",le=\"0.1\"} 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("latency_seconds_bucket{op=\"x\",le=\"1\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{op=\"x\",le=\"+Inf\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_count{op=\"x\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_sum{op=\"x\"} 6.25\n"), std::string::npos) << text;
}

TEST(MetricsTest, ProcessMetricsAreSampledAtRender) {
  MetricsRegistry& registry = MetricsRegistry::Global();
  RegisterProcessMetrics(registry);
  const std::string text = registry.RenderText();
  EXPECT_NE(text.find("process_resident_memory_bytes "), std::string::npos) << text;
  EXPECT_NE(text.find("process_open_fds "), std::string::npos);
  EXPECT_NE(text.find("process_start_time_seconds "), std::string::npos);
  EXPECT_EQ(text.find("process_resident_memory_bytes 0\n"), std::string::npos);
}

}  // namespace
}  // namespace greptime
