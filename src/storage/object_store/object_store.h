// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// ObjectStore: the one interface through which the storage engine reads and writes region files
// (SSTs, manifests). Paths are relative, '/'-separated object keys ("data/greptime/public/1024/
// 1024_0000000000/manifest/00000000000000000001.json"). Backends: local filesystem (here), S3
// and Azure Blob later, behind the same contract.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace greptime::storage {

struct ObjectMeta {
  std::string path;
  uint64_t size = 0;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // Whole object. kStorageUnavailable when missing ("object not found: <path>") or unreadable.
  virtual Result<std::string> Read(std::string_view path) = 0;
  // Bytes [offset, offset + length); a range past the end fails with kStorageUnavailable.
  virtual Result<std::string> ReadRange(std::string_view path, uint64_t offset,
                                        uint64_t length) = 0;
  // Size of the object, or nullopt when it does not exist.
  virtual Result<std::optional<uint64_t>> Stat(std::string_view path) = 0;
  // Writes the whole object atomically and durably: a reader sees the old object, or the new
  // one complete, never a part; after OK the object survives a crash.
  virtual Status Write(std::string_view path, std::string_view data) = 0;
  // Like Write, but fails with kIllegalState when the object already exists (manifest versions
  // are claimed this way).
  virtual Status WriteIfAbsent(std::string_view path, std::string_view data) = 0;
  // Objects whose path starts with `prefix` (a "directory" ends with '/'), sorted by path.
  virtual Result<std::vector<ObjectMeta>> List(std::string_view prefix) = 0;
  // Removes the object; a missing object is not an error.
  virtual Status Delete(std::string_view path) = 0;
  // Removes every object under `prefix`.
  virtual Status DeleteAll(std::string_view prefix) = 0;
};

// Objects as files under `root` (created if missing). Write goes through a temporary file,
// fsync, rename and a directory fsync.
Result<std::unique_ptr<ObjectStore>> NewFsObjectStore(std::string root);

// An in-memory store (tests). Thread-safe.
std::unique_ptr<ObjectStore> NewMemObjectStore();

}  // namespace greptime::storage
