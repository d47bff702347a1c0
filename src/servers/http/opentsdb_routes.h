// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// OpenTSDB HTTP put (spec/ingestion.md §5.1): POST /v1/opentsdb/api/put.
#pragma once

#include <string_view>
#include <vector>

#include "frontend/frontend.h"
#include "servers/http/http_server.h"

namespace greptime::servers {

void RegisterOpentsdbRoutes(HttpServer& server, frontend::Frontend& frontend);

// One JSON data point or an array of them to inserts (one per metric; columns: tags in document
// order, greptime_value Float64, greptime_timestamp TimestampMillisecond). kInvalidArguments
// "Invalid OpenTSDB Json request: ..." for malformed JSON or data points.
Result<std::vector<frontend::RowInsertRequest>> OpentsdbToInserts(std::string_view body);

}  // namespace greptime::servers
