// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "cmd/standalone_options.h"

#include <gtest/gtest.h>

#include "common/testing.h"

namespace greptime::cmd {
namespace {

TEST(StandaloneOptionsTest, DefaultsMatchSpec) {
  ASSERT_OK_AND_ASSIGN(Config config, LoadStandaloneConfig(StandaloneFlags{}, {}));
  EXPECT_EQ(config.GetString("http.addr"), "127.0.0.1:4000");
  EXPECT_EQ(config.GetString("grpc.bind_addr"), "127.0.0.1:4001");
  EXPECT_EQ(config.GetString("mysql.addr"), "127.0.0.1:4002");
  EXPECT_EQ(config.GetString("postgres.addr"), "127.0.0.1:4003");
  EXPECT_EQ(config.GetSize("http.body_limit"), 64ull << 20);
  EXPECT_EQ(config.GetDuration("http.timeout").count(), 0);
  EXPECT_EQ(config.GetString("storage.data_home"), "./greptimedb_data");
  EXPECT_EQ(config.GetString("logging.dir"), "./greptimedb_data/logs");
  EXPECT_EQ(config.GetString("logging.level"), "info");
  EXPECT_EQ(config.GetString("wal.provider"), "raft_engine");
  EXPECT_TRUE(config.GetBool("prom_store.with_metric_engine"));
}

TEST(StandaloneOptionsTest, FlagsWinOverFileAndEnvironment) {
  StandaloneFlags flags;
  flags.http_addr = "127.0.0.1:4999";
  flags.data_home = "/tmp/gt_data";
  flags.log_level = "debug";
  ASSERT_OK_AND_ASSIGN(
      Config config,
      LoadStandaloneConfig(flags, {{"GREPTIMEDB_STANDALONE__HTTP__ADDR", "127.0.0.1:4888"},
                                   {"GREPTIMEDB_STANDALONE__HTTP__BODY_LIMIT", "1MB"},
                                   {"RUST_LOG", "warn"}}));
  EXPECT_EQ(config.GetString("http.addr"), "127.0.0.1:4999");
  EXPECT_EQ(config.GetSize("http.body_limit"), 1ull << 20);
  EXPECT_EQ(config.GetString("logging.dir"), "/tmp/gt_data/logs");
  EXPECT_EQ(config.GetString("logging.level"), "debug");
}

TEST(StandaloneOptionsTest, RustLogIsTheFallbackLevel) {
  ASSERT_OK_AND_ASSIGN(Config config, LoadStandaloneConfig(StandaloneFlags{}, {{"RUST_LOG", "warn"}}));
  EXPECT_EQ(config.GetString("logging.level"), "warn");
}

TEST(StandaloneOptionsTest, AddressFlagsEnableTheirServers) {
  StandaloneFlags flags;
  flags.mysql_addr = "127.0.0.1:5002";
  ASSERT_OK_AND_ASSIGN(
      Config config,
      LoadStandaloneConfig(flags, {{"GREPTIMEDB_STANDALONE__MYSQL__ENABLE", "false"}}));
  EXPECT_TRUE(config.GetBool("mysql.enable"));
  EXPECT_EQ(config.GetString("mysql.addr"), "127.0.0.1:5002");
}

TEST(StandaloneOptionsTest, TlsFlagsApplyOnlyToServersWithAddressFlags) {
  StandaloneFlags flags;
  flags.mysql_addr = "127.0.0.1:5002";
  flags.tls_mode = "verify-full";
  flags.tls_cert_path = "/c.pem";
  flags.tls_key_path = "/k.pem";
  ASSERT_OK_AND_ASSIGN(Config config, LoadStandaloneConfig(flags, {}));
  EXPECT_EQ(config.GetString("mysql.tls.mode"), "verify_full");
  EXPECT_EQ(config.GetString("mysql.tls.cert_path"), "/c.pem");
  EXPECT_EQ(config.GetString("postgres.tls.mode"), "disable");

  flags.tls_mode = "sometimes";
  ASSERT_STATUS_CODE(LoadStandaloneConfig(flags, {}), StatusCode::kInvalidArguments);
}

TEST(StandaloneOptionsTest, ReservedDatanodeGrpcAddressIsRejected) {
  StandaloneFlags flags;
  flags.grpc_bind_addr = "127.0.0.1:3001";
  Result<Config> config = LoadStandaloneConfig(flags, {});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(),
            "gRPC listen address conflicts with datanode reserved gRPC addr: 127.0.0.1:3001");
}

TEST(StandaloneOptionsTest, CustomEnvPrefix) {
  StandaloneFlags flags;
  flags.env_prefix = "MYDB";
  ASSERT_OK_AND_ASSIGN(Config config,
                       LoadStandaloneConfig(flags, {{"MYDB__HTTP__ADDR", "127.0.0.1:4444"},
                                                    {"GREPTIMEDB_STANDALONE__HTTP__ADDR", "x"}}));
  EXPECT_EQ(config.GetString("http.addr"), "127.0.0.1:4444");
}

TEST(StandaloneOptionsTest, BadLogFormatIsRejected) {
  ASSERT_STATUS_CODE(
      LoadStandaloneConfig(StandaloneFlags{},
                           {{"GREPTIMEDB_STANDALONE__LOGGING__LOG_FORMAT", "yaml"}}),
      StatusCode::kInvalidArguments);
}

}  // namespace
}  // namespace greptime::cmd
