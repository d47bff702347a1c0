// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// What only the etcd backend has: leases, the election primitive, key prefixes, Txn translation
// checked against the memory backend, limits, and behaviour while etcd is unreachable. The
// KvBackend contract itself is tested by kv_backend_test.cc.
#include "meta/etcd_kv_backend.h"

#include <gmock/gmock.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "common/testing.h"
#include "meta/etcd_test_server.h"

namespace greptime::meta {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

class EtcdKvBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    server_ = SharedEtcdTestServer(&why);
    if (server_ == nullptr) GTEST_SKIP() << "no etcd: " << why;
    prefix_ = UniqueEtcdTestPrefix(::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_OK_AND_ASSIGN(kv_, NewEtcdKvBackend(server_->Options(prefix_)));
  }

  std::unique_ptr<EtcdKvBackend> Connect(const std::string& prefix) {
    auto kv = NewEtcdKvBackend(server_->Options(prefix));
    EXPECT_OK(kv.status());
    return kv.ok() ? std::move(kv).value() : nullptr;
  }

  EtcdTestServer* server_ = nullptr;
  std::string prefix_;
  std::unique_ptr<EtcdKvBackend> kv_;
};

// Polls `done` every 50 ms until it holds or `timeout` passes.
template <typename Fn>
bool Eventually(Fn&& done, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

TEST_F(EtcdKvBackendTest, NameIsEtcd) { EXPECT_EQ(kv_->name(), "etcd"); }

TEST_F(EtcdKvBackendTest, RevokingALeaseDeletesItsKeys) {
  ASSERT_OK_AND_ASSIGN(int64_t lease, kv_->GrantLease(30s));
  ASSERT_OK(kv_->PutWithLease("leased", "v", lease));
  ASSERT_OK(kv_->Put("plain", "v"));
  ASSERT_OK_AND_ASSIGN(auto ttl, kv_->TimeToLive(lease));
  EXPECT_GT(ttl.count(), 0);
  EXPECT_LE(ttl.count(), 30);
  ASSERT_OK_AND_ASSIGN(auto got, kv_->Get("leased"));
  EXPECT_EQ(got.value_or("?"), "v");

  ASSERT_OK(kv_->RevokeLease(lease));
  ASSERT_OK_AND_ASSIGN(got, kv_->Get("leased"));
  EXPECT_FALSE(got.has_value());
  ASSERT_OK_AND_ASSIGN(got, kv_->Get("plain"));
  EXPECT_TRUE(got.has_value());

  // The lease is gone for every lease call.
  auto renewed = kv_->KeepAliveOnce(lease);
  ASSERT_STATUS_CODE(renewed, StatusCode::kIllegalState);
  EXPECT_THAT(renewed.status().message(), HasSubstr("lease " + std::to_string(lease) + " expired"));
  ASSERT_STATUS_CODE(kv_->TimeToLive(lease), StatusCode::kIllegalState);
  ASSERT_STATUS_CODE(kv_->RevokeLease(lease), StatusCode::kIllegalState);
  ASSERT_STATUS_CODE(kv_->PutWithLease("again", "v", lease), StatusCode::kIllegalState);
  std::string holder;
  ASSERT_STATUS_CODE(kv_->CreateIfAbsentWithLease("again", "v", lease, &holder),
                     StatusCode::kIllegalState);
}

TEST_F(EtcdKvBackendTest, KeepAliveOnceRenewsToTheFullTtl) {
  ASSERT_OK_AND_ASSIGN(int64_t lease, kv_->GrantLease(3s));
  ASSERT_OK(kv_->PutWithLease("leased", "v", lease));
  // Renewing twice a second keeps the key past the original 3 s.
  const auto until = Clock::now() + 4s;
  while (Clock::now() < until) {
    std::this_thread::sleep_for(500ms);
    ASSERT_OK_AND_ASSIGN(auto ttl, kv_->KeepAliveOnce(lease));
    EXPECT_EQ(ttl, 3s);
  }
  ASSERT_OK_AND_ASSIGN(auto got, kv_->Get("leased"));
  EXPECT_TRUE(got.has_value());
  std::this_thread::sleep_for(1200ms);
  ASSERT_OK_AND_ASSIGN(auto left, kv_->TimeToLive(lease));
  EXPECT_LT(left.count(), 3);
  ASSERT_OK_AND_ASSIGN(auto renewed, kv_->KeepAliveOnce(lease));
  EXPECT_EQ(renewed, 3s);
  ASSERT_OK_AND_ASSIGN(left, kv_->TimeToLive(lease));
  EXPECT_GE(left.count(), 2);
  ASSERT_OK(kv_->RevokeLease(lease));
}

TEST_F(EtcdKvBackendTest, ExpiredLeaseDeletesItsKeysAndRefusesRenewal) {
  ASSERT_OK_AND_ASSIGN(int64_t lease, kv_->GrantLease(1s));  // etcd raises it to its minimum
  ASSERT_OK(kv_->PutWithLease("leased", "v", lease));
  EXPECT_TRUE(Eventually(
      [&] {
        auto got = kv_->Get("leased");
        return got.ok() && !got->has_value();
      },
      15s));
  ASSERT_STATUS_CODE(kv_->KeepAliveOnce(lease), StatusCode::kIllegalState);
}

TEST_F(EtcdKvBackendTest, CreateIfAbsentWithLeaseElectsOneHolderAtATime) {
  std::unique_ptr<EtcdKvBackend> a = Connect(prefix_);
  std::unique_ptr<EtcdKvBackend> b = Connect(prefix_);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_OK_AND_ASSIGN(int64_t lease_a, a->GrantLease(30s));
  ASSERT_OK_AND_ASSIGN(int64_t lease_b, b->GrantLease(30s));

  std::string holder;
  ASSERT_OK_AND_ASSIGN(bool a_won,
                       a->CreateIfAbsentWithLease("leader", "metasrv-a", lease_a, &holder));
  EXPECT_TRUE(a_won);
  ASSERT_OK_AND_ASSIGN(bool b_won,
                       b->CreateIfAbsentWithLease("leader", "metasrv-b", lease_b, &holder));
  EXPECT_FALSE(b_won);
  EXPECT_EQ(holder, "metasrv-a");
  // Winning again is refused too: the key exists.
  ASSERT_OK_AND_ASSIGN(a_won, a->CreateIfAbsentWithLease("leader", "metasrv-a", lease_a, nullptr));
  EXPECT_FALSE(a_won);

  // The leader steps down (or its lease expires): the other candidate takes over.
  ASSERT_OK(a->RevokeLease(lease_a));
  ASSERT_OK_AND_ASSIGN(b_won, b->CreateIfAbsentWithLease("leader", "metasrv-b", lease_b, &holder));
  EXPECT_TRUE(b_won);
  ASSERT_OK_AND_ASSIGN(int64_t lease_a2, a->GrantLease(30s));
  ASSERT_OK_AND_ASSIGN(a_won, a->CreateIfAbsentWithLease("leader", "metasrv-a", lease_a2, &holder));
  EXPECT_FALSE(a_won);
  EXPECT_EQ(holder, "metasrv-b");
  ASSERT_OK(b->RevokeLease(lease_b));
  ASSERT_OK(a->RevokeLease(lease_a2));
}

TEST_F(EtcdKvBackendTest, ConcurrentCandidatesElectExactlyOne) {
  constexpr int kCandidates = 6;
  std::vector<std::unique_ptr<EtcdKvBackend>> kvs;
  std::vector<int64_t> leases;
  for (int i = 0; i < kCandidates; ++i) {
    kvs.push_back(Connect(prefix_));
    ASSERT_NE(kvs.back(), nullptr);
    ASSERT_OK_AND_ASSIGN(int64_t lease, kvs.back()->GrantLease(30s));
    leases.push_back(lease);
  }
  std::vector<int> won(kCandidates, -1);
  std::vector<std::string> holders(kCandidates);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCandidates; ++i) {
    threads.emplace_back([&, i] {
      auto r = kvs[i]->CreateIfAbsentWithLease("leader", "c" + std::to_string(i), leases[i],
                                               &holders[i]);
      won[i] = r.ok() ? static_cast<int>(*r) : -1;
    });
  }
  for (auto& thread : threads) thread.join();
  int winners = 0;
  std::string winner;
  for (int i = 0; i < kCandidates; ++i) {
    ASSERT_NE(won[i], -1) << "candidate " << i << " failed";
    if (won[i] == 1) {
      ++winners;
      winner = "c" + std::to_string(i);
    }
  }
  ASSERT_EQ(winners, 1);
  for (int i = 0; i < kCandidates; ++i) {
    if (won[i] == 0) {
      EXPECT_EQ(holders[i], winner);
    }
  }
  for (int i = 0; i < kCandidates; ++i) ASSERT_OK(kvs[i]->RevokeLease(leases[i]));
}

