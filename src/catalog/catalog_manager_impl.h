// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// KvCatalogManager, the KvBackend implementation of CatalogManager (internal to the catalog
// component: include catalog_manager.h and use NewKvCatalogManager).
#pragma once

#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "catalog/catalog_manager.h"
#include "meta/sequence.h"

namespace greptime::catalog {

// "{"table_id":1024}", the value of a __table_name key.
std::string EncodeTableNameValue(uint32_t table_id);
Result<uint32_t> DecodeTableNameValue(std::string_view value);

// A table info with the exact bytes it was read from (for compare-and-put).
struct StoredTable {
  TableInfoPtr info;
  std::string bytes;
};

class KvCatalogManager final : public CatalogManager {
 public:
  KvCatalogManager(meta::KvBackend& kv, CatalogOptions options);

  // Creates the built-in catalog and databases when missing.
  Status Bootstrap();

  Status CreateDatabase(std::string_view catalog, std::string_view schema, bool if_not_exists,
                        const OptionMap& options) override;
  Result<std::vector<TableInfoPtr>> DropDatabase(std::string_view catalog, std::string_view schema,
                                                 bool if_exists) override;
  Status AlterDatabase(std::string_view catalog, std::string_view schema, const OptionMap& set,
                       const std::vector<std::string>& unset) override;
  Result<DatabaseInfo> GetDatabase(std::string_view catalog, std::string_view schema) override;
  Result<bool> DatabaseExists(std::string_view catalog, std::string_view schema) override;
  Result<std::vector<DatabaseInfo>> ListDatabases(std::string_view catalog) override;
  Result<std::vector<std::string>> ListCatalogs() override;

  Result<CreateTableResult> CreateTable(TableInfo info, bool if_not_exists) override;
  Result<TableInfoPtr> GetTable(std::string_view catalog, std::string_view schema,
                                std::string_view table) override;
  Result<TableInfoPtr> GetTableById(uint32_t table_id) override;
  Result<bool> TableExists(std::string_view catalog, std::string_view schema,
                           std::string_view table) override;
  Result<std::vector<TableInfoPtr>> ListTables(std::string_view catalog,
                                               std::string_view schema) override;
  Result<TableInfoPtr> DropTable(std::string_view catalog, std::string_view schema,
                                 std::string_view table, bool if_exists) override;
  Result<TableInfoPtr> RenameTable(std::string_view catalog, std::string_view schema,
                                   std::string_view table, std::string_view new_name) override;
  Result<TableInfoPtr> UpdateTableInfo(const TableInfo& current, TableInfo updated) override;

  Result<TableRoute> GetTableRoute(uint32_t table_id) override;
  Result<std::vector<DatanodeTable>> ListDatanodeTables(uint64_t datanode_id) override;

  void InvalidateCache() override;

 private:
  // Read-check-write loops retry this often when a compare fails because of a concurrent
  // change, then give up with kUnexpected.
  static constexpr int kMaxAttempts = 16;

  Timestamp NowMillis() const;

  uint64_t CacheGeneration();
  // With shared_epoch_check: drops the caches when the store's epoch changed (checked at most
  // once per interval).
  void Revalidate();
  // Runs a changing transaction, adding the epoch bump when the store is shared.
  Result<meta::TxnResponse> Commit(meta::TxnRequest txn);
  TableInfoPtr CachedByName(const std::string& name_key);
  TableInfoPtr CachedById(uint32_t table_id);
  // Caches `info` unless the cache was invalidated since `generation` was taken.
  void FillCache(uint64_t generation, const TableInfoPtr& info);

  // nullopt when there is no __table_info/<id>.
  Result<std::optional<StoredTable>> LoadTable(uint32_t table_id);
  // Route and datanode-table puts of a new table (its regions placed by
  // options_.region_placement, else all on the standalone datanode).
  Status AppendRoutePuts(const TableInfo& info, std::vector<meta::TxnOp>& ops) const;
  // Deletes of every key of the table (name, info, route, datanode tables).
  Result<std::vector<meta::TxnOp>> TableDeletes(const TableInfo& info);
  // Fills ids, region numbers and times of a new table and validates it.
  Status PrepareNewTable(TableInfo& info);
  Result<CreateTableResult> ExistingTable(const TableInfo& info, bool if_not_exists);
  // The decoded value of a __schema_name key.
  Result<DatabaseOptions> DecodeSchemaValue(std::string_view schema, std::string_view value);

  meta::KvBackend& kv_;
  const CatalogOptions options_;
  const Clock& clock_;
  meta::SequenceAllocator table_ids_;

  std::mutex cache_mu_;
  uint64_t generation_ = 0;                                // guarded by cache_mu_
  std::unordered_map<std::string, TableInfoPtr> by_name_;  // guarded by cache_mu_
  std::unordered_map<uint32_t, TableInfoPtr> by_id_;       // guarded by cache_mu_
  // "catalog.schema" of databases seen to exist (every query checks its database); erased when
  // a database is dropped here, cleared by InvalidateCache.
  std::unordered_set<std::string> known_databases_;        // guarded by cache_mu_
  std::string epoch_;                                      // guarded by cache_mu_
  std::chrono::steady_clock::time_point next_epoch_check_;  // guarded by cache_mu_
};

}  // namespace greptime::catalog
