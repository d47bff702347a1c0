// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The metasrv service end to end on loopback: the metadata store through MetaClient behaves
// as the backend behind it; heartbeats register datanodes, which stop being alive when their
// lease lapses; a restarted metasrv knows the registered addresses; a client with several
// metasrv addresses survives the first one being down.
#include <gtest/gtest.h>

#include <thread>

#include "common/testing.h"
#include "metasrv/meta_client.h"
#include "metasrv/meta_server.h"

namespace greptime::metasrv {
namespace {

using meta::KeyValue;
using meta::RangeRequest;
using meta::TxnCompare;
using meta::TxnOp;
using meta::TxnRequest;

class MetaServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kv_ = meta::NewMemoryKvBackend();
    Start("127.0.0.1:0");
  }
  void Start(const std::string& addr, std::chrono::seconds lease = std::chrono::seconds(10)) {
    MetaServerOptions options;
    options.addr = addr;
    options.datanode_lease = lease;
    ASSERT_OK_AND_ASSIGN(server_, MetaServer::Start(options, *kv_));
  }
  std::unique_ptr<MetaClient> Client(std::vector<std::string> addrs = {}) {
    if (addrs.empty()) addrs = {server_->bound_address()};
    return std::make_unique<MetaClient>(MetaClientOptions{addrs, std::chrono::seconds(5)});
  }

  std::unique_ptr<meta::KvBackend> kv_;
  std::unique_ptr<MetaServer> server_;
};

TEST_F(MetaServiceTest, TheStoreThroughTheClientIsTheBackend) {
  auto client = Client();
  meta::KvBackend& kv = client->kv();
  EXPECT_EQ(kv.name(), "metasrv");
  ASSERT_OK(kv.Put("a/1", std::string("one\0x", 5)));
  ASSERT_OK(kv.BatchPut(std::vector<KeyValue>{{"a/2", "two"}, {"a/3", "three"}, {"b/1", "b"}}));
  ASSERT_OK_AND_ASSIGN(auto v, kv.Get("a/1"));
  EXPECT_EQ(v, std::optional<std::string>(std::string("one\0x", 5)));
  ASSERT_OK_AND_ASSIGN(auto missing, kv.Get("nope"));
  EXPECT_FALSE(missing.has_value());
  ASSERT_OK_AND_ASSIGN(auto range, kv.Range(RangeRequest::Prefix("a/", 2)));
  ASSERT_EQ(range.kvs.size(), 2u);
  EXPECT_TRUE(range.more);
  EXPECT_EQ(range.kvs[1].key, "a/2");
  std::vector<std::string> keys = {"a/3", "zz", "a/1"};
  ASSERT_OK_AND_ASSIGN(auto got, kv.BatchGet(keys));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].key, "a/3");
  // Compare-and-put and a transaction with both branches.
  ASSERT_OK_AND_ASSIGN(bool put, kv.CompareAndPut("a/2", std::string("two"), "TWO"));
  EXPECT_TRUE(put);
  ASSERT_OK_AND_ASSIGN(put, kv.CompareAndPut("a/2", std::string("two"), "x"));
  EXPECT_FALSE(put);
  TxnRequest txn;
  txn.compare = {TxnCompare::Absent("c/1")};
  txn.success = {TxnOp::Put("c/1", "new"), TxnOp::Get("a/2")};
  txn.failure = {TxnOp::Get("c/1")};
  ASSERT_OK_AND_ASSIGN(auto r, kv.Txn(txn));
  EXPECT_TRUE(r.succeeded);
  ASSERT_EQ(r.responses.size(), 2u);
  EXPECT_EQ(r.responses[1], std::optional<std::string>("TWO"));
  ASSERT_OK_AND_ASSIGN(r, kv.Txn(txn));
  EXPECT_FALSE(r.succeeded);
  EXPECT_EQ(r.responses[0], std::optional<std::string>("new"));
  ASSERT_OK_AND_ASSIGN(bool existed, kv.Delete("a/1"));
  EXPECT_TRUE(existed);
  ASSERT_OK_AND_ASSIGN(uint64_t deleted, kv.DeletePrefix("a/"));
  EXPECT_EQ(deleted, 2u);
  // Everything went to the backend itself (next to the catalog keys the metasrv creates).
  ASSERT_OK_AND_ASSIGN(auto all, kv_->Range(RangeRequest::Between("a", "d")));
  EXPECT_EQ(all.kvs, (std::vector<KeyValue>{{"b/1", "b"}, {"c/1", "new"}}));
}

TEST_F(MetaServiceTest, HeartbeatsRegisterDatanodesUntilTheirLeaseLapses) {
  server_.reset();
  Start("127.0.0.1:0", std::chrono::seconds(1));
  auto client = Client();
  ASSERT_OK_AND_ASSIGN(auto lease, client->Heartbeat(1, "127.0.0.1:3101", 111, {{42, 10, 0, 0}}));
  EXPECT_EQ(lease, std::chrono::seconds(1));
  ASSERT_OK(client->Heartbeat(2, "127.0.0.1:3102", 222, {}).status());
  ASSERT_OK_AND_ASSIGN(auto nodes, client->ListDatanodes());
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].id, 1u);
  EXPECT_EQ(nodes[0].addr, "127.0.0.1:3101");
  EXPECT_TRUE(nodes[0].alive);
  EXPECT_EQ(nodes[0].region_count, 1u);
  ASSERT_STATUS_CODE(client->Heartbeat(3, "", 0, {}), StatusCode::kInvalidArguments);

  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  ASSERT_OK(client->Heartbeat(2, "127.0.0.1:3102", 222, {}).status());
  ASSERT_OK_AND_ASSIGN(nodes, client->ListDatanodes());
  EXPECT_FALSE(nodes[0].alive);  // its lease lapsed
  EXPECT_TRUE(nodes[1].alive);

  // A restarted metasrv knows the addresses from the store; nodes are alive again once they
  // heartbeat.
  const std::string addr = server_->bound_address();
  server_.reset();
  Start(addr);
  ASSERT_OK_AND_ASSIGN(nodes, client->ListDatanodes());
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[1].addr, "127.0.0.1:3102");
  EXPECT_FALSE(nodes[1].alive);
}

TEST_F(MetaServiceTest, ClientTriesTheNextMetasrvAndReportsClearErrors) {
  auto client = Client({"127.0.0.1:1", server_->bound_address()});
  ASSERT_OK(client->kv().Put("k", "v"));
  ASSERT_OK_AND_ASSIGN(auto v, client->kv().Get("k"));
  EXPECT_EQ(v, std::optional<std::string>("v"));
  auto dead = std::make_unique<MetaClient>(MetaClientOptions{{"127.0.0.1:1"}, std::chrono::seconds(2)});
  auto failed = dead->kv().Get("k");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kStorageUnavailable);
  EXPECT_NE(failed.status().message().find("127.0.0.1:1"), std::string::npos);
}

}  // namespace
}  // namespace greptime::metasrv
