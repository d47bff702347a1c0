// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Expression binding: SQL syntax trees to physical expressions over a scope.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "query/plan/planner_impl.h"
#include "common/strings.h"
#include "types/column_builder.h"

namespace greptime::query::plan_internal {
namespace {

using types::DataType;
using types::Value;


bool IsConst(const ExprPtr& e) { return LiteralValueOf(*e) != nullptr; }

Result<ExprPtr> Fold(ExprPtr e, bool all_const) {
  if (!all_const) return e;
  return FoldConstant(e);
}

}  // namespace

std::string Key(const sql::Expr& expr) { return sql::ToString(expr); }

std::string OutputName(const sql::Expr& expr) {
  if (const auto* c = expr.As<sql::ColumnRef>()) return c->parts.back().value;
  return sql::ToString(expr);
}

void SplitConjuncts(const sql::Expr& expr, std::vector<const sql::Expr*>& out) {
  if (const auto* b = expr.As<sql::BinaryExpr>(); b != nullptr && b->op == sql::BinaryOp::kAnd) {
    SplitConjuncts(*b->left, out);
    SplitConjuncts(*b->right, out);
    return;
  }
  out.push_back(&expr);
}

Result<DataType> CommonType(const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (a.is_null()) return b;
  if (b.is_null()) return a;
  if (a.is_numeric() && b.is_numeric()) {
    if (a.is_float() || b.is_float() || a.is_decimal() || b.is_decimal()) {
      return DataType::Float64();
    }
    if (a.is_unsigned_integer() && b.is_unsigned_integer()) return DataType::UInt64();
    return DataType::Int64();
  }
  if (a.is_string_like() && b.is_string_like()) return DataType::String();
  if (a.is_timestamp() && b.is_timestamp()) {
    return a.time_unit() > b.time_unit() ? a : b;
  }
  if (a.is_timestamp() && b.is_string()) return a;
  if (b.is_timestamp() && a.is_string()) return b;
  if (a.is_string()) return a;
  if (b.is_string()) return b;
  if (a.is_boolean() && b.is_numeric()) return b;
  if (b.is_boolean() && a.is_numeric()) return a;
  return Status(StatusCode::kPlanQuery,
                fmt::format("There isn't a common type to coerce {} and {} in compare expression",
                            a.Name(), b.Name()));
}

Result<ExprPtr> CastTo(ExprPtr expr, const DataType& type) {
  if (expr->type() == type) return expr;
  return Cast(std::move(expr), type);
}

Result<ExprPtr> CoercedBinary(BinaryOp op, ExprPtr left, ExprPtr right, const TimeZone* zone) {
  DataType lt = left->type(), rt = right->type();
  const bool cmp = IsComparison(op);
  // String constants against numbers, dates, booleans: cast the constant.
  if (cmp || op == BinaryOp::kAdd || op == BinaryOp::kSub) {
    auto coerce_const = [zone](ExprPtr& side, const DataType& other) -> Status {
      if (!IsConst(side) || !side->type().is_string()) return Status::OK();
      if (other.is_timestamp() && zone != nullptr) {
        const Value* v = LiteralValueOf(*side);
        if (v != nullptr && !v->is_null()) {
          GT_ASSIGN_OR_RETURN(Value t, v->CastTo(other, *zone));
          side = query::Literal(std::move(t));
          return Status::OK();
        }
      }
      if (other.is_numeric() || other.is_date() || other.is_boolean() || other.is_timestamp()) {
        GT_ASSIGN_OR_RETURN(side, Cast(side, other));
      }
      return Status::OK();
    };
    if (lt.is_string() && !rt.is_string_like() && !rt.is_null()) {
      GT_RETURN_IF_ERROR(coerce_const(left, rt));
    } else if (rt.is_string() && !lt.is_string_like() && !lt.is_null()) {
      GT_RETURN_IF_ERROR(coerce_const(right, lt));
    }
    lt = left->type();
    rt = right->type();
  }
  if (cmp) {
    if (lt.is_date() && rt.is_timestamp()) {
      GT_ASSIGN_OR_RETURN(left, Cast(left, rt));
    } else if (rt.is_date() && lt.is_timestamp()) {
      GT_ASSIGN_OR_RETURN(right, Cast(right, lt));
    } else if (lt.is_decimal() && rt.is_decimal() && !(lt == rt)) {
      GT_ASSIGN_OR_RETURN(left, Cast(left, DataType::Float64()));
      GT_ASSIGN_OR_RETURN(right, Cast(right, DataType::Float64()));
    } else if (lt.is_boolean() && rt.is_boolean()) {
      // fine
    } else if ((lt.is_string() && rt.is_numeric()) || (lt.is_numeric() && rt.is_string())) {
      // Non-constant strings against numbers: compare as Float64 (DataFusion casts the string).
      GT_ASSIGN_OR_RETURN(left, Cast(left, DataType::Float64()));
      GT_ASSIGN_OR_RETURN(right, Cast(right, DataType::Float64()));
    }
    return Binary(op, left, right);
  }
  // Timestamp arithmetic with intervals.
  if ((op == BinaryOp::kAdd || op == BinaryOp::kSub) && (lt.is_timestamp() || lt.is_date()) &&
      rt.is_interval()) {
    const Value* iv = LiteralValueOf(*right);
    if (iv != nullptr && !iv->is_null() && iv->AsInterval().months == 0 && lt.is_timestamp()) {
      const auto& i = iv->AsInterval();
      __int128 nanos = static_cast<__int128>(i.days) * 86400LL * 1000000000LL + i.nanoseconds;
      __int128 per = 1000000000LL / TimeUnitFactor(lt.time_unit());
      int64_t units = static_cast<int64_t>(nanos / per);
      return Binary(op, left, Literal(Value::Int64(units)));
    }
    const ScalarFunction* fn = FunctionRegistry::Default().FindScalar(
        op == BinaryOp::kAdd ? "date_add" : "date_sub");
    if (fn != nullptr) {
      ArgInfo args[2] = {{lt, LiteralValueOf(*left)}, {rt, LiteralValueOf(*right)}};
      GT_ASSIGN_OR_RETURN(DataType t, fn->ReturnType(args));
      return ScalarCall(fn, op == BinaryOp::kAdd ? "date_add" : "date_sub", {left, right}, t,
                        nullptr);
    }
  }
  if (op == BinaryOp::kAdd && lt.is_interval() && rt.is_timestamp()) {
    return CoercedBinary(op, right, left, zone);
  }
  if (op == BinaryOp::kSub && lt.is_timestamp() && rt.is_timestamp()) {
    // timestamp - timestamp: an interval in DataFusion; we give the difference as an interval.
    GT_ASSIGN_OR_RETURN(ExprPtr r2, CastTo(right, lt));
    GT_ASSIGN_OR_RETURN(ExprPtr l2, CastTo(left, DataType::Int64()));
    GT_ASSIGN_OR_RETURN(ExprPtr r3, CastTo(r2, DataType::Int64()));
    GT_ASSIGN_OR_RETURN(ExprPtr diff, Binary(op, l2, r3));
    int64_t per = 1000000000LL / TimeUnitFactor(lt.time_unit());
    GT_ASSIGN_OR_RETURN(ExprPtr nanos, Binary(BinaryOp::kMul, diff, Literal(Value::Int64(per))));
    return Cast(nanos, DataType::IntervalMonthDayNano());
  }
  if (lt.is_string() && rt.is_numeric()) {
    GT_ASSIGN_OR_RETURN(left, Cast(left, DataType::Float64()));
  } else if (rt.is_string() && lt.is_numeric()) {
    GT_ASSIGN_OR_RETURN(right, Cast(right, DataType::Float64()));
  }
  return Binary(op, left, right);
}

Result<size_t> Binder::ResolveIn(const std::vector<sql::Ident>& parts, const Scope& scope) {
  const std::string& name = parts.back().value;
  std::string qualifier = parts.size() >= 2 ? parts[parts.size() - 2].value : "";
  std::optional<size_t> found;
  for (size_t i = 0; i < scope.columns.size(); ++i) {
    const ScopeColumn& c = scope.columns[i];
    if (c.name != name) continue;
    if (!qualifier.empty() && c.qualifier != qualifier) continue;
    if (qualifier.empty() && c.hidden && c.from_table) continue;  // USING duplicate
    if (found.has_value()) {
      return Status(StatusCode::kPlanQuery,
                    fmt::format("Ambiguous reference to unqualified field {}", name));
    }
    found = i;
  }
  if (!found.has_value() && qualifier.empty()) {
    // Unquoted identifiers are lower-cased; columns such as SHOW's `Database` still resolve
    // when exactly one column matches case-insensitively.
    const std::string lname = AsciiLower(name);
    for (size_t i = 0; i < scope.columns.size(); ++i) {
      const ScopeColumn& c = scope.columns[i];
      if (c.hidden || AsciiLower(c.name) != lname) continue;
      if (found.has_value()) {
        found.reset();
        break;
      }
      found = i;
    }
  }
  if (!found.has_value()) {
    std::string full;
    for (size_t i = 0; i < parts.size(); ++i) full += (i ? "." : "") + parts[i].value;
    std::string valid;
    for (const auto& c : scope.columns) {
      if (c.hidden) continue;
      if (!valid.empty()) valid += ", ";
      valid += c.qualifier.empty() ? c.name : c.qualifier + "." + c.name;
    }
    return Status(StatusCode::kPlanQuery,
                  fmt::format("Failed to plan SQL: No field named {}. Valid fields are {}.",
                              full, valid));
  }
  return *found;
}

Result<size_t> Binder::ResolveColumn(const std::vector<sql::Ident>& parts, const Scope& scope) {
  if (scope.input == nullptr) return ResolveIn(parts, scope);
  auto in = ResolveIn(parts, *scope.input);
  if (!in.ok()) {
    // Names introduced after the aggregation (e.g. a range query's time column) still resolve.
    auto own = ResolveIn(parts, scope);
    if (own.ok()) return own;
    return in.status();
  }
  auto it = scope.input_to_output.find(*in);
  if (it == scope.input_to_output.end()) {
    std::string full;
    for (size_t i = 0; i < parts.size(); ++i) full += (i ? "." : "") + parts[i].value;
    return Status(StatusCode::kPlanQuery,
                  fmt::format("Failed to plan SQL: column \"{}\" must appear in the GROUP BY "
                              "clause or be used in an aggregate function",
                              full));
  }
  return it->second;
}

Result<ExprPtr> Binder::CallScalar(std::string_view name, std::vector<ExprPtr> args) {
  const ScalarFunction* fn = state_.registry.FindScalar(name);
  if (fn == nullptr) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("Failed to plan SQL: Invalid function '{}'", name));
  }
  std::vector<ArgInfo> infos;
  bool all_const = fn->deterministic();
  for (const auto& a : args) {
    infos.push_back({a->type(), LiteralValueOf(*a)});
    all_const = all_const && IsConst(a);
  }
  GT_ASSIGN_OR_RETURN(DataType type, fn->ReturnType(infos));
  ExprPtr call = ScalarCall(fn, std::string(name), std::move(args), type,
                            state_.options.function_context);
  return Fold(call, all_const);
}

