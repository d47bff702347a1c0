// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Memtable: a region's in-memory write buffer. Two implementations: the series-oriented
// time-series memtable (non-append regions) and the plain columnar append memtable.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "storage/batch.h"
#include "storage/region_metadata.h"
#include "types/fwd.h"

namespace greptime::storage {

// Rows per Batch a memtable iterator yields at most (a series with more rows is split).
inline constexpr size_t kDefaultMemtableBatchRows = 4096;

struct MemtableReadOptions {
  // Field columns to return, by column id, in Batch::fields order. Empty: no fields.
  std::vector<uint32_t> field_ids;
  // Only rows with time_start <= ts < time_end (each bound optional, in the time index's unit).
  std::optional<int64_t> time_start;
  std::optional<int64_t> time_end;
  // Only series whose encoded primary key passes (all when empty). Called during Iter().
  std::function<bool(std::string_view pk)> pk_filter;
  // Split series into batches of at most this many rows (0 means the default).
  size_t batch_rows = kDefaultMemtableBatchRows;
};

// Thread safety: one writer (the region worker) calls Write and Freeze; any number of threads
// may call Iter and the statistics concurrently with it. An iterator sees exactly the rows of
// the writes that returned before Iter() was called (a write running concurrently is not
// visible, given increasing sequences). Iterators keep the memtable's data alive on their own,
// so they may outlive the Memtable object.
class Memtable {
 public:
  virtual ~Memtable() = default;

  // Adds `rows`, whose columns are the region's columns in RegionMetadata::columns() order
  // (types validated, defaults filled by the caller; a NullColumn stands for all-null). Row i
  // gets sequence first_sequence + i and op type `op`.
  // Errors: kIllegalState after Freeze(); kInvalidArguments when the columns do not match the
  // region (count, types, a null time index); kRuntimeResourcesExhausted when a series' string
  // bytes pass 4 GiB. A failed write may have applied part of its rows.
  virtual Status Write(OpType op, uint64_t first_sequence, const types::RecordBatch& rows) = 0;

  // A reader of the rows visible now, ordered by (primary key, ts asc, sequence desc), one or
  // more Batches per series (duplicates are kept: dedup is the reader's job).
  // kInvalidArguments when a field id is not a field of the region.
  virtual Result<std::unique_ptr<BatchReader>> Iter(const MemtableReadOptions& options) const = 0;

  // Bytes held: keys, values and bookkeeping, by vector capacity.
  virtual size_t memory_bytes() const = 0;
  virtual uint64_t num_rows() const = 0;
  // [min ts, max ts] of the rows, inclusive; nullopt when empty.
  virtual std::optional<std::pair<int64_t, int64_t>> time_range() const = 0;
  // The largest sequence written (0 when empty).
  virtual uint64_t max_sequence() const = 0;
  bool empty() const { return num_rows() == 0; }
  // No more writes (they fail with kIllegalState); reads continue.
  virtual void Freeze() = 0;
  virtual bool frozen() const = 0;
  virtual const RegionMetadataPtr& metadata() const = 0;
};

// The statistics and frozen flag both memtables keep the same way: atomics written by the one
// writer, read by anyone.
class MemtableWithStats : public Memtable {
 public:
  size_t memory_bytes() const override { return memory_bytes_.load(std::memory_order_relaxed); }
  uint64_t num_rows() const override { return num_rows_.load(std::memory_order_acquire); }
  std::optional<std::pair<int64_t, int64_t>> time_range() const override {
    if (num_rows() == 0) return std::nullopt;
    return std::make_pair(min_ts_.load(std::memory_order_relaxed),
                          max_ts_.load(std::memory_order_relaxed));
  }
  uint64_t max_sequence() const override { return max_sequence_.load(std::memory_order_acquire); }
  void Freeze() override { frozen_.store(true, std::memory_order_release); }
  bool frozen() const override { return frozen_.load(std::memory_order_acquire); }

 protected:
  std::atomic<bool> frozen_{false};
  std::atomic<uint64_t> num_rows_{0};
  std::atomic<uint64_t> max_sequence_{0};
  std::atomic<int64_t> min_ts_{std::numeric_limits<int64_t>::max()};
  std::atomic<int64_t> max_ts_{std::numeric_limits<int64_t>::min()};
  std::atomic<size_t> memory_bytes_{0};
};

// Series-oriented memtable: encoded primary key -> per-series columnar buffers.
std::unique_ptr<Memtable> NewTimeSeriesMemtable(RegionMetadataPtr metadata);

// For append-mode regions: one columnar buffer of rows in arrival order.
std::unique_ptr<Memtable> NewAppendMemtable(RegionMetadataPtr metadata);

}  // namespace greptime::storage
