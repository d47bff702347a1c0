// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Rendering of /v1/sql results in every output format of spec/http-api.md §5.3-§5.5, and of
// errors (§5.3, §10). No network code: the route handler passes the result on.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "query/output.h"
#include "types/column.h"

namespace greptime::servers {

struct SqlHttpResponse {
  unsigned status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

enum class SqlFormat {
  kGreptimedbV1, kInfluxdbV1, kCsv, kCsvWithNames, kCsvWithNamesAndTypes, kJson, kTable, kNull,
  kArrow
};

// Case-insensitive; unknown names give greptimedb_v1.
SqlFormat ParseSqlFormat(std::string_view text);
// ns, u, µ, ms, s (case-insensitive); anything else gives milliseconds.
TimeUnit ParseEpoch(std::string_view text);

SqlHttpResponse RenderSqlOutputs(std::span<const query::QueryOutput> outputs, SqlFormat format,
                                 std::optional<TimeUnit> epoch, std::optional<uint64_t> limit,
                                 int64_t execution_time_ms);
// {"code","error","execution_time_ms"} with the HTTP status of the code; 1000/1003 masked.
SqlHttpResponse RenderSqlError(const Status& status, int64_t execution_time_ms);

// One value as JSON (§5.4).
std::string RenderJsonValue(const types::Column& column, size_t row);
// A float in GreptimeDB's JSON form: shortest round trip, ".0" for integral values, exponent
// form outside [1e-5, 1e16); NaN/inf -> "null".
std::string FormatJsonFloat(double v);

}  // namespace greptime::servers
