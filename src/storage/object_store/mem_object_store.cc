// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// An in-memory ObjectStore for tests.
#include <map>
#include <mutex>

#include "storage/object_store/object_store.h"

namespace greptime::storage {
namespace {

class MemObjectStore final : public ObjectStore {
 public:
  Result<std::string> Read(std::string_view path) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = objects_.find(path);
    if (it == objects_.end()) return Status::StorageUnavailable("object not found: {}", path);
    return it->second;
  }
  Result<std::string> ReadRange(std::string_view path, uint64_t offset, uint64_t length) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = objects_.find(path);
    if (it == objects_.end()) return Status::StorageUnavailable("object not found: {}", path);
    if (offset + length > it->second.size()) {
      return Status::StorageUnavailable("read {}: range [{}, {}) is past the end", path, offset,
                                        offset + length);
    }
    return it->second.substr(offset, length);
  }
  Result<std::optional<uint64_t>> Stat(std::string_view path) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = objects_.find(path);
    if (it == objects_.end()) return std::optional<uint64_t>();
    return std::optional<uint64_t>(it->second.size());
  }
  Status Write(std::string_view path, std::string_view data) override {
    std::lock_guard<std::mutex> lock(mu_);
    objects_[std::string(path)] = std::string(data);
    return Status::OK();
  }
  Status WriteIfAbsent(std::string_view path, std::string_view data) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (objects_.count(path)) return Status::IllegalState("object already exists: {}", path);
    objects_[std::string(path)] = std::string(data);
    return Status::OK();
  }
  Result<std::vector<ObjectMeta>> List(std::string_view prefix) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<ObjectMeta> out;
    for (auto it = objects_.lower_bound(prefix); it != objects_.end(); ++it) {
      if (it->first.compare(0, prefix.size(), prefix) != 0) break;
      out.push_back(ObjectMeta{it->first, it->second.size()});
    }
    return out;
  }
  Status Delete(std::string_view path) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = objects_.find(path);
    if (it != objects_.end()) objects_.erase(it);
    return Status::OK();
  }
  Status DeleteAll(std::string_view prefix) override {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = objects_.lower_bound(prefix); it != objects_.end();) {
      if (it->first.compare(0, prefix.size(), prefix) != 0) break;
      it = objects_.erase(it);
    }
    return Status::OK();
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::string, std::less<>> objects_;
};

}  // namespace

std::unique_ptr<ObjectStore> NewMemObjectStore() { return std::make_unique<MemObjectStore>(); }

}  // namespace greptime::storage
