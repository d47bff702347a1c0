// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// SstReader: reads one SST file as a stream of Batches.
//
// Design: Open fetches the tail and footer only (one ranged read when the footer is small) and
// checks them. Read prunes row groups by time range and by the primary-key filter (using the
// footer's per-row-group time and key ranges), then the returned BatchReader fetches, row group
// by row group, only the chunks of the key, time, sequence, op-type and requested field
// columns (adjacent chunks in one ranged read), verifies their checksums, decodes them and
// cuts the rows into one Batch per series, clipped to the time range. Fields are matched to the
// file by column id, so files written before an ALTER read under the current schema.
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

class SstReader {
 public:
  virtual ~SstReader() = default;

  // Opens `path` in `store` (which must outlive the reader and every BatchReader it returns).
  // `current_metadata` is the region's schema now (nullptr: the schema the file was written
  // with); its time index must be the file's, and the file's primary-key columns must be a
  // prefix of its primary key (tags added later read as NULL).
  // Errors are kStorageUnavailable and name the path: missing or short file, bad magic or
  // version, footer checksum mismatch, malformed footer, incompatible schema.
  static Result<std::unique_ptr<SstReader>> Open(ObjectStore* store, std::string path,
                                                 RegionMetadataPtr current_metadata);

  virtual const SstInfo& info() const = 0;
  // The schema the file was written with.
  virtual const RegionMetadataPtr& file_metadata() const = 0;

  // A stream of the file's rows selected by `options`, in (primary key, timestamp, sequence
  // desc) order, one series per Batch (a series spanning row groups comes as consecutive
  // Batches). Batch::fields follows options.field_ids: a field the file lacks is filled with its
  // constant default or NULL (function defaults read as NULL); a field whose type changed is
  // cast (values that do not cast become NULL). Delete rows are returned as they are.
  // kInvalidArguments when a field id is not a field of the current schema; storage errors are
  // kStorageUnavailable naming the path, the row group and the column. Thread-safe; the
  // returned reader is independent of this object and not thread-safe itself.
  virtual Result<std::unique_ptr<BatchReader>> Read(const SstReadOptions& options) = 0;
};

}  // namespace greptime::storage
