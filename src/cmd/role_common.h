// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// What every role's start-up shares: logging from the configuration, the shutdown signals, and
// the protocol servers of a frontend (HTTP with every route, MySQL, PostgreSQL) or the admin
// HTTP server of a datanode / metasrv (/health, /metrics, /config).
#pragma once

#include <csignal>
#include <memory>
#include <string>

#include "common/config.h"
#include "common/status.h"

namespace greptime {
class ThreadPool;
namespace frontend {
class Frontend;
}
namespace servers {
class HttpServer;
namespace mysql {
class MysqlServer;
}
namespace postgres {
class PostgresServer;
}
}  // namespace servers
namespace auth {
class UserProvider;
}
namespace datanode {
class RegionServer;
}
namespace storage {
class ObjectStore;
}
}  // namespace greptime

namespace greptime::cmd {

// Starts logging as `logging.*` says and logs the banner, unknown keys and the effective
// configuration. Prints to stderr and returns false on failure.
bool InitRoleLogging(const Config& config, const std::string& role,
                     const std::optional<std::string>& config_file);

// Blocks SIGINT/SIGTERM in every thread started after this call; WaitForShutdown then waits
// for one of them.
sigset_t BlockShutdownSignals();
void WaitForShutdown(const sigset_t& signals);

// query.memory_pool_size: "50%" of physical memory, a size ("2GiB"), or 0 = unlimited.
uint64_t QueryMemoryLimit(const std::string& text);

// A datanode's regions: the object store of `[storage]`, and a RegionServer with the mito and
// metric engines over it (WAL per `[wal]`). Destroy `server` (after Stop) before `store`.
struct LocalRegions {
  std::unique_ptr<storage::ObjectStore> store;
  std::unique_ptr<datanode::RegionServer> server;
  LocalRegions() = default;
  LocalRegions(LocalRegions&&) = default;
  LocalRegions& operator=(LocalRegions&&) = default;
  ~LocalRegions();
};
Result<LocalRegions> OpenLocalRegions(const Config& config, const std::string& data_home);

// The servers of a frontend over `frontend`, started as the configuration says.
class ProtocolServers {
 public:
  static Result<std::unique_ptr<ProtocolServers>> Start(const Config& config,
                                                        frontend::Frontend& frontend);
  ~ProtocolServers();
  void Shutdown();

 private:
  ProtocolServers();
  std::unique_ptr<auth::UserProvider> users_;
  std::unique_ptr<ThreadPool> cpu_pool_;
  std::unique_ptr<servers::HttpServer> http_;
  std::unique_ptr<servers::mysql::MysqlServer> mysql_;
  std::unique_ptr<servers::postgres::PostgresServer> postgres_;
  bool stopped_ = false;
};

// An HTTP server with the admin routes only (/health, /metrics, /config, /status), for the
// datanode and metasrv roles.
class AdminHttpServer {
 public:
  static Result<std::unique_ptr<AdminHttpServer>> Start(const Config& config);
  ~AdminHttpServer();
  void Shutdown();

 private:
  AdminHttpServer();
  std::unique_ptr<ThreadPool> cpu_pool_;
  std::unique_ptr<servers::HttpServer> http_;
  bool stopped_ = false;
};

}  // namespace greptime::cmd
