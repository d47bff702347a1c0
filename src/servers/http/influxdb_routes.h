// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// InfluxDB line protocol over HTTP (spec/ingestion.md §2): /v1/influxdb/write,
// /v1/influxdb/api/v2/write, /v1/influxdb/ping, /v1/influxdb/health.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "frontend/frontend.h"
#include "servers/http/http_server.h"
#include "servers/influxdb/line_protocol.h"

namespace greptime::servers {

void RegisterInfluxdbRoutes(HttpServer& server, frontend::Frontend& frontend);

// Groups parsed points into one insert per measurement (columns in first-appearance order:
// tags, fields, then `greptime_timestamp` as TimestampNanosecond). `precision` is the request's
// (n/ns, u/us, ms, s, m, h); `now_ns` is used for points without a timestamp. Errors
// (kInvalidArguments): unknown precision, timestamp overflow, a column seen with two types or
// kinds in one request.
Result<std::vector<frontend::RowInsertRequest>> PointsToInserts(
    const influxdb::ParsedLines& points, std::string_view precision, int64_t now_ns);

// Inflates a gzip body, refusing output larger than `limit` bytes.
Result<std::string> GunzipBody(std::string_view body, size_t limit);

}  // namespace greptime::servers
