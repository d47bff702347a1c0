// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// DML (INSERT, DELETE) and the other statements: SHOW, DESC, USE, SET, EXPLAIN, ADMIN, TQL,
// COPY, KILL (spec/sql.md §8-§18, spec/promql.md §4.1).
#include <utility>

#include "query/sql/parser_impl.h"

namespace greptime::query::sql::internal {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' ||
                        s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' ||
                        s.back() == '\r' || s.back() == ';')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

Result<Statement::Node> Parser::ParseInsert() {
  InsertStatement insert;
  insert.replace = Next().IsKeyword("REPLACE");
  if (!ConsumeKeyword("INTO") && !insert.replace) ConsumeKeyword("OVERWRITE");
  ConsumeKeyword("TABLE");
  auto name = ParseObjectName();
  if (!name.ok()) return Unexpected("a table name", name.status());
  insert.table = std::move(name).value();
  if (PeekIs(TokenType::kLParen) && !PeekQueryStart(1) && !PeekIs(TokenType::kLParen, 1)) {
    GT_ASSIGN_OR_RETURN(insert.columns, ParseParenIdentList());
  }
  if (PeekKeyword("VALUES")) {
    const bool saved = values_mode_;
    values_mode_ = true;
    auto source = ParseQuery();
    values_mode_ = saved;
    GT_ASSIGN_OR_RETURN(insert.source, std::move(source));
  } else if (PeekQueryStart() || PeekIs(TokenType::kLParen)) {
    GT_ASSIGN_OR_RETURN(insert.source, ParseQuery());
  } else {
    return Expected("SELECT, VALUES, or a subquery in the query body");
  }
  return Statement::Node(std::move(insert));
}

Result<Statement::Node> Parser::ParseDelete() {
  Next();  // DELETE
  GT_RETURN_IF_ERROR(ExpectKeyword("FROM"));
  DeleteStatement del;
  auto name = ParseObjectName();
  if (!name.ok()) return Unexpected("a table name", name.status());
  del.table = std::move(name).value();
  if (ConsumeKeyword("WHERE")) {
    GT_ASSIGN_OR_RETURN(del.where, ParseExpr());
  }
  return Statement::Node(std::move(del));
}

Status Parser::ParseShowFilter(ShowStatement& show) {
  if (ConsumeKeyword("LIKE")) {
    show.filter = ShowFilterKind::kLike;
    GT_ASSIGN_OR_RETURN(show.like_pattern, ParseStringLiteral("a LIKE pattern string"));
  } else if (ConsumeKeyword("WHERE")) {
    show.filter = ShowFilterKind::kWhere;
    GT_ASSIGN_OR_RETURN(show.where, ParseExpr());
  }
  return Status::OK();
}

Status Parser::ParseShowFromDatabase(ShowStatement& show) {
  if (ConsumeKeyword("FROM") || ConsumeKeyword("IN")) {
    GT_ASSIGN_OR_RETURN(ObjectName db, ParseObjectName());
    show.database = std::move(db);
  }
  return Status::OK();
}

// SHOW COLUMNS / INDEX / REGION: FROM|IN table [FROM|IN db].
Status Parser::ParseShowFromTable(ShowStatement& show) {
  if (!ConsumeKeyword("FROM") && !ConsumeKeyword("IN")) {
    return Status::InvalidSyntax(
        "Unexpected token while parsing SQL statement, expected: '{{FROM | IN}} table', "
        "found: {}",
        Peek().Display());
  }
  GT_ASSIGN_OR_RETURN(ObjectName table, ParseObjectName());
  show.object = std::move(table);
  return ParseShowFromDatabase(show);
}

// The SHOW forms that are not listings of schema objects; false when none matched.
Result<bool> Parser::ParseShowSession(ShowStatement& show) {
  if (ConsumeKeyword("VARIABLES")) {
    show.kind = ShowKind::kVariables;
    if (PeekKeyword("LIKE") || PeekKeyword("WHERE")) {
      GT_RETURN_IF_ERROR(ParseShowFilter(show));
    } else {
      GT_ASSIGN_OR_RETURN(show.variable, ParseObjectName());
    }
  } else if (ConsumeKeyword("CHARSET") || ConsumeKeywords({"CHARACTER", "SET"})) {
    show.kind = ShowKind::kCharset;
    GT_RETURN_IF_ERROR(ParseShowFilter(show));
  } else if (ConsumeKeyword("COLLATION")) {
    show.kind = ShowKind::kCollation;
    GT_RETURN_IF_ERROR(ParseShowFilter(show));
  } else if (ConsumeKeyword("PROCESSLIST")) {
    show.kind = ShowKind::kProcessList;
  } else if (ConsumeKeyword("STATUS")) {
    show.kind = ShowKind::kStatus;
    GT_RETURN_IF_ERROR(ParseShowFilter(show));
  } else if (ConsumeKeyword("SEARCH_PATH")) {
    show.kind = ShowKind::kSearchPath;
  } else {
    return false;
  }
  return true;
}