Result<ExprPtr> Binder::Bind(const sql::Expr& expr, const Scope& scope) {
  if (!scope.computed.empty()) {
    auto it = scope.computed.find(Key(expr));
    if (it != scope.computed.end()) {
      const ScopeColumn& c = scope.columns[it->second];
      return Column(it->second, c.type, c.name);
    }
  }
  if (const auto* lit = expr.As<sql::Literal>()) {
    switch (lit->kind) {
      case sql::LiteralKind::kNull: return query::Literal(Value());
      case sql::LiteralKind::kBoolean: return query::Literal(Value::Boolean(lit->bool_value));
      case sql::LiteralKind::kInteger:
        if (lit->int_overflow) {
          errno = 0;
          char* end = nullptr;
          unsigned long long u = std::strtoull(lit->text.c_str(), &end, 10);
          if (errno == 0 && end != nullptr && *end == 0) {
            return query::Literal(Value::UInt64(u));
          }
          return query::Literal(Value::Float64(lit->float_value));
        }
        return query::Literal(Value::Int64(lit->int_value));
      case sql::LiteralKind::kFloat: return query::Literal(Value::Float64(lit->float_value));
      case sql::LiteralKind::kString: return query::Literal(Value::String(lit->text));
      case sql::LiteralKind::kHexString: {
        std::string bytes;
        for (size_t i = 0; i + 1 < lit->text.size(); i += 2) {
          bytes.push_back(static_cast<char>(std::stoi(lit->text.substr(i, 2), nullptr, 16)));
        }
        return query::Literal(Value::Binary(bytes));
      }
      case sql::LiteralKind::kDefault:
        return Status(StatusCode::kPlanQuery, "DEFAULT is only allowed in INSERT ... VALUES");
    }
  }
  if (const auto* col = expr.As<sql::ColumnRef>()) {
    GT_ASSIGN_OR_RETURN(size_t idx, ResolveColumn(col->parts, scope));
    const ScopeColumn& c = scope.columns[idx];
    return Column(idx, c.type, c.name);
  }
  if (expr.Is<sql::Wildcard>()) {
    return Status(StatusCode::kPlanQuery, "Failed to plan SQL: a wildcard is not allowed here");
  }
  if (const auto* u = expr.As<sql::UnaryExpr>()) {
    GT_ASSIGN_OR_RETURN(ExprPtr in, Bind(*u->operand, scope));
    switch (u->op) {
      case sql::UnaryOp::kNot: {
        GT_ASSIGN_OR_RETURN(ExprPtr e, Not(in));
        return Fold(e, IsConst(in));
      }
      case sql::UnaryOp::kMinus: {
        if (const Value* v = LiteralValueOf(*in); v != nullptr && !v->is_null()) {
          if (v->type() == DataType::Int64()) {
            if (v->AsInt64() == INT64_MIN) return Status::InvalidArguments("integer overflow");
            return query::Literal(Value::Int64(-v->AsInt64()));
          }
          if (v->type() == DataType::Float64()) return query::Literal(Value::Float64(-v->AsFloat64()));
          if (v->type().is_interval()) {
            auto i = v->AsInterval();
            return query::Literal(Value::Interval({-i.months, -i.days, -i.nanoseconds}));
          }
        }
        GT_ASSIGN_OR_RETURN(ExprPtr e, Negate(in));
        return Fold(e, IsConst(in));
      }
      case sql::UnaryOp::kPlus: return in;
      case sql::UnaryOp::kBitNot:
        return Status::Unsupported("Failed to plan SQL: operator ~ is not supported");
    }
  }
  if (const auto* b = expr.As<sql::BinaryExpr>()) return BindBinary(*b, scope);
  if (const auto* f = expr.As<sql::FunctionCall>()) return BindFunction(*f, expr, scope);
  if (const auto* c = expr.As<sql::CaseExpr>()) return BindCase(*c, scope);
  if (const auto* c = expr.As<sql::CastExpr>()) return BindCast(*c, scope);
  if (const auto* in = expr.As<sql::InListExpr>()) {
    GT_ASSIGN_OR_RETURN(ExprPtr operand, Bind(*in->operand, scope));
    std::vector<Value> values;
    bool all_const = true;
    std::vector<ExprPtr> items;
    for (const auto& item : in->list) {
      GT_ASSIGN_OR_RETURN(ExprPtr e, Bind(*item, scope));
      all_const = all_const && IsConst(e);
      items.push_back(e);
    }
    if (all_const) {
      DataType target = operand->type();
      for (auto& e : items) {
        const Value* v = LiteralValueOf(*e);
        if (v->is_null()) {
          values.push_back(Value());
          continue;
        }
        if (target.is_null()) {
          values.push_back(*v);
          continue;
        }
        auto cast = v->CastTo(target);
        if (!cast.ok()) {
          // Not representable in the operand's type: cannot be equal.
          continue;
        }
        values.push_back(*cast);
      }
      ExprPtr e = InList(operand, std::move(values), in->negated);
      return Fold(e, IsConst(operand));
    }
    // General form: OR of equalities.
    ExprPtr acc;
    for (auto& e : items) {
      GT_ASSIGN_OR_RETURN(ExprPtr eq, CoercedBinary(BinaryOp::kEq, operand, e, SessionZone()));
      if (acc) {
        GT_ASSIGN_OR_RETURN(acc, Binary(BinaryOp::kOr, acc, eq));
      } else {
        acc = eq;
      }
    }
    if (in->negated) return Not(acc);
    return acc;
  }
  if (const auto* in = expr.As<sql::InSubqueryExpr>()) {
    GT_ASSIGN_OR_RETURN(ExprPtr operand, Bind(*in->operand, scope));
    return BindSubquery(*in->query, false, in->negated, operand);
  }
  if (const auto* ex = expr.As<sql::ExistsExpr>()) {
    return BindSubquery(*ex->query, true, ex->negated, nullptr);
  }
  if (const auto* sq = expr.As<sql::SubqueryExpr>()) {
    return BindSubquery(*sq->query, false, false, nullptr);
  }
  if (const auto* bt = expr.As<sql::BetweenExpr>()) {
    GT_ASSIGN_OR_RETURN(ExprPtr operand, Bind(*bt->operand, scope));
    GT_ASSIGN_OR_RETURN(ExprPtr low, Bind(*bt->low, scope));
    GT_ASSIGN_OR_RETURN(ExprPtr high, Bind(*bt->high, scope));
    GT_ASSIGN_OR_RETURN(ExprPtr ge, CoercedBinary(BinaryOp::kGtEq, operand, low, SessionZone()));
    GT_ASSIGN_OR_RETURN(ExprPtr le, CoercedBinary(BinaryOp::kLtEq, operand, high, SessionZone()));
    GT_ASSIGN_OR_RETURN(ExprPtr both, Binary(BinaryOp::kAnd, ge, le));
    if (bt->negated) return Not(both);
    return both;
  }
  if (const auto* like = expr.As<sql::LikeExpr>()) {
    GT_ASSIGN_OR_RETURN(ExprPtr operand, Bind(*like->operand, scope));
    GT_ASSIGN_OR_RETURN(ExprPtr pattern, Bind(*like->pattern, scope));
    std::string fn;
    switch (like->op) {
      case sql::LikeOp::kLike: fn = "like"; break;
      case sql::LikeOp::kILike: fn = "ilike"; break;
      case sql::LikeOp::kRegexp: fn = "regexp_like"; break;
      case sql::LikeOp::kSimilarTo:
        return Status::Unsupported("Failed to plan SQL: SIMILAR TO is not supported");
    }
    if (!operand->type().is_string() && !operand->type().is_null()) {
      GT_ASSIGN_OR_RETURN(operand, Cast(operand, DataType::String()));
    }
    GT_ASSIGN_OR_RETURN(ExprPtr call, CallScalar(fn, {operand, pattern}));
    if (like->negated) return Not(call);
    return call;
  }
  if (const auto* is = expr.As<sql::IsExpr>()) {
    GT_ASSIGN_OR_RETURN(ExprPtr operand, Bind(*is->operand, scope));
    switch (is->test) {
      case sql::IsTest::kNull: return Fold(IsNull(operand, is->negated), IsConst(operand));
      case sql::IsTest::kTrue: return IsBoolean(operand, true, false, is->negated);
      case sql::IsTest::kFalse: return IsBoolean(operand, false, false, is->negated);
      case sql::IsTest::kUnknown: return IsBoolean(operand, false, true, is->negated);
      case sql::IsTest::kDistinctFrom: {
        GT_ASSIGN_OR_RETURN(ExprPtr other, Bind(*is->other, scope));
        GT_ASSIGN_OR_RETURN(DataType common, CommonType(operand->type(), other->type()));
        if (!common.is_null()) {
          GT_ASSIGN_OR_RETURN(operand, CastTo(operand, common));
          GT_ASSIGN_OR_RETURN(other, CastTo(other, common));
        }
        return IsDistinctFrom(operand, other, is->negated);
      }
    }
  }
  if (const auto* iv = expr.As<sql::IntervalExpr>()) {
    GT_ASSIGN_OR_RETURN(ExprPtr v, Bind(*iv->value, scope));
    const Value* cv = LiteralValueOf(*v);
    if (cv == nullptr || cv->is_null()) {
      return Status(StatusCode::kPlanQuery, "Failed to plan SQL: INTERVAL needs a constant");
    }
    std::string text = cv->ToString();
    if (!iv->leading_field.empty()) text += " " + AsciiLower(iv->leading_field);
    GT_ASSIGN_OR_RETURN(auto interval, ParseIntervalText(text));
    return query::Literal(Value::Interval(interval));
  }
  if (expr.Is<sql::RangeExpr>()) {
    return Status(StatusCode::kPlanQuery,
                  "Failed to plan SQL: a RANGE expression needs an aggregate function and ALIGN");
  }
  if (const auto* at = expr.As<sql::AtTimeZoneExpr>()) {
    (void)at;
    return Status::Unsupported("Failed to plan SQL: AT TIME ZONE is not supported");
  }
  return Status(StatusCode::kUnsupported,
                fmt::format("Failed to plan SQL: unsupported expression: {}", sql::ToString(expr)));
}

