// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The binder/planner: turns a parsed query (sql::Query) into a tree of physical operators.
//
// Design: binding and planning happen in one pass over the syntax tree (no separate logical
// plan yet). Names resolve against scopes built from the FROM clause; aggregates, window
// functions and range aggregates are collected first and bound as columns of the operator
// that computes them. Optimizations applied while planning: conjuncts of WHERE that compare
// the time index with constants become the scan's time range, equality/IN on tag columns
// become tag filters, only referenced columns are scanned, a bare LIMIT is pushed into the
// scan, constant subexpressions are folded, ORDER BY + LIMIT becomes a top-N sort, equi-join
// conditions become hash joins. Uncorrelated subqueries (scalar, IN, EXISTS) are executed
// while planning and replaced by their values; correlated ones are rejected with kUnsupported.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "common/status.h"
#include "query/exec/exec_node.h"
#include "query/function/function.h"
#include "query/plan/table_source.h"
#include "query/sql/ast.h"

namespace greptime::query {

struct PlannerOptions {
  std::string catalog = "greptime";
  std::string database = "public";
  uint64_t memory_limit = 0;  // bytes per operator state; 0 = unlimited
  std::shared_ptr<const FunctionContext> function_context;
  const FunctionRegistry* registry = nullptr;  // FunctionRegistry::Default() when null
};

// Plans `query`. Errors: kTableNotFound, kPlanQuery (unknown columns, type errors),
// kInvalidArguments (bad function arguments), kUnsupported (features we do not have yet).
Result<ExecNodePtr> PlanQuery(const sql::Query& query, SchemaProvider& provider,
                              const PlannerOptions& options);

// Binds an expression without any input columns (INSERT values, defaults, partition bounds)
// and evaluates it to a value.
Result<types::Value> EvaluateConstant(const sql::Expr& expr, const PlannerOptions& options);

// Binds an expression over the columns of `schema` (unqualified names), e.g. a partition
// rule or a DELETE predicate, into a physical expression.
Result<ExprPtr> BindExpression(const sql::Expr& expr, const types::Schema& schema,
                               const PlannerOptions& options);

// Parses an interval text ('1 hour', '2 days 3 minutes', '1 year', '-5s', '1h30m') into a
// month/day/nanosecond interval. kInvalidArguments on malformed input.
Result<types::IntervalMonthDayNano> ParseIntervalText(std::string_view text);

}  // namespace greptime::query
