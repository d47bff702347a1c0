// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Integer streams (format: docs/storage-format-sst.md §Integer streams).
#include "storage/sst/int_encoding.h"

#include <vector>

#include "storage/sst/bit_packing.h"

namespace greptime::storage::sst {
namespace {

uint64_t ZigZagDiff(uint64_t a, uint64_t b) {
  return ZigZagEncode(static_cast<int64_t>(a - b));  // wrapping difference, as signed
}

}  // namespace

void EncodeIntegersAs(IntEncoding encoding, std::span<const uint64_t> values, std::string* out) {
  ByteWriter w(out);
  w.PutU8(static_cast<uint8_t>(encoding));
  const size_t n = values.size();
  switch (encoding) {
    case IntEncoding::kFrameOfReference:
      EncodePfor(values, out);
      return;
    case IntEncoding::kDelta: {
      if (n == 0) return;
      w.PutVarint(values[0]);
      std::vector<uint64_t> deltas(n - 1);
      for (size_t i = 1; i < n; ++i) deltas[i - 1] = ZigZagDiff(values[i], values[i - 1]);
      EncodePfor(deltas, out);
      return;
    }
    case IntEncoding::kDeltaOfDelta: {
      if (n == 0) return;
      w.PutVarint(values[0]);
      if (n == 1) return;
      w.PutVarint(ZigZagDiff(values[1], values[0]));
      std::vector<uint64_t> dods(n - 2);
      for (size_t i = 2; i < n; ++i) {
        uint64_t d = values[i] - values[i - 1];
        uint64_t prev = values[i - 1] - values[i - 2];
        dods[i - 2] = ZigZagDiff(d, prev);
      }
      EncodePfor(dods, out);
      return;
    }
  }
}

void EncodeIntegers(std::span<const uint64_t> values, std::string* out) {
  std::string best;
  for (IntEncoding e :
       {IntEncoding::kFrameOfReference, IntEncoding::kDelta, IntEncoding::kDeltaOfDelta}) {
    std::string candidate;
    EncodeIntegersAs(e, values, &candidate);
    if (best.empty() || candidate.size() < best.size()) best = std::move(candidate);
  }
  out->append(best);
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
