// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// What SstReader hands to the BatchReader it creates: the immutable state of an opened file and
// the plan of one read. Internal to the SST reader.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/batch.h"
#include "storage/object_store/object_store.h"
#include "storage/region_metadata.h"
#include "storage/sst/sst_format.h"
#include "storage/sst/sst_options.h"
#include "types/value.h"

namespace greptime::storage::sst {

// An opened file; immutable, shared by the reader and its batch readers.
struct FileState {
  ObjectStore* store = nullptr;
  std::string path;
  uint64_t data_end = 0;  // offset of the footer: every block lies before it
  Footer footer;
  RegionMetadataPtr file_metadata;
  RegionMetadataPtr current_metadata;
  std::vector<std::string> column_names;  // per file column, for error messages
  types::DataType time_type;
  // Appended to every dictionary key: the NULL encodings of tags added after the file was
  // written, so keys compare with keys of the current schema.
  std::string pk_suffix;
  SstInfo info;
};

// Checks the checksum of a block's stored bytes and decompresses them. Errors are
// kStorageUnavailable "sst <path>: checksum mismatch in <where>" and the like.
Result<std::string> LoadBlock(const FileState& file, const BlockHandle& handle,
                              std::string_view stored, std::string_view where);

// How one requested field is produced.
struct FieldPlan {
  types::DataType type;               // output type (current schema)
  std::optional<size_t> file_column;  // index in footer.columns; nullopt: not in the file
  types::DataType file_type;          // the file's type when file_column is set
  types::Value fill;                  // value of every row when the file lacks the field
};

struct ReadPlan {
  std::vector<FieldPlan> fields;
  std::vector<size_t> row_groups;  // to read, ascending
  std::optional<int64_t> time_start;
  std::optional<int64_t> time_end;
  std::shared_ptr<const std::vector<std::string>> keys;  // the dictionary (with pk_suffix)
  std::vector<bool> key_mask;  // per key: passes pk_filter; empty when there is no filter
};

std::unique_ptr<BatchReader> NewSstBatchReader(std::shared_ptr<const FileState> file,
                                               ReadPlan plan);

}  // namespace greptime::storage::sst
