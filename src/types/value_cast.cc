// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Value::CastTo: conversions between scalar types with Arrow's range checks and messages, so that
// errors read as GreptimeDB's do (spec/sql.md §2).
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include <fmt/core.h>

#include "types/value.h"

namespace greptime::types {
namespace {

constexpr int64_t kSecondsPerDay = 86'400;

template <typename... Args>
Status CastError(fmt::format_string<Args...> format, Args&&... args) {
  return Status(StatusCode::kEngineExecuteQuery,
                "Cast error: " + fmt::format(format, std::forward<Args>(args)...));
}

Status Unsupported(const DataType& from, const DataType& to) {
  return Status::Unsupported("Unsupported cast from {} to {}", from.Name(), to.Name());
}

// Arrow prints Decimal128 types as "Decimal128(p, s)" in cast messages.
std::string ArrowDecimalName(const DataType& t) {
  return fmt::format("Decimal128({}, {})", t.precision(), t.scale());
}

bool FitsInteger(TypeId id, int128_t v) {
  switch (id) {
    case TypeId::kInt8:
      return v >= INT8_MIN && v <= INT8_MAX;
    case TypeId::kInt16:
      return v >= INT16_MIN && v <= INT16_MAX;
    case TypeId::kInt32:
      return v >= INT32_MIN && v <= INT32_MAX;
    case TypeId::kInt64:
      return v >= INT64_MIN && v <= INT64_MAX;
    case TypeId::kUInt8:
      return v >= 0 && v <= UINT8_MAX;
    case TypeId::kUInt16:
      return v >= 0 && v <= UINT16_MAX;
    case TypeId::kUInt32:
      return v >= 0 && v <= UINT32_MAX;
    default:
      return v >= 0 && v <= UINT64_MAX;
  }
}

// Precondition: FitsInteger(id, v).
Value MakeInteger(TypeId id, int128_t v) {
  switch (id) {
    case TypeId::kInt8:
      return Value::Int8(static_cast<int8_t>(v));
    case TypeId::kInt16:
      return Value::Int16(static_cast<int16_t>(v));
    case TypeId::kInt32:
      return Value::Int32(static_cast<int32_t>(v));
    case TypeId::kInt64:
      return Value::Int64(static_cast<int64_t>(v));
    case TypeId::kUInt8:
      return Value::UInt8(static_cast<uint8_t>(v));
    case TypeId::kUInt16:
      return Value::UInt16(static_cast<uint16_t>(v));
    case TypeId::kUInt32:
      return Value::UInt32(static_cast<uint32_t>(v));
    default:
      return Value::UInt64(static_cast<uint64_t>(v));
  }
}

// The value of an integer-like source (integers, booleans, dates, timestamps) as int128.
std::optional<int128_t> IntegerPayload(const Value& v) {
  const DataType& t = v.type();
  switch (t.id()) {
    case TypeId::kBoolean:
      return v.AsBoolean() ? 1 : 0;
    case TypeId::kUInt64:
      return static_cast<int128_t>(v.AsUInt64());
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kDate:
    case TypeId::kTimestamp:
      return static_cast<int128_t>(*v.ToInt64());
    default:
      return std::nullopt;
  }
}

std::string FloatDebug(const Value& v) {
  return v.type().id() == TypeId::kFloat32 ? FormatFloat32Debug(v.AsFloat32())
                                           : FormatFloat64Debug(v.AsFloat64());
}

// A strict integer literal: optional sign, digits, nothing else.
std::optional<int128_t> ParseIntegerText(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.size() > 30) return std::nullopt;
  int128_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return negative ? -v : v;
}

// Rust/Arrow float syntax: sign, digits with optional point and exponent, inf/infinity/nan.
template <typename F>
std::optional<F> ParseFloatText(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s[0] == '+' || s[0] == '-') return std::nullopt;
  // from_chars would accept "nan(chars)"; Rust does not.
  if (s.find('(') != std::string_view::npos) return std::nullopt;
  F v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ptr != s.data() + s.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // Overflow → infinity, underflow → (signed) zero, as Rust parses.
    std::string copy(s);
    double d = std::strtod(copy.c_str(), nullptr);
    v = std::fabs(d) > 1 ? std::numeric_limits<F>::infinity() : F(0);
  } else if (ec != std::errc()) {
    return std::nullopt;
  }
  return negative ? -v : v;
}

