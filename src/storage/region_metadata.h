// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// RegionId and RegionMetadata: what a region stores (columns with stable ids, primary key,
// time index, options). Immutable once built; shared as RegionMetadataPtr. Serialized as JSON in
// the manifest.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "types/schema.h"

namespace greptime::storage {

// (table_id << 32) | region_number.
class RegionId {
 public:
  constexpr RegionId() = default;
  constexpr explicit RegionId(uint64_t value) : value_(value) {}
  constexpr RegionId(uint32_t table_id, uint32_t region_number)
      : value_((static_cast<uint64_t>(table_id) << 32) | region_number) {}
  constexpr uint64_t value() const { return value_; }
  constexpr uint32_t table_id() const { return static_cast<uint32_t>(value_ >> 32); }
  constexpr uint32_t region_number() const { return static_cast<uint32_t>(value_); }
  // "4398046511104(1024, 0)".
  std::string ToString() const;
  constexpr auto operator<=>(const RegionId&) const = default;

 private:
  uint64_t value_ = 0;
};

enum class MergeMode : uint8_t {
  kLastRow = 0,      // the row with the highest sequence wins as a whole
  kLastNonNull = 1,  // per field, the latest non-null value wins
};

struct RegionOptions {
  std::optional<std::chrono::nanoseconds> ttl;  // rows older than now - ttl expire
  bool append_mode = false;                     // keep duplicates; no dedup, no deletes
  MergeMode merge_mode = MergeMode::kLastRow;
  // TWCS window; nullopt: inferred from the data at the first compaction.
  std::optional<std::chrono::nanoseconds> compaction_time_window;
  bool operator==(const RegionOptions&) const = default;
};

struct ColumnMetadata {
  types::ColumnSchema column_schema;  // name, type, nullable, semantic type, default, comment
  uint32_t column_id = 0;             // stable across renames and schema changes
  bool operator==(const ColumnMetadata&) const = default;
};

class RegionMetadata;
using RegionMetadataPtr = std::shared_ptr<const RegionMetadata>;

class RegionMetadata {
 public:
  // Validates: unique names and ids, exactly one time index of a timestamp type (not null),
  // primary-key columns exist and are tags, every tag is in the primary key, no interval types.
  static Result<RegionMetadataPtr> Make(RegionId region_id, std::vector<ColumnMetadata> columns,
                                        std::vector<uint32_t> primary_key,
                                        RegionOptions options = {}, uint64_t schema_version = 0);

  RegionId region_id() const { return region_id_; }
  const std::vector<ColumnMetadata>& columns() const { return columns_; }
  const std::vector<uint32_t>& primary_key() const { return primary_key_; }  // column ids, in order
  uint32_t time_index_id() const { return time_index_id_; }
  const RegionOptions& options() const { return options_; }
  uint64_t schema_version() const { return schema_version_; }

  const ColumnMetadata* ColumnById(uint32_t id) const;
  const ColumnMetadata* ColumnByName(std::string_view name) const;
  // Index in columns() or nullopt.
  std::optional<size_t> IndexOfId(uint32_t id) const;
  const ColumnMetadata& time_index_column() const;
  TimeUnit time_unit() const;
  // Field column ids in column order.
  const std::vector<uint32_t>& field_ids() const { return field_ids_; }
  // The largest column id in use (new columns get max + 1).
  uint32_t max_column_id() const;
  // A types::Schema of all columns in column order.
  types::SchemaPtr schema() const { return schema_; }

  // Copies with changes (schema version + 1 for column changes).
  Result<RegionMetadataPtr> WithColumns(std::vector<ColumnMetadata> columns,
                                        std::vector<uint32_t> primary_key) const;
  Result<RegionMetadataPtr> WithOptions(RegionOptions options) const;

  std::string ToJson() const;
  static Result<RegionMetadataPtr> FromJson(std::string_view json);

  bool operator==(const RegionMetadata& other) const;

 private:
  RegionMetadata() = default;
  Status Init();

  RegionId region_id_;
  std::vector<ColumnMetadata> columns_;
  std::vector<uint32_t> primary_key_;
  uint32_t time_index_id_ = 0;
  RegionOptions options_;
  uint64_t schema_version_ = 0;
  std::vector<uint32_t> field_ids_;
  types::SchemaPtr schema_;
};

// JSON forms of the parts of RegionMetadata (the same as inside ToJson), for requests that
// carry them alone (alter over the region service). Malformed input: kStorageUnavailable.
std::string ColumnSchemaToJson(const types::ColumnSchema& column);
Result<types::ColumnSchema> ColumnSchemaFromJson(std::string_view json);
std::string RegionOptionsToJson(const RegionOptions& options);
Result<RegionOptions> RegionOptionsFromJson(std::string_view json);

}  // namespace greptime::storage
