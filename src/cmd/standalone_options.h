// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The configuration keys of `greptime standalone start`, with types and defaults
// (spec/cli-and-config.md §5), and the flags that set them (§2.1).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/config.h"

namespace greptime::cmd {

// Every key standalone understands. `region_engine` is accepted as written.
ConfigSchema StandaloneConfigSchema();

// Options given on the command line (global and `standalone start` flags).
struct StandaloneFlags {
  std::optional<std::string> config_file;
  std::optional<std::string> http_addr;
  std::optional<std::string> grpc_bind_addr;
  std::optional<std::string> mysql_addr;
  std::optional<std::string> postgres_addr;
  bool influxdb_enable = false;
  std::optional<std::string> tls_mode;
  std::optional<std::string> tls_cert_path;
  std::optional<std::string> tls_key_path;
  bool tls_watch = false;
  std::optional<std::string> user_provider;
  std::optional<std::string> data_home;
  std::string env_prefix = "GREPTIMEDB_STANDALONE";
  // Global options.
  std::optional<std::string> log_dir;
  std::optional<std::string> log_level;
};

// Maps flags to config keys in their textual syntax, per the rules of spec §2.1 (an address
// flag also enables its server; TLS flags apply only to servers whose address flag is given).
// Fails on an invalid --tls-mode.
Result<std::vector<std::pair<std::string, std::string>>> StandaloneFlagsToKeys(
    const StandaloneFlags& flags);

// Loads the layered configuration, fills derived defaults (logging.dir = <data_home>/logs,
// logging.level from RUST_LOG) and validates cross-key rules.
Result<Config> LoadStandaloneConfig(const StandaloneFlags& flags,
                                    std::vector<std::pair<std::string, std::string>> environment);

}  // namespace greptime::cmd
