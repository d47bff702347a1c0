// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/http/sql_format.h"
#include "common/strings.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "common/json_escape.h"

namespace greptime::servers {
namespace {

using types::DataType;
using types::Value;


std::string Quote(std::string_view s) { return "\"" + JsonEscape(s) + "\""; }

std::string FormatDecimal(__int128 unscaled, int scale) {
  bool neg = unscaled < 0;
  unsigned __int128 u = neg ? static_cast<unsigned __int128>(-unscaled)
                            : static_cast<unsigned __int128>(unscaled);
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u > 0);
  while (static_cast<int>(digits.size()) <= scale) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  std::string out = neg ? "-" : "";
  if (scale == 0) return out + digits;
  out += digits.substr(0, digits.size() - scale);
  out += ".";
  out += digits.substr(digits.size() - scale);
  return out;
}

int64_t ConvertTs(int64_t v, TimeUnit from, TimeUnit to) {
  int64_t f = TimeUnitFactor(from), t = TimeUnitFactor(to);
  if (f == t) return v;
  if (t > f) return v * (t / f);
  return v / (f / t);
}

// Rows of an output, limited.
struct RowRef {
  const types::RecordBatch* batch;
  size_t row;
};

std::vector<RowRef> Rows(const query::QueryOutput& out, std::optional<uint64_t> limit) {
  std::vector<RowRef> rows;
  for (const auto& b : out.batches) {
    for (size_t r = 0; r < b.num_rows(); ++r) {
      if (limit && rows.size() >= *limit) return rows;
      rows.push_back({&b, r});
    }
  }
  return rows;
}

std::string CsvField(std::string text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += "\"\"";
    else out += c;
  }
  return out + "\"";
}

std::string CsvValue(const types::Column& c, size_t row) {
  if (c.IsNull(row)) return "";
  const DataType& t = c.type();
  if (t.is_string()) return CsvField(c.GetValue(row).AsBytes());
  if (t.is_float()) {
    double d = c.GetValue(row).ToFloat64().value_or(0);
    if (std::isnan(d) || std::isinf(d)) return "";
  }
  return CsvField(RenderJsonValue(c, row));
}

SqlHttpResponse Base(SqlFormat format, int64_t ms) {
  SqlHttpResponse r;
  std::string name;
  switch (format) {
    case SqlFormat::kGreptimedbV1: name = "greptimedb_v1"; break;
    case SqlFormat::kInfluxdbV1: name = "influxdb_v1"; break;
    case SqlFormat::kCsv:
    case SqlFormat::kCsvWithNames:
    case SqlFormat::kCsvWithNamesAndTypes: name = "csv"; break;
    case SqlFormat::kJson: name = "json"; break;
    case SqlFormat::kTable: name = "table"; break;
    case SqlFormat::kNull: name = "null"; break;
    case SqlFormat::kArrow: name = "arrow"; break;
  }
  r.headers.push_back({"x-greptime-format", name});
  r.headers.push_back({"x-greptime-execution-time", std::to_string(ms)});
  return r;
}

std::string FormatName(SqlFormat f) {
  switch (f) {
    case SqlFormat::kCsv:
    case SqlFormat::kCsvWithNames:
    case SqlFormat::kCsvWithNamesAndTypes: return "csv";
    case SqlFormat::kJson: return "json";
    case SqlFormat::kTable: return "table";
    case SqlFormat::kNull: return "null";
    case SqlFormat::kArrow: return "arrow";
    default: return "greptimedb_v1";
  }
}

}  // namespace

