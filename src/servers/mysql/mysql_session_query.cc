// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// COM_QUERY and statement execution of MysqlSession: the federated shortcuts, USE, SHOW
// WARNINGS, SET handling, text-protocol PREPARE/EXECUTE/DEALLOCATE, and result encoding.
#include <fmt/format.h>

#include "common/strings.h"
#include "query/sql/lexer.h"
#include "query/sql/parser.h"
#include "servers/mysql/mysql_federated.h"
#include "servers/mysql/mysql_resultset.h"
#include "servers/mysql/mysql_session.h"
#include "types/record_batch.h"

namespace greptime::servers::mysql {

namespace sql = query::sql;
using query::QueryOutput;

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

QueryOutput SingleColumn(const std::string& name, types::Value value) {
  auto schema = std::make_shared<const types::Schema>(std::vector<types::ColumnSchema>{
      {name, value.type(), true, types::SemanticType::kField, {}, ""}});
  auto batch = types::RecordBatch::FromRows(schema, {{std::move(value)}});
  GT_CHECK(batch.ok());
  return QueryOutput::Records(schema, {std::move(batch).value()});
}

// The database name of `USE name`: blanks, a trailing ';' and backticks removed.
std::string UseTarget(std::string_view rest) {
  std::string name;
  for (char c : rest) {
    if (c != '`' && c != ';' && c != ' ' && c != '\t' && c != '\n' && c != '\r') name += c;
  }
  return name;
}

}  // namespace

SessionReply MysqlSession::Query(std::string_view text) {
  const std::string_view stripped = StripLeadingComment(text);
  // Prefix checks only need the head of the text (a bulk INSERT may be megabytes).
  const std::string head = NormalizeSql(stripped.substr(0, 256));
  if (StartsWith(head, "show warnings")) return Outputs({ShowWarnings()}, false);
  warnings_.clear();
  // USE <db> alone is COM_INIT_DB (catalog-db names included); with more statements after
  // it, the text goes to the engine like any other.
  if ((head == "use" || StartsWith(head, "use ")) &&
      NormalizeSql(stripped).find(';') == std::string::npos) {
    return InitDb(UseTarget(stripped.substr(3)));
  }
  if (!StartsWith(head, "insert")) {
    FederatedContext fctx;
    fctx.time_zone = ctx_.time_zone_text;
    if (auto answer = AnswerFederated(text, fctx)) return Outputs({std::move(*answer)}, false);
    if (head == "select connection_id()") {
      return Outputs({SingleColumn(std::string(stripped.substr(7)),
                                   types::Value::UInt64(connection_id_))},
                     false);
    }
    if (StartsWith(head, "prepare ") || StartsWith(head, "execute ") ||
        StartsWith(head, "deallocate prepare ") || StartsWith(head, "drop prepare ")) {
      return TextPrepared(stripped, head);
    }
  }
  auto outputs = RunSql(text);
  if (!outputs.ok()) return Error(outputs.status());
  return Outputs(*outputs, /*binary=*/false);
}

