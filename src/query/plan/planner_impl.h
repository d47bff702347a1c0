// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Internals of the planner shared by its .cc files: scopes, the expression binder and the
// per-query planning state.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "query/plan/planner.h"
#include "query/sql/ast.h"
#include "types/schema.h"

namespace greptime::query::plan_internal {

struct ScopeColumn {
  std::string qualifier;  // table name or alias; "" for computed columns
  std::string name;
  types::DataType type;
  types::SemanticType semantic = types::SemanticType::kField;
  bool from_table = false;  // a table column (semantic is meaningful)
  bool hidden = false;      // not expanded by `*` (dummy inputs, USING duplicates)
};

// The columns an operator produces, as names the query can use.
struct Scope {
  std::vector<ScopeColumn> columns;
  // Whole expressions already computed by an operator below (group keys, aggregates, window
  // functions, range items), keyed by their canonical SQL text, mapped to a column index.
  std::map<std::string, size_t> computed;
  // After an aggregation: column references resolve against `input` (the scope before the
  // aggregation) and must be one of its group keys (input index -> output index).
  std::shared_ptr<const Scope> input;
  std::map<size_t, size_t> input_to_output;
};

// Per-query state.
struct PlanState {
  SchemaProvider& provider;
  const PlannerOptions& options;
  const FunctionRegistry& registry;
  // CTEs visible at this point (innermost last).
  std::vector<std::map<std::string, const sql::Cte*>> ctes;
  // Identifiers referenced anywhere in the query (for scan projection); any wildcard means all.
  std::set<std::string> referenced;
  bool wildcard = false;
  // Nesting depth of queries being planned (hostile inputs must not exhaust the stack).
  int depth = 0;
  // CTEs whose bodies are being planned: not visible to themselves (no recursion).
  std::set<const sql::Cte*> in_progress;
  // A range query groups by the table's tags by default: scans keep every tag column.
  bool all_tags = false;
};

class Binder {
 public:
  explicit Binder(PlanState& state) : state_(state) {}
  Result<ExprPtr> Bind(const sql::Expr& expr, const Scope& scope);
  // Resolves a column reference to an index of `scope` (or of scope.input mapped through
  // input_to_output). kPlanQuery when unknown or ambiguous.
  Result<size_t> ResolveColumn(const std::vector<sql::Ident>& parts, const Scope& scope);
  // Resolves against the columns of `scope` only.
  Result<size_t> ResolveIn(const std::vector<sql::Ident>& parts, const Scope& scope);

 private:
  Result<ExprPtr> BindFunction(const sql::FunctionCall& call, const sql::Expr& expr,
                               const Scope& scope);
  Result<ExprPtr> BindBinary(const sql::BinaryExpr& b, const Scope& scope);
  Result<ExprPtr> BindCase(const sql::CaseExpr& c, const Scope& scope);
  Result<ExprPtr> BindCast(const sql::CastExpr& c, const Scope& scope);
  Result<ExprPtr> BindSubquery(const sql::Query& query, bool exists, bool negated,
                               const ExprPtr& in_operand);
  Result<ExprPtr> CallScalar(std::string_view name, std::vector<ExprPtr> args);
  const TimeZone* SessionZone() const {
    return state_.options.function_context ? &state_.options.function_context->time_zone
                                           : nullptr;
  }
  PlanState& state_;
};

// Comparison/arithmetic with SQL coercions (string literal vs number/timestamp, timestamp ±
// interval, mixed numerics).
// String constants compared with timestamps are read in `zone` (the session's; UTC when null).
Result<ExprPtr> CoercedBinary(BinaryOp op, ExprPtr left, ExprPtr right,
                              const TimeZone* zone = nullptr);
// The type both operands of a UNION column / CASE branch / IN list are cast to.
Result<types::DataType> CommonType(const types::DataType& a, const types::DataType& b);
// Casts when the types differ.
Result<ExprPtr> CastTo(ExprPtr expr, const types::DataType& type);

// Canonical text of an expression: the key of Scope::computed.
std::string Key(const sql::Expr& expr);

// Plans a query with access to the planning state (CTEs, referenced columns).
Result<ExecNodePtr> PlanQueryNode(const sql::Query& query, PlanState& state, Scope* out_scope);

// Executes a plan to completion.
Result<std::vector<types::RecordBatch>> Execute(ExecNode& node);

// True for literal expressions.
bool IsConstLike(const ExprPtr& e);

// Splits AND chains.
void SplitConjuncts(const sql::Expr& expr, std::vector<const sql::Expr*>& out);

// Name of an output column for a select item without alias.
std::string OutputName(const sql::Expr& expr);

}  // namespace greptime::query::plan_internal
