// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// SHOW, DESCRIBE and SHOW CREATE TABLE/DATABASE. Most SHOW statements are projections of the
// information_schema tables (information_schema.cc), as in GreptimeDB; LIKE filters the first
// column, WHERE is evaluated against the output columns.
#include "frontend/introspection.h"

#include <re2/re2.h>

#include <algorithm>
#include <numeric>

#include "common/strings.h"
#include "query/exec/exec_node.h"
#include "query/exec/expr.h"

namespace greptime::frontend {
namespace {

using query::QueryOutput;
using types::DataType;
using types::Value;
namespace sql = query::sql;

constexpr std::string_view kInfoSchema = "information_schema";

bool IsInfoSchema(std::string_view db) { return AsciiLower(db) == kInfoSchema; }

types::ColumnSchema Col(std::string name, DataType type, bool nullable = true) {
  return {std::move(name), type, nullable, types::SemanticType::kField, {}, ""};
}

// SQL LIKE: % any run, _ one character, backslash escapes.
bool LikeMatch(const std::string& text, const std::string& pattern) {
  std::string re = "(?s)";
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      re += RE2::QuoteMeta(std::string(1, pattern[++i]));
    } else if (c == '%') {
      re += ".*";
    } else if (c == '_') {
      re += ".";
    } else {
      re += RE2::QuoteMeta(std::string(1, c));
    }
  }
  RE2 compiled(re);
  return compiled.ok() && RE2::FullMatch(text, compiled);
}

// Rows of `batch` where the WHERE of SHOW holds. `filter_schema` names the columns the WHERE
// may refer to (it may differ from the output names: SHOW TABLES WHERE Tables = ...).
Result<types::RecordBatch> ApplyWhere(const types::RecordBatch& batch,
                                      const types::SchemaPtr& filter_schema, const sql::Expr& where,
                                      const SessionInfo& session) {
  query::PlannerOptions defaults;
  defaults.catalog = session.catalog;
  defaults.database = session.database;
  const query::PlannerOptions& opts =
      session.planner_options != nullptr ? *session.planner_options : defaults;
  GT_ASSIGN_OR_RETURN(auto pred, query::BindExpression(where, *filter_schema, opts));
  GT_ASSIGN_OR_RETURN(auto view, types::RecordBatch::Make(filter_schema, batch.columns()));
  GT_ASSIGN_OR_RETURN(auto keep, query::EvaluateSelection(*pred, view));
  return query::TakeRows(batch, keep);
}

// Applies LIKE (on the first column) or WHERE of `show` to a finished batch. `extra` adds
// columns only the WHERE can see (dropped from the output).
Result<QueryOutput> Finish(types::RecordBatch batch, const sql::ShowStatement* show,
                           const SessionInfo& session,
                           std::vector<std::pair<types::ColumnSchema, size_t>> extra = {}) {
  auto schema = batch.schema();
  if (show != nullptr && show->filter == sql::ShowFilterKind::kLike) {
    std::vector<uint32_t> keep;
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      Value v = batch.column(0)->GetValue(r);
      if (!v.is_null() && LikeMatch(v.ToString(), show->like_pattern)) {
        keep.push_back(static_cast<uint32_t>(r));
      }
    }
    GT_ASSIGN_OR_RETURN(batch, query::TakeRows(batch, keep));
  } else if (show != nullptr && show->filter == sql::ShowFilterKind::kWhere && show->where) {
    std::vector<types::ColumnSchema> cols = schema->columns();
    std::vector<types::ColumnPtr> data = batch.columns();
    for (const auto& [c, source] : extra) {
      cols.push_back(c);
      data.push_back(batch.column(source));
    }
    auto filter_schema = std::make_shared<types::Schema>(std::move(cols));
    GT_ASSIGN_OR_RETURN(auto wide, types::RecordBatch::Make(filter_schema, std::move(data)));
    GT_ASSIGN_OR_RETURN(auto kept, ApplyWhere(wide, filter_schema, *show->where, session));
    std::vector<types::ColumnPtr> out(kept.columns().begin(),
                                      kept.columns().begin() + schema->num_columns());
    GT_ASSIGN_OR_RETURN(batch, types::RecordBatch::Make(schema, std::move(out)));
  }
  return QueryOutput::Records(schema, {std::move(batch)});
}

