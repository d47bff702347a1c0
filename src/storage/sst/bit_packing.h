// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Bit streams (LSB-first) and patched frame-of-reference bit packing ("PFOR") of u64 values in
// blocks of 128, the building block of every integer encoding of the SST format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "storage/sst/byte_io.h"

namespace greptime::storage::sst {

// Appends bits to a std::string, least significant bit of each value first; byte k of the
// stream holds stream bits 8k..8k+7, bit 8k in its least significant position.
class BitWriter {
 public:
  explicit BitWriter(std::string* out) : out_(out) {}
  // Appends the low `bits` (0..64) bits of v.
  void Write(uint64_t v, int bits) {
    if (bits == 0) return;
    if (bits < 64) v &= (uint64_t{1} << bits) - 1;
    bit_count_ += static_cast<uint64_t>(bits);
    acc_ |= v << pending_;
    int total = pending_ + bits;
    if (total < 64) {
      pending_ = total;
      return;
    }
    FlushWord();
    acc_ = pending_ == 0 ? 0 : v >> (64 - pending_);
    pending_ = total - 64;
  }
  // Writes the pending partial byte(s), zero-padded. Call once at the end.
  void Finish();
  // Bits written so far.
  uint64_t bit_count() const { return bit_count_; }

 private:
  void FlushWord();

  std::string* out_;
  uint64_t acc_ = 0;
  int pending_ = 0;  // valid bits in acc_, < 64
  uint64_t bit_count_ = 0;
};

// Reads a bit stream written by BitWriter. Reading past the end returns zeros and sets
// overrun(); decoders check it once at the end instead of on every read.
class BitReader {
 public:
  explicit BitReader(std::string_view data) : data_(data), total_bits_(data.size() * 8) {}
  // The next `bits` (0..64) bits.
  uint64_t Read(int bits);
  bool ReadBit() { return Read(1) != 0; }
  bool overrun() const { return overrun_; }
  uint64_t position() const { return pos_; }

 private:
  std::string_view data_;
  uint64_t total_bits_;
  uint64_t pos_ = 0;
  bool overrun_ = false;
};

// Number of significant bits of v (0 for 0, 64 for values with the top bit set).
int BitLength(uint64_t v);

// Values per PFOR block.
inline constexpr size_t kPforBlockSize = 128;

// Bytes EncodePfor would append for `values`, without encoding them.
size_t PforSize(std::span<const uint64_t> values);
// One block of at most kPforBlockSize values: its size, and its encoding appended to `out`.
// EncodePfor is EncodePforBlock over consecutive blocks, for callers that produce values a
// block at a time.
size_t PforBlockSize(std::span<const uint64_t> block);
void EncodePforBlock(std::span<const uint64_t> block, std::string* out);

// Appends the PFOR encoding of `values` (count known to the decoder): per block of up to 128
// values: min (varint), width (u8), exception count (u8), the values minus min truncated to
// `width` bits and bit-packed, then per exception its index (u8) and the bits above `width`
// (varint). The width minimises the block's size.
void EncodePfor(std::span<const uint64_t> values, std::string* out);
// Decodes `out.size()` values. False on malformed input (truncation, bad width or index).
bool DecodePfor(ByteReader* in, std::span<uint64_t> out);

}  // namespace greptime::storage::sst
