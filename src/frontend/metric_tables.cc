// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Metric-engine tables seen from the frontend (spec/sql.md ENGINE=metric, spec/ingestion.md
// §3.3). The engine (src/metric_engine) stores logical regions in the physical table's data
// region; here the catalog side is kept in step: logical tables' columns are ordered by name and
// checked against the physical table, the physical table's stored columns follow its data
// region, a physical table in use cannot be dropped, and schemaless writes create physical and
// logical tables on demand.
#include <algorithm>
#include <mutex>

#include "common/logging.h"
#include "common/strings.h"
#include "frontend/frontend_impl.h"
#include "metric_engine/metric_engine.h"

namespace greptime::frontend {
namespace {

constexpr std::string_view kPhysicalOption = metric_engine::kPhysicalTableOption;
constexpr std::string_view kOnPhysicalOption = "on_physical_table";

bool IsPhysical(const catalog::TableInfo& t) {
  return t.engine == metric_engine::kEngineName && t.options.raw.count(kPhysicalOption) != 0;
}

const std::string* OnPhysical(const catalog::TableInfo& t) {
  if (t.engine != metric_engine::kEngineName) return nullptr;
  auto it = t.options.raw.find(kOnPhysicalOption);
  return it == t.options.raw.end() ? nullptr : &it->second;
}

// How GreptimeDB (Arrow) prints a data type in metric-engine errors.
std::string ArrowDebug(const types::DataType& type) {
  switch (type.id()) {
    case types::TypeId::kString:
      return "String(StringType { size_type: Utf8 })";
    case types::TypeId::kTimestamp:
      return fmt::format("Timestamp{}(Timestamp{}Type)", type.Name().substr(9),
                         type.Name().substr(9));
    default:
      return fmt::format("{}({}Type)", type.Name(), type.Name());
  }
}

std::string_view UnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return "Second";
    case TimeUnit::kMillisecond:
      return "Millisecond";
    case TimeUnit::kMicrosecond:
      return "Microsecond";
    default:
      return "Nanosecond";
  }
}

// Tables created by schemaless writes list the time index, the value, then the tags by name
// (spec/ingestion.md §3.3, §4.2); SQL-created logical tables list every column by name.
void OrderSchemalessColumns(catalog::TableInfo& info) {
  auto rank = [](const types::ColumnSchema& c) {
    return c.is_time_index() ? 0 : (c.is_tag() ? 2 : 1);
  };
  std::stable_sort(info.columns.begin(), info.columns.end(),
                   [&](const storage::ColumnMetadata& a, const storage::ColumnMetadata& b) {
                     int ra = rank(a.column_schema), rb = rank(b.column_schema);
                     if (ra != rb) return ra < rb;
                     return ra == 2 && a.column_schema.name < b.column_schema.name;
                   });
  std::sort(info.primary_key.begin(), info.primary_key.end());
}

// Serialises schema changes of schemaless metric writes (physical and logical tables).
std::mutex& MetricSchemaMutex() {
  static std::mutex mu;
  return mu;
}

}  // namespace

Result<storage::EngineOptions> Frontend::Impl::EngineOptionsFor(const catalog::TableInfo& info,
                                                                uint32_t rn) {
  storage::EngineOptions options;
  if (info.engine != metric_engine::kEngineName) return options;
  if (IsPhysical(info)) {
    options[std::string(kPhysicalOption)] = "";
    return options;
  }
  const std::string* physical_name = OnPhysical(info);
  if (physical_name == nullptr) {
    return Status::InvalidArguments(
        "Missing table option `physical_metric_table` or `on_physical_table` for a metric "
        "engine table {}",
        info.name);
  }
  GT_ASSIGN_OR_RETURN(auto physical, catalog_.GetTable(info.catalog, info.schema, *physical_name));
  if (!IsPhysical(*physical)) {
    return Status::InvalidArguments("Table {} is not a physical metric table", *physical_name);
  }
  uint32_t physical_rn = physical->region_numbers.empty() ? 0 : physical->region_numbers[0];
  if (std::find(physical->region_numbers.begin(), physical->region_numbers.end(), rn) !=
      physical->region_numbers.end()) {
    physical_rn = rn;
  }
  options[metric_engine::kOnPhysicalRegionOption] =
      std::to_string(storage::RegionId(physical->id, physical_rn).value());
  return options;
}

