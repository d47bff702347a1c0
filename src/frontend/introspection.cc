// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// SHOW, DESCRIBE, SHOW CREATE TABLE and information_schema tables built from the catalog.
#include "frontend/introspection.h"
#include "common/strings.h"

#include <algorithm>

#include <re2/re2.h>

#include "common/version.h"
#include "query/exec/exec_node.h"
#include "query/exec/expr.h"
#include "types/column_builder.h"

namespace greptime::frontend {
namespace {

using query::QueryOutput;
using types::DataType;
using types::Value;
namespace sql = query::sql;


// A result table under construction: all columns are built from Values.
struct Table {
  std::vector<types::ColumnSchema> cols;
  std::vector<std::vector<Value>> rows;

  void Col(std::string name, DataType type) {
    cols.push_back({std::move(name), type, true, types::SemanticType::kField, {}, ""});
  }
  Result<types::RecordBatch> Batch() const {
    auto schema = std::make_shared<types::Schema>(cols);
    return types::RecordBatch::FromRows(schema, rows);
  }
};

bool LikeMatch(const std::string& text, const std::string& pattern) {
  std::string re = "(?s)^";
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) re += RE2::QuoteMeta(std::string(1, pattern[++i]));
    else if (c == '%') re += ".*";
    else if (c == '_') re += ".";
    else re += RE2::QuoteMeta(std::string(1, c));
  }
  return RE2::FullMatch(text, RE2(re + "$"));
}

// Applies LIKE (on the first column) or WHERE to a finished table.
Result<QueryOutput> Finish(const Table& t, const sql::ShowStatement* show,
                           const SessionInfo& session) {
  GT_ASSIGN_OR_RETURN(auto batch, t.Batch());
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
    query::PlannerOptions defaults;
    const query::PlannerOptions& opts = session.planner_options ? *session.planner_options : defaults;
    GT_ASSIGN_OR_RETURN(auto pred, query::BindExpression(*show->where, *schema, opts));
    GT_ASSIGN_OR_RETURN(auto keep, query::EvaluateSelection(*pred, batch));
    GT_ASSIGN_OR_RETURN(batch, query::TakeRows(batch, keep));
  }
  return QueryOutput::Records(schema, {batch});
}

std::string SemanticName(const types::ColumnSchema& c) {
  if (c.is_time_index()) return "TIMESTAMP";
  if (c.is_tag()) return "TAG";
  return "FIELD";
}

std::string DefaultText(const types::ColumnSchema& c) {
  if (!c.default_value.has_default()) return "";
  return c.default_value.ToDescString();
}

std::string QuoteIdent(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out += c;
  }
  return out + "\"";
}

std::string QuoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "''";
    else out += c;
  }
  return out + "'";
}

Result<catalog::TableInfoPtr> LookupTable(const sql::ObjectName& name, const SessionInfo& s,
                                          catalog::CatalogManager& catalog,
                                          std::optional<std::string> db = std::nullopt) {
  std::string cat = s.catalog, schema = db.value_or(s.database), table = name.back().value;
  const auto& p = name.parts;
  if (p.size() >= 2) schema = p[p.size() - 2].value;
  if (p.size() >= 3) cat = p[p.size() - 3].value;
  return catalog.GetTable(cat, schema, table);
}

class StaticTable final : public query::TableSource {
 public:
  using Builder = std::function<Result<Table>()>;
  StaticTable(Table shape, Builder builder) : builder_(std::move(builder)) {
    schema_ = std::make_shared<types::Schema>(shape.cols);
  }
  const types::SchemaPtr& schema() const override { return schema_; }
  Result<query::ExecNodePtr> Scan(const query::ScanHints& hints) override {
    GT_ASSIGN_OR_RETURN(Table t, builder_());
    GT_ASSIGN_OR_RETURN(auto batch, t.Batch());
    if (hints.projection.empty()) return query::MakeValues(schema_, {batch});
    std::vector<types::ColumnSchema> cols;
    std::vector<types::ColumnPtr> data;
    for (size_t i : hints.projection) {
      cols.push_back(schema_->column(i));
      data.push_back(batch.column(i));
    }
    auto s = std::make_shared<types::Schema>(cols);
    GT_ASSIGN_OR_RETURN(auto b, types::RecordBatch::Make(s, data));
    return query::MakeValues(s, {b});
  }

