// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/manifest/manifest.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "common/logging.h"
#include "storage/object_store/object_store.h"

namespace greptime::storage {
namespace {

using nlohmann::json;

constexpr std::string_view kChecksumPrefix = "\n#checksum:";

std::string ManifestDir(const std::string& region_dir) { return region_dir + "manifest/"; }

std::string DeltaPath(const std::string& region_dir, uint64_t version) {
  return fmt::format("{}{:020}.json", ManifestDir(region_dir), version);
}

std::string CheckpointPath(const std::string& region_dir, uint64_t version) {
  return fmt::format("{}{:020}.checkpoint", ManifestDir(region_dir), version);
}

json FileToJson(const FileMeta& f) {
  return json{{"file_id", f.file_id},       {"level", f.level},
              {"time_min", f.time_min},     {"time_max", f.time_max},
              {"num_rows", f.num_rows},     {"file_size", f.file_size},
              {"max_sequence", f.max_sequence}, {"num_row_groups", f.num_row_groups}};
}

FileMeta FileFromJson(const json& j) {
  FileMeta f;
  f.file_id = j.at("file_id").get<std::string>();
  f.level = j.at("level").get<uint32_t>();
  f.time_min = j.at("time_min").get<int64_t>();
  f.time_max = j.at("time_max").get<int64_t>();
  f.num_rows = j.at("num_rows").get<uint64_t>();
  f.file_size = j.at("file_size").get<uint64_t>();
  f.max_sequence = j.at("max_sequence").get<uint64_t>();
  f.num_row_groups = j.at("num_row_groups").get<uint32_t>();
  return f;
}

// Parses "<20 digits>.json" / ".checkpoint" file names.
std::optional<std::pair<uint64_t, bool>> ParseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  bool checkpoint;
  if (name.size() == 25 && name.substr(20) == ".json") {
    checkpoint = false;
  } else if (name.size() == 31 && name.substr(20) == ".checkpoint") {
    checkpoint = true;
  } else {
    return std::nullopt;
  }
  uint64_t version = 0;
  auto [ptr, ec] = std::from_chars(name.data(), name.data() + 20, version);
  if (ec != std::errc() || ptr != name.data() + 20) return std::nullopt;
  return std::make_pair(version, checkpoint);
}

json ManifestToJson(const RegionManifest& m) {
  json files = json::array();
  for (const auto& [id, f] : m.files) files.push_back(FileToJson(f));
  json j{{"metadata", m.metadata->ToJson()},
         {"files", files},
         {"flushed_entry_id", m.flushed_entry_id},
         {"flushed_sequence", m.flushed_sequence},
         {"manifest_version", m.manifest_version}};
  if (m.compaction_time_window) j["compaction_time_window_ns"] = m.compaction_time_window->count();
  return j;
}

Result<RegionManifest> ManifestFromJson(const json& j) {
  RegionManifest m;
  GT_ASSIGN_OR_RETURN(m.metadata, RegionMetadata::FromJson(j.at("metadata").get<std::string>()));
  for (const json& f : j.at("files")) {
    FileMeta meta = FileFromJson(f);
    m.files[meta.file_id] = meta;
  }
  m.flushed_entry_id = j.at("flushed_entry_id").get<uint64_t>();
  m.flushed_sequence = j.at("flushed_sequence").get<uint64_t>();
  m.manifest_version = j.at("manifest_version").get<uint64_t>();
  if (j.contains("compaction_time_window_ns")) {
    m.compaction_time_window = std::chrono::nanoseconds(j["compaction_time_window_ns"].get<int64_t>());
  }
  return m;
}

}  // namespace

std::string WithChecksum(std::string content) {
  const uint64_t sum = XXH3_64bits(content.data(), content.size());
  content += fmt::format("{}{:016x}\n", kChecksumPrefix, sum);
  return content;
}

Result<std::string> VerifyChecksum(std::string_view data, std::string_view name) {
  const size_t pos = data.rfind(kChecksumPrefix);
  if (pos == std::string_view::npos || data.size() != pos + kChecksumPrefix.size() + 17 ||
      data.back() != '\n') {
    return Status::StorageUnavailable("{}: missing or malformed checksum line", name);
  }
  uint64_t stored = 0;
  const char* hex = data.data() + pos + kChecksumPrefix.size();
  auto [ptr, ec] = std::from_chars(hex, hex + 16, stored, 16);
  if (ec != std::errc() || ptr != hex + 16) {
    return Status::StorageUnavailable("{}: malformed checksum", name);
  }
  std::string_view content = data.substr(0, pos);
  if (XXH3_64bits(content.data(), content.size()) != stored) {
    return Status::StorageUnavailable("{}: checksum mismatch (file is corrupt)", name);
  }
  return std::string(content);
}

