// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "query/exec/expr.h"

#include <cmath>

#include <fmt/format.h>

#include "types/column_builder.h"
#include "types/column_ops.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

bool IsNumericLike(const DataType& t) { return t.is_numeric() || t.is_boolean(); }

// The type two numeric operands are computed in.
DataType CommonNumeric(const DataType& a, const DataType& b) {
  if (a.is_float() || b.is_float() || a.is_decimal() || b.is_decimal()) return DataType::Float64();
  if (a.is_unsigned_integer() && b.is_unsigned_integer()) return DataType::UInt64();
  return DataType::Int64();
}

class ColumnExpr final : public PhysicalExpr {
 public:
  ColumnExpr(size_t index, DataType type, std::string name)
      : index_(index), type_(type), name_(std::move(name)) {}
  DataType type() const override { return type_; }
  Result<ColumnPtr> Evaluate(const types::RecordBatch& batch) const override {
    if (index_ >= batch.num_columns()) {
      return Status::Unexpected("column #{} ({}) is out of range of a {}-column batch", index_,
                                name_, batch.num_columns());
    }
    return batch.column(index_);
  }
  std::string ToString() const override { return name_; }

 private:
  size_t index_;
  DataType type_;
  std::string name_;
};

class LiteralExpr final : public PhysicalExpr {
 public:
  explicit LiteralExpr(Value value) : value_(std::move(value)), type_(value_.type()) {}
  LiteralExpr(Value value, DataType type) : value_(std::move(value)), type_(type) {}
  DataType type() const override { return type_; }
  Result<ColumnPtr> Evaluate(const types::RecordBatch& batch) const override {
    return types::MakeConstantColumn(type_, value_, batch.num_rows());
  }
  std::string ToString() const override {
    if (value_.is_null()) return "NULL";
    if (value_.type().is_string()) return fmt::format("Utf8(\"{}\")", value_.AsBytes());
    // DataFusion's display: Float64(1), Float64(0.5).
    if (value_.type().is_float()) {
      return fmt::format("{}({})", value_.type().Name(), value_.ToFloat64().value_or(0));
    }
    return fmt::format("{}({})", value_.type().Name(), value_.ToString());
  }
  const Value& value() const { return value_; }

 private:
  Value value_;
  DataType type_;
};

// Reads a numeric/timestamp/boolean column as doubles or int64s.
template <typename T>
std::vector<T> NumericValues(const types::Column& column) {
  std::vector<T> out(column.size());
  if (const auto* f = column.As<types::Float64Column>()) {
    auto v = f->values();
    for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<T>(v[i]);
    return out;
  }
  if (const auto* n = column.As<types::Int64Column>()) {
    auto v = n->values();
    for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<T>(v[i]);
    return out;
  }
  for (size_t i = 0; i < out.size(); ++i) {
    if (column.IsNull(i)) continue;
    Value v = column.GetValue(i);
    if constexpr (std::is_floating_point_v<T>) {
      out[i] = static_cast<T>(v.ToFloat64().value_or(0));
    } else {
      out[i] = static_cast<T>(v.ToInt64().value_or(0));
    }
  }
  return out;
}

bool Compare(BinaryOp op, int c) {
  switch (op) {
    case BinaryOp::kEq: return c == 0;
    case BinaryOp::kNotEq: return c != 0;
    case BinaryOp::kLt: return c < 0;
    case BinaryOp::kLtEq: return c <= 0;
    case BinaryOp::kGt: return c > 0;
    case BinaryOp::kGtEq: return c >= 0;
    default: return false;
  }
}

