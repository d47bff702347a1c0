// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The PromQL parser: text -> type-checked AST (promql/ast.h), with Prometheus 3's grammar,
// operator precedence and error messages.
#pragma once

#include <memory>
#include <string_view>

#include "common/status.h"
#include "promql/ast.h"

namespace greptime::promql {

// Parses and type-checks a PromQL expression. Errors are kInvalidArguments with Prometheus's
// text and position, e.g. "1:1: parse error: unexpected <op:*>",
// `1:6: parse error: expected type range vector in call to function "rate", got instant vector`.
// Only the first error is reported. Supports everything Prometheus 3 accepts without feature
// flags, plus limitk/limit_ratio, the functions of promql/functions.h and GreptimeDB's
// `{a="x" or b="y"}` matcher groups; experimental duration arithmetic, anchored/smoothed and
// fill modifiers are rejected as Prometheus rejects them when disabled.
Result<ExprPtr> ParseExpr(std::string_view query);

// Parses a series selector as the metadata endpoints take it (`match[]`): `name`,
// `name{matchers}` or `{matchers}`, nothing else. No type checks (`{}` is accepted).
Result<std::unique_ptr<VectorSelector>> ParseMetricSelector(std::string_view selector);

}  // namespace greptime::promql
