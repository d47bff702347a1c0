// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Batch: the engine's internal unit of rows for ONE series (one primary key), sorted by
// (timestamp asc, sequence desc). Memtable iterators, SST readers, the merge reader and the
// dedup step all produce and consume Batches; a scan converts them to RecordBatches at the end.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "types/column.h"

namespace greptime::storage {

enum class OpType : uint8_t { kDelete = 0, kPut = 1 };

struct Batch {
  // The memcomparable-encoded primary key (pk_codec.h); empty for tables without tags.
  std::string primary_key;
  std::vector<int64_t> timestamps;  // in the time index's unit
  std::vector<uint64_t> sequences;
  std::vector<OpType> op_types;
  // One column per requested field, in the order of the reader's field projection (column ids).
  // A field the source does not have (added by a later ALTER) is a column of nulls/defaults.
  std::vector<types::ColumnPtr> fields;

  size_t num_rows() const { return timestamps.size(); }
  bool empty() const { return timestamps.empty(); }
  // Rows [offset, offset + length), sharing field buffers.
  Batch Slice(size_t offset, size_t length) const;
  // Bytes of timestamps, sequences, op types, fields and key.
  size_t MemoryBytes() const;
};

// A pull-based stream of Batches ordered by (primary key asc, timestamp asc, sequence desc)
// across batches: every reader in the engine implements it.
class BatchReader {
 public:
  virtual ~BatchReader() = default;
  // The next non-empty batch, or an empty optional at the end. Errors name the source (file,
  // region).
  virtual Result<std::optional<Batch>> Next() = 0;
};

}  // namespace greptime::storage
