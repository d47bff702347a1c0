// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The protobuf wire format, by hand: a bounds-checked reader over a byte range and two writer
// helpers. Used for the Prometheus and OTLP payloads, which need only a handful of fields (no
// generated code, and unknown fields are skipped by wire type). Every read is checked: a
// malformed message is an error, never an out-of-bounds access.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "common/status.h"

namespace greptime::servers {

class ProtoReader {
 public:
  // `what` prefixes error messages: "Failed to decode prometheus remote request".
  ProtoReader(std::string_view bytes, std::string_view what) : s_(bytes), what_(what) {}

  bool done() const { return pos_ >= s_.size(); }

  Result<uint64_t> Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= s_.size()) return Error("truncated varint");
      uint8_t b = static_cast<uint8_t>(s_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Error("varint too long");
  }
  Result<std::string_view> Bytes() {
    GT_ASSIGN_OR_RETURN(uint64_t n, Varint());
    if (n > s_.size() - pos_) return Error("length-delimited field exceeds the message");
    std::string_view out = s_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  Result<uint64_t> Fixed64() {
    if (s_.size() - pos_ < 8) return Error("truncated fixed64");
    uint64_t v;
    std::memcpy(&v, s_.data() + pos_, 8);
    pos_ += 8;
    return v;
  }
  Result<double> Double() {
    GT_ASSIGN_OR_RETURN(uint64_t bits, Fixed64());
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }
  Status Skip(uint32_t wire) {
    switch (wire) {
      case 0: return Varint().status();
      case 1: return Fixed64().status();
      case 2: return Bytes().status();
      case 5:
        if (s_.size() - pos_ < 4) return Error("truncated fixed32");
        pos_ += 4;
        return Status::OK();
      default: return Error(fmt::format("unsupported wire type {}", wire));
    }
  }
  // Calls fn(field, wire) for each field; fn consumes the value (or calls Skip(wire)).
  template <typename Fn>
  Status ForEach(Fn fn) {
    while (!done()) {
      GT_ASSIGN_OR_RETURN(uint64_t key, Varint());
      GT_RETURN_IF_ERROR(fn(static_cast<uint32_t>(key >> 3), static_cast<uint32_t>(key & 7)));
    }
    return Status::OK();
  }
  // A reader over a nested message, with the same error prefix.
  ProtoReader Nested(std::string_view bytes) const { return ProtoReader(bytes, what_); }
  Status Error(std::string_view detail) const {
    return Status(StatusCode::kInvalidArguments, fmt::format("{}: {}", what_, detail));
  }

 private:
  std::string_view s_;
  std::string_view what_;
  size_t pos_ = 0;
};

inline void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

inline void PutBytes(std::string& out, int field, std::string_view bytes) {
  PutVarint(out, static_cast<uint64_t>(field) << 3 | 2);
  PutVarint(out, bytes.size());
  out.append(bytes);
}

inline void PutDouble(std::string& out, int field, double v) {
  PutVarint(out, static_cast<uint64_t>(field) << 3 | 1);
  char buf[8];
  std::memcpy(buf, &v, 8);
  out.append(buf, 8);
}

}  // namespace greptime::servers
