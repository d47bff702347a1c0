// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/http/admin_routes.h"

#include <fmt/format.h>

#include "common/logging.h"
#include "common/metrics.h"
#include "common/version.h"
#include "servers/http/http_server.h"

namespace greptime::servers {

void RegisterAdminRoutes(HttpServer& server, AdminRoutesOptions options) {
  MetricsRegistry& registry = MetricsRegistry::Global();
  RegisterProcessMetrics(registry);
  registry
      .GetGauge("greptime_app_version", "The version of this greptime build",
                {{"short_version", std::string(Version())}, {"version", std::string(Version())},
                 {"commit", std::string(GitCommit())}})
      .Set(1);

  auto health = [](const HttpRequest&) { return HttpResponse::Json(200, "{}"); };
  for (const char* path : {"/health", "/ready", "/v1/health"}) {
    server.Route(path, {"GET", "POST"}, health);
  }

  server.Route("/status", {"GET"}, [](const HttpRequest&) {
    return HttpResponse::Json(
        200, fmt::format("{{\"commit\":\"{}\",\"branch\":\"{}\",\"rustc_version\":\"{}\","
                         "\"hostname\":\"{}\",\"version\":\"{}\"}}",
                         JsonEscape(GitCommit()), JsonEscape(GitBranch()), JsonEscape(CompilerId()),
                         JsonEscape(Hostname()), JsonEscape(Version())));
  });

  server.Route("/metrics", {"GET"}, [](const HttpRequest&) {
    HttpResponse response = HttpResponse::Text(200, MetricsRegistry::Global().RenderText());
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return response;
  });

  server.Route("/config", {"GET"}, [toml = std::move(options.config_toml)](const HttpRequest&) {
    return HttpResponse::Text(200, toml);
  });

  server.Route("/debug/log_level", {"POST"}, [](const HttpRequest& request) {
    std::string filter = request.body;
    while (!filter.empty() && (filter.back() == '\n' || filter.back() == ' ')) filter.pop_back();
    Status st = SetLogFilter(filter);
    if (!st.ok()) return HttpResponse::Error(st);
    GT_LOG_INFO("log level changed to '{}'", filter);
    return HttpResponse::Text(200, fmt::format("Log Level changed to {}", filter));
  });

  server.Route("/", {"GET"}, [](const HttpRequest&) {
    HttpResponse response = HttpResponse::Text(
        200, fmt::format("<!DOCTYPE html><html><head><title>greptime</title></head><body>"
                         "<h1>greptime {}</h1><ul><li><a href=\"/status\">/status</a></li>"
                         "<li><a href=\"/metrics\">/metrics</a></li>"
                         "<li><a href=\"/config\">/config</a></li></ul></body></html>\n",
                         Version()));
    response.content_type = "text/html; charset=utf-8";
    return response;
  });
}

}  // namespace greptime::servers
