// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Statement execution of PgSession: the simple query protocol, SET, result encoding, and the
// extended query protocol (Parse/Bind/Describe/Execute/Close).
#include <fmt/format.h>

#include "common/strings.h"
#include "query/sql/lexer.h"
#include "query/sql/parser.h"
#include "servers/postgres/pg_session.h"

namespace greptime::servers::postgres {

namespace sql = query::sql;
using query::QueryOutput;

namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

PgAnswer Tagged(std::string tag) {
  PgAnswer a;
  a.output = QueryOutput::AffectedRows(0);
  a.tag = std::move(tag);
  return a;
}

// The value of `SET name {TO | =} value[, value...]` tokens as plain strings.
std::vector<std::string> SetValues(const std::vector<sql::Token>& t, size_t from) {
  std::vector<std::string> values;
  for (size_t i = from; i < t.size(); ++i) {
    const auto& tok = t[i];
    if (tok.type == sql::TokenType::kEof || tok.type == sql::TokenType::kSemicolon) break;
    if (tok.type == sql::TokenType::kComma) continue;
    if (tok.type == sql::TokenType::kMinus && i + 1 < t.size()) {
      values.push_back("-" + t[++i].text);
      continue;
    }
    values.push_back(tok.text);
  }
  return values;
}

}  // namespace

// ----- simple query ------------------------------------------------------------------------

SessionReply PgSession::SimpleQuery(std::string_view body) {
  SessionReply reply;
  std::string& out = reply.bytes;
  skip_until_sync_ = false;
  auto text = DecodeCString(body, "Query");
  if (!text.ok()) return Fatal({"FATAL", "08P01", text.status().message(), ""});
  auto statements = SplitStatements(*text);
  if (!statements.ok()) {
    AppendErrorResponse(out, ErrorFromStatus(statements.status()));
  } else if (statements->empty()) {
    AppendEmptyQueryResponse(out);
  } else {
    for (const auto& statement : *statements) {
      auto answer = Run(statement);
      Status st = answer.ok() ? AppendAnswer(*answer, {}, /*describe=*/true, out) : answer.status();
      if (!st.ok()) {
        AppendErrorResponse(out, ErrorFromStatus(st));
        break;
      }
    }
  }
  AppendReadyForQuery(out);
  return reply;
}

Result<PgAnswer> PgSession::Run(const std::string& statement) {
  GT_ASSIGN_OR_RETURN(std::optional<CopyRequest> copy, ParseCopy(statement));
  if (!copy) return RunStatement(statement);
  // (Not Run: a COPY inside COPY goes to the engine, which rejects it; no recursion.)
  GT_ASSIGN_OR_RETURN(PgAnswer answer, RunStatement(copy->query));
  if (!answer.output.is_records) return Status::InvalidArguments("COPY query must return rows");
  answer.copy = std::move(copy);
  return answer;
}

Result<PgAnswer> PgSession::RunStatement(const std::string& statement) {
  CannedContext canned = Canned();
  if (auto answer = AnswerCanned(statement, canned)) return std::move(*answer);
  // Statements of connection pools and drivers resetting a session.
  const std::string head = NormalizeSql(statement.substr(0, 64));
  if (head == "discard all" || head == "deallocate all" || head == "deallocate prepare all") {
    statements_.clear();
    portals_.clear();
    return Tagged(head == "discard all" ? "DISCARD ALL" : "DEALLOCATE ALL");
  }
  if (StartsWith(head, "deallocate ")) {
    auto tokens = sql::Tokenize(statement);
    if (tokens.ok() && tokens->size() >= 3 && (*tokens)[tokens->size() - 2].IsWord()) {
      statements_.erase((*tokens)[tokens->size() - 2].text);
    }
    return Tagged("DEALLOCATE");
  }
  if (StartsWith(head, "reset ") || StartsWith(head, "unlisten ") || head == "close all") {
    return Tagged(AsciiUpper(head.substr(0, head.find(' '))));
  }
  GT_ASSIGN_OR_RETURN(std::optional<PgAnswer> set, RunSet(statement));
  if (set) return std::move(*set);
  const std::string rewritten = RewritePgSql(statement);
  GT_ASSIGN_OR_RETURN(auto parsed, sql::ParseSql(rewritten));
  PgAnswer answer;
  answer.output = QueryOutput::AffectedRows(0);
  for (const auto& st : parsed) {
    GT_ASSIGN_OR_RETURN(answer.output, frontend_.Execute(st, ctx_));
  }
  return answer;
}

