// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Test helpers for the parser tests (tests only).
#pragma once

#include <gtest/gtest.h>

#include <string_view>
#include <utility>

#include "query/sql/parser.h"

namespace greptime::query::sql::testing {

// Parses one statement that must be a T; records a test failure and returns T{} otherwise.
template <typename T>
T ParseAs(std::string_view sql) {
  auto st = ParseOne(sql);
  EXPECT_TRUE(st.ok()) << sql << ": " << st.status().ToString();
  if (!st.ok() || !st->Is<T>()) {
    ADD_FAILURE() << "not the expected statement kind: " << sql;
    return T{};
  }
  return std::move(*st->As<T>());
}

}  // namespace greptime::query::sql::testing
