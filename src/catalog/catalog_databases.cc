// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Database operations of KvCatalogManager. A database is the key __schema_name/<catalog>/<name>
// whose value is its WITH (...) options as a JSON object.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "catalog/catalog_manager_impl.h"
#include "common/strings.h"

namespace greptime::catalog {
namespace {

using meta::TxnCompare;
using meta::TxnOp;
using meta::TxnRequest;
using meta::TxnResponse;

std::string EncodeSchemaValue(const DatabaseOptions& options) {
  return nlohmann::json(options.raw).dump();
}

DatabaseInfo VirtualDatabase(std::string_view catalog, std::string_view schema) {
  DatabaseInfo info;
  info.catalog = std::string(catalog);
  info.name = std::string(schema);
  info.is_virtual = true;
  return info;
}

}  // namespace

Result<DatabaseOptions> KvCatalogManager::DecodeSchemaValue(std::string_view schema,
                                                            std::string_view value) {
  auto j = nlohmann::json::parse(value.begin(), value.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Unexpected("corrupted options of database {}: {}", schema, value);
  }
  OptionMap raw;
  for (const auto& [key, v] : j.items()) {
    if (!v.is_string()) {
      return Status::Unexpected("corrupted options of database {}: {}", schema, value);
    }
    raw.emplace(key, v.get<std::string>());
  }
  auto options = DatabaseOptions::Parse(std::move(raw));
  if (!options.ok()) {
    return std::move(options).status().WithContext("corrupted options of database {}", schema);
  }
  return options;
}

Status KvCatalogManager::CreateDatabase(std::string_view catalog, std::string_view schema,
                                        bool if_not_exists, const OptionMap& options) {
  GT_RETURN_IF_ERROR(ValidateDatabaseName(schema));
  if (IsVirtualSchema(schema)) {
    return if_not_exists ? Status::OK() : DatabaseAlreadyExistsError(schema);
  }
  GT_ASSIGN_OR_RETURN(DatabaseOptions parsed, DatabaseOptions::Parse(options));
  TxnRequest txn;
  const std::string catalog_key = meta::CatalogNameKey(catalog);
  const std::string schema_key = meta::SchemaNameKey(catalog, schema);
  txn.compare = {TxnCompare::Present(catalog_key), TxnCompare::Absent(schema_key)};
  txn.success = {TxnOp::Put(schema_key, EncodeSchemaValue(parsed))};
  txn.failure = {TxnOp::Get(catalog_key)};
  GT_ASSIGN_OR_RETURN(TxnResponse response, Commit(std::move(txn)));
  if (response.succeeded) return Status::OK();
  if (!response.responses[0]) return Status::InvalidArguments("Catalog not found: {}", catalog);
  return if_not_exists ? Status::OK() : DatabaseAlreadyExistsError(schema);
}

Result<std::vector<TableInfoPtr>> KvCatalogManager::DropDatabase(std::string_view catalog,
                                                                 std::string_view schema,
                                                                 bool if_exists) {
  if (IsVirtualSchema(schema)) return SchemaReadOnlyError(schema);
  {
    std::lock_guard lock(cache_mu_);
    known_databases_.erase(std::string(catalog) + "." + std::string(schema));
  }
  const std::string schema_key = meta::SchemaNameKey(catalog, schema);
  const std::string prefix = meta::TableNameRangePrefix(catalog, schema);
  std::vector<TableInfoPtr> dropped;
  // Round 1 removes the database key together with every table it saw, guarded by the database
  // value; once the key is gone no CreateTable can commit in the database (its transaction
  // requires the key). Later rounds sweep tables whose creation committed between round 1's
  // read and its transaction.
  bool schema_dropped = false;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    std::optional<std::string> schema_value;
    if (!schema_dropped) {
      GT_ASSIGN_OR_RETURN(schema_value, kv_.Get(schema_key));
      if (!schema_value) {
        if (if_exists) return dropped;
        return DatabaseNotFoundError(catalog, schema);
      }
    }
    GT_ASSIGN_OR_RETURN(meta::RangeResponse names, kv_.Range(meta::RangeRequest::Prefix(prefix)));
    if (schema_dropped && names.kvs.empty()) break;
    TxnRequest txn;
    std::vector<TableInfoPtr> infos;
    if (schema_value) {
      txn.compare.push_back(TxnCompare::Equal(schema_key, *schema_value));
      txn.success.push_back(TxnOp::Delete(schema_key));
    }
    for (const meta::KeyValue& kv : names.kvs) {
      txn.compare.push_back(TxnCompare::Equal(kv.key, kv.value));
      txn.success.push_back(TxnOp::Delete(kv.key));
      GT_ASSIGN_OR_RETURN(uint32_t table_id, DecodeTableNameValue(kv.value));
      GT_ASSIGN_OR_RETURN(std::optional<StoredTable> stored, LoadTable(table_id));
      if (!stored) continue;
      txn.compare.push_back(TxnCompare::Equal(meta::TableInfoKey(table_id), stored->bytes));
      GT_ASSIGN_OR_RETURN(std::vector<TxnOp> deletes, TableDeletes(*stored->info));
      for (TxnOp& op : deletes) txn.success.push_back(std::move(op));
      infos.push_back(stored->info);
    }
    GT_ASSIGN_OR_RETURN(TxnResponse response, Commit(std::move(txn)));
    if (!response.succeeded) continue;  // something changed under us: read again
    InvalidateCache();
    schema_dropped = true;
    for (TableInfoPtr& info : infos) dropped.push_back(std::move(info));
  }
  if (!schema_dropped) {
    return Status::Unexpected("drop database {}: gave up after {} concurrent changes", schema,
                              kMaxAttempts);
  }
  std::sort(dropped.begin(), dropped.end(),
            [](const TableInfoPtr& a, const TableInfoPtr& b) { return a->name < b->name; });
  {
    std::lock_guard lock(cache_mu_);  // again: a lookup may have cached it while dropping
    known_databases_.erase(std::string(catalog) + "." + std::string(schema));
  }
  return dropped;
}

