// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// PromQL aggregation operators (sum, avg, topk, quantile, count_values, ...), with Prometheus's
// compensated summation, NaN ordering and label handling.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <unordered_map>

#include "promql/eval_internal.h"

namespace greptime::promql::internal {

namespace {

struct Group {
  Labels labels;
  double value = 0;
  double kahan_c = 0;
  double mean = 0;
  double count = 0;
  bool incremental_mean = false;
  std::vector<double> values;       // quantile
  std::vector<size_t> members;      // topk, bottomk, limitk: indexes into the input
};

Labels GroupLabels(const Labels& labels, const AggregateExpr& agg) {
  Labels out;
  for (const auto& l : labels) {
    bool listed = std::find(agg.grouping.begin(), agg.grouping.end(), l.first) !=
                  agg.grouping.end();
    if (agg.without ? (!listed && l.first != kMetricNameLabel) : listed) out.push_back(l);
  }
  return out;
}

// Go's strconv.FormatFloat(f, 'f', -1, 64).
std::string FormatFloatF(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[512];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
  return std::string(buf, res.ptr);
}

// topk keeps the largest values; NaN counts as the smallest (largest for bottomk).
bool KBetter(double a, double b, bool top) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return top ? a > b : a < b;
}

}  // namespace

Result<Value> Evaluator::EvalAggregate(const AggregateExpr& agg, int64_t t_ms) {
  double param = 0;
  std::string label_param;
  if (agg.param) {
    GT_ASSIGN_OR_RETURN(Value p, Eval(*agg.param, t_ms));
    if (p.type == ValueType::kString) {
      label_param = p.string;
    } else {
      param = p.scalar;
    }
  }
  GT_ASSIGN_OR_RETURN(Value in, Eval(*agg.expr, t_ms));
  Vector& vec = in.vector;
  Value out;
  out.type = ValueType::kVector;
  AggregateOp op = agg.op;

  int64_t k = 0;
  if (op == AggregateOp::kTopk || op == AggregateOp::kBottomk || op == AggregateOp::kLimitk) {
    if (std::isnan(param)) {
      return Status::InvalidArguments("Parameter value is NaN for {}", AggregateOpName(op));
    }
    if (param >= 9.2233720368547758e18 || param <= -9.2233720368547758e18) {
      return Status::InvalidArguments("Scalar value {} overflows int64", param);
    }
    k = static_cast<int64_t>(param);
    if (k < 1) return out;
  }
  if (op == AggregateOp::kLimitRatio && std::isnan(param)) {
    return Status::InvalidArguments("Ratio value is NaN");
  }
  if (op == AggregateOp::kCountValues) {
    // Prometheus checks the label name is valid.
    if (label_param.empty()) {
      return Status::InvalidArguments("invalid label name \"{}\"", label_param);
    }
  }

  std::vector<Group> groups;
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < vec.size(); ++i) {
    const InstantSample& s = vec[i];
    Labels gl = GroupLabels(s.labels, agg);
    if (op == AggregateOp::kCountValues) SetLabel(gl, label_param, FormatFloatF(s.v));
    std::string key = LabelsKey(gl);
    auto [it, inserted] = index.try_emplace(key, groups.size());
    double f = s.v;
    if (inserted) {
      Group g;
      g.labels = std::move(gl);
      g.value = f;
      g.mean = f;
      g.count = 1;
      switch (op) {
        case AggregateOp::kStddev:
        case AggregateOp::kStdvar:
          g.value = (std::isnan(f) || std::isinf(f)) ? NAN : 0;
          break;
        case AggregateOp::kGroup:
          g.value = 1;
          break;
        case AggregateOp::kQuantile:
          g.values.push_back(f);
          break;
        default:
          break;
      }
      g.members.push_back(i);
      groups.push_back(std::move(g));
      continue;
    }
    Group& g = groups[it->second];
    switch (op) {
      case AggregateOp::kSum:
        KahanAdd(f, g.value, g.kahan_c);
        break;
      case AggregateOp::kAvg: {
        g.count++;
        if (!g.incremental_mean) {
          double nv = g.value, nc = g.kahan_c;
          KahanAdd(f, nv, nc);
          if (!std::isinf(nv)) {
            g.value = nv;
            g.kahan_c = nc;
            break;
          }
          g.incremental_mean = true;
          g.mean = g.value / (g.count - 1);
          g.kahan_c /= g.count - 1;
        }
        double q = (g.count - 1) / g.count;
        double m = q * g.mean, c = q * g.kahan_c;
        KahanAdd(f / g.count, m, c);
        g.mean = m;
        g.kahan_c = c;
        break;
      }
      case AggregateOp::kMax:
        if (g.value < f || std::isnan(g.value)) g.value = f;
        break;
      case AggregateOp::kMin:
        if (g.value > f || std::isnan(g.value)) g.value = f;
        break;
      case AggregateOp::kCount:
      case AggregateOp::kCountValues:
        g.count++;
        break;
      case AggregateOp::kStddev:
      case AggregateOp::kStdvar: {
        g.count++;
        double delta = f - g.mean;
        g.mean += delta / g.count;
        g.value += delta * (f - g.mean);
        break;
      }
      case AggregateOp::kQuantile:
        g.values.push_back(f);
        break;
      default:
        g.members.push_back(i);
        break;
    }
  }

  if (op == AggregateOp::kTopk || op == AggregateOp::kBottomk || op == AggregateOp::kLimitk ||
      op == AggregateOp::kLimitRatio) {
    bool top = op == AggregateOp::kTopk;
    for (auto& g : groups) {
      std::vector<size_t> m = g.members;
      if (op == AggregateOp::kTopk || op == AggregateOp::kBottomk) {
        std::stable_sort(m.begin(), m.end(),
                         [&](size_t a, size_t b) { return KBetter(vec[a].v, vec[b].v, top); });
        if (static_cast<int64_t>(m.size()) > k) m.resize(k);
      } else if (op == AggregateOp::kLimitk) {
        if (static_cast<int64_t>(m.size()) > k) m.resize(k);
      } else {
        // limit_ratio: a deterministic per-series choice from a hash of its labels.
        std::vector<size_t> kept;
        for (size_t i : m) {
          double offset =
              static_cast<double>(std::hash<std::string>{}(LabelsKey(vec[i].labels)) % 1000000) /
              1000000.0;
          if ((param >= 0 && offset < param) || (param < 0 && offset >= 1.0 + param)) {
            kept.push_back(i);
          }
        }
        m = std::move(kept);
      }
      for (size_t i : m) out.vector.push_back(vec[i]);
    }
    return out;
  }

  for (auto& g : groups) {
    double v = g.value;
    switch (op) {
      case AggregateOp::kSum:
        v = g.value + g.kahan_c;
        break;
      case AggregateOp::kAvg:
        v = g.incremental_mean ? g.mean + g.kahan_c : g.value / g.count + g.kahan_c / g.count;
        break;
      case AggregateOp::kCount:
      case AggregateOp::kCountValues:
        v = g.count;
        break;
      case AggregateOp::kStdvar:
        v = g.value / g.count;
        break;
      case AggregateOp::kStddev:
        v = std::sqrt(g.value / g.count);
        break;
      case AggregateOp::kQuantile:
        v = Quantile(param, g.values);
        break;
      default:
        break;
    }
    out.vector.push_back({std::move(g.labels), t_ms, v});
  }
  return out;
}

}  // namespace greptime::promql::internal
