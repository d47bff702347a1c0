// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/engine/readers.h"

#include <algorithm>

#include "common/time.h"
#include "storage/read/dedup_reader.h"
#include "storage/read/filter_reader.h"
#include "storage/read/merge_reader.h"

namespace greptime::storage {

std::unique_ptr<BatchReader> BuildDedupedReader(std::vector<std::unique_ptr<BatchReader>> sources,
                                                const RegionMetadata& metadata,
                                                bool filter_deleted) {
  std::unique_ptr<BatchReader> merged = std::make_unique<MergeReader>(std::move(sources));
  if (metadata.options().append_mode) return merged;
  return std::make_unique<DedupReader>(std::move(merged), metadata.options().merge_mode,
                                       filter_deleted);
}

std::unique_ptr<BatchReader> NewTimeFilterReader(std::unique_ptr<BatchReader> input,
                                                 std::optional<int64_t> start,
                                                 std::optional<int64_t> end) {
  if (!start && !end) return input;
  BatchFilter filter;
  filter.time_start = start;
  filter.time_end = end;
  return std::make_unique<FilterReader>(std::move(input), std::move(filter));
}

std::optional<int64_t> TtlCutoff(const RegionMetadata& metadata) {
  if (!metadata.options().ttl || metadata.options().ttl->count() <= 0) return std::nullopt;
  const Timestamp now = Clock::System().Now();  // nanoseconds
  const int64_t cutoff_ns = now.value - metadata.options().ttl->count();
  Timestamp cutoff{cutoff_ns, TimeUnit::kNanosecond};
  auto converted = cutoff.ConvertTo(metadata.time_unit());
  return converted.ok() ? std::optional<int64_t>(converted->value) : std::nullopt;
}

}  // namespace greptime::storage