template <typename T>
int Cmp(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Floats in total order (as DataFusion): NaN equals NaN and sorts above every number.
template <>
int Cmp<double>(double a, double b) {
  const bool an = std::isnan(a), bn = std::isnan(b);
  if (an || bn) return an == bn ? 0 : (an ? 1 : -1);
  return a < b ? -1 : (b < a ? 1 : 0);
}

class BinaryExpr final : public PhysicalExpr {
 public:
  BinaryExpr(BinaryOp op, ExprPtr left, ExprPtr right, DataType result, DataType compute)
      : op_(op), left_(std::move(left)), right_(std::move(right)), result_(result),
        compute_(compute) {}
  DataType type() const override { return result_; }
  std::string ToString() const override {
    return fmt::format("{} {} {}", left_->ToString(), BinaryOpSymbol(op_), right_->ToString());
  }

  Result<ColumnPtr> Evaluate(const types::RecordBatch& batch) const override {
    GT_ASSIGN_OR_RETURN(ColumnPtr l, left_->Evaluate(batch));
    GT_ASSIGN_OR_RETURN(ColumnPtr r, right_->Evaluate(batch));
    const size_t n = batch.num_rows();
    if (op_ == BinaryOp::kAnd || op_ == BinaryOp::kOr) return Logical(*l, *r, n);
    if (IsComparison(op_)) return Comparison(*l, *r, n);
    return Arithmetic(*l, *r, n);
  }

 private:
  // SQL three-valued logic.
  Result<ColumnPtr> Logical(const types::Column& l, const types::Column& r, size_t n) const {
    types::BooleanColumnBuilder out;
    for (size_t i = 0; i < n; ++i) {
      const bool ln = l.IsNull(i), rn = r.IsNull(i);
      const bool lv = !ln && l.GetValue(i).AsBoolean();
      const bool rv = !rn && r.GetValue(i).AsBoolean();
      if (op_ == BinaryOp::kAnd) {
        if ((!ln && !lv) || (!rn && !rv)) out.Append(false);
        else if (ln || rn) out.AppendNull();
        else out.Append(true);
      } else {
        if ((!ln && lv) || (!rn && rv)) out.Append(true);
        else if (ln || rn) out.AppendNull();
        else out.Append(false);
      }
    }
    return out.Finish();
  }

  Result<ColumnPtr> Comparison(const types::Column& l, const types::Column& r, size_t n) const {
    types::BooleanColumnBuilder out;
    if (compute_.is_float() || compute_.is_integer()) {
      if (compute_.is_float()) {
        auto a = NumericValues<double>(l), b = NumericValues<double>(r);
        for (size_t i = 0; i < n; ++i) {
          if (l.IsNull(i) || r.IsNull(i)) out.AppendNull();
          else out.Append(Compare(op_, Cmp(a[i], b[i])));
        }
      } else {
        auto a = NumericValues<int64_t>(l), b = NumericValues<int64_t>(r);
        for (size_t i = 0; i < n; ++i) {
          if (l.IsNull(i) || r.IsNull(i)) out.AppendNull();
          else out.Append(Compare(op_, Cmp(a[i], b[i])));
        }
      }
      return out.Finish();
    }
    for (size_t i = 0; i < n; ++i) {
      if (l.IsNull(i) || r.IsNull(i)) {
        out.AppendNull();
        continue;
      }
      out.Append(Compare(op_, l.GetValue(i).Compare(r.GetValue(i))));
    }
    return out.Finish();
  }

  Result<ColumnPtr> Arithmetic(const types::Column& l, const types::Column& r, size_t n) const {
    if (compute_.is_float()) {
      auto a = NumericValues<double>(l), b = NumericValues<double>(r);
      types::PrimitiveColumnBuilder<double> out(DataType::Float64());
      for (size_t i = 0; i < n; ++i) {
        if (l.IsNull(i) || r.IsNull(i)) {
          out.AppendNull();
          continue;
        }
        switch (op_) {
          case BinaryOp::kAdd: out.Append(a[i] + b[i]); break;
          case BinaryOp::kSub: out.Append(a[i] - b[i]); break;
          case BinaryOp::kMul: out.Append(a[i] * b[i]); break;
          case BinaryOp::kDiv: out.Append(a[i] / b[i]); break;
          default: out.Append(std::fmod(a[i], b[i])); break;
        }
      }
      return out.Finish();
    }
    auto a = NumericValues<int64_t>(l), b = NumericValues<int64_t>(r);
    const bool timestamp = result_.is_timestamp();
    types::PrimitiveColumnBuilder<int64_t> out(timestamp ? result_ : DataType::Int64());
    for (size_t i = 0; i < n; ++i) {
      if (l.IsNull(i) || r.IsNull(i)) {
        out.AppendNull();
        continue;
      }
      int64_t v = 0;
      bool overflow = false;
      switch (op_) {
        case BinaryOp::kAdd: overflow = __builtin_add_overflow(a[i], b[i], &v); break;
        case BinaryOp::kSub: overflow = __builtin_sub_overflow(a[i], b[i], &v); break;
        case BinaryOp::kMul: overflow = __builtin_mul_overflow(a[i], b[i], &v); break;
        case BinaryOp::kDiv:
        case BinaryOp::kMod:
          if (b[i] == 0 || (a[i] == INT64_MIN && b[i] == -1)) {
            out.AppendNull();  // division by zero yields NULL
            continue;
          }
          v = op_ == BinaryOp::kDiv ? a[i] / b[i] : a[i] % b[i];
          break;
        default: break;
      }
      if (overflow) {
        return Status(StatusCode::kEngineExecuteQuery,
                      fmt::format("Arithmetic overflow: {} {} {}", a[i], BinaryOpSymbol(op_), b[i]));
      }
      out.Append(v);
    }
    return out.Finish();
  }

  BinaryOp op_;
  ExprPtr left_, right_;
  DataType result_;
  DataType compute_;
};

class NotExpr final : public PhysicalExpr {
 public:
  explicit NotExpr(ExprPtr input) : input_(std::move(input)) {}
  DataType type() const override { return DataType::Boolean(); }
  std::string ToString() const override { return "NOT " + input_->ToString(); }
  Result<ColumnPtr> Evaluate(const types::RecordBatch& batch) const override {
    GT_ASSIGN_OR_RETURN(ColumnPtr in, input_->Evaluate(batch));
    types::BooleanColumnBuilder out;
    for (size_t i = 0; i < in->size(); ++i) {
      if (in->IsNull(i)) out.AppendNull();
      else out.Append(!in->GetValue(i).AsBoolean());
    }
    return out.Finish();
  }

 private:
  ExprPtr input_;
};

class IsNullExpr final : public PhysicalExpr {
 public:
  IsNullExpr(ExprPtr input, bool negated) : input_(std::move(input)), negated_(negated) {}
  DataType type() const override { return DataType::Boolean(); }
  std::string ToString() const override {
    return input_->ToString() + (negated_ ? " IS NOT NULL" : " IS NULL");
  }
  Result<ColumnPtr> Evaluate(const types::RecordBatch& batch) const override {
    GT_ASSIGN_OR_RETURN(ColumnPtr in, input_->Evaluate(batch));
    types::BooleanColumnBuilder out;
    for (size_t i = 0; i < in->size(); ++i) out.Append(in->IsNull(i) != negated_);
    return out.Finish();
  }

 private:
  ExprPtr input_;
  bool negated_;
};

class CastExpr final : public PhysicalExpr {
 public:
  CastExpr(ExprPtr input, DataType target) : input_(std::move(input)), target_(target) {}
  DataType type() const override { return target_; }
  std::string ToString() const override {
    return fmt::format("CAST({} AS {})", input_->ToString(), target_.Name());
  }
  Result<ColumnPtr> Evaluate(const types::RecordBatch& batch) const override {
    GT_ASSIGN_OR_RETURN(ColumnPtr in, input_->Evaluate(batch));
    if (in->type() == target_) return in;
    auto out = types::MakeColumnBuilder(target_, in->size());
    for (size_t i = 0; i < in->size(); ++i) {
      if (in->IsNull(i)) {
        out->AppendNull();
        continue;
      }
      GT_ASSIGN_OR_RETURN(Value v, in->GetValue(i).CastTo(target_));
      GT_RETURN_IF_ERROR(out->Append(v));
    }
    return out->Finish();
  }

 private:
  ExprPtr input_;
  DataType target_;
};

}  // namespace

