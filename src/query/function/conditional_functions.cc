// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// coalesce, nullif, ifnull/nvl, nvl2, if, greatest, least, isnull.
#include "query/function/function_util.h"

namespace greptime::query {
namespace {

using types::DataType;
using types::Value;

Result<DataType> Common(std::string_view name, std::span<const ArgInfo> args, size_t from = 0) {
  DataType t = DataType::Null();
  for (size_t i = from; i < args.size(); ++i) {
    const DataType& a = args[i].type;
    if (a.is_null()) continue;
    if (t.is_null()) {
      t = a;
    } else if (t == a) {
      continue;
    } else if (t.is_numeric() && a.is_numeric()) {
      if (t.is_float() || a.is_float() || t.is_decimal() || a.is_decimal()) t = DataType::Float64();
      else if (t.is_unsigned_integer() && a.is_unsigned_integer()) t = DataType::UInt64();
      else t = DataType::Int64();
    } else if (t.is_string_like() && a.is_string_like()) {
      t = DataType::String();
    } else if (t.is_timestamp() && a.is_string()) {
      continue;
    } else if (t.is_string() && a.is_timestamp()) {
      t = a;
    } else {
      return BadArgument(name, fmt::format("no common type for {} and {}", t.Name(), a.Name()));
    }
  }
  return t;
}

}  // namespace

void RegisterConditionalFunctions(FunctionRegistry& r) {
  RegisterRowFunction(
      r, {"coalesce"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        if (a.empty()) return BadArgument("coalesce", "needs at least one argument");
        return Common("coalesce", a);
      },
      [](std::span<const Value> v) -> Result<Value> {
        for (const auto& x : v) {
          if (!x.is_null()) return x;
        }
        return Value();
      },
      false);
  RegisterRowFunction(
      r, {"ifnull", "nvl"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("nvl", a, 2, 2));
        return Common("nvl", a);
      },
      [](std::span<const Value> v) -> Result<Value> { return v[0].is_null() ? v[1] : v[0]; },
      false);
  RegisterRowFunction(
      r, {"nvl2"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("nvl2", a, 3, 3));
        return Common("nvl2", a, 1);
      },
      [](std::span<const Value> v) -> Result<Value> { return v[0].is_null() ? v[2] : v[1]; },
      false);
  RegisterRowFunction(
      r, {"nullif"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("nullif", a, 2, 2));
        return a[0].type;
      },
      [](std::span<const Value> v) -> Result<Value> {
        if (v[0].is_null()) return Value();
        if (v[1].is_null()) return v[0];
        if (v[0].type().is_numeric() && v[1].type().is_numeric() && !(v[0].type() == v[1].type())) {
          if (v[0].ToFloat64() == v[1].ToFloat64()) return Value();
          return v[0];
        }
        if (v[0].Compare(v[1]) == 0) return Value();
        return v[0];
      },
      false);
  RegisterRowFunction(
      r, {"if"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("if", a, 3, 3));
        return Common("if", a, 1);
      },
      [](std::span<const Value> v) -> Result<Value> {
        bool c = !v[0].is_null() && v[0].type().is_boolean() && v[0].AsBoolean();
        return c ? v[1] : v[2];
      },
      false);
  for (bool greatest : {true, false}) {
    const char* name = greatest ? "greatest" : "least";
    RegisterRowFunction(
        r, {name},
        [name](std::span<const ArgInfo> a) -> Result<DataType> {
          if (a.empty()) return BadArgument(name, "needs at least one argument");
          return Common(name, a);
        },
        [greatest](std::span<const Value> v) -> Result<Value> {
          Value best;
          for (const auto& x : v) {
            if (x.is_null()) continue;
            if (best.is_null()) {
              best = x;
              continue;
            }
            int c;
            if (x.type().is_numeric() && best.type().is_numeric() && !(x.type() == best.type())) {
              // Mixed numeric types compare by value (Value::Compare orders by type first).
              double a = x.ToFloat64().value_or(0), b = best.ToFloat64().value_or(0);
              c = a < b ? -1 : (a > b ? 1 : 0);
            } else {
              c = x.Compare(best);
            }
            if (greatest ? c > 0 : c < 0) best = x;
          }
          return best;
        },
        false);
  }
  RegisterRowFunction(
      r, {"isnull"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("isnull", a, 1, 1));
        return DataType::Boolean();
      },
      [](std::span<const Value> v) -> Result<Value> { return Value::Boolean(v[0].is_null()); },
      false);
}

}  // namespace greptime::query
