// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/http/influxdb_routes.h"

#include <zlib.h>

#include <chrono>
#include <map>

#include <fmt/format.h>

#include "common/json_escape.h"
#include "types/column_builder.h"
#include "common/logging.h"
#include "servers/http/sql_routes.h"

namespace greptime::servers {
namespace {

using types::DataType;
using types::Value;

// Wire codes of column data types in GreptimeDB's conflict messages (spec/ingestion.md §1.3).
int WireCode(const DataType& t) {
  switch (t.id()) {
    case types::TypeId::kBoolean: return 0;
    case types::TypeId::kInt64: return 4;
    case types::TypeId::kUInt64: return 8;
    case types::TypeId::kFloat64: return 10;
    case types::TypeId::kString: return 12;
    default: return 18;
  }
}

HttpResponse InfluxError(int status, const std::string& message) {
  return HttpResponse::Json(status, "{\"error\":\"" + JsonEscape(message) + "\"}");
}

}  // namespace

Result<std::string> GunzipBody(std::string_view body, size_t limit) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return Status::Internal("inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  zs.avail_in = static_cast<uInt>(body.size());
  std::string out;
  char buf[64 * 1024];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return Status::InvalidArguments("invalid gzip body");
    }
    out.append(buf, sizeof(buf) - zs.avail_out);
    if (limit != 0 && out.size() > limit) {
      inflateEnd(&zs);
      return Status::InvalidArguments("decompressed body exceeds the body limit of {} bytes", limit);
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return Status::InvalidArguments("truncated gzip body");
    }
  }
  inflateEnd(&zs);
  return out;
}

Result<std::vector<frontend::RowInsertRequest>> PointsToInserts(
    const influxdb::ParsedLines& points, std::string_view precision, int64_t now_ns) {
  int64_t to_ns = 0;
  std::string unit_name;
  if (precision.empty() || precision == "n" || precision == "ns") {
    to_ns = 1;
  } else if (precision == "u" || precision == "us") {
    to_ns = 1000;
  } else if (precision == "ms") {
    to_ns = 1000000;
  } else if (precision == "s") {
    to_ns = 1000000000;
    unit_name = "Second";
  } else if (precision == "m") {
    to_ns = 60LL * 1000000000;
    unit_name = "Minute";
  } else if (precision == "h") {
    to_ns = 3600LL * 1000000000;
    unit_name = "Hour";
  } else {
    return Status::InvalidArguments("Failed to convert time precision, name: {}", precision);
  }
  // Columns are built directly (no per-row Values): each table keeps one builder per column;
  // a column first seen after some rows gets NULLs for them.
  struct Table {
    frontend::RowInsertRequest req;
    std::map<std::string, size_t, std::less<>> index;
    std::vector<std::unique_ptr<types::ColumnBuilder>> builders;
    size_t rows = 0;
    // The key layout of the previous line (tag keys, field keys with value kinds) and the
    // column of each key: lines of one batch usually repeat it, so the lookups are skipped.
    std::vector<std::string_view> last_keys;
    std::vector<size_t> last_kinds;
    std::vector<size_t> last_columns;
    std::vector<bool> last_set;  // per column: set by that layout (or the time index)
    size_t ts_column = SIZE_MAX;
  };
  std::map<std::string, Table, std::less<>> tables;
  std::vector<std::string> order;
  const std::string ts_name = "greptime_timestamp";
  Table* last = nullptr;
  std::string_view last_measurement;

  auto append_field = [](types::ColumnBuilder& b, const influxdb::FieldValue& v) {
    std::visit(
        [&](const auto& x) {
          using X = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<X, double>) {
            static_cast<types::PrimitiveColumnBuilder<double>&>(b).Append(x);
          } else if constexpr (std::is_same_v<X, int64_t>) {
            static_cast<types::PrimitiveColumnBuilder<int64_t>&>(b).Append(x);
          } else if constexpr (std::is_same_v<X, uint64_t>) {
            static_cast<types::PrimitiveColumnBuilder<uint64_t>&>(b).Append(x);
          } else if constexpr (std::is_same_v<X, bool>) {
            static_cast<types::BooleanColumnBuilder&>(b).Append(x);
          } else {
            (void)static_cast<types::StringColumnBuilder&>(b).Append(x);
          }
        },
        v);
  };
  auto field_type = [](const influxdb::FieldValue& v) {
    switch (v.index()) {
      case 0: return DataType::Float64();
      case 1: return DataType::Int64();
      case 2: return DataType::UInt64();
      case 3: return DataType::Boolean();
      default: return DataType::String();
    }
  };

  for (const auto& p : points) {
    if (last == nullptr || p.measurement != last_measurement) {
      auto it = tables.find(p.measurement);
      if (it == tables.end()) {
        it = tables.emplace(std::string(p.measurement), Table{}).first;
        it->second.req.table = std::string(p.measurement);
        it->second.req.create_options["merge_mode"] = "last_non_null";
        order.push_back(std::string(p.measurement));
      }
      last = &it->second;
      last_measurement = p.measurement;
    }
    Table& t = *last;
    int64_t ts_ns = 0;
    if (p.timestamp) {
      if (__builtin_mul_overflow(*p.timestamp, to_ns, &ts_ns)) {
        return Status::InvalidArguments(
            "Timestamp overflow: timestamp {} overflow with precision Precision::{}", *p.timestamp,
            unit_name.empty() ? "Nanosecond" : unit_name);
      }
    } else {
      ts_ns = now_ns / to_ns * to_ns;
    }
    // Fast path: same layout as the previous line of this table.
    const size_t nkeys = p.tags.size() + p.fields.size();
    bool same = t.last_keys.size() == nkeys && t.ts_column != SIZE_MAX &&
                t.last_set.size() == t.builders.size();
    for (size_t i = 0; same && i < p.tags.size(); ++i) {
      same = t.last_keys[i] == p.tags[i].first && t.last_kinds[i] == SIZE_MAX;
    }
    for (size_t i = 0; same && i < p.fields.size(); ++i) {
      same = t.last_keys[p.tags.size() + i] == p.fields[i].first &&
             t.last_kinds[p.tags.size() + i] == p.fields[i].second.index();
    }
    if (!same) {
      // Slow path: resolve (and create) the columns of this layout.
      auto column = [&](std::string_view name, DataType type,
                        types::SemanticType sem) -> Result<size_t> {
        auto found = t.index.find(name);
        if (found != t.index.end()) {
          const auto& c = t.req.columns[found->second];
          if (c.semantic != sem) {
            return Status::InvalidArguments(
                "Column: {}, semantic_type incompatible, expected: {}, actual: {}", name,
                static_cast<int>(c.semantic), static_cast<int>(sem));
          }
          if (!(c.type == type)) {
            return Status::InvalidArguments(
                "Column: {}, datatype incompatible, expected: {}, actual: {}", name,
                WireCode(c.type), WireCode(type));
          }
          return found->second;
        }
        size_t idx = t.req.columns.size();
        t.req.columns.push_back({std::string(name), type, sem});
        t.index.emplace(std::string(name), idx);
        auto builder = types::MakeColumnBuilder(type, t.rows);
        for (size_t r = 0; r < t.rows; ++r) builder->AppendNull();
        t.builders.push_back(std::move(builder));
        return idx;
      };
      t.last_keys.clear();
      t.last_kinds.clear();
      t.last_columns.clear();
      for (const auto& [k, v] : p.tags) {
        GT_ASSIGN_OR_RETURN(size_t idx, column(k, DataType::String(), types::SemanticType::kTag));
        t.last_keys.push_back(k);
        t.last_kinds.push_back(SIZE_MAX);
        t.last_columns.push_back(idx);
      }
      for (const auto& [k, v] : p.fields) {
        GT_ASSIGN_OR_RETURN(size_t idx, column(k, field_type(v), types::SemanticType::kField));
        t.last_keys.push_back(k);
        t.last_kinds.push_back(v.index());
        t.last_columns.push_back(idx);
      }
      GT_ASSIGN_OR_RETURN(t.ts_column, column(ts_name, DataType::TimestampNanosecond(),
                                              types::SemanticType::kTimestamp));
      t.last_set.assign(t.builders.size(), false);
      for (size_t c : t.last_columns) t.last_set[c] = true;
      t.last_set[t.ts_column] = true;
    }
    for (size_t i = 0; i < p.tags.size(); ++i) {
      (void)static_cast<types::StringColumnBuilder&>(*t.builders[t.last_columns[i]])
          .Append(p.tags[i].second);
    }
    for (size_t i = 0; i < p.fields.size(); ++i) {
      append_field(*t.builders[t.last_columns[p.tags.size() + i]], p.fields[i].second);
    }
    static_cast<types::PrimitiveColumnBuilder<int64_t>&>(*t.builders[t.ts_column]).Append(ts_ns);
    for (size_t c = 0; c < t.builders.size(); ++c) {
      if (!t.last_set[c]) t.builders[c]->AppendNull();
    }
    ++t.rows;
  }
  std::vector<frontend::RowInsertRequest> out;
  for (const auto& name : order) {
    auto& t = tables[name];
    for (auto& b : t.builders) t.req.data.push_back(b->Finish());
    out.push_back(std::move(t.req));
  }
  return out;
}