TEST_F(EtcdKvBackendTest, KeyPrefixIsolatesBackends) {
  std::unique_ptr<EtcdKvBackend> other = Connect(prefix_ + "other/");
  std::unique_ptr<EtcdKvBackend> root = Connect("");
  ASSERT_NE(other, nullptr);
  ASSERT_NE(root, nullptr);
  ASSERT_OK(kv_->Put("a", "mine"));
  ASSERT_OK(kv_->Put("b", "mine"));
  ASSERT_OK(other->Put("a", "theirs"));

  ASSERT_OK_AND_ASSIGN(auto got, kv_->Get("a"));
  EXPECT_EQ(got.value_or("?"), "mine");
  ASSERT_OK_AND_ASSIGN(got, other->Get("a"));
  EXPECT_EQ(got.value_or("?"), "theirs");
  ASSERT_OK_AND_ASSIGN(auto theirs, other->Range(RangeRequest::Prefix("")));
  EXPECT_THAT(theirs.kvs, ElementsAre(KeyValue{"a", "theirs"}));
  // The unprefixed backend sees the full keys.
  ASSERT_OK_AND_ASSIGN(auto raw, root->Range(RangeRequest::Prefix(prefix_)));
  EXPECT_THAT(raw.kvs, ElementsAre(KeyValue{prefix_ + "a", "mine"}, KeyValue{prefix_ + "b", "mine"},
                                   KeyValue{prefix_ + "other/a", "theirs"}));

  // "Everything" ends at the end of the prefix: other's keys sort after prefix_ + "b" but stay.
  ASSERT_OK_AND_ASSIGN(uint64_t deleted, other->DeleteRange(RangeRequest::Between("", "")));
  EXPECT_EQ(deleted, 1u);
  ASSERT_OK_AND_ASSIGN(auto mine, kv_->Range(RangeRequest::Prefix("")));
  EXPECT_THAT(mine.kvs, ElementsAre(KeyValue{"a", "mine"}, KeyValue{"b", "mine"}));
  ASSERT_OK_AND_ASSIGN(deleted, kv_->DeletePrefix(""));
  EXPECT_EQ(deleted, 2u);
}

