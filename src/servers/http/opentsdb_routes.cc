// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/http/opentsdb_routes.h"

#include <cstdlib>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/json_escape.h"
#include "servers/http/sql_routes.h"

namespace greptime::servers {
namespace {

using types::DataType;
using types::Value;

Status Invalid(std::string_view why) {
  return Status(StatusCode::kInvalidArguments, fmt::format("Invalid OpenTSDB Json request: {}", why));
}

}  // namespace

Result<std::vector<frontend::RowInsertRequest>> OpentsdbToInserts(std::string_view body) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Invalid("malformed JSON");
  std::vector<nlohmann::ordered_json> points;
  if (doc.is_array()) {
    for (auto& p : doc) points.push_back(p);
  } else {
    points.push_back(doc);
  }
  struct Table {
    frontend::RowInsertRequest req;
    std::map<std::string, size_t> index;  // tag name -> column
  };
  std::map<std::string, Table> tables;
  std::vector<std::string> order;
  for (const auto& p : points) {
    if (!p.is_object()) return Invalid("a data point must be an object");
    for (const char* key : {"metric", "timestamp", "value", "tags"}) {
      if (!p.contains(key)) return Invalid(fmt::format("missing field `{}`", key));
    }
    if (!p["metric"].is_string()) return Invalid("`metric` must be a string");
    if (!p["timestamp"].is_number_integer()) return Invalid("`timestamp` must be an integer");
    if (!p["value"].is_number()) return Invalid("`value` must be a number");
    if (!p["tags"].is_object()) return Invalid("`tags` must be an object");
    const std::string metric = p["metric"].get<std::string>();
    auto it = tables.find(metric);
    if (it == tables.end()) {
      it = tables.emplace(metric, Table{}).first;
      it->second.req.table = metric;
      order.push_back(metric);
    }
    Table& t = it->second;
    std::vector<std::pair<size_t, std::string>> tags;
    for (const auto& [k, v] : p["tags"].items()) {
      if (!v.is_string()) return Invalid(fmt::format("tag `{}` must be a string", k));
      auto ti = t.index.find(k);
      if (ti == t.index.end()) {
        ti = t.index.emplace(k, t.req.columns.size()).first;
        t.req.columns.push_back({k, DataType::String(), types::SemanticType::kTag});
      }
      tags.emplace_back(ti->second, v.get<std::string>());
    }
    if (t.index.count("greptime_value") == 0) {
      t.index["greptime_value"] = t.req.columns.size();
      t.req.columns.push_back({"greptime_value", DataType::Float64(), types::SemanticType::kField});
      t.index["greptime_timestamp"] = t.req.columns.size();
      t.req.columns.push_back({"greptime_timestamp", DataType::TimestampMillisecond(),
                               types::SemanticType::kTimestamp});
    }
    int64_t ts = p["timestamp"].get<int64_t>();
    // Fewer than 13 digits: seconds.
    if (std::llabs(ts) < 1'000'000'000'000LL) ts *= 1000;
    std::vector<Value> row(t.req.columns.size());
    for (auto& [idx, v] : tags) row[idx] = Value::String(std::move(v));
    row[t.index["greptime_value"]] = Value::Float64(p["value"].get<double>());
    row[t.index["greptime_timestamp"]] = Value::Timestamp(ts, TimeUnit::kMillisecond);
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

void RegisterOpentsdbRoutes(HttpServer& server, frontend::Frontend& frontend) {
  server.Route(
      "/v1/opentsdb/api/put", {"POST"},
      [&frontend](const HttpRequest& request) -> HttpResponse {
        auto inserts = OpentsdbToInserts(request.body);
        if (!inserts.ok()) {
          return HttpResponse::Json(
              400, "{\"error\":\"" + JsonEscape(inserts.status().message()) + "\"}");
        }
        frontend::QueryContext ctx = QueryContextFromRequest(request);
        auto written = frontend.InsertRows(*inserts, ctx);
        if (!written.ok()) {
          return HttpResponse::Json(500, "{\"error\":\"Internal error: 1003\"}");
        }
        return HttpResponse::Empty(204);
      },
      /*blocking=*/true);
}

}  // namespace greptime::servers
