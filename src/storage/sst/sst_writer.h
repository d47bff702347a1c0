// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// SstWriter: turns a sorted stream of Batches into one immutable SST file.
//
// Design: rows are buffered per row group (row_group_rows rows); a full row group is encoded at
// once, column by column (an encoding chosen per chunk, then compression), and appended to an
// in-memory file image together with its footer entry. Finish appends the primary-key
// dictionary, the footer and the tail, and stores the whole image with one ObjectStore::Write,
// so a file is either complete or absent. Memory: the encoded file plus one raw row group.
// Format: docs/storage-format-sst.md.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "storage/batch.h"
#include "storage/object_store/object_store.h"
#include "storage/region_metadata.h"
#include "storage/sst/sst_options.h"

namespace greptime::storage {

class SstWriter {
 public:
  virtual ~SstWriter() = default;

  // A writer of `path` in `store` for rows of `metadata`. `store` must outlive the writer.
  // kInvalidArguments when options are out of range (row_group_rows == 0, bad zstd level).
  static Result<std::unique_ptr<SstWriter>> Create(RegionMetadataPtr metadata, ObjectStore* store,
                                                   std::string path, SstWriterOptions options = {});

  // Appends the rows of `batch`: one series (batch.primary_key), fields in
  // metadata->field_ids() order, each of its field's type (a column of type Null stands for all
  // nulls). Across calls, rows must come in (primary key asc, timestamp asc, sequence desc)
  // order. kInvalidArguments (naming the path) on a shape, type or order violation; the writer
  // is unchanged then and may go on. Other failures (encoding limits) are sticky. Empty batches
  // are ignored.
  virtual Status Write(const Batch& batch) = 0;

  // Encodes the last row group and writes the file. Callable once; a file with no rows is valid
  // (see SstInfo for its time range). Errors: the ObjectStore's, kIllegalState when called
  // twice or after a sticky error.
  virtual Result<SstInfo> Finish() = 0;
};

}  // namespace greptime::storage
