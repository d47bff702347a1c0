// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// FilterReader: drops rows of a BatchReader outside a time range or of series a primary-key
// predicate rejects (for sources that cannot prune by themselves).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storage/batch.h"

namespace greptime::storage {

struct BatchFilter {
  std::optional<int64_t> time_start;                   // inclusive
  std::optional<int64_t> time_end;                     // exclusive
  std::function<bool(std::string_view pk)> pk_filter;  // none: every series passes
};

// Keeps rows with time_start <= ts < time_end of series passing pk_filter, as zero-copy slices
// (batches are sorted by ts). The predicate runs once per distinct consecutive key.
class FilterReader final : public BatchReader {
 public:
  FilterReader(std::unique_ptr<BatchReader> source, BatchFilter filter);

  Result<std::optional<Batch>> Next() override;

 private:
  bool KeyPasses(const std::string& pk);

  std::unique_ptr<BatchReader> source_;
  BatchFilter filter_;
  bool has_key_ = false;
  std::string key_;
  bool key_passes_ = true;
};

}  // namespace greptime::storage
