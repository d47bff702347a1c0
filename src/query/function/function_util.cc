// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "query/function/function_util.h"

#include <fmt/format.h>

#include "types/column_builder.h"

namespace greptime::query {

Status CheckArity(std::string_view name, std::span<const ArgInfo> args, size_t lo, size_t hi) {
  if (args.size() >= lo && args.size() <= hi) return Status::OK();
  return Status(StatusCode::kInvalidArguments,
                fmt::format("Failed to coerce arguments to satisfy a call to '{}' function: "
                            "expected {} argument(s), got {}",
                            name, lo == hi ? fmt::format("{}", lo) : fmt::format("{} to {}", lo, hi),
                            args.size()));
}

Status BadArgument(std::string_view name, std::string_view detail) {
  return Status(StatusCode::kInvalidArguments,
                fmt::format("Failed to coerce arguments to satisfy a call to '{}' function: {}",
                            name, detail));
}

Result<types::ColumnPtr> MapRows(std::span<const types::ColumnPtr> args, size_t num_rows,
                                 const types::DataType& out, const RowFn& fn,
                                 bool propagate_nulls) {
  auto b = types::MakeColumnBuilder(out, num_rows);
  std::vector<types::Value> row(args.size());
  for (size_t i = 0; i < num_rows; ++i) {
    bool has_null = false;
    for (size_t k = 0; k < args.size(); ++k) {
      row[k] = args[k]->GetValue(i);
      has_null = has_null || row[k].is_null();
    }
    if (has_null && propagate_nulls) {
      b->AppendNull();
      continue;
    }
    GT_ASSIGN_OR_RETURN(types::Value v, fn(row));
    if (!v.is_null() && !(v.type() == out)) {
      GT_ASSIGN_OR_RETURN(v, v.CastTo(out));
    }
    GT_RETURN_IF_ERROR(b->Append(v));
  }
  return b->Finish();
}

void RegisterRowFunction(FunctionRegistry& registry, std::initializer_list<std::string> names,
                         std::function<Result<types::DataType>(std::span<const ArgInfo>)> type,
                         RowFn fn, bool propagate_nulls, bool deterministic) {
  auto type_fn = type;
  auto f = std::make_shared<LambdaScalarFunction>(
      type,
      [type_fn, fn, propagate_nulls](std::span<const types::ColumnPtr> args, size_t rows,
                                     const FunctionContext&) -> Result<types::ColumnPtr> {
        std::vector<ArgInfo> infos;
        for (const auto& a : args) infos.push_back({a->type(), nullptr});
        GT_ASSIGN_OR_RETURN(types::DataType out, type_fn(infos));
        return MapRows(args, rows, out, fn, propagate_nulls);
      },
      deterministic);
  for (const auto& n : names) registry.RegisterScalar(n, f);
}

bool IsNumericOrNull(const types::DataType& t) { return t.is_numeric() || t.is_null(); }
bool IsStringOrNull(const types::DataType& t) { return t.is_string_like() || t.is_null(); }

}  // namespace greptime::query
