// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/http/influxdb_routes.h"

#include <zlib.h>

#include <chrono>
#include <map>

#include <fmt/format.h>

#include "common/json_escape.h"
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
    const std::vector<influxdb::Point>& points, std::string_view precision, int64_t now_ns) {
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
  struct Table {
    frontend::RowInsertRequest req;
    std::map<std::string, size_t, std::less<>> index;
  };
  std::map<std::string, Table, std::less<>> tables;
  std::vector<std::string> order;
  const std::string ts_name = "greptime_timestamp";
  for (const auto& p : points) {
    auto it = tables.find(p.measurement);
    if (it == tables.end()) {
      it = tables.emplace(p.measurement, Table{}).first;
      it->second.req.table = p.measurement;
      it->second.req.create_options["merge_mode"] = "last_non_null";
      order.push_back(p.measurement);
    }
    Table& t = it->second;
    auto column = [&](const std::string& name, DataType type,
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
          return Status::InvalidArguments("Column: {}, datatype incompatible, expected: {}, actual: {}",
                                          name, WireCode(c.type), WireCode(type));
        }
        return found->second;
      }
      size_t idx = t.req.columns.size();
      t.req.columns.push_back({name, type, sem});
      t.index.emplace(name, idx);
      for (auto& row : t.req.rows) row.resize(t.req.columns.size());
      return idx;
    };
    std::vector<Value> row(t.req.columns.size());
    auto set = [&](size_t idx, Value v) {
      if (row.size() <= idx) row.resize(idx + 1);
      row[idx] = std::move(v);
    };
    for (const auto& [k, v] : p.tags) {
      GT_ASSIGN_OR_RETURN(size_t idx, column(k, DataType::String(), types::SemanticType::kTag));
      set(idx, Value::String(v));
    }
    for (const auto& [k, v] : p.fields) {
      DataType type;
      Value value;
      if (const auto* d = std::get_if<double>(&v)) {
        type = DataType::Float64();
        value = Value::Float64(*d);
      } else if (const auto* i = std::get_if<int64_t>(&v)) {
        type = DataType::Int64();
        value = Value::Int64(*i);
      } else if (const auto* u = std::get_if<uint64_t>(&v)) {
        type = DataType::UInt64();
        value = Value::UInt64(*u);
      } else if (const auto* b = std::get_if<bool>(&v)) {
        type = DataType::Boolean();
        value = Value::Boolean(*b);
      } else {
        type = DataType::String();
        value = Value::String(std::get<std::string>(v));
      }
      GT_ASSIGN_OR_RETURN(size_t idx, column(k, type, types::SemanticType::kField));
      set(idx, std::move(value));
    }
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
    GT_ASSIGN_OR_RETURN(size_t ts_idx,
                        column(ts_name, DataType::TimestampNanosecond(), types::SemanticType::kTimestamp));
    set(ts_idx, Value::Timestamp(ts_ns, TimeUnit::kNanosecond));
    row.resize(t.req.columns.size());
    t.req.rows.push_back(std::move(row));
  }
  std::vector<frontend::RowInsertRequest> out;
  for (const auto& name : order) {
    auto& t = tables[name];
    for (auto& row : t.req.rows) row.resize(t.req.columns.size());
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
