// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Mutation (a put or delete of rows) and the compact binary codec that turns mutations into WAL
// entry payloads and back. Format in docs/storage-format-wal.md §Mutation payload.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/batch.h"
#include "types/record_batch.h"

namespace greptime::storage {

// Rows written to a region by one request. Row i gets sequence `sequence + i`.
struct Mutation {
  OpType op_type = OpType::kPut;
  uint64_t sequence = 0;  // of the first row
  types::RecordBatch rows;
};

// Encodes `mutations` into one self-contained byte string: the schema of each batch (column
// names, data types with their parameters, nullability, semantic types, primary-key order; a
// schema equal to the previous mutation's is written once), validity bitmaps and the column
// buffers copied in bulk. Column defaults and comments are not encoded. Slices are encoded as
// their rows only. Precondition: rows of the batches pass RecordBatch::Make (they do by
// construction); string columns hold < 4 GiB each.
std::string EncodeMutations(std::span<const Mutation> mutations);

// Decodes what EncodeMutations produced. Decoded batches own fresh buffers; consecutive
// mutations with one encoded schema share one SchemaPtr. Safe on hostile input: every length,
// offset and enum is checked, and malformed bytes fail with kStorageUnavailable
// ("corrupt mutation payload: <what> at byte <n>"), never crash or over-allocate beyond the
// input's size (apart from NULL-only columns, which take no memory).
Result<std::vector<Mutation>> DecodeMutations(std::string_view bytes);

}  // namespace greptime::storage
