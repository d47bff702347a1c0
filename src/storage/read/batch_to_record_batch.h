// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// BatchToRecordBatch: turns the engine's per-series Batches into types::RecordBatch output with
// the columns a scan asked for: tags decoded from the primary key, the time index, fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/status.h"
#include "storage/batch.h"
#include "storage/pk_codec.h"
#include "storage/region_metadata.h"
#include "types/record_batch.h"

namespace greptime::storage {

// Immutable after Make; safe to share between threads.
class BatchToRecordBatch {
 public:
  // `projection`: column ids of `metadata` in output order (a column may repeat).
  // kInvalidArguments when an id is not a column of the region.
  static Result<BatchToRecordBatch> Make(RegionMetadataPtr metadata,
                                         std::vector<uint32_t> projection);

  // The output schema: the projected columns' schemas, in projection order.
  const types::SchemaPtr& schema() const { return schema_; }
  // The field column ids input batches must carry, in Batch::fields order (pass them as
  // MemtableReadOptions::field_ids or to the SST reader). Each projected field once.
  const std::vector<uint32_t>& field_ids() const { return field_ids_; }

  // One RecordBatch of the batches' rows in order (zero rows for no batches).
  // Errors: kInvalidArguments when a batch carries another number of fields than field_ids();
  // kStorageUnavailable when a primary key does not decode; kInvalidArguments from
  // RecordBatch::Make (e.g. nulls in a NOT NULL column).
  Result<types::RecordBatch> Convert(std::span<const Batch> batches) const;
  Result<types::RecordBatch> Convert(const Batch& batch) const {
    return Convert(std::span<const Batch>(&batch, 1));
  }
  // Reads batches from `reader` until at least `target_rows` rows are collected or the reader
  // ends, and converts them; nullopt when the reader had no more rows.
  Result<std::optional<types::RecordBatch>> ReadNext(BatchReader& reader, size_t target_rows) const;

 private:
  enum class Source : uint8_t { kTag, kTimeIndex, kField };
  struct Output {
    Source source;
    size_t index;  // kTag: position in the primary key; kField: position in field_ids_
    types::DataType type;
  };

  Result<types::ColumnPtr> RepeatStrings(std::span<const Batch> batches,
                                         const std::vector<std::vector<types::Value>>& keys,
                                         const Output& out, size_t rows) const;

  BatchToRecordBatch(RegionMetadataPtr metadata, std::vector<types::DataType> key_types)
      : metadata_(std::move(metadata)), codec_(std::move(key_types)) {}

  RegionMetadataPtr metadata_;
  PrimaryKeyCodec codec_;
  types::SchemaPtr schema_;
  std::vector<uint32_t> field_ids_;
  std::vector<Output> outputs_;
  bool decode_keys_ = false;
};

}  // namespace greptime::storage
