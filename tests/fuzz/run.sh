#!/usr/bin/env bash
# Builds the libFuzzer target with clang (ASan + UBSan) and runs it for a bounded time.
#   tests/fuzz/run.sh [seconds]   (default 60)
# The bounded fuzz-style unit tests (line_protocol_test, remote_write_test) run in `make test`;
# this is the open-ended variant for longer runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-60}"
out=build/fuzz
mkdir -p "$out/corpus"
printf 'cpu,host=a usage=0.5,count=3i,ok=t,msg="x" 1700000000000\n' > "$out/corpus/seed1"
srcs=(
  tests/fuzz/line_protocol_fuzz.cc
  src/servers/influxdb/line_protocol.cc
  src/servers/http/influxdb_routes.cc
  src/servers/prometheus/remote_write.cc
  src/common/status.cc src/common/time.cc src/common/json_escape.cc
  src/types/data_type.cc src/types/value.cc src/types/value_cast.cc src/types/number_format.cc
  src/types/schema.cc src/types/column.cc src/types/column_builder.cc
  src/types/record_batch.cc src/types/column_buffer.cc src/types/column_ops.cc
)
# influxdb_routes.cc registers HTTP routes too; the fuzzer only calls its pure functions, the
# route registration is linked from stubs below.
cat > "$out/stubs.cc" <<'STUB'
#include "frontend/frontend.h"
#include "servers/http/http_server.h"
#include "servers/http/sql_routes.h"
namespace greptime::servers {
frontend::QueryContext QueryContextFromRequest(const HttpRequest&) { return {}; }
void HttpServer::Route(std::string, std::vector<std::string>, HttpHandler, bool) {}
std::optional<std::string_view> HttpRequest::Header(std::string_view) const { return std::nullopt; }
std::optional<std::string> HttpRequest::QueryParam(std::string_view) const { return std::nullopt; }
HttpResponse HttpResponse::Json(int s, std::string b) { return {s, "", {}, std::move(b)}; }
HttpResponse HttpResponse::Empty(int s) { return {s, "", {}, ""}; }
}  // namespace greptime::servers
namespace greptime::frontend {
Result<uint64_t> Frontend::InsertRows(const std::vector<RowInsertRequest>&, QueryContext&) { return uint64_t{0}; }
}  // namespace greptime::frontend
STUB
clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -Isrc -Ibuild/release/src \
  "${srcs[@]}" "$out/stubs.cc" -lfmt -lspdlog -lcctz -lz -lsnappy -lzstd -lre2 \
  -o "$out/line_protocol_fuzz"
"$out/line_protocol_fuzz" -max_total_time="$secs" "$out/corpus"