Status Frontend::Impl::PrepareLogicalTable(catalog::TableInfo& info) {
  const std::string* physical_name = OnPhysical(info);
  if (physical_name == nullptr) return Status::OK();
  if (info.options.raw.count(kPhysicalOption) != 0) {
    return Status::InvalidArguments(
        "A metric table cannot have both `physical_metric_table` and `on_physical_table`");
  }
  auto physical = catalog_.GetTable(info.catalog, info.schema, *physical_name);
  if (!physical.ok()) {
    if (physical.status().code() == StatusCode::kTableNotFound) {
      return Status(StatusCode::kTableNotFound,
                    fmt::format("Physical table not found: {}", *physical_name));
    }
    return physical.status();
  }
  const catalog::TableInfo& phy = **physical;
  if (!IsPhysical(phy)) {
    return Status::InvalidArguments("Table {} is not a physical metric table", *physical_name);
  }
  if (info.partition) {
    return Status::InvalidArguments(
        "A logical metric table takes the partitions of its physical table");
  }
  for (const auto& c : info.columns) {
    const types::ColumnSchema& cs = c.column_schema;
    const storage::ColumnMetadata* have = phy.FindColumn(cs.name);
    if (cs.is_time_index()) {
      const storage::ColumnMetadata* ts = phy.FindColumn(phy.time_index);
      if (ts != nullptr && ts->column_schema.type.time_unit() != cs.type.time_unit()) {
        return Status::InvalidArguments(
            "Unexpected request: Metric has differenttime unit ({}) than the physical region "
            "({})",
            UnitName(cs.type.time_unit()), UnitName(ts->column_schema.type.time_unit()));
      }
      if (cs.name != phy.time_index) {
        return Status::InvalidArguments(
            "Time index column {} differs from the physical table's time index {}", cs.name,
            phy.time_index);
      }
      continue;
    }
    if (cs.is_tag()) {
      if (!cs.type.is_string()) {
        return Status::InvalidArguments("Column type mismatch. Expect {}, got {}",
                                        ArrowDebug(types::DataType::String()),
                                        ArrowDebug(cs.type));
      }
      if (have != nullptr && (!have->column_schema.is_tag() || !have->column_schema.type.is_string())) {
        return Status::InvalidArguments("Column type mismatch. Expect {}, got {}",
                                        ArrowDebug(have->column_schema.type), ArrowDebug(cs.type));
      }
      continue;
    }
    if (have == nullptr || have->column_schema.is_tag()) {
      return Status::InvalidArguments("Adding field column {} to physical table", cs.name);
    }
    if (!(have->column_schema.type == cs.type)) {
      return Status::InvalidArguments("Column type mismatch. Expect {}, got {}",
                                      ArrowDebug(have->column_schema.type), ArrowDebug(cs.type));
    }
  }
  // GreptimeDB lists a logical table's columns by name.
  std::stable_sort(info.columns.begin(), info.columns.end(),
                   [](const storage::ColumnMetadata& a, const storage::ColumnMetadata& b) {
                     return a.column_schema.name < b.column_schema.name;
                   });
  std::sort(info.primary_key.begin(), info.primary_key.end());
  info.partition = phy.partition;
  return Status::OK();
}

Status Frontend::Impl::RefreshPhysicalTable(const catalog::TableInfo& logical) {
  const std::string* physical_name = OnPhysical(logical);
  if (physical_name == nullptr) return Status::OK();
  GT_ASSIGN_OR_RETURN(auto physical, catalog_.GetTable(logical.catalog, logical.schema,
                                                       *physical_name));
  if (physical->region_numbers.empty()) return Status::OK();
  GT_ASSIGN_OR_RETURN(storage::RegionMetadataPtr md,
                      regions_.Metadata(storage::RegionId(physical->id,
                                                          physical->region_numbers[0])));
  catalog::TableInfo updated = *physical;
  // Columns the table already lists keep their place (and comments, defaults); new ones follow
  // in the data region's order.
  std::vector<storage::ColumnMetadata> columns;
  for (const auto& c : physical->columns) {
    if (md->ColumnByName(c.column_schema.name) != nullptr) columns.push_back(c);
  }
  for (const auto& c : md->columns()) {
    bool listed = std::any_of(columns.begin(), columns.end(), [&](const auto& have) {
      return have.column_schema.name == c.column_schema.name;
    });
    if (!listed) columns.push_back(c);
  }
  updated.columns = std::move(columns);
  updated.primary_key.clear();
  for (uint32_t id : md->primary_key()) {
    updated.primary_key.push_back(md->ColumnById(id)->column_schema.name);
  }
  updated.next_column_id = std::max(updated.next_column_id, md->max_column_id() + 1);
  if (updated.columns == physical->columns && updated.primary_key == physical->primary_key) {
    return Status::OK();
  }
  return catalog_.UpdateTableInfo(*physical, std::move(updated)).status();
}

Status Frontend::Impl::CheckWritable(const catalog::TableInfo& table) {
  if (IsPhysical(table)) {
    return Status::Unsupported("Write request to physical region is forbidden");
  }
  return Status::OK();
}

Status Frontend::Impl::CheckPhysicalUnused(const catalog::TableInfo& physical) {
  if (!IsPhysical(physical)) return Status::OK();
  GT_ASSIGN_OR_RETURN(auto tables, catalog_.ListTables(physical.catalog, physical.schema));
  for (const auto& t : tables) {
    const std::string* on = OnPhysical(*t);
    if (on != nullptr && *on == physical.name) {
      return Status::InvalidArguments(
          "Physical region is busy, there are still some logical regions using it");
    }
  }
  return Status::OK();
}

