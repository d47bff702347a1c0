// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The cpu workload: schema, deterministic generator, scratch region and loader.
#include "cpu_workload.h"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace greptime::storage::bench {

using types::DataType;
using types::SemanticType;
using types::Value;

const char* const kCpuTags[kCpuNumTags] = {
    "hostname", "region",          "datacenter",         "rack", "os", "arch", "team",
    "service",  "service_version", "service_environment"};
const char* const kCpuFields[kCpuNumFields] = {
    "usage_user", "usage_system",  "usage_idle",  "usage_nice",  "usage_iowait",
    "usage_irq",  "usage_softirq", "usage_steal", "usage_guest", "usage_guest_nice"};

RegionMetadataPtr CpuMetadata() {
  std::vector<ColumnMetadata> columns;
  std::vector<uint32_t> pk;
  uint32_t id = 0;
  for (const char* tag : kCpuTags) {
    columns.push_back({{tag, DataType::String(), true, SemanticType::kTag, {}, ""}, id});
    pk.push_back(id++);
  }
  columns.push_back(
      {{"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""}, id++});
  for (const char* field : kCpuFields) {
    columns.push_back({{field, DataType::Float64(), true, SemanticType::kField, {}, ""}, id++});
  }
  return *RegionMetadata::Make(kCpuRegion, columns, pk);
}

CpuGenerator::CpuGenerator(int series, bool rounded, int64_t start_ms)
    : series_(series),
      rounded_(rounded),
      start_ms_(start_ms),
      walk_(static_cast<size_t>(series) * kCpuNumFields, 50.0),
      emitted_(walk_.size()),
      schema_(CpuMetadata()->schema()) {}

const std::vector<double>& CpuGenerator::NextValues() {
  for (size_t i = 0; i < walk_.size(); ++i) {
    double& v = walk_[i];
    v = std::clamp(v + rng_.NextStep(), 0.0, 100.0);
    emitted_[i] = rounded_ ? std::floor(v * 100 + 0.5) / 100 : v;
  }
  return emitted_;
}

types::RecordBatch CpuGenerator::Next(int64_t step) {
  const std::vector<double>& values = NextValues();
  std::vector<std::vector<Value>> rows;
  rows.reserve(series_);
  for (int s = 0; s < series_; ++s) {
    std::vector<Value> row;
    row.reserve(kCpuNumTags + 1 + kCpuNumFields);
    row.push_back(Value::String(fmt::format("host_{}", s)));
    row.push_back(Value::String(fmt::format("region_{}", s % 5)));
    row.push_back(Value::String(fmt::format("dc_{}", s % 13)));
    row.push_back(Value::String(fmt::format("rack_{}", s % 97)));
    row.push_back(Value::String(s % 2 ? "Ubuntu16.04LTS" : "Ubuntu15.10"));
    row.push_back(Value::String(s % 3 ? "x64" : "x86"));
    row.push_back(Value::String(fmt::format("team_{}", s % 7)));
    row.push_back(Value::String(fmt::format("service_{}", s % 11)));
    row.push_back(Value::String(fmt::format("v{}", s % 3)));
    row.push_back(Value::String(s % 2 ? "production" : "staging"));
    row.push_back(Value::Timestamp(start_ms_ + step * kCpuIntervalMs, TimeUnit::kMillisecond));
    for (int f = 0; f < kCpuNumFields; ++f) {
      row.push_back(Value::Float64(values[static_cast<size_t>(s) * kCpuNumFields + f]));
    }
    rows.push_back(std::move(row));
  }
  return *types::RecordBatch::FromRows(schema_, rows);
}

Result<std::unique_ptr<ScratchRegion>> ScratchRegion::Create(std::string_view name) {
  std::unique_ptr<ScratchRegion> region(new ScratchRegion());
  region->root_ = std::filesystem::temp_directory_path() /
                  (std::string(name) + "_" + std::to_string(::getpid()));
  std::error_code ec;
  std::filesystem::remove_all(region->root_, ec);
  if (ec) {
    return Status::StorageUnavailable("remove {}: {}", region->root_.string(), ec.message());
  }
  GT_ASSIGN_OR_RETURN(region->store_, NewFsObjectStore(region->store_dir().string()));
  MitoEngineOptions options;
  options.wal_dir = region->wal_dir().string();
  options.num_workers = 1;
  options.region_write_buffer_size = 256ull << 20;
  GT_ASSIGN_OR_RETURN(region->engine_, NewMitoEngine(options, region->store_.get()));
  GT_RETURN_IF_ERROR(
      region->engine_->Create(CreateRequest{CpuMetadata(), std::string(kCpuRegionDir)}));
  return region;
}

ScratchRegion::~ScratchRegion() {
  if (engine_) engine_->Stop();
  engine_.reset();
  store_.reset();
  std::error_code ec;  // best effort: a leftover directory in /tmp is harmless
  std::filesystem::remove_all(root_, ec);
}

Status LoadCpuData(RegionEngine& engine, int series, int steps, bool rounded, int64_t start_ms) {
  CpuGenerator gen(series, rounded, start_ms);
  for (int step = 0; step < steps; ++step) {
    GT_ASSIGN_OR_RETURN(uint64_t rows,
                        engine.Write(WriteRequest{kCpuRegion, OpType::kPut, gen.Next(step)}));
    (void)rows;
    if (step % 90 == 89) GT_RETURN_IF_ERROR(engine.Flush(FlushRequest{kCpuRegion}));
  }
  GT_RETURN_IF_ERROR(engine.Flush(FlushRequest{kCpuRegion}));
  return engine.Compact(CompactRequest{kCpuRegion});
}

}  // namespace greptime::storage::bench
