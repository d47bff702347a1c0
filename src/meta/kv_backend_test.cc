// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// One KvBackend suite run against the memory, SQLite and etcd backends, plus durability (reopen,
// kill -9 of the writer or of etcd) and a randomized model test against std::map. The etcd runs
// share one etcd per test binary, each test under its own key prefix.
#include "meta/kv_backend.h"

#include <gmock/gmock.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "common/testing.h"
#include "meta/etcd_kv_backend.h"
#include "meta/etcd_test_server.h"
#include "meta/test_util.h"

namespace greptime::meta {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Keys(const RangeResponse& response) {
  std::vector<std::string> keys;
  for (const KeyValue& kv : response.kvs) keys.push_back(kv.key);
  return keys;
}

class KvBackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(Open()); }

  bool is_sqlite() const { return GetParam() == "sqlite"; }
  bool is_etcd() const { return GetParam() == "etcd"; }

  void Open() {
    if (is_sqlite()) {
      ASSERT_OK_AND_ASSIGN(kv_, NewSqliteKvBackend(path()));
    } else if (is_etcd()) {
      std::string why;
      etcd_ = SharedEtcdTestServer(&why);
      if (etcd_ == nullptr) GTEST_SKIP() << "no etcd: " << why;
      if (etcd_prefix_.empty()) {
        etcd_prefix_ =
            UniqueEtcdTestPrefix(::testing::UnitTest::GetInstance()->current_test_info()->name());
      }
      ASSERT_OK_AND_ASSIGN(kv_, NewEtcdKvBackend(etcd_->Options(etcd_prefix_)));
    } else {
      kv_ = NewMemoryKvBackend();
    }
  }

  // Closes and reopens the SQLite file, or connects anew to the same etcd and key prefix (the
  // memory backend keeps its map).
  void Reopen() {
    if (!is_sqlite() && !is_etcd()) return;
    kv_.reset();
    ASSERT_NO_FATAL_FAILURE(Open());
  }

  std::string path() const { return dir_.path() + "/metadata/kv.sqlite3"; }

  TempDir dir_;
  EtcdTestServer* etcd_ = nullptr;  // the shared server, for "etcd"
  std::string etcd_prefix_;         // this test's keys on it
  std::unique_ptr<KvBackend> kv_;
};

TEST_P(KvBackendTest, GetOfMissingKeyIsNullopt) {
  ASSERT_OK_AND_ASSIGN(auto value, kv_->Get("nope"));
  EXPECT_FALSE(value.has_value());
}

TEST_P(KvBackendTest, PutThenGetRoundTripsArbitraryBytes) {
  const std::string key("k\0\xff", 3);
  const std::string value("\0v\x80", 3);
  ASSERT_OK(kv_->Put(key, value));
  ASSERT_OK(kv_->Put("empty", ""));
  ASSERT_OK_AND_ASSIGN(auto got, kv_->Get(key));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, value);
  ASSERT_OK_AND_ASSIGN(auto empty, kv_->Get("empty"));
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(*empty, "");
}

TEST_P(KvBackendTest, PutOverwrites) {
  ASSERT_OK(kv_->Put("a", "1"));
  ASSERT_OK(kv_->Put("a", "2"));
  ASSERT_OK_AND_ASSIGN(auto got, kv_->Get("a"));
  EXPECT_EQ(got.value_or("?"), "2");
}

TEST_P(KvBackendTest, BatchGetSkipsMissingKeysAndKeepsRequestOrder) {
  ASSERT_OK(kv_->Put("a", "1"));
  ASSERT_OK(kv_->Put("c", "3"));
  std::vector<std::string> keys = {"c", "b", "a"};
  ASSERT_OK_AND_ASSIGN(auto kvs, kv_->BatchGet(keys));
  EXPECT_THAT(kvs, ElementsAre(KeyValue{"c", "3"}, KeyValue{"a", "1"}));
}

TEST_P(KvBackendTest, BatchPutWritesEveryPair) {
  std::vector<KeyValue> kvs = {{"x", "1"}, {"y", "2"}, {"x", "3"}};
  ASSERT_OK(kv_->BatchPut(kvs));
  ASSERT_OK_AND_ASSIGN(auto range, kv_->Range(RangeRequest::Prefix("")));
  EXPECT_THAT(range.kvs, ElementsAre(KeyValue{"x", "3"}, KeyValue{"y", "2"}));
}

