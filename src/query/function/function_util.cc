// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "query/function/function_util.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "types/column_builder.h"

namespace greptime::query {

using types::Column;
using types::ColumnPtr;
using types::DataType;
using types::TypeId;
using types::Value;

Status CheckArity(std::string_view name, std::span<const ArgInfo> args, size_t lo, size_t hi) {
  if (args.size() >= lo && args.size() <= hi) return Status::OK();
  std::string expected = lo == hi              ? fmt::format("{}", lo)
                         : hi == SIZE_MAX      ? fmt::format("at least {}", lo)
                                               : fmt::format("{} to {}", lo, hi);
  return Status(StatusCode::kInvalidArguments,
                fmt::format("Failed to coerce arguments to satisfy a call to '{}' function: "
                            "expected {} argument(s), got {}",
                            name, expected, args.size()));
}

Status BadArgument(std::string_view name, std::string_view detail) {
  return Status(StatusCode::kInvalidArguments,
                fmt::format("Failed to coerce arguments to satisfy a call to '{}' function: {}",
                            name, detail));
}

Status ExecError(std::string_view name, std::string_view detail) {
  return Status(StatusCode::kEngineExecuteQuery, fmt::format("{}: {}", name, detail));
}

Result<ColumnPtr> MapRows(std::span<const ColumnPtr> args, size_t num_rows, const DataType& out,
                          const RowFn& fn, bool propagate_nulls) {
  auto b = types::MakeColumnBuilder(out, num_rows);
  std::vector<Value> row(args.size());
  for (size_t i = 0; i < num_rows; ++i) {
    bool has_null = false;
    for (size_t k = 0; k < args.size(); ++k) {
      row[k] = args[k]->GetValue(i);
      has_null = has_null || row[k].is_null();
    }
    if (has_null && propagate_nulls) {
      b->AppendNull();
      continue;
    }
    GT_ASSIGN_OR_RETURN(Value v, fn(row));
    if (!v.is_null() && !(v.type() == out)) {
      GT_ASSIGN_OR_RETURN(v, v.CastTo(out));
    }
    GT_RETURN_IF_ERROR(b->Append(v));
  }
  return b->Finish();
}

void RegisterRowFunction(FunctionRegistry& registry, std::initializer_list<std::string> names,
                         std::function<Result<DataType>(std::span<const ArgInfo>)> type, RowFn fn,
                         bool propagate_nulls, bool deterministic) {
  auto type_fn = type;
  auto f = std::make_shared<LambdaScalarFunction>(
      type,
      [type_fn, fn, propagate_nulls](std::span<const ColumnPtr> args, size_t rows,
                                     const FunctionContext&) -> Result<ColumnPtr> {
        std::vector<ArgInfo> infos;
        infos.reserve(args.size());
        for (const auto& a : args) infos.push_back({a->type(), nullptr});
        GT_ASSIGN_OR_RETURN(DataType out, type_fn(infos));
        return MapRows(args, rows, out, fn, propagate_nulls);
      },
      deterministic);
  for (const auto& n : names) registry.RegisterScalar(n, f);
}

bool IsNumericOrNull(const DataType& t) { return t.is_numeric() || t.is_null(); }
bool IsStringOrNull(const DataType& t) { return t.is_string_like() || t.is_null(); }

namespace {

int IntegerBits(TypeId id) {
  switch (id) {
    case TypeId::kInt8:
    case TypeId::kUInt8:
      return 8;
    case TypeId::kInt16:
    case TypeId::kUInt16:
      return 16;
    case TypeId::kInt32:
    case TypeId::kUInt32:
      return 32;
    default:
      return 64;
  }
}

DataType SignedOfBits(int bits) {
  switch (bits) {
    case 8: return DataType::Int8();
    case 16: return DataType::Int16();
    case 32: return DataType::Int32();
    default: return DataType::Int64();
  }
}

DataType UnsignedOfBits(int bits) {
  switch (bits) {
    case 8: return DataType::UInt8();
    case 16: return DataType::UInt16();
    case 32: return DataType::UInt32();
    default: return DataType::UInt64();
  }
}

}  // namespace

Result<DataType> CommonNumericType(const DataType& a, const DataType& b) {
  if (!IsNumericOrNull(a) || !IsNumericOrNull(b)) {
    return Status::InvalidArguments("no common numeric type for {} and {}", a.Name(), b.Name());
  }
  if (a.is_null()) return b;
  if (b.is_null() || a == b) return a;
  if (a.is_float() || b.is_float() || a.is_decimal() || b.is_decimal()) {
    if ((a.id() == TypeId::kFloat32 && b.is_integer() && IntegerBits(b.id()) <= 16) ||
        (b.id() == TypeId::kFloat32 && a.is_integer() && IntegerBits(a.id()) <= 16)) {
      return DataType::Float32();
    }
    return DataType::Float64();
  }
  const int ab = IntegerBits(a.id()), bb = IntegerBits(b.id());
  if (a.is_unsigned_integer() && b.is_unsigned_integer()) return UnsignedOfBits(std::max(ab, bb));
  if (a.is_signed_integer() && b.is_signed_integer()) return SignedOfBits(std::max(ab, bb));
  const int ub = a.is_unsigned_integer() ? ab : bb;
  const int sb = a.is_signed_integer() ? ab : bb;
  // UInt64 with a signed type: no integer holds both (DataFusion uses Decimal128(20, 0)).
  if (ub == 64) return DataType::Decimal128(20, 0);
  return SignedOfBits(std::min(64, std::max(sb, ub * 2)));
}

Result<DataType> CommonType(std::string_view name, std::span<const ArgInfo> args, size_t from) {
  DataType t = DataType::Null();
  for (size_t i = from; i < args.size(); ++i) {
    const DataType& a = args[i].type;
    if (a.is_null() || a == t) continue;
    if (t.is_null()) {
      t = a;
    } else if (t.is_numeric() && a.is_numeric()) {
      GT_ASSIGN_OR_RETURN(t, CommonNumericType(t, a));
    } else if (t.is_string_like() && a.is_string_like()) {
      t = DataType::String();
    } else if ((t.is_timestamp() || t.is_date()) && a.is_string()) {
      continue;
    } else if (t.is_string() && (a.is_timestamp() || a.is_date())) {
      t = a;
    } else if (t.is_timestamp() && a.is_timestamp()) {
      if (static_cast<int>(a.time_unit()) > static_cast<int>(t.time_unit())) t = a;
    } else if ((t.is_timestamp() && a.is_date()) || (t.is_date() && a.is_timestamp())) {
      if (t.is_date()) t = a;
    } else {
      return BadArgument(name, fmt::format("no common type for {} and {}", t.Name(), a.Name()));
    }
  }
  return t;
}

Result<ColumnPtr> CastColumn(const ColumnPtr& column, const DataType& to, const TimeZone& zone) {
  if (column->type() == to) return column;
  auto b = types::MakeColumnBuilder(to, column->size());
  for (size_t i = 0; i < column->size(); ++i) {
    if (column->IsNull(i)) {
      b->AppendNull();
      continue;
    }
    GT_ASSIGN_OR_RETURN(Value v, column->GetValue(i).CastTo(to, zone));
    GT_RETURN_IF_ERROR(b->Append(v));
  }
  return b->Finish();
}

namespace {

template <typename T>
bool CopyAs(const Column& column, std::vector<double>& out) {
  const auto* c = column.As<types::PrimitiveColumn<T>>();
  if (c == nullptr) return false;
  auto v = c->values();
  for (size_t i = 0; i < v.size(); ++i) out[i] = static_cast<double>(v[i]);
  return true;
}

}  // namespace

Result<std::vector<double>> ToFloat64Values(std::string_view name, const Column& column) {
  const DataType& t = column.type();
  std::vector<double> out(column.size(), 0.0);
  if (t.is_null()) return out;
  if (!t.is_numeric() && !t.is_boolean()) {
    return BadArgument(name, fmt::format("expected a numeric argument, got {}", t.Name()));
  }
  bool done = false;
  switch (t.id()) {
    case TypeId::kFloat64: done = CopyAs<double>(column, out); break;
    case TypeId::kFloat32: done = CopyAs<float>(column, out); break;
    case TypeId::kInt64: done = CopyAs<int64_t>(column, out); break;
    case TypeId::kInt32: done = CopyAs<int32_t>(column, out); break;
    case TypeId::kInt16: done = CopyAs<int16_t>(column, out); break;
    case TypeId::kInt8: done = CopyAs<int8_t>(column, out); break;
    case TypeId::kUInt64: done = CopyAs<uint64_t>(column, out); break;
    case TypeId::kUInt32: done = CopyAs<uint32_t>(column, out); break;
    case TypeId::kUInt16: done = CopyAs<uint16_t>(column, out); break;
    case TypeId::kUInt8: done = CopyAs<uint8_t>(column, out); break;
    default: break;
  }
  if (done) return out;
  for (size_t i = 0; i < column.size(); ++i) {
    if (column.IsNull(i)) continue;
    Value v = column.GetValue(i);
    out[i] = v.type().is_boolean() ? (v.AsBoolean() ? 1.0 : 0.0) : v.ToFloat64().value_or(0.0);
  }
  return out;
}

bool AllValid(std::span<const ColumnPtr> args, size_t row) {
  for (const auto& a : args) {
    if (a->IsNull(row)) return false;
  }
  return true;
}

std::string RowText(const Column& column, size_t row) {
  if (const auto* s = column.As<types::StringColumn>()) return std::string(s->at(row));
  Value v = column.GetValue(row);
  if (v.type().is_string_like()) return v.AsBytes();
  return v.ToString();
}

// --- UTF-8 ----------------------------------------------------------------------------------

size_t Utf8CharLength(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + len > s.size()) return 1;
  for (size_t k = 1; k < len; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  }
  return len;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  bool ascii = true;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s.size();
  for (size_t i = 0; i < s.size(); i += Utf8CharLength(s, i)) ++n;
  return n;
}

