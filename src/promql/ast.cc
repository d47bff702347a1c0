// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Label matchers, operator names, and the typing, printing, comparison and copying of nodes.
#include "promql/ast.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "promql/literals.h"

namespace greptime::promql {

// ---------------------------------------------------------------------------------------------
// Matchers and operator names
// ---------------------------------------------------------------------------------------------

std::string_view MatchOpString(MatchOp op) {
  switch (op) {
    case MatchOp::kEqual:
      return "=";
    case MatchOp::kNotEqual:
      return "!=";
    case MatchOp::kRegexMatch:
      return "=~";
    case MatchOp::kRegexNoMatch:
      return "!~";
  }
  return "=";
}

Result<LabelMatcher> LabelMatcher::Make(MatchOp op, std::string name, std::string value) {
  LabelMatcher matcher(op, std::move(name), std::move(value));
  if (op == MatchOp::kRegexMatch || op == MatchOp::kRegexNoMatch) {
    // Check the expression alone first so that an unbalanced ')' cannot escape the anchoring
    // group; then anchor it the way the spec (and GreptimeDB) does.
    RE2::Options options;
    options.set_log_errors(false);
    RE2 alone(matcher.value_, options);
    if (!alone.ok()) return Status::InvalidArguments("error parsing regexp: {}", alone.error());
    auto regex = std::make_shared<const RE2>("^(?:" + matcher.value_ + ")$", options);
    if (!regex->ok()) return Status::InvalidArguments("error parsing regexp: {}", regex->error());
    matcher.regex_ = std::move(regex);
  }
  return matcher;
}

bool LabelMatcher::Matches(std::string_view label_value) const {
  switch (op_) {
    case MatchOp::kEqual:
      return label_value == value_;
    case MatchOp::kNotEqual:
      return label_value != value_;
    case MatchOp::kRegexMatch:
      return RE2::FullMatch(label_value, *regex_);
    case MatchOp::kRegexNoMatch:
      return !RE2::FullMatch(label_value, *regex_);
  }
  return false;
}

std::string LabelMatcher::String() const {
  // Prometheus quotes the name unless it is [a-zA-Z_][a-zA-Z0-9_]* (an empty name included).
  std::string out = IsLegacyLabelName(name_) ? name_ : Quote(name_);
  out += MatchOpString(op_);
  out += Quote(value_);
  return out;
}

bool LabelMatcher::operator==(const LabelMatcher& other) const {
  return op_ == other.op_ && name_ == other.name_ && value_ == other.value_;
}

std::string_view AggregateOpName(AggregateOp op) {
  switch (op) {
    case AggregateOp::kSum:
      return "sum";
    case AggregateOp::kAvg:
      return "avg";
    case AggregateOp::kCount:
      return "count";
    case AggregateOp::kMin:
      return "min";
    case AggregateOp::kMax:
      return "max";
    case AggregateOp::kGroup:
      return "group";
    case AggregateOp::kStddev:
      return "stddev";
    case AggregateOp::kStdvar:
      return "stdvar";
    case AggregateOp::kTopk:
      return "topk";
    case AggregateOp::kBottomk:
      return "bottomk";
    case AggregateOp::kCountValues:
      return "count_values";
    case AggregateOp::kQuantile:
      return "quantile";
    case AggregateOp::kLimitk:
      return "limitk";
    case AggregateOp::kLimitRatio:
      return "limit_ratio";
  }
  return "sum";
}

bool AggregateOpHasParam(AggregateOp op) {
  switch (op) {
    case AggregateOp::kTopk:
    case AggregateOp::kBottomk:
    case AggregateOp::kCountValues:
    case AggregateOp::kQuantile:
    case AggregateOp::kLimitk:
    case AggregateOp::kLimitRatio:
      return true;
    default:
      return false;
  }
}

std::string_view BinaryOpName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kMod:
      return "%";
    case BinaryOp::kPow:
      return "^";
    case BinaryOp::kAtan2:
      return "atan2";
    case BinaryOp::kEql:
      return "==";
    case BinaryOp::kNeq:
      return "!=";
    case BinaryOp::kGtr:
      return ">";
    case BinaryOp::kLss:
      return "<";
    case BinaryOp::kGte:
      return ">=";
    case BinaryOp::kLte:
      return "<=";
    case BinaryOp::kAnd:
      return "and";
    case BinaryOp::kOr:
      return "or";
    case BinaryOp::kUnless:
      return "unless";
  }
  return "+";
}

bool IsComparisonOp(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEql:
    case BinaryOp::kNeq:
    case BinaryOp::kGtr:
    case BinaryOp::kLss:
    case BinaryOp::kGte:
    case BinaryOp::kLte:
      return true;
    default:
      return false;
  }
}

