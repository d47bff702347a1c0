// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Prometheus remote write v1 (spec/ingestion.md §3.1-§3.2): the protobuf WriteRequest decoded by
// hand (only the fields we use; unknown fields are skipped by wire type), snappy/zstd bodies,
// and the mapping of series to rows (one table per metric name).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "frontend/frontend.h"

namespace greptime::servers::prometheus {

struct Sample {
  double value = 0;
  int64_t timestamp_ms = 0;
};

struct TimeSeries {
  std::vector<std::pair<std::string, std::string>> labels;
  std::vector<Sample> samples;
  bool has_histograms = false;
};

// Decodes prometheus.WriteRequest. kInvalidArguments on malformed protobuf.
Result<std::vector<TimeSeries>> DecodeWriteRequest(std::string_view bytes);

// Decompresses a body announced as `encoding` ("snappy" or "zstd"); when that fails, the other
// codec is tried. `limit` bounds the output size.
Result<std::string> DecompressBody(std::string_view body, std::string_view encoding, size_t limit);

// Series to inserts: table = __name__, other labels = TAG columns (sorted by name),
// greptime_timestamp (TimestampMillisecond) and greptime_value (Float64). Series carrying
// x_greptime_database / __database__ / __schema__ go to that database: the result is grouped by
// database (first = database name, empty for the request's). Errors: invalid label names,
// missing __name__, native histograms. `physical_table` non-empty: the tables are metric-engine
// logical tables on that physical table, or on the one a series names with
// x_greptime_physical_table / __physical_table__ (spec/ingestion.md §3.3); empty: mito tables.
Result<std::vector<std::pair<std::string, std::vector<frontend::RowInsertRequest>>>>
SeriesToInserts(const std::vector<TimeSeries>& series, std::string_view physical_table = {});

}  // namespace greptime::servers::prometheus
