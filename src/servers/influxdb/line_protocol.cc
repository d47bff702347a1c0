// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/influxdb/line_protocol.h"

#include <cerrno>
#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

namespace greptime::servers::influxdb {
namespace {

class LineParser {
 public:
  LineParser(std::string_view line, size_t number, std::deque<std::string>& arena)
      : s_(line), line_(number), arena_(arena) {}

  Result<Point> Parse() {
    Point p;
    p.line = line_;
    GT_ASSIGN_OR_RETURN(p.measurement, Name(/*measurement=*/true));
    if (p.measurement.empty()) return Error("missing measurement");
    while (Peek() == ',') {
      ++pos_;
      GT_ASSIGN_OR_RETURN(std::string_view key, Name(false));
      if (key.empty()) return Error("empty tag key");
      if (Peek() != '=') return Error(fmt::format("missing '=' after tag key '{}'", key));
      ++pos_;
      GT_ASSIGN_OR_RETURN(std::string_view value, Name(false));
      if (value.empty()) return Error(fmt::format("empty value of tag '{}'", key));
      Upsert(p.tags, key, value);
    }
    if (Peek() != ' ') {
      if (AtEnd()) return Error("No fields were provided");
      return Error(fmt::format("unexpected character '{}' after the tag set", Printable(Peek())));
    }
    SkipSpaces();
    if (AtEnd()) return Error("No fields were provided");
    while (true) {
      GT_ASSIGN_OR_RETURN(std::string_view key, Name(false));
      if (key.empty()) return Error("empty field key");
      if (Peek() != '=') return Error(fmt::format("missing '=' after field key '{}'", key));
      ++pos_;
      GT_ASSIGN_OR_RETURN(FieldValue value, Value());
      Upsert(p.fields, key, std::move(value));
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      break;
    }
    if (!AtEnd() && Peek() != ' ') {
      return Error(fmt::format("Could not parse entire line. Found trailing content: '{}'",
                               std::string(s_.substr(pos_))));
    }
    SkipSpaces();
    if (!AtEnd()) {
      size_t start = pos_;
      if (Peek() == '-' || Peek() == '+') ++pos_;
      while (!AtEnd() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      std::string_view digits = s_.substr(start, pos_ - start);
      int64_t ts = 0;
      auto first = digits.data() + (digits.size() > 0 && digits[0] == '+' ? 1 : 0);
      auto [ptr, ec] = std::from_chars(first, digits.data() + digits.size(), ts);
      if (ec == std::errc::result_out_of_range) return Error("number too large to fit in target type");
      if (ec != std::errc() || ptr != digits.data() + digits.size() || digits.empty()) {
        return Error(fmt::format("invalid timestamp '{}'", std::string(s_.substr(start))));
      }
      p.timestamp = ts;
      SkipSpaces();
      if (!AtEnd()) {
        return Error(fmt::format("Could not parse entire line. Found trailing content: '{}'",
                                 std::string(s_.substr(pos_))));
      }
    }
    return p;
  }

 private:
  template <typename V>
  static void Upsert(std::vector<std::pair<std::string_view, V>>& list, std::string_view key,
                     V value) {
    for (auto& [k, v] : list) {
      if (k == key) {
        v = std::move(value);
        return;
      }
    }
    list.emplace_back(std::move(key), std::move(value));
  }

  static std::string Printable(char c) {
    if (c == '\r') return "\\r";
    if (c == '\t') return "\\t";
    return std::string(1, c);
  }

  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[pos_]; }
  void SkipSpaces() {
    while (!AtEnd() && s_[pos_] == ' ') ++pos_;
  }

  Status Error(std::string reason) const {
    return Status(StatusCode::kInvalidArguments,
                  fmt::format("Failed to parse InfluxDB line protocol: line {}: {}", line_, reason));
  }

  // A measurement (ends at unescaped ',' or ' ') or a key/tag value (also ends at '='). A view
  // into the line when it has no escapes; otherwise unescaped into the arena.
  Result<std::string_view> Name(bool measurement) {
    const size_t start = pos_;
    while (!AtEnd()) {
      char c = s_[pos_];
      if (c == ' ' || c == ',' || (c == '=' && !measurement)) return s_.substr(start, pos_ - start);
      if (c == '\\') break;
      ++pos_;
    }
    if (AtEnd()) return s_.substr(start, pos_ - start);
    std::string out(s_.substr(start, pos_ - start));
    while (!AtEnd()) {
      char c = s_[pos_];
      if (c == ' ' || c == ',') break;
      if (c == '=' && !measurement) break;
      if (c == '\\') {
        if (pos_ + 1 >= s_.size()) {
          return Error("Measurements, tag keys and values, and field keys may not end with a backslash");
        }
        char n = s_[pos_ + 1];
        if (n == ' ' || n == ',' || n == '\\' || (n == '=' && !measurement)) {
          out.push_back(n);
        } else {
          out.push_back('\\');
          out.push_back(n);
        }
        pos_ += 2;
        continue;
      }
      out.push_back(c);
      ++pos_;
    }
    arena_.push_back(std::move(out));
    return std::string_view(arena_.back());
  }

