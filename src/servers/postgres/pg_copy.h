// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// COPY ... TO STDOUT (spec/wire-protocols.md §2.2): `COPY (query) TO STDOUT` and
// `COPY table [(columns)] TO STDOUT`, with `WITH (FORMAT text|csv|binary [, HEADER])` or the
// old `CSV [HEADER]` / `BINARY` spellings, answered with CopyOutResponse, one CopyData per row
// and CopyDone. COPY FROM STDIN is not supported.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "query/output.h"
#include "servers/postgres/pg_types.h"

namespace greptime::servers::postgres {

struct CopyRequest {
  enum class Format { kText, kCsv, kBinary } format = Format::kText;
  bool header = false;  // csv only
  std::string query;    // the SELECT that produces the rows
};

// nullopt when `statement` is not a COPY; kUnsupported for COPY FROM and other targets than
// STDOUT, kInvalidSyntax for a malformed COPY.
Result<std::optional<CopyRequest>> ParseCopy(std::string_view statement);

// CopyOutResponse, the CopyData messages and CopyDone for `output` (records).
Status AppendCopyOut(const query::QueryOutput& output, const CopyRequest& request,
                     const EncodeOptions& options, std::string& out);

}  // namespace greptime::servers::postgres
