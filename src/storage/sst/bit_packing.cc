// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Bit streams and PFOR blocks (format: docs/storage-format-sst.md §Integer streams).
#include "storage/sst/bit_packing.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>

namespace greptime::storage::sst {

static_assert(std::endian::native == std::endian::little, "the SST codecs assume little endian");

void BitWriter::Write(uint64_t v, int bits) {
  if (bits == 0) return;
  if (bits < 64) v &= (uint64_t{1} << bits) - 1;
  bit_count_ += static_cast<uint64_t>(bits);
  acc_ |= v << pending_;
  int total = pending_ + bits;
  if (total >= 64) {
    char buf[8];
    std::memcpy(buf, &acc_, 8);
    out_->append(buf, 8);
    acc_ = pending_ == 0 ? 0 : v >> (64 - pending_);
    pending_ = total - 64;
  } else {
    pending_ = total;
  }
}

void BitWriter::Finish() {
  int bytes = (pending_ + 7) / 8;
  for (int i = 0; i < bytes; ++i) out_->push_back(static_cast<char>((acc_ >> (8 * i)) & 0xFF));
  acc_ = 0;
  pending_ = 0;
}

uint64_t BitReader::Read(int bits) {
  if (bits == 0) return 0;
  if (static_cast<uint64_t>(bits) > total_bits_ - pos_) {
    overrun_ = true;
    pos_ = total_bits_;
    return 0;
  }
  size_t byte = pos_ >> 3;
  int shift = static_cast<int>(pos_ & 7);
  uint64_t word = 0;
  size_t avail = std::min<size_t>(8, data_.size() - byte);
  std::memcpy(&word, data_.data() + byte, avail);
  uint64_t r = word >> shift;
  if (shift + bits > 64) {
    // The value straddles 9 bytes; the ninth exists because the range check passed.
    r |= static_cast<uint64_t>(static_cast<uint8_t>(data_[byte + 8])) << (64 - shift);
  }
  if (bits < 64) r &= (uint64_t{1} << bits) - 1;
  pos_ += static_cast<uint64_t>(bits);
  return r;
}

int BitLength(uint64_t v) { return 64 - std::countl_zero(v); }

namespace {

// Bytes an exception costs when the value has `bit_length` bits and the block width is w.
size_t ExceptionBytes(int bit_length, int w) {
  int high = bit_length - w;
  return 1 + static_cast<size_t>(std::max(1, (high + 6) / 7));
}

// The width minimising packed bytes + exception bytes, given a histogram of bit lengths. The
// best width is always one of the bit lengths present (or 0), so only those are tried.
int ChooseWidth(const std::array<uint32_t, 65>& hist, size_t count) {
  int best_w = 64;
  size_t best_cost = std::numeric_limits<size_t>::max();
  for (int w = 0; w <= 64; ++w) {
    if (w != 0 && hist[w] == 0) continue;
    size_t cost = (count * static_cast<size_t>(w) + 7) / 8;
    size_t exceptions = 0;
    for (int bl = w + 1; bl <= 64 && cost < best_cost; ++bl) {
      if (hist[bl] == 0) continue;
      exceptions += hist[bl];
      cost += hist[bl] * ExceptionBytes(bl, w);
    }
    if (exceptions > 255) continue;  // cannot happen with 128-value blocks; kept for safety
    if (cost < best_cost) {
      best_cost = cost;
      best_w = w;
    }
  }
  return best_w;
}

void EncodeBlock(std::span<const uint64_t> block, std::string* out) {
  uint64_t min = *std::min_element(block.begin(), block.end());
  std::array<uint32_t, 65> hist{};
  for (uint64_t v : block) ++hist[BitLength(v - min)];
  int w = ChooseWidth(hist, block.size());
  ByteWriter bw(out);
  bw.PutVarint(min);
  bw.PutU8(static_cast<uint8_t>(w));
  size_t exceptions = 0;
  for (int bl = w + 1; bl <= 64; ++bl) exceptions += hist[bl];
  bw.PutU8(static_cast<uint8_t>(exceptions));
  BitWriter bits(out);
  for (uint64_t v : block) bits.Write(v - min, w);
  bits.Finish();
  if (exceptions == 0) return;
  for (size_t i = 0; i < block.size(); ++i) {
    uint64_t d = block[i] - min;
    if (BitLength(d) > w) {
      bw.PutU8(static_cast<uint8_t>(i));
      bw.PutVarint(d >> w);
    }
  }
}

bool DecodeBlock(ByteReader* in, std::span<uint64_t> out) {
  uint64_t min;
  uint8_t w;
  uint8_t exceptions;
  if (!in->GetVarint(&min) || !in->GetU8(&w) || !in->GetU8(&exceptions)) return false;
  if (w > 64 || exceptions > out.size() || (w == 64 && exceptions != 0)) return false;
  std::string_view packed;
  if (!in->GetBytes((out.size() * w + 7) / 8, &packed)) return false;
  BitReader bits(packed);
  for (uint64_t& v : out) v = bits.Read(w);
  if (bits.overrun()) return false;
  int prev_index = -1;
  for (uint8_t e = 0; e < exceptions; ++e) {
    uint8_t index;
    uint64_t high;
    if (!in->GetU8(&index) || !in->GetVarint(&high)) return false;
    if (static_cast<int>(index) <= prev_index || index >= out.size()) return false;
    // The high part must be non-zero and must not lose bits when shifted into place.
    if (high == 0 || BitLength(high) + w > 64) return false;
    out[index] |= high << w;
    prev_index = index;
  }
  for (uint64_t& v : out) v += min;
  return true;
}

}  // namespace

void EncodePfor(std::span<const uint64_t> values, std::string* out) {
  for (size_t start = 0; start < values.size(); start += kPforBlockSize) {
    EncodeBlock(values.subspan(start, std::min(kPforBlockSize, values.size() - start)), out);
  }
}

bool DecodePfor(ByteReader* in, std::span<uint64_t> out) {
  for (size_t start = 0; start < out.size(); start += kPforBlockSize) {
    if (!DecodeBlock(in, out.subspan(start, std::min(kPforBlockSize, out.size() - start)))) {
      return false;
    }
  }
  return true;
}

}  // namespace greptime::storage::sst
