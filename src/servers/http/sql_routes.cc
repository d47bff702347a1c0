// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/http/sql_routes.h"

#include <chrono>

#include "catalog/names.h"
#include "common/logging.h"
#include "servers/http/sql_format.h"

namespace greptime::servers {
namespace {

HttpResponse ToHttp(SqlHttpResponse r) {
  HttpResponse out;
  out.status = static_cast<int>(r.status);
  out.content_type = std::move(r.content_type);
  out.body = std::move(r.body);
  out.headers = std::move(r.headers);
  return out;
}

bool IsFormContentType(std::string_view ct) {
  std::string lower(ct);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.rfind("application/x-www-form-urlencoded", 0) == 0;
}

}  // namespace

frontend::QueryContext QueryContextFromRequest(const HttpRequest& request) {
  frontend::QueryContext ctx;
  if (request.user) {
    ctx.read_allowed = auth::CheckPermission(*request.user, false).ok();
    ctx.write_allowed = auth::CheckPermission(*request.user, true).ok();
  }
  std::optional<std::string> db;
  if (auto h = request.Header("x-greptime-db-name"); h && !h->empty()) db = std::string(*h);
  if (auto q = request.QueryParam("db"); q && !q->empty()) {
    db = *q;
  } else if (request.method == "POST") {
    if (auto f = request.FormParam("db"); f && !f->empty()) db = *f;
  }
  if (db) {
    const size_t dash = db->find('-');
    if (dash == std::string::npos) {
      ctx.database = *db;
    } else {
      ctx.catalog = db->substr(0, dash);
      ctx.database = db->substr(dash + 1);
    }
  }
  // Hints: x-greptime-hints "k1=v1, k2=v2", else the legacy x-greptime-hint-<key> headers.
  auto trim = [](std::string_view v) {
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    return std::string(v);
  };
  if (auto hints = request.Header("x-greptime-hints")) {
    std::string_view rest = *hints;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      size_t eq = item.find('=');
      if (eq == std::string_view::npos) continue;
      ctx.hints[trim(item.substr(0, eq))] = trim(item.substr(eq + 1));
    }
  } else {
    for (const char* key : {"auto_create_table", "ttl", "append_mode", "merge_mode",
                            "physical_table", "skip_wal", "read_preference"}) {
      if (auto v = request.Header(std::string("x-greptime-hint-") + key)) ctx.hints[key] = trim(*v);
    }
  }
  if (auto tz = request.Header("x-greptime-timezone"); tz && !tz->empty()) {
    auto zone = TimeZone::Parse(*tz);
    if (zone.ok()) {
      ctx.time_zone = *zone;
      ctx.time_zone_text = zone->name();
    }
  }
  return ctx;
}

void RegisterSqlRoutes(HttpServer& server, frontend::Frontend& frontend) {
  auto handler = [&frontend](const HttpRequest& request) -> HttpResponse {
    const auto start = std::chrono::steady_clock::now();
    auto elapsed_ms = [&]() {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - start)
          .count();
    };
    const bool post = request.method == "POST";
    if (post) {
      auto ct = request.Header("content-type");
      if (!(ct && IsFormContentType(*ct)) && !request.body.empty()) {
        return HttpResponse::Text(
            415, "Form requests must have `Content-Type: application/x-www-form-urlencoded`");
      }
    }
    auto param = [&](std::string_view name) -> std::optional<std::string> {
      if (auto q = request.QueryParam(name)) return q;
      if (post) return request.FormParam(name);
      return std::nullopt;
    };
    auto sql = param("sql");
    if (!sql) {
      return ToHttp(RenderSqlError(
          Status(StatusCode::kInvalidArguments, "sql parameter is required."), elapsed_ms()));
    }
    frontend::QueryContext ctx = QueryContextFromRequest(request);
    auto exists = frontend.catalog().DatabaseExists(ctx.catalog, ctx.database);
    if (!exists.ok() || !*exists) {
      std::string shown = ctx.catalog == "greptime" ? ctx.database
                                                    : ctx.catalog + "-" + ctx.database;
      return ToHttp(RenderSqlError(
          Status(StatusCode::kDatabaseNotFound, "Database not found: " + shown), elapsed_ms()));
    }
    SqlFormat format = ParseSqlFormat(param("format").value_or(""));
    std::optional<TimeUnit> epoch;
    if (auto e = param("epoch")) epoch = ParseEpoch(*e);
    std::optional<uint64_t> limit;
    if (auto l = request.QueryParam("limit")) {
      char* end = nullptr;
      unsigned long long n = std::strtoull(l->c_str(), &end, 10);
      if (end != nullptr && *end == 0 && !l->empty()) limit = n;
    }
    auto outputs = frontend.ExecuteSql(*sql, ctx);
    if (!outputs.ok()) {
      GT_LOG_DEBUG("sql failed: {}: {}", *sql, outputs.status().ToString());
      return ToHttp(RenderSqlError(outputs.status(), elapsed_ms()));
    }
    return ToHttp(RenderSqlOutputs(*outputs, format, epoch, limit, elapsed_ms()));
  };
  server.Route("/v1/sql", {"GET", "POST"}, handler, /*blocking=*/true);

  // /v1/promql (spec/promql.md §3): a PromQL range query answered like /v1/sql, with the rows
  // and columns of the equivalent TQL EVAL.
  auto promql = [&frontend](const HttpRequest& request) -> HttpResponse {
    const auto start_time = std::chrono::steady_clock::now();
    auto elapsed_ms = [&]() {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - start_time)
          .count();
    };
    auto param = [&](std::string_view name) -> std::optional<std::string> {
      if (auto q = request.QueryParam(name)) return q;
      if (request.method == "POST") return request.FormParam(name);
      return std::nullopt;
    };
    auto query = param("query");
    auto start = param("start");
    auto end = param("end");
    auto step = param("step");
    if (!query || !start || !end || !step) {
      return ToHttp(RenderSqlError(
          Status::InvalidArguments("query, start, end and step are required"), elapsed_ms()));
    }
    // Times and durations go in as SQL string literals; TQL parses numbers inside them too.
    auto literal = [](const std::string& text) {
      std::string out = "'";
      for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
      }
      return out + "'";
    };
    std::string sql = "TQL EVAL (" + literal(*start) + ", " + literal(*end) + ", " + literal(*step);
    if (auto lookback = param("lookback"); lookback && !lookback->empty()) {
      sql += ", " + literal(*lookback);
    }
    sql += ") " + *query;
    frontend::QueryContext ctx = QueryContextFromRequest(request);
    SqlFormat format = ParseSqlFormat(param("format").value_or(""));
    std::optional<TimeUnit> epoch;
    if (auto e = param("epoch")) epoch = ParseEpoch(*e);
    auto outputs = frontend.ExecuteSql(sql, ctx);
    if (!outputs.ok()) return ToHttp(RenderSqlError(outputs.status(), elapsed_ms()));
    return ToHttp(RenderSqlOutputs(*outputs, format, epoch, std::nullopt, elapsed_ms()));
  };
  server.Route("/v1/promql", {"GET", "POST"}, promql, /*blocking=*/true);
}

}  // namespace greptime::servers
