// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/read/batch_to_record_batch.h"

#include <gtest/gtest.h>

#include "common/testing.h"
#include "storage/memtable/memtable.h"
#include "storage/read/filter_reader.h"
#include "storage/read/read_test_util.h"
#include "storage/read/vector_batch_reader.h"
#include "types/record_batch.h"

namespace greptime::storage {
namespace {

using testing::Column;
using types::DataType;
using types::SemanticType;
using types::Value;

Value Ts(int64_t v) { return Value::Timestamp(v, TimeUnit::kMillisecond); }

// Rows printed as "v1|v2|..." so that failures read well.
std::vector<std::string> Print(const std::vector<std::vector<Value>>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) {
    std::string line;
    for (const Value& v : row) line += (line.empty() ? "" : "|") + v.ToString();
    out.push_back(line);
  }
  return out;
}

std::vector<std::vector<Value>> AllRows(const types::RecordBatch& batch) {
  std::vector<std::vector<Value>> rows;
  for (size_t i = 0; i < batch.num_rows(); ++i) rows.push_back(batch.GetRow(i));
  return rows;
}

// Reads the whole memtable through the converter.
std::vector<std::vector<Value>> ReadThrough(const Memtable& memtable,
                                            const BatchToRecordBatch& converter, size_t target_rows,
                                            size_t* num_batches = nullptr) {
  MemtableReadOptions options;
  options.field_ids = converter.field_ids();
  options.batch_rows = 2;
  auto reader = memtable.Iter(options);
  GT_CHECK(reader.ok());
  std::vector<std::vector<Value>> rows;
  size_t batches = 0;
  while (true) {
    auto next = converter.ReadNext(**reader, target_rows);
    EXPECT_TRUE(next.ok()) << next.status().ToString();
    if (!next.ok() || !next->has_value()) break;
    ++batches;
    EXPECT_EQ((*next)->schema(), converter.schema());
    for (auto& row : AllRows(**next)) rows.push_back(std::move(row));
  }
  if (num_batches != nullptr) *num_batches = batches;
  return rows;
}

TEST(BatchToRecordBatchTest, ProjectsTagsTimeIndexAndFieldsInOrder) {
  RegionMetadataPtr md = testing::MakeTestMetadata(2, 2);  // tag0 1, tag1 2, ts 3, f0 4, f1 5
  auto memtable = NewTimeSeriesMemtable(md);
  ASSERT_OK_AND_ASSIGN(
      types::RecordBatch rows,
      types::RecordBatch::FromRows(
          md->schema(),
          {{Value::String("b"), Value::String("x"), Ts(2), Value::Int64(1), Value::Int64(10)},
           {Value::String("a"), Value(), Ts(5), Value(), Value::Int64(20)},
           {Value::String("b"), Value::String("x"), Ts(1), Value::Int64(3), Value()},
           {Value::String("a"), Value(), Ts(4), Value::Int64(4), Value::Int64(40)},
           {Value::String("b"), Value::String("x"), Ts(3), Value::Int64(5), Value::Int64(50)}}));
  ASSERT_OK(memtable->Write(OpType::kPut, 1, rows));
  ASSERT_OK_AND_ASSIGN(BatchToRecordBatch converter, BatchToRecordBatch::Make(md, {5, 2, 3, 1, 5}));
  EXPECT_EQ(converter.field_ids(), (std::vector<uint32_t>{5}));
  EXPECT_EQ(converter.schema()->column_names(),
            (std::vector<std::string>{"f1", "tag1", "ts", "tag0", "f1"}));
  size_t batches = 0;
  auto out = ReadThrough(*memtable, converter, 3, &batches);
  EXPECT_EQ(batches, 2u);  // 2 + 2 rows, then the last 1
  std::vector<std::vector<Value>> expected = {
      {Value::Int64(40), Value(), Ts(4), Value::String("a"), Value::Int64(40)},
      {Value::Int64(20), Value(), Ts(5), Value::String("a"), Value::Int64(20)},
      {Value(), Value::String("x"), Ts(1), Value::String("b"), Value()},
      {Value::Int64(10), Value::String("x"), Ts(2), Value::String("b"), Value::Int64(10)},
      {Value::Int64(50), Value::String("x"), Ts(3), Value::String("b"), Value::Int64(50)},
  };
  EXPECT_EQ(Print(out), Print(expected));
}

TEST(BatchToRecordBatchTest, EveryFieldTypeRoundTripsThroughTheMemtables) {
  std::vector<ColumnMetadata> columns = {
      {Column("host", DataType::Int32(), SemanticType::kTag), 1},
      {Column("ts", DataType::TimestampNanosecond(), SemanticType::kTimestamp, false), 2},
      {Column("s", DataType::String(), SemanticType::kField), 3},
      {Column("b", DataType::Boolean(), SemanticType::kField), 4},
      {Column("d", DataType::Float64(), SemanticType::kField), 5},
      {Column("bin", DataType::Binary(), SemanticType::kField), 6},
      {Column("day", DataType::Date(), SemanticType::kField), 7},
      {Column("dec", DataType::Decimal128(12, 3), SemanticType::kField), 8},
      {Column("v", DataType::Vector(2), SemanticType::kField), 9},
      {Column("u8", DataType::UInt8(), SemanticType::kField), 10},
      {Column("j", DataType::Json(), SemanticType::kField), 11},
  };
  ASSERT_OK_AND_ASSIGN(RegionMetadataPtr md, RegionMetadata::Make(RegionId(1, 1), columns, {1}));
  std::vector<std::vector<Value>> rows = {
      {Value::Int32(-7), Value::Timestamp(3, TimeUnit::kNanosecond), Value::String("x"),
       Value::Boolean(true), Value::Float64(1.5), Value::Binary(std::string("\0\1", 2)),
       Value::Date(19000), Value::Decimal128(12345, 12, 3), Value::Vector({1, 2}),
       Value::UInt8(200), Value::Json("{\"a\":1}")},
      {Value(), Value::Timestamp(1, TimeUnit::kNanosecond), Value(), Value(), Value(), Value(),
       Value(), Value(), Value(), Value(), Value()},
      {Value::Int32(5), Value::Timestamp(2, TimeUnit::kNanosecond), Value::String(""),
       Value::Boolean(false), Value::Float64(-0.25), Value::Binary(""), Value::Date(-1),
       Value::Decimal128(-1, 12, 3), Value::Vector({3, 4}), Value::UInt8(0), Value::Json("[]")},
  };
  ASSERT_OK_AND_ASSIGN(types::RecordBatch batch, types::RecordBatch::FromRows(md->schema(), rows));
  std::vector<uint32_t> projection;
  for (const ColumnMetadata& c : columns) projection.push_back(c.column_id);
  ASSERT_OK_AND_ASSIGN(BatchToRecordBatch converter, BatchToRecordBatch::Make(md, projection));
  // Keys order NULL first, then -7 < 5.
  std::vector<std::vector<Value>> expected = {rows[1], rows[0], rows[2]};
  for (auto factory : {NewTimeSeriesMemtable, NewAppendMemtable}) {
    std::unique_ptr<Memtable> memtable = factory(md);
    ASSERT_OK(memtable->Write(OpType::kPut, 1, batch));
    EXPECT_EQ(Print(ReadThrough(*memtable, converter, 100)), Print(expected));
  }
}

TEST(BatchToRecordBatchTest, NullColumnsInWritesReadBackAsNulls) {
  RegionMetadataPtr md = testing::MakeTestMetadata(0, 2);  // ts 1, f0 2, f1 3
  ASSERT_OK_AND_ASSIGN(
      types::RecordBatch batch,
      types::RecordBatch::Make(
          md->schema(), {types::TimestampColumn::Make(DataType::TimestampMillisecond(), {2, 1}),
                         std::make_shared<types::NullColumn>(2),
                         types::Int64Column::Make(DataType::Int64(), {7, 8})}));
  ASSERT_OK_AND_ASSIGN(BatchToRecordBatch converter, BatchToRecordBatch::Make(md, {1, 2, 3}));
  for (auto factory : {NewTimeSeriesMemtable, NewAppendMemtable}) {
    std::unique_ptr<Memtable> memtable = factory(md);
    ASSERT_OK(memtable->Write(OpType::kPut, 1, batch));
    EXPECT_EQ(ReadThrough(*memtable, converter, 100),
              (std::vector<std::vector<Value>>{{Ts(1), Value(), Value::Int64(8)},
                                               {Ts(2), Value(), Value::Int64(7)}}));
  }
}

TEST(BatchToRecordBatchTest, RejectsUnknownColumnsAndMismatchedBatches) {
  RegionMetadataPtr md = testing::MakeTestMetadata(1, 2);
  ASSERT_STATUS_CODE(BatchToRecordBatch::Make(md, {1, 99}), StatusCode::kInvalidArguments);
  ASSERT_OK_AND_ASSIGN(BatchToRecordBatch converter, BatchToRecordBatch::Make(md, {2, 3}));
  Batch two_fields = testing::MakeBatch({{"", 1, 1, OpType::kPut, {1, 2}}});
  ASSERT_STATUS_CODE(converter.Convert(two_fields), StatusCode::kInvalidArguments);
  ASSERT_OK_AND_ASSIGN(types::RecordBatch empty, converter.Convert(std::span<const Batch>()));
  EXPECT_EQ(empty.num_rows(), 0u);
  EXPECT_EQ(empty.num_columns(), 2u);
  // A tag projection needs a decodable key.
  ASSERT_OK_AND_ASSIGN(BatchToRecordBatch with_tag, BatchToRecordBatch::Make(md, {1}));
  Batch bad_key = testing::MakeBatch({{"\x07garbage", 1, 1, OpType::kPut, {}}});
  ASSERT_STATUS_CODE(with_tag.Convert(bad_key), StatusCode::kStorageUnavailable);
}

TEST(FilterReaderTest, KeepsRowsInTimeRangeOfAcceptedKeys) {
  std::vector<Batch> batches = {
      testing::MakeBatch({{"a", 1, 1, OpType::kPut, {1}}, {"a", 5, 1, OpType::kPut, {5}}}),
      testing::MakeBatch({{"a", 9, 1, OpType::kPut, {9}}}),
      testing::MakeBatch({{"b", 4, 1, OpType::kPut, {4}}}),
      testing::MakeBatch({{"c", 3, 1, OpType::kPut, {3}}, {"c", 8, 1, OpType::kPut, {8}}}),
  };
  int calls = 0;
  BatchFilter filter{2, 9, [&calls](std::string_view pk) {
                       ++calls;
                       return pk != "b";
                     }};
  FilterReader reader(std::make_unique<VectorBatchReader>(std::move(batches)), filter);
  std::vector<testing::TestRow> rows;
  ASSERT_NO_FATAL_FAILURE(testing::ReadAllRows(reader, &rows));
  std::vector<int64_t> ts;
  for (const auto& r : rows) ts.push_back(r.ts);
  EXPECT_EQ(ts, (std::vector<int64_t>{5, 3, 8}));
  EXPECT_EQ(calls, 3);  // once per key
}

}  // namespace
}  // namespace greptime::storage
