// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Tests of the mito engine through its public RegionEngine interface, including a model-based
// test against a std::map reference.
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "common/testing.h"
#include "storage/object_store/faulty_object_store.h"
#include "storage/object_store/object_store.h"
#include "storage/region_engine.h"
#include "types/record_batch.h"

namespace greptime::storage {
namespace {

using types::DataType;
using types::SemanticType;
using types::Value;

const RegionId kRegion(1024, 0);
const std::string kDir = "data/greptime/public/1024/1024_0000000000/";

RegionMetadataPtr CpuMetadata(RegionOptions options = {}) {
  std::vector<ColumnMetadata> columns = {
      {{"host", DataType::String(), true, SemanticType::kTag, {}, ""}, 0},
      {{"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""}, 1},
      {{"cpu", DataType::Float64(), true, SemanticType::kField, {}, ""}, 2},
      {{"mem", DataType::Int64(), true, SemanticType::kField, {}, ""}, 3},
  };
  return *RegionMetadata::Make(kRegion, columns, {0}, options);
}

struct Row {
  std::string host;
  int64_t ts;
  std::optional<double> cpu;
  std::optional<int64_t> mem;
};

types::RecordBatch Rows(const std::vector<Row>& rows) {
  auto schema = std::make_shared<const types::Schema>(std::vector<types::ColumnSchema>{
      {"host", DataType::String(), true, SemanticType::kTag, {}, ""},
      {"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""},
      {"cpu", DataType::Float64(), true, SemanticType::kField, {}, ""},
      {"mem", DataType::Int64(), true, SemanticType::kField, {}, ""},
  });
  std::vector<std::vector<Value>> values;
  for (const Row& r : rows) {
    values.push_back({Value::String(r.host), Value::Timestamp(r.ts, TimeUnit::kMillisecond),
                      r.cpu ? Value::Float64(*r.cpu) : Value(),
                      r.mem ? Value::Int64(*r.mem) : Value()});
  }
  return *types::RecordBatch::FromRows(schema, values);
}

types::RecordBatch Keys(const std::vector<std::pair<std::string, int64_t>>& keys) {
  auto schema = std::make_shared<const types::Schema>(std::vector<types::ColumnSchema>{
      {"host", DataType::String(), true, SemanticType::kTag, {}, ""},
      {"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""},
  });
  std::vector<std::vector<Value>> values;
  for (const auto& [h, ts] : keys) {
    values.push_back({Value::String(h), Value::Timestamp(ts, TimeUnit::kMillisecond)});
  }
  return *types::RecordBatch::FromRows(schema, values);
}

// Every row of a scan as "host|ts|cpu|mem" strings, in scan order.
std::vector<std::string> Dump(const ScanResult& result) {
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

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("engine_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    ASSERT_OK_AND_ASSIGN(store_, NewFsObjectStore((root_ / "store").string()));
    StartEngine();
  }
  void TearDown() override {
    engine_.reset();
    std::filesystem::remove_all(root_);
  }
  void StartEngine() {
    MitoEngineOptions options;
    options.wal_dir = (root_ / "wal").string();
    options.num_workers = 2;
    options.sst_row_group_rows = 64;
    options_tweak_(options);
    ASSERT_OK_AND_ASSIGN(engine_, NewMitoEngine(options, store_.get()));
  }
  void Restart() {
    engine_->Stop();
    engine_.reset();
    StartEngine();
    ASSERT_OK(engine_->Open(OpenRequest{kRegion, kDir}));
  }
  void Put(const std::vector<Row>& rows) {
    ASSERT_OK_AND_ASSIGN(uint64_t n, engine_->Write(WriteRequest{kRegion, OpType::kPut, Rows(rows)}));
    ASSERT_EQ(n, rows.size());
  }
  void Delete(const std::vector<std::pair<std::string, int64_t>>& keys) {
    ASSERT_OK(engine_->Write(WriteRequest{kRegion, OpType::kDelete, Keys(keys)}).status());
  }
  std::vector<std::string> ScanAll(ScanRequest request = {}) {
    request.region_id = kRegion;
    auto result = engine_->Scan(request);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? Dump(*result) : std::vector<std::string>{};
  }

  std::filesystem::path root_;
  std::unique_ptr<ObjectStore> store_;
  std::unique_ptr<RegionEngine> engine_;
  std::function<void(MitoEngineOptions&)> options_tweak_ = [](MitoEngineOptions&) {};
};

TEST_F(EngineTest, PutScanSortedAndDeduplicated) {
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(), kDir}));
  Put({{"b", 2, 1.5, 10}, {"a", 3, 2.5, std::nullopt}, {"a", 1, 0.5, 7}});
  Put({{"a", 1, 9.0, 9}});  // overwrites (a, 1)
  EXPECT_EQ(ScanAll(), (std::vector<std::string>{
                           "a|1970-01-01T00:00:00.001|9.0|9",
                           "a|1970-01-01T00:00:00.003|2.5|",
                           "b|1970-01-01T00:00:00.002|1.5|10",
                       }));
}

TEST_F(EngineTest, CreateTwiceAndUnknownRegion) {
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(), kDir}));
  ASSERT_STATUS_CODE(engine_->Create(CreateRequest{CpuMetadata(), kDir}),
                     StatusCode::kRegionAlreadyExists);
  ASSERT_STATUS_CODE(engine_->Write(WriteRequest{RegionId(7, 7), OpType::kPut, Rows({})}),
                     StatusCode::kRegionNotFound);
  ScanRequest scan;
  scan.region_id = RegionId(7, 7);
  ASSERT_STATUS_CODE(engine_->Scan(scan), StatusCode::kRegionNotFound);
}

