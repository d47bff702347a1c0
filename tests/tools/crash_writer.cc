// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// A child process for the storage crash test (tests/test_storage_crash.py).
//   crash_writer write <dir> <seed> <first_batch>
//                                     writes batches forever; after each acknowledged batch k it
//                                     prints "ACK k" (flushed); flushes and compacts now and then
//   crash_writer verify <dir> <acked> reopens the region and checks that every row of batches
//                                     0..acked is present with its value, and that nothing else
//                                     is there but rows of the (at most one) unacknowledged batch
// Batch k holds kRows rows of series "s<i % kSeries>" at ts = k * kRows + i, value = ts * 0.5.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "storage/object_store/object_store.h"
#include "storage/region_engine.h"

using namespace greptime;
using namespace greptime::storage;

namespace {

constexpr int kRows = 200;
constexpr int kSeries = 20;
const RegionId kRegion(2048, 0);
const std::string kRegionDir = "data/greptime/public/2048/2048_0000000000/";

RegionMetadataPtr Metadata() {
  using types::DataType;
  using types::SemanticType;
  std::vector<ColumnMetadata> columns = {
      {{"series", DataType::String(), true, SemanticType::kTag, {}, ""}, 0},
      {{"ts", DataType::TimestampMillisecond(), false, SemanticType::kTimestamp, {}, ""}, 1},
      {{"value", DataType::Float64(), true, SemanticType::kField, {}, ""}, 2},
  };
  return *RegionMetadata::Make(kRegion, columns, {0});
}

types::RecordBatch BatchRows(int64_t k) {
  std::vector<std::vector<types::Value>> rows;
  for (int i = 0; i < kRows; ++i) {
    const int64_t ts = k * kRows + i;
    rows.push_back({types::Value::String("s" + std::to_string(i % kSeries)),
                    types::Value::Timestamp(ts, TimeUnit::kMillisecond),
                    types::Value::Float64(static_cast<double>(ts) * 0.5)});
  }
  return *types::RecordBatch::FromRows(Metadata()->schema(), rows);
}

int Fail(const std::string& what, const Status& st) {
  std::fprintf(stderr, "%s: %s\n", what.c_str(), st.ToString().c_str());
  return 2;
}

Result<std::unique_ptr<RegionEngine>> StartEngine(const std::string& dir, ObjectStore* store,
                                                  uint64_t region_buffer) {
  MitoEngineOptions options;
  options.wal_dir = dir + "/wal";
  options.num_workers = 1;
  options.region_write_buffer_size = region_buffer;
  options.compaction_trigger_files = 3;
  options.manifest_checkpoint_distance = 4;
  options.sst_row_group_rows = 512;
  return NewMitoEngine(options, store);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: crash_writer write <dir> <seed> <first_batch> | verify <dir> <acked>\n");
    return 1;
  }
  const std::string mode = argv[1];
  const std::string dir = argv[2];
  auto store = NewFsObjectStore(dir + "/store");
  if (!store.ok()) return Fail("store", store.status());

  if (mode == "write") {
    std::mt19937 rng(static_cast<unsigned>(std::atoll(argv[3])));
    const int64_t first_batch = argc > 4 ? std::atoll(argv[4]) : 0;
    auto engine = StartEngine(dir, store->get(), 256 << 10);
    if (!engine.ok()) return Fail("engine", engine.status());
    Status opened = (*engine)->Open(OpenRequest{kRegion, kRegionDir});
    if (opened.code() == StatusCode::kRegionNotFound) {
      opened = (*engine)->Create(CreateRequest{Metadata(), kRegionDir});
    }
    if (!opened.ok()) return Fail("open", opened);
    for (int64_t k = first_batch;; ++k) {
      auto written = (*engine)->Write(WriteRequest{kRegion, OpType::kPut, BatchRows(k)});
      if (!written.ok()) return Fail("write", written.status());
      std::printf("ACK %lld\n", static_cast<long long>(k));
      std::fflush(stdout);
      const int action = static_cast<int>(rng() % 20);
      if (action == 0) {
        Status st = (*engine)->Flush(FlushRequest{kRegion});
        if (!st.ok()) return Fail("flush", st);
      } else if (action == 1) {
        Status st = (*engine)->Compact(CompactRequest{kRegion});
        if (!st.ok()) return Fail("compact", st);
      }
    }
  }

  if (mode == "verify") {
    const int64_t acked = std::atoll(argv[3]);
    auto engine = StartEngine(dir, store->get(), 64 << 20);
    if (!engine.ok()) return Fail("engine", engine.status());
    Status opened = (*engine)->Open(OpenRequest{kRegion, kRegionDir});
    if (!opened.ok()) return Fail("open", opened);
    ScanRequest scan;
    scan.region_id = kRegion;
    scan.projection = {"ts", "value"};
    auto result = (*engine)->Scan(scan);
    if (!result.ok()) return Fail("scan", result.status());
    std::vector<bool> seen(static_cast<size_t>((acked + 2) * kRows), false);
    int64_t count = 0;
    for (const auto& b : result->batches) {
      for (size_t r = 0; r < b.num_rows(); ++r) {
        auto ts_value = b.GetValue(r, 0).CastTo(types::DataType::Int64());
        if (!ts_value.ok()) return Fail("cast", ts_value.status());
        const int64_t ts = std::stoll(ts_value->ToString());
        const std::string value = b.GetValue(r, 1).ToString();
        const std::string expected = types::Value::Float64(static_cast<double>(ts) * 0.5).ToString();
        if (value != expected) {
          std::fprintf(stderr, "row ts=%lld has value %s, expected %s\n",
                       static_cast<long long>(ts), value.c_str(), expected.c_str());
          return 3;
        }
        if (ts < 0 || ts >= static_cast<int64_t>(seen.size())) {
          std::fprintf(stderr, "unexpected row ts=%lld (acked %lld)\n", static_cast<long long>(ts),
                       static_cast<long long>(acked));
          return 3;
        }
        if (seen[static_cast<size_t>(ts)]) {
          std::fprintf(stderr, "duplicate row ts=%lld\n", static_cast<long long>(ts));
          return 3;
        }
        seen[static_cast<size_t>(ts)] = true;
        ++count;
      }
    }
    for (int64_t ts = 0; ts < (acked + 1) * kRows; ++ts) {
      if (!seen[static_cast<size_t>(ts)]) {
        std::fprintf(stderr, "acknowledged row ts=%lld is missing (acked batches 0..%lld)\n",
                     static_cast<long long>(ts), static_cast<long long>(acked));
        return 4;
      }
    }
    std::printf("OK %lld rows\n", static_cast<long long>(count));
    (*engine)->Stop();
    return 0;
  }
  std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
  return 1;
}