size_t Utf8Advance(std::string_view s, size_t pos, size_t chars) {
  while (chars > 0 && pos < s.size()) {
    pos += Utf8CharLength(s, pos);
    --chars;
  }
  return std::min(pos, s.size());
}

char32_t DecodeUtf8(std::string_view s, size_t i) {
  const size_t len = Utf8CharLength(s, i);
  const auto c = static_cast<unsigned char>(s[i]);
  if (len == 1) return c < 0x80 ? c : 0xFFFD;
  char32_t cp = c & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}


namespace {

// Ranges where upper and lower case alternate: [first, last], upper case at even (or odd)
// code points.
struct CasePairs {
  char32_t first, last;
  bool upper_even;
};
constexpr CasePairs kPairs[] = {
    {0x0100, 0x012F, true}, {0x0132, 0x0137, true}, {0x0139, 0x0148, false},
    {0x014A, 0x0177, true}, {0x0179, 0x017E, false}, {0x01CD, 0x01DC, false},
    {0x01DE, 0x01EF, true}, {0x01F8, 0x021F, true}, {0x0460, 0x0481, true},
    {0x048A, 0x04BF, true}, {0x04C1, 0x04CE, false}, {0x04D0, 0x052F, true},
    {0x1E00, 0x1E95, true}, {0x1EA0, 0x1EFF, true},
};

// Returns the partner in a pair range or cp itself.
char32_t PairCase(char32_t cp, bool to_upper) {
  for (const auto& p : kPairs) {
    if (cp < p.first || cp > p.last) continue;
    const bool is_upper = ((cp % 2) == 0) == p.upper_even;
    if (to_upper && !is_upper) return cp - 1;
    if (!to_upper && is_upper) return cp + 1;
    return cp;
  }
  return cp;
}

}  // namespace

