// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Statement syntax trees of GreptimeDB's SQL dialect (spec/sql.md §4-§18): DDL, DML, SHOW,
// DESC, USE, SET, EXPLAIN, ADMIN, TQL, COPY, COMMENT, KILL. A Statement is a value holding one
// of them in a std::variant plus its source text.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "query/sql/ast.h"

namespace greptime::query::sql {

struct Statement;

// ---------------------------------------------------------------------------------------------
// Options: WITH (k = v, ...), SET 'k' = 'v', CONNECTION (...)
// ---------------------------------------------------------------------------------------------

enum class OptionValueKind : uint8_t { kString, kNumber, kBoolean, kNull, kWord };

struct OptionValue {
  OptionValueKind kind = OptionValueKind::kString;
  std::string text;  // string content, number as written, "true"/"false", "NULL", bare word
  bool operator==(const OptionValue&) const = default;
};

// Keys: bare words (lower-cased, dotted parts joined: compaction.type) or quoted strings
// (kept as written: 'ttl', "physical_metric_table").
struct SqlOption {
  std::string key;
  OptionValue value;
  bool operator==(const SqlOption&) const = default;
};

using OptionList = std::vector<SqlOption>;

// ---------------------------------------------------------------------------------------------
// DDL
// ---------------------------------------------------------------------------------------------

struct CreateDatabaseStatement {
  bool if_not_exists = false;
  bool schema_keyword = false;  // CREATE SCHEMA
  ObjectName name;
  OptionList options;
};

enum class ColumnIndexKind : uint8_t { kFulltext, kSkipping, kInverted };

struct ColumnIndex {
  ColumnIndexKind kind = ColumnIndexKind::kInverted;
  OptionList options;  // WITH (...) of FULLTEXT / SKIPPING
};

struct ColumnDef {
  Ident name;
  TypeName type;
  std::optional<bool> nullable;  // NULL -> true, NOT NULL -> false, unset -> nullopt
  ExprPtr default_value;
  std::optional<std::string> comment;
  bool time_index = false;   // inline TIME INDEX
  bool primary_key = false;  // inline PRIMARY KEY
  std::vector<ColumnIndex> indexes;
  Position pos;
};

// PARTITION ON COLUMNS (cols) (expr, ...).
struct PartitionClause {
  std::vector<Ident> columns;
  std::vector<ExprPtr> exprs;
};

// CREATE [EXTERNAL] TABLE. The parser checks what GreptimeDB's parser checks (exactly one time
// index naming one timestamp column, not declared NULL; external tables without columns are
// exempt) and nothing more: primary-key conflicts, options and types are the binder's business.
// Column nullability is kept as written; the time index is NOT NULL whatever it says.
struct CreateTableStatement {
  bool if_not_exists = false;
  bool external = false;
  ObjectName name;
  std::vector<ColumnDef> columns;
  std::optional<Ident> time_index;  // TIME INDEX (col) constraint (inline ones: ColumnDef)
  std::vector<Ident> primary_key;   // PRIMARY KEY (cols) constraint
  bool has_primary_key_constraint = false;
  std::optional<PartitionClause> partitions;
  std::string engine;  // ENGINE = x (as written, lower-cased if bare); "" = default
  OptionList options;
};

struct CreateTableLikeStatement {
  ObjectName name;
  ObjectName source;
};

struct CreateViewStatement {
  bool or_replace = false;
  bool if_not_exists = false;
  ObjectName name;
  std::vector<Ident> columns;
  QueryPtr query;
  std::string definition;  // the query's source text
};

struct CreateFlowStatement {
  bool or_replace = false;
  bool if_not_exists = false;
  ObjectName name;
  ObjectName sink_table;
  ExprPtr expire_after;   // an interval expression or null
  ExprPtr eval_interval;  // EVAL INTERVAL '1m' or null
  std::optional<std::string> comment;
  QueryPtr query;               // AS SELECT ...
  std::unique_ptr<Tql> tql;     // AS TQL EVAL ...
  std::string definition;       // the source text after AS
};

struct AddColumn {
  ColumnDef column;
  bool if_not_exists = false;
  enum class Location : uint8_t { kDefault, kFirst, kAfter } location = Location::kDefault;
  Ident after;
};

struct AddColumnsOp { std::vector<AddColumn> columns; };
struct DropColumnOp { Ident column; };
struct ModifyColumnTypeOp { Ident column; TypeName type; };
struct ColumnDefault {
  Ident column;
  ExprPtr value;
};
// MODIFY COLUMN a SET DEFAULT x[, MODIFY COLUMN b SET DEFAULT y ...]
struct SetColumnDefaultsOp { std::vector<ColumnDefault> defaults; };
// MODIFY COLUMN a DROP DEFAULT[, MODIFY COLUMN b DROP DEFAULT ...]
struct DropColumnDefaultsOp { std::vector<Ident> columns; };
struct SetColumnIndexOp { Ident column; ColumnIndex index; };
struct UnsetColumnIndexOp { Ident column; ColumnIndexKind kind = ColumnIndexKind::kInverted; };
struct RenameTableOp { ObjectName new_name; };
struct SetTableOptionsOp { OptionList options; };
struct UnsetTableOptionsOp { std::vector<std::string> keys; };

struct AlterTableStatement {
  ObjectName table;
  std::variant<AddColumnsOp, DropColumnOp, ModifyColumnTypeOp, SetColumnDefaultsOp,
               DropColumnDefaultsOp, SetColumnIndexOp, UnsetColumnIndexOp, RenameTableOp,
               SetTableOptionsOp, UnsetTableOptionsOp>
      op;
};

struct AlterDatabaseStatement {
  ObjectName name;
  std::variant<SetTableOptionsOp, UnsetTableOptionsOp> op;
};

enum class ObjectKind : uint8_t { kTable, kDatabase, kView, kFlow };

struct DropStatement {
  ObjectKind kind = ObjectKind::kTable;
  bool if_exists = false;
  bool schema_keyword = false;  // DROP SCHEMA
  std::vector<ObjectName> names;
};

struct TruncateStatement {
  ObjectName table;
  std::vector<std::pair<ExprPtr, ExprPtr>> file_ranges;  // FILE RANGE (start, end), ...
};

// COMMENT ON TABLE t | COLUMN t.c | FLOW f IS 'text' | NULL.
struct CommentStatement {
  ObjectKind target = ObjectKind::kTable;
  bool column = false;     // COMMENT ON COLUMN (object = table parts + column)
  ObjectName object;
  std::optional<std::string> comment;  // nullopt for IS NULL
};

// ---------------------------------------------------------------------------------------------
// DML
// ---------------------------------------------------------------------------------------------

struct QueryStatement {
  QueryPtr query;
};

// INSERT INTO t [(cols)] VALUES ... | SELECT ...; `source` is a Query whose body is Values for
// the VALUES form (double-quoted tokens there are string literals).
struct InsertStatement {
  ObjectName table;
  std::vector<Ident> columns;
  QueryPtr source;
  bool replace = false;  // REPLACE INTO
};

struct DeleteStatement {
  ObjectName table;
  ExprPtr where;
};

// ---------------------------------------------------------------------------------------------
// Introspection and session
// ---------------------------------------------------------------------------------------------

enum class ShowKind : uint8_t {
  kDatabases, kTables, kTableStatus, kColumns, kIndex, kRegion, kViews, kFlows, kFlowStatus,
  kCreateTable, kCreateDatabase, kCreateView, kCreateFlow, kVariables, kCharset, kCollation,
  kProcessList, kStatus, kSearchPath, kTriggers,
};

enum class ShowFilterKind : uint8_t { kNone, kLike, kWhere };

struct ShowStatement {
  ShowKind kind = ShowKind::kDatabases;
  bool full = false;
  std::optional<ObjectName> database;  // FROM|IN db
  std::optional<ObjectName> object;    // the table / view / flow / database shown
  ShowFilterKind filter = ShowFilterKind::kNone;
  std::string like_pattern;
  ExprPtr where;
  ObjectName variable;       // SHOW VARIABLES name
  std::string for_target;    // SHOW CREATE TABLE t FOR POSTGRES_FOREIGN_TABLE
};

struct DescribeStatement {
  ObjectName table;
};

struct UseStatement {
  Ident database;
};

// SET [SESSION|LOCAL|GLOBAL] var = value [, value]; SET TIME ZONE 'x' sets `time_zone`.
struct SetVariableStatement {
  std::string scope;  // "", "SESSION", "LOCAL", "GLOBAL"
  ObjectName variable;
  std::vector<ExprPtr> values;
};

struct ExplainStatement {
  bool analyze = false;
  bool verbose = false;
  std::string format;  // FORMAT x (upper case) or ""
  std::unique_ptr<Statement> statement;
};

// ADMIN fn(args).
struct AdminStatement {
  ExprPtr call;  // a FunctionCall
};

struct TqlStatement {
  Tql tql;
};

enum class CopyDirection : uint8_t { kTo, kFrom };

// COPY [TABLE] t TO|FROM 'loc' ..., COPY (query) TO 'loc' ..., COPY DATABASE db TO|FROM 'loc'.
struct CopyStatement {
  enum class Target : uint8_t { kTable, kQuery, kDatabase } target = Target::kTable;
  CopyDirection direction = CopyDirection::kTo;
  ObjectName name;  // table or database
  QueryPtr query;   // kQuery
  std::string location;
  OptionList with;
  OptionList connection;
  ExprPtr limit;
};

struct KillStatement {
  bool query = false;  // KILL QUERY <connection id>
  std::string id;
};

struct Statement {
  using Node = std::variant<QueryStatement, InsertStatement, DeleteStatement,
                            CreateDatabaseStatement, CreateTableStatement,
                            CreateTableLikeStatement, CreateViewStatement, CreateFlowStatement,
                            AlterTableStatement, AlterDatabaseStatement, DropStatement,
                            TruncateStatement, CommentStatement, ShowStatement,
                            DescribeStatement, UseStatement, SetVariableStatement,
                            ExplainStatement, AdminStatement, TqlStatement, CopyStatement,
                            KillStatement>;
  Node node;
  Position pos;
  std::string text;  // the statement's source text, trimmed, without the ending ';'

  template <typename T>
  bool Is() const { return std::holds_alternative<T>(node); }
  template <typename T>
  const T* As() const { return std::get_if<T>(&node); }
  template <typename T>
  T* As() { return std::get_if<T>(&node); }
};

// Canonical SQL of a statement (no trailing ';'). Parsing it gives an equal tree.
std::string ToSql(const Statement& statement);
std::string ToString(const ColumnDef& column);
std::string ToString(const OptionList& options);  // (k = 'v', ...)

}  // namespace greptime::query::sql
