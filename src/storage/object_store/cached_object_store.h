// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// A local file cache in front of a remote ObjectStore (S3, Azure Blob). It caches objects that
// never change once written (SST files, `*.sst`): a write goes to the remote store first and,
// once durable there, a copy is kept locally (the write cache: a flushed file is read back
// from local disk); a read miss is served from the remote store and the whole object is then
// fetched into the cache in the background (read cache). Everything else (manifests, listings,
// deletes) passes through. The cache is a directory mirroring the object paths, bounded by
// `capacity_bytes` with least-recently-used eviction; it is rebuilt from the directory at start,
// so it survives restarts (files are written to a temporary name and renamed).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/object_store/object_store.h"

namespace greptime::storage {

struct ObjectCacheOptions {
  std::string dir;                          // created if missing
  uint64_t capacity_bytes = 5ull << 30;     // storage.cache_capacity
  bool fill_on_read = true;                 // storage.enable_read_cache
  bool fill_on_write = true;                // the write cache (on for object stores)
  size_t fill_threads = 2;                  // background fetches of missed objects
  // Objects that may be cached (immutable once written). Default: paths ending in ".sst".
  std::function<bool(std::string_view)> cacheable;
};

struct ObjectCacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t bytes = 0;    // cached bytes now
  uint64_t objects = 0;  // cached objects now
  uint64_t evictions = 0;
};

class CachedObjectStore : public ObjectStore {
 public:
  ~CachedObjectStore() override = default;
  virtual ObjectCacheStats stats() const = 0;
  // Waits until background fills queued so far are done (tests, benches).
  virtual void WaitForFills() = 0;
};

// kStorageUnavailable when the cache directory cannot be created or scanned.
Result<std::unique_ptr<CachedObjectStore>> NewCachedObjectStore(std::unique_ptr<ObjectStore> remote,
                                                                ObjectCacheOptions options);

}  // namespace greptime::storage