Result<QueryOutput> FinishRows(std::vector<types::ColumnSchema> cols,
                               const std::vector<std::vector<Value>>& rows,
                               const sql::ShowStatement* show, const SessionInfo& session) {
  auto schema = std::make_shared<types::Schema>(std::move(cols));
  GT_ASSIGN_OR_RETURN(auto batch, types::RecordBatch::FromRows(schema, rows));
  return Finish(std::move(batch), show, session);
}

// All rows of an information_schema table.
Result<types::RecordBatch> ScanInfo(std::string_view table, const SessionInfo& session,
                                    catalog::CatalogManager& catalog,
                                    datanode::RegionHandler* regions) {
  GT_ASSIGN_OR_RETURN(auto source, GetInformationSchemaTable(table, session, catalog, regions));
  GT_ASSIGN_OR_RETURN(auto node, source->Scan(query::ScanHints{}));
  return query::CollectConcatenated(*node, 0, table);
}

size_t ColumnIndex(const types::RecordBatch& b, std::string_view name) {
  const auto& cols = b.schema()->columns();
  for (size_t i = 0; i < cols.size(); ++i) {
    if (cols[i].name == name) return i;
  }
  GT_CHECK(false && "information_schema column missing");
  return 0;
}

std::string StringAt(const types::RecordBatch& b, size_t col, size_t row) {
  Value v = b.column(col)->GetValue(row);
  return v.is_null() ? std::string() : v.ToString();
}

// Rows whose `column` equals one of `values`, in their original order.
std::vector<uint32_t> RowsWhere(const types::RecordBatch& b, std::string_view column,
                                const std::string& value) {
  size_t c = ColumnIndex(b, column);
  std::vector<uint32_t> rows;
  for (size_t r = 0; r < b.num_rows(); ++r) {
    if (StringAt(b, c, r) == value) rows.push_back(static_cast<uint32_t>(r));
  }
  return rows;
}

// `names` columns of `b` (rows `rows`) under new names.
Result<types::RecordBatch> Project(const types::RecordBatch& b, const std::vector<uint32_t>& rows,
                                   const std::vector<std::pair<std::string, std::string>>& names) {
  GT_ASSIGN_OR_RETURN(auto taken, query::TakeRows(b, rows));
  std::vector<types::ColumnSchema> cols;
  std::vector<types::ColumnPtr> data;
  for (const auto& [out, in] : names) {
    size_t i = ColumnIndex(b, in);
    types::ColumnSchema c = b.schema()->column(i);
    c.name = out;
    cols.push_back(std::move(c));
    data.push_back(taken.column(i));
  }
  return types::RecordBatch::Make(std::make_shared<types::Schema>(std::move(cols)),
                                  std::move(data));
}

std::string QuoteIdent(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string QuoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Option values as GreptimeDB prints them: single-quoted, backslashes doubled.
std::string QuoteOptionValue(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "''";
    else if (c == '\\')
      out += "\\\\";
    else
      out += c;
  }
  return out + "'";
}

std::string OptionKey(const std::string& k) {
  return k.find('.') != std::string::npos ? QuoteString(k) : k;
}

std::string ReadableSize(uint64_t bytes) {
  const char* units[] = {"PiB", "TiB", "GiB", "MiB", "KiB"};
  for (int i = 0; i < 5; ++i) {
    uint64_t unit = uint64_t{1} << (10 * (5 - i));
    if (bytes >= unit) {
      return fmt::format("{:.1f}{}", static_cast<double>(bytes) / static_cast<double>(unit),
                         units[i]);
    }
  }
  return fmt::format("{}B", bytes);
}

std::string NormalizedTtl(const std::string& raw) {
  auto parsed = catalog::TimeToLive::Parse(raw);
  return parsed.ok() ? parsed->ToString() : raw;
}

// "`id` < 5" → "id < 5": identifiers unquoted outside string literals, as GreptimeDB re-renders
// partition rules.
std::string UnquotePartitionExpr(const std::string& expr) {
  std::string out;
  bool in_string = false;
  for (char c : expr) {
    if (c == '\'') in_string = !in_string;
    if (!in_string && (c == '`' || c == '"')) continue;
    out += c;
  }
  return out;
}

