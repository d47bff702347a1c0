// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Internals shared by pg_catalog.cc and pg_catalog_queries.cc (not a public header).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "servers/postgres/pg_catalog.h"
#include "types/data_type.h"
#include "types/value.h"

namespace greptime::servers::postgres {

// A result column of a canned answer: its name, the DataType of its values and the OID the
// RowDescription announces (chosen so that text and binary encodings of the values fit it).
struct Col {
  std::string name;
  types::DataType type;
  uint32_t oid = 0;
};

// A one-batch answer. Precondition: every value is NULL or of its column's type.
PgAnswer Rows(const std::vector<Col>& columns, const std::vector<std::vector<types::Value>>& rows);

// The answer to a statement that reads pg_catalog relations: the psql/driver queries
// recognised by shape, else an empty result.
Result<PgAnswer> AnswerPgCatalogQuery(std::string_view statement, CannedContext& c);

}  // namespace greptime::servers::postgres
