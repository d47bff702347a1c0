// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// In-process metrics (counters, gauges, histograms with labels) and their Prometheus text
// exposition, served at /metrics. Updates are lock-free atomics; registration takes a lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace greptime {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Inc(double delta = 1.0);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);
  const std::vector<double>& upper_bounds() const { return bounds_; }
  // Non-cumulative count per bucket; the last entry is +Inf.
  std::vector<uint64_t> BucketCounts() const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
  std::atomic<uint64_t> count_{0};
  std::atomic<double> sum_{0.0};
};

// Latency buckets in seconds, 1 ms .. 60 s.
std::vector<double> DefaultLatencyBuckets();

class MetricsRegistry {
 public:
  static MetricsRegistry& Global();

  // Returns the series of `name` with `labels`, creating family and series on first use. The
  // reference stays valid for the registry's lifetime. Registering one name with two types is a
  // bug (GT_CHECK).
  Counter& GetCounter(std::string_view name, std::string_view help, const MetricLabels& labels = {});
  Gauge& GetGauge(std::string_view name, std::string_view help, const MetricLabels& labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help,
                          const MetricLabels& labels = {},
                          std::vector<double> upper_bounds = DefaultLatencyBuckets());

  // Runs before every render, to refresh gauges sampled from elsewhere (process memory).
  void AddCollectHook(std::function<void(MetricsRegistry&)> hook);

  // Prometheus text exposition format 0.0.4, families sorted by name.
  std::string RenderText();

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Family {
    Kind kind;
    std::string help;
    // Keyed by the rendered label set: `{a="1",b="2"}`.
    std::map<std::string, std::unique_ptr<Counter>> counters;
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
  };
  Family& GetFamily(std::string_view name, std::string_view help, Kind kind);

  std::mutex mu_;
  std::map<std::string, Family, std::less<>> families_;  // guarded by mu_
  std::vector<std::function<void(MetricsRegistry&)>> hooks_;  // guarded by mu_
};

// Registers process_* gauges (resident/virtual memory, CPU seconds, open fds, threads, start
// time) refreshed from /proc at every render. Idempotent.
void RegisterProcessMetrics(MetricsRegistry& registry);

}  // namespace greptime