  Result<FieldValue> Value() {
    if (AtEnd()) return Error("missing field value");
    if (s_[pos_] == '"') {
      ++pos_;
      std::string out;
      while (true) {
        if (AtEnd()) return Error("unterminated string field value");
        char c = s_[pos_];
        if (c == '\\' && pos_ + 1 < s_.size() && (s_[pos_ + 1] == '"' || s_[pos_ + 1] == '\\')) {
          out.push_back(s_[pos_ + 1]);
          pos_ += 2;
          continue;
        }
        if (c == '"') {
          ++pos_;
          break;
        }
        out.push_back(c);
        ++pos_;
      }
      return FieldValue(std::move(out));
    }
    size_t start = pos_;
    while (!AtEnd() && s_[pos_] != ',' && s_[pos_] != ' ') ++pos_;
    std::string_view tok = s_.substr(start, pos_ - start);
    if (tok == "t" || tok == "T" || tok == "true" || tok == "True" || tok == "TRUE") {
      return FieldValue(true);
    }
    if (tok == "f" || tok == "F" || tok == "false" || tok == "False" || tok == "FALSE") {
      return FieldValue(false);
    }
    if (tok.empty()) return Error("missing field value");
    const char last = tok.back();
    if (last == 'i' || last == 'u') {
      std::string_view digits = tok.substr(0, tok.size() - 1);
      bool ok = !digits.empty();
      for (size_t i = 0; i < digits.size(); ++i) {
        char c = digits[i];
        if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && last == 'i' && digits.size() > 1)) ok = false;
      }
      if (!ok) return Error(fmt::format("invalid field value '{}'", std::string(tok)));
      if (last == 'i') {
        int64_t v = 0;
        auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
        if (ec == std::errc::result_out_of_range) return Error("number too large to fit in target type");
        if (ec != std::errc() || ptr != digits.data() + digits.size()) {
          return Error(fmt::format("invalid integer '{}'", std::string(tok)));
        }
        return FieldValue(v);
      }
      uint64_t v = 0;
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (ec == std::errc::result_out_of_range) return Error("number too large to fit in target type");
      if (ec != std::errc() || ptr != digits.data() + digits.size()) {
        return Error(fmt::format("invalid unsigned integer '{}'", std::string(tok)));
      }
      return FieldValue(v);
    }
    // -?\d+(\.\d+)?([eE][+-]?\d+)?
    size_t i = 0;
    if (i < tok.size() && tok[i] == '-') ++i;
    size_t int_start = i;
    while (i < tok.size() && tok[i] >= '0' && tok[i] <= '9') ++i;
    bool ok = i > int_start;
    if (ok && i < tok.size() && tok[i] == '.') {
      ++i;
      size_t frac = i;
      while (i < tok.size() && tok[i] >= '0' && tok[i] <= '9') ++i;
      ok = i > frac;
    }
    if (ok && i < tok.size() && (tok[i] == 'e' || tok[i] == 'E')) {
      ++i;
      if (i < tok.size() && (tok[i] == '+' || tok[i] == '-')) ++i;
      size_t exp = i;
      while (i < tok.size() && tok[i] >= '0' && tok[i] <= '9') ++i;
      ok = i > exp;
    }
    if (!ok || i != tok.size()) return Error(fmt::format("invalid field value '{}'", std::string(tok)));
    double v = 0;
    auto [ptr, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
    if (ec == std::errc::result_out_of_range) return Error("number too large to fit in target type");
    if (ec != std::errc() || ptr != tok.data() + tok.size()) {
      return Error(fmt::format("invalid float '{}'", std::string(tok)));
    }
    return FieldValue(v);
  }

  std::string_view s_;
  size_t line_;
  std::deque<std::string>& arena_;
  size_t pos_ = 0;
};

}  // namespace

Result<ParsedLines> ParseLineProtocol(std::string_view body) {
  ParsedLines parsed;
  auto& points = parsed.points;
  size_t pos = 0, line_no = 0;
  while (pos < body.size()) {
    // One line: up to '\n' outside double quotes (only field values can be quoted; a quote
    // inside names is literal, so track quotes only after the first unescaped space).
    size_t end = pos;
    bool in_quotes = false, seen_space = false;
    while (end < body.size()) {
      char c = body[end];
      if (c == '\\' && end + 1 < body.size()) {
        end += 2;
        continue;
      }
      if (c == ' ') seen_space = true;
      if (c == '"' && seen_space) in_quotes = !in_quotes;
      if (c == '\n' && !in_quotes) break;
      ++end;
    }
    std::string_view line = body.substr(pos, end - pos);
    line_no += 1;
    for (char c : line) line_no += c == '\n' ? 1 : 0;
    const size_t this_line = line_no - [&] {
      size_t n = 0;
      for (char c : line) n += c == '\n' ? 1 : 0;
      return n;
    }();
    pos = end + 1;
    size_t first = 0;
    while (first < line.size() && (line[first] == ' ' || line[first] == '\t')) ++first;
    line = line.substr(first);
    if (line.empty() || line[0] == '#') continue;
    LineParser parser(line, this_line, parsed.arena);
    GT_ASSIGN_OR_RETURN(Point p, parser.Parse());
    points.push_back(std::move(p));
  }
  return parsed;
}

}  // namespace greptime::servers::influxdb