Result<Statement::Node> Parser::ParseShow() {
  Next();  // SHOW
  if (PeekKeyword("CREATE")) return ParseShowCreate();
  ShowStatement show;
  show.full = ConsumeKeyword("FULL");
  GT_ASSIGN_OR_RETURN(bool session, ParseShowSession(show));
  if (session) return Statement::Node(std::move(show));
  if (ConsumeKeyword("DATABASES") || ConsumeKeyword("SCHEMAS")) {
    show.kind = ShowKind::kDatabases;
  } else if (ConsumeKeyword("TABLES")) {
    show.kind = ShowKind::kTables;
    GT_RETURN_IF_ERROR(ParseShowFromDatabase(show));
  } else if (ConsumeKeywords({"TABLE", "STATUS"})) {
    show.kind = ShowKind::kTableStatus;
    GT_RETURN_IF_ERROR(ParseShowFromDatabase(show));
  } else if (ConsumeKeyword("COLUMNS") || ConsumeKeyword("FIELDS")) {
    show.kind = ShowKind::kColumns;
    GT_RETURN_IF_ERROR(ParseShowFromTable(show));
  } else if (ConsumeKeyword("INDEX") || ConsumeKeyword("INDEXES") || ConsumeKeyword("KEYS")) {
    show.kind = ShowKind::kIndex;
    GT_RETURN_IF_ERROR(ParseShowFromTable(show));
    if (ConsumeKeyword("WHERE")) {  // LIKE is not supported for SHOW INDEX (left over)
      show.filter = ShowFilterKind::kWhere;
      GT_ASSIGN_OR_RETURN(show.where, ParseExpr());
    }
    return Statement::Node(std::move(show));
  } else if (ConsumeKeyword("REGION")) {
    show.kind = ShowKind::kRegion;
    GT_RETURN_IF_ERROR(ParseShowFromTable(show));
  } else if (ConsumeKeyword("VIEWS")) {
    show.kind = ShowKind::kViews;
    GT_RETURN_IF_ERROR(ParseShowFromDatabase(show));
  } else if (ConsumeKeywords({"FLOW", "STATUS"})) {
    show.kind = ShowKind::kFlowStatus;
    GT_RETURN_IF_ERROR(ParseShowFromDatabase(show));
  } else if (ConsumeKeyword("FLOWS")) {
    show.kind = ShowKind::kFlows;
    GT_RETURN_IF_ERROR(ParseShowFromDatabase(show));
  } else if (ConsumeKeyword("TRIGGERS")) {
    show.kind = ShowKind::kTriggers;
  } else {
    return Unsupported(Peek());
  }
  GT_RETURN_IF_ERROR(ParseShowFilter(show));
  return Statement::Node(std::move(show));
}

Result<Statement::Node> Parser::ParseShowCreate() {
  Next();  // CREATE
  ShowStatement show;
  if (ConsumeKeyword("TABLE")) {
    show.kind = ShowKind::kCreateTable;
  } else if (ConsumeKeyword("DATABASE") || ConsumeKeyword("SCHEMA")) {
    show.kind = ShowKind::kCreateDatabase;
  } else if (ConsumeKeyword("VIEW")) {
    show.kind = ShowKind::kCreateView;
  } else if (ConsumeKeyword("FLOW")) {
    show.kind = ShowKind::kCreateFlow;
  } else {
    return Unsupported(Peek());
  }
  auto name = ParseObjectName();
  if (!name.ok()) return Unexpected("a table name", name.status());
  show.object = std::move(name).value();
  if (show.kind == ShowKind::kCreateTable && ConsumeKeyword("FOR")) {
    GT_ASSIGN_OR_RETURN(Ident target, ParseIdent());
    show.for_target = AsciiUpper(target.value);
  }
  return Statement::Node(std::move(show));
}