std::optional<bool> ParseBoolText(std::string_view s) {
  std::string lower(s);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view t : {"true", "t", "yes", "y", "on", "1"}) {
    if (lower == t) return true;
  }
  for (std::string_view f : {"false", "f", "no", "n", "off", "0"}) {
    if (lower == f) return false;
  }
  return std::nullopt;
}

Status DecimalPrecisionError(int128_t v, const DataType& t) {
  std::string max = FormatDecimal128(DecimalMaxUnscaled(t.precision()), t.scale());
  std::string text = FormatDecimal128(v, t.scale());
  if (v > 0) {
    return Status(StatusCode::kEngineExecuteQuery,
                  fmt::format("Invalid argument error: {} is too large to store in a Decimal128 "
                              "of precision {}. Max is {}",
                              text, t.precision(), max));
  }
  return Status(StatusCode::kEngineExecuteQuery,
                fmt::format("Invalid argument error: {} is too small to store in a Decimal128 of "
                            "precision {}. Min is -{}",
                            text, t.precision(), max));
}

Result<Value> CheckedDecimal(int128_t v, const DataType& t) {
  if (!DecimalFitsPrecision(v, t.precision())) return DecimalPrecisionError(v, t);
  return Value::Decimal128(v, t.precision(), t.scale());
}

// v * 10^n, nullopt on 128-bit overflow.
std::optional<int128_t> ScaleUp(int128_t v, int n) {
  int128_t mul = Pow10I128(n);
  int128_t limit = std::numeric_limits<int128_t>::max() / mul;
  if (v > limit || v < -limit) return std::nullopt;
  return v * mul;
}

// v / 10^n rounded half away from zero.
int128_t ScaleDownRounded(int128_t v, int n) {
  int128_t div = Pow10I128(n);
  int128_t q = v / div;
  int128_t r = v % div;
  if (r < 0) r = -r;
  if (r * 2 >= div) q += v < 0 ? -1 : 1;
  return q;
}

Result<Value> ToInteger(const Value& v, const DataType& target) {
  const DataType& from = v.type();
  TypeId id = target.id();
  if (auto i = IntegerPayload(v)) {
    if (!FitsInteger(id, *i)) {
      return CastError("Can't cast value {} to type {}", Int128ToString(*i), target.Name());
    }
    return MakeInteger(id, *i);
  }
  if (from.is_float()) {
    double d = from.id() == TypeId::kFloat32 ? v.AsFloat32() : v.AsFloat64();
    // 2^127 bounds every integer type; beyond it (and for NaN/inf) int128 cannot hold it.
    if (!std::isfinite(d) || std::fabs(d) >= 1.7e38 ||
        !FitsInteger(id, static_cast<int128_t>(std::trunc(d)))) {
      return CastError("Can't cast value {} to type {}", FloatDebug(v), target.Name());
    }
    return MakeInteger(id, static_cast<int128_t>(std::trunc(d)));
  }
  if (from.is_decimal()) {
    int128_t q = v.AsDecimal128() / Pow10I128(from.scale());
    if (!FitsInteger(id, q)) {
      return CastError("value of {} is out of range {}", Int128ToString(q), target.Name());
    }
    return MakeInteger(id, q);
  }
  if (from.is_string()) {
    auto i = ParseIntegerText(v.AsBytes());
    if (!i || !FitsInteger(id, *i)) {
      return CastError("Cannot cast string '{}' to value of {} type", v.AsBytes(), target.Name());
    }
    return MakeInteger(id, *i);
  }
  return Unsupported(from, target);
}

Result<Value> ToFloat(const Value& v, const DataType& target) {
  const DataType& from = v.type();
  bool f32 = target.id() == TypeId::kFloat32;
  auto make = [f32](double d) {
    return f32 ? Value::Float32(static_cast<float>(d)) : Value::Float64(d);
  };
  if (from.id() == TypeId::kFloat32) return make(v.AsFloat32());
  if (from.id() == TypeId::kFloat64) return make(v.AsFloat64());
  if (from.id() == TypeId::kUInt64) return make(static_cast<double>(v.AsUInt64()));
  if (from.is_decimal()) return make(*v.ToFloat64());
  if (auto i = IntegerPayload(v)) return make(static_cast<double>(*i));
  if (from.is_string()) {
    if (f32) {
      if (auto f = ParseFloatText<float>(v.AsBytes())) return Value::Float32(*f);
    } else if (auto d = ParseFloatText<double>(v.AsBytes())) {
      return Value::Float64(*d);
    }
    return CastError("Cannot cast string '{}' to value of {} type", v.AsBytes(), target.Name());
  }
  return Unsupported(from, target);
}

