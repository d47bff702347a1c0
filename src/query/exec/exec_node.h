// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Physical operators: a pull-based tree of ExecNodes, each producing RecordBatches of its
// schema. Operators own their children; Next() is called from one thread at a time.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "query/exec/expr.h"
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
ExecNodePtr MakeSort(ExecNodePtr child, std::vector<SortKey> keys, std::optional<uint64_t> limit);

enum class AggregateKind { kCountStar, kCount, kSum, kAvg, kMin, kMax, kFirst, kLast };
struct AggregateSpec {
  AggregateKind kind;
  ExprPtr input;     // nullptr for count(*)
  std::string name;  // output column name, e.g. "count(*)"
  bool distinct = false;  // count(DISTINCT x)
};
// The output type of an aggregate over `input_type`: count → Int64, sum → Int64/UInt64/Float64,
// avg → Float64, min/max/first/last → the input type. kPlanQuery for unsupported inputs.
Result<types::DataType> AggregateOutputType(AggregateKind kind, const types::DataType& input_type);

// Groups rows by `group_exprs` (hash aggregate) and computes `aggregates` per group. Output:
// group columns then aggregate columns; groups appear in first-seen order. Without group
// expressions there is exactly one output row, even for empty input.
// `memory_limit` (bytes, 0 = none) bounds the hash table: past it the query fails with
// kRuntimeResourcesExhausted instead of exhausting the process.
Result<ExecNodePtr> MakeHashAggregate(ExecNodePtr child, std::vector<ExprPtr> group_exprs,
                                      std::vector<std::string> group_names,
                                      std::vector<AggregateSpec> aggregates,
                                      uint64_t memory_limit = 0);

}  // namespace greptime::query
