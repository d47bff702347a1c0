// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// MitoRegion: one open region of the mito engine. Its worker thread owns every mutable field
// except those marked otherwise; scans read `version_control` only.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/engine/version.h"
#include "storage/manifest/manifest.h"

namespace greptime::storage {

struct MitoRegion {
  RegionId region_id;
  std::string region_dir;
  VersionControl version_control;
  // Background flushes and compactions write the manifest; the mutex orders them.
  std::mutex manifest_mu;
  std::unique_ptr<ManifestManager> manifest;  // guarded by manifest_mu

  // Worker-owned state.
  uint64_t last_entry_id = 0;
  uint64_t next_sequence = 1;
  uint64_t next_memtable_id = 1;
  bool flush_running = false;
  bool compaction_running = false;
  bool flush_requested = false;  // another flush is wanted once the running one ends
  // Called on the worker thread when the next flush / compaction ends.
  std::vector<std::function<void(const Status&)>> flush_waiters;
  std::vector<std::function<void(const Status&)>> compaction_waiters;
  std::chrono::steady_clock::time_point last_flush = std::chrono::steady_clock::now();
  // Consecutive failed flushes (object store unreachable, ...): the frozen memtables stay
  // readable and their WAL entries kept; the worker retries at `flush_retry_at` with backoff.
  uint32_t flush_failures = 0;
  std::chrono::steady_clock::time_point flush_retry_at;
  // Set when a WAL or manifest write failed: the region refuses writes until reopened.
  Status sticky_error;

  MitoRegion(RegionId id, std::string dir, VersionPtr version)
      : region_id(id), region_dir(std::move(dir)), version_control(std::move(version)) {}
};

}  // namespace greptime::storage
