// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Helpers shared by the scalar function families.
#pragma once

#include <functional>
#include <span>
#include <string_view>

#include "query/function/function.h"

namespace greptime::query {

// kInvalidArguments "Failed to coerce arguments to satisfy a call to '<name>' function: ..."
// unless lo <= args.size() <= hi.
Status CheckArity(std::string_view name, std::span<const ArgInfo> args, size_t lo, size_t hi);
Status BadArgument(std::string_view name, std::string_view detail);

using RowFn = std::function<Result<types::Value>(std::span<const types::Value>)>;
// Evaluates `fn` row by row. With `propagate_nulls`, a row with any NULL argument gives NULL
// without calling `fn`. Results are cast to `out` when their type differs.
Result<types::ColumnPtr> MapRows(std::span<const types::ColumnPtr> args, size_t num_rows,
                                 const types::DataType& out, const RowFn& fn,
                                 bool propagate_nulls = true);

// Registers a row-wise function: `type` checks the arguments and gives the result type.
void RegisterRowFunction(FunctionRegistry& registry, std::initializer_list<std::string> names,
                         std::function<Result<types::DataType>(std::span<const ArgInfo>)> type,
                         RowFn fn, bool propagate_nulls = true, bool deterministic = true);

bool IsNumericOrNull(const types::DataType& t);
bool IsStringOrNull(const types::DataType& t);

}  // namespace greptime::query
