// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Integer streams (format: docs/storage-format-sst.md §Integer streams).
#include "storage/sst/int_encoding.h"

#include <algorithm>
#include <array>
#include <vector>

#include "storage/sst/bit_packing.h"

namespace greptime::storage::sst {
namespace {

uint64_t ZigZagDiff(uint64_t a, uint64_t b) {
  return ZigZagEncode(static_cast<int64_t>(a - b));  // wrapping difference, as signed
}

// Number of values the sub-encoding hands to PFOR.
size_t PforCount(IntEncoding encoding, size_t n) {
  switch (encoding) {
    case IntEncoding::kFrameOfReference:
      return n;
    case IntEncoding::kDelta:
      return n >= 1 ? n - 1 : 0;
    case IntEncoding::kDeltaOfDelta:
      return n >= 2 ? n - 2 : 0;
  }
  return 0;
}

// The varints before the PFOR blocks.
std::string Prefix(IntEncoding encoding, std::span<const uint64_t> values) {
  std::string prefix;
  ByteWriter w(&prefix);
  if (encoding != IntEncoding::kFrameOfReference && !values.empty()) {
    w.PutVarint(values[0]);
    if (encoding == IntEncoding::kDeltaOfDelta && values.size() >= 2) {
      w.PutVarint(ZigZagDiff(values[1], values[0]));
    }
  }
  return prefix;
}

// Calls f(block) for the PFOR input of `encoding` a block at a time, so that differences are
// never materialised for the whole stream.
template <typename F>
void ForEachPforBlock(IntEncoding encoding, std::span<const uint64_t> values, F f) {
  const size_t count = PforCount(encoding, values.size());
  std::array<uint64_t, kPforBlockSize> buffer;
  for (size_t start = 0; start < count; start += kPforBlockSize) {
    const size_t len = std::min(kPforBlockSize, count - start);
    switch (encoding) {
      case IntEncoding::kFrameOfReference:
        f(values.subspan(start, len));
        continue;
      case IntEncoding::kDelta:
        for (size_t i = 0; i < len; ++i) {
          const size_t j = start + i + 1;
          buffer[i] = ZigZagDiff(values[j], values[j - 1]);
        }
        break;
      case IntEncoding::kDeltaOfDelta:
        for (size_t i = 0; i < len; ++i) {
          const size_t j = start + i + 2;
          buffer[i] = ZigZagDiff(values[j] - values[j - 1], values[j - 1] - values[j - 2]);
        }
        break;
    }
    f(std::span<const uint64_t>(buffer.data(), len));
  }
}

size_t EncodedSize(IntEncoding encoding, std::span<const uint64_t> values) {
  size_t size = 1 + Prefix(encoding, values).size();
  ForEachPforBlock(encoding, values,
                   [&](std::span<const uint64_t> block) { size += PforBlockSize(block); });
  return size;
}

}  // namespace

void EncodeIntegersAs(IntEncoding encoding, std::span<const uint64_t> values, std::string* out) {
  out->push_back(static_cast<char>(encoding));
  out->append(Prefix(encoding, values));
  ForEachPforBlock(encoding, values,
                   [&](std::span<const uint64_t> block) { EncodePforBlock(block, out); });
}

void EncodeIntegers(std::span<const uint64_t> values, std::string* out) {
  // Sizes are computed without encoding; only the smallest is written.
  IntEncoding best = IntEncoding::kFrameOfReference;
  size_t best_size = EncodedSize(best, values);
  for (IntEncoding e : {IntEncoding::kDelta, IntEncoding::kDeltaOfDelta}) {
    size_t size = EncodedSize(e, values);
    if (size < best_size) {
      best = e;
      best_size = size;
    }
  }
  EncodeIntegersAs(best, values, out);
}

bool DecodeIntegers(ByteReader* in, std::span<uint64_t> out) {
  uint8_t encoding;
  if (!in->GetU8(&encoding)) return false;
  const size_t n = out.size();
  switch (static_cast<IntEncoding>(encoding)) {
    case IntEncoding::kFrameOfReference:
      return DecodePfor(in, out);
    case IntEncoding::kDelta: {
      if (n == 0) return true;
      if (!in->GetVarint(&out[0]) || !DecodePfor(in, out.subspan(1))) return false;
      for (size_t i = 1; i < n; ++i) {
        out[i] = out[i - 1] + static_cast<uint64_t>(ZigZagDecode(out[i]));
      }
      return true;
    }
    case IntEncoding::kDeltaOfDelta: {
      if (n == 0) return true;
      if (!in->GetVarint(&out[0])) return false;
      if (n == 1) return true;
      uint64_t first_delta;
      if (!in->GetVarint(&first_delta) || !DecodePfor(in, out.subspan(2))) return false;
      uint64_t delta = static_cast<uint64_t>(ZigZagDecode(first_delta));
      out[1] = out[0] + delta;
      for (size_t i = 2; i < n; ++i) {
        delta += static_cast<uint64_t>(ZigZagDecode(out[i]));
        out[i] = out[i - 1] + delta;
      }
      return true;
    }
  }
  return false;
}

void EncodeRle(std::span<const uint64_t> values, std::string* out) {
  ByteWriter w(out);
  size_t i = 0;
  while (i < values.size()) {
    size_t j = i + 1;
    while (j < values.size() && values[j] == values[i]) ++j;
    w.PutVarint(j - i);
    w.PutVarint(values[i]);
    i = j;
  }
}

bool DecodeRle(ByteReader* in, std::span<uint64_t> out) {
  size_t i = 0;
  while (i < out.size()) {
    uint64_t run;
    uint64_t value;
    if (!in->GetVarint(&run) || !in->GetVarint(&value)) return false;
    if (run == 0 || run > out.size() - i) return false;
    for (uint64_t k = 0; k < run; ++k) out[i++] = value;
  }
  return true;
}

}  // namespace greptime::storage::sst
