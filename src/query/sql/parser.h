// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Entry points of the SQL front end: text -> statements (syntax only; no catalog access).
//
// Errors mirror GreptimeDB's parser (spec/sql.md §20):
//   kInvalidSyntax "Invalid SQL syntax: sql parser error: Expected: an expression, found: FROM
//                   at Line: 1, Column: 8"
//   kUnsupported   "SQL statement is not supported, keyword: SELEC" for an unknown statement
//                   keyword, or a token left over after a statement (missing ';').
//   kInvalidSyntax "Missing time index constraint" / "Invalid time index: ..." for CREATE TABLE,
//   kInvalidArguments "Invalid column option, column name: i, error: time index column data
//                   type should be timestamp" / "... can't be null" (GreptimeDB checks these
//                   while parsing too).
// The functions are pure and thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"
#include "query/sql/ast.h"
#include "query/sql/statement.h"

namespace greptime::query::sql {

// Parses a script of statements separated by ';' (inside strings, quoted identifiers and
// comments ';' does not count; empty statements are skipped). An error in any statement fails
// the whole script, as GreptimeDB does.
Result<std::vector<Statement>> ParseSql(std::string_view sql);

// Parses exactly one statement (a trailing ';' is allowed). kInvalidSyntax when `sql` holds no
// statement or more than one.
Result<Statement> ParseOne(std::string_view sql);

// Parses one standalone expression (column defaults, partition rules kept as text, tests).
Result<ExprPtr> ParseExpression(std::string_view sql);

// True when `text` is a duration accepted by RANGE / ALIGN: `<n>y<n>w<n>d<n>h<n>m<n>s<n>ms`,
// each part optional but in this order, at least one present ("5m", "1h30m", "3600ms").
bool IsRangeDuration(std::string_view text);

}  // namespace greptime::query::sql
