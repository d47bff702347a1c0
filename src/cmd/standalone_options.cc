// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "cmd/standalone_options.h"

#include <filesystem>

namespace greptime::cmd {
namespace {

using T = ConfigType;

ConfigKey Key(std::string path, ConfigType type, std::optional<std::string> def = std::nullopt) {
  return ConfigKey{std::move(path), type, std::move(def)};
}

void AddTls(std::vector<ConfigKey>& keys, const std::string& section) {
  keys.push_back(Key(section + ".tls.mode", T::kString, "disable"));
  keys.push_back(Key(section + ".tls.cert_path", T::kString, ""));
  keys.push_back(Key(section + ".tls.key_path", T::kString, ""));
  keys.push_back(Key(section + ".tls.watch", T::kBool, "false"));
}

}  // namespace

ConfigSchema StandaloneConfigSchema() {
  std::vector<ConfigKey> k = {
      Key("default_timezone", T::kString),
      Key("default_column_prefix", T::kString),
      Key("auto_create_table", T::kBool, "true"),
      Key("user_provider", T::kString),
      Key("max_in_flight_write_bytes", T::kSize, "0"),
      Key("write_bytes_exhausted_policy", T::kString, "wait"),
      Key("init_regions_in_background", T::kBool, "false"),
      Key("init_regions_parallelism", T::kInt, "16"),
      Key("max_concurrent_queries", T::kInt, "0"),
      Key("enable_telemetry", T::kBool, "true"),
      Key("heartbeat_env_vars", T::kStringList, ""),

      Key("http.addr", T::kString, "127.0.0.1:4000"),
      Key("http.timeout", T::kDuration, "0s"),
      Key("http.body_limit", T::kSize, "64MB"),
      Key("http.enable_cors", T::kBool, "true"),
      Key("http.cors_allowed_origins", T::kStringList, ""),
      Key("http.enable_api_server", T::kBool, "false"),
      Key("http.api_server_addr", T::kString, "127.0.0.1:4006"),
      Key("http.experimental_enable_explain_analyze_stream", T::kBool, "true"),
      Key("http.disable_dashboard", T::kBool, "false"),

      Key("grpc.bind_addr", T::kString, "127.0.0.1:4001"),
      Key("grpc.server_addr", T::kString, ""),
      Key("grpc.runtime_size", T::kInt, "8"),
      Key("grpc.max_recv_message_size", T::kSize, "512MB"),
      Key("grpc.max_send_message_size", T::kSize, "512MB"),
      Key("grpc.flight_compression", T::kString, "arrow_ipc"),
      Key("grpc.max_connection_age", T::kDuration),

      Key("mysql.enable", T::kBool, "true"),
      Key("mysql.addr", T::kString, "127.0.0.1:4002"),
      Key("mysql.runtime_size", T::kInt, "2"),
      Key("mysql.keep_alive", T::kDuration, "0s"),
      Key("mysql.prepared_stmt_cache_size", T::kInt, "10000"),
      Key("postgres.enable", T::kBool, "true"),
      Key("postgres.addr", T::kString, "127.0.0.1:4003"),
      Key("postgres.runtime_size", T::kInt, "2"),
      Key("postgres.keep_alive", T::kDuration, "0s"),

      Key("opentsdb.enable", T::kBool, "true"),
      Key("influxdb.enable", T::kBool, "true"),
      Key("influxdb.default_merge_mode", T::kString, "last_non_null"),
      Key("jaeger.enable", T::kBool, "true"),
      Key("otlp.enable", T::kBool, "true"),
      Key("otlp.trace_ingest_chunk_size", T::kInt, "512"),
      Key("prom_store.enable", T::kBool, "true"),
      Key("prom_store.with_metric_engine", T::kBool, "true"),
      Key("prom_store.prom_validation_mode", T::kString, "strict"),
      Key("prom_store.pending_rows_flush_interval", T::kDuration, "0s"),

      Key("storage.data_home", T::kString, "./greptimedb_data"),
      Key("storage.copy_root", T::kString),
      Key("storage.type", T::kString, "File"),
      Key("storage.name", T::kString),
      Key("storage.bucket", T::kString),
      Key("storage.root", T::kString),
      Key("storage.access_key_id", T::kString),
      Key("storage.secret_access_key", T::kString),
      Key("storage.access_key_secret", T::kString),
      Key("storage.endpoint", T::kString),
      Key("storage.region", T::kString),
      Key("storage.enable_virtual_host_style", T::kBool, "false"),
      Key("storage.disable_ec2_metadata", T::kBool),
      Key("storage.container", T::kString),
      Key("storage.account_name", T::kString),
      Key("storage.account_key", T::kString),
      Key("storage.sas_token", T::kString),
      Key("storage.scope", T::kString),
      Key("storage.credential_path", T::kString),
      Key("storage.credential", T::kString),
      Key("storage.enable_read_cache", T::kBool, "true"),
      Key("storage.cache_path", T::kString),
      Key("storage.cache_capacity", T::kSize, "5GiB"),
      Key("storage.http_client.pool_max_idle_per_host", T::kInt),
      Key("storage.http_client.connect_timeout", T::kDuration, "30s"),
      Key("storage.http_client.timeout", T::kDuration, "30s"),
      Key("storage.http_client.pool_idle_timeout", T::kDuration),
      Key("storage.http_client.skip_ssl_validation", T::kBool, "false"),
      Key("storage.providers", T::kAny),

      Key("wal.provider", T::kString, "raft_engine"),
      Key("wal.dir", T::kString),
      Key("wal.file_size", T::kSize, "128MB"),
      Key("wal.purge_threshold", T::kSize, "1GB"),
      Key("wal.purge_interval", T::kDuration, "1m"),
      Key("wal.read_batch_size", T::kInt, "128"),
      Key("wal.sync_write", T::kBool, "false"),
      Key("wal.sync_period", T::kDuration, "5s"),
      Key("wal.enable_log_recycle", T::kBool, "true"),
      Key("wal.prefill_log_files", T::kBool, "false"),
      Key("wal.recovery_parallelism", T::kInt, "2"),
      Key("wal.broker_endpoints", T::kStringList),
      Key("wal.auto_create_topics", T::kBool),
      Key("wal.num_topics", T::kInt),
      Key("wal.topic_name_prefix", T::kString),
      Key("wal.replication_factor", T::kInt),
      Key("wal.create_topic_timeout", T::kDuration),
      Key("wal.max_batch_bytes", T::kSize),
      Key("wal.consumer_wait_timeout", T::kDuration),
      Key("wal.connect_timeout", T::kDuration),
      Key("wal.timeout", T::kDuration),

      Key("metadata_store.file_size", T::kSize, "64MB"),
      Key("metadata_store.purge_threshold", T::kSize, "256MB"),
      Key("metadata_store.purge_interval", T::kDuration, "1m"),
      Key("procedure.max_retry_times", T::kInt, "3"),
      Key("procedure.retry_delay", T::kDuration, "500ms"),
      Key("procedure.max_running_procedures", T::kInt, "128"),
      Key("region_engine", T::kAny),

      Key("query.parallelism", T::kInt, "0"),
      Key("query.memory_pool_size", T::kString, "50%"),
      Key("flow.num_workers", T::kInt, "0"),
      Key("runtime.global_rt_size", T::kInt),
      Key("runtime.compact_rt_size", T::kInt),
      Key("slow_query.enable", T::kBool, "true"),
      Key("slow_query.record_type", T::kString, "system_table"),
      Key("slow_query.threshold", T::kDuration, "30s"),
      Key("slow_query.sample_ratio", T::kFloat, "1.0"),
      Key("slow_query.ttl", T::kDuration, "90d"),
      Key("event_recorder.ttl", T::kDuration, "90d"),
      Key("event_recorder.event_types", T::kStringList),
      Key("memory.enable_heap_profiling", T::kBool, "true"),

      Key("logging.dir", T::kString, ""),
      Key("logging.level", T::kString),
      Key("logging.enable_file_logging", T::kBool, "true"),
      Key("logging.append_stdout", T::kBool, "true"),
      Key("logging.log_format", T::kString, "text"),
      Key("logging.max_log_files", T::kInt, "720"),
      Key("logging.enable_otlp_tracing", T::kBool, "false"),
      Key("logging.otlp_endpoint", T::kString, "http://localhost:4318/v1/traces"),
      Key("logging.otlp_export_protocol", T::kString, "http"),
      Key("logging.tracing_sample_ratio.default_ratio", T::kFloat, "1.0"),
      Key("logging.enable_per_region_metrics", T::kBool, "false"),
  };
  AddTls(k, "grpc");
  AddTls(k, "mysql");
  AddTls(k, "postgres");
  return ConfigSchema(std::move(k));
}

Result<std::vector<std::pair<std::string, std::string>>> StandaloneFlagsToKeys(
    const StandaloneFlags& flags) {
  std::vector<std::pair<std::string, std::string>> keys;
  std::string tls_mode;
  if (flags.tls_mode) {
    // The command line spells verify-ca/verify-full with a dash, TOML with an underscore.
    tls_mode = *flags.tls_mode;
    for (char& c : tls_mode) c = c == '-' ? '_' : c;
    if (tls_mode != "disable" && tls_mode != "prefer" && tls_mode != "require" &&
        tls_mode != "verify_ca" && tls_mode != "verify_full") {
      return Status::InvalidArguments(
          "invalid --tls-mode '{}': expected disable, prefer, require, verify-ca or verify-full",
          *flags.tls_mode);
    }
  }
  const bool tls_applies = flags.tls_mode && tls_mode != "disable" && flags.tls_cert_path &&
                           flags.tls_key_path && !flags.tls_cert_path->empty() &&
                           !flags.tls_key_path->empty();
  auto add_tls = [&](const std::string& section) {
    if (!tls_applies) return;
    keys.emplace_back(section + ".tls.mode", tls_mode);
    keys.emplace_back(section + ".tls.cert_path", *flags.tls_cert_path);
    keys.emplace_back(section + ".tls.key_path", *flags.tls_key_path);
    keys.emplace_back(section + ".tls.watch", flags.tls_watch ? "true" : "false");
  };
  if (flags.http_addr) keys.emplace_back("http.addr", *flags.http_addr);
  if (flags.grpc_bind_addr) {
    keys.emplace_back("grpc.bind_addr", *flags.grpc_bind_addr);
    add_tls("grpc");
  }
  if (flags.mysql_addr) {
    keys.emplace_back("mysql.addr", *flags.mysql_addr);
    keys.emplace_back("mysql.enable", "true");
    add_tls("mysql");
  }
  if (flags.postgres_addr) {
    keys.emplace_back("postgres.addr", *flags.postgres_addr);
    keys.emplace_back("postgres.enable", "true");
    add_tls("postgres");
  }
  if (flags.influxdb_enable) keys.emplace_back("influxdb.enable", "true");
  if (flags.user_provider) keys.emplace_back("user_provider", *flags.user_provider);
  if (flags.data_home) keys.emplace_back("storage.data_home", *flags.data_home);
  if (flags.log_dir) keys.emplace_back("logging.dir", *flags.log_dir);
  if (flags.log_level) keys.emplace_back("logging.level", *flags.log_level);
  return keys;
}

Result<Config> LoadStandaloneConfig(const StandaloneFlags& flags,
                                    std::vector<std::pair<std::string, std::string>> environment) {
  static const ConfigSchema schema = StandaloneConfigSchema();
  ConfigSources sources;
  sources.file_path = flags.config_file;
  sources.env_prefix = flags.env_prefix;
  const std::vector<std::pair<std::string, std::string>> env = environment;
  sources.environment = std::move(environment);
  GT_ASSIGN_OR_RETURN(sources.flags, StandaloneFlagsToKeys(flags));
  GT_ASSIGN_OR_RETURN(Config config, Config::Load(schema, sources));

  if (config.GetString("grpc.bind_addr") == "127.0.0.1:3001") {
    return Status::InvalidArguments(
        "gRPC listen address conflicts with datanode reserved gRPC addr: 127.0.0.1:3001");
  }
  if (config.GetString("storage.data_home").empty()) {
    return Status::InvalidArguments("storage.data_home must not be empty");
  }
  if (config.GetString("logging.dir").empty()) {
    const auto dir = std::filesystem::path(config.GetString("storage.data_home")) / "logs";
    GT_RETURN_IF_ERROR(config.Set("logging.dir", dir.string()));
  }
  if (!config.Has("logging.level")) {
    std::string level = "info";
    for (const auto& [name, value] : env) {
      if (name == "RUST_LOG" && !value.empty()) level = value;
    }
    GT_RETURN_IF_ERROR(config.Set("logging.level", level));
  }
  const std::string format = config.GetString("logging.log_format");
  if (format != "text" && format != "json") {
    return Status::InvalidArguments(
        "invalid value for config key 'logging.log_format': expected text or json, got '{}'",
        format);
  }
  return config;
}

}  // namespace greptime::cmd
