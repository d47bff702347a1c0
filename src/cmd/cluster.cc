// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "cmd/cluster.h"

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include <CLI/CLI.hpp>

#include "catalog/catalog_manager.h"
#include "cmd/role_common.h"
#include "cmd/standalone_options.h"
#include "common/logging.h"
#include "datanode/region_codec.h"
#include "datanode/region_server.h"
#include "datanode/region_service.h"
#include "frontend/frontend.h"
#include "frontend/routed_regions.h"
#include "meta/etcd_kv_backend.h"
#include "meta/kv_backend.h"
#include "metasrv/ddl.h"
#include "metasrv/meta_client.h"
#include "metasrv/meta_server.h"

namespace greptime::cmd {
namespace {

using T = ConfigType;

const char* RoleName(ClusterRole role) {
  switch (role) {
    case ClusterRole::kMetasrv: return "metasrv";
    case ClusterRole::kDatanode: return "datanode";
    case ClusterRole::kFrontend: return "frontend";
    case ClusterRole::kNone: break;
  }
  return "?";
}

// The standalone keys (a superset of what frontends and datanodes read) with the role's own
// keys added and defaults changed.
ConfigSchema RoleSchema(ClusterRole role) {
  std::vector<ConfigKey> keys = StandaloneConfigSchema().keys();
  auto set = [&keys](ConfigKey key) {
    for (ConfigKey& k : keys) {
      if (k.path == key.path) {
        k = std::move(key);
        return;
      }
    }
    keys.push_back(std::move(key));
  };
  set({"meta_client.metasrv_addrs", T::kStringList, std::nullopt});
  set({"meta_client.timeout", T::kDuration, "3s"});
  set({"meta_client.ddl_timeout", T::kDuration, "10s"});
  set({"meta_client.connect_timeout", T::kDuration, "1s"});
  set({"meta_client.tcp_nodelay", T::kBool, "true"});
  set({"heartbeat_interval", T::kDuration, "3s"});
  switch (role) {
    case ClusterRole::kMetasrv:
      set({"grpc.bind_addr", T::kString, "127.0.0.1:3002"});
      set({"data_home", T::kString, "./greptimedb_data"});
      set({"store_addrs", T::kStringList, "127.0.0.1:2379"});
      set({"store_key_prefix", T::kString, ""});
      set({"backend", T::kString, "etcd_store"});
      set({"max_txn_ops", T::kInt, "128"});
      set({"selector", T::kString, "round_robin"});
      set({"enable_region_failover", T::kBool, "false"});
      set({"datanode_lease", T::kDuration, "10s"});
      break;
    case ClusterRole::kDatanode:
      set({"grpc.bind_addr", T::kString, "127.0.0.1:3001"});
      set({"node_id", T::kInt, std::nullopt});
      break;
    case ClusterRole::kFrontend:
    case ClusterRole::kNone:
      break;
  }
  return ConfigSchema(std::move(keys));
}

std::vector<std::pair<std::string, std::string>> FlagsToKeys(const ClusterFlags& f) {
  std::vector<std::pair<std::string, std::string>> keys;
  auto add = [&keys](const char* key, const std::optional<std::string>& v) {
    if (v) keys.emplace_back(key, *v);
  };
  add("http.addr", f.http_addr);
  add("grpc.bind_addr", f.grpc_bind_addr);
  add("grpc.server_addr", f.grpc_server_addr);
  auto list = [](std::string v) {  // comma- or space-separated
    for (char& c : v) c = c == ' ' ? ',' : c;
    return v;
  };
  if (f.metasrv_addrs) keys.emplace_back("meta_client.metasrv_addrs", list(*f.metasrv_addrs));
  if (f.node_id) keys.emplace_back("node_id", std::to_string(*f.node_id));
  if (f.role == ClusterRole::kMetasrv) {
    add("data_home", f.data_home);
  } else {
    add("storage.data_home", f.data_home);
  }
  add("wal.dir", f.wal_dir);
  if (f.store_addrs) keys.emplace_back("store_addrs", list(*f.store_addrs));
  if (f.backend) {
    std::string b = *f.backend;
    for (char& c : b) c = c == '-' ? '_' : c;
    keys.emplace_back("backend", b);
  }
  add("store_key_prefix", f.store_key_prefix);
  if (f.max_txn_ops) keys.emplace_back("max_txn_ops", std::to_string(*f.max_txn_ops));
  add("selector", f.selector);
  if (f.mysql_addr) {
    keys.emplace_back("mysql.addr", *f.mysql_addr);
    keys.emplace_back("mysql.enable", "true");
  }
  if (f.postgres_addr) {
    keys.emplace_back("postgres.addr", *f.postgres_addr);
    keys.emplace_back("postgres.enable", "true");
  }
  add("user_provider", f.user_provider);
  add("logging.dir", f.log_dir);
  add("logging.level", f.log_level);
  return keys;
}

void AddCommonFlags(CLI::App* start, ClusterFlags& f) {
  start->add_option("-c,--config-file", f.config_file, "TOML configuration file");
  start->add_option("--env-prefix", f.env_prefix, "Prefix of configuration environment variables");
  start->add_option("--http-addr", f.http_addr, "HTTP listen address (http.addr)");
}

CLI::App* AddRole(CLI::App& app, ClusterFlags& flags, ClusterRole role, const char* about) {
  CLI::App* cmd = app.add_subcommand(RoleName(role), about);
  cmd->require_subcommand(1);
  cmd->fallthrough();
  CLI::App* start = cmd->add_subcommand("start", std::string("Start the ") + RoleName(role));
  start->fallthrough();
  AddCommonFlags(start, flags);
  start->callback([&flags, role]() { flags.role = role; });
  return start;
}

// ---------------------------------------------------------------------------------------------

int RunMetasrv(const Config& config) {
  const sigset_t signals = BlockShutdownSignals();
  const std::string backend = config.GetString("backend");
  const std::string selector = config.GetString("selector");
  if (auto parsed = metasrv::ParseSelector(selector); !parsed.ok()) {
    GT_LOG_ERROR("{}", parsed.status().message());
    return 1;
  }
  std::unique_ptr<meta::KvBackend> kv;
  meta::EtcdKvBackend* etcd_backend = nullptr;
  if (backend == "etcd_store") {
    meta::EtcdOptions etcd;
    etcd.endpoints = config.GetStringList("store_addrs");
    etcd.key_prefix = config.GetString("store_key_prefix");
    etcd.max_txn_ops = static_cast<size_t>(std::max<int64_t>(1, config.GetInt("max_txn_ops")));
    auto opened = meta::NewEtcdKvBackend(std::move(etcd));
    if (!opened.ok()) {
      GT_LOG_ERROR("failed to connect to etcd (store_addrs): {}", opened.status().message());
      return 1;
    }
    etcd_backend = opened->get();
    kv = std::move(opened).value();
  } else if (backend == "memory_store") {
    GT_LOG_WARN("backend memory_store: cluster metadata lives in this process only");
    kv = meta::NewMemoryKvBackend();
  } else {
    GT_LOG_ERROR("unsupported metasrv backend '{}': use etcd_store or memory_store", backend);
    return 1;
  }
  metasrv::MetaServerOptions options;
  options.addr = config.GetString("grpc.bind_addr");
  options.datanode_lease = std::chrono::duration_cast<std::chrono::seconds>(
      config.GetDuration("datanode_lease"));
  options.server_addr = config.GetString("grpc.server_addr");
  options.selector = selector;
  options.election = etcd_backend;  // several metasrvs on one etcd elect a leader
  auto server = metasrv::MetaServer::Start(options, *kv);
  if (!server.ok()) {
    GT_LOG_ERROR("{}", server.status().message());
    return 1;
  }
  auto http = AdminHttpServer::Start(config);
  if (!http.ok()) {
    GT_LOG_ERROR("{}", http.status().message());
    return 1;
  }
  GT_LOG_INFO("greptime metasrv is ready");
  WaitForShutdown(signals);
  (*http)->Shutdown();
  (*server)->Shutdown();
  GT_LOG_INFO("Goodbye!");
  ShutdownLogging();
  return 0;
}

// Calls `fn` until it succeeds or `attempts` run out (the metasrv may start after us).
template <typename Fn>
Status Retry(const char* what, int attempts, Fn fn) {
  Status st;
  for (int i = 0; i < attempts; ++i) {
    st = fn();
    if (st.ok()) return st;
    GT_LOG_WARN("{} failed ({}), retrying", what, st.message());
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  return st;
}

int RunDatanode(const Config& config) {
  if (!config.Has("node_id")) {
    GT_LOG_ERROR("Missing node id option");
    return 1;
  }
  const uint64_t node_id = static_cast<uint64_t>(config.GetInt("node_id"));
  const sigset_t signals = BlockShutdownSignals();
  const std::string data_home = config.GetString("storage.data_home");
  auto local = OpenLocalRegions(config, data_home);
  if (!local.ok()) {
    GT_LOG_ERROR("{}", local.status().message());
    return 1;
  }
  datanode::RegionServer& regions = *local->server;

  metasrv::MetaClient meta_client(
      {config.GetStringList("meta_client.metasrv_addrs"),
       std::chrono::duration_cast<std::chrono::milliseconds>(
           config.GetDuration("meta_client.timeout"))});
  std::unique_ptr<catalog::CatalogManager> catalog;
  Status st = Retry("loading the catalog from the metasrv", 30, [&]() -> Status {
    catalog::CatalogOptions options;
    options.shared_epoch_check = std::chrono::milliseconds(100);
    auto made = catalog::NewKvCatalogManager(meta_client.kv(), options);
    if (!made.ok()) return made.status();
    catalog = std::move(made).value();
    return Status::OK();
  });
  if (!st.ok()) {
    GT_LOG_ERROR("cannot reach the metasrv: {}", st.message());
    return 1;
  }
  // The regions this datanode leads, as the routes in the metasrv say.
  {
    frontend::Frontend opener(*catalog, regions, frontend::FrontendOptions{});
    if (Status opened = opener.OpenRegions(node_id); !opened.ok()) {
      GT_LOG_ERROR("failed to open regions: {}", opened.ToString());
      return 1;
    }
  }
  datanode::RegionServiceOptions service_options;
  service_options.addr = config.GetString("grpc.bind_addr");
  service_options.max_message_bytes = config.GetSize("grpc.max_recv_message_size");
  auto service = datanode::RegionGrpcServer::Start(service_options, regions);
  if (!service.ok()) {
    GT_LOG_ERROR("{}", service.status().message());
    return 1;
  }
  const std::string advertised = config.GetString("grpc.server_addr").empty()
                                     ? (*service)->bound_address()
                                     : config.GetString("grpc.server_addr");
  auto http = AdminHttpServer::Start(config);
  if (!http.ok()) {
    GT_LOG_ERROR("{}", http.status().message());
    return 1;
  }

  // Heartbeats: registration with the metasrv and region statistics; each answer renews the
  // region lease. Until the first answer the datanode may not change regions.
  regions.SetLeaseDeadline(std::chrono::steady_clock::now());
  const int64_t start_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  const auto interval = std::max<std::chrono::nanoseconds>(
      std::chrono::milliseconds(200), config.GetDuration("heartbeat_interval"));
  std::thread heartbeat([&]() {
    bool registered = false;
    std::unique_lock<std::mutex> lock(mu);
    while (!stopping) {
      lock.unlock();
      std::vector<metasrv::RegionStat> stats;
      for (storage::RegionId id : regions.OpenRegions()) {
        metasrv::RegionStat s;
        s.region_id = id.value();
        if (auto r = regions.Statistics(id); r.ok()) {
          s.num_rows = r->num_rows;
          s.memtable_bytes = r->memtable_bytes;
          s.sst_bytes = r->sst_bytes;
        }
        stats.push_back(s);
      }
      const auto sent = std::chrono::steady_clock::now();
      auto lease = meta_client.Heartbeat(node_id, advertised, start_ms, stats);
      if (lease.ok()) regions.SetLeaseDeadline(sent + *lease);
      if (!lease.ok()) {
        GT_LOG_WARN("heartbeat to the metasrv failed: {}", lease.status().message());
        registered = false;
      } else if (!registered) {
        GT_LOG_INFO("registered with the metasrv as datanode {} at {}", node_id, advertised);
        registered = true;
      }
      lock.lock();
      cv.wait_for(lock, interval, [&]() { return stopping; });
    }
  });
  GT_LOG_INFO("greptime datanode {} is ready", node_id);
  WaitForShutdown(signals);
  {
    std::lock_guard<std::mutex> lock(mu);
    stopping = true;
  }
  cv.notify_all();
  heartbeat.join();
  (*service)->Shutdown();
  (*http)->Shutdown();
  regions.Stop();
  GT_LOG_INFO("Goodbye!");
  ShutdownLogging();
  return 0;
}

// The metasrv's registry as the frontend's view of the cluster.
class MetaClusterView final : public frontend::ClusterView {
 public:
  MetaClusterView(metasrv::MetaClient& client, std::vector<std::string> metasrvs)
      : client_(client), metasrvs_(std::move(metasrvs)) {}
  Result<std::vector<frontend::PeerView>> Peers() const override {
    GT_ASSIGN_OR_RETURN(auto nodes, client_.ListDatanodes());
    std::vector<frontend::PeerView> out;
    for (const auto& n : nodes) {
      out.push_back({n.id, "DATANODE", n.addr, n.alive, n.start_time_ms, n.last_heartbeat_ms});
    }
    for (const std::string& addr : metasrvs_) out.push_back({0, "METASRV", addr, true, 0, 0});
    return out;
  }

 private:
  metasrv::MetaClient& client_;
  std::vector<std::string> metasrvs_;
};

// CREATE / DROP TABLE as the metasrv leader's procedures.
class MetaDdlExecutor final : public frontend::DdlExecutor {
 public:
  explicit MetaDdlExecutor(metasrv::MetaClient& client) : client_(client) {}

  Result<catalog::CreateTableResult> CreateTable(
      catalog::TableInfo info, bool if_not_exists,
      std::map<uint32_t, storage::EngineOptions> region_options) override {
    std::map<uint32_t, std::map<std::string, std::string>> options(region_options.begin(),
                                                                   region_options.end());
    GT_ASSIGN_OR_RETURN(auto created, client_.CreateTable(info.ToJson(), if_not_exists, options));
    GT_ASSIGN_OR_RETURN(catalog::TableInfo table,
                        catalog::TableInfo::FromJson(created.table_info_json));
    return catalog::CreateTableResult{std::make_shared<const catalog::TableInfo>(std::move(table)),
                                      created.created};
  }

  Result<catalog::TableInfoPtr> AlterTable(
      const catalog::TableInfo& current, catalog::TableInfo updated,
      std::vector<storage::AlterRequest> region_changes) override {
    std::vector<std::string> encoded;
    for (storage::AlterRequest& change : region_changes) {
      ::greptime::region::v1::RegionRequest message;
      GT_RETURN_IF_ERROR(datanode::EncodeRegionRequest(datanode::RegionRequest(std::move(change)),
                                                       &message));
      encoded.push_back(message.alter().SerializeAsString());
    }
    GT_ASSIGN_OR_RETURN(std::string stored,
                        client_.AlterTable(current.ToJson(), updated.ToJson(), encoded));
    GT_ASSIGN_OR_RETURN(catalog::TableInfo info, catalog::TableInfo::FromJson(stored));
    return std::make_shared<const catalog::TableInfo>(std::move(info));
  }

  Status TruncateTable(const catalog::TableInfo& table) override {
    return client_.TruncateTable(table.catalog, table.schema, table.name);
  }

  Result<catalog::TableInfoPtr> DropTable(std::string_view catalog, std::string_view schema,
                                          std::string_view table, bool if_exists) override {
    GT_ASSIGN_OR_RETURN(auto dropped, client_.DropTable(std::string(catalog), std::string(schema),
                                                        std::string(table), if_exists));
    if (!dropped) return catalog::TableInfoPtr();
    GT_ASSIGN_OR_RETURN(catalog::TableInfo info, catalog::TableInfo::FromJson(*dropped));
    return std::make_shared<const catalog::TableInfo>(std::move(info));
  }

 private:
  metasrv::MetaClient& client_;
};

int RunFrontend(const Config& config) {
  const sigset_t signals = BlockShutdownSignals();
  metasrv::MetaClient meta_client(
      {config.GetStringList("meta_client.metasrv_addrs"),
       std::chrono::duration_cast<std::chrono::milliseconds>(
           config.GetDuration("meta_client.timeout")),
       std::chrono::duration_cast<std::chrono::milliseconds>(
           config.GetDuration("meta_client.ddl_timeout"))});
  auto peers = [&meta_client]() -> Result<std::vector<frontend::DatanodePeer>> {
    GT_ASSIGN_OR_RETURN(auto nodes, meta_client.ListDatanodes());
    std::vector<frontend::DatanodePeer> out;
    for (const auto& n : nodes) out.push_back({n.id, n.addr});
    return out;
  };
  catalog::CatalogOptions catalog_options;
  // Other frontends and the metasrv change the catalog too: cached metadata is dropped when
  // the shared epoch moved (checked at most every 100 ms).
  catalog_options.shared_epoch_check = std::chrono::milliseconds(100);
  // Tables are created by the metasrv's procedures (MetaDdlExecutor), which place the regions;
  // a table created through this catalog directly would be a bug.
  catalog_options.region_placement =
      [](const catalog::TableInfo& info) -> Result<std::vector<uint64_t>> {
    return Status::Internal("table {} must be created through the metasrv", info.FullName());
  };
  std::unique_ptr<catalog::CatalogManager> catalog;
  Status st = Retry("loading the catalog from the metasrv", 30, [&]() -> Status {
    auto made = catalog::NewKvCatalogManager(meta_client.kv(), catalog_options);
    if (!made.ok()) return made.status();
    catalog = std::move(made).value();
    return Status::OK();
  });
  if (!st.ok()) {
    GT_LOG_ERROR("cannot reach the metasrv: {}", st.message());
    return 1;
  }
  frontend::RoutedRegionHandler regions(*catalog, peers);
  MetaClusterView cluster(meta_client, config.GetStringList("meta_client.metasrv_addrs"));
  MetaDdlExecutor ddl(meta_client);
  frontend::FrontendOptions fe_options;
  fe_options.ddl = &ddl;
  fe_options.query_memory_limit = QueryMemoryLimit(config.GetString("query.memory_pool_size"));
  fe_options.cluster = &cluster;
  frontend::Frontend frontend(*catalog, regions, fe_options);
  auto servers = ProtocolServers::Start(config, frontend);
  if (!servers.ok()) {
    GT_LOG_ERROR("{}", servers.status().message());
    return 1;
  }
  GT_LOG_INFO("greptime frontend is ready");
  WaitForShutdown(signals);
  (*servers)->Shutdown();
  GT_LOG_INFO("Goodbye!");
  ShutdownLogging();
  return 0;
}

}  // namespace

void AddClusterCommands(CLI::App& app, ClusterFlags& f) {
  CLI::App* meta = AddRole(app, f, ClusterRole::kMetasrv, "Run a metasrv (cluster metadata)");
  meta->add_option("--grpc-bind-addr,--rpc-bind-addr,--bind-addr", f.grpc_bind_addr,
                   "gRPC listen address (grpc.bind_addr)");
  meta->add_option("--grpc-server-addr,--rpc-server-addr,--server-addr", f.grpc_server_addr,
                   "Advertised gRPC address (grpc.server_addr)");
  meta->add_option("--store-addrs,--store-addr", f.store_addrs, "etcd endpoints (store_addrs)");
  meta->add_option("--backend", f.backend, "etcd-store or memory-store (backend)");
  meta->add_option("--store-key-prefix", f.store_key_prefix, "Key prefix in the store");
  meta->add_option("--max-txn-ops", f.max_txn_ops, "etcd's --max-txn-ops");
  meta->add_option("-s,--selector", f.selector, "Datanode selector (selector)");
  meta->add_option("--data-home", f.data_home, "Data directory (data_home)");

  CLI::App* dn = AddRole(app, f, ClusterRole::kDatanode, "Run a datanode (serves regions)");
  dn->add_option("--node-id", f.node_id, "Datanode id (node_id)");
  dn->add_option("--grpc-bind-addr,--rpc-bind-addr,--rpc-addr", f.grpc_bind_addr,
                 "Region service listen address (grpc.bind_addr)");
  dn->add_option("--grpc-server-addr,--rpc-server-addr,--rpc-hostname", f.grpc_server_addr,
                 "Advertised region service address (grpc.server_addr)");
  dn->add_option("--metasrv-addrs", f.metasrv_addrs, "Metasrv addresses");
  dn->add_option("--data-home", f.data_home, "Data directory (storage.data_home)");
  dn->add_option("--wal-dir", f.wal_dir, "WAL directory (wal.dir)");

  CLI::App* fe = AddRole(app, f, ClusterRole::kFrontend, "Run a frontend (client protocols)");
  fe->add_option("--grpc-bind-addr,--rpc-bind-addr,--rpc-addr", f.grpc_bind_addr,
                 "gRPC listen address (grpc.bind_addr)");
  fe->add_option("--mysql-addr", f.mysql_addr, "MySQL listen address (mysql.addr)");
  fe->add_option("--postgres-addr", f.postgres_addr, "PostgreSQL listen address");
  fe->add_option("--metasrv-addrs", f.metasrv_addrs, "Metasrv addresses");
  fe->add_option("--user-provider", f.user_provider, "User provider");
}

Result<Config> LoadClusterConfig(const ClusterFlags& flags,
                                 std::vector<std::pair<std::string, std::string>> environment) {
  const ConfigSchema schema = RoleSchema(flags.role);
  ConfigSources sources;
  sources.file_path = flags.config_file;
  const std::string role = RoleName(flags.role);
  std::string prefix = "GREPTIMEDB_";
  for (char c : role) prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  sources.env_prefix = flags.env_prefix.value_or(prefix);
  const auto env = environment;
  sources.environment = std::move(environment);
  sources.flags = FlagsToKeys(flags);
  GT_ASSIGN_OR_RETURN(Config config, Config::Load(schema, sources));
  if ((flags.role == ClusterRole::kFrontend || flags.role == ClusterRole::kDatanode) &&
      config.GetStringList("meta_client.metasrv_addrs").empty()) {
    return Status::InvalidArguments(
        "meta_client.metasrv_addrs is required (--metasrv-addrs) for the {}", role);
  }
  if (config.GetString("logging.dir").empty()) {
    std::string home = "./greptimedb_data";
    if (flags.role == ClusterRole::kMetasrv) home = config.GetString("data_home");
    if (flags.role == ClusterRole::kDatanode) home = config.GetString("storage.data_home");
    GT_RETURN_IF_ERROR(config.Set("logging.dir", (std::filesystem::path(home) / "logs").string()));
  }
  if (!config.Has("logging.level")) {
    std::string level = "info";
    for (const auto& [name, value] : env) {
      if (name == "RUST_LOG" && !value.empty()) level = value;
    }
    GT_RETURN_IF_ERROR(config.Set("logging.level", level));
  }
  return config;
}

int RunCluster(const ClusterFlags& flags) {
  auto loaded = LoadClusterConfig(flags, ProcessEnvironment());
  if (!loaded.ok()) {
    std::fprintf(stderr, "greptime: failed to load configuration: %s\n",
                 loaded.status().message().c_str());
    return 1;
  }
  const Config config = std::move(loaded).value();
  if (flags.role == ClusterRole::kDatanode && !config.Has("node_id")) {
    std::fprintf(stderr, "greptime: Missing node id option\n");
    return 1;
  }
  if (!InitRoleLogging(config, RoleName(flags.role), flags.config_file)) return 1;
  switch (flags.role) {
    case ClusterRole::kMetasrv: return RunMetasrv(config);
    case ClusterRole::kDatanode: return RunDatanode(config);
    case ClusterRole::kFrontend: return RunFrontend(config);
    case ClusterRole::kNone: break;
  }
  return 1;
}

}  // namespace greptime::cmd
