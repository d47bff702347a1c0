// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Durations, numbers and quoted strings with Prometheus's (and thus Go's) exact rules.
#include "promql/literals.h"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace greptime::promql {

namespace {

constexpr int32_t kRuneError = 0xFFFD;
constexpr int32_t kMaxRune = 0x10FFFF;

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool ValidRune(int32_t r) { return r >= 0 && r <= kMaxRune && !(r >= 0xD800 && r <= 0xDFFF); }

// Go's strconv.IsPrint, approximated outside ASCII: the Unicode ranges that are spaces,
// controls, format characters, surrogates, private use or non-characters are not printable.
// Only the choice between a literal rune and an escape depends on it; both read back the same.
bool IsPrint(int32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  if (r < 0xA1) return false;  // C1 controls and NO-BREAK SPACE
  if (r == 0xAD || r == 0x1680 || r == 0x3000 || r == 0xFEFF) return false;
  if ((r >= 0x2000 && r <= 0x200F) || (r >= 0x2028 && r <= 0x202F) ||
      (r >= 0x205F && r <= 0x206F)) {
    return false;
  }
  if ((r >= 0xD800 && r <= 0xF8FF) || (r >= 0xFFF0 && r <= 0xFFFB) || r == 0xFFFE || r == 0xFFFF) {
    return false;
  }
  if (r >= 0xE0000) return false;  // tags, variation selectors supplement, private use planes
  return r <= kMaxRune;
}

// Go's underscoreOK: '_' only between digits, or between a base prefix and a digit.
bool UnderscoreOk(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (Lower(s[1]) == 'b' || Lower(s[1]) == 'o' || Lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = Lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (IsDigit(c) || (hex && Lower(c) >= 'a' && Lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

// strconv.ParseInt(s, 0, 64) without its error detail: true on success.
bool ParseGoInt(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  bool neg = false;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  std::string_view digits = s;
  uint64_t base = 10;
  if (digits[0] == '0') {
    if (digits.size() >= 3 && Lower(digits[1]) == 'b') {
      base = 2;
      digits.remove_prefix(2);
    } else if (digits.size() >= 3 && Lower(digits[1]) == 'o') {
      base = 8;
      digits.remove_prefix(2);
    } else if (digits.size() >= 3 && Lower(digits[1]) == 'x') {
      base = 16;
      digits.remove_prefix(2);
    } else {
      base = 8;
      digits.remove_prefix(1);
    }
  }
  uint64_t n = 0;
  bool underscores = false;
  for (char c : digits) {
    uint64_t d;
    if (c == '_') {
      underscores = true;
      continue;
    } else if (IsDigit(c)) {
      d = static_cast<uint64_t>(c - '0');
    } else if (Lower(c) >= 'a' && Lower(c) <= 'z') {
      d = static_cast<uint64_t>(Lower(c) - 'a' + 10);
    } else {
      return false;
    }
    if (d >= base) return false;
    if (n > (std::numeric_limits<uint64_t>::max() - d) / base) return false;  // overflow
    n = n * base + d;
  }
  if (underscores && !UnderscoreOk(s)) return false;
  constexpr uint64_t kCutoff = uint64_t{1} << 63;
  if ((!neg && n >= kCutoff) || (neg && n > kCutoff)) return false;
  *out = neg ? static_cast<int64_t>(0 - n) : static_cast<int64_t>(n);
  return true;
}

Status FloatError(std::string_view text, std::string_view why) {
  return Status::InvalidArguments("strconv.ParseFloat: parsing {}: {}", Quote(text), why);
}

// strconv.ParseFloat(s, 64).
Result<double> ParseGoFloat(std::string_view text) {
  std::string_view s = text;
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  std::string lower;
  for (char c : s) lower.push_back(Lower(c));
  if (lower == "inf" || lower == "infinity") {
    return neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  if (lower == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (s.find('_') != std::string_view::npos && !UnderscoreOk(text)) {
    return FloatError(text, "invalid syntax");
  }
  std::string clean;
  for (char c : s) {
    if (c != '_') clean.push_back(c);
  }
  bool hex = clean.size() >= 2 && clean[0] == '0' && Lower(clean[1]) == 'x';
  // Validate the syntax ourselves: strtod is more permissive than Go.
  size_t i = hex ? 2 : 0;
  size_t mantissa_digits = 0;
  auto is_mantissa_digit = [&](char c) {
    return IsDigit(c) || (hex && Lower(c) >= 'a' && Lower(c) <= 'f');
  };
  while (i < clean.size() && is_mantissa_digit(clean[i])) ++i, ++mantissa_digits;
  if (i < clean.size() && clean[i] == '.') {
    ++i;
    while (i < clean.size() && is_mantissa_digit(clean[i])) ++i, ++mantissa_digits;
  }
  if (mantissa_digits == 0) return FloatError(text, "invalid syntax");
  char exp_char = hex ? 'p' : 'e';
  if (i < clean.size() && Lower(clean[i]) == exp_char) {
    ++i;
    if (i < clean.size() && (clean[i] == '+' || clean[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < clean.size() && IsDigit(clean[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return FloatError(text, "invalid syntax");
  } else if (hex) {
    return FloatError(text, "invalid syntax");  // a hex mantissa needs a 'p' exponent
  }
  if (i != clean.size()) return FloatError(text, "invalid syntax");
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(clean.c_str(), &end);
  if (errno == ERANGE && std::isinf(v)) return FloatError(text, "value out of range");
  return neg ? -v : v;
}

void AppendHex(std::string* out, uint32_t value, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out->push_back(kHex[(value >> shift) & 0xF]);
  }
}

// Go's appendEscapedRune for strconv.Quote / QuoteRune.
void AppendEscapedRune(std::string* out, int32_t r, char quote) {
  if (r == quote || r == '\\') {
    out->push_back('\\');
    out->push_back(static_cast<char>(r));
    return;
  }
  if (IsPrint(r)) {
    AppendRune(out, r);
    return;
  }
  switch (r) {
    case '\a':
      *out += "\\a";
      return;
    case '\b':
      *out += "\\b";
      return;
    case '\f':
      *out += "\\f";
      return;
    case '\n':
      *out += "\\n";
      return;
    case '\r':
      *out += "\\r";
      return;
    case '\t':
      *out += "\\t";
      return;
    case '\v':
      *out += "\\v";
      return;
    default:
      break;
  }
  if (r < ' ' || r == 0x7F) {
    *out += "\\x";
    AppendHex(out, static_cast<uint32_t>(r), 2);
    return;
  }
  if (!ValidRune(r)) r = kRuneError;
  if (r < 0x10000) {
    *out += "\\u";
    AppendHex(out, static_cast<uint32_t>(r), 4);
  } else {
    *out += "\\U";
    AppendHex(out, static_cast<uint32_t>(r), 8);
  }
}

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (Lower(c) >= 'a' && Lower(c) <= 'f') return Lower(c) - 'a' + 10;
  return -1;
}

Status UnquoteSyntaxError() { return Status::InvalidArguments("invalid syntax"); }

}  // namespace

int32_t DecodeRune(std::string_view text, int* width) {
  *width = 1;
  if (text.empty()) {
    *width = 0;
    return kRuneError;
  }
  auto b0 = static_cast<uint8_t>(text[0]);
  if (b0 < 0x80) return b0;
  int need;
  int32_t r;
  int32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1, r = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2, r = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3, r = b0 & 0x07, min = 0x10000;
  } else {
    return kRuneError;
  }
  if (text.size() < static_cast<size_t>(need) + 1) return kRuneError;
  for (int i = 1; i <= need; ++i) {
    auto b = static_cast<uint8_t>(text[i]);
    if ((b & 0xC0) != 0x80) return kRuneError;
    r = (r << 6) | (b & 0x3F);
  }
  if (r < min || !ValidRune(r)) return kRuneError;
  *width = need + 1;
  return r;
}

bool IsValidUtf8(std::string_view text) {
  while (!text.empty()) {
    int width;
    if (DecodeRune(text, &width) == kRuneError && width == 1) return false;
    text.remove_prefix(static_cast<size_t>(width));
  }
  return true;
}

void AppendRune(std::string* out, int32_t r) {
  if (!ValidRune(r)) r = kRuneError;
  auto u = static_cast<uint32_t>(r);
  if (u < 0x80) {
    out->push_back(static_cast<char>(u));
  } else if (u < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (u >> 6)));
    out->push_back(static_cast<char>(0x80 | (u & 0x3F)));
  } else if (u < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (u >> 12)));
    out->push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (u & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (u >> 18)));
    out->push_back(static_cast<char>(0x80 | ((u >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (u & 0x3F)));
  }
}

Result<std::chrono::nanoseconds> ParseDuration(std::string_view text) {
  if (text == "0") return std::chrono::nanoseconds(0);
  if (text.empty()) return Status::InvalidArguments("empty duration string");
  struct Unit {
    std::string_view name;
    int order;
    uint64_t nanos;
  };
  static constexpr Unit kUnits[] = {
      {"y", 1, 365ULL * 24 * 3600 * 1000000000ULL},
      {"w", 2, 7ULL * 24 * 3600 * 1000000000ULL},
      {"d", 3, 24ULL * 3600 * 1000000000ULL},
      {"h", 4, 3600ULL * 1000000000ULL},
      {"m", 5, 60ULL * 1000000000ULL},
      {"s", 6, 1000000000ULL},
      {"ms", 7, 1000000ULL},
  };
  auto invalid = [&] {
    return Status::InvalidArguments("not a valid duration string: {}", Quote(text));
  };
  constexpr uint64_t kLimit = uint64_t{1} << 63;
  std::string_view s = text;
  uint64_t total = 0;
  int last_order = 0;
  while (!s.empty()) {
    if (!IsDigit(s[0])) return invalid();
    size_t i = 0;
    uint64_t value = 0;
    bool overflow = false;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      auto d = static_cast<uint64_t>(s[i] - '0');
      if (value > (std::numeric_limits<uint64_t>::max() - d) / 10) overflow = true;
      value = value * 10 + d;
    }
    if (overflow) return invalid();  // strconv.ParseUint fails
    s.remove_prefix(i);
    size_t j = 0;
    while (j < s.size() && !IsDigit(s[j])) ++j;
    if (j == 0) return invalid();
    std::string_view unit_name = s.substr(0, j);
    s.remove_prefix(j);
    const Unit* unit = nullptr;
    for (const Unit& u : kUnits) {
      if (u.name == unit_name) unit = &u;
    }
    if (unit == nullptr) {
      return Status::InvalidArguments("unknown unit {} in duration {}", Quote(unit_name),
                                      Quote(text));
    }
    if (unit->order <= last_order) return invalid();
    last_order = unit->order;
    if (value > kLimit / unit->nanos) return Status::InvalidArguments("duration out of range");
    total += value * unit->nanos;
    if (total > kLimit - 1) return Status::InvalidArguments("duration out of range");
  }
  return std::chrono::nanoseconds(static_cast<int64_t>(total));
}

std::string FormatDuration(std::chrono::nanoseconds duration) {
  int64_t ms = duration.count() / 1000000;
  if (ms == 0) return "0s";
  std::string out;
  uint64_t rest;
  if (ms < 0) {
    out.push_back('-');
    rest = 0 - static_cast<uint64_t>(ms);
  } else {
    rest = static_cast<uint64_t>(ms);
  }
  struct Unit {
    const char* name;
    uint64_t millis;
    bool exact;
  };
  static constexpr Unit kUnits[] = {
      {"y", 365ULL * 24 * 3600 * 1000, true},
      {"w", 7ULL * 24 * 3600 * 1000, true},
      {"d", 24ULL * 3600 * 1000, false},
      {"h", 3600ULL * 1000, false},
      {"m", 60ULL * 1000, false},
      {"s", 1000, false},
      {"ms", 1, false},
  };
  for (const Unit& u : kUnits) {
    if (u.exact && rest % u.millis != 0) continue;
    uint64_t v = rest / u.millis;
    if (v > 0) {
      out += fmt::format("{}{}", v, u.name);
      rest -= v * u.millis;
    }
  }
  return out;
}

Result<double> ParseNumber(std::string_view text) {
  int64_t as_int = 0;
  if (ParseGoInt(text, &as_int)) return static_cast<double>(as_int);
  return ParseGoFloat(text);
}

std::string FormatNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[512];
  auto result = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::fixed);
  return std::string(buf, result.ptr);
}

Result<std::string> Unquote(std::string_view quoted) {
  size_t n = quoted.size();
  if (n < 2) return UnquoteSyntaxError();
  char quote = quoted[0];
  if (quote != quoted[n - 1]) return UnquoteSyntaxError();
  std::string_view s = quoted.substr(1, n - 2);
  if (quote == '`') {
    if (s.find('`') != std::string_view::npos) return UnquoteSyntaxError();
    return std::string(s);
  }
  if (quote != '"' && quote != '\'') return UnquoteSyntaxError();
  if (s.find('\n') != std::string_view::npos) return UnquoteSyntaxError();
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    char c = s[0];
    if (c == quote) return UnquoteSyntaxError();
    if (static_cast<uint8_t>(c) >= 0x80) {
      int width;
      DecodeRune(s, &width);
      out.append(s.substr(0, static_cast<size_t>(width == 0 ? 1 : width)));
      s.remove_prefix(static_cast<size_t>(width == 0 ? 1 : width));
      continue;
    }
    if (c != '\\') {
      out.push_back(c);
      s.remove_prefix(1);
      continue;
    }
    if (s.size() <= 1) return UnquoteSyntaxError();
    char e = s[1];
    s.remove_prefix(2);
    switch (e) {
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '\'':
      case '"':
        if (e != quote) return UnquoteSyntaxError();
        out.push_back(e);
        break;
      case 'x':
      case 'u':
      case 'U': {
        size_t digits = e == 'x' ? 2 : (e == 'u' ? 4 : 8);
        if (s.size() < digits) return UnquoteSyntaxError();
        uint32_t v = 0;
        for (size_t i = 0; i < digits; ++i) {
          int h = HexValue(s[i]);
          if (h < 0) return UnquoteSyntaxError();
          v = v * 16 + static_cast<uint32_t>(h);
        }
        s.remove_prefix(digits);
        if (e == 'x') {
          out.push_back(static_cast<char>(v));
        } else {
          if (!ValidRune(static_cast<int32_t>(v))) return UnquoteSyntaxError();
          AppendRune(&out, static_cast<int32_t>(v));
        }
        break;
      }
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        uint32_t v = static_cast<uint32_t>(e - '0');
        if (s.size() < 2) return UnquoteSyntaxError();
        for (size_t i = 0; i < 2; ++i) {
          if (s[i] < '0' || s[i] > '7') return UnquoteSyntaxError();
          v = v * 8 + static_cast<uint32_t>(s[i] - '0');
        }
        if (v > 255) return UnquoteSyntaxError();
        s.remove_prefix(2);
        out.push_back(static_cast<char>(v));
        break;
      }
      default:
        return UnquoteSyntaxError();
    }
  }
  return out;
}

