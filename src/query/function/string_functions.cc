// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// String functions, LIKE/ILIKE and regular expressions (RE2).
#include <algorithm>
#include <cmath>
#include <cctype>
#include <mutex>
#include <unordered_map>

#include <re2/re2.h>

#include "query/function/function_util.h"
#include "common/strings.h"

namespace greptime::query {
namespace {

using types::DataType;
using types::Value;

std::string Str(const Value& v) { return v.type().is_string_like() ? v.AsBytes() : v.ToString(); }

// UTF-8 code point boundaries.
std::vector<size_t> CharStarts(const std::string& s) {
  std::vector<size_t> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
  }
  return out;
}

std::string Substr(const std::string& s, int64_t start, std::optional<int64_t> len) {
  auto starts = CharStarts(s);
  const int64_t n = static_cast<int64_t>(starts.size());
  int64_t from = start - 1;  // 0-based, may be negative
  int64_t to = len ? from + *len : n;
  from = std::max<int64_t>(from, 0);
  to = std::min<int64_t>(to, n);
  if (from >= to) return "";
  size_t b = starts[from];
  size_t e = to >= n ? s.size() : starts[to];
  return s.substr(b, e - b);
}

// SQL LIKE to RE2 (anchored).
std::string LikeToRegex(const std::string& pattern) {
  std::string out = "(?s)^";
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += RE2::QuoteMeta(std::string(1, pattern[++i]));
    } else if (c == '%') {
      out += ".*";
    } else if (c == '_') {
      out += ".";
    } else {
      out += RE2::QuoteMeta(std::string(1, c));
    }
  }
  return out + "$";
}

// A small cache of compiled patterns (patterns are usually constants).
std::shared_ptr<RE2> Compile(const std::string& pattern, bool case_insensitive) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::shared_ptr<RE2>> cache;
  std::string key = (case_insensitive ? "i:" : "s:") + pattern;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  RE2::Options opts;
  opts.set_case_sensitive(!case_insensitive);
  opts.set_log_errors(false);
  auto re = std::make_shared<RE2>(pattern, opts);
  if (cache.size() > 1024) cache.clear();
  cache.emplace(key, re);
  return re;
}

Result<std::shared_ptr<RE2>> CompileChecked(std::string_view fn, const std::string& pattern,
                                            bool ci) {
  auto re = Compile(pattern, ci);
  if (!re->ok()) {
    return Status(StatusCode::kInvalidArguments,
                  fmt::format("{}: invalid regular expression '{}': {}", fn, pattern, re->error()));
  }
  return re;
}

std::function<Result<DataType>(std::span<const ArgInfo>)> Typed(std::string name, size_t lo,
                                                                size_t hi, DataType out) {
  return [name, lo, hi, out](std::span<const ArgInfo> a) -> Result<DataType> {
    GT_RETURN_IF_ERROR(CheckArity(name, a, lo, hi));
    return out;
  };
}

