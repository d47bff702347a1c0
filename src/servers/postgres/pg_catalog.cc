// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Canned statements and PostgreSQL session functions; the pg_catalog relation queries are in
// pg_catalog_queries.cc.
#include "servers/postgres/pg_catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "common/strings.h"
#include "common/version.h"
#include "query/sql/lexer.h"
#include "servers/postgres/pg_catalog_internal.h"
#include "servers/postgres/pg_message.h"
#include "servers/postgres/pg_sql.h"
#include "types/record_batch.h"

namespace greptime::servers::postgres {

namespace sql = query::sql;
using query::QueryOutput;
using types::DataType;
using types::Value;

// ----- OidRegistry -------------------------------------------------------------------------

uint32_t OidRegistry::NamespaceOid(const std::string& schema) {
  if (schema == "pg_catalog") return 11;
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = namespaces_.try_emplace(schema, next_);
  if (inserted) ++next_;
  return it->second;
}

uint32_t OidRegistry::TableOid(const std::string& schema, const std::string& table) {
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = tables_.try_emplace({schema, table}, next_);
  if (inserted) {
    by_oid_[next_] = {schema, table};
    ++next_;
  }
  return it->second;
}

std::optional<std::pair<std::string, std::string>> OidRegistry::TableByOid(uint32_t oid) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_oid_.find(oid);
  if (it == by_oid_.end()) return std::nullopt;
  return it->second;
}

// ----- helpers shared with pg_catalog_queries.cc -------------------------------------------

PgAnswer Rows(const std::vector<Col>& columns, const std::vector<std::vector<Value>>& rows) {
  std::vector<types::ColumnSchema> schema_columns;
  std::vector<uint32_t> oids;
  for (const auto& c : columns) {
    schema_columns.push_back({c.name, c.type, true, types::SemanticType::kField, {}, ""});
    oids.push_back(c.oid);
  }
  auto schema = std::make_shared<const types::Schema>(std::move(schema_columns));
  auto batch = types::RecordBatch::FromRows(schema, rows);
  // Canned rows hold values of their declared column types: a failure is a bug.
  GT_CHECK(batch.ok());
  PgAnswer answer;
  answer.output = QueryOutput::Records(schema, {std::move(batch).value()});
  answer.type_oids = std::move(oids);
  return answer;
}

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

PgAnswer Tagged(std::string tag, std::string notice = "") {
  PgAnswer a;
  a.output = QueryOutput::AffectedRows(0);
  a.tag = std::move(tag);
  if (!notice.empty()) a.notices.push_back(std::move(notice));
  return a;
}

PgAnswer OneString(const std::string& name, const std::string& value) {
  return Rows({{name, DataType::String(), oid::kVarchar}}, {{Value::String(value)}});
}

constexpr std::string_view kNoTransactions =
    "Please note transaction is not supported in GreptimeDB.";

std::optional<PgAnswer> Transaction(std::string_view n) {
  if (n == "begin" || n == "begin transaction" || n == "begin work" ||
      StartsWith(n, "begin isolation") || StartsWith(n, "begin read") ||
      StartsWith(n, "begin transaction ")) {
    return Tagged("BEGIN", std::string(kNoTransactions));
  }
  if (n == "start transaction" || StartsWith(n, "start transaction ")) {
    return Tagged("START TRANSACTION", std::string(kNoTransactions));
  }
  if (n == "commit" || n == "commit transaction" || n == "commit work" || n == "end" ||
      n == "end transaction" || n == "end work") {
    return Tagged("COMMIT");
  }
  if (n == "rollback" || n == "rollback transaction" || n == "rollback work" || n == "abort" ||
      n == "abort transaction" || n == "abort work") {
    return Tagged("ROLLBACK");
  }
  return std::nullopt;
}

