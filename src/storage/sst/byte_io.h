// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Little-endian fixed-width integers, LEB128 varints and zigzag for the SST format: an appending
// ByteWriter and a bounds-checked ByteReader that never reads past its input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace greptime::storage::sst {

inline uint64_t ZigZagEncode(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t ZigZagDecode(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

// Bytes of the LEB128 encoding of v (1..10).
inline size_t VarintLength(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// Appends to a caller-owned std::string.
class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}

  void PutU8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void PutU16(uint16_t v) { PutFixed(v); }
  void PutU32(uint32_t v) { PutFixed(v); }
  void PutU64(uint64_t v) { PutFixed(v); }
  void PutI64(int64_t v) { PutFixed(static_cast<uint64_t>(v)); }
  // Unsigned LEB128: 7 bits per byte, least significant group first, high bit = more follows.
  void PutVarint(uint64_t v) {
    while (v >= 0x80) {
      out_->push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out_->push_back(static_cast<char>(v));
  }
  void PutBytes(std::string_view bytes) { out_->append(bytes); }
  // u32 length, then the bytes.
  void PutLengthPrefixed(std::string_view bytes) {
    PutU32(static_cast<uint32_t>(bytes.size()));
    PutBytes(bytes);
  }
  size_t size() const { return out_->size(); }

 private:
  template <typename T>
  void PutFixed(T v) {
    char buf[sizeof(T)];
    for (size_t i = 0; i < sizeof(T); ++i) buf[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
    out_->append(buf, sizeof(T));
  }

  std::string* out_;
};

// Reads from a borrowed buffer. Every getter returns false (and leaves the output unspecified)
// instead of reading past the end, or on a varint longer than 10 bytes; callers turn that into
// a corruption Status with their own context.
class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  bool GetU8(uint8_t* v) { return GetFixed(v); }
  bool GetU16(uint16_t* v) { return GetFixed(v); }
  bool GetU32(uint32_t* v) { return GetFixed(v); }
  bool GetU64(uint64_t* v) { return GetFixed(v); }
  bool GetI64(int64_t* v) {
    uint64_t u;
    if (!GetFixed(&u)) return false;
    *v = static_cast<int64_t>(u);
    return true;
  }
  bool GetVarint(uint64_t* v) {
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return false;
      uint8_t byte = static_cast<uint8_t>(data_[pos_++]);
      // The 10th byte may only carry the top bit of a u64.
      if (shift == 63 && byte > 1) return false;
      result |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        *v = result;
        return true;
      }
    }
    return false;
  }
  bool GetBytes(size_t n, std::string_view* out) {
    if (n > data_.size() - pos_) return false;
    *out = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  bool GetLengthPrefixed(std::string_view* out) {
    uint32_t n;
    return GetU32(&n) && GetBytes(n, out);
  }
  bool Skip(size_t n) {
    if (n > data_.size() - pos_) return false;
    pos_ += n;
    return true;
  }

  size_t position() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }
  bool AtEnd() const { return pos_ == data_.size(); }
  std::string_view Rest() const { return data_.substr(pos_); }

 private:
  template <typename T>
  bool GetFixed(T* v) {
    if (sizeof(T) > data_.size() - pos_) return false;
    T r = 0;
    for (size_t i = 0; i < sizeof(T); ++i) {
      r |= static_cast<T>(static_cast<T>(static_cast<uint8_t>(data_[pos_ + i])) << (8 * i));
    }
    *v = r;
    pos_ += sizeof(T);
    return true;
  }

  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace greptime::storage::sst
