// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// OTLP/HTTP metrics: POST /v1/otlp/v1/metrics (spec/ingestion.md §4).
#pragma once

#include <string>

#include "frontend/frontend.h"
#include "servers/http/http_server.h"

namespace greptime::servers {

// `physical_table`: the default metric-engine physical table of metric writes (the
// `physical_table` query parameter / hint overrides it); empty: metrics become mito tables
// (prom_store.with_metric_engine = false).
void RegisterOtlpRoutes(HttpServer& server, frontend::Frontend& frontend,
        std::string physical_table = "greptime_physical_table");

}  // namespace greptime::servers