// SET (spec §2.2): TimeZone through the engine, search_path switches the current schema,
// bytea_output and client_encoding are checked, the other known variables are accepted and
// unknown ones accepted with a warning.
Result<std::optional<PgAnswer>> PgSession::RunSet(std::string_view statement) {
  const std::string head = NormalizeSql(statement.substr(0, 64));
  if (!StartsWith(head, "set ")) return std::optional<PgAnswer>();
  if (StartsWith(head, "set transaction") || StartsWith(head, "set session characteristics")) {
    return std::optional<PgAnswer>(Tagged("SET"));
  }
  GT_ASSIGN_OR_RETURN(auto tokens, sql::Tokenize(statement));
  size_t i = 1;
  if (i < tokens.size() && (tokens[i].IsKeyword("SESSION") || tokens[i].IsKeyword("LOCAL"))) ++i;
  if (i >= tokens.size() || !tokens[i].IsWord()) return std::optional<PgAnswer>();
  std::string name = AsciiLower(tokens[i].text);
  ++i;
  // SET TIME ZONE x; SET a.b = x.
  if (name == "time" && i < tokens.size() && tokens[i].IsKeyword("ZONE")) {
    name = "timezone";
    ++i;
  }
  while (i + 1 < tokens.size() && tokens[i].type == sql::TokenType::kPeriod) {
    name += "." + AsciiLower(tokens[i + 1].text);
    i += 2;
  }
  if (i < tokens.size() && (tokens[i].IsKeyword("TO") || tokens[i].type == sql::TokenType::kEq)) {
    ++i;
  }
  const std::vector<std::string> values = SetValues(tokens, i);
  const std::string value = values.empty() ? "" : values[0];
  const std::string lower = AsciiLower(value);
  PgAnswer answer = Tagged("");
  if (name == "timezone" || name == "time_zone") {
    if (lower == "default" || lower == "local") {
      ctx_.time_zone = TimeZone::Utc();
      ctx_.time_zone_text = "UTC";
      answer.parameters.emplace_back("TimeZone", ctx_.time_zone_text);
      return std::optional<PgAnswer>(std::move(answer));
    }
    GT_RETURN_IF_ERROR(frontend_.ExecuteSql("SET time_zone = " + QuoteSqlString(value), ctx_));
    answer.parameters.emplace_back("TimeZone", ctx_.time_zone_text);
    return std::optional<PgAnswer>(std::move(answer));
  }
  if (name == "search_path") {
    for (const auto& schema : values) {
      if (schema.empty() || schema == "$user" || AsciiLower(schema) == "pg_catalog") continue;
      GT_ASSIGN_OR_RETURN(bool exists, frontend_.catalog().DatabaseExists(ctx_.catalog, schema));
      if (exists) {
        ctx_.database = schema;
        break;
      }
    }
    return std::optional<PgAnswer>(std::move(answer));
  }
  if (name == "bytea_output") {
    if (lower != "hex" && lower != "escape") {
      return Status::InvalidArguments("invalid value for parameter \"bytea_output\": \"{}\"",
                                      value);
    }
    bytea_output_ = lower;
    return std::optional<PgAnswer>(std::move(answer));
  }
  if (name == "client_encoding" || name == "names") {
    if (lower != "utf8" && lower != "utf-8" && lower != "unicode" && lower != "default") {
      return Status::InvalidArguments("invalid value for parameter \"client_encoding\": \"{}\"",
                                      value);
    }
    return std::optional<PgAnswer>(std::move(answer));
  }
  if (name == "statement_timeout" || name == "datestyle" || name == "intervalstyle" ||
      name == "read_preference") {
    return std::optional<PgAnswer>(std::move(answer));
  }
  answer.notices.push_back("Unsupported set variable " + AsciiUpper(name));
  return std::optional<PgAnswer>(std::move(answer));
}

