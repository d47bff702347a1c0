// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// coalesce, nullif, ifnull/nvl, nvl2, if, greatest, least, isnull. Arguments are unified to
// their common type (CommonType) before rows are picked, so mixed numerics compare by value
// and the result column has one type.
#include <cstdlib>

#include <fmt/format.h>

#include "query/function/function_util.h"
#include "types/column_builder.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

using TypeFn = LambdaScalarFunction::TypeFn;
using InvokeFn = LambdaScalarFunction::InvokeFn;

void Register(FunctionRegistry& r, std::initializer_list<const char*> names, TypeFn type,
              InvokeFn invoke) {
  auto fn = std::make_shared<LambdaScalarFunction>(std::move(type), std::move(invoke));
  for (const char* n : names) r.RegisterScalar(n, fn);
}

std::vector<ArgInfo> InfosOf(std::span<const ColumnPtr> args) {
  std::vector<ArgInfo> infos;
  infos.reserve(args.size());
  for (const auto& a : args) infos.push_back({a->type(), nullptr});
  return infos;
}

// args[from..] cast to `type`.
Result<std::vector<ColumnPtr>> CastAll(std::span<const ColumnPtr> args, size_t from,
                                       const DataType& type, const FunctionContext& ctx) {
  std::vector<ColumnPtr> out;
  for (size_t i = from; i < args.size(); ++i) {
    GT_ASSIGN_OR_RETURN(ColumnPtr c, CastColumn(args[i], type, ctx.time_zone));
    out.push_back(std::move(c));
  }
  return out;
}

// Row i of the result is row i of cols[pick(i)] (NULL when pick gives -1).
template <typename Pick>
Result<ColumnPtr> PickRows(const DataType& type, const std::vector<ColumnPtr>& cols, size_t rows,
                           Pick pick) {
  auto b = types::MakeColumnBuilder(type, rows);
  for (size_t i = 0; i < rows; ++i) {
    const int k = pick(i);
    if (k < 0 || cols[k]->IsNull(i)) {
      b->AppendNull();
    } else {
      GT_RETURN_IF_ERROR(b->Append(cols[k]->GetValue(i)));
    }
  }
  return b->Finish();
}

// MySQL truthiness of IF's condition: booleans as they are, numbers when non-zero, strings by
// their leading number ('1abc' is true, 'abc' false); NULL is false.
bool Truthy(const Value& v) {
  if (v.is_null()) return false;
  if (v.type().is_boolean()) return v.AsBoolean();
  if (v.type().is_numeric()) {
    const auto f = v.ToFloat64();
    return f.has_value() && *f != 0.0;
  }
  if (v.type().is_string()) {
    const std::string& s = v.AsBytes();
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    return end != s.c_str() && d != 0.0;
  }
  const auto i = v.ToInt64();
  return i.has_value() && *i != 0;
}

void RegisterCoalesceLike(FunctionRegistry& r) {
  auto coalesce_type = [](std::span<const ArgInfo> a) -> Result<DataType> {
    if (a.empty()) return BadArgument("coalesce", "coalesce requires at least one argument");
    return CommonType("coalesce", a);
  };
  Register(r, {"coalesce"}, coalesce_type,
           [coalesce_type](std::span<const ColumnPtr> args, size_t rows,
                           const FunctionContext& ctx) -> Result<ColumnPtr> {
             GT_ASSIGN_OR_RETURN(DataType t, coalesce_type(InfosOf(args)));
             GT_ASSIGN_OR_RETURN(auto cols, CastAll(args, 0, t, ctx));
             return PickRows(t, cols, rows, [&](size_t i) {
               for (size_t k = 0; k < cols.size(); ++k) {
                 if (cols[k]->IsValid(i)) return static_cast<int>(k);
               }
               return -1;
             });
           });

  auto nvl_type = [](std::span<const ArgInfo> a) -> Result<DataType> {
    GT_RETURN_IF_ERROR(CheckArity("nvl", a, 2, 2));
    return CommonType("nvl", a);
  };
  Register(r, {"ifnull", "nvl"}, nvl_type,
           [nvl_type](std::span<const ColumnPtr> args, size_t rows,
                      const FunctionContext& ctx) -> Result<ColumnPtr> {
             GT_ASSIGN_OR_RETURN(DataType t, nvl_type(InfosOf(args)));
             GT_ASSIGN_OR_RETURN(auto cols, CastAll(args, 0, t, ctx));
             return PickRows(t, cols, rows,
                             [&](size_t i) { return cols[0]->IsValid(i) ? 0 : 1; });
           });

  auto nvl2_type = [](std::span<const ArgInfo> a) -> Result<DataType> {
    GT_RETURN_IF_ERROR(CheckArity("nvl2", a, 3, 3));
    return CommonType("nvl2", a, 1);
  };
  Register(r, {"nvl2"}, nvl2_type,
           [nvl2_type](std::span<const ColumnPtr> args, size_t rows,
                       const FunctionContext& ctx) -> Result<ColumnPtr> {
             GT_ASSIGN_OR_RETURN(DataType t, nvl2_type(InfosOf(args)));
             GT_ASSIGN_OR_RETURN(auto cols, CastAll(args, 1, t, ctx));
             return PickRows(t, cols, rows,
                             [&](size_t i) { return args[0]->IsValid(i) ? 0 : 1; });
           });

  auto if_type = [](std::span<const ArgInfo> a) -> Result<DataType> {
    GT_RETURN_IF_ERROR(CheckArity("if", a, 3, 3));
    const DataType& c = a[0].type;
    if (!c.is_boolean() && !c.is_numeric() && !c.is_string() && !c.is_null()) {
      return BadArgument("if", fmt::format("condition has type {}, expected Boolean", c.Name()));
    }
    return CommonType("if", a, 1);
  };
  Register(r, {"if"}, if_type,
           [if_type](std::span<const ColumnPtr> args, size_t rows,
                     const FunctionContext& ctx) -> Result<ColumnPtr> {
             GT_ASSIGN_OR_RETURN(DataType t, if_type(InfosOf(args)));
             GT_ASSIGN_OR_RETURN(auto cols, CastAll(args, 1, t, ctx));
             const auto* cond = args[0]->As<types::BooleanColumn>();
             return PickRows(t, cols, rows, [&](size_t i) {
               const bool c = cond != nullptr ? (cond->IsValid(i) && cond->at(i))
                                              : Truthy(args[0]->GetValue(i));
               return c ? 0 : 1;
             });
           });
}