TEST_F(EngineTest, DeleteHidesRowsAcrossFlush) {
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(), kDir}));
  Put({{"a", 1, 1.0, 1}, {"a", 2, 2.0, 2}, {"b", 1, 3.0, 3}});
  ASSERT_OK(engine_->Flush(FlushRequest{kRegion}));
  Delete({{"a", 2}, {"b", 1}});
  EXPECT_EQ(ScanAll(), (std::vector<std::string>{"a|1970-01-01T00:00:00.001|1.0|1"}));
  ASSERT_OK(engine_->Flush(FlushRequest{kRegion}));
  EXPECT_EQ(ScanAll(), (std::vector<std::string>{"a|1970-01-01T00:00:00.001|1.0|1"}));
  ASSERT_OK(engine_->Compact(CompactRequest{kRegion}));
  EXPECT_EQ(ScanAll(), (std::vector<std::string>{"a|1970-01-01T00:00:00.001|1.0|1"}));
  ASSERT_OK_AND_ASSIGN(RegionStatistics stats, engine_->GetStatistics(kRegion));
  EXPECT_EQ(stats.num_files, 1u);
  EXPECT_EQ(stats.num_rows, 1u);  // deletes dropped: no other file overlaps
}

TEST_F(EngineTest, ReopenReplaysWalAndKeepsFlushedFiles) {
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(), kDir}));
  Put({{"a", 1, 1.0, 1}});
  ASSERT_OK(engine_->Flush(FlushRequest{kRegion}));
  Put({{"a", 2, 2.0, 2}});
  Delete({{"a", 1}});
  Restart();
  EXPECT_EQ(ScanAll(), (std::vector<std::string>{"a|1970-01-01T00:00:00.002|2.0|2"}));
  // Writes after reopen get new sequences that win over replayed ones.
  Put({{"a", 2, 5.0, 5}});
  EXPECT_EQ(ScanAll(), (std::vector<std::string>{"a|1970-01-01T00:00:00.002|5.0|5"}));
  Restart();
  EXPECT_EQ(ScanAll(), (std::vector<std::string>{"a|1970-01-01T00:00:00.002|5.0|5"}));
}

TEST_F(EngineTest, ProjectionTimeRangeTagPredicateLimit) {
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(), kDir}));
  Put({{"a", 1, 1.0, 1}, {"a", 2, 2.0, 2}, {"b", 1, 3.0, 3}, {"b", 5, 4.0, 4}});
  ASSERT_OK(engine_->Flush(FlushRequest{kRegion}));
  Put({{"c", 3, 5.0, 5}});
  ScanRequest req;
  req.projection = {"mem", "host"};
  req.time_start = 2;
  req.time_end = 5;
  EXPECT_EQ(ScanAll(req), (std::vector<std::string>{"2|a", "5|c"}));
  ScanRequest by_tag;
  by_tag.tag_predicates.push_back(
      TagPredicate{"host", {Value::String("b")}});
  by_tag.projection = {"ts"};
  EXPECT_EQ(ScanAll(by_tag), (std::vector<std::string>{"1970-01-01T00:00:00.001",
                                                       "1970-01-01T00:00:00.005"}));
  ScanRequest limited;
  limited.limit = 3;
  EXPECT_EQ(ScanAll(limited).size(), 3u);
  ScanRequest bad;
  bad.region_id = kRegion;
  bad.projection = {"nope"};
  ASSERT_STATUS_CODE(engine_->Scan(bad), StatusCode::kTableColumnNotFound);
}

