// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// RecordBatch: a shared schema plus one column per schema column, all of the same length; the
// unit that scans, operators and protocol encoders pass around.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "types/column.h"
#include "types/schema.h"
#include "types/value.h"

namespace greptime::types {

// Immutable and cheap to copy (shared schema and columns); safe to read from many threads.
class RecordBatch {
 public:
  // No schema, no columns, no rows.
  RecordBatch() = default;

  // kInvalidArguments when the column count differs from the schema, a column is null, lengths
  // differ, a column's type is not its schema type (a NullColumn is accepted for any nullable
  // column), or a NOT NULL column holds nulls.
  static Result<RecordBatch> Make(SchemaPtr schema, std::vector<ColumnPtr> columns);
  // Zero rows of `schema`.
  static RecordBatch MakeEmpty(SchemaPtr schema);
  // Builds the columns from rows of values (each row as many values as columns; each value NULL
  // or of its column's type). Errors as Make and ColumnBuilder::Append, with the row number.
  static Result<RecordBatch> FromRows(SchemaPtr schema,
                                      const std::vector<std::vector<Value>>& rows);

  const SchemaPtr& schema() const { return schema_; }
  size_t num_rows() const { return num_rows_; }
  size_t num_columns() const { return columns_.size(); }
  const ColumnPtr& column(size_t i) const { return columns_[i]; }
  const std::vector<ColumnPtr>& columns() const { return columns_; }
  // nullptr when the schema has no column of that name (first match, case-sensitive).
  ColumnPtr ColumnByName(std::string_view name) const;

  // Rows [offset, offset + length), sharing buffers. Precondition: offset + length <= num_rows().
  RecordBatch Slice(size_t offset, size_t length) const;
  // Precondition: row < num_rows(), col < num_columns().
  Value GetValue(size_t row, size_t col) const { return columns_[col]->GetValue(row); }
  std::vector<Value> GetRow(size_t row) const;
  size_t MemoryBytes() const;

 private:
  RecordBatch(SchemaPtr schema, std::vector<ColumnPtr> columns, size_t num_rows)
      : schema_(std::move(schema)), columns_(std::move(columns)), num_rows_(num_rows) {}

  SchemaPtr schema_;
  std::vector<ColumnPtr> columns_;
  size_t num_rows_ = 0;
};

}  // namespace greptime::types
