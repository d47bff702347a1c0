// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "cmd/standalone.h"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "common/logging.h"
#include "common/thread_pool.h"
#include "common/version.h"
#include "catalog/catalog_manager.h"
#include "datanode/region_server.h"
#include "frontend/frontend.h"
#include "meta/kv_backend.h"
#include "servers/http/influxdb_routes.h"
#include "servers/http/opentsdb_routes.h"
#include "servers/http/otlp_routes.h"
#include "servers/http/prometheus_routes.h"
#include "servers/http/sql_routes.h"
#include "common/readable_size.h"
#include <unistd.h>
#include "cmd/role_common.h"
#include "cmd/storage_config.h"
#include "storage/object_store/object_store.h"
// -- wire-protocol server includes (MySQL, PostgreSQL) --
#include "servers/mysql/mysql_server.h"
#include "servers/postgres/postgres_server.h"
// -- end of wire-protocol server includes --
#include "metric_engine/metric_engine.h"
#include "servers/auth/user_provider.h"
#include "servers/http/admin_routes.h"
#include "servers/http/http_server.h"
#include "servers/http/prometheus_api_routes.h"

namespace greptime::cmd {

void AddStandaloneCommand(CLI::App& app, StandaloneFlags& flags, bool* selected) {
  CLI::App* standalone = app.add_subcommand("standalone", "Run frontend, datanode and metadata "
                                                          "in one process");
  standalone->require_subcommand(1);
  standalone->fallthrough();
  CLI::App* start = standalone->add_subcommand("start", "Start the standalone server");
  start->fallthrough();
  start->add_option("-c,--config-file", flags.config_file, "TOML configuration file");
  start->add_option("--http-addr", flags.http_addr, "HTTP listen address (http.addr)");
  start->add_option("--grpc-bind-addr,--rpc-bind-addr,--rpc-addr", flags.grpc_bind_addr,
                    "gRPC listen address (grpc.bind_addr)");
  start->add_option("--mysql-addr", flags.mysql_addr, "MySQL listen address (mysql.addr)");
  start->add_option("--postgres-addr", flags.postgres_addr,
                    "PostgreSQL listen address (postgres.addr)");
  start->add_flag("-i,--influxdb-enable", flags.influxdb_enable,
                  "Enable the InfluxDB line protocol (influxdb.enable)");
  start->add_option("--tls-mode", flags.tls_mode,
                    "TLS mode: disable, prefer, require, verify-ca, verify-full");
  start->add_option("--tls-cert-path", flags.tls_cert_path, "TLS certificate file");
  start->add_option("--tls-key-path", flags.tls_key_path, "TLS private key file");
  start->add_flag("--tls-watch", flags.tls_watch, "Reload TLS files when they change");
  start->add_option("--user-provider", flags.user_provider,
                    "User provider, e.g. static_user_provider:file:<path>");
  start->add_option("--data-home", flags.data_home, "Data directory (storage.data_home)");
  start->add_option("--env-prefix", flags.env_prefix,
                    "Prefix of configuration environment variables")
      ->capture_default_str();
  start->callback([selected]() { *selected = true; });
}

int RunStandalone(const StandaloneFlags& flags) {
  auto loaded = LoadStandaloneConfig(flags, ProcessEnvironment());
  if (!loaded.ok()) {
    std::fprintf(stderr, "greptime: failed to load configuration: %s\n",
                 loaded.status().message().c_str());
    return 1;
  }
  Config config = std::move(loaded).value();

  const std::string data_home = config.GetString("storage.data_home");
  std::error_code ec;
  std::filesystem::create_directories(data_home, ec);
  if (ec) {
    std::fprintf(stderr, "greptime: cannot create data home %s: %s\n", data_home.c_str(),
                 ec.message().c_str());
    return 1;
  }

  if (!InitRoleLogging(config, "standalone", flags.config_file)) return 1;
  const sigset_t signals = BlockShutdownSignals();

  // The embedded datanode: regions in [storage] (under data_home for File), WAL in wal.dir.
  auto local = OpenLocalRegions(config, data_home);
  if (!local.ok()) {
    GT_LOG_ERROR("{}", local.status().message());
    return 1;
  }
  datanode::RegionServer& region_server = *local->server;

  // Metadata (catalog, table routes) in SQLite under <data_home>/metadata/.
  std::filesystem::create_directories(std::filesystem::path(data_home) / "metadata", ec);
  auto kv = meta::NewSqliteKvBackend(
      (std::filesystem::path(data_home) / "metadata" / "kv.sqlite").string());
  if (!kv.ok()) {
    GT_LOG_ERROR("failed to open the metadata store: {}", kv.status().message());
    return 1;
  }
  auto catalog_manager = catalog::NewKvCatalogManager(**kv);
  if (!catalog_manager.ok()) {
    GT_LOG_ERROR("failed to load the catalog: {}", catalog_manager.status().message());
    return 1;
  }
  frontend::FrontendOptions fe_options;
  fe_options.query_memory_limit = QueryMemoryLimit(config.GetString("query.memory_pool_size"));
  frontend::Frontend frontend(**catalog_manager, region_server, fe_options);
  if (Status st = frontend.OpenRegions(); !st.ok()) {
    GT_LOG_ERROR("failed to open regions: {}", st.ToString());
    region_server.Stop();
    return 1;
  }

  auto servers = ProtocolServers::Start(config, frontend);
  if (!servers.ok()) {
    GT_LOG_ERROR("{}", servers.status().message());
    region_server.Stop();
    FlushLogs();
    return 1;
  }
  GT_LOG_INFO("greptime standalone is ready");

  WaitForShutdown(signals);
  (*servers)->Shutdown();
  region_server.Stop();
  GT_LOG_INFO("Goodbye!");
  ShutdownLogging();
  return 0;
}

}  // namespace greptime::cmd
