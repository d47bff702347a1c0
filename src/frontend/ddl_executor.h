// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Where table creation and removal run. Standalone: in the frontend (catalog change, then the
// regions, rolled back on failure). Cluster: as procedures in the metasrv (metasrv/ddl.h), which
// persist their progress and resume after a metasrv crash; the frontend hands over what only it
// computes (the table, each region's engine options).
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "catalog/catalog_manager.h"
#include "common/status.h"
#include "storage/region_engine.h"

namespace greptime::frontend {

class DdlExecutor {
 public:
  virtual ~DdlExecutor() = default;
  // Creates the table's metadata and every region (`region_options` per region number), or
  // nothing. With if_not_exists an existing table is returned with created = false.
  virtual Result<catalog::CreateTableResult> CreateTable(
      catalog::TableInfo info, bool if_not_exists,
      std::map<uint32_t, storage::EngineOptions> region_options) = 0;
  // Changes every region (`region_changes`: the AlterRequest of each region) and then the
  // table's metadata from `current` to `updated` (kRequestOutdated when it changed meanwhile);
  // returns the stored table.
  virtual Result<catalog::TableInfoPtr> AlterTable(
      const catalog::TableInfo& current, catalog::TableInfo updated,
      std::vector<storage::AlterRequest> region_changes) = 0;
  // Removes every row of every region of the table.
  virtual Status TruncateTable(const catalog::TableInfo& table) = 0;
  // Drops the regions and the metadata; nullptr when missing and if_exists.
  virtual Result<catalog::TableInfoPtr> DropTable(std::string_view catalog,
                                                  std::string_view schema,
                                                  std::string_view table, bool if_exists) = 0;
};

}  // namespace greptime::frontend
