// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/read/batch_to_record_batch.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "storage/read/column_ops.h"
#include "types/column_builder.h"

namespace greptime::storage {

Result<BatchToRecordBatch> BatchToRecordBatch::Make(RegionMetadataPtr metadata,
                                                    std::vector<uint32_t> projection) {
  std::vector<types::DataType> key_types;
  for (uint32_t id : metadata->primary_key()) {
    key_types.push_back(metadata->ColumnById(id)->column_schema.type);
  }
  BatchToRecordBatch converter(metadata, std::move(key_types));
  const std::vector<uint32_t>& key = metadata->primary_key();
  std::vector<types::ColumnSchema> columns;
  for (uint32_t id : projection) {
    const ColumnMetadata* column = metadata->ColumnById(id);
    if (column == nullptr) {
      return Status::InvalidArguments("projection: column id {} is not in region {}", id,
                                      metadata->region_id().ToString());
    }
    const types::ColumnSchema& schema = column->column_schema;
    columns.push_back(schema);
    if (id == metadata->time_index_id()) {
      converter.outputs_.push_back({Source::kTimeIndex, 0, schema.type});
    } else if (auto it = std::find(key.begin(), key.end(), id); it != key.end()) {
      converter.outputs_.push_back(
          {Source::kTag, static_cast<size_t>(it - key.begin()), schema.type});
      converter.decode_keys_ = true;
    } else {
      std::vector<uint32_t>& fields = converter.field_ids_;
      auto pos = std::find(fields.begin(), fields.end(), id);
      if (pos == fields.end()) {
        fields.push_back(id);
        pos = fields.end() - 1;
      }
      converter.outputs_.push_back(
          {Source::kField, static_cast<size_t>(pos - fields.begin()), schema.type});
    }
  }
  converter.schema_ = std::make_shared<const types::Schema>(std::move(columns));
  return converter;
}

// A string tag column built in one pass: each batch's key value repeated for its rows (no
// per-batch constant columns to concatenate afterwards).
Result<types::ColumnPtr> BatchToRecordBatch::RepeatStrings(
    std::span<const Batch> batches, const std::vector<std::vector<types::Value>>& keys,
    const Output& out, size_t rows) const {
  size_t bytes = 0;
  size_t nulls = 0;
  for (size_t i = 0; i < batches.size(); ++i) {
    const types::Value& value = keys[i][out.index];
    if (value.is_null()) {
      nulls += batches[i].num_rows();
      continue;
    }
    if (value.type() != out.type) {
      return Status::StorageUnavailable("corrupt primary key: a {} value for a {} tag",
                                        value.type().Name(), out.type.Name());
    }
    bytes += value.AsBytes().size() * batches[i].num_rows();
  }
  if (bytes > std::numeric_limits<uint32_t>::max()) {
    return Status::RuntimeResourcesExhausted("a tag column of {} bytes in one batch", bytes);
  }
  auto data = std::make_shared<std::string>();
  data->resize(bytes);
  auto offsets = std::make_shared<std::vector<uint32_t>>(rows + 1);
  std::shared_ptr<std::vector<uint8_t>> bits;
  if (nulls != 0) bits = std::make_shared<std::vector<uint8_t>>((rows + 7) / 8, 0);
  char* dst = data->data();
  uint32_t* offset = offsets->data();
  uint32_t pos = 0;
  size_t row = 0;
  *offset++ = 0;
  for (size_t i = 0; i < batches.size(); ++i) {
    const types::Value& value = keys[i][out.index];
    size_t n = batches[i].num_rows();
    if (value.is_null()) {
      for (size_t k = 0; k < n; ++k) *offset++ = pos;
      row += n;
      continue;
    }
    std::string_view v = value.AsBytes();
    for (size_t k = 0; k < n; ++k) {
      std::memcpy(dst + pos, v.data(), v.size());
      pos += static_cast<uint32_t>(v.size());
      *offset++ = pos;
      if (bits) (*bits)[(row + k) >> 3] |= static_cast<uint8_t>(1u << ((row + k) & 7));
    }
    row += n;
  }
  types::Validity validity = bits ? types::Validity::FromBitmap(std::move(bits), 0, rows)
                                  : types::Validity::AllValid(rows);
  return types::ColumnPtr(std::make_shared<const types::StringColumn>(
      out.type, std::move(offsets), std::move(data), 0, std::move(validity)));
}

Result<types::RecordBatch> BatchToRecordBatch::Convert(std::span<const Batch> batches) const {
  if (batches.empty()) return types::RecordBatch::MakeEmpty(schema_);
  size_t rows = 0;
  for (const Batch& b : batches) {
    if (b.fields.size() != field_ids_.size()) {
      return Status::InvalidArguments("batch has {} fields, the projection reads {}",
                                      b.fields.size(), field_ids_.size());
    }
    rows += b.num_rows();
  }
  // Decoded keys, one per batch (consecutive batches of one series decode once).
  std::vector<std::vector<types::Value>> keys;
  if (decode_keys_) {
    keys.reserve(batches.size());
    for (size_t i = 0; i < batches.size(); ++i) {
      if (i > 0 && batches[i].primary_key == batches[i - 1].primary_key) {
        keys.push_back(keys.back());
        continue;
      }
      GT_ASSIGN_OR_RETURN(std::vector<types::Value> values, codec_.Decode(batches[i].primary_key));
      if (values.size() != codec_.types().size()) {
        return Status::StorageUnavailable("corrupt primary key: {} values, expected {}",
                                          values.size(), codec_.types().size());
      }
      keys.push_back(std::move(values));
    }
  }

  std::vector<types::ColumnPtr> columns;
  std::vector<types::ColumnPtr> parts(batches.size());
  for (const Output& out : outputs_) {
    switch (out.source) {
      case Source::kTimeIndex: {
        std::vector<int64_t> ts;
        ts.reserve(rows);
        for (const Batch& b : batches)
          ts.insert(ts.end(), b.timestamps.begin(), b.timestamps.end());
        columns.push_back(types::TimestampColumn::Make(out.type, std::move(ts)));
        break;
      }
      case Source::kTag:
        if (out.type.is_string_like()) {
          GT_ASSIGN_OR_RETURN(types::ColumnPtr column, RepeatStrings(batches, keys, out, rows));
          columns.push_back(std::move(column));
          break;
        }
        for (size_t i = 0; i < batches.size(); ++i) {
          const types::Value& value = keys[i][out.index];
          if (!value.is_null() && value.type() != out.type) {
            return Status::StorageUnavailable("corrupt primary key: a {} value for a {} tag",
                                              value.type().Name(), out.type.Name());
          }
          parts[i] = types::MakeConstantColumn(out.type, value, batches[i].num_rows());
        }
        {
          GT_ASSIGN_OR_RETURN(types::ColumnPtr column, ConcatColumns(parts));
          columns.push_back(std::move(column));
        }
        break;
      case Source::kField:
        for (size_t i = 0; i < batches.size(); ++i) parts[i] = batches[i].fields[out.index];
        {
          GT_ASSIGN_OR_RETURN(types::ColumnPtr column, ConcatColumns(parts));
          columns.push_back(std::move(column));
        }
        break;
    }
  }
  return types::RecordBatch::Make(schema_, std::move(columns));
}

Result<std::optional<types::RecordBatch>> BatchToRecordBatch::ReadNext(BatchReader& reader,
                                                                       size_t target_rows) const {
  std::vector<Batch> batches;
  size_t rows = 0;
  while (rows < std::max<size_t>(target_rows, 1)) {
    GT_ASSIGN_OR_RETURN(std::optional<Batch> batch, reader.Next());
    if (!batch.has_value()) break;
    rows += batch->num_rows();
    batches.push_back(std::move(*batch));
  }
  if (batches.empty()) return std::optional<types::RecordBatch>();
  GT_ASSIGN_OR_RETURN(types::RecordBatch out, Convert(batches));
  return std::optional<types::RecordBatch>(std::move(out));
}

}  // namespace greptime::storage
