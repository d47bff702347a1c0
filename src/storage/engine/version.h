// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Version: an immutable snapshot of a region (metadata, memtables, SST files). Scans take the
// current Version and read it without locks while the region's worker installs new ones;
// VersionControl swaps them atomically.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/manifest/manifest.h"
#include "storage/memtable/memtable.h"
#include "storage/region_metadata.h"

namespace greptime::storage {

class ObjectStore;
class SstReader;

// An SST file referenced by versions. When a compaction or truncate removes it, it is marked;
// the file is deleted once the last version referencing it (and every scan holding one) is gone.
class FileHandle {
 public:
  FileHandle(FileMeta meta, std::string path, ObjectStore* store)
      : meta_(std::move(meta)), path_(std::move(path)), store_(store) {}
  ~FileHandle();
  const FileMeta& meta() const { return meta_; }
  const std::string& path() const { return path_; }
  void MarkDeleted() { deleted_.store(true); }

  // The file's reader for `metadata`, opened on first use and kept (the footer and key
  // dictionary are then read once per file, not once per scan). Thread-safe.
  Result<std::shared_ptr<SstReader>> Reader(const RegionMetadataPtr& metadata);

 private:
  FileMeta meta_;
  std::string path_;
  ObjectStore* store_;
  std::atomic<bool> deleted_{false};
  std::mutex reader_mu_;
  std::shared_ptr<SstReader> reader_;   // guarded by reader_mu_
  RegionMetadataPtr reader_metadata_;   // guarded by reader_mu_
};
using FileHandlePtr = std::shared_ptr<FileHandle>;

struct MemtableRef {
  std::shared_ptr<Memtable> memtable;
  uint64_t id = 0;            // unique within the region
  uint64_t max_entry_id = 0;  // the last WAL entry written into it
};

struct Version {
  RegionMetadataPtr metadata;
  MemtableRef mutable_memtable;
  std::vector<MemtableRef> immutables;  // frozen, oldest first, waiting for flush
  std::map<std::string, FileHandlePtr> files;
  uint64_t flushed_entry_id = 0;
  uint64_t flushed_sequence = 0;
  std::optional<std::chrono::nanoseconds> compaction_time_window;

  uint64_t MemtableBytes() const;
};
using VersionPtr = std::shared_ptr<const Version>;

class VersionControl {
 public:
  explicit VersionControl(VersionPtr initial) : current_(std::move(initial)) {}
  VersionPtr Current() const {
    std::lock_guard<std::mutex> lock(mu_);
    return current_;
  }
  void Set(VersionPtr version) {
    std::lock_guard<std::mutex> lock(mu_);
    current_ = std::move(version);
  }

 private:
  mutable std::mutex mu_;
  VersionPtr current_;  // guarded by mu_
};

}  // namespace greptime::storage