Result<catalog::TableInfoPtr> Frontend::Impl::EnsureLogicalTable(const RowInsertRequest& req,
                                                                 const QueryContext& ctx) {
  // Fast path, no lock: the logical table exists with every column of the request.
  if (auto existing = catalog_.GetTable(ctx.catalog, ctx.database, req.table); existing.ok()) {
    const catalog::TableInfo& t = **existing;
    bool complete = OnPhysical(t) != nullptr;
    for (const auto& c : req.columns) {
      if (!complete) break;
      const storage::ColumnMetadata* have = t.FindColumn(c.name);
      complete = have != nullptr && have->column_schema.semantic_type == c.semantic &&
                 have->column_schema.type == c.type;
    }
    if (complete) return *existing;
  }
  std::lock_guard<std::mutex> lock(MetricSchemaMutex());
  const RowInsertRequest::Column* ts_column = nullptr;
  const RowInsertRequest::Column* value_column = nullptr;
  for (const auto& c : req.columns) {
    if (c.semantic == types::SemanticType::kTimestamp) ts_column = &c;
    if (c.semantic == types::SemanticType::kField) value_column = &c;
  }
  if (ts_column == nullptr || value_column == nullptr) {
    return Status::InvalidArguments("metric write to {} needs a timestamp and a value", req.table);
  }
  // 1. The physical table.
  auto physical = catalog_.GetTable(ctx.catalog, ctx.database, req.physical_table);
  if (!physical.ok() && physical.status().code() != StatusCode::kTableNotFound) {
    return physical.status();
  }
  if (!physical.ok()) {
    catalog::TableInfo info;
    info.catalog = ctx.catalog;
    info.schema = ctx.database;
    info.name = req.physical_table;
    info.engine = std::string(metric_engine::kEngineName);
    storage::ColumnMetadata ts;
    ts.column_schema = {ts_column->name, ts_column->type, false,
                        types::SemanticType::kTimestamp, {}, ""};
    storage::ColumnMetadata value;
    value.column_schema = {value_column->name, value_column->type, true,
                           types::SemanticType::kField, {}, ""};
    info.columns = {ts, value};
    info.time_index = ts_column->name;
    GT_ASSIGN_OR_RETURN(info.options,
                        catalog::TableOptions::Parse({{std::string(kPhysicalOption), ""}}));
    GT_ASSIGN_OR_RETURN(auto created, CreateTableAndRegions(std::move(info), true));
    physical = created.table;
  }
  if (!IsPhysical(**physical)) {
    return Status::InvalidArguments("Table {} is not a physical metric table",
                                    req.physical_table);
  }

  // 2. The logical table.
  auto existing = catalog_.GetTable(ctx.catalog, ctx.database, req.table);
  if (!existing.ok() && existing.status().code() != StatusCode::kTableNotFound) {
    return existing.status();
  }
  if (!existing.ok()) {
    catalog::TableInfo info;
    info.catalog = ctx.catalog;
    info.schema = ctx.database;
    info.name = req.table;
    info.engine = std::string(metric_engine::kEngineName);
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
    options[std::string(kOnPhysicalOption)] = req.physical_table;
    GT_ASSIGN_OR_RETURN(info.options, catalog::TableOptions::Parse(options));
    GT_RETURN_IF_ERROR(PrepareLogicalTable(info));
    OrderSchemalessColumns(info);
    GT_ASSIGN_OR_RETURN(auto created, CreateTableAndRegions(std::move(info), true));
    if (created.created) GT_RETURN_IF_ERROR(RefreshPhysicalTable(*created.table));
    return created.table;
  }
  catalog::TableInfoPtr table = *existing;
  const std::string* on = OnPhysical(*table);
  if (on == nullptr) {
    // An existing mito table of that name keeps receiving the metric (as GreptimeDB does).
    return table;
  }
  std::vector<types::ColumnSchema> added;
  for (const auto& c : req.columns) {
    const storage::ColumnMetadata* have = table->FindColumn(c.name);
    if (have == nullptr) {
      if (c.semantic != types::SemanticType::kTag) {
        return Status::InvalidArguments("Adding field column {} to physical table", c.name);
      }
      added.push_back({c.name, c.type, true, c.semantic, {}, ""});
      continue;
    }
    const types::ColumnSchema& cs = have->column_schema;
    if (cs.semantic_type != c.semantic || !(cs.type == c.type)) {
      return Status::InvalidArguments(
          "Invalid request to table {}, reason: column {} expect type {}, given: {}", req.table,
          c.name, cs.type.Name(), c.type.Name());
    }
  }
  if (added.empty()) return table;
  GT_ASSIGN_OR_RETURN(auto result, AddColumns(*table, added, &OrderSchemalessColumns));
  GT_RETURN_IF_ERROR(RefreshPhysicalTable(*result));
  return result;
}

}  // namespace greptime::frontend
