// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/read/filter_reader.h"

#include <algorithm>

namespace greptime::storage {

FilterReader::FilterReader(std::unique_ptr<BatchReader> source, BatchFilter filter)
    : source_(std::move(source)), filter_(std::move(filter)) {}

bool FilterReader::KeyPasses(const std::string& pk) {
  if (!filter_.pk_filter) return true;
  if (!has_key_ || key_ != pk) {
    has_key_ = true;
    key_ = pk;
    key_passes_ = filter_.pk_filter(pk);
  }
  return key_passes_;
}

Result<std::optional<Batch>> FilterReader::Next() {
  while (true) {
    GT_ASSIGN_OR_RETURN(std::optional<Batch> batch, source_->Next());
    if (!batch.has_value()) return batch;
    if (batch->empty() || !KeyPasses(batch->primary_key)) continue;
    const std::vector<int64_t>& ts = batch->timestamps;
    size_t lo = filter_.time_start
                    ? std::lower_bound(ts.begin(), ts.end(), *filter_.time_start) - ts.begin()
                    : 0;
    size_t hi = filter_.time_end
                    ? std::lower_bound(ts.begin(), ts.end(), *filter_.time_end) - ts.begin()
                    : ts.size();
    if (lo >= hi) continue;
    if (lo == 0 && hi == ts.size()) return batch;
    return std::optional<Batch>(batch->Slice(lo, hi - lo));
  }
}

}  // namespace greptime::storage
