// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/mysql/mysql_federated.h"

#include <vector>

#include "common/strings.h"
#include "types/record_batch.h"

namespace greptime::servers::mysql {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && (IsBlank(s.back()) || s.back() == ';')) s.remove_suffix(1);
  return s;
}

// Lower case with every run of blanks turned into one space.
std::string Normalize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool blank = false;
  for (char c : s) {
    if (IsBlank(c)) {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out += ' ';
    blank = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

query::QueryOutput StringRows(const std::vector<std::string>& names,
                              const std::vector<std::vector<std::string>>& rows) {
  std::vector<types::ColumnSchema> columns;
  for (const auto& n : names) {
    columns.push_back({n, types::DataType::String(), true, types::SemanticType::kField, {}, ""});
  }
  auto schema = std::make_shared<const types::Schema>(std::move(columns));
  std::vector<std::vector<types::Value>> values;
  for (const auto& row : rows) {
    std::vector<types::Value> v;
    for (const auto& cell : row) v.push_back(types::Value::String(cell));
    values.push_back(std::move(v));
  }
  auto batch = types::RecordBatch::FromRows(schema, values);
  // Strings into String columns cannot fail.
  GT_CHECK(batch.ok());
  return query::QueryOutput::Records(schema, {std::move(batch).value()});
}

std::string VariableValue(const std::string& name, const FederatedContext& ctx) {
  if (name == "version_comment") return "GreptimeDB";
  if (name == "tx_isolation" || name == "session.tx_isolation" ||
      name == "transaction_isolation" || name == "session.transaction_isolation") {
    return "REPEATABLE-READ";
  }
  if (name == "session.transaction_read_only") return "0";
  if (name == "max_allowed_packet") return "134217728";
  if (name == "interactive_timeout" || name == "wait_timeout" || name == "net_write_timeout") {
    return "31536000";
  }
  if (name == "time_zone" || name == "session.time_zone") return ctx.time_zone;
  if (name == "system_time_zone") return ctx.system_time_zone;
  if (name == "max_execution_time" || name == "session.max_execution_time") return "0";
  return "0";
}

// Splits at commas outside quotes and parentheses.
std::vector<std::string_view> SplitItems(std::string_view s) {
  std::vector<std::string_view> items;
  int depth = 0;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == ',' && depth == 0) {
      items.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  items.push_back(s.substr(start));
  return items;
}

std::string Unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"' || s.front() == '`') &&
      s.back() == s.front()) {
    return std::string(s.substr(1, s.size() - 2));
  }
  return std::string(s);
}

// SELECT @@a, @@b AS c [LIMIT n]: one row of strings; nullopt when an item is not a variable.
std::optional<query::QueryOutput> SelectVariables(const std::string& lower,
                                                  const FederatedContext& ctx) {
  std::string_view body = std::string_view(lower).substr(std::string_view("select ").size());
  const size_t limit = body.rfind(" limit ");
  if (limit != std::string_view::npos) body = body.substr(0, limit);
  std::vector<std::string> names, values;
  for (std::string_view item : SplitItems(body)) {
    item = Trim(item);
    if (!StartsWith(item, "@@")) return std::nullopt;
    std::string_view var = item.substr(2);
    std::string_view alias;
    const size_t space = var.find(' ');
    if (space != std::string_view::npos) {
      alias = Trim(var.substr(space + 1));
      var = var.substr(0, space);
      if (StartsWith(alias, "as ")) alias = Trim(alias.substr(3));
      if (alias.empty() || alias.find(' ') != std::string_view::npos) return std::nullopt;
    }
    if (var.empty()) return std::nullopt;
    names.push_back(alias.empty() ? "@@" + std::string(var) : Unquote(alias));
    values.push_back(VariableValue(std::string(var), ctx));
  }
  return StringRows(names, {values});
}

