// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Float and decimal text forms. Shortest round-trip digits come from std::to_chars; the layout
// rules (where to switch to scientific notation) follow what GreptimeDB's clients print.
#include "types/number_format.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace greptime::types {
namespace {

// A finite non-zero float as shortest decimal digits: value = 0.<digits> * 10^point, i.e.
// `point` digits sit left of the decimal point (may be <= 0 or > digits.size()).
struct ShortestDigits {
  bool negative = false;
  std::string digits;  // no leading or trailing zeros
  int point = 0;
};

template <typename F>
ShortestDigits Decompose(F v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  (void)ec;  // 64 bytes always suffice for the shortest scientific form
  std::string_view s(buf, static_cast<size_t>(end - buf));
  ShortestDigits out;
  size_t i = 0;
  if (s[i] == '-') {
    out.negative = true;
    ++i;
  }
  size_t e = s.find('e');
  for (size_t j = i; j < e; ++j) {
    if (s[j] != '.') out.digits.push_back(s[j]);
  }
  while (out.digits.size() > 1 && out.digits.back() == '0') out.digits.pop_back();
  int exp = 0;
  std::string_view exp_text = s.substr(e + 1);
  if (!exp_text.empty() && exp_text[0] == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exp);
  out.point = exp + 1;
  return out;
}

// Plain notation: "<int>.<frac>"; `min_fraction` zeros are added when the fraction is empty.
std::string PlainNotation(const ShortestDigits& d, bool fraction_for_integral) {
  std::string out = d.negative ? "-" : "";
  int len = static_cast<int>(d.digits.size());
  if (d.point <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-d.point), '0');
    out += d.digits;
  } else if (d.point >= len) {
    out += d.digits;
    out.append(static_cast<size_t>(d.point - len), '0');
    if (fraction_for_integral) out += ".0";
  } else {
    out += d.digits.substr(0, static_cast<size_t>(d.point));
    out += '.';
    out += d.digits.substr(static_cast<size_t>(d.point));
  }
  return out;
}

// Scientific notation without a "+" or leading zeros in the exponent: "1e17", "1.5e-7".
std::string ScientificNotation(const ShortestDigits& d) {
  std::string out = d.negative ? "-" : "";
  out += d.digits[0];
  if (d.digits.size() > 1) {
    out += '.';
    out += d.digits.substr(1);
  }
  out += 'e';
  out += std::to_string(d.point - 1);
  return out;
}

template <typename F>
std::string NonFinite(F v) {
  if (std::isnan(v)) return "NaN";
  return v < 0 ? "-inf" : "inf";
}

template <typename F>
std::string GridForm(F v, int max_point, int min_point) {
  if (!std::isfinite(v)) return NonFinite(v);
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  ShortestDigits d = Decompose(v);
  if (d.point > min_point && d.point <= max_point) return PlainNotation(d, true);
  return ScientificNotation(d);
}

template <typename F>
std::string DisplayForm(F v) {
  if (!std::isfinite(v)) return NonFinite(v);
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  return PlainNotation(Decompose(v), false);
}

template <typename F>
std::string DebugForm(F v) {
  if (!std::isfinite(v)) return NonFinite(v);
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  F abs = std::fabs(v);
  ShortestDigits d = Decompose(v);
  if (abs < static_cast<F>(1e-4) || abs >= static_cast<F>(1e16)) return ScientificNotation(d);
  return PlainNotation(d, true);
}

}  // namespace

// Ryu's layout: plain while 10^(point-1) <= |v| < 10^point with point in (-5, 16] for f64 and
// (-6, 13] for f32.
std::string FormatFloat64(double v) { return GridForm(v, 16, -5); }
std::string FormatFloat32(float v) { return GridForm(v, 13, -6); }
std::string FormatFloat64Display(double v) { return DisplayForm(v); }
std::string FormatFloat32Display(float v) { return DisplayForm(v); }
std::string FormatFloat64Debug(double v) { return DebugForm(v); }
std::string FormatFloat32Debug(float v) { return DebugForm(v); }

std::string Int128ToString(int128_t v) {
  if (v == 0) return "0";
  bool negative = v < 0;
  // Negating in unsigned arithmetic handles the minimum value.
  uint128_t mag = negative ? uint128_t(0) - static_cast<uint128_t>(v) : static_cast<uint128_t>(v);
  char buf[48];
  int pos = sizeof(buf);
  while (mag != 0) {
    buf[--pos] = static_cast<char>('0' + static_cast<int>(mag % 10));
    mag /= 10;
  }
  if (negative) buf[--pos] = '-';
  return std::string(buf + pos, sizeof(buf) - static_cast<size_t>(pos));
}

std::string FormatDecimal128(int128_t unscaled, int scale) {
  std::string digits = Int128ToString(unscaled);
  bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  if (scale <= 0) return (negative ? "-" : "") + digits;
  size_t s = static_cast<size_t>(scale);
  if (digits.size() <= s) digits.insert(0, s + 1 - digits.size(), '0');
  digits.insert(digits.size() - s, 1, '.');
  return (negative ? "-" : "") + digits;
}

int128_t Pow10I128(int n) {
  GT_CHECK(n >= 0 && n <= 38);
  int128_t v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

bool DecimalFitsPrecision(int128_t unscaled, int precision) {
  int128_t max = DecimalMaxUnscaled(precision);
  return unscaled <= max && unscaled >= -max;
}

Result<int128_t> ParseDecimal128(std::string_view text, int scale) {
  auto invalid = [&] { return Status::InvalidArguments("Invalid decimal number: '{}'", text); };
  auto overflow = [&] {
    return Status::InvalidArguments("Decimal number overflows 128 bits: '{}'", text);
  };
  std::string_view s = text;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  std::string digits;  // significant digits, leading zeros dropped
  int frac_digits = 0;
  bool seen_digit = false;
  bool seen_point = false;
  size_t i = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
      if (seen_point) ++frac_digits;
      if (!(digits.empty() && c == '0')) digits.push_back(c);
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return invalid();
  int64_t exp = 0;
  if (i < s.size()) {
    if (s[i] != 'e' && s[i] != 'E') return invalid();
    std::string_view e = s.substr(i + 1);
    if (!e.empty() && e[0] == '+') e.remove_prefix(1);
    auto [ptr, ec] = std::from_chars(e.data(), e.data() + e.size(), exp);
    if (e.empty() || ec != std::errc() || ptr != e.data() + e.size() || exp > 1000 || exp < -1000) {
      return invalid();
    }
  }
  // value = digits * 10^(exp - frac_digits); we want round(value * 10^scale).
  int64_t shift = exp - frac_digits + scale;
  int64_t keep = static_cast<int64_t>(digits.size()) + shift;
  uint128_t mag = 0;
  const uint128_t limit = static_cast<uint128_t>(std::numeric_limits<int128_t>::max());
  auto push = [&](int d) -> bool {
    if (mag > (limit - static_cast<uint128_t>(d)) / 10) return false;
    mag = mag * 10 + static_cast<uint128_t>(d);
    return true;
  };
  for (int64_t k = 0; k < keep; ++k) {
    int d = k < static_cast<int64_t>(digits.size()) ? digits[static_cast<size_t>(k)] - '0' : 0;
    if (!push(d)) return overflow();
  }
  if (keep >= 0 && keep < static_cast<int64_t>(digits.size()) &&
      digits[static_cast<size_t>(keep)] >= '5') {
    if (mag == limit) return overflow();
    ++mag;
  }
  int128_t v = static_cast<int128_t>(mag);
  return negative ? -v : v;
}

}  // namespace greptime::types
