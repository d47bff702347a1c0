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
#include "query/function/function.h"
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


// ----- more expressions (expr_more.cc) ---------------------------------------------------------

// The value of a literal expression, nullptr for anything else.
const types::Value* LiteralValueOf(const PhysicalExpr& expr);
// A call of a scalar function with the result type its ReturnType gave; `ctx` is shared by all
// calls of one query.
ExprPtr ScalarCall(const ScalarFunction* function, std::string name, std::vector<ExprPtr> args,
                   types::DataType type, std::shared_ptr<const FunctionContext> ctx);
// Searched CASE: the first `when` that is true gives its `then`; else `otherwise` (may be
// null: NULL). Branch results must already have `type` (the binder casts them).
ExprPtr Case(std::vector<std::pair<ExprPtr, ExprPtr>> branches, ExprPtr otherwise,
             types::DataType type);
// operand [NOT] IN (values); values already cast to the operand's type. SQL semantics: NULL
// operand -> NULL; no match and a NULL in the list -> NULL.
ExprPtr InList(ExprPtr operand, std::vector<types::Value> values, bool negated);
// a IS [NOT] DISTINCT FROM b (NULLs equal, never NULL).
ExprPtr IsDistinctFrom(ExprPtr left, ExprPtr right, bool negated);
// x IS [NOT] TRUE / FALSE (`value`), or IS [NOT] UNKNOWN when `unknown`.
ExprPtr IsBoolean(ExprPtr input, bool value, bool unknown, bool negated);
// Evaluates an expression without column references once (one-row batch) into a literal.
Result<ExprPtr> FoldConstant(const ExprPtr& expr);

}  // namespace greptime::query
