// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The KvBackend keys of cluster metadata, named as GreptimeDB names them (common-meta key.rs):
//   __catalog_name/<catalog>                        -> {}
//   __schema_name/<catalog>/<schema>                -> database options (JSON)
//   __table_name/<catalog>/<schema>/<table>         -> {"table_id":<id>}
//   __table_info/<table_id>                         -> table info (JSON)
//   __table_route/<table_id>                        -> regions and their peers (JSON)
//   __dn_table/<datanode_id>/<table_id>             -> the table's regions on that datanode (JSON)
//   __meta_seq-table_id                             -> next table id (decimal text)
// Catalog, schema and table names never contain '/' (the catalog validates them), so every
// prefix below is unambiguous.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace greptime::meta {

inline constexpr std::string_view kCatalogNameKeyPrefix = "__catalog_name";
inline constexpr std::string_view kSchemaNameKeyPrefix = "__schema_name";
inline constexpr std::string_view kTableNameKeyPrefix = "__table_name";
inline constexpr std::string_view kTableInfoKeyPrefix = "__table_info";
inline constexpr std::string_view kTableRouteKeyPrefix = "__table_route";
inline constexpr std::string_view kDatanodeTableKeyPrefix = "__dn_table";
inline constexpr std::string_view kTableIdSequenceKey = "__meta_seq-table_id";
// Changes with every catalog change of a cluster (CatalogOptions::shared_epoch_check).
inline constexpr std::string_view kCatalogEpochKey = "__catalog_epoch";

// GreptimeDB's MIN_USER_TABLE_ID: ids below are reserved for system tables.
inline constexpr uint32_t kMinUserTableId = 1024;
// The datanode of a standalone server.
inline constexpr uint64_t kStandaloneDatanodeId = 0;

std::string CatalogNameKey(std::string_view catalog);
std::string CatalogNameRangePrefix();  // "__catalog_name/"
std::string SchemaNameKey(std::string_view catalog, std::string_view schema);
std::string SchemaNameRangePrefix(std::string_view catalog);  // "__schema_name/<catalog>/"
std::string TableNameKey(std::string_view catalog, std::string_view schema, std::string_view table);
// "__table_name/<catalog>/<schema>/"
std::string TableNameRangePrefix(std::string_view catalog, std::string_view schema);
std::string TableInfoKey(uint32_t table_id);
std::string TableRouteKey(uint32_t table_id);
std::string DatanodeTableKey(uint64_t datanode_id, uint32_t table_id);
std::string DatanodeTableRangePrefix(uint64_t datanode_id);  // "__dn_table/<datanode_id>/"

// The part of `key` after `prefix`; "" when `key` does not start with it.
std::string_view KeySuffix(std::string_view key, std::string_view prefix);

}  // namespace greptime::meta
