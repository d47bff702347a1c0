// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/manifest/manifest.h"

#include <gtest/gtest.h>

#include "common/testing.h"
#include "storage/object_store/object_store.h"

namespace greptime::storage {
namespace {

RegionMetadataPtr TestMetadata() {
  using types::DataType;
  using types::SemanticType;
  std::vector<ColumnMetadata> columns = {
      {{"host", DataType::String(), true, SemanticType::kTag, {}, ""}, 0},
      {{"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""}, 1},
      {{"cpu", DataType::Float64(), true, SemanticType::kField, {}, "usage"}, 2},
  };
  RegionOptions options;
  options.ttl = std::chrono::hours(24);
  return *RegionMetadata::Make(RegionId(1024, 0), columns, {0}, options);
}

FileMeta File(const std::string& id, int64_t lo, int64_t hi) {
  FileMeta f;
  f.file_id = id;
  f.time_min = lo;
  f.time_max = hi;
  f.num_rows = 10;
  f.file_size = 100;
  f.max_sequence = 7;
  f.num_row_groups = 1;
  return f;
}

const std::string kDir = "data/greptime/public/1024/1024_0000000000/";

TEST(ManifestTest, CreateApplyReopen) {
  auto store = NewMemObjectStore();
  ASSERT_OK_AND_ASSIGN(auto manager, ManifestManager::Create(store.get(), kDir, TestMetadata()));
  RegionEdit edit;
  edit.files_to_add = {File("a", 0, 10), File("b", 5, 20)};
  edit.flushed_entry_id = 42;
  edit.flushed_sequence = 100;
  ASSERT_OK(manager->Apply({edit}));
  RegionEdit remove;
  remove.files_to_remove = {"a"};
  ASSERT_OK(manager->Apply({remove}));
  EXPECT_EQ(manager->manifest().manifest_version, 3u);

  ASSERT_OK_AND_ASSIGN(auto reopened, ManifestManager::Open(store.get(), kDir));
  const RegionManifest& m = reopened->manifest();
  EXPECT_EQ(m.manifest_version, 3u);
  EXPECT_EQ(m.flushed_entry_id, 42u);
  EXPECT_EQ(m.flushed_sequence, 100u);
  ASSERT_EQ(m.files.size(), 1u);
  EXPECT_EQ(m.files.at("b"), File("b", 5, 20));
  EXPECT_EQ(*m.metadata, *TestMetadata());
}

TEST(ManifestTest, CreateTwiceFails) {
  auto store = NewMemObjectStore();
  ASSERT_OK(ManifestManager::Create(store.get(), kDir, TestMetadata()).status());
  ASSERT_STATUS_CODE(ManifestManager::Create(store.get(), kDir, TestMetadata()),
                     StatusCode::kRegionAlreadyExists);
  ASSERT_STATUS_CODE(ManifestManager::Open(store.get(), "nowhere/"), StatusCode::kRegionNotFound);
}

TEST(ManifestTest, CheckpointsReplaceOldFiles) {
  auto store = NewMemObjectStore();
  ASSERT_OK_AND_ASSIGN(auto manager,
                       ManifestManager::Create(store.get(), kDir, TestMetadata(), {3}));
  for (int i = 0; i < 7; ++i) {
    RegionEdit edit;
    edit.files_to_add = {File("f" + std::to_string(i), i, i + 1)};
    edit.flushed_entry_id = i;
    ASSERT_OK(manager->Apply({edit}));
  }
  ASSERT_OK_AND_ASSIGN(auto objects, store->List(kDir + "manifest/"));
  EXPECT_LT(objects.size(), 5u);  // old deltas are deleted after each checkpoint
  bool has_checkpoint = false;
  for (const auto& o : objects) has_checkpoint |= o.path.find(".checkpoint") != std::string::npos;
  EXPECT_TRUE(has_checkpoint);
  ASSERT_OK_AND_ASSIGN(auto reopened, ManifestManager::Open(store.get(), kDir, {3}));
  EXPECT_EQ(reopened->manifest().files.size(), 7u);
  EXPECT_EQ(reopened->manifest().manifest_version, 8u);
  EXPECT_EQ(reopened->manifest().flushed_entry_id, 6u);
}

TEST(ManifestTest, TruncateClearsFiles) {
  auto store = NewMemObjectStore();
  ASSERT_OK_AND_ASSIGN(auto manager, ManifestManager::Create(store.get(), kDir, TestMetadata()));
  RegionEdit edit;
  edit.files_to_add = {File("a", 0, 10)};
  ASSERT_OK(manager->Apply({edit}));
  ASSERT_OK(manager->Apply({RegionTruncate{9, 99}}));
  ASSERT_OK_AND_ASSIGN(auto reopened, ManifestManager::Open(store.get(), kDir));
  EXPECT_TRUE(reopened->manifest().files.empty());
  EXPECT_EQ(reopened->manifest().flushed_entry_id, 9u);
}

TEST(ManifestTest, FlippedByteIsAnErrorNamingTheFile) {
  auto store = NewMemObjectStore();
  ASSERT_OK_AND_ASSIGN(auto manager, ManifestManager::Create(store.get(), kDir, TestMetadata()));
  RegionEdit edit;
  edit.files_to_add = {File("a", 0, 10)};
  ASSERT_OK(manager->Apply({edit}));
  const std::string path = kDir + "manifest/00000000000000000002.json";
  ASSERT_OK_AND_ASSIGN(std::string original, store->Read(path));
  for (size_t i = 0; i < original.size(); ++i) {
    std::string corrupt = original;
    corrupt[i] ^= 0x01;
    ASSERT_OK(store->Write(path, corrupt));
    Result<std::unique_ptr<ManifestManager>> opened = ManifestManager::Open(store.get(), kDir);
    ASSERT_FALSE(opened.ok()) << "flip at " << i;
    EXPECT_NE(opened.status().message().find(path), std::string::npos) << opened.status().message();
  }
}

TEST(ManifestTest, MissingVersionIsDetected) {
  auto store = NewMemObjectStore();
  ASSERT_OK_AND_ASSIGN(auto manager, ManifestManager::Create(store.get(), kDir, TestMetadata()));
  ASSERT_OK(manager->Apply({RegionEdit{}}));
  ASSERT_OK(manager->Apply({RegionEdit{}}));
  ASSERT_OK(store->Delete(kDir + "manifest/00000000000000000002.json"));
  ASSERT_STATUS_CODE(ManifestManager::Open(store.get(), kDir), StatusCode::kStorageUnavailable);
}

}  // namespace
}  // namespace greptime::storage
