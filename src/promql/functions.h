// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The PromQL function table: names, argument types and result types, as Prometheus 3 declares
// them (promql/parser/functions.go). The parser checks calls against it; the evaluator looks
// implementations up by name.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace greptime::promql {

// The type an expression evaluates to.
enum class ValueType : uint8_t { kNone, kScalar, kVector, kMatrix, kString };

// Prometheus's ValueType names: "none", "scalar", "vector", "matrix", "string" (API resultType).
std::string_view ValueTypeName(ValueType type);
// The documented names used in type errors: "scalar", "instant vector", "range vector", "string".
std::string_view DocumentedTypeName(ValueType type);

struct Function {
  std::string_view name;
  std::vector<ValueType> arg_types;
  // 0: exactly arg_types. Otherwise the last entry of arg_types is optional and repeatable:
  // n > 0 allows at most arg_types.size() - 1 + n arguments, -1 allows any number.
  int variadic = 0;
  ValueType return_type = ValueType::kVector;
  // Behind --enable-feature=promql-experimental-functions in Prometheus and not supported here:
  // the parser rejects calls with `function "<name>" is not enabled`, as Prometheus does.
  bool experimental = false;

  size_t MinArgs() const { return variadic == 0 ? arg_types.size() : arg_types.size() - 1; }
};

// The function called `name` (case-sensitive), or nullptr. Includes GreptimeDB's alias
// holt_winters for double_exponential_smoothing, and the experimental functions.
const Function* LookupFunction(std::string_view name);

// Every known function, sorted by name.
const std::vector<Function>& AllFunctions();

}  // namespace greptime::promql
