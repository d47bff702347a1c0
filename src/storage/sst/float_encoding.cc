// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Float streams (format: docs/storage-format-sst.md §Float streams).
#include "storage/sst/float_encoding.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <vector>

#include "storage/sst/bit_packing.h"
#include "storage/sst/int_encoding.h"

namespace greptime::storage::sst {
namespace {

template <typename T>
using BitsOf = std::conditional_t<sizeof(T) == 8, uint64_t, uint32_t>;

template <typename T>
constexpr int kWidth = static_cast<int>(sizeof(T) * 8);
// Bits of the leading-zero count and length fields: 6 for double, 5 for float.
template <typename T>
constexpr int kFieldBits = sizeof(T) == 8 ? 6 : 5;

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8, 1e9,
                             1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};
// Largest exponent tried; 10^e is exact in a double for all of them.
template <typename T>
constexpr int kMaxExponent = sizeof(T) == 8 ? 18 : 10;
constexpr double kMaxExactInt = 9007199254740992.0;  // 2^53

template <typename T>
T DecimalValue(int64_t k, int e) {
  return static_cast<T>(static_cast<double>(k) / kPow10[e]);
}

// True when v == k / 10^e bit for bit for an integer k with |k| < 2^53 (stored in *k).
template <typename T>
bool FitsDecimal(T v, int e, int64_t* k) {
  double scaled = static_cast<double>(v) * kPow10[e];
  if (!(std::fabs(scaled) < kMaxExactInt)) return false;  // also rejects NaN and inf
  int64_t candidate = std::llround(scaled);
  if (std::bit_cast<BitsOf<T>>(DecimalValue<T>(candidate, e)) != std::bit_cast<BitsOf<T>>(v)) {
    return false;
  }
  *k = candidate;
  return true;
}

// The smallest exponent under which the most values of an evenly spaced sample fit, and the
// fraction of the sample that fits.
template <typename T>
int ChooseExponent(std::span<const T> values, double* fit_fraction) {
  constexpr size_t kSample = 256;
  size_t step = values.size() <= kSample ? 1 : values.size() / kSample;
  size_t sampled = 0;
  for (size_t i = 0; i < values.size(); i += step) ++sampled;
  int best_e = 0;
  size_t best_fits = 0;
  for (int e = 0; e <= kMaxExponent<T>; ++e) {
    size_t fits = 0;
    int64_t k;
    for (size_t i = 0; i < values.size(); i += step) fits += FitsDecimal(values[i], e, &k);
    if (fits > best_fits) {
      best_fits = fits;
      best_e = e;
    }
    if (fits == sampled) break;
  }
  *fit_fraction = sampled == 0 ? 0.0 : static_cast<double>(best_fits) / sampled;
  return best_e;
}

template <typename T>
void PutRaw(ByteWriter* w, T v) {
  auto bits = std::bit_cast<BitsOf<T>>(v);
  if constexpr (sizeof(T) == 8) {
    w->PutU64(bits);
  } else {
    w->PutU32(bits);
  }
}

template <typename T>
bool GetRaw(ByteReader* r, T* v) {
  BitsOf<T> bits = 0;
  bool ok;
  if constexpr (sizeof(T) == 8) {
    ok = r->GetU64(&bits);
  } else {
    ok = r->GetU32(&bits);
  }
  *v = std::bit_cast<T>(bits);
  return ok;
}

}  // namespace

template <typename T>
void EncodeGorilla(std::span<const T> values, std::string* out) {
  using U = BitsOf<T>;
  constexpr int kW = kWidth<T>;
  constexpr int kF = kFieldBits<T>;
  std::string stream;
  BitWriter bw(&stream);
  if (!values.empty()) {
    U prev = std::bit_cast<U>(values[0]);
    bw.Write(prev, kW);
    int prev_lead = -1;  // no window yet
    int prev_trail = 0;
    for (size_t i = 1; i < values.size(); ++i) {
      U cur = std::bit_cast<U>(values[i]);
      U x = cur ^ prev;
      prev = cur;
      if (x == 0) {
        bw.Write(0, 1);
        continue;
      }
      int lead = std::countl_zero(x);
      int trail = std::countr_zero(x);
      if (prev_lead >= 0 && lead >= prev_lead && trail >= prev_trail) {
        bw.Write(0b01, 2);  // bits '1' then '0': reuse the window
        bw.Write(x >> prev_trail, kW - prev_lead - prev_trail);
      } else {
        bw.Write(0b11, 2);  // bits '1' then '1': new window
        int len = kW - lead - trail;
        bw.Write(static_cast<uint64_t>(lead), kF);
        bw.Write(static_cast<uint64_t>(len - 1), kF);
        bw.Write(x >> trail, len);
        prev_lead = lead;
        prev_trail = trail;
      }
    }
  }
  bw.Finish();
  ByteWriter w(out);
  w.PutVarint(stream.size());
  w.PutBytes(stream);
}

