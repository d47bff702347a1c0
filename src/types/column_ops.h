// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Row-copying operations on Columns: take rows by index, concatenate. Slicing (zero-copy) lives
// on Column itself.
#pragma once

#include <cstdint>
#include <span>

#include "common/status.h"
#include "types/column.h"

namespace greptime::types {

// Rows `rows` of `column` (each < column.size()), in that order, copied into a new column.
// kRuntimeResourcesExhausted when a string column would pass 4 GiB.
Result<ColumnPtr> TakeColumn(const Column& column, std::span<const uint32_t> rows);

// The rows of `columns` one after another. The columns share one type, except NullColumns,
// which contribute nulls of the others' type (all NullColumns give a NullColumn).
// kInvalidArguments on mixed types. Precondition: !columns.empty().
Result<ColumnPtr> ConcatColumns(std::span<const ColumnPtr> columns);

}  // namespace greptime::types