// Index options with GreptimeDB's defaults filled in, keys sorted.
std::string IndexOptions(const catalog::OptionMap& given, const catalog::OptionMap& defaults) {
  std::map<std::string, std::string> all(defaults.begin(), defaults.end());
  for (const auto& [k, v] : given) all[AsciiLower(k)] = v;
  std::string out;
  for (const auto& [k, v] : all) out += (out.empty() ? "" : ", ") + k + " = " + QuoteString(v);
  return out;
}

std::string PgTypeName(const DataType& t) {
  switch (t.id()) {
    case types::TypeId::kBoolean:
      return "BOOL";
    case types::TypeId::kInt8:
    case types::TypeId::kUInt8:
      return "CHAR";
    case types::TypeId::kInt16:
    case types::TypeId::kUInt16:
      return "INT2";
    case types::TypeId::kInt32:
    case types::TypeId::kUInt32:
      return "INT4";
    case types::TypeId::kInt64:
    case types::TypeId::kUInt64:
      return "INT8";
    case types::TypeId::kFloat32:
      return "FLOAT4";
    case types::TypeId::kFloat64:
      return "FLOAT8";
    case types::TypeId::kString:
      return "VARCHAR";
    case types::TypeId::kBinary:
    case types::TypeId::kVector:
      return "BYTEA";
    case types::TypeId::kDate:
      return "DATE";
    case types::TypeId::kTimestamp:
      return "TIMESTAMP";
    case types::TypeId::kIntervalMonthDayNano:
      return "INTERVAL";
    case types::TypeId::kDecimal128:
      return "NUMERIC";
    case types::TypeId::kJson:
      return "JSON";
    default:
      return "VARCHAR";
  }
}

std::string ShowCreateForeignTable(const catalog::TableInfo& info) {
  std::string s = "CREATE FOREIGN TABLE ft_" + info.name + " (\n";
  for (size_t i = 0; i < info.columns.size(); ++i) {
    const auto& c = info.columns[i].column_schema;
    s += "  " + QuoteIdent(c.name) + " " + PgTypeName(c.type) +
         (i + 1 < info.columns.size() ? ",\n" : "\n");
  }
  return s + ")\nSERVER greptimedb\nOPTIONS (table_name " + QuoteString(info.name) + ")";
}

// The columns of [db.]table: a catalog table, an information_schema table or public.numbers.
struct ResolvedTable {
  std::string schema;
  std::string name;
  std::vector<types::ColumnSchema> columns;
  catalog::TableInfoPtr info;  // null for virtual tables
};

Result<ResolvedTable> ResolveTable(const sql::ObjectName& name, const SessionInfo& s,
                                   catalog::CatalogManager& catalog,
                                   const std::optional<sql::ObjectName>& db = std::nullopt) {
  if (name.parts.empty()) return Status::InvalidArguments("missing table name");
  std::string cat = s.catalog, schema = s.database, table = name.back().value;
  if (db && !db->parts.empty()) schema = db->back().value;
  const auto& p = name.parts;
  if (p.size() >= 2) schema = p[p.size() - 2].value;
  if (p.size() >= 3) cat = p[p.size() - 3].value;
  ResolvedTable out;
  out.schema = schema;
  out.name = table;
  if (IsInfoSchema(schema)) {
    SessionInfo info_session = s;
    info_session.catalog = cat;
    auto source = GetInformationSchemaTable(table, info_session, catalog, nullptr);
    if (!source.ok()) {
      return Status(StatusCode::kTableNotFound,
                    fmt::format("Table not found: {}.{}.{}", cat, schema, table));
    }
    out.columns = (*source)->schema()->columns();
    out.name = AsciiLower(table);
    return out;
  }
  auto info = catalog.GetTable(cat, schema, table);
  if (!info.ok()) {
    if (info.status().code() == StatusCode::kTableNotFound && cat == catalog::kDefaultCatalog &&
        schema == catalog::kDefaultSchema && table == "numbers") {
      out.columns.push_back(
          {"number", DataType::UInt32(), false, types::SemanticType::kTag, {}, ""});
      return out;
    }
    return info.status();
  }
  out.info = *info;
  for (const auto& c : (*info)->columns) out.columns.push_back(c.column_schema);
  return out;
}

std::string SemanticName(const types::ColumnSchema& c) {
  if (c.is_time_index()) return "TIMESTAMP";
  if (c.is_tag()) return "TAG";
  return "FIELD";
}

