// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Test helpers of the catalog component (test code only).
#pragma once

#include <string>

#include "catalog/table_info.h"
#include "common/time.h"
#include "types/schema.h"

namespace greptime::catalog {

// cpu(host STRING PRIMARY KEY, ts TIMESTAMP(3) TIME INDEX DEFAULT current_timestamp(),
//     usage DOUBLE DEFAULT 0.5) in greptime.<schema>, without ids (CreateTable assigns them).
inline TableInfo MakeTableInfo(std::string name, std::string schema = "public") {
  TableInfo info;
  info.schema = std::move(schema);
  info.name = std::move(name);
  types::ColumnSchema host;
  host.name = "host";
  host.type = types::DataType::String();
  host.semantic_type = types::SemanticType::kTag;
  types::ColumnSchema ts;
  ts.name = "ts";
  ts.type = types::DataType::TimestampMillisecond();
  ts.nullable = false;
  ts.semantic_type = types::SemanticType::kTimestamp;
  ts.default_value = types::ColumnDefault::Function("current_timestamp()");
  types::ColumnSchema usage;
  usage.name = "usage";
  usage.type = types::DataType::Float64();
  usage.default_value = types::ColumnDefault::Constant(types::Value::Float64(0.5));
  usage.comment = "percent";
  info.columns = {{host, 0}, {ts, 0}, {usage, 0}};
  info.primary_key = {"host"};
  info.time_index = "ts";
  return info;
}

// MakeTableInfo with ids 0..2, region 0 and table id `id`: what CreateTable would store.
inline TableInfo MakeStoredTableInfo(std::string name, uint32_t id = 1024) {
  TableInfo info = MakeTableInfo(std::move(name));
  info.id = id;
  for (uint32_t i = 0; i < info.columns.size(); ++i) info.columns[i].column_id = i;
  info.next_column_id = static_cast<uint32_t>(info.columns.size());
  info.region_numbers = {0};
  info.created_at = Timestamp{1700000000000, TimeUnit::kMillisecond};
  info.updated_at = info.created_at;
  return info;
}

class FixedClock : public Clock {
 public:
  explicit FixedClock(int64_t millis) : millis_(millis) {}
  Timestamp Now() const override { return Timestamp{millis_ * 1000000, TimeUnit::kNanosecond}; }

 private:
  int64_t millis_;
};

}  // namespace greptime::catalog
