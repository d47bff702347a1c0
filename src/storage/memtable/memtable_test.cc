// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Behaviour both memtables share, checked against a row model (parameterized by kind).
#include "storage/memtable/memtable.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <thread>

#include "common/testing.h"
#include "storage/pk_codec.h"
#include "storage/read/dedup_reader.h"
#include "storage/read/read_test_util.h"
#include "types/record_batch.h"

namespace greptime::storage {
namespace {

using testing::TestRow;
using types::Value;

enum class Kind { kTimeSeries, kAppend };

std::unique_ptr<Memtable> NewMemtable(Kind kind, RegionMetadataPtr md) {
  return kind == Kind::kTimeSeries ? NewTimeSeriesMemtable(std::move(md))
                                   : NewAppendMemtable(std::move(md));
}

// Region: tags tag0, tag1 (ids 1, 2), ts (3), fields f0, f1 (4, 5), all Int64.
constexpr uint32_t kF0 = 4;
constexpr uint32_t kF1 = 5;

class MemtableTest : public ::testing::TestWithParam<Kind> {
 protected:
  MemtableTest() : md_(testing::MakeTestMetadata(2, 2)), memtable_(NewMemtable(GetParam(), md_)) {}

  static std::string Key(const Value& tag0, const Value& tag1) {
    PrimaryKeyCodec codec({types::DataType::String(), types::DataType::String()});
    std::string key;
    GT_CHECK(codec.Encode({tag0, tag1}, &key).ok());
    return key;
  }

  // Writes `rows` of (tag0, tag1, ts, f0, f1) with the next sequences, recording the model.
  Status Write(OpType op, const std::vector<std::vector<Value>>& rows) {
    GT_ASSIGN_OR_RETURN(types::RecordBatch batch,
                        types::RecordBatch::FromRows(md_->schema(), rows));
    GT_RETURN_IF_ERROR(memtable_->Write(op, next_seq_, batch));
    for (size_t i = 0; i < rows.size(); ++i) {
      const auto& r = rows[i];
      TestRow row{Key(r[0], r[1]), r[2].AsTimestamp().value, next_seq_ + i, op, {}};
      for (size_t f = 3; f < 5; ++f) {
        row.fields.push_back(r[f].is_null() ? std::nullopt
                                            : std::optional<int64_t>(r[f].AsInt64()));
      }
      model_.push_back(row);
    }
    next_seq_ += rows.size();
    return Status::OK();
  }

  static std::vector<Value> Row(const std::string& host, int64_t ts, std::optional<int64_t> f0,
                                std::optional<int64_t> f1 = std::nullopt) {
    return {Value::String(host), Value::String("dc"), Value::Timestamp(ts, TimeUnit::kMillisecond),
            f0 ? Value::Int64(*f0) : Value(), f1 ? Value::Int64(*f1) : Value()};
  }

  // A random write: hosts (a NULL host too), out-of-order and repeated timestamps.
  Status RandomWrite(std::mt19937& rng, size_t n) {
    std::vector<std::vector<Value>> rows;
    for (size_t i = 0; i < n; ++i) {
      Value host = rng() % 9 == 0 ? Value() : Value::String("h" + std::to_string(rng() % 6));
      Value dc = Value::String(rng() % 2 ? "east" : "west");
      auto field = [&]() { return rng() % 3 == 0 ? Value() : Value::Int64(rng() % 1000); };
      rows.push_back(
          {host, dc, Value::Timestamp(rng() % 50, TimeUnit::kMillisecond), field(), field()});
    }
    return Write(rng() % 6 == 0 ? OpType::kDelete : OpType::kPut, rows);
  }

  std::vector<TestRow> Read(const MemtableReadOptions& options) {
    auto reader = memtable_->Iter(options);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    std::vector<TestRow> rows;
    if (reader.ok()) testing::ReadAllRows(**reader, &rows);
    return rows;
  }

