// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// System information functions: version(), build(), database()/current_schema()/schema(),
// current_catalog(), user()/current_user()/session_user(), connection_id()/pg_backend_pid().
// They take no arguments and return one constant per call; NULL never occurs.
#include <fmt/format.h>

#include "common/version.h"
#include "query/function/function_util.h"
#include "types/column_builder.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

class ConstFunction final : public ScalarFunction {
 public:
  using Fn = std::function<Value(const FunctionContext&)>;
  ConstFunction(std::string name, DataType type, Fn fn)
      : name_(std::move(name)), type_(type), fn_(std::move(fn)) {}
  Result<DataType> ReturnType(std::span<const ArgInfo> args) const override {
    GT_RETURN_IF_ERROR(CheckArity(name_, args, 0, 0));
    return type_;
  }
  Result<ColumnPtr> Invoke(std::span<const ColumnPtr>, size_t rows,
                           const FunctionContext& ctx) const override {
    return types::MakeConstantColumn(type_, fn_(ctx), rows);
  }

 private:
  std::string name_;
  DataType type_;
  Fn fn_;
};

void Reg(FunctionRegistry& r, std::initializer_list<std::string> names, DataType type,
         ConstFunction::Fn fn) {
  auto f = std::make_shared<ConstFunction>(*names.begin(), type, std::move(fn));
  for (const auto& n : names) r.RegisterScalar(n, f);
}

}  // namespace

void RegisterSystemFunctions(FunctionRegistry& r) {
  // MySQL clients parse the server version from version(): GreptimeDB answers with the MySQL
  // version it emulates followed by its own.
  Reg(r, {"version"}, DataType::String(), [](const FunctionContext&) {
    return Value::String(fmt::format("8.4.2-greptimedb-{}", Version()));
  });
  Reg(r, {"build"}, DataType::String(), [](const FunctionContext&) {
    return Value::String(fmt::format(
        "branch: {}\ncommit: {}\ncommit_short: {}\nclean: {}\nversion: {}", GitBranch(),
        GitCommit(), GitCommit().substr(0, 8), GitClean() ? "true" : "false", Version()));
  });
  Reg(r, {"database", "current_schema", "schema"}, DataType::String(),
      [](const FunctionContext& ctx) { return Value::String(ctx.current_database); });
  Reg(r, {"current_catalog"}, DataType::String(),
      [](const FunctionContext& ctx) { return Value::String(ctx.current_catalog); });
  Reg(r, {"user", "current_user", "session_user"}, DataType::String(),
      [](const FunctionContext&) { return Value::String("greptime"); });
  // The function context carries no connection; 0 stands for "this connection".
  Reg(r, {"connection_id", "pg_backend_pid"}, DataType::UInt64(),
      [](const FunctionContext&) { return Value::UInt64(0); });
}

}  // namespace greptime::query