Result<Statement::Node> Parser::ParseDescribe() {
  Next();  // DESC / DESCRIBE
  ConsumeKeyword("TABLE");
  DescribeStatement describe;
  auto name = ParseObjectName();
  if (!name.ok()) return Unexpected("a table name", name.status());
  describe.table = std::move(name).value();
  return Statement::Node(std::move(describe));
}

Result<Statement::Node> Parser::ParseUse() {
  Next();  // USE
  auto db = ParseIdent();
  if (!db.ok()) return Unexpected("a database name", db.status());
  return Statement::Node(UseStatement{std::move(db).value()});
}

Result<Statement::Node> Parser::ParseSet() {
  Next();  // SET
  SetVariableStatement set;
  for (std::string_view scope : {"SESSION", "LOCAL", "GLOBAL"}) {
    if (PeekKeyword(scope) && PeekIs(TokenType::kWord, 1)) {
      Next();
      set.scope = std::string(scope);
      break;
    }
  }
  if (PeekKeyword("TIME") && PeekKeyword("ZONE", 1)) {
    Next();
    Next();
    set.variable.parts.push_back(Ident("time_zone"));
    if (!Consume(TokenType::kEq)) ConsumeKeyword("TO");
  } else if (PeekKeyword("NAMES")) {
    Next();
    set.variable.parts.push_back(Ident("names"));
  } else {
    auto name = ParseObjectName();
    if (!name.ok()) return Unexpected("a variable name", name.status());
    set.variable = std::move(name).value();
    if (!Consume(TokenType::kEq) && !ConsumeKeyword("TO")) return Expected("equals sign or TO");
  }
  while (true) {
    GT_ASSIGN_OR_RETURN(ExprPtr value, ParseExpr());
    set.values.push_back(std::move(value));
    if (!Consume(TokenType::kComma)) break;
  }
  return Statement::Node(std::move(set));
}

Result<Statement::Node> Parser::ParseExplain() {
  Next();  // EXPLAIN
  ExplainStatement explain;
  explain.analyze = ConsumeKeyword("ANALYZE");
  explain.verbose = ConsumeKeyword("VERBOSE");
  if (ConsumeKeyword("FORMAT")) {
    GT_ASSIGN_OR_RETURN(Ident format, ParseIdent());
    explain.format = AsciiUpper(format.value);
  }
  GT_ASSIGN_OR_RETURN(Statement inner, ParseStatement());
  explain.statement = std::make_unique<Statement>(std::move(inner));
  return Statement::Node(std::move(explain));
}

Result<Statement::Node> Parser::ParseAdmin() {
  Next();  // ADMIN
  const Position pos = Peek().pos;
  GT_ASSIGN_OR_RETURN(ObjectName name, ParseObjectName());
  if (!PeekIs(TokenType::kLParen)) return Expected("(");
  GT_ASSIGN_OR_RETURN(ExprPtr call, ParseFunctionCall(std::move(name), pos));
  return Statement::Node(AdminStatement{std::move(call)});
}

Result<Tql> Parser::ParseTql(bool in_parentheses) {
  Next();  // TQL
  Tql tql;
  const Token& kind = Peek();
  if (kind.IsKeyword("EVAL") || kind.IsKeyword("EVALUATE")) {
    tql.kind = TqlKind::kEval;
  } else if (kind.IsKeyword("EXPLAIN")) {
    tql.kind = TqlKind::kExplain;
  } else if (kind.IsKeyword("ANALYZE")) {
    tql.kind = TqlKind::kAnalyze;
  } else {
    return Unsupported(kind);
  }
  Next();
  if (tql.kind != TqlKind::kEval) {
    tql.verbose = ConsumeKeyword("VERBOSE");
    if (ConsumeKeyword("FORMAT") && PeekIs(TokenType::kWord)) {
      tql.format = AsciiUpper(Next().text);
    }
  }
  if (Consume(TokenType::kLParen)) GT_RETURN_IF_ERROR(ParseTqlParams(tql));
  while (Consume(TokenType::kComma)) {
  }
  GT_RETURN_IF_ERROR(ParseTqlQuery(tql, in_parentheses));
  return tql;
}

