// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// MetricEngine: the RegionEngine of metric_engine.h.
//
// Design: the engine keeps two maps under one mutex: open physical regions (each with the
// metadata of every logical region stored in its metadata region, open or not) and open logical
// regions. Rows, WAL, flushes and compactions are the borrowed mito engine's. DDL touching one
// physical region (logical create / alter / drop, physical alter / close / drop) is serialized
// by that physical region's ddl_mu, held across the mito calls, so validation and the changes
// that follow see the same data-region schema; the engine mutex is never held across a mito
// call. Writes and scans only look up a logical region's metadata snapshot and go to mito.
#include "metric_engine/metric_engine.h"

#include <charconv>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "common/logging.h"
#include "common/time.h"
#include "metric_engine/metadata_region.h"
#include "metric_engine/row_mapping.h"

namespace greptime::metric_engine {

using storage::AlterRequest;
using storage::ColumnMetadata;
using storage::RegionId;
using storage::RegionMetadata;
using storage::RegionMetadataPtr;
using types::ColumnSchema;
using types::DataType;
using types::SemanticType;

RegionId MetadataRegionId(RegionId physical) {
  return RegionId(physical.table_id(), physical.region_number() | (1u << 24));
}

namespace {

constexpr uint32_t kMetadataRegionBit = 1u << 24;

std::string WithSlash(const std::string& dir) {
  return dir.empty() || dir.back() == '/' ? dir : dir + "/";
}
std::string DataDir(const std::string& region_dir) { return WithSlash(region_dir) + "data/"; }
std::string MetadataDir(const std::string& region_dir) {
  return WithSlash(region_dir) + "metadata/";
}

bool IsInternalColumn(std::string_view name) {
  return name == kTableIdColumn || name == kTsidColumn;
}

// "String TAG", "Float64 FIELD".
std::string Describe(const ColumnSchema& cs) {
  return fmt::format("{} {}", cs.type.Name(), types::SemanticTypeName(cs.semantic_type));
}

Status RegionNotFound(RegionId id) {
  return Status(StatusCode::kRegionNotFound, fmt::format("Region {} not found", id.ToString()));
}

Result<RegionId> ParsePhysicalId(const storage::EngineOptions& options) {
  const std::string& text = options.at(kOnPhysicalRegionOption);
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    return Status::InvalidArguments("engine option {} must be a region id (decimal u64), got '{}'",
                                    kOnPhysicalRegionOption, text);
  }
  return RegionId(value);
}

// A nullable String tag as the data region stores it.
ColumnSchema DataTag(const std::string& name) {
  return {name, DataType::String(), true, SemanticType::kTag, {}, ""};
}

// Checks that `cs`, a tag of a logical region, fits the data region: String, and absent there or
// a String tag there too. Returns true when the data region lacks it.
Result<bool> CheckLogicalTag(const ColumnSchema& cs, const RegionMetadata& data) {
  if (!cs.type.is_string()) {
    return Status::InvalidArguments("tag column '{}' of a logical region must be String, not {}",
                                    cs.name, cs.type.Name());
  }
  const ColumnMetadata* have = data.ColumnByName(cs.name);
  if (have == nullptr) return true;
  if (!have->column_schema.is_tag() || !have->column_schema.type.is_string()) {
    return Status::InvalidArguments(
        "column '{}' conflicts with physical region {}: it is {} there, the logical region "
        "declares {}",
        cs.name, data.region_id().ToString(), Describe(have->column_schema), Describe(cs));
  }
  return false;
}

// Validates the columns of a new logical region against its data region; returns the tags the
// data region must gain.
Result<std::vector<ColumnSchema>> CheckLogicalColumns(const RegionMetadata& logical,
                                                      const RegionMetadata& data) {
  std::vector<ColumnSchema> missing;
  for (const ColumnMetadata& c : logical.columns()) {
    const ColumnSchema& cs = c.column_schema;
    if (IsInternalColumn(cs.name)) {
      return Status::InvalidArguments("column name '{}' is reserved by the metric engine", cs.name);
    }
    if (cs.is_time_index()) {
      const ColumnSchema& ts = data.time_index_column().column_schema;
      if (ts.name != cs.name || ts.type != cs.type) {
        return Status::InvalidArguments(
            "time index '{}' {} of logical region {} differs from the time index '{}' {} of "
            "physical region {}",
            cs.name, cs.type.Name(), logical.region_id().ToString(), ts.name, ts.type.Name(),
            data.region_id().ToString());
      }
    } else if (cs.is_tag()) {
      GT_ASSIGN_OR_RETURN(bool absent, CheckLogicalTag(cs, data));
      if (absent) missing.push_back(DataTag(cs.name));
    } else {
      const ColumnMetadata* have = data.ColumnByName(cs.name);
      if (have == nullptr) {
        return Status::InvalidArguments(
            "field column '{}' {} of logical region {} does not exist in physical region {}",
            cs.name, cs.type.Name(), logical.region_id().ToString(), data.region_id().ToString());
      }
      if (have->column_schema.semantic_type != SemanticType::kField || have->column_schema.type != cs.type) {
        return Status::InvalidArguments(
            "column '{}' conflicts with physical region {}: it is {} there, the logical region "
            "declares {}",
            cs.name, data.region_id().ToString(), Describe(have->column_schema), Describe(cs));
      }
    }
  }
  return missing;
}

struct PhysicalRegion {
  RegionId id;
  std::string region_dir;
  // Serializes DDL on this physical region and its logical regions; held across mito calls.
  std::mutex ddl_mu;
  // Every logical region in the metadata region, open or not. Guarded by MetricEngine::mu_.
  std::map<RegionId, RegionMetadataPtr> logical;
};
using PhysicalPtr = std::shared_ptr<PhysicalRegion>;

struct LogicalRegion {
  PhysicalPtr physical;
  RegionMetadataPtr metadata;
};

class MetricEngine final : public storage::RegionEngine {
 public:
  explicit MetricEngine(storage::RegionEngine* mito) : mito_(*mito) {}