TEST_F(EtcdKvBackendTest, EmptyPrefixCoversAllKeysFromTheSmallest) {
  // With no prefix, the empty start maps to "\0": a key "\0..." is still in range.
  std::unique_ptr<EtcdKvBackend> root = Connect("");
  ASSERT_NE(root, nullptr);
  const std::string nul_key = std::string(1, '\0') + prefix_;
  ASSERT_OK(root->Put(nul_key, "v"));
  ASSERT_OK_AND_ASSIGN(auto range, root->Range(RangeRequest::Between("", std::string("\x01"))));
  EXPECT_THAT(range.kvs, ElementsAre(KeyValue{nul_key, "v"}));
  ASSERT_OK_AND_ASSIGN(bool existed, root->Delete(nul_key));
  EXPECT_TRUE(existed);
  ASSERT_STATUS_CODE(root->Put("", "v"), StatusCode::kInvalidArguments);
}

TEST_F(EtcdKvBackendTest, BatchGetBeyondMaxTxnOpsKeepsOrder) {
  std::vector<std::string> keys;
  for (int i = 0; i < 300; ++i) {
    std::string key = "k" + std::to_string((i * 7919) % 300);
    if (i % 3 != 0) ASSERT_OK(kv_->Put(key, "v" + key));
    keys.push_back(key);
  }
  ASSERT_OK_AND_ASSIGN(auto kvs, kv_->BatchGet(keys));
  std::vector<KeyValue> expected;
  for (int i = 0; i < 300; ++i) {
    if (i % 3 != 0) expected.push_back(KeyValue{keys[i], "v" + keys[i]});
  }
  EXPECT_EQ(kvs, expected);
}