SqlFormat ParseSqlFormat(std::string_view text) {
  std::string f = AsciiLower(text);
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

TimeUnit ParseEpoch(std::string_view text) {
  std::string e = AsciiLower(text);
  if (e == "ns") return TimeUnit::kNanosecond;
  if (e == "u" || e == "µ" || e == "us") return TimeUnit::kMicrosecond;
  if (e == "s") return TimeUnit::kSecond;
  return TimeUnit::kMillisecond;
}

std::string FormatJsonFloat(double v) {
  if (std::isnan(v) || std::isinf(v)) return "null";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  char buf[64];
  const double a = std::fabs(v);
  if (a >= 1e-5 && a < 1e16) {
    auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed);
    std::string s(buf, res.ptr);
    if (s.find('.') == std::string::npos) s += ".0";
    return s;
  }
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string s(buf, res.ptr);
  // 1e+16 -> 1e16, 1.5e-07 -> 1.5e-7
  size_t e = s.find('e');
  std::string mant = s.substr(0, e);
  std::string exp = s.substr(e + 1);
  bool neg = !exp.empty() && exp[0] == '-';
  if (!exp.empty() && (exp[0] == '+' || exp[0] == '-')) exp = exp.substr(1);
  while (exp.size() > 1 && exp[0] == '0') exp = exp.substr(1);
  return mant + "e" + (neg ? "-" : "") + exp;
}

std::string RenderJsonValue(const types::Column& c, size_t row) {
  if (c.IsNull(row)) return "null";
  const DataType& t = c.type();
  if (const auto* f = c.As<types::Float64Column>()) return FormatJsonFloat(f->at(row));
  if (const auto* n = c.As<types::Int64Column>(); n != nullptr && !t.is_timestamp()) {
    return std::to_string(n->at(row));
  }
  Value v = c.GetValue(row);
  switch (t.id()) {
    case types::TypeId::kBoolean: return v.AsBoolean() ? "true" : "false";
    case types::TypeId::kFloat32: return FormatJsonFloat(static_cast<double>(v.AsFloat32()));
    case types::TypeId::kFloat64: return FormatJsonFloat(v.AsFloat64());
    case types::TypeId::kString: return Quote(v.AsBytes());
    case types::TypeId::kJson: return v.AsBytes();
    case types::TypeId::kBinary: {
      std::string out = "[";
      const std::string& b = v.AsBytes();
      for (size_t i = 0; i < b.size(); ++i) {
        if (i) out += ",";
        out += std::to_string(static_cast<unsigned char>(b[i]));
      }
      return out + "]";
    }
    case types::TypeId::kDate: return std::to_string(v.AsDate());
    case types::TypeId::kTimestamp: return std::to_string(v.AsTimestamp().value);
    case types::TypeId::kDecimal128: return Quote(FormatDecimal(v.AsDecimal128(), t.scale()));
    case types::TypeId::kIntervalMonthDayNano: {
      const auto& i = v.AsInterval();
      unsigned __int128 packed = (static_cast<unsigned __int128>(static_cast<uint32_t>(i.months)) << 96) |
                                 (static_cast<unsigned __int128>(static_cast<uint32_t>(i.days)) << 64) |
                                 static_cast<uint64_t>(i.nanoseconds);
      std::string digits;
      do {
        digits.push_back(static_cast<char>('0' + static_cast<int>(packed % 10)));
        packed /= 10;
      } while (packed > 0);
      std::reverse(digits.begin(), digits.end());
      return digits;
    }
    case types::TypeId::kVector: return Quote(v.ToString());
    default: return v.ToString();
  }
}

SqlHttpResponse RenderSqlError(const Status& status, int64_t ms) {
  SqlHttpResponse r;
  const StatusCode code = status.code();
  r.status = static_cast<unsigned>(StatusCodeToHttp(code));
  std::string msg = status.message();
  if (code == StatusCode::kUnknown || code == StatusCode::kInternal) {
    msg = fmt::format("Internal error: {}", static_cast<int>(code));
  }
  r.content_type = "application/json";
  r.body = fmt::format("{{\"code\":{},\"error\":{},\"execution_time_ms\":{}}}",
                       static_cast<int>(code), Quote(msg), ms);
  std::string header_msg;
  for (unsigned char c : fmt::format("error: {}, execution_time_ms: {}", msg, ms)) {
    if (c >= 0x20 && c < 0x7f) header_msg.push_back(static_cast<char>(c));
    else header_msg += fmt::format("\\x{:02x}", c);
  }
  r.headers.push_back({"x-greptime-err-code", std::to_string(static_cast<int>(code))});
  r.headers.push_back({"x-greptime-err-msg", header_msg});
  return r;
}

