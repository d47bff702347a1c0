// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "meta/sequence.h"

#include <algorithm>
#include <mutex>
#include <thread>

#include "common/testing.h"
#include "meta/test_util.h"

namespace greptime::meta {
namespace {

TEST(SequenceAllocatorTest, StartsAtStartAndIncrements) {
  auto kv = NewMemoryKvBackend();
  SequenceAllocator seq(*kv, "__meta_seq-table_id", 1024);
  ASSERT_OK_AND_ASSIGN(uint64_t peek, seq.Peek());
  EXPECT_EQ(peek, 1024u);
  ASSERT_OK_AND_ASSIGN(uint64_t a, seq.Next());
  ASSERT_OK_AND_ASSIGN(uint64_t b, seq.Next());
  EXPECT_EQ(a, 1024u);
  EXPECT_EQ(b, 1025u);
  ASSERT_OK_AND_ASSIGN(auto stored, kv->Get("__meta_seq-table_id"));
  EXPECT_EQ(stored.value_or("?"), "1026");
}

TEST(SequenceAllocatorTest, TwoAllocatorsOnOneKeyShareTheSequence) {
  auto kv = NewMemoryKvBackend();
  SequenceAllocator first(*kv, "seq", 1);
  SequenceAllocator second(*kv, "seq", 1);
  ASSERT_OK_AND_ASSIGN(uint64_t a, first.Next());
  ASSERT_OK_AND_ASSIGN(uint64_t b, second.Next());
  EXPECT_EQ(a, 1u);
  EXPECT_EQ(b, 2u);
}

TEST(SequenceAllocatorTest, ContinuesAfterSqliteReopen) {
  TempDir dir;
  const std::string path = dir.path() + "/kv.sqlite3";
  {
    ASSERT_OK_AND_ASSIGN(auto kv, NewSqliteKvBackend(path));
    SequenceAllocator seq(*kv, "seq", 1024);
    for (int i = 0; i < 3; ++i) ASSERT_OK(seq.Next().status());
  }
  ASSERT_OK_AND_ASSIGN(auto kv, NewSqliteKvBackend(path));
  SequenceAllocator seq(*kv, "seq", 1024);
  ASSERT_OK_AND_ASSIGN(uint64_t next, seq.Next());
  EXPECT_EQ(next, 1027u);
}

TEST(SequenceAllocatorTest, ConcurrentNextHandsOutDistinctContiguousIds) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto sqlite, NewSqliteKvBackend(dir.path() + "/kv.sqlite3"));
  auto memory = NewMemoryKvBackend();
  for (KvBackend* kv : {memory.get(), sqlite.get()}) {
    constexpr int kThreads = 8;
    constexpr int kPerThread = 50;
    std::mutex mu;
    std::vector<uint64_t> ids;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        SequenceAllocator seq(*kv, "seq", 1024);  // one allocator per thread, one shared key
        for (int i = 0; i < kPerThread; ++i) {
          auto id = seq.Next();
          std::lock_guard lock(mu);
          ids.push_back(id.ok() ? *id : 0);
        }
      });
    }
    for (auto& thread : threads) thread.join();
    std::sort(ids.begin(), ids.end());
    ASSERT_EQ(ids.size(), size_t{kThreads * kPerThread});
    for (size_t i = 0; i < ids.size(); ++i) {
      ASSERT_EQ(ids[i], 1024 + i) << kv->name();
    }
  }
}

TEST(SequenceAllocatorTest, EnsureAtLeastOnlyMovesForward) {
  auto kv = NewMemoryKvBackend();
  SequenceAllocator seq(*kv, "seq", 1024);
  ASSERT_OK(seq.EnsureAtLeast(2000));
  ASSERT_OK(seq.EnsureAtLeast(1500));
  ASSERT_OK_AND_ASSIGN(uint64_t next, seq.Next());
  EXPECT_EQ(next, 2000u);
}

TEST(SequenceAllocatorTest, RejectsCorruptStoredValue) {
  auto kv = NewMemoryKvBackend();
  ASSERT_OK(kv->Put("seq", "12x"));
  SequenceAllocator seq(*kv, "seq", 1024);
  ASSERT_STATUS_CODE(seq.Next(), StatusCode::kUnexpected);
}

}  // namespace
}  // namespace greptime::meta
