// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Physical expressions: typed, bound trees evaluated over a RecordBatch into a Column. The
// binder produces them from SQL expressions; operators (filter, project, aggregate, sort) run
// them. Numeric comparisons and arithmetic on Int64/Float64/Timestamp columns run as tight
// loops over raw buffers; everything else falls back to per-row Value evaluation.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "types/column.h"
#include "types/record_batch.h"

namespace greptime::query {

class PhysicalExpr;
using ExprPtr = std::shared_ptr<const PhysicalExpr>;

class PhysicalExpr {
 public:
  virtual ~PhysicalExpr() = default;
  // The type of the values Evaluate returns.
  virtual types::DataType type() const = 0;
  // One value per row of `batch`. Errors: kEngineExecuteQuery (overflow, bad casts, division by
  // zero yields NULL as in SQL engines).
  virtual Result<types::ColumnPtr> Evaluate(const types::RecordBatch& batch) const = 0;
  // Display form: `cpu > Float64(0.5)`.
  virtual std::string ToString() const = 0;
};

enum class BinaryOp {
  kAdd, kSub, kMul, kDiv, kMod,
  kEq, kNotEq, kLt, kLtEq, kGt, kGtEq,
  kAnd, kOr,
};
std::string_view BinaryOpSymbol(BinaryOp op);
bool IsComparison(BinaryOp op);

// Column `index` of the input batch.
ExprPtr Column(size_t index, types::DataType type, std::string name);
ExprPtr Literal(types::Value value);
// Type-checks the operands: arithmetic needs numerics (or timestamp ± integer), comparisons need
// comparable types (numerics with numerics, strings with strings, timestamps with timestamps or
// timestamp strings), AND/OR need booleans. kPlanQuery otherwise.
Result<ExprPtr> Binary(BinaryOp op, ExprPtr left, ExprPtr right);
Result<ExprPtr> Not(ExprPtr input);
ExprPtr IsNull(ExprPtr input, bool negated);
Result<ExprPtr> Cast(ExprPtr input, types::DataType target);
Result<ExprPtr> Negate(ExprPtr input);

// Evaluates a boolean predicate into a selection: indices of rows where it is true (NULL and
// false drop the row).
Result<std::vector<uint32_t>> EvaluateSelection(const PhysicalExpr& predicate,
                                                const types::RecordBatch& batch);
// Rows `indices` of `batch`.
Result<types::RecordBatch> TakeRows(const types::RecordBatch& batch,
                                    const std::vector<uint32_t>& indices);

}  // namespace greptime::query
