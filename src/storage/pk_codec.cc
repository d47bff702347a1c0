// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Memcomparable primary keys (format: docs/storage-format-sst.md §Primary keys). Each value is a
// marker byte (0x00 NULL, 0x01 present) then an order-preserving big-endian payload.
#include "storage/pk_codec.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace greptime::storage {

using types::DataType;
using types::int128_t;
using types::TypeId;
using types::uint128_t;
using types::Value;

namespace {

constexpr uint8_t kNullMarker = 0x00;
constexpr uint8_t kValueMarker = 0x01;
// Inside strings: 0x00 is written as 0x00 0xFF, and 0x00 0x01 ends the string. Since 0x01 <
// 0xFF, a string sorts before any longer string it prefixes.
constexpr uint8_t kEscape = 0x00;
constexpr uint8_t kEscapedZero = 0xFF;
constexpr uint8_t kTerminator = 0x01;

template <typename U>
void PutBigEndian(U v, std::string* out) {
  for (int i = static_cast<int>(sizeof(U)) - 1; i >= 0; --i) {
    out->push_back(static_cast<char>(static_cast<uint8_t>(v >> (8 * i))));
  }
}

// Signed integers: two's complement with the sign bit flipped orders as unsigned.
template <typename S>
void PutSigned(S v, std::string* out) {
  using U = std::make_unsigned_t<S>;
  PutBigEndian(static_cast<U>(static_cast<U>(v) ^ (U{1} << (sizeof(S) * 8 - 1))), out);
}

void PutInt128(int128_t v, std::string* out) {
  uint128_t u = static_cast<uint128_t>(v) ^ (uint128_t{1} << 127);
  PutBigEndian(static_cast<uint64_t>(u >> 64), out);
  PutBigEndian(static_cast<uint64_t>(u), out);
}

// Floats: -0.0 becomes 0.0 and every NaN the canonical quiet NaN (Value equality treats them as
// equal, so they must be one key); then positive values get the sign bit set and negative
// values are inverted, which orders -inf < ... < -0 < 0 < ... < inf < NaN as unsigned.
template <typename F>
void PutFloat(F v, std::string* out) {
  using U = std::conditional_t<sizeof(F) == 8, uint64_t, uint32_t>;
  constexpr U kSign = U{1} << (sizeof(F) * 8 - 1);
  if (v == 0) v = 0;
  if (std::isnan(v)) v = std::numeric_limits<F>::quiet_NaN();
  U bits = std::bit_cast<U>(v);
  bits = (bits & kSign) ? ~bits : (bits | kSign);
  PutBigEndian(bits, out);
}

void PutBytes(std::string_view bytes, std::string* out) {
  // Runs without a zero byte are copied whole; tag values rarely hold one.
  while (!bytes.empty()) {
    const void* zero = std::memchr(bytes.data(), kEscape, bytes.size());
    size_t run = zero == nullptr ? bytes.size()
                                 : static_cast<size_t>(static_cast<const char*>(zero) - bytes.data());
    out->append(bytes.data(), run);
    if (zero == nullptr) break;
    out->push_back(static_cast<char>(kEscape));
    out->push_back(static_cast<char>(kEscapedZero));
    bytes.remove_prefix(run + 1);
  }
  out->push_back(static_cast<char>(kEscape));
  out->push_back(static_cast<char>(kTerminator));
}

void EncodeValue(const DataType& type, const Value& v, std::string* out) {
  switch (type.id()) {
    case TypeId::kNull:
      return;  // only NULL values reach here; the marker says it all
    case TypeId::kBoolean:
      out->push_back(v.AsBoolean() ? 1 : 0);
      return;
    case TypeId::kInt8:
      return PutSigned(v.AsInt8(), out);
    case TypeId::kInt16:
      return PutSigned(v.AsInt16(), out);
    case TypeId::kInt32:
      return PutSigned(v.AsInt32(), out);
    case TypeId::kInt64:
      return PutSigned(v.AsInt64(), out);
    case TypeId::kUInt8:
      return PutBigEndian(v.AsUInt8(), out);
    case TypeId::kUInt16:
      return PutBigEndian(v.AsUInt16(), out);
    case TypeId::kUInt32:
      return PutBigEndian(v.AsUInt32(), out);
    case TypeId::kUInt64:
      return PutBigEndian(v.AsUInt64(), out);
    case TypeId::kFloat32:
      return PutFloat(v.AsFloat32(), out);
    case TypeId::kFloat64:
      return PutFloat(v.AsFloat64(), out);
    case TypeId::kDecimal128:
      return PutInt128(v.AsDecimal128(), out);
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kJson:
      return PutBytes(v.AsBytes(), out);
    case TypeId::kDate:
      return PutSigned(v.AsDate(), out);
    case TypeId::kTimestamp:
      return PutSigned(v.AsTimestamp().value, out);
    case TypeId::kIntervalMonthDayNano:
      PutSigned(v.AsInterval().months, out);
      PutSigned(v.AsInterval().days, out);
      return PutSigned(v.AsInterval().nanoseconds, out);
    case TypeId::kVector:
      for (float f : v.AsVector()) PutFloat(f, out);
      return;
  }
}

// Reads the encodings back; every getter fails on truncated input.
class KeyReader {
 public:
  explicit KeyReader(std::string_view key) : key_(key) {}

