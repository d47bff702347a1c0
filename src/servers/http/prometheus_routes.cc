// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/http/prometheus_routes.h"
#include "common/strings.h"

#include <fmt/format.h>

#include "common/json_escape.h"
#include "servers/http/sql_routes.h"
#include "servers/prometheus/remote_read.h"
#include "servers/prometheus/remote_write.h"

#include <snappy.h>

namespace greptime::servers {
namespace {

HttpResponse PromError(int status, const std::string& message) {
  return HttpResponse::Json(status, "{\"error\":\"" + JsonEscape(message) + "\"}");
}


}  // namespace

void RegisterPrometheusRoutes(HttpServer& server, frontend::Frontend& frontend,
                              std::string physical_table) {
  auto write = [&frontend, physical_table](const HttpRequest& request) -> HttpResponse {
    if (request.QueryParam("get_vm_proto_version")) return HttpResponse::Text(200, "1");
    auto encoding = request.Header("content-encoding");
    if (!encoding) return PromError(400, "missing Content-Encoding header: snappy or zstd");
    if (auto ct = request.Header("content-type")) {
      std::string t = AsciiLower(*ct);
      if (t.find("io.prometheus.write.v2.request") != std::string::npos) {
        return PromError(400, "prometheus remote write v2 is not supported yet");
      }
      if (!t.empty() && t.rfind("application/x-protobuf", 0) != 0) {
        return HttpResponse::Text(
            415, fmt::format("unsupported prometheus remote write content type: {}", *ct));
      }
    }
    auto raw = prometheus::DecompressBody(request.body, AsciiLower(*encoding), 512u << 20);
    if (!raw.ok()) return PromError(400, raw.status().message());
    auto series = prometheus::DecodeWriteRequest(*raw);
    if (!series.ok()) return PromError(400, series.status().message());
    frontend::QueryContext base = QueryContextFromRequest(request);
    std::string physical = physical_table;
    if (!physical.empty()) {
      if (auto p = request.QueryParam("physical_table"); p && !p->empty()) {
        physical = *p;
      } else if (auto h = base.hints.find("physical_table"); h != base.hints.end()) {
        physical = h->second;
      }
    }
    auto groups = prometheus::SeriesToInserts(*series, physical);
    if (!groups.ok()) return PromError(400, groups.status().message());
    for (const auto& [db, inserts] : *groups) {
      frontend::QueryContext ctx = base;
      if (!db.empty()) ctx.database = db;
      auto written = frontend.InsertRows(inserts, ctx);
      if (!written.ok()) {
        return PromError(StatusCodeToHttp(written.status().code()), written.status().message());
      }
    }
    return HttpResponse::Empty(204);
  };
  server.Route("/v1/prometheus/write", {"POST"}, write, /*blocking=*/true);
  auto read = [&frontend](const HttpRequest& request) -> HttpResponse {
    auto raw = prometheus::DecompressBody(request.body, "snappy", 64u << 20);
    if (!raw.ok()) return PromError(400, raw.status().message());
    auto req = prometheus::DecodeReadRequest(*raw);
    if (!req.ok()) return PromError(400, req.status().message());
    auto body = prometheus::ExecuteRead(*req, frontend, QueryContextFromRequest(request));
    if (!body.ok()) {
      return PromError(StatusCodeToHttp(body.status().code()), body.status().message());
    }
    HttpResponse out;
    out.status = 200;
    out.content_type = "application/x-protobuf";
    out.headers.push_back({"Content-Encoding", "snappy"});
    snappy::Compress(body->data(), body->size(), &out.body);
    return out;
  };
  server.Route("/v1/prometheus/read", {"POST"}, read, /*blocking=*/true);
}

}  // namespace greptime::servers
