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
  Impl(catalog::CatalogManager& catalog, datanode::RegionServer& regions, FrontendOptions options)
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
  Result<query::QueryOutput> RunComment(const query::sql::CommentStatement& s, QueryContext& ctx);
  Result<query::QueryOutput> RunAdmin(const query::sql::AdminStatement& s, QueryContext& ctx);

  Result<types::ColumnSchema> ColumnFromDef(const query::sql::ColumnDef& def, bool is_tag,
                                            bool is_time_index, const QueryContext& ctx);
  // Creates the regions of a freshly stored table; on failure drops what was created.
  Status CreateRegions(const catalog::TableInfo& info);
  Status DropRegions(const catalog::TableInfo& info);
  // Writes rows (columns named as table columns) to the table's regions, split by its
  // partition rule. Returns the number of rows written.
  Result<uint64_t> WriteRows(const catalog::TableInfo& info, const types::RecordBatch& rows,
                             storage::OpType op, const QueryContext& ctx);

  query::PlannerOptions PlannerOptionsFor(const QueryContext& ctx) const;
  SessionInfo Session(const QueryContext& ctx) const;
  // catalog.schema.table of an object name in the session's defaults.
  struct TableName {
    std::string catalog, schema, table;
  };
  TableName Resolve(const query::sql::ObjectName& name, const QueryContext& ctx) const;

  catalog::CatalogManager& catalog() { return catalog_; }
  datanode::RegionServer& regions() { return regions_; }
  uint64_t memory_limit() const { return options_.query_memory_limit; }

 private:
  catalog::CatalogManager& catalog_;
  datanode::RegionServer& regions_;
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