void RegisterInfluxdbRoutes(HttpServer& server, frontend::Frontend& frontend) {
  auto write = [&frontend](const HttpRequest& request, bool v2) -> HttpResponse {
    std::string body_storage;
    std::string_view body = request.body;
    if (auto enc = request.Header("content-encoding"); enc && (*enc == "gzip" || *enc == "GZIP")) {
      auto inflated = GunzipBody(request.body, 512u << 20);
      if (!inflated.ok()) return InfluxError(400, inflated.status().message());
      body_storage = std::move(inflated).value();
      body = body_storage;
    }
    frontend::QueryContext ctx = QueryContextFromRequest(request);
    if (v2 && !request.Header("x-greptime-db-name") && !request.QueryParam("db")) {
      if (auto bucket = request.QueryParam("bucket"); bucket && !bucket->empty()) {
        ctx.database = *bucket;
      }
    }
    auto points = influxdb::ParseLineProtocol(body);
    if (!points.ok()) return InfluxError(400, points.status().message());
    const int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    auto inserts = PointsToInserts(*points, request.QueryParam("precision").value_or(""), now_ns);
    if (!inserts.ok()) return InfluxError(400, inserts.status().message());
    auto written = frontend.InsertRows(*inserts, ctx);
    if (!written.ok()) {
      const Status& st = written.status();
      int http = StatusCodeToHttp(st.code());
      return InfluxError(http, st.message());
    }
    return HttpResponse::Empty(204);
  };
  server.Route("/v1/influxdb/write", {"POST"},
               [write](const HttpRequest& r) { return write(r, false); }, /*blocking=*/true);
  server.Route("/v1/influxdb/api/v2/write", {"POST"},
               [write](const HttpRequest& r) { return write(r, true); }, /*blocking=*/true);
  server.Route("/v1/influxdb/ping", {"GET", "POST"},
               [](const HttpRequest&) { return HttpResponse::Empty(204); });
  server.Route("/v1/influxdb/health", {"GET", "POST"},
               [](const HttpRequest&) { return HttpResponse::Empty(200); });
}

}  // namespace greptime::servers
