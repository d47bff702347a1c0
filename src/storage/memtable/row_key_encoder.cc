// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/memtable/row_key_encoder.h"

#include "types/column.h"
#include "types/record_batch.h"

namespace greptime::storage {
namespace {

std::vector<types::DataType> KeyTypes(const RegionMetadata& metadata) {
  std::vector<types::DataType> types;
  for (uint32_t id : metadata.primary_key()) {
    types.push_back(metadata.ColumnById(id)->column_schema.type);
  }
  return types;
}

}  // namespace

Status ValidateMemtableRows(const RegionMetadata& metadata, const types::RecordBatch& rows) {
  const std::vector<ColumnMetadata>& columns = metadata.columns();
  if (rows.num_columns() != columns.size()) {
    return Status::InvalidArguments("memtable write of region {}: {} columns, region has {}",
                                    metadata.region_id().ToString(), rows.num_columns(),
                                    columns.size());
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    const types::ColumnSchema& schema = columns[i].column_schema;
    const types::Column& column = *rows.column(i);
    if (column.size() != rows.num_rows()) {
      return Status::InvalidArguments("memtable write: column {} has {} rows, expected {}",
                                      schema.name, column.size(), rows.num_rows());
    }
    bool null_column = column.type().is_null() && schema.nullable;
    if (column.type() != schema.type && !null_column) {
      return Status::InvalidArguments("memtable write: column {} is {}, expected {}", schema.name,
                                      column.type().Name(), schema.type.Name());
    }
    if (schema.is_time_index() && column.null_count() != 0) {
      return Status::InvalidArguments("memtable write: time index {} has nulls", schema.name);
    }
  }
  return Status::OK();
}

RowKeyEncoder::RowKeyEncoder(const RegionMetadata& metadata) : codec_(KeyTypes(metadata)) {
  for (uint32_t id : metadata.primary_key()) tag_indices_.push_back(*metadata.IndexOfId(id));
  values_.resize(tag_indices_.size());
}

void RowKeyEncoder::Reset(const types::RecordBatch& rows) {
  tags_.clear();
  string_tags_.clear();
  for (size_t index : tag_indices_) {
    const types::Column* column = rows.column(index).get();
    tags_.push_back(column);
    string_tags_.push_back(column->As<types::StringColumn>());
  }
  all_strings_ = true;
  for (size_t t = 0; t < tags_.size(); ++t) {
    const types::DataType& type = codec_.types()[t];
    if (string_tags_[t] == nullptr || !type.is_string_like() || string_tags_[t]->type() != type) {
      all_strings_ = false;
    }
  }
}

bool RowKeyEncoder::SameAsPrevious(size_t i) const {
  for (size_t t = 0; t < tags_.size(); ++t) {
    const types::Column& column = *tags_[t];
    bool valid = column.IsValid(i);
    if (valid != column.IsValid(i - 1)) return false;
    if (!valid) continue;
    if (const types::StringColumn* s = string_tags_[t]; s != nullptr) {
      if (s->at(i) != s->at(i - 1)) return false;
    } else if (column.type().is_float()) {
      return false;  // Value equality merges -0.0 with 0.0 and NaNs; the key must not
    } else if (column.GetValue(i) != column.GetValue(i - 1)) {
      return false;
    }
  }
  return true;
}

Result<std::string> RowKeyEncoder::Encode(size_t i) {
  std::string key;
  GT_RETURN_IF_ERROR(EncodeInto(i, &key));
  return key;
}

Status RowKeyEncoder::EncodeInto(size_t i, std::string* key) {
  key->clear();
  if (tags_.empty()) return Status::OK();
  if (all_strings_) {
    // The common layout (tags are strings): no Value round trip.
    for (const types::StringColumn* column : string_tags_) {
      if (column->IsNull(i)) {
        PrimaryKeyCodec::AppendNull(key);
      } else {
        PrimaryKeyCodec::AppendBytes(column->at(i), key);
      }
    }
    return Status::OK();
  }
  for (size_t t = 0; t < tags_.size(); ++t) values_[t] = tags_[t]->GetValue(i);
  return codec_.Encode(values_, key);
}

}  // namespace greptime::storage