TEST_F(EngineTest, WriteValidation) {
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(), kDir}));
  auto schema = std::make_shared<const types::Schema>(std::vector<types::ColumnSchema>{
      {"host", DataType::String(), true, SemanticType::kTag, {}, ""},
      {"cpu", DataType::Float64(), true, SemanticType::kField, {}, ""}});
  auto no_ts = *types::RecordBatch::FromRows(schema, {{Value::String("a"), Value::Float64(1)}});
  ASSERT_STATUS_CODE(engine_->Write(WriteRequest{kRegion, OpType::kPut, no_ts}),
                     StatusCode::kInvalidArguments);
  auto extra_schema = std::make_shared<const types::Schema>(std::vector<types::ColumnSchema>{
      {"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""},
      {"disk", DataType::Float64(), true, SemanticType::kField, {}, ""}});
  auto extra = *types::RecordBatch::FromRows(
      extra_schema, {{Value::Timestamp(1, TimeUnit::kMillisecond), Value::Float64(1)}});
  ASSERT_STATUS_CODE(engine_->Write(WriteRequest{kRegion, OpType::kPut, extra}),
                     StatusCode::kTableColumnNotFound);
  EXPECT_TRUE(ScanAll().empty());
}

TEST_F(EngineTest, AlterAddAndDropColumn) {
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(), kDir}));
  Put({{"a", 1, 1.0, 1}});
  AlterRequest add{kRegion, {AlterRequest::AddColumn{
                                {"disk", DataType::Float64(), true, SemanticType::kField, {}, ""}}}};
  ASSERT_OK(engine_->Alter(add));
  ASSERT_STATUS_CODE(engine_->Alter(add), StatusCode::kTableColumnExists);
  EXPECT_EQ(ScanAll(), (std::vector<std::string>{"a|1970-01-01T00:00:00.001|1.0|1|"}));
  AlterRequest drop{kRegion, {AlterRequest::DropColumn{"mem"}}};
  ASSERT_OK(engine_->Alter(drop));
  EXPECT_EQ(ScanAll(), (std::vector<std::string>{"a|1970-01-01T00:00:00.001|1.0|"}));
  AlterRequest drop_tag{kRegion, {AlterRequest::DropColumn{"host"}}};
  ASSERT_STATUS_CODE(engine_->Alter(drop_tag), StatusCode::kInvalidArguments);
  Restart();
  ASSERT_OK_AND_ASSIGN(auto md, engine_->GetMetadata(kRegion));
  EXPECT_NE(md->ColumnByName("disk"), nullptr);
  EXPECT_EQ(md->ColumnByName("mem"), nullptr);
  EXPECT_EQ(ScanAll(), (std::vector<std::string>{"a|1970-01-01T00:00:00.001|1.0|"}));
}

TEST_F(EngineTest, TruncateAndDrop) {
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(), kDir}));
  Put({{"a", 1, 1.0, 1}});
  ASSERT_OK(engine_->Flush(FlushRequest{kRegion}));
  Put({{"a", 2, 1.0, 1}});
  ASSERT_OK(engine_->Truncate(TruncateRequest{kRegion}));
  EXPECT_TRUE(ScanAll().empty());
  Restart();
  EXPECT_TRUE(ScanAll().empty());
  Put({{"b", 3, 1.0, 1}});
  EXPECT_EQ(ScanAll().size(), 1u);
  ASSERT_OK(engine_->Drop(DropRequest{kRegion}));
  EXPECT_TRUE(store_->List(kDir)->empty());
  ASSERT_STATUS_CODE(engine_->Open(OpenRequest{kRegion, kDir}), StatusCode::kRegionNotFound);
}

TEST_F(EngineTest, AppendModeKeepsDuplicates) {
  RegionOptions options;
  options.append_mode = true;
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(options), kDir}));
  Put({{"a", 1, 1.0, 1}});
  Put({{"a", 1, 2.0, 2}});
  ASSERT_OK(engine_->Flush(FlushRequest{kRegion}));
  Put({{"a", 1, 3.0, 3}});
  EXPECT_EQ(ScanAll().size(), 3u);
  ASSERT_STATUS_CODE(engine_->Write(WriteRequest{kRegion, OpType::kDelete, Keys({{"a", 1}})}),
                     StatusCode::kUnsupported);
}

