// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Built-in catalog and schema names, name validation (spec/sql.md §0.1) and the
// "greptime.public.cpu" spelling used in error messages.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace greptime::catalog {

inline constexpr std::string_view kDefaultCatalog = "greptime";
inline constexpr std::string_view kDefaultSchema = "public";
inline constexpr std::string_view kInformationSchema = "information_schema";
inline constexpr std::string_view kPrivateSchema = "greptime_private";
// Visible to PostgreSQL sessions only; reserved everywhere.
inline constexpr std::string_view kPgCatalog = "pg_catalog";

inline constexpr std::string_view kMitoEngine = "mito";
inline constexpr std::string_view kMetricEngine = "metric";

// True when `name` matches ^[a-zA-Z_:-][a-zA-Z0-9_:\-\.@#]*$ (GreptimeDB's NAME_PATTERN), the
// rule for catalog, database and table names.
bool IsValidName(std::string_view name);

// kInvalidArguments "Invalid table name: N.~" (CREATE TABLE's wording).
Status ValidateTableName(std::string_view name);
// kUnexpected "Unexpected, violated: Invalid database name: ㊙️database".
Status ValidateDatabaseName(std::string_view name);

// Schemas that exist in every catalog without being stored (information_schema, pg_catalog):
// they cannot be created, dropped or written.
bool IsVirtualSchema(std::string_view schema);

// "greptime.public.cpu".
std::string FullTableName(std::string_view catalog, std::string_view schema,
                          std::string_view table);

// Error statuses with GreptimeDB's texts.
// 4001 "Table not found: greptime.public.cpu".
Status TableNotFoundError(std::string_view catalog, std::string_view schema,
                          std::string_view table);
// 4000 "Table already exists: `greptime.public.cpu`".
Status TableAlreadyExistsError(std::string_view catalog, std::string_view schema,
                               std::string_view table);
// 4004 "Database not found: mydb" (the catalog is named when it is not the default one:
// "Database not found: other.mydb").
Status DatabaseNotFoundError(std::string_view catalog, std::string_view schema);
// 1004 "Schema mydb already exists" (GreptimeDB answers CREATE DATABASE with this, not 4011).
Status DatabaseAlreadyExistsError(std::string_view schema);
// 1001 "Schema `information_schema` is read-only".
Status SchemaReadOnlyError(std::string_view schema);

}  // namespace greptime::catalog
