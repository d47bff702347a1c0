// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "cmd/role_common.h"

#include <unistd.h>

#include <cstdio>
#include <thread>

#include <filesystem>

#include "cmd/storage_config.h"
#include "common/logging.h"
#include "datanode/region_server.h"
#include "metric_engine/metric_engine.h"
#include "storage/object_store/object_store.h"
#include "storage/region_engine.h"
#include "common/readable_size.h"
#include "common/thread_pool.h"
#include "common/version.h"
#include "frontend/frontend.h"
#include "servers/auth/user_provider.h"
#include "servers/http/admin_routes.h"
#include "servers/http/http_server.h"
#include "servers/http/influxdb_routes.h"
#include "servers/http/opentsdb_routes.h"
#include "servers/http/otlp_routes.h"
#include "servers/http/prometheus_api_routes.h"
#include "servers/http/prometheus_routes.h"
#include "servers/http/sql_routes.h"
#include "servers/mysql/mysql_server.h"
#include "servers/postgres/postgres_server.h"

namespace greptime::cmd {
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

}  // namespace

bool InitRoleLogging(const Config& config, const std::string& role,
                     const std::optional<std::string>& config_file) {
  LoggingOptions logging;
  logging.dir = config.GetString("logging.dir");
  logging.level = config.GetString("logging.level");
  logging.enable_file_logging = config.GetBool("logging.enable_file_logging");
  logging.append_stdout = config.GetBool("logging.append_stdout");
  logging.log_format = config.GetString("logging.log_format");
  logging.max_log_files = static_cast<int>(config.GetInt("logging.max_log_files"));
  if (Status st = InitLogging(logging); !st.ok()) {
    std::fprintf(stderr, "greptime: failed to initialise logging: %s\n", st.message().c_str());
    return false;
  }
  GT_LOG_INFO("Starting greptime {} {} (commit {})", role, Version(), GitCommit());
  for (const std::string& key : config.unknown_keys()) {
    GT_LOG_WARN("unknown configuration key '{}' in {} is ignored", key,
                config_file.value_or("the config file"));
  }
  GT_LOG_INFO("effective configuration:\n{}", config.ToToml());
  return true;
}

sigset_t BlockShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

