// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// DDL: databases and tables. Table creation stores the metadata first (which allocates the
// table id), then creates the regions; a region failure removes the metadata again. Drops
// remove the metadata first, then the regions.
#include <algorithm>

#include "common/logging.h"
#include "common/strings.h"
#include "frontend/frontend_impl.h"
#include "query/plan/planner.h"
#include "types/column_builder.h"

namespace greptime::frontend {

using query::QueryOutput;
namespace sql = query::sql;

namespace {

catalog::OptionMap ToOptionMap(const sql::OptionList& options) {
  catalog::OptionMap m;
  for (const auto& o : options) {
    std::string key = o.key;
    if (key.size() >= 2 && (key.front() == '\'' || key.front() == '"')) {
      key = key.substr(1, key.size() - 2);
    }
    m[AsciiLower(key)] = o.value.text;
  }
  return m;
}

bool IsFunctionDefault(const sql::Expr& e) {
  return e.Is<sql::FunctionCall>();
}

}  // namespace

Frontend::Impl::TableName Frontend::Impl::Resolve(const sql::ObjectName& name,
                                                  const QueryContext& ctx) const {
  TableName t{ctx.catalog, ctx.database, name.back().value};
  const auto& p = name.parts;
  if (p.size() >= 2) t.schema = p[p.size() - 2].value;
  if (p.size() >= 3) t.catalog = p[p.size() - 3].value;
  return t;
}

Status Frontend::Impl::CreateRegions(const catalog::TableInfo& info) {
  std::optional<catalog::DatabaseOptions> dbopts;
  auto db = catalog_.GetDatabase(info.catalog, info.schema);
  if (db.ok()) dbopts = db->options;
  std::vector<uint32_t> created;
  for (uint32_t rn : info.region_numbers) {
    auto md = catalog::ToRegionMetadata(info, rn, dbopts ? &*dbopts : nullptr);
    Status st = md.status();
    datanode::RegionCreate create;
    if (st.ok()) {
      auto engine_options = EngineOptionsFor(info, rn);
      st = engine_options.status();
      if (st.ok()) create.request.engine_options = std::move(*engine_options);
    }
    if (st.ok()) {
      create.engine = info.engine;
      create.request.metadata = *md;
      create.request.region_dir = catalog::RegionDir(info.catalog, info.schema, info.id, rn);
      st = regions_.Handle(create).status();
    }
    if (!st.ok()) {
      for (uint32_t c : created) {
        (void)regions_.Handle(storage::DropRequest{storage::RegionId(info.id, c)});
      }
      return st;
    }
    created.push_back(rn);
  }
  return Status::OK();
}

Result<catalog::CreateTableResult> Frontend::Impl::CreateTableAndRegions(catalog::TableInfo info,
                                                                         bool if_not_exists) {
  if (options_.ddl != nullptr) {
    if (info.region_numbers.empty()) {
      for (uint32_t rn = 0; rn < info.PartitionCount(); ++rn) info.region_numbers.push_back(rn);
    }
    std::map<uint32_t, storage::EngineOptions> region_options;
    for (uint32_t rn : info.region_numbers) {
      GT_ASSIGN_OR_RETURN(region_options[rn], EngineOptionsFor(info, rn));
    }
    auto created =
        options_.ddl->CreateTable(std::move(info), if_not_exists, std::move(region_options));
    catalog_.InvalidateCache();  // the metasrv changed the catalog: forget what we cached
    return created;
  }
  GT_ASSIGN_OR_RETURN(catalog::CreateTableResult created,
                      catalog_.CreateTable(std::move(info), if_not_exists));
  if (!created.created) return created;
  Status st = CreateRegions(*created.table);
  if (!st.ok()) {
    (void)catalog_.DropTable(created.table->catalog, created.table->schema, created.table->name,
                             true);
    return st;
  }
  return created;
}

Result<catalog::TableInfoPtr> Frontend::Impl::DropTableAndRegions(std::string_view catalog,
                                                                  std::string_view schema,
                                                                  std::string_view table,
                                                                  bool if_exists) {
  if (options_.ddl != nullptr) {
    auto dropped = options_.ddl->DropTable(catalog, schema, table, if_exists);
    catalog_.InvalidateCache();
    return dropped;
  }
  GT_ASSIGN_OR_RETURN(auto dropped, catalog_.DropTable(catalog, schema, table, if_exists));
  if (dropped) GT_RETURN_IF_ERROR(DropRegions(*dropped));
  return dropped;
}

Status Frontend::Impl::DropRegions(const catalog::TableInfo& info) {
  Status first;
  for (uint32_t rn : info.region_numbers) {
    auto r = regions_.Handle(storage::DropRequest{storage::RegionId(info.id, rn)});
    if (!r.ok() && r.status().code() != StatusCode::kRegionNotFound && first.ok()) {
      first = r.status();
    }
  }
  return first;
}

Result<QueryOutput> Frontend::Impl::RunCreateDatabase(const sql::CreateDatabaseStatement& s,
                                                      QueryContext& ctx) {
  std::string catalog = ctx.catalog;
  std::string name = s.name.back().value;
  if (s.name.parts.size() >= 2) catalog = s.name.parts[s.name.parts.size() - 2].value;
  GT_RETURN_IF_ERROR(catalog_.CreateDatabase(catalog, name, s.if_not_exists,
                                             ToOptionMap(s.options)));
  return QueryOutput::AffectedRows(1);
}

Result<types::ColumnSchema> Frontend::Impl::ColumnFromDef(const sql::ColumnDef& def,
                                                          bool is_tag, bool is_time_index,
                                                          const QueryContext& ctx) {
  types::ColumnSchema c;
  c.name = def.name.value;
  auto type = types::DataType::ParseSql(def.type.text);
  if (!type.ok()) return type.status();
  c.type = *type;
  c.nullable = is_time_index ? false : def.nullable.value_or(true);
  c.semantic_type = is_time_index ? types::SemanticType::kTimestamp
                                  : (is_tag ? types::SemanticType::kTag
                                            : types::SemanticType::kField);
  if (def.comment) c.comment = *def.comment;
  if (def.default_value) {
    if (IsFunctionDefault(*def.default_value)) {
      std::string text = AsciiLower(sql::ToString(*def.default_value));
      if (text == "current_timestamp" ) text = "current_timestamp()";
      c.default_value = types::ColumnDefault::Function(text);
    } else {
      query::PlannerOptions opts = PlannerOptionsFor(ctx);
      GT_ASSIGN_OR_RETURN(types::Value v, query::EvaluateConstant(*def.default_value, opts));
      if (!v.is_null() && !(v.type() == c.type)) {
        auto cast = v.CastTo(c.type, ctx.time_zone);
        if (!cast.ok()) {
          return Status::InvalidArguments("Invalid default value for column {}: {}", c.name,
                                          cast.status().message());
        }
        v = *cast;
      }
      if (v.is_null() && !c.nullable) {
        return Status::InvalidArguments("Default value of NOT NULL column {} cannot be NULL",
                                        c.name);
      }
      c.default_value = types::ColumnDefault::Constant(v);
    }
  }
  return c;
}

Result<QueryOutput> Frontend::Impl::RunCreateTable(const sql::CreateTableStatement& s,
                                                   QueryContext& ctx) {
  if (s.external) return Status::Unsupported("External tables are not supported");
  TableName name = Resolve(s.name, ctx);
  catalog::TableInfo info;
  info.catalog = name.catalog;
  info.schema = name.schema;
  info.name = name.table;
  std::string engine = AsciiLower(s.engine);
  if (engine.empty()) engine = "mito";
  if (engine != "mito" && engine != "metric") {
    return Status(StatusCode::kUnsupported,
                  fmt::format("Table engine {} is not supported yet", engine));
  }
  info.engine = engine;
  std::string time_index = s.time_index ? s.time_index->value : "";
  std::vector<std::string> pk;
  for (const auto& p : s.primary_key) pk.push_back(p.value);
  size_t inline_pks = 0;
  for (const auto& c : s.columns) {
    if (c.time_index) time_index = c.name.value;
    if (c.primary_key) {
      pk.push_back(c.name.value);
      ++inline_pks;
    }
  }
  if (inline_pks > 1 || (inline_pks > 0 && s.has_primary_key_constraint)) {
    return Status::InvalidArguments("Multiple primary keys are defined in table {}", name.table);
  }
  for (const auto& p : pk) {
    if (p == time_index) {
      // GreptimeDB drops the time index from the primary key silently? It rejects it.
      return Status::InvalidArguments("Time index column {} cannot be a primary key", p);
    }
  }
  for (const auto& p : pk) {
    bool found = false;
    for (const auto& c : s.columns) found |= c.name.value == p;
    if (!found) {
      return Status::InvalidArguments("Primary key column {} is not defined", p);
    }
  }
  for (size_t i = 0; i < s.columns.size(); ++i) {
    const auto& def = s.columns[i];
    bool is_tag = std::find(pk.begin(), pk.end(), def.name.value) != pk.end();
    bool is_ts = def.name.value == time_index;
    GT_ASSIGN_OR_RETURN(types::ColumnSchema cs, ColumnFromDef(def, is_tag, is_ts, ctx));
    for (const auto& idx : def.indexes) {
      auto& opts = info.column_indexes[cs.name];
      if (idx.kind == sql::ColumnIndexKind::kInverted) opts.inverted = true;
      else if (idx.kind == sql::ColumnIndexKind::kFulltext) opts.fulltext = ToOptionMap(idx.options);
      else opts.skipping = ToOptionMap(idx.options);
    }
    storage::ColumnMetadata md;
    md.column_schema = std::move(cs);
    info.columns.push_back(std::move(md));
  }
  info.primary_key = pk;
  info.time_index = time_index;
  GT_ASSIGN_OR_RETURN(info.options, catalog::TableOptions::Parse(ToOptionMap(s.options)));
  if (s.partitions) {
    catalog::PartitionRule rule;
    for (const auto& c : s.partitions->columns) rule.columns.push_back(c.value);
    for (const auto& e : s.partitions->exprs) rule.exprs.push_back(sql::ToString(*e));
    if (!rule.exprs.empty()) info.partition = std::move(rule);
  }
  if (info.engine == "metric") {
    if (info.options.raw.count("physical_metric_table") == 0 &&
        info.options.raw.count("on_physical_table") == 0) {
      return Status::InvalidArguments(
          "Missing table option `physical_metric_table` or `on_physical_table` for the metric "
          "engine");
    }
    if (!s.if_not_exists || !catalog_.TableExists(name.catalog, name.schema, name.table).ValueOr(false)) {
      GT_RETURN_IF_ERROR(PrepareLogicalTable(info));
    }
  }
  GT_ASSIGN_OR_RETURN(catalog::CreateTableResult created,
                      CreateTableAndRegions(std::move(info), s.if_not_exists));
  if (!created.created) return QueryOutput::AffectedRows(0);
  GT_RETURN_IF_ERROR(RefreshPhysicalTable(*created.table));
  return QueryOutput::AffectedRows(0);
}

Result<QueryOutput> Frontend::Impl::RunCreateTableLike(const sql::CreateTableLikeStatement& s,
                                                       QueryContext& ctx) {
  TableName src = Resolve(s.source, ctx);
  TableName dst = Resolve(s.name, ctx);
  GT_ASSIGN_OR_RETURN(auto info, catalog_.GetTable(src.catalog, src.schema, src.table));
  catalog::TableInfo copy = *info;
  copy.id = 0;
  copy.catalog = dst.catalog;
  copy.schema = dst.schema;
  copy.name = dst.table;
  copy.region_numbers.clear();
  copy.created_at = {};
  copy.updated_at = {};
  copy.version = 0;
  GT_RETURN_IF_ERROR(CreateTableAndRegions(std::move(copy), false).status());
  return QueryOutput::AffectedRows(0);
}

Result<QueryOutput> Frontend::Impl::RunAlterDatabase(const sql::AlterDatabaseStatement& s,
                                                     QueryContext& ctx) {
  std::string name = s.name.back().value;
  if (const auto* set = std::get_if<sql::SetTableOptionsOp>(&s.op)) {
    GT_RETURN_IF_ERROR(catalog_.AlterDatabase(ctx.catalog, name, ToOptionMap(set->options), {}));
  } else if (const auto* unset = std::get_if<sql::UnsetTableOptionsOp>(&s.op)) {
    std::vector<std::string> keys;
    for (const auto& k : unset->keys) keys.push_back(AsciiLower(k));
    GT_RETURN_IF_ERROR(catalog_.AlterDatabase(ctx.catalog, name, {}, keys));
  }
  return QueryOutput::AffectedRows(0);
}

Result<QueryOutput> Frontend::Impl::RunAlterTable(const sql::AlterTableStatement& s,
                                                  QueryContext& ctx) {
  TableName name = Resolve(s.table, ctx);
  GT_ASSIGN_OR_RETURN(auto current, catalog_.GetTable(name.catalog, name.schema, name.table));
  if (const auto* r = std::get_if<sql::RenameTableOp>(&s.op)) {
    GT_RETURN_IF_ERROR(
        catalog_.RenameTable(name.catalog, name.schema, name.table, r->new_name.back().value)
            .status());
    return QueryOutput::AffectedRows(0);
  }
  const bool physical_metric = current->engine == "metric" &&
                               current->options.raw.count("physical_metric_table") != 0;
  const bool logical_metric = current->engine == "metric" &&
                              current->options.raw.count("on_physical_table") != 0;
  if (physical_metric && std::holds_alternative<sql::AddColumnsOp>(s.op)) {
    return Status::Unsupported("Alter request to physical region is forbidden");
  }
  catalog::TableInfo updated = *current;
  std::vector<std::variant<storage::AlterRequest::AddColumn, storage::AlterRequest::DropColumn,
                           storage::AlterRequest::SetOptions>>
      changes;
  auto find = [&](const std::string& col) -> storage::ColumnMetadata* {
    for (auto& c : updated.columns) {
      if (c.column_schema.name == col) return &c;
    }
    return nullptr;
  };
  auto not_found = [&](const std::string& col) {
    return Status(StatusCode::kTableColumnNotFound,
                  fmt::format("Column {} not exists in table {}", col, name.table));
  };
  if (const auto* add = std::get_if<sql::AddColumnsOp>(&s.op)) {
    for (const auto& ac : add->columns) {
      if (find(ac.column.name.value) != nullptr) {
        if (ac.if_not_exists) continue;
        return Status(StatusCode::kTableColumnExists,
                      fmt::format("Column {} already exists in table {}", ac.column.name.value,
                                  name.table));
      }
      if (ac.column.time_index) {
        return Status::InvalidArguments("Cannot add a time index column");
      }
      GT_ASSIGN_OR_RETURN(types::ColumnSchema cs,
                          ColumnFromDef(ac.column, ac.column.primary_key, false, ctx));
      if (!cs.nullable && !cs.default_value.has_default()) {
        return Status::InvalidArguments(
            "Cannot add column {}: a NOT NULL column needs a default value", cs.name);
      }
      storage::ColumnMetadata md;
      md.column_schema = cs;
      md.column_id = updated.next_column_id++;
      size_t pos = updated.columns.size();
      if (ac.location == sql::AddColumn::Location::kFirst) {
        pos = 0;
      } else if (ac.location == sql::AddColumn::Location::kAfter) {
        pos = updated.columns.size();
        for (size_t i = 0; i < updated.columns.size(); ++i) {
          if (updated.columns[i].column_schema.name == ac.after.value) pos = i + 1;
        }
        if (find(ac.after.value) == nullptr) return not_found(ac.after.value);
      }
      updated.columns.insert(updated.columns.begin() + pos, md);
      if (cs.is_tag()) updated.primary_key.push_back(cs.name);
      changes.push_back(storage::AlterRequest::AddColumn{cs});
    }
  } else if (const auto* drop = std::get_if<sql::DropColumnOp>(&s.op)) {
    const std::string& col = drop->column.value;
    auto* c = find(col);
    if (c == nullptr) return not_found(col);
    if (c->column_schema.is_tag() || c->column_schema.is_time_index()) {
      return Status::InvalidArguments("Not allowed to remove index column {} from table {}", col,
                                      name.table);
    }
    updated.columns.erase(updated.columns.begin() + (c - updated.columns.data()));
    changes.push_back(storage::AlterRequest::DropColumn{col});
  } else if (const auto* mod = std::get_if<sql::ModifyColumnTypeOp>(&s.op)) {
    (void)mod;
    return Status::Unsupported("ALTER TABLE MODIFY COLUMN type is not supported yet");
  } else if (const auto* sd = std::get_if<sql::SetColumnDefaultsOp>(&s.op)) {
    for (const auto& d : sd->defaults) {
      auto* c = find(d.column.value);
      if (c == nullptr) return not_found(d.column.value);
      sql::ColumnDef def;
      def.name = d.column;
      def.type.text = c->column_schema.type.SqlName();
      def.nullable = c->column_schema.nullable;
      def.default_value = sql::Clone(*d.value);
      GT_ASSIGN_OR_RETURN(types::ColumnSchema cs, ColumnFromDef(def, false, false, ctx));
      c->column_schema.default_value = cs.default_value;
    }
  } else if (const auto* dd = std::get_if<sql::DropColumnDefaultsOp>(&s.op)) {
    for (const auto& col : dd->columns) {
      auto* c = find(col.value);
      if (c == nullptr) return not_found(col.value);
      c->column_schema.default_value = types::ColumnDefault();
    }
  } else if (const auto* so = std::get_if<sql::SetTableOptionsOp>(&s.op)) {
    auto changes = ToOptionMap(so->options);
    auto am = changes.find("append_mode");
    if (am != changes.end() && current->options.append_mode && AsciiLower(am->second) == "false") {
      return Status::InvalidArguments(
          "Invalid alter table options: append_mode cannot be changed from true to false");
    }
    GT_ASSIGN_OR_RETURN(updated.options, updated.options.WithChanges(changes, {}));
  } else if (const auto* uo = std::get_if<sql::UnsetTableOptionsOp>(&s.op)) {
    std::vector<std::string> keys;
    for (const auto& k : uo->keys) keys.push_back(AsciiLower(k));
    GT_ASSIGN_OR_RETURN(updated.options, updated.options.WithChanges({}, keys));
  } else {
    return Status::Unsupported("This ALTER TABLE form is not supported yet");
  }
  if (logical_metric) {
    for (const auto& c : changes) {
      const auto* add = std::get_if<storage::AlterRequest::AddColumn>(&c);
      if (add != nullptr && (!add->column.is_tag() || !add->column.type.is_string())) {
        return Status::InvalidArguments(
            "Only STRING PRIMARY KEY columns can be added to a logical metric table, got {}",
            add->column.name);
      }
      if (std::holds_alternative<storage::AlterRequest::DropColumn>(c)) {
        return Status::Unsupported("Dropping columns of a logical metric table is not supported");
      }
    }
    std::stable_sort(updated.columns.begin(), updated.columns.end(),
                     [](const storage::ColumnMetadata& a, const storage::ColumnMetadata& b) {
                       return a.column_schema.name < b.column_schema.name;
                     });
    std::sort(updated.primary_key.begin(), updated.primary_key.end());
  }
  GT_RETURN_IF_ERROR(updated.Validate());
  // Regions first: a failed region change leaves the catalog untouched.
  std::vector<storage::AlterRequest> region_changes;
  for (uint32_t rn : updated.region_numbers) {
    storage::AlterRequest req;
    req.region_id = storage::RegionId(updated.id, rn);
    for (const auto& c : changes) req.changes.push_back(c);
    if (std::holds_alternative<sql::SetTableOptionsOp>(s.op) ||
        std::holds_alternative<sql::UnsetTableOptionsOp>(s.op)) {
      std::optional<catalog::DatabaseOptions> dbopts;
      auto db = catalog_.GetDatabase(updated.catalog, updated.schema);
      if (db.ok()) dbopts = db->options;
      GT_ASSIGN_OR_RETURN(auto md, catalog::ToRegionMetadata(updated, rn, dbopts ? &*dbopts : nullptr));
      req.changes.push_back(storage::AlterRequest::SetOptions{md->options()});
    }
    if (req.changes.empty()) continue;
    region_changes.push_back(std::move(req));
  }
  catalog::TableInfoPtr stored;
  if (options_.ddl != nullptr) {
    auto altered =
        options_.ddl->AlterTable(*current, std::move(updated), std::move(region_changes));
    catalog_.InvalidateCache();
    GT_ASSIGN_OR_RETURN(stored, std::move(altered));
  } else {
    for (const storage::AlterRequest& req : region_changes) {
      GT_RETURN_IF_ERROR(regions_.Handle(req).status());
    }
    GT_ASSIGN_OR_RETURN(stored, catalog_.UpdateTableInfo(*current, std::move(updated)));
  }
  if (logical_metric) GT_RETURN_IF_ERROR(RefreshPhysicalTable(*stored));
  return QueryOutput::AffectedRows(0);
}

Result<QueryOutput> Frontend::Impl::RunDrop(const sql::DropStatement& s, QueryContext& ctx) {
  if (s.kind == sql::ObjectKind::kDatabase) {
    for (const auto& n : s.names) {
      std::string db = n.back().value;
      if (db == ctx.database && db != "public") {
        // GreptimeDB refuses to drop the session's database.
        return Status::InvalidArguments("Schema `{}` is in use", db);
      }
      if (options_.ddl != nullptr) {
        // A cluster: each table through the metasrv's DROP TABLE procedure first (its regions
        // are found through the table route, which the database drop below would remove).
        auto listed = catalog_.ListTables(ctx.catalog, db);
        if (listed.ok()) {
          std::vector<catalog::TableInfoPtr> tables = *listed;
          std::stable_partition(tables.begin(), tables.end(), [](const catalog::TableInfoPtr& t) {
            return t->options.raw.count("physical_metric_table") == 0;
          });
          for (const auto& t : tables) {
            Status st = options_.ddl->DropTable(t->catalog, t->schema, t->name, true).status();
            catalog_.InvalidateCache();
            GT_RETURN_IF_ERROR(st);
          }
        }
      }
      GT_ASSIGN_OR_RETURN(auto tables, catalog_.DropDatabase(ctx.catalog, db, s.if_exists));
      // Logical metric tables before the physical tables they live in.
      std::stable_partition(tables.begin(), tables.end(), [](const catalog::TableInfoPtr& t) {
        return t->options.raw.count("physical_metric_table") == 0;
      });
      for (const auto& t : tables) {
        Status st = DropRegions(*t);
        if (!st.ok()) GT_LOG_WARN("drop regions of {}: {}", t->FullName(), st.ToString());
      }
    }
    return QueryOutput::AffectedRows(0);
  }
  if (s.kind != sql::ObjectKind::kTable) {
    return Status::Unsupported("DROP VIEW / FLOW is not supported yet");
  }
  for (const auto& n : s.names) {
    TableName name = Resolve(n, ctx);
    if (auto existing = catalog_.GetTable(name.catalog, name.schema, name.table); existing.ok()) {
      GT_RETURN_IF_ERROR(CheckPhysicalUnused(**existing));
    }
    GT_RETURN_IF_ERROR(
        DropTableAndRegions(name.catalog, name.schema, name.table, s.if_exists).status());
  }
  return QueryOutput::AffectedRows(0);
}

Result<QueryOutput> Frontend::Impl::RunComment(const sql::CommentStatement& s,
                                               QueryContext& ctx) {
  if (s.target != sql::ObjectKind::kTable) {
    return Status::Unsupported("COMMENT ON FLOW is not supported yet");
  }
  sql::ObjectName table = s.object;
  std::string column;
  if (s.column) {
    if (table.parts.size() < 2) return Status::InvalidArguments("COMMENT ON COLUMN needs table.column");
    column = table.parts.back().value;
    table.parts.pop_back();
  }
  TableName name = Resolve(table, ctx);
  GT_ASSIGN_OR_RETURN(auto current, catalog_.GetTable(name.catalog, name.schema, name.table));
  catalog::TableInfo updated = *current;
  if (s.column) {
    bool found = false;
    for (auto& c : updated.columns) {
      if (c.column_schema.name == column) {
        c.column_schema.comment = s.comment.value_or("");
        found = true;
      }
    }
    if (!found) {
      return Status(StatusCode::kTableColumnNotFound,
                    fmt::format("Column {} not exists in table {}", column, name.table));
    }
  } else {
    updated.comment = s.comment.value_or("");
  }
  GT_RETURN_IF_ERROR(catalog_.UpdateTableInfo(*current, std::move(updated)).status());
  return QueryOutput::AffectedRows(0);
}

Result<QueryOutput> Frontend::Impl::RunTruncate(const sql::TruncateStatement& s,
                                                QueryContext& ctx) {
  TableName name = Resolve(s.table, ctx);
  GT_ASSIGN_OR_RETURN(auto info, catalog_.GetTable(name.catalog, name.schema, name.table));
  if (options_.ddl != nullptr) {
    GT_RETURN_IF_ERROR(options_.ddl->TruncateTable(*info));
    return QueryOutput::AffectedRows(0);
  }
  for (uint32_t rn : info->region_numbers) {
    GT_RETURN_IF_ERROR(
        regions_.Handle(storage::TruncateRequest{storage::RegionId(info->id, rn)}).status());
  }
  return QueryOutput::AffectedRows(0);
}

}  // namespace greptime::frontend
