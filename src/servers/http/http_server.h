// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The HTTP/1.1 server of port 4000 (Boost.Beast on Asio, C++20 coroutines, behind a pimpl so no
// Beast header leaks out): routing, keep-alive, body limits, timeouts, CORS, request metrics and
// graceful shutdown. Handlers see plain HttpRequest/HttpResponse values.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json_escape.h"
#include "common/status.h"
#include "servers/auth/user_provider.h"

namespace greptime {
class ThreadPool;
}

namespace greptime::servers {

// The first value of `name` in "a=1&b=2" (URL-decoded, '+' as blank), or nullopt.
std::optional<std::string> FindUrlEncodedParam(std::string_view text, std::string_view name);

struct HttpRequest {
  std::string method;  // upper case: "GET", "POST", ...
  std::string path;    // the target up to '?', not decoded
  std::string query;   // the raw query string after '?', may be empty
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  // The authenticated user (set by the server when a user provider is configured).
  std::optional<auth::UserInfo> user;

  // The first header of that (case-insensitive) name, or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
  // The first query parameter of that name, URL-decoded ('+' is a blank), or nullopt.
  std::optional<std::string> QueryParam(std::string_view name) const;
  // The first field `name` of an application/x-www-form-urlencoded body, decoded.
  std::optional<std::string> FormParam(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // empty: no Content-Type header
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  static HttpResponse Json(int status, std::string body);
  static HttpResponse Text(int status, std::string body);
  static HttpResponse Empty(int status);
  // GreptimeDB's error shape: HTTP status of the code, body
  // {"code":<code>,"error":"<message>","execution_time_ms":<ms>}, and the headers
  // x-greptime-err-code / x-greptime-err-msg.
  static HttpResponse Error(const Status& status, int64_t execution_time_ms = 0);
};

// Runs on an I/O thread unless the route is registered as blocking. Must not throw.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  std::string addr = "127.0.0.1:4000";  // host:port; port 0 picks a free port
  uint64_t body_limit = 64ull << 20;     // bytes; 0 = unlimited (http.body_limit)
  uint64_t header_limit = 64ull << 10;   // bytes of request line + headers
  std::chrono::nanoseconds timeout{0};   // per-request deadline for blocking routes; 0 = none
  std::chrono::seconds keep_alive_timeout{90};  // idle connection before the next request
  std::chrono::seconds read_timeout{60};        // to receive one request's header or body
  size_t io_threads = 2;
  size_t max_connections = 10000;
  bool enable_cors = true;
  std::vector<std::string> cors_allowed_origins;  // empty: any origin
  std::chrono::seconds shutdown_grace{30};  // in-flight requests get this long after Shutdown()
  // Borrowed, must outlive the server; nullptr: no authentication. With a provider, /v1/ paths
  // (but the public health/ping ones) need credentials (spec/http-api.md §2.4).
  const auth::UserProvider* users = nullptr;
};

// The credentials of `request` checked against `users` (spec/http-api.md §2.4): the user, or
// nullopt for paths that do not authenticate. Errors carry the 7000-7004 codes (1004 for a lone
// InfluxDB u or p; answer it with 401 too).
Result<std::optional<auth::UserInfo>> AuthenticateRequest(const HttpRequest& request,
                                                          const auth::UserProvider& users);

class HttpServer {
 public:
  // `blocking_pool` (nullable, borrowed, must outlive the server) runs the handlers of blocking
  // routes; without it those run inline too.
  static Result<std::unique_ptr<HttpServer>> Create(HttpServerOptions options,
                                                    ThreadPool* blocking_pool);
  ~HttpServer();

  // Registers `handler` for exactly `path` and `methods` ("GET" also answers HEAD). Call before
  // Start(). Unknown paths answer 404 with an empty body, known paths with another method 405.
  void Route(std::string path, std::vector<std::string> methods, HttpHandler handler,
             bool blocking = false);
  // Every path that starts with `prefix` and has no exact route (e.g. /label/<name>/values).
  void RoutePrefix(std::string prefix, std::vector<std::string> methods, HttpHandler handler,
                   bool blocking = false);

  // Binds and starts serving. kInvalidArguments for a malformed address, kExternal when the
  // address cannot be bound (in use, permission).
  Status Start();
  // The bound address, "127.0.0.1:4000" (useful with port 0).
  std::string local_address() const;

  // Stops accepting, closes idle connections, lets in-flight requests finish (answering with
  // `Connection: close`) for up to shutdown_grace, then stops. Thread-safe, idempotent.
  void Shutdown();
  // Blocks until the server has stopped.
  void Wait();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

using greptime::JsonEscape;

}  // namespace greptime::servers