Status KvCatalogManager::AlterDatabase(std::string_view catalog, std::string_view schema,
                                       const OptionMap& set,
                                       const std::vector<std::string>& unset) {
  if (IsVirtualSchema(schema)) return SchemaReadOnlyError(schema);
  const std::string schema_key = meta::SchemaNameKey(catalog, schema);
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    GT_ASSIGN_OR_RETURN(std::optional<std::string> value, kv_.Get(schema_key));
    if (!value) return DatabaseNotFoundError(catalog, schema);
    GT_ASSIGN_OR_RETURN(DatabaseOptions current, DecodeSchemaValue(schema, *value));
    GT_ASSIGN_OR_RETURN(DatabaseOptions changed, current.WithChanges(set, unset));
    TxnRequest txn;
    txn.compare = {TxnCompare::Equal(schema_key, *value)};
    txn.success = {TxnOp::Put(schema_key, EncodeSchemaValue(changed))};
    GT_ASSIGN_OR_RETURN(TxnResponse swapped, Commit(std::move(txn)));
    if (swapped.succeeded) {
      InvalidateCache();
      return Status::OK();
    }
  }
  return Status::Unexpected("alter database {}: gave up after {} concurrent changes", schema,
                            kMaxAttempts);
}

Result<DatabaseInfo> KvCatalogManager::GetDatabase(std::string_view catalog,
                                                   std::string_view schema) {
  if (schema == kInformationSchema) return VirtualDatabase(catalog, schema);
  if (schema == kPgCatalog) return DatabaseNotFoundError(catalog, schema);
  GT_ASSIGN_OR_RETURN(std::optional<std::string> value,
                      kv_.Get(meta::SchemaNameKey(catalog, schema)));
  if (!value) return DatabaseNotFoundError(catalog, schema);
  DatabaseInfo info;
  info.catalog = std::string(catalog);
  info.name = std::string(schema);
  GT_ASSIGN_OR_RETURN(info.options, DecodeSchemaValue(schema, *value));
  return info;
}

Result<bool> KvCatalogManager::DatabaseExists(std::string_view catalog, std::string_view schema) {
  if (AsciiLower(schema) == kInformationSchema) return true;  // USE INFORMATION_SCHEMA works too
  if (schema == kPgCatalog) return false;
  const std::string cache_key = std::string(catalog) + "." + std::string(schema);
  Revalidate();
  {
    std::lock_guard lock(cache_mu_);
    if (known_databases_.count(cache_key) != 0) return true;
  }
  GT_ASSIGN_OR_RETURN(std::optional<std::string> value,
                      kv_.Get(meta::SchemaNameKey(catalog, schema)));
  if (value.has_value()) {
    std::lock_guard lock(cache_mu_);
    known_databases_.insert(cache_key);
  }
  return value.has_value();
}

Result<std::vector<DatabaseInfo>> KvCatalogManager::ListDatabases(std::string_view catalog) {
  const std::string prefix = meta::SchemaNameRangePrefix(catalog);
  GT_ASSIGN_OR_RETURN(meta::RangeResponse range, kv_.Range(meta::RangeRequest::Prefix(prefix)));
  std::vector<DatabaseInfo> out;
  out.push_back(VirtualDatabase(catalog, kInformationSchema));
  for (const meta::KeyValue& kv : range.kvs) {
    DatabaseInfo info;
    info.catalog = std::string(catalog);
    info.name = std::string(meta::KeySuffix(kv.key, prefix));
    GT_ASSIGN_OR_RETURN(info.options, DecodeSchemaValue(info.name, kv.value));
    out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(),
            [](const DatabaseInfo& a, const DatabaseInfo& b) { return a.name < b.name; });
  return out;
}

Result<std::vector<std::string>> KvCatalogManager::ListCatalogs() {
  const std::string prefix = meta::CatalogNameRangePrefix();
  GT_ASSIGN_OR_RETURN(meta::RangeResponse range, kv_.Range(meta::RangeRequest::Prefix(prefix)));
  std::vector<std::string> out;
  for (const meta::KeyValue& kv : range.kvs) out.emplace_back(meta::KeySuffix(kv.key, prefix));
  return out;
}

}  // namespace greptime::catalog
