// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// GoogleTest helpers for Status / Result (after Arrow's testing/gtest_util.h) and readable
// printing of Value and DataType in failures. Tests only.
#pragma once

#include <ostream>

#include <gtest/gtest.h>

#include "common/status.h"
#include "types/data_type.h"
#include "types/value.h"

#include "common/testing.h"  // ASSERT_OK, EXPECT_OK, ASSERT_OK_AND_ASSIGN

namespace greptime::types {
// Readable gtest failure output: "Int64(5)", "String(abc)", "Null(NULL)".
inline void PrintTo(const Value& v, std::ostream* os) {
  *os << v.type().Name() << "(" << v.ToString() << ")";
}
inline void PrintTo(const DataType& t, std::ostream* os) { *os << t.Name(); }
}  // namespace greptime::types
