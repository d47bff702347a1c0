// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "metric_engine/row_mapping.h"

#include <algorithm>
#include <set>

#include "common/time.h"
#include "metric_engine/metric_engine.h"
#include "types/column_builder.h"

namespace greptime::metric_engine {
namespace {

using storage::OpType;
using types::ColumnPtr;
using types::ColumnSchema;
using types::DataType;
using types::SemanticType;
using types::Value;

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

void HashBytes(uint64_t& h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= kFnvPrime;
  }
}

void HashString(uint64_t& h, std::string_view s) {
  const uint32_t n = static_cast<uint32_t>(s.size());
  const char len[4] = {static_cast<char>(n & 0xff), static_cast<char>((n >> 8) & 0xff),
                       static_cast<char>((n >> 16) & 0xff), static_cast<char>((n >> 24) & 0xff)};
  HashBytes(h, std::string_view(len, 4));
  HashBytes(h, s);
}

// `column` as a String column (tags are strings in the data region; the tsid hashes text).
Result<ColumnPtr> ToStringColumn(const ColumnPtr& column, const std::string& name) {
  if (column->type().is_string()) return column;
  auto builder = types::MakeColumnBuilder(DataType::String(), column->size());
  for (size_t i = 0; i < column->size(); ++i) {
    Value v = column->GetValue(i);
    if (v.is_null()) {
      builder->AppendNull();
      continue;
    }
    auto cast = v.CastTo(DataType::String());
    if (!cast.ok()) {
      return Status::InvalidArguments("tag column '{}' expects String but row {} holds {} value '{}'",
                                      name, i, column->type().Name(), v.ToString());
    }
    GT_RETURN_IF_ERROR(builder->Append(*cast));
  }
  return builder->Finish();
}

// The value of a column default for `n` rows.
Result<ColumnPtr> DefaultColumn(const ColumnSchema& cs, size_t n) {
  if (cs.default_value.is_constant()) {
    const Value& v = cs.default_value.constant();
    if (v.is_null() || v.type() == cs.type) return types::MakeConstantColumn(cs.type, v, n);
    GT_ASSIGN_OR_RETURN(Value cast, v.CastTo(cs.type));
    return types::MakeConstantColumn(cs.type, cast, n);
  }
  const std::string& fn = cs.default_value.function();
  if (fn != "current_timestamp()" && fn != "current_timestamp" && fn != "now()") {
    return Status::Unsupported("unsupported default function {} of column '{}'", fn, cs.name);
  }
  const Timestamp now = Clock::System().Now();
  GT_ASSIGN_OR_RETURN(Timestamp converted,
                      now.ConvertTo(cs.type.is_timestamp() ? cs.type.time_unit()
                                                           : TimeUnit::kMillisecond));
  GT_ASSIGN_OR_RETURN(Value cast,
                      Value::Timestamp(converted.value, converted.unit).CastTo(cs.type));
  return types::MakeConstantColumn(cs.type, cast, n);
}

}  // namespace

uint64_t ComputeTsid(std::vector<std::pair<std::string_view, std::string_view>> tags) {
  std::sort(tags.begin(), tags.end());
  uint64_t h = kFnvOffset;
  for (const auto& [name, value] : tags) {
    HashString(h, name);
    HashString(h, value);
  }
  return h;
}