std::string Trim(const std::string& s, const std::string& chars, bool left, bool right) {
  size_t b = 0, e = s.size();
  if (left) {
    while (b < e && chars.find(s[b]) != std::string::npos) ++b;
  }
  if (right) {
    while (e > b && chars.find(s[e - 1]) != std::string::npos) --e;
  }
  return s.substr(b, e - b);
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry& r) {
  const DataType S = DataType::String();
  RegisterRowFunction(r, {"lower"}, Typed("lower", 1, 1, S),
                      [](std::span<const Value> v) -> Result<Value> { return Value::String(AsciiLower(Str(v[0]))); });
  RegisterRowFunction(r, {"upper"}, Typed("upper", 1, 1, S),
                      [](std::span<const Value> v) -> Result<Value> { return Value::String(AsciiUpper(Str(v[0]))); });
  RegisterRowFunction(r, {"length", "char_length", "character_length"},
                      Typed("length", 1, 1, DataType::Int64()),
                      [](std::span<const Value> v) -> Result<Value> {
                        return Value::Int64(static_cast<int64_t>(CharStarts(Str(v[0])).size()));
                      });
  RegisterRowFunction(r, {"octet_length"}, Typed("octet_length", 1, 1, DataType::Int64()),
                      [](std::span<const Value> v) -> Result<Value> {
                        return Value::Int64(static_cast<int64_t>(Str(v[0]).size()));
                      });
  RegisterRowFunction(r, {"bit_length"}, Typed("bit_length", 1, 1, DataType::Int64()),
                      [](std::span<const Value> v) -> Result<Value> {
                        return Value::Int64(static_cast<int64_t>(Str(v[0]).size() * 8));
                      });
  RegisterRowFunction(r, {"substr", "substring"}, Typed("substr", 2, 3, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        std::optional<int64_t> len;
                        if (v.size() > 2) {
                          len = v[2].ToInt64().value_or(0);
                          if (*len < 0) {
                            return Status::InvalidArguments(
                                "negative substring length not allowed: substr(<str>, {}, {})",
                                v[1].ToInt64().value_or(0), *len);
                          }
                        }
                        return Value::String(Substr(Str(v[0]), v[1].ToInt64().value_or(1), len));
                      });
  RegisterRowFunction(r, {"left"}, Typed("left", 2, 2, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        std::string s = Str(v[0]);
                        int64_t n = v[1].ToInt64().value_or(0);
                        int64_t chars = static_cast<int64_t>(CharStarts(s).size());
                        if (n < 0) n = std::max<int64_t>(0, chars + n);
                        return Value::String(Substr(s, 1, n));
                      });
  RegisterRowFunction(r, {"right"}, Typed("right", 2, 2, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        std::string s = Str(v[0]);
                        int64_t n = v[1].ToInt64().value_or(0);
                        int64_t chars = static_cast<int64_t>(CharStarts(s).size());
                        if (n < 0) return Value::String(Substr(s, 1 - n, std::nullopt));
                        return Value::String(Substr(s, std::max<int64_t>(1, chars - n + 1), std::nullopt));
                      });
  for (int kind : {0, 1, 2}) {
    auto fn = [kind](std::span<const Value> v) -> Result<Value> {
      std::string chars = v.size() > 1 ? Str(v[1]) : " ";
      return Value::String(Trim(Str(v[0]), chars, kind != 2, kind != 1));
    };
    if (kind == 0) RegisterRowFunction(r, {"trim", "btrim"}, Typed("trim", 1, 2, S), fn);
    if (kind == 1) RegisterRowFunction(r, {"ltrim"}, Typed("ltrim", 1, 2, S), fn);
    if (kind == 2) RegisterRowFunction(r, {"rtrim"}, Typed("rtrim", 1, 2, S), fn);
  }
  for (bool left : {true, false}) {
    RegisterRowFunction(r, {left ? "lpad" : "rpad"}, Typed(left ? "lpad" : "rpad", 2, 3, S),
                        [left](std::span<const Value> v) -> Result<Value> {
                          std::string s = Str(v[0]);
                          int64_t n = v[1].ToInt64().value_or(0);
                          std::string fill = v.size() > 2 ? Str(v[2]) : " ";
                          int64_t chars = static_cast<int64_t>(CharStarts(s).size());
                          if (n <= chars) return Value::String(Substr(s, 1, std::max<int64_t>(n, 0)));
                          if (fill.empty()) return Value::String(s);
                          std::string pad;
                          while (static_cast<int64_t>(pad.size()) < n - chars) pad += fill;
                          pad = pad.substr(0, n - chars);
                          return Value::String(left ? pad + s : s + pad);
                        });
  }
  RegisterRowFunction(r, {"replace"}, Typed("replace", 3, 3, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        std::string s = Str(v[0]), from = Str(v[1]), to = Str(v[2]);
                        if (from.empty()) return Value::String(s);
                        std::string out;
                        size_t pos = 0;
                        while (true) {
                          size_t f = s.find(from, pos);
                          if (f == std::string::npos) break;
                          out += s.substr(pos, f - pos) + to;
                          pos = f + from.size();
                        }
                        return Value::String(out + s.substr(pos));
                      });
  RegisterRowFunction(r, {"repeat"}, Typed("repeat", 2, 2, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        int64_t n = v[1].ToInt64().value_or(0);
                        std::string s = Str(v[0]), out;
                        if (n > 0 && s.size() * static_cast<size_t>(n) > (64u << 20)) {
                          return Status::InvalidArguments("repeat: result too large");
                        }
                        for (int64_t i = 0; i < n; ++i) out += s;
                        return Value::String(out);
                      });
  RegisterRowFunction(r, {"reverse"}, Typed("reverse", 1, 1, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        std::string s = Str(v[0]);
                        auto starts = CharStarts(s);
                        std::string out;
                        for (size_t i = starts.size(); i-- > 0;) {
                          size_t e = i + 1 < starts.size() ? starts[i + 1] : s.size();
                          out += s.substr(starts[i], e - starts[i]);
                        }
                        return Value::String(out);
                      });
  RegisterRowFunction(r, {"strpos", "instr", "position"}, Typed("strpos", 2, 2, DataType::Int64()),
                      [](std::span<const Value> v) -> Result<Value> {
                        std::string s = Str(v[0]);
                        size_t f = s.find(Str(v[1]));
                        if (f == std::string::npos) return Value::Int64(0);
                        return Value::Int64(static_cast<int64_t>(CharStarts(s.substr(0, f)).size()) + 1);
                      });
  RegisterRowFunction(r, {"starts_with"}, Typed("starts_with", 2, 2, DataType::Boolean()),
                      [](std::span<const Value> v) -> Result<Value> {
                        return Value::Boolean(Str(v[0]).rfind(Str(v[1]), 0) == 0);
                      });
  RegisterRowFunction(r, {"ends_with"}, Typed("ends_with", 2, 2, DataType::Boolean()),
                      [](std::span<const Value> v) -> Result<Value> {
                        std::string s = Str(v[0]), t = Str(v[1]);
                        return Value::Boolean(s.size() >= t.size() &&
                                              s.compare(s.size() - t.size(), t.size(), t) == 0);
                      });
  RegisterRowFunction(r, {"split_part"}, Typed("split_part", 3, 3, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        std::string s = Str(v[0]), d = Str(v[1]);
                        int64_t n = v[2].ToInt64().value_or(0);
                        std::vector<std::string> parts;
                        if (d.empty()) {
                          parts.push_back(s);
                        } else {
                          size_t pos = 0;
                          while (true) {
                            size_t f = s.find(d, pos);
                            if (f == std::string::npos) {
                              parts.push_back(s.substr(pos));
                              break;
                            }
                            parts.push_back(s.substr(pos, f - pos));
                            pos = f + d.size();
                          }
                        }
                        if (n == 0) return Status::InvalidArguments("split_part: field position must not be zero");
                        int64_t idx = n > 0 ? n - 1 : static_cast<int64_t>(parts.size()) + n;
                        if (idx < 0 || idx >= static_cast<int64_t>(parts.size())) return Value::String("");
                        return Value::String(parts[idx]);
                      });
  RegisterRowFunction(r, {"initcap"}, Typed("initcap", 1, 1, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        std::string s = Str(v[0]);
                        bool start = true;
                        for (char& c : s) {
                          if (std::isalnum(static_cast<unsigned char>(c))) {
                            c = static_cast<char>(start ? std::toupper(static_cast<unsigned char>(c))
                                                        : std::tolower(static_cast<unsigned char>(c)));
                            start = false;
                          } else {
                            start = true;
                          }
                        }
                        return Value::String(s);
                      });
  RegisterRowFunction(r, {"ascii"}, Typed("ascii", 1, 1, DataType::Int32()),
                      [](std::span<const Value> v) -> Result<Value> {
                        std::string s = Str(v[0]);
                        return Value::Int32(s.empty() ? 0 : static_cast<unsigned char>(s[0]));
                      });
  RegisterRowFunction(r, {"chr"}, Typed("chr", 1, 1, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        int64_t c = v[0].ToInt64().value_or(0);
                        if (c <= 0 || c > 127) return Status::InvalidArguments("chr: invalid code point {}", c);
                        return Value::String(std::string(1, static_cast<char>(c)));
                      });
  RegisterRowFunction(r, {"to_hex"}, Typed("to_hex", 1, 1, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        return Value::String(fmt::format("{:x}", v[0].ToInt64().value_or(0)));
                      });
  RegisterRowFunction(
      r, {"concat"},
      [](std::span<const ArgInfo>) -> Result<DataType> { return DataType::String(); },
      [](std::span<const Value> v) -> Result<Value> {
        std::string out;
        for (const auto& x : v) {
          if (!x.is_null()) out += Str(x);
        }
        return Value::String(out);
      },
      false);
  RegisterRowFunction(
      r, {"concat_ws"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        if (a.size() < 2) return BadArgument("concat_ws", "needs a separator and values");
        return DataType::String();
      },
      [](std::span<const Value> v) -> Result<Value> {
        if (v[0].is_null()) return Value();
        std::string sep = Str(v[0]), out;
        bool first = true;
        for (size_t i = 1; i < v.size(); ++i) {
          if (v[i].is_null()) continue;
          if (!first) out += sep;
          out += Str(v[i]);
          first = false;
        }
        return Value::String(out);
      },
      false);
  RegisterRowFunction(r, {"__concat_op"}, Typed("||", 2, 2, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        return Value::String(Str(v[0]) + Str(v[1]));
                      });
  for (bool ci : {false, true}) {
    RegisterRowFunction(r, {ci ? "ilike" : "like"}, Typed(ci ? "ilike" : "like", 2, 2, DataType::Boolean()),
                        [ci](std::span<const Value> v) -> Result<Value> {
                          auto re = Compile(LikeToRegex(Str(v[1])), ci);
                          return Value::Boolean(RE2::FullMatch(Str(v[0]), *re));
                        });
  }
  RegisterRowFunction(r, {"__regex_match"}, Typed("~", 3, 3, DataType::Boolean()),
                      [](std::span<const Value> v) -> Result<Value> {
                        GT_ASSIGN_OR_RETURN(auto re, CompileChecked("regex", Str(v[1]), v[2].AsBoolean()));
                        return Value::Boolean(RE2::PartialMatch(Str(v[0]), *re));
                      });
  RegisterRowFunction(r, {"regexp_like"}, Typed("regexp_like", 2, 3, DataType::Boolean()),
                      [](std::span<const Value> v) -> Result<Value> {
                        bool ci = v.size() > 2 && Str(v[2]).find('i') != std::string::npos;
                        GT_ASSIGN_OR_RETURN(auto re, CompileChecked("regexp_like", Str(v[1]), ci));
                        return Value::Boolean(RE2::PartialMatch(Str(v[0]), *re));
                      });
  RegisterRowFunction(r, {"regexp_match"}, Typed("regexp_match", 2, 3, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        bool ci = v.size() > 2 && Str(v[2]).find('i') != std::string::npos;
                        GT_ASSIGN_OR_RETURN(auto re, CompileChecked("regexp_match", Str(v[1]), ci));
                        std::string m;
                        re2::StringPiece input(Str(v[0]));
                        std::string s = Str(v[0]);
                        re2::StringPiece match;
                        if (!re->Match(s, 0, s.size(), RE2::UNANCHORED, &match, 1)) return Value();
                        return Value::String("[" + std::string(match) + "]");
                      });
  RegisterRowFunction(r, {"regexp_replace"}, Typed("regexp_replace", 3, 4, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        std::string flags = v.size() > 3 ? Str(v[3]) : "";
                        bool ci = flags.find('i') != std::string::npos;
                        GT_ASSIGN_OR_RETURN(auto re, CompileChecked("regexp_replace", Str(v[1]), ci));
                        std::string s = Str(v[0]);
                        std::string rep = Str(v[2]);
                        // PostgreSQL-style $1 / \1 references: RE2 uses \1.
                        std::string rewrite;
                        for (size_t i = 0; i < rep.size(); ++i) {
                          if (rep[i] == '$' && i + 1 < rep.size() && std::isdigit(static_cast<unsigned char>(rep[i + 1]))) {
                            rewrite += '\\';
                          } else {
                            rewrite += rep[i];
                          }
                        }
                        if (flags.find('g') != std::string::npos) RE2::GlobalReplace(&s, *re, rewrite);
                        else RE2::Replace(&s, *re, rewrite);
                        return Value::String(s);
                      });
  RegisterRowFunction(r, {"regexp_count"}, Typed("regexp_count", 2, 2, DataType::Int64()),
                      [](std::span<const Value> v) -> Result<Value> {
                        GT_ASSIGN_OR_RETURN(auto re, CompileChecked("regexp_count", Str(v[1]), false));
                        std::string s = Str(v[0]);
                        re2::StringPiece input(s);
                        int64_t n = 0;
                        re2::StringPiece m;
                        size_t pos = 0;
                        while (pos <= s.size() && re->Match(s, pos, s.size(), RE2::UNANCHORED, &m, 1)) {
                          ++n;
                          size_t end = static_cast<size_t>(m.data() - s.data()) + m.size();
                          pos = m.empty() ? end + 1 : end;
                        }
                        return Value::Int64(n);
                      });

  // MySQL compatibility.
  RegisterRowFunction(r, {"locate"}, Typed("locate", 2, 3, DataType::Int64()),
                      [](std::span<const Value> v) -> Result<Value> {
                        std::string needle = Str(v[0]), hay = Str(v[1]);
                        int64_t start = v.size() > 2 ? v[2].ToInt64().value_or(1) : 1;
                        auto starts = CharStarts(hay);
                        if (start < 1 || start > static_cast<int64_t>(starts.size()) + 1) {
                          return Value::Int64(0);
                        }
                        size_t from = start - 1 < static_cast<int64_t>(starts.size())
                                          ? starts[start - 1]
                                          : hay.size();
                        size_t f = hay.find(needle, from);
                        if (f == std::string::npos) return Value::Int64(0);
                        return Value::Int64(static_cast<int64_t>(CharStarts(hay.substr(0, f)).size()) + 1);
                      });
  RegisterRowFunction(
      r, {"elt"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        if (a.size() < 2) return BadArgument("elt", "needs an index and at least one string");
        return DataType::String();
      },
      [](std::span<const Value> v) -> Result<Value> {
        if (v[0].is_null()) return Value();
        int64_t n = v[0].ToInt64().value_or(0);
        if (n < 1 || n >= static_cast<int64_t>(v.size()) || v[n].is_null()) return Value();
        return Value::String(Str(v[n]));
      },
      false);
  RegisterRowFunction(
      r, {"field"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        if (a.size() < 2) return BadArgument("field", "needs a value and at least one candidate");
        return DataType::Int64();
      },
      [](std::span<const Value> v) -> Result<Value> {
        if (v[0].is_null()) return Value::Int64(0);
        for (size_t i = 1; i < v.size(); ++i) {
          if (!v[i].is_null() && v[i].Compare(v[0]) == 0) return Value::Int64(static_cast<int64_t>(i));
        }
        return Value::Int64(0);
      },
      false);
  RegisterRowFunction(r, {"insert"}, Typed("insert", 4, 4, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        std::string s = Str(v[0]);
                        int64_t pos = v[1].ToInt64().value_or(0), len = v[2].ToInt64().value_or(0);
                        auto starts = CharStarts(s);
                        const int64_t n = static_cast<int64_t>(starts.size());
                        if (pos < 1 || pos > n) return Value::String(s);
                        int64_t end = len < 0 || pos - 1 + len > n ? n : pos - 1 + len;
                        size_t b = starts[pos - 1];
                        size_t e = end >= n ? s.size() : starts[end];
                        return Value::String(s.substr(0, b) + Str(v[3]) + s.substr(e));
                      });
  RegisterRowFunction(r, {"space"}, Typed("space", 1, 1, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        int64_t n = v[0].ToInt64().value_or(0);
                        if (n > (64 << 20)) return Status::InvalidArguments("space: result too large");
                        return Value::String(std::string(n > 0 ? static_cast<size_t>(n) : 0, ' '));
                      });
  RegisterRowFunction(r, {"format"}, Typed("format", 2, 2, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        double x = v[0].ToFloat64().value_or(0);
                        int64_t d = std::clamp<int64_t>(v[1].ToInt64().value_or(0), 0, 30);
                        std::string text = fmt::format("{:.{}f}", std::fabs(x), d);
                        size_t dot = text.find('.');
                        std::string ip = text.substr(0, dot), frac = dot == std::string::npos ? "" : text.substr(dot);
                        std::string grouped;
                        for (size_t i = 0; i < ip.size(); ++i) {
                          if (i > 0 && (ip.size() - i) % 3 == 0) grouped += ',';
                          grouped += ip[i];
                        }
                        return Value::String((x < 0 ? "-" : "") + grouped + frac);
                      });
  RegisterRowFunction(r, {"regexp_extract"}, Typed("regexp_extract", 2, 2, S),
                      [](std::span<const Value> v) -> Result<Value> {
                        GT_ASSIGN_OR_RETURN(auto re, CompileChecked("regexp_extract", Str(v[1]), false));
                        std::string s = Str(v[0]);
                        re2::StringPiece m;
                        if (!re->Match(s, 0, s.size(), RE2::UNANCHORED, &m, 1)) return Value();
                        return Value::String(std::string(m));
                      });
}

}  // namespace greptime::query