TEST_P(KvBackendTest, RangeByPrefixReturnsOnlyThatPrefixSorted) {
  for (const char* key : {"b", "a/2", "a0", "a/1", "a/", "a", "a/1/x"}) {
    ASSERT_OK(kv_->Put(key, "v"));
  }
  ASSERT_OK_AND_ASSIGN(auto range, kv_->Range(RangeRequest::Prefix("a/")));
  EXPECT_THAT(Keys(range), ElementsAre("a/", "a/1", "a/1/x", "a/2"));
  EXPECT_FALSE(range.more);
}

TEST_P(KvBackendTest, RangeOrdersBytesAsUnsigned) {
  for (std::string key : {std::string("\xff"), std::string("\x80"), std::string("\x7f"),
                          std::string("a\0", 2), std::string("ab"), std::string("a")}) {
    ASSERT_OK(kv_->Put(key, "v"));
  }
  ASSERT_OK_AND_ASSIGN(auto range, kv_->Range(RangeRequest::Prefix("")));
  EXPECT_THAT(Keys(range),
              ElementsAre(std::string("a"), std::string("a\0", 2), std::string("ab"),
                          std::string("\x7f"), std::string("\x80"), std::string("\xff")));
  ASSERT_OK_AND_ASSIGN(auto high, kv_->Range(RangeRequest::Prefix("\xff")));
  EXPECT_THAT(Keys(high), ElementsAre(std::string("\xff")));
}

TEST_P(KvBackendTest, RangeBetweenHonoursBoundsAndLimit) {
  for (const char* key : {"k1", "k2", "k3", "k4", "k5"}) ASSERT_OK(kv_->Put(key, key));
  ASSERT_OK_AND_ASSIGN(auto all, kv_->Range(RangeRequest::Between("k2", "k5")));
  EXPECT_THAT(Keys(all), ElementsAre("k2", "k3", "k4"));
  EXPECT_FALSE(all.more);
  ASSERT_OK_AND_ASSIGN(auto limited, kv_->Range(RangeRequest::Between("k2", "k5", 2)));
  EXPECT_THAT(Keys(limited), ElementsAre("k2", "k3"));
  EXPECT_TRUE(limited.more);
  ASSERT_OK_AND_ASSIGN(auto exact, kv_->Range(RangeRequest::Between("k2", "k5", 3)));
  EXPECT_EQ(exact.kvs.size(), 3u);
  EXPECT_FALSE(exact.more);
  ASSERT_OK_AND_ASSIGN(auto open_end, kv_->Range(RangeRequest::Between("k4", "")));
  EXPECT_THAT(Keys(open_end), ElementsAre("k4", "k5"));
  ASSERT_OK_AND_ASSIGN(auto inverted, kv_->Range(RangeRequest::Between("k4", "k2")));
  EXPECT_TRUE(inverted.kvs.empty());
}

TEST_P(KvBackendTest, DeleteReportsWhetherTheKeyExisted) {
  ASSERT_OK(kv_->Put("a", "1"));
  ASSERT_OK_AND_ASSIGN(bool existed, kv_->Delete("a"));
  EXPECT_TRUE(existed);
  ASSERT_OK_AND_ASSIGN(existed, kv_->Delete("a"));
  EXPECT_FALSE(existed);
  ASSERT_OK_AND_ASSIGN(auto got, kv_->Get("a"));
  EXPECT_FALSE(got.has_value());
}

TEST_P(KvBackendTest, DeletePrefixRemovesOnlyThatPrefix) {
  for (const char* key : {"t/1", "t/2", "t/3", "t0", "u/1"}) ASSERT_OK(kv_->Put(key, "v"));
  ASSERT_OK_AND_ASSIGN(uint64_t n, kv_->DeletePrefix("t/"));
  EXPECT_EQ(n, 3u);
  ASSERT_OK_AND_ASSIGN(auto rest, kv_->Range(RangeRequest::Prefix("")));
  EXPECT_THAT(Keys(rest), ElementsAre("t0", "u/1"));
  ASSERT_OK_AND_ASSIGN(n, kv_->DeleteRange(RangeRequest::Between("a", "u")));
  EXPECT_EQ(n, 1u);
}