// ----- result encoding ---------------------------------------------------------------------

std::vector<FieldDescription> PgSession::Fields(const PgAnswer& answer,
                                                const std::vector<int16_t>& formats) const {
  std::vector<FieldDescription> fields;
  const auto& schema = *answer.output.schema;
  for (size_t i = 0; i < schema.num_columns(); ++i) {
    const auto& column = schema.column(i);
    FieldDescription f;
    f.name = column.name;
    const PgType type = PgTypeOf(column.type);
    f.type_oid = type.oid;
    f.type_len = type.len;
    if (i < answer.type_oids.size() && answer.type_oids[i] != 0) {
      f.type_oid = answer.type_oids[i];
    }
    f.format = FormatCode(formats, i);
    fields.push_back(std::move(f));
  }
  return fields;
}

Status PgSession::AppendAnswer(const PgAnswer& answer, const std::vector<int16_t>& formats,
                               bool describe, std::string& out) const {
  const size_t mark = out.size();
  const QueryOutput& output = answer.output;
  if (answer.copy) {
    EncodeOptions options;
    options.zone = ctx_.time_zone;
    options.bytea_escape = bytea_output_ == "escape";
    GT_RETURN_IF_ERROR(AppendCopyOut(output, *answer.copy, options, out));
    AppendCommandComplete(out, fmt::format("COPY {}", output.num_rows()));
    return Status::OK();
  }
  if (output.is_records && output.schema != nullptr) {
    const size_t columns = output.schema->num_columns();
    if (formats.size() > 1 && formats.size() != columns) {
      return Status::InvalidArguments("bind message has {} result formats but query has {} columns",
                                      formats.size(), columns);
    }
    if (describe) AppendRowDescription(out, Fields(answer, formats));
    EncodeOptions options;
    options.zone = ctx_.time_zone;
    options.bytea_escape = bytea_output_ == "escape";
    for (const auto& batch : output.batches) {
      for (size_t row = 0; row < batch.num_rows(); ++row) {
        const size_t start = BeginMessage(out, 'D');
        AppendInt16(out, static_cast<uint16_t>(columns));
        for (size_t col = 0; col < columns && col < batch.num_columns(); ++col) {
          auto value = EncodeValue(batch.GetValue(row, col), FormatCode(formats, col), options);
          if (!value.ok()) {
            out.resize(mark);
            return value.status();
          }
          if (*value) {
            AppendInt32(out, static_cast<uint32_t>((*value)->size()));
            out += **value;
          } else {
            AppendInt32(out, 0xFFFFFFFFu);
          }
        }
        FinishMessage(out, start);
      }
    }
  }
  for (const auto& notice : answer.notices) {
    AppendNoticeResponse(out, {"WARNING", "01000", notice, ""});
  }
  for (const auto& [name, value] : answer.parameters) AppendParameterStatus(out, name, value);
  std::string tag = answer.tag;
  if (tag.empty()) {
    tag = output.is_records ? fmt::format("SELECT {}", output.num_rows())
                            : fmt::format("OK {}", output.affected_rows);
  }
  AppendCommandComplete(out, tag);
  return Status::OK();
}

// ----- extended query ----------------------------------------------------------------------

void PgSession::ExtendedError(const ErrorFields& e, std::string& out) {
  AppendErrorResponse(out, e);
  skip_until_sync_ = true;
}

void PgSession::ExtendedError(const Status& status, std::string& out) {
  ErrorFields e = ErrorFromStatus(status);
  // "unknown_parameter_type: <detail>" and friends carry a detail (spec §2.3).
  for (std::string_view kind : {"unknown_parameter_type", "invalid_parameter_type"}) {
    if (StartsWith(e.message, kind) && e.message.size() > kind.size() + 2 &&
        e.message.substr(kind.size(), 2) == ": ") {
      e.detail = e.message.substr(kind.size() + 2);
      e.message = std::string(kind);
    }
  }
  AppendErrorResponse(out, e);
  skip_until_sync_ = true;
}