std::optional<PgAnswer> Show(std::string_view n, const CannedContext& c) {
  if (!StartsWith(n, "show ")) return std::nullopt;
  const std::string_view var = n.substr(5);
  if (var == "default_transaction_isolation" || var == "transaction_isolation") {
    return OneString(std::string(var), "read committed");
  }
  if (var == "transaction isolation level") {
    return OneString("transaction_isolation", "read committed");
  }
  if (var == "standard_conforming_strings") return OneString(std::string(var), "on");
  if (var == "client_encoding" || var == "server_encoding") {
    return OneString(std::string(var), "UTF8");
  }
  if (var == "server_version") return OneString("server_version", c.server_version);
  if (var == "server_version_num") return OneString("server_version_num", "160003");
  if (var == "timezone" || var == "time zone") {
    return OneString("TimeZone", c.ctx->time_zone_text);
  }
  if (var == "datestyle") return OneString("DateStyle", "ISO, YMD");
  if (var == "search_path") return OneString("search_path", c.ctx->database);
  if (var == "intervalstyle") return OneString("IntervalStyle", "postgres");
  if (var == "integer_datetimes") return OneString("integer_datetimes", "on");
  if (var == "bytea_output") return OneString("bytea_output", c.bytea_output);
  if (var == "default_transaction_read_only" || var == "transaction_read_only") {
    return OneString(std::string(var), "off");
  }
  if (var == "max_identifier_length") return OneString(std::string(var), "63");
  if (var == "lc_collate" || var == "lc_ctype") return OneString(std::string(var), "C");
  return std::nullopt;
}

// One item of a SELECT made only of session functions.
std::optional<std::pair<Col, Value>> SessionFunction(std::string_view expr,
                                                     const CannedContext& c) {
  if (StartsWith(expr, "pg_catalog.")) expr.remove_prefix(11);
  const auto& ctx = *c.ctx;
  auto text = [](std::string name, std::string value) {
    return std::make_optional(std::make_pair(Col{std::move(name), DataType::String(), oid::kText},
                                             Value::String(std::move(value))));
  };
  // current_setting('name') answers what SHOW name answers.
  if (StartsWith(expr, "current_setting('") && expr.ends_with("')")) {
    const std::string_view name = expr.substr(17, expr.size() - 19);
    auto shown = Show("show " + AsciiLower(name), c);
    if (!shown) return std::nullopt;
    const Value value = shown->output.batches[0].GetValue(0, 0);
    return std::make_pair(Col{"current_setting", DataType::String(), oid::kText}, value);
  }
  if (expr == "version()") {
    return text("version", fmt::format("PostgreSQL 16.3 GreptimeDB {}", Version()));
  }
  if (expr == "current_schema()" || expr == "current_schema") {
    return text("current_schema", ctx.database);
  }
  if (expr == "current_database()" || expr == "current_catalog") {
    return text(expr == "current_catalog" ? "current_catalog" : "current_database", ctx.catalog);
  }
  if (expr == "current_user" || expr == "session_user" || expr == "user" ||
      expr == "current_role") {
    return text(std::string(expr), c.user);
  }
  if (expr == "current_schemas(true)" || expr == "current_schemas(false)") {
    std::string list = "{" + ctx.database;
    if (expr == "current_schemas(true)") {
      for (const char* s : {"public", "information_schema", "pg_catalog", "greptime_private"}) {
        if (ctx.database != s) list += std::string(",") + s;
      }
    }
    list += "}";
    auto r = text("current_schemas", list);
    r->first.oid = oid::kTextArray;
    return r;
  }
  if (expr == "pg_backend_pid()") {
    return std::make_pair(Col{"pg_backend_pid", DataType::Int32(), oid::kInt4}, Value::Int32(0));
  }
  if (expr == "pg_my_temp_schema()") {
    return std::make_pair(Col{"pg_my_temp_schema", DataType::Int32(), oid::kOid}, Value::Int32(0));
  }
  if (expr == "pg_is_in_recovery()") {
    return std::make_pair(Col{"pg_is_in_recovery", DataType::Boolean(), oid::kBool},
                          Value::Boolean(false));
  }
  return std::nullopt;
}

