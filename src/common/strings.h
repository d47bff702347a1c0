// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Small ASCII string helpers shared by every component.
#pragma once

#include <string>
#include <string_view>

namespace greptime {

// `s` with A-Z mapped to a-z; other bytes (UTF-8 included) unchanged.
inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// `s` with a-z mapped to A-Z.
inline std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace greptime
