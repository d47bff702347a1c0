// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Pieces of the column-chunk codec shared by its .cc files (not for other components).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/sst/byte_io.h"
#include "storage/sst/column_codec.h"

namespace greptime::storage::sst::internal {

// Status for a malformed chunk: kStorageUnavailable "corrupt <what> chunk: <why>".
Status Corrupt(std::string_view what, std::string_view why);

// Appends the values of a string-like chunk as kDictionary or kPlainBytes (whichever is
// smaller) and returns the encoding used.
Encoding EncodeStringValues(std::span<const std::string_view> values, std::string* out);

// The non-null values of a string-like chunk: lengths[i] bytes each, concatenated in `data`.
struct DecodedStrings {
  std::vector<uint32_t> lengths;
  std::string data;
};
// Decodes `count` values. kStorageUnavailable when malformed.
Result<DecodedStrings> DecodeStringValues(Encoding encoding, ByteReader* in, size_t count);

// Appends the values of a float chunk in the best of Gorilla, byte-stream-split and decimal
// (compared by compressed size when options compress) and returns the encoding used.
template <typename T>
Encoding EncodeFloatValues(std::span<const T> values, const ChunkEncodeOptions& options,
                           std::string* out);
// Decodes `out.size()` values; false when malformed.
template <typename T>
bool DecodeFloatValues(Encoding encoding, ByteReader* in, std::span<T> out);

}  // namespace greptime::storage::sst::internal
