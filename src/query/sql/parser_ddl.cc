// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// DDL: CREATE DATABASE / TABLE / EXTERNAL TABLE / TABLE LIKE / VIEW / FLOW, ALTER TABLE /
// DATABASE, DROP, TRUNCATE, COMMENT ON (spec/sql.md §4-§7, §18).
#include <algorithm>
#include <utility>

#include "query/sql/parser_impl.h"
#include "types/data_type.h"

namespace greptime::query::sql::internal {
namespace {

Status InvalidColumnOption(const Ident& column, std::string_view problem) {
  return Status::InvalidArguments("Invalid column option, column name: {}, error: {}",
                                  column.value, problem);
}

bool IsTimestampType(const TypeName& type) {
  auto resolved = types::DataType::ParseSql(type.text);
  return resolved.ok() && resolved->is_timestamp();
}

// GreptimeDB checks an inline TIME INDEX as soon as its column is parsed
// (sql/src/parsers/create_parser.rs): not NULL, and of a timestamp type.
Status CheckInlineTimeIndex(const ColumnDef& column) {
  if (!column.time_index) return Status::OK();
  if (column.nullable.value_or(false)) {
    return InvalidColumnOption(column.name, "time index column can't be null");
  }
  if (!IsTimestampType(column.type)) {
    return InvalidColumnOption(column.name, "time index column data type should be timestamp");
  }
  return Status::OK();
}

// ... and once all columns are known: exactly one time index, naming a declared timestamp column.
Status ValidateTimeIndex(const CreateTableStatement& create, std::vector<Ident> time_indexes) {
  for (const ColumnDef& column : create.columns) {
    if (column.time_index) time_indexes.push_back(column.name);
  }
  std::vector<Ident> unique;
  for (Ident& id : time_indexes) {
    if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(std::move(id));
  }
  if (unique.empty()) return Status::InvalidSyntax("Missing time index constraint");
  if (unique.size() > 1) {
    return Status::InvalidSyntax(
        "Invalid time index: expected only one time index constraint but actual {}",
        unique.size());
  }
  auto it = std::find_if(create.columns.begin(), create.columns.end(),
                         [&](const ColumnDef& c) { return c.name.value == unique[0].value; });
  if (it == create.columns.end()) {
    return Status::InvalidSyntax("Invalid time index: time index column {} not found in columns",
                                 unique[0].ToString());
  }
  if (!IsTimestampType(it->type)) {
    return InvalidColumnOption(it->name, "time index column data type should be timestamp");
  }
  return Status::OK();
}

}  // namespace

Result<Statement::Node> Parser::ParseCreate() {
  Next();  // CREATE
  if (ConsumeKeywords({"OR", "REPLACE"})) {
    if (ConsumeKeyword("VIEW")) return ParseCreateView(true);
    if (ConsumeKeyword("FLOW")) return ParseCreateFlow(true);
    return Unsupported(Peek());
  }
  if (PeekKeyword("TABLE")) return ParseCreateTable(false);
  if (ConsumeKeyword("EXTERNAL")) {
    if (!PeekKeyword("TABLE")) return Expected("TABLE");
    return ParseCreateTable(true);
  }
  if (PeekKeyword("DATABASE") || PeekKeyword("SCHEMA")) return ParseCreateDatabase();
  if (ConsumeKeyword("VIEW")) return ParseCreateView(false);
  if (ConsumeKeyword("FLOW")) return ParseCreateFlow(false);
  return Unsupported(Peek());
}

Result<Statement::Node> Parser::ParseCreateDatabase() {
  CreateDatabaseStatement create;
  create.schema_keyword = Next().IsKeyword("SCHEMA");
  GT_ASSIGN_OR_RETURN(create.if_not_exists, ParseIfNotExists());
  auto name = ParseObjectName();
  if (!name.ok()) return Unexpected("a database name", name.status());
  create.name = std::move(name).value();
  if (ConsumeKeyword("WITH")) {
    GT_ASSIGN_OR_RETURN(create.options, ParseOptionList());
  }
  return Statement::Node(std::move(create));
}

Result<Statement::Node> Parser::ParseCreateTable(bool external) {
  Next();  // TABLE
  CreateTableStatement create;
  create.external = external;
  GT_ASSIGN_OR_RETURN(create.if_not_exists, ParseIfNotExists());
  auto name = ParseObjectName();
  if (!name.ok()) return Unexpected("a table name", name.status());
  create.name = std::move(name).value();
  if (!external && ConsumeKeyword("LIKE")) {
    CreateTableLikeStatement like;
    like.name = std::move(create.name);
    auto source = ParseObjectName();
    if (!source.ok()) return Unexpected("a table name", source.status());
    like.source = std::move(source).value();
    return Statement::Node(std::move(like));
  }
  std::vector<Ident> time_indexes;
  GT_RETURN_IF_ERROR(ParseTableElements(create, time_indexes));
  if (!external || !create.columns.empty()) {
    GT_RETURN_IF_ERROR(ValidateTimeIndex(create, time_indexes));
  }
  if (!time_indexes.empty()) create.time_index = time_indexes.front();
  if (ConsumeKeyword("PARTITION")) {
    GT_ASSIGN_OR_RETURN(PartitionClause partitions, ParsePartitions());
    create.partitions = std::move(partitions);
  }
  if (ConsumeKeyword("ENGINE")) {
    Consume(TokenType::kEq);
    if (!PeekIs(TokenType::kWord)) return Expected("engine name");
    create.engine = MakeIdent(Next()).value;
  }
  if (ConsumeKeyword("WITH")) {
    GT_ASSIGN_OR_RETURN(create.options, ParseOptionList());
  }
  return Statement::Node(std::move(create));
}

Status Parser::ParseTableElements(CreateTableStatement& create, std::vector<Ident>& time_indexes) {
  if (!Consume(TokenType::kLParen) || Consume(TokenType::kRParen)) return Status::OK();
  while (true) {
    if (ConsumeKeyword("CONSTRAINT")) {
      GT_ASSIGN_OR_RETURN(Ident ignored, ParseIdent());
      (void)ignored;
    }
    if (PeekKeyword("TIME") && PeekKeyword("INDEX", 1)) {
      Next();
      Next();
      GT_ASSIGN_OR_RETURN(std::vector<Ident> columns, ParseParenIdentList());
      if (columns.size() != 1) {
        return Status::InvalidSyntax(
            "Invalid time index: it should contain only one column in time index");
      }
      time_indexes.push_back(std::move(columns.front()));
    } else if (PeekKeyword("PRIMARY") && PeekKeyword("KEY", 1)) {
      Next();
      Next();
      GT_ASSIGN_OR_RETURN(std::vector<Ident> columns, ParseParenIdentList());
      create.has_primary_key_constraint = true;
      for (Ident& c : columns) create.primary_key.push_back(std::move(c));
    } else if (PeekIs(TokenType::kWord)) {
      GT_ASSIGN_OR_RETURN(ColumnDef column, ParseColumnDef());
      GT_RETURN_IF_ERROR(CheckInlineTimeIndex(column));
      create.columns.push_back(std::move(column));
    } else {
      return Expected("column name or constraint definition");
    }
    const bool comma = Consume(TokenType::kComma);
    if (Consume(TokenType::kRParen)) break;  // a trailing comma is allowed
    if (!comma) return Expected("',' or ')' after column definition");
  }
  return Status::OK();
}

Result<ColumnDef> Parser::ParseColumnDef() {
  ColumnDef column;
  column.pos = Peek().pos;
  GT_ASSIGN_OR_RETURN(column.name, ParseIdent());
  GT_ASSIGN_OR_RETURN(column.type, ParseTypeName());
  GT_RETURN_IF_ERROR(ParseColumnOptions(column));
  return column;
}

Status Parser::ParseColumnOptions(ColumnDef& column) {
  while (true) {
    if (ConsumeKeyword("NULL")) {
      column.nullable = true;
    } else if (ConsumeKeywords({"NOT", "NULL"})) {
      column.nullable = false;
    } else if (ConsumeKeyword("DEFAULT")) {
      GT_ASSIGN_OR_RETURN(column.default_value, ParseExpr());
    } else if (ConsumeKeyword("COMMENT")) {
      GT_ASSIGN_OR_RETURN(std::string comment, ParseStringLiteral("a comment string"));
      column.comment = std::move(comment);
    } else if (ConsumeKeywords({"TIME", "INDEX"})) {
      if (column.time_index) return InvalidColumnOption(column.name, "duplicated time index");
      column.time_index = true;
    } else if (ConsumeKeywords({"PRIMARY", "KEY"})) {
      column.primary_key = true;
    } else if (ConsumeKeyword("FULLTEXT")) {
      ConsumeKeyword("INDEX");
      GT_ASSIGN_OR_RETURN(ColumnIndex index, ParseColumnIndex(ColumnIndexKind::kFulltext));
      column.indexes.push_back(std::move(index));
    } else if (ConsumeKeywords({"SKIPPING", "INDEX"})) {
      GT_ASSIGN_OR_RETURN(ColumnIndex index, ParseColumnIndex(ColumnIndexKind::kSkipping));
      column.indexes.push_back(std::move(index));
    } else if (ConsumeKeywords({"INVERTED", "INDEX"})) {
      GT_ASSIGN_OR_RETURN(ColumnIndex index, ParseColumnIndex(ColumnIndexKind::kInverted));
      column.indexes.push_back(std::move(index));
    } else {
      return Status::OK();
    }
  }
}

Result<ColumnIndex> Parser::ParseColumnIndex(ColumnIndexKind kind) {
  ColumnIndex index;
  index.kind = kind;
  if (PeekKeyword("WITH") && PeekIs(TokenType::kLParen, 1)) {
    Next();
    GT_ASSIGN_OR_RETURN(index.options, ParseOptionList());
  }
  return index;
}

Result<PartitionClause> Parser::ParsePartitions() {
  GT_RETURN_IF_ERROR(ExpectKeyword("ON"));
  GT_RETURN_IF_ERROR(ExpectKeyword("COLUMNS"));
  PartitionClause partitions;
  GT_ASSIGN_OR_RETURN(partitions.columns, ParseParenIdentList());
  GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
  GT_ASSIGN_OR_RETURN(partitions.exprs, ParseExprList(TokenType::kRParen, ")"));
  return partitions;
}

Result<Statement::Node> Parser::ParseCreateView(bool or_replace) {
  CreateViewStatement view;
  view.or_replace = or_replace;
  GT_ASSIGN_OR_RETURN(view.if_not_exists, ParseIfNotExists());
  auto name = ParseObjectName();
  if (!name.ok()) return Unexpected("a table name", name.status());
  view.name = std::move(name).value();
  if (PeekIs(TokenType::kLParen)) {
    GT_ASSIGN_OR_RETURN(view.columns, ParseParenIdentList());
  }
  GT_RETURN_IF_ERROR(ExpectKeyword("AS"));
  const size_t begin = Peek().begin;
  GT_ASSIGN_OR_RETURN(view.query, ParseQuery());
  view.definition = std::string(sql().substr(begin, Peek(0).begin - begin));
  while (!view.definition.empty() && (view.definition.back() == ' ' ||
                                      view.definition.back() == '\n' ||
                                      view.definition.back() == '\t')) {
    view.definition.pop_back();
  }
  return Statement::Node(std::move(view));
}

Result<Statement::Node> Parser::ParseCreateFlow(bool or_replace) {
  CreateFlowStatement flow;
  flow.or_replace = or_replace;
  GT_ASSIGN_OR_RETURN(flow.if_not_exists, ParseIfNotExists());
  auto name = ParseObjectName();
  if (!name.ok()) return Unexpected("a flow name", name.status());
  flow.name = std::move(name).value();
  if (!ConsumeKeyword("SINK")) return SyntaxError("Expect `SINK` keyword");
  GT_RETURN_IF_ERROR(ExpectKeyword("TO"));
  auto sink = ParseObjectName();
  if (!sink.ok()) return Unexpected("a table name", sink.status());
  flow.sink_table = std::move(sink).value();
  for (int i = 0; i < 2; ++i) {  // in either order
    if (!flow.expire_after && ConsumeKeywords({"EXPIRE", "AFTER"})) {
      GT_ASSIGN_OR_RETURN(flow.expire_after, ParseExpr());
    } else if (!flow.eval_interval && ConsumeKeywords({"EVAL", "INTERVAL"})) {
      GT_ASSIGN_OR_RETURN(flow.eval_interval, ParseExpr());
    }
  }
  if (ConsumeKeyword("COMMENT")) {
    GT_ASSIGN_OR_RETURN(std::string comment, ParseStringLiteral("a comment string"));
    flow.comment = std::move(comment);
  }
  GT_RETURN_IF_ERROR(ExpectKeyword("AS"));
  const size_t begin = Peek().begin;
  if (PeekKeyword("TQL")) {
    GT_ASSIGN_OR_RETURN(Tql tql, ParseTql(/*in_parentheses=*/false));
    flow.tql = std::make_unique<Tql>(std::move(tql));
  } else {
    GT_ASSIGN_OR_RETURN(flow.query, ParseQuery());
  }
  flow.definition = std::string(sql().substr(begin, Peek(0).begin - begin));
  while (!flow.definition.empty() &&
         (flow.definition.back() == ' ' || flow.definition.back() == '\n')) {
    flow.definition.pop_back();
  }
  return Statement::Node(std::move(flow));
}

Result<Statement::Node> Parser::ParseAlter() {
  Next();  // ALTER
  if (ConsumeKeyword("TABLE")) return ParseAlterTable();
  if (ConsumeKeyword("DATABASE") || ConsumeKeyword("SCHEMA")) return ParseAlterDatabase();
  return Unsupported(Peek());
}

// `k = v [, k = v ...]` after SET in ALTER TABLE / ALTER DATABASE.
Result<SetTableOptionsOp> Parser::ParseSetOptions() {
  SetTableOptionsOp set;
  while (true) {
    GT_ASSIGN_OR_RETURN(SqlOption option, ParseOption());
    set.options.push_back(std::move(option));
    if (!Consume(TokenType::kComma)) break;
  }
  return set;
}

Result<std::vector<std::string>> Parser::ParseUnsetKeys() {
  std::vector<std::string> keys;
  while (true) {
    GT_ASSIGN_OR_RETURN(std::string key, ParseOptionKey());
    keys.push_back(std::move(key));
    if (!Consume(TokenType::kComma)) break;
  }
  return keys;
}

Result<Statement::Node> Parser::ParseAlterTable() {
  AlterTableStatement alter;
  auto name = ParseObjectName();
  if (!name.ok()) return Unexpected("a table name", name.status());
  alter.table = std::move(name).value();
  if (PeekKeyword("ADD")) {
    AddColumnsOp add;
    while (ConsumeKeyword("ADD")) {
      ConsumeKeyword("COLUMN");
      AddColumn column;
      GT_ASSIGN_OR_RETURN(column.if_not_exists, ParseIfNotExists());
      GT_ASSIGN_OR_RETURN(column.column, ParseColumnDef());
      if (ConsumeKeyword("FIRST")) {
        column.location = AddColumn::Location::kFirst;
      } else if (ConsumeKeyword("AFTER")) {
        column.location = AddColumn::Location::kAfter;
        GT_ASSIGN_OR_RETURN(column.after, ParseIdent());
      }
      add.columns.push_back(std::move(column));
      if (!(PeekIs(TokenType::kComma) && PeekKeyword("ADD", 1))) break;
      Next();
    }
    alter.op = std::move(add);
  } else if (ConsumeKeyword("DROP")) {
    ConsumeKeyword("COLUMN");
    GT_ASSIGN_OR_RETURN(Ident column, ParseIdent());
    alter.op = DropColumnOp{std::move(column)};
  } else if (ConsumeKeyword("MODIFY")) {
    GT_ASSIGN_OR_RETURN(Statement::Node node, ParseAlterModifyColumn());
    std::get<AlterTableStatement>(node).table = std::move(alter.table);
    return node;
  } else if (ConsumeKeyword("RENAME")) {
    ConsumeKeyword("TO");
    GT_ASSIGN_OR_RETURN(ObjectName new_name, ParseObjectName());
    alter.op = RenameTableOp{std::move(new_name)};
  } else if (ConsumeKeyword("SET")) {
    GT_ASSIGN_OR_RETURN(alter.op, ParseSetOptions());
  } else if (ConsumeKeyword("UNSET")) {
    GT_ASSIGN_OR_RETURN(std::vector<std::string> keys, ParseUnsetKeys());
    alter.op = UnsetTableOptionsOp{std::move(keys)};
  } else {
    return Expected("ADD or DROP or MODIFY or RENAME or SET or UNSET after ALTER TABLE");
  }
  return Statement::Node(std::move(alter));
}

Result<Statement::Node> Parser::ParseAlterModifyColumn() {
  AlterTableStatement alter;
  ConsumeKeyword("COLUMN");
  GT_ASSIGN_OR_RETURN(Ident column, ParseIdent());
  auto parse_index_kind = [&]() -> Result<ColumnIndexKind> {
    if (ConsumeKeyword("FULLTEXT")) {
      ConsumeKeyword("INDEX");
      return ColumnIndexKind::kFulltext;
    }
    if (ConsumeKeywords({"SKIPPING", "INDEX"})) return ColumnIndexKind::kSkipping;
    if (ConsumeKeywords({"INVERTED", "INDEX"})) return ColumnIndexKind::kInverted;
    return Expected("FULLTEXT INDEX, SKIPPING INDEX or INVERTED INDEX");
  };
  // Further `, MODIFY COLUMN c <SET DEFAULT x | DROP DEFAULT>` of the same kind.
  auto next_column = [&](std::initializer_list<std::string_view> action) -> Result<bool> {
    if (!Consume(TokenType::kComma)) return false;
    GT_RETURN_IF_ERROR(ExpectKeyword("MODIFY"));
    ConsumeKeyword("COLUMN");
    GT_ASSIGN_OR_RETURN(column, ParseIdent());
    for (std::string_view kw : action) GT_RETURN_IF_ERROR(ExpectKeyword(kw));
    return true;
  };
  if (ConsumeKeywords({"SET", "DEFAULT"})) {
    SetColumnDefaultsOp op;
    while (true) {
      GT_ASSIGN_OR_RETURN(ExprPtr value, ParseExpr());
      op.defaults.push_back(ColumnDefault{std::move(column), std::move(value)});
      GT_ASSIGN_OR_RETURN(bool more, next_column({"SET", "DEFAULT"}));
      if (!more) break;
    }
    alter.op = std::move(op);
  } else if (ConsumeKeywords({"DROP", "DEFAULT"})) {
    DropColumnDefaultsOp op;
    while (true) {
      op.columns.push_back(std::move(column));
      GT_ASSIGN_OR_RETURN(bool more, next_column({"DROP", "DEFAULT"}));
      if (!more) break;
    }
    alter.op = std::move(op);
  } else if (ConsumeKeyword("SET")) {
    GT_ASSIGN_OR_RETURN(ColumnIndexKind kind, parse_index_kind());
    GT_ASSIGN_OR_RETURN(ColumnIndex index, ParseColumnIndex(kind));
    alter.op = SetColumnIndexOp{std::move(column), std::move(index)};
  } else if (ConsumeKeyword("UNSET")) {
    GT_ASSIGN_OR_RETURN(ColumnIndexKind kind, parse_index_kind());
    alter.op = UnsetColumnIndexOp{std::move(column), kind};
  } else {
    GT_ASSIGN_OR_RETURN(TypeName type, ParseTypeName());
    alter.op = ModifyColumnTypeOp{std::move(column), std::move(type)};
  }
  return Statement::Node(std::move(alter));
}

Result<Statement::Node> Parser::ParseAlterDatabase() {
  AlterDatabaseStatement alter;
  auto name = ParseObjectName();
  if (!name.ok()) return Unexpected("a database name", name.status());
  alter.name = std::move(name).value();
  if (ConsumeKeyword("SET")) {
    GT_ASSIGN_OR_RETURN(alter.op, ParseSetOptions());
  } else if (ConsumeKeyword("UNSET")) {
    GT_ASSIGN_OR_RETURN(std::vector<std::string> keys, ParseUnsetKeys());
    alter.op = UnsetTableOptionsOp{std::move(keys)};
  } else {
    return Expected("SET or UNSET after ALTER DATABASE");
  }
  return Statement::Node(std::move(alter));
}

Result<Statement::Node> Parser::ParseDrop() {
  Next();  // DROP
  DropStatement drop;
  if (ConsumeKeyword("TABLE")) {
    drop.kind = ObjectKind::kTable;
  } else if (PeekKeyword("DATABASE") || PeekKeyword("SCHEMA")) {
    drop.schema_keyword = Next().IsKeyword("SCHEMA");
    drop.kind = ObjectKind::kDatabase;
  } else if (ConsumeKeyword("VIEW")) {
    drop.kind = ObjectKind::kView;
  } else if (ConsumeKeyword("FLOW")) {
    drop.kind = ObjectKind::kFlow;
  } else {
    return Unsupported(Peek());
  }
  drop.if_exists = ParseIfExists();
  while (true) {
    auto name = ParseObjectName();
    if (!name.ok()) return Unexpected("a table name", name.status());
    drop.names.push_back(std::move(name).value());
    if (drop.kind == ObjectKind::kDatabase || !Consume(TokenType::kComma)) break;
  }
  return Statement::Node(std::move(drop));
}

Result<Statement::Node> Parser::ParseTruncate() {
  Next();  // TRUNCATE
  ConsumeKeyword("TABLE");
  TruncateStatement truncate;
  auto name = ParseObjectName();
  if (!name.ok()) return Unexpected("a table name", name.status());
  truncate.table = std::move(name).value();
  if (ConsumeKeywords({"FILE", "RANGE"})) {
    while (true) {
      GT_RETURN_IF_ERROR(Expect(TokenType::kLParen, "("));
      GT_ASSIGN_OR_RETURN(ExprPtr start, ParseExpr());
      GT_RETURN_IF_ERROR(Expect(TokenType::kComma, ","));
      GT_ASSIGN_OR_RETURN(ExprPtr end, ParseExpr());
      GT_RETURN_IF_ERROR(Expect(TokenType::kRParen, ")"));
      truncate.file_ranges.emplace_back(std::move(start), std::move(end));
      if (!Consume(TokenType::kComma)) break;
    }
  }
  return Statement::Node(std::move(truncate));
}

Result<Statement::Node> Parser::ParseComment() {
  Next();  // COMMENT
  GT_RETURN_IF_ERROR(ExpectKeyword("ON"));
  CommentStatement comment;
  if (ConsumeKeyword("TABLE")) {
    comment.target = ObjectKind::kTable;
  } else if (ConsumeKeyword("COLUMN")) {
    comment.target = ObjectKind::kTable;
    comment.column = true;
  } else if (ConsumeKeyword("FLOW")) {
    comment.target = ObjectKind::kFlow;
  } else {
    return Expected("TABLE, COLUMN or FLOW");
  }
  GT_ASSIGN_OR_RETURN(comment.object, ParseObjectName());
  if (comment.column && comment.object.parts.size() < 2) {
    return SyntaxError("COMMENT ON COLUMN expects <table>.<column>");
  }
  GT_RETURN_IF_ERROR(ExpectKeyword("IS"));
  if (!ConsumeKeyword("NULL")) {
    GT_ASSIGN_OR_RETURN(std::string text, ParseStringLiteral("a string or NULL"));
    comment.comment = std::move(text);
  }
  return Statement::Node(std::move(comment));
}

}  // namespace greptime::query::sql::internal
