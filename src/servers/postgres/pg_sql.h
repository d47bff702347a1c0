// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// SQL text handling of the PostgreSQL server, on top of the SQL lexer: splitting a query string
// into statements, `$n` placeholders and their substitution, the PostgreSQL-compatibility
// rewrite applied before the engine sees a statement (spec/wire-protocols.md §2.2), and the
// normalised form used to recognise client probes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace greptime::servers::postgres {

// The statements of `sql`, each from its first to its last token (comments between statements
// and empty statements dropped). kInvalidSyntax when `sql` cannot be tokenized (unterminated
// string, quoted identifier or block comment).
Result<std::vector<std::string>> SplitStatements(std::string_view sql);

struct Placeholder {
  size_t begin = 0;  // byte range of `$n` in the statement
  size_t end = 0;
  size_t index = 0;  // n - 1
};

// The `$n` placeholders of `sql` in text order (1 <= n <= 65535; `$name` is not one).
// kInvalidSyntax as SplitStatements; kInvalidArguments for $0 or n > 65535.
Result<std::vector<Placeholder>> FindPlaceholders(std::string_view sql);

// Number of parameters: the largest n of the placeholders.
size_t ParamCount(const std::vector<Placeholder>& placeholders);

// `sql` with every placeholder replaced by literals[index] (blanks around it).
// Precondition: every index < literals.size().
std::string SubstituteParams(std::string_view sql, const std::vector<Placeholder>& placeholders,
                             const std::vector<std::string>& literals);

// Types declared by casts of placeholders (`$1::int4`, `$2::pg_catalog.text`): result[i] is
// the OID for parameter i+1 or 0. `count` entries.
std::vector<uint32_t> CastParamTypes(std::string_view sql, size_t count);

// The PostgreSQL-compatibility rewrite: `pg_catalog.` qualifiers of functions and types
// dropped, `OPERATOR(pg_catalog.~)` → `~`, `COLLATE pg_catalog.default` removed,
// `'\x..'::bytea` → X'..'. Text the lexer rejects is returned unchanged.
std::string RewritePgSql(std::string_view sql);

// Lower case, runs of blanks as one space, trimmed, trailing ';' removed; string literals are
// kept as written (case included).
std::string NormalizeSql(std::string_view sql);

// Whether the statement only reads: SELECT, WITH, SHOW, DESC/DESCRIBE, EXPLAIN, VALUES, TQL.
bool IsQueryStatement(std::string_view normalized);

}  // namespace greptime::servers::postgres
