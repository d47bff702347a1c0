// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/prometheus/remote_write.h"

#include <snappy.h>

#include <cstring>
#include <random>

#include <gtest/gtest.h>

#include "common/testing.h"

namespace greptime::servers::prometheus {
namespace {

// A tiny protobuf writer for building WriteRequests.
void Varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}
void Bytes(std::string& out, int field, const std::string& b) {
  Varint(out, static_cast<uint64_t>(field) << 3 | 2);
  Varint(out, b.size());
  out += b;
}
std::string Series(const std::vector<std::pair<std::string, std::string>>& labels,
                   const std::vector<std::pair<double, int64_t>>& samples) {
  std::string ts;
  for (const auto& [k, v] : labels) {
    std::string l;
    Bytes(l, 1, k);
    Bytes(l, 2, v);
    Bytes(ts, 1, l);
  }
  for (const auto& [v, t] : samples) {
    std::string s;
    Varint(s, 1 << 3 | 1);
    char buf[8];
    std::memcpy(buf, &v, 8);
    s.append(buf, 8);
    Varint(s, 2 << 3 | 0);
    Varint(s, static_cast<uint64_t>(t));
    Bytes(ts, 2, s);
  }
  return ts;
}

TEST(RemoteWriteTest, DecodeAndMap) {
  std::string req;
  Bytes(req, 1, Series({{"__name__", "up"}, {"job", "a"}, {"instance", "x"}}, {{1, 1000}, {0, 2000}}));
  Bytes(req, 1, Series({{"__name__", "up"}, {"job", "b"}}, {{1, 1000}}));
  Bytes(req, 1, Series({{"__name__", "mem"}, {"__database__", "other"}}, {{5.5, 1000}}));
  std::string compressed;
  snappy::Compress(req.data(), req.size(), &compressed);
  ASSERT_OK_AND_ASSIGN(std::string raw, DecompressBody(compressed, "snappy", 1 << 20));
  ASSERT_OK_AND_ASSIGN(auto series, DecodeWriteRequest(raw));
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[0].labels[1].second, "a");
  EXPECT_EQ(series[0].samples[1].timestamp_ms, 2000);
  ASSERT_OK_AND_ASSIGN(auto groups, SeriesToInserts(series));
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].first, "");
  const auto& up = groups[0].second[0];
  EXPECT_EQ(up.table, "up");
  std::vector<std::string> names;
  for (const auto& c : up.columns) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"greptime_timestamp", "greptime_value", "instance", "job"}));
  ASSERT_EQ(up.rows.size(), 3u);
  EXPECT_TRUE(up.rows[2][2].is_null());  // job=b has no instance
  EXPECT_EQ(groups[1].first, "other");
  EXPECT_EQ(groups[1].second[0].table, "mem");
}

TEST(RemoteWriteTest, RejectsBadInput) {
  std::string req;
  Bytes(req, 1, Series({{"__name__", "up"}, {"bad-label", "a"}}, {{1, 1}}));
  ASSERT_OK_AND_ASSIGN(auto series, DecodeWriteRequest(req));
  auto r = SeriesToInserts(series);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Invalid label name: `bad-label`"), std::string::npos);
  ASSERT_STATUS_CODE(DecompressBody("not snappy", "snappy", 100), StatusCode::kInvalidArguments);
  std::mt19937_64 rng(7);
  std::string good;
  Bytes(good, 1, Series({{"__name__", "up"}, {"job", "a"}}, {{1, 1000}}));
  for (int i = 0; i < 20000; ++i) {
    std::string s = good;
    for (int e = 0; e < 3; ++e) {
      size_t pos = rng() % s.size();
      s[pos] = static_cast<char>(rng() % 256);
    }
    if (rng() % 4 == 0) s.resize(rng() % s.size());
    auto d = DecodeWriteRequest(s);
    if (d.ok()) (void)SeriesToInserts(*d);
  }
}

}  // namespace
}  // namespace greptime::servers::prometheus
