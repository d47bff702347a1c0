// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Interval text parsing ('1 hour', '2 days 3 minutes', '1h30m', '-5 s').
#include <cctype>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "query/plan/planner.h"

namespace greptime::query {

Result<types::IntervalMonthDayNano> ParseIntervalText(std::string_view text) {
  types::IntervalMonthDayNano out;
  size_t i = 0;
  bool any = false;
  auto bad = [&]() {
    return Status(StatusCode::kInvalidArguments,
                  fmt::format("Invalid interval text: '{}'", text));
  };
  while (i < text.size()) {
    while (i < text.size() && (std::isspace(static_cast<unsigned char>(text[i])) || text[i] == ',')) ++i;
    if (i >= text.size()) break;
    size_t start = i;
    if (text[i] == '-' || text[i] == '+') ++i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    std::string num(text.substr(start, i - start));
    if (num.empty() || num == "-" || num == "+") return bad();
    double value = 0;
    try {
      value = std::stod(num);
    } catch (...) {
      return bad();
    }
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t ustart = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string unit(text.substr(ustart, i - ustart));
    for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (unit.size() > 1 && unit.back() == 's' && unit != "ms" && unit != "us" && unit != "ns" &&
        unit != "s") {
      unit.pop_back();
    }
    constexpr double kSec = 1e9;
    if (unit == "year" || unit == "y" || unit == "yr") {
      out.months += static_cast<int32_t>(value * 12);
    } else if (unit == "month" || unit == "mon" || unit == "mo" || unit == "mons") {
      out.months += static_cast<int32_t>(value);
    } else if (unit == "week" || unit == "w") {
      out.days += static_cast<int32_t>(value * 7);
    } else if (unit == "day" || unit == "d") {
      double whole = std::trunc(value);
      out.days += static_cast<int32_t>(whole);
      out.nanoseconds += static_cast<int64_t>(std::llround((value - whole) * 86400 * kSec));
    } else if (unit == "hour" || unit == "h" || unit == "hr") {
      out.nanoseconds += static_cast<int64_t>(std::llround(value * 3600 * kSec));
    } else if (unit == "minute" || unit == "min" || unit == "m") {
      out.nanoseconds += static_cast<int64_t>(std::llround(value * 60 * kSec));
    } else if (unit == "second" || unit == "sec" || unit == "s" || unit.empty()) {
      out.nanoseconds += static_cast<int64_t>(std::llround(value * kSec));
    } else if (unit == "millisecond" || unit == "ms" || unit == "msec") {
      out.nanoseconds += static_cast<int64_t>(std::llround(value * 1e6));
    } else if (unit == "microsecond" || unit == "us" || unit == "usec") {
      out.nanoseconds += static_cast<int64_t>(std::llround(value * 1e3));
    } else if (unit == "nanosecond" || unit == "ns" || unit == "nsec") {
      out.nanoseconds += static_cast<int64_t>(std::llround(value));
    } else {
      return bad();
    }
    any = true;
  }
  if (!any) return bad();
  return out;
}

}  // namespace greptime::query
