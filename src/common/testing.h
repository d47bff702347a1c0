// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// GoogleTest helpers for Status and Result (test code only).
#pragma once

#include <gtest/gtest.h>

#include "common/status.h"

#define ASSERT_OK(expr)                                                       \
  do {                                                                        \
    ::greptime::Status _gt_st = ::greptime::internal::ToStatus(expr);         \
    ASSERT_TRUE(_gt_st.ok()) << #expr << " failed: " << _gt_st.ToString();    \
  } while (false)

#define EXPECT_OK(expr)                                                       \
  do {                                                                        \
    ::greptime::Status _gt_st = ::greptime::internal::ToStatus(expr);         \
    EXPECT_TRUE(_gt_st.ok()) << #expr << " failed: " << _gt_st.ToString();    \
  } while (false)

#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, rexpr)                               \
  auto tmp = (rexpr);                                                           \
  ASSERT_TRUE(tmp.ok()) << #rexpr << " failed: " << tmp.status().ToString();    \
  lhs = std::move(tmp).value()

#define ASSERT_OK_AND_ASSIGN(lhs, rexpr) \
  ASSERT_OK_AND_ASSIGN_IMPL(GT_CONCAT(_gt_test_result_, __LINE__), lhs, rexpr)

// Asserts that `expr` fails with `code`.
#define ASSERT_STATUS_CODE(expr, expected_code)                                      \
  do {                                                                               \
    ::greptime::Status _gt_st = ::greptime::internal::ToStatus(expr);                \
    ASSERT_EQ(_gt_st.code(), expected_code) << #expr << " gave " << _gt_st.ToString(); \
  } while (false)
