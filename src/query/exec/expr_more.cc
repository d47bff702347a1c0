// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Function calls, CASE, IN lists, IS DISTINCT FROM, IS TRUE/FALSE and constant folding.
#include <unordered_set>

#include <fmt/format.h>

#include "query/exec/expr.h"
#include "types/column_builder.h"
#include "types/record_batch.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

std::string JoinArgs(const std::vector<ExprPtr>& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ", ";
    out += args[i]->ToString();
  }
  return out;
}

class ScalarCallExpr final : public PhysicalExpr {
 public:
  ScalarCallExpr(const ScalarFunction* fn, std::string name, std::vector<ExprPtr> args,
                 DataType type, std::shared_ptr<const FunctionContext> ctx)
      : fn_(fn), name_(std::move(name)), args_(std::move(args)), type_(type),
        ctx_(std::move(ctx)) {}
  DataType type() const override { return type_; }
  std::string ToString() const override { return fmt::format("{}({})", name_, JoinArgs(args_)); }
  Result<ColumnPtr> Evaluate(const types::RecordBatch& batch) const override {
    std::vector<ColumnPtr> cols;
    cols.reserve(args_.size());
    for (const auto& a : args_) {
      GT_ASSIGN_OR_RETURN(ColumnPtr c, a->Evaluate(batch));
      cols.push_back(std::move(c));
    }
    static const FunctionContext kDefault;
    GT_ASSIGN_OR_RETURN(ColumnPtr out,
                        fn_->Invoke(cols, batch.num_rows(), ctx_ ? *ctx_ : kDefault));
    if (out->size() != batch.num_rows()) {
      return Status::Internal("function {} returned {} rows for {}", name_, out->size(),
                              batch.num_rows());
    }
    if (!(out->type() == type_) && !out->type().is_null()) {
      // Keep the declared type: functions may return a narrower physical type.
      auto b = types::MakeColumnBuilder(type_, out->size());
      for (size_t i = 0; i < out->size(); ++i) {
        if (out->IsNull(i)) {
          b->AppendNull();
          continue;
        }
        GT_ASSIGN_OR_RETURN(Value v, out->GetValue(i).CastTo(type_));
        GT_RETURN_IF_ERROR(b->Append(v));
      }
      return b->Finish();
    }
    if (out->type().is_null() && !type_.is_null()) {
      return types::MakeConstantColumn(type_, Value(), out->size());
    }
    return out;
  }
  bool deterministic() const { return fn_->deterministic(); }

 private:
  const ScalarFunction* fn_;
  std::string name_;
  std::vector<ExprPtr> args_;
  DataType type_;
  std::shared_ptr<const FunctionContext> ctx_;
};

class CaseExpr final : public PhysicalExpr {
 public:
  CaseExpr(std::vector<std::pair<ExprPtr, ExprPtr>> branches, ExprPtr otherwise, DataType type)
      : branches_(std::move(branches)), otherwise_(std::move(otherwise)), type_(type) {}
  DataType type() const override { return type_; }
  std::string ToString() const override {
    std::string s = "CASE";
    for (const auto& [w, t] : branches_) {
      s += fmt::format(" WHEN {} THEN {}", w->ToString(), t->ToString());
    }
    if (otherwise_) s += " ELSE " + otherwise_->ToString();
    return s + " END";
  }
  Result<ColumnPtr> Evaluate(const types::RecordBatch& batch) const override {
    const size_t n = batch.num_rows();
    std::vector<int> chosen(n, -1);
    size_t undecided = n;
    for (size_t b = 0; b < branches_.size() && undecided > 0; ++b) {
      GT_ASSIGN_OR_RETURN(ColumnPtr cond, branches_[b].first->Evaluate(batch));
      for (size_t i = 0; i < n; ++i) {
        if (chosen[i] >= 0 || cond->IsNull(i)) continue;
        Value v = cond->GetValue(i);
        if (v.type().is_boolean() && v.AsBoolean()) {
          chosen[i] = static_cast<int>(b);
          --undecided;
        }
      }
    }
    std::vector<ColumnPtr> results(branches_.size());
    for (size_t b = 0; b < branches_.size(); ++b) {
      bool used = false;
      for (int c : chosen) used |= c == static_cast<int>(b);
      if (used) {
        GT_ASSIGN_OR_RETURN(results[b], branches_[b].second->Evaluate(batch));
      }
    }
    ColumnPtr other;
    if (otherwise_ && undecided > 0) {
      GT_ASSIGN_OR_RETURN(other, otherwise_->Evaluate(batch));
    }
    auto out = types::MakeColumnBuilder(type_, n);
    for (size_t i = 0; i < n; ++i) {
      const types::Column* src = chosen[i] >= 0 ? results[chosen[i]].get() : other.get();
      if (src == nullptr || src->IsNull(i)) {
        out->AppendNull();
        continue;
      }
      Value v = src->GetValue(i);
      if (!(v.type() == type_)) {
        GT_ASSIGN_OR_RETURN(v, v.CastTo(type_));
      }
      GT_RETURN_IF_ERROR(out->Append(v));
    }
    return out->Finish();
  }

 private:
  std::vector<std::pair<ExprPtr, ExprPtr>> branches_;
  ExprPtr otherwise_;
  DataType type_;
};