  bool AtEnd() const { return pos_ == key_.size(); }
  bool GetU8(uint8_t* v) {
    if (pos_ >= key_.size()) return false;
    *v = static_cast<uint8_t>(key_[pos_++]);
    return true;
  }
  template <typename U>
  bool GetBigEndian(U* v) {
    if (key_.size() - pos_ < sizeof(U)) return false;
    U r = 0;
    for (size_t i = 0; i < sizeof(U); ++i) {
      r = static_cast<U>((r << 8) | static_cast<uint8_t>(key_[pos_++]));
    }
    *v = r;
    return true;
  }
  template <typename S>
  bool GetSigned(S* v) {
    using U = std::make_unsigned_t<S>;
    U u;
    if (!GetBigEndian(&u)) return false;
    *v = static_cast<S>(static_cast<U>(u ^ (U{1} << (sizeof(S) * 8 - 1))));
    return true;
  }
  bool GetInt128(int128_t* v) {
    uint64_t hi;
    uint64_t lo;
    if (!GetBigEndian(&hi) || !GetBigEndian(&lo)) return false;
    uint128_t u = ((static_cast<uint128_t>(hi) << 64) | lo) ^ (uint128_t{1} << 127);
    *v = static_cast<int128_t>(u);
    return true;
  }
  template <typename F>
  bool GetFloat(F* v) {
    using U = std::conditional_t<sizeof(F) == 8, uint64_t, uint32_t>;
    constexpr U kSign = U{1} << (sizeof(F) * 8 - 1);
    U bits;
    if (!GetBigEndian(&bits)) return false;
    bits = (bits & kSign) ? (bits & ~kSign) : ~bits;
    *v = std::bit_cast<F>(bits);
    return true;
  }
  bool GetBytes(std::string* out) {
    while (pos_ < key_.size()) {
      uint8_t c = static_cast<uint8_t>(key_[pos_++]);
      if (c != kEscape) {
        out->push_back(static_cast<char>(c));
        continue;
      }
      if (pos_ >= key_.size()) return false;
      uint8_t next = static_cast<uint8_t>(key_[pos_++]);
      if (next == kTerminator) return true;
      if (next != kEscapedZero) return false;
      out->push_back('\0');
    }
    return false;
  }