std::string ManifestManager::EncodeActions(const std::vector<ManifestAction>& actions) {
  json arr = json::array();
  for (const ManifestAction& action : actions) {
    if (const auto* change = std::get_if<RegionChange>(&action)) {
      arr.push_back({{"change", {{"metadata", change->metadata->ToJson()}}}});
    } else if (const auto* edit = std::get_if<RegionEdit>(&action)) {
      json add = json::array();
      for (const FileMeta& f : edit->files_to_add) add.push_back(FileToJson(f));
      json e{{"files_to_add", add}, {"files_to_remove", edit->files_to_remove}};
      if (edit->flushed_entry_id) e["flushed_entry_id"] = *edit->flushed_entry_id;
      if (edit->flushed_sequence) e["flushed_sequence"] = *edit->flushed_sequence;
      if (edit->compaction_time_window) {
        e["compaction_time_window_ns"] = edit->compaction_time_window->count();
      }
      arr.push_back({{"edit", e}});
    } else {
      const auto& truncate = std::get<RegionTruncate>(action);
      arr.push_back({{"truncate",
                      {{"truncated_entry_id", truncate.truncated_entry_id},
                       {"truncated_sequence", truncate.truncated_sequence}}}});
    }
  }
  return json{{"actions", arr}}.dump();
}

Result<std::vector<ManifestAction>> ManifestManager::DecodeActions(std::string_view payload) {
  json j = json::parse(payload.begin(), payload.end(), nullptr, false);
  if (j.is_discarded()) return Status::StorageUnavailable("malformed manifest JSON");
  std::vector<ManifestAction> actions;
  try {
    for (const json& a : j.at("actions")) {
      if (a.contains("change")) {
        GT_ASSIGN_OR_RETURN(auto md,
                            RegionMetadata::FromJson(a["change"].at("metadata").get<std::string>()));
        actions.emplace_back(RegionChange{std::move(md)});
      } else if (a.contains("edit")) {
        const json& e = a["edit"];
        RegionEdit edit;
        for (const json& f : e.at("files_to_add")) edit.files_to_add.push_back(FileFromJson(f));
        edit.files_to_remove = e.at("files_to_remove").get<std::vector<std::string>>();
        if (e.contains("flushed_entry_id")) edit.flushed_entry_id = e["flushed_entry_id"].get<uint64_t>();
        if (e.contains("flushed_sequence")) edit.flushed_sequence = e["flushed_sequence"].get<uint64_t>();
        if (e.contains("compaction_time_window_ns")) {
          edit.compaction_time_window =
              std::chrono::nanoseconds(e["compaction_time_window_ns"].get<int64_t>());
        }
        actions.emplace_back(std::move(edit));
      } else if (a.contains("truncate")) {
        const json& t = a["truncate"];
        actions.emplace_back(RegionTruncate{t.at("truncated_entry_id").get<uint64_t>(),
                                            t.at("truncated_sequence").get<uint64_t>()});
      } else {
        return Status::StorageUnavailable("unknown manifest action");
      }
    }
  } catch (const json::exception& e) {
    return Status::StorageUnavailable("malformed manifest action: {}", e.what());
  }
  return actions;
}

Status ManifestManager::ApplyInMemory(const std::vector<ManifestAction>& actions) {
  for (const ManifestAction& action : actions) {
    if (const auto* change = std::get_if<RegionChange>(&action)) {
      manifest_.metadata = change->metadata;
    } else if (const auto* edit = std::get_if<RegionEdit>(&action)) {
      for (const std::string& id : edit->files_to_remove) manifest_.files.erase(id);
      for (const FileMeta& f : edit->files_to_add) manifest_.files[f.file_id] = f;
      if (edit->flushed_entry_id) {
        manifest_.flushed_entry_id = std::max(manifest_.flushed_entry_id, *edit->flushed_entry_id);
      }
      if (edit->flushed_sequence) {
        manifest_.flushed_sequence = std::max(manifest_.flushed_sequence, *edit->flushed_sequence);
      }
      if (edit->compaction_time_window) {
        manifest_.compaction_time_window = edit->compaction_time_window;
      }
    } else {
      const auto& truncate = std::get<RegionTruncate>(action);
      manifest_.files.clear();
      manifest_.flushed_entry_id = std::max(manifest_.flushed_entry_id, truncate.truncated_entry_id);
      manifest_.flushed_sequence = std::max(manifest_.flushed_sequence, truncate.truncated_sequence);
    }
  }
  if (manifest_.metadata == nullptr) {
    return Status::StorageUnavailable("manifest of {} has no metadata", region_dir_);
  }
  return Status::OK();
}

Result<std::unique_ptr<ManifestManager>> ManifestManager::Create(ObjectStore* store,
                                                                 std::string region_dir,
                                                                 RegionMetadataPtr metadata,
                                                                 ManifestOptions options) {
  GT_ASSIGN_OR_RETURN(auto existing, store->List(ManifestDir(region_dir)));
  if (!existing.empty()) {
    return Status(StatusCode::kRegionAlreadyExists,
                  fmt::format("region {} already exists in {}",
                              metadata->region_id().ToString(), region_dir));
  }
  std::unique_ptr<ManifestManager> manager(new ManifestManager(store, std::move(region_dir), options));
  GT_RETURN_IF_ERROR(manager->Apply({RegionChange{std::move(metadata)}}));
  return manager;
}

