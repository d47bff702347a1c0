// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Column chunks: one column of one row group, encoded (before compression). A chunk is a small
// header, an optional validity bitmap and the non-null values in an encoding chosen per chunk
// from the column's type and data. Also computes the min/max statistics of the footer.
// Format: docs/storage-format-sst.md §Column chunks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/sst/sst_options.h"
#include "types/column.h"

namespace greptime::storage::sst {

// Value encoding of a chunk. Persisted: never renumber.
enum class Encoding : uint8_t {
  kPlain = 0,            // fixed-width little-endian values
  kInteger = 1,          // integer stream (int_encoding.h)
  kRle = 2,              // run-length encoding
  kBitmap = 3,           // booleans, 1 bit per value
  kGorilla = 4,          // floats, Gorilla XOR
  kByteStreamSplit = 5,  // floats, byte streams
  kDecimalFloat = 6,     // floats as k / 10^e
  kDictionary = 7,       // strings: dictionary + indices
  kPlainBytes = 8,       // strings: lengths + bytes
};
std::string_view EncodingName(Encoding encoding);

// Min/max of a chunk's non-null values. Persisted kinds: never renumber.
enum class StatsKind : uint8_t {
  kNone = 0,     // no statistics (strings, vectors, ...)
  kInt64 = 1,    // signed integers, dates, timestamps
  kUInt64 = 2,   // unsigned integers, booleans (0/1), sequences
  kFloat64 = 3,  // floats (float32 widened exactly); NaN excluded, see has_nan
  kInt128 = 4,   // decimals (unscaled)
};

struct ChunkStats {
  StatsKind kind = StatsKind::kNone;
  bool has_nan = false;  // a float chunk holds NaN (not part of min/max)
  // kInt64, kUInt64 and kInt128 use min_int/max_int; kFloat64 uses min_float/max_float.
  // kind stays kNone when every value is null (or NaN).
  types::int128_t min_int = 0;
  types::int128_t max_int = 0;
  double min_float = 0;
  double max_float = 0;

  bool operator==(const ChunkStats&) const = default;
};

struct EncodedChunk {
  std::string raw;  // header + validity + values, not yet compressed
  Encoding encoding = Encoding::kPlain;
  uint32_t null_count = 0;
  ChunkStats stats;
};

// How to pick among candidate encodings: with compression on, float candidates are compared by
// compressed size.
struct ChunkEncodeOptions {
  Compression compression = Compression::kZstd;
  int zstd_level = 3;
};

// Encodes the concatenation of `pieces` (all of `type`, or NullColumn meaning all-null rows).
// kInvalidArguments when a piece's type does not match; kRuntimeResourcesExhausted past 4 GiB.
Result<EncodedChunk> EncodeColumnChunk(const types::DataType& type,
                                       std::span<const types::ColumnPtr> pieces,
                                       const ChunkEncodeOptions& options);
// Decodes a chunk of `num_rows` rows of `type`. kStorageUnavailable naming what is malformed.
Result<types::ColumnPtr> DecodeColumnChunk(const types::DataType& type, std::string_view raw,
                                           size_t num_rows);

// Internal columns without nulls: signed (timestamps) and unsigned (sequences, op types, key
// indices) integers. `encoding` is kInteger or kRle.
EncodedChunk EncodeInt64Chunk(std::span<const int64_t> values);
EncodedChunk EncodeUInt64Chunk(std::span<const uint64_t> values, Encoding encoding);
Result<std::vector<int64_t>> DecodeInt64Chunk(std::string_view raw, size_t num_rows);
Result<std::vector<uint64_t>> DecodeUInt64Chunk(std::string_view raw, size_t num_rows);

}  // namespace greptime::storage::sst
