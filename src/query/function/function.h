// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Functions callable from SQL: scalar functions (N columns -> 1 column, row by row) and
// aggregate functions (rows of a group -> 1 value, computed by a GroupsAccumulator over many
// groups at once). The binder looks them up by lower-case name in a FunctionRegistry, asks for
// the result type with the argument types (and the values of constant arguments), and the
// executor invokes them on whole columns.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "types/column.h"
#include "types/data_type.h"
#include "types/value.h"

namespace greptime::query {

// Per-query state a function may read.
struct FunctionContext {
  TimeZone time_zone = TimeZone::Utc();  // session zone (SET time_zone, X-Greptime-Timezone)
  int64_t now_ns = 0;                    // the query's start time: now(), current_timestamp
  std::string current_catalog = "greptime";
  std::string current_database = "public";
};

// An argument as the binder sees it: its type and, when the argument is a constant expression,
// its value (e.g. the format of date_format, the type name of arrow_cast, the percentile of
// approx_percentile_cont). `constant` is nullptr for non-constant arguments.
struct ArgInfo {
  types::DataType type;
  const types::Value* constant = nullptr;
};

class ScalarFunction {
 public:
  virtual ~ScalarFunction() = default;
  // Checks arity and argument types; returns the result type. kInvalidArguments (wrong arity
  // or types, e.g. "Failed to coerce arguments to satisfy a call to 'abs' function") otherwise.
  virtual Result<types::DataType> ReturnType(std::span<const ArgInfo> args) const = 0;
  // Evaluates the function. `args` has the same count and types ReturnType accepted, each
  // with `num_rows` rows (constant arguments arrive as constant columns). The result has
  // `num_rows` rows and the type ReturnType returned. NULL in -> NULL out unless the function
  // says otherwise (coalesce, concat, ...). Runtime errors: kInvalidArguments /
  // kEngineExecuteQuery with a message naming the function.
  virtual Result<types::ColumnPtr> Invoke(std::span<const types::ColumnPtr> args,
                                          size_t num_rows, const FunctionContext& ctx) const = 0;
  // False for functions whose value changes between calls with equal arguments (random()):
  // the planner does not fold those. now() is constant within a query.
  virtual bool deterministic() const { return true; }
};

// Aggregation state of many groups at once. Group ids are dense, 0..total_groups-1.
class GroupsAccumulator {
 public:
  virtual ~GroupsAccumulator() = default;
  // Adds rows: row i of `args` belongs to group `group_ids[i]` (< total_groups). Each column
  // of `args` has group_ids.size() rows. `total_groups` only grows between calls.
  virtual Status Update(std::span<const types::ColumnPtr> args,
                        std::span<const uint32_t> group_ids, size_t total_groups) = 0;
  // One value per group, in group id order (total_groups rows). Finish does not reset the
  // state and may be called repeatedly, with more Updates in between (running window
  // aggregates rely on this).
  virtual Result<types::ColumnPtr> Finish(size_t total_groups) = 0;
  // Bytes held by the state (for the query memory limit).
  virtual size_t MemoryBytes() const = 0;
};

struct AggregateOptions {
  bool distinct = false;  // count(DISTINCT x), sum(DISTINCT x)
  // Aggregates with an ordering (first_value(x ORDER BY ts), last_value, array_agg): the
  // ordering expressions are passed as extra trailing argument columns, one per entry here
  // (true = ascending). Without an ordering first/last follow input order.
  std::vector<bool> order_ascending;
};

class AggregateFunction {
 public:
  virtual ~AggregateFunction() = default;
  // `args` excludes ordering columns. count(*) is called with no arguments.
  virtual Result<types::DataType> ReturnType(std::span<const ArgInfo> args) const = 0;
  // A fresh accumulator; `args` as ReturnType accepted, `constants` the constant argument
  // values (same length as args; nullptr for non-constant ones) copied by the accumulator.
  virtual Result<std::unique_ptr<GroupsAccumulator>> MakeAccumulator(
      std::span<const ArgInfo> args, const AggregateOptions& options) const = 0;
};

class FunctionRegistry {
 public:
  // The registry with every built-in function; built once, then read-only (thread-safe).
  static const FunctionRegistry& Default();

  void RegisterScalar(std::string name, std::shared_ptr<const ScalarFunction> fn);
  void RegisterAggregate(std::string name, std::shared_ptr<const AggregateFunction> fn);
  // Lower-case names; nullptr when unknown.
  const ScalarFunction* FindScalar(std::string_view name) const;
  const AggregateFunction* FindAggregate(std::string_view name) const;
  std::vector<std::string> ScalarNames() const;
  std::vector<std::string> AggregateNames() const;

 private:
  std::unordered_map<std::string, std::shared_ptr<const ScalarFunction>> scalars_;
  std::unordered_map<std::string, std::shared_ptr<const AggregateFunction>> aggregates_;
};

// Convenience for simple scalar functions: a type rule plus a kernel.
class LambdaScalarFunction final : public ScalarFunction {
 public:
  using TypeFn = std::function<Result<types::DataType>(std::span<const ArgInfo>)>;
  using InvokeFn = std::function<Result<types::ColumnPtr>(std::span<const types::ColumnPtr>,
                                                          size_t, const FunctionContext&)>;
  LambdaScalarFunction(TypeFn type_fn, InvokeFn invoke_fn, bool deterministic = true)
      : type_fn_(std::move(type_fn)), invoke_fn_(std::move(invoke_fn)),
        deterministic_(deterministic) {}
  Result<types::DataType> ReturnType(std::span<const ArgInfo> args) const override {
    return type_fn_(args);
  }
  Result<types::ColumnPtr> Invoke(std::span<const types::ColumnPtr> args, size_t num_rows,
                                  const FunctionContext& ctx) const override {
    return invoke_fn_(args, num_rows, ctx);
  }
  bool deterministic() const override { return deterministic_; }

 private:
  TypeFn type_fn_;
  InvokeFn invoke_fn_;
  bool deterministic_;
};

// Registration hooks, one per family (each in its own .cc); Default() calls them all.
void RegisterMathFunctions(FunctionRegistry& registry);         // math_functions.cc
void RegisterStringFunctions(FunctionRegistry& registry);       // string_functions.cc
void RegisterTimeFunctions(FunctionRegistry& registry);         // time_functions.cc
void RegisterConditionalFunctions(FunctionRegistry& registry);  // conditional_functions.cc
void RegisterSystemFunctions(FunctionRegistry& registry);       // system_functions.cc
void RegisterAggregateFunctions(FunctionRegistry& registry);    // aggregate_functions.cc

}  // namespace greptime::query
