// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The metadata region of a physical metric region: a small mito region that persists the
// metadata of every logical region stored in the physical region.
//
// Format (one mito region, default options):
//   ts  TimestampMillisecond  TIME INDEX, always 0
//   k   String                TAG (the primary key): "region/<logical region id as decimal u64>"
//   v   String                FIELD: the logical RegionMetadata as RegionMetadata::ToJson()
//                             (columns with ids, names, types, semantic types, nullability,
//                             defaults and comments; primary key; options incl. ttl)
// A logical region is written as a put of its row (a later put replaces it: same (k, ts)) and
// removed as a delete of its key. Rows with other key prefixes are ignored (room for later kinds).
#pragma once

#include <map>
#include <string>

#include "common/status.h"
#include "storage/region_engine.h"

namespace greptime::metric_engine {

// "region/<id>".
std::string LogicalRegionKey(storage::RegionId logical);

// The schema of a metadata region with id `id` (see the file comment).
storage::RegionMetadataPtr MetadataRegionSchema(storage::RegionId id);

// Reads and writes the rows of one metadata region through a borrowed mito engine. Holds no
// state of its own; as thread-safe as the engine, but callers serialize writes of one key.
class MetadataRegion {
 public:
  MetadataRegion(storage::RegionEngine& mito, storage::RegionId id) : mito_(mito), id_(id) {}

  storage::RegionId id() const { return id_; }

  // Creates / opens the mito region under `dir`. Errors are mito's (kRegionAlreadyExists, ...).
  Status Create(const std::string& dir);
  Status Open(const std::string& dir);

  // Every logical region stored, by id. kStorageUnavailable when a row does not parse or its
  // key and metadata disagree.
  Result<std::map<storage::RegionId, storage::RegionMetadataPtr>> LoadLogicalRegions();
  // Stores (or replaces) `logical`, keyed by its region id.
  Status PutLogicalRegion(const storage::RegionMetadata& logical);
  Status DeleteLogicalRegion(storage::RegionId logical);

 private:
  storage::RegionEngine& mito_;
  storage::RegionId id_;
};

}  // namespace greptime::metric_engine
