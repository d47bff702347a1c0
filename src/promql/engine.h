// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The PromQL evaluator: instant and range queries over a parsed expression (promql/ast.h), with
// Prometheus's semantics (lookback delta, staleness markers, step alignment, extrapolated
// rate/increase/delta, NaN/Inf handling, dropping __name__, result ordering). Raw data comes
// from a Storage the caller provides (the frontend maps metrics to tables; tests use memory).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "promql/ast.h"

namespace greptime::promql {

// Label name/value pairs sorted by name; no empty values. Includes __name__ where it applies.
using Labels = std::vector<std::pair<std::string, std::string>>;

struct Sample {
  int64_t t_ms = 0;
  double v = 0;
};

struct Series {
  Labels labels;
  std::vector<Sample> samples;  // ascending t_ms
};

// Where the evaluator reads raw samples. One Select per selector evaluation (the evaluator asks
// for the widest range it needs: [start - lookback/range - offset, end - offset] and so on).
class Storage {
 public:
  virtual ~Storage() = default;
  // Every series matching all `matchers` (ANDed; one may be on __name__; a matcher on an absent
  // label sees ""), with its samples in [start_ms, end_ms], ascending. Returning samples outside
  // the range is allowed (the evaluator filters). Prometheus's staleness marker (the NaN with
  // bits 0x7ff0000000000002) is passed through as stored.
  virtual Result<std::vector<Series>> Select(const std::vector<LabelMatcher>& matchers,
                                             int64_t start_ms, int64_t end_ms) = 0;
};

struct EngineOptions {
  std::chrono::milliseconds lookback_delta{5 * 60 * 1000};
  // Points a query may hold in memory at once; more fails with kRuntimeResourcesExhausted
  // ("query processing would load too many samples into memory in query execution").
  size_t max_samples = 50'000'000;
};

struct InstantSample {
  Labels labels;
  int64_t t_ms = 0;
  double v = 0;
};

// A query's value, as the Prometheus HTTP API returns it (resultType scalar, string, vector,
// matrix). Vector and matrix elements are in Prometheus's order where it guarantees one (sort,
// sort_desc, topk/bottomk keep their order; otherwise ordered by labels as Prometheus's
// promqltest compares unordered results).
struct QueryResult {
  ValueType type = ValueType::kVector;
  double scalar = 0;                  // kScalar
  std::string string;                 // kString
  int64_t t_ms = 0;                   // kScalar, kString: the evaluation time
  std::vector<InstantSample> vector;  // kVector
  std::vector<Series> matrix;         // kMatrix (range queries; instant queries of a range)
};

// Evaluates `expr` at `time_ms`. Errors: kInvalidArguments for evaluation errors Prometheus
// reports as bad_data/execution (e.g. "vector cannot contain metrics with the same labelset",
// "many-to-many matching not allowed: matching labels must be unique on one side"),
// kRuntimeResourcesExhausted past max_samples, Storage errors as they are.
Result<QueryResult> EvalInstant(const Expr& expr, int64_t time_ms, Storage& storage,
                                const EngineOptions& options = {});

// Evaluates `expr` at start, start + step, ... <= end (step > 0); the result is a matrix (a
// scalar expression gives one series without labels). `expr` must be of scalar or instant
// vector type (kInvalidArguments otherwise, as Prometheus's "invalid expression type ... for
// range query, must be Scalar or instant Vector").
Result<QueryResult> EvalRange(const Expr& expr, int64_t start_ms, int64_t end_ms, int64_t step_ms,
                              Storage& storage, const EngineOptions& options = {});

}  // namespace greptime::promql
