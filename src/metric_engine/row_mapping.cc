// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "metric_engine/row_mapping.h"

#include <endian.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <set>

#include "common/time.h"
#include "metric_engine/metric_engine.h"
#include "types/column_builder.h"
#include "types/column_ops.h"

namespace greptime::metric_engine {
namespace {

using storage::OpType;
using types::ColumnPtr;
using types::ColumnSchema;
using types::DataType;
using types::SemanticType;
using types::Value;

// FxHash (the 64-bit multiplicative hash of rustc/Firefox), as GreptimeDB computes __tsid: words
// of 8 bytes, then 4, then single bytes, each mixed as h = (rotl(h, 5) ^ word) * kFxSeed.
constexpr uint64_t kFxSeed = 0x517cc1b727220a95ull;

class FxHasher {
 public:
  void AddWord(uint64_t word) { h_ = (std::rotl(h_, 5) ^ word) * kFxSeed; }
  void Write(std::string_view bytes) {
    while (bytes.size() >= 8) {
      uint64_t word;
      std::memcpy(&word, bytes.data(), 8);
      AddWord(le64toh(word));
      bytes.remove_prefix(8);
    }
    if (bytes.size() >= 4) {
      uint32_t word;
      std::memcpy(&word, bytes.data(), 4);
      AddWord(le32toh(word));
      bytes.remove_prefix(4);
    }
    for (unsigned char c : bytes) AddWord(c);
  }
  // A string as a label part: its bytes and a 0xff terminator.
  void WriteLabel(std::string_view s) {
    Write(s);
    AddWord(0xff);
  }
  uint64_t Finish() const { return h_; }

 private:
  uint64_t h_ = 0;
};

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
  FxHasher names;
  for (const auto& tag : tags) names.WriteLabel(tag.first);
  FxHasher values;
  values.AddWord(names.Finish());
  for (const auto& tag : tags) values.WriteLabel(tag.second);
  return values.Finish();
}

Result<types::RecordBatch> ConcatDataRows(const storage::RegionMetadata& data,
                                          const std::vector<types::RecordBatch>& parts) {
  if (parts.size() == 1) return parts[0];
  std::vector<ColumnSchema> schemas;
  std::vector<ColumnPtr> columns;
  std::vector<ColumnPtr> pieces(parts.size());
  for (const storage::ColumnMetadata& column : data.columns()) {
    const std::string& name = column.column_schema.name;
    std::optional<ColumnSchema> schema;
    for (size_t p = 0; p < parts.size(); ++p) {
      std::optional<size_t> index = parts[p].schema()->IndexOf(name);
      if (!index) {
        pieces[p].reset();
        continue;
      }
      const ColumnSchema& have = parts[p].schema()->column(*index);
      if (schema && !(schema->type == have.type)) {
        return Status::InvalidArguments("column '{}' is {} in one write and {} in another", name,
                                        schema->type.Name(), have.type.Name());
      }
      if (!schema) schema = have;
      pieces[p] = parts[p].column(*index);
    }
    if (!schema) continue;  // no part writes it: the region fills its default
    for (size_t p = 0; p < parts.size(); ++p) {
      if (!pieces[p]) pieces[p] = types::MakeConstantColumn(schema->type, Value(), parts[p].num_rows());
    }
    schema->nullable = schema->nullable || std::any_of(parts.begin(), parts.end(), [&](const auto& part) {
      return !part.schema()->IndexOf(name).has_value();
    });
    GT_ASSIGN_OR_RETURN(ColumnPtr merged, types::ConcatColumns(pieces));
    schemas.push_back(*schema);
    columns.push_back(std::move(merged));
  }
  return types::RecordBatch::Make(std::make_shared<types::Schema>(std::move(schemas)),
                                  std::move(columns));
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
