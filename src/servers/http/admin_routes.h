// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The administrative routes every role serves on its HTTP port: /, /health (/ready, /v1/health),
// /status, /metrics, /config and /debug/log_level (spec/http-api.md §4).
#pragma once

#include <string>

namespace greptime::servers {

class HttpServer;

struct AdminRoutesOptions {
  std::string config_toml;  // the effective configuration, served verbatim at /config
};

void RegisterAdminRoutes(HttpServer& server, AdminRoutesOptions options);

}  // namespace greptime::servers