std::string_view BinaryOpSymbol(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kMod: return "%";
    case BinaryOp::kEq: return "=";
    case BinaryOp::kNotEq: return "!=";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLtEq: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGtEq: return ">=";
    case BinaryOp::kAnd: return "AND";
    case BinaryOp::kOr: return "OR";
  }
  return "?";
}

bool IsComparison(BinaryOp op) {
  return op == BinaryOp::kEq || op == BinaryOp::kNotEq || op == BinaryOp::kLt ||
         op == BinaryOp::kLtEq || op == BinaryOp::kGt || op == BinaryOp::kGtEq;
}

ExprPtr Column(size_t index, DataType type, std::string name) {
  return std::make_shared<ColumnExpr>(index, type, std::move(name));
}

ExprPtr Literal(Value value) { return std::make_shared<LiteralExpr>(std::move(value)); }

const Value* LiteralValueOf(const PhysicalExpr& expr) {
  const auto* literal = dynamic_cast<const LiteralExpr*>(&expr);
  return literal == nullptr ? nullptr : &literal->value();
}

Result<ExprPtr> Cast(ExprPtr input, DataType target) {
  // Constant inputs are cast once, here.
  if (const auto* literal = dynamic_cast<const LiteralExpr*>(input.get())) {
    if (literal->value().is_null()) return ExprPtr(std::make_shared<LiteralExpr>(Value(), target));
    GT_ASSIGN_OR_RETURN(Value v, literal->value().CastTo(target));
    return Literal(std::move(v));
  }
  return ExprPtr(std::make_shared<CastExpr>(std::move(input), target));
}