TEST_F(EngineTest, LastNonNullMergeMode) {
  RegionOptions options;
  options.merge_mode = MergeMode::kLastNonNull;
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(options), kDir}));
  Put({{"a", 1, 1.0, 7}});
  ASSERT_OK(engine_->Flush(FlushRequest{kRegion}));
  Put({{"a", 1, std::nullopt, 8}});
  EXPECT_EQ(ScanAll(), (std::vector<std::string>{"a|1970-01-01T00:00:00.001|1.0|8"}));
}

TEST_F(EngineTest, TtlHidesAndCompactionRemovesExpiredRows) {
  RegionOptions options;
  options.ttl = std::chrono::hours(1);
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(options), kDir}));
  const int64_t now_ms = Clock::System().Now().value / 1'000'000;
  Put({{"old", 1000, 1.0, 1}, {"new", now_ms, 2.0, 2}});
  EXPECT_EQ(ScanAll().size(), 1u);
  ASSERT_OK(engine_->Flush(FlushRequest{kRegion}));
  Put({{"old", 2000, 1.0, 1}});
  ASSERT_OK(engine_->Flush(FlushRequest{kRegion}));
  ASSERT_OK(engine_->Compact(CompactRequest{kRegion}));
  EXPECT_EQ(ScanAll().size(), 1u);
  ASSERT_OK_AND_ASSIGN(RegionStatistics stats, engine_->GetStatistics(kRegion));
  // The file holding only expired rows is gone; the other keeps its expired row until a
  // compaction rewrites it, but scans never show it.
  EXPECT_EQ(stats.num_files, 1u);
  EXPECT_EQ(stats.num_rows, 2u);
}

TEST_F(EngineTest, MemoryPressureFlushesAutomatically) {
  options_tweak_ = [](MitoEngineOptions& o) { o.region_write_buffer_size = 64 << 10; };
  engine_.reset();
  StartEngine();
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(), kDir}));
  for (int batch = 0; batch < 20; ++batch) {
    std::vector<Row> rows;
    for (int i = 0; i < 500; ++i) rows.push_back({"h" + std::to_string(i % 10), batch * 1000 + i, 1.0 * i, i});
    Put(rows);
  }
  ASSERT_OK(engine_->Flush(FlushRequest{kRegion}));
  ASSERT_OK_AND_ASSIGN(RegionStatistics stats, engine_->GetStatistics(kRegion));
  EXPECT_GT(stats.num_files, 1u);
  EXPECT_EQ(ScanAll().size(), 10000u);
}

// An unreachable object store: writes are still acknowledged (WAL + memtable), the failed
// flush keeps the rows readable and is retried with backoff until the store is back; nothing is
// lost across a restart at any point.
TEST_F(EngineTest, FlushesRetryWhileTheObjectStoreIsDown) {
  engine_.reset();
  auto base = std::move(store_);
  auto faulty = std::make_unique<FaultyObjectStore>(base.get());
  FaultyObjectStore* outage = faulty.get();
  store_ = std::move(faulty);
  StartEngine();
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(), kDir}));
  Put({{"a", 1, 1.0, 1}});
  outage->down = true;
  Put({{"a", 2, 2.0, 2}});
  Status flushed = engine_->Flush(FlushRequest{kRegion});
  ASSERT_EQ(flushed.code(), StatusCode::kStorageUnavailable) << flushed.ToString();
  EXPECT_NE(flushed.message().find("unreachable"), std::string::npos);
  Put({{"b", 3, 3.0, 3}});  // still acknowledged
  const std::vector<std::string> all = {"a|1970-01-01T00:00:00.001|1.0|1",
                                        "a|1970-01-01T00:00:00.002|2.0|2",
                                        "b|1970-01-01T00:00:00.003|3.0|3"};
  EXPECT_EQ(ScanAll(), all);
  outage->down = false;
  // The worker retries on its own (first retry after 1 s).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  uint64_t files = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    ASSERT_OK_AND_ASSIGN(RegionStatistics stats, engine_->GetStatistics(kRegion));
    files = stats.num_files;
    if (files > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(files, 1u);
  EXPECT_EQ(ScanAll(), all);
  Restart();
  EXPECT_EQ(ScanAll(), all);
  engine_.reset();  // before `base`, which the store wraps
}