Result<Value> ToBoolean(const Value& v, const DataType& target) {
  const DataType& from = v.type();
  if (from.is_float()) return Value::Boolean(*v.ToFloat64() != 0.0);
  if (from.is_decimal()) return Value::Boolean(v.AsDecimal128() != 0);
  if (from.is_integer()) return Value::Boolean(*IntegerPayload(v) != 0);
  if (from.is_string()) {
    if (auto b = ParseBoolText(v.AsBytes())) return Value::Boolean(*b);
    return CastError("Cannot cast value '{}' to value of Boolean type", v.AsBytes());
  }
  return Unsupported(from, target);
}

Result<Value> ToDecimal(const Value& v, const DataType& target) {
  const DataType& from = v.type();
  const int scale = target.scale();
  if (from.is_decimal()) {
    int128_t u = v.AsDecimal128();
    if (scale >= from.scale()) {
      auto up = ScaleUp(u, scale - from.scale());
      if (!up) {
        return CastError("Cannot cast to {}. Overflowing on {}", ArrowDecimalName(target),
                         v.ToString());
      }
      return CheckedDecimal(*up, target);
    }
    return CheckedDecimal(ScaleDownRounded(u, from.scale() - scale), target);
  }
  if (from.is_float()) {
    double d = from.id() == TypeId::kFloat32 ? v.AsFloat32() : v.AsFloat64();
    double x = std::round(d * std::pow(10.0, scale));
    if (!std::isfinite(x) || std::fabs(x) >= 1.7014118346046923e38) {
      return CastError("Cannot cast to {}. Overflowing on {}", ArrowDecimalName(target),
                       FloatDebug(v));
    }
    return CheckedDecimal(static_cast<int128_t>(x), target);
  }
  if (auto i = IntegerPayload(v); i && (from.is_integer() || from.is_boolean())) {
    auto up = ScaleUp(*i, scale);
    if (!up) {
      return Status(StatusCode::kEngineExecuteQuery,
                    fmt::format("Arithmetic overflow: Overflow happened on: {} * {}",
                                Int128ToString(*i), Int128ToString(Pow10I128(scale))));
    }
    return CheckedDecimal(*up, target);
  }
  if (from.is_string()) {
    auto parsed = ParseDecimal128(v.AsBytes(), scale);
    if (!parsed.ok()) {
      return CastError("Cannot cast string '{}' to value of {} type", v.AsBytes(),
                       ArrowDecimalName(target));
    }
    return CheckedDecimal(*parsed, target);
  }
  return Unsupported(from, target);
}

Result<Value> ToTimestamp(const Value& v, const DataType& target, const TimeZone& zone) {
  const DataType& from = v.type();
  TimeUnit unit = target.time_unit();
  if (from.is_timestamp()) {
    auto ts = v.AsTimestamp().ConvertTo(unit);
    if (!ts.ok()) return CastError("{}", ts.status().message());
    return Value::Timestamp(*ts);
  }
  if (from.is_string()) {
    auto ts = ParseTimestamp(v.AsBytes(), zone, unit);
    if (!ts.ok()) return CastError("{}", ts.status().message());
    return Value::Timestamp(*ts);
  }
  if (from.is_date()) {
    Timestamp day{static_cast<int64_t>(v.AsDate()) * kSecondsPerDay, TimeUnit::kSecond};
    auto ts = day.ConvertTo(unit);
    if (!ts.ok()) return CastError("{}", ts.status().message());
    return Value::Timestamp(*ts);
  }
  if (from.is_float()) {
    double d = *v.ToFloat64();
    if (!std::isfinite(d) || std::fabs(d) >= 9.2233720368547758e18) {
      return CastError("Can't cast value {} to type {}", FloatDebug(v), target.Name());
    }
    return Value::Timestamp(static_cast<int64_t>(std::trunc(d)), unit);
  }
  if (auto i = IntegerPayload(v); i && from.is_integer()) {
    if (!FitsInteger(TypeId::kInt64, *i)) {
      return CastError("Can't cast value {} to type {}", Int128ToString(*i), target.Name());
    }
    return Value::Timestamp(static_cast<int64_t>(*i), unit);
  }
  return Unsupported(from, target);
}