TEST_P(KvBackendTest, CompareAndPutOnMissingKeySucceedsOnce) {
  ASSERT_OK_AND_ASSIGN(bool first, kv_->CompareAndPut("k", std::nullopt, "1"));
  EXPECT_TRUE(first);
  ASSERT_OK_AND_ASSIGN(bool second, kv_->CompareAndPut("k", std::nullopt, "2"));
  EXPECT_FALSE(second);
  ASSERT_OK_AND_ASSIGN(auto got, kv_->Get("k"));
  EXPECT_EQ(got.value_or("?"), "1");
}

TEST_P(KvBackendTest, CompareAndPutReplacesOnlyTheExpectedValue) {
  ASSERT_OK(kv_->Put("k", "old"));
  ASSERT_OK_AND_ASSIGN(bool wrong, kv_->CompareAndPut("k", std::string("other"), "x"));
  EXPECT_FALSE(wrong);
  ASSERT_OK_AND_ASSIGN(bool right, kv_->CompareAndPut("k", std::string("old"), "new"));
  EXPECT_TRUE(right);
  ASSERT_OK_AND_ASSIGN(auto got, kv_->Get("k"));
  EXPECT_EQ(got.value_or("?"), "new");
}

TEST_P(KvBackendTest, TxnRunsSuccessOpsWhenEveryCompareHolds) {
  ASSERT_OK(kv_->Put("a", "1"));
  ASSERT_OK(kv_->Put("gone", "x"));
  TxnRequest txn;
  txn.compare = {TxnCompare::Equal("a", "1"),
                 TxnCompare::Absent("b"),
                 TxnCompare::Present("a"),
                 TxnCompare{"a", CompareOp::kGreater, "0"},
                 TxnCompare{"a", CompareOp::kLess, "2"},
                 TxnCompare{"a", CompareOp::kNotEqual, "9"}};
  txn.success = {TxnOp::Put("b", "2"), TxnOp::Get("a"), TxnOp::Delete("gone"),
                 TxnOp::Delete("never")};
  txn.failure = {TxnOp::Put("failed", "1")};
  ASSERT_OK_AND_ASSIGN(TxnResponse response, kv_->Txn(txn));
  EXPECT_TRUE(response.succeeded);
  ASSERT_EQ(response.responses.size(), 4u);
  EXPECT_FALSE(response.responses[0].has_value());
  EXPECT_EQ(response.responses[1].value_or("?"), "1");
  EXPECT_EQ(response.responses[2].value_or("?"), "x");
  EXPECT_FALSE(response.responses[3].has_value());
  ASSERT_OK_AND_ASSIGN(auto all, kv_->Range(RangeRequest::Prefix("")));
  EXPECT_THAT(all.kvs, ElementsAre(KeyValue{"a", "1"}, KeyValue{"b", "2"}));
}

TEST_P(KvBackendTest, TxnRunsFailureOpsWhenAnyCompareFails) {
  ASSERT_OK(kv_->Put("a", "1"));
  TxnRequest txn;
  txn.compare = {TxnCompare::Equal("a", "1"), TxnCompare::Present("missing")};
  txn.success = {TxnOp::Put("b", "2")};
  txn.failure = {TxnOp::Get("a"), TxnOp::Put("c", "3")};
  ASSERT_OK_AND_ASSIGN(TxnResponse response, kv_->Txn(txn));
  EXPECT_FALSE(response.succeeded);
  ASSERT_EQ(response.responses.size(), 2u);
  EXPECT_EQ(response.responses[0].value_or("?"), "1");
  ASSERT_OK_AND_ASSIGN(auto b, kv_->Get("b"));
  EXPECT_FALSE(b.has_value());
  ASSERT_OK_AND_ASSIGN(auto c, kv_->Get("c"));
  EXPECT_EQ(c.value_or("?"), "3");
}

TEST_P(KvBackendTest, AbsentOrdersBeforeEveryValueInCompares) {
  TxnRequest txn;
  txn.compare = {TxnCompare{"missing", CompareOp::kLess, ""}};
  ASSERT_OK_AND_ASSIGN(TxnResponse less, kv_->Txn(txn));
  EXPECT_TRUE(less.succeeded);
  txn.compare = {TxnCompare{"missing", CompareOp::kGreater, std::nullopt}};
  ASSERT_OK_AND_ASSIGN(TxnResponse greater, kv_->Txn(txn));
  EXPECT_FALSE(greater.succeeded);
}

