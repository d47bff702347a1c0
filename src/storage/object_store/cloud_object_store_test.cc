// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The ObjectStore contract checked against each cloud backend's emulator on loopback. The
// backends instantiate these tests in s3_object_store_test.cc and azblob_object_store_test.cc.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "common/testing.h"
#include "storage/object_store/cloud_test_server.h"

namespace greptime::storage::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string RandomBytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out(n, '\0');
  for (size_t i = 0; i < n; i += 8) {
    uint64_t v = rng();
    for (size_t j = 0; j < 8 && i + j < n; ++j) out[i + j] = static_cast<char>(v >> (8 * j));
  }
  return out;
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_P(CloudObjectStoreTest, WriteReadRangeStatRoundTrip) {
  ASSERT_OK(store_->Write("a/b/c.sst", "hello world"));
  ASSERT_OK_AND_ASSIGN(std::string all, store_->Read("a/b/c.sst"));
  EXPECT_EQ(all, "hello world");
  ASSERT_OK_AND_ASSIGN(std::string part, store_->ReadRange("a/b/c.sst", 6, 5));
  EXPECT_EQ(part, "world");
  ASSERT_OK_AND_ASSIGN(std::string first, store_->ReadRange("a/b/c.sst", 0, 1));
  EXPECT_EQ(first, "h");
  ASSERT_OK_AND_ASSIGN(std::string none, store_->ReadRange("a/b/c.sst", 11, 0));
  EXPECT_EQ(none, "");
  ASSERT_OK_AND_ASSIGN(auto size, store_->Stat("a/b/c.sst"));
  EXPECT_EQ(size, std::optional<uint64_t>(11));
  ASSERT_OK_AND_ASSIGN(auto missing, store_->Stat("a/b/none"));
  EXPECT_FALSE(missing.has_value());
  ASSERT_OK(store_->Write("a/b/c.sst", "replaced"));
  EXPECT_EQ(*store_->Read("a/b/c.sst"), "replaced");
  ASSERT_OK(store_->Write("empty", ""));
  EXPECT_EQ(*store_->Read("empty"), "");
  EXPECT_EQ(*store_->Stat("empty"), std::optional<uint64_t>(0));
}

TEST_P(CloudObjectStoreTest, KeysWithSpecialCharacters) {
  const std::vector<std::string> keys = {
      "dir one/sub+dir/a=b c.sst", "plus+plus", "eq=ual&amp;?q#frag", "pct%20x%",
      "uni/\xD0\xBA\xD0\xBB\xD1\x8E\xD1\x87/\xE6\x97\xA5\xE6\x9C\xAC.json",  // ключ/日本
      "deep/1/2/3/4/5/leaf", "tilde~_-.x", "quote'\"<tag>"};
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_OK(store_->Write(keys[i], "value " + std::to_string(i)));
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_OK_AND_ASSIGN(std::string value, store_->Read(keys[i]));
    EXPECT_EQ(value, "value " + std::to_string(i)) << keys[i];
    ASSERT_OK_AND_ASSIGN(auto size, store_->Stat(keys[i]));
    EXPECT_TRUE(size.has_value()) << keys[i];
  }
  ASSERT_OK_AND_ASSIGN(auto listed, store_->List(""));
  std::vector<std::string> paths;
  for (const ObjectMeta& meta : listed) paths.push_back(meta.path);
  std::vector<std::string> expected = keys;
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(paths, expected);
  ASSERT_OK_AND_ASSIGN(auto unicode, store_->List("uni/\xD0\xBA"));
  ASSERT_EQ(unicode.size(), 1u);
  EXPECT_EQ(unicode[0].path, keys[4]);
  for (const std::string& key : keys) ASSERT_OK(store_->Delete(key));
  EXPECT_TRUE(store_->List("")->empty());
}

TEST_P(CloudObjectStoreTest, ListPaginatesAndFiltersByPrefix) {
  CloudBackend::StoreConfig config = Config();
  config.list_page_size = 7;
  ASSERT_OK_AND_ASSIGN(auto store, backend().Open(port(), config));
  for (int i = 0; i < 30; ++i) {
    ASSERT_OK(store->Write(fmt::format("list/{:03d}.sst", 29 - i), std::string(i, 'x')));
  }
  ASSERT_OK(store->Write("list2/other", "o"));
  ASSERT_OK(store->Write("lis", "l"));
  ASSERT_OK_AND_ASSIGN(auto listed, store->List("list/"));
  ASSERT_EQ(listed.size(), 30u);
  for (int i = 0; i < 30; ++i) {
    EXPECT_EQ(listed[i].path, fmt::format("list/{:03d}.sst", i));
    EXPECT_EQ(listed[i].size, static_cast<uint64_t>(29 - i));
  }
  ASSERT_OK_AND_ASSIGN(auto all, store->List("lis"));
  EXPECT_EQ(all.size(), 32u);
  EXPECT_EQ(all.front().path, "lis");
  ASSERT_OK_AND_ASSIGN(auto nothing, store->List("nothing/"));
  EXPECT_TRUE(nothing.empty());

  // Paths are relative to the root: a store without root sees the prefix.
  config.root = "";
  ASSERT_OK_AND_ASSIGN(auto unrooted, backend().Open(port(), config));
  ASSERT_OK_AND_ASSIGN(auto raw, unrooted->List(Config().root.substr(1) + "list2/"));
  ASSERT_EQ(raw.size(), 1u);
  EXPECT_EQ(raw[0].path, Config().root.substr(1) + "list2/other");
}

