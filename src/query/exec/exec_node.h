// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Physical operators: a pull-based tree of ExecNodes, each producing RecordBatches of its
// schema. Operators own their children; Next() is called from one thread at a time.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "query/exec/expr.h"
#include "query/function/function.h"
#include "types/record_batch.h"
#include "types/schema.h"

namespace greptime::query {

class ExecNode {
 public:
  virtual ~ExecNode() = default;
  virtual const types::SchemaPtr& schema() const = 0;
  // The next batch, or nullopt at the end.
  virtual Result<std::optional<types::RecordBatch>> Next() = 0;
  // One line describing the operator (EXPLAIN).
  virtual std::string Describe() const = 0;
};
using ExecNodePtr = std::unique_ptr<ExecNode>;

// Drains `node` into a vector of batches.
Result<std::vector<types::RecordBatch>> CollectAll(ExecNode& node);

// Drains `node` into one batch of its schema (columns concatenated). Past `memory_limit` bytes
// (0 = none) fails with kRuntimeResourcesExhausted naming `what` ("the window function").
Result<types::RecordBatch> CollectConcatenated(ExecNode& node, uint64_t memory_limit,
                                               std::string_view what);

// Batches given up front (VALUES, results of a storage scan).
ExecNodePtr MakeValues(types::SchemaPtr schema, std::vector<types::RecordBatch> batches);

// Rows where `predicate` is true.
ExecNodePtr MakeFilter(ExecNodePtr child, ExprPtr predicate);

// Evaluates `exprs` into columns named `names`.
ExecNodePtr MakeProject(ExecNodePtr child, std::vector<ExprPtr> exprs,
                        std::vector<std::string> names);

// Skips `offset` rows, then passes at most `limit` rows (nullopt: no limit).
ExecNodePtr MakeLimit(ExecNodePtr child, uint64_t offset, std::optional<uint64_t> limit);

struct SortKey {
  ExprPtr expr;
  bool ascending = true;
  bool nulls_first = false;  // SQL default: NULLs last ascending, first descending
};
// Sorts all input rows (stable). With `limit`, keeps only the first `limit` rows (top-N).
// Buffered input above `memory_limit` bytes (0 = none) fails with kRuntimeResourcesExhausted.
ExecNodePtr MakeSort(ExecNodePtr child, std::vector<SortKey> keys, std::optional<uint64_t> limit,
                     uint64_t memory_limit = 0);

// ---------------------------------------------------------------------------------------------
// Aggregation (aggregate.cc)
// ---------------------------------------------------------------------------------------------

// One aggregate call of a query: `function` over `args` (evaluated on the input), rows
// filtered by `filter` first when set (FILTER (WHERE ...)). Ordering arguments of
// first_value(x ORDER BY y) are trailing entries of `args` (see AggregateOptions).
struct AggregateSpec {
  const AggregateFunction* function = nullptr;
  std::vector<ExprPtr> args;            // count(*): empty
  std::vector<types::Value> constants;  // per arg: its constant value, or NULL when not constant
  AggregateOptions options;
  ExprPtr filter;                       // may be null
  std::string name;                     // output column name, e.g. "count(*)"
  types::DataType output_type;          // from function->ReturnType
};

// Groups rows by `group_exprs` (hash aggregate) and computes `aggregates` per group. Output:
// group columns (named `group_names`) then aggregate columns; groups appear in first-seen
// order. Without group expressions there is exactly one output row, even for empty input.
// NULL group keys form one group. `memory_limit` (bytes, 0 = none) bounds the hash table and
// accumulator state: past it the query fails with kRuntimeResourcesExhausted.
Result<ExecNodePtr> MakeHashAggregate(ExecNodePtr child, std::vector<ExprPtr> group_exprs,
                                      std::vector<std::string> group_names,
                                      std::vector<AggregateSpec> aggregates,
                                      uint64_t memory_limit = 0);

// ---------------------------------------------------------------------------------------------
// Joins and set operations (join.cc, set_ops.cc)
// ---------------------------------------------------------------------------------------------

enum class JoinKind { kInner, kLeft, kRight, kFull, kLeftSemi, kLeftAnti, kCross };

// Output schema: left columns then right columns (kLeftSemi / kLeftAnti: left columns only);
// columns of a side that may be NULL-extended become nullable. Equi-join on
// left_keys[i] = right_keys[i] (evaluated on the left resp. right input; NULL never matches),
// then `residual` (may be null) evaluated on the combined row (left columns then right
// columns). The right side is the build side. `memory_limit` as for MakeHashAggregate.
Result<ExecNodePtr> MakeHashJoin(ExecNodePtr left, ExecNodePtr right, JoinKind kind,
                                 std::vector<ExprPtr> left_keys, std::vector<ExprPtr> right_keys,
                                 ExprPtr residual, uint64_t memory_limit = 0);
// Joins without equi keys: `condition` (may be null: every pair) on the combined row.
Result<ExecNodePtr> MakeNestedLoopJoin(ExecNodePtr left, ExecNodePtr right, JoinKind kind,
                                       ExprPtr condition, uint64_t memory_limit = 0);

// Concatenates children that all produce `schema` (same column count and types; the binder
// inserts casts first).
ExecNodePtr MakeUnionAll(std::vector<ExecNodePtr> children, types::SchemaPtr schema);
// Removes duplicate rows (NULLs equal), keeping first occurrences in order.
Result<ExecNodePtr> MakeDistinct(ExecNodePtr child, uint64_t memory_limit = 0);
enum class SetOpKind { kIntersect, kExcept };
// INTERSECT / EXCEPT [ALL] with SQL multiset semantics (NULLs equal). Output schema: left's.
Result<ExecNodePtr> MakeSetOperation(ExecNodePtr left, ExecNodePtr right, SetOpKind kind,
                                     bool all, uint64_t memory_limit = 0);

// ---------------------------------------------------------------------------------------------
// Window functions (window.cc)
// ---------------------------------------------------------------------------------------------

enum class FrameUnits { kRows, kRange, kGroups };
enum class FrameBoundKind { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing,
                            kUnboundedFollowing };
struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  types::Value offset;  // kPreceding / kFollowing: a non-negative number (RANGE: in the order
                        // key's unit; an interval for timestamp keys)
};
// SQL default frame: with ORDER BY, RANGE UNBOUNDED PRECEDING .. CURRENT ROW (peers included);
// without ORDER BY, the whole partition.
struct WindowFrame {
  FrameUnits units = FrameUnits::kRange;
  FrameBound start{FrameBoundKind::kUnboundedPreceding, {}};
  FrameBound end{FrameBoundKind::kCurrentRow, {}};
};