bool IsSetOp(BinaryOp op) {
  return op == BinaryOp::kAnd || op == BinaryOp::kOr || op == BinaryOp::kUnless;
}

// ---------------------------------------------------------------------------------------------
// Type
// ---------------------------------------------------------------------------------------------

ValueType Expr::Type() const {
  switch (kind) {
    case ExprKind::kNumberLiteral:
      return ValueType::kScalar;
    case ExprKind::kStringLiteral:
      return ValueType::kString;
    case ExprKind::kVectorSelector:
      return ValueType::kVector;
    case ExprKind::kMatrixSelector:
      return ValueType::kMatrix;
    case ExprKind::kSubquery:
      return ValueType::kMatrix;
    case ExprKind::kAggregate:
      return ValueType::kVector;
    case ExprKind::kCall: {
      const Function* func = As<Call>().func;
      return func == nullptr ? ValueType::kNone : func->return_type;
    }
    case ExprKind::kBinary: {
      const auto& b = As<BinaryExpr>();
      bool scalar = b.lhs->Type() == ValueType::kScalar && b.rhs->Type() == ValueType::kScalar;
      return scalar ? ValueType::kScalar : ValueType::kVector;
    }
    case ExprKind::kUnary:
      return As<UnaryExpr>().expr->Type();
    case ExprKind::kParen:
      return As<ParenExpr>().expr->Type();
  }
  return ValueType::kNone;
}

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

namespace {

std::string JoinLabels(const std::vector<std::string>& labels) {
  std::string out;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ", ";
    out += IsLegacyLabelName(labels[i]) ? labels[i] : Quote(labels[i]);
  }
  return out;
}

std::chrono::nanoseconds SecondsToDuration(double seconds) {
  double ns = seconds * 1e9;
  constexpr double kMax = 9.2e18;
  if (!(ns < kMax)) return std::chrono::nanoseconds(std::numeric_limits<int64_t>::max());
  if (!(ns > -kMax)) return std::chrono::nanoseconds(std::numeric_limits<int64_t>::min() + 1);
  return std::chrono::nanoseconds(static_cast<int64_t>(ns));
}

std::string AtString(const AtModifier& at) {
  switch (at.kind) {
    case AtModifier::Kind::kNone:
      return "";
    case AtModifier::Kind::kTimestamp:
      return fmt::format(" @ {:.3f}", static_cast<double>(at.timestamp_ms) / 1000.0);
    case AtModifier::Kind::kStart:
      return " @ start()";
    case AtModifier::Kind::kEnd:
      return " @ end()";
  }
  return "";
}

std::string OffsetString(std::chrono::nanoseconds offset) {
  if (offset.count() > 0) return " offset " + FormatDuration(offset);
  if (offset.count() < 0) return " offset -" + FormatDuration(-offset);
  return "";
}

