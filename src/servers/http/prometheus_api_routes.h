// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The Prometheus HTTP query API (spec/promql.md §2) under /v1/prometheus/api/v1: query,
// query_range, labels, label/<name>/values, series, format_query, status/buildinfo, answered by
// the PromQL engine (src/promql) over tables (frontend/promql_storage.h).
#pragma once

#include "frontend/frontend.h"
#include "servers/http/http_server.h"

namespace greptime::servers {

void RegisterPrometheusApiRoutes(HttpServer& server, frontend::Frontend& frontend);

}  // namespace greptime::servers