Result<types::RecordBatch> ToDataRows(const storage::RegionMetadata& logical, OpType op,
                                      const types::RecordBatch& rows) {
  const types::Schema& input = *rows.schema();
  std::set<std::string_view> seen;
  for (const ColumnSchema& c : input.columns()) {
    if (logical.ColumnByName(c.name) == nullptr) {
      return Status::InvalidArguments("column '{}' is not a column of logical region {}", c.name,
                                      logical.region_id().ToString());
    }
    if (!seen.insert(c.name).second) {
      return Status::InvalidArguments("column '{}' appears twice in the write", c.name);
    }
  }
  const size_t n = rows.num_rows();
  std::vector<ColumnSchema> schemas;
  std::vector<ColumnPtr> columns;
  // Tag columns (String) with their names, for the tsid.
  std::vector<std::pair<std::string_view, const types::StringColumn*>> tags;
  for (const storage::ColumnMetadata& cm : logical.columns()) {
    const ColumnSchema& cs = cm.column_schema;
    const bool key = cs.semantic_type != SemanticType::kField;
    if (op == OpType::kDelete && !key) continue;
    ColumnPtr column;
    if (auto index = input.IndexOf(cs.name)) {
      column = rows.column(*index);
      if (cs.is_tag()) {
        GT_ASSIGN_OR_RETURN(column, ToStringColumn(column, cs.name));
      }
      if (column->null_count() > 0 && (!cs.nullable || cs.is_time_index())) {
        return Status::InvalidArguments("column '{}' is not nullable but the write has {} null(s)",
                                        cs.name, column->null_count());
      }
    } else if (cs.is_time_index() && (op == OpType::kDelete || !cs.default_value.has_default())) {
      return Status::InvalidArguments("time index column '{}' is missing from the write", cs.name);
    } else if (op == OpType::kDelete) {
      continue;  // a missing tag of a delete is NULL, as in mito
    } else if (cs.default_value.has_default()) {
      GT_ASSIGN_OR_RETURN(column, DefaultColumn(cs, n));
    } else if (cs.nullable) {
      // Explicit NULLs: the data region's column may have a default the logical one lacks.
      column = types::MakeConstantColumn(cs.type, Value::Null(), n);
    } else {
      return Status::InvalidArguments("column '{}' has no default value and is not nullable",
                                      cs.name);
    }
    ColumnSchema out = cs;
    if (cs.is_tag()) out.type = DataType::String();
    schemas.push_back(std::move(out));
    columns.push_back(column);
    if (cs.is_tag()) tags.emplace_back(cs.name, column->As<types::StringColumn>());
  }

  std::vector<uint64_t> tsids(n);
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  for (size_t row = 0; row < n; ++row) {
    pairs.clear();
    for (const auto& [name, column] : tags) {
      if (column == nullptr) continue;  // an all-NULL column of another layout
      if (column->IsValid(row)) pairs.emplace_back(name, column->at(row));
    }
    tsids[row] = ComputeTsid(pairs);
  }
  schemas.push_back({kTableIdColumn, DataType::UInt32(), false, SemanticType::kTag, {}, ""});
  columns.push_back(types::UInt32Column::Make(
      DataType::UInt32(), std::vector<uint32_t>(n, logical.region_id().table_id())));
  schemas.push_back({kTsidColumn, DataType::UInt64(), false, SemanticType::kTag, {}, ""});
  columns.push_back(types::UInt64Column::Make(DataType::UInt64(), std::move(tsids)));
  return types::RecordBatch::Make(std::make_shared<const types::Schema>(std::move(schemas)),
                                  std::move(columns));
}

Result<types::SchemaPtr> ProjectedSchema(const storage::RegionMetadata& logical,
                                         const std::vector<std::string>& projection) {
  if (projection.empty()) return logical.schema();
  std::vector<ColumnSchema> columns;
  for (const std::string& name : projection) {
    const storage::ColumnMetadata* c = logical.ColumnByName(name);
    if (c == nullptr) {
      return Status(StatusCode::kTableColumnNotFound,
                    fmt::format("Column {} not found in region {}", name,
                                logical.region_id().ToString()));
    }
    columns.push_back(c->column_schema);
  }
  return std::make_shared<const types::Schema>(std::move(columns));
}

Result<storage::ScanResult> ToLogicalResult(types::SchemaPtr schema, storage::ScanResult data) {
  storage::ScanResult out;
  out.schema = schema;
  out.batches.reserve(data.batches.size());
  for (types::RecordBatch& batch : data.batches) {
    GT_ASSIGN_OR_RETURN(types::RecordBatch relabeled,
                        types::RecordBatch::Make(schema, batch.columns()));
    out.batches.push_back(std::move(relabeled));
  }
  return out;
}

}  // namespace greptime::metric_engine
