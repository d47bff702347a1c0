// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// SHOW, DESCRIBE, SHOW CREATE TABLE and the information_schema virtual tables: read-only views
// of the catalog (and of region statistics) rendered as query results.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "catalog/catalog_manager.h"
#include "common/status.h"
#include "datanode/region_server.h"
#include "frontend/cluster_view.h"
#include "query/output.h"
#include "query/plan/planner.h"
#include "query/plan/table_source.h"
#include "query/sql/statement.h"

namespace greptime::frontend {

struct SessionInfo {
  std::string catalog = "greptime";
  std::string database = "public";
  std::string time_zone = "UTC";  // as SHOW VARIABLES time_zone prints it
  // Options for evaluating filters (WHERE of SHOW ...), time zone, function context.
  const query::PlannerOptions* planner_options = nullptr;
  const ClusterView* cluster = nullptr;  // the cluster's nodes; null in standalone
};

// SHOW DATABASES / TABLES / FULL TABLES / COLUMNS / INDEX / CREATE TABLE / CREATE DATABASE /
// VARIABLES / ... (spec/sql.md §13, §5.2). kUnsupported for kinds we do not serve.
Result<query::QueryOutput> ExecuteShow(const query::sql::ShowStatement& show,
                                       const SessionInfo& session,
                                       catalog::CatalogManager& catalog,
                                       datanode::RegionHandler* regions);

// DESC [TABLE] t (spec/sql.md §14).
Result<query::QueryOutput> ExecuteDescribe(const query::sql::DescribeStatement& desc,
                                           const SessionInfo& session,
                                           catalog::CatalogManager& catalog);

// The CREATE TABLE text of SHOW CREATE TABLE (spec/sql.md §5.2); a ttl the table does not set
// is printed from the database's options when given.
std::string ShowCreateTable(const catalog::TableInfo& table,
                            const catalog::DatabaseOptions* database = nullptr);

// A table of information_schema (spec/information-schema.md), computed when scanned.
// kTableNotFound for unknown names.
Result<std::shared_ptr<query::TableSource>> GetInformationSchemaTable(
    std::string_view table, const SessionInfo& session, catalog::CatalogManager& catalog,
    datanode::RegionHandler* regions);

}  // namespace greptime::frontend