std::string DefaultText(const types::ColumnSchema& c) {
  return c.default_value.has_default() ? c.default_value.ToDescString() : "";
}

std::string ShowDatabaseName(const sql::ShowStatement& show, const SessionInfo& session) {
  return show.database && !show.database->parts.empty() ? show.database->back().value
                                                        : session.database;
}

Status CheckDatabase(catalog::CatalogManager& catalog, const std::string& cat,
                     const std::string& db) {
  if (IsInfoSchema(db)) return Status::OK();
  GT_ASSIGN_OR_RETURN(bool exists, catalog.DatabaseExists(cat, db));
  if (!exists) return catalog::DatabaseNotFoundError(cat, db);
  return Status::OK();
}

// information_schema.tables rows of database `db`, sorted by table name.
Result<std::pair<types::RecordBatch, std::vector<uint32_t>>> TablesOf(
    const std::string& db, const SessionInfo& session, catalog::CatalogManager& catalog,
    datanode::RegionHandler* regions) {
  GT_RETURN_IF_ERROR(CheckDatabase(catalog, session.catalog, db));
  GT_ASSIGN_OR_RETURN(auto tables, ScanInfo("tables", session, catalog, regions));
  std::string key = IsInfoSchema(db) ? std::string(kInfoSchema) : db;
  std::vector<uint32_t> rows = RowsWhere(tables, "table_schema", key);
  size_t name = ColumnIndex(tables, "table_name");
  std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
    return StringAt(tables, name, a) < StringAt(tables, name, b);
  });
  return std::make_pair(std::move(tables), std::move(rows));
}

Result<QueryOutput> ShowDatabases(const sql::ShowStatement& show, const SessionInfo& session,
                                  catalog::CatalogManager& catalog) {
  GT_ASSIGN_OR_RETURN(auto schemata, ScanInfo("schemata", session, catalog, nullptr));
  std::vector<uint32_t> rows(schemata.num_rows());
  std::iota(rows.begin(), rows.end(), 0);
  std::vector<std::pair<std::string, std::string>> cols{{"Database", "schema_name"}};
  if (show.full) cols.push_back({"Options", "options"});
  GT_ASSIGN_OR_RETURN(auto batch, Project(schemata, rows, cols));
  return Finish(std::move(batch), &show, session);
}

Result<QueryOutput> ShowTables(const sql::ShowStatement& show, const SessionInfo& session,
                               catalog::CatalogManager& catalog, datanode::RegionHandler* regions) {
  std::string db = ShowDatabaseName(show, session);
  GT_ASSIGN_OR_RETURN(auto t, TablesOf(db, session, catalog, regions));
  std::vector<std::pair<std::string, std::string>> cols{{"Tables_in_" + db, "table_name"}};
  if (show.full) cols.push_back({"Table_type", "table_type"});
  GT_ASSIGN_OR_RETURN(auto batch, Project(t.first, t.second, cols));
  // GreptimeDB rewrites a WHERE on `Tables` to the name column.
  return Finish(std::move(batch), &show, session, {{Col("Tables", DataType::String()), 0}});
}

Result<QueryOutput> ShowTableStatus(const sql::ShowStatement& show, const SessionInfo& session,
                                    catalog::CatalogManager& catalog,
                                    datanode::RegionHandler* regions) {
  std::string db = ShowDatabaseName(show, session);
  GT_ASSIGN_OR_RETURN(auto t, TablesOf(db, session, catalog, regions));
  GT_ASSIGN_OR_RETURN(auto batch, Project(t.first, t.second,
                                          {{"Name", "table_name"},
                                           {"Engine", "engine"},
                                           {"Version", "version"},
                                           {"Row_format", "row_format"},
                                           {"Rows", "table_rows"},
                                           {"Avg_row_length", "avg_row_length"},
                                           {"Data_length", "data_length"},
                                           {"Max_data_length", "max_data_length"},
                                           {"Index_length", "index_length"},
                                           {"Data_free", "data_free"},
                                           {"Auto_increment", "auto_increment"},
                                           {"Create_time", "create_time"},
                                           {"Update_time", "update_time"},
                                           {"Check_time", "check_time"},
                                           {"Collation", "table_collation"},
                                           {"Checksum", "checksum"},
                                           {"Create_options", "create_options"},
                                           {"Comment", "table_comment"}}));
  return Finish(std::move(batch), &show, session);
}

