// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/object_store/object_store.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "common/testing.h"

namespace greptime::storage {
namespace {

class ObjectStoreTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) {
      root_ = std::filesystem::temp_directory_path() /
              ("objstore_test_" + std::to_string(::getpid()) + "_" +
               std::to_string(reinterpret_cast<uintptr_t>(this)));
      ASSERT_OK_AND_ASSIGN(store_, NewFsObjectStore(root_.string()));
    } else {
      store_ = NewMemObjectStore();
    }
  }
  void TearDown() override {
    if (!root_.empty()) std::filesystem::remove_all(root_);
  }
  std::filesystem::path root_;
  std::unique_ptr<ObjectStore> store_;
};

TEST_P(ObjectStoreTest, WriteReadRangeStatDelete) {
  ASSERT_OK(store_->Write("a/b/c.sst", "hello world"));
  ASSERT_OK_AND_ASSIGN(std::string all, store_->Read("a/b/c.sst"));
  EXPECT_EQ(all, "hello world");
  ASSERT_OK_AND_ASSIGN(std::string part, store_->ReadRange("a/b/c.sst", 6, 5));
  EXPECT_EQ(part, "world");
  ASSERT_STATUS_CODE(store_->ReadRange("a/b/c.sst", 6, 50), StatusCode::kStorageUnavailable);
  ASSERT_OK_AND_ASSIGN(auto size, store_->Stat("a/b/c.sst"));
  EXPECT_EQ(size, std::optional<uint64_t>(11));
  ASSERT_OK_AND_ASSIGN(auto missing, store_->Stat("a/b/none"));
  EXPECT_FALSE(missing.has_value());
  ASSERT_OK(store_->Write("a/b/c.sst", "replaced"));
  EXPECT_EQ(*store_->Read("a/b/c.sst"), "replaced");
  ASSERT_OK(store_->Delete("a/b/c.sst"));
  ASSERT_OK(store_->Delete("a/b/c.sst"));  // idempotent
  Result<std::string> gone = store_->Read("a/b/c.sst");
  ASSERT_FALSE(gone.ok());
  EXPECT_NE(gone.status().message().find("a/b/c.sst"), std::string::npos);
}

TEST_P(ObjectStoreTest, WriteIfAbsentClaimsOnce) {
  ASSERT_OK(store_->WriteIfAbsent("m/00001.json", "v1"));
  ASSERT_STATUS_CODE(store_->WriteIfAbsent("m/00001.json", "v2"), StatusCode::kIllegalState);
  EXPECT_EQ(*store_->Read("m/00001.json"), "v1");
}

TEST_P(ObjectStoreTest, ListIsSortedAndPrefixFiltered) {
  ASSERT_OK(store_->Write("r/manifest/2.json", "b"));
  ASSERT_OK(store_->Write("r/manifest/1.json", "a"));
  ASSERT_OK(store_->Write("r/x.sst", "ccc"));
  ASSERT_OK(store_->Write("rr/y.sst", "d"));
  ASSERT_OK_AND_ASSIGN(auto manifest, store_->List("r/manifest/"));
  ASSERT_EQ(manifest.size(), 2u);
  EXPECT_EQ(manifest[0].path, "r/manifest/1.json");
  EXPECT_EQ(manifest[1].path, "r/manifest/2.json");
  ASSERT_OK_AND_ASSIGN(auto region, store_->List("r/"));
  EXPECT_EQ(region.size(), 3u);
  ASSERT_OK(store_->DeleteAll("r/"));
  EXPECT_TRUE(store_->List("r/")->empty());
  EXPECT_EQ(store_->List("rr/")->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ObjectStoreTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Fs" : "Mem"; });

}  // namespace
}  // namespace greptime::storage
