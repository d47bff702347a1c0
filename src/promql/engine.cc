// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The PromQL evaluator driver: data loading, selectors, subqueries, operators, and the
// instant/range entry points. A range query evaluates the tree once per step.
#include "promql/engine.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "promql/eval_internal.h"

namespace greptime::promql {
namespace internal {

namespace {

int64_t DurationMs(std::chrono::nanoseconds d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

const Expr& Unwrap(const Expr& e) {
  const Expr* p = &e;
  while (p->Is<ParenExpr>()) p = p->As<ParenExpr>().expr.get();
  return *p;
}

// GreptimeDB's matchers that choose where data comes from (spec/promql.md §1); the Storage
// consumes them, they are not labels of the series.
bool IsStorageMatcher(const LabelMatcher& m) {
  return m.name() == "__field__" || m.name() == "__database__" || m.name() == "__schema__";
}

bool SeriesMatches(const Series& s, const VectorSelector& vs) {
  for (const auto& m : vs.matchers) {
    if (IsStorageMatcher(m)) continue;
    if (!m.Matches(GetLabel(s.labels, m.name()))) return false;
  }
  if (vs.or_matchers.empty()) return true;
  for (const auto& group : vs.or_matchers) {
    bool ok = true;
    for (const auto& m : group) {
      if (IsStorageMatcher(m)) continue;
      if (!m.Matches(GetLabel(s.labels, m.name()))) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

}  // namespace

bool IsStaleNaN(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  return bits == kStaleNanBits;
}

std::string_view GetLabel(const Labels& labels, std::string_view name) {
  for (const auto& [k, v] : labels) {
    if (k == name) return v;
  }
  return {};
}

void SetLabel(Labels& labels, std::string_view name, std::string_view value) {
  auto it = std::lower_bound(labels.begin(), labels.end(), name,
                             [](const auto& p, std::string_view n) { return p.first < n; });
  if (it != labels.end() && it->first == name) {
    if (value.empty()) {
      labels.erase(it);
    } else {
      it->second = std::string(value);
    }
  } else if (!value.empty()) {
    labels.insert(it, {std::string(name), std::string(value)});
  }
}

void DropLabel(Labels& labels, std::string_view name) { SetLabel(labels, name, ""); }
void DropMetricName(Labels& labels) { DropLabel(labels, kMetricNameLabel); }

std::string LabelsString(const Labels& labels) {
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ", ";
    out += labels[i].first + "=\"" + labels[i].second + "\"";
  }
  return out + "}";
}

std::string LabelsKey(const Labels& labels) {
  std::string key;
  for (const auto& [k, v] : labels) {
    key += k;
    key += '\xff';
    key += v;
    key += '\xfe';
  }
  return key;
}

std::string SignatureKey(const Labels& labels, const std::vector<std::string>& names, bool on) {
  std::string key;
  for (const auto& [k, v] : labels) {
    bool listed = std::find(names.begin(), names.end(), k) != names.end();
    if (on ? !listed : (listed || k == kMetricNameLabel)) continue;
    key += k;
    key += '\xff';
    key += v;
    key += '\xfe';
  }
  return key;
}

void KahanAdd(double inc, double& sum, double& c) {
  double t = sum + inc;
  if (std::isinf(t)) {
    c = 0;
  } else if (std::fabs(sum) >= std::fabs(inc)) {
    c += (sum - t) + inc;
  } else {
    c += (inc - t) + sum;
  }
  sum = t;
}

double Quantile(double q, std::vector<double>& values) {
  if (values.empty() || std::isnan(q)) return NAN;
  if (q < 0) return -INFINITY;
  if (q > 1) return INFINITY;
  std::sort(values.begin(), values.end(), [](double a, double b) {
    if (std::isnan(a)) return !std::isnan(b);
    return a < b;
  });
  double n = static_cast<double>(values.size());
  double rank = q * (n - 1);
  double lower = std::max(0.0, std::floor(rank));
  double upper = std::min(n - 1, lower + 1);
  double weight = rank - std::floor(rank);
  return values[static_cast<size_t>(lower)] * (1 - weight) +
         values[static_cast<size_t>(upper)] * weight;
}

Status CheckDuplicateLabelsets(const Vector& vec) {
  std::unordered_set<std::string> seen;
  for (const auto& s : vec) {
    if (!seen.insert(LabelsKey(s.labels)).second) {
      return Status::InvalidArguments("vector cannot contain metrics with the same labelset");
    }
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
// Data loading
// ---------------------------------------------------------------------------------------------

int64_t Evaluator::AtTime(const AtModifier& at, int64_t t_ms) const {
  switch (at.kind) {
    case AtModifier::Kind::kNone:
      return t_ms;
    case AtModifier::Kind::kTimestamp:
      return at.timestamp_ms;
    case AtModifier::Kind::kStart:
      return start_ms_;
    case AtModifier::Kind::kEnd:
      return end_ms_;
  }
  return t_ms;
}

void Evaluator::CollectRanges(const Expr& expr, int64_t lo, int64_t hi) {
  switch (expr.kind) {
    case ExprKind::kVectorSelector:
    case ExprKind::kMatrixSelector: {
      const VectorSelector* vs;
      int64_t window;
      if (expr.Is<VectorSelector>()) {
        vs = &expr.As<VectorSelector>();
        window = options_.lookback_delta.count();
      } else {
        vs = expr.As<MatrixSelector>().selector.get();
        window = DurationMs(expr.As<MatrixSelector>().range);
      }
      if (vs->at.kind != AtModifier::Kind::kNone) lo = hi = AtTime(vs->at, lo);
      int64_t off = DurationMs(vs->offset);
      SelectorData& d = data_[vs];
      d.lo = std::min(d.lo, lo - off - window);
      d.hi = std::max(d.hi, hi - off);
      return;
    }
    case ExprKind::kSubquery: {
      const auto& sq = expr.As<SubqueryExpr>();
      if (sq.at.kind != AtModifier::Kind::kNone) lo = hi = AtTime(sq.at, lo);
      int64_t off = DurationMs(sq.offset);
      CollectRanges(*sq.expr, lo - off - DurationMs(sq.range), hi - off);
      return;
    }
    case ExprKind::kCall:
      for (const auto& a : expr.As<Call>().args) CollectRanges(*a, lo, hi);
      return;
    case ExprKind::kAggregate:
      CollectRanges(*expr.As<AggregateExpr>().expr, lo, hi);
      if (expr.As<AggregateExpr>().param) CollectRanges(*expr.As<AggregateExpr>().param, lo, hi);
      return;
    case ExprKind::kBinary:
      CollectRanges(*expr.As<BinaryExpr>().lhs, lo, hi);
      CollectRanges(*expr.As<BinaryExpr>().rhs, lo, hi);
      return;
    case ExprKind::kUnary:
      CollectRanges(*expr.As<UnaryExpr>().expr, lo, hi);
      return;
    case ExprKind::kParen:
      CollectRanges(*expr.As<ParenExpr>().expr, lo, hi);
      return;
    default:
      return;
  }
}

Status Evaluator::Prepare(const Expr& expr) {
  CollectRanges(expr, start_ms_, end_ms_);
  size_t total = 0;
  for (auto& [vs, d] : data_) {
    std::vector<LabelMatcher> matchers = vs->matchers;
    GT_ASSIGN_OR_RETURN(auto series, storage_.Select(matchers, d.lo, d.hi));
    for (auto& s : series) {
      if (!SeriesMatches(s, *vs)) continue;
      std::erase_if(s.samples, [&](const Sample& p) { return p.t_ms < d.lo || p.t_ms > d.hi; });
      total += s.samples.size();
      d.series.push_back(std::move(s));
    }
    std::sort(d.series.begin(), d.series.end(),
              [](const Series& a, const Series& b) { return a.labels < b.labels; });
  }
  if (total > options_.max_samples) {
    return Status::RuntimeResourcesExhausted(
        "query processing would load too many samples into memory in query execution");
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
// Selectors and subqueries
// ---------------------------------------------------------------------------------------------

Result<Value> Evaluator::EvalVectorSelector(const VectorSelector& vs, int64_t t_ms) {
  Value out;
  out.type = ValueType::kVector;
  int64_t te = AtTime(vs.at, t_ms) - DurationMs(vs.offset);
  int64_t lo = te - options_.lookback_delta.count();
  for (const Series& s : data_[&vs].series) {
    auto it = std::upper_bound(s.samples.begin(), s.samples.end(), te,
                               [](int64_t t, const Sample& p) { return t < p.t_ms; });
    if (it == s.samples.begin()) continue;
    --it;
    if (it->t_ms <= lo || IsStaleNaN(it->v)) continue;
    out.vector.push_back({s.labels, it->t_ms, it->v});
  }
  return out;
}

Result<Value> Evaluator::EvalMatrixSelector(const MatrixSelector& ms, int64_t t_ms) {
  const VectorSelector& vs = *ms.selector;
  Value out;
  out.type = ValueType::kMatrix;
  out.range_ms = DurationMs(ms.range);
  out.range_end_ms = AtTime(vs.at, t_ms) - DurationMs(vs.offset);
  int64_t lo = out.range_end_ms - out.range_ms;
  size_t total = 0;
  for (const Series& s : data_[&vs].series) {
    auto first = std::upper_bound(s.samples.begin(), s.samples.end(), lo,
                                  [](int64_t t, const Sample& p) { return t < p.t_ms; });
    Series r{s.labels, {}};
    for (auto it = first; it != s.samples.end() && it->t_ms <= out.range_end_ms; ++it) {
      if (!IsStaleNaN(it->v)) r.samples.push_back(*it);
    }
    total += r.samples.size();
    if (!r.samples.empty()) out.matrix.push_back(std::move(r));
  }
  if (total > options_.max_samples) {
    return Status::RuntimeResourcesExhausted(
        "query processing would load too many samples into memory in query execution");
  }
  return out;
}

Result<Value> Evaluator::EvalSubquery(const SubqueryExpr& sq, int64_t t_ms) {
  Value out;
  out.type = ValueType::kMatrix;
  out.range_ms = DurationMs(sq.range);
  out.range_end_ms = AtTime(sq.at, t_ms) - DurationMs(sq.offset);
  int64_t step = sq.step.count() > 0 ? DurationMs(sq.step) : 60'000;
  int64_t lo = out.range_end_ms - out.range_ms;
  int64_t first = (FloorDiv(lo, step) + 1) * step;
  std::map<Labels, size_t> index;
  size_t total = 0;
  for (int64_t ts = first; ts <= out.range_end_ms; ts += step) {
    GT_ASSIGN_OR_RETURN(Value v, Eval(*sq.expr, ts));
    if (v.type == ValueType::kScalar) {
      v.vector.push_back({{}, ts, v.scalar});
    }
    for (auto& s : v.vector) {
      auto [it, inserted] = index.try_emplace(s.labels, out.matrix.size());
      if (inserted) out.matrix.push_back({s.labels, {}});
      out.matrix[it->second].samples.push_back({ts, s.v});
      if (++total > options_.max_samples) {
        return Status::RuntimeResourcesExhausted(
            "query processing would load too many samples into memory in query execution");
      }
    }
  }
  std::sort(out.matrix.begin(), out.matrix.end(),
            [](const Series& a, const Series& b) { return a.labels < b.labels; });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------------------------

namespace {

// Prometheus's vectorElemBinop: the value and whether a comparison keeps the element.
std::pair<double, bool> ElemBinop(BinaryOp op, double l, double r) {
  switch (op) {
    case BinaryOp::kAdd:
      return {l + r, true};
    case BinaryOp::kSub:
      return {l - r, true};
    case BinaryOp::kMul:
      return {l * r, true};
    case BinaryOp::kDiv:
      return {l / r, true};
    case BinaryOp::kMod:
      return {std::fmod(l, r), true};
    case BinaryOp::kPow:
      return {std::pow(l, r), true};
    case BinaryOp::kAtan2:
      return {std::atan2(l, r), true};
    case BinaryOp::kEql:
      return {l, l == r};
    case BinaryOp::kNeq:
      return {l, l != r};
    case BinaryOp::kGtr:
      return {l, l > r};
    case BinaryOp::kLss:
      return {l, l < r};
    case BinaryOp::kGte:
      return {l, l >= r};
    case BinaryOp::kLte:
      return {l, l <= r};
    default:
      return {NAN, false};
  }
}

bool DropsName(BinaryOp op) { return !IsComparisonOp(op) && !IsSetOp(op); }

}  // namespace

Result<Value> Evaluator::EvalBinary(const BinaryExpr& bin, int64_t t_ms) {
  GT_ASSIGN_OR_RETURN(Value lhs, Eval(*bin.lhs, t_ms));
  GT_ASSIGN_OR_RETURN(Value rhs, Eval(*bin.rhs, t_ms));
  Value out;
  if (lhs.type == ValueType::kScalar && rhs.type == ValueType::kScalar) {
    out.type = ValueType::kScalar;
    auto [v, keep] = ElemBinop(bin.op, lhs.scalar, rhs.scalar);
    out.scalar = IsComparisonOp(bin.op) ? (keep ? 1.0 : 0.0) : v;
    return out;
  }
  if (lhs.type == ValueType::kVector && rhs.type == ValueType::kVector) {
    return EvalVectorBinary(bin, std::move(lhs.vector), std::move(rhs.vector));
  }
  // Vector and scalar.
  bool swap = lhs.type == ValueType::kScalar;
  Vector vec = swap ? std::move(rhs.vector) : std::move(lhs.vector);
  double scalar = swap ? lhs.scalar : rhs.scalar;
  out.type = ValueType::kVector;
  for (auto& s : vec) {
    double l = swap ? scalar : s.v;
    double r = swap ? s.v : scalar;
    auto [v, keep] = ElemBinop(bin.op, l, r);
    if (swap && IsComparisonOp(bin.op)) v = s.v;
    if (bin.return_bool) {
      v = keep ? 1.0 : 0.0;
    } else if (!keep) {
      continue;
    }
    if (DropsName(bin.op) || bin.return_bool) DropMetricName(s.labels);
    s.v = v;
    out.vector.push_back(std::move(s));
  }
  GT_RETURN_IF_ERROR(CheckDuplicateLabelsets(out.vector));
  return out;
}

Result<Value> Evaluator::EvalVectorBinary(const BinaryExpr& bin, Vector lhs, Vector rhs) {
  Value out;
  out.type = ValueType::kVector;
  const VectorMatching matching = bin.matching.value_or(VectorMatching{});
  auto sig = [&](const Labels& l) {
    return SignatureKey(l, matching.matching_labels, matching.on);
  };
  if (bin.op == BinaryOp::kAnd || bin.op == BinaryOp::kUnless) {
    std::unordered_set<std::string> right;
    for (const auto& s : rhs) right.insert(sig(s.labels));
    for (auto& s : lhs) {
      if (right.contains(sig(s.labels)) == (bin.op == BinaryOp::kAnd)) {
        out.vector.push_back(std::move(s));
      }
    }
    return out;
  }
  if (bin.op == BinaryOp::kOr) {
    std::unordered_set<std::string> left;
    for (const auto& s : lhs) left.insert(sig(s.labels));
    out.vector = std::move(lhs);
    for (auto& s : rhs) {
      if (!left.contains(sig(s.labels))) out.vector.push_back(std::move(s));
    }
    return out;
  }
  if (lhs.empty() || rhs.empty()) return out;
  bool one_to_many = matching.card == VectorMatchCardinality::kOneToMany;
  if (one_to_many) std::swap(lhs, rhs);
  // The "one" side is now rhs.
  std::unordered_map<std::string, size_t> right_sigs;
  for (size_t i = 0; i < rhs.size(); ++i) {
    auto [it, inserted] = right_sigs.try_emplace(sig(rhs[i].labels), i);
    if (!inserted) {
      Labels group;
      for (const auto& [k, v] : rhs[i].labels) {
        bool listed = std::find(matching.matching_labels.begin(), matching.matching_labels.end(),
                                k) != matching.matching_labels.end();
        if (matching.on ? listed : (!listed && k != kMetricNameLabel)) group.push_back({k, v});
      }
      return Status::InvalidArguments(
          "found duplicate series for the match group {} on the {} hand-side of the operation: "
          "[{}, {}];many-to-many matching not allowed: matching labels must be unique on one "
          "side",
          LabelsString(group), one_to_many ? "left" : "right",
          LabelsString(rhs[it->second].labels), LabelsString(rhs[i].labels));
    }
  }
  std::unordered_set<std::string> matched;
  std::unordered_set<std::string> inserted;
  for (auto& ls : lhs) {
    std::string key = sig(ls.labels);
    auto found = right_sigs.find(key);
    if (found == right_sigs.end()) continue;
    const InstantSample& rs = rhs[found->second];
    double vl = ls.v, vr = rs.v;
    if (one_to_many) std::swap(vl, vr);
    auto [v, keep] = ElemBinop(bin.op, vl, vr);
    if (bin.return_bool) v = keep ? 1.0 : 0.0;
    Labels metric = ls.labels;
    if (DropsName(bin.op) || bin.return_bool) DropMetricName(metric);
    if (matching.card == VectorMatchCardinality::kOneToOne) {
      if (matching.on) {
        Labels kept;
        for (auto& l : metric) {
          if (std::find(matching.matching_labels.begin(), matching.matching_labels.end(),
                        l.first) != matching.matching_labels.end()) {
            kept.push_back(l);
          }
        }
        metric = std::move(kept);
      } else {
        for (const auto& n : matching.matching_labels) DropLabel(metric, n);
      }
    }
    for (const auto& n : matching.include) SetLabel(metric, n, GetLabel(rs.labels, n));
    if (matching.card == VectorMatchCardinality::kOneToOne) {
      if (!matched.insert(key).second) {
        return Status::InvalidArguments(
            "multiple matches for labels: many-to-one matching must be explicit "
            "(group_left/group_right)");
      }
    } else if (!inserted.insert(LabelsKey(metric)).second) {
      return Status::InvalidArguments(
          "multiple matches for labels: grouping labels must ensure unique matches");
    }
    // Cardinality errors are raised even for elements a comparison filters away.
    if (!keep && !bin.return_bool) continue;
    out.vector.push_back({std::move(metric), 0, v});
  }
  return out;
}

Result<Value> Evaluator::Eval(const Expr& expr, int64_t t_ms) {
  Value out;
  switch (expr.kind) {
    case ExprKind::kNumberLiteral:
      out.type = ValueType::kScalar;
      out.scalar = expr.As<NumberLiteral>().value;
      return out;
    case ExprKind::kStringLiteral:
      out.type = ValueType::kString;
      out.string = expr.As<StringLiteral>().value;
      return out;
    case ExprKind::kVectorSelector:
      return EvalVectorSelector(expr.As<VectorSelector>(), t_ms);
    case ExprKind::kMatrixSelector:
      return EvalMatrixSelector(expr.As<MatrixSelector>(), t_ms);
    case ExprKind::kSubquery:
      return EvalSubquery(expr.As<SubqueryExpr>(), t_ms);
    case ExprKind::kCall:
      return EvalCall(expr.As<Call>(), t_ms);
    case ExprKind::kAggregate:
      return EvalAggregate(expr.As<AggregateExpr>(), t_ms);
    case ExprKind::kBinary:
      return EvalBinary(expr.As<BinaryExpr>(), t_ms);
    case ExprKind::kParen:
      return Eval(*expr.As<ParenExpr>().expr, t_ms);
    case ExprKind::kUnary: {
      const auto& u = expr.As<UnaryExpr>();
      GT_ASSIGN_OR_RETURN(out, Eval(*u.expr, t_ms));
      if (u.op == UnaryOp::kPlus) return out;
      if (out.type == ValueType::kScalar) {
        out.scalar = -out.scalar;
        return out;
      }
      for (auto& s : out.vector) {
        s.v = -s.v;
        DropMetricName(s.labels);
      }
      GT_RETURN_IF_ERROR(CheckDuplicateLabelsets(out.vector));
      return out;
    }
  }
  return Status::Internal("unknown expression kind");
}

// Whether the instant result keeps the evaluator's order (sort, topk, ...).
bool KeepsOrder(const Expr& e) {
  const Expr& u = Unwrap(e);
  if (u.Is<Call>()) {
    std::string_view n = u.As<Call>().func->name;
    return n == "sort" || n == "sort_desc" || n == "sort_by_label" || n == "sort_by_label_desc";
  }
  if (u.Is<AggregateExpr>()) {
    AggregateOp op = u.As<AggregateExpr>().op;
    return op == AggregateOp::kTopk || op == AggregateOp::kBottomk;
  }
  return false;
}

}  // namespace internal

using internal::Evaluator;
using internal::Value;

Result<QueryResult> EvalInstant(const Expr& expr, int64_t time_ms, Storage& storage,
                                const EngineOptions& options) {
  Evaluator ev(storage, options, time_ms, time_ms, 1000);
  GT_RETURN_IF_ERROR(ev.Prepare(expr));
  GT_ASSIGN_OR_RETURN(Value v, ev.Eval(expr, time_ms));
  QueryResult r;
  r.type = v.type;
  r.t_ms = time_ms;
  switch (v.type) {
    case ValueType::kScalar:
      r.scalar = v.scalar;
      break;
    case ValueType::kString:
      r.string = std::move(v.string);
      break;
    case ValueType::kMatrix:
      r.matrix = std::move(v.matrix);
      break;
    default:
      r.type = ValueType::kVector;
      GT_RETURN_IF_ERROR(internal::CheckDuplicateLabelsets(v.vector));
      for (auto& s : v.vector) s.t_ms = time_ms;
      if (!internal::KeepsOrder(expr)) {
        std::stable_sort(v.vector.begin(), v.vector.end(),
                         [](const InstantSample& a, const InstantSample& b) {
                           return a.labels < b.labels;
                         });
      }
      r.vector = std::move(v.vector);
  }
  return r;
}

Result<QueryResult> EvalRange(const Expr& expr, int64_t start_ms, int64_t end_ms, int64_t step_ms,
                              Storage& storage, const EngineOptions& options) {
  ValueType type = expr.Type();
  if (type != ValueType::kScalar && type != ValueType::kVector) {
    return Status::InvalidArguments(
        "invalid expression type \"{}\" for range query, must be Scalar or instant Vector",
        DocumentedTypeName(type));
  }
  if (step_ms <= 0) return Status::InvalidArguments("zero or negative query resolution step");
  Evaluator ev(storage, options, start_ms, end_ms, step_ms);
  GT_RETURN_IF_ERROR(ev.Prepare(expr));
  std::map<Labels, std::vector<Sample>> series;
  size_t total = 0;
  for (int64_t t = start_ms; t <= end_ms; t += step_ms) {
    GT_ASSIGN_OR_RETURN(Value v, ev.Eval(expr, t));
    if (v.type == ValueType::kScalar) {
      series[{}].push_back({t, v.scalar});
      ++total;
    } else {
      GT_RETURN_IF_ERROR(internal::CheckDuplicateLabelsets(v.vector));
      for (auto& s : v.vector) series[s.labels].push_back({t, s.v});
      total += v.vector.size();
    }
    if (total > options.max_samples) {
      return Status::RuntimeResourcesExhausted(
          "query processing would load too many samples into memory in query execution");
    }
  }
  QueryResult r;
  r.type = ValueType::kMatrix;
  r.t_ms = end_ms;
  for (auto& [labels, samples] : series) r.matrix.push_back({labels, std::move(samples)});
  return r;
}

}  // namespace greptime::promql
