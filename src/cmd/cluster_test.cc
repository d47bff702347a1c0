// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Configuration of the cluster roles (spec/cli-and-config.md §2.2-2.4): flags over file over
// environment over defaults, role defaults and required keys.
#include "cmd/cluster.h"

#include <gtest/gtest.h>

#include "common/testing.h"

namespace greptime::cmd {
namespace {

TEST(ClusterConfigTest, MetasrvDefaultsAndFlags) {
  ClusterFlags flags;
  flags.role = ClusterRole::kMetasrv;
  ASSERT_OK_AND_ASSIGN(Config config, LoadClusterConfig(flags, {}));
  EXPECT_EQ(config.GetString("grpc.bind_addr"), "127.0.0.1:3002");
  EXPECT_EQ(config.GetStringList("store_addrs"), std::vector<std::string>{"127.0.0.1:2379"});
  EXPECT_EQ(config.GetString("backend"), "etcd_store");
  EXPECT_EQ(config.GetString("selector"), "round_robin");
  EXPECT_EQ(config.GetString("logging.dir"), "./greptimedb_data/logs");

  flags.backend = "memory-store";  // the command line spells it with a dash
  flags.store_addrs = "127.0.0.1:1 127.0.0.1:2";
  flags.grpc_bind_addr = "127.0.0.1:3999";
  flags.data_home = "/tmp/meta_home";
  ASSERT_OK_AND_ASSIGN(config, LoadClusterConfig(flags, {{"GREPTIMEDB_METASRV__SELECTOR",
                                                          "load_based"}}));
  EXPECT_EQ(config.GetString("backend"), "memory_store");
  EXPECT_EQ(config.GetStringList("store_addrs"),
            (std::vector<std::string>{"127.0.0.1:1", "127.0.0.1:2"}));
  EXPECT_EQ(config.GetString("grpc.bind_addr"), "127.0.0.1:3999");
  EXPECT_EQ(config.GetString("selector"), "load_based");
  EXPECT_EQ(config.GetString("logging.dir"), "/tmp/meta_home/logs");
}

TEST(ClusterConfigTest, DatanodeAndFrontendNeedTheMetasrv) {
  ClusterFlags datanode;
  datanode.role = ClusterRole::kDatanode;
  auto missing = LoadClusterConfig(datanode, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("meta_client.metasrv_addrs is required"),
            std::string::npos);
  datanode.metasrv_addrs = "127.0.0.1:3002,127.0.0.1:3012";
  datanode.node_id = 3;
  datanode.data_home = "/tmp/dn3";
  ASSERT_OK_AND_ASSIGN(Config config,
                       LoadClusterConfig(datanode, {{"GREPTIMEDB_DATANODE__HTTP__ADDR",
                                                     "127.0.0.1:4555"}}));
  EXPECT_EQ(config.GetInt("node_id"), 3);
  EXPECT_EQ(config.GetString("grpc.bind_addr"), "127.0.0.1:3001");
  EXPECT_EQ(config.GetStringList("meta_client.metasrv_addrs"),
            (std::vector<std::string>{"127.0.0.1:3002", "127.0.0.1:3012"}));
  EXPECT_EQ(config.GetString("storage.data_home"), "/tmp/dn3");
  EXPECT_EQ(config.GetString("http.addr"), "127.0.0.1:4555");
  EXPECT_EQ(config.GetString("logging.dir"), "/tmp/dn3/logs");

  ClusterFlags frontend;
  frontend.role = ClusterRole::kFrontend;
  ASSERT_FALSE(LoadClusterConfig(frontend, {}).ok());
  ASSERT_OK_AND_ASSIGN(config, LoadClusterConfig(frontend, {{"GREPTIMEDB_FRONTEND__META_CLIENT__"
                                                             "METASRV_ADDRS",
                                                             "127.0.0.1:3002"}}));
  EXPECT_EQ(config.GetString("http.addr"), "127.0.0.1:4000");
  EXPECT_EQ(config.GetString("meta_client.ddl_timeout"), "10s");
}

}  // namespace
}  // namespace greptime::cmd