Result<Value> ToDate(const Value& v, const DataType& target) {
  const DataType& from = v.type();
  if (from.is_string()) {
    auto days = ParseDate(v.AsBytes());
    if (!days.ok()) return CastError("{}", days.status().message());
    return Value::Date(*days);
  }
  if (from.is_timestamp()) {
    int64_t seconds = v.AsTimestamp().Seconds();
    int64_t days = seconds / kSecondsPerDay - (seconds % kSecondsPerDay < 0 ? 1 : 0);
    if (!FitsInteger(TypeId::kInt32, days)) {
      return CastError("Can't cast value {} to type Date", v.ToString());
    }
    return Value::Date(static_cast<int32_t>(days));
  }
  if (auto i = IntegerPayload(v); i && from.is_integer()) {
    if (!FitsInteger(TypeId::kInt32, *i)) {
      return CastError("Can't cast value {} to type Date", Int128ToString(*i));
    }
    return Value::Date(static_cast<int32_t>(*i));
  }
  return Unsupported(from, target);
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : (c & (0xff >> (n + 1)));
    for (size_t k = 1; k < n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and out-of-range code points are invalid.
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n;
  }
  return true;
}

Result<Value> ToStringLike(const Value& v, const DataType& target) {
  const DataType& from = v.type();
  switch (target.id()) {
    case TypeId::kString:
      if (from.is_binary()) {
        if (!IsValidUtf8(v.AsBytes())) {
          return CastError("Cannot cast binary to string: invalid utf-8 sequence");
        }
        return Value::String(v.AsBytes());
      }
      return Value::String(v.ToString());
    case TypeId::kBinary:
      if (from.is_string() || from.is_json()) return Value::Binary(v.AsBytes());
      return Unsupported(from, target);
    default:  // kJson
      if (from.is_string() || from.is_binary()) {
        auto compact = NormalizeJson(v.AsBytes());
        if (!compact.ok()) return CastError("{}", compact.status().message());
        return Value::Json(std::move(*compact));
      }
      return Unsupported(from, target);
  }
}

Result<Value> ToVector(const Value& v, const DataType& target) {
  const DataType& from = v.type();
  std::vector<float> elems;
  if (from.is_string()) {
    auto parsed = ParseVectorText(v.AsBytes());
    if (!parsed.ok()) return CastError("{}", parsed.status().message());
    elems = std::move(*parsed);
  } else if (from.is_vector()) {
    elems = v.AsVector();
  } else {
    return Unsupported(from, target);
  }
  if (elems.size() != target.vector_dim()) {
    return CastError("Vector dimension mismatch: expected {} but got {}", target.vector_dim(),
                     elems.size());
  }
  return Value::Vector(std::move(elems));
}

}  // namespace

Result<Value> Value::CastTo(const DataType& target) const {
  return CastTo(target, TimeZone::Utc());
}

Result<Value> Value::CastTo(const DataType& target, const TimeZone& zone) const {
  if (is_null()) return Value();
  if (type_ == target) return *this;
  switch (target.id()) {
    case TypeId::kNull:
      return Unsupported(type_, target);
    case TypeId::kBoolean:
      return ToBoolean(*this, target);
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt8:
    case TypeId::kUInt16:
    case TypeId::kUInt32:
    case TypeId::kUInt64:
      return ToInteger(*this, target);
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return ToFloat(*this, target);
    case TypeId::kDecimal128:
      return ToDecimal(*this, target);
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kJson:
      return ToStringLike(*this, target);
    case TypeId::kDate:
      return ToDate(*this, target);
    case TypeId::kTimestamp:
      return ToTimestamp(*this, target, zone);
    case TypeId::kIntervalMonthDayNano:
      return Unsupported(type_, target);
    case TypeId::kVector:
      return ToVector(*this, target);
  }
  return Unsupported(type_, target);
}

}  // namespace greptime::types
