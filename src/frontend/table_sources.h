// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// TableSources of the frontend: region-backed tables and the built-in `numbers` table.
#pragma once

#include <memory>

#include "catalog/table_info.h"
#include "datanode/region_server.h"
#include "query/plan/table_source.h"

namespace greptime::frontend {

// The table schema (types::Schema with semantic types) of a catalog table.
types::SchemaPtr TableSchemaOf(const catalog::TableInfo& info);

// Scans every region of `info` through `regions` (regions in parallel), concatenating results.
// A scan whose rows exceed `memory_limit` bytes (0 = none) fails with
// kRuntimeResourcesExhausted.
std::shared_ptr<query::TableSource> MakeRegionTableSource(catalog::TableInfoPtr info,
                                                          datanode::RegionHandler& regions,
                                                          uint64_t memory_limit);

// public.numbers: one UInt32 column `number` with the values 0..99, or 0..n-1 when the scan
// carries a LIMIT n (at most 10,000,000 rows).
std::shared_ptr<query::TableSource> MakeNumbersTableSource();

}  // namespace greptime::frontend
