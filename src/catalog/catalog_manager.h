// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// CatalogManager: databases and tables of the catalog, kept in a KvBackend under the metadata
// keys of meta/metadata_keys.h. The public header of the catalog component.
//
// Design. Every change is one KvBackend transaction whose compares guard what it relies on (the
// name is free, the database exists, the stored info is the one read), so concurrent DDL from
// many threads or processes sharing the backend never leaves half-written metadata: of eight
// concurrent CREATE TABLE of one name exactly one commits. Table ids come from a
// SequenceAllocator (1024 upward); ids lost to a lost race are not reused. Reads go through a
// small cache of immutable TableInfo snapshots that every local change clears; a reader that
// raced with a change does not fill the cache (a generation counter), so a cached entry is never
// older than the last local change. Changes made by another process on the same backend are
// seen after InvalidateCache() (or with CatalogOptions::enable_cache = false).
#pragma once

#include <cstdint>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/names.h"
#include "catalog/table_info.h"
#include "catalog/table_options.h"
#include "catalog/table_route.h"
#include "common/status.h"
#include "common/time.h"
#include "meta/kv_backend.h"
#include "meta/metadata_keys.h"

namespace greptime::catalog {

struct DatabaseInfo {
  std::string catalog;
  std::string name;
  DatabaseOptions options;
  bool is_virtual = false;  // information_schema: listed, not stored, read-only
  bool operator==(const DatabaseInfo&) const = default;
};

struct CreateTableResult {
  TableInfoPtr table;    // the table as stored (the existing one when !created)
  bool created = false;  // false: IF NOT EXISTS found the table already there
};

struct CatalogOptions {
  bool enable_cache = true;
  const Clock* clock = nullptr;  // Clock::System() when null; stamps created/updated times
  // Several processes sharing one store (a cluster's frontends and metasrv): every change also
  // writes a new `__catalog_epoch`, and cached metadata is dropped when the epoch read at most
  // this often has changed (so another process's change is seen within this interval; this
  // process's own changes at once). 0: off (one process owns the store, as in standalone).
  std::chrono::milliseconds shared_epoch_check{0};
  // Where a new table's regions go: the leading datanode of each region, in region order (a
  // cluster's selector). Unset: every region on the standalone datanode.
  std::function<Result<std::vector<uint64_t>>(const TableInfo&)> region_placement;
};

// Thread-safe. Errors of the backend are passed through (kStorageUnavailable); the others are
// listed per method with GreptimeDB's texts (names.h builds them).
class CatalogManager {
 public:
  virtual ~CatalogManager() = default;

  // ----- databases -----------------------------------------------------------------------------

  // Errors: ValidateDatabaseName's; unknown catalog (kInvalidArguments "Catalog not found: x");
  // DatabaseOptions::Parse's; an existing (or virtual) database without if_not_exists →
  // DatabaseAlreadyExistsError (1004 "Schema mydb already exists").
  virtual Status CreateDatabase(std::string_view catalog, std::string_view schema,
                                bool if_not_exists, const OptionMap& options = {}) = 0;
  // Removes the database and the metadata of all its tables, which are returned so that the
  // caller can drop their regions. Errors: virtual schema → SchemaReadOnlyError; missing
  // without if_exists → DatabaseNotFoundError. (Whether a session uses it is the caller's check.)
  virtual Result<std::vector<TableInfoPtr>> DropDatabase(std::string_view catalog,
                                                         std::string_view schema,
                                                         bool if_exists) = 0;
  // ALTER DATABASE SET/UNSET. Errors: DatabaseNotFoundError, SchemaReadOnlyError,
  // DatabaseOptions::WithChanges's.
  virtual Status AlterDatabase(std::string_view catalog, std::string_view schema,
                               const OptionMap& set, const std::vector<std::string>& unset) = 0;
  virtual Result<DatabaseInfo> GetDatabase(std::string_view catalog, std::string_view schema) = 0;
  virtual Result<bool> DatabaseExists(std::string_view catalog, std::string_view schema) = 0;
  // Sorted by name, information_schema included.
  virtual Result<std::vector<DatabaseInfo>> ListDatabases(std::string_view catalog) = 0;
  virtual Result<std::vector<std::string>> ListCatalogs() = 0;

