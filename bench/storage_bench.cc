// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Storage engine benchmark on TSBS-like "cpu" data: 10 string tags, 10 float fields, N series,
// one row per series every 10 s. Reports rows/s written (WAL on), values/s of a full scan, the
// latency of a one-series one-hour scan, and stored bytes per value after flush + compaction,
// for values rounded to 2 decimals and at full precision.
//   build/release/bench/storage_bench --benchmark_counters_tabular=true
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <random>

#include <benchmark/benchmark.h>

#include "common/logging.h"
#include "storage/object_store/object_store.h"
#include "storage/region_engine.h"

namespace greptime::storage {
namespace {

using types::DataType;
using types::SemanticType;
using types::Value;

const char* kTags[] = {"hostname", "region", "datacenter", "rack", "os", "arch",
                       "team", "service", "service_version", "service_environment"};
const char* kFields[] = {"usage_user", "usage_system", "usage_idle", "usage_nice",
                         "usage_iowait", "usage_irq", "usage_softirq", "usage_steal",
                         "usage_guest", "usage_guest_nice"};
constexpr int64_t kIntervalMs = 10'000;
const RegionId kRegion(4096, 0);
const std::string kDir = "data/greptime/public/4096/4096_0000000000/";

RegionMetadataPtr CpuMetadata() {
  std::vector<ColumnMetadata> columns;
  std::vector<uint32_t> pk;
  uint32_t id = 0;
  for (const char* tag : kTags) {
    columns.push_back({{tag, DataType::String(), true, SemanticType::kTag, {}, ""}, id});
    pk.push_back(id++);
  }
  columns.push_back({{"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""}, id++});
  for (const char* field : kFields) {
    columns.push_back({{field, DataType::Float64(), true, SemanticType::kField, {}, ""}, id++});
  }
  return *RegionMetadata::Make(kRegion, columns, pk);
}

// One RecordBatch per timestamp with one row per series; values follow a random walk.
class CpuGenerator {
 public:
  CpuGenerator(int series, bool rounded) : series_(series), rounded_(rounded), values_(series * 10, 50.0) {}

  types::RecordBatch Next(int64_t step) {
    std::vector<std::vector<Value>> rows;
    rows.reserve(series_);
    for (int s = 0; s < series_; ++s) {
      std::vector<Value> row;
      row.push_back(Value::String("host_" + std::to_string(s)));
      row.push_back(Value::String("region_" + std::to_string(s % 5)));
      row.push_back(Value::String("dc_" + std::to_string(s % 13)));
      row.push_back(Value::String("rack_" + std::to_string(s % 97)));
      row.push_back(Value::String(s % 2 ? "Ubuntu16.04LTS" : "Ubuntu15.10"));
      row.push_back(Value::String(s % 3 ? "x64" : "x86"));
      row.push_back(Value::String("team_" + std::to_string(s % 7)));
      row.push_back(Value::String("service_" + std::to_string(s % 11)));
      row.push_back(Value::String("v" + std::to_string(s % 3)));
      row.push_back(Value::String(s % 2 ? "production" : "staging"));
      row.push_back(Value::Timestamp(step * kIntervalMs, TimeUnit::kMillisecond));
      for (int f = 0; f < 10; ++f) {
        double& v = values_[s * 10 + f];
        v = std::clamp(v + dist_(rng_), 0.0, 100.0);
        row.push_back(Value::Float64(rounded_ ? std::round(v * 100) / 100 : v));
      }
      rows.push_back(std::move(row));
    }
    return *types::RecordBatch::FromRows(CpuMetadata()->schema(), rows);
  }

 private:
  int series_;
  bool rounded_;
  std::vector<double> values_;
  std::mt19937_64 rng_{42};
  std::normal_distribution<double> dist_{0.0, 1.0};
};

struct Fixture {
  std::filesystem::path root;
  std::unique_ptr<ObjectStore> store;
  std::unique_ptr<RegionEngine> engine;

  Fixture() {
    root = std::filesystem::temp_directory_path() / ("storage_bench_" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    store = *NewFsObjectStore((root / "store").string());
    MitoEngineOptions options;
    options.wal_dir = (root / "wal").string();
    options.num_workers = 1;
    options.region_write_buffer_size = 256ull << 20;
    engine = *NewMitoEngine(options, store.get());
    (void)engine->Create(CreateRequest{CpuMetadata(), kDir});
  }
  ~Fixture() {
    engine->Stop();
    engine.reset();
    std::filesystem::remove_all(root);
  }
};

void BM_Write(benchmark::State& state) {
  const int series = static_cast<int>(state.range(0));
  CpuGenerator gen(series, true);
  std::vector<types::RecordBatch> batches;
  for (int i = 0; i < 50; ++i) batches.push_back(gen.Next(i));
  Fixture fx;
  int64_t rows = 0;
  size_t i = 0;
  for (auto _ : state) {
    auto r = fx.engine->Write(WriteRequest{kRegion, OpType::kPut, batches[i++ % batches.size()]});
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    rows += series;
  }
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Write)->Arg(100)->Arg(1000)->Arg(4000)->Unit(benchmark::kMillisecond)->UseRealTime();

void Load(Fixture& fx, int series, int steps, bool rounded) {
  CpuGenerator gen(series, rounded);
  for (int step = 0; step < steps; ++step) {
    (void)fx.engine->Write(WriteRequest{kRegion, OpType::kPut, gen.Next(step)});
    if (step % 90 == 89) (void)fx.engine->Flush(FlushRequest{kRegion});
  }
  (void)fx.engine->Flush(FlushRequest{kRegion});
  (void)fx.engine->Compact(CompactRequest{kRegion});
}

void BM_FullScan(benchmark::State& state) {
  const int series = static_cast<int>(state.range(0));
  const int steps = 360;  // one hour
  Fixture fx;
  Load(fx, series, steps, true);
  int64_t values = 0;
  for (auto _ : state) {
    ScanRequest scan;
    scan.region_id = kRegion;
    auto r = fx.engine->Scan(scan);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    for (const auto& b : r->batches) values += static_cast<int64_t>(b.num_rows()) * 10;
  }
  state.counters["values/s"] = benchmark::Counter(static_cast<double>(values), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FullScan)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_OneSeriesOneHour(benchmark::State& state) {
  const int series = static_cast<int>(state.range(0));
  Fixture fx;
  Load(fx, series, 720, true);  // two hours
  for (auto _ : state) {
    ScanRequest scan;
    scan.region_id = kRegion;
    scan.time_start = 360 * kIntervalMs;
    scan.time_end = 720 * kIntervalMs;
    scan.tag_predicates.push_back(
        TagPredicate{"hostname", [](const Value& v) { return v.ToString() == "host_7"; }});
    auto r = fx.engine->Scan(scan);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    size_t rows = 0;
    for (const auto& b : r->batches) rows += b.num_rows();
    if (rows != 360) state.SkipWithError("wrong row count");
  }
}
BENCHMARK(BM_OneSeriesOneHour)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_BytesPerValue(benchmark::State& state) {
  const int series = static_cast<int>(state.range(0));
  const bool rounded = state.range(1) != 0;
  double bytes_per_value = 0;
  for (auto _ : state) {
    Fixture fx;
    Load(fx, series, 360, rounded);
    auto stats = fx.engine->GetStatistics(kRegion);
    bytes_per_value = static_cast<double>(stats->sst_bytes) / (static_cast<double>(stats->num_rows) * 10);
  }
  state.counters["bytes/value"] = bytes_per_value;
  state.SetLabel(rounded ? "rounded to 2 decimals" : "full precision");
}
BENCHMARK(BM_BytesPerValue)->Args({1000, 1})->Args({1000, 0})->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace greptime::storage

int main(int argc, char** argv) {
  greptime::LoggingOptions logging;
  logging.level = "warn";
  (void)greptime::InitLogging(logging);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
