// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The function table.
#include "promql/functions.h"

#include <algorithm>

namespace greptime::promql {

std::string_view ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kNone:
      return "none";
    case ValueType::kScalar:
      return "scalar";
    case ValueType::kVector:
      return "vector";
    case ValueType::kMatrix:
      return "matrix";
    case ValueType::kString:
      return "string";
  }
  return "none";
}

std::string_view DocumentedTypeName(ValueType type) {
  switch (type) {
    case ValueType::kVector:
      return "instant vector";
    case ValueType::kMatrix:
      return "range vector";
    default:
      return ValueTypeName(type);
  }
}

namespace {

std::vector<Function> BuildTable() {
  constexpr ValueType S = ValueType::kScalar;
  constexpr ValueType V = ValueType::kVector;
  constexpr ValueType M = ValueType::kMatrix;
  constexpr ValueType Str = ValueType::kString;
  std::vector<Function> table;
  // f(instant vector) -> instant vector.
  for (std::string_view name : {"abs",
                                "absent",
                                "acos",
                                "acosh",
                                "asin",
                                "asinh",
                                "atan",
                                "atanh",
                                "ceil",
                                "cos",
                                "cosh",
                                "deg",
                                "exp",
                                "floor",
                                "histogram_avg",
                                "histogram_count",
                                "histogram_stddev",
                                "histogram_stdvar",
                                "histogram_sum",
                                "ln",
                                "log10",
                                "log2",
                                "rad",
                                "sgn",
                                "sin",
                                "sinh",
                                "sort",
                                "sort_desc",
                                "sqrt",
                                "tan",
                                "tanh",
                                "timestamp"}) {
    table.push_back({name, {V}, 0, V});
  }
  // f(range vector) -> instant vector.
  for (std::string_view name :
       {"absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv",
        "idelta", "increase", "irate", "last_over_time", "mad_over_time", "max_over_time",
        "min_over_time", "present_over_time", "rate", "resets", "stddev_over_time",
        "stdvar_over_time", "sum_over_time"}) {
    table.push_back({name, {M}, 0, V});
  }
  // f([instant vector]) -> instant vector; the argument defaults to vector(time()).
  for (std::string_view name : {"day_of_month", "day_of_week", "day_of_year", "days_in_month",
                                "hour", "minute", "month", "year"}) {
    table.push_back({name, {V}, 1, V});
  }
  table.push_back({"clamp", {V, S, S}, 0, V});
  table.push_back({"clamp_max", {V, S}, 0, V});
  table.push_back({"clamp_min", {V, S}, 0, V});
  table.push_back({"double_exponential_smoothing", {M, S, S}, 0, V});
  table.push_back({"holt_winters", {M, S, S}, 0, V});
  table.push_back({"histogram_fraction", {S, S, V}, 0, V});
  table.push_back({"histogram_quantile", {S, V}, 0, V});
  table.push_back({"label_join", {V, Str, Str, Str}, -1, V});
  table.push_back({"label_replace", {V, Str, Str, Str, Str}, 0, V});
  table.push_back({"pi", {}, 0, S});
  table.push_back({"predict_linear", {M, S}, 0, V});
  table.push_back({"quantile_over_time", {S, M}, 0, V});
  table.push_back({"round", {V, S}, 1, V});
  table.push_back({"scalar", {V}, 0, S});
  table.push_back({"sort_by_label", {V, Str}, -1, V});
  table.push_back({"sort_by_label_desc", {V, Str}, -1, V});
  table.push_back({"time", {}, 0, S});
  table.push_back({"vector", {S}, 0, V});
  // Experimental in Prometheus 3: known, so that calls get a precise error.
  for (std::string_view name : {"first_over_time", "ts_of_first_over_time", "ts_of_last_over_time",
                                "ts_of_max_over_time", "ts_of_min_over_time"}) {
    table.push_back({name, {M}, 0, V, true});
  }
  for (std::string_view name : {"end", "range", "start", "step"}) {
    table.push_back({name, {}, 0, S, true});
  }
  table.push_back({"histogram_quantiles", {V, Str, S, S}, 9, V, true});
  table.push_back({"info", {V, V}, 1, V, true});
  table.push_back({"max_of", {S, S}, 0, S, true});
  table.push_back({"min_of", {S, S}, 0, S, true});
  table.push_back({"start_timestamp", {V}, 0, V, true});
  std::sort(table.begin(), table.end(),
            [](const Function& a, const Function& b) { return a.name < b.name; });
  return table;
}

}  // namespace

const std::vector<Function>& AllFunctions() {
  static const auto* table = new std::vector<Function>(BuildTable());
  return *table;
}

const Function* LookupFunction(std::string_view name) {
  const std::vector<Function>& table = AllFunctions();
  auto it = std::lower_bound(table.begin(), table.end(), name,
                             [](const Function& f, std::string_view n) { return f.name < n; });
  if (it == table.end() || it->name != name) return nullptr;
  return &*it;
}

}  // namespace greptime::promql
