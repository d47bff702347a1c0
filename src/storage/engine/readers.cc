// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/engine/readers.h"

#include <algorithm>

#include "common/time.h"
#include "storage/read/dedup_reader.h"
#include "storage/read/merge_reader.h"

namespace greptime::storage {
namespace {

class TimeFilterReader final : public BatchReader {
 public:
  TimeFilterReader(std::unique_ptr<BatchReader> input, std::optional<int64_t> start,
                   std::optional<int64_t> end)
      : input_(std::move(input)), start_(start), end_(end) {}

  Result<std::optional<Batch>> Next() override {
    while (true) {
      GT_ASSIGN_OR_RETURN(std::optional<Batch> batch, input_->Next());
      if (!batch) return batch;
      // Rows of a batch are sorted by timestamp: the kept rows are one contiguous range.
      const auto& ts = batch->timestamps;
      size_t lo = 0, hi = ts.size();
      if (start_) lo = std::lower_bound(ts.begin(), ts.end(), *start_) - ts.begin();
      if (end_) hi = std::lower_bound(ts.begin(), ts.end(), *end_) - ts.begin();
      if (lo >= hi) continue;
      if (lo == 0 && hi == ts.size()) return batch;
      return std::optional<Batch>(batch->Slice(lo, hi - lo));
    }
  }

 private:
  std::unique_ptr<BatchReader> input_;
  std::optional<int64_t> start_;
  std::optional<int64_t> end_;
};

}  // namespace

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
  return std::make_unique<TimeFilterReader>(std::move(input), start, end);
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
