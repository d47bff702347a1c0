// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Test helpers for memtables and readers (tests only): a row model of Batches with Int64
// fields, builders of Batches and regions, and a reader drain that checks batch invariants.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "common/testing.h"
#include "storage/batch.h"
#include "storage/region_metadata.h"
#include "types/column.h"
#include "types/column_builder.h"

namespace greptime::storage::testing {

// One row of a Batch whose fields are all Int64.
struct TestRow {
  std::string pk;
  int64_t ts = 0;
  uint64_t seq = 0;
  OpType op = OpType::kPut;
  std::vector<std::optional<int64_t>> fields;

  // The Batch order: (pk, ts asc, seq desc).
  friend bool operator<(const TestRow& a, const TestRow& b) {
    return std::forward_as_tuple(a.pk, a.ts, b.seq) < std::forward_as_tuple(b.pk, b.ts, a.seq);
  }
  bool operator==(const TestRow&) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const TestRow& r) {
  os << "{" << r.pk << ", ts=" << r.ts << ", seq=" << r.seq
     << (r.op == OpType::kPut ? ", put" : ", del");
  for (const auto& f : r.fields) {
    if (f) {
      os << ", " << *f;
    } else {
      os << ", null";
    }
  }
  return os << "}";
}

// A batch of `rows` (one pk, already in Batch order) with Int64 fields.
inline Batch MakeBatch(const std::vector<TestRow>& rows) {
  Batch b;
  if (rows.empty()) return b;
  b.primary_key = rows[0].pk;
  size_t num_fields = rows[0].fields.size();
  std::vector<types::PrimitiveColumnBuilder<int64_t>> builders;
  builders.reserve(num_fields);
  for (size_t f = 0; f < num_fields; ++f) builders.emplace_back(types::DataType::Int64());
  for (const TestRow& r : rows) {
    b.timestamps.push_back(r.ts);
    b.sequences.push_back(r.seq);
    b.op_types.push_back(r.op);
    for (size_t f = 0; f < num_fields; ++f) {
      if (r.fields[f]) {
        builders[f].Append(*r.fields[f]);
      } else {
        builders[f].AppendNull();
      }
    }
  }
  for (auto& builder : builders) b.fields.push_back(builder.Finish());
  return b;
}

// Splits sorted rows into batches: a new batch at each pk change and, within a pk, after
// random lengths in [1, max_len] (seeded by the caller's engine).
template <typename Rng>
std::vector<Batch> SplitIntoBatches(const std::vector<TestRow>& rows, Rng& rng, size_t max_len) {
  std::vector<Batch> out;
  size_t i = 0;
  while (i < rows.size()) {
    size_t len = 1 + rng() % max_len;
    size_t j = i;
    while (j < rows.size() && j - i < len && rows[j].pk == rows[i].pk) ++j;
    out.push_back(MakeBatch(std::vector<TestRow>(rows.begin() + i, rows.begin() + j)));
    i = j;
  }
  return out;
}

// Reads every batch, checking that each is non-empty, sorted, and that the stream is in
// Batch order; returns the rows (fields read as Int64 or NULL).
inline void ReadAllRows(BatchReader& reader, std::vector<TestRow>* rows,
                        size_t* num_batches = nullptr) {
  size_t batches = 0;
  while (true) {
    ASSERT_OK_AND_ASSIGN(std::optional<Batch> batch, reader.Next());
    if (!batch) break;
    ++batches;
    ASSERT_FALSE(batch->empty());
    ASSERT_EQ(batch->sequences.size(), batch->num_rows());
    ASSERT_EQ(batch->op_types.size(), batch->num_rows());
    for (size_t i = 0; i < batch->num_rows(); ++i) {
      TestRow r{
          batch->primary_key, batch->timestamps[i], batch->sequences[i], batch->op_types[i], {}};
      for (const types::ColumnPtr& f : batch->fields) {
        ASSERT_EQ(f->size(), batch->num_rows());
        types::Value v = f->GetValue(i);
        r.fields.push_back(v.is_null() ? std::nullopt : std::optional<int64_t>(*v.ToInt64()));
      }
      if (!rows->empty()) {
        const TestRow& prev = rows->back();
        ASSERT_FALSE(r < prev) << "out of order: " << prev << " then " << r;
      }
      rows->push_back(std::move(r));
    }
  }
  if (num_batches != nullptr) *num_batches = batches;
}

inline types::ColumnSchema Column(std::string name, types::DataType type,
                                  types::SemanticType semantic, bool nullable = true) {
  types::ColumnSchema c;
  c.name = std::move(name);
  c.type = type;
  c.semantic_type = semantic;
  c.nullable = nullable;
  return c;
}

// A region with string tags "tag0".. (ids 1..), a millisecond time index "ts" and Int64
// fields "f0".. (column order: tags, ts, fields).
inline RegionMetadataPtr MakeTestMetadata(int num_tags, int num_fields, bool append_mode = false,
                                          MergeMode merge_mode = MergeMode::kLastRow) {
  std::vector<ColumnMetadata> columns;
  std::vector<uint32_t> key;
  uint32_t id = 1;
  for (int t = 0; t < num_tags; ++t) {
    columns.push_back(
        {Column("tag" + std::to_string(t), types::DataType::String(), types::SemanticType::kTag),
         id});
    key.push_back(id++);
  }
  columns.push_back({Column("ts", types::DataType::TimestampMillisecond(),
                            types::SemanticType::kTimestamp, false),
                     id++});
  for (int f = 0; f < num_fields; ++f) {
    columns.push_back(
        {Column("f" + std::to_string(f), types::DataType::Int64(), types::SemanticType::kField),
         id++});
  }
  RegionOptions options;
  options.append_mode = append_mode;
  options.merge_mode = merge_mode;
  auto md = RegionMetadata::Make(RegionId(1024, 0), std::move(columns), std::move(key), options);
  GT_CHECK(md.ok());
  return *md;
}

}  // namespace greptime::storage::testing
