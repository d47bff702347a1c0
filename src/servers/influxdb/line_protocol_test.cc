// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/influxdb/line_protocol.h"

#include <random>

#include <gtest/gtest.h>

#include "common/testing.h"
#include "servers/http/influxdb_routes.h"

namespace greptime::servers::influxdb {
namespace {

TEST(LineProtocolTest, SpecExample) {
  ASSERT_OK_AND_ASSIGN(
      auto pts, ParseLineProtocol(
                    "monitor,host=127.0.0.1,region=us cpu=0.1,memory=0.4,procs=3i 1667446797450\n"
                    "monitor,host=127.0.0.2,region=us cpu=0.2,memory=0.3,online=true 1667446798450\n"
                    "\n# comment\n"
                    "monitor,host=127.0.0.1,region=us cpu=0.5,memory=0.2,status=\"ok\" 1667446798450"));
  ASSERT_EQ(pts.size(), 3u);
  EXPECT_EQ(pts[0].measurement, "monitor");
  ASSERT_EQ(pts[0].tags.size(), 2u);
  EXPECT_EQ(pts[0].tags[1].second, "us");
  EXPECT_EQ(std::get<int64_t>(pts[0].fields[2].second), 3);
  EXPECT_EQ(std::get<double>(pts[0].fields[0].second), 0.1);
  EXPECT_EQ(std::get<bool>(pts[1].fields[2].second), true);
  EXPECT_EQ(std::get<std::string>(pts[2].fields[2].second), "ok");
  EXPECT_EQ(pts[2].timestamp, 1667446798450);
  EXPECT_EQ(pts[2].line, 5u);
}

TEST(LineProtocolTest, EscapesAndTypes) {
  ASSERT_OK_AND_ASSIGN(
      auto pts, ParseLineProtocol("m\\ x\\,y,t\\=k=v\\ 1 s=\"a \\\"q\\\" \\\\ \\n\",u=42u,i=-7i,"
                                  "f=-1.2e3,b=F,one=1"));
  ASSERT_EQ(pts.size(), 1u);
  EXPECT_EQ(pts[0].measurement, "m x,y");
  EXPECT_EQ(pts[0].tags[0].first, "t=k");
  EXPECT_EQ(pts[0].tags[0].second, "v 1");
  EXPECT_EQ(std::get<std::string>(pts[0].fields[0].second), "a \"q\" \\ \\n");
  EXPECT_EQ(std::get<uint64_t>(pts[0].fields[1].second), 42u);
  EXPECT_EQ(std::get<int64_t>(pts[0].fields[2].second), -7);
  EXPECT_EQ(std::get<double>(pts[0].fields[3].second), -1200.0);
  EXPECT_EQ(std::get<bool>(pts[0].fields[4].second), false);
  EXPECT_EQ(std::get<double>(pts[0].fields[5].second), 1.0);
  EXPECT_FALSE(pts[0].timestamp.has_value());
  // A newline inside a quoted string does not end the line.
  ASSERT_OK_AND_ASSIGN(pts, ParseLineProtocol("m s=\"a\nb\" 1\nm s=\"c\" 2"));
  ASSERT_EQ(pts.size(), 2u);
  EXPECT_EQ(std::get<std::string>(pts[0].fields[0].second), "a\nb");
}

TEST(LineProtocolTest, ErrorsNameTheLine) {
  for (const char* bad : {"m", "m,t=1", "m f=", "m f=.5", "m f=NaN", "m f=1 x", "m f=1\r",
                          "m,t f=1", "m f=1i2", "m f='x'", "m f=abc", "m\\", "m f=\"open",
                          "m f=99999999999999999999i", "m f=1 99999999999999999999"}) {
    auto r = ParseLineProtocol(std::string("ok f=1\n") + bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArguments);
    EXPECT_NE(r.status().message().find("line 2"), std::string::npos) << r.status().message();
  }
}

TEST(LineProtocolTest, RandomAndMutatedInputsNeverCrash) {
  std::mt19937_64 rng(20261125);
  const std::string seed =
      "cpu,host=a\\ b,dc=x usage=0.5,count=3i,ok=t,msg=\"hi \\\"there\\\"\" 1700000000000000000\n";
  const std::string alphabet = "m,= \"\\\n\rtfiu0123456789.-eE#x";
  for (int round = 0; round < 20000; ++round) {
    std::string s = seed;
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      size_t pos = rng() % (s.size() + 1);
      switch (rng() % 3) {
        case 0: s.insert(pos, 1, alphabet[rng() % alphabet.size()]); break;
        case 1: if (pos < s.size()) s.erase(pos, 1); break;
        default: if (pos < s.size()) s[pos] = static_cast<char>(rng() % 256); break;
      }
    }
    auto r = ParseLineProtocol(s);
    if (r.ok()) {
      for (const auto& p : *r) EXPECT_FALSE(p.fields.empty());
      (void)PointsToInserts(*r, "ns", 0);
    }
  }
  for (int round = 0; round < 2000; ++round) {
    std::string s(rng() % 200, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    (void)ParseLineProtocol(s);
  }
}

TEST(LineProtocolTest, PointsToInsertsColumnsAndConflicts) {
  ASSERT_OK_AND_ASSIGN(auto pts, ParseLineProtocol("m,a=1,b=2 x=1 5\nm,a=1 x=2,y=3i 6\nn v=1"));
  ASSERT_OK_AND_ASSIGN(auto ins, PointsToInserts(pts, "ms", 7'000'000));
  ASSERT_EQ(ins.size(), 2u);
  std::vector<std::string> names;
  for (const auto& c : ins[0].columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "x", "greptime_timestamp", "y"}));
  ASSERT_EQ(ins[0].num_rows(), 2u);
  ASSERT_EQ(ins[0].data.size(), 5u);
  EXPECT_EQ(ins[0].data[3]->GetValue(0).AsTimestamp().value, 5'000'000);
  EXPECT_TRUE(ins[0].data[4]->IsNull(0));   // y first seen on line 2
  EXPECT_EQ(ins[0].data[4]->GetValue(1).ToInt64(), 3);
  EXPECT_TRUE(ins[0].data[1]->IsNull(1));   // b absent on line 2
  EXPECT_EQ(ins[0].data[0]->GetValue(1).ToString(), "1");
  EXPECT_EQ(ins[1].data[1]->GetValue(0).AsTimestamp().value, 7'000'000);  // now, truncated to ms
  ASSERT_OK_AND_ASSIGN(pts, ParseLineProtocol("m,host=a cpu=1 1\nm,host=b cpu=1i 2"));
  auto conflict = PointsToInserts(pts, "", 0);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.status().message(), "Column: cpu, datatype incompatible, expected: 10, actual: 4");
  ASSERT_STATUS_CODE(PointsToInserts(pts, "xyz", 0), StatusCode::kInvalidArguments);
  ASSERT_OK_AND_ASSIGN(pts, ParseLineProtocol("m v=1 9223372036854775807"));
  ASSERT_STATUS_CODE(PointsToInserts(pts, "s", 0), StatusCode::kInvalidArguments);
}

}  // namespace
}  // namespace greptime::servers::influxdb
