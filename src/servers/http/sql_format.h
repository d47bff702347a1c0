// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Rendering of /v1/sql results in every output format of spec/http-api.md §5.3-§5.5, and of
// errors (§5.3, §10). No network code: the route handler copies the response onto the wire.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "query/output.h"
#include "types/column.h"

namespace greptime::servers {

// A complete HTTP answer: status, Content-Type, body and extra headers in the order to send.
struct SqlHttpResponse {
  unsigned status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

enum class SqlFormat {
  kGreptimedbV1,
  kInfluxdbV1,
  kCsv,
  kCsvWithNames,
  kCsvWithNamesAndTypes,
  kJson,
  kTable,
  kNull,
  kArrow
};

// The `format` parameter, case-insensitive: greptimedb_v1, influxdb_v1, csv, csvWithNames,
// csvWithNamesAndTypes, json, table, null, arrow. Unknown names give kGreptimedbV1.
SqlFormat ParseSqlFormat(std::string_view text);

// The `epoch` parameter: ns, u, µ, ms, s (ASCII case-insensitive). Any other text gives
// milliseconds (§5.1), so the result is always engaged; an absent parameter is the caller's
// nullopt.
std::optional<TimeUnit> ParseEpoch(std::string_view text);

// Renders the outputs of successfully executed statements (one per statement, in order).
// `limit` truncates every result set (greptimedb_v1, csv*, json, table); `epoch` converts
// timestamps (influxdb_v1 only). Formats other than greptimedb_v1/influxdb_v1 answer more than
// one output with the 400/1004 "cannot output multi-statements result in <fmt> format" error.
// `arrow` is not implemented: 400 with code 1001 (Unsupported).
SqlHttpResponse RenderSqlOutputs(std::span<const query::QueryOutput> outputs, SqlFormat format,
                                 std::optional<TimeUnit> epoch, std::optional<uint64_t> limit,
                                 int64_t execution_time_ms);

// {"code":N,"error":"...","execution_time_ms":N} with the HTTP status of the code (§10) and
// headers x-greptime-err-code / x-greptime-err-msg. Messages of codes 1000 and 1003 are masked
// as "Internal error: <code>".
SqlHttpResponse RenderSqlError(const Status& status, int64_t execution_time_ms);

// Row `row` of `column` as a JSON value (§5.4). Out-of-range rows render as null.
std::string RenderJsonValue(const types::Column& column, size_t row);
// Same, appended to `out` (no temporary per value).
void AppendJsonValue(std::string& out, const types::Column& column, size_t row);

// A float in GreptimeDB's JSON form: shortest round trip, ".0" for integral values, plain
// notation for 1e-5 <= |v| < 1e16 and exponent form otherwise ("1e16", "1.5e-7"); NaN and
// infinities give "null".
std::string FormatJsonFloat(double v);

// JSON text re-serialised as GreptimeDB prints its Json type: compact, object keys sorted
// bytewise (a repeated key keeps its last value), integers that fit 64 bits as integers, other
// numbers as doubles in FormatJsonFloat form. nullopt when `text` is not valid JSON.
std::optional<std::string> CanonicalJson(std::string_view text);

}  // namespace greptime::servers