TEST_F(EngineTest, ConcurrentWritersAndScans) {
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(), kDir}));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t]() {
      for (int i = 0; i < 50; ++i) {
        auto r = engine_->Write(WriteRequest{
            kRegion, OpType::kPut, Rows({{"w" + std::to_string(t), i, 1.0 * i, i}})});
        EXPECT_TRUE(r.ok());
      }
    });
  }
  threads.emplace_back([this]() {
    for (int i = 0; i < 20; ++i) {
      ScanRequest req;
      req.region_id = kRegion;
      EXPECT_TRUE(engine_->Scan(req).ok());
      if (i % 5 == 0) {
        EXPECT_TRUE(engine_->Flush(FlushRequest{kRegion}).ok());
      }
    }
  });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ScanAll().size(), 200u);
}

TEST_F(EngineTest, FlippedSstByteIsAnErrorNamingFileAndRegion) {
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(), kDir}));
  std::vector<Row> rows;
  for (int i = 0; i < 300; ++i) rows.push_back({"h" + std::to_string(i % 7), i, i * 0.25, i});
  Put(rows);
  ASSERT_OK(engine_->Flush(FlushRequest{kRegion}));
  const std::vector<std::string> good = ScanAll();
  ASSERT_EQ(good.size(), 300u);
  ASSERT_OK_AND_ASSIGN(auto objects, store_->List(kDir));
  std::string sst;
  for (const auto& o : objects) {
    if (o.path.size() > 4 && o.path.substr(o.path.size() - 4) == ".sst") sst = o.path;
  }
  ASSERT_FALSE(sst.empty());
  ASSERT_OK_AND_ASSIGN(std::string original, store_->Read(sst));
  std::mt19937 rng(7);
  for (int trial = 0; trial < 60; ++trial) {
    std::string corrupt = original;
    const size_t pos = rng() % corrupt.size();
    corrupt[pos] = static_cast<char>(corrupt[pos] ^ (1 << (rng() % 8)));
    ASSERT_OK(store_->Write(sst, corrupt));
    Restart();  // SST files are immutable, so open regions cache their footers
    ScanRequest req;
    req.region_id = kRegion;
    auto result = engine_->Scan(req);
    ASSERT_FALSE(result.ok()) << "flip at " << pos << " went unnoticed";
    EXPECT_NE(result.status().message().find(sst), std::string::npos) << result.status().message();
    EXPECT_NE(result.status().message().find(kRegion.ToString()), std::string::npos)
        << result.status().message();
  }
  ASSERT_OK(store_->Write(sst, original));
  Restart();
  EXPECT_EQ(ScanAll(), good);
}

// ---------------------------------------------------------------------------------------------
// Model-based test: random operations against a std::map reference, compared after every step.

TEST_F(EngineTest, RandomOperationsMatchReferenceModel) {
  ASSERT_OK(engine_->Create(CreateRequest{CpuMetadata(), kDir}));
  std::map<std::pair<std::string, int64_t>, std::pair<std::optional<double>, std::optional<int64_t>>>
      model;
  std::mt19937 rng(20261125);
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  for (int step = 0; step < 120; ++step) {
    const int op = pick(100);
    SCOPED_TRACE("step " + std::to_string(step) + " op " + std::to_string(op));
    if (op < 50) {
      std::vector<Row> rows;
      const int n = 1 + pick(30);
      for (int i = 0; i < n; ++i) {
        Row r{"h" + std::to_string(pick(6)), pick(80),
              pick(5) == 0 ? std::nullopt : std::optional<double>(pick(1000) / 4.0),
              pick(5) == 0 ? std::nullopt : std::optional<int64_t>(pick(1000))};
        rows.push_back(r);
      }
      Put(rows);
      for (const Row& r : rows) model[{r.host, r.ts}] = {r.cpu, r.mem};
    } else if (op < 65) {
      std::vector<std::pair<std::string, int64_t>> keys;
      for (int i = 0; i < 1 + pick(10); ++i) keys.emplace_back("h" + std::to_string(pick(6)), pick(80));
      Delete(keys);
      for (const auto& k : keys) model.erase(k);
    } else if (op < 80) {
      ASSERT_OK(engine_->Flush(FlushRequest{kRegion}));
    } else if (op < 90) {
      ASSERT_OK(engine_->Compact(CompactRequest{kRegion}));
    } else {
      Restart();
    }
    std::vector<std::string> expected;
    for (const auto& [key, value] : model) {
      expected.push_back(key.first + "|" + Value::Timestamp(key.second, TimeUnit::kMillisecond).ToString() +
                         "|" + (value.first ? Value::Float64(*value.first).ToString() : "") + "|" +
                         (value.second ? std::to_string(*value.second) : ""));
    }
    ASSERT_EQ(ScanAll(), expected);
  }
}

}  // namespace
}  // namespace greptime::storage
