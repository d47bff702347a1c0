// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The metric engine: many small *logical* regions (one per metric table) stored in one
// *physical* region, built on the mito engine (DESIGN.md §3). It owns the mapping from logical
// regions to the physical data region and nothing else: rows, WAL, flush and compaction are the
// mito engine's.
//
// A physical region (CreateRequest::engine_options has kPhysicalTableOption) is two mito regions
// under the physical region's directory:
//   - the data region, id = the physical region id, dir = <region_dir>data/: the request's
//     columns plus the internal tags kTableIdColumn (UInt32) and kTsidColumn (UInt64), primary
//     key = [__table_id, __tsid, the request's tags..., tags added later...];
//   - the metadata region, id = MetadataRegionId(physical), dir = <region_dir>metadata/: one row
//     per logical region holding its serialized metadata, so logical regions survive restarts.
// A logical region (engine_options has kOnPhysicalRegionOption = the physical region id in
// decimal) has no files of its own: creating 10,000 of them creates no region, file or WAL
// stream. Its tags must be String; each tag missing from the data region is added to it (once).
// Its time index and fields must exist in the data region with the same name and type.
//
// Writes to a logical region are rewritten to the data region with __table_id = the logical
// region's table id and __tsid = a hash of its (tag name, value) pairs; scans of a logical region
// read the data region with a __table_id predicate and only the logical region's columns, and
// honour the logical region's TTL. A physical region cannot be dropped while logical regions
// use it. Thread-safe.
#pragma once

#include <memory>

#include "common/status.h"
#include "storage/region_engine.h"

namespace greptime::metric_engine {

// Engine name, as in `ENGINE = metric`.
inline constexpr char kEngineName[] = "metric";
// engine_options keys.
inline constexpr char kPhysicalTableOption[] = "physical_metric_table";
inline constexpr char kOnPhysicalRegionOption[] = "on_physical_region";
// Internal columns of the data region.
inline constexpr char kTableIdColumn[] = "__table_id";
inline constexpr char kTsidColumn[] = "__tsid";

// The metadata region of a physical region: same table, region number with bit 24 set.
storage::RegionId MetadataRegionId(storage::RegionId physical);

// `mito` is borrowed, must outlive the engine and must not be stopped before it. The metric
// engine's Stop() does not stop `mito`.
std::unique_ptr<storage::RegionEngine> NewMetricEngine(storage::RegionEngine* mito);

}  // namespace greptime::metric_engine
