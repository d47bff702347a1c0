// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// KvCatalogManager: the CatalogManager over a KvBackend. Each change is one guarded transaction
// (see catalog_manager.h for the design); this file holds the table operations, the cache and
// start-up; catalog_databases.cc the database operations.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <random>

#include "catalog/catalog_manager_impl.h"

namespace greptime::catalog {

using meta::TxnCompare;
using meta::TxnOp;
using meta::TxnRequest;
using meta::TxnResponse;

// ---------------------------------------------------------------------------------------------
// Values of the name keys

std::string EncodeTableNameValue(uint32_t table_id) {
  return fmt::format("{{\"table_id\":{}}}", table_id);
}

Result<uint32_t> DecodeTableNameValue(std::string_view value) {
  // Written by EncodeTableNameValue only; read it back strictly.
  constexpr std::string_view kPrefix = "{\"table_id\":";
  if (value.substr(0, kPrefix.size()) != kPrefix || value.size() < kPrefix.size() + 2 ||
      value.back() != '}') {
    return Status::Unexpected("corrupted table name value: {}", value);
  }
  std::string_view digits = value.substr(kPrefix.size(), value.size() - kPrefix.size() - 1);
  uint64_t id = 0;
  for (char c : digits) {
    if (c < '0' || c > '9' || id > UINT32_MAX) {
      return Status::Unexpected("corrupted table name value: {}", value);
    }
    id = id * 10 + static_cast<uint64_t>(c - '0');
  }
  if (digits.empty() || id > UINT32_MAX) {
    return Status::Unexpected("corrupted table name value: {}", value);
  }
  return static_cast<uint32_t>(id);
}

// ---------------------------------------------------------------------------------------------
// Start-up and cache

KvCatalogManager::KvCatalogManager(meta::KvBackend& kv, CatalogOptions options)
    : kv_(kv),
      options_(options),
      clock_(options.clock != nullptr ? *options.clock : Clock::System()),
      table_ids_(kv, std::string(meta::kTableIdSequenceKey), meta::kMinUserTableId) {}

Status KvCatalogManager::Bootstrap() {
  // Put-if-absent: a lost race with another process bootstrapping is as good as a win.
  GT_RETURN_IF_ERROR(
      kv_.CompareAndPut(meta::CatalogNameKey(kDefaultCatalog), std::nullopt, "{}").status());
  for (std::string_view schema : {kDefaultSchema, kPrivateSchema}) {
    GT_RETURN_IF_ERROR(
        kv_.CompareAndPut(meta::SchemaNameKey(kDefaultCatalog, schema), std::nullopt, "{}")
            .status());
  }
  return Status::OK();
}

Timestamp KvCatalogManager::NowMillis() const {
  Timestamp now = clock_.Now();
  auto ms = now.ConvertTo(TimeUnit::kMillisecond);
  return ms.ok() ? *ms : Timestamp{0, TimeUnit::kMillisecond};
}

uint64_t KvCatalogManager::CacheGeneration() {
  std::lock_guard lock(cache_mu_);
  return generation_;
}

void KvCatalogManager::Revalidate() {
  if (options_.shared_epoch_check.count() <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(cache_mu_);
    if (now < next_epoch_check_) return;
    next_epoch_check_ = now + options_.shared_epoch_check;
  }
  auto epoch = kv_.Get(meta::kCatalogEpochKey);
  const std::string value = epoch.ok() ? epoch->value_or("") : "?";
  std::lock_guard lock(cache_mu_);
  if (epoch.ok() && value == epoch_) return;
  epoch_ = value;
  ++generation_;
  by_name_.clear();
  by_id_.clear();
  known_databases_.clear();
}

Result<meta::TxnResponse> KvCatalogManager::Commit(meta::TxnRequest txn) {
  if (options_.shared_epoch_check.count() > 0) {
    static std::atomic<uint64_t> counter{0};
    std::random_device rd;
    txn.success.push_back(TxnOp::Put(
        std::string(meta::kCatalogEpochKey),
        fmt::format("{:08x}{:08x}{}", rd(), rd(), counter.fetch_add(1))));
  }
  return kv_.Txn(txn);
}

TableInfoPtr KvCatalogManager::CachedByName(const std::string& name_key) {
  Revalidate();
  if (!options_.enable_cache) return nullptr;
  std::lock_guard lock(cache_mu_);
  auto it = by_name_.find(name_key);
  return it == by_name_.end() ? nullptr : it->second;
}

TableInfoPtr KvCatalogManager::CachedById(uint32_t table_id) {
  Revalidate();
  if (!options_.enable_cache) return nullptr;
  std::lock_guard lock(cache_mu_);
  auto it = by_id_.find(table_id);
  return it == by_id_.end() ? nullptr : it->second;
}

void KvCatalogManager::FillCache(uint64_t generation, const TableInfoPtr& info) {
  if (!options_.enable_cache) return;
  std::lock_guard lock(cache_mu_);
  // A change since the read began may have made `info` stale: skip it.
  if (generation != generation_) return;
  by_name_[meta::TableNameKey(info->catalog, info->schema, info->name)] = info;
  by_id_[info->id] = info;
}

void KvCatalogManager::InvalidateCache() {
  std::lock_guard lock(cache_mu_);
  ++generation_;
  by_name_.clear();
  by_id_.clear();
  known_databases_.clear();
}

// ---------------------------------------------------------------------------------------------
// Reads

Result<std::optional<StoredTable>> KvCatalogManager::LoadTable(uint32_t table_id) {
  GT_ASSIGN_OR_RETURN(std::optional<std::string> bytes, kv_.Get(meta::TableInfoKey(table_id)));
  if (!bytes) return std::optional<StoredTable>();
  auto info = TableInfo::FromJson(*bytes);
  if (!info.ok()) return std::move(info).status().WithContext("table id {}", table_id);
  return std::optional<StoredTable>(
      StoredTable{std::make_shared<const TableInfo>(std::move(*info)), std::move(*bytes)});
}

Result<TableInfoPtr> KvCatalogManager::GetTable(std::string_view catalog, std::string_view schema,
                                                std::string_view table) {
  if (IsVirtualSchema(schema)) return TableNotFoundError(catalog, schema, table);
  const std::string name_key = meta::TableNameKey(catalog, schema, table);
  if (TableInfoPtr cached = CachedByName(name_key)) return cached;
  uint64_t generation = CacheGeneration();
  GT_ASSIGN_OR_RETURN(std::optional<std::string> name_value, kv_.Get(name_key));
  if (!name_value) return TableNotFoundError(catalog, schema, table);
  GT_ASSIGN_OR_RETURN(uint32_t table_id, DecodeTableNameValue(*name_value));
  GT_ASSIGN_OR_RETURN(std::optional<StoredTable> stored, LoadTable(table_id));
  // The two reads are not one snapshot: a drop or rename in between shows as a missing info or
  // an info under another name, both of which mean the name is gone now.
  if (!stored || stored->info->name != table || stored->info->schema != schema ||
      stored->info->catalog != catalog) {
    return TableNotFoundError(catalog, schema, table);
  }
  FillCache(generation, stored->info);
  return stored->info;
}

Result<TableInfoPtr> KvCatalogManager::GetTableById(uint32_t table_id) {
  if (TableInfoPtr cached = CachedById(table_id)) return cached;
  uint64_t generation = CacheGeneration();
  GT_ASSIGN_OR_RETURN(std::optional<StoredTable> stored, LoadTable(table_id));
  if (!stored) {
    return Status(StatusCode::kTableNotFound,
                  fmt::format("Table not found: table id {}", table_id));
  }
  FillCache(generation, stored->info);
  return stored->info;
}

Result<bool> KvCatalogManager::TableExists(std::string_view catalog, std::string_view schema,
                                           std::string_view table) {
  auto info = GetTable(catalog, schema, table);
  if (info.ok()) return true;
  if (info.status().code() == StatusCode::kTableNotFound) return false;
  return std::move(info).status();
}

Result<std::vector<TableInfoPtr>> KvCatalogManager::ListTables(std::string_view catalog,
                                                               std::string_view schema) {
  if (IsVirtualSchema(schema)) return std::vector<TableInfoPtr>();
  GT_ASSIGN_OR_RETURN(bool exists, DatabaseExists(catalog, schema));
  if (!exists) return DatabaseNotFoundError(catalog, schema);
  uint64_t generation = CacheGeneration();
  const std::string prefix = meta::TableNameRangePrefix(catalog, schema);
  GT_ASSIGN_OR_RETURN(meta::RangeResponse names, kv_.Range(meta::RangeRequest::Prefix(prefix)));
  std::vector<TableInfoPtr> out;
  std::vector<std::string> missing_keys;
  std::vector<uint32_t> ids;
  for (const meta::KeyValue& kv : names.kvs) {
    GT_ASSIGN_OR_RETURN(uint32_t table_id, DecodeTableNameValue(kv.value));
    ids.push_back(table_id);
    if (CachedById(table_id) == nullptr) missing_keys.push_back(meta::TableInfoKey(table_id));
  }
  GT_ASSIGN_OR_RETURN(std::vector<meta::KeyValue> infos, kv_.BatchGet(missing_keys));
  std::map<uint32_t, TableInfoPtr> loaded;
  for (const meta::KeyValue& kv : infos) {
    GT_ASSIGN_OR_RETURN(TableInfo info, TableInfo::FromJson(kv.value));
    auto ptr = std::make_shared<const TableInfo>(std::move(info));
    loaded[ptr->id] = ptr;
  }
  for (uint32_t table_id : ids) {
    TableInfoPtr info = CachedById(table_id);
    if (info == nullptr) {
      auto it = loaded.find(table_id);
      if (it == loaded.end()) continue;  // dropped between the two reads
      info = it->second;
      FillCache(generation, info);
    }
    // Renamed or moved between the two reads: it is listed under its new name, if at all.
    if (info->catalog != catalog || info->schema != schema) continue;
    out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(),
            [](const TableInfoPtr& a, const TableInfoPtr& b) { return a->name < b->name; });
  return out;
}

Result<TableRoute> KvCatalogManager::GetTableRoute(uint32_t table_id) {
  GT_ASSIGN_OR_RETURN(std::optional<std::string> bytes, kv_.Get(meta::TableRouteKey(table_id)));
  if (!bytes) {
    return Status(StatusCode::kTableNotFound,
                  fmt::format("Table not found: table id {}", table_id));
  }
  return TableRoute::FromJson(*bytes);
}

Result<std::vector<DatanodeTable>> KvCatalogManager::ListDatanodeTables(uint64_t datanode_id) {
  GT_ASSIGN_OR_RETURN(
      meta::RangeResponse range,
      kv_.Range(meta::RangeRequest::Prefix(meta::DatanodeTableRangePrefix(datanode_id))));
  std::vector<DatanodeTable> out;
  for (const meta::KeyValue& kv : range.kvs) {
    GT_ASSIGN_OR_RETURN(DatanodeTable table, DatanodeTable::FromJson(kv.value));
    out.push_back(std::move(table));
  }
  std::sort(out.begin(), out.end(),
            [](const DatanodeTable& a, const DatanodeTable& b) { return a.table_id < b.table_id; });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writes

Status KvCatalogManager::AppendRoutePuts(const TableInfo& info, std::vector<TxnOp>& ops) const {
  TableRoute route = LocalTableRoute(info);
  if (options_.region_placement) {
    GT_ASSIGN_OR_RETURN(std::vector<uint64_t> leaders, options_.region_placement(info));
    if (leaders.size() != route.regions.size()) {
      return Status::Internal("region placement gave {} datanodes for {} regions", leaders.size(),
                              route.regions.size());
    }
    for (size_t i = 0; i < leaders.size(); ++i) route.regions[i].leader_datanode = leaders[i];
  }
  ops.push_back(TxnOp::Put(meta::TableRouteKey(info.id), route.ToJson()));
  for (uint64_t datanode : route.LeaderDatanodes()) {
    ops.push_back(TxnOp::Put(meta::DatanodeTableKey(datanode, info.id),
                             DatanodeTableOf(info, route, datanode).ToJson()));
  }
  return Status::OK();
}

Result<std::vector<TxnOp>> KvCatalogManager::TableDeletes(const TableInfo& info) {
  std::vector<TxnOp> ops;
  ops.push_back(TxnOp::Delete(meta::TableNameKey(info.catalog, info.schema, info.name)));
  ops.push_back(TxnOp::Delete(meta::TableInfoKey(info.id)));
  ops.push_back(TxnOp::Delete(meta::TableRouteKey(info.id)));
  GT_ASSIGN_OR_RETURN(std::optional<std::string> route_bytes,
                      kv_.Get(meta::TableRouteKey(info.id)));
  std::vector<uint64_t> datanodes = {meta::kStandaloneDatanodeId};
  if (route_bytes) {
    GT_ASSIGN_OR_RETURN(TableRoute route, TableRoute::FromJson(*route_bytes));
    for (uint64_t datanode : route.LeaderDatanodes()) datanodes.push_back(datanode);
  }
  std::sort(datanodes.begin(), datanodes.end());
  datanodes.erase(std::unique(datanodes.begin(), datanodes.end()), datanodes.end());
  for (uint64_t datanode : datanodes) {
    ops.push_back(TxnOp::Delete(meta::DatanodeTableKey(datanode, info.id)));
  }
  return ops;
}

Status KvCatalogManager::PrepareNewTable(TableInfo& info) {
  if (info.next_column_id == 0) {
    for (size_t i = 0; i < info.columns.size(); ++i) {
      info.columns[i].column_id = static_cast<uint32_t>(i);
    }
    info.next_column_id = static_cast<uint32_t>(info.columns.size());
  }
  if (info.region_numbers.empty()) {
    for (uint32_t i = 0; i < info.PartitionCount(); ++i) info.region_numbers.push_back(i);
  }
  Timestamp now = NowMillis();
  if (info.created_at.value == 0) info.created_at = now;
  if (info.updated_at.value == 0) info.updated_at = info.created_at;
  info.version = 0;
  return info.Validate();
}

Result<CreateTableResult> KvCatalogManager::ExistingTable(const TableInfo& info,
                                                          bool if_not_exists) {
  if (!if_not_exists) return TableAlreadyExistsError(info.catalog, info.schema, info.name);
  GT_ASSIGN_OR_RETURN(TableInfoPtr existing, GetTable(info.catalog, info.schema, info.name));
  return CreateTableResult{std::move(existing), false};
}

Result<CreateTableResult> KvCatalogManager::CreateTable(TableInfo info, bool if_not_exists) {
  if (IsVirtualSchema(info.schema)) return SchemaReadOnlyError(info.schema);
  GT_RETURN_IF_ERROR(PrepareNewTable(info));
  const std::string name_key = meta::TableNameKey(info.catalog, info.schema, info.name);
  const std::string schema_key = meta::SchemaNameKey(info.catalog, info.schema);

  // Cheap checks first, so that a plain "already exists" costs no table id.
  GT_ASSIGN_OR_RETURN(std::optional<std::string> existing, kv_.Get(name_key));
  if (existing) return ExistingTable(info, if_not_exists);
  GT_ASSIGN_OR_RETURN(std::optional<std::string> schema_value, kv_.Get(schema_key));
  if (!schema_value) return DatabaseNotFoundError(info.catalog, info.schema);

  if (info.id == 0) {
    GT_ASSIGN_OR_RETURN(uint64_t id, table_ids_.Next());
    if (id > UINT32_MAX) return Status::Unexpected("table ids are exhausted");
    info.id = static_cast<uint32_t>(id);
  } else {
    // A caller-chosen id (restore, tests): keep the sequence from handing it out later.
    GT_RETURN_IF_ERROR(table_ids_.EnsureAtLeast(uint64_t{info.id} + 1));
  }

  TxnRequest txn;
  txn.compare = {TxnCompare::Absent(name_key), TxnCompare::Present(schema_key),
                 TxnCompare::Absent(meta::TableInfoKey(info.id))};
  txn.success = {TxnOp::Put(name_key, EncodeTableNameValue(info.id)),
                 TxnOp::Put(meta::TableInfoKey(info.id), info.ToJson())};
  GT_RETURN_IF_ERROR(AppendRoutePuts(info, txn.success));
  txn.failure = {TxnOp::Get(name_key), TxnOp::Get(schema_key)};
  GT_ASSIGN_OR_RETURN(TxnResponse response, Commit(std::move(txn)));
  if (!response.succeeded) {
    if (!response.responses[1]) return DatabaseNotFoundError(info.catalog, info.schema);
    if (response.responses[0]) return ExistingTable(info, if_not_exists);
    return Status::InvalidArguments("table id {} is already in use", info.id);
  }
  InvalidateCache();
  return CreateTableResult{std::make_shared<const TableInfo>(std::move(info)), true};
}

Result<TableInfoPtr> KvCatalogManager::DropTable(std::string_view catalog, std::string_view schema,
                                                 std::string_view table, bool if_exists) {
  if (IsVirtualSchema(schema)) return SchemaReadOnlyError(schema);
  const std::string name_key = meta::TableNameKey(catalog, schema, table);
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    GT_ASSIGN_OR_RETURN(std::optional<std::string> name_value, kv_.Get(name_key));
    if (!name_value) {
      if (if_exists) return TableInfoPtr();
      return TableNotFoundError(catalog, schema, table);
    }
    GT_ASSIGN_OR_RETURN(uint32_t table_id, DecodeTableNameValue(*name_value));
    GT_ASSIGN_OR_RETURN(std::optional<StoredTable> stored, LoadTable(table_id));
    TxnRequest txn;
    txn.compare = {TxnCompare::Equal(name_key, *name_value)};
    if (stored) {
      txn.compare.push_back(TxnCompare::Equal(meta::TableInfoKey(table_id), stored->bytes));
      GT_ASSIGN_OR_RETURN(txn.success, TableDeletes(*stored->info));
    } else {
      // A name without info (metadata written by something else, or damaged): drop the name.
      txn.success = {TxnOp::Delete(name_key)};
    }
    GT_ASSIGN_OR_RETURN(TxnResponse response, Commit(std::move(txn)));
    if (response.succeeded) {
      InvalidateCache();
      if (stored) return stored->info;
      if (if_exists) return TableInfoPtr();
      return TableNotFoundError(catalog, schema, table);
    }
  }
  return Status::Unexpected("drop table {}: gave up after {} concurrent changes",
                            FullTableName(catalog, schema, table), kMaxAttempts);
}

Result<TableInfoPtr> KvCatalogManager::RenameTable(std::string_view catalog,
                                                   std::string_view schema, std::string_view table,
                                                   std::string_view new_name) {
  if (IsVirtualSchema(schema)) return SchemaReadOnlyError(schema);
  if (!IsValidName(new_name)) {
    return Status::Unexpected("Unexpected, violated: Invalid table name: {}", new_name);
  }
  const std::string old_key = meta::TableNameKey(catalog, schema, table);
  const std::string new_key = meta::TableNameKey(catalog, schema, new_name);
  auto already_exists = [&] {
    return Status(
        StatusCode::kTableAlreadyExists,
        fmt::format("Table already exists, table: {}", FullTableName(catalog, schema, new_name)));
  };
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    GT_ASSIGN_OR_RETURN(std::optional<std::string> name_value, kv_.Get(old_key));
    if (!name_value) return TableNotFoundError(catalog, schema, table);
    GT_ASSIGN_OR_RETURN(std::optional<std::string> taken, kv_.Get(new_key));
    if (taken) return already_exists();
    GT_ASSIGN_OR_RETURN(uint32_t table_id, DecodeTableNameValue(*name_value));
    GT_ASSIGN_OR_RETURN(std::optional<StoredTable> stored, LoadTable(table_id));
    if (!stored) continue;  // dropped meanwhile: the next round reports it
    TableInfo renamed = *stored->info;
    renamed.name = std::string(new_name);
    renamed.version += 1;
    renamed.updated_at = NowMillis();
    TxnRequest txn;
    txn.compare = {TxnCompare::Equal(old_key, *name_value), TxnCompare::Absent(new_key),
                   TxnCompare::Equal(meta::TableInfoKey(table_id), stored->bytes)};
    txn.success = {TxnOp::Delete(old_key), TxnOp::Put(new_key, *name_value),
                   TxnOp::Put(meta::TableInfoKey(table_id), renamed.ToJson())};
    GT_ASSIGN_OR_RETURN(TxnResponse response, Commit(std::move(txn)));
    if (response.succeeded) {
      InvalidateCache();
      return std::make_shared<const TableInfo>(std::move(renamed));
    }
  }
  return Status::Unexpected("rename table {}: gave up after {} concurrent changes",
                            FullTableName(catalog, schema, table), kMaxAttempts);
}