TEST_P(CloudObjectStoreTest, MissingObjectAndRangePastEnd) {
  Result<std::string> missing = store_->Read("no/such/object");
  ASSERT_STATUS_CODE(missing, StatusCode::kStorageUnavailable);
  EXPECT_EQ(missing.status().message(), "object not found: no/such/object");
  Result<std::string> missing_range = store_->ReadRange("no/such/object", 0, 10);
  ASSERT_FALSE(missing_range.ok());
  EXPECT_TRUE(Contains(missing_range.status().message(), "object not found: no/such/object"));

  ASSERT_OK(store_->Write("r", "0123456789"));
  ASSERT_STATUS_CODE(store_->ReadRange("r", 6, 50), StatusCode::kStorageUnavailable);
  ASSERT_STATUS_CODE(store_->ReadRange("r", 10, 1), StatusCode::kStorageUnavailable);
  ASSERT_STATUS_CODE(store_->ReadRange("r", 100, 1), StatusCode::kStorageUnavailable);
  ASSERT_STATUS_CODE(store_->ReadRange("r", 11, 0), StatusCode::kStorageUnavailable);
  EXPECT_EQ(*store_->ReadRange("r", 9, 1), "9");
}

TEST_P(CloudObjectStoreTest, WriteIfAbsentClaimsOnce) {
  ASSERT_OK(store_->WriteIfAbsent("m/00001.json", "v1"));
  Status second = store_->WriteIfAbsent("m/00001.json", "v2");
  ASSERT_STATUS_CODE(second, StatusCode::kIllegalState);
  EXPECT_EQ(second.message(), "object already exists: m/00001.json");
  EXPECT_EQ(*store_->Read("m/00001.json"), "v1");
}

TEST_P(CloudObjectStoreTest, DeleteAndDeleteAll) {
  ASSERT_OK(store_->Delete("never/existed"));
  ASSERT_OK(store_->Write("r/manifest/1.json", "a"));
  ASSERT_OK(store_->Write("r/manifest/2.json", "b"));
  ASSERT_OK(store_->Write("r/x.sst", "ccc"));
  ASSERT_OK(store_->Write("rr/y.sst", "d"));
  ASSERT_OK(store_->Delete("r/x.sst"));
  ASSERT_OK(store_->Delete("r/x.sst"));
  EXPECT_FALSE(store_->Stat("r/x.sst")->has_value());
  ASSERT_OK(store_->DeleteAll("r/"));
  EXPECT_TRUE(store_->List("r/")->empty());
  EXPECT_EQ(store_->List("rr/")->size(), 1u);
  ASSERT_OK(store_->DeleteAll("nothing/"));
  ASSERT_OK(store_->DeleteAll(""));
  EXPECT_TRUE(store_->List("")->empty());
}

TEST_P(CloudObjectStoreTest, LargeWriteUsesPartsAndReadsBackExactly) {
  CloudBackend::StoreConfig config = Config();
  config.multipart_threshold = 6 << 20;
  config.part_size = 5 << 20;
  ASSERT_OK_AND_ASSIGN(auto store, backend().Open(port(), config));
  const std::string data = RandomBytes((20 << 20) + 12345, 42);  // 4 full parts and a tail
  ASSERT_OK(store->Write("big/object", data));
  ASSERT_OK_AND_ASSIGN(auto size, store->Stat("big/object"));
  EXPECT_EQ(size, std::optional<uint64_t>(data.size()));
  ASSERT_OK_AND_ASSIGN(std::string back, store->Read("big/object"));
  EXPECT_TRUE(back == data) << "read back " << back.size() << " bytes";
  ASSERT_OK_AND_ASSIGN(std::string slice, store->ReadRange("big/object", (5 << 20) - 10, 20));
  EXPECT_EQ(slice, data.substr((5 << 20) - 10, 20));

  ASSERT_OK(store->WriteIfAbsent("big/claimed", data));
  ASSERT_STATUS_CODE(store->WriteIfAbsent("big/claimed", data), StatusCode::kIllegalState);
  EXPECT_EQ(*store->Stat("big/claimed"), std::optional<uint64_t>(data.size()));
}