SessionReply MysqlSession::TextPrepared(std::string_view text, std::string_view head) {
  auto tokens = sql::Tokenize(text);
  if (!tokens.ok()) {
    SessionReply reply;
    reply.packets.push_back(EncodeErr(1064, "42000", tokens.status().message()));
    return reply;
  }
  auto syntax_error = [&](std::string_view what) {
    SessionReply reply;
    reply.packets.push_back(EncodeErr(
        1064, "42000", fmt::format("You have an error in your SQL syntax: {}", what)));
    return reply;
  };
  const auto& t = *tokens;
  // t.back() is always EOF; a trailing ';' is allowed.
  size_t n = t.size() - 1;
  if (n > 0 && t[n - 1].type == sql::TokenType::kSemicolon) --n;
  const bool dealloc = StartsWith(head, "deallocate ") || StartsWith(head, "drop ");
  const size_t name_at = dealloc ? 2 : 1;
  if (n <= name_at || !t[name_at].IsWord()) return syntax_error("expected a statement name");
  const std::string name = AsciiLower(t[name_at].text);

  if (StartsWith(head, "prepare ")) {
    if (n != 4 || !t[2].IsKeyword("FROM") || t[3].type != sql::TokenType::kString) {
      return syntax_error("expected PREPARE <name> FROM '<statement>'");
    }
    auto prepared = Prepare(t[3].text);
    if (!prepared.ok()) {
      const bool syntax = prepared.status().code() == StatusCode::kInvalidSyntax;
      SessionReply reply;
      reply.packets.push_back(EncodeErr(syntax ? 1064 : 1314, syntax ? "42000" : "0A000",
                                        prepared.status().message()));
      return reply;
    }
    named_statements_[name] = std::move(prepared).value();
    return Ok();
  }
  auto it = named_statements_.find(name);
  if (it == named_statements_.end()) {
    SessionReply reply;
    reply.packets.push_back(EncodeErr(
        1243, "HY000",
        fmt::format("Unknown prepared statement handler ({}) given to EXECUTE", name)));
    return reply;
  }
  if (dealloc) {
    if (n != 3) return syntax_error("expected DEALLOCATE PREPARE <name>");
    named_statements_.erase(it);
    return Ok();
  }
  // EXECUTE name [USING @a, @b, ...]
  std::vector<std::string> literals;
  if (n > 2) {
    if (!t[2].IsKeyword("USING")) return syntax_error("expected USING after EXECUTE <name>");
    for (size_t i = 3; i < n; ++i) {
      const bool want_var = (i - 3) % 2 == 0;
      if (want_var && !(t[i].IsWord() && StartsWith(t[i].text, "@"))) {
        return syntax_error("expected a user variable (@name) after USING");
      }
      if (!want_var && t[i].type != sql::TokenType::kComma) return syntax_error("expected ','");
      if (want_var) {
        auto var = user_variables_.find(AsciiLower(t[i].text.substr(1)));
        literals.push_back(var == user_variables_.end() ? "NULL" : var->second);
      }
    }
  }
  const PreparedStatement& stmt = it->second;
  if (stmt.federated) {
    FederatedContext fctx;
    fctx.time_zone = ctx_.time_zone_text;
    if (auto answer = AnswerFederated(stmt.sql, fctx)) return Outputs({std::move(*answer)}, false);
  }
  if (literals.size() != stmt.placeholders.size()) {
    return Error(Status::InvalidArguments("Prepare statement params number mismatch"));
  }
  auto outputs = RunSql(SubstituteParams(stmt.sql, stmt.placeholders, literals));
  if (!outputs.ok()) return Error(outputs.status());
  return Outputs(*outputs, /*binary=*/false);
}

Result<MysqlSession::PreparedStatement> MysqlSession::Prepare(std::string_view text) {
  PreparedStatement stmt;
  stmt.sql = std::string(text);
  const std::string head = NormalizeSql(StripLeadingComment(text).substr(0, 256));
  if (!StartsWith(head, "insert") && AnswerFederated(text, FederatedContext{})) {
    stmt.federated = true;
    return stmt;
  }
  GT_ASSIGN_OR_RETURN(stmt.placeholders, FindPlaceholders(text));
  if (stmt.placeholders.size() > 0xFFFF) {
    return Status::InvalidArguments("too many parameters: {}", stmt.placeholders.size());
  }
  auto parsed = sql::ParseSql(text);
  if (!parsed.ok()) {
    // The parser may not take a placeholder everywhere a literal can go (LIMIT ?).
    std::vector<std::string> zeros(stmt.placeholders.size(), "0");
    auto again = sql::ParseSql(SubstituteParams(text, stmt.placeholders, zeros));
    if (!again.ok()) return parsed.status();
    parsed = std::move(again);
  }
  if (parsed->size() != 1) {
    return Status::InvalidArguments("a prepared statement must be exactly one statement, got {}",
                                    parsed->size());
  }
  stmt.long_data.resize(stmt.placeholders.size());
  return stmt;
}

