// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The distributed roles: `greptime metasrv start`, `greptime datanode start` and
// `greptime frontend start` (spec/cli-and-config.md §2.2-2.4), built from the same pieces as
// standalone: a datanode is the RegionServer behind the region service, a frontend is the
// Frontend over the metasrv's store and a RoutedRegionHandler, the metasrv is the MetaServer over
// etcd (or memory).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/config.h"
#include "common/status.h"

namespace CLI {
class App;
}

namespace greptime::cmd {

enum class ClusterRole { kNone, kMetasrv, kDatanode, kFrontend };

// Command-line options of the three roles (each uses its own subset).
struct ClusterFlags {
  ClusterRole role = ClusterRole::kNone;
  std::optional<std::string> config_file;
  std::optional<std::string> env_prefix;
  std::optional<std::string> http_addr;
  std::optional<std::string> grpc_bind_addr;
  std::optional<std::string> grpc_server_addr;
  std::optional<std::string> metasrv_addrs;  // frontend, datanode
  std::optional<uint64_t> node_id;           // datanode
  std::optional<std::string> data_home;      // datanode (storage.data_home), metasrv (data_home)
  std::optional<std::string> wal_dir;        // datanode
  std::optional<std::string> store_addrs;    // metasrv
  std::optional<std::string> backend;        // metasrv
  std::optional<std::string> store_key_prefix;
  std::optional<int64_t> max_txn_ops;
  std::optional<std::string> selector;
  std::optional<std::string> mysql_addr;     // frontend
  std::optional<std::string> postgres_addr;  // frontend
  std::optional<std::string> user_provider;  // frontend
  // Global options.
  std::optional<std::string> log_dir;
  std::optional<std::string> log_level;
};

void AddClusterCommands(CLI::App& app, ClusterFlags& flags);

// Loads the role's layered configuration (flags > file > environment > defaults).
Result<Config> LoadClusterConfig(const ClusterFlags& flags,
                                 std::vector<std::pair<std::string, std::string>> environment);

// Run until SIGINT/SIGTERM; return the process exit code.
int RunCluster(const ClusterFlags& flags);

}  // namespace greptime::cmd