Status Parser::ParseTqlParams(Tql& tql) {
  std::vector<ExprPtr> params;
  while (true) {
    GT_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
    params.push_back(std::move(e));
    if (!Consume(TokenType::kComma)) break;
  }
  if (params.size() != 3 && params.size() != 4) {
    return SyntaxError(fmt::format(
        "Expected 3 or 4 expressions in TQL parameters (start, end, step, [lookback]), but "
        "found {}",
        params.size()));
  }
  if (!Consume(TokenType::kRParen)) {
    return SyntaxError(
        fmt::format("Expected ')' after TQL parameters, but found: {}", Peek().Display()));
  }
  tql.start = std::move(params[0]);
  tql.end = std::move(params[1]);
  tql.step = std::move(params[2]);
  if (params.size() == 4) tql.lookback = std::move(params[3]);
  return Status::OK();
}

Status Parser::ParseTqlQuery(Tql& tql, bool in_parentheses) {
  // Token offsets relative to the first PromQL token; brackets are balanced so that a ')' of
  // the PromQL text does not end a CTE body.
  size_t n = 0;
  int depth = 0;
  while (true) {
    const Token& t = Peek(n);
    if (t.type == TokenType::kEof) break;
    if (depth == 0 && t.type == TokenType::kSemicolon) break;
    if (t.type == TokenType::kLParen || t.type == TokenType::kLBracket ||
        t.type == TokenType::kLBrace) {
      ++depth;
    } else if (t.type == TokenType::kRParen || t.type == TokenType::kRBracket ||
               t.type == TokenType::kRBrace) {
      if (depth == 0 && in_parentheses) break;
      if (depth > 0) --depth;
    }
    ++n;
  }
  size_t query_tokens = n;
  if (n >= 3 && Peek(n - 2).IsKeyword("AS") && Peek(n - 1).IsWord()) {
    query_tokens = n - 2;
    tql.alias = MakeIdent(Peek(n - 1));
  }
  if (query_tokens == 0) return SyntaxError("empty TQL query");
  const size_t begin = Peek().begin;
  tql.query = std::string(Trim(sql().substr(begin, Peek(query_tokens - 1).end - begin)));
  reset(mark() + n);
  return Status::OK();
}

Result<Statement::Node> Parser::ParseCopy() {
  Next();  // COPY
  CopyStatement copy;
  if (ConsumeKeyword("DATABASE")) {
    copy.target = CopyStatement::Target::kDatabase;
    GT_ASSIGN_OR_RETURN(copy.name, ParseObjectName());
  } else if (Consume(TokenType::kLParen)) {
    copy.target = CopyStatement::Target::kQuery;
    GT_ASSIGN_OR_RETURN(copy.query, ParseQuery());
    GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
  } else {
    ConsumeKeyword("TABLE");
    copy.target = CopyStatement::Target::kTable;
    auto name = ParseObjectName();
    if (!name.ok()) return Unexpected("a table name", name.status());
    copy.name = std::move(name).value();
  }
  if (ConsumeKeyword("TO")) {
    copy.direction = CopyDirection::kTo;
  } else if (copy.target != CopyStatement::Target::kQuery && ConsumeKeyword("FROM")) {
    copy.direction = CopyDirection::kFrom;
  } else {
    return Expected(copy.target == CopyStatement::Target::kQuery ? "TO" : "TO or FROM");
  }
  if (PeekIs(TokenType::kString)) {
    copy.location = Next().text;
  } else if (PeekKeyword("STDOUT") || PeekKeyword("STDIN")) {
    copy.location = AsciiUpper(Next().text);
  } else {
    return Expected("a file path string");
  }
  if (ConsumeKeyword("WITH") || PeekIs(TokenType::kLParen)) {
    GT_ASSIGN_OR_RETURN(copy.with, ParseOptionList());
  }
  if (ConsumeKeyword("CONNECTION")) {
    GT_ASSIGN_OR_RETURN(copy.connection, ParseOptionList());
  }
  if (ConsumeKeyword("LIMIT")) {
    GT_ASSIGN_OR_RETURN(copy.limit, ParseExpr());
  }
  return Statement::Node(std::move(copy));
}

Result<Statement::Node> Parser::ParseKill() {
  Next();  // KILL
  KillStatement kill;
  kill.query = ConsumeKeyword("QUERY");
  const Token& id = Peek();
  if (kill.query ? id.type != TokenType::kNumber
                 : (id.type != TokenType::kString && id.type != TokenType::kNumber)) {
    return Unexpected(kill.query ? "MySQL numeric connection id" : "process id string literal",
                      Expected(kill.query ? "literal int" : "literal string"));
  }
  kill.id = Next().text;
  return Statement::Node(std::move(kill));
}

}  // namespace greptime::query::sql::internal