void PgSession::Parse(std::string_view body, std::string& out) {
  auto parse = DecodeParse(body);
  if (!parse.ok()) return ExtendedError(parse.status(), out);
  if (!parse->name.empty() && statements_.count(parse->name) != 0) {
    return ExtendedError({"ERROR", "42P05",
                          fmt::format("prepared statement \"{}\" already exists", parse->name), ""},
                         out);
  }
  if (!parse->name.empty() && statements_.size() >= options_.max_prepared_statements) {
    return ExtendedError(Status::RuntimeResourcesExhausted(
                             "too many prepared statements (at most {} per connection)",
                             options_.max_prepared_statements),
                         out);
  }
  auto split = SplitStatements(parse->query);
  if (!split.ok()) return ExtendedError(split.status(), out);
  if (split->size() > 1) {
    return ExtendedError({"ERROR", "42P14", "invalid_prepared_statement_definition",
                          "cannot insert multiple commands into a prepared statement"},
                         out);
  }
  Statement st;
  if (!split->empty()) st.sql = std::move((*split)[0]);
  auto placeholders = FindPlaceholders(st.sql);
  if (!placeholders.ok()) return ExtendedError(placeholders.status(), out);
  st.placeholders = std::move(placeholders).value();
  const size_t count = std::max(ParamCount(st.placeholders), parse->param_types.size());
  st.param_types = CastParamTypes(st.sql, count);
  for (size_t i = 0; i < parse->param_types.size(); ++i) {
    if (parse->param_types[i] != 0) st.param_types[i] = parse->param_types[i];
  }
  statements_[parse->name] = std::move(st);
  AppendParseComplete(out);
}

Result<std::string> PgSession::BindSql(const Statement& st, const BindMessage& bind) const {
  if (bind.params.size() != st.param_types.size()) {
    return Status::InvalidArguments(
        "bind message supplies {} parameters, but prepared statement \"{}\" requires {}",
        bind.params.size(), bind.statement, st.param_types.size());
  }
  std::vector<std::string> literals;
  literals.reserve(bind.params.size());
  for (size_t i = 0; i < bind.params.size(); ++i) {
    GT_ASSIGN_OR_RETURN(std::string literal, ParamLiteral(bind.params[i], st.param_types[i],
                                                          FormatCode(bind.param_formats, i), i));
    literals.push_back(std::move(literal));
  }
  return SubstituteParams(st.sql, st.placeholders, literals);
}

void PgSession::Bind(std::string_view body, std::string& out) {
  auto bind = DecodeBind(body);
  if (!bind.ok()) return ExtendedError(bind.status(), out);
  auto it = statements_.find(bind->statement);
  if (it == statements_.end()) {
    return ExtendedError(
        {"ERROR", "26000", fmt::format("prepared statement \"{}\" does not exist", bind->statement),
         ""},
        out);
  }
  if (!bind->portal.empty() && portals_.count(bind->portal) == 0 &&
      portals_.size() >= options_.max_portals) {
    return ExtendedError(Status::RuntimeResourcesExhausted("too many portals"), out);
  }
  if (bind->params.size() != it->second.param_types.size()) {
    return ExtendedError(
        {"ERROR", "08P01",
         fmt::format("bind message supplies {} parameters, but prepared statement \"{}\" "
                     "requires {}",
                     bind->params.size(), bind->statement, it->second.param_types.size()),
         ""},
        out);
  }
  auto sql_text = BindSql(it->second, *bind);
  if (!sql_text.ok()) return ExtendedError(sql_text.status(), out);
  Portal portal;
  portal.sql = std::move(sql_text).value();
  portal.result_formats = std::move(bind->result_formats);
  portals_[bind->portal] = std::move(portal);
  AppendBindComplete(out);
}