struct WindowFunctionSpec {
  // Lower-case name: row_number, rank, dense_rank, percent_rank, cume_dist, ntile, lag, lead,
  // first_value, last_value, nth_value; or an aggregate (then `aggregate` is set).
  std::string function;
  const AggregateFunction* aggregate = nullptr;
  std::vector<ExprPtr> args;
  std::vector<types::Value> constants;  // per arg: constant value or NULL
  std::vector<ExprPtr> partition_by;
  std::vector<SortKey> order_by;
  WindowFrame frame;  // the default frame unless written
  std::string name;
  types::DataType output_type;
};
// Result type of a non-aggregate window function (row_number → UInt64, rank → UInt64,
// percent_rank/cume_dist → Float64, ntile → UInt64, lag/lead/first_value/last_value/nth_value →
// the first argument's type). kPlanQuery for unknown names or bad arguments.
Result<types::DataType> WindowFunctionReturnType(std::string_view name,
                                                 std::span<const ArgInfo> args);
bool IsWindowFunctionName(std::string_view name);
// Output: the input columns then one column per spec; rows grouped by partition and sorted by
// the order keys of the first spec (specs with other partitions/orders re-sort internally but
// the output keeps one row per input row).
Result<ExecNodePtr> MakeWindow(ExecNodePtr child, std::vector<WindowFunctionSpec> specs,
                               uint64_t memory_limit = 0);

// ---------------------------------------------------------------------------------------------
// Range aggregation: SELECT ... RANGE ... ALIGN ... BY ... FILL (range_aggregate.cc)
// ---------------------------------------------------------------------------------------------

enum class FillKind { kNone, kNull, kPrev, kLinear, kConstant };
struct FillSpec {
  FillKind kind = FillKind::kNone;
  types::Value constant;  // kConstant (cast to the item's output type by the operator)
};
struct RangeItem {
  AggregateSpec aggregate;
  int64_t range_ms = 0;  // > 0
  FillSpec fill;
};
struct RangeAggregateSpec {
  size_t time_index = 0;      // input column of the time index (a timestamp)
  int64_t align_ms = 0;       // > 0
  int64_t align_origin_ms = 0;  // ALIGN TO: slots are origin + k * align_ms
  std::vector<ExprPtr> by;    // BY (...) keys; the binder passes the table's primary key by default
  std::vector<std::string> by_names;
  std::vector<RangeItem> items;
  std::string time_name;      // output name of the time index column
};
// Output: time index column (same type as the input's), the BY columns, then one column per
// item, semantics of spec/sql.md §11.
Result<ExecNodePtr> MakeRangeAggregate(ExecNodePtr child, RangeAggregateSpec spec,
                                       uint64_t memory_limit = 0);

}  // namespace greptime::query
