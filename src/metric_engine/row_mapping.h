// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Row mapping between a logical region and its physical data region: the __tsid hash, the
// rewrite of a logical write into a data-region write, and the rewrite of a data-region scan
// result into the logical region's schema. Pure functions, no engine state.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "storage/region_engine.h"
#include "types/record_batch.h"

namespace greptime::metric_engine {

// The series id of a row, computed as GreptimeDB does (so __tsid values and the order of rows
// in the data region match it): FxHash over the names of the non-null tags sorted by name, each
// followed by a 0xff byte; then a second FxHash seeded with that word over their values in the
// same order, each followed by 0xff. Persisted in the data region's primary key. NULL tags
// contribute nothing, so adding a tag to a table keeps the tsid of rows that do not set it.
uint64_t ComputeTsid(std::vector<std::pair<std::string_view, std::string_view>> tags);

// Rewrites `rows` written to the logical region `logical` into rows for its data region:
// the named columns (a subset of the logical columns, any order) plus kTableIdColumn = the
// logical region's table id and kTsidColumn. For a put, logical columns the batch lacks take
// their logical default (constants; current_timestamp()) or NULL; for a delete only tags and the
// time index are kept. Tag values are cast to String. Errors (kInvalidArguments): a column that
// is not a logical column or repeats, a NULL in a NOT NULL column, a missing time index or a
// missing NOT NULL column without default.
Result<types::RecordBatch> ToDataRows(const storage::RegionMetadata& logical,
                                      storage::OpType op, const types::RecordBatch& rows);

// Data-region batches of several logical writes (each from ToDataRows, with its own subset of
// columns) as one batch: the union of their columns in `data` column order, NULL where a part
// lacks a column. kInvalidArguments when a column's types disagree.
Result<types::RecordBatch> ConcatDataRows(const storage::RegionMetadata& data,
                                          const std::vector<types::RecordBatch>& parts);

// The logical columns named by `projection` (empty: all, in logical order) as an output schema.
// kTableColumnNotFound for a name that is not a logical column.
Result<types::SchemaPtr> ProjectedSchema(const storage::RegionMetadata& logical,
                                         const std::vector<std::string>& projection);

// Re-labels the batches of a data-region scan (columns in the order of `schema`) with `schema`.
Result<storage::ScanResult> ToLogicalResult(types::SchemaPtr schema, storage::ScanResult data);

}  // namespace greptime::metric_engine