 private:
  std::string_view key_;
  size_t pos_ = 0;
};

bool DecodeValue(const DataType& type, KeyReader* r, Value* out) {
  switch (type.id()) {
    case TypeId::kNull:
      return false;  // a Null-typed key column only holds NULL
    case TypeId::kBoolean: {
      uint8_t b;
      if (!r->GetU8(&b) || b > 1) return false;
      *out = Value::Boolean(b == 1);
      return true;
    }
#define GT_DECODE_CASE(ID, T, GETTER, MAKE) \
  case TypeId::ID: {                        \
    T x{};                                  \
    if (!r->GETTER(&x)) return false;       \
    *out = MAKE;                            \
    return true;                            \
  }
      GT_DECODE_CASE(kInt8, int8_t, GetSigned, Value::Int8(x))
      GT_DECODE_CASE(kInt16, int16_t, GetSigned, Value::Int16(x))
      GT_DECODE_CASE(kInt32, int32_t, GetSigned, Value::Int32(x))
      GT_DECODE_CASE(kInt64, int64_t, GetSigned, Value::Int64(x))
      GT_DECODE_CASE(kUInt8, uint8_t, GetBigEndian, Value::UInt8(x))
      GT_DECODE_CASE(kUInt16, uint16_t, GetBigEndian, Value::UInt16(x))
      GT_DECODE_CASE(kUInt32, uint32_t, GetBigEndian, Value::UInt32(x))
      GT_DECODE_CASE(kUInt64, uint64_t, GetBigEndian, Value::UInt64(x))
      GT_DECODE_CASE(kFloat32, float, GetFloat, Value::Float32(x))
      GT_DECODE_CASE(kFloat64, double, GetFloat, Value::Float64(x))
      GT_DECODE_CASE(kDecimal128, int128_t, GetInt128,
                     Value::Decimal128(x, type.precision(), type.scale()))
      GT_DECODE_CASE(kDate, int32_t, GetSigned, Value::Date(x))
      GT_DECODE_CASE(kTimestamp, int64_t, GetSigned, Value::Timestamp(x, type.time_unit()))
#undef GT_DECODE_CASE
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kJson: {
      std::string bytes;
      if (!r->GetBytes(&bytes)) return false;
      *out = type.is_string()   ? Value::String(std::move(bytes))
             : type.is_binary() ? Value::Binary(std::move(bytes))
                                : Value::Json(std::move(bytes));
      return true;
    }
    case TypeId::kIntervalMonthDayNano: {
      types::IntervalMonthDayNano v;
      if (!r->GetSigned(&v.months) || !r->GetSigned(&v.days) || !r->GetSigned(&v.nanoseconds)) {
        return false;
      }
      *out = Value::Interval(v);
      return true;
    }
    case TypeId::kVector: {
      std::vector<float> v(type.vector_dim());
      for (float& f : v) {
        if (!r->GetFloat(&f)) return false;
      }
      *out = Value::Vector(std::move(v));
      return true;
    }
  }
  return false;
}

}  // namespace

void PrimaryKeyCodec::AppendNull(std::string* out) { out->push_back(static_cast<char>(kNullMarker)); }

void PrimaryKeyCodec::AppendBytes(std::string_view bytes, std::string* out) {
  out->push_back(static_cast<char>(kValueMarker));
  PutBytes(bytes, out);
}

Status PrimaryKeyCodec::Encode(const std::vector<Value>& values, std::string* out) const {
  if (values.size() != types_.size()) {
    return Status::InvalidArguments("primary key has {} values, expected {}", values.size(),
                                    types_.size());
  }
  for (size_t i = 0; i < values.size(); ++i) {
    const Value& v = values[i];
    if (v.is_null()) continue;
    if (v.type() != types_[i]) {
      return Status::InvalidArguments("primary key value {} is {}, expected {}", i, v.type().Name(),
                                      types_[i].Name());
    }
    if (types_[i].is_vector() && v.AsVector().size() != types_[i].vector_dim()) {
      return Status::InvalidArguments("primary key value {} has the wrong dimension", i);
    }
  }
  // Validated first so that a failure leaves `out` unchanged.
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].is_null()) {
      out->push_back(static_cast<char>(kNullMarker));
      continue;
    }
    out->push_back(static_cast<char>(kValueMarker));
    EncodeValue(types_[i], values[i], out);
  }
  return Status::OK();
}

Result<std::vector<Value>> PrimaryKeyCodec::Decode(std::string_view key) const {
  KeyReader r(key);
  std::vector<Value> values;
  values.reserve(types_.size());
  for (size_t i = 0; i < types_.size(); ++i) {
    uint8_t marker;
    if (!r.GetU8(&marker)) {
      return Status::StorageUnavailable("corrupt primary key: truncated at column {}", i);
    }
    if (marker == kNullMarker) {
      values.emplace_back();
      continue;
    }
    Value v;
    if (marker != kValueMarker || !DecodeValue(types_[i], &r, &v)) {
      return Status::StorageUnavailable("corrupt primary key: bad {} value at column {}",
                                        types_[i].Name(), i);
    }
    values.push_back(std::move(v));
  }
  if (!r.AtEnd()) return Status::StorageUnavailable("corrupt primary key: trailing bytes");
  return values;
}

}  // namespace greptime::storage
