// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Internals of the frontend shared by frontend.cc (dispatch, queries), ddl.cc and dml.cc.
#pragma once

#include <string>

#include "frontend/frontend.h"
#include "frontend/introspection.h"
#include "query/plan/planner.h"
#include "query/plan/table_source.h"

namespace greptime::frontend {

class Frontend::Impl {
 public:
  Impl(catalog::CatalogManager& catalog, datanode::RegionHandler& regions, FrontendOptions options)
      : catalog_(catalog), regions_(regions), options_(options) {}

  Result<query::QueryOutput> Execute(const query::sql::Statement& st, QueryContext& ctx);
  Result<query::QueryOutput> RunQuery(const query::sql::Query& query, QueryContext& ctx);
  Result<query::QueryOutput> RunInsert(const query::sql::InsertStatement& s, QueryContext& ctx);
  Result<query::QueryOutput> RunDelete(const query::sql::DeleteStatement& s, QueryContext& ctx);
  Result<query::QueryOutput> RunCreateDatabase(const query::sql::CreateDatabaseStatement& s,
                                               QueryContext& ctx);
  Result<query::QueryOutput> RunCreateTable(const query::sql::CreateTableStatement& s,
                                            QueryContext& ctx);
  Result<query::QueryOutput> RunCreateTableLike(const query::sql::CreateTableLikeStatement& s,
                                                QueryContext& ctx);
  Result<query::QueryOutput> RunAlterTable(const query::sql::AlterTableStatement& s,
                                           QueryContext& ctx);
  Result<query::QueryOutput> RunAlterDatabase(const query::sql::AlterDatabaseStatement& s,
                                              QueryContext& ctx);
  Result<query::QueryOutput> RunDrop(const query::sql::DropStatement& s, QueryContext& ctx);
  Result<query::QueryOutput> RunTruncate(const query::sql::TruncateStatement& s,
                                         QueryContext& ctx);
  Result<uint64_t> InsertRows(const std::vector<RowInsertRequest>& requests, QueryContext& ctx);
  Result<catalog::TableInfoPtr> EnsureTable(const RowInsertRequest& req, const QueryContext& ctx);
  // Schemaless writes' new columns (nullable; tags join the primary key): the regions are
  // altered, then the stored table info. `reorder` (nullable) orders the columns afterwards.
  Result<catalog::TableInfoPtr> AddColumns(const catalog::TableInfo& table,
                                           const std::vector<types::ColumnSchema>& added,
                                           void (*reorder)(catalog::TableInfo&));
  Result<query::QueryOutput> RunComment(const query::sql::CommentStatement& s, QueryContext& ctx);
  Result<query::QueryOutput> RunAdmin(const query::sql::AdminStatement& s, QueryContext& ctx);
  Result<query::QueryOutput> RunTql(const query::sql::TqlStatement& s, QueryContext& ctx);

  Result<types::ColumnSchema> ColumnFromDef(const query::sql::ColumnDef& def, bool is_tag,
                                            bool is_time_index, const QueryContext& ctx);
  // Creates the regions of a freshly stored table; on failure drops what was created.
  // CREATE TABLE's metadata and regions, through options_.ddl when set (metasrv procedures),
  // else here with rollback; every path that creates a table goes through it.
  Result<catalog::CreateTableResult> CreateTableAndRegions(catalog::TableInfo info,
                                                           bool if_not_exists);
  // DROP TABLE's regions and metadata, likewise.
  Result<catalog::TableInfoPtr> DropTableAndRegions(std::string_view catalog,
                                                    std::string_view schema,
                                                    std::string_view table, bool if_exists);
  Status CreateRegions(const catalog::TableInfo& info);
  Status DropRegions(const catalog::TableInfo& info);
  // Writes rows (columns named as table columns) to the table's regions, split by its
  // partition rule. Returns the number of rows written. With `defer`, the region writes are
  // appended there instead of being executed (the count is of rows planned).
  Result<uint64_t> WriteRows(const catalog::TableInfo& info, const types::RecordBatch& rows,
                             storage::OpType op, const QueryContext& ctx,
                             std::vector<storage::WriteRequest>* defer = nullptr);

  // Metric-engine tables (metric_tables.cc). A physical table has the option
  // physical_metric_table, a logical one on_physical_table = <physical table name>.
  // The engine name and engine options of region `rn` of `info`.
  Result<storage::EngineOptions> EngineOptionsFor(const catalog::TableInfo& info, uint32_t rn);
  // CREATE TABLE ... ENGINE = metric WITH (on_physical_table = ...): validates the columns
  // against the physical table, orders them by name and mirrors its partitions.
  Status PrepareLogicalTable(catalog::TableInfo& info);
  // After a logical table gained columns: the physical table's stored columns follow its
  // data region (internal __table_id / __tsid columns and the union of all tags).
  Status RefreshPhysicalTable(const catalog::TableInfo& logical);
  // kUnsupported for a physical metric table (rows go through its logical tables).
  Status CheckWritable(const catalog::TableInfo& table);
  // kInvalidArguments while logical tables use `physical`.
  Status CheckPhysicalUnused(const catalog::TableInfo& physical);
  // Schemaless writes into the metric engine: the physical table (created on demand) and the
  // logical table of `req` (created or extended with new tags).
  Result<catalog::TableInfoPtr> EnsureLogicalTable(const RowInsertRequest& req,
                                                   const QueryContext& ctx);

  query::PlannerOptions PlannerOptionsFor(const QueryContext& ctx) const;
  SessionInfo Session(const QueryContext& ctx) const;
  // catalog.schema.table of an object name in the session's defaults.
  struct TableName {
    std::string catalog, schema, table;
  };
  TableName Resolve(const query::sql::ObjectName& name, const QueryContext& ctx) const;

  catalog::CatalogManager& catalog() { return catalog_; }
  datanode::RegionHandler& regions() { return regions_; }
  uint64_t memory_limit() const { return options_.query_memory_limit; }

 private:
  catalog::CatalogManager& catalog_;
  datanode::RegionHandler& regions_;
  FrontendOptions options_;
};

class SessionSchemaProvider final : public query::SchemaProvider {
 public:
  SessionSchemaProvider(Frontend::Impl& impl, const QueryContext& ctx) : impl_(impl), ctx_(ctx) {}
  Result<std::shared_ptr<query::TableSource>> GetTable(std::string_view catalog,
                                                       std::string_view schema,
                                                       std::string_view table) override;

 private:
  Frontend::Impl& impl_;
  const QueryContext& ctx_;
};

}  // namespace greptime::frontend
