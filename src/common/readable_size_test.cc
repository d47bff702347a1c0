// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "common/readable_size.h"

#include <gtest/gtest.h>

#include "common/testing.h"

namespace greptime {
namespace {

TEST(ReadableSizeTest, ParsesBinaryUnits) {
  EXPECT_EQ(*ParseReadableSize("0"), 0u);
  EXPECT_EQ(*ParseReadableSize("512"), 512u);
  EXPECT_EQ(*ParseReadableSize("512B"), 512u);
  EXPECT_EQ(*ParseReadableSize("1KB"), 1024u);
  EXPECT_EQ(*ParseReadableSize("1K"), 1024u);
  EXPECT_EQ(*ParseReadableSize("64MB"), 64ull << 20);
  EXPECT_EQ(*ParseReadableSize("64MiB"), 64ull << 20);
  EXPECT_EQ(*ParseReadableSize("1gb"), 1ull << 30);
  EXPECT_EQ(*ParseReadableSize("5GiB"), 5ull << 30);
  EXPECT_EQ(*ParseReadableSize("2TB"), 2ull << 40);
  EXPECT_EQ(*ParseReadableSize("1PiB"), 1ull << 50);
  EXPECT_EQ(*ParseReadableSize("1.5KB"), 1536u);
  EXPECT_EQ(*ParseReadableSize(" 8 MB "), 8ull << 20);
}

TEST(ReadableSizeTest, RejectsGarbage) {
  ASSERT_STATUS_CODE(ParseReadableSize(""), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(ParseReadableSize("MB"), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(ParseReadableSize("-1MB"), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(ParseReadableSize("10XB"), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(ParseReadableSize("1.2.3MB"), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(ParseReadableSize("99999999999PB"), StatusCode::kInvalidArguments);
  EXPECT_NE(ParseReadableSize("10XB").status().message().find("unknown unit"), std::string::npos);
}

TEST(ReadableSizeTest, FormatsInLargestExactUnitAndRoundTrips) {
  EXPECT_EQ(FormatReadableSize(0), "0B");
  EXPECT_EQ(FormatReadableSize(64ull << 20), "64MiB");
  EXPECT_EQ(FormatReadableSize(1536), "1536B");
  EXPECT_EQ(FormatReadableSize(5ull << 30), "5GiB");
  for (uint64_t v : {1ull, 1023ull, 1024ull, 3ull << 40, 123456789ull}) {
    EXPECT_EQ(*ParseReadableSize(FormatReadableSize(v)), v);
  }
}

}  // namespace
}  // namespace greptime
