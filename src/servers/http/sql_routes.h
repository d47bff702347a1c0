// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The SQL routes of the HTTP API: GET/POST /v1/sql (spec/http-api.md §5).
#pragma once

#include "frontend/frontend.h"
#include "servers/http/http_server.h"

namespace greptime::servers {

void RegisterSqlRoutes(HttpServer& server, frontend::Frontend& frontend);

// Builds the session of an HTTP request: database (§2.1: query `db` > form `db` > header
// x-greptime-db-name > public, "catalog-schema" split at the first '-') and time zone
// (x-greptime-timezone; unparsable -> UTC).
frontend::QueryContext QueryContextFromRequest(const HttpRequest& request);

}  // namespace greptime::servers
