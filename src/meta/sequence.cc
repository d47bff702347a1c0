// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// SequenceAllocator over KvBackend::CompareAndPut.
#include "meta/sequence.h"

#include <charconv>
#include <limits>

namespace greptime::meta {

Result<uint64_t> SequenceAllocator::Decode(const std::optional<std::string>& stored) const {
  if (!stored.has_value()) return start_;
  uint64_t value = 0;
  const char* begin = stored->data();
  const char* end = begin + stored->size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || stored->empty()) {
    return Status::Unexpected("sequence {}: stored value '{}' is not a number", key_, *stored);
  }
  return value;
}

Result<uint64_t> SequenceAllocator::Next() {
  // The loop ends: every failed compare-and-put means another allocator took an id, and the
  // sequence only moves forward.
  while (true) {
    GT_ASSIGN_OR_RETURN(std::optional<std::string> stored, kv_.Get(key_));
    GT_ASSIGN_OR_RETURN(uint64_t id, Decode(stored));
    if (id == std::numeric_limits<uint64_t>::max()) {
      return Status::Unexpected("sequence {} is exhausted", key_);
    }
    GT_ASSIGN_OR_RETURN(bool swapped, kv_.CompareAndPut(key_, stored, std::to_string(id + 1)));
    if (swapped) return id;
  }
}

Result<uint64_t> SequenceAllocator::Peek() const {
  GT_ASSIGN_OR_RETURN(std::optional<std::string> stored, kv_.Get(key_));
  return Decode(stored);
}

Status SequenceAllocator::EnsureAtLeast(uint64_t min) {
  while (true) {
    GT_ASSIGN_OR_RETURN(std::optional<std::string> stored, kv_.Get(key_));
    GT_ASSIGN_OR_RETURN(uint64_t next, Decode(stored));
    if (next >= min) return Status::OK();
    GT_ASSIGN_OR_RETURN(bool swapped, kv_.CompareAndPut(key_, stored, std::to_string(min)));
    if (swapped) return Status::OK();
  }
}

}  // namespace greptime::meta
