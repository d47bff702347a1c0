// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The "federated" layer of the MySQL server (spec/wire-protocols.md §1.6): canned answers to
// the probes drivers and tools send on connect (SELECT @@..., SHOW VARIABLES LIKE ...,
// SET NAMES, COMMIT, ...), given without touching the SQL engine.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "query/output.h"

namespace greptime::servers::mysql {

struct FederatedContext {
  std::string time_zone = "UTC";         // session zone as SELECT @@time_zone shows it
  std::string system_time_zone = "UTC";  // the server's zone
};

// `query` (whitespace, leading comments and case as the client sent them) with one leading
// `/* ... */` comment removed when it is not a `/*!` version comment, and the rest trimmed.
std::string_view StripLeadingComment(std::string_view query);

// Lower case with every run of blanks turned into one space and the ends trimmed (also of
// trailing ';'), for prefix matching.
std::string NormalizeSql(std::string_view query);

// The canned answer for `query`, or nullopt when it goes to the SQL engine. Answers are result
// sets of String columns (or an UInt32 for SELECT @@max_allowed_packet) or 0 affected rows.
std::optional<query::QueryOutput> AnswerFederated(std::string_view query,
                                                  const FederatedContext& ctx);

}  // namespace greptime::servers::mysql
