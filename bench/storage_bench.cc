// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Storage engine benchmark on TSBS-like "cpu" data: 10 string tags, 10 float fields, N series,
// one row per series every 10 s. Reports rows/s written (WAL on), values/s of a full scan, the
// latency of a one-series one-hour scan, and stored bytes per value after flush + compaction,
// for values rounded to 2 decimals and at full precision. The data comes from cpu_workload.h
// (deterministic; bench/compare_victoriametrics.py replays it). See bench/README.md.
//   build/release/bench/storage_bench --benchmark_counters_tabular=true
#include "common/malloc_tuning.h"
#include <benchmark/benchmark.h>

#include <memory>

#include "common/logging.h"
#include "cpu_workload.h"
#include "storage/region_engine.h"

namespace greptime::storage {
namespace {

using bench::CpuGenerator;
using bench::LoadCpuData;
using bench::ScratchRegion;
using types::Value;

constexpr int64_t kIntervalMs = bench::kCpuIntervalMs;
constexpr RegionId kRegion = bench::kCpuRegion;

// Setup helpers: on failure they skip the benchmark with the error and return null / false.
std::unique_ptr<ScratchRegion> NewRegion(benchmark::State& state) {
  auto region = ScratchRegion::Create("storage_bench");
  if (!region.ok()) {
    state.SkipWithError(region.status().ToString().c_str());
    return nullptr;
  }
  return std::move(region).value();
}

bool Load(benchmark::State& state, ScratchRegion& fx, int series, int steps, bool rounded) {
  Status st = LoadCpuData(fx.engine(), series, steps, rounded);
  if (!st.ok()) state.SkipWithError(st.ToString().c_str());
  return st.ok();
}

void BM_Write(benchmark::State& state) {
  const int series = static_cast<int>(state.range(0));
  CpuGenerator gen(series, true);
  std::vector<types::RecordBatch> batches;
  for (int i = 0; i < 50; ++i) batches.push_back(gen.Next(i));
  auto fx = NewRegion(state);
  if (!fx) return;
  int64_t rows = 0;
  size_t i = 0;
  for (auto _ : state) {
    auto r = fx->engine().Write(WriteRequest{kRegion, OpType::kPut, batches[i++ % batches.size()]});
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    rows += series;
  }
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Write)->Arg(100)->Arg(1000)->Arg(4000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FullScan(benchmark::State& state) {
  const int series = static_cast<int>(state.range(0));
  const int steps = 360;  // one hour
  auto fx = NewRegion(state);
  if (!fx || !Load(state, *fx, series, steps, true)) return;
  int64_t values = 0;
  for (auto _ : state) {
    ScanRequest scan;
    scan.region_id = kRegion;
    auto r = fx->engine().Scan(scan);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    for (const auto& b : r->batches) values += static_cast<int64_t>(b.num_rows()) * 10;
  }
  state.counters["values/s"] = benchmark::Counter(static_cast<double>(values), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FullScan)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_OneSeriesOneHour(benchmark::State& state) {
  const int series = static_cast<int>(state.range(0));
  auto fx = NewRegion(state);
  if (!fx || !Load(state, *fx, series, 720, true)) return;  // two hours
  for (auto _ : state) {
    ScanRequest scan;
    scan.region_id = kRegion;
    scan.time_start = 360 * kIntervalMs;
    scan.time_end = 720 * kIntervalMs;
    scan.tag_predicates.push_back(
        TagPredicate{"hostname", {Value::String("host_7")}});
    auto r = fx->engine().Scan(scan);
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
    auto fx = NewRegion(state);
    if (!fx || !Load(state, *fx, series, 360, rounded)) return;
    auto stats = fx->engine().GetStatistics(kRegion);
    bytes_per_value = static_cast<double>(stats->sst_bytes) / (static_cast<double>(stats->num_rows) * 10);
  }
  state.counters["bytes/value"] = bytes_per_value;
  state.SetLabel(rounded ? "rounded to 2 decimals" : "full precision");
}
BENCHMARK(BM_BytesPerValue)->Args({1000, 1})->Args({1000, 0})->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace greptime::storage

int main(int argc, char** argv) {
  greptime::TuneMallocForServer();  // as the server does
  greptime::LoggingOptions logging;
  logging.level = "warn";
  (void)greptime::InitLogging(logging);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