  std::string_view name() const override { return kEngineName; }

  Status Create(const storage::CreateRequest& request) override;
  Status Open(const storage::OpenRequest& request) override;
  Status Close(const storage::CloseRequest& request) override;
  Status Drop(const storage::DropRequest& request) override;
  Result<uint64_t> Write(const storage::WriteRequest& request) override;
  // Logical writes on one physical region become one data-region write (per op type).
  Result<uint64_t> WriteMany(const std::vector<storage::WriteRequest>& requests) override;
  Status Alter(const AlterRequest& request) override;
  Status Flush(const storage::FlushRequest& request) override;
  Status Compact(const storage::CompactRequest& request) override;
  Status Truncate(const storage::TruncateRequest& request) override;
  Result<storage::ScanResult> Scan(const storage::ScanRequest& request) override;
  Result<RegionMetadataPtr> GetMetadata(RegionId region_id) override;
  Result<storage::RegionStatistics> GetStatistics(RegionId region_id) override;
  std::vector<RegionId> OpenRegions() override;
  void Stop() override;

 private:
  Status CreatePhysical(const storage::CreateRequest& request);
  Status CreateLogical(const storage::CreateRequest& request);
  Status OpenPhysical(const storage::OpenRequest& request);
  Status OpenLogical(const storage::OpenRequest& request);
  Status ClosePhysical(const PhysicalPtr& physical);
  Status DropLogical(const PhysicalPtr& physical, RegionId id);
  Status DropPhysical(const PhysicalPtr& physical);
  Status AlterLogical(const LogicalRegion& logical, const AlterRequest& request);
  Status AlterPhysical(const PhysicalPtr& physical, const AlterRequest& request);
  Status TruncateLogical(const LogicalRegion& logical);
  Result<storage::ScanResult> ScanLogical(const LogicalRegion& logical,
                                          const storage::ScanRequest& request);
  // Adds nullable String tags to the data region of `physical`. Caller holds its ddl_mu.
  Status AddDataTags(RegionId physical, const std::vector<ColumnSchema>& tags);