Result<TableInfoPtr> KvCatalogManager::UpdateTableInfo(const TableInfo& current,
                                                       TableInfo updated) {
  if (updated.id != current.id || updated.catalog != current.catalog ||
      updated.schema != current.schema || updated.name != current.name) {
    return Status::InvalidArguments(
        "update table info of {}: the id and the name cannot change (use RenameTable)",
        current.FullName());
  }
  if (IsVirtualSchema(current.schema)) return SchemaReadOnlyError(current.schema);
  GT_RETURN_IF_ERROR(updated.Validate());
  GT_ASSIGN_OR_RETURN(std::optional<StoredTable> stored, LoadTable(current.id));
  if (!stored || stored->info->name != current.name || stored->info->schema != current.schema) {
    return TableNotFoundError(current.catalog, current.schema, current.name);
  }
  if (stored->info->version != current.version) {
    return Status(StatusCode::kRequestOutdated,
                  fmt::format("Table info of {} was changed concurrently (version {}, expected {})",
                              current.FullName(), stored->info->version, current.version));
  }
  updated.version = current.version + 1;
  updated.updated_at = NowMillis();
  TxnRequest txn;
  txn.compare = {TxnCompare::Equal(meta::TableInfoKey(current.id), stored->bytes)};
  txn.success = {TxnOp::Put(meta::TableInfoKey(current.id), updated.ToJson())};
  if (updated.region_numbers != stored->info->region_numbers ||
      updated.partition != stored->info->partition) {
    GT_RETURN_IF_ERROR(AppendRoutePuts(updated, txn.success));
  }
  GT_ASSIGN_OR_RETURN(TxnResponse response, Commit(std::move(txn)));
  if (!response.succeeded) {
    return Status(StatusCode::kRequestOutdated,
                  fmt::format("Table info of {} was changed concurrently", current.FullName()));
  }
  InvalidateCache();
  return std::make_shared<const TableInfo>(std::move(updated));
}

// ---------------------------------------------------------------------------------------------

Result<std::unique_ptr<CatalogManager>> NewKvCatalogManager(meta::KvBackend& kv,
                                                            CatalogOptions options) {
  auto manager = std::make_unique<KvCatalogManager>(kv, options);
  GT_RETURN_IF_ERROR(manager->Bootstrap().WithContext("bootstrap catalog"));
  return std::unique_ptr<CatalogManager>(std::move(manager));
}

}  // namespace greptime::catalog
