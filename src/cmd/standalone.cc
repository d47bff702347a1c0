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

namespace {

servers::HttpServerOptions HttpOptionsFrom(const Config& config) {
  servers::HttpServerOptions options;
  options.addr = config.GetString("http.addr");
  options.body_limit = config.GetSize("http.body_limit");
  options.timeout = config.GetDuration("http.timeout");
  options.enable_cors = config.GetBool("http.enable_cors");
  options.cors_allowed_origins = config.GetStringList("http.cors_allowed_origins");
  options.io_threads = std::max(2u, std::thread::hardware_concurrency() / 2);
  return options;
}

// Blocks SIGINT/SIGTERM in every thread started after this call, so that the main thread can
// wait for them synchronously with sigwait.
// The `<section>.tls` settings as a server TLS context (certificate and key loaded now).
Result<std::shared_ptr<servers::tls::TlsContext>> LoadTls(const Config& config,
                                                          const std::string& section) {
  servers::tls::TlsOptions tls;
  tls.mode = config.GetString(section + ".tls.mode");
  tls.cert_path = config.GetString(section + ".tls.cert_path");
  tls.key_path = config.GetString(section + ".tls.key_path");
  tls.watch = config.GetBool(section + ".tls.watch");
  return servers::tls::TlsContext::Create(std::move(tls));
}

sigset_t BlockShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

// query.memory_pool_size: "50%" of physical memory, a size ("2GiB"), or 0 = unlimited.
uint64_t QueryMemoryLimit(const std::string& text) {
  if (text.empty() || text == "0") return 0;
  if (text.back() == '%') {
    double pct = std::strtod(text.c_str(), nullptr);
    const double total = static_cast<double>(sysconf(_SC_PHYS_PAGES)) *
                         static_cast<double>(sysconf(_SC_PAGE_SIZE));
    return static_cast<uint64_t>(total * pct / 100.0);
  }
  auto size = ParseReadableSize(text);
  return size.ok() ? *size : 0;
}

}  // namespace

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

  LoggingOptions logging;
  logging.dir = config.GetString("logging.dir");
  logging.level = config.GetString("logging.level");
  logging.enable_file_logging = config.GetBool("logging.enable_file_logging");
  logging.append_stdout = config.GetBool("logging.append_stdout");
  logging.log_format = config.GetString("logging.log_format");
  logging.max_log_files = static_cast<int>(config.GetInt("logging.max_log_files"));
  if (Status st = InitLogging(logging); !st.ok()) {
    std::fprintf(stderr, "greptime: failed to initialise logging: %s\n", st.message().c_str());
    return 1;
  }

  GT_LOG_INFO("Starting greptime standalone {} (commit {})", Version(), GitCommit());
  for (const std::string& key : config.unknown_keys()) {
    GT_LOG_WARN("unknown configuration key '{}' in {} is ignored", key,
                flags.config_file.value_or("the config file"));
  }
  GT_LOG_INFO("effective configuration:\n{}", config.ToToml());

  const sigset_t signals = BlockShutdownSignals();

  // The embedded datanode: regions on the local filesystem under data_home, WAL in wal.dir.
  if (config.GetString("wal.provider") != "raft_engine") {
    GT_LOG_ERROR("wal.provider '{}' is not supported yet; only raft_engine (the local WAL) is",
                 config.GetString("wal.provider"));
    return 1;
  }
  auto store = OpenObjectStore(config, data_home);
  if (!store.ok()) {
    GT_LOG_ERROR("failed to open the object store: {}", store.status().message());
    return 1;
  }
  storage::MitoEngineOptions engine_options;
  engine_options.wal_dir = config.Has("wal.dir") && !config.GetString("wal.dir").empty()
                               ? config.GetString("wal.dir")
                               : (std::filesystem::path(data_home) / "wal").string();
  engine_options.wal_sync_write = config.GetBool("wal.sync_write");
  engine_options.wal_sync_period = config.GetDuration("wal.sync_period");
  engine_options.wal_file_size = config.GetSize("wal.file_size");
  auto engine = storage::NewMitoEngine(engine_options, store->get());
  if (!engine.ok()) {
    GT_LOG_ERROR("failed to start the storage engine: {}", engine.status().message());
    return 1;
  }
  datanode::RegionServer region_server;
  storage::RegionEngine* mito = engine->get();
  region_server.RegisterEngine(std::move(engine).value());
  // Logical metric tables live in the regions of this same mito engine.
  region_server.RegisterEngine(metric_engine::NewMetricEngine(mito));

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

  // Authentication of every protocol; nullptr (no user_provider) is open access.
  std::unique_ptr<auth::UserProvider> users;
  if (config.Has("user_provider") && !config.GetString("user_provider").empty()) {
    auto provider = auth::MakeUserProvider(config.GetString("user_provider"));
    if (!provider.ok()) {
      GT_LOG_ERROR("{}", provider.status().message());
      region_server.Stop();
      return 1;
    }
    users = std::move(provider).value();
  }

  ThreadPool cpu_pool(ThreadPool::Options{"cpu", 0, 0});
  servers::HttpServerOptions http_options = HttpOptionsFrom(config);
  http_options.users = users.get();
  auto http = servers::HttpServer::Create(std::move(http_options), &cpu_pool);
  if (!http.ok()) {
    GT_LOG_ERROR("failed to create the HTTP server: {}", http.status().message());
    return 1;
  }
  servers::RegisterAdminRoutes(**http, servers::AdminRoutesOptions{config.ToToml()});
  servers::RegisterSqlRoutes(**http, frontend);
  if (config.GetBool("influxdb.enable")) servers::RegisterInfluxdbRoutes(**http, frontend);
  // Metrics go to logical tables on this physical table unless the metric engine is off.
  const std::string physical_table =
      config.GetBool("prom_store.with_metric_engine") ? "greptime_physical_table" : "";
  if (config.GetBool("prom_store.enable")) {
    servers::RegisterPrometheusRoutes(**http, frontend, physical_table);
    servers::RegisterPrometheusApiRoutes(**http, frontend);
  }
  if (config.GetBool("opentsdb.enable")) servers::RegisterOpentsdbRoutes(**http, frontend);
  if (config.GetBool("otlp.enable")) servers::RegisterOtlpRoutes(**http, frontend, physical_table);
  if (Status st = (*http)->Start(); !st.ok()) {
    GT_LOG_ERROR("failed to start the HTTP server: {}", st.message());
    region_server.Stop();
    FlushLogs();
    return 1;
  }
  // -- MySQL server (src/servers/mysql): started here, stopped below --
  std::unique_ptr<servers::mysql::MysqlServer> mysql_server;
  if (config.GetBool("mysql.enable")) {
    servers::mysql::MysqlServerOptions mysql_options;
    mysql_options.addr = config.GetString("mysql.addr");
    auto tls = LoadTls(config, "mysql");
    if (!tls.ok()) {
      GT_LOG_ERROR("mysql.tls: {}", tls.status().message());
      region_server.Stop();
      FlushLogs();
      return 1;
    }
    mysql_options.tls = *tls;
    mysql_options.threads =
        static_cast<size_t>(std::max<int64_t>(1, config.GetInt("mysql.runtime_size")));
    mysql_options.keep_alive = std::chrono::duration_cast<std::chrono::seconds>(
        config.GetDuration("mysql.keep_alive"));
    mysql_options.prepared_stmt_cache_size = static_cast<size_t>(
        std::max<int64_t>(1, config.GetInt("mysql.prepared_stmt_cache_size")));
    auto started = servers::mysql::MysqlServer::Start(mysql_options, frontend, users.get());
    if (!started.ok()) {
      GT_LOG_ERROR("failed to start the MySQL server: {}", started.status().message());
      region_server.Stop();
      FlushLogs();
      return 1;
    }
    mysql_server = std::move(started).value();
  }
  // -- end of MySQL server --
  // -- PostgreSQL server (src/servers/postgres): started here, stopped below --
  std::unique_ptr<servers::postgres::PostgresServer> postgres_server;
  if (config.GetBool("postgres.enable")) {
    servers::postgres::PostgresServerOptions postgres_options;
    postgres_options.addr = config.GetString("postgres.addr");
    auto tls = LoadTls(config, "postgres");
    if (!tls.ok()) {
      GT_LOG_ERROR("postgres.tls: {}", tls.status().message());
      region_server.Stop();
      FlushLogs();
      return 1;
    }
    postgres_options.tls = *tls;
    postgres_options.threads =
        static_cast<size_t>(std::max<int64_t>(1, config.GetInt("postgres.runtime_size")));
    postgres_options.keep_alive = std::chrono::duration_cast<std::chrono::seconds>(
        config.GetDuration("postgres.keep_alive"));
    auto started =
        servers::postgres::PostgresServer::Start(postgres_options, frontend, users.get());
    if (!started.ok()) {
      GT_LOG_ERROR("failed to start the PostgreSQL server: {}", started.status().message());
      region_server.Stop();
      FlushLogs();
      return 1;
    }
    postgres_server = std::move(started).value();
  }
  // -- end of PostgreSQL server --
  GT_LOG_INFO("greptime standalone is ready");

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  GT_LOG_INFO("received {}, shutting down", signal_number == SIGINT ? "SIGINT" : "SIGTERM");

  // -- wire-protocol servers shutdown --
  if (mysql_server) mysql_server->Shutdown();
  if (postgres_server) postgres_server->Shutdown();
  // -- end of wire-protocol servers shutdown --
  (*http)->Shutdown();
  (*http)->Wait();
  cpu_pool.Stop();
  region_server.Stop();
  GT_LOG_INFO("Goodbye!");
  ShutdownLogging();
  return 0;
}

}  // namespace greptime::cmd