  PhysicalPtr FindPhysical(RegionId id) {
    std::lock_guard lock(mu_);
    auto it = physical_.find(id);
    return it == physical_.end() ? nullptr : it->second;
  }
  std::optional<LogicalRegion> FindLogical(RegionId id) {
    std::lock_guard lock(mu_);
    auto it = logical_.find(id);
    if (it == logical_.end()) return std::nullopt;
    return it->second;
  }
  // The physical region whose metadata region lists `id` (open or not), or nullptr.
  PhysicalPtr FindOwnerOfLogical(RegionId id) {
    std::lock_guard lock(mu_);
    if (auto it = logical_.find(id); it != logical_.end()) return it->second.physical;
    for (const auto& [pid, physical] : physical_) {
      if (physical->logical.count(id)) return physical;
    }
    return nullptr;
  }
  // True while `physical` is still the open physical region of its id (it may have been closed
  // while the caller waited for its ddl_mu).
  bool StillOpen(const PhysicalPtr& physical) {
    std::lock_guard lock(mu_);
    auto it = physical_.find(physical->id);
    return it != physical_.end() && it->second == physical;
  }

  storage::RegionEngine& mito_;
  std::mutex mu_;
  std::map<RegionId, PhysicalPtr> physical_;     // guarded by mu_
  std::map<RegionId, LogicalRegion> logical_;   // open logical regions; guarded by mu_
};

// ---------------------------------------------------------------------------------------------
// Create / open

Status MetricEngine::Create(const storage::CreateRequest& request) {
  if (request.metadata == nullptr) {
    return Status::InvalidArguments("metric engine: create region without metadata");
  }
  const bool physical = request.engine_options.count(kPhysicalTableOption) != 0;
  const bool logical = request.engine_options.count(kOnPhysicalRegionOption) != 0;
  if (physical == logical) {
    return Status::InvalidArguments(
        "metric engine: region {} needs exactly one of the engine options {} and {}",
        request.metadata->region_id().ToString(), kPhysicalTableOption, kOnPhysicalRegionOption);
  }
  return physical ? CreatePhysical(request) : CreateLogical(request);
}

Status MetricEngine::CreatePhysical(const storage::CreateRequest& request) {
  const RegionMetadata& md = *request.metadata;
  const RegionId id = md.region_id();
  if (id.region_number() & kMetadataRegionBit) {
    return Status::InvalidArguments("metric engine: region number {} of {} is too large",
                                     id.region_number(), id.ToString());
  }
  {
    std::lock_guard lock(mu_);
    if (physical_.count(id) || logical_.count(id)) {
      return Status(StatusCode::kRegionAlreadyExists,
                    fmt::format("Region {} already exists", id.ToString()));
    }
  }
  std::vector<ColumnMetadata> columns = md.columns();
  for (const ColumnMetadata& c : columns) {
    if (IsInternalColumn(c.column_schema.name)) {
      return Status::InvalidArguments("column name '{}' is reserved by the metric engine",
                                      c.column_schema.name);
    }
  }
  const uint32_t table_id_col = md.max_column_id() + 1;
  const uint32_t tsid_col = md.max_column_id() + 2;
  columns.push_back({{kTableIdColumn, DataType::UInt32(), false, SemanticType::kTag, {}, ""},
                     table_id_col});
  columns.push_back({{kTsidColumn, DataType::UInt64(), false, SemanticType::kTag, {}, ""},
                     tsid_col});
  std::vector<uint32_t> primary_key = {table_id_col, tsid_col};
  primary_key.insert(primary_key.end(), md.primary_key().begin(), md.primary_key().end());
  GT_ASSIGN_OR_RETURN(RegionMetadataPtr data_md,
                      RegionMetadata::Make(id, std::move(columns), std::move(primary_key),
                                           md.options(), md.schema_version()));

  GT_RETURN_IF_ERROR(mito_.Create(storage::CreateRequest{data_md, DataDir(request.region_dir)})
                         .WithContext("create data region of physical region {}", id.ToString()));
  MetadataRegion metadata(mito_, MetadataRegionId(id));
  if (Status st = metadata.Create(MetadataDir(request.region_dir)); !st.ok()) {
    (void)mito_.Drop(storage::DropRequest{id});
    return st.WithContext("create metadata region of physical region {}", id.ToString());
  }
  auto physical = std::make_shared<PhysicalRegion>();
  physical->id = id;
  physical->region_dir = request.region_dir;
  std::lock_guard lock(mu_);
  physical_[id] = std::move(physical);
  GT_LOG_INFO("created physical metric region {}", id.ToString());
  return Status::OK();
}

Status MetricEngine::CreateLogical(const storage::CreateRequest& request) {
  const RegionMetadataPtr& md = request.metadata;
  const RegionId id = md->region_id();
  GT_ASSIGN_OR_RETURN(RegionId pid, ParsePhysicalId(request.engine_options));
  PhysicalPtr physical = FindPhysical(pid);
  if (physical == nullptr) {
    return Status(StatusCode::kRegionNotFound,
                  fmt::format("physical region {} of logical region {} is not open",
                              pid.ToString(), id.ToString()));
  }
  std::lock_guard ddl(physical->ddl_mu);
  {
    std::lock_guard lock(mu_);
    if (physical_.count(pid) == 0 || physical_.at(pid) != physical) {
      return Status(StatusCode::kRegionNotFound,
                    fmt::format("physical region {} of logical region {} is not open",
                                pid.ToString(), id.ToString()));
    }
    if (logical_.count(id) || physical->logical.count(id) || physical_.count(id)) {
      return Status(StatusCode::kRegionAlreadyExists,
                    fmt::format("Region {} already exists", id.ToString()));
    }
    for (const auto& [other, _] : physical->logical) {
      if (other.table_id() == id.table_id()) {
        return Status::InvalidArguments(
            "logical region {} has the table id of logical region {} on physical region {}",
            id.ToString(), other.ToString(), pid.ToString());
      }
    }
  }
  GT_ASSIGN_OR_RETURN(RegionMetadataPtr data_md, mito_.GetMetadata(pid));
  auto missing = CheckLogicalColumns(*md, *data_md);
  if (!missing.ok()) {
    return std::move(missing).status().WithContext("create logical region {}", id.ToString());
  }
  GT_RETURN_IF_ERROR(AddDataTags(pid, *missing));
  GT_RETURN_IF_ERROR(MetadataRegion(mito_, MetadataRegionId(pid)).PutLogicalRegion(*md));
  std::lock_guard lock(mu_);
  physical->logical[id] = md;
  logical_[id] = LogicalRegion{physical, md};
  return Status::OK();
}

Status MetricEngine::AddDataTags(RegionId physical, const std::vector<ColumnSchema>& tags) {
  if (tags.empty()) return Status::OK();
  AlterRequest alter;
  alter.region_id = physical;
  for (const ColumnSchema& cs : tags) alter.changes.push_back(AlterRequest::AddColumn{cs});
  return mito_.Alter(alter).WithContext("add tags to the data region of physical region {}",
                                        physical.ToString());
}

Status MetricEngine::Open(const storage::OpenRequest& request) {
  if (request.engine_options.count(kPhysicalTableOption)) return OpenPhysical(request);
  if (request.engine_options.count(kOnPhysicalRegionOption)) return OpenLogical(request);
  return Status::InvalidArguments(
      "metric engine: opening region {} needs the engine option {} or {}",
      request.region_id.ToString(), kPhysicalTableOption, kOnPhysicalRegionOption);
}

Status MetricEngine::OpenPhysical(const storage::OpenRequest& request) {
  const RegionId id = request.region_id;
  if (FindPhysical(id) != nullptr) return Status::OK();
  GT_RETURN_IF_ERROR(mito_.Open(storage::OpenRequest{id, DataDir(request.region_dir)})
                         .WithContext("open data region of physical region {}", id.ToString()));
  MetadataRegion metadata(mito_, MetadataRegionId(id));
  auto fail = [&](Status st) {
    (void)mito_.Close(storage::CloseRequest{metadata.id()});
    (void)mito_.Close(storage::CloseRequest{id});
    return st.WithContext("open physical region {}", id.ToString());
  };
  auto data_md = mito_.GetMetadata(id);
  if (!data_md.ok()) return fail(std::move(data_md).status());
  if ((*data_md)->ColumnByName(kTableIdColumn) == nullptr ||
      (*data_md)->ColumnByName(kTsidColumn) == nullptr) {
    return fail(Status::InvalidArguments("region {} is not a physical metric region",
                                         id.ToString()));
  }
  if (Status st = metadata.Open(MetadataDir(request.region_dir)); !st.ok()) return fail(st);
  auto logical = metadata.LoadLogicalRegions();
  if (!logical.ok()) return fail(std::move(logical).status());
  auto physical = std::make_shared<PhysicalRegion>();
  physical->id = id;
  physical->region_dir = request.region_dir;
  physical->logical = std::move(*logical);
  std::lock_guard lock(mu_);
  physical_.emplace(id, std::move(physical));  // keeps a concurrent opener's entry
  return Status::OK();
}

Status MetricEngine::OpenLogical(const storage::OpenRequest& request) {
  const RegionId id = request.region_id;
  GT_ASSIGN_OR_RETURN(RegionId pid, ParsePhysicalId(request.engine_options));
  std::lock_guard lock(mu_);
  auto it = physical_.find(pid);
  if (it == physical_.end()) {
    return Status(StatusCode::kRegionNotFound,
                  fmt::format("physical region {} of logical region {} is not open",
                              pid.ToString(), id.ToString()));
  }
  if (logical_.count(id)) return Status::OK();
  auto md = it->second->logical.find(id);
  if (md == it->second->logical.end()) {
    return Status(StatusCode::kRegionNotFound,
                  fmt::format("logical region {} is not in the metadata region of physical "
                              "region {}",
                              id.ToString(), pid.ToString()));
  }
  logical_[id] = LogicalRegion{it->second, md->second};
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
// Close / drop

Status MetricEngine::Close(const storage::CloseRequest& request) {
  {
    std::lock_guard lock(mu_);
    if (logical_.erase(request.region_id)) return Status::OK();
  }
  if (PhysicalPtr physical = FindPhysical(request.region_id)) return ClosePhysical(physical);
  return RegionNotFound(request.region_id);
}

Status MetricEngine::ClosePhysical(const PhysicalPtr& physical) {
  std::lock_guard ddl(physical->ddl_mu);
  {
    std::lock_guard lock(mu_);
    auto it = physical_.find(physical->id);
    if (it == physical_.end() || it->second != physical) return RegionNotFound(physical->id);
    physical_.erase(it);
    std::erase_if(logical_, [&](const auto& entry) { return entry.second.physical == physical; });
  }
  Status data = mito_.Close(storage::CloseRequest{physical->id});
  Status metadata = mito_.Close(storage::CloseRequest{MetadataRegionId(physical->id)});
  return data.ok() ? metadata : data;
}

Status MetricEngine::Drop(const storage::DropRequest& request) {
  if (PhysicalPtr physical = FindPhysical(request.region_id)) return DropPhysical(physical);
  if (PhysicalPtr owner = FindOwnerOfLogical(request.region_id)) {
    return DropLogical(owner, request.region_id);
  }
  return RegionNotFound(request.region_id);
}

Status MetricEngine::DropLogical(const PhysicalPtr& physical, RegionId id) {
  std::lock_guard ddl(physical->ddl_mu);
  {
    std::lock_guard lock(mu_);
    if (physical->logical.count(id) == 0) return RegionNotFound(id);
  }
  GT_RETURN_IF_ERROR(MetadataRegion(mito_, MetadataRegionId(physical->id)).DeleteLogicalRegion(id));
  std::lock_guard lock(mu_);
  physical->logical.erase(id);
  logical_.erase(id);
  return Status::OK();
}

Status MetricEngine::DropPhysical(const PhysicalPtr& physical) {
  std::lock_guard ddl(physical->ddl_mu);
  {
    std::lock_guard lock(mu_);
    auto it = physical_.find(physical->id);
    if (it == physical_.end() || it->second != physical) return RegionNotFound(physical->id);
    if (!physical->logical.empty()) {
      return Status::InvalidArguments("physical table {} is still used by {} logical tables",
                                      physical->id.ToString(), physical->logical.size());
    }
    physical_.erase(it);
  }
  Status data = mito_.Drop(storage::DropRequest{physical->id});
  Status metadata = mito_.Drop(storage::DropRequest{MetadataRegionId(physical->id)});
  return data.ok() ? metadata : data;
}

// ---------------------------------------------------------------------------------------------
// Write / scan / truncate

Result<uint64_t> MetricEngine::Write(const storage::WriteRequest& request) {
  std::optional<LogicalRegion> logical = FindLogical(request.region_id);
  if (!logical) {
    if (FindPhysical(request.region_id) != nullptr) {
      return Status::Unsupported("Write request to physical region is forbidden");
    }
    return RegionNotFound(request.region_id);
  }
  auto rows = ToDataRows(*logical->metadata, request.op_type, request.rows);
  if (!rows.ok()) {
    return std::move(rows).status().WithContext("write logical region {}",
                                                request.region_id.ToString());
  }
  return mito_.Write(storage::WriteRequest{logical->physical->id, request.op_type, std::move(*rows)});
}

Result<uint64_t> MetricEngine::WriteMany(const std::vector<storage::WriteRequest>& requests) {
  struct Group {
    RegionId physical;
    storage::OpType op;
    std::vector<types::RecordBatch> parts;
  };
  std::vector<Group> groups;
  for (const storage::WriteRequest& request : requests) {
    std::optional<LogicalRegion> logical = FindLogical(request.region_id);
    if (!logical) {
      if (FindPhysical(request.region_id) != nullptr) {
        return Status::Unsupported("Write request to physical region is forbidden");
      }
      return RegionNotFound(request.region_id);
    }
    auto rows = ToDataRows(*logical->metadata, request.op_type, request.rows);
    if (!rows.ok()) {
      return std::move(rows).status().WithContext("write logical region {}",
                                                  request.region_id.ToString());
    }
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
      return g.physical == logical->physical->id && g.op == request.op_type;
    });
    if (it == groups.end()) {
      groups.push_back({logical->physical->id, request.op_type, {}});
      it = groups.end() - 1;
    }
    it->parts.push_back(std::move(*rows));
  }
  uint64_t total = 0;
  for (Group& group : groups) {
    GT_ASSIGN_OR_RETURN(RegionMetadataPtr data, mito_.GetMetadata(group.physical));
    GT_ASSIGN_OR_RETURN(types::RecordBatch merged, ConcatDataRows(*data, group.parts));
    GT_ASSIGN_OR_RETURN(uint64_t n,
                        mito_.Write(storage::WriteRequest{group.physical, group.op,
                                                          std::move(merged)}));
    total += n;
  }
  return total;
}

