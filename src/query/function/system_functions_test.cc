// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// System information functions through a registry holding only them.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "common/testing.h"
#include "common/version.h"
#include "query/function/function.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

class SystemFunctionsTest : public ::testing::Test {
 protected:
  SystemFunctionsTest() { RegisterSystemFunctions(registry_); }

  // Evaluates the zero-argument function `name` on `rows` rows; all rows must be equal.
  Result<Value> Call(std::string_view name, size_t rows = 2) {
    const ScalarFunction* fn = registry_.FindScalar(name);
    if (fn == nullptr) return Status::InvalidArguments("no function {}", name);
    GT_ASSIGN_OR_RETURN(DataType type, fn->ReturnType({}));
    GT_ASSIGN_OR_RETURN(ColumnPtr out, fn->Invoke({}, rows, ctx_));
    EXPECT_EQ(out->type(), type);
    EXPECT_EQ(out->size(), rows);
    for (size_t i = 1; i < rows; ++i) EXPECT_EQ(out->GetValue(i), out->GetValue(0));
    if (rows == 0) return Value();
    return out->GetValue(0);
  }

  FunctionRegistry registry_;
  FunctionContext ctx_;
};

TEST_F(SystemFunctionsTest, VersionIsMysqlCompatible) {
  ASSERT_OK_AND_ASSIGN(Value v, Call("version"));
  EXPECT_EQ(v, Value::String(fmt::format("8.4.2-greptimedb-{}", Version())));
}

TEST_F(SystemFunctionsTest, BuildListsBranchCommitAndVersion) {
  ASSERT_OK_AND_ASSIGN(Value v, Call("build"));
  const std::string& text = v.AsBytes();
  for (const char* key : {"branch: ", "\ncommit: ", "\ncommit_short: ", "\nclean: ", "\nversion: "}) {
    EXPECT_NE(text.find(key), std::string::npos) << key << " in " << text;
  }
  EXPECT_NE(text.find(fmt::format("version: {}", Version())), std::string::npos);
}

TEST_F(SystemFunctionsTest, SessionFunctionsReadTheContext) {
  ctx_.current_database = "information_schema";
  ctx_.current_catalog = "other";
  for (const char* name : {"database", "current_schema", "schema"}) {
    ASSERT_OK_AND_ASSIGN(Value v, Call(name));
    EXPECT_EQ(v, Value::String("information_schema")) << name;
  }
  ASSERT_OK_AND_ASSIGN(Value v, Call("current_catalog"));
  EXPECT_EQ(v, Value::String("other"));
  for (const char* name : {"user", "current_user", "session_user"}) {
    ASSERT_OK_AND_ASSIGN(v, Call(name));
    EXPECT_EQ(v, Value::String("greptime")) << name;
  }
  for (const char* name : {"connection_id", "pg_backend_pid"}) {
    ASSERT_OK_AND_ASSIGN(v, Call(name));
    EXPECT_EQ(v, Value::UInt64(0)) << name;
  }
}

TEST_F(SystemFunctionsTest, EmptyInputGivesEmptyColumn) {
  ASSERT_OK(Call("database", 0).status());
}

TEST_F(SystemFunctionsTest, ArgumentsAreRejectedNamingTheFunction) {
  Value one = Value::Int64(1);
  std::vector<ArgInfo> args = {{DataType::Int64(), &one}};
  for (const char* name : {"version", "database", "connection_id"}) {
    auto r = registry_.FindScalar(name)->ReturnType(args);
    ASSERT_STATUS_CODE(r, StatusCode::kInvalidArguments);
    EXPECT_NE(r.status().message().find(name), std::string::npos) << r.status().message();
  }
}

}  // namespace
}  // namespace greptime::query
