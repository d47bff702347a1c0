// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Test helpers of the metric engine tests: a fixture with a mito engine on a temp dir and a
// metric engine over it, a physical region (ts, val) and logical regions (ts, val, tags...).
#pragma once

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/testing.h"
#include "metric_engine/metric_engine.h"
#include "storage/object_store/object_store.h"
#include "types/record_batch.h"

namespace greptime::metric_engine::test_util {

using storage::ColumnMetadata;
using storage::RegionId;
using types::DataType;
using types::SemanticType;
using types::Value;

inline const RegionId kPhysical(1024, 0);
inline const std::string kPhysicalDir = "data/greptime/public/1024/1024_0000000000/";

inline types::ColumnSchema TsColumn() {
  return {"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""};
}
inline types::ColumnSchema ValColumn() {
  return {"val", DataType::Float64(), true, SemanticType::kField, {}, ""};
}
inline types::ColumnSchema TagColumn(const std::string& name) {
  return {name, DataType::String(), true, SemanticType::kTag, {}, ""};
}

inline storage::RegionMetadataPtr PhysicalMetadata() {
  std::vector<ColumnMetadata> columns = {{TsColumn(), 0}, {ValColumn(), 1}};
  return *storage::RegionMetadata::Make(kPhysical, columns, {});
}

// ts (id 0), val (id 1), then the tags (ids 2...).
inline storage::RegionMetadataPtr LogicalMetadata(uint32_t table_id,
                                                  const std::vector<std::string>& tags,
                                                  storage::RegionOptions options = {}) {
  std::vector<ColumnMetadata> columns = {{TsColumn(), 0}, {ValColumn(), 1}};
  std::vector<uint32_t> pk;
  for (size_t i = 0; i < tags.size(); ++i) {
    columns.push_back({TagColumn(tags[i]), static_cast<uint32_t>(2 + i)});
    pk.push_back(static_cast<uint32_t>(2 + i));
  }
  return *storage::RegionMetadata::Make(RegionId(table_id, 0), columns, pk, options);
}

inline storage::EngineOptions OnPhysical(RegionId physical = kPhysical) {
  return {{kOnPhysicalRegionOption, std::to_string(physical.value())}};
}

inline std::string LogicalDir(RegionId id) {
  return "data/greptime/public/" + std::to_string(id.table_id()) + "/";
}

// One row of a logical table: tag values (absent = NULL), ts, val.
struct Row {
  std::map<std::string, std::string> tags;
  int64_t ts;
  std::optional<double> val;
};

// A batch with columns [tags (sorted by name)..., ts, val] (val omitted for deletes).
inline types::RecordBatch MakeRows(const std::vector<std::string>& tag_names,
                                   const std::vector<Row>& rows, bool with_val = true) {
  std::vector<types::ColumnSchema> schema;
  for (const std::string& t : tag_names) schema.push_back(TagColumn(t));
  schema.push_back(TsColumn());
  if (with_val) schema.push_back(ValColumn());
  std::vector<std::vector<Value>> values;
  for (const Row& r : rows) {
    std::vector<Value> v;
    for (const std::string& t : tag_names) {
      auto it = r.tags.find(t);
      v.push_back(it == r.tags.end() ? Value() : Value::String(it->second));
    }
    v.push_back(Value::Timestamp(r.ts, TimeUnit::kMillisecond));
    if (with_val) v.push_back(r.val ? Value::Float64(*r.val) : Value());
    values.push_back(std::move(v));
  }
  auto batch =
      types::RecordBatch::FromRows(std::make_shared<const types::Schema>(schema), values);
  EXPECT_TRUE(batch.ok()) << batch.status().ToString();
  return *batch;
}

// Every row as "c1|c2|..." in scan order (NULL as "").
inline std::vector<std::string> Dump(const storage::ScanResult& result) {
  std::vector<std::string> out;
  for (const types::RecordBatch& batch : result.batches) {
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      std::string line;
      for (size_t c = 0; c < batch.num_columns(); ++c) {
        if (c) line += "|";
        const Value v = batch.GetValue(r, c);
        line += v.is_null() ? "" : v.ToString();
      }
      out.push_back(line);
    }
  }
  return out;
}

class MetricEngineFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    std::replace(name.begin(), name.end(), '/', '_');  // parameterized tests: "Suite/Name/0"
    root_ = std::filesystem::temp_directory_path() /
            ("metric_engine_test_" + std::to_string(::getpid()) + "_" + name);
    std::filesystem::remove_all(root_);
    ASSERT_OK_AND_ASSIGN(store_, storage::NewFsObjectStore((root_ / "store").string()));
    StartEngines();
  }
  void TearDown() override {
    metric_.reset();
    mito_.reset();
    std::filesystem::remove_all(root_);
  }
  void StartEngines() {
    storage::MitoEngineOptions options;
    options.wal_dir = (root_ / "wal").string();
    options.num_workers = 1;
    options.sst_row_group_rows = 64;
    ASSERT_OK_AND_ASSIGN(mito_, storage::NewMitoEngine(options, store_.get()));
    metric_ = NewMetricEngine(mito_.get());
  }
  // Stops both engines and starts fresh ones over the same directories (nothing is open).
  void Restart() {
    metric_->Stop();
    mito_->Stop();
    metric_.reset();
    mito_.reset();
    StartEngines();
  }
  Status CreatePhysical() {
    return metric_->Create(storage::CreateRequest{
        PhysicalMetadata(), kPhysicalDir, {{kPhysicalTableOption, ""}}});
  }
  Status OpenPhysical() {
    return metric_->Open(storage::OpenRequest{kPhysical, kPhysicalDir, {{kPhysicalTableOption, ""}}});
  }
  Status CreateLogical(const storage::RegionMetadataPtr& md) {
    return metric_->Create(storage::CreateRequest{md, LogicalDir(md->region_id()), OnPhysical()});
  }
  Status OpenLogical(RegionId id) {
    return metric_->Open(storage::OpenRequest{id, LogicalDir(id), OnPhysical()});
  }
  Result<uint64_t> Put(RegionId id, const std::vector<std::string>& tags,
                       const std::vector<Row>& rows) {
    return metric_->Write(storage::WriteRequest{id, storage::OpType::kPut, MakeRows(tags, rows)});
  }
  Result<uint64_t> Delete(RegionId id, const std::vector<std::string>& tags,
                          const std::vector<Row>& rows) {
    return metric_->Write(
        storage::WriteRequest{id, storage::OpType::kDelete, MakeRows(tags, rows, false)});
  }
  std::vector<std::string> ScanAll(RegionId id, storage::ScanRequest request = {}) {
    request.region_id = id;
    auto result = metric_->Scan(request);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? Dump(*result) : std::vector<std::string>{};
  }

  std::filesystem::path root_;
  std::unique_ptr<storage::ObjectStore> store_;
  std::unique_ptr<storage::RegionEngine> mito_;
  std::unique_ptr<storage::RegionEngine> metric_;
};

}  // namespace greptime::metric_engine::test_util