Result<storage::ScanResult> MetricEngine::Scan(const storage::ScanRequest& request) {
  if (std::optional<LogicalRegion> logical = FindLogical(request.region_id)) {
    return ScanLogical(*logical, request);
  }
  if (FindPhysical(request.region_id) != nullptr) return mito_.Scan(request);
  return RegionNotFound(request.region_id);
}

Result<storage::ScanResult> MetricEngine::ScanLogical(const LogicalRegion& logical,
                                                      const storage::ScanRequest& request) {
  const RegionMetadata& md = *logical.metadata;
  GT_ASSIGN_OR_RETURN(types::SchemaPtr schema, ProjectedSchema(md, request.projection));
  storage::ScanRequest data = request;
  data.region_id = logical.physical->id;
  data.projection = schema->column_names();
  for (const storage::TagPredicate& p : request.tag_predicates) {
    const ColumnMetadata* c = md.ColumnByName(p.column);
    if (c == nullptr || !c->column_schema.is_tag()) {
      return Status::InvalidArguments("tag predicate on '{}', which is not a tag of region {}",
                                      p.column, md.region_id().ToString());
    }
  }
  const uint32_t table_id = md.region_id().table_id();
  data.tag_predicates.push_back(
      storage::TagPredicate{kTableIdColumn, {types::Value::UInt32(table_id)}});
  if (md.options().ttl && md.options().ttl->count() > 0) {
    const Timestamp now = Clock::System().Now();
    Timestamp cutoff{now.value - md.options().ttl->count(), TimeUnit::kNanosecond};
    if (auto converted = cutoff.ConvertTo(md.time_unit()); converted.ok()) {
      data.time_start = data.time_start ? std::max(*data.time_start, converted->value)
                                        : converted->value;
    }
  }
  GT_ASSIGN_OR_RETURN(storage::ScanResult result, mito_.Scan(data));
  return ToLogicalResult(std::move(schema), std::move(result));
}