  std::vector<TestRow> SortedModel() const {
    std::vector<TestRow> rows = model_;
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  static MemtableReadOptions AllFields() {
    MemtableReadOptions options;
    options.field_ids = {kF0, kF1};
    return options;
  }

  RegionMetadataPtr md_;
  std::unique_ptr<Memtable> memtable_;
  std::vector<TestRow> model_;
  uint64_t next_seq_ = 1;
};

TEST_P(MemtableTest, IterReturnsEveryRowInBatchOrderWithDuplicates) {
  std::mt19937 rng(42);
  for (int w = 0; w < 30; ++w) ASSERT_OK(RandomWrite(rng, 1 + rng() % 40));
  std::vector<TestRow> rows = Read(AllFields());
  EXPECT_EQ(rows, SortedModel());
}

TEST_P(MemtableTest, DuplicatesAreResolvedOnlyByTheDedupReader) {
  ASSERT_OK(Write(OpType::kPut, {Row("a", 1, 10), Row("a", 2, 20), Row("b", 1, 30)}));
  ASSERT_OK(Write(OpType::kPut, {Row("a", 1, 11)}));
  ASSERT_OK(Write(OpType::kDelete, {Row("b", 1, std::nullopt)}));
  EXPECT_EQ(Read(AllFields()).size(), 5u);
  ASSERT_OK_AND_ASSIGN(auto iter, memtable_->Iter(AllFields()));
  DedupReader dedup(std::move(iter), MergeMode::kLastRow, /*filter_deleted=*/true);
  std::vector<TestRow> rows;
  ASSERT_NO_FATAL_FAILURE(testing::ReadAllRows(dedup, &rows));
  std::string a = Key(Value::String("a"), Value::String("dc"));
  EXPECT_EQ(rows, (std::vector<TestRow>{{a, 1, 4, OpType::kPut, {11, std::nullopt}},
                                        {a, 2, 2, OpType::kPut, {20, std::nullopt}}}));
}

TEST_P(MemtableTest, ProjectionReturnsRequestedFieldsInOrder) {
  ASSERT_OK(Write(OpType::kPut, {Row("a", 1, 10, 100)}));
  MemtableReadOptions options;
  options.field_ids = {kF1, kF0};
  std::vector<TestRow> rows = Read(options);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::optional<int64_t>>{100, 10}));
  options.field_ids = {};
  rows = Read(options);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0].fields.empty());
  options.field_ids = {3};  // the time index is not a field
  ASSERT_STATUS_CODE(memtable_->Iter(options), StatusCode::kInvalidArguments);
}