Result<std::unique_ptr<ManifestManager>> ManifestManager::Open(ObjectStore* store,
                                                               std::string region_dir,
                                                               ManifestOptions options) {
  std::unique_ptr<ManifestManager> manager(new ManifestManager(store, region_dir, options));
  GT_ASSIGN_OR_RETURN(auto objects, store->List(ManifestDir(region_dir)));
  std::vector<std::pair<uint64_t, std::string>> deltas;
  std::optional<std::pair<uint64_t, std::string>> checkpoint;
  for (const ObjectMeta& meta : objects) {
    auto parsed = ParseName(meta.path);
    if (!parsed) continue;
    if (parsed->second) {
      if (!checkpoint || parsed->first > checkpoint->first) checkpoint = {parsed->first, meta.path};
    } else {
      deltas.emplace_back(parsed->first, meta.path);
    }
  }
  if (!checkpoint && deltas.empty()) {
    return Status(StatusCode::kRegionNotFound, fmt::format("no region manifest in {}", region_dir));
  }
  std::sort(deltas.begin(), deltas.end());
  RegionManifest& m = manager->manifest_;
  if (checkpoint) {
    GT_ASSIGN_OR_RETURN(std::string raw, store->Read(checkpoint->second));
    GT_ASSIGN_OR_RETURN(std::string content, VerifyChecksum(raw, checkpoint->second));
    json j = json::parse(content, nullptr, false);
    if (j.is_discarded()) {
      return Status::StorageUnavailable("{}: malformed checkpoint", checkpoint->second);
    }
    try {
      auto parsed = ManifestFromJson(j);
      if (!parsed.ok()) return std::move(parsed).status().WithContext("{}", checkpoint->second);
      m = std::move(parsed).value();
    } catch (const json::exception& e) {
      return Status::StorageUnavailable("{}: malformed checkpoint: {}", checkpoint->second, e.what());
    }
    manager->last_checkpoint_version_ = checkpoint->first;
  }
  uint64_t expected = m.manifest_version + 1;
  for (const auto& [version, path] : deltas) {
    if (version <= m.manifest_version) continue;  // covered by the checkpoint
    if (version != expected) {
      return Status::StorageUnavailable("manifest of {}: version {} is missing (found {})",
                                        region_dir, expected, version);
    }
    GT_ASSIGN_OR_RETURN(std::string raw, store->Read(path));
    GT_ASSIGN_OR_RETURN(std::string content, VerifyChecksum(raw, path));
    auto actions = DecodeActions(content);
    if (!actions.ok()) return std::move(actions).status().WithContext("{}", path);
    GT_RETURN_IF_ERROR(manager->ApplyInMemory(*actions));
    m.manifest_version = version;
    ++expected;
  }
  if (m.metadata == nullptr) {
    return Status::StorageUnavailable("manifest of {} has no metadata", region_dir);
  }
  return manager;
}

Status ManifestManager::Apply(const std::vector<ManifestAction>& actions) {
  const uint64_t version = manifest_.manifest_version + 1;
  const std::string path = DeltaPath(region_dir_, version);
  GT_RETURN_IF_ERROR(store_->WriteIfAbsent(path, WithChecksum(EncodeActions(actions)))
                         .WithContext("write manifest {}", path));
  GT_RETURN_IF_ERROR(ApplyInMemory(actions));
  manifest_.manifest_version = version;
  return MaybeCheckpoint();
}

Status ManifestManager::MaybeCheckpoint() {
  if (options_.checkpoint_distance == 0 ||
      manifest_.manifest_version - last_checkpoint_version_ < options_.checkpoint_distance) {
    return Status::OK();
  }
  const uint64_t version = manifest_.manifest_version;
  const std::string path = CheckpointPath(region_dir_, version);
  GT_RETURN_IF_ERROR(store_->Write(path, WithChecksum(ManifestToJson(manifest_).dump()))
                         .WithContext("write manifest checkpoint {}", path));
  last_checkpoint_version_ = version;
  // Files the checkpoint covers are no longer needed; failures only leave garbage behind.
  auto objects = store_->List(ManifestDir(region_dir_));
  if (!objects.ok()) return Status::OK();
  for (const ObjectMeta& meta : *objects) {
    auto parsed = ParseName(meta.path);
    if (parsed && parsed->first < version) {
      Status st = store_->Delete(meta.path);
      if (!st.ok()) GT_LOG_WARN("delete old manifest file {}: {}", meta.path, st.message());
    }
  }
  return Status::OK();
}

}  // namespace greptime::storage
