// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/read/column_ops.h"

#include <vector>

#include "storage/read/column_buffer.h"

namespace greptime::storage {

Result<Batch> TakeBatch(const Batch& batch, std::span<const uint32_t> rows) {
  Batch out;
  out.primary_key = batch.primary_key;
  out.timestamps.reserve(rows.size());
  out.sequences.reserve(rows.size());
  out.op_types.reserve(rows.size());
  for (uint32_t r : rows) {
    out.timestamps.push_back(batch.timestamps[r]);
    out.sequences.push_back(batch.sequences[r]);
    out.op_types.push_back(batch.op_types[r]);
  }
  out.fields.reserve(batch.fields.size());
  for (const types::ColumnPtr& f : batch.fields) {
    GT_ASSIGN_OR_RETURN(types::ColumnPtr taken, TakeColumn(*f, rows));
    out.fields.push_back(std::move(taken));
  }
  return out;
}

Result<Batch> ConcatBatches(std::span<const Batch> batches) {
  GT_CHECK(!batches.empty());
  if (batches.size() == 1) return batches[0];
  Batch out;
  out.primary_key = batches[0].primary_key;
  size_t rows = 0;
  for (const Batch& b : batches) {
    GT_CHECK(b.primary_key == out.primary_key);
    if (b.fields.size() != batches[0].fields.size()) {
      return Status::InvalidArguments("concat batches with {} and {} fields",
                                      batches[0].fields.size(), b.fields.size());
    }
    rows += b.num_rows();
  }
  out.timestamps.reserve(rows);
  out.sequences.reserve(rows);
  out.op_types.reserve(rows);
  for (const Batch& b : batches) {
    out.timestamps.insert(out.timestamps.end(), b.timestamps.begin(), b.timestamps.end());
    out.sequences.insert(out.sequences.end(), b.sequences.begin(), b.sequences.end());
    out.op_types.insert(out.op_types.end(), b.op_types.begin(), b.op_types.end());
  }
  std::vector<types::ColumnPtr> parts(batches.size());
  for (size_t f = 0; f < batches[0].fields.size(); ++f) {
    for (size_t i = 0; i < batches.size(); ++i) parts[i] = batches[i].fields[f];
    GT_ASSIGN_OR_RETURN(types::ColumnPtr column, ConcatColumns(parts));
    out.fields.push_back(std::move(column));
  }
  return out;
}

}  // namespace greptime::storage