char32_t UpperCodePoint(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
  if (cp == 0xB5) return 0x39C;
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 32;
  if (cp == 0xFF) return 0x178;
  if (cp == 0x131) return 'I';
  if (cp == 0x17F) return 'S';
  if (cp >= 0x3B1 && cp <= 0x3CB && cp != 0x3C2) return cp - 32;
  if (cp == 0x3C2) return 0x3A3;
  if (cp == 0x3AC) return 0x386;
  if (cp >= 0x3AD && cp <= 0x3AF) return cp - 37;
  if (cp == 0x3CC) return 0x38C;
  if (cp == 0x3CD || cp == 0x3CE) return cp - 63;
  if (cp >= 0x430 && cp <= 0x44F) return cp - 32;
  if (cp >= 0x450 && cp <= 0x45F) return cp - 80;
  if (cp >= 0x561 && cp <= 0x586) return cp - 48;
  if (cp >= 0xFF41 && cp <= 0xFF5A) return cp - 32;
  return PairCase(cp, true);
}

char32_t LowerCodePoint(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  if (cp == 0x178) return 0xFF;
  if (cp == 0x130) return 'i';
  if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;
  if (cp == 0x386) return 0x3AC;
  if (cp >= 0x388 && cp <= 0x38A) return cp + 37;
  if (cp == 0x38C) return 0x3CC;
  if (cp == 0x38E || cp == 0x38F) return cp + 63;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  if (cp >= 0x531 && cp <= 0x556) return cp + 48;
  if (cp == 0x1E9E) return 0xDF;
  if (cp >= 0xFF21 && cp <= 0xFF3A) return cp + 32;
  return PairCase(cp, false);
}

