// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The plain types of the SST API: writer options, what a written file holds (SstInfo) and
// what a scan of one file asks for (SstReadOptions). Format: docs/storage-format-sst.md.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

namespace greptime::storage {

// General-purpose compression applied to every column chunk after its encoding. Persisted
// per chunk: never renumber.
enum class Compression : uint8_t { kNone = 0, kZstd = 1, kLz4 = 2 };

struct SstWriterOptions {
  // Rows per row group (the unit of time-range pruning and of reader memory); >= 1.
  uint32_t row_group_rows = 102400;
  Compression compression = Compression::kZstd;
  int zstd_level = 3;  // 1..22; ignored unless compression == kZstd
};

// Summary of one SST file (returned by SstWriter::Finish, kept by SstReader::info()).
struct SstInfo {
  uint64_t file_size = 0;
  uint64_t num_rows = 0;
  uint32_t num_row_groups = 0;
  // Smallest and largest timestamp (time index unit). An empty file has time_min = INT64_MAX
  // and time_max = INT64_MIN, so every range check prunes it.
  int64_t time_min = std::numeric_limits<int64_t>::max();
  int64_t time_max = std::numeric_limits<int64_t>::min();
  uint64_t max_sequence = 0;
  uint32_t num_series = 0;  // distinct primary keys
};

struct SstReadOptions {
  // Field column ids to return, in this order: Batch::fields follows it. Each must be a field of
  // the reader's current metadata. Empty: no field columns (keys, timestamps, sequences and op
  // types are always returned).
  std::vector<uint32_t> field_ids;
  // Rows with time_start <= ts < time_end (time index unit); unset bounds are open.
  std::optional<int64_t> time_start;
  std::optional<int64_t> time_end;
  // Keeps only series whose encoded primary key passes. Called once per distinct key of the
  // file, from the thread calling Read. Row groups without a passing key are not fetched.
  std::function<bool(std::string_view encoded_pk)> pk_filter;
};

}  // namespace greptime::storage