Result<QueryOutput> ShowColumns(const sql::ShowStatement& show, const SessionInfo& session,
                                catalog::CatalogManager& catalog) {
  if (!show.object) {
    return Status(StatusCode::kInvalidSyntax,
                  "Unexpected token while parsing SQL statement, expected: '{FROM | IN} table', "
                  "found: ;");
  }
  GT_ASSIGN_OR_RETURN(auto table, ResolveTable(*show.object, session, catalog, show.database));
  std::vector<types::ColumnSchema> cols;
  auto S = DataType::String();
  cols.push_back(Col("Field", S, false));
  cols.push_back(Col("Type", S, false));
  if (show.full) cols.push_back(Col("Collation", S));
  for (const char* c : {"Null", "Key", "Default"})
    cols.push_back(Col(c, S, std::string(c) == "Default"));
  if (show.full) {
    cols.push_back(Col("Comment", S));
    cols.push_back(Col("Privileges", S, false));
  }
  cols.push_back(Col("Extra", S, false));
  cols.push_back(Col("Greptime_type", S, false));
  std::vector<types::ColumnSchema> sorted = table.columns;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.name < b.name; });
  std::vector<std::vector<Value>> rows;
  for (const auto& c : sorted) {
    std::vector<Value> row{Value::String(c.name), Value::String(c.type.MysqlName())};
    if (show.full) row.push_back(c.type.is_string() ? Value::String("utf8_bin") : Value());
    row.push_back(Value::String(c.nullable ? "YES" : "NO"));
    row.push_back(Value::String(c.is_tag() ? "PRI" : (c.is_time_index() ? "TIME INDEX" : "")));
    row.push_back(Value::String(DefaultText(c)));
    if (show.full) {
      row.push_back(Value::String(c.comment));
      row.push_back(Value::String("select,insert"));
    }
    row.push_back(Value::String(""));
    row.push_back(Value::String(c.type.Name()));
    rows.push_back(std::move(row));
  }
  return FinishRows(std::move(cols), rows, &show, session);
}

Result<QueryOutput> ShowIndex(const sql::ShowStatement& show, const SessionInfo& session,
                              catalog::CatalogManager& catalog, datanode::RegionHandler* regions) {
  if (!show.object) {
    return Status(StatusCode::kInvalidSyntax,
                  "Unexpected token while parsing SQL statement, expected: '{FROM | IN} table', "
                  "found: ;");
  }
  if (show.filter == sql::ShowFilterKind::kLike) {
    return Status(StatusCode::kUnsupported, "SHOW INDEX does not support LIKE, use WHERE");
  }
  GT_ASSIGN_OR_RETURN(auto table, ResolveTable(*show.object, session, catalog, show.database));
  GT_ASSIGN_OR_RETURN(auto stats, ScanInfo("statistics", session, catalog, regions));
  size_t schema_col = ColumnIndex(stats, "table_schema");
  size_t index_col = ColumnIndex(stats, "index_name");
  size_t seq_col = ColumnIndex(stats, "seq_in_index");
  size_t column_col = ColumnIndex(stats, "column_name");
  std::vector<uint32_t> rows;
  for (uint32_t r : RowsWhere(stats, "table_name", table.name)) {
    if (StringAt(stats, schema_col, r) == table.schema) rows.push_back(r);
  }
  std::stable_sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
    auto key = [&](uint32_t r) {
      return std::make_tuple(StringAt(stats, index_col, r),
                             stats.column(seq_col)->GetValue(r).is_null()
                                 ? 0
                                 : std::stoll(StringAt(stats, seq_col, r)),
                             StringAt(stats, column_col, r));
    };
    return key(a) < key(b);
  });
  GT_ASSIGN_OR_RETURN(auto batch, Project(stats, rows,
                                          {{"Table", "table_name"},
                                           {"Non_unique", "non_unique"},
                                           {"Key_name", "index_name"},
                                           {"Seq_in_index", "seq_in_index"},
                                           {"Column_name", "column_name"},
                                           {"Collation", "collation"},
                                           {"Cardinality", "cardinality"},
                                           {"Sub_part", "sub_part"},
                                           {"Packed", "packed"},
                                           {"Null", "nullable"},
                                           {"Index_type", "index_type"},
                                           {"Comment", "comment"},
                                           {"Index_comment", "index_comment"},
                                           {"Visible", "is_visible"},
                                           {"Expression", "expression"}}));
  return Finish(std::move(batch), &show, session);
}

