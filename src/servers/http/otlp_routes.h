// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// OTLP/HTTP metrics: POST /v1/otlp/v1/metrics (spec/ingestion.md §4).
#pragma once

#include "frontend/frontend.h"
#include "servers/http/http_server.h"

namespace greptime::servers {

void RegisterOtlpRoutes(HttpServer& server, frontend::Frontend& frontend);

}  // namespace greptime::servers
