// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// What the planner needs from the catalog: tables it can scan. The frontend implements
// TableSource for region-backed tables (scans through the RegionServer), information_schema
// and the built-in `numbers` table; the planner pushes projection, time range, tag filters and
// limits down through ScanHints.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "query/exec/exec_node.h"
#include "types/schema.h"
#include "types/value.h"

namespace greptime::query {

// A filter on one tag column the source may apply early (rows failing it may still reach the
// planner's own filter, which is always kept).
// The tag equals one of `values` (and is not NULL).
struct TagFilterHint {
  std::string column;
  std::vector<types::Value> values;
};

struct ScanHints {
  // Column indices of the table schema to produce, ascending; empty = all.
  std::vector<size_t> projection;
  // Time index range [start, end) in the time index unit.
  std::optional<int64_t> time_start;
  std::optional<int64_t> time_end;
  std::vector<TagFilterHint> tag_filters;
  // At most this many rows are needed (set only when no filter/aggregate/sort sits above).
  std::optional<uint64_t> limit;
};

class TableSource {
 public:
  virtual ~TableSource() = default;
  // The full table schema (semantic types tell tags and the time index).
  virtual const types::SchemaPtr& schema() const = 0;
  // Produces the projected columns (in projection order; all when empty) of the rows.
  virtual Result<ExecNodePtr> Scan(const ScanHints& hints) = 0;
};

// Resolves table names for the planner. catalog/schema are already defaulted by the planner.
class SchemaProvider {
 public:
  virtual ~SchemaProvider() = default;
  // kTableNotFound ("Table not found: greptime.public.t") when missing.
  virtual Result<std::shared_ptr<TableSource>> GetTable(std::string_view catalog,
                                                        std::string_view schema,
                                                        std::string_view table) = 0;
};

}  // namespace greptime::query