Result<ExprPtr> Binder::BindBinary(const sql::BinaryExpr& b, const Scope& scope) {
  GT_ASSIGN_OR_RETURN(ExprPtr l, Bind(*b.left, scope));
  GT_ASSIGN_OR_RETURN(ExprPtr r, Bind(*b.right, scope));
  const bool all_const = IsConst(l) && IsConst(r);
  BinaryOp op;
  switch (b.op) {
    case sql::BinaryOp::kOr: op = BinaryOp::kOr; break;
    case sql::BinaryOp::kAnd: op = BinaryOp::kAnd; break;
    case sql::BinaryOp::kEq: op = BinaryOp::kEq; break;
    case sql::BinaryOp::kNotEq: op = BinaryOp::kNotEq; break;
    case sql::BinaryOp::kLt: op = BinaryOp::kLt; break;
    case sql::BinaryOp::kLtEq: op = BinaryOp::kLtEq; break;
    case sql::BinaryOp::kGt: op = BinaryOp::kGt; break;
    case sql::BinaryOp::kGtEq: op = BinaryOp::kGtEq; break;
    case sql::BinaryOp::kPlus: op = BinaryOp::kAdd; break;
    case sql::BinaryOp::kMinus: op = BinaryOp::kSub; break;
    case sql::BinaryOp::kMultiply: op = BinaryOp::kMul; break;
    case sql::BinaryOp::kDivide: op = BinaryOp::kDiv; break;
    case sql::BinaryOp::kModulo: op = BinaryOp::kMod; break;
    case sql::BinaryOp::kIntegerDivide: {
      GT_ASSIGN_OR_RETURN(ExprPtr li, CastTo(l, DataType::Int64()));
      GT_ASSIGN_OR_RETURN(ExprPtr ri, CastTo(r, DataType::Int64()));
      GT_ASSIGN_OR_RETURN(ExprPtr e, Binary(BinaryOp::kDiv, li, ri));
      return Fold(e, all_const);
    }
    case sql::BinaryOp::kConcat: return CallScalar("__concat_op", {l, r});
    case sql::BinaryOp::kBitAnd: return CallScalar("__bit_and", {l, r});
    case sql::BinaryOp::kBitOr: return CallScalar("__bit_or", {l, r});
    case sql::BinaryOp::kBitXor: return CallScalar("__bit_xor", {l, r});
    case sql::BinaryOp::kShiftLeft: return CallScalar("__shift_left", {l, r});
    case sql::BinaryOp::kShiftRight: return CallScalar("__shift_right", {l, r});
    case sql::BinaryOp::kRegexMatch:
    case sql::BinaryOp::kRegexIMatch:
    case sql::BinaryOp::kRegexNotMatch:
    case sql::BinaryOp::kRegexNotIMatch: {
      const bool ci = b.op == sql::BinaryOp::kRegexIMatch || b.op == sql::BinaryOp::kRegexNotIMatch;
      const bool neg =
          b.op == sql::BinaryOp::kRegexNotMatch || b.op == sql::BinaryOp::kRegexNotIMatch;
      GT_ASSIGN_OR_RETURN(ExprPtr m, CallScalar("__regex_match", {l, r, query::Literal(Value::Boolean(ci))}));
      if (neg) return Not(m);
      return m;
    }
    case sql::BinaryOp::kSpaceship: {
      GT_ASSIGN_OR_RETURN(ExprPtr e, Fold(IsDistinctFrom(l, r, true), all_const));
      return e;
    }
    default:
      return Status(StatusCode::kUnsupported, fmt::format("Failed to plan SQL: operator {} is not supported",
                                             sql::ToString(b.op)));
  }
  GT_ASSIGN_OR_RETURN(ExprPtr e, CoercedBinary(op, l, r, SessionZone()));
  return Fold(e, all_const);
}