TEST_F(EtcdKvBackendTest, BatchPutOverMaxTxnOpsFailsAndWritesNothing) {
  std::vector<KeyValue> kvs;
  for (int i = 0; i < 129; ++i) kvs.push_back(KeyValue{"k" + std::to_string(i), "v"});
  ASSERT_STATUS_CODE(kv_->BatchPut(kvs), StatusCode::kInvalidArguments);
  ASSERT_OK_AND_ASSIGN(auto range, kv_->Range(RangeRequest::Prefix("")));
  EXPECT_TRUE(range.kvs.empty());
  // Repeated keys count once.
  kvs.back().key = "k0";
  ASSERT_OK(kv_->BatchPut(kvs));
  ASSERT_OK_AND_ASSIGN(range, kv_->Range(RangeRequest::Prefix("")));
  EXPECT_EQ(range.kvs.size(), 128u);
}

TEST_F(EtcdKvBackendTest, TxnMayWriteAndReadOneKeySeveralTimes) {
  ASSERT_OK(kv_->Put("b", "old"));
  TxnRequest txn;
  txn.success = {TxnOp::Put("a", "1"), TxnOp::Get("a"),    TxnOp::Put("a", "2"),
                 TxnOp::Delete("a"),   TxnOp::Get("a"),    TxnOp::Delete("b"),
                 TxnOp::Put("b", "3"), TxnOp::Delete("b"), TxnOp::Put("b", "4")};
  ASSERT_OK_AND_ASSIGN(TxnResponse response, kv_->Txn(txn));
  EXPECT_TRUE(response.succeeded);
  std::vector<std::optional<std::string>> expected = {
      std::nullopt, "1", std::nullopt, "2", std::nullopt, "old", std::nullopt, "3", std::nullopt};
  EXPECT_EQ(response.responses, expected);
  ASSERT_OK_AND_ASSIGN(auto all, kv_->Range(RangeRequest::Prefix("")));
  EXPECT_THAT(all.kvs, ElementsAre(KeyValue{"b", "4"}));
}

// Random compares and ops over a few keys: etcd (nested Txns for negated compares, rewritten
// branches) must answer exactly like the memory backend.
TEST_F(EtcdKvBackendTest, TxnAgreesWithMemoryBackend) {
  std::unique_ptr<KvBackend> model = NewMemoryKvBackend();
  std::mt19937 rng(7);
  const std::vector<std::string> keys = {"a", "b", "c"};
  const std::vector<std::string> values = {"", "1", "2", "3"};
  auto key = [&] { return keys[rng() % keys.size()]; };
  auto value = [&] { return values[rng() % values.size()]; };
  auto ops = [&] {
    std::vector<TxnOp> out(rng() % 5);
    for (TxnOp& op : out) {
      switch (rng() % 3) {
        case 0:
          op = TxnOp::Put(key(), value());
          break;
        case 1:
          op = TxnOp::Get(key());
          break;
        default:
          op = TxnOp::Delete(key());
          break;
      }
    }
    return out;
  };
  int succeeded = 0;
  for (int step = 0; step < 150; ++step) {
    TxnRequest txn;
    txn.compare.resize(rng() % 4);
    for (TxnCompare& c : txn.compare) {
      c.key = key();
      c.op = static_cast<CompareOp>(rng() % 4);
      if (rng() % 3 != 0) c.target = value();
    }
    txn.success = ops();
    txn.failure = ops();
    ASSERT_OK_AND_ASSIGN(TxnResponse want, model->Txn(txn));
    ASSERT_OK_AND_ASSIGN(TxnResponse got, kv_->Txn(txn));
    ASSERT_EQ(got.succeeded, want.succeeded) << "step " << step;
    ASSERT_EQ(got.responses, want.responses) << "step " << step;
    succeeded += want.succeeded ? 1 : 0;
    ASSERT_OK_AND_ASSIGN(auto want_all, model->Range(RangeRequest::Prefix("")));
    ASSERT_OK_AND_ASSIGN(auto got_all, kv_->Range(RangeRequest::Prefix("")));
    ASSERT_EQ(got_all.kvs, want_all.kvs) << "step " << step;
  }
  // Both outcomes were exercised.
  EXPECT_GT(succeeded, 20);
  EXPECT_LT(succeeded, 130);
}