Result<ExprPtr> Binary(BinaryOp op, ExprPtr left, ExprPtr right) {
  DataType lt = left->type(), rt = right->type();
  if (op == BinaryOp::kAnd || op == BinaryOp::kOr) {
    if ((!lt.is_boolean() && !lt.is_null()) || (!rt.is_boolean() && !rt.is_null())) {
      return Status(StatusCode::kPlanQuery,
                    fmt::format("{} needs boolean operands, got {} and {}", BinaryOpSymbol(op),
                                lt.Name(), rt.Name()));
    }
    return ExprPtr(std::make_shared<BinaryExpr>(op, left, right, DataType::Boolean(),
                                                DataType::Boolean()));
  }
  // A string literal compared with a timestamp is a timestamp literal.
  if (lt.is_timestamp() && rt.is_string()) {
    GT_ASSIGN_OR_RETURN(right, Cast(right, lt));
    rt = lt;
  } else if (rt.is_timestamp() && lt.is_string()) {
    GT_ASSIGN_OR_RETURN(left, Cast(left, rt));
    lt = rt;
  }
  if (IsComparison(op)) {
    DataType compute = DataType::Null();
    if (IsNumericLike(lt) && IsNumericLike(rt)) {
      compute = CommonNumeric(lt, rt);
    } else if (lt.is_timestamp() && rt.is_timestamp()) {
      if (lt.time_unit() != rt.time_unit()) {
        GT_ASSIGN_OR_RETURN(right, Cast(right, lt));
      }
      compute = DataType::Int64();
    } else if (lt.is_timestamp() && rt.is_integer()) {
      compute = DataType::Int64();
    } else if (!(lt == rt || lt.is_null() || rt.is_null() ||
                 (lt.is_string_like() && rt.is_string_like()))) {
      return Status(StatusCode::kPlanQuery,
                    fmt::format("Cannot compare {} with {}", lt.Name(), rt.Name()));
    }
    return ExprPtr(std::make_shared<BinaryExpr>(op, left, right, DataType::Boolean(), compute));
  }
  if (lt.is_timestamp() && rt.is_integer() && (op == BinaryOp::kAdd || op == BinaryOp::kSub)) {
    return ExprPtr(std::make_shared<BinaryExpr>(op, left, right, lt, DataType::Int64()));
  }
  if (!IsNumericLike(lt) || !IsNumericLike(rt)) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("Cannot apply {} to {} and {}", BinaryOpSymbol(op), lt.Name(),
                              rt.Name()));
  }
  DataType compute = CommonNumeric(lt, rt);
  if (compute.is_unsigned_integer()) compute = DataType::Int64();
  return ExprPtr(std::make_shared<BinaryExpr>(op, left, right, compute, compute));
}

Result<ExprPtr> Not(ExprPtr input) {
  if (!input->type().is_boolean() && !input->type().is_null()) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("NOT needs a boolean operand, got {}", input->type().Name()));
  }
  return ExprPtr(std::make_shared<NotExpr>(std::move(input)));
}

ExprPtr IsNull(ExprPtr input, bool negated) {
  return std::make_shared<IsNullExpr>(std::move(input), negated);
}

Result<ExprPtr> Negate(ExprPtr input) {
  if (!input->type().is_numeric()) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("Cannot negate {}", input->type().Name()));
  }
  return Binary(BinaryOp::kSub, Literal(Value::Int64(0)), std::move(input));
}

Result<std::vector<uint32_t>> EvaluateSelection(const PhysicalExpr& predicate,
                                                const types::RecordBatch& batch) {
  GT_ASSIGN_OR_RETURN(ColumnPtr mask, predicate.Evaluate(batch));
  if (!mask->type().is_boolean() && !mask->type().is_null()) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("filter predicate must be boolean, got {}", mask->type().Name()));
  }
  std::vector<uint32_t> selected;
  const auto* bools = mask->As<types::BooleanColumn>();
  for (size_t i = 0; i < mask->size(); ++i) {
    if (bools != nullptr && !mask->IsNull(i) && bools->at(i)) {
      selected.push_back(static_cast<uint32_t>(i));
    }
  }
  return selected;
}

Result<types::RecordBatch> TakeRows(const types::RecordBatch& batch,
                                    const std::vector<uint32_t>& indices) {
  std::vector<ColumnPtr> columns;
  for (const ColumnPtr& c : batch.columns()) {
    GT_ASSIGN_OR_RETURN(ColumnPtr taken, types::TakeColumn(*c, indices));
    columns.push_back(std::move(taken));
  }
  return types::RecordBatch::Make(batch.schema(), std::move(columns));
}

}  // namespace greptime::query
