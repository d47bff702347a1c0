// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// ColumnSchema and Schema: column names, types, nullability, semantic types (TAG / FIELD /
// TIMESTAMP), defaults and comments; lookups and the table-schema rules of GreptimeDB.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "common/status.h"
#include "types/data_type.h"
#include "types/value.h"

namespace greptime::types {

// A column's role in a table (DESIGN.md §2): tags form the primary key, exactly one TIMESTAMP
// column is the time index, everything else is a field.
enum class SemanticType : uint8_t { kTag = 0, kField = 1, kTimestamp = 2 };

// "TAG", "FIELD", "TIMESTAMP" as DESC prints them.
std::string_view SemanticTypeName(SemanticType type);

// A column default: none, a constant Value, or a function expression such as
// "current_timestamp()" (kept as text; evaluating it is the caller's business).
class ColumnDefault {
 public:
  ColumnDefault() = default;  // no default
  static ColumnDefault Constant(Value value) { return ColumnDefault(std::move(value)); }
  static ColumnDefault Function(std::string expr) { return ColumnDefault(std::move(expr)); }

  bool has_default() const { return !std::holds_alternative<std::monostate>(v_); }
  bool is_constant() const { return std::holds_alternative<Value>(v_); }
  bool is_function() const { return std::holds_alternative<std::string>(v_); }
  // Preconditions: is_constant() / is_function().
  const Value& constant() const { return std::get<Value>(v_); }
  const std::string& function() const { return std::get<std::string>(v_); }

  // DESC's `Default` cell: constants in display form with strings unquoted ("idc", "0",
  // "2024-01-30 00:00:00+0000"), functions as written, "" without a default.
  std::string ToDescString() const;
  // The text after DEFAULT in SHOW CREATE TABLE: strings, dates, timestamps and other
  // non-numeric constants single-quoted ('' escapes a quote), numbers and booleans bare,
  // functions as written, NULL for a NULL constant. "" without a default.
  std::string ToSql() const;

  bool operator==(const ColumnDefault&) const = default;

 private:
  explicit ColumnDefault(Value v) : v_(std::move(v)) {}
  explicit ColumnDefault(std::string expr) : v_(std::move(expr)) {}

  std::variant<std::monostate, Value, std::string> v_;
};

struct ColumnSchema {
  std::string name;
  DataType type;
  bool nullable = true;
  SemanticType semantic_type = SemanticType::kField;
  ColumnDefault default_value;
  std::string comment;

  bool is_tag() const { return semantic_type == SemanticType::kTag; }
  bool is_time_index() const { return semantic_type == SemanticType::kTimestamp; }
  bool operator==(const ColumnSchema&) const = default;
};

// An ordered list of columns. Query results use it too, so a plain Schema may have no time
// index and even repeated names; ValidateTableSchema() states what a table needs. Immutable
// once shared (SchemaPtr).
class Schema {
 public:
  Schema() = default;
  // Primary key = tag columns in column order.
  explicit Schema(std::vector<ColumnSchema> columns);
  // Primary key in the order of `primary_key` (column names, as PRIMARY KEY (...) lists them).
  // kInvalidArguments when a name is missing, repeated or not a tag, or a tag is not listed.
  static Result<Schema> WithPrimaryKey(std::vector<ColumnSchema> columns,
                                       const std::vector<std::string>& primary_key);

  size_t num_columns() const { return columns_.size(); }
  const ColumnSchema& column(size_t i) const { return columns_[i]; }
  const std::vector<ColumnSchema>& columns() const { return columns_; }
  std::vector<std::string> column_names() const;

  // Index of the first column named exactly `name` (case-sensitive).
  std::optional<size_t> IndexOf(std::string_view name) const;
  // nullptr when there is no such column.
  const ColumnSchema* FindColumn(std::string_view name) const;
  // The first column whose semantic type is TIMESTAMP.
  std::optional<size_t> time_index() const { return time_index_; }
  const ColumnSchema* time_index_column() const {
    return time_index_ ? &columns_[*time_index_] : nullptr;
  }
  // Tag columns in primary-key order.
  const std::vector<size_t>& primary_key_indices() const { return primary_key_; }

  // Rules every schema must follow: constant defaults can be cast to their column's type, and
  // a NOT NULL column does not default to NULL ("Default value should not be null for non null
  // column"). Errors are kInvalidArguments.
  Status Validate() const;
  // Validate() plus what a table requires (GreptimeDB's wording):
  //  - exactly one TIMESTAMP column: "Missing time index constraint" / "Invalid time index:
  //    expected only one time index constraint but actual 2" (kInvalidSyntax);
  //  - of a timestamp type and NOT NULL: "Invalid column option, column name: ts, error: time
  //    index column data type should be timestamp" / "... time index column can't be null";
  //  - unique names: "column name `a` is duplicated at index 0 and 2";
  //  - no interval columns: "column name `x` is interval type, which is not supported".
  Status ValidateTableSchema() const;

  bool operator==(const Schema& other) const {
    return columns_ == other.columns_ && primary_key_ == other.primary_key_;
  }

 private:
  void BuildIndex();

  std::vector<ColumnSchema> columns_;
  std::unordered_map<std::string, size_t> name_index_;  // first occurrence of each name
  std::optional<size_t> time_index_;
  std::vector<size_t> primary_key_;
};

using SchemaPtr = std::shared_ptr<const Schema>;

}  // namespace greptime::types