Result<QueryOutput> ShowRegion(const sql::ShowStatement& show, const SessionInfo& session,
                               catalog::CatalogManager& catalog, datanode::RegionHandler* regions) {
  if (!show.object) return Status::InvalidArguments("SHOW REGION needs a table");
  GT_ASSIGN_OR_RETURN(auto table, ResolveTable(*show.object, session, catalog, show.database));
  GT_ASSIGN_OR_RETURN(auto peers, ScanInfo("region_peers", session, catalog, regions));
  size_t schema_col = ColumnIndex(peers, "table_schema");
  std::vector<uint32_t> rows;
  for (uint32_t r : RowsWhere(peers, "table_name", table.name)) {
    if (StringAt(peers, schema_col, r) == table.schema) rows.push_back(r);
  }
  GT_ASSIGN_OR_RETURN(auto batch, Project(peers, rows,
                                          {{"Table", "table_name"},
                                           {"Region", "region_id"},
                                           {"Peer", "peer_id"},
                                           {"Leader", "is_leader"}}));
  return Finish(std::move(batch), &show, session);
}

Result<QueryOutput> ShowCreateDatabase(const sql::ShowStatement& show, const SessionInfo& session,
                                       catalog::CatalogManager& catalog) {
  if (!show.object || show.object->parts.empty()) {
    return Status::InvalidArguments("SHOW CREATE DATABASE needs a name");
  }
  std::string name = show.object->back().value;
  GT_ASSIGN_OR_RETURN(auto db, catalog.GetDatabase(session.catalog, name));
  std::string text = "CREATE DATABASE IF NOT EXISTS " + name;
  if (!db.options.raw.empty()) {
    text += "\nWITH(\n";
    bool first = true;
    for (const auto& [k, v] : db.options.raw) {
      text += (first ? "" : ",\n") + std::string("  ") + OptionKey(k) + " = " +
              QuoteOptionValue(k == "ttl" ? NormalizedTtl(v) : v);
      first = false;
    }
    text += "\n)";
  }
  return FinishRows({Col("Database", DataType::String(), false),
                     Col("Create Database", DataType::String(), false)},
                    {{Value::String(name), Value::String(text)}}, nullptr, session);
}

Result<QueryOutput> ShowVariables(const sql::ShowStatement& show, const SessionInfo& session) {
  std::string name = show.variable.ToPlainString();
  std::string var = AsciiLower(name);
  std::string value;
  if (var == "time_zone")
    value = session.time_zone;
  else if (var == "system_time_zone")
    value = "UTC";
  else if (var == "read_preference")
    value = "LEADER";
  else if (var == "max_execution_time")
    value = "0";
  else if (var == "statement_timeout")
    value = "0ms";
  else if (var == "datestyle")
    value = "ISO, MDY";
  else if (var == "intervalstyle")
    value = "postgres";
  else
    return Status(StatusCode::kUnsupported, fmt::format("Unknown variable {}", var));
  return FinishRows({Col(AsciiUpper(name), DataType::String(), false)}, {{Value::String(value)}},
                    nullptr, session);
}

}  // namespace

