// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Schema lookups and validation.
#include "types/schema.h"

#include <fmt/core.h>

namespace greptime::types {
namespace {

std::string SingleQuoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

Status InvalidColumnOption(const ColumnSchema& c, std::string_view error) {
  return Status::InvalidArguments("Invalid column option, column name: {}, error: {}", c.name,
                                  error);
}

}  // namespace

std::string_view SemanticTypeName(SemanticType type) {
  switch (type) {
    case SemanticType::kTag:
      return "TAG";
    case SemanticType::kField:
      return "FIELD";
    case SemanticType::kTimestamp:
      return "TIMESTAMP";
  }
  return "FIELD";
}

std::string ColumnDefault::ToDescString() const {
  if (is_function()) return function();
  if (is_constant()) return constant().ToDisplayString();
  return "";
}

std::string ColumnDefault::ToSql() const {
  if (is_function()) return function();
  if (!is_constant()) return "";
  const Value& v = constant();
  if (v.is_null()) return "NULL";
  if (v.type().is_numeric() || v.type().is_boolean()) return v.ToDisplayString();
  return SingleQuoted(v.ToDisplayString());
}

Schema::Schema(std::vector<ColumnSchema> columns) : columns_(std::move(columns)) {
  BuildIndex();
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].is_tag()) primary_key_.push_back(i);
  }
}

Result<Schema> Schema::WithPrimaryKey(std::vector<ColumnSchema> columns,
                                      const std::vector<std::string>& primary_key) {
  Schema schema(std::move(columns));
  std::vector<size_t> order;
  for (const std::string& name : primary_key) {
    auto index = schema.IndexOf(name);
    if (!index) {
      return Status::InvalidArguments("Primary key column `{}` not found in columns", name);
    }
    if (!schema.column(*index).is_tag()) {
      return Status::InvalidArguments("Primary key column `{}` is not a tag column", name);
    }
    for (size_t seen : order) {
      if (seen == *index) {
        return Status::InvalidArguments("Primary key column `{}` is listed twice", name);
      }
    }
    order.push_back(*index);
  }
  if (order.size() != schema.primary_key_.size()) {
    return Status::InvalidArguments("Primary key lists {} columns but the schema has {} tags",
                                    order.size(), schema.primary_key_.size());
  }
  schema.primary_key_ = std::move(order);
  return schema;
}

void Schema::BuildIndex() {
  for (size_t i = 0; i < columns_.size(); ++i) {
    name_index_.emplace(columns_[i].name, i);  // keeps the first occurrence
    if (!time_index_ && columns_[i].is_time_index()) time_index_ = i;
  }
}

std::vector<std::string> Schema::column_names() const {
  std::vector<std::string> names;
  names.reserve(columns_.size());
  for (const ColumnSchema& c : columns_) names.push_back(c.name);
  return names;
}

std::optional<size_t> Schema::IndexOf(std::string_view name) const {
  auto it = name_index_.find(std::string(name));
  if (it == name_index_.end()) return std::nullopt;
  return it->second;
}

const ColumnSchema* Schema::FindColumn(std::string_view name) const {
  auto index = IndexOf(name);
  return index ? &columns_[*index] : nullptr;
}

Status Schema::Validate() const {
  for (const ColumnSchema& c : columns_) {
    if (!c.default_value.is_constant()) continue;
    const Value& v = c.default_value.constant();
    if (v.is_null()) {
      if (!c.nullable) {
        return Status::InvalidArguments("Default value should not be null for non null column");
      }
      continue;
    }
    auto cast = v.CastTo(c.type);
    if (!cast.ok()) {
      return Status::InvalidArguments("Invalid default value {} for column {} of type {}: {}",
                                      v.ToString(), c.name, c.type.Name(), cast.status().message());
    }
  }
  return Status::OK();
}

Status Schema::ValidateTableSchema() const {
  GT_RETURN_IF_ERROR(Validate());
  for (size_t i = 0; i < columns_.size(); ++i) {
    size_t first = name_index_.at(columns_[i].name);
    if (first != i) {
      return Status::InvalidArguments("column name `{}` is duplicated at index {} and {}",
                                      columns_[i].name, first, i);
    }
  }
  size_t time_indexes = 0;
  for (const ColumnSchema& c : columns_) {
    if (c.type.is_interval()) {
      return Status::InvalidArguments("column name `{}` is interval type, which is not supported",
                                      c.name);
    }
    if (!c.is_time_index()) continue;
    ++time_indexes;
    if (!c.type.is_timestamp()) {
      return InvalidColumnOption(c, "time index column data type should be timestamp");
    }
    if (c.nullable) return InvalidColumnOption(c, "time index column can't be null");
  }
  if (time_indexes == 0) return Status::InvalidSyntax("Missing time index constraint");
  if (time_indexes > 1) {
    return Status::InvalidSyntax(
        "Invalid time index: expected only one time index constraint but actual {}", time_indexes);
  }
  return Status::OK();
}

}  // namespace greptime::types