TEST_P(KvBackendTest, ConcurrentCompareAndPutLosesNoIncrement) {
  constexpr int kThreads = 8;
  constexpr int kIncrements = 50;
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        while (true) {
          auto current = kv_->Get("counter");
          if (!current.ok()) {
            ++errors;
            return;
          }
          int n = current->has_value() ? std::stoi(**current) : 0;
          auto swapped = kv_->CompareAndPut("counter", *current, std::to_string(n + 1));
          if (!swapped.ok()) {
            ++errors;
            return;
          }
          if (*swapped) break;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  ASSERT_OK_AND_ASSIGN(auto final_value, kv_->Get("counter"));
  EXPECT_EQ(final_value.value_or("?"), std::to_string(kThreads * kIncrements));
}

TEST_P(KvBackendTest, ReopenKeepsEverythingWritten) {
  if (GetParam() == "memory") GTEST_SKIP() << "memory backend has nothing to reopen";
  ASSERT_OK(kv_->Put("a", "1"));
  std::vector<KeyValue> batch = {{"b", "2"}, {"c", "3"}};
  ASSERT_OK(kv_->BatchPut(batch));
  TxnRequest txn;
  txn.success = {TxnOp::Put("d", "4"), TxnOp::Delete("c")};
  ASSERT_OK(kv_->Txn(txn).status());
  ASSERT_NO_FATAL_FAILURE(Reopen());
  ASSERT_OK_AND_ASSIGN(auto all, kv_->Range(RangeRequest::Prefix("")));
  EXPECT_THAT(all.kvs, ElementsAre(KeyValue{"a", "1"}, KeyValue{"b", "2"}, KeyValue{"d", "4"}));
  if (is_sqlite()) {
    EXPECT_TRUE(std::filesystem::exists(path()));
  }
}

// etcd's variant of the test below: the store itself dies. A writer thread puts keys until a put
// fails; etcd gets SIGKILL mid-stream and restarts on its data directory, where every
// acknowledged key must be.
void EtcdAcknowledgedWritesSurviveKillNine(EtcdTestServer& etcd, KvBackend& kv) {
  std::atomic<uint32_t> acked{0};  // keys [0, acked) were acknowledged
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  std::thread writer([&] {
    for (uint32_t i = 0; !stop; ++i) {
      if (!kv.Put("key" + std::to_string(i), std::string(100, 'v')).ok()) {
        failed = true;
        return;
      }
      acked = i + 1;
    }
  });
  while (acked < 200 && !failed) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!failed) etcd.Kill();
  stop = true;
  writer.join();
  ASSERT_GE(acked.load(), 200u) << "a put failed before etcd was killed";
  ASSERT_OK(etcd.Restart());
  // The backend's channel reconnects within its 1 s backoff.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!kv.Get("key0").ok() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const uint32_t n = acked;
  for (uint32_t i = 0; i < n; ++i) {
    ASSERT_OK_AND_ASSIGN(auto got, kv.Get("key" + std::to_string(i)));
    ASSERT_TRUE(got.has_value()) << "acknowledged key" << i << " of " << n << " lost";
  }
}

// A child process writes keys and reports each acknowledged one through a pipe; the parent kills
// it with SIGKILL mid-stream and then finds every acknowledged key in the reopened file.
TEST_P(KvBackendTest, AcknowledgedWritesSurviveKillNine) {
  if (is_etcd()) {
    // The channel reconnects by itself: the same backend works again after the restart.
    ASSERT_NO_FATAL_FAILURE(EtcdAcknowledgedWritesSurviveKillNine(*etcd_, *kv_));
    return;
  }
  if (!is_sqlite()) GTEST_SKIP() << "memory backend is not durable";
  kv_.reset();  // the child opens its own connection
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    auto kv = NewSqliteKvBackend(path());
    if (!kv.ok()) _exit(2);
    for (uint32_t i = 0;; ++i) {
      if (!(*kv)->Put("key" + std::to_string(i), std::string(100, 'v')).ok()) _exit(3);
      if (write(fds[1], &i, sizeof(i)) != sizeof(i)) _exit(4);
    }
  }
  close(fds[1]);
  uint32_t acked = 0;
  uint32_t n = 0;
  bool any = false;
  while (n < 200 && read(fds[0], &acked, sizeof(acked)) == sizeof(acked)) {
    any = true;
    ++n;
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  // Drain what the child acknowledged before it died.
  while (read(fds[0], &acked, sizeof(acked)) == sizeof(acked)) any = true;
  close(fds[0]);
  int wstatus = 0;
  ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(wstatus)) << "child exited with " << WEXITSTATUS(wstatus);
  ASSERT_TRUE(any);
  ASSERT_NO_FATAL_FAILURE(Open());
  for (uint32_t i = 0; i <= acked; ++i) {
    ASSERT_OK_AND_ASSIGN(auto got, kv_->Get("key" + std::to_string(i)));
    ASSERT_TRUE(got.has_value()) << "acknowledged key" << i << " lost";
  }
}

