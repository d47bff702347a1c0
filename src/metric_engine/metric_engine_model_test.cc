// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Model test: seeded random sequences of logical-table DDL, writes, flushes and restarts against
// an in-memory reference (per table, rows keyed by (non-null tags, ts), last write wins),
// comparing a full scan of every logical table after each step.
#include <algorithm>
#include <chrono>
#include <random>
#include <set>

#include "metric_engine/metric_engine.h"
#include "metric_engine/test_util.h"

namespace greptime::metric_engine {
namespace {

using namespace test_util;  // NOLINT: test helpers

const std::vector<std::string> kTagPool = {"host", "dc", "zone", "app", "env"};
const std::vector<std::string> kTagValues = {"a", "b", "c"};

using Key = std::pair<std::map<std::string, std::string>, int64_t>;

struct ModelTable {
  RegionId id;
  std::vector<std::string> tags;  // logical column order (after ts, val)
  std::map<Key, std::optional<double>> rows;
};

class MetricEngineModelTest : public MetricEngineFixture,
                              public ::testing::WithParamInterface<uint32_t> {
 protected:
  // The rows a full scan of `table` must return, rendered as Dump() does, sorted.
  static std::vector<std::string> Expected(const ModelTable& table) {
    std::vector<std::string> out;
    for (const auto& [key, val] : table.rows) {
      std::string line = Value::Timestamp(key.second, TimeUnit::kMillisecond).ToString() + "|" +
                         (val ? Value::Float64(*val).ToString() : "");
      for (const std::string& tag : table.tags) {
        auto it = key.first.find(tag);
        line += "|" + (it == key.first.end() ? "" : it->second);
      }
      out.push_back(std::move(line));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  void CheckAll(const std::map<RegionId, ModelTable>& tables, const std::string& step) {
    for (const auto& [id, table] : tables) {
      storage::ScanRequest scan;
      scan.region_id = id;
      auto result = metric_->Scan(scan);
      ASSERT_TRUE(result.ok()) << step << ": " << result.status().ToString();
      std::vector<std::string> names = {"ts", "val"};
      names.insert(names.end(), table.tags.begin(), table.tags.end());
      ASSERT_EQ(result->schema->column_names(), names) << step;
      std::vector<std::string> got = Dump(*result);
      std::sort(got.begin(), got.end());
      ASSERT_EQ(got, Expected(table)) << step << " table " << id.ToString();
    }
  }
};

TEST_P(MetricEngineModelTest, RandomOperationsMatchAReference) {
  std::mt19937 rng(GetParam());
  auto uniform = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };

  ASSERT_OK(CreatePhysical());
  std::map<RegionId, ModelTable> tables;
  std::vector<RegionId> dropped;
  uint32_t next_table_id = 5000;
  // Bounded in time as well (slow, shared machines): four seeds stay well under 10 s.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);

  for (int step = 0; step < 500 && std::chrono::steady_clock::now() < deadline; ++step) {
    const size_t op = tables.empty() ? 0 : uniform(100);
    std::string what;
    if (op < 10) {  // create a logical table
      if (tables.size() >= 6) continue;
      std::vector<std::string> tags;
      for (const std::string& t : kTagPool) {
        if (chance(0.4)) tags.push_back(t);
      }
      auto md = LogicalMetadata(next_table_id++, tags);
      ASSERT_OK(CreateLogical(md));
      tables[md->region_id()] = ModelTable{md->region_id(), tags, {}};
      what = "create " + md->region_id().ToString();
    } else if (op < 55) {  // put or delete rows
      auto it = std::next(tables.begin(), static_cast<long>(uniform(tables.size())));
      ModelTable& table = it->second;
      std::vector<std::string> columns;
      for (const std::string& t : table.tags) {
        if (chance(0.8)) columns.push_back(t);
      }
      const bool del = chance(0.25);
      std::vector<Row> rows;
      std::set<Key> keys;
      const size_t n = 1 + uniform(8);
      for (size_t i = 0; i < n; ++i) {
        Row row;
        for (const std::string& c : columns) {
          if (chance(0.75)) row.tags[c] = kTagValues[uniform(kTagValues.size())];
        }
        row.ts = static_cast<int64_t>(uniform(30));
        if (!chance(0.1)) row.val = static_cast<double>(uniform(100)) / 2;
        if (!keys.insert({row.tags, row.ts}).second) continue;  // one write per key per batch
        rows.push_back(row);
      }
      if (del) {
        ASSERT_OK(Delete(table.id, columns, rows).status());
        for (const Row& r : rows) table.rows.erase({r.tags, r.ts});
      } else {
        ASSERT_OK(Put(table.id, columns, rows).status());
        for (const Row& r : rows) table.rows[{r.tags, r.ts}] = r.val;
      }
      what = std::string(del ? "delete " : "put ") + std::to_string(rows.size()) + " rows in " +
             table.id.ToString();
    } else if (op < 65) {  // add a tag
      auto it = std::next(tables.begin(), static_cast<long>(uniform(tables.size())));
      ModelTable& table = it->second;
      const std::string& tag = kTagPool[uniform(kTagPool.size())];
      storage::AlterRequest alter;
      alter.region_id = table.id;
      alter.changes.push_back(storage::AlterRequest::AddColumn{TagColumn(tag)});
      Status st = metric_->Alter(alter);
      if (std::find(table.tags.begin(), table.tags.end(), tag) != table.tags.end()) {
        ASSERT_EQ(st.code(), StatusCode::kTableColumnExists) << st.ToString();
      } else {
        ASSERT_OK(st);
        table.tags.push_back(tag);
      }
      what = "add tag " + tag + " to " + table.id.ToString();
    } else if (op < 71) {  // drop a table
      auto it = std::next(tables.begin(), static_cast<long>(uniform(tables.size())));
      ASSERT_OK(metric_->Drop({it->first}));
      what = "drop " + it->first.ToString();
      dropped.push_back(it->first);
      tables.erase(it);
    } else if (op < 77) {  // truncate a table
      auto it = std::next(tables.begin(), static_cast<long>(uniform(tables.size())));
      ASSERT_OK(metric_->Truncate({it->first}));
      it->second.rows.clear();
      what = "truncate " + it->first.ToString();
    } else if (op < 87) {  // flush through a logical or the physical region
      RegionId target = chance(0.5) ? kPhysical : std::next(tables.begin(),
                                                            static_cast<long>(uniform(tables.size())))
                                                      ->first;
      ASSERT_OK(metric_->Flush({target}));
      what = "flush " + target.ToString();
    } else if (op < 91) {  // compact
      ASSERT_OK(metric_->Compact({kPhysical}));
      what = "compact";
    } else if (op < 96) {  // close and reopen a logical region
      auto it = std::next(tables.begin(), static_cast<long>(uniform(tables.size())));
      ASSERT_OK(metric_->Close({it->first}));
      ASSERT_OK(OpenLogical(it->first));
      what = "close/open " + it->first.ToString();
    } else {  // restart both engines
      Restart();
      ASSERT_OK(OpenPhysical());
      for (const auto& [id, _] : tables) ASSERT_OK(OpenLogical(id));
      for (RegionId id : dropped) ASSERT_STATUS_CODE(OpenLogical(id), StatusCode::kRegionNotFound);
      what = "restart";
    }
    CheckAll(tables, "step " + std::to_string(step) + " (" + what + ")");
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(mito_->OpenRegions().size(), 2u);
  // Every table dropped, the physical region can go.
  for (const auto& [id, _] : tables) ASSERT_OK(metric_->Drop({id}));
  ASSERT_OK(metric_->Drop({kPhysical}));
}

INSTANTIATE_TEST_SUITE_P(Seeds, MetricEngineModelTest, ::testing::Values(1u, 2u, 3u, 4u));

}  // namespace
}  // namespace greptime::metric_engine
