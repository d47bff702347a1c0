// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Helpers shared by the memtables' write paths: checking a write's columns against the region
// and encoding each row's primary key (PrimaryKeyCodec over the tags in primary-key order).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/pk_codec.h"
#include "storage/region_metadata.h"
#include "types/fwd.h"

namespace greptime::storage {

// kInvalidArguments unless `rows` has the region's columns in order: same count, each column of
// its column's type or a NullColumn for a nullable column, and a time index without nulls.
Status ValidateMemtableRows(const RegionMetadata& metadata, const types::RecordBatch& rows);

// Encodes the primary keys of one write's rows. Not thread-safe (one per writer).
class RowKeyEncoder {
 public:
  explicit RowKeyEncoder(const RegionMetadata& metadata);

  // Uses the tag columns of `rows` (validated by ValidateMemtableRows) until the next Reset.
  // `rows` must outlive that use.
  void Reset(const types::RecordBatch& rows);
  // True when row i (0 < i < rows) has the same tag values as row i - 1, so the same key.
  bool SameAsPrevious(size_t i) const;
  // The encoded primary key of row i ("" for regions without tags).
  Result<std::string> Encode(size_t i);
  // Same, replacing the contents of `*key` (a buffer reused across rows).
  Status EncodeInto(size_t i, std::string* key);

  bool has_tags() const { return !tag_indices_.empty(); }

 private:
  PrimaryKeyCodec codec_;
  std::vector<size_t> tag_indices_;  // column indices of the key columns, in key order
  std::vector<const types::Column*> tags_;
  std::vector<const types::StringColumn*> string_tags_;  // nullptr for other layouts
  std::vector<types::Value> values_;                     // scratch
  bool all_strings_ = false;  // every key column is a StringColumn of a string-like type
};

}  // namespace greptime::storage
