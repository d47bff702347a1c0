// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/read/merge_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "common/testing.h"
#include "storage/read/read_test_util.h"
#include "storage/read/vector_batch_reader.h"

namespace greptime::storage {
namespace {

using testing::TestRow;

// Random sorted sources: keys from a small set, timestamps from a small range (so rows of
// different sources collide), sequences possibly equal across sources when `unique_seq` is
// false (then the merge orders ties by source).
std::vector<std::vector<TestRow>> RandomSources(std::mt19937& rng, size_t num_sources,
                                                size_t max_rows, bool unique_seq) {
  std::vector<std::vector<TestRow>> sources(num_sources);
  uint64_t next_seq = 1;
  for (auto& rows : sources) {
    size_t n = rng() % (max_rows + 1);
    for (size_t i = 0; i < n; ++i) {
      TestRow r;
      r.pk = std::string(1, static_cast<char>('a' + rng() % 5));
      r.ts = static_cast<int64_t>(rng() % 40) - 10;
      r.seq = unique_seq ? next_seq++ : 1 + rng() % 6;
      r.op = rng() % 5 == 0 ? OpType::kDelete : OpType::kPut;
      r.fields = {rng() % 4 == 0 ? std::nullopt : std::optional<int64_t>(rng() % 1000)};
      rows.push_back(r);
    }
    std::stable_sort(rows.begin(), rows.end());
  }
  return sources;
}

TEST(MergeReaderTest, MatchesSortOfAllRowsOnRandomSources) {
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937 rng(seed);
    size_t num_sources = 1 + rng() % 8;
    bool unique_seq = seed % 2 == 0;
    auto sources = RandomSources(rng, num_sources, 120, unique_seq);
    std::vector<TestRow> expected;
    std::vector<std::unique_ptr<BatchReader>> readers;
    for (const auto& rows : sources) {
      expected.insert(expected.end(), rows.begin(), rows.end());
      readers.push_back(
          std::make_unique<VectorBatchReader>(testing::SplitIntoBatches(rows, rng, 7)));
    }
    // Sources in order, stable: ties of (pk, ts, seq) come in source order.
    std::stable_sort(expected.begin(), expected.end());
    size_t batch_rows = 1 + rng() % 16;
    MergeReader merge(std::move(readers), batch_rows);
    std::vector<TestRow> actual;
    ASSERT_NO_FATAL_FAILURE(testing::ReadAllRows(merge, &actual));
    ASSERT_EQ(actual, expected);
  }
}

TEST(MergeReaderTest, NonOverlappingBatchesPassThroughWithoutCopy) {
  Batch a = testing::MakeBatch({{"a", 1, 1, OpType::kPut, {1}}, {"a", 2, 1, OpType::kPut, {2}}});
  Batch b = testing::MakeBatch({{"b", 1, 1, OpType::kPut, {3}}});
  const types::Column* a_field = a.fields[0].get();
  std::vector<std::unique_ptr<BatchReader>> readers;
  readers.push_back(std::make_unique<VectorBatchReader>(std::vector<Batch>{std::move(b)}));
  readers.push_back(std::make_unique<VectorBatchReader>(std::vector<Batch>{std::move(a)}));
  MergeReader merge(std::move(readers), /*batch_rows=*/2);
  ASSERT_OK_AND_ASSIGN(std::optional<Batch> first, merge.Next());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->primary_key, "a");
  EXPECT_EQ(first->fields[0].get(), a_field);
  ASSERT_OK_AND_ASSIGN(std::optional<Batch> second, merge.Next());
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->primary_key, "b");
  ASSERT_OK_AND_ASSIGN(std::optional<Batch> end, merge.Next());
  EXPECT_FALSE(end.has_value());
}

TEST(MergeReaderTest, InterleavedSingleRowsAreConcatenatedPerSeries) {
  // Two sources alternate row by row within one series: the output groups them again.
  std::vector<Batch> left;
  std::vector<Batch> right;
  for (int64_t ts = 0; ts < 40; ++ts) {
    Batch row = testing::MakeBatch({{"k", ts, 1, OpType::kPut, {ts}}});
    (ts % 2 == 0 ? left : right).push_back(std::move(row));
  }
  std::vector<std::unique_ptr<BatchReader>> readers;
  readers.push_back(std::make_unique<VectorBatchReader>(std::move(left)));
  readers.push_back(std::make_unique<VectorBatchReader>(std::move(right)));
  MergeReader merge(std::move(readers), /*batch_rows=*/16);
  std::vector<TestRow> rows;
  size_t batches = 0;
  ASSERT_NO_FATAL_FAILURE(testing::ReadAllRows(merge, &rows, &batches));
  ASSERT_EQ(rows.size(), 40u);
  EXPECT_EQ(batches, 3u);  // 16 + 16 + 8
  for (int64_t ts = 0; ts < 40; ++ts) EXPECT_EQ(rows[ts].fields[0], ts);
}

TEST(MergeReaderTest, NoSourcesOrEmptySourcesGiveEnd) {
  MergeReader none({});
  ASSERT_OK_AND_ASSIGN(std::optional<Batch> a, none.Next());
  EXPECT_FALSE(a.has_value());
  std::vector<std::unique_ptr<BatchReader>> readers;
  readers.push_back(std::make_unique<VectorBatchReader>(std::vector<Batch>{Batch{}}));
  readers.push_back(std::make_unique<VectorBatchReader>(std::vector<Batch>{}));
  MergeReader empty(std::move(readers));
  ASSERT_OK_AND_ASSIGN(std::optional<Batch> b, empty.Next());
  EXPECT_FALSE(b.has_value());
}

class FailingReader final : public BatchReader {
 public:
  explicit FailingReader(int good_batches) : good_(good_batches) {}
  Result<std::optional<Batch>> Next() override {
    if (good_-- > 0) {
      return std::optional<Batch>(testing::MakeBatch({{"z", good_, 1, OpType::kPut, {1}}}));
    }
    return Status::StorageUnavailable("read sst 7.sst: checksum mismatch");
  }

 private:
  int good_;
};

TEST(MergeReaderTest, PropagatesSourceErrors) {
  for (int good : {0, 1}) {
    std::vector<std::unique_ptr<BatchReader>> readers;
    readers.push_back(std::make_unique<VectorBatchReader>(
        std::vector<Batch>{testing::MakeBatch({{"a", 1, 1, OpType::kPut, {1}}})}));
    readers.push_back(std::make_unique<FailingReader>(good));
    MergeReader merge(std::move(readers));
    Status status;
    for (int i = 0; i < 5 && status.ok(); ++i) {
      auto next = merge.Next();
      if (!next.ok()) status = next.status();
    }
    EXPECT_EQ(status.code(), StatusCode::kStorageUnavailable) << good;
    EXPECT_NE(status.message().find("7.sst"), std::string::npos);
  }
}

}  // namespace
}  // namespace greptime::storage