TEST(EtcdKvBackendOptionsTest, RejectsBadEndpoints) {
  EtcdOptions options;
  ASSERT_STATUS_CODE(NewEtcdKvBackend(options), StatusCode::kInvalidArguments);
  options.endpoints = {"https://127.0.0.1:2379"};
  ASSERT_STATUS_CODE(NewEtcdKvBackend(options), StatusCode::kUnsupported);
  options.endpoints = {"127.0.0.1"};
  ASSERT_STATUS_CODE(NewEtcdKvBackend(options), StatusCode::kInvalidArguments);
  options.endpoints = {"etcd-a:2379", "etcd-b:2379"};
  ASSERT_STATUS_CODE(NewEtcdKvBackend(options), StatusCode::kInvalidArguments);
}

TEST(EtcdKvBackendUnreachableTest, RefusedEndpointFailsAtOnceNamingIt) {
  const std::string endpoint = "127.0.0.1:" + std::to_string(FreeLoopbackPort());
  EtcdOptions options;
  options.endpoints = {"http://" + endpoint};
  options.timeout = 2000ms;
  const auto start = Clock::now();
  auto kv = NewEtcdKvBackend(options);
  const auto elapsed = Clock::now() - start;
  ASSERT_STATUS_CODE(kv, StatusCode::kStorageUnavailable);
  EXPECT_THAT(kv.status().message(), HasSubstr("etcd http://" + endpoint + ": Range: "));
  EXPECT_LT(elapsed, 2500ms);
}

// A socket that accepts TCP connections but never speaks HTTP/2: only the deadline ends the call.
TEST(EtcdKvBackendUnreachableTest, SilentEndpointFailsAtTheDeadline) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::listen(fd, 16), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::string endpoint = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  EtcdOptions options;
  options.endpoints = {endpoint};
  options.timeout = 700ms;
  const auto start = Clock::now();
  auto kv = NewEtcdKvBackend(options);
  const auto elapsed = Clock::now() - start;
  ::close(fd);
  ASSERT_STATUS_CODE(kv, StatusCode::kStorageUnavailable);
  EXPECT_THAT(kv.status().message(), HasSubstr("etcd " + endpoint + ": Range: "));
  EXPECT_THAT(kv.status().message(), HasSubstr("DEADLINE_EXCEEDED"));
  EXPECT_GE(elapsed, 600ms);
  EXPECT_LT(elapsed, 3s);
}

// Its own etcd, killed and restarted on the same data directory and ports.
TEST(EtcdKvBackendRestartTest, FailsClearlyWhileEtcdIsDownAndRecoversAfter) {
  if (!EtcdTestServer::Available()) GTEST_SKIP() << kEtcdBinary << " is missing";
  ASSERT_OK_AND_ASSIGN(auto server, EtcdTestServer::Start());
  EtcdOptions options = server->Options("/restart/");
  options.timeout = 2000ms;
  ASSERT_OK_AND_ASSIGN(auto kv, NewEtcdKvBackend(options));
  ASSERT_OK(kv->Put("a", "1"));
  ASSERT_OK_AND_ASSIGN(int64_t lease, kv->GrantLease(60s));

  server->Kill();
  for (int i = 0; i < 3; ++i) {
    const auto start = Clock::now();
    Status put = kv->Put("b", "2");
    EXPECT_LT(Clock::now() - start, 2500ms);
    ASSERT_EQ(put.code(), StatusCode::kStorageUnavailable) << put.ToString();
    EXPECT_THAT(put.message(), HasSubstr("etcd " + server->endpoint() + ": Put: "));
  }
  auto get = kv->Get("a");
  ASSERT_STATUS_CODE(get, StatusCode::kStorageUnavailable);
  EXPECT_THAT(get.status().message(), HasSubstr(": Range: "));
  ASSERT_STATUS_CODE(kv->KeepAliveOnce(lease), StatusCode::kStorageUnavailable);
  ASSERT_STATUS_CODE(kv->Txn(TxnRequest{}), StatusCode::kStorageUnavailable);

  ASSERT_OK(server->Restart());
  EXPECT_TRUE(Eventually([&] { return kv->Get("a").ok(); }, 10s));
  ASSERT_OK_AND_ASSIGN(auto got, kv->Get("a"));
  EXPECT_EQ(got.value_or("?"), "1");
  ASSERT_OK(kv->Put("b", "2"));
  // Leases survive a restart (etcd persists them and restarts their TTL).
  ASSERT_OK_AND_ASSIGN(auto ttl, kv->KeepAliveOnce(lease));
  EXPECT_EQ(ttl, 60s);
}

}  // namespace
}  // namespace greptime::meta
