// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/http/opentsdb_routes.h"

#include <gtest/gtest.h>

#include "common/testing.h"

namespace greptime::servers {
namespace {

TEST(OpentsdbTest, PointsToInserts) {
  ASSERT_OK_AND_ASSIGN(
      auto ins,
      OpentsdbToInserts(R"([{"metric":"sys.cpu.nice","timestamp":1667898896,"value":1,"tags":{"host":"web02","dc":"hz"}},
                            {"metric":"sys.cpu.nice","timestamp":1667898897000,"value":9.5,"tags":{"host":"web03","rack":"r1"}}])"));
  ASSERT_EQ(ins.size(), 1u);
  std::vector<std::string> names;
  for (const auto& c : ins[0].columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"host", "dc", "greptime_value", "greptime_timestamp", "rack"}));
  ASSERT_EQ(ins[0].rows.size(), 2u);
  EXPECT_EQ(ins[0].rows[0][3].AsTimestamp().value, 1667898896000);  // seconds -> ms
  EXPECT_EQ(ins[0].rows[1][3].AsTimestamp().value, 1667898897000);  // already ms
  EXPECT_EQ(ins[0].rows[1][2].AsFloat64(), 9.5);
  EXPECT_TRUE(ins[0].rows[1][1].is_null());
  ASSERT_OK_AND_ASSIGN(ins, OpentsdbToInserts(R"({"metric":"m","timestamp":1,"value":2,"tags":{}})"));
  EXPECT_EQ(ins[0].rows.size(), 1u);
}

TEST(OpentsdbTest, Errors) {
  for (const char* bad : {"", "{", "[1]", R"({"metric":"m","timestamp":1,"value":"x","tags":{}})",
                          R"({"metric":"m","value":1,"tags":{}})",
                          R"({"metric":"m","timestamp":1,"value":1,"tags":{"a":1}})"}) {
    auto r = OpentsdbToInserts(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().message().rfind("Invalid OpenTSDB Json request: ", 0), 0u);
  }
}

}  // namespace
}  // namespace greptime::servers
