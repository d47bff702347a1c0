// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/object_store/cached_object_store.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "common/testing.h"
#include "storage/object_store/faulty_object_store.h"

namespace greptime::storage {
namespace {

namespace fs = std::filesystem;

class CachedObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("object_cache_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    remote_ = NewMemObjectStore();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A cache over the shared remote; `flaky_` is the handle to switch the remote off.
  std::unique_ptr<CachedObjectStore> Open(uint64_t capacity = 1 << 20) {
    auto flaky = std::make_unique<FaultyObjectStore>(remote_.get());
    flaky_ = flaky.get();
    ObjectCacheOptions options;
    options.dir = dir_.string();
    options.capacity_bytes = capacity;
    auto cache = NewCachedObjectStore(std::move(flaky), options);
    EXPECT_TRUE(cache.ok()) << cache.status().message();
    return std::move(cache).value();
  }

  fs::path dir_;
  std::unique_ptr<ObjectStore> remote_;
  FaultyObjectStore* flaky_ = nullptr;
};

TEST_F(CachedObjectStoreTest, WrittenFilesAreReadLocally) {
  auto cache = Open();
  ASSERT_OK(cache->Write("data/r/a.sst", "0123456789"));
  ASSERT_OK_AND_ASSIGN(std::string remote_copy, remote_->Read("data/r/a.sst"));
  EXPECT_EQ(remote_copy, "0123456789");  // durable in the object store first
  EXPECT_TRUE(fs::exists(dir_ / "data/r/a.sst"));
  ASSERT_OK_AND_ASSIGN(std::string all, cache->Read("data/r/a.sst"));
  EXPECT_EQ(all, "0123456789");
  ASSERT_OK_AND_ASSIGN(std::string part, cache->ReadRange("data/r/a.sst", 3, 4));
  EXPECT_EQ(part, "3456");
  ASSERT_OK_AND_ASSIGN(auto size, cache->Stat("data/r/a.sst"));
  EXPECT_EQ(size, std::optional<uint64_t>(10));
  ASSERT_STATUS_CODE(cache->ReadRange("data/r/a.sst", 8, 5), StatusCode::kStorageUnavailable);
  EXPECT_EQ(flaky_->reads.load(), 0);
  EXPECT_EQ(cache->stats().objects, 1u);
  EXPECT_EQ(cache->stats().bytes, 10u);
}

TEST_F(CachedObjectStoreTest, ReadMissesFillTheCache) {
  ASSERT_OK(remote_->Write("data/r/b.sst", "abcdefghij"));
  auto cache = Open();
  // A ranged miss is served remotely and the whole object is fetched in the background.
  ASSERT_OK_AND_ASSIGN(std::string part, cache->ReadRange("data/r/b.sst", 2, 3));
  EXPECT_EQ(part, "cde");
  cache->WaitForFills();
  const int reads = flaky_->reads.load();
  EXPECT_EQ(reads, 2);  // the range, then the fill
  ASSERT_OK_AND_ASSIGN(part, cache->ReadRange("data/r/b.sst", 7, 3));
  EXPECT_EQ(part, "hij");
  EXPECT_EQ(flaky_->reads.load(), reads);
  // A whole-object miss is cached from the bytes just read.
  ASSERT_OK(remote_->Write("data/r/c.sst", "xyz"));
  ASSERT_OK_AND_ASSIGN(std::string all, cache->Read("data/r/c.sst"));
  EXPECT_EQ(all, "xyz");
  ASSERT_OK_AND_ASSIGN(all, cache->Read("data/r/c.sst"));
  EXPECT_EQ(flaky_->reads.load(), reads + 1);
  EXPECT_EQ(cache->stats().misses, 2u);
  EXPECT_GE(cache->stats().hits, 2u);
}

TEST_F(CachedObjectStoreTest, OnlyImmutableFilesAreCached) {
  auto cache = Open();
  ASSERT_OK(cache->Write("data/r/manifest/00000000000000000001.json", "{}"));
  ASSERT_OK_AND_ASSIGN(std::string m, cache->Read("data/r/manifest/00000000000000000001.json"));
  EXPECT_EQ(m, "{}");
  EXPECT_EQ(flaky_->reads.load(), 1);
  EXPECT_EQ(cache->stats().objects, 0u);
  // Paths that could leave the cache directory are never cached.
  ASSERT_OK(cache->Write("data/../escape.sst", "x"));
  EXPECT_FALSE(fs::exists(dir_.parent_path() / "escape.sst"));
  EXPECT_EQ(cache->stats().objects, 0u);
}

TEST_F(CachedObjectStoreTest, LeastRecentlyUsedObjectsAreEvictedAtCapacity) {
  auto cache = Open(/*capacity=*/25);
  ASSERT_OK(cache->Write("a.sst", std::string(10, 'a')));
  ASSERT_OK(cache->Write("b.sst", std::string(10, 'b')));
  ASSERT_OK(cache->Read("a.sst").status());  // a is now the most recent
  ASSERT_OK(cache->Write("c.sst", std::string(10, 'c')));
  EXPECT_EQ(cache->stats().bytes, 20u);
  EXPECT_EQ(cache->stats().evictions, 1u);
  EXPECT_FALSE(fs::exists(dir_ / "b.sst"));
  EXPECT_TRUE(fs::exists(dir_ / "a.sst"));
  // An object larger than the whole cache is not cached.
  ASSERT_OK(cache->Write("big.sst", std::string(30, 'x')));
  EXPECT_FALSE(fs::exists(dir_ / "big.sst"));
  ASSERT_OK_AND_ASSIGN(std::string big, cache->Read("big.sst"));
  EXPECT_EQ(big.size(), 30u);
}

TEST_F(CachedObjectStoreTest, SurvivesRestartAndServesCachedFilesWhileTheStoreIsDown) {
  {
    auto cache = Open();
    ASSERT_OK(cache->Write("data/r/a.sst", "cached"));
  }
  ASSERT_OK(remote_->Write("data/r/b.sst", "not cached"));
  // Leftovers of an interrupted fill are removed at start.
  std::ofstream(dir_ / "data/r/c.sst.tmp.7") << "partial";
  auto cache = Open();
  EXPECT_FALSE(fs::exists(dir_ / "data/r/c.sst.tmp.7"));
  EXPECT_EQ(cache->stats().objects, 1u);
  flaky_->down = true;
  ASSERT_OK_AND_ASSIGN(std::string a, cache->Read("data/r/a.sst"));
  EXPECT_EQ(a, "cached");
  auto b = cache->Read("data/r/b.sst");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().code(), StatusCode::kStorageUnavailable);
  EXPECT_NE(b.status().message().find("connection refused"), std::string::npos);
  // A write that does not reach the store is not cached either.
  ASSERT_STATUS_CODE(cache->Write("data/r/d.sst", "lost"), StatusCode::kStorageUnavailable);
  EXPECT_FALSE(fs::exists(dir_ / "data/r/d.sst"));
  flaky_->down = false;
  ASSERT_OK_AND_ASSIGN(b, cache->Read("data/r/b.sst"));
  EXPECT_EQ(*b, "not cached");
}

TEST_F(CachedObjectStoreTest, DeletesEvict) {
  auto cache = Open();
  ASSERT_OK(cache->Write("data/t/1/a.sst", "a"));
  ASSERT_OK(cache->Write("data/t/1/b.sst", "b"));
  ASSERT_OK(cache->Write("data/t/2/c.sst", "c"));
  ASSERT_OK(cache->Delete("data/t/1/a.sst"));
  EXPECT_FALSE(fs::exists(dir_ / "data/t/1/a.sst"));
  ASSERT_OK(cache->DeleteAll("data/t/1/"));
  EXPECT_FALSE(fs::exists(dir_ / "data/t/1/b.sst"));
  EXPECT_EQ(cache->stats().objects, 1u);
  ASSERT_OK_AND_ASSIGN(auto gone, cache->Stat("data/t/1/b.sst"));
  EXPECT_FALSE(gone.has_value());
  // A cached file removed behind the cache's back is read from the store again.
  fs::remove(dir_ / "data/t/2/c.sst");
  ASSERT_OK_AND_ASSIGN(std::string c, cache->Read("data/t/2/c.sst"));
  EXPECT_EQ(c, "c");
}

}  // namespace
}  // namespace greptime::storage
