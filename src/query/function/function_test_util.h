// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The fixture shared by the scalar-function tests (math, string, conditional): calls a function
// through a registry and checks the declared return type and the row count of every result.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/testing.h"
#include "query/function/function.h"
#include "types/column_builder.h"

namespace greptime::query::testing_util {

using types::ColumnPtr;
using types::DataType;
using types::Value;

// Calls functions of one family through a fresh registry, checking that every result has the
// type ReturnType declared and one row per input row.
class FunctionFixture : public ::testing::Test {
 protected:
  Result<DataType> TypeOf(std::string_view name, std::vector<DataType> types) {
    const ScalarFunction* fn = registry_.FindScalar(name);
    if (fn == nullptr) return Status::InvalidArguments("no function {}", name);
    std::vector<ArgInfo> infos;
    for (const auto& t : types) infos.push_back({t, nullptr});
    return fn->ReturnType(infos);
  }

  // Invokes `name` on columns (non-constant arguments).
  Result<ColumnPtr> Call(std::string_view name, std::vector<ColumnPtr> args, size_t rows) {
    const ScalarFunction* fn = registry_.FindScalar(name);
    if (fn == nullptr) return Status::InvalidArguments("no function {}", name);
    std::vector<ArgInfo> infos;
    for (const auto& a : args) infos.push_back({a->type(), nullptr});
    GT_ASSIGN_OR_RETURN(DataType type, fn->ReturnType(infos));
    GT_ASSIGN_OR_RETURN(ColumnPtr out, fn->Invoke(args, rows, ctx_));
    EXPECT_EQ(out->size(), rows) << name;
    EXPECT_EQ(out->type(), type) << name << ": " << out->type().Name() << " vs " << type.Name();
    return out;
  }

  // Evaluates `name` on constant arguments (one row) and returns the value.
  Result<Value> Eval(std::string_view name, std::vector<Value> args) {
    const ScalarFunction* fn = registry_.FindScalar(name);
    if (fn == nullptr) return Status::InvalidArguments("no function {}", name);
    std::vector<ArgInfo> infos;
    std::vector<ColumnPtr> cols;
    for (const auto& a : args) {
      infos.push_back({a.type(), &a});
      cols.push_back(types::MakeConstantColumn(a.type(), a, 1));
    }
    GT_ASSIGN_OR_RETURN(DataType type, fn->ReturnType(infos));
    GT_ASSIGN_OR_RETURN(ColumnPtr out, fn->Invoke(cols, 1, ctx_));
    EXPECT_EQ(out->size(), 1u) << name;
    EXPECT_EQ(out->type(), type) << name << ": " << out->type().Name() << " vs " << type.Name();
    return out->GetValue(0);
  }

  // Eval rendered as text ("NULL" for NULL).
  std::string Text(std::string_view name, std::vector<Value> args) {
    auto v = Eval(name, std::move(args));
    if (!v.ok()) return "error: " + v.status().ToString();
    return v->is_null() ? "NULL" : v->ToString();
  }

  static ColumnPtr Col(const DataType& type, std::vector<Value> values) {
    return *types::MakeColumn(type, values);
  }

  FunctionRegistry registry_;
  FunctionContext ctx_;
};

inline Value I(int64_t v) { return Value::Int64(v); }
inline Value F(double v) { return Value::Float64(v); }
inline Value S(std::string v) { return Value::String(std::move(v)); }
inline Value B(bool v) { return Value::Boolean(v); }
inline Value N() { return Value(); }

}  // namespace greptime::query::testing_util
