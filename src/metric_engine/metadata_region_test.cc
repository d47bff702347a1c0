// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "metric_engine/metadata_region.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "common/testing.h"
#include "storage/object_store/object_store.h"
#include "types/record_batch.h"

namespace greptime::metric_engine {
namespace {

using storage::ColumnMetadata;
using storage::RegionId;
using types::DataType;
using types::SemanticType;
using types::Value;

const RegionId kId(1024, 1u << 24);
const std::string kDir = "data/t/metadata/";

storage::RegionMetadataPtr Logical(RegionId id, std::optional<std::chrono::nanoseconds> ttl) {
  std::vector<ColumnMetadata> columns = {
      {{"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, "time"}, 0},
      {{"val", DataType::Float64(), true, SemanticType::kField,
        types::ColumnDefault::Constant(Value::Float64(1.5)), ""}, 1},
      {{"host", DataType::String(), true, SemanticType::kTag, {}, "the host"}, 5},
  };
  storage::RegionOptions options;
  options.ttl = ttl;
  return *storage::RegionMetadata::Make(id, columns, {5}, options);
}

class MetadataRegionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("metadata_region_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    ASSERT_OK_AND_ASSIGN(store_, storage::NewFsObjectStore((root_ / "store").string()));
    Start();
  }
  void TearDown() override {
    mito_.reset();
    std::filesystem::remove_all(root_);
  }
  void Start() {
    storage::MitoEngineOptions options;
    options.wal_dir = (root_ / "wal").string();
    options.num_workers = 1;
    ASSERT_OK_AND_ASSIGN(mito_, storage::NewMitoEngine(options, store_.get()));
  }

  std::filesystem::path root_;
  std::unique_ptr<storage::ObjectStore> store_;
  std::unique_ptr<storage::RegionEngine> mito_;
};

TEST_F(MetadataRegionTest, PutLoadDeleteSurviveReopen) {
  MetadataRegion region(*mito_, kId);
  ASSERT_OK(region.Create(kDir));
  auto a = Logical(RegionId(2000, 0), std::chrono::hours(1));
  auto b = Logical(RegionId(2001, 0), std::nullopt);
  ASSERT_OK(region.PutLogicalRegion(*a));
  ASSERT_OK(region.PutLogicalRegion(*b));
  ASSERT_OK(region.PutLogicalRegion(*b));  // replaces
  ASSERT_OK(region.DeleteLogicalRegion(RegionId(2000, 0)));
  ASSERT_OK(region.PutLogicalRegion(*a));
  ASSERT_OK(region.DeleteLogicalRegion(RegionId(2001, 0)));
  mito_->Stop();
  mito_.reset();
  Start();
  MetadataRegion reopened(*mito_, kId);
  ASSERT_OK(reopened.Open(kDir));
  ASSERT_OK_AND_ASSIGN(auto loaded, reopened.LoadLogicalRegions());
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(*loaded.at(RegionId(2000, 0)), *a);
  EXPECT_EQ(loaded.at(RegionId(2000, 0))->options().ttl, std::chrono::nanoseconds(std::chrono::hours(1)));
}

TEST_F(MetadataRegionTest, MalformedRowIsAnError) {
  MetadataRegion region(*mito_, kId);
  ASSERT_OK(region.Create(kDir));
  auto schema = MetadataRegionSchema(kId)->schema();
  auto rows = *types::RecordBatch::FromRows(
      schema, {{Value::Timestamp(0, TimeUnit::kMillisecond), Value::String("region/12x"),
                Value::String("{}")}});
  ASSERT_OK(mito_->Write(storage::WriteRequest{kId, storage::OpType::kPut, rows}).status());
  ASSERT_STATUS_CODE(region.LoadLogicalRegions(), StatusCode::kStorageUnavailable);
}

TEST(LogicalRegionKeyTest, DecimalRegionId) {
  EXPECT_EQ(LogicalRegionKey(RegionId(1, 2)), "region/4294967298");
}

}  // namespace
}  // namespace greptime::metric_engine
