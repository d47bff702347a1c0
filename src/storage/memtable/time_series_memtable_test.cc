// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Time-series memtable specifics; the shared behaviour is in memtable_test.cc. Also a disabled
// write-throughput measurement (run with --gtest_also_run_disabled_tests).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "common/testing.h"
#include "storage/memtable/memtable.h"
#include "storage/read/read_test_util.h"
#include "types/record_batch.h"

namespace greptime::storage {
namespace {

using testing::Column;
using types::DataType;
using types::SemanticType;
using types::Value;

types::RecordBatch Rows(const RegionMetadata& md, const std::vector<std::string>& hosts,
                        int64_t ts) {
  std::vector<std::vector<Value>> rows;
  for (const std::string& h : hosts) {
    rows.push_back(
        {Value::String(h), Value::Timestamp(ts, TimeUnit::kMillisecond), Value::Int64(ts)});
  }
  auto batch = types::RecordBatch::FromRows(md.schema(), rows);
  GT_CHECK(batch.ok());
  return *batch;
}

std::vector<std::string> Keys(Memtable& memtable) {
  MemtableReadOptions options;
  auto reader = memtable.Iter(options);
  GT_CHECK(reader.ok());
  std::vector<std::string> keys;
  while (true) {
    auto batch = (*reader)->Next();
    GT_CHECK(batch.ok());
    if (!batch->has_value()) break;
    keys.push_back((*batch)->primary_key);
  }
  return keys;
}

TEST(TimeSeriesMemtableTest, SeriesAddedAfterAnIterAppearInTheNextOne) {
  RegionMetadataPtr md = testing::MakeTestMetadata(1, 1);
  auto memtable = NewTimeSeriesMemtable(md);
  ASSERT_OK(memtable->Write(OpType::kPut, 1, Rows(*md, {"b", "d"}, 1)));
  EXPECT_EQ(Keys(*memtable).size(), 2u);
  ASSERT_OK(memtable->Write(OpType::kPut, 3, Rows(*md, {"c", "a"}, 2)));
  std::vector<std::string> keys = Keys(*memtable);
  ASSERT_EQ(keys.size(), 4u);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
}

TEST(TimeSeriesMemtableTest, MemoryOfASeriesIsItsColumnsPlusBoundedOverhead) {
  RegionMetadataPtr md = testing::MakeTestMetadata(1, 1);
  auto memtable = NewTimeSeriesMemtable(md);
  for (int64_t ts = 0; ts < 4096; ++ts) {
    ASSERT_OK(memtable->Write(OpType::kPut, static_cast<uint64_t>(ts + 1), Rows(*md, {"h"}, ts)));
  }
  // ts 8 + seq 8 + op 1 + Int64 8 bytes a row in the chunk, plus the series' 8-byte row
  // reference, in vectors of capacity 4096.
  size_t payload = 4096 * 33;
  EXPECT_GE(memtable->memory_bytes(), payload);
  EXPECT_LE(memtable->memory_bytes(), payload + 1024);
}

// 4 string tags + time index + 16 Float64 fields = 21 columns.
RegionMetadataPtr BenchMetadata() {
  std::vector<ColumnMetadata> columns;
  std::vector<uint32_t> key;
  uint32_t id = 1;
  for (const char* tag : {"host", "region", "dc", "rack"}) {
    columns.push_back({Column(tag, DataType::String(), SemanticType::kTag), id});
    key.push_back(id++);
  }
  columns.push_back(
      {Column("ts", DataType::TimestampMillisecond(), SemanticType::kTimestamp, false), id++});
  for (int f = 0; f < 16; ++f) {
    columns.push_back(
        {Column("f" + std::to_string(f), DataType::Float64(), SemanticType::kField), id++});
  }
  auto md = RegionMetadata::Make(RegionId(1, 0), std::move(columns), std::move(key));
  GT_CHECK(md.ok());
  return *md;
}

// Writes 300 x 1000 rows (one row per series per write) and reads them back; prints rows/s.
void RunThroughput(std::unique_ptr<Memtable> (*factory)(RegionMetadataPtr), const char* name) {
  RegionMetadataPtr md = BenchMetadata();
  constexpr int kSeries = 1000;
  constexpr int kWrites = 300;
  std::vector<types::RecordBatch> writes;
  for (int w = 0; w < kWrites; ++w) {
    std::vector<std::vector<Value>> rows;
    for (int s = 0; s < kSeries; ++s) {
      std::vector<Value> row = {Value::String("host-" + std::to_string(s)),
                                Value::String("region-" + std::to_string(s % 4)),
                                Value::String("dc-" + std::to_string(s % 16)),
                                Value::String("rack-" + std::to_string(s % 64)),
                                Value::Timestamp(1700000000000 + w * 1000, TimeUnit::kMillisecond)};
      for (int f = 0; f < 16; ++f) row.push_back(Value::Float64(s * 0.5 + w + f));
      rows.push_back(std::move(row));
    }
    auto batch = types::RecordBatch::FromRows(md->schema(), rows);
    ASSERT_TRUE(batch.ok());
    writes.push_back(std::move(*batch));
  }
  std::unique_ptr<Memtable> memtable = factory(md);
  auto start = std::chrono::steady_clock::now();
  uint64_t seq = 1;
  for (const types::RecordBatch& batch : writes) {
    ASSERT_OK(memtable->Write(OpType::kPut, seq, batch));
    seq += batch.num_rows();
  }
  double write_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  size_t rows = memtable->num_rows();

  MemtableReadOptions options;
  options.field_ids = md->field_ids();
  start = std::chrono::steady_clock::now();
  ASSERT_OK_AND_ASSIGN(auto reader, memtable->Iter(options));
  size_t read_rows = 0;
  while (true) {
    ASSERT_OK_AND_ASSIGN(std::optional<Batch> batch, reader->Next());
    if (!batch) break;
    read_rows += batch->num_rows();
  }
  double read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(read_rows, rows);
  std::printf("%s: write %zu rows in %.3f s = %.0f rows/s; read %.0f rows/s; %.1f bytes/row\n",
              name, rows, write_s, rows / write_s, rows / read_s,
              static_cast<double>(memtable->memory_bytes()) / rows);
}

TEST(TimeSeriesMemtableBench, DISABLED_WriteThroughput21Columns1000Series) {
  RunThroughput(NewTimeSeriesMemtable, "time-series");
}

TEST(TimeSeriesMemtableBench, DISABLED_AppendWriteThroughput21Columns1000Series) {
  RunThroughput(NewAppendMemtable, "append");
}

}  // namespace
}  // namespace greptime::storage
