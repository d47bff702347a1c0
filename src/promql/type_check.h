// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Internal to the parser: Prometheus's checkAST (argument counts and types, operand types,
// selector sanity) and the "line:col: parse error: ..." error format.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "promql/ast.h"

namespace greptime::promql {

// kInvalidArguments "<line>:<col>: parse error: <message>", the position being the byte offset
// `pos` of `query` (1-based line and column, as Prometheus's ParseErr prints it).
Status MakeParseError(std::string_view query, int32_t pos, std::string_view message);

// Type-checks a freshly parsed tree, normalising BinaryExpr::matching as Prometheus does (set
// operators become many-to-many; operations with a scalar side lose their matching). Returns
// the first error, in Prometheus's order.
Status TypeCheck(Expr& expr, std::string_view query);

}  // namespace greptime::promql
