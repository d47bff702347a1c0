// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// InfluxDB line protocol parser (spec/ingestion.md §2.2): measurement, tags, typed fields and an
// optional timestamp per line, with the escaping rules of each element. The parser makes one
// pass over the body; names without escapes are views into the body.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"

namespace greptime::servers::influxdb {

using FieldValue = std::variant<double, int64_t, uint64_t, bool, std::string>;

// Names are views into the parsed body (or into ParsedLines::arena when they had escapes): a
// Point is valid while both the body and its ParsedLines live.
struct Point {
  std::string_view measurement;
  std::vector<std::pair<std::string_view, std::string_view>> tags;
  std::vector<std::pair<std::string_view, FieldValue>> fields;
  std::optional<int64_t> timestamp;  // in the request precision
  size_t line = 0;                   // 1-based line number in the body
};

struct ParsedLines {
  std::vector<Point> points;
  std::deque<std::string> arena;  // unescaped names (addresses stay stable)

  size_t size() const { return points.size(); }
  const Point& operator[](size_t i) const { return points[i]; }
  std::vector<Point>::const_iterator begin() const { return points.begin(); }
  std::vector<Point>::const_iterator end() const { return points.end(); }
};

// Parses every line of `body`. Any malformed line fails the whole body with kInvalidArguments
// "Failed to parse InfluxDB line protocol: line N: <reason>". Empty lines and `#` comments are
// skipped. Duplicate keys on one line: the later value wins.
Result<ParsedLines> ParseLineProtocol(std::string_view body);

}  // namespace greptime::servers::influxdb
