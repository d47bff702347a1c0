// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The result of one executed statement: rows (queries, SHOW, DESC, EXPLAIN, TQL) or a count of
// affected rows (INSERT/DELETE; DDL gives 0). Protocol servers render these.
#pragma once

#include <cstdint>
#include <vector>

#include "types/record_batch.h"
#include "types/schema.h"

namespace greptime::query {

struct QueryOutput {
  bool is_records = false;
  uint64_t affected_rows = 0;      // !is_records
  types::SchemaPtr schema;         // is_records
  std::vector<types::RecordBatch> batches;  // is_records; every batch has `schema`

  static QueryOutput AffectedRows(uint64_t n) {
    QueryOutput out;
    out.affected_rows = n;
    return out;
  }
  static QueryOutput Records(types::SchemaPtr schema, std::vector<types::RecordBatch> batches) {
    QueryOutput out;
    out.is_records = true;
    out.schema = std::move(schema);
    out.batches = std::move(batches);
    return out;
  }
  uint64_t num_rows() const {
    uint64_t n = 0;
    for (const auto& b : batches) n += b.num_rows();
    return n;
  }
};

}  // namespace greptime::query