void WaitForShutdown(const sigset_t& signals) {
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  GT_LOG_INFO("received {}, shutting down", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
}

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

// ---------------------------------------------------------------------------------------------

LocalRegions::~LocalRegions() {
  if (server) server->Stop();
  server.reset();
  store.reset();
}

Result<LocalRegions> OpenLocalRegions(const Config& config, const std::string& data_home) {
  if (config.GetString("wal.provider") != "raft_engine") {
    return Status::InvalidArguments(
        "wal.provider '{}' is not supported yet; only raft_engine (the local WAL) is",
        config.GetString("wal.provider"));
  }
  LocalRegions out;
  GT_ASSIGN_OR_RETURN(out.store, OpenObjectStore(config, data_home));
  storage::MitoEngineOptions engine_options;
  engine_options.wal_dir = config.Has("wal.dir") && !config.GetString("wal.dir").empty()
                               ? config.GetString("wal.dir")
                               : (std::filesystem::path(data_home) / "wal").string();
  engine_options.wal_sync_write = config.GetBool("wal.sync_write");
  engine_options.wal_sync_period = config.GetDuration("wal.sync_period");
  engine_options.wal_file_size = config.GetSize("wal.file_size");
  auto engine = storage::NewMitoEngine(engine_options, out.store.get());
  if (!engine.ok()) {
    return Status(engine.status().code(),
                  "failed to start the storage engine: " + engine.status().message());
  }
  out.server = std::make_unique<datanode::RegionServer>();
  storage::RegionEngine* mito = engine->get();
  out.server->RegisterEngine(std::move(engine).value());
  // Logical metric tables live in the regions of this same mito engine.
  out.server->RegisterEngine(metric_engine::NewMetricEngine(mito));
  return out;
}

// ---------------------------------------------------------------------------------------------

ProtocolServers::ProtocolServers() = default;
ProtocolServers::~ProtocolServers() { Shutdown(); }

Result<std::unique_ptr<ProtocolServers>> ProtocolServers::Start(const Config& config,
                                                                frontend::Frontend& frontend) {
  std::unique_ptr<ProtocolServers> s(new ProtocolServers());
  // Authentication of every protocol; nullptr (no user_provider) is open access.
  if (config.Has("user_provider") && !config.GetString("user_provider").empty()) {
    GT_ASSIGN_OR_RETURN(s->users_, auth::MakeUserProvider(config.GetString("user_provider")));
  }
  s->cpu_pool_ = std::make_unique<ThreadPool>(ThreadPool::Options{"cpu", 0, 0});
  servers::HttpServerOptions http_options = HttpOptionsFrom(config);
  http_options.users = s->users_.get();
  GT_ASSIGN_OR_RETURN(s->http_,
                      servers::HttpServer::Create(std::move(http_options), s->cpu_pool_.get()));
  servers::HttpServer& http = *s->http_;
  servers::RegisterAdminRoutes(http, servers::AdminRoutesOptions{config.ToToml()});
  servers::RegisterSqlRoutes(http, frontend);
  if (config.GetBool("influxdb.enable")) servers::RegisterInfluxdbRoutes(http, frontend);
  // Metrics go to logical tables on this physical table unless the metric engine is off.
  const std::string physical_table =
      config.GetBool("prom_store.with_metric_engine") ? "greptime_physical_table" : "";
  if (config.GetBool("prom_store.enable")) {
    servers::RegisterPrometheusRoutes(http, frontend, physical_table);
    servers::RegisterPrometheusApiRoutes(http, frontend);
  }
  if (config.GetBool("opentsdb.enable")) servers::RegisterOpentsdbRoutes(http, frontend);
  if (config.GetBool("otlp.enable")) servers::RegisterOtlpRoutes(http, frontend, physical_table);
  if (Status st = http.Start(); !st.ok()) {
    return Status(st.code(), fmt::format("failed to start the HTTP server: {}", st.message()));
  }

  if (config.GetBool("mysql.enable")) {
    servers::mysql::MysqlServerOptions mysql_options;
    mysql_options.addr = config.GetString("mysql.addr");
    auto tls = LoadTls(config, "mysql");
    if (!tls.ok()) return Status(tls.status().code(), "mysql.tls: " + tls.status().message());
    mysql_options.tls = *tls;
    mysql_options.threads =
        static_cast<size_t>(std::max<int64_t>(1, config.GetInt("mysql.runtime_size")));
    mysql_options.keep_alive = std::chrono::duration_cast<std::chrono::seconds>(
        config.GetDuration("mysql.keep_alive"));
    mysql_options.prepared_stmt_cache_size = static_cast<size_t>(
        std::max<int64_t>(1, config.GetInt("mysql.prepared_stmt_cache_size")));
    auto started = servers::mysql::MysqlServer::Start(mysql_options, frontend, s->users_.get());
    if (!started.ok()) {
      return Status(started.status().code(),
                    "failed to start the MySQL server: " + started.status().message());
    }
    s->mysql_ = std::move(started).value();
  }
  if (config.GetBool("postgres.enable")) {
    servers::postgres::PostgresServerOptions postgres_options;
    postgres_options.addr = config.GetString("postgres.addr");
    auto tls = LoadTls(config, "postgres");
    if (!tls.ok()) return Status(tls.status().code(), "postgres.tls: " + tls.status().message());
    postgres_options.tls = *tls;
    postgres_options.threads =
        static_cast<size_t>(std::max<int64_t>(1, config.GetInt("postgres.runtime_size")));
    postgres_options.keep_alive = std::chrono::duration_cast<std::chrono::seconds>(
        config.GetDuration("postgres.keep_alive"));
    auto started =
        servers::postgres::PostgresServer::Start(postgres_options, frontend, s->users_.get());
    if (!started.ok()) {
      return Status(started.status().code(),
                    "failed to start the PostgreSQL server: " + started.status().message());
    }
    s->postgres_ = std::move(started).value();
  }
  return s;
}

void ProtocolServers::Shutdown() {
  if (stopped_) return;
  stopped_ = true;
  if (mysql_) mysql_->Shutdown();
  if (postgres_) postgres_->Shutdown();
  if (http_) {
    http_->Shutdown();
    http_->Wait();
  }
  if (cpu_pool_) cpu_pool_->Stop();
}

// ---------------------------------------------------------------------------------------------

AdminHttpServer::AdminHttpServer() = default;
AdminHttpServer::~AdminHttpServer() { Shutdown(); }

Result<std::unique_ptr<AdminHttpServer>> AdminHttpServer::Start(const Config& config) {
  std::unique_ptr<AdminHttpServer> s(new AdminHttpServer());
  s->cpu_pool_ = std::make_unique<ThreadPool>(ThreadPool::Options{"admin", 1, 0});
  GT_ASSIGN_OR_RETURN(s->http_, servers::HttpServer::Create(HttpOptionsFrom(config),
                                                            s->cpu_pool_.get()));
  servers::RegisterAdminRoutes(*s->http_, servers::AdminRoutesOptions{config.ToToml()});
  if (Status st = s->http_->Start(); !st.ok()) {
    return Status(st.code(), fmt::format("failed to start the HTTP server: {}", st.message()));
  }
  return s;
}

void AdminHttpServer::Shutdown() {
  if (stopped_) return;
  stopped_ = true;
  if (http_) {
    http_->Shutdown();
    http_->Wait();
  }
  if (cpu_pool_) cpu_pool_->Stop();
}

}  // namespace greptime::cmd