std::string ShowCreateTable(const catalog::TableInfo& info, const catalog::DatabaseOptions* db) {
  static const catalog::OptionMap kFulltextDefaults = {{"analyzer", "English"},
                                                       {"backend", "bloom"},
                                                       {"case_sensitive", "false"},
                                                       {"false_positive_rate", "0.01"},
                                                       {"granularity", "10240"}};
  static const catalog::OptionMap kSkippingDefaults = {
      {"false_positive_rate", "0.01"}, {"granularity", "10240"}, {"type", "BLOOM"}};
  std::string s = "CREATE TABLE IF NOT EXISTS " + QuoteIdent(info.name) + " (\n";
  // The metric engine's internal columns are not part of what a user would create.
  auto internal = [&info](const std::string& name) {
    return info.engine == "metric" && (name == "__table_id" || name == "__tsid");
  };
  for (const auto& c : info.columns) {
    const auto& cs = c.column_schema;
    if (internal(cs.name)) continue;
    s += "  " + QuoteIdent(cs.name) + " " + cs.type.SqlName() +
         (cs.nullable ? " NULL" : " NOT NULL");
    if (cs.default_value.has_default()) s += " DEFAULT " + cs.default_value.ToSql();
    if (!cs.comment.empty()) s += " COMMENT " + QuoteString(cs.comment);
    auto idx = info.column_indexes.find(cs.name);
    if (idx != info.column_indexes.end()) {
      if (idx->second.fulltext) {
        s += " FULLTEXT INDEX WITH(" + IndexOptions(*idx->second.fulltext, kFulltextDefaults) + ")";
      }
      if (idx->second.skipping) {
        s += " SKIPPING INDEX WITH(" + IndexOptions(*idx->second.skipping, kSkippingDefaults) + ")";
      }
      if (idx->second.inverted) s += " INVERTED INDEX";
    }
    s += ",\n";
  }
  s += "  TIME INDEX (" + QuoteIdent(info.time_index) + ")";
  std::vector<std::string> primary_key;
  for (const auto& k : info.primary_key) {
    if (!internal(k)) primary_key.push_back(k);
  }
  if (!primary_key.empty()) {
    s += ",\n  PRIMARY KEY (";
    for (size_t i = 0; i < primary_key.size(); ++i) {
      s += (i ? ", " : "") + QuoteIdent(primary_key[i]);
    }
    s += ")";
  }
  s += "\n)\n";
  if (info.partition) {
    s += "PARTITION ON COLUMNS (";
    for (size_t i = 0; i < info.partition->columns.size(); ++i) {
      s += (i ? ", " : "") + QuoteIdent(info.partition->columns[i]);
    }
    s += ") (\n";
    for (size_t i = 0; i < info.partition->exprs.size(); ++i) {
      s += "  " + UnquotePartitionExpr(info.partition->exprs[i]) +
           (i + 1 < info.partition->exprs.size() ? ",\n" : "\n");
    }
    s += ")\n";
  } else {
    s += "\n";
  }
  s += "ENGINE=" + info.engine + "\n";
  catalog::OptionMap shown = info.options.raw;
  if (!info.comment.empty()) shown["comment"] = info.comment;
  if (db != nullptr && shown.count("ttl") == 0) {
    auto ttl = db->raw.find("ttl");
    if (ttl != db->raw.end()) shown["ttl"] = ttl->second;
  }
  // Printed normalized, as GreptimeDB does: '7d' -> '7days', '0s' -> 'forever', '1KiB' -> '1.0KiB'.
  if (auto ttl = shown.find("ttl"); ttl != shown.end()) ttl->second = NormalizedTtl(ttl->second);
  if (auto size = shown.find("write_buffer_size");
      size != shown.end() && info.options.write_buffer_size) {
    size->second = ReadableSize(*info.options.write_buffer_size);
  }
  if (!shown.empty()) {
    s += "WITH(\n";
    bool first = true;
    for (const auto& [k, v] : shown) {
      if (!first) s += ",\n";
      first = false;
      s += "  " + OptionKey(k) + " = " + QuoteOptionValue(v);
    }
    s += "\n)";
  }
  return s;
}

Result<QueryOutput> ExecuteDescribe(const sql::DescribeStatement& desc, const SessionInfo& session,
                                    catalog::CatalogManager& catalog) {
  GT_ASSIGN_OR_RETURN(auto table, ResolveTable(desc.table, session, catalog));
  std::vector<types::ColumnSchema> cols;
  for (const char* c : {"Column", "Type", "Key", "Null", "Default", "Semantic Type"}) {
    cols.push_back(Col(c, DataType::String(), false));
  }
  std::vector<std::vector<Value>> rows;
  for (const auto& cs : table.columns) {
    rows.push_back({Value::String(cs.name), Value::String(cs.type.Name()),
                    Value::String(cs.is_tag() || cs.is_time_index() ? "PRI" : ""),
                    Value::String(cs.nullable ? "YES" : "NO"), Value::String(DefaultText(cs)),
                    Value::String(SemanticName(cs))});
  }
  return FinishRows(std::move(cols), rows, nullptr, session);
}

