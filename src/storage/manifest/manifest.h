// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The region manifest: the durable record of what a region is (metadata) and which SST files
// make it up. Each change is one action file `manifest/<version:020>.json` claimed with
// WriteIfAbsent; every `checkpoint_distance` versions a `<version:020>.checkpoint` holds the
// whole state and older files are deleted. Every file ends with a checksum line, so a flipped
// byte is an error naming the file, never a silently different region. Format:
// docs/storage-format.md §Manifest.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/status.h"
#include "storage/region_metadata.h"

namespace greptime::storage {

class ObjectStore;

struct FileMeta {
  std::string file_id;  // a random 128-bit id in hex; the file is <region_dir><file_id>.sst
  uint32_t level = 0;   // 0: flushed, 1: compacted
  int64_t time_min = 0;
  int64_t time_max = 0;  // inclusive
  uint64_t num_rows = 0;
  uint64_t file_size = 0;
  uint64_t max_sequence = 0;
  uint32_t num_row_groups = 0;
  bool operator==(const FileMeta&) const = default;
};

struct RegionChange {
  RegionMetadataPtr metadata;
};

struct RegionEdit {
  std::vector<FileMeta> files_to_add;
  std::vector<std::string> files_to_remove;
  std::optional<uint64_t> flushed_entry_id;
  std::optional<uint64_t> flushed_sequence;
  std::optional<std::chrono::nanoseconds> compaction_time_window;
};

// Removes every file; WAL entries up to `truncated_entry_id` no longer count.
struct RegionTruncate {
  uint64_t truncated_entry_id = 0;
  uint64_t truncated_sequence = 0;
};

using ManifestAction = std::variant<RegionChange, RegionEdit, RegionTruncate>;

// The state the actions build.
struct RegionManifest {
  RegionMetadataPtr metadata;
  std::map<std::string, FileMeta> files;
  uint64_t flushed_entry_id = 0;
  uint64_t flushed_sequence = 0;
  std::optional<std::chrono::nanoseconds> compaction_time_window;
  uint64_t manifest_version = 0;
};

struct ManifestOptions {
  uint64_t checkpoint_distance = 10;
};

// Not thread-safe: the region's worker is the only writer.
class ManifestManager {
 public:
  // Writes version 1 (the metadata). kRegionAlreadyExists when the region dir has a manifest.
  static Result<std::unique_ptr<ManifestManager>> Create(ObjectStore* store, std::string region_dir,
                                                         RegionMetadataPtr metadata,
                                                         ManifestOptions options = {});
  // Recovers the latest state. kRegionNotFound when there is no manifest; kStorageUnavailable
  // (naming the file) on a corrupt one.
  static Result<std::unique_ptr<ManifestManager>> Open(ObjectStore* store, std::string region_dir,
                                                       ManifestOptions options = {});

  const RegionManifest& manifest() const { return manifest_; }

  // Persists the actions as the next version, then applies them to manifest().
  Status Apply(const std::vector<ManifestAction>& actions);

  // Serialization (exposed for tests).
  static std::string EncodeActions(const std::vector<ManifestAction>& actions);
  static Result<std::vector<ManifestAction>> DecodeActions(std::string_view payload);

 private:
  ManifestManager(ObjectStore* store, std::string region_dir, ManifestOptions options)
      : store_(store), region_dir_(std::move(region_dir)), options_(options) {}
  Status ApplyInMemory(const std::vector<ManifestAction>& actions);
  Status MaybeCheckpoint();

  ObjectStore* store_;
  std::string region_dir_;
  ManifestOptions options_;
  RegionManifest manifest_;
  uint64_t last_checkpoint_version_ = 0;
};

// Appends "\n#checksum:<16 hex digits>\n" (XXH3-64 of the content) to `content`.
std::string WithChecksum(std::string content);
// Verifies and strips the checksum line; kStorageUnavailable naming `name` when it is missing or
// does not match.
Result<std::string> VerifyChecksum(std::string_view data, std::string_view name);

}  // namespace greptime::storage