TEST_P(CloudObjectStoreTest, ConcurrentCallsShareTheConnectionPool) {
  std::vector<std::thread> threads;
  std::vector<Status> results(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10 && results[t].ok(); ++i) {
        const std::string path = fmt::format("c/{}/{}", t, i);
        const std::string value = RandomBytes(1000 + t * 100 + i, t * 100 + i);
        results[t] = store_->Write(path, value);
        if (!results[t].ok()) break;
        Result<std::string> back = store_->Read(path);
        if (!back.ok()) {
          results[t] = back.status();
        } else if (*back != value) {
          results[t] = Status::Internal("{} read back different bytes", path);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const Status& st : results) EXPECT_OK(st);
  ASSERT_OK_AND_ASSIGN(auto listed, store_->List("c/"));
  EXPECT_EQ(listed.size(), 80u);
}

TEST_P(CloudObjectStoreTest, WrongCredentialsReport403) {
  CloudBackend::StoreConfig config = Config();
  config.wrong_credentials = true;
  ASSERT_OK_AND_ASSIGN(auto store, backend().Open(port(), config));
  Status write = store->Write("x", "y");
  ASSERT_STATUS_CODE(write, StatusCode::kStorageUnavailable);
  EXPECT_TRUE(Contains(write.message(), "403")) << write.message();
  Result<std::string> read = store->Read("x");
  ASSERT_FALSE(read.ok());
  EXPECT_TRUE(Contains(read.status().message(), "403")) << read.status().message();
  EXPECT_FALSE(Contains(read.status().message(), "object not found"));
}

TEST_P(CloudObjectStoreTest, DeadServerFailsAfterRetriesWithoutHanging) {
  std::unique_ptr<TestServer> server = StartPrivateServer();
  ASSERT_NE(server, nullptr);
  CloudBackend::StoreConfig config = Config();
  config.http.max_retries = 2;
  config.http.base_backoff_ms = 10;
  config.http.max_backoff_ms = 50;
  config.http.connect_timeout_ms = 1000;
  config.http.timeout_ms = 3000;
  ASSERT_OK_AND_ASSIGN(auto store, backend().Open(server->port(), config));
  ASSERT_OK(store->Write("k", "v"));  // leaves a pooled keep-alive connection
  server->Stop();
  const auto start = Clock::now();
  Result<std::string> read = store->Read("k");
  ASSERT_STATUS_CODE(read, StatusCode::kStorageUnavailable);
  EXPECT_TRUE(Contains(read.status().message(), "after 3 attempts")) << read.status().message();
  EXPECT_TRUE(Contains(read.status().message(), " GET ")) << read.status().message();
  Status write = store->Write("k2", "v");
  ASSERT_STATUS_CODE(write, StatusCode::kStorageUnavailable);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(15));
}

TEST_P(CloudObjectStoreTest, UnresponsiveServerTimesOut) {
  // A socket that listens but never answers: connections complete in the backlog.
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::listen(fd, 16), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  CloudBackend::StoreConfig config = Config();
  config.http.max_retries = 1;
  config.http.timeout_ms = 300;
  config.http.base_backoff_ms = 10;
  ASSERT_OK_AND_ASSIGN(auto store, backend().Open(ntohs(addr.sin_port), config));
  const auto start = Clock::now();
  Result<std::optional<uint64_t>> stat = store->Stat("k");
  const auto elapsed = Clock::now() - start;
  ::close(fd);
  ASSERT_STATUS_CODE(stat, StatusCode::kStorageUnavailable);
  EXPECT_TRUE(Contains(stat.status().message(), "timed out")) << stat.status().message();
  EXPECT_TRUE(Contains(stat.status().message(), "after 2 attempts")) << stat.status().message();
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST_P(CloudObjectStoreTest, RetriesRideOutAServerRestart) {
  std::unique_ptr<TestServer> server = StartPrivateServer();
  ASSERT_NE(server, nullptr);
  CloudBackend::StoreConfig config = Config();
  config.http.max_retries = 12;
  config.http.base_backoff_ms = 100;
  config.http.max_backoff_ms = 1500;
  config.http.connect_timeout_ms = 1000;
  ASSERT_OK_AND_ASSIGN(auto store, backend().Open(server->port(), config));
  ASSERT_OK(store->Write("before", "1"));
  server->Stop();
  // The write runs on a thread while this one restarts the server (the server must be started
  // by the main thread, see TestServer::Start).
  Status write;
  std::thread writer([&] { write = store->Write("during", "2"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Status restarted = server->Restart();
  writer.join();
  ASSERT_OK(restarted);
  ASSERT_OK(write);
  EXPECT_EQ(*store->Read("during"), "2");
  EXPECT_EQ(*store->Read("before"), "1");
}

}  // namespace
}  // namespace greptime::storage::testing
