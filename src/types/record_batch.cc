// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// RecordBatch validation, row building and slicing.
#include "types/record_batch.h"

#include <memory>

#include "types/column_builder.h"

namespace greptime::types {

Result<RecordBatch> RecordBatch::Make(SchemaPtr schema, std::vector<ColumnPtr> columns) {
  if (schema == nullptr) return Status::InvalidArguments("RecordBatch needs a schema");
  if (columns.size() != schema->num_columns()) {
    return Status::InvalidArguments("RecordBatch has {} columns but its schema has {}",
                                    columns.size(), schema->num_columns());
  }
  size_t rows = columns.empty() ? 0 : (columns[0] ? columns[0]->size() : 0);
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnSchema& cs = schema->column(i);
    const ColumnPtr& c = columns[i];
    if (c == nullptr) return Status::InvalidArguments("column {} ({}) is missing", i, cs.name);
    if (c->size() != rows) {
      return Status::InvalidArguments(
          "column {} ({}) has {} rows but column 0 has {}: all columns must have the same length",
          i, cs.name, c->size(), rows);
    }
    bool null_column_ok = c->type().is_null() && cs.nullable;
    if (c->type() != cs.type && !null_column_ok) {
      return Status::InvalidArguments("column {} ({}) has type {} but the schema says {}", i,
                                      cs.name, c->type().Name(), cs.type.Name());
    }
    if (!cs.nullable && c->null_count() > 0) {
      return Status::InvalidArguments(
          "column {} ({}) is declared NOT NULL but contains {} null values", i, cs.name,
          c->null_count());
    }
  }
  return RecordBatch(std::move(schema), std::move(columns), rows);
}

RecordBatch RecordBatch::MakeEmpty(SchemaPtr schema) {
  GT_CHECK(schema != nullptr);
  std::vector<ColumnPtr> columns;
  for (const ColumnSchema& c : schema->columns()) {
    columns.push_back(MakeColumnBuilder(c.type)->Finish());
  }
  return RecordBatch(std::move(schema), std::move(columns), 0);
}

Result<RecordBatch> RecordBatch::FromRows(SchemaPtr schema,
                                          const std::vector<std::vector<Value>>& rows) {
  if (schema == nullptr) return Status::InvalidArguments("RecordBatch needs a schema");
  std::vector<std::unique_ptr<ColumnBuilder>> builders;
  for (const ColumnSchema& c : schema->columns()) {
    builders.push_back(MakeColumnBuilder(c.type, rows.size()));
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != builders.size()) {
      return Status::InvalidArguments("row {} has {} values but the schema has {} columns", r,
                                      rows[r].size(), builders.size());
    }
    for (size_t c = 0; c < builders.size(); ++c) {
      GT_RETURN_IF_ERROR(builders[c]
                             ->Append(rows[r][c])
                             .WithContext("row {} column {}", r, schema->column(c).name));
    }
  }
  std::vector<ColumnPtr> columns;
  columns.reserve(builders.size());
  for (auto& b : builders) columns.push_back(b->Finish());
  return Make(std::move(schema), std::move(columns));
}

ColumnPtr RecordBatch::ColumnByName(std::string_view name) const {
  if (schema_ == nullptr) return nullptr;
  auto index = schema_->IndexOf(name);
  return index ? columns_[*index] : nullptr;
}

RecordBatch RecordBatch::Slice(size_t offset, size_t length) const {
  GT_CHECK(offset + length <= num_rows_);
  std::vector<ColumnPtr> columns;
  columns.reserve(columns_.size());
  for (const ColumnPtr& c : columns_) columns.push_back(c->Slice(offset, length));
  return RecordBatch(schema_, std::move(columns), length);
}

std::vector<Value> RecordBatch::GetRow(size_t row) const {
  std::vector<Value> values;
  values.reserve(columns_.size());
  for (const ColumnPtr& c : columns_) values.push_back(c->GetValue(row));
  return values;
}

size_t RecordBatch::MemoryBytes() const {
  size_t bytes = 0;
  for (const ColumnPtr& c : columns_) bytes += c->MemoryBytes();
  return bytes;
}

}  // namespace greptime::types
