// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Row-copying operations on Columns and Batches used by the readers: take rows by index and
// concatenate. Slicing (zero-copy) lives on Column and Batch themselves.
#pragma once

#include <cstdint>
#include <span>

#include "common/status.h"
#include "storage/batch.h"
#include "types/column.h"

namespace greptime::storage {

// Rows `rows` of `column` (each < column.size()), in that order, copied into a new column.
// kRuntimeResourcesExhausted when a string column would pass 4 GiB.
Result<types::ColumnPtr> TakeColumn(const types::Column& column, std::span<const uint32_t> rows);

// The rows of `columns` one after another. The columns share one type, except NullColumns,
// which contribute nulls of the others' type (all NullColumns give a NullColumn).
// kInvalidArguments on mixed types. Precondition: !columns.empty().
Result<types::ColumnPtr> ConcatColumns(std::span<const types::ColumnPtr> columns);

// Rows `rows` of `batch` in that order (each < batch.num_rows()).
Result<Batch> TakeBatch(const Batch& batch, std::span<const uint32_t> rows);

// The batches' rows one after another, as one batch. Precondition: !batches.empty(), every
// batch has the same primary key; kInvalidArguments when their field counts or types differ.
Result<Batch> ConcatBatches(std::span<const Batch> batches);

}  // namespace greptime::storage