bool IsAlphanumeric(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  }
  if (cp <= 0xBF) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;  // Latin-1 punctuation
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x206F) return false;  // general punctuation
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK symbols and punctuation
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;  // full-width punctuation
  return cp != 0xFFFD;
}

namespace {

bool IsCased(char32_t cp) { return UpperCodePoint(cp) != cp || LowerCodePoint(cp) != cp; }

}  // namespace

std::string UpperUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += static_cast<char>((c >= 'a' && c <= 'z') ? c - 32 : c);
      ++i;
      continue;
    }
    const size_t len = Utf8CharLength(s, i);
    const char32_t cp = DecodeUtf8(s, i);
    if (cp == 0xDF) {
      out += "SS";
    } else if (cp == 0xFFFD && len == 1) {
      out += s[i];  // keep invalid bytes as they are
    } else {
      AppendUtf8(out, UpperCodePoint(cp));
    }
    i += len;
  }
  return out;
}

std::string LowerUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
      ++i;
      continue;
    }
    const size_t len = Utf8CharLength(s, i);
    const char32_t cp = DecodeUtf8(s, i);
    if (cp == 0xFFFD && len == 1) {
      out += s[i];
    } else if (cp == 0x3A3) {
      // Final sigma: after a cased letter and not before one.
      bool after = i > 0 && IsCased(LowerCodePoint(DecodeUtf8(s, i - 1 - (i >= 2 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80 ? 1 : 0))));
      bool before = i + len < s.size() && IsCased(DecodeUtf8(s, i + len));
      AppendUtf8(out, after && !before ? 0x3C2 : 0x3C3);
    } else {
      AppendUtf8(out, LowerCodePoint(cp));
    }
    i += len;
  }
  return out;
}

std::string TrimChars(std::string_view s, std::string_view set, bool left, bool right) {
  auto in_set = [&](size_t pos, size_t len) {
    if (len == 1) return set.find(s[pos]) != std::string_view::npos;
    return set.find(s.substr(pos, len)) != std::string_view::npos;
  };
  size_t b = 0, e = s.size();
  if (left) {
    while (b < e) {
      size_t len = Utf8CharLength(s, b);
      if (!in_set(b, len)) break;
      b += len;
    }
  }
  if (right) {
    while (e > b) {
      size_t start = e - 1;
      while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
      size_t len = e - start;
      if (Utf8CharLength(s, start) != len) {
        start = e - 1;
        len = 1;
      }
      if (!in_set(start, len)) break;
      e = start;
    }
  }
  return std::string(s.substr(b, e - b));
}

