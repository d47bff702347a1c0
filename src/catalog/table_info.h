// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// TableInfo: everything the catalog knows about a table (columns with stable ids, keys, engine,
// options, partition rule, regions), its JSON form stored under __table_info/<id>, and what the
// storage engine needs from it: region directories and RegionMetadata.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/names.h"
#include "catalog/table_options.h"
#include "common/status.h"
#include "common/time.h"
#include "storage/region_metadata.h"

namespace greptime::catalog {

// PARTITION ON COLUMNS (columns) (exprs...): one region per expression, kept as SQL text.
struct PartitionRule {
  std::vector<std::string> columns;
  std::vector<std::string> exprs;
  bool operator==(const PartitionRule&) const = default;
};

// Secondary indexes declared on a column (spec/sql.md §5), options as written.
struct ColumnIndexOptions {
  std::optional<OptionMap> fulltext;
  std::optional<OptionMap> skipping;
  bool inverted = false;

  bool empty() const { return !fulltext && !skipping && !inverted; }
  bool operator==(const ColumnIndexOptions&) const = default;
};

struct TableInfo {
  uint32_t id = 0;  // 0 until CreateTable allocates one
  std::string catalog = std::string(kDefaultCatalog);
  std::string schema = std::string(kDefaultSchema);
  std::string name;
  // In table order. Column ids are stable: never reused, never changed by ALTER.
  std::vector<storage::ColumnMetadata> columns;
  std::vector<std::string> primary_key;  // tag column names in PRIMARY KEY order
  std::string time_index;                // name of the TIMESTAMP column
  std::string engine = std::string(kMitoEngine);
  TableOptions options;
  std::optional<PartitionRule> partition;
  std::map<std::string, ColumnIndexOptions> column_indexes;  // by column name
  std::string comment;
  Timestamp created_at;  // millisecond unit
  Timestamp updated_at;
  std::vector<uint32_t> region_numbers;
  uint32_t next_column_id = 0;  // the id the next added column gets
  uint64_t version = 0;         // +1 on every committed change of the stored info

  // "greptime.public.cpu".
  std::string FullName() const { return FullTableName(catalog, schema, name); }
  const storage::ColumnMetadata* FindColumn(std::string_view column) const;
  // The regions the partition rule asks for: max(1, number of partition expressions).
  uint32_t PartitionCount() const;

  // Consistency of the whole record:
  //  - table name rule (kInvalidArguments "Invalid table name: x"), engine mito or metric;
  //  - the schema rules of types::Schema::ValidateTableSchema (time index, duplicates, ...);
  //  - `time_index` names the TIMESTAMP column, `primary_key` lists exactly the tags;
  //  - column ids unique and below next_column_id;
  //  - partition columns, index option columns exist; one region number per partition.
  // Errors are kInvalidArguments unless the schema rules say otherwise.
  Status Validate() const;

  // The stored JSON form. Deterministic: equal infos give equal bytes.
  std::string ToJson() const;
  // kUnexpected "corrupted table info: ..." on malformed input.
  static Result<TableInfo> FromJson(std::string_view json);

  bool operator==(const TableInfo&) const = default;
};

using TableInfoPtr = std::shared_ptr<const TableInfo>;

// "data/<catalog>/<schema>/<table_id>/<table_id>_<region_number:010>/"
// (spec/cli-and-config.md §7), e.g. "data/greptime/public/1024/1024_0000000000/".
std::string RegionDir(std::string_view catalog, std::string_view schema, uint32_t table_id,
                      uint32_t region_number);

// The metadata of region `region_number` of the table: the table's columns and ids, primary key
// ids in key order, and its options, falling back to `database` for ttl and the compaction
// window when the table has none (unless compaction.override is set). ttl instant and forever
// both map to "no ttl" (instant is enforced by the write path). kInvalidArguments when the
// region number is not one of the table's.
Result<storage::RegionMetadataPtr> ToRegionMetadata(const TableInfo& info, uint32_t region_number,
                                                    const DatabaseOptions* database = nullptr);

}  // namespace greptime::catalog