class InListExpr final : public PhysicalExpr {
 public:
  InListExpr(ExprPtr operand, std::vector<Value> values, bool negated)
      : operand_(std::move(operand)), negated_(negated) {
    for (auto& v : values) {
      if (v.is_null()) has_null_ = true;
      else set_.insert(std::move(v));
    }
  }
  DataType type() const override { return DataType::Boolean(); }
  std::string ToString() const override {
    return fmt::format("{} {}IN ({} values)", operand_->ToString(), negated_ ? "NOT " : "",
                       set_.size() + (has_null_ ? 1 : 0));
  }
  Result<ColumnPtr> Evaluate(const types::RecordBatch& batch) const override {
    GT_ASSIGN_OR_RETURN(ColumnPtr in, operand_->Evaluate(batch));
    types::BooleanColumnBuilder out;
    for (size_t i = 0; i < in->size(); ++i) {
      if (in->IsNull(i)) {
        out.AppendNull();
        continue;
      }
      bool found = set_.count(in->GetValue(i)) > 0;
      if (!found && has_null_) out.AppendNull();
      else out.Append(found != negated_);
    }
    return out.Finish();
  }

 private:
  ExprPtr operand_;
  std::unordered_set<Value, types::ValueHash> set_;
  bool has_null_ = false;
  bool negated_;
};

class IsDistinctExpr final : public PhysicalExpr {
 public:
  IsDistinctExpr(ExprPtr l, ExprPtr r, bool negated)
      : l_(std::move(l)), r_(std::move(r)), negated_(negated) {}
  DataType type() const override { return DataType::Boolean(); }
  std::string ToString() const override {
    return fmt::format("{} IS {}DISTINCT FROM {}", l_->ToString(), negated_ ? "NOT " : "",
                       r_->ToString());
  }
  Result<ColumnPtr> Evaluate(const types::RecordBatch& batch) const override {
    GT_ASSIGN_OR_RETURN(ColumnPtr a, l_->Evaluate(batch));
    GT_ASSIGN_OR_RETURN(ColumnPtr b, r_->Evaluate(batch));
    types::BooleanColumnBuilder out;
    for (size_t i = 0; i < batch.num_rows(); ++i) {
      bool distinct;
      if (a->IsNull(i) || b->IsNull(i)) distinct = a->IsNull(i) != b->IsNull(i);
      else distinct = a->GetValue(i).Compare(b->GetValue(i)) != 0;
      out.Append(distinct != negated_);
    }
    return out.Finish();
  }

 private:
  ExprPtr l_, r_;
  bool negated_;
};

class IsBooleanExpr final : public PhysicalExpr {
 public:
  IsBooleanExpr(ExprPtr in, bool value, bool unknown, bool negated)
      : in_(std::move(in)), value_(value), unknown_(unknown), negated_(negated) {}
  DataType type() const override { return DataType::Boolean(); }
  std::string ToString() const override {
    return fmt::format("{} IS {}{}", in_->ToString(), negated_ ? "NOT " : "",
                       unknown_ ? "UNKNOWN" : (value_ ? "TRUE" : "FALSE"));
  }
  Result<ColumnPtr> Evaluate(const types::RecordBatch& batch) const override {
    GT_ASSIGN_OR_RETURN(ColumnPtr in, in_->Evaluate(batch));
    types::BooleanColumnBuilder out;
    for (size_t i = 0; i < in->size(); ++i) {
      bool r;
      if (unknown_) r = in->IsNull(i);
      else r = !in->IsNull(i) && in->GetValue(i).AsBoolean() == value_;
      out.Append(r != negated_);
    }
    return out.Finish();
  }

 private:
  ExprPtr in_;
  bool value_, unknown_, negated_;
};

}  // namespace

ExprPtr ScalarCall(const ScalarFunction* function, std::string name, std::vector<ExprPtr> args,
                   DataType type, std::shared_ptr<const FunctionContext> ctx) {
  return std::make_shared<ScalarCallExpr>(function, std::move(name), std::move(args), type,
                                          std::move(ctx));
}

ExprPtr Case(std::vector<std::pair<ExprPtr, ExprPtr>> branches, ExprPtr otherwise,
             DataType type) {
  return std::make_shared<CaseExpr>(std::move(branches), std::move(otherwise), type);
}

ExprPtr InList(ExprPtr operand, std::vector<Value> values, bool negated) {
  return std::make_shared<InListExpr>(std::move(operand), std::move(values), negated);
}

ExprPtr IsDistinctFrom(ExprPtr left, ExprPtr right, bool negated) {
  return std::make_shared<IsDistinctExpr>(std::move(left), std::move(right), negated);
}

ExprPtr IsBoolean(ExprPtr input, bool value, bool unknown, bool negated) {
  return std::make_shared<IsBooleanExpr>(std::move(input), value, unknown, negated);
}

Result<ExprPtr> FoldConstant(const ExprPtr& expr) {
  if (LiteralValueOf(*expr) != nullptr) return expr;
  auto schema = std::make_shared<types::Schema>(std::vector<types::ColumnSchema>{
      types::ColumnSchema{"__one", DataType::Null(), true, types::SemanticType::kField, {}, ""}});
  GT_ASSIGN_OR_RETURN(auto batch,
                      types::RecordBatch::Make(schema, {std::make_shared<types::NullColumn>(1)}));
  GT_ASSIGN_OR_RETURN(ColumnPtr c, expr->Evaluate(batch));
  if (c->size() != 1) return Status::Internal("constant folding produced {} rows", c->size());
  Value v = c->GetValue(0);
  if (v.is_null()) {
    // Keep the type of a typed NULL by casting a NULL literal.
    if (expr->type().is_null()) return Literal(Value());
    return Cast(Literal(Value()), expr->type());
  }
  return Literal(std::move(v));
}

}  // namespace greptime::query