Result<ExprPtr> Binder::BindCase(const sql::CaseExpr& c, const Scope& scope) {
  ExprPtr operand;
  if (c.operand) {
    GT_ASSIGN_OR_RETURN(operand, Bind(*c.operand, scope));
  }
  std::vector<std::pair<ExprPtr, ExprPtr>> branches;
  DataType type = DataType::Null();
  for (const auto& w : c.whens) {
    GT_ASSIGN_OR_RETURN(ExprPtr cond, Bind(*w.condition, scope));
    if (operand) {
      GT_ASSIGN_OR_RETURN(cond, CoercedBinary(BinaryOp::kEq, operand, cond, SessionZone()));
    }
    GT_ASSIGN_OR_RETURN(ExprPtr then, Bind(*w.result, scope));
    GT_ASSIGN_OR_RETURN(type, CommonType(type, then->type()));
    branches.emplace_back(cond, then);
  }
  ExprPtr otherwise;
  if (c.else_result) {
    GT_ASSIGN_OR_RETURN(otherwise, Bind(*c.else_result, scope));
    GT_ASSIGN_OR_RETURN(type, CommonType(type, otherwise->type()));
  }
  for (auto& [w, t] : branches) {
    if (!t->type().is_null()) {
      GT_ASSIGN_OR_RETURN(t, CastTo(t, type));
    }
  }
  if (otherwise && !otherwise->type().is_null()) {
    GT_ASSIGN_OR_RETURN(otherwise, CastTo(otherwise, type));
  }
  return Case(std::move(branches), std::move(otherwise), type);
}

