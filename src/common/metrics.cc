// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "common/metrics.h"

#include <unistd.h>

#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/status.h"

namespace greptime {
namespace {

void AtomicAdd(std::atomic<double>& target, double delta) {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + delta, std::memory_order_relaxed)) {
  }
}

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string RenderLabels(const MetricLabels& labels, std::string_view extra_key = {},
                         std::string_view extra_value = {}) {
  if (labels.empty() && extra_key.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += k + "=\"" + EscapeLabelValue(v) + "\"";
  }
  if (!extra_key.empty()) {
    if (!first) out += ',';
    out += std::string(extra_key) + "=\"" + std::string(extra_value) + "\"";
  }
  out += "}";
  return out;
}

// Inserts `le` into an already rendered label set.
std::string WithLe(const std::string& rendered, const std::string& le) {
  if (rendered.empty()) return "{le=\"" + le + "\"}";
  return rendered.substr(0, rendered.size() - 1) + ",le=\"" + le + "\"}";
}

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

}  // namespace

void Counter::Inc(double delta) { AtomicAdd(value_, delta); }
void Gauge::Add(double delta) { AtomicAdd(value_, delta); }

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(double value) {
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  AtomicAdd(sum_, value);
}

std::vector<uint64_t> Histogram::BucketCounts() const {
  std::vector<uint64_t> out(bounds_.size() + 1);
  for (size_t i = 0; i < out.size(); ++i) out[i] = buckets_[i].load(std::memory_order_relaxed);
  return out;
}

std::vector<double> DefaultLatencyBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

MetricsRegistry& MetricsRegistry::Global() {
  static MetricsRegistry* registry = new MetricsRegistry();  // never destroyed: used at exit
  return *registry;
}

MetricsRegistry::Family& MetricsRegistry::GetFamily(std::string_view name, std::string_view help,
                                                    Kind kind) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{kind, std::string(help), {}, {}, {}}).first;
  }
  GT_CHECK(it->second.kind == kind);
  return it->second;
}

Counter& MetricsRegistry::GetCounter(std::string_view name, std::string_view help,
                                     const MetricLabels& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  Family& family = GetFamily(name, help, Kind::kCounter);
  auto& slot = family.counters[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& MetricsRegistry::GetGauge(std::string_view name, std::string_view help,
                                 const MetricLabels& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  Family& family = GetFamily(name, help, Kind::kGauge);
  auto& slot = family.gauges[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& MetricsRegistry::GetHistogram(std::string_view name, std::string_view help,
                                         const MetricLabels& labels,
                                         std::vector<double> upper_bounds) {
  std::lock_guard<std::mutex> lock(mu_);
  Family& family = GetFamily(name, help, Kind::kHistogram);
  auto& slot = family.histograms[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Histogram>(std::move(upper_bounds));
  return *slot;
}

void MetricsRegistry::AddCollectHook(std::function<void(MetricsRegistry&)> hook) {
  std::lock_guard<std::mutex> lock(mu_);
  hooks_.push_back(std::move(hook));
}

std::string MetricsRegistry::RenderText() {
  std::vector<std::function<void(MetricsRegistry&)>> hooks;
  {
    std::lock_guard<std::mutex> lock(mu_);
    hooks = hooks_;
  }
  for (auto& hook : hooks) hook(*this);

  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const auto& [name, family] : families_) {
    const char* type = family.kind == Kind::kCounter ? "counter"
                       : family.kind == Kind::kGauge ? "gauge"
                                                     : "histogram";
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, EscapeHelp(family.help), name, type);
    for (const auto& [labels, counter] : family.counters) {
      out += fmt::format("{}{} {}\n", name, labels, FormatValue(counter->value()));
    }
    for (const auto& [labels, gauge] : family.gauges) {
      out += fmt::format("{}{} {}\n", name, labels, FormatValue(gauge->value()));
    }
    for (const auto& [labels, histogram] : family.histograms) {
      std::vector<uint64_t> counts = histogram->BucketCounts();
      uint64_t cumulative = 0;
      for (size_t i = 0; i < counts.size(); ++i) {
        cumulative += counts[i];
        const std::string le =
            i < histogram->upper_bounds().size() ? FormatValue(histogram->upper_bounds()[i]) : "+Inf";
        out += fmt::format("{}_bucket{} {}\n", name, WithLe(labels, le), cumulative);
      }
      out += fmt::format("{}_sum{} {}\n", name, labels, FormatValue(histogram->sum()));
      out += fmt::format("{}_count{} {}\n", name, labels, cumulative);
    }
  }
  return out;
}

void RegisterProcessMetrics(MetricsRegistry& registry) {
  static std::once_flag once;
  std::call_once(once, [&registry]() {
    const double start_time = static_cast<double>(std::time(nullptr));
    registry.GetGauge("process_start_time_seconds",
                      "Start time of the process since unix epoch in seconds.")
        .Set(start_time);
    registry.AddCollectHook([](MetricsRegistry& r) {
      const long page = sysconf(_SC_PAGESIZE);
      const long ticks = sysconf(_SC_CLK_TCK);
      std::ifstream statm("/proc/self/statm");
      uint64_t size_pages = 0, resident_pages = 0;
      if (statm >> size_pages >> resident_pages) {
        r.GetGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.")
            .Set(static_cast<double>(size_pages) * page);
        r.GetGauge("process_resident_memory_bytes", "Resident memory size in bytes.")
            .Set(static_cast<double>(resident_pages) * page);
      }
      std::ifstream stat("/proc/self/stat");
      std::string content((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
      // Fields after the parenthesised command name: state is field 3, utime 14, stime 15,
      // num_threads 20.
      const size_t close = content.rfind(')');
      if (close != std::string::npos) {
        std::istringstream fields(content.substr(close + 2));
        std::vector<std::string> f;
        std::string item;
        while (fields >> item) f.push_back(item);
        if (f.size() > 17) {
          const double cpu = (std::strtod(f[11].c_str(), nullptr) + std::strtod(f[12].c_str(), nullptr)) / static_cast<double>(ticks);
          r.GetGauge("process_cpu_seconds_total", "Total user and system CPU time in seconds.")
              .Set(cpu);
          r.GetGauge("process_threads", "Number of OS threads in the process.").Set(std::strtod(f[17].c_str(), nullptr));
        }
      }
      std::error_code ec;
      double fds = 0;
      for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
           !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++fds;
      }
      r.GetGauge("process_open_fds", "Number of open file descriptors.").Set(fds);
    });
  });
}

}  // namespace greptime