// SELECT f() [AS a], g ...: every item a session function.
std::optional<PgAnswer> SessionFunctions(std::string_view n, const CannedContext& c) {
  if (!StartsWith(n, "select ") || n.find(" from ") != std::string_view::npos) {
    return std::nullopt;
  }
  std::vector<Col> columns;
  std::vector<Value> row;
  size_t at = 7;
  while (at <= n.size()) {
    size_t comma = n.find(',', at);
    if (comma == std::string_view::npos) comma = n.size();
    std::string_view item = n.substr(at, comma - at);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    std::string alias;
    if (const size_t as = item.find(" as "); as != std::string_view::npos) {
      alias = std::string(item.substr(as + 4));
      item = item.substr(0, as);
      if (alias.size() >= 2 && alias.front() == '"' && alias.back() == '"') {
        alias = alias.substr(1, alias.size() - 2);
      }
    }
    // Normalised text has no blanks inside "f()" unless the client wrote them.
    std::string compact;
    for (char ch : item) {
      if (ch != ' ') compact += ch;
    }
    auto f = SessionFunction(compact, c);
    if (!f) return std::nullopt;
    if (!alias.empty()) f->first.name = alias;
    columns.push_back(f->first);
    row.push_back(f->second);
    at = comma + 1;
  }
  if (columns.empty()) return std::nullopt;
  return Rows(columns, {row});
}

}  // namespace

std::optional<Result<PgAnswer>> AnswerCanned(std::string_view statement, CannedContext& c) {
  // Only short statements are probes; a long INSERT is not worth normalising.
  const std::string head = NormalizeSql(statement.substr(0, 32));
  if (StartsWith(head, "insert") || StartsWith(head, "create") || StartsWith(head, "set ")) {
    return std::nullopt;
  }
  const std::string n = NormalizeSql(statement);
  if (auto a = Transaction(n)) return Result<PgAnswer>(std::move(*a));
  if (auto a = Show(n, c)) return Result<PgAnswer>(std::move(*a));
  if (auto a = SessionFunctions(n, c)) return Result<PgAnswer>(std::move(*a));
  if (ReadsPgCatalog(n)) return AnswerPgCatalogQuery(statement, c);
  return std::nullopt;
}

