// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/read/dedup_reader.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "common/testing.h"
#include "storage/read/merge_reader.h"
#include "storage/read/read_test_util.h"
#include "storage/read/vector_batch_reader.h"

namespace greptime::storage {
namespace {

using testing::TestRow;
constexpr auto kPut = OpType::kPut;
constexpr auto kDel = OpType::kDelete;
constexpr std::nullopt_t kNull = std::nullopt;

// The reference model: rows grouped by (pk, ts) in a std::map, each group newest first.
std::vector<TestRow> ModelDedup(const std::vector<TestRow>& rows, MergeMode mode,
                                bool filter_deleted) {
  std::map<std::pair<std::string, int64_t>, std::vector<TestRow>> groups;
  for (const TestRow& r : rows) groups[{r.pk, r.ts}].push_back(r);
  std::vector<TestRow> out;
  for (auto& [key, group] : groups) {
    std::stable_sort(group.begin(), group.end(),
                     [](const TestRow& a, const TestRow& b) { return a.seq > b.seq; });
    const TestRow& winner = group[0];
    if (winner.op == kDel) {
      if (!filter_deleted) out.push_back(winner);
      continue;
    }
    if (mode == MergeMode::kLastRow) {
      out.push_back(winner);
      continue;
    }
    size_t del = 1;
    while (del < group.size() && group[del].op != kDel) ++del;
    TestRow merged = winner;
    for (size_t f = 0; f < merged.fields.size(); ++f) {
      for (size_t r = 0; r < del && !merged.fields[f]; ++r) merged.fields[f] = group[r].fields[f];
    }
    out.push_back(merged);
    if (!filter_deleted && del < group.size()) out.push_back(group[del]);
  }
  return out;
}

std::vector<TestRow> RunDedup(std::vector<Batch> batches, MergeMode mode, bool filter_deleted) {
  DedupReader dedup(std::make_unique<VectorBatchReader>(std::move(batches)), mode, filter_deleted);
  std::vector<TestRow> rows;
  testing::ReadAllRows(dedup, &rows);
  return rows;
}

struct ModeCase {
  MergeMode mode;
  bool filter_deleted;
};
constexpr ModeCase kModes[] = {{MergeMode::kLastRow, true},
                               {MergeMode::kLastRow, false},
                               {MergeMode::kLastNonNull, true},
                               {MergeMode::kLastNonNull, false}};

TEST(DedupReaderTest, MatchesMapModelOnRandomMergedSources) {
  for (uint32_t seed = 1; seed <= 80; ++seed) {
    std::mt19937 rng(seed);
    size_t num_sources = 1 + rng() % 5;
    size_t key_space = 2 + rng() % 4;
    size_t ts_space = 3 + rng() % 20;
    std::vector<TestRow> all;
    std::vector<std::vector<TestRow>> sources(num_sources);
    uint64_t seq = 1;
    for (auto& rows : sources) {
      size_t n = rng() % 80;
      for (size_t i = 0; i < n; ++i) {
        TestRow r;
        r.pk = "k" + std::to_string(rng() % key_space);
        r.ts = static_cast<int64_t>(rng() % ts_space);
        r.seq = seq++;
        r.op = rng() % 4 == 0 ? kDel : kPut;
        for (int f = 0; f < 3; ++f) {
          r.fields.push_back(rng() % 2 == 0 ? std::nullopt : std::optional<int64_t>(rng() % 100));
        }
        rows.push_back(r);
      }
      std::sort(rows.begin(), rows.end());
      all.insert(all.end(), rows.begin(), rows.end());
    }
    for (const ModeCase& m : kModes) {
      SCOPED_TRACE(::testing::Message() << "seed " << seed << " mode " << static_cast<int>(m.mode)
                                        << " filter " << m.filter_deleted);
      std::vector<std::unique_ptr<BatchReader>> readers;
      std::mt19937 split_rng(seed * 7);
      for (const auto& rows : sources) {
        readers.push_back(std::make_unique<VectorBatchReader>(
            testing::SplitIntoBatches(rows, split_rng, 1 + seed % 6)));
      }
      auto merge = std::make_unique<MergeReader>(std::move(readers), 1 + seed % 9);
      DedupReader dedup(std::move(merge), m.mode, m.filter_deleted);
      std::vector<TestRow> actual;
      ASSERT_NO_FATAL_FAILURE(testing::ReadAllRows(dedup, &actual));
      ASSERT_EQ(actual, ModelDedup(all, m.mode, m.filter_deleted));
    }
  }
}

TEST(DedupReaderTest, LastRowKeepsNewestAcrossBatchBoundaries) {
  std::vector<Batch> batches = {
      testing::MakeBatch({{"a", 1, 9, kPut, {1}}, {"a", 2, 8, kPut, {2}}}),
      testing::MakeBatch({{"a", 2, 5, kPut, {20}}}),
      testing::MakeBatch({{"a", 2, 4, kPut, {200}}, {"a", 3, 3, kDel, {kNull}}}),
      testing::MakeBatch({{"a", 3, 2, kPut, {3}}}),
      testing::MakeBatch({{"b", 3, 1, kPut, {4}}}),
  };
  std::vector<TestRow> rows = RunDedup(batches, MergeMode::kLastRow, true);
  EXPECT_EQ(rows, (std::vector<TestRow>{
                      {"a", 1, 9, kPut, {1}}, {"a", 2, 8, kPut, {2}}, {"b", 3, 1, kPut, {4}}}));
  rows = RunDedup(batches, MergeMode::kLastRow, false);
  EXPECT_EQ(rows, (std::vector<TestRow>{{"a", 1, 9, kPut, {1}},
                                        {"a", 2, 8, kPut, {2}},
                                        {"a", 3, 3, kDel, {kNull}},
                                        {"b", 3, 1, kPut, {4}}}));
}

TEST(DedupReaderTest, LastNonNullFillsFieldsFromOlderRowsInLaterBatches) {
  // One (pk, ts) spread over three batches; field 1 is only set in the oldest row.
  std::vector<Batch> batches = {
      testing::MakeBatch({{"a", 1, 1, kPut, {1, 1}}, {"a", 5, 9, kPut, {kNull, kNull}}}),
      testing::MakeBatch({{"a", 5, 8, kPut, {50, kNull}}}),
      testing::MakeBatch({{"a", 5, 7, kPut, {51, 70}}, {"a", 6, 6, kPut, {kNull, 6}}}),
  };
  std::vector<TestRow> rows = RunDedup(batches, MergeMode::kLastNonNull, true);
  EXPECT_EQ(rows, (std::vector<TestRow>{{"a", 1, 1, kPut, {1, 1}},
                                        {"a", 5, 9, kPut, {50, 70}},
                                        {"a", 6, 6, kPut, {kNull, 6}}}));
}

TEST(DedupReaderTest, LastNonNullStopsAtAnOlderDelete) {
  std::vector<Batch> batches = {
      testing::MakeBatch({{"a", 5, 9, kPut, {kNull, 1}}, {"a", 5, 8, kDel, {kNull, kNull}}}),
      testing::MakeBatch({{"a", 5, 7, kPut, {70, 70}}}),
  };
  EXPECT_EQ(RunDedup(batches, MergeMode::kLastNonNull, true),
            (std::vector<TestRow>{{"a", 5, 9, kPut, {kNull, 1}}}));
  // Compaction keeps the delete after the merged row.
  EXPECT_EQ(
      RunDedup(batches, MergeMode::kLastNonNull, false),
      (std::vector<TestRow>{{"a", 5, 9, kPut, {kNull, 1}}, {"a", 5, 8, kDel, {kNull, kNull}}}));
}

TEST(DedupReaderTest, WinningDeleteRemovesTheKeyUnlessKept) {
  std::vector<Batch> batches = {
      testing::MakeBatch({{"a", 5, 9, kDel, {kNull}}}),
      testing::MakeBatch({{"a", 5, 7, kPut, {70}}, {"a", 6, 1, kPut, {6}}}),
  };
  for (MergeMode mode : {MergeMode::kLastRow, MergeMode::kLastNonNull}) {
    EXPECT_EQ(RunDedup(batches, mode, true), (std::vector<TestRow>{{"a", 6, 1, kPut, {6}}}));
    EXPECT_EQ(RunDedup(batches, mode, false),
              (std::vector<TestRow>{{"a", 5, 9, kDel, {kNull}}, {"a", 6, 1, kPut, {6}}}));
  }
}

TEST(DedupReaderTest, UnchangedBatchesPassThroughWithoutCopy) {
  Batch b = testing::MakeBatch({{"a", 1, 1, kPut, {1}}, {"a", 2, 1, kPut, {2}}});
  const types::Column* field = b.fields[0].get();
  for (MergeMode mode : {MergeMode::kLastRow, MergeMode::kLastNonNull}) {
    DedupReader dedup(std::make_unique<VectorBatchReader>(std::vector<Batch>{b}), mode, true);
    ASSERT_OK_AND_ASSIGN(std::optional<Batch> out, dedup.Next());
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->num_rows(), 2u);
    EXPECT_EQ(out->fields[0].get(), field);
  }
}

}  // namespace
}  // namespace greptime::storage
