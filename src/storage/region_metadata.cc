// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/region_metadata.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace greptime::storage {

std::string RegionId::ToString() const {
  return fmt::format("{}({}, {})", value_, table_id(), region_number());
}

Result<RegionMetadataPtr> RegionMetadata::Make(RegionId region_id,
                                               std::vector<ColumnMetadata> columns,
                                               std::vector<uint32_t> primary_key,
                                               RegionOptions options, uint64_t schema_version) {
  std::shared_ptr<RegionMetadata> md(new RegionMetadata());
  md->region_id_ = region_id;
  md->columns_ = std::move(columns);
  md->primary_key_ = std::move(primary_key);
  md->options_ = std::move(options);
  md->schema_version_ = schema_version;
  GT_RETURN_IF_ERROR(md->Init());
  return RegionMetadataPtr(std::move(md));
}

Status RegionMetadata::Init() {
  std::set<std::string> names;
  std::set<uint32_t> ids;
  std::optional<uint32_t> time_index;
  field_ids_.clear();
  std::vector<types::ColumnSchema> schemas;
  for (const ColumnMetadata& c : columns_) {
    const types::ColumnSchema& cs = c.column_schema;
    if (!names.insert(cs.name).second) {
      return Status::InvalidArguments("region {}: duplicate column name '{}'", region_id_.ToString(),
                                      cs.name);
    }
    if (!ids.insert(c.column_id).second) {
      return Status::InvalidArguments("region {}: duplicate column id {}", region_id_.ToString(),
                                      c.column_id);
    }
    if (cs.type.is_interval()) {
      return Status::InvalidArguments("column name `{}` is interval type, which is not supported",
                                      cs.name);
    }
    switch (cs.semantic_type) {
      case types::SemanticType::kTimestamp:
        if (time_index) {
          return Status::InvalidArguments("region {}: more than one time index column",
                                          region_id_.ToString());
        }
        if (!cs.type.is_timestamp()) {
          return Status::InvalidArguments("time index column '{}' must be a timestamp, not {}",
                                          cs.name, cs.type.Name());
        }
        time_index = c.column_id;
        break;
      case types::SemanticType::kTag:
        if (std::find(primary_key_.begin(), primary_key_.end(), c.column_id) ==
            primary_key_.end()) {
          return Status::InvalidArguments("tag column '{}' is not in the primary key", cs.name);
        }
        break;
      case types::SemanticType::kField:
        field_ids_.push_back(c.column_id);
        break;
    }
    schemas.push_back(cs);
  }
  if (!time_index) {
    return Status::InvalidArguments("region {}: no time index column", region_id_.ToString());
  }
  time_index_id_ = *time_index;
  std::set<uint32_t> pk_seen;
  for (uint32_t id : primary_key_) {
    const ColumnMetadata* c = ColumnById(id);
    if (c == nullptr) {
      return Status::InvalidArguments("primary key column id {} does not exist", id);
    }
    if (c->column_schema.semantic_type != types::SemanticType::kTag) {
      return Status::InvalidArguments("primary key column '{}' must be a tag",
                                      c->column_schema.name);
    }
    if (!pk_seen.insert(id).second) {
      return Status::InvalidArguments("primary key column '{}' repeated", c->column_schema.name);
    }
  }
  schema_ = std::make_shared<const types::Schema>(std::move(schemas));
  return Status::OK();
}

const ColumnMetadata* RegionMetadata::ColumnById(uint32_t id) const {
  for (const ColumnMetadata& c : columns_) {
    if (c.column_id == id) return &c;
  }
  return nullptr;
}

const ColumnMetadata* RegionMetadata::ColumnByName(std::string_view name) const {
  for (const ColumnMetadata& c : columns_) {
    if (c.column_schema.name == name) return &c;
  }
  return nullptr;
}

std::optional<size_t> RegionMetadata::IndexOfId(uint32_t id) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].column_id == id) return i;
  }
  return std::nullopt;
}

const ColumnMetadata& RegionMetadata::time_index_column() const {
  return *ColumnById(time_index_id_);
}

TimeUnit RegionMetadata::time_unit() const {
  return time_index_column().column_schema.type.time_unit();
}

uint32_t RegionMetadata::max_column_id() const {
  uint32_t max = 0;
  for (const ColumnMetadata& c : columns_) max = std::max(max, c.column_id);
  return max;
}

Result<RegionMetadataPtr> RegionMetadata::WithColumns(std::vector<ColumnMetadata> columns,
                                                      std::vector<uint32_t> primary_key) const {
  return Make(region_id_, std::move(columns), std::move(primary_key), options_,
              schema_version_ + 1);
}

Result<RegionMetadataPtr> RegionMetadata::WithOptions(RegionOptions options) const {
  return Make(region_id_, columns_, primary_key_, std::move(options), schema_version_);
}

bool RegionMetadata::operator==(const RegionMetadata& other) const {
  return region_id_ == other.region_id_ && columns_ == other.columns_ &&
         primary_key_ == other.primary_key_ && options_ == other.options_ &&
         schema_version_ == other.schema_version_;
}

// ---------------------------------------------------------------------------------------------
// JSON

namespace {

using nlohmann::json;

std::string_view SemanticName(types::SemanticType t) {
  switch (t) {
    case types::SemanticType::kTag: return "tag";
    case types::SemanticType::kField: return "field";
    case types::SemanticType::kTimestamp: return "timestamp";
  }
  return "field";
}

Result<types::SemanticType> ParseSemantic(const std::string& s) {
  if (s == "tag") return types::SemanticType::kTag;
  if (s == "field") return types::SemanticType::kField;
  if (s == "timestamp") return types::SemanticType::kTimestamp;
  return Status::StorageUnavailable("region metadata: unknown semantic type '{}'", s);
}

}  // namespace

