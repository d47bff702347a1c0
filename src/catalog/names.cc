// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Name rules and the error texts that quote names.
#include "catalog/names.h"

#include <fmt/format.h>

namespace greptime::catalog {
namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsValidName(std::string_view name) {
  if (name.empty()) return false;
  char first = name.front();
  if (!IsAsciiLetter(first) && first != '_' && first != ':' && first != '-') return false;
  for (char c : name.substr(1)) {
    bool ok = IsAsciiLetter(c) || IsAsciiDigit(c) || c == '_' || c == ':' || c == '-' || c == '.' ||
              c == '@' || c == '#';
    if (!ok) return false;
  }
  return true;
}

Status ValidateTableName(std::string_view name) {
  if (IsValidName(name)) return Status::OK();
  return Status::InvalidArguments("Invalid table name: {}", name);
}

Status ValidateDatabaseName(std::string_view name) {
  if (IsValidName(name)) return Status::OK();
  return Status::Unexpected("Unexpected, violated: Invalid database name: {}", name);
}

bool IsVirtualSchema(std::string_view schema) {
  return schema == kInformationSchema || schema == kPgCatalog;
}

std::string FullTableName(std::string_view catalog, std::string_view schema,
                          std::string_view table) {
  return fmt::format("{}.{}.{}", catalog, schema, table);
}

Status TableNotFoundError(std::string_view catalog, std::string_view schema,
                          std::string_view table) {
  return Status(StatusCode::kTableNotFound,
                fmt::format("Table not found: {}", FullTableName(catalog, schema, table)));
}

Status TableAlreadyExistsError(std::string_view catalog, std::string_view schema,
                               std::string_view table) {
  return Status(StatusCode::kTableAlreadyExists,
                fmt::format("Table already exists: `{}`", FullTableName(catalog, schema, table)));
}

Status DatabaseNotFoundError(std::string_view catalog, std::string_view schema) {
  if (catalog == kDefaultCatalog) {
    return Status(StatusCode::kDatabaseNotFound, fmt::format("Database not found: {}", schema));
  }
  return Status(StatusCode::kDatabaseNotFound,
                fmt::format("Database not found: {}.{}", catalog, schema));
}

Status DatabaseAlreadyExistsError(std::string_view schema) {
  return Status::InvalidArguments("Schema {} already exists", schema);
}

Status SchemaReadOnlyError(std::string_view schema) {
  return Status::Unsupported("Schema `{}` is read-only", schema);
}

}  // namespace greptime::catalog
