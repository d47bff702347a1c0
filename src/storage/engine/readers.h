// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Reader pipelines the engine builds from sources: merge (+ dedup unless append mode), and row
// filters for TTL and time ranges.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "storage/batch.h"
#include "storage/region_metadata.h"

namespace greptime::storage {

// Merges `sources` by (pk, ts, seq desc); deduplicates per the region's merge mode unless it is
// append-only. `filter_deleted` drops winning deletes (scans, bottom compactions).
std::unique_ptr<BatchReader> BuildDedupedReader(std::vector<std::unique_ptr<BatchReader>> sources,
                                                const RegionMetadata& metadata,
                                                bool filter_deleted);

// Keeps rows with start <= ts < end (either bound optional).
std::unique_ptr<BatchReader> NewTimeFilterReader(std::unique_ptr<BatchReader> input,
                                                 std::optional<int64_t> start,
                                                 std::optional<int64_t> end);

// The inclusive lower bound of live timestamps under the region's TTL at `now`, in the time
// index unit; nullopt without TTL.
std::optional<int64_t> TtlCutoff(const RegionMetadata& metadata);

}  // namespace greptime::storage
