// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "metric_engine/metadata_region.h"

#include <charconv>

#include <fmt/format.h>

#include "types/record_batch.h"

namespace greptime::metric_engine {
namespace {

using storage::RegionId;
using types::DataType;
using types::SemanticType;
using types::Value;

constexpr std::string_view kRegionKeyPrefix = "region/";

types::ColumnSchema TsColumn() {
  return {"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""};
}
types::ColumnSchema KeyColumn() { return {"k", DataType::String(), true, SemanticType::kTag, {}, ""}; }
types::ColumnSchema ValueColumn() {
  return {"v", DataType::String(), true, SemanticType::kField, {}, ""};
}

}  // namespace

std::string LogicalRegionKey(RegionId logical) {
  return fmt::format("{}{}", kRegionKeyPrefix, logical.value());
}

storage::RegionMetadataPtr MetadataRegionSchema(RegionId id) {
  std::vector<storage::ColumnMetadata> columns = {{TsColumn(), 0}, {KeyColumn(), 1},
                                                  {ValueColumn(), 2}};
  auto md = storage::RegionMetadata::Make(id, std::move(columns), {1});
  GT_CHECK(md.ok());  // a constant, valid schema
  return *md;
}

Status MetadataRegion::Create(const std::string& dir) {
  return mito_.Create(storage::CreateRequest{MetadataRegionSchema(id_), dir});
}

Status MetadataRegion::Open(const std::string& dir) {
  return mito_.Open(storage::OpenRequest{id_, dir});
}

Result<std::map<RegionId, storage::RegionMetadataPtr>> MetadataRegion::LoadLogicalRegions() {
  storage::ScanRequest scan;
  scan.region_id = id_;
  scan.projection = {"k", "v"};
  GT_ASSIGN_OR_RETURN(storage::ScanResult result, mito_.Scan(scan));
  std::map<RegionId, storage::RegionMetadataPtr> out;
  for (const types::RecordBatch& batch : result.batches) {
    for (size_t row = 0; row < batch.num_rows(); ++row) {
      const Value key = batch.GetValue(row, 0);
      const Value value = batch.GetValue(row, 1);
      if (key.is_null() || !key.AsBytes().starts_with(kRegionKeyPrefix)) continue;
      const std::string& k = key.AsBytes();
      uint64_t id = 0;
      const char* begin = k.data() + kRegionKeyPrefix.size();
      const char* end = k.data() + k.size();
      auto [ptr, ec] = std::from_chars(begin, end, id);
      if (ec != std::errc() || ptr != end || begin == end) {
        return Status::StorageUnavailable("metadata region {}: malformed key '{}'",
                                          id_.ToString(), k);
      }
      if (value.is_null()) {
        return Status::StorageUnavailable("metadata region {}: key '{}' has no value",
                                          id_.ToString(), k);
      }
      auto metadata = storage::RegionMetadata::FromJson(value.AsBytes());
      if (!metadata.ok()) {
        return std::move(metadata).status().WithContext("metadata region {}: key '{}'",
                                                        id_.ToString(), k);
      }
      if ((*metadata)->region_id() != RegionId(id)) {
        return Status::StorageUnavailable("metadata region {}: key '{}' holds region {}",
                                          id_.ToString(), k, (*metadata)->region_id().ToString());
      }
      out[RegionId(id)] = *metadata;
    }
  }
  return out;
}

Status MetadataRegion::PutLogicalRegion(const storage::RegionMetadata& logical) {
  auto schema = std::make_shared<const types::Schema>(
      std::vector<types::ColumnSchema>{TsColumn(), KeyColumn(), ValueColumn()});
  GT_ASSIGN_OR_RETURN(auto rows,
                      types::RecordBatch::FromRows(
                          schema, {{Value::Timestamp(0, TimeUnit::kMillisecond),
                                    Value::String(LogicalRegionKey(logical.region_id())),
                                    Value::String(logical.ToJson())}}));
  return mito_.Write(storage::WriteRequest{id_, storage::OpType::kPut, std::move(rows)})
      .status()
      .WithContext("store logical region {} in metadata region {}",
                   logical.region_id().ToString(), id_.ToString());
}

Status MetadataRegion::DeleteLogicalRegion(RegionId logical) {
  auto schema = std::make_shared<const types::Schema>(
      std::vector<types::ColumnSchema>{TsColumn(), KeyColumn()});
  GT_ASSIGN_OR_RETURN(auto rows, types::RecordBatch::FromRows(
                                     schema, {{Value::Timestamp(0, TimeUnit::kMillisecond),
                                               Value::String(LogicalRegionKey(logical))}}));
  return mito_.Write(storage::WriteRequest{id_, storage::OpType::kDelete, std::move(rows)})
      .status()
      .WithContext("delete logical region {} from metadata region {}", logical.ToString(),
                   id_.ToString());
}

}  // namespace greptime::metric_engine