Result<QueryOutput> ExecuteShow(const sql::ShowStatement& show, const SessionInfo& session,
                                catalog::CatalogManager& catalog, datanode::RegionHandler* regions) {
  auto S = DataType::String();
  switch (show.kind) {
    case sql::ShowKind::kDatabases:
      return ShowDatabases(show, session, catalog);
    case sql::ShowKind::kTables:
      return ShowTables(show, session, catalog, regions);
    case sql::ShowKind::kTableStatus:
      return ShowTableStatus(show, session, catalog, regions);
    case sql::ShowKind::kColumns:
      return ShowColumns(show, session, catalog);
    case sql::ShowKind::kIndex:
      return ShowIndex(show, session, catalog, regions);
    case sql::ShowKind::kRegion:
      return ShowRegion(show, session, catalog, regions);
    case sql::ShowKind::kCreateTable: {
      if (!show.object) return Status::InvalidArguments("SHOW CREATE TABLE needs a table");
      GT_ASSIGN_OR_RETURN(auto table, ResolveTable(*show.object, session, catalog));
      if (table.info == nullptr) {
        return Status(StatusCode::kUnsupported,
                      fmt::format("SHOW CREATE TABLE is not supported for table {}", table.name));
      }
      const auto& info = *table.info;
      std::string text;
      if (AsciiLower(show.for_target) == "postgres_foreign_table") {
        text = ShowCreateForeignTable(info);
      } else if (!show.for_target.empty()) {
        return Status(StatusCode::kUnsupported,
                      fmt::format("SHOW CREATE TABLE FOR {} is not supported", show.for_target));
      } else {
        auto db = catalog.GetDatabase(info.catalog, info.schema);
        text = ShowCreateTable(info, db.ok() ? &db->options : nullptr);
      }
      return FinishRows({Col("Table", S, false), Col("Create Table", S, false)},
                        {{Value::String(info.name), Value::String(text)}}, nullptr, session);
    }
    case sql::ShowKind::kCreateDatabase:
      return ShowCreateDatabase(show, session, catalog);
    case sql::ShowKind::kVariables:
      return ShowVariables(show, session);
    case sql::ShowKind::kCharset:
      return FinishRows(
          {Col("Charset", S, false), Col("Description", S, false),
           Col("Default collation", S, false), Col("Maxlen", DataType::Int64(), false)},
          {{Value::String("utf8"), Value::String("UTF-8 Unicode"), Value::String("utf8_bin"),
            Value::Int64(4)}},
          &show, session);
    case sql::ShowKind::kCollation:
      return FinishRows({Col("Collation", S, false), Col("Charset", S, false),
                         Col("Id", DataType::Int64(), false), Col("Default", S, false),
                         Col("Compiled", S, false), Col("Sortlen", DataType::Int64(), false)},
                        {{Value::String("utf8_bin"), Value::String("utf8"), Value::Int64(1),
                          Value::String("Yes"), Value::String("Yes"), Value::Int64(1)}},
                        &show, session);
    case sql::ShowKind::kStatus:
      return FinishRows({Col("Variable_name", S, false), Col("Value", S, false)}, {}, &show,
                        session);
    case sql::ShowKind::kSearchPath:
      return FinishRows({Col("search_path", S, false)}, {{Value::String("public")}}, nullptr,
                        session);
    case sql::ShowKind::kViews:
      GT_RETURN_IF_ERROR(CheckDatabase(catalog, session.catalog, ShowDatabaseName(show, session)));
      return FinishRows({Col("Views", S, false)}, {}, &show, session);
    case sql::ShowKind::kFlows:
      GT_RETURN_IF_ERROR(CheckDatabase(catalog, session.catalog, ShowDatabaseName(show, session)));
      return FinishRows({Col("Flows", S, false)}, {}, &show, session);
    case sql::ShowKind::kProcessList:
      if (show.full) {
        return FinishRows({Col("Id", S, false), Col("Catalog", S, false), Col("Schema", S, false),
                           Col("Client", S, false), Col("Frontend", S, false),
                           Col("Start Time", DataType::TimestampMillisecond(), false),
                           Col("Elapsed Time", DataType::Int64(), false), Col("Query", S, false)},
                          {}, &show, session);
      }
      return FinishRows({Col("Id", S, false), Col("Catalog", S, false), Col("Query", S, false),
                         Col("Elapsed Time", DataType::Int64(), false)},
                        {}, &show, session);
    default:
      return Status(StatusCode::kUnsupported, "This SHOW statement is not supported yet");
  }
}

}  // namespace greptime::frontend
