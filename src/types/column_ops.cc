// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "types/column_ops.h"

#include <vector>

#include "types/column_buffer.h"

namespace greptime::types {

Result<ColumnPtr> TakeColumn(const Column& column, std::span<const uint32_t> rows) {
  std::unique_ptr<ColumnBuffer> buffer = ColumnBuffer::Make(column.type());
  buffer->Reserve(rows.size());
  GT_RETURN_IF_ERROR(buffer->Append(column, rows));
  return buffer->Finish();
}

Result<ColumnPtr> ConcatColumns(std::span<const ColumnPtr> columns) {
  GT_CHECK(!columns.empty());
  if (columns.size() == 1) return columns[0];
  DataType type = DataType::Null();
  size_t rows = 0;
  for (const ColumnPtr& c : columns) {
    rows += c->size();
    if (!c->type().is_null()) type = c->type();
  }
  std::unique_ptr<ColumnBuffer> buffer = ColumnBuffer::Make(type);
  buffer->Reserve(rows);
  for (const ColumnPtr& c : columns) {
    GT_RETURN_IF_ERROR(buffer->AppendRange(*c, 0, c->size()));
  }
  return buffer->Finish();
}

}  // namespace greptime::types
