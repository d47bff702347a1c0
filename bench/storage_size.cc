// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Loads the cpu workload (cpu_workload.h) into a scratch region, flushes and compacts it as
// storage_bench's BM_BytesPerValue does, and prints what is stored as one JSON object on stdout.
// bench/compare_victoriametrics.py runs it; see bench/README.md for the fields.
//   storage_size --series=1000 --steps=360 --rounded=1 [--start_ms=0]
#include <fmt/core.h>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/logging.h"
#include "cpu_workload.h"
#include "storage/region_engine.h"

namespace greptime::storage::bench {
namespace {

struct Options {
  int series = 1000;
  int steps = 360;
  bool rounded = true;
  int64_t start_ms = 0;
};

constexpr const char* kUsage =
    "usage: storage_size [--series=N] [--steps=N] [--rounded=0|1] [--start_ms=MS]\n";

template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

Result<Options> ParseArgs(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    const size_t eq = arg.find('=');
    std::string_view name = arg.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? "" : arg.substr(eq + 1);
    int rounded = 0;
    bool ok = false;
    if (name == "--series") {
      ok = ParseNumber(value, options.series) && options.series > 0;
    } else if (name == "--steps") {
      ok = ParseNumber(value, options.steps) && options.steps > 0;
    } else if (name == "--rounded") {
      ok = ParseNumber(value, rounded) && (rounded == 0 || rounded == 1);
      options.rounded = rounded == 1;
    } else if (name == "--start_ms") {
      ok = ParseNumber(value, options.start_ms) && options.start_ms >= 0 &&
           options.start_ms % kCpuIntervalMs == 0;
    }
    if (!ok) return Status::InvalidArguments("bad argument '{}'", arg);
  }
  return options;
}

// Bytes of the regular files under `dir` (apparent sizes, as the manifest's file sizes).
uint64_t DirBytes(const std::filesystem::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

// FNV-1a over 64-bit words instead of bytes: h = 0xcbf29ce484222325, then for every value in
// generation order (step, series, field): h = (h ^ bits(value)) * 0x100000001b3 mod 2^64.
// Also filled: every value, indexed ((series * steps) + step) * fields + field.
uint64_t GenerateExpected(const Options& o, std::vector<double>& expected) {
  CpuGenerator gen(o.series, o.rounded, o.start_ms);
  expected.assign(static_cast<size_t>(o.series) * o.steps * kCpuNumFields, 0.0);
  uint64_t hash = 0xcbf29ce484222325ull;
  for (int step = 0; step < o.steps; ++step) {
    const std::vector<double>& values = gen.NextValues();
    for (int s = 0; s < o.series; ++s) {
      for (int f = 0; f < kCpuNumFields; ++f) {
        const double v = values[static_cast<size_t>(s) * kCpuNumFields + f];
        uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        hash = (hash ^ bits) * 0x100000001b3ull;
        expected[(static_cast<size_t>(s) * o.steps + step) * kCpuNumFields + f] = v;
      }
    }
  }
  return hash;
}

struct ReadBack {
  uint64_t rows = 0;
  uint64_t mismatches = 0;  // values not bit-identical to what was written, or misplaced rows
};

// Scans the whole region and compares every value with `expected`.
Result<ReadBack> ScanAndCompare(RegionEngine& engine, const Options& o,
                                const std::vector<double>& expected) {
  ScanRequest scan;
  scan.region_id = kCpuRegion;
  GT_ASSIGN_OR_RETURN(ScanResult result, engine.Scan(scan));
  ReadBack out;
  for (const types::RecordBatch& batch : result.batches) {
    types::ColumnPtr host = batch.ColumnByName("hostname");
    types::ColumnPtr ts = batch.ColumnByName("ts");
    std::vector<types::ColumnPtr> fields;
    for (const char* name : kCpuFields) fields.push_back(batch.ColumnByName(name));
    for (size_t row = 0; row < batch.num_rows(); ++row) {
      ++out.rows;
      int s = -1;
      const std::string name = host->GetValue(row).AsBytes();
      const int64_t t = ts->GetValue(row).AsTimestamp().value - o.start_ms;
      const int64_t step = t / kCpuIntervalMs;
      if (name.rfind("host_", 0) != 0 || !ParseNumber(std::string_view(name).substr(5), s) ||
          s < 0 || s >= o.series || t % kCpuIntervalMs != 0 || step < 0 || step >= o.steps) {
        out.mismatches += kCpuNumFields;
        continue;
      }
      for (int f = 0; f < kCpuNumFields; ++f) {
        types::Value v = fields[f]->GetValue(row);
        const double want = expected[(static_cast<size_t>(s) * o.steps + step) * kCpuNumFields + f];
        const double got = v.is_null() ? 0.0 : v.AsFloat64();
        if (v.is_null() || std::memcmp(&want, &got, sizeof want) != 0) ++out.mismatches;
      }
    }
  }
  return out;
}

Status Run(const Options& o) {
  std::vector<double> expected;
  const uint64_t hash = GenerateExpected(o, expected);
  GT_ASSIGN_OR_RETURN(auto region, ScratchRegion::Create("storage_size"));
  GT_RETURN_IF_ERROR(LoadCpuData(region->engine(), o.series, o.steps, o.rounded, o.start_ms));
  GT_ASSIGN_OR_RETURN(RegionStatistics stats, region->engine().GetStatistics(kCpuRegion));
  GT_ASSIGN_OR_RETURN(ReadBack back, ScanAndCompare(region->engine(), o, expected));
  const uint64_t values = static_cast<uint64_t>(o.series) * o.steps * kCpuNumFields;
  fmt::print(
      "{{\"series\":{},\"steps\":{},\"rounded\":{},\"start_ms\":{},\"values\":{},"
      "\"rows\":{},\"sst_files\":{},\"sst_bytes\":{},\"region_dir_bytes\":{},\"wal_bytes\":{},"
      "\"bytes_per_value\":{:.6f},\"generated_fnv1a\":\"{:016x}\",\"read_back_rows\":{},"
      "\"read_back_mismatches\":{}}}\n",
      o.series, o.steps, o.rounded, o.start_ms, values, stats.num_rows, stats.num_files,
      stats.sst_bytes, DirBytes(region->store_dir()), DirBytes(region->wal_dir()),
      static_cast<double>(stats.sst_bytes) / static_cast<double>(values), hash, back.rows,
      back.mismatches);
  return Status::OK();
}

}  // namespace
}  // namespace greptime::storage::bench

int main(int argc, char** argv) {
  namespace bench = greptime::storage::bench;
  auto options = bench::ParseArgs(argc, argv);
  if (!options.ok()) {
    std::fprintf(stderr, "storage_size: %s\n%s", options.status().ToString().c_str(),
                 bench::kUsage);
    return 2;
  }
  greptime::LoggingOptions logging;
  logging.level = "warn";
  (void)greptime::InitLogging(logging);
  greptime::Status st = bench::Run(*options);
  if (!st.ok()) {
    std::fprintf(stderr, "storage_size: %s\n", st.ToString().c_str());
    return 1;
  }
  return 0;
}
