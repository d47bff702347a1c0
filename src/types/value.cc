// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Value construction, ordering, hashing and text rendering; casts live in value_cast.cc.
#include "types/value.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <tuple>
#include <type_traits>

#include <fmt/core.h>

namespace greptime::types {
namespace {

std::string HexLower(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

// Total order on floats: -inf < ... < -0.0 == 0.0 < ... < inf < NaN (all NaNs equal).
template <typename F>
int CompareFloat(F a, F b) {
  bool an = std::isnan(a);
  bool bn = std::isnan(b);
  if (an || bn) return an == bn ? 0 : (an ? 1 : -1);
  return a < b ? -1 : (a > b ? 1 : 0);
}

template <typename T>
int CompareScalar(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    return CompareFloat(a, b);
  } else if constexpr (std::is_same_v<T, std::string>) {
    // Byte-wise, unsigned (std::string::compare uses char_traits<char>, which compares as
    // unsigned char).
    int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  } else if constexpr (std::is_same_v<T, std::vector<float>>) {
    size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
      if (int c = CompareFloat(a[i], b[i])) return c;
    }
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return 0;
  } else {
    return a < b ? -1 : (b < a ? 1 : 0);
  }
}

int CompareTypes(const DataType& a, const DataType& b) {
  auto key = [](const DataType& t) {
    return std::make_tuple(static_cast<int>(t.id()), t.precision(), t.scale(),
                           static_cast<int>(t.time_unit()), t.vector_dim());
  };
  auto ka = key(a);
  auto kb = key(b);
  return ka < kb ? -1 : (kb < ka ? 1 : 0);
}

size_t HashCombine(size_t seed, size_t h) {
  return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

template <typename F>
size_t HashFloat(F v) {
  if (std::isnan(v)) return 0x7ff8dead;
  if (v == 0) v = 0;  // -0.0 hashes as 0.0
  return std::hash<F>()(v);
}

template <typename T>
size_t HashScalar(const T& v) {
  if constexpr (std::is_floating_point_v<T>) {
    return HashFloat(v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return std::hash<std::string>()(v);
  } else if constexpr (std::is_same_v<T, std::vector<float>>) {
    size_t h = v.size();
    for (float f : v) h = HashCombine(h, HashFloat(f));
    return h;
  } else if constexpr (std::is_same_v<T, int128_t>) {
    auto u = static_cast<uint128_t>(v);
    return HashCombine(std::hash<uint64_t>()(static_cast<uint64_t>(u)),
                       std::hash<uint64_t>()(static_cast<uint64_t>(u >> 64)));
  } else if constexpr (std::is_same_v<T, IntervalMonthDayNano>) {
    size_t h = std::hash<int32_t>()(v.months);
    h = HashCombine(h, std::hash<int32_t>()(v.days));
    return HashCombine(h, std::hash<int64_t>()(v.nanoseconds));
  } else if constexpr (std::is_same_v<T, std::monostate>) {
    return 0;
  } else {
    return std::hash<T>()(v);
  }
}

// Compact JSON writer-validator over a recursive descent parser.
class JsonCompactor {
 public:
  explicit JsonCompactor(std::string_view text) : s_(text) {}

  Result<std::string> Run() {
    SkipBlanks();
    GT_RETURN_IF_ERROR(ParseValue(0));
    SkipBlanks();
    if (pos_ != s_.size()) return Error("trailing characters");
    return std::move(out_);
  }

 private:
  static constexpr int kMaxDepth = 256;

  Status Error(std::string_view what) const {
    return Status::InvalidArguments("Invalid JSON text: {} at offset {}", what, pos_);
  }
  void SkipBlanks() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Consume(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    out_ += word;
    pos_ += word.size();
    return true;
  }

  Status ParseValue(int depth) {
    if (depth > kMaxDepth) return Error("nesting too deep");
    if (pos_ >= s_.size()) return Error("unexpected end");
    char c = s_[pos_];
    if (c == '{') return ParseContainer(depth, '}', true);
    if (c == '[') return ParseContainer(depth, ']', false);
    if (c == '"') return ParseString();
    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber();
    if (Consume("true") || Consume("false") || Consume("null")) return Status::OK();
    return Error("unexpected character");
  }

  Status ParseContainer(int depth, char close, bool object) {
    out_.push_back(s_[pos_++]);
    SkipBlanks();
    if (pos_ < s_.size() && s_[pos_] == close) {
      out_.push_back(s_[pos_++]);
      return Status::OK();
    }
    while (true) {
      SkipBlanks();
      if (object) {
        if (pos_ >= s_.size() || s_[pos_] != '"') return Error("expected member name");
        GT_RETURN_IF_ERROR(ParseString());
        SkipBlanks();
        if (pos_ >= s_.size() || s_[pos_] != ':') return Error("expected ':'");
        out_.push_back(s_[pos_++]);
        SkipBlanks();
      }
      GT_RETURN_IF_ERROR(ParseValue(depth + 1));
      SkipBlanks();
      if (pos_ >= s_.size()) return Error("unexpected end");
      char c = s_[pos_];
      if (c == ',') {
        out_.push_back(s_[pos_++]);
        continue;
      }
      if (c == close) {
        out_.push_back(s_[pos_++]);
        return Status::OK();
      }
      return Error("expected ',' or closing bracket");
    }
  }

  Status ParseString() {
    size_t start = pos_++;
    while (pos_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        out_ += s_.substr(start, pos_ - start);
        return Status::OK();
      }
      if (c < 0x20) return Error("control character in string");
      if (c == '\\') {
        ++pos_;
        if (pos_ >= s_.size()) break;
        char e = s_[pos_];
        if (e == 'u') {
          for (int i = 1; i <= 4; ++i) {
            if (pos_ + static_cast<size_t>(i) >= s_.size() ||
                !std::isxdigit(static_cast<unsigned char>(s_[pos_ + static_cast<size_t>(i)]))) {
              return Error("bad \\u escape");
            }
          }
          pos_ += 4;
        } else if (std::strchr("\"\\/bfnrt", e) == nullptr) {
          return Error("bad escape");
        }
      }
      ++pos_;
    }
    return Error("unterminated string");
  }

  Status ParseNumber() {
    size_t start = pos_;
    auto digits = [&] {
      size_t b = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ - b;
    };
    if (s_[pos_] == '-') ++pos_;
    size_t int_start = pos_;
    size_t n = digits();
    if (n == 0 || (n > 1 && s_[int_start] == '0')) return Error("bad number");
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) return Error("bad number");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (digits() == 0) return Error("bad number");
    }
    out_ += s_.substr(start, pos_ - start);
    return Status::OK();
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string out_;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string FormatVector(const std::vector<float>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ',';
    out += FormatFloat32Display(v[i]);
  }
  out += ']';
  return out;
}

}  // namespace

