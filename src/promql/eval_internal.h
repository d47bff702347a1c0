// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Internals of the PromQL evaluator shared by engine.cc (selectors, operators, driver),
// eval_aggregate.cc and eval_functions.cc: values, label helpers and the Evaluator class.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "promql/engine.h"

namespace greptime::promql::internal {

using Vector = std::vector<InstantSample>;  // t_ms: the sample's own time where it matters
using Matrix = std::vector<Series>;

// One evaluated node at one time.
struct Value {
  ValueType type = ValueType::kVector;
  double scalar = 0;
  std::string string;
  Vector vector;
  Matrix matrix;
  // For range vectors: the window end (eval time minus offset, or @ minus offset) and range.
  int64_t range_end_ms = 0;
  int64_t range_ms = 0;
};

inline constexpr uint64_t kStaleNanBits = 0x7ff0000000000002ULL;
bool IsStaleNaN(double v);

// Label helpers (labels are sorted by name).
std::string_view GetLabel(const Labels& labels, std::string_view name);
void SetLabel(Labels& labels, std::string_view name, std::string_view value);  // "" deletes
void DropLabel(Labels& labels, std::string_view name);
void DropMetricName(Labels& labels);
std::string LabelsString(const Labels& labels);
// A key identifying `labels` restricted to (on = true) or without (on = false) `names`;
// without-keys also ignore __name__.
std::string SignatureKey(const Labels& labels, const std::vector<std::string>& names, bool on);
std::string LabelsKey(const Labels& labels);

// Neumaier-compensated summation step, as Prometheus's kahanSumInc.
void KahanAdd(double inc, double& sum, double& c);
// Prometheus's quantile over values (sorted in place).
double Quantile(double q, std::vector<double>& values);
// "vector cannot contain metrics with the same labelset" check.
Status CheckDuplicateLabelsets(const Vector& vec);

class Evaluator {
 public:
  Evaluator(Storage& storage, const EngineOptions& options, int64_t start_ms, int64_t end_ms,
            int64_t step_ms)
      : storage_(storage), options_(options), start_ms_(start_ms), end_ms_(end_ms),
        step_ms_(step_ms) {}

  // Loads the raw series every selector of `expr` needs.
  Status Prepare(const Expr& expr);
  Result<Value> Eval(const Expr& expr, int64_t t_ms);

  // Implemented in eval_functions.cc.
  Result<Value> EvalCall(const Call& call, int64_t t_ms);
  // Implemented in eval_aggregate.cc.
  Result<Value> EvalAggregate(const AggregateExpr& agg, int64_t t_ms);

 private:
  struct SelectorData {
    int64_t lo = INT64_MAX;
    int64_t hi = INT64_MIN;
    std::vector<Series> series;
  };

  void CollectRanges(const Expr& expr, int64_t lo, int64_t hi);
  int64_t AtTime(const AtModifier& at, int64_t t_ms) const;
  Result<Value> EvalVectorSelector(const VectorSelector& vs, int64_t t_ms);
  Result<Value> EvalMatrixSelector(const MatrixSelector& ms, int64_t t_ms);
  Result<Value> EvalSubquery(const SubqueryExpr& sq, int64_t t_ms);
  Result<Value> EvalBinary(const BinaryExpr& bin, int64_t t_ms);
  Result<Value> EvalVectorBinary(const BinaryExpr& bin, Vector lhs, Vector rhs);

  Storage& storage_;
  const EngineOptions& options_;
  int64_t start_ms_;
  int64_t end_ms_;
  int64_t step_ms_;
  std::map<const VectorSelector*, SelectorData> data_;
};

}  // namespace greptime::promql::internal