Result<std::vector<QueryOutput>> MysqlSession::RunSql(std::string_view text) {
  GT_ASSIGN_OR_RETURN(auto statements, sql::ParseSql(text));
  std::vector<QueryOutput> outputs;
  outputs.reserve(statements.size());
  for (auto& st : statements) {
    if (st.Is<sql::SetVariableStatement>()) {
      GT_ASSIGN_OR_RETURN(std::optional<QueryOutput> handled, RunSetVariable(st));
      if (handled) {
        outputs.push_back(std::move(*handled));
        continue;
      }
    }
    GT_ASSIGN_OR_RETURN(QueryOutput out, frontend_.Execute(st, ctx_));
    outputs.push_back(std::move(out));
  }
  return outputs;
}

// SET: user variables are kept here; time_zone in any spelling goes to the frontend; the
// other variables are accepted with a warning (spec §1.6).
Result<std::optional<QueryOutput>> MysqlSession::RunSetVariable(sql::Statement& st) {
  auto* set = st.As<sql::SetVariableStatement>();
  const std::string raw = set->variable.ToPlainString();
  std::string name = AsciiLower(raw);
  if (StartsWith(name, "@") && !StartsWith(name, "@@")) {
    if (set->values.size() != 1) return Status::InvalidArguments("SET {} needs one value", raw);
    GT_ASSIGN_OR_RETURN(auto outs,
                        frontend_.ExecuteSql("SELECT " + sql::ToString(*set->values[0]), ctx_));
    types::Value value;
    if (outs.size() == 1 && outs[0].is_records && !outs[0].batches.empty() &&
        outs[0].batches[0].num_rows() > 0 && outs[0].batches[0].num_columns() > 0) {
      value = outs[0].batches[0].GetValue(0, 0);
    }
    user_variables_[name.substr(1)] = ValueLiteral(value, ctx_.time_zone);
    return std::optional<QueryOutput>(QueryOutput::AffectedRows(0));
  }
  if (StartsWith(name, "@@")) name = name.substr(2);
  for (std::string_view scope : {"session.", "local."}) {
    if (StartsWith(name, scope)) name = name.substr(scope.size());
  }
  if (name == "time_zone" || name == "timezone") {
    set->variable.parts = {sql::Ident("time_zone")};
    return std::optional<QueryOutput>();
  }
  if (name != "max_execution_time" && name != "read_preference") {
    warnings_.push_back("Unsupported set variable " + AsciiUpper(raw));
  }
  return std::optional<QueryOutput>(QueryOutput::AffectedRows(0));
}

QueryOutput MysqlSession::ShowWarnings() const {
  auto schema = std::make_shared<const types::Schema>(std::vector<types::ColumnSchema>{
      {"Level", types::DataType::String(), true, types::SemanticType::kField, {}, ""},
      {"Code", types::DataType::UInt16(), true, types::SemanticType::kField, {}, ""},
      {"Message", types::DataType::String(), true, types::SemanticType::kField, {}, ""}});
  std::vector<std::vector<types::Value>> rows;
  for (const auto& w : warnings_) {
    rows.push_back({types::Value::String("Warning"), types::Value::UInt16(1000),
                    types::Value::String(w)});
  }
  auto batch = types::RecordBatch::FromRows(schema, rows);
  GT_CHECK(batch.ok());
  return QueryOutput::Records(schema, {std::move(batch).value()});
}

SessionReply MysqlSession::Outputs(const std::vector<QueryOutput>& outputs, bool binary) {
  if (outputs.empty()) return Ok();
  SessionReply reply;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const bool last = i + 1 == outputs.size();
    ResultSetOptions options;
    options.deprecate_eof = deprecate_eof();
    options.binary = binary;
    options.status = kServerStatusDefault | (last ? 0 : kServerMoreResultsExists);
    options.warnings = last ? static_cast<uint16_t>(std::min<size_t>(warnings_.size(), 0xFFFF))
                            : 0;
    Status st = AppendOutput(reply.packets, outputs[i], options, ctx_.time_zone);
    if (!st.ok()) return Error(st);
  }
  return reply;
}

}  // namespace greptime::servers::mysql
