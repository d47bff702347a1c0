// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The frontend: executes SQL statements for the protocol servers. It owns no data: table
// metadata comes from the CatalogManager, rows live in regions reached through the
// RegionHandler (the RegionServer in process in standalone mode, datanodes over gRPC in a
// cluster). DDL creates/alters/drops the regions of a table
// and then commits the catalog change; INSERT splits rows by the table's partition rule and
// writes each region's share; queries are planned by query::PlanQuery over TableSources that
// scan regions.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_manager.h"
#include "common/status.h"
#include "common/time.h"
#include "datanode/region_server.h"
#include "frontend/cluster_view.h"
#include "frontend/ddl_executor.h"
#include "query/output.h"
#include "query/sql/statement.h"

namespace greptime::frontend {

// Per-session state (one HTTP request, one MySQL connection).
struct QueryContext {
  std::string catalog = "greptime";
  std::string database = "public";
  TimeZone time_zone = TimeZone::Utc();
  std::string time_zone_text = "UTC";
  // Request hints (spec/http-api.md §2.3): auto_create_table, ttl, append_mode, merge_mode,
  // skip_wal, ... as given.
  std::map<std::string, std::string> hints;
  // What the authenticated user may do (spec/cli-and-config.md §3 permissions); statements that
  // need more fail with kPermissionDenied. Open access allows both.
  bool read_allowed = true;
  bool write_allowed = true;
};

// Rows of one table from a schemaless protocol (InfluxDB line protocol, Prometheus, ...):
// the table is created or extended to fit (spec/ingestion.md §1).
struct RowInsertRequest {
  struct Column {
    std::string name;
    types::DataType type;
    types::SemanticType semantic = types::SemanticType::kField;
  };
  std::string table;
  std::vector<Column> columns;  // order of first appearance; exactly one kTimestamp
  std::vector<std::vector<types::Value>> rows;  // one value per column, NULL when absent
  // Columnar alternative to `rows` (used when non-empty): one finished column per entry of
  // `columns`, all of equal length and of the declared types.
  std::vector<types::ColumnPtr> data;
  catalog::OptionMap create_options;  // options of an auto-created table
  // Non-empty: the table is a metric-engine logical table on this physical table (both are
  // created on demand; spec/ingestion.md §3.3). Empty: a mito table.
  std::string physical_table;

  size_t num_rows() const { return data.empty() ? rows.size() : data[0]->size(); }
};

struct FrontendOptions {
  uint64_t query_memory_limit = 0;  // bytes per operator; 0 = unlimited
  // The other nodes of a cluster (information_schema.cluster_info, region_peers); borrowed,
  // null in standalone.
  const ClusterView* cluster = nullptr;
  // Where CREATE / DROP TABLE run (the metasrv's procedures in a cluster); borrowed, null: here.
  DdlExecutor* ddl = nullptr;
};

class Frontend {
 public:
  Frontend(catalog::CatalogManager& catalog, datanode::RegionHandler& regions,
           FrontendOptions options);
  ~Frontend();

  // Opens the regions of every table in the catalog (start-up of standalone), or with
  // `datanode` only those that datanode leads in the tables' routes (start-up of a datanode).
  Status OpenRegions(std::optional<uint64_t> datanode = std::nullopt);

  // Parses `sql` and runs its statements in order; the first failure stops and is returned
  // (earlier statements stay applied). USE and SET change `ctx`.
  Result<std::vector<query::QueryOutput>> ExecuteSql(std::string_view sql, QueryContext& ctx);
  Result<query::QueryOutput> Execute(const query::sql::Statement& statement, QueryContext& ctx);

  // Writes schemaless rows: missing tables are created, missing columns added, types checked
  // against the table (a conflict rejects that table's rows: kInvalidArguments naming table,
  // column, table type and request type). Returns the number of rows written.
  Result<uint64_t> InsertRows(const std::vector<RowInsertRequest>& requests, QueryContext& ctx);

  catalog::CatalogManager& catalog() { return catalog_; }
  datanode::RegionHandler& regions() { return regions_; }

  class Impl;

 private:
  catalog::CatalogManager& catalog_;
  datanode::RegionHandler& regions_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace greptime::frontend
