// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Block compression (zstd, lz4, none) and the XXH3 checksums of the SST format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/sst/sst_options.h"

namespace greptime::storage::sst {

// "none", "zstd", "lz4".
std::string_view CompressionName(Compression compression);

// Compresses `raw`. kInternal if the library fails (it does not on valid input).
Result<std::string> Compress(Compression compression, int zstd_level, std::string_view raw);
// Decompresses `stored`, which must expand to exactly `raw_length` bytes; kStorageUnavailable
// otherwise (corrupt block) and for unknown compression ids.
Result<std::string> Decompress(Compression compression, std::string_view stored, size_t raw_length);

// XXH3_64bits_withSeed(data, seed). Chunks are seeded with their file offset so that a chunk
// read from the wrong place fails its check.
uint64_t Checksum(std::string_view data, uint64_t seed);

}  // namespace greptime::storage::sst