Result<ExprPtr> Binder::BindCast(const sql::CastExpr& c, const Scope& scope) {
  GT_ASSIGN_OR_RETURN(ExprPtr in, Bind(*c.operand, scope));
  auto type = DataType::ParseSql(c.type.text);
  if (!type.ok()) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("Failed to plan SQL: {}", type.status().message()));
  }
  if (c.syntax == sql::CastSyntax::kTryCast) {
    if (const Value* v = LiteralValueOf(*in)) {
      auto cast = v->is_null() ? Result<Value>(Value()) : v->CastTo(*type);
      if (!cast.ok()) return Cast(query::Literal(Value()), *type);
    }
  }
  if (type->is_interval() && in->type().is_string()) {
    if (const Value* v = LiteralValueOf(*in); v != nullptr && !v->is_null()) {
      GT_ASSIGN_OR_RETURN(auto iv, ParseIntervalText(v->AsBytes()));
      return query::Literal(Value::Interval(iv));
    }
  }
  // Strings to timestamps use the session time zone.
  if (type->is_timestamp() && in->type().is_string() && state_.options.function_context) {
    if (const Value* v = LiteralValueOf(*in); v != nullptr && !v->is_null()) {
      auto cast = v->CastTo(*type, state_.options.function_context->time_zone);
      if (!cast.ok()) {
        return Status(StatusCode::kInvalidArguments, cast.status().message());
      }
      return query::Literal(*cast);
    }
  }
  auto e = Cast(in, *type);
  if (!e.ok()) {
    return Status(e.status().code() == StatusCode::kSuccess ? StatusCode::kInvalidArguments
                                                            : e.status().code(),
                  e.status().message());
  }
  return e;
}