  // ----- tables --------------------------------------------------------------------------------

  // Stores a new table. Fills in what the caller leaves unset: the id (0 → allocated, ≥ 1024),
  // column ids (when next_column_id is 0: 0, 1, ... in column order), region numbers (empty →
  // 0 .. PartitionCount()-1), created/updated times (0 → now); sets version 0. Then Validate().
  // Errors: SchemaReadOnlyError in a virtual schema; Validate's; DatabaseNotFoundError;
  // TableAlreadyExistsError (4000 "Table already exists: `greptime.public.t`") unless
  // if_not_exists, which returns the existing table with created = false.
  virtual Result<CreateTableResult> CreateTable(TableInfo info, bool if_not_exists) = 0;
  // TableNotFoundError (4001 "Table not found: greptime.public.t") when missing.
  virtual Result<TableInfoPtr> GetTable(std::string_view catalog, std::string_view schema,
                                        std::string_view table) = 0;
  // 4001 "Table not found: table id 1030" when missing.
  virtual Result<TableInfoPtr> GetTableById(uint32_t table_id) = 0;
  virtual Result<bool> TableExists(std::string_view catalog, std::string_view schema,
                                   std::string_view table) = 0;
  // Sorted by name. Empty for information_schema (its tables are provided elsewhere).
  // DatabaseNotFoundError when the database does not exist.
  virtual Result<std::vector<TableInfoPtr>> ListTables(std::string_view catalog,
                                                       std::string_view schema) = 0;
  // Removes the table's metadata and returns it (nullptr when missing and if_exists).
  // Errors: SchemaReadOnlyError, TableNotFoundError.
  virtual Result<TableInfoPtr> DropTable(std::string_view catalog, std::string_view schema,
                                         std::string_view table, bool if_exists) = 0;
  // ALTER TABLE t RENAME new_name (same database); returns the renamed info (version + 1).
  // Errors: kUnexpected "Unexpected, violated: Invalid table name: x"; TableNotFoundError;
  // 4000 "Table already exists, table: greptime.public.new_name" (also for the same name).
  virtual Result<TableInfoPtr> RenameTable(std::string_view catalog, std::string_view schema,
                                           std::string_view table, std::string_view new_name) = 0;
  // Replaces the stored info of `current.id` by `updated` (ALTER TABLE), provided the stored
  // version is still current.version; the stored version becomes current.version + 1 and the
  // update time now. The id, catalog, schema and name must not change (RenameTable does that).
  // Errors: TableNotFoundError; kRequestOutdated "Table info of greptime.public.t was changed
  // concurrently" when the stored version differs; Validate's; kInvalidArguments for an
  // identity change.
  virtual Result<TableInfoPtr> UpdateTableInfo(const TableInfo& current, TableInfo updated) = 0;

  // ----- routes --------------------------------------------------------------------------------

  // 4001 when the table does not exist.
  virtual Result<TableRoute> GetTableRoute(uint32_t table_id) = 0;
  // Tables with regions on the datanode, by table id.
  virtual Result<std::vector<DatanodeTable>> ListDatanodeTables(uint64_t datanode_id) = 0;

  // Forgets cached table infos (after changes by another process on the same backend).
  virtual void InvalidateCache() = 0;
};

// A CatalogManager over `kv` (borrowed; it must outlive the manager). Creates the default
// catalog `greptime` and the databases `public` and `greptime_private` when they are missing;
// `information_schema` is virtual and always present.
Result<std::unique_ptr<CatalogManager>> NewKvCatalogManager(meta::KvBackend& kv,
                                                            CatalogOptions options = {});

}  // namespace greptime::catalog
