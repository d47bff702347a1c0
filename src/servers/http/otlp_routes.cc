// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/http/otlp_routes.h"

#include "common/json_escape.h"
#include "common/strings.h"
#include "servers/http/influxdb_routes.h"
#include "servers/http/sql_routes.h"
#include "servers/otlp/otlp_metrics.h"

namespace greptime::servers {
namespace {

HttpResponse OtlpError(int status, const std::string& message) {
  return HttpResponse::Json(status, "{\"error\":\"" + JsonEscape(message) + "\"}");
}

bool TruthyHeader(const HttpRequest& r, std::string_view name) {
  auto h = r.Header(name);
  if (!h) return false;
  std::string v = AsciiLower(*h);
  return v == "true" || v == "1" || v == "yes" || v == "on" || v == "t";
}

std::set<std::string> SplitList(const HttpRequest& r, std::string_view name) {
  std::set<std::string> out;
  auto h = r.Header(name);
  if (!h) return out;
  std::string cur;
  for (char c : *h) {
    if (c == ';') {
      if (!cur.empty()) out.insert(cur);
      cur.clear();
    } else if (c != ' ') {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.insert(cur);
  return out;
}

}  // namespace

void RegisterOtlpRoutes(HttpServer& server, frontend::Frontend& frontend,
                        std::string physical_table) {
  auto metrics = [&frontend, physical_table](const HttpRequest& request) -> HttpResponse {
    if (auto ct = request.Header("content-type")) {
      if (AsciiLower(*ct).find("json") != std::string::npos) {
        return OtlpError(400, "Unsupported content type 'application/json'. OTLP endpoint only "
                              "supports 'application/x-protobuf'.");
      }
    }
    otlp::OtlpOptions options;
    if (auto s = request.Header("x-greptime-otlp-metric-translation-strategy")) {
      if (*s == "UnderscoreEscapingWithSuffixes") {
        options.strategy = otlp::TranslationStrategy::kUnderscoreEscapingWithSuffixes;
      } else if (*s == "UnderscoreEscapingWithoutSuffixes") {
        options.strategy = otlp::TranslationStrategy::kUnderscoreEscapingWithoutSuffixes;
      } else if (*s == "NoUTF8EscapingWithSuffixes") {
        options.strategy = otlp::TranslationStrategy::kNoUtf8EscapingWithSuffixes;
      } else if (*s == "NoTranslation") {
        options.strategy = otlp::TranslationStrategy::kNoTranslation;
      } else {
        return OtlpError(400, "Invalid translation strategy: " + std::string(*s));
      }
    }
    options.promote_all_resource_attrs =
        TruthyHeader(request, "x-greptime-otlp-metric-promote-all-resource-attrs");
    options.promote_resource_attrs =
        SplitList(request, "x-greptime-otlp-metric-promote-resource-attrs");
    options.ignore_resource_attrs = SplitList(request, "x-greptime-otlp-metric-ignore-resource-attrs");
    options.promote_scope_attrs = TruthyHeader(request, "x-greptime-otlp-metric-promote-scope-attrs");
    std::string inflated;
    std::string_view body = request.body;
    if (auto enc = request.Header("content-encoding"); enc && AsciiLower(*enc) == "gzip") {
      auto r = GunzipBody(request.body, 512u << 20);
      if (!r.ok()) return OtlpError(400, r.status().message());
      inflated = std::move(r).value();
      body = inflated;
    }
    auto inserts = otlp::MetricsToInserts(body, options);
    if (!inserts.ok()) return OtlpError(400, inserts.status().message());
    frontend::QueryContext ctx = QueryContextFromRequest(request);
    if (!physical_table.empty()) {
      std::string physical = physical_table;
      if (auto h = ctx.hints.find("physical_table"); h != ctx.hints.end() && !h->second.empty()) {
        physical = h->second;
      }
      for (auto& insert : *inserts) insert.physical_table = physical;
    }
    auto written = frontend.InsertRows(*inserts, ctx);
    if (!written.ok()) {
      return OtlpError(StatusCodeToHttp(written.status().code()), written.status().message());
    }
    HttpResponse out;
    out.status = 200;
    out.content_type = "application/x-protobuf";
    return out;
  };
  server.Route("/v1/otlp/v1/metrics", {"POST"}, metrics, /*blocking=*/true);
}

}  // namespace greptime::servers