std::string FormatInterval(const IntervalMonthDayNano& v) {
  std::string out;
  auto part = [&out](std::string text) {
    if (!out.empty()) out += ' ';
    out += text;
  };
  if (v.months != 0) part(fmt::format("{} mons", v.months));
  if (v.days != 0) part(fmt::format("{} days", v.days));
  if (v.nanoseconds != 0) {
    int64_t secs = v.nanoseconds / 1'000'000'000;
    int64_t nanos = v.nanoseconds % 1'000'000'000;
    int64_t mins = secs / 60;
    int64_t hours = mins / 60;
    secs -= mins * 60;
    mins -= hours * 60;
    if (hours != 0) part(fmt::format("{} hours", hours));
    if (mins != 0) part(fmt::format("{} mins", mins));
    if (secs != 0 || nanos != 0) {
      const char* sign = secs < 0 || nanos < 0 ? "-" : "";
      part(fmt::format("{}{}.{:09} secs", sign, secs < 0 ? -secs : secs,
                       nanos < 0 ? -nanos : nanos));
    }
  }
  return out;
}

Result<std::string> NormalizeJson(std::string_view text) { return JsonCompactor(text).Run(); }

Result<std::vector<float>> ParseVectorText(std::string_view text) {
  std::string_view s = Trim(text);
  auto invalid = [&] { return Status::InvalidArguments("Invalid vector literal: '{}'", text); };
  if (s.size() < 2 || s.front() != '[' || s.back() != ']') return invalid();
  s = s.substr(1, s.size() - 2);
  std::vector<float> out;
  if (Trim(s).empty()) return invalid();
  while (true) {
    size_t comma = s.find(',');
    std::string_view item = Trim(s.substr(0, comma));
    if (!item.empty() && item[0] == '+') item.remove_prefix(1);
    float f = 0;
    auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), f);
    if (item.empty() || ec != std::errc() || ptr != item.data() + item.size()) return invalid();
    out.push_back(f);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  if (out.size() > DataType::kMaxVectorDim) return invalid();
  return out;
}