// Matchers as Prometheus prints them: sorted, comma-separated, without the __name__ matcher
// that repeats the metric name.
std::vector<std::string> MatcherStrings(const std::vector<LabelMatcher>& matchers,
                                        const std::string& name) {
  std::vector<std::string> out;
  for (const LabelMatcher& m : matchers) {
    if (m.name() == kMetricNameLabel && m.op() == MatchOp::kEqual && m.value() == name &&
        !name.empty()) {
      continue;
    }
    out.push_back(m.String());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string JoinStrings(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// The selector without its @ and offset modifiers.
std::string SelectorBody(const VectorSelector& vs) {
  std::string out = vs.name;
  std::vector<std::string> plain = MatcherStrings(vs.matchers, vs.name);
  if (!vs.or_matchers.empty()) {
    std::vector<std::string> groups;
    for (const auto& group : vs.or_matchers) {
      std::vector<std::string> parts = MatcherStrings(group, "");
      parts.insert(parts.end(), plain.begin(), plain.end());
      std::sort(parts.begin(), parts.end());
      groups.push_back(JoinStrings(parts, ","));
    }
    return out + "{" + JoinStrings(groups, " or ") + "}";
  }
  if (!plain.empty()) out += "{" + JoinStrings(plain, ",") + "}";
  return out;
}

std::string MatchingString(const BinaryExpr& b) {
  if (!b.matching) return "";
  const VectorMatching& vm = *b.matching;
  bool grouped = vm.card == VectorMatchCardinality::kManyToOne ||
                 vm.card == VectorMatchCardinality::kOneToMany;
  std::string out;
  if (!vm.matching_labels.empty() || vm.on || grouped) {
    out += vm.on ? " on (" : " ignoring (";
    out += JoinLabels(vm.matching_labels) + ")";
  }
  if (grouped) {
    out += vm.card == VectorMatchCardinality::kManyToOne ? " group_left (" : " group_right (";
    out += JoinLabels(vm.include) + ")";
  }
  return out;
}

}  // namespace

std::string Expr::String() const {
  switch (kind) {
    case ExprKind::kNumberLiteral: {
      const auto& n = As<NumberLiteral>();
      if (!n.is_duration) return FormatNumber(n.value);
      if (n.value < 0) return "-" + FormatDuration(SecondsToDuration(-n.value));
      return FormatDuration(SecondsToDuration(n.value));
    }
    case ExprKind::kStringLiteral:
      return Quote(As<StringLiteral>().value);
    case ExprKind::kVectorSelector: {
      const auto& vs = As<VectorSelector>();
      return SelectorBody(vs) + AtString(vs.at) + OffsetString(vs.offset);
    }
    case ExprKind::kMatrixSelector: {
      const auto& ms = As<MatrixSelector>();
      return SelectorBody(*ms.selector) + "[" + FormatDuration(ms.range) + "]" +
             AtString(ms.selector->at) + OffsetString(ms.selector->offset);
    }
    case ExprKind::kSubquery: {
      const auto& sq = As<SubqueryExpr>();
      std::string step = sq.step.count() != 0 ? FormatDuration(sq.step) : "";
      return sq.expr->String() + "[" + FormatDuration(sq.range) + ":" + step + "]" +
             AtString(sq.at) + OffsetString(sq.offset);
    }
    case ExprKind::kCall: {
      const auto& call = As<Call>();
      std::string out(call.func == nullptr ? std::string_view("") : call.func->name);
      out += "(";
      for (size_t i = 0; i < call.args.size(); ++i) {
        if (i > 0) out += ", ";
        out += call.args[i]->String();
      }
      return out + ")";
    }
    case ExprKind::kAggregate: {
      const auto& agg = As<AggregateExpr>();
      std::string out(AggregateOpName(agg.op));
      if (agg.without) {
        out += " without (" + JoinLabels(agg.grouping) + ") ";
      } else if (!agg.grouping.empty()) {
        out += " by (" + JoinLabels(agg.grouping) + ") ";
      }
      out += "(";
      if (agg.param) out += agg.param->String() + ", ";
      return out + agg.expr->String() + ")";
    }
    case ExprKind::kBinary: {
      const auto& b = As<BinaryExpr>();
      return b.lhs->String() + " " + std::string(BinaryOpName(b.op)) +
             (b.return_bool ? " bool" : "") + MatchingString(b) + " " + b.rhs->String();
    }
    case ExprKind::kUnary: {
      const auto& u = As<UnaryExpr>();
      return (u.op == UnaryOp::kMinus ? "-" : "+") + u.expr->String();
    }
    case ExprKind::kParen:
      return "(" + As<ParenExpr>().expr->String() + ")";
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// Equality and copies
// ---------------------------------------------------------------------------------------------

namespace {

std::vector<std::string> SortedMatchers(const std::vector<LabelMatcher>& matchers) {
  std::vector<std::string> out;
  for (const LabelMatcher& m : matchers) out.push_back(m.String());
  std::sort(out.begin(), out.end());
  return out;
}

bool SameSelector(const VectorSelector& a, const VectorSelector& b) {
  if (a.name != b.name || a.offset != b.offset || !(a.at == b.at)) return false;
  if (SortedMatchers(a.matchers) != SortedMatchers(b.matchers)) return false;
  if (a.or_matchers.size() != b.or_matchers.size()) return false;
  for (size_t i = 0; i < a.or_matchers.size(); ++i) {
    if (SortedMatchers(a.or_matchers[i]) != SortedMatchers(b.or_matchers[i])) return false;
  }
  return true;
}

bool SameOptional(const ExprPtr& a, const ExprPtr& b) {
  if (!a || !b) return !a && !b;
  return a->Equals(*b);
}

ExprPtr CloneOptional(const ExprPtr& e) { return e ? e->Clone() : nullptr; }

}  // namespace

bool Expr::Equals(const Expr& other) const {
  if (kind != other.kind) return false;
  switch (kind) {
    case ExprKind::kNumberLiteral: {
      const auto& a = As<NumberLiteral>();
      const auto& b = other.As<NumberLiteral>();
      bool same_value = (std::isnan(a.value) && std::isnan(b.value)) ||
                        std::memcmp(&a.value, &b.value, sizeof(double)) == 0;
      return same_value && a.is_duration == b.is_duration;
    }
    case ExprKind::kStringLiteral:
      return As<StringLiteral>().value == other.As<StringLiteral>().value;
    case ExprKind::kVectorSelector:
      return SameSelector(As<VectorSelector>(), other.As<VectorSelector>());
    case ExprKind::kMatrixSelector: {
      const auto& a = As<MatrixSelector>();
      const auto& b = other.As<MatrixSelector>();
      return a.range == b.range && SameSelector(*a.selector, *b.selector);
    }
    case ExprKind::kSubquery: {
      const auto& a = As<SubqueryExpr>();
      const auto& b = other.As<SubqueryExpr>();
      return a.range == b.range && a.step == b.step && a.offset == b.offset && a.at == b.at &&
             a.expr->Equals(*b.expr);
    }
    case ExprKind::kCall: {
      const auto& a = As<Call>();
      const auto& b = other.As<Call>();
      if (a.func != b.func || a.args.size() != b.args.size()) return false;
      for (size_t i = 0; i < a.args.size(); ++i) {
        if (!a.args[i]->Equals(*b.args[i])) return false;
      }
      return true;
    }
    case ExprKind::kAggregate: {
      const auto& a = As<AggregateExpr>();
      const auto& b = other.As<AggregateExpr>();
      return a.op == b.op && a.grouping == b.grouping && a.without == b.without &&
             SameOptional(a.expr, b.expr) && SameOptional(a.param, b.param);
    }
    case ExprKind::kBinary: {
      const auto& a = As<BinaryExpr>();
      const auto& b = other.As<BinaryExpr>();
      return a.op == b.op && a.return_bool == b.return_bool && a.matching == b.matching &&
             a.lhs->Equals(*b.lhs) && a.rhs->Equals(*b.rhs);
    }
    case ExprKind::kUnary: {
      const auto& a = As<UnaryExpr>();
      const auto& b = other.As<UnaryExpr>();
      return a.op == b.op && a.expr->Equals(*b.expr);
    }
    case ExprKind::kParen:
      return As<ParenExpr>().expr->Equals(*other.As<ParenExpr>().expr);
  }
  return false;
}

ExprPtr Expr::Clone() const {
  ExprPtr out;
  switch (kind) {
    case ExprKind::kNumberLiteral:
      out = std::make_unique<NumberLiteral>(As<NumberLiteral>());
      break;
    case ExprKind::kStringLiteral:
      out = std::make_unique<StringLiteral>(As<StringLiteral>());
      break;
    case ExprKind::kVectorSelector:
      out = std::make_unique<VectorSelector>(As<VectorSelector>());
      break;
    case ExprKind::kMatrixSelector: {
      const auto& src = As<MatrixSelector>();
      auto ms = std::make_unique<MatrixSelector>();
      ms->selector = std::make_unique<VectorSelector>(*src.selector);
      ms->range = src.range;
      out = std::move(ms);
      break;
    }
    case ExprKind::kSubquery: {
      const auto& src = As<SubqueryExpr>();
      auto sq = std::make_unique<SubqueryExpr>();
      sq->expr = src.expr->Clone();
      sq->range = src.range;
      sq->step = src.step;
      sq->offset = src.offset;
      sq->at = src.at;
      out = std::move(sq);
      break;
    }
    case ExprKind::kCall: {
      const auto& src = As<Call>();
      auto call = std::make_unique<Call>();
      call->func = src.func;
      for (const ExprPtr& arg : src.args) call->args.push_back(arg->Clone());
      out = std::move(call);
      break;
    }
    case ExprKind::kAggregate: {
      const auto& src = As<AggregateExpr>();
      auto agg = std::make_unique<AggregateExpr>();
      agg->op = src.op;
      agg->expr = CloneOptional(src.expr);
      agg->param = CloneOptional(src.param);
      agg->grouping = src.grouping;
      agg->without = src.without;
      out = std::move(agg);
      break;
    }
    case ExprKind::kBinary: {
      const auto& src = As<BinaryExpr>();
      auto b = std::make_unique<BinaryExpr>();
      b->op = src.op;
      b->lhs = src.lhs->Clone();
      b->rhs = src.rhs->Clone();
      b->return_bool = src.return_bool;
      b->matching = src.matching;
      out = std::move(b);
      break;
    }
    case ExprKind::kUnary: {
      const auto& src = As<UnaryExpr>();
      auto u = std::make_unique<UnaryExpr>();
      u->op = src.op;
      u->expr = src.expr->Clone();
      out = std::move(u);
      break;
    }
    case ExprKind::kParen: {
      auto p = std::make_unique<ParenExpr>();
      p->expr = As<ParenExpr>().expr->Clone();
      out = std::move(p);
      break;
    }
  }
  out->pos = pos;
  return out;
}

}  // namespace greptime::promql