void PgSession::Describe(std::string_view body, std::string& out) {
  auto describe = DecodeDescribe(body);
  if (!describe.ok()) return ExtendedError(describe.status(), out);
  if (describe->kind == 'S') {
    auto it = statements_.find(describe->name);
    if (it == statements_.end()) {
      return ExtendedError(
          {"ERROR", "26000",
           fmt::format("prepared statement \"{}\" does not exist", describe->name), ""},
          out);
    }
    const Statement& st = it->second;
    std::vector<uint32_t> types = st.param_types;
    for (uint32_t& t : types) t = t == 0 ? oid::kUnknown : t;
    if (st.sql.empty() || !IsQueryStatement(NormalizeSql(st.sql.substr(0, 64)))) {
      AppendParameterDescription(out, types);
      AppendNoData(out);
      return;
    }
    // The row shape comes from running the query with NULL for every parameter (or 0, for
    // places NULL cannot go, such as LIMIT).
    std::vector<std::string> nulls(st.param_types.size(), "NULL");
    auto answer = Run(SubstituteParams(st.sql, st.placeholders, nulls));
    if (!answer.ok() && !st.param_types.empty()) {
      std::vector<std::string> zeros(st.param_types.size(), "0");
      auto again = Run(SubstituteParams(st.sql, st.placeholders, zeros));
      if (again.ok()) answer = std::move(again);
    }
    if (!answer.ok()) return ExtendedError(answer.status(), out);
    AppendParameterDescription(out, types);
    if (answer->output.is_records) {
      AppendRowDescription(out, Fields(*answer, {}));
    } else {
      AppendNoData(out);
    }
    return;
  }
  auto it = portals_.find(describe->name);
  if (it == portals_.end()) {
    return ExtendedError(
        {"ERROR", "34000", fmt::format("portal \"{}\" does not exist", describe->name), ""}, out);
  }
  Portal& portal = it->second;
  if (portal.sql.empty() || !IsQueryStatement(NormalizeSql(portal.sql.substr(0, 64)))) {
    AppendNoData(out);
    return;
  }
  // Run now so that the description matches the rows Execute sends.
  if (!portal.result) {
    auto answer = Run(portal.sql);
    if (!answer.ok()) return ExtendedError(answer.status(), out);
    portal.result = std::move(answer).value();
  }
  if (!portal.result->output.is_records) {
    AppendNoData(out);
    return;
  }
  if (portal.result_formats.size() > 1 &&
      portal.result_formats.size() != portal.result->output.schema->num_columns()) {
    return ExtendedError(
        Status::InvalidArguments("bind message has {} result formats but query has {} columns",
                                 portal.result_formats.size(),
                                 portal.result->output.schema->num_columns()),
        out);
  }
  AppendRowDescription(out, Fields(*portal.result, portal.result_formats));
}

void PgSession::Execute(std::string_view body, std::string& out) {
  auto execute = DecodeExecute(body);
  if (!execute.ok()) return ExtendedError(execute.status(), out);
  auto it = portals_.find(execute->portal);
  if (it == portals_.end()) {
    return ExtendedError(
        {"ERROR", "34000", fmt::format("portal \"{}\" does not exist", execute->portal), ""}, out);
  }
  Portal& portal = it->second;
  if (portal.sql.empty()) {
    AppendEmptyQueryResponse(out);
    return;
  }
  std::optional<PgAnswer> answer = std::move(portal.result);
  portal.result.reset();
  if (!answer) {
    const bool query = IsQueryStatement(NormalizeSql(portal.sql.substr(0, 64)));
    if (portal.executed && !query) {
      AppendCommandComplete(out, "OK 0");
      return;
    }
    auto run = Run(portal.sql);
    if (!run.ok()) return ExtendedError(run.status(), out);
    answer = std::move(run).value();
  }
  portal.executed = true;
  Status st = AppendAnswer(*answer, portal.result_formats, /*describe=*/false, out);
  if (!st.ok()) ExtendedError(st, out);
}

void PgSession::Close(std::string_view body, std::string& out) {
  auto close = DecodeClose(body);
  if (!close.ok()) return ExtendedError(close.status(), out);
  if (close->kind == 'S') {
    statements_.erase(close->name);
  } else {
    portals_.erase(close->name);
  }
  AppendCloseComplete(out);
}

}  // namespace greptime::servers::postgres
