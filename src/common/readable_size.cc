// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "common/readable_size.h"
#include "common/strings.h"

#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace greptime {
namespace {


int UnitPower(std::string_view unit_text, bool* ok) {
  const std::string unit = AsciiLower(unit_text);
  *ok = true;
  if (unit.empty() || unit == "b") return 0;
  static constexpr const char* kPrefixes = "kmgtp";
  if (unit.size() <= 3) {
    const char* pos = std::char_traits<char>::find(kPrefixes, 5, unit[0]);
    std::string_view rest = std::string_view(unit).substr(1);
    if (pos != nullptr && (rest.empty() || rest == "b" || rest == "ib")) {
      return static_cast<int>(pos - kPrefixes) + 1;
    }
  }
  *ok = false;
  return 0;
}

}  // namespace

Result<uint64_t> ParseReadableSize(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.empty()) return Status::InvalidArguments("invalid size '{}': empty", text);
  size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  if (i == 0) {
    return Status::InvalidArguments("invalid size '{}': expected a number followed by a unit "
                                    "(B, KB, MB, GB, TB, PB)", text);
  }
  std::string_view number = s.substr(0, i);
  std::string_view unit = s.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  bool unit_ok = false;
  const int power = UnitPower(unit, &unit_ok);
  if (!unit_ok) {
    return Status::InvalidArguments("invalid size '{}': unknown unit '{}'", text, unit);
  }
  double multiplier = std::pow(1024.0, power);
  if (number.find('.') == std::string_view::npos) {
    uint64_t n = 0;
    auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
    if (ec != std::errc() || ptr != number.data() + number.size()) {
      return Status::InvalidArguments("invalid size '{}': bad number", text);
    }
    const uint64_t mult = static_cast<uint64_t>(multiplier);
    if (n != 0 && mult > UINT64_MAX / n) {
      return Status::InvalidArguments("invalid size '{}': too large", text);
    }
    return n * mult;
  }
  double value = 0;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc() || ptr != number.data() + number.size()) {
    return Status::InvalidArguments("invalid size '{}': bad number", text);
  }
  const double bytes = value * multiplier;
  if (bytes >= 18446744073709551615.0) {
    return Status::InvalidArguments("invalid size '{}': too large", text);
  }
  return static_cast<uint64_t>(bytes);
}

std::string FormatReadableSize(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  if (bytes == 0) return "0B";
  int unit = 0;
  while (unit < 5 && bytes % 1024 == 0) {
    bytes /= 1024;
    ++unit;
  }
  return fmt::format("{}{}", bytes, kUnits[unit]);
}

}  // namespace greptime
