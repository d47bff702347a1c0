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

void BitWriter::FlushWord() {
  char buf[8];
  std::memcpy(buf, &acc_, 8);
  out_->append(buf, 8);
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
int ChooseWidth(const std::array<uint32_t, 65>& hist, size_t count, size_t* cost_out) {
  // The bit lengths present, ascending; the widest one needs no exceptions.
  std::array<int, 65> present;
  int num_present = 0;
  for (int bl = 0; bl <= 64; ++bl) {
    if (hist[bl] != 0) present[num_present++] = bl;
  }
  int best_w = present[num_present - 1];
  size_t best_cost = (count * static_cast<size_t>(best_w) + 7) / 8;
  for (int i = -1; i < num_present - 1; ++i) {
    const int w = i < 0 ? 0 : present[i];
    if (i >= 0 && w == 0) continue;  // already tried as -1
    size_t cost = (count * static_cast<size_t>(w) + 7) / 8;
    for (int j = i + 1; j < num_present && cost < best_cost; ++j) {
      if (present[j] <= w) continue;
      cost += hist[present[j]] * ExceptionBytes(present[j], w);
    }
    if (cost < best_cost) {
      best_cost = cost;
      best_w = w;
    }
  }
  *cost_out = best_cost;
  return best_w;
}

// The block's minimum and histogram of bit lengths of (value - min).
uint64_t Histogram(std::span<const uint64_t> block, std::array<uint32_t, 65>* hist) {
  uint64_t min = *std::min_element(block.begin(), block.end());
  for (uint64_t v : block) ++(*hist)[BitLength(v - min)];
  return min;
}

void EncodeBlock(std::span<const uint64_t> block, std::string* out) {
  std::array<uint32_t, 65> hist{};
  uint64_t min = Histogram(block, &hist);
  size_t cost;
  int w = ChooseWidth(hist, block.size(), &cost);
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

size_t PforBlockSize(std::span<const uint64_t> block) {
  std::array<uint32_t, 65> hist{};
  uint64_t min = Histogram(block, &hist);
  size_t cost;
  ChooseWidth(hist, block.size(), &cost);
  return VarintLength(min) + 2 + cost;
}

void EncodePforBlock(std::span<const uint64_t> block, std::string* out) { EncodeBlock(block, out); }

size_t PforSize(std::span<const uint64_t> values) {
  size_t size = 0;
  for (size_t start = 0; start < values.size(); start += kPforBlockSize) {
    size += PforBlockSize(values.subspan(start, std::min(kPforBlockSize, values.size() - start)));
  }
  return size;
}

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
