// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/http/sql_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "common/json_escape.h"
#include "common/strings.h"
#include "types/number_format.h"
#include "types/record_batch.h"

namespace greptime::servers {
namespace {

using types::Column;
using types::TypeId;
using types::Value;

void AppendQuoted(std::string& out, std::string_view s) {
  out += '"';
  out += JsonEscape(s);
  out += '"';
}

template <typename T>
void AppendInt(std::string& out, T v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, res.ptr);
}

// ---------------------------------------------------------------------------------------------
// Json values: GreptimeDB stores JSONB and decodes it into serde_json, so clients see compact
// text with sorted keys and numbers normalised (i64/u64 or f64).

class JsonCanonicalizer {
 public:
  explicit JsonCanonicalizer(std::string_view text) : s_(text) {}

  std::optional<std::string> Run() {
    std::string out;
    SkipBlanks();
    if (!ParseValue(out, 0)) return std::nullopt;
    SkipBlanks();
    if (pos_ != s_.size()) return std::nullopt;
    return out;
  }

  // Decodes the string literal that starts at the current position.
  bool ParseString(std::string& decoded) {
    if (!Consume('"')) return false;
    while (pos_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[pos_++]);
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c != '\\') {
        decoded.push_back(static_cast<char>(c));
        continue;
      }
      if (pos_ >= s_.size()) return false;
      char e = s_[pos_++];
      switch (e) {
        case '"': decoded += '"'; break;
        case '\\': decoded += '\\'; break;
        case '/': decoded += '/'; break;
        case 'b': decoded += '\b'; break;
        case 'f': decoded += '\f'; break;
        case 'n': decoded += '\n'; break;
        case 'r': decoded += '\r'; break;
        case 't': decoded += '\t'; break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low = 0;
            if (!Consume('\\') || !Consume('u') || !Hex4(low) || low < 0xDC00 || low > 0xDFFF) {
              return false;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          AppendUtf8(decoded, cp);
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }

 private:
  static constexpr int kMaxDepth = 512;

  void SkipBlanks() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Consume(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool ConsumeWord(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  bool Hex4(uint32_t& v) {
    if (pos_ + 4 > s_.size()) return false;
    for (int i = 0; i < 4; ++i) {
      char c = s_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  }


  bool ParseValue(std::string& out, int depth) {
    if (depth > kMaxDepth || pos_ >= s_.size()) return false;
    char c = s_[pos_];
    if (c == '{') return ParseObject(out, depth);
    if (c == '[') return ParseArray(out, depth);
    if (c == '"') {
      std::string decoded;
      if (!ParseString(decoded)) return false;
      AppendQuoted(out, decoded);
      return true;
    }
    for (std::string_view word : {"true", "false", "null"}) {
      if (c == word[0]) {
        if (!ConsumeWord(word)) return false;
        out += word;
        return true;
      }
    }
    return ParseNumber(out);
  }

  bool ParseObject(std::string& out, int depth) {
    ++pos_;  // '{'
    std::vector<std::pair<std::string, std::string>> members;
    SkipBlanks();
    if (!Consume('}')) {
      while (true) {
        SkipBlanks();
        std::string key;
        std::string value;
        if (!ParseString(key)) return false;
        SkipBlanks();
        if (!Consume(':')) return false;
        SkipBlanks();
        if (!ParseValue(value, depth + 1)) return false;
        members.emplace_back(std::move(key), std::move(value));
        SkipBlanks();
        if (Consume(',')) continue;
        if (Consume('}')) break;
        return false;
      }
    }
    std::stable_sort(members.begin(), members.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    out += '{';
    bool first = true;
    for (size_t i = 0; i < members.size(); ++i) {
      // A repeated key keeps its last value (map insertion semantics).
      if (i + 1 < members.size() && members[i + 1].first == members[i].first) continue;
      if (!first) out += ',';
      first = false;
      AppendQuoted(out, members[i].first);
      out += ':';
      out += members[i].second;
    }
    out += '}';
    return true;
  }

  bool ParseArray(std::string& out, int depth) {
    ++pos_;  // '['
    out += '[';
    SkipBlanks();
    if (Consume(']')) {
      out += ']';
      return true;
    }
    while (true) {
      SkipBlanks();
      if (!ParseValue(out, depth + 1)) return false;
      SkipBlanks();
      if (Consume(',')) {
        out += ',';
        continue;
      }
      if (Consume(']')) break;
      return false;
    }
    out += ']';
    return true;
  }

  bool ParseNumber(std::string& out) {
    const size_t start = pos_;
    const bool negative = Consume('-');
    auto digits = [&] {
      size_t n = 0;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_, ++n;
      return n;
    };
    const size_t int_start = pos_;
    size_t int_digits = digits();
    if (int_digits == 0 || (int_digits > 1 && s_[int_start] == '0')) return false;
    bool integral = true;
    if (Consume('.')) {
      integral = false;
      if (digits() == 0) return false;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      integral = false;
      ++pos_;
      if (!Consume('+')) Consume('-');
      if (digits() == 0) return false;
    }
    std::string_view token = s_.substr(start, pos_ - start);
    const char* first = token.data();
    const char* last = token.data() + token.size();
    if (integral) {
      if (negative) {
        int64_t v = 0;
        auto res = std::from_chars(first, last, v);
        if (res.ec == std::errc() && res.ptr == last) {
          AppendInt(out, v);
          return true;
        }
      } else {
        uint64_t v = 0;
        auto res = std::from_chars(first, last, v);
        if (res.ec == std::errc() && res.ptr == last) {
          AppendInt(out, v);
          return true;
        }
      }
    }
    double d = 0;
    auto res = std::from_chars(first, last, d);
    if (res.ec == std::errc() && res.ptr == last && std::isfinite(d)) {
      out += FormatJsonFloat(d);
    } else {
      out += token;  // out of double range: keep the literal rather than lose the row
    }
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Value rendering.

// IntervalMonthDayNano packed as GreptimeDB's to_i128: months<<96 | days<<64 | nanoseconds,
// each field as its unsigned bit pattern, the whole read as a signed 128-bit integer.
types::int128_t PackInterval(const types::IntervalMonthDayNano& i) {
  types::uint128_t packed =
      (static_cast<types::uint128_t>(static_cast<uint32_t>(i.months)) << 96) |
      (static_cast<types::uint128_t>(static_cast<uint32_t>(i.days)) << 64) |
      static_cast<types::uint128_t>(static_cast<uint64_t>(i.nanoseconds));
  return static_cast<types::int128_t>(packed);
}

std::string JsonText(std::string_view stored) {
  auto canonical = CanonicalJson(stored);
  return canonical ? std::move(*canonical) : std::string(stored);
}

void AppendValueJson(std::string& out, const Value& v) {
  switch (v.type().id()) {
    case TypeId::kNull: out += "null"; return;
    case TypeId::kBoolean: out += v.AsBoolean() ? "true" : "false"; return;
    case TypeId::kInt8: AppendInt(out, v.AsInt8()); return;
    case TypeId::kInt16: AppendInt(out, v.AsInt16()); return;
    case TypeId::kInt32: AppendInt(out, v.AsInt32()); return;
    case TypeId::kInt64: AppendInt(out, v.AsInt64()); return;
    case TypeId::kUInt8: AppendInt(out, v.AsUInt8()); return;
    case TypeId::kUInt16: AppendInt(out, v.AsUInt16()); return;
    case TypeId::kUInt32: AppendInt(out, v.AsUInt32()); return;
    case TypeId::kUInt64: AppendInt(out, v.AsUInt64()); return;
    // GreptimeDB widens Float32 to f64 before printing: 0.1f shows as 0.10000000149011612.
    case TypeId::kFloat32: out += FormatJsonFloat(static_cast<double>(v.AsFloat32())); return;
    case TypeId::kFloat64: out += FormatJsonFloat(v.AsFloat64()); return;
    case TypeId::kDecimal128:
      AppendQuoted(out, types::FormatDecimal128(v.AsDecimal128(), v.type().scale()));
      return;
    case TypeId::kString: AppendQuoted(out, v.AsBytes()); return;
    case TypeId::kBinary: {
      out += '[';
      const std::string& bytes = v.AsBytes();
      for (size_t i = 0; i < bytes.size(); ++i) {
        if (i) out += ',';
        AppendInt(out, static_cast<unsigned>(static_cast<unsigned char>(bytes[i])));
      }
      out += ']';
      return;
    }
    case TypeId::kDate: AppendInt(out, v.AsDate()); return;
    case TypeId::kTimestamp: AppendInt(out, v.AsTimestamp().value); return;
    case TypeId::kIntervalMonthDayNano:
      out += types::Int128ToString(PackInterval(v.AsInterval()));
      return;
    case TypeId::kJson: out += JsonText(v.AsBytes()); return;
    case TypeId::kVector: AppendQuoted(out, v.ToString()); return;
  }
  out += "null";
}

// The CSV field text before quoting: strings raw, NULL/NaN/inf empty, JSON scalars of Json
// columns unwrapped, everything else its JSON text.
std::string CsvText(const Column& c, size_t row) {
  if (row >= c.size() || c.IsNull(row)) return "";
  if (const auto* s = c.As<types::StringColumn>(); s != nullptr && c.type().is_string()) {
    return std::string(s->at(row));
  }
  Value v = c.GetValue(row);
  switch (v.type().id()) {
    case TypeId::kString: return v.AsBytes();
    case TypeId::kDecimal128: return types::FormatDecimal128(v.AsDecimal128(), v.type().scale());
    case TypeId::kVector: return v.ToString();
    case TypeId::kFloat32:
      if (!std::isfinite(v.AsFloat32())) return "";
      break;
    case TypeId::kFloat64:
      if (!std::isfinite(v.AsFloat64())) return "";
      break;
    case TypeId::kJson: {
      std::string text = JsonText(v.AsBytes());
      if (text == "null") return "";
      if (!text.empty() && text[0] == '"') {
        std::string decoded;
        if (JsonCanonicalizer(text).ParseString(decoded)) return decoded;
      }
      return text;
    }
    default: break;
  }
  std::string out;
  AppendValueJson(out, v);
  return out;
}

// RFC 4180 quoting only when needed (the csv crate's QuoteStyle::Necessary).
void AppendCsvField(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// A CSV record: fields joined by ',', CRLF-terminated; a record with no bytes at all (one empty
// field, or none) is written as `""` so that it is not read back as a blank line.
void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields) {
  const size_t start = out.size();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    AppendCsvField(out, fields[i]);
  }
  if (out.size() == start) out += "\"\"";
  out += "\r\n";
}

// ---------------------------------------------------------------------------------------------
// Iteration over the rows of an output.

size_t NumColumns(const query::QueryOutput& o) { return o.schema ? o.schema->num_columns() : 0; }

// Calls fn(batch, row) for the first `limit` rows (all without a limit).
template <typename Fn>
void ForEachRow(const query::QueryOutput& o, std::optional<uint64_t> limit, Fn&& fn) {
  uint64_t seen = 0;
  for (const auto& batch : o.batches) {
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      if (limit && seen >= *limit) return;
      ++seen;
      fn(batch, r);
    }
  }
}

// Cell (row, c) of `batch` as JSON; null when the batch lacks the column.
void AppendCell(std::string& out, const types::RecordBatch& batch, size_t row, size_t c) {
  if (c >= batch.num_columns() || batch.column(c) == nullptr) {
    out += "null";
    return;
  }
  AppendJsonValue(out, *batch.column(c), row);
}

std::string CsvCell(const types::RecordBatch& batch, size_t row, size_t c) {
  if (c >= batch.num_columns() || batch.column(c) == nullptr) return "";
  return CsvText(*batch.column(c), row);
}

// ---------------------------------------------------------------------------------------------
// Formats.

std::string_view FormatName(SqlFormat f) {
  switch (f) {
    case SqlFormat::kGreptimedbV1: return "greptimedb_v1";
    case SqlFormat::kInfluxdbV1: return "influxdb_v1";
    case SqlFormat::kCsv:
    case SqlFormat::kCsvWithNames:
    case SqlFormat::kCsvWithNamesAndTypes: return "csv";
    case SqlFormat::kJson: return "json";
    case SqlFormat::kTable: return "table";
    case SqlFormat::kNull: return "null";
    case SqlFormat::kArrow: return "arrow";
  }
  return "greptimedb_v1";
}

SqlHttpResponse Success(SqlFormat format, std::string content_type, std::string body,
                        int64_t ms) {
  SqlHttpResponse r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers.emplace_back("x-greptime-format", std::string(FormatName(format)));
  r.headers.emplace_back("x-greptime-execution-time", std::to_string(ms));
  return r;
}

void AppendRecordsV1(std::string& body, const query::QueryOutput& o,
                     std::optional<uint64_t> limit) {
  body += "{\"records\":{\"schema\":{\"column_schemas\":[";
  for (size_t c = 0; c < NumColumns(o); ++c) {
    if (c) body += ',';
    const auto& col = o.schema->column(c);
    body += "{\"name\":";
    AppendQuoted(body, col.name);
    body += ",\"data_type\":";
    AppendQuoted(body, col.type.Name());
    body += '}';
  }
  body += "]},\"rows\":[";
  const size_t nc = NumColumns(o);
  uint64_t n = 0;
  ForEachRow(o, limit, [&](const types::RecordBatch& batch, size_t row) {
    if (n++) body += ',';
    body += '[';
    for (size_t c = 0; c < nc; ++c) {
      if (c) body += ',';
      AppendCell(body, batch, row, c);
    }
    body += ']';
  });
  body += "],\"total_rows\":";
  AppendInt(body, n);
  body += "}}";
}

SqlHttpResponse RenderGreptimedbV1(std::span<const query::QueryOutput> outputs,
                                   std::optional<uint64_t> limit, int64_t ms) {
  std::string body = "{";
  if (!outputs.empty()) {
    body += "\"output\":[";
    for (size_t k = 0; k < outputs.size(); ++k) {
      if (k) body += ',';
      if (outputs[k].is_records) {
        AppendRecordsV1(body, outputs[k], limit);
      } else {
        body += "{\"affectedrows\":";
        AppendInt(body, outputs[k].affected_rows);
        body += '}';
      }
    }
    body += "],";
  }
  body += "\"execution_time_ms\":";
  AppendInt(body, ms);
  body += '}';
  return Success(SqlFormat::kGreptimedbV1, "application/json", std::move(body), ms);
}

// Timestamp `v` in `to`: exact when refining (the original value when that overflows, as
// GreptimeDB keeps a timestamp it cannot convert), floor division when coarsening.
int64_t ConvertTimestamp(int64_t v, TimeUnit from, TimeUnit to) {
  const int64_t f = TimeUnitFactor(from);
  const int64_t t = TimeUnitFactor(to);
  if (t >= f) {
    int64_t out = 0;
    if (__builtin_mul_overflow(v, t / f, &out)) return v;
    return out;
  }
  return FloorDiv(v, f / t);
}

SqlHttpResponse RenderInfluxdbV1(std::span<const query::QueryOutput> outputs,
                                 std::optional<TimeUnit> epoch, int64_t ms) {
  std::string body = "{\"results\":[";
  for (size_t k = 0; k < outputs.size(); ++k) {
    const auto& o = outputs[k];
    if (k) body += ',';
    body += "{\"statement_id\":";
    AppendInt(body, k);
    body += ",\"series\":[";
    if (o.is_records) {
      // As GreptimeDB: a result without any batch has no columns either.
      const size_t nc = o.batches.empty() ? 0 : NumColumns(o);
      body += "{\"name\":\"\",\"columns\":[";
      for (size_t c = 0; c < nc; ++c) {
        if (c) body += ',';
        AppendQuoted(body, o.schema->column(c).name);
      }
      body += "],\"values\":[";
      uint64_t n = 0;
      ForEachRow(o, std::nullopt, [&](const types::RecordBatch& batch, size_t row) {
        if (n++) body += ',';
        body += '[';
        for (size_t c = 0; c < nc; ++c) {
          if (c) body += ',';
          const Column* col = c < batch.num_columns() ? batch.column(c).get() : nullptr;
          if (epoch && col != nullptr && col->type().is_timestamp() && row < col->size() &&
              !col->IsNull(row)) {
            auto ts = col->GetValue(row).AsTimestamp();
            AppendInt(body, ConvertTimestamp(ts.value, ts.unit, *epoch));
          } else {
            AppendCell(body, batch, row, c);
          }
        }
        body += ']';
      });
      body += "]}";
    }
    body += "]}";
  }
  body += "],\"execution_time_ms\":";
  AppendInt(body, ms);
  body += '}';
  return Success(SqlFormat::kInfluxdbV1, "application/json", std::move(body), ms);
}

SqlHttpResponse RenderCsv(const query::QueryOutput* o, SqlFormat format,
                          std::optional<uint64_t> limit, int64_t ms) {
  std::string body;
  if (o != nullptr && !o->is_records) {
    body = std::to_string(o->affected_rows) + "\n";
  } else if (o != nullptr) {
    const size_t nc = NumColumns(*o);
    std::vector<std::string> fields(nc);
    if (format != SqlFormat::kCsv) {
      for (size_t c = 0; c < nc; ++c) fields[c] = o->schema->column(c).name;
      AppendCsvRecord(body, fields);
    }
    if (format == SqlFormat::kCsvWithNamesAndTypes) {
      for (size_t c = 0; c < nc; ++c) fields[c] = o->schema->column(c).type.Name();
      AppendCsvRecord(body, fields);
    }
    ForEachRow(*o, limit, [&](const types::RecordBatch& batch, size_t row) {
      for (size_t c = 0; c < nc; ++c) fields[c] = CsvCell(batch, row, c);
      AppendCsvRecord(body, fields);
    });
  }
  return Success(format, "text/csv; charset=utf-8", std::move(body), ms);
}

SqlHttpResponse RenderJson(const query::QueryOutput* o, std::optional<uint64_t> limit,
                           int64_t ms) {
  std::string body;
  if (o != nullptr && !o->is_records) {
    body = fmt::format("{{\"affected_rows\":{},\"data\":[],\"execution_time_ms\":{}}}",
                       o->affected_rows, ms);
  } else if (o != nullptr) {
    // Keys sorted bytewise; a repeated column name keeps the last column's value.
    const size_t nc = NumColumns(*o);
    std::map<std::string_view, size_t> order;
    for (size_t c = 0; c < nc; ++c) order[o->schema->column(c).name] = c;
    body = "{\"data\":[";
    uint64_t n = 0;
    ForEachRow(*o, limit, [&](const types::RecordBatch& batch, size_t row) {
      if (n++) body += ',';
      body += '{';
      bool first = true;
      for (const auto& [name, c] : order) {
        if (!first) body += ',';
        first = false;
        AppendQuoted(body, name);
        body += ':';
        AppendCell(body, batch, row, c);
      }
      body += '}';
    });
    body += "],\"execution_time_ms\":";
    AppendInt(body, ms);
    body += '}';
  }
  return Success(SqlFormat::kJson, "application/json", std::move(body), ms);
}

// Characters of UTF-8 text (bytes that are not continuation bytes): Rust pads by characters.
size_t Utf8Chars(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char ch) {
    return (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  }));
}

void AppendPadded(std::string& out, std::string_view text, size_t width, std::string_view pad) {
  out += text;
  for (size_t k = Utf8Chars(text); k < width; ++k) out += pad;
}

SqlHttpResponse RenderTable(const query::QueryOutput* o, std::optional<uint64_t> limit,
                            int64_t ms) {
  std::string body;
  if (o != nullptr && !o->is_records) {
    body = std::to_string(o->affected_rows) + "\n";
  } else if (o != nullptr) {
    const size_t nc = NumColumns(*o);
    std::vector<size_t> width(nc);
    for (size_t c = 0; c < nc; ++c) width[c] = o->schema->column(c).name.size();
    std::vector<std::vector<std::string>> cells;
    ForEachRow(*o, limit, [&](const types::RecordBatch& batch, size_t row) {
      std::vector<std::string> line(nc);
      for (size_t c = 0; c < nc; ++c) {
        AppendCell(line[c], batch, row, c);
        width[c] = std::max(width[c], line[c].size());
      }
      cells.push_back(std::move(line));
    });
    body += "┌";
    for (size_t c = 0; c < nc; ++c) {
      if (c) body += "┬";
      body += "─";
      AppendPadded(body, o->schema->column(c).name, width[c], "─");
      body += "─";
    }
    body += "┐\n";
    for (const auto& line : cells) {
      body += "│";
      for (size_t c = 0; c < nc; ++c) {
        if (c) body += "│";
        body += ' ';
        AppendPadded(body, line[c], width[c], " ");
        body += ' ';
      }
      body += "│\n";
    }
    body += "└";
    for (size_t c = 0; c < nc; ++c) {
      if (c) body += "┴";
      for (size_t k = 0; k < width[c] + 2; ++k) body += "─";
    }
    body += "┘\n";
  }
  return Success(SqlFormat::kTable, "text/plain; charset=utf-8", std::move(body), ms);
}

SqlHttpResponse RenderNull(const query::QueryOutput* o, int64_t ms) {
  if (o == nullptr) {
    return RenderSqlError(Status(StatusCode::kUnexpected, "unexpected output type"), ms);
  }
  // `limit` does not apply here: the count is of the full result.
  std::string body = o->is_records ? fmt::format("{} rows in set.\n", o->num_rows())
                                   : fmt::format("{} rows affected.\n", o->affected_rows);
  body += fmt::format("Elapsed: {:.3f} sec.\n", static_cast<double>(ms) / 1000.0);
  return Success(SqlFormat::kNull, "text/plain; charset=utf-8", std::move(body), ms);
}

// The x-greptime-err-msg value: kept as is when every byte is allowed in a header (visible
// ASCII or tab), otherwise every byte escaped as Rust's ascii::escape_default does
// (\t \r \n \' \" \\, \xNN for the rest outside printable ASCII).
std::string HeaderSafe(std::string_view msg) {
  const bool valid = std::all_of(msg.begin(), msg.end(), [](char ch) {
    unsigned char b = static_cast<unsigned char>(ch);
    return (b >= 0x20 && b < 0x7f) || b == '\t';
  });
  if (valid) return std::string(msg);
  std::string out;
  out.reserve(msg.size() + 16);
  for (char ch : msg) {
    unsigned char b = static_cast<unsigned char>(ch);
    switch (b) {
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\n': out += "\\n"; break;
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '"': out += "\\\""; break;
      default:
        if (b >= 0x20 && b < 0x7f) {
          out += ch;
        } else {
          out += fmt::format("\\x{:02x}", static_cast<unsigned>(b));
        }
    }
  }
  return out;
}

}  // namespace

SqlFormat ParseSqlFormat(std::string_view text) {
  const std::string f = AsciiLower(text);
  if (f == "influxdb_v1") return SqlFormat::kInfluxdbV1;
  if (f == "csv") return SqlFormat::kCsv;
  if (f == "csvwithnames") return SqlFormat::kCsvWithNames;
  if (f == "csvwithnamesandtypes") return SqlFormat::kCsvWithNamesAndTypes;
  if (f == "json") return SqlFormat::kJson;
  if (f == "table") return SqlFormat::kTable;
  if (f == "null") return SqlFormat::kNull;
  if (f == "arrow") return SqlFormat::kArrow;
  return SqlFormat::kGreptimedbV1;
}

std::optional<TimeUnit> ParseEpoch(std::string_view text) {
  const std::string e = AsciiLower(text);
  if (e == "ns") return TimeUnit::kNanosecond;
  if (e == "u" || e == "\xc2\xb5") return TimeUnit::kMicrosecond;  // µ (U+00B5)
  if (e == "s") return TimeUnit::kSecond;
  return TimeUnit::kMillisecond;  // "ms" and anything unknown
}

std::string FormatJsonFloat(double v) {
  if (!std::isfinite(v)) return "null";
  return types::FormatFloat64(v);
}

std::optional<std::string> CanonicalJson(std::string_view text) {
  return JsonCanonicalizer(text).Run();
}

void AppendJsonValue(std::string& out, const types::Column& c, size_t row) {
  if (row >= c.size() || c.IsNull(row)) {
    out += "null";
    return;
  }
  // Fast paths for the common physical layouts; everything else goes through Value.
  switch (c.type().id()) {
    case TypeId::kFloat64:
      if (const auto* f = c.As<types::Float64Column>()) {
        out += FormatJsonFloat(f->at(row));
        return;
      }
      break;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      if (const auto* n = c.As<types::Int64Column>()) {
        AppendInt(out, n->at(row));
        return;
      }
      break;
    case TypeId::kString:
      if (const auto* s = c.As<types::StringColumn>()) {
        AppendQuoted(out, s->at(row));
        return;
      }
      break;
    default:
      break;
  }
  AppendValueJson(out, c.GetValue(row));
}

std::string RenderJsonValue(const types::Column& column, size_t row) {
  std::string out;
  AppendJsonValue(out, column, row);
  return out;
}

SqlHttpResponse RenderSqlError(const Status& status, int64_t ms) {
  const StatusCode code = status.code();
  const uint32_t number = static_cast<uint32_t>(code);
  std::string msg = status.message();
  if (code == StatusCode::kUnknown || code == StatusCode::kInternal) {
    msg = fmt::format("Internal error: {}", number);
  }
  SqlHttpResponse r;
  r.status = static_cast<unsigned>(StatusCodeToHttp(code));
  r.content_type = "application/json";
  r.body = fmt::format("{{\"code\":{},\"error\":\"{}\",\"execution_time_ms\":{}}}", number,
                       JsonEscape(msg), ms);
  r.headers.emplace_back("x-greptime-err-code", std::to_string(number));
  r.headers.emplace_back("x-greptime-err-msg",
                         HeaderSafe(fmt::format("error: {}, execution_time_ms: {}", msg, ms)));
  return r;
}

SqlHttpResponse RenderSqlOutputs(std::span<const query::QueryOutput> outputs, SqlFormat format,
                                 std::optional<TimeUnit> epoch, std::optional<uint64_t> limit,
                                 int64_t ms) {
  if (outputs.size() > 1 && format != SqlFormat::kGreptimedbV1 &&
      format != SqlFormat::kInfluxdbV1) {
    return RenderSqlError(
        Status(StatusCode::kInvalidArguments,
               fmt::format("cannot output multi-statements result in {} format",
                           FormatName(format))),
        ms);
  }
  const query::QueryOutput* first = outputs.empty() ? nullptr : &outputs[0];
  switch (format) {
    case SqlFormat::kGreptimedbV1: return RenderGreptimedbV1(outputs, limit, ms);
    case SqlFormat::kInfluxdbV1: return RenderInfluxdbV1(outputs, epoch, ms);
    case SqlFormat::kCsv:
    case SqlFormat::kCsvWithNames:
    case SqlFormat::kCsvWithNamesAndTypes: return RenderCsv(first, format, limit, ms);
    case SqlFormat::kJson: return RenderJson(first, limit, ms);
    case SqlFormat::kTable: return RenderTable(first, limit, ms);
    case SqlFormat::kNull: return RenderNull(first, ms);
    case SqlFormat::kArrow: break;
  }
  return RenderSqlError(Status(StatusCode::kUnsupported, "Not supported: arrow output format"),
                        ms);
}

}  // namespace greptime::servers
