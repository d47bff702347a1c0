// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Prometheus remote read (spec/ingestion.md §3.5): ReadRequest decoding, one SQL query per
// Prometheus query, ReadResponse encoding (SAMPLES only).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "frontend/frontend.h"

namespace greptime::servers::prometheus {

struct LabelMatcher {
  enum class Type { kEq = 0, kNeq = 1, kRe = 2, kNre = 3 };
  Type type = Type::kEq;
  std::string name;
  std::string value;
};

struct ReadQuery {
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  std::vector<LabelMatcher> matchers;
};

struct ReadRequest {
  std::vector<ReadQuery> queries;
  std::vector<int> accepted_response_types;  // 0 = SAMPLES
};

Result<ReadRequest> DecodeReadRequest(std::string_view bytes);

// The WHERE clause selecting a query's samples: the time range on `ts_column`, tag matchers as
// conditions (regexes anchored, as Prometheus means them; a missing label matches ""). The
// table (from the `__name__` matcher) and the database matcher's value go to the out
// parameters when non-null. kInvalidArguments without exactly one `__name__` equality.
Result<std::string> QueryToWhere(const ReadQuery& query, std::string_view ts_column,
                                 std::string* table, std::string* database);

// Executes every query and encodes the uncompressed ReadResponse.
Result<std::string> ExecuteRead(const ReadRequest& request, frontend::Frontend& frontend,
                                const frontend::QueryContext& ctx);

}  // namespace greptime::servers::prometheus