void RegisterNullIf(FunctionRegistry& r) {
  auto type = [](std::span<const ArgInfo> a) -> Result<DataType> {
    GT_RETURN_IF_ERROR(CheckArity("nullif", a, 2, 2));
    GT_RETURN_IF_ERROR(CommonType("nullif", a).status());  // the arguments must be comparable
    return a[0].type.is_null() ? a[1].type : a[0].type;
  };
  Register(r, {"nullif"}, type,
           [type](std::span<const ColumnPtr> args, size_t rows,
                  const FunctionContext& ctx) -> Result<ColumnPtr> {
             const std::vector<ArgInfo> infos = InfosOf(args);
             GT_ASSIGN_OR_RETURN(DataType out, type(infos));
             GT_ASSIGN_OR_RETURN(DataType common, CommonType("nullif", infos));
             GT_ASSIGN_OR_RETURN(auto cmp, CastAll(args, 0, common, ctx));
             GT_ASSIGN_OR_RETURN(ColumnPtr first, CastColumn(args[0], out, ctx.time_zone));
             const std::vector<ColumnPtr> cols = {first};
             return PickRows(out, cols, rows, [&](size_t i) {
               if (cmp[0]->IsNull(i)) return -1;
               if (cmp[1]->IsNull(i)) return 0;
               return cmp[0]->GetValue(i).Compare(cmp[1]->GetValue(i)) == 0 ? -1 : 0;
             });
           });
}

void RegisterGreatestLeast(FunctionRegistry& r, bool greatest) {
  const std::string name = greatest ? "greatest" : "least";
  auto type = [name](std::span<const ArgInfo> a) -> Result<DataType> {
    if (a.empty()) {
      return BadArgument(name, fmt::format("{} requires at least one argument", name));
    }
    return CommonType(name, a);
  };
  Register(r, {greatest ? "greatest" : "least"}, type,
           [type, greatest](std::span<const ColumnPtr> args, size_t rows,
                            const FunctionContext& ctx) -> Result<ColumnPtr> {
             GT_ASSIGN_OR_RETURN(DataType t, type(InfosOf(args)));
             GT_ASSIGN_OR_RETURN(auto cols, CastAll(args, 0, t, ctx));
             return PickRows(t, cols, rows, [&](size_t i) {
               int best = -1;
               Value best_value;
               for (size_t k = 0; k < cols.size(); ++k) {
                 if (cols[k]->IsNull(i)) continue;
                 Value v = cols[k]->GetValue(i);
                 const int c = best < 0 ? 0 : v.Compare(best_value);
                 if (best < 0 || (greatest ? c > 0 : c < 0)) {
                   best = static_cast<int>(k);
                   best_value = std::move(v);
                 }
               }
               return best;
             });
           });
}

void RegisterIsNull(FunctionRegistry& r) {
  Register(
      r, {"isnull"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("isnull", a, 1, 1));
        return DataType::Boolean();
      },
      [](std::span<const ColumnPtr> args, size_t rows, const FunctionContext&) -> Result<ColumnPtr> {
        types::BooleanColumnBuilder b;
        b.Reserve(rows);
        for (size_t i = 0; i < rows; ++i) b.Append(args[0]->IsNull(i));
        return b.Finish();
      });
}

}  // namespace

void RegisterConditionalFunctions(FunctionRegistry& r) {
  RegisterCoalesceLike(r);
  RegisterNullIf(r);
  RegisterGreatestLeast(r, true);
  RegisterGreatestLeast(r, false);
  RegisterIsNull(r);
}

}  // namespace greptime::query
