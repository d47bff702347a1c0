// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/batch.h"

namespace greptime::storage {

Batch Batch::Slice(size_t offset, size_t length) const {
  GT_CHECK(offset + length <= num_rows());
  Batch out;
  out.primary_key = primary_key;
  auto begin = static_cast<std::ptrdiff_t>(offset);
  auto end = static_cast<std::ptrdiff_t>(offset + length);
  out.timestamps.assign(timestamps.begin() + begin, timestamps.begin() + end);
  out.sequences.assign(sequences.begin() + begin, sequences.begin() + end);
  out.op_types.assign(op_types.begin() + begin, op_types.begin() + end);
  out.fields.reserve(fields.size());
  for (const types::ColumnPtr& f : fields) out.fields.push_back(f->Slice(offset, length));
  return out;
}

size_t Batch::MemoryBytes() const {
  size_t bytes = primary_key.size() + timestamps.size() * sizeof(int64_t) +
                 sequences.size() * sizeof(uint64_t) + op_types.size() * sizeof(OpType);
  for (const types::ColumnPtr& f : fields) bytes += f->MemoryBytes();
  return bytes;
}

}  // namespace greptime::storage
