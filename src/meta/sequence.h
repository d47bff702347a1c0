// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// SequenceAllocator: a monotonic id allocator stored under one KvBackend key (table ids from
// 1024, for instance). Safe across threads and across processes sharing the backend.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "meta/kv_backend.h"

namespace greptime::meta {

// Each Next() returns an id no caller of any allocator on the same backend and key has received,
// and ids increase in the order the calls take effect. The key holds the next id to hand out as
// decimal text; a missing key means `start`. Ids lost to a crash or to a caller that did not use
// them are not reused (gaps are allowed, duplicates never).
class SequenceAllocator {
 public:
  // `kv` is borrowed and must outlive the allocator.
  SequenceAllocator(KvBackend& kv, std::string key, uint64_t start)
      : kv_(kv), key_(std::move(key)), start_(start) {}

  // One compare-and-put, retried while other allocators win the race. Errors: the backend's,
  // kUnexpected when the stored value is not a number or the sequence is exhausted.
  Result<uint64_t> Next();
  // The id the next call would return (no allocation).
  Result<uint64_t> Peek() const;
  // Makes every later id at least `min` (no-op when it already is). For ids assigned elsewhere.
  Status EnsureAtLeast(uint64_t min);

  const std::string& key() const { return key_; }

 private:
  Result<uint64_t> Decode(const std::optional<std::string>& stored) const;

  KvBackend& kv_;
  const std::string key_;
  const uint64_t start_;
};

}  // namespace greptime::meta
