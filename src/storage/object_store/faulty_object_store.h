// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Tests only: an ObjectStore over another that counts reads and can be switched off, failing
// every call as an unreachable object store does (kStorageUnavailable).
#pragma once

#include <atomic>

#include "storage/object_store/object_store.h"

namespace greptime::storage {

class FaultyObjectStore final : public ObjectStore {
 public:
  explicit FaultyObjectStore(ObjectStore* base) : base_(base) {}
  std::atomic<bool> down{false};
  std::atomic<int> reads{0};

  Result<std::string> Read(std::string_view path) override {
    GT_RETURN_IF_ERROR(Check());
    ++reads;
    return base_->Read(path);
  }
  Result<std::string> ReadRange(std::string_view path, uint64_t offset, uint64_t length) override {
    GT_RETURN_IF_ERROR(Check());
    ++reads;
    return base_->ReadRange(path, offset, length);
  }
  Result<std::optional<uint64_t>> Stat(std::string_view path) override {
    GT_RETURN_IF_ERROR(Check());
    return base_->Stat(path);
  }
  Status Write(std::string_view path, std::string_view data) override {
    GT_RETURN_IF_ERROR(Check());
    return base_->Write(path, data);
  }
  Status WriteIfAbsent(std::string_view path, std::string_view data) override {
    GT_RETURN_IF_ERROR(Check());
    return base_->WriteIfAbsent(path, data);
  }
  Result<std::vector<ObjectMeta>> List(std::string_view prefix) override {
    GT_RETURN_IF_ERROR(Check());
    return base_->List(prefix);
  }
  Status Delete(std::string_view path) override {
    GT_RETURN_IF_ERROR(Check());
    return base_->Delete(path);
  }
  Status DeleteAll(std::string_view prefix) override {
    GT_RETURN_IF_ERROR(Check());
    return base_->DeleteAll(prefix);
  }

 private:
  Status Check() const {
    if (down) return Status::StorageUnavailable("object store unreachable: connection refused");
    return Status::OK();
  }
  ObjectStore* base_;
};

}  // namespace greptime::storage