Value Value::Vector(std::vector<float> v) {
  DataType type = DataType::Vector(static_cast<uint32_t>(v.size()));
  return Value(type, std::move(v));
}

std::optional<int64_t> Value::ToInt64() const {
  return std::visit(
      [&](const auto& p) -> std::optional<int64_t> {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, bool>) {
          return p ? 1 : 0;
        } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
          return static_cast<int64_t>(p);
        } else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>) {
          if (static_cast<uint64_t>(p) > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
          return static_cast<int64_t>(p);
        } else {
          return std::nullopt;
        }
      },
      payload_);
}

std::optional<double> Value::ToFloat64() const {
  if (!type_.is_numeric()) return std::nullopt;
  return std::visit(
      [&](const auto& p) -> std::optional<double> {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, int128_t>) {
          return static_cast<double>(p) / std::pow(10.0, type_.scale());
        } else if constexpr (std::is_arithmetic_v<T>) {
          return static_cast<double>(p);
        } else {
          return std::nullopt;
        }
      },
      payload_);
}

std::string Value::ToString() const {
  switch (type_.id()) {
    case TypeId::kNull:
      return "NULL";
    case TypeId::kBoolean:
      return AsBoolean() ? "true" : "false";
    case TypeId::kInt8:
      return std::to_string(AsInt8());
    case TypeId::kInt16:
      return std::to_string(AsInt16());
    case TypeId::kInt32:
      return std::to_string(AsInt32());
    case TypeId::kInt64:
      return std::to_string(AsInt64());
    case TypeId::kUInt8:
      return std::to_string(AsUInt8());
    case TypeId::kUInt16:
      return std::to_string(AsUInt16());
    case TypeId::kUInt32:
      return std::to_string(AsUInt32());
    case TypeId::kUInt64:
      return std::to_string(AsUInt64());
    case TypeId::kFloat32:
      return FormatFloat32(AsFloat32());
    case TypeId::kFloat64:
      return FormatFloat64(AsFloat64());
    case TypeId::kDecimal128:
      return FormatDecimal128(AsDecimal128(), type_.scale());
    case TypeId::kString:
      return AsBytes();
    case TypeId::kBinary:
      return HexLower(AsBytes());
    case TypeId::kJson: {
      auto compact = NormalizeJson(AsBytes());
      return compact.ok() ? *compact : AsBytes();
    }
    case TypeId::kDate:
      return FormatDate(AsDate());
    case TypeId::kTimestamp:
      return FormatTimestampIso(AsTimestamp());
    case TypeId::kIntervalMonthDayNano:
      return FormatInterval(AsInterval());
    case TypeId::kVector:
      return FormatVector(AsVector());
  }
  return "";
}

std::string Value::ToDisplayString() const {
  switch (type_.id()) {
    case TypeId::kNull:
      return "Null";
    case TypeId::kFloat32:
      return FormatFloat32Display(AsFloat32());
    case TypeId::kFloat64:
      return FormatFloat64Display(AsFloat64());
    case TypeId::kTimestamp: {
      std::string iso = FormatTimestampIso(AsTimestamp());
      size_t t = iso.find('T');
      if (t != std::string::npos) iso[t] = ' ';
      return iso + "+0000";
    }
    default:
      return ToString();
  }
}

int Value::Compare(const Value& other) const {
  if (is_null() || other.is_null()) {
    return is_null() == other.is_null() ? 0 : (is_null() ? -1 : 1);
  }
  if (type_ != other.type_) return CompareTypes(type_, other.type_);
  return std::visit(
      [&](const auto& a) -> int {
        using T = std::decay_t<decltype(a)>;
        return CompareScalar<T>(a, std::get<T>(other.payload_));
      },
      payload_);
}

size_t Value::Hash() const {
  size_t h = type_.Hash();
  return HashCombine(h, std::visit([](const auto& p) { return HashScalar(p); }, payload_));
}

}  // namespace greptime::types
