// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// DdlProcedures: CREATE and DROP TABLE of a cluster, run by the metasrv leader as procedures
// whose progress is persisted under `__procedure/<id>` in the metadata store before each step,
// so that a new leader resumes what a crashed one left (ResumeAll). A create allocates the table
// id, writes the metadata with the regions placed on alive datanodes (round robin; a metric
// logical table next to its physical table), then creates every region; a failure rolls all of
// it back. A drop removes the regions, then the metadata. One procedure runs at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/catalog_manager.h"
#include "common/status.h"
#include "datanode/region_server.h"
#include "meta/kv_backend.h"

namespace greptime::metasrv {

struct AliveDatanode {
  uint64_t id = 0;
  std::string addr;
  bool alive = false;
  uint64_t region_count = 0;  // regions it reported in its last heartbeat
};

// How new regions are spread over the alive datanodes (metasrv `selector`): round_robin (in
// turn), lease_based (at random), load_based (the datanodes with the fewest regions first).
enum class Selector { kRoundRobin, kLeaseBased, kLoadBased };
// "round_robin" / "RoundRobin", ...; kInvalidArguments "unsupported selector type: x".
Result<Selector> ParseSelector(std::string_view name);

class DdlProcedures {
 public:
  // `datanodes` lists the registered datanodes (the leader's registry). `kv` is borrowed.
  static Result<std::unique_ptr<DdlProcedures>> Create(
      meta::KvBackend& kv, std::function<std::vector<AliveDatanode>()> datanodes,
      Selector selector = Selector::kRoundRobin);
  ~DdlProcedures();

  Result<catalog::CreateTableResult> CreateTable(
      catalog::TableInfo info, bool if_not_exists,
      std::map<uint32_t, storage::EngineOptions> region_options);
  Result<catalog::TableInfoPtr> DropTable(const std::string& catalog, const std::string& schema,
                                          const std::string& table, bool if_exists);
  // Truncates every region of the table (repeatable: resumed as it is).
  Status TruncateTable(const std::string& catalog, const std::string& schema,
                       const std::string& table);
  // Applies `region_changes` to the regions (a change already applied by a crashed leader is
  // skipped), then stores `updated` over `current` (kRequestOutdated if it changed meanwhile).
  Result<catalog::TableInfoPtr> AlterTable(const catalog::TableInfo& current,
                                           catalog::TableInfo updated,
                                           std::vector<storage::AlterRequest> region_changes);
  // Finishes (or rolls back) every procedure left in the store. Returns how many there were.
  Result<size_t> ResumeAll();

 private:
  struct Procedure;
  DdlProcedures(meta::KvBackend& kv, std::function<std::vector<AliveDatanode>()> datanodes);

  Result<catalog::CreateTableResult> RunCreate(Procedure& p);
  Result<catalog::TableInfoPtr> RunDrop(Procedure& p);
  Result<catalog::TableInfoPtr> RunAlter(Procedure& p);
  Status RunTruncate(Procedure& p);
  Status Save(const Procedure& p);
  void Forget(const Procedure& p);
  // The client of the datanode leading region `rn` of `table_id`.
  Result<datanode::RegionHandler*> Leader(uint32_t table_id, uint32_t rn);
  Status CreateRegions(const catalog::TableInfo& info,
                       const std::map<uint32_t, storage::EngineOptions>& options);
  Status DropRegions(const catalog::TableInfo& info, bool ignore_unreachable);

  meta::KvBackend& kv_;
  std::function<std::vector<AliveDatanode>()> datanodes_;
  std::unique_ptr<catalog::CatalogManager> catalog_;
  std::mutex mu_;  // one procedure at a time
  std::map<std::string, std::unique_ptr<datanode::RegionHandler>> clients_;  // by address; mu_
  uint64_t next_placement_ = 0;
  Selector selector_ = Selector::kRoundRobin;
};

}  // namespace greptime::metasrv
