// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// PromQL over tables (spec/promql.md §1): a metric is a table of the session's database, its
// labels are the String tag columns, its samples the time index and one numeric field. This
// adapter answers the evaluator's Select with region scans (time range and tag equalities pushed
// down, other matchers applied to each series), and lists metadata for the HTTP API.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "frontend/frontend.h"
#include "promql/engine.h"

namespace greptime::frontend {

// Special matchers: __name__ (the table; `=` reads one table, other ops every matching table of
// the database), __database__ / __schema__ (`=`: another database), __field__ (which field is
// the value; default the first numeric field). A missing table or database gives no series.
class PromStorage final : public promql::Storage {
 public:
  // `catalog`, `regions` and `ctx` must outlive the storage.
  PromStorage(catalog::CatalogManager& catalog, datanode::RegionHandler& regions,
              const QueryContext& ctx)
      : catalog_(catalog), regions_(regions), ctx_(ctx) {}

  Result<std::vector<promql::Series>> Select(const std::vector<promql::LabelMatcher>& matchers,
                                             int64_t start_ms, int64_t end_ms) override;

  // The label sets of the series matching `matchers` with samples in [start_ms, end_ms].
  Result<std::vector<promql::Labels>> SeriesLabels(
      const std::vector<promql::LabelMatcher>& matchers, int64_t start_ms, int64_t end_ms);
  // Tag column names of the tables `matchers` name (all tables of the database when null).
  Result<std::vector<std::string>> LabelNames(
      const std::vector<std::vector<promql::LabelMatcher>>* selectors);
  // The database's table names that hold metrics (a time index and a numeric field).
  Result<std::vector<std::string>> MetricNames();

 private:
  // Reads the series of `table` into `out`. With `logical_names`, `table` is a physical metric
  // table and only rows of those logical tables (by __table_id) are read, named after them.
  Status ScanInto(const catalog::TableInfo& table,
                  const std::unordered_map<uint32_t, std::string>* logical_names,
                  const std::vector<promql::LabelMatcher>& matchers, int64_t start_ms,
                  int64_t end_ms, std::vector<promql::Series>* out);
  // The tables a selector reads and the database they are in.
  Result<std::vector<catalog::TableInfoPtr>> Tables(
      const std::vector<promql::LabelMatcher>& matchers);

  catalog::CatalogManager& catalog_;
  datanode::RegionHandler& regions_;
  const QueryContext& ctx_;
};

}  // namespace greptime::frontend