// Random operations against the backend and a std::map model must agree at every step.
TEST_P(KvBackendTest, AgreesWithStdMapModel) {
  std::map<std::string, std::string> model;
  std::mt19937 rng(42);
  auto random_key = [&] {
    static const char* kParts[] = {"a", "b", "a/", "\xff", "ab", "b/c"};
    return std::string(kParts[rng() % 6]) + std::to_string(rng() % 5);
  };
  for (int step = 0; step < 400; ++step) {
    std::string key = random_key();
    switch (rng() % 5) {
      case 0:
      case 1: {
        std::string value = std::to_string(step);
        ASSERT_OK(kv_->Put(key, value));
        model[key] = value;
        break;
      }
      case 2: {
        ASSERT_OK_AND_ASSIGN(bool existed, kv_->Delete(key));
        EXPECT_EQ(existed, model.erase(key) == 1) << key;
        break;
      }
      case 3: {
        std::string prefix = key.substr(0, 1 + rng() % 2);
        if (rng() % 4 == 0) {
          ASSERT_OK_AND_ASSIGN(uint64_t n, kv_->DeletePrefix(prefix));
          uint64_t expected = 0;
          for (auto it = model.begin(); it != model.end();) {
            if (it->first.compare(0, prefix.size(), prefix) == 0) {
              it = model.erase(it);
              ++expected;
            } else {
              ++it;
            }
          }
          EXPECT_EQ(n, expected);
        }
        break;
      }
      case 4: {
        std::string end = random_key();
        size_t limit = rng() % 4;
        ASSERT_OK_AND_ASSIGN(auto range, kv_->Range(RangeRequest::Between(key, end, limit)));
        std::vector<KeyValue> expected;
        bool more = false;
        if (key < end) {
          for (auto it = model.lower_bound(key); it != model.end() && it->first < end; ++it) {
            if (limit != 0 && expected.size() == limit) {
              more = true;
              break;
            }
            expected.push_back(KeyValue{it->first, it->second});
          }
        }
        EXPECT_EQ(range.kvs, expected) << key << " .. " << end;
        EXPECT_EQ(range.more, more);
        break;
      }
    }
  }
  ASSERT_OK_AND_ASSIGN(auto all, kv_->Range(RangeRequest::Prefix("")));
  std::vector<KeyValue> expected;
  for (const auto& [k, v] : model) expected.push_back(KeyValue{k, v});
  EXPECT_EQ(all.kvs, expected);
}

INSTANTIATE_TEST_SUITE_P(Backends, KvBackendTest, ::testing::Values("memory", "sqlite", "etcd"),
                         [](const auto& info) { return info.param; });

TEST(PrefixEndTest, IncrementsTheLastByteBelowFf) {
  EXPECT_EQ(PrefixEnd("ab"), "ac");
  EXPECT_EQ(PrefixEnd(std::string("a\xff")), "b");
  EXPECT_EQ(PrefixEnd(std::string("\xff\xff")), "");
  EXPECT_EQ(PrefixEnd(""), "");
}

TEST(SqliteKvBackendTest, ReportsUnopenableFile) {
  TempDir dir;
  // A directory where the database file should be.
  std::filesystem::create_directories(dir.path() + "/db");
  auto kv = NewSqliteKvBackend(dir.path() + "/db");
  ASSERT_FALSE(kv.ok());
  EXPECT_EQ(kv.status().code(), StatusCode::kStorageUnavailable);
  EXPECT_NE(kv.status().message().find(dir.path() + "/db"), std::string::npos)
      << kv.status().message();
}

TEST(SqliteKvBackendTest, UsesWalJournalMode) {
  TempDir dir;
  const std::string path = dir.path() + "/kv.sqlite3";
  ASSERT_OK_AND_ASSIGN(auto kv, NewSqliteKvBackend(path));
  ASSERT_OK(kv->Put("a", "1"));
  EXPECT_TRUE(std::filesystem::exists(path + "-wal"));
}

}  // namespace
}  // namespace greptime::meta
