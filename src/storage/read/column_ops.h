// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Row-copying operations on Columns and Batches used by the readers: take rows by index and
// concatenate. Slicing (zero-copy) lives on Column and Batch themselves.
#pragma once

#include <cstdint>
#include <span>

#include "common/status.h"
#include "storage/batch.h"
#include "types/column.h"
#include "types/column_ops.h"

namespace greptime::storage {

using types::ConcatColumns;
using types::TakeColumn;

// Rows `rows` of `batch` in that order (each < batch.num_rows()).
Result<Batch> TakeBatch(const Batch& batch, std::span<const uint32_t> rows);

// The batches' rows one after another, as one batch. Precondition: !batches.empty(), every
// batch has the same primary key; kInvalidArguments when their field counts or types differ.
Result<Batch> ConcatBatches(std::span<const Batch> batches);

}  // namespace greptime::storage
