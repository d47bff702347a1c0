// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The frontends' and datanodes' side of the metasrv: the cluster metadata store as a
// meta::KvBackend (so the catalog code of standalone runs unchanged over it), datanode
// heartbeats and the list of datanodes. With several metasrv addresses, a call that cannot reach
// one tries the next. gRPC stays inside the .cc.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "meta/kv_backend.h"

namespace greptime::metasrv {

struct MetaClientOptions {
  std::vector<std::string> addrs;  // meta_client.metasrv_addrs
  std::chrono::milliseconds timeout{3000};
  std::chrono::milliseconds ddl_timeout{10000};  // meta_client.ddl_timeout
};

struct DatanodeInfo {
  uint64_t id = 0;
  std::string addr;  // its region service
  int64_t last_heartbeat_ms = 0;
  int64_t start_time_ms = 0;
  bool alive = false;
  uint64_t region_count = 0;
};

struct RegionStat {
  uint64_t region_id = 0;
  uint64_t num_rows = 0;
  uint64_t memtable_bytes = 0;
  uint64_t sst_bytes = 0;
};

class MetaClient {
 public:
  struct Impl;  // (public so that the backend in the .cc can reach it)

  explicit MetaClient(MetaClientOptions options);
  ~MetaClient();

  // The metadata store. The returned backend shares this client's channels and must not
  // outlive it.
  meta::KvBackend& kv();
  // Registers / refreshes a datanode; returns the lease the metasrv granted.
  Result<std::chrono::seconds> Heartbeat(uint64_t id, const std::string& addr,
                                         int64_t start_time_ms,
                                         const std::vector<RegionStat>& regions);
  // Every registered datanode, by id.
  Result<std::vector<DatanodeInfo>> ListDatanodes();

  // DDL procedures of the leader (metasrv/ddl.h), with TableInfo as its JSON.
  struct CreatedTable {
    bool created = false;
    std::string table_info_json;
  };
  Result<CreatedTable> CreateTable(const std::string& table_info_json, bool if_not_exists,
                                   const std::map<uint32_t, std::map<std::string, std::string>>&
                                       region_options);
  // The stored table's JSON. `region_changes` are region-service AlterRegion messages, encoded.
  Result<std::string> AlterTable(const std::string& current_json, const std::string& updated_json,
                                 const std::vector<std::string>& region_changes);
  Status TruncateTable(const std::string& catalog, const std::string& schema,
                       const std::string& table);
  // The dropped table's JSON, or nullopt when it did not exist (if_exists).
  Result<std::optional<std::string>> DropTable(const std::string& catalog,
                                               const std::string& schema,
                                               const std::string& table, bool if_exists);

 private:

 private:
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<meta::KvBackend> kv_;
};

}  // namespace greptime::metasrv