namespace {

json ColumnSchemaJson(const types::ColumnSchema& cs) {
  json col;
  col["name"] = cs.name;
  col["type"] = cs.type.Name();
  col["nullable"] = cs.nullable;
  col["semantic_type"] = SemanticName(cs.semantic_type);
  if (cs.default_value.is_constant()) {
    const types::Value& v = cs.default_value.constant();
    col["default"] = {{"kind", v.is_null() ? "null" : "constant"},
                      {"text", v.is_null() ? "" : v.ToString()}};
  } else if (cs.default_value.is_function()) {
    col["default"] = {{"kind", "function"}, {"text", cs.default_value.function()}};
  }
  if (!cs.comment.empty()) col["comment"] = cs.comment;
  return col;
}

// Throws json::exception on missing or mistyped members.
Result<types::ColumnSchema> ColumnSchemaOf(const json& col) {
  types::ColumnSchema cs;
  cs.name = col.at("name").get<std::string>();
  auto type = types::DataType::ParseName(col.at("type").get<std::string>());
  if (!type.ok()) return std::move(type).status().WithContext("region metadata");
  cs.type = *type;
  cs.nullable = col.at("nullable").get<bool>();
  GT_ASSIGN_OR_RETURN(cs.semantic_type, ParseSemantic(col.at("semantic_type").get<std::string>()));
  if (col.contains("default")) {
    const std::string kind = col["default"].at("kind").get<std::string>();
    const std::string text_value = col["default"].at("text").get<std::string>();
    if (kind == "function") {
      cs.default_value = types::ColumnDefault::Function(text_value);
    } else if (kind == "null") {
      cs.default_value = types::ColumnDefault::Constant(types::Value::Null());
    } else {
      auto v = types::Value::String(text_value).CastTo(cs.type);
      if (!v.ok()) return std::move(v).status().WithContext("region metadata default");
      cs.default_value = types::ColumnDefault::Constant(*v);
    }
  }
  if (col.contains("comment")) cs.comment = col["comment"].get<std::string>();
  return cs;
}

json OptionsJson(const RegionOptions& options) {
  json opts;
  if (options.ttl) opts["ttl_ns"] = options.ttl->count();
  opts["append_mode"] = options.append_mode;
  opts["merge_mode"] = options.merge_mode == MergeMode::kLastRow ? "last_row" : "last_non_null";
  if (options.compaction_time_window) {
    opts["compaction_time_window_ns"] = options.compaction_time_window->count();
  }
  return opts;
}

RegionOptions OptionsOf(const json& opts) {
  RegionOptions options;
  if (opts.contains("ttl_ns")) options.ttl = std::chrono::nanoseconds(opts["ttl_ns"].get<int64_t>());
  options.append_mode = opts.at("append_mode").get<bool>();
  options.merge_mode = opts.at("merge_mode").get<std::string>() == "last_non_null"
                           ? MergeMode::kLastNonNull
                           : MergeMode::kLastRow;
  if (opts.contains("compaction_time_window_ns")) {
    options.compaction_time_window =
        std::chrono::nanoseconds(opts["compaction_time_window_ns"].get<int64_t>());
  }
  return options;
}

Result<json> ParseObject(std::string_view text, std::string_view what) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::StorageUnavailable("{}: malformed JSON", what);
  return j;
}

}  // namespace

std::string RegionMetadata::ToJson() const {
  json j;
  j["region_id"] = region_id_.value();
  j["schema_version"] = schema_version_;
  json cols = json::array();
  for (const ColumnMetadata& c : columns_) {
    json col = ColumnSchemaJson(c.column_schema);
    col["id"] = c.column_id;
    cols.push_back(std::move(col));
  }
  j["columns"] = std::move(cols);
  j["primary_key"] = primary_key_;
  j["options"] = OptionsJson(options_);
  return j.dump();
}

Result<RegionMetadataPtr> RegionMetadata::FromJson(std::string_view text) {
  GT_ASSIGN_OR_RETURN(json j, ParseObject(text, "region metadata"));
  try {
    std::vector<ColumnMetadata> columns;
    for (const json& col : j.at("columns")) {
      ColumnMetadata c;
      c.column_id = col.at("id").get<uint32_t>();
      GT_ASSIGN_OR_RETURN(c.column_schema, ColumnSchemaOf(col));
      columns.push_back(std::move(c));
    }
    return Make(RegionId(j.at("region_id").get<uint64_t>()), std::move(columns),
                j.at("primary_key").get<std::vector<uint32_t>>(), OptionsOf(j.at("options")),
                j.at("schema_version").get<uint64_t>());
  } catch (const json::exception& e) {
    return Status::StorageUnavailable("region metadata: {}", e.what());
  }
}

std::string ColumnSchemaToJson(const types::ColumnSchema& column) {
  return ColumnSchemaJson(column).dump();
}

Result<types::ColumnSchema> ColumnSchemaFromJson(std::string_view text) {
  GT_ASSIGN_OR_RETURN(json j, ParseObject(text, "column schema"));
  try {
    return ColumnSchemaOf(j);
  } catch (const json::exception& e) {
    return Status::StorageUnavailable("column schema: {}", e.what());
  }
}

std::string RegionOptionsToJson(const RegionOptions& options) { return OptionsJson(options).dump(); }

Result<RegionOptions> RegionOptionsFromJson(std::string_view text) {
  GT_ASSIGN_OR_RETURN(json j, ParseObject(text, "region options"));
  try {
    return OptionsOf(j);
  } catch (const json::exception& e) {
    return Status::StorageUnavailable("region options: {}", e.what());
  }
}

}  // namespace greptime::storage
