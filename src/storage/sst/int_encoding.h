// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Integer streams of the SST format: frame of reference, delta and delta-of-delta (each over
// PFOR blocks; the encoder keeps the smallest), and run-length encoding. All work on u64
// "ordered" values: signed integers are mapped with ToOrdered so that wrapping differences and
// block minimums behave as on the signed values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "storage/sst/byte_io.h"

namespace greptime::storage::sst {

// Sub-encoding byte that starts every integer stream. Persisted: never renumber.
enum class IntEncoding : uint8_t {
  kFrameOfReference = 0,  // PFOR(values)
  kDelta = 1,             // first value, PFOR(zigzag(v[i] - v[i-1]))
  kDeltaOfDelta = 2,      // first value, first delta, PFOR(zigzag(d[i] - d[i-1]))
};

// Signed → u64 preserving order (sign bit flipped); Unsigned values are used as they are.
inline uint64_t ToOrdered(int64_t v) { return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63); }
inline int64_t FromOrdered(uint64_t v) { return static_cast<int64_t>(v ^ (uint64_t{1} << 63)); }

// Appends an integer stream of `values`, choosing the smallest of the three sub-encodings.
// The count is not stored: the decoder is told it.
void EncodeIntegers(std::span<const uint64_t> values, std::string* out);
// Appends the stream with one fixed sub-encoding (tests, and callers that know better).
void EncodeIntegersAs(IntEncoding encoding, std::span<const uint64_t> values, std::string* out);
// Decodes `out.size()` values. False on malformed input.
bool DecodeIntegers(ByteReader* in, std::span<uint64_t> out);

// Run-length encoding: runs of (length varint >= 1, value varint). For columns with long runs:
// op types, primary-key indices, booleans.
void EncodeRle(std::span<const uint64_t> values, std::string* out);
// Decodes exactly `out.size()` values (runs must add up exactly). False on malformed input.
bool DecodeRle(ByteReader* in, std::span<uint64_t> out);

}  // namespace greptime::storage::sst
