// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Prometheus remote write over HTTP: POST /v1/prometheus/write (spec/ingestion.md §3.1).
#pragma once

#include "frontend/frontend.h"
#include "servers/http/http_server.h"

namespace greptime::servers {

void RegisterPrometheusRoutes(HttpServer& server, frontend::Frontend& frontend);

}  // namespace greptime::servers