Status MetricEngine::Truncate(const storage::TruncateRequest& request) {
  if (std::optional<LogicalRegion> logical = FindLogical(request.region_id)) {
    return TruncateLogical(*logical);
  }
  if (FindPhysical(request.region_id) != nullptr) return mito_.Truncate(request);
  return RegionNotFound(request.region_id);
}

Status MetricEngine::TruncateLogical(const LogicalRegion& logical) {
  const RegionMetadata& md = *logical.metadata;
  // The keys of every row of the table, ignoring its TTL (expired rows go too).
  storage::ScanRequest scan;
  scan.region_id = logical.physical->id;
  for (const ColumnMetadata& c : md.columns()) {
    if (c.column_schema.semantic_type != SemanticType::kField) {
      scan.projection.push_back(c.column_schema.name);
    }
  }
  const uint32_t table_id = md.region_id().table_id();
  scan.tag_predicates.push_back(
      storage::TagPredicate{kTableIdColumn, {types::Value::UInt32(table_id)}});
  GT_ASSIGN_OR_RETURN(storage::ScanResult keys, mito_.Scan(scan));
  for (const types::RecordBatch& batch : keys.batches) {
    GT_ASSIGN_OR_RETURN(types::RecordBatch rows, ToDataRows(md, storage::OpType::kDelete, batch));
    GT_RETURN_IF_ERROR(mito_.Write(storage::WriteRequest{logical.physical->id,
                                                         storage::OpType::kDelete, std::move(rows)})
                           .status()
                           .WithContext("truncate logical region {}", md.region_id().ToString()));
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
// Alter

Status MetricEngine::Alter(const AlterRequest& request) {
  if (std::optional<LogicalRegion> logical = FindLogical(request.region_id)) {
    return AlterLogical(*logical, request);
  }
  if (PhysicalPtr physical = FindPhysical(request.region_id)) {
    return AlterPhysical(physical, request);
  }
  return RegionNotFound(request.region_id);
}

Status MetricEngine::AlterLogical(const LogicalRegion& found, const AlterRequest& request) {
  const RegionId id = request.region_id;
  const PhysicalPtr& physical = found.physical;
  std::lock_guard ddl(physical->ddl_mu);
  std::optional<LogicalRegion> logical = FindLogical(id);  // the latest metadata
  if (!logical || logical->physical != physical) return RegionNotFound(id);
  const RegionMetadata& current = *logical->metadata;
  GT_ASSIGN_OR_RETURN(RegionMetadataPtr data_md, mito_.GetMetadata(physical->id));

  std::vector<ColumnMetadata> columns = current.columns();
  std::vector<uint32_t> primary_key = current.primary_key();
  storage::RegionOptions options = current.options();
  std::vector<ColumnSchema> missing;
  uint32_t next_id = current.max_column_id() + 1;
  for (const auto& change : request.changes) {
    if (const auto* add = std::get_if<AlterRequest::AddColumn>(&change)) {
      const ColumnSchema& cs = add->column;
      if (!cs.is_tag()) {
        return Status::InvalidArguments(
            "metric engine: only String tag columns can be added to logical region {}; column "
            "'{}' is {}",
            id.ToString(), cs.name, Describe(cs));
      }
      if (IsInternalColumn(cs.name)) {
        return Status::InvalidArguments("column name '{}' is reserved by the metric engine",
                                        cs.name);
      }
      if (!cs.nullable || (cs.default_value.is_constant() && !cs.default_value.constant().is_null()) ||
          cs.default_value.is_function()) {
        return Status::InvalidArguments(
            "metric engine: tag '{}' added to logical region {} must be nullable without a default "
            "(existing rows have no value for it)",
            cs.name, id.ToString());
      }
      bool exists = std::any_of(columns.begin(), columns.end(), [&](const ColumnMetadata& c) {
        return c.column_schema.name == cs.name;
      });
      if (exists) {
        return Status(StatusCode::kTableColumnExists,
                      fmt::format("Column {} already exists in region {}", cs.name, id.ToString()));
      }
      GT_ASSIGN_OR_RETURN(bool absent, CheckLogicalTag(cs, *data_md));
      if (absent) missing.push_back(DataTag(cs.name));
      columns.push_back(ColumnMetadata{cs, next_id});
      primary_key.push_back(next_id);
      ++next_id;
    } else if (const auto* drop = std::get_if<AlterRequest::DropColumn>(&change)) {
      return Status::Unsupported(
          "metric engine: dropping column '{}' of logical region {} is not supported", drop->name,
          id.ToString());
    } else {
      options = std::get<AlterRequest::SetOptions>(change).options;
    }
  }
  RegionMetadataPtr next;
  if (columns.size() != current.columns().size()) {
    GT_ASSIGN_OR_RETURN(RegionMetadataPtr with_columns,
                        current.WithColumns(std::move(columns), std::move(primary_key)));
    GT_ASSIGN_OR_RETURN(next, with_columns->WithOptions(options));
  } else {
    GT_ASSIGN_OR_RETURN(next, current.WithOptions(options));
  }
  GT_RETURN_IF_ERROR(AddDataTags(physical->id, missing));
  GT_RETURN_IF_ERROR(MetadataRegion(mito_, MetadataRegionId(physical->id)).PutLogicalRegion(*next));
  std::lock_guard lock(mu_);
  physical->logical[id] = next;
  if (auto it = logical_.find(id); it != logical_.end()) it->second.metadata = next;
  return Status::OK();
}

Status MetricEngine::AlterPhysical(const PhysicalPtr& physical, const AlterRequest& request) {
  for (const auto& change : request.changes) {
    // Options (ttl, compaction, ...) apply to the data region as to any mito region.
    if (std::holds_alternative<AlterRequest::SetOptions>(change)) continue;
    const auto* add = std::get_if<AlterRequest::AddColumn>(&change);
    if (add == nullptr || !add->column.is_tag()) {
      return Status::Unsupported(
          "metric engine: physical region {} only supports adding tag columns and setting "
          "options",
          request.region_id.ToString());
    }
    if (IsInternalColumn(add->column.name)) {
      return Status::InvalidArguments("column name '{}' is reserved by the metric engine",
                                      add->column.name);
    }
  }
  std::lock_guard ddl(physical->ddl_mu);
  if (!StillOpen(physical)) return RegionNotFound(physical->id);
  return mito_.Alter(request);
}

// ---------------------------------------------------------------------------------------------
// Flush, compact, metadata, statistics

Status MetricEngine::Flush(const storage::FlushRequest& request) {
  if (std::optional<LogicalRegion> logical = FindLogical(request.region_id)) {
    return mito_.Flush(storage::FlushRequest{logical->physical->id});
  }
  if (FindPhysical(request.region_id) != nullptr) {
    GT_RETURN_IF_ERROR(mito_.Flush(request));
    return mito_.Flush(storage::FlushRequest{MetadataRegionId(request.region_id)});
  }
  return RegionNotFound(request.region_id);
}

Status MetricEngine::Compact(const storage::CompactRequest& request) {
  if (std::optional<LogicalRegion> logical = FindLogical(request.region_id)) {
    return mito_.Compact(storage::CompactRequest{logical->physical->id});
  }
  if (FindPhysical(request.region_id) != nullptr) return mito_.Compact(request);
  return RegionNotFound(request.region_id);
}

Result<RegionMetadataPtr> MetricEngine::GetMetadata(RegionId region_id) {
  if (std::optional<LogicalRegion> logical = FindLogical(region_id)) return logical->metadata;
  if (FindPhysical(region_id) != nullptr) return mito_.GetMetadata(region_id);
  return RegionNotFound(region_id);
}

// A logical region reports the counts of its whole data region (rows of every table in it),
// under its own id: mito keeps no per-table counts.
Result<storage::RegionStatistics> MetricEngine::GetStatistics(RegionId region_id) {
  if (std::optional<LogicalRegion> logical = FindLogical(region_id)) {
    GT_ASSIGN_OR_RETURN(storage::RegionStatistics stats,
                        mito_.GetStatistics(logical->physical->id));
    stats.region_id = region_id;
    return stats;
  }
  if (FindPhysical(region_id) != nullptr) return mito_.GetStatistics(region_id);
  return RegionNotFound(region_id);
}

std::vector<RegionId> MetricEngine::OpenRegions() {
  std::lock_guard lock(mu_);
  std::vector<RegionId> out;
  out.reserve(physical_.size() + logical_.size());
  for (const auto& [id, _] : physical_) out.push_back(id);
  for (const auto& [id, _] : logical_) out.push_back(id);
  return out;
}

void MetricEngine::Stop() {
  std::lock_guard lock(mu_);
  logical_.clear();
  physical_.clear();
}

}  // namespace

std::unique_ptr<storage::RegionEngine> NewMetricEngine(storage::RegionEngine* mito) {
  return std::make_unique<MetricEngine>(mito);
}

}  // namespace greptime::metric_engine