bool IsPgCatalogRelation(std::string_view name) {
  static constexpr std::string_view kPrefixes[] = {
      "pg_ts_",       "pg_foreign_",     "pg_largeobject", "pg_publication",
      "pg_statistic", "pg_subscription", "pg_stat_"};
  static constexpr std::string_view kNames[] = {"pg_class",
                                                "pg_namespace",
                                                "pg_attribute",
                                                "pg_database",
                                                "pg_tables",
                                                "pg_views",
                                                "pg_settings",
                                                "pg_roles",
                                                "pg_user",
                                                "pg_type",
                                                "pg_proc",
                                                "pg_am",
                                                "pg_amop",
                                                "pg_amproc",
                                                "pg_aggregate",
                                                "pg_cast",
                                                "pg_collation",
                                                "pg_conversion",
                                                "pg_language",
                                                "pg_opclass",
                                                "pg_operator",
                                                "pg_opfamily",
                                                "pg_range",
                                                "pg_attrdef",
                                                "pg_auth_members",
                                                "pg_authid",
                                                "pg_constraint",
                                                "pg_db_role_setting",
                                                "pg_default_acl",
                                                "pg_depend",
                                                "pg_description",
                                                "pg_enum",
                                                "pg_event_trigger",
                                                "pg_extension",
                                                "pg_index",
                                                "pg_inherits",
                                                "pg_init_privs",
                                                "pg_partitioned_table",
                                                "pg_policy",
                                                "pg_replication_origin",
                                                "pg_rewrite",
                                                "pg_seclabel",
                                                "pg_sequence",
                                                "pg_shdepend",
                                                "pg_shdescription",
                                                "pg_shseclabel",
                                                "pg_tablespace",
                                                "pg_trigger",
                                                "pg_user_mapping",
                                                "pg_matviews",
                                                "pg_replication_slots",
                                                "pg_indexes",
                                                "pg_sequences",
                                                "pg_locks",
                                                "pg_prepared_statements",
                                                "pg_timezone_names",
                                                "pg_timezone_abbrevs"};
  for (auto p : kPrefixes) {
    if (StartsWith(name, p)) return true;
  }
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

bool ReadsPgCatalog(std::string_view n) {
  char quote = 0;
  for (size_t i = 0; i < n.size(); ++i) {
    const char ch = n[i];
    if (quote != 0) {
      if (ch == quote) quote = 0;
      continue;
    }
    if (ch == '\'' || ch == '"') {
      quote = ch;
      continue;
    }
    if (i > 0 && n[i - 1] != ' ' && n[i - 1] != '(' && n[i - 1] != ',') continue;
    std::string_view rest = n.substr(i);
    if (!StartsWith(rest, "from ") && !StartsWith(rest, "join ")) continue;
    rest.remove_prefix(5);
    if (StartsWith(rest, "pg_catalog.")) return true;
    // Unqualified: only the names of pg_catalog relations (a user table may be "pg_x").
    size_t end = 0;
    while (end < rest.size() &&
           (std::isalnum(static_cast<unsigned char>(rest[end])) || rest[end] == '_')) {
      ++end;
    }
    if (IsPgCatalogRelation(rest.substr(0, end))) return true;
  }
  return false;
}

std::vector<SelectItem> SelectItems(std::string_view statement) {
  std::vector<SelectItem> items;
  auto tokens = sql::Tokenize(statement);
  if (!tokens.ok()) return items;
  const auto& t = *tokens;
  size_t i = 0;
  while (i < t.size() && !t[i].IsKeyword("SELECT")) ++i;
  if (i == t.size()) return items;
  ++i;
  if (i < t.size() && t[i].IsKeyword("DISTINCT")) ++i;
  auto name_of = [](const sql::Token& tok) { return tok.quote ? tok.text : AsciiLower(tok.text); };
  auto finish_item = [&](size_t begin, size_t end) {
    if (end <= begin) return;
    const size_t n = end - begin;
    const auto& last = t[end - 1];
    SelectItem item;
    item.expr = NormalizeSql(statement.substr(t[begin].begin, t[end - 1].end - t[begin].begin));
    item.name = "?column?";
    if (n >= 2 && last.IsWord() && t[end - 2].IsKeyword("AS")) {
      item.name = name_of(last);
      item.expr = NormalizeSql(statement.substr(t[begin].begin, t[end - 2].begin - t[begin].begin));
    } else if (n == 1 && last.IsWord()) {
      item.name = name_of(last);
    } else if (n == 3 && last.IsWord() && t[end - 2].type == sql::TokenType::kPeriod) {
      item.name = name_of(last);
    } else if (n >= 2 && last.IsWord() && !last.IsKeyword("END") &&
               (t[end - 2].IsWord() || t[end - 2].type == sql::TokenType::kRParen ||
                t[end - 2].type == sql::TokenType::kString)) {
      item.name = name_of(last);  // implicit alias
      item.expr = NormalizeSql(statement.substr(t[begin].begin, t[end - 2].end - t[begin].begin));
    } else if (n >= 3 && t[begin].IsWord() && t[begin + 1].type == sql::TokenType::kLParen) {
      item.name = AsciiLower(t[begin].text);  // f(...)
    } else if (n >= 5 && t[begin].IsWord() && t[begin + 1].type == sql::TokenType::kPeriod &&
               t[begin + 2].IsWord() && t[begin + 3].type == sql::TokenType::kLParen) {
      item.name = AsciiLower(t[begin + 2].text);  // pg_catalog.f(...)
    }
    items.push_back(std::move(item));
  };
  int depth = 0;
  size_t item_begin = i;
  for (; i < t.size(); ++i) {
    const auto& tok = t[i];
    if (tok.type == sql::TokenType::kLParen) ++depth;
    if (tok.type == sql::TokenType::kRParen) --depth;
    if (depth == 0 && (tok.IsKeyword("FROM") || tok.type == sql::TokenType::kEof ||
                       tok.type == sql::TokenType::kSemicolon)) {
      finish_item(item_begin, i);
      break;
    }
    if (depth == 0 && tok.type == sql::TokenType::kComma) {
      finish_item(item_begin, i);
      item_begin = i + 1;
    }
  }
  return items;
}

}  // namespace greptime::servers::postgres