std::string Quote(std::string_view text) {
  std::string out = "\"";
  while (!text.empty()) {
    int width;
    int32_t r = DecodeRune(text, &width);
    if (width == 1 && r == kRuneError) {
      out += "\\x";
      AppendHex(&out, static_cast<uint8_t>(text[0]), 2);
      text.remove_prefix(1);
      continue;
    }
    AppendEscapedRune(&out, r, '"');
    text.remove_prefix(static_cast<size_t>(width));
  }
  out.push_back('"');
  return out;
}

std::string QuoteRune(int32_t rune) {
  if (!ValidRune(rune)) rune = kRuneError;
  std::string out = "'";
  AppendEscapedRune(&out, rune, '\'');
  out.push_back('\'');
  return out;
}

std::string FormatRuneU(int32_t rune) {
  std::string out = fmt::format("U+{:04X}", static_cast<uint32_t>(rune));
  if (ValidRune(rune) && IsPrint(rune)) {
    out += " '";
    AppendRune(&out, rune);
    out += "'";
  }
  return out;
}

std::string QuoteTruncated(std::string_view text, size_t max_runes) {
  size_t bytes = 0;
  for (size_t runes = 0; runes < max_runes && bytes < text.size(); ++runes) {
    int width;
    DecodeRune(text.substr(bytes), &width);
    bytes += static_cast<size_t>(width == 0 ? 1 : width);
  }
  return Quote(text.substr(0, bytes));
}

bool IsLegacyLabelName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && IsDigit(c));
    if (!ok) return false;
  }
  return true;
}

}  // namespace greptime::promql
