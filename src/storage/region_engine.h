// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The public contract of a table engine: regions are created, opened, written, scanned, flushed,
// compacted, altered, truncated, closed and dropped through RegionEngine. The mito engine
// (NewMitoEngine) is the storage engine of this folder; the metric engine builds on it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/status.h"
#include "storage/batch.h"
#include "storage/region_metadata.h"
#include "types/record_batch.h"

namespace greptime::storage {

class ObjectStore;

// ---------------------------------------------------------------------------------------------
// Requests

// Engine-specific options of a region (table options the engine interprets, e.g. the metric
// engine's "physical_metric_table" / "on_physical_region"). Mito ignores them.
using EngineOptions = std::map<std::string, std::string>;

struct CreateRequest {
  RegionMetadataPtr metadata;  // its region_id names the region
  std::string region_dir;      // "data/greptime/public/1024/1024_0000000000/"
  EngineOptions engine_options = {};
};

struct OpenRequest {
  RegionId region_id;
  std::string region_dir;
  EngineOptions engine_options = {};  // the same as at Create
};

struct CloseRequest {
  RegionId region_id;
};

struct DropRequest {
  RegionId region_id;
};

// Rows to put or delete. `rows` names its columns; for a put, columns the region has but the
// batch lacks take their default (or NULL; a missing NOT NULL column without default is an
// error). For a delete only the primary key and time index columns are read.
struct WriteRequest {
  RegionId region_id;
  OpType op_type = OpType::kPut;
  types::RecordBatch rows;
};

// Schema or option changes. Column additions get fresh column ids.
struct AlterRequest {
  RegionId region_id;
  struct AddColumn {
    types::ColumnSchema column;
  };
  struct DropColumn {
    std::string name;
  };
  struct SetOptions {
    RegionOptions options;
  };
  std::vector<std::variant<AddColumn, DropColumn, SetOptions>> changes;
};

struct FlushRequest {
  RegionId region_id;
};

struct CompactRequest {
  RegionId region_id;
};

struct TruncateRequest {
  RegionId region_id;
};

// A predicate on one tag column, evaluated per series before rows are read: the tag is not NULL
// and equals one of `values` (plain data, so that it can travel to a remote datanode).
struct TagPredicate {
  std::string column;
  std::vector<types::Value> values;

  bool Matches(const types::Value& v) const {
    if (v.is_null()) return false;
    for (const types::Value& want : values) {
      if (!want.is_null() && v.type().id() == want.type().id() && v.Compare(want) == 0) {
        return true;
      }
    }
    return false;
  }
};

struct ScanRequest {
  RegionId region_id;
  std::vector<std::string> projection;  // column names in output order; empty = all columns
  std::optional<int64_t> time_start;    // [start, end) in the time index unit
  std::optional<int64_t> time_end;
  std::vector<TagPredicate> tag_predicates;  // all must hold
  std::optional<uint64_t> limit;             // rows, after dedup
};

// ---------------------------------------------------------------------------------------------
// Results

struct RegionStatistics {
  RegionId region_id;
  uint64_t num_rows = 0;          // rows in memtables + files (duplicates included)
  uint64_t memtable_bytes = 0;
  uint64_t sst_bytes = 0;
  uint64_t num_files = 0;
  uint64_t manifest_version = 0;
  uint64_t flushed_entry_id = 0;
  uint64_t last_entry_id = 0;
};

struct ScanResult {
  types::SchemaPtr schema;
  std::vector<types::RecordBatch> batches;
};

class RegionEngine {
 public:
  virtual ~RegionEngine() = default;
  virtual std::string_view name() const = 0;

  // Each call blocks until the request is done (writes: durable in the WAL and visible).
  virtual Status Create(const CreateRequest& request) = 0;   // kRegionAlreadyExists
  virtual Status Open(const OpenRequest& request) = 0;       // replays the WAL
  virtual Status Close(const CloseRequest& request) = 0;
  virtual Status Drop(const DropRequest& request) = 0;       // removes files and WAL entries
  virtual Result<uint64_t> Write(const WriteRequest& request) = 0;  // affected rows
  // Several writes in one call (e.g. one per logical metric table of a Prometheus request);
  // an engine may merge them into fewer region writes. The default writes them one by one and
  // stops at the first failure.
  virtual Result<uint64_t> WriteMany(const std::vector<WriteRequest>& requests) {
    uint64_t total = 0;
    for (const WriteRequest& request : requests) {
      GT_ASSIGN_OR_RETURN(uint64_t n, Write(request));
      total += n;
    }
    return total;
  }
  virtual Status Alter(const AlterRequest& request) = 0;
  virtual Status Flush(const FlushRequest& request) = 0;     // returns when the SST is durable
  virtual Status Compact(const CompactRequest& request) = 0;
  virtual Status Truncate(const TruncateRequest& request) = 0;
  virtual Result<ScanResult> Scan(const ScanRequest& request) = 0;

  // kRegionNotFound for regions that are not open.
  virtual Result<RegionMetadataPtr> GetMetadata(RegionId region_id) = 0;
  virtual Result<RegionStatistics> GetStatistics(RegionId region_id) = 0;
  virtual std::vector<RegionId> OpenRegions() = 0;

  // Stops background work and closes every region (no flush: the WAL holds unflushed rows).
  virtual void Stop() = 0;
};

struct MitoEngineOptions {
  std::string wal_dir;                       // <data_home>/wal
  bool wal_sync_write = false;
  std::chrono::nanoseconds wal_sync_period = std::chrono::seconds(5);
  uint64_t wal_file_size = 128ull << 20;
  size_t num_workers = 0;                    // 0: cores / 2, at least 1
  uint64_t global_write_buffer_size = 1ull << 30;   // flush the largest region above this
  uint64_t global_write_buffer_reject_size = 2ull << 30;  // stall writes above this
  uint64_t region_write_buffer_size = 32ull << 20;  // flush a region's memtable above this
  size_t max_background_jobs = 2;            // flushes + compactions in parallel
  uint32_t sst_row_group_rows = 102400;
  size_t compaction_trigger_files = 4;       // files in one time window before compacting
  size_t manifest_checkpoint_distance = 10;
  std::chrono::nanoseconds auto_flush_interval = std::chrono::minutes(30);
};

// `store` is borrowed and must outlive the engine.
Result<std::unique_ptr<RegionEngine>> NewMitoEngine(MitoEngineOptions options, ObjectStore* store);

}  // namespace greptime::storage
