// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "datanode/region_server.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "common/testing.h"
#include "storage/object_store/object_store.h"

namespace greptime::datanode {
namespace {

using types::DataType;
using types::SemanticType;
using types::Value;

TEST(RegionServerTest, RoutesRequestsToTheRegionsEngine) {
  const auto root = std::filesystem::temp_directory_path() /
                    ("region_server_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);
  auto store = storage::NewFsObjectStore((root / "store").string());
  ASSERT_TRUE(store.ok());
  storage::MitoEngineOptions options;
  options.wal_dir = (root / "wal").string();
  options.num_workers = 1;
  ASSERT_OK_AND_ASSIGN(auto engine, storage::NewMitoEngine(options, store->get()));
  RegionServer server;
  server.RegisterEngine(std::move(engine));

  const RegionId id(1025, 1);
  std::vector<storage::ColumnMetadata> columns = {
      {{"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""}, 0},
      {{"v", DataType::Float64(), true, SemanticType::kField, {}, ""}, 1},
  };
  ASSERT_OK_AND_ASSIGN(auto metadata, storage::RegionMetadata::Make(id, columns, {}));
  ASSERT_OK(server.Handle(RegionCreate{"mito", {metadata, "data/t/1025_0000000001/"}}).status());
  ASSERT_STATUS_CODE(server.Handle(RegionCreate{"nope", {metadata, "x/"}}),
                     StatusCode::kInvalidArguments);

  auto rows = *types::RecordBatch::FromRows(
      metadata->schema(), {{Value::Timestamp(5, TimeUnit::kMillisecond), Value::Float64(1.5)}});
  ASSERT_OK_AND_ASSIGN(RegionResponse written,
                       server.Handle(storage::WriteRequest{id, storage::OpType::kPut, rows}));
  EXPECT_EQ(written.affected_rows, 1u);
  storage::ScanRequest scan;
  scan.region_id = id;
  ASSERT_OK_AND_ASSIGN(RegionResponse scanned, server.Handle(scan));
  ASSERT_TRUE(scanned.scan.has_value());
  ASSERT_EQ(scanned.scan->batches.size(), 1u);
  EXPECT_EQ(scanned.scan->batches[0].GetValue(0, 1).ToString(), "1.5");
  EXPECT_EQ(server.OpenRegions(), std::vector<RegionId>{id});
  ASSERT_OK_AND_ASSIGN(auto stats, server.Statistics(id));
  EXPECT_EQ(stats.num_rows, 1u);

  ASSERT_OK(server.Handle(storage::CloseRequest{id}).status());
  ASSERT_STATUS_CODE(server.Handle(scan), StatusCode::kRegionNotFound);
  ASSERT_OK(server.Handle(RegionOpen{"mito", {id, "data/t/1025_0000000001/"}}).status());
  ASSERT_OK_AND_ASSIGN(scanned, server.Handle(scan));
  EXPECT_EQ(scanned.scan->batches[0].num_rows(), 1u);
  // A lapsed region lease refuses writes and schema changes, not reads; a renewed one allows
  // them again.
  server.SetLeaseDeadline(std::chrono::steady_clock::now() - std::chrono::seconds(1));
  auto refused = server.Handle(storage::WriteRequest{id, storage::OpType::kPut, rows});
  ASSERT_STATUS_CODE(refused, StatusCode::kRegionNotReady);
  EXPECT_NE(refused.status().message().find("lease"), std::string::npos);
  ASSERT_STATUS_CODE(server.Handle(storage::TruncateRequest{id}), StatusCode::kRegionNotReady);
  ASSERT_OK_AND_ASSIGN(scanned, server.Handle(scan));
  EXPECT_EQ(scanned.scan->batches[0].num_rows(), 1u);
  server.SetLeaseDeadline(std::chrono::steady_clock::now() + std::chrono::seconds(10));
  ASSERT_OK(server.Handle(storage::WriteRequest{id, storage::OpType::kPut, rows}).status());
  server.Stop();
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace greptime::datanode