template <typename T>
bool DecodeGorilla(ByteReader* in, std::span<T> out) {
  using U = BitsOf<T>;
  constexpr int kW = kWidth<T>;
  constexpr int kF = kFieldBits<T>;
  uint64_t size;
  std::string_view stream;
  if (!in->GetVarint(&size) || !in->GetBytes(size, &stream)) return false;
  BitReader br(stream);
  if (!out.empty()) {
    U prev = static_cast<U>(br.Read(kW));
    out[0] = std::bit_cast<T>(prev);
    int lead = -1;
    int len = 0;
    for (size_t i = 1; i < out.size(); ++i) {
      if (br.ReadBit()) {
        if (br.ReadBit()) {
          lead = static_cast<int>(br.Read(kF));
          len = static_cast<int>(br.Read(kF)) + 1;
          if (lead + len > kW) return false;
        } else if (lead < 0) {
          return false;  // window reuse before any window
        }
        int trail = kW - lead - len;
        prev ^= static_cast<U>(br.Read(len) << trail);
      }
      out[i] = std::bit_cast<T>(prev);
      if (br.overrun()) return false;
    }
  }
  // The stream must end in its last byte (only zero padding may follow).
  return !br.overrun() && (br.position() + 7) / 8 == stream.size();
}

template <typename T>
void EncodeByteStreamSplit(std::span<const T> values, std::string* out) {
  const size_t n = values.size();
  size_t base = out->size();
  out->resize(base + n * sizeof(T));
  char* dst = out->data() + base;
  for (size_t i = 0; i < n; ++i) {
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &values[i], sizeof(T));
    for (size_t k = 0; k < sizeof(T); ++k) dst[k * n + i] = static_cast<char>(bytes[k]);
  }
}

template <typename T>
bool DecodeByteStreamSplit(ByteReader* in, std::span<T> out) {
  const size_t n = out.size();
  std::string_view src;
  if (!in->GetBytes(n * sizeof(T), &src)) return false;
  for (size_t i = 0; i < n; ++i) {
    unsigned char bytes[sizeof(T)];
    for (size_t k = 0; k < sizeof(T); ++k) bytes[k] = static_cast<unsigned char>(src[k * n + i]);
    std::memcpy(&out[i], bytes, sizeof(T));
  }
  return true;
}

template <typename T>
bool EncodeDecimalFloat(std::span<const T> values, std::string* out) {
  double fit_fraction;
  int e = ChooseExponent(values, &fit_fraction);
  if (fit_fraction < 0.9) return false;
  std::vector<uint64_t> ints(values.size());
  std::vector<size_t> exceptions;
  int64_t prev_k = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    int64_t k;
    if (FitsDecimal(values[i], e, &k)) {
      prev_k = k;
    } else {
      exceptions.push_back(i);
      k = prev_k;  // repeat the neighbour so the integer stream stays smooth
    }
    ints[i] = ToOrdered(k);
  }
  if (exceptions.size() > values.size() / 8 + 1) return false;
  ByteWriter w(out);
  w.PutU8(static_cast<uint8_t>(e));
  w.PutVarint(exceptions.size());
  size_t next = 0;  // first position the next exception may take
  for (size_t pos : exceptions) {
    w.PutVarint(pos - next);
    PutRaw(&w, values[pos]);
    next = pos + 1;
  }
  EncodeIntegers(ints, out);
  return true;
}

template <typename T>
bool DecodeDecimalFloat(ByteReader* in, std::span<T> out) {
  uint8_t e;
  uint64_t num_exceptions;
  if (!in->GetU8(&e) || e > kMaxExponent<T> || !in->GetVarint(&num_exceptions) ||
      num_exceptions > out.size()) {
    return false;
  }
  std::vector<std::pair<size_t, T>> exceptions(num_exceptions);
  size_t next = 0;
  for (auto& [pos, value] : exceptions) {
    uint64_t gap;
    if (!in->GetVarint(&gap) || gap >= out.size() - next || !GetRaw(in, &value)) return false;
    pos = next + gap;
    next = pos + 1;
  }
  std::vector<uint64_t> ints(out.size());
  if (!DecodeIntegers(in, ints)) return false;
  for (size_t i = 0; i < out.size(); ++i) out[i] = DecimalValue<T>(FromOrdered(ints[i]), e);
  for (const auto& [pos, value] : exceptions) out[pos] = value;
  return true;
}

#define GT_INSTANTIATE_FLOAT_CODECS(T)                                      \
  template void EncodeGorilla<T>(std::span<const T>, std::string*);         \
  template bool DecodeGorilla<T>(ByteReader*, std::span<T>);                \
  template void EncodeByteStreamSplit<T>(std::span<const T>, std::string*); \
  template bool DecodeByteStreamSplit<T>(ByteReader*, std::span<T>);        \
  template bool EncodeDecimalFloat<T>(std::span<const T>, std::string*);    \
  template bool DecodeDecimalFloat<T>(ByteReader*, std::span<T>);

GT_INSTANTIATE_FLOAT_CODECS(float)
GT_INSTANTIATE_FLOAT_CODECS(double)
#undef GT_INSTANTIATE_FLOAT_CODECS

}  // namespace greptime::storage::sst
