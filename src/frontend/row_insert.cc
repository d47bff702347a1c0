// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Schemaless writes (spec/ingestion.md §1): auto-create and auto-alter tables, then write.
// Schema changes are serialized by a mutex so that concurrent first writes of one new table
// create it once; the catalog's compare-and-put guards against other processes.
#include <mutex>

#include <re2/re2.h>

#include "common/strings.h"
#include "frontend/frontend_impl.h"
#include "types/column_builder.h"

namespace greptime::frontend {

using types::DataType;
using types::Value;

namespace {

std::mutex& SchemaMutex() {
  static std::mutex mu;
  return mu;
}

std::string SemanticName(types::SemanticType s) {
  switch (s) {
    case types::SemanticType::kTag: return "Tag";
    case types::SemanticType::kField: return "Field";
    case types::SemanticType::kTimestamp: return "Timestamp";
  }
  return "Field";
}

}  // namespace

Result<uint64_t> Frontend::InsertRows(const std::vector<RowInsertRequest>& requests,
                                      QueryContext& ctx) {
  return impl_->InsertRows(requests, ctx);
}

static Status CheckSchemalessTableName(const std::string& table) {
  static const RE2 kName("^[a-zA-Z_:-][a-zA-Z0-9_:\\-\\.@#]*$");
  if (!RE2::FullMatch(table, kName)) {
    return Status::InvalidArguments("Invalid table name: {}", table);
  }
  return Status::OK();
}

Result<catalog::TableInfoPtr> Frontend::Impl::EnsureTable(const RowInsertRequest& req,
                                                          const QueryContext& ctx) {
  std::lock_guard<std::mutex> lock(SchemaMutex());
  auto existing = catalog_.GetTable(ctx.catalog, ctx.database, req.table);
  if (!existing.ok() && existing.status().code() != StatusCode::kTableNotFound) {
    return existing.status();
  }
  if (!existing.ok()) {
    if (auto it = ctx.hints.find("auto_create_table"); it != ctx.hints.end()) {
      const std::string v = AsciiLower(it->second);
      if (v != "true" && v != "false") {
        return Status::InvalidArguments("`auto_create_table` hint must be a boolean");
      }
      if (v == "false") {
        return Status::InvalidArguments(
            "Table `{}` does not exist, and `auto_create_table` hint is disabled", req.table);
      }
    }
    catalog::TableInfo info;
    info.catalog = ctx.catalog;
    info.schema = ctx.database;
    info.name = req.table;
    for (const auto& c : req.columns) {
      storage::ColumnMetadata md;
      md.column_schema = {c.name, c.type, c.semantic != types::SemanticType::kTimestamp,
                          c.semantic, {}, ""};
      info.columns.push_back(std::move(md));
      if (c.semantic == types::SemanticType::kTag) info.primary_key.push_back(c.name);
      if (c.semantic == types::SemanticType::kTimestamp) info.time_index = c.name;
    }
    catalog::OptionMap options = req.create_options;
    options.emplace("comment", "Created on insertion");
    // Hints add table options at creation (spec/ingestion.md §1.5).
    for (const char* key : {"ttl", "append_mode", "merge_mode", "skip_wal"}) {
      auto it = ctx.hints.find(key);
      if (it != ctx.hints.end()) options[key] = it->second;
    }
    if (auto am = ctx.hints.find("append_mode");
        am != ctx.hints.end() && AsciiLower(am->second) == "true" && !ctx.hints.count("merge_mode")) {
      options["merge_mode"] = "last_row";
    }
    GT_ASSIGN_OR_RETURN(info.options, catalog::TableOptions::Parse(options));
    GT_ASSIGN_OR_RETURN(auto created, CreateTableAndRegions(std::move(info), true));
    return created.table;
  }
  catalog::TableInfoPtr table = *existing;
  // Columns the table lacks are added (nullable, appended at the end).
  std::vector<types::ColumnSchema> added;
  for (const auto& c : req.columns) {
    if (c.semantic == types::SemanticType::kTimestamp) continue;
    const storage::ColumnMetadata* have = table->FindColumn(c.name);
    if (have == nullptr) {
      added.push_back({c.name, c.type, true, c.semantic, {}, ""});
      continue;
    }
    const auto& cs = have->column_schema;
    if (cs.semantic_type != c.semantic) {
      return Status::InvalidArguments(
          "Invalid request to table {}, reason: column {} has semantic type {}, given: {}",
          req.table, c.name, SemanticName(cs.semantic_type), SemanticName(c.semantic));
    }
    if (!(cs.type == c.type)) {
      return Status::InvalidArguments(
          "Invalid request to table {}, reason: column {} expect type {}, given: {}", req.table,
          c.name, cs.type.Name(), c.type.Name());
    }
  }
  if (added.empty()) return table;
  return AddColumns(*table, added, nullptr);
}

Result<catalog::TableInfoPtr> Frontend::Impl::AddColumns(
    const catalog::TableInfo& table, const std::vector<types::ColumnSchema>& added,
    void (*reorder)(catalog::TableInfo&)) {
  catalog::TableInfo updated = table;
  for (const auto& cs : added) {
    storage::ColumnMetadata md;
    md.column_schema = cs;
    md.column_id = updated.next_column_id++;
    updated.columns.push_back(md);
    if (cs.is_tag()) updated.primary_key.push_back(cs.name);
  }
  if (reorder != nullptr) reorder(updated);
  GT_RETURN_IF_ERROR(updated.Validate());
  // Regions first: a failed region change leaves the catalog untouched.
  for (uint32_t rn : updated.region_numbers) {
    storage::AlterRequest alter;
    alter.region_id = storage::RegionId(updated.id, rn);
    for (const auto& cs : added) alter.changes.push_back(storage::AlterRequest::AddColumn{cs});
    GT_RETURN_IF_ERROR(regions_.Handle(alter).status());
  }
  return catalog_.UpdateTableInfo(table, std::move(updated));
}

Result<uint64_t> Frontend::Impl::InsertRows(const std::vector<RowInsertRequest>& requests,
                                            QueryContext& ctx) {
  if (!ctx.write_allowed) {
    return Status(StatusCode::kPermissionDenied, "User is not authorized to perform this action");
  }
  GT_ASSIGN_OR_RETURN(bool exists, catalog_.DatabaseExists(ctx.catalog, ctx.database));
  if (!exists) return catalog::DatabaseNotFoundError(ctx.catalog, ctx.database);
  uint64_t total = 0;
  std::vector<storage::WriteRequest> deferred;
  for (const auto& req : requests) {
    if (req.num_rows() == 0) continue;
    GT_RETURN_IF_ERROR(CheckSchemalessTableName(req.table));
    catalog::TableInfoPtr table;
    if (req.physical_table.empty()) {
      GT_ASSIGN_OR_RETURN(table, EnsureTable(req, ctx));
    } else {
      GT_ASSIGN_OR_RETURN(table, EnsureLogicalTable(req, ctx));
    }
    // Build the batch under the table's names and types.
    std::vector<types::ColumnSchema> cols;
    std::vector<std::unique_ptr<types::ColumnBuilder>> builders;
    std::vector<DataType> targets;
    for (const auto& c : req.columns) {
      types::ColumnSchema cs;
      if (c.semantic == types::SemanticType::kTimestamp) {
        const storage::ColumnMetadata* ts = table->FindColumn(table->time_index);
        if (ts == nullptr) return Status::Internal("table {} has no time index", table->name);
        cs = ts->column_schema;  // accommodate the table's time index name and unit
      } else {
        cs = table->FindColumn(c.name)->column_schema;
      }
      cols.push_back(cs);
      targets.push_back(cs.type);
      builders.push_back(types::MakeColumnBuilder(cs.type, req.rows.size()));
    }
    std::vector<types::ColumnPtr> data;
    if (!req.data.empty()) {
      // Columnar input: columns of the table's type pass through; others are cast.
      for (size_t i = 0; i < targets.size(); ++i) {
        const types::ColumnPtr& c = req.data[i];
        if (c->type() == targets[i]) {
          data.push_back(c);
          continue;
        }
        for (size_t r = 0; r < c->size(); ++r) {
          Value v = c->GetValue(r);
          if (!v.is_null()) {
            GT_ASSIGN_OR_RETURN(v, v.CastTo(targets[i]));
          }
          GT_RETURN_IF_ERROR(builders[i]->Append(v));
        }
        data.push_back(builders[i]->Finish());
      }
    }
    for (const auto& row : req.rows) {
      for (size_t i = 0; i < targets.size(); ++i) {
        const Value& v = i < row.size() ? row[i] : Value();
        if (v.is_null() || v.type() == targets[i]) {
          GT_RETURN_IF_ERROR(builders[i]->Append(v));
          continue;
        }
        GT_ASSIGN_OR_RETURN(Value cast, v.CastTo(targets[i]));
        GT_RETURN_IF_ERROR(builders[i]->Append(cast));
      }
    }
    if (req.data.empty()) {
      for (auto& b : builders) data.push_back(b->Finish());
    }
    GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::Make(
                                        std::make_shared<types::Schema>(std::move(cols)), data));
    // Logical metric tables of one request share a physical region: their rows go in one
    // region write at the end (RegionEngine::WriteMany), not one per metric.
    const bool logical = !req.physical_table.empty() && table->engine == "metric";
    GT_ASSIGN_OR_RETURN(uint64_t n, WriteRows(*table, batch, storage::OpType::kPut, ctx,
                                              logical ? &deferred : nullptr));
    if (!logical) total += n;
  }
  if (!deferred.empty()) {
    GT_ASSIGN_OR_RETURN(auto response,
                        regions_.Handle(datanode::RegionWriteMany{std::move(deferred)}));
    total += response.affected_rows;
  }
  return total;
}

}  // namespace greptime::frontend