TEST_P(MemtableTest, FiltersByTimeRangeAndPrimaryKey) {
  std::mt19937 rng(7);
  for (int w = 0; w < 10; ++w) ASSERT_OK(RandomWrite(rng, 30));
  std::string h1 = Key(Value::String("h1"), Value::String("east"));
  MemtableReadOptions options = AllFields();
  options.time_start = 10;
  options.time_end = 20;
  options.pk_filter = [&h1](std::string_view pk) { return pk != h1; };
  std::vector<TestRow> expected;
  for (const TestRow& r : SortedModel()) {
    if (r.ts >= 10 && r.ts < 20 && r.pk != h1) expected.push_back(r);
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(Read(options), expected);
  options.time_start = 30;
  options.time_end = 30;
  EXPECT_TRUE(Read(options).empty());
}

TEST_P(MemtableTest, SplitsSeriesIntoBatchesOfBatchRows) {
  std::vector<std::vector<Value>> rows;
  for (int64_t ts = 9; ts >= 0; --ts) rows.push_back(Row("a", ts, ts));
  ASSERT_OK(Write(OpType::kPut, rows));
  MemtableReadOptions options = AllFields();
  options.batch_rows = 3;
  ASSERT_OK_AND_ASSIGN(auto reader, memtable_->Iter(options));
  std::vector<TestRow> out;
  size_t batches = 0;
  ASSERT_NO_FATAL_FAILURE(testing::ReadAllRows(*reader, &out, &batches));
  EXPECT_EQ(batches, 4u);
  EXPECT_EQ(out, SortedModel());
}

TEST_P(MemtableTest, StatisticsAndFreeze) {
  EXPECT_TRUE(memtable_->empty());
  EXPECT_FALSE(memtable_->time_range().has_value());
  EXPECT_EQ(memtable_->max_sequence(), 0u);
  next_seq_ = 100;
  ASSERT_OK(Write(OpType::kPut, {Row("a", 5, 1), Row("b", -3, 1), Row("a", 42, 1)}));
  EXPECT_FALSE(memtable_->empty());
  EXPECT_EQ(memtable_->num_rows(), 3u);
  EXPECT_EQ(memtable_->time_range(), std::make_pair(int64_t{-3}, int64_t{42}));
  EXPECT_EQ(memtable_->max_sequence(), 102u);
  memtable_->Freeze();
  EXPECT_TRUE(memtable_->frozen());
  ASSERT_STATUS_CODE(Write(OpType::kPut, {Row("a", 6, 1)}), StatusCode::kIllegalState);
  EXPECT_EQ(memtable_->num_rows(), 3u);
  EXPECT_EQ(Read(AllFields()).size(), 3u);
}

TEST_P(MemtableTest, RejectsColumnsThatDoNotMatchTheRegion) {
  auto other = testing::MakeTestMetadata(2, 1);
  ASSERT_OK_AND_ASSIGN(
      types::RecordBatch short_rows,
      types::RecordBatch::FromRows(
          other->schema(), {{Value::String("a"), Value::String("b"),
                             Value::Timestamp(1, TimeUnit::kMillisecond), Value::Int64(1)}}));
  ASSERT_STATUS_CODE(memtable_->Write(OpType::kPut, 1, short_rows), StatusCode::kInvalidArguments);
  EXPECT_TRUE(memtable_->empty());
  EXPECT_OK(memtable_->Write(OpType::kPut, 1, types::RecordBatch::MakeEmpty(md_->schema())));
  EXPECT_TRUE(memtable_->empty());
}

TEST_P(MemtableTest, IteratorSeesSnapshotAndOutlivesMemtable) {
  ASSERT_OK(Write(OpType::kPut, {Row("a", 1, 1), Row("b", 1, 1)}));
  std::vector<TestRow> before = SortedModel();
  ASSERT_OK_AND_ASSIGN(auto reader, memtable_->Iter(AllFields()));
  ASSERT_OK(Write(OpType::kPut, {Row("a", 0, 2), Row("c", 1, 2), Row("b", 2, 2)}));
  memtable_.reset();
  std::vector<TestRow> rows;
  ASSERT_NO_FATAL_FAILURE(testing::ReadAllRows(*reader, &rows));
  EXPECT_EQ(rows, before);
}

TEST_P(MemtableTest, MemoryGrowsMonotonicallyAndProportionally) {
  size_t empty_bytes = memtable_->memory_bytes();
  std::mt19937 rng(3);
  std::vector<size_t> sizes;
  for (int w = 0; w < 200; ++w) {
    ASSERT_OK(RandomWrite(rng, 100));
    sizes.push_back(memtable_->memory_bytes());
    ASSERT_GE(sizes.back(), w == 0 ? empty_bytes + 1 : sizes[w - 1]);
  }
  // Per row at least ts + seq + op + key id or nothing + two Int64 values; vectors at most
  // double their contents and per-series overhead is bounded (at most 14 series).
  size_t rows = memtable_->num_rows();
  size_t payload = rows * (8 + 8 + 1 + 16);
  EXPECT_GE(sizes.back(), payload);
  EXPECT_LE(sizes.back(), 3 * payload);
  // Ten times the rows, roughly ten times the bytes.
  double ratio = static_cast<double>(sizes[199]) / static_cast<double>(sizes[19]);
  EXPECT_GT(ratio, 5.0);
  EXPECT_LT(ratio, 20.0);
}

TEST_P(MemtableTest, ConcurrentReadersSeeWholeWritesInOrder) {
  constexpr size_t kRowsPerWrite = 16;
  constexpr int kWrites = 300;
  std::atomic<bool> done{false};
  std::atomic<int> snapshots{0};
  auto reader = [&]() {
    while (!done.load()) {
      auto iter = memtable_->Iter(AllFields());
      ASSERT_TRUE(iter.ok());
      std::vector<TestRow> rows;
      ASSERT_NO_FATAL_FAILURE(testing::ReadAllRows(**iter, &rows));
      // A snapshot holds whole writes: sequences 1..k * kRowsPerWrite, each once.
      std::vector<uint64_t> seqs;
      for (const TestRow& r : rows) seqs.push_back(r.seq);
      std::sort(seqs.begin(), seqs.end());
      ASSERT_EQ(seqs.size() % kRowsPerWrite, 0u);
      for (size_t i = 0; i < seqs.size(); ++i) ASSERT_EQ(seqs[i], i + 1);
      snapshots.fetch_add(1);
    }
  };
  std::thread r1(reader);
  std::thread r2(reader);
  std::mt19937 rng(11);
  for (int w = 0; w < kWrites; ++w) {
    Status s = RandomWrite(rng, kRowsPerWrite);
    if (!s.ok()) ADD_FAILURE() << s.ToString();
    if (w % 50 == 0) std::this_thread::yield();
  }
  // On a loaded machine the writes may end before a reader ran: give them time to finish one
  // snapshot each (bounded, so a reader that failed cannot hang the test).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (snapshots.load() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  done.store(true);
  r1.join();
  r2.join();
  EXPECT_GT(snapshots.load(), 0);
  EXPECT_EQ(Read(AllFields()), SortedModel());
}

INSTANTIATE_TEST_SUITE_P(Kinds, MemtableTest, ::testing::Values(Kind::kTimeSeries, Kind::kAppend),
                         [](const ::testing::TestParamInfo<Kind>& info) {
                           return info.param == Kind::kTimeSeries ? "TimeSeries" : "Append";
                         });

}  // namespace
}  // namespace greptime::storage