// --- LIKE ---------------------------------------------------------------------------------

LikePattern LikePattern::Compile(std::string_view pattern, char escape) {
  LikePattern p;
  for (size_t i = 0; i < pattern.size();) {
    const char c = pattern[i];
    if (escape != '\0' && c == escape && i + 1 < pattern.size()) {
      size_t len = Utf8CharLength(pattern, i + 1);
      p.tokens_.push_back({Kind::kLiteral, std::string(pattern.substr(i + 1, len))});
      i += 1 + len;
    } else if (c == '%') {
      if (p.tokens_.empty() || p.tokens_.back().kind != Kind::kAnySeq) {
        p.tokens_.push_back({Kind::kAnySeq, {}});
      }
      ++i;
    } else if (c == '_') {
      p.tokens_.push_back({Kind::kAnyChar, {}});
      ++i;
    } else {
      size_t len = Utf8CharLength(pattern, i);
      p.tokens_.push_back({Kind::kLiteral, std::string(pattern.substr(i, len))});
      i += len;
    }
  }
  return p;
}

bool LikePattern::Matches(std::string_view text) const {
  const size_t m = tokens_.size();
  size_t s = 0, p = 0;
  size_t star_p = SIZE_MAX, star_s = 0;
  while (s < text.size()) {
    if (p < m && tokens_[p].kind == Kind::kAnyChar) {
      s += Utf8CharLength(text, s);
      ++p;
    } else if (p < m && tokens_[p].kind == Kind::kLiteral &&
               text.compare(s, tokens_[p].literal.size(), tokens_[p].literal) == 0) {
      s += tokens_[p].literal.size();
      ++p;
    } else if (p < m && tokens_[p].kind == Kind::kAnySeq) {
      star_p = p++;
      star_s = s;
    } else if (star_p != SIZE_MAX) {
      p = star_p + 1;
      star_s += Utf8CharLength(text, star_s);
      s = star_s;
    } else {
      return false;
    }
  }
  while (p < m && tokens_[p].kind == Kind::kAnySeq) ++p;
  return p == m;
}

// --- MD5 (RFC 1321) -------------------------------------------------------------------------

std::string Md5(std::string_view bytes) {
  static constexpr uint32_t kShift[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                          5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                          4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                          6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
  static const auto kTable = [] {
    std::array<uint32_t, 64> t{};
    for (int i = 0; i < 64; ++i) {
      t[i] = static_cast<uint32_t>(std::floor(std::fabs(std::sin(i + 1.0)) * 4294967296.0));
    }
    return t;
  }();
  uint32_t a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
  std::string msg(bytes);
  const uint64_t bit_len = static_cast<uint64_t>(bytes.size()) * 8;
  msg += static_cast<char>(0x80);
  while (msg.size() % 64 != 56) msg += '\0';
  for (int i = 0; i < 8; ++i) msg += static_cast<char>((bit_len >> (8 * i)) & 0xFF);
  for (size_t chunk = 0; chunk < msg.size(); chunk += 64) {
    uint32_t w[16];
    for (int i = 0; i < 16; ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(msg.data() + chunk + 4 * i);
      w[i] = p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24);
    }
    uint32_t a = a0, b = b0, c = c0, d = d0;
    for (uint32_t i = 0; i < 64; ++i) {
      uint32_t f, g;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      f = f + a + kTable[i] + w[g];
      a = d;
      d = c;
      c = b;
      b = b + ((f << kShift[i]) | (f >> (32 - kShift[i])));
    }
    a0 += a;
    b0 += b;
    c0 += c;
    d0 += d;
  }
  std::string out;
  for (uint32_t v : {a0, b0, c0, d0}) {
    for (int i = 0; i < 4; ++i) out += fmt::format("{:02x}", (v >> (8 * i)) & 0xFF);
  }
  return out;
}

}  // namespace greptime::query
