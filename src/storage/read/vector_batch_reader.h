// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// VectorBatchReader: a BatchReader over Batches already in memory (tests, small sources).
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "storage/batch.h"

namespace greptime::storage {

// Yields `batches` in order, skipping empty ones. The caller guarantees the BatchReader order.
class VectorBatchReader final : public BatchReader {
 public:
  explicit VectorBatchReader(std::vector<Batch> batches) : batches_(std::move(batches)) {}

  Result<std::optional<Batch>> Next() override {
    while (next_ < batches_.size()) {
      Batch& b = batches_[next_++];
      if (!b.empty()) return std::optional<Batch>(std::move(b));
    }
    return std::optional<Batch>();
  }

 private:
  std::vector<Batch> batches_;
  size_t next_ = 0;
};

}  // namespace greptime::storage
