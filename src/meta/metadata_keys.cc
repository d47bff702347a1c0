// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Builders of the metadata keys listed in metadata_keys.h.
#include "meta/metadata_keys.h"

#include <fmt/format.h>

namespace greptime::meta {

std::string CatalogNameKey(std::string_view catalog) {
  return fmt::format("{}/{}", kCatalogNameKeyPrefix, catalog);
}

std::string CatalogNameRangePrefix() { return fmt::format("{}/", kCatalogNameKeyPrefix); }

std::string SchemaNameKey(std::string_view catalog, std::string_view schema) {
  return fmt::format("{}/{}/{}", kSchemaNameKeyPrefix, catalog, schema);
}

std::string SchemaNameRangePrefix(std::string_view catalog) {
  return fmt::format("{}/{}/", kSchemaNameKeyPrefix, catalog);
}

std::string TableNameKey(std::string_view catalog, std::string_view schema,
                         std::string_view table) {
  return fmt::format("{}/{}/{}/{}", kTableNameKeyPrefix, catalog, schema, table);
}

std::string TableNameRangePrefix(std::string_view catalog, std::string_view schema) {
  return fmt::format("{}/{}/{}/", kTableNameKeyPrefix, catalog, schema);
}

std::string TableInfoKey(uint32_t table_id) {
  return fmt::format("{}/{}", kTableInfoKeyPrefix, table_id);
}

std::string TableRouteKey(uint32_t table_id) {
  return fmt::format("{}/{}", kTableRouteKeyPrefix, table_id);
}

std::string DatanodeTableKey(uint64_t datanode_id, uint32_t table_id) {
  return fmt::format("{}/{}/{}", kDatanodeTableKeyPrefix, datanode_id, table_id);
}

std::string DatanodeTableRangePrefix(uint64_t datanode_id) {
  return fmt::format("{}/{}/", kDatanodeTableKeyPrefix, datanode_id);
}

std::string_view KeySuffix(std::string_view key, std::string_view prefix) {
  if (key.substr(0, prefix.size()) != prefix) return {};
  return key.substr(prefix.size());
}

}  // namespace greptime::meta