Result<ExprPtr> Binder::BindFunction(const sql::FunctionCall& call, const sql::Expr& expr,
                                     const Scope& scope) {
  std::string name = AsciiLower(call.name.ToPlainString());
  if (call.over) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("Failed to plan SQL: window function {} is not allowed here",
                              sql::ToString(expr)));
  }
  if (state_.registry.FindAggregate(name) != nullptr &&
      state_.registry.FindScalar(name) == nullptr) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("Failed to plan SQL: aggregate function {} is not allowed here",
                              sql::ToString(expr)));
  }
  std::vector<ExprPtr> args;
  for (const auto& a : call.args) {
    if (a->Is<sql::Wildcard>()) {
      return Status(StatusCode::kPlanQuery,
                    fmt::format("Failed to plan SQL: {}(*) is not supported", name));
    }
    GT_ASSIGN_OR_RETURN(ExprPtr e, Bind(*a, scope));
    args.push_back(std::move(e));
  }
  return CallScalar(name, std::move(args));
}

Result<ExprPtr> Binder::BindSubquery(const sql::Query& query, bool exists, bool negated,
                                     const ExprPtr& in_operand) {
  Scope sub_scope;
  GT_ASSIGN_OR_RETURN(ExecNodePtr node, PlanQueryNode(query, state_, &sub_scope));
  const auto& schema = node->schema();
  GT_ASSIGN_OR_RETURN(auto batches, Execute(*node));
  size_t rows = 0;
  for (const auto& b : batches) rows += b.num_rows();
  if (exists) return query::Literal(Value::Boolean((rows > 0) != negated));
  if (schema->num_columns() != 1) {
    return Status(StatusCode::kPlanQuery,
                  fmt::format("Failed to plan SQL: subquery must return one column, got {}",
                              schema->num_columns()));
  }
  const DataType type = schema->column(0).type;
  if (in_operand) {
    std::vector<Value> values;
    for (const auto& b : batches) {
      for (size_t i = 0; i < b.num_rows(); ++i) {
        Value v = b.column(0)->GetValue(i);
        if (!v.is_null() && !in_operand->type().is_null() && !(v.type() == in_operand->type())) {
          auto cast = v.CastTo(in_operand->type());
          if (!cast.ok()) continue;
          v = *cast;
        }
        values.push_back(std::move(v));
      }
    }
    return InList(in_operand, std::move(values), negated);
  }
  if (rows > 1) {
    return Status(StatusCode::kEngineExecuteQuery,
                  "Scalar subquery returned more than one row");
  }
  if (rows == 0) return Cast(query::Literal(Value()), type);
  for (const auto& b : batches) {
    if (b.num_rows() > 0) {
      Value v = b.column(0)->GetValue(0);
      if (v.is_null()) return Cast(query::Literal(Value()), type);
      return query::Literal(std::move(v));
    }
  }
  return Cast(query::Literal(Value()), type);
}

}  // namespace greptime::query::plan_internal
