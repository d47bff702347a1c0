// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The TSBS-like "cpu" workload shared by storage_bench and storage_size: its schema, a
// deterministic value generator that bench/compare_victoriametrics.py reproduces bit for bit,
// and a scratch region on the local disk to load it into.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/object_store/object_store.h"
#include "storage/region_engine.h"
#include "types/record_batch.h"

namespace greptime::storage::bench {

inline constexpr int kCpuNumTags = 10;
inline constexpr int kCpuNumFields = 10;
extern const char* const kCpuTags[kCpuNumTags];      // "hostname", "region", ...
extern const char* const kCpuFields[kCpuNumFields];  // "usage_user", "usage_system", ...
inline constexpr int64_t kCpuIntervalMs = 10'000;
inline constexpr RegionId kCpuRegion(4096, 0);
inline constexpr std::string_view kCpuRegionDir = "data/greptime/public/4096/4096_0000000000/";

// 10 string tags (the primary key), "ts" in milliseconds, 10 Float64 fields.
RegionMetadataPtr CpuMetadata();

// xorshift64* (S. Vigna, "An experimental exploration of Marsaglia's xorshift generators,
// scrambled", 2016): x ^= x >> 12; x ^= x << 25; x ^= x >> 27; return x * 0x2545F4914F6CDD1D,
// all modulo 2^64. Chosen because it is four lines in any language, so other tools can replay
// the exact stream.
class XorShift64Star {
 public:
  static constexpr uint64_t kDefaultSeed = 0x9E3779B97F4A7C15ull;
  explicit XorShift64Star(uint64_t seed = kDefaultSeed) : state_(seed) {}  // seed != 0

  uint64_t Next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1Dull;
  }
  // Uniform in [-1, 1): (Next() >> 11) * 2^-52 - 1. Every operation is exact in double.
  double NextStep() { return static_cast<double>(Next() >> 11) * 0x1p-52 - 1.0; }

 private:
  uint64_t state_;
};

// The values: one random walk per (series, field), starting at 50.0. Each step draws one
// XorShift64Star::NextStep() per walk from a single stream seeded with kDefaultSeed, in the
// order step, then series, then field, and sets v = clamp(v + step, 0, 100). The emitted value
// is v, or floor(v * 100 + 0.5) / 100 when rounded (the walk itself keeps full precision).
// Rows are at start_ms + step * kCpuIntervalMs. Tags of series s: hostname "host_<s>", region
// "region_<s%5>", datacenter "dc_<s%13>", rack "rack_<s%97>", os s%2 ? "Ubuntu16.04LTS" :
// "Ubuntu15.10", arch s%3 ? "x64" : "x86", team "team_<s%7>", service "service_<s%11>",
// service_version "v<s%3>", service_environment s%2 ? "production" : "staging".
// This file is built with -ffp-contract=off so that no compiler fuses the multiply-adds.
class CpuGenerator {
 public:
  CpuGenerator(int series, bool rounded, int64_t start_ms = 0);

  // Advances every walk by one step. Returns the emitted values, series-major:
  // values[s * kCpuNumFields + f]; valid until the next call.
  const std::vector<double>& NextValues();
  // A batch with one row per series at time start_ms + step * kCpuIntervalMs, holding
  // NextValues(). Call with step = 0, 1, 2, ...
  types::RecordBatch Next(int64_t step);

 private:
  int series_;
  bool rounded_;
  int64_t start_ms_;
  XorShift64Star rng_;
  std::vector<double> walk_;
  std::vector<double> emitted_;
  types::SchemaPtr schema_;
};

// A mito engine (one worker, 256 MiB region write buffer) on a fresh directory
// <tmp>/<name>_<pid> holding the created cpu region. The destructor stops the engine and
// removes the directory. Not thread-safe; one per process at a time per name.
class ScratchRegion {
 public:
  static Result<std::unique_ptr<ScratchRegion>> Create(std::string_view name);
  ~ScratchRegion();

  RegionEngine& engine() { return *engine_; }
  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path store_dir() const { return root_ / "store"; }
  std::filesystem::path wal_dir() const { return root_ / "wal"; }

 private:
  ScratchRegion() = default;

  std::filesystem::path root_;
  std::unique_ptr<ObjectStore> store_;
  std::unique_ptr<RegionEngine> engine_;
};

// Writes `steps` batches of CpuGenerator(series, rounded, start_ms) into the cpu region,
// flushing every 90 steps (15 minutes of data per SST), then flushes and compacts.
Status LoadCpuData(RegionEngine& engine, int series, int steps, bool rounded, int64_t start_ms = 0);

}  // namespace greptime::storage::bench
