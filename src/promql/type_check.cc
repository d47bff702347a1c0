// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Type checking after a successful parse. The checks, their order (children before parents,
// left before right) and their messages follow Prometheus's parser.checkAST so that the first
// error reported is the one Prometheus reports.
#include "promql/type_check.h"

#include "promql/literals.h"

namespace greptime::promql {

Status MakeParseError(std::string_view query, int32_t pos, std::string_view message) {
  std::string where;
  if (query.empty()) {
    where = "unknown position";
  } else if (pos < 0 || static_cast<size_t>(pos) > query.size()) {
    where = "invalid position";
  } else {
    int line = 1;
    int last_break = -1;
    for (int32_t i = 0; i < pos; ++i) {
      if (query[static_cast<size_t>(i)] == '\n') {
        ++line;
        last_break = i;
      }
    }
    where = fmt::format("{}:{}", line, pos - last_break);
  }
  return Status::InvalidArguments("{}: parse error: {}", where, message);
}

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class Checker {
 public:
  explicit Checker(std::string_view query) : query_(query) {}

  Result<ValueType> Check(Expr& expr);

 private:
  Status Error(int32_t pos, std::string_view message) const {
    return MakeParseError(query_, pos, message);
  }
  // Checks `expr` and requires it to be of type `want`.
  Status Expect(Expr& expr, ValueType want, std::string_view context);
  // Start of the operator of a binary expression: the first non-blank after the left operand.
  int32_t OperatorPos(const BinaryExpr& b) const {
    auto pos = static_cast<size_t>(b.lhs->pos.end);
    while (pos < query_.size() && IsSpace(query_[pos])) ++pos;
    return static_cast<int32_t>(pos);
  }

  Status CheckAggregate(AggregateExpr& agg);
  Status CheckBinary(BinaryExpr& b);
  Status CheckCall(Call& call);
  Status CheckSelector(const VectorSelector& vs);

  std::string_view query_;
};

Status Checker::Expect(Expr& expr, ValueType want, std::string_view context) {
  GT_ASSIGN_OR_RETURN(ValueType got, Check(expr));
  if (got != want) {
    return Error(expr.pos.start,
                 fmt::format("expected type {} in {}, got {}", DocumentedTypeName(want), context,
                             DocumentedTypeName(got)));
  }
  return Status::OK();
}

Result<ValueType> Checker::Check(Expr& expr) {
  ValueType type = expr.Type();
  switch (expr.kind) {
    case ExprKind::kAggregate:
      GT_RETURN_IF_ERROR(CheckAggregate(expr.As<AggregateExpr>()));
      break;
    case ExprKind::kBinary:
      GT_RETURN_IF_ERROR(CheckBinary(expr.As<BinaryExpr>()));
      break;
    case ExprKind::kCall:
      GT_RETURN_IF_ERROR(CheckCall(expr.As<Call>()));
      break;
    case ExprKind::kParen:
      GT_RETURN_IF_ERROR(Check(*expr.As<ParenExpr>().expr).status());
      break;
    case ExprKind::kUnary: {
      GT_ASSIGN_OR_RETURN(ValueType inner, Check(*expr.As<UnaryExpr>().expr));
      if (inner != ValueType::kScalar && inner != ValueType::kVector) {
        return Error(expr.pos.start,
                     "unary expression only allowed on expressions of type scalar or instant "
                     "vector, got " +
                         Quote(DocumentedTypeName(inner)));
      }
      break;
    }
    case ExprKind::kSubquery: {
      GT_ASSIGN_OR_RETURN(ValueType inner, Check(*expr.As<SubqueryExpr>().expr));
      if (inner != ValueType::kVector) {
        return Error(expr.pos.start, fmt::format("subquery is only allowed on instant vector, got "
                                                 "{} instead",
                                                 ValueTypeName(inner)));
      }
      break;
    }
    case ExprKind::kMatrixSelector:
      GT_RETURN_IF_ERROR(CheckSelector(*expr.As<MatrixSelector>().selector));
      break;
    case ExprKind::kVectorSelector:
      GT_RETURN_IF_ERROR(CheckSelector(expr.As<VectorSelector>()));
      break;
    case ExprKind::kNumberLiteral:
    case ExprKind::kStringLiteral:
      break;
  }
  return type;
}

Status Checker::CheckAggregate(AggregateExpr& agg) {
  GT_RETURN_IF_ERROR(Expect(*agg.expr, ValueType::kVector, "aggregation expression"));
  switch (agg.op) {
    case AggregateOp::kTopk:
    case AggregateOp::kBottomk:
    case AggregateOp::kQuantile:
    case AggregateOp::kLimitk:
    case AggregateOp::kLimitRatio:
      return Expect(*agg.param, ValueType::kScalar, "aggregation parameter");
    case AggregateOp::kCountValues:
      return Expect(*agg.param, ValueType::kString, "aggregation parameter");
    default:
      return Status::OK();
  }
}

Status Checker::CheckBinary(BinaryExpr& b) {
  GT_ASSIGN_OR_RETURN(ValueType lt, Check(*b.lhs));
  GT_ASSIGN_OR_RETURN(ValueType rt, Check(*b.rhs));
  std::string op(BinaryOpName(b.op));
  if (b.return_bool && !IsComparisonOp(b.op)) {
    return Error(OperatorPos(b), "bool modifier can only be used on comparison operators");
  }
  if (IsComparisonOp(b.op) && !b.return_bool && lt == ValueType::kScalar &&
      rt == ValueType::kScalar) {
    return Error(OperatorPos(b), "comparisons between scalars must use BOOL modifier");
  }
  if (!b.matching) b.matching.emplace();
  VectorMatching& vm = *b.matching;
  if (IsSetOp(b.op) && vm.card == VectorMatchCardinality::kOneToOne) {
    vm.card = VectorMatchCardinality::kManyToMany;
  }
  if (vm.on) {
    for (const std::string& label : vm.matching_labels) {
      for (const std::string& included : vm.include) {
        if (label == included) {
          return Error(OperatorPos(b), fmt::format("label {} must not occur in ON and GROUP "
                                                   "clause at once",
                                                   Quote(label)));
        }
      }
    }
  }
  if (lt != ValueType::kScalar && lt != ValueType::kVector) {
    return Error(b.lhs->pos.start,
                 "binary expression must contain only scalar and instant vector types");
  }
  if (rt != ValueType::kScalar && rt != ValueType::kVector) {
    return Error(b.rhs->pos.start,
                 "binary expression must contain only scalar and instant vector types");
  }
  if (lt != ValueType::kVector || rt != ValueType::kVector) {
    if (!vm.matching_labels.empty()) {
      return Error(b.pos.start, "vector matching only allowed between instant vectors");
    }
    b.matching.reset();
  } else if (IsSetOp(b.op)) {
    if (vm.card == VectorMatchCardinality::kOneToMany ||
        vm.card == VectorMatchCardinality::kManyToOne) {
      return Error(b.pos.start, fmt::format("no grouping allowed for {} operation", Quote(op)));
    }
    if (vm.card != VectorMatchCardinality::kManyToMany) {
      return Error(b.pos.start, "set operations must always be many-to-many");
    }
  }
  if ((lt == ValueType::kScalar || rt == ValueType::kScalar) && IsSetOp(b.op)) {
    return Error(b.pos.start,
                 fmt::format("set operator {} not allowed in binary scalar expression", Quote(op)));
  }
  return Status::OK();
}

Status Checker::CheckCall(Call& call) {
  const Function& func = *call.func;
  size_t nargs = func.arg_types.size();
  size_t got = call.args.size();
  std::string name = Quote(func.name);
  if (func.variadic == 0) {
    if (nargs != got) {
      return Error(call.pos.start,
                   fmt::format("expected {} argument(s) in call to {}, got {}", nargs, name, got));
    }
  } else {
    size_t min = nargs - 1;
    if (min > got) {
      return Error(call.pos.start, fmt::format("expected at least {} argument(s) in call to {}, "
                                               "got {}",
                                               min, name, got));
    }
    if (func.variadic > 0 && min + static_cast<size_t>(func.variadic) < got) {
      return Error(call.pos.start,
                   fmt::format("expected at most {} argument(s) in call to {}, got {}",
                               min + static_cast<size_t>(func.variadic), name, got));
    }
  }
  for (size_t i = 0; i < got; ++i) {
    size_t slot = i;
    if (slot >= nargs) {
      if (func.variadic == 0) break;
      slot = nargs - 1;
    }
    GT_ASSIGN_OR_RETURN(ValueType type, Check(*call.args[i]));
    if (type != func.arg_types[slot]) {
      return Error(
          call.args[i]->pos.start,
          fmt::format("expected type {} in call to function {}, got {}",
                      DocumentedTypeName(func.arg_types[slot]), name, DocumentedTypeName(type)));
    }
  }
  return Status::OK();
}

Status Checker::CheckSelector(const VectorSelector& vs) {
  if (!vs.name.empty()) {
    // The last matcher repeats the name written before the braces; any other __name__ matcher
    // sets the name a second time.
    auto twice = [&](const LabelMatcher& m) {
      return Error(vs.pos.start, fmt::format("metric name must not be set twice: {} or {}",
                                             Quote(vs.name), Quote(m.value())));
    };
    for (size_t i = 0; i + 1 < vs.matchers.size(); ++i) {
      if (vs.matchers[i].name() == kMetricNameLabel) return twice(vs.matchers[i]);
    }
    for (const auto& group : vs.or_matchers) {
      for (const LabelMatcher& m : group) {
        if (m.name() == kMetricNameLabel) return twice(m);
      }
    }
    return Status::OK();
  }
  // A selector must not select every series by accident (e.g. through a typo).
  auto has_non_empty = [](const std::vector<LabelMatcher>& matchers) {
    for (const LabelMatcher& m : matchers) {
      if (!m.Matches("")) return true;
    }
    return false;
  };
  bool ok = has_non_empty(vs.matchers);
  if (!ok && !vs.or_matchers.empty()) {
    ok = true;
    for (const auto& group : vs.or_matchers) ok = ok && has_non_empty(group);
  }
  if (!ok)
    return Error(vs.pos.start, "vector selector must contain at least one non-empty matcher");
  return Status::OK();
}

}  // namespace

Status TypeCheck(Expr& expr, std::string_view query) { return Checker(query).Check(expr).status(); }

}  // namespace greptime::promql
