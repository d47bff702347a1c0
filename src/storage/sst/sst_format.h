// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The SST file's frame: block handles, the footer (metadata JSON, totals, column directory,
// primary-key dictionary handle, row-group directory with per-chunk statistics) and the fixed
// 24-byte tail, plus the primary-key dictionary block. Byte layout: docs/storage-format-sst.md.
//
//   [chunk]* [pk dictionary] [footer] [tail: footer_length u32, version u32, checksum u64, magic]
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/region_metadata.h"
#include "storage/sst/column_codec.h"
#include "storage/sst/sst_options.h"
#include "types/data_type.h"

namespace greptime::storage::sst {

inline constexpr std::string_view kMagic = "GRPTSST1";
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr size_t kTailSize = 24;

// What a file column holds. Persisted: never renumber.
enum class ColumnRole : uint8_t {
  kPrimaryKey = 0,  // per-row index into the primary-key dictionary (u32 values, RLE)
  kTimeIndex = 1,
  kSequence = 2,
  kOpType = 3,
  kField = 4,
};
// The fixed leading columns of every file; fields follow in RegionMetadata::field_ids() order.
inline constexpr size_t kPkColumn = 0;
inline constexpr size_t kTimeColumn = 1;
inline constexpr size_t kSequenceColumn = 2;
inline constexpr size_t kOpTypeColumn = 3;
inline constexpr size_t kFirstFieldColumn = 4;

// Where a (possibly compressed) block lives and how to check it.
struct BlockHandle {
  uint64_t offset = 0;
  uint32_t length = 0;      // stored bytes
  uint32_t raw_length = 0;  // bytes after decompression
  Compression compression = Compression::kNone;
  uint64_t checksum = 0;  // Checksum(stored bytes, seed = offset)
  bool operator==(const BlockHandle&) const = default;
};

struct ColumnInfo {
  ColumnRole role = ColumnRole::kField;
  types::TypeId type_id = types::TypeId::kNull;
  uint32_t column_id = 0;  // region column id (time index, fields); 0 for internal columns
  bool operator==(const ColumnInfo&) const = default;
};

// The column directory of a file written with `metadata`.
std::vector<ColumnInfo> FileColumns(const RegionMetadata& metadata);

struct ChunkMeta {
  BlockHandle block;
  Encoding encoding = Encoding::kPlain;
  uint32_t null_count = 0;
  ChunkStats stats;
  bool operator==(const ChunkMeta&) const = default;
};

struct RowGroupMeta {
  uint32_t num_rows = 0;
  int64_t time_min = 0;
  int64_t time_max = 0;
  uint64_t max_sequence = 0;
  uint32_t pk_first = 0;  // dictionary index of the first and last row's key
  uint32_t pk_last = 0;
  std::vector<ChunkMeta> chunks;  // one per file column
  bool operator==(const RowGroupMeta&) const = default;
};

struct Footer {
  std::string metadata_json;  // RegionMetadata::ToJson() of the writer
  uint64_t num_rows = 0;
  int64_t time_min = 0;
  int64_t time_max = 0;
  uint64_t max_sequence = 0;
  std::vector<ColumnInfo> columns;
  BlockHandle pk_dictionary;
  uint32_t num_keys = 0;
  std::vector<RowGroupMeta> row_groups;
  bool operator==(const Footer&) const = default;
};

std::string SerializeFooter(const Footer& footer);
// kStorageUnavailable "corrupt footer: ..." on malformed bytes (the caller adds the path).
Result<Footer> ParseFooter(std::string_view bytes);

struct Tail {
  uint32_t footer_length = 0;
  uint64_t footer_checksum = 0;  // Checksum(footer bytes, seed = 0)
};
std::string SerializeTail(const Tail& tail);
// Checks magic and version. kStorageUnavailable on mismatch.
Result<Tail> ParseTail(std::string_view bytes);

// The distinct primary keys of a file, ascending: per key varint(shared prefix with the
// previous key), varint(suffix length), suffix bytes.
std::string EncodePkDictionary(const std::vector<std::string>& keys);
// kStorageUnavailable when malformed, not strictly ascending or not `num_keys` long.
Result<std::vector<std::string>> DecodePkDictionary(std::string_view raw, uint32_t num_keys);

}  // namespace greptime::storage::sst
