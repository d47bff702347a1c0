// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// zstd / lz4 wrappers and XXH3 checksums.
#include "storage/sst/compression.h"

#include <lz4.h>
#include <xxhash.h>
#include <zstd.h>

#include <limits>
#include <memory>

namespace greptime::storage::sst {
namespace {

// One context per thread: creating one per call allocates and clears about a megabyte of
// tables each time, which dominated the writer's profile.
ZSTD_CCtx* ThreadCompressContext() {
  thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> context(ZSTD_createCCtx(),
                                                                          &ZSTD_freeCCtx);
  return context.get();
}

ZSTD_DCtx* ThreadDecompressContext() {
  thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> context(ZSTD_createDCtx(),
                                                                          &ZSTD_freeDCtx);
  return context.get();
}

}  // namespace

std::string_view CompressionName(Compression compression) {
  switch (compression) {
    case Compression::kNone:
      return "none";
    case Compression::kZstd:
      return "zstd";
    case Compression::kLz4:
      return "lz4";
  }
  return "unknown";
}

Result<std::string> Compress(Compression compression, int zstd_level, std::string_view raw) {
  switch (compression) {
    case Compression::kNone:
      return std::string(raw);
    case Compression::kZstd: {
      std::string out(ZSTD_compressBound(raw.size()), '\0');
      ZSTD_CCtx* context = ThreadCompressContext();
      if (context == nullptr) return Status::Internal("zstd: out of memory");
      size_t n =
          ZSTD_compressCCtx(context, out.data(), out.size(), raw.data(), raw.size(), zstd_level);
      if (ZSTD_isError(n)) return Status::Internal("zstd compress: {}", ZSTD_getErrorName(n));
      out.resize(n);
      return out;
    }
    case Compression::kLz4: {
      if (raw.size() > static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) {
        return Status::Internal("lz4 compress: block of {} bytes is too large", raw.size());
      }
      int src_size = static_cast<int>(raw.size());
      std::string out(static_cast<size_t>(LZ4_compressBound(src_size)), '\0');
      int n = LZ4_compress_default(raw.data(), out.data(), src_size, static_cast<int>(out.size()));
      if (n <= 0 && src_size > 0) return Status::Internal("lz4 compress failed");
      out.resize(static_cast<size_t>(n));
      return out;
    }
  }
  return Status::Internal("unknown compression {}", static_cast<int>(compression));
}

Result<std::string> Decompress(Compression compression, std::string_view stored,
                               size_t raw_length) {
  switch (compression) {
    case Compression::kNone:
      if (stored.size() != raw_length) {
        return Status::StorageUnavailable("uncompressed block of {} bytes, expected {}",
                                          stored.size(), raw_length);
      }
      return std::string(stored);
    case Compression::kZstd: {
      std::string out(raw_length, '\0');
      ZSTD_DCtx* context = ThreadDecompressContext();
      if (context == nullptr) return Status::StorageUnavailable("zstd: out of memory");
      size_t n = ZSTD_decompressDCtx(context, out.data(), out.size(), stored.data(), stored.size());
      if (ZSTD_isError(n)) {
        return Status::StorageUnavailable("zstd decompress: {}", ZSTD_getErrorName(n));
      }
      if (n != raw_length) {
        return Status::StorageUnavailable("zstd block expands to {} bytes, expected {}", n,
                                          raw_length);
      }
      return out;
    }
    case Compression::kLz4: {
      if (raw_length > static_cast<size_t>(std::numeric_limits<int>::max()) ||
          stored.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
        return Status::StorageUnavailable("lz4 block too large");
      }
      std::string out(raw_length, '\0');
      int n = LZ4_decompress_safe(stored.data(), out.data(), static_cast<int>(stored.size()),
                                  static_cast<int>(raw_length));
      if (n < 0 || static_cast<size_t>(n) != raw_length) {
        return Status::StorageUnavailable("lz4 decompress failed");
      }
      return out;
    }
  }
  return Status::StorageUnavailable("unknown compression id {}", static_cast<int>(compression));
}

uint64_t Checksum(std::string_view data, uint64_t seed) {
  return XXH3_64bits_withSeed(data.data(), data.size(), seed);
}

}  // namespace greptime::storage::sst