 private:
  types::SchemaPtr schema_;
  Builder builder_;
};

Result<std::vector<catalog::TableInfoPtr>> AllTables(catalog::CatalogManager& catalog,
                                                     const std::string& cat) {
  std::vector<catalog::TableInfoPtr> out;
  GT_ASSIGN_OR_RETURN(auto dbs, catalog.ListDatabases(cat));
  for (const auto& db : dbs) {
    if (db.is_virtual) continue;
    GT_ASSIGN_OR_RETURN(auto tables, catalog.ListTables(cat, db.name));
    for (auto& t : tables) out.push_back(t);
  }
  return out;
}

const char* const kInfoTables[] = {"build_info", "column_privileges", "columns", "engines",
                                   "key_column_usage", "partitions", "region_peers",
                                   "region_statistics", "schemata", "table_constraints",
                                   "tables"};

}  // namespace

std::string ShowCreateTable(const catalog::TableInfo& info, const catalog::DatabaseOptions* db) {
  std::string s = "CREATE TABLE IF NOT EXISTS " + QuoteIdent(info.name) + " (\n";
  // The metric engine's internal columns are not part of what a user would create.
  auto internal = [&info](const std::string& name) {
    return info.engine == "metric" && (name == "__table_id" || name == "__tsid");
  };
  for (const auto& c : info.columns) {
    const auto& cs = c.column_schema;
    if (internal(cs.name)) continue;
    s += "  " + QuoteIdent(cs.name) + " " + cs.type.SqlName() + (cs.nullable ? " NULL" : " NOT NULL");
    if (cs.default_value.has_default()) s += " DEFAULT " + cs.default_value.ToSql();
    if (!cs.comment.empty()) s += " COMMENT " + QuoteString(cs.comment);
    auto idx = info.column_indexes.find(cs.name);
    if (idx != info.column_indexes.end()) {
      auto opts = [](const catalog::OptionMap& m) {
        std::string o;
        for (const auto& [k, v] : m) o += (o.empty() ? "" : ", ") + k + " = " + QuoteString(v);
        return o;
      };
      if (idx->second.fulltext) s += " FULLTEXT INDEX WITH(" + opts(*idx->second.fulltext) + ")";
      if (idx->second.skipping) s += " SKIPPING INDEX WITH(" + opts(*idx->second.skipping) + ")";
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
  if (!info.partition) s += "\n";
  if (info.partition) {
    s += "PARTITION ON COLUMNS (";
    for (size_t i = 0; i < info.partition->columns.size(); ++i) {
      s += (i ? ", " : "") + QuoteIdent(info.partition->columns[i]);
    }
    s += ") (\n";
    for (size_t i = 0; i < info.partition->exprs.size(); ++i) {
      s += "  " + info.partition->exprs[i] + (i + 1 < info.partition->exprs.size() ? ",\n" : "\n");
    }
    s += ")\n";
  }
  s += "ENGINE=" + info.engine + "\n";
  catalog::OptionMap shown = info.options.raw;
  if (!info.comment.empty()) shown["comment"] = info.comment;
  if (db != nullptr && shown.count("ttl") == 0) {
    auto ttl = db->raw.find("ttl");
    if (ttl != db->raw.end()) shown["ttl"] = ttl->second;
  }
  if (auto ttl = shown.find("ttl"); ttl != shown.end()) {
    // Printed normalized, as GreptimeDB does: '7d' -> '7days', '0s' -> 'forever'.
    auto parsed = catalog::TimeToLive::Parse(ttl->second);
    if (parsed.ok()) ttl->second = parsed->ToString();
  }
  if (!shown.empty()) {
    s += "WITH(\n";
    bool first = true;
    for (const auto& [k, v] : shown) {
      if (!first) s += ",\n";
      first = false;
      std::string key = k.find('.') != std::string::npos ? QuoteString(k) : k;
      s += "  " + key + " = " + QuoteString(v);
    }
    s += "\n)";
  }
  return s;
}

Result<QueryOutput> ExecuteDescribe(const sql::DescribeStatement& desc, const SessionInfo& session,
                                    catalog::CatalogManager& catalog) {
  GT_ASSIGN_OR_RETURN(auto info, LookupTable(desc.table, session, catalog));
  Table t;
  for (const char* c : {"Column", "Type", "Key", "Null", "Default", "Semantic Type"}) {
    t.Col(c, DataType::String());
  }
  for (const auto& c : info->columns) {
    const auto& cs = c.column_schema;
    t.rows.push_back({Value::String(cs.name), Value::String(cs.type.Name()),
                      Value::String(cs.is_tag() || cs.is_time_index() ? "PRI" : ""),
                      Value::String(cs.nullable ? "YES" : "NO"), Value::String(DefaultText(cs)),
                      Value::String(SemanticName(cs))});
  }
  return Finish(t, nullptr, session);
}

Result<QueryOutput> ExecuteShow(const sql::ShowStatement& show, const SessionInfo& session,
                                catalog::CatalogManager& catalog, datanode::RegionServer* regions) {
  (void)regions;
  Table t;
  switch (show.kind) {
    case sql::ShowKind::kDatabases: {
      t.Col("Database", DataType::String());
      if (show.full) t.Col("Options", DataType::String());
      GT_ASSIGN_OR_RETURN(auto dbs, catalog.ListDatabases(session.catalog));
      for (const auto& db : dbs) {
        std::vector<Value> row{Value::String(db.name)};
        if (show.full) {
          std::string opts;
          for (const auto& [k, v] : db.options.raw) opts += "'" + k + "'='" + v + "'\n";
          row.push_back(Value::String(opts));
        }
        t.rows.push_back(std::move(row));
      }
      return Finish(t, &show, session);
    }
    case sql::ShowKind::kTables: {
      std::string db = show.database ? show.database->back().value : session.database;
      t.Col("Tables_in_" + db, DataType::String());
      if (show.full) t.Col("Table_type", DataType::String());
      if (AsciiLower(db) == "information_schema") {
        for (const char* name : kInfoTables) {
          std::vector<Value> row{Value::String(name)};
          if (show.full) row.push_back(Value::String("LOCAL TEMPORARY"));
          t.rows.push_back(std::move(row));
        }
        return Finish(t, &show, session);
      }
      GT_ASSIGN_OR_RETURN(auto tables, catalog.ListTables(session.catalog, db));
      std::vector<std::string> names;
      for (const auto& tb : tables) names.push_back(tb->name);
      if (db == "public" &&
          std::find(names.begin(), names.end(), "numbers") == names.end()) {
        names.push_back("numbers");
      }
      std::sort(names.begin(), names.end());
      for (const auto& n : names) {
        std::vector<Value> row{Value::String(n)};
        if (show.full) {
          row.push_back(Value::String(n == "numbers" && db == "public" ? "LOCAL TEMPORARY"
                                                                       : "BASE TABLE"));
        }
        t.rows.push_back(std::move(row));
      }
      return Finish(t, &show, session);
    }
    case sql::ShowKind::kCreateTable: {
      if (!show.object) return Status::InvalidArguments("SHOW CREATE TABLE needs a table");
      GT_ASSIGN_OR_RETURN(auto info, LookupTable(*show.object, session, catalog));
      t.Col("Table", DataType::String());
      t.Col("Create Table", DataType::String());
      auto db = catalog.GetDatabase(info->catalog, info->schema);
      t.rows.push_back({Value::String(info->name),
                        Value::String(ShowCreateTable(*info, db.ok() ? &db->options : nullptr))});
      return Finish(t, nullptr, session);
    }
    case sql::ShowKind::kCreateDatabase: {
      if (!show.object) return Status::InvalidArguments("SHOW CREATE DATABASE needs a name");
      std::string name = show.object->back().value;
      GT_ASSIGN_OR_RETURN(auto db, catalog.GetDatabase(session.catalog, name));
      std::string text = "CREATE DATABASE IF NOT EXISTS " + name;
      if (!db.options.raw.empty()) {
        text += "\nWITH(\n";
        bool first = true;
        for (const auto& [k, v] : db.options.raw) {
          text += (first ? "" : ",\n") + std::string("  ") + k + " = " + QuoteString(v);
          first = false;
        }
        text += "\n)";
      }
      t.Col("Database", DataType::String());
      t.Col("Create Database", DataType::String());
      t.rows.push_back({Value::String(name), Value::String(text)});
      return Finish(t, nullptr, session);
    }
    case sql::ShowKind::kColumns: {
      if (!show.object) return Status::InvalidArguments("SHOW COLUMNS needs a table");
      std::optional<std::string> db;
      if (show.database) db = show.database->back().value;
      GT_ASSIGN_OR_RETURN(auto info, LookupTable(*show.object, session, catalog, db));
      for (const char* c : {"Field", "Type", "Null", "Key", "Default", "Extra", "Greptime_type"}) {
        t.Col(c, DataType::String());
      }
      std::vector<const storage::ColumnMetadata*> cols;
      for (const auto& c : info->columns) cols.push_back(&c);
      std::sort(cols.begin(), cols.end(), [](auto* a, auto* b) {
        return a->column_schema.name < b->column_schema.name;
      });
      for (const auto* c : cols) {
        const auto& cs = c->column_schema;
        t.rows.push_back({Value::String(cs.name), Value::String(cs.type.MysqlName()),
                          Value::String(cs.nullable ? "Yes" : "No"),
                          Value::String(cs.is_tag() ? "PRI" : (cs.is_time_index() ? "TIME INDEX" : "")),
                          Value::String(DefaultText(cs)), Value::String(""),
                          Value::String(cs.type.Name())});
      }
      return Finish(t, &show, session);
    }
    case sql::ShowKind::kVariables: {
      std::string var = AsciiLower(show.variable.ToPlainString());
      t.Col(show.variable.ToPlainString().empty() ? "VARIABLE"
                                                  : AsciiUpper(show.variable.ToPlainString()),
            DataType::String());
      if (var == "time_zone") t.rows.push_back({Value::String(session.time_zone)});
      else if (var == "system_time_zone") t.rows.push_back({Value::String("UTC")});
      else if (var == "read_preference") t.rows.push_back({Value::String("LEADER")});
      else if (var == "max_execution_time" || var == "statement_timeout") t.rows.push_back({Value::String("0")});
      else if (var == "datestyle") t.rows.push_back({Value::String("ISO, MDY")});
      else if (var == "intervalstyle") t.rows.push_back({Value::String("postgres")});
      else return Status(StatusCode::kUnsupported, fmt::format("Unknown variable {}", var));
      return Finish(t, nullptr, session);
    }
    case sql::ShowKind::kCharset:
      for (const char* c : {"Charset", "Description", "Default collation", "Maxlen"}) {
        t.Col(c, c == std::string("Maxlen") ? DataType::Int64() : DataType::String());
      }
      t.rows.push_back({Value::String("utf8"), Value::String("UTF-8 Unicode"),
                        Value::String("utf8_bin"), Value::Int64(4)});
      return Finish(t, &show, session);
    case sql::ShowKind::kCollation:
      for (const char* c : {"Collation", "Charset", "Id", "Default", "Compiled", "Sortlen"}) {
        t.Col(c, (c == std::string("Id") || c == std::string("Sortlen")) ? DataType::Int64()
                                                                         : DataType::String());
      }
      t.rows.push_back({Value::String("utf8_bin"), Value::String("utf8"), Value::Int64(1),
                        Value::String("Yes"), Value::String("Yes"), Value::Int64(1)});
      return Finish(t, &show, session);
    case sql::ShowKind::kIndex: {
      if (!show.object) return Status::InvalidArguments("SHOW INDEX needs a table");
      std::optional<std::string> db;
      if (show.database) db = show.database->back().value;
      GT_ASSIGN_OR_RETURN(auto info, LookupTable(*show.object, session, catalog, db));
      const char* names[] = {"Table", "Non_unique", "Key_name", "Seq_in_index", "Column_name",
                             "Collation", "Cardinality", "Sub_part", "Packed", "Null",
                             "Index_type", "Comment", "Index_comment", "Visible", "Expression"};
      for (const char* c : names) {
        bool num = std::string(c) == "Non_unique" || std::string(c) == "Seq_in_index";
        t.Col(c, num ? DataType::Int64() : DataType::String());
      }
      int64_t seq = 1;
      for (const auto& c : info->columns) {
        const auto& cs = c.column_schema;
        if (cs.is_tag()) {
          t.rows.push_back({Value::String(info->name), Value::Int64(0), Value::String("PRIMARY"),
                            Value::Int64(seq++), Value::String(cs.name), Value::String("A"),
                            Value(), Value(), Value(), Value::String(cs.nullable ? "YES" : ""),
                            Value::String("greptime-primary-key-v1"), Value::String(""),
                            Value::String(""), Value::String("YES"), Value()});
        } else if (cs.is_time_index()) {
          t.rows.push_back({Value::String(info->name), Value::Int64(1), Value::String("TIME INDEX"),
                            Value::Int64(1), Value::String(cs.name), Value::String("A"), Value(),
                            Value(), Value(), Value::String("NO"), Value::String(""),
                            Value::String(""), Value::String(""), Value::String("YES"), Value()});
        }
      }
      return Finish(t, &show, session);
    }
    default:
      return Status(StatusCode::kUnsupported, "This SHOW statement is not supported yet");
  }
}

Result<std::shared_ptr<query::TableSource>> GetInformationSchemaTable(
    std::string_view table, const SessionInfo& session, catalog::CatalogManager& catalog,
    datanode::RegionServer* regions) {
  std::string cat = session.catalog;
  catalog::CatalogManager* cm = &catalog;
  const std::string name(table);
  Table shape;
  StaticTable::Builder builder;
  auto S = DataType::String();
  auto I = DataType::Int64();
  auto U = DataType::UInt64();
  if (name == "tables") {
    for (const char* c : {"table_catalog", "table_schema", "table_name", "table_type"}) shape.Col(c, S);
    shape.Col("table_id", DataType::UInt32());
    shape.Col("engine", S);
    builder = [cm, cat, shape]() -> Result<Table> {
      Table t = shape;
      GT_ASSIGN_OR_RETURN(auto all, AllTables(*cm, cat));
      for (const auto& tb : all) {
        t.rows.push_back({Value::String(tb->catalog), Value::String(tb->schema), Value::String(tb->name),
                          Value::String("BASE TABLE"), Value::UInt32(tb->id), Value::String(tb->engine)});
      }
      for (const char* n : kInfoTables) {
        t.rows.push_back({Value::String(cat), Value::String("information_schema"), Value::String(n),
                          Value::String("LOCAL TEMPORARY"), Value(), Value()});
      }
      return t;
    };
  } else if (name == "columns") {
    for (const char* c : {"table_catalog", "table_schema", "table_name", "column_name"}) shape.Col(c, S);
    shape.Col("ordinal_position", I);
    for (const char* c : {"data_type", "semantic_type", "column_default", "is_nullable",
                          "column_type", "column_comment", "greptime_data_type"}) {
      shape.Col(c, S);
    }
    builder = [cm, cat, shape]() -> Result<Table> {
      Table t = shape;
      GT_ASSIGN_OR_RETURN(auto all, AllTables(*cm, cat));
      for (const auto& tb : all) {
        int64_t pos = 1;
        for (const auto& c : tb->columns) {
          const auto& cs = c.column_schema;
          t.rows.push_back({Value::String(tb->catalog), Value::String(tb->schema),
                            Value::String(tb->name), Value::String(cs.name), Value::Int64(pos++),
                            Value::String(AsciiLower(cs.type.Name())), Value::String(SemanticName(cs)),
                            cs.default_value.has_default() ? Value::String(DefaultText(cs)) : Value(),
                            Value::String(cs.nullable ? "Yes" : "No"),
                            Value::String(cs.type.MysqlName()),
                            cs.comment.empty() ? Value() : Value::String(cs.comment),
                            Value::String(cs.type.Name())});
        }
      }
      return t;
    };
  } else if (name == "schemata") {
    for (const char* c : {"catalog_name", "schema_name", "default_character_set_name",
                          "default_collation_name", "sql_path", "options"}) {
      shape.Col(c, S);
    }
    builder = [cm, cat, shape]() -> Result<Table> {
      Table t = shape;
      GT_ASSIGN_OR_RETURN(auto dbs, cm->ListDatabases(cat));
      for (const auto& db : dbs) {
        std::string opts;
        for (const auto& [k, v] : db.options.raw) opts += (opts.empty() ? "" : ", ") + k + "='" + v + "'";
        t.rows.push_back({Value::String(cat), Value::String(db.name), Value::String("utf8"),
                          Value::String("utf8_bin"), Value(), Value::String(opts)});
      }
      return t;
    };
  } else if (name == "engines") {
    for (const char* c : {"engine", "support", "comment", "transactions", "xa", "savepoints"}) shape.Col(c, S);
    builder = [shape]() -> Result<Table> {
      Table t = shape;
      t.rows.push_back({Value::String("mito"), Value::String("DEFAULT"),
                        Value::String("Storage engine for time-series data"), Value::String("NO"),
                        Value::String("NO"), Value::String("NO")});
      t.rows.push_back({Value::String("metric"), Value::String("YES"),
                        Value::String("Storage engine for observability scenarios, which is adept at handling a large number of small tables, making it particularly suitable for cloud-native monitoring"),
                        Value::String("NO"), Value::String("NO"), Value::String("NO")});
      return t;
    };
  } else if (name == "build_info") {
    for (const char* c : {"git_branch", "git_commit", "git_commit_short", "git_clean", "pkg_version"}) {
      shape.Col(c, S);
    }
    builder = [shape]() -> Result<Table> {
      Table t = shape;
      t.rows.push_back({Value::String(std::string(GitBranch())), Value::String(std::string(GitCommit())),
                        Value::String(std::string(GitCommit().substr(0, 8))), Value::String("true"),
                        Value::String(std::string(Version()))});
      return t;
    };
  } else if (name == "key_column_usage") {
    for (const char* c : {"constraint_catalog", "constraint_schema", "constraint_name",
                          "table_catalog", "real_table_catalog", "table_schema", "table_name",
                          "column_name"}) {
      shape.Col(c, S);
    }
    shape.Col("ordinal_position", U);
    builder = [cm, cat, shape]() -> Result<Table> {
      Table t = shape;
      GT_ASSIGN_OR_RETURN(auto all, AllTables(*cm, cat));
      for (const auto& tb : all) {
        t.rows.push_back({Value::String("def"), Value::String(tb->schema), Value::String("TIME INDEX"),
                          Value::String("def"), Value::String(tb->catalog), Value::String(tb->schema),
                          Value::String(tb->name), Value::String(tb->time_index), Value::UInt64(1)});
        uint64_t pos = 1;
        for (const auto& pk : tb->primary_key) {
          t.rows.push_back({Value::String("def"), Value::String(tb->schema), Value::String("PRIMARY"),
                            Value::String("def"), Value::String(tb->catalog), Value::String(tb->schema),
                            Value::String(tb->name), Value::String(pk), Value::UInt64(pos++)});
        }
      }
      return t;
    };
  } else if (name == "table_constraints") {
    for (const char* c : {"constraint_catalog", "constraint_schema", "constraint_name",
                          "table_schema", "table_name", "constraint_type", "enforced"}) {
      shape.Col(c, S);
    }
    builder = [cm, cat, shape]() -> Result<Table> {
      Table t = shape;
      GT_ASSIGN_OR_RETURN(auto all, AllTables(*cm, cat));
      for (const auto& tb : all) {
        t.rows.push_back({Value::String("def"), Value::String(tb->schema), Value::String("TIME INDEX"),
                          Value::String(tb->schema), Value::String(tb->name),
                          Value::String("TIME INDEX"), Value::String("YES")});
        if (!tb->primary_key.empty()) {
          t.rows.push_back({Value::String("def"), Value::String(tb->schema), Value::String("PRIMARY"),
                            Value::String(tb->schema), Value::String(tb->name),
                            Value::String("PRIMARY KEY"), Value::String("YES")});
        }
      }
      return t;
    };
  } else if (name == "partitions") {
    for (const char* c : {"table_catalog", "table_schema", "table_name", "partition_name",
                          "partition_expression"}) {
      shape.Col(c, S);
    }
    shape.Col("greptime_partition_id", U);
    builder = [cm, cat, shape]() -> Result<Table> {
      Table t = shape;
      GT_ASSIGN_OR_RETURN(auto all, AllTables(*cm, cat));
      for (const auto& tb : all) {
        for (size_t i = 0; i < tb->region_numbers.size(); ++i) {
          std::string expr = tb->partition && i < tb->partition->exprs.size() ? tb->partition->exprs[i] : "";
          t.rows.push_back({Value::String(tb->catalog), Value::String(tb->schema),
                            Value::String(tb->name), Value::String(fmt::format("p{}", i)),
                            expr.empty() ? Value() : Value::String(expr),
                            Value::UInt64(storage::RegionId(tb->id, tb->region_numbers[i]).value())});
        }
      }
      return t;
    };
  } else if (name == "region_peers" || name == "region_statistics") {
    const bool stats = name == "region_statistics";
    shape.Col("region_id", U);
    shape.Col("table_id", DataType::UInt32());
    shape.Col("region_number", DataType::UInt32());
    if (stats) {
      shape.Col("region_rows", U);
      shape.Col("disk_size", U);
      shape.Col("memtable_size", U);
      shape.Col("sst_size", U);
      shape.Col("sst_num", U);
      shape.Col("engine", S);
    } else {
      shape.Col("peer_id", U);
      shape.Col("is_leader", S);
      shape.Col("status", S);
    }
    builder = [cm, cat, shape, regions, stats]() -> Result<Table> {
      Table t = shape;
      GT_ASSIGN_OR_RETURN(auto all, AllTables(*cm, cat));
      for (const auto& tb : all) {
        for (uint32_t rn : tb->region_numbers) {
          storage::RegionId id(tb->id, rn);
          std::vector<Value> row{Value::UInt64(id.value()), Value::UInt32(tb->id), Value::UInt32(rn)};
          if (stats) {
            storage::RegionStatistics st{};
            if (regions != nullptr) {
              auto r = regions->Statistics(id);
              if (r.ok()) st = *r;
            }
            row.push_back(Value::UInt64(st.num_rows));
            row.push_back(Value::UInt64(st.sst_bytes + st.memtable_bytes));
            row.push_back(Value::UInt64(st.memtable_bytes));
            row.push_back(Value::UInt64(st.sst_bytes));
            row.push_back(Value::UInt64(st.num_files));
            row.push_back(Value::String(tb->engine));
          } else {
            row.push_back(Value::UInt64(0));
            row.push_back(Value::String("Yes"));
            row.push_back(Value::String("ALIVE"));
          }
          t.rows.push_back(std::move(row));
        }
      }
      return t;
    };
  } else {
    return Status(StatusCode::kTableNotFound,
                  fmt::format("Failed to plan SQL: Table not found: {}.information_schema.{}", cat,
                              name));
  }
  return std::shared_ptr<query::TableSource>(std::make_shared<StaticTable>(shape, builder));
}

}  // namespace greptime::frontend