bool IsEmptyAnswer(std::string_view q) {
  static constexpr std::string_view kPrefixes[] = {
      "rollback", "commit", "start", "set names", "set character_set_results",
      "set net_write_timeout", "set foreign_key_checks", "set autocommit", "set sql_log_bin",
      "set session transaction", "set transaction", "set sql_mode", "set sql_select_limit",
      "set profiling", "select $$", "set sql_quote_show_create", "lock tables", "unlock tables",
      // mysqldump's tablespace probe.
      "select logfile_group_name, file_name, total_extents, initial_size, engine, extra from "
      "information_schema.files",
      "show master status", "show all slaves status", "lock binlog for backup",
      "lock tables for backup", "unlock binlog",
  };
  for (std::string_view p : kPrefixes) {
    if (StartsWith(q, p)) return true;
  }
  // Version comments of mysqldump and friends: /*!40101 SET ... */, /*!80003 SET ... */.
  if (StartsWith(q, "/*!4") || StartsWith(q, "/*!80003")) {
    std::string_view rest = q.substr(3);
    while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') rest.remove_prefix(1);
    return StartsWith(Trim(rest), "set ");
  }
  return false;
}

}  // namespace

std::string NormalizeSql(std::string_view query) { return Normalize(Trim(query)); }

std::string_view StripLeadingComment(std::string_view query) {
  std::string_view q = Trim(query);
  if (StartsWith(q, "/*") && !StartsWith(q, "/*!")) {
    const size_t end = q.find("*/");
    if (end != std::string_view::npos) q = Trim(q.substr(end + 2));
  }
  return q;
}

std::optional<query::QueryOutput> AnswerFederated(std::string_view query,
                                                  const FederatedContext& ctx) {
  const std::string full = Normalize(Trim(query));
  // DBeaver marks its probes with a leading /* ApplicationName=... */ comment.
  if (StartsWith(full, "/* applicationname=") || StartsWith(full, "/*applicationname=")) {
    const std::string rest = Normalize(StripLeadingComment(query));
    for (std::string_view p : {"show plugins", "show engines", "select @@", "show @@",
                               "set net_write_timeout", "set sql_select_limit",
                               "show variables"}) {
      if (StartsWith(rest, p)) return query::QueryOutput::AffectedRows(0);
    }
  }
  if (IsEmptyAnswer(full)) return query::QueryOutput::AffectedRows(0);

  const std::string q = Normalize(StripLeadingComment(query));
  if (q == "select @@max_allowed_packet") {
    auto schema = std::make_shared<const types::Schema>(std::vector<types::ColumnSchema>{
        {"@@max_allowed_packet", types::DataType::UInt32(), true, types::SemanticType::kField,
         {}, ""}});
    auto batch = types::RecordBatch::FromRows(schema, {{types::Value::UInt32(67108864)}});
    GT_CHECK(batch.ok());
    return query::QueryOutput::Records(schema, {std::move(batch).value()});
  }
  if (StartsWith(q, "select @@")) return SelectVariables(q, ctx);
  if (q == "select timediff(now(), utc_timestamp())") {
    return StringRows({"TIMEDIFF(NOW(), UTC_TIMESTAMP())"}, {{"00:00:00"}});
  }
  if (StartsWith(q, "show variables like 'sql_mode'") ||
      StartsWith(q, "show variables like \"sql_mode\"")) {
    return StringRows({"Variable_name", "Value"},
                      {{"sql_mode",
                        "ONLY_FULL_GROUP_BY STRICT_TRANS_TABLES NO_ZERO_IN_DATE NO_ZERO_DATE "
                        "ERROR_FOR_DIVISION_BY_ZERO NO_ENGINE_SUBSTITUTION"}});
  }
  if (StartsWith(q, "show variables like 'lower_case_table_names'") ||
      StartsWith(q, "show variables like \"lower_case_table_names\"")) {
    return StringRows({"Variable_name", "Value"}, {{"lower_case_table_names", "0"}});
  }
  // SHOW VARIABLES [LIKE ... | WHERE ...]; GreptimeDB's own `SHOW VARIABLES <name>` is left to
  // the engine, which knows the session's values.
  if (q == "show variables" || StartsWith(q, "show variables like ") ||
      StartsWith(q, "show variables where ")) {
    return StringRows({"Variable_name", "Value"}, {{"", ""}});
  }
  return std::nullopt;
}

}  // namespace greptime::servers::mysql