SqlHttpResponse RenderSqlOutputs(std::span<const query::QueryOutput> outputs, SqlFormat format,
                                 std::optional<TimeUnit> epoch, std::optional<uint64_t> limit,
                                 int64_t ms) {
  if (outputs.size() > 1 && format != SqlFormat::kGreptimedbV1 &&
      format != SqlFormat::kInfluxdbV1) {
    return RenderSqlError(
        Status(StatusCode::kInvalidArguments,
               fmt::format("cannot output multi-statements result in {} format", FormatName(format))),
        ms);
  }
  if (format == SqlFormat::kArrow) {
    return RenderSqlError(Status(StatusCode::kUnsupported, "arrow output format is not supported yet"),
                          ms);
  }
  SqlHttpResponse r = Base(format, ms);
  switch (format) {
    case SqlFormat::kGreptimedbV1: {
      r.content_type = "application/json";
      std::string body = "{";
      if (!outputs.empty()) {
        body += "\"output\":[";
        for (size_t k = 0; k < outputs.size(); ++k) {
          const auto& o = outputs[k];
          if (k) body += ",";
          if (!o.is_records) {
            body += fmt::format("{{\"affectedrows\":{}}}", o.affected_rows);
            continue;
          }
          body += "{\"records\":{\"schema\":{\"column_schemas\":[";
          for (size_t c = 0; c < o.schema->num_columns(); ++c) {
            if (c) body += ",";
            const auto& col = o.schema->column(c);
            body += fmt::format("{{\"name\":{},\"data_type\":{}}}", Quote(col.name),
                                Quote(col.type.Name()));
          }
          body += "]},\"rows\":[";
          auto rows = Rows(o, limit);
          for (size_t i = 0; i < rows.size(); ++i) {
            if (i) body += ",";
            body += "[";
            for (size_t c = 0; c < rows[i].batch->num_columns(); ++c) {
              if (c) body += ",";
              body += RenderJsonValue(*rows[i].batch->column(c), rows[i].row);
            }
            body += "]";
          }
          body += fmt::format("],\"total_rows\":{}}}}}", rows.size());
        }
        body += "],";
      }
      body += fmt::format("\"execution_time_ms\":{}}}", ms);
      r.body = std::move(body);
      return r;
    }
    case SqlFormat::kInfluxdbV1: {
      r.content_type = "application/json";
      std::string body = "{\"results\":[";
      for (size_t k = 0; k < outputs.size(); ++k) {
        const auto& o = outputs[k];
        if (k) body += ",";
        body += fmt::format("{{\"statement_id\":{},\"series\":[", k);
        if (o.is_records) {
          body += "{\"name\":\"\",\"columns\":[";
          for (size_t c = 0; c < o.schema->num_columns(); ++c) {
            if (c) body += ",";
            body += Quote(o.schema->column(c).name);
          }
          body += "],\"values\":[";
          auto rows = Rows(o, std::nullopt);
          for (size_t i = 0; i < rows.size(); ++i) {
            if (i) body += ",";
            body += "[";
            for (size_t c = 0; c < rows[i].batch->num_columns(); ++c) {
              if (c) body += ",";
              const auto& col = *rows[i].batch->column(c);
              if (epoch && col.type().is_timestamp() && !col.IsNull(rows[i].row)) {
                auto ts = col.GetValue(rows[i].row).AsTimestamp();
                body += std::to_string(ConvertTs(ts.value, ts.unit, *epoch));
              } else {
                body += RenderJsonValue(col, rows[i].row);
              }
            }
            body += "]";
          }
          body += "]}";
        }
        body += "]}";
      }
      body += fmt::format("],\"execution_time_ms\":{}}}", ms);
      r.body = std::move(body);
      return r;
    }
    default: break;
  }
  const query::QueryOutput* o = outputs.empty() ? nullptr : &outputs[0];
  switch (format) {
    case SqlFormat::kCsv:
    case SqlFormat::kCsvWithNames:
    case SqlFormat::kCsvWithNamesAndTypes: {
      r.content_type = "text/csv; charset=utf-8";
      if (o == nullptr) return r;
      if (!o->is_records) {
        r.body = std::to_string(o->affected_rows) + "\n";
        return r;
      }
      std::string body;
      if (format != SqlFormat::kCsv) {
        for (size_t c = 0; c < o->schema->num_columns(); ++c) {
          body += (c ? "," : "") + CsvField(o->schema->column(c).name);
        }
        body += "\r\n";
        if (format == SqlFormat::kCsvWithNamesAndTypes) {
          for (size_t c = 0; c < o->schema->num_columns(); ++c) {
            body += (c ? "," : "") + CsvField(o->schema->column(c).type.Name());
          }
          body += "\r\n";
        }
      }
      for (const auto& row : Rows(*o, limit)) {
        for (size_t c = 0; c < row.batch->num_columns(); ++c) {
          if (c) body += ",";
          body += CsvValue(*row.batch->column(c), row.row);
        }
        body += "\r\n";
      }
      r.body = std::move(body);
      return r;
    }
    case SqlFormat::kJson: {
      r.content_type = "application/json";
      if (o == nullptr || !o->is_records) {
        r.body = fmt::format("{{\"affected_rows\":{},\"data\":[],\"execution_time_ms\":{}}}",
                             o ? o->affected_rows : 0, ms);
        return r;
      }
      std::string body = "{\"data\":[";
      auto rows = Rows(*o, limit);
      for (size_t i = 0; i < rows.size(); ++i) {
        std::map<std::string, std::string> obj;
        for (size_t c = 0; c < rows[i].batch->num_columns(); ++c) {
          obj.emplace(o->schema->column(c).name, RenderJsonValue(*rows[i].batch->column(c), rows[i].row));
        }
        if (i) body += ",";
        body += "{";
        bool first = true;
        for (const auto& [k, v] : obj) {
          if (!first) body += ",";
          first = false;
          body += Quote(k) + ":" + v;
        }
        body += "}";
      }
      body += fmt::format("],\"execution_time_ms\":{}}}", ms);
      r.body = std::move(body);
      return r;
    }
    case SqlFormat::kNull: {
      r.content_type = "text/plain; charset=utf-8";
      if (o == nullptr) return r;
      if (o->is_records) {
        r.body = fmt::format("{} rows in set.\n", Rows(*o, limit).size());
      } else {
        r.body = fmt::format("{} rows affected.\n", o->affected_rows);
      }
      r.body += fmt::format("Elapsed: {:.3f} sec.\n", static_cast<double>(ms) / 1000.0);
      return r;
    }
    case SqlFormat::kTable: {
      r.content_type = "text/plain; charset=utf-8";
      if (o == nullptr) return r;
      if (!o->is_records) {
        r.body = std::to_string(o->affected_rows) + "\n";
        return r;
      }
      const size_t nc = o->schema->num_columns();
      std::vector<size_t> width(nc);
      auto rows = Rows(*o, limit);
      std::vector<std::vector<std::string>> cells;
      for (size_t c = 0; c < nc; ++c) width[c] = o->schema->column(c).name.size();
      for (const auto& row : rows) {
        std::vector<std::string> line;
        for (size_t c = 0; c < nc; ++c) {
          line.push_back(RenderJsonValue(*row.batch->column(c), row.row));
          width[c] = std::max(width[c], line.back().size());
        }
        cells.push_back(std::move(line));
      }
      std::string body = "┌";
      for (size_t c = 0; c < nc; ++c) {
        const std::string& name = o->schema->column(c).name;
        body += "─" + name;
        for (size_t k = name.size(); k < width[c]; ++k) body += "─";
        body += "─";
        body += c + 1 < nc ? "┬" : "┐";
      }
      body += "\n";
      for (const auto& line : cells) {
        body += "│";
        for (size_t c = 0; c < nc; ++c) {
          body += " " + line[c] + std::string(width[c] - line[c].size(), ' ') + " │";
        }
        body += "\n";
      }
      body += "└";
      for (size_t c = 0; c < nc; ++c) {
        for (size_t k = 0; k < width[c] + 2; ++k) body += "─";
        body += c + 1 < nc ? "┴" : "┘";
      }
      body += "\n";
      r.body = std::move(body);
      return r;
    }
    default: break;
  }
  return r;
}

}  // namespace greptime::servers
