// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// CatalogManager against the memory and the SQLite KvBackend: databases, tables, routes,
// persistence through a reopen, the cache, and concurrent DDL.
#include "catalog/catalog_manager.h"

#include <gmock/gmock.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "catalog/test_util.h"
#include "common/testing.h"
#include "meta/metadata_keys.h"
#include "meta/test_util.h"

namespace greptime::catalog {
namespace {

using ::testing::ElementsAre;

constexpr int64_t kNowMillis = 1700000000000;

std::vector<std::string> Names(const std::vector<DatabaseInfo>& databases) {
  std::vector<std::string> out;
  for (const auto& d : databases) out.push_back(d.name);
  return out;
}

std::vector<std::string> Names(const std::vector<TableInfoPtr>& tables) {
  std::vector<std::string> out;
  for (const auto& t : tables) out.push_back(t->name);
  return out;
}

class CatalogManagerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(Open()); }

  bool is_sqlite() const { return GetParam() == "sqlite"; }

  void Open(bool enable_cache = true) {
    if (kv_ == nullptr) {
      if (is_sqlite()) {
        ASSERT_OK_AND_ASSIGN(kv_, meta::NewSqliteKvBackend(dir_.path() + "/metadata/kv.sqlite3"));
      } else {
        kv_ = meta::NewMemoryKvBackend();
      }
    }
    CatalogOptions options;
    options.enable_cache = enable_cache;
    options.clock = &clock_;
    ASSERT_OK_AND_ASSIGN(catalog_, NewKvCatalogManager(*kv_, options));
  }

  // A new manager; for SQLite also a new connection to the same file.
  void Reopen() {
    catalog_.reset();
    if (is_sqlite()) kv_.reset();
    ASSERT_NO_FATAL_FAILURE(Open());
  }

  TableInfoPtr Create(const std::string& name, const std::string& schema = "public") {
    auto result = catalog_->CreateTable(MakeTableInfo(name, schema), false);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? result->table : nullptr;
  }

  meta::TempDir dir_;
  FixedClock clock_{kNowMillis};
  std::unique_ptr<meta::KvBackend> kv_;
  std::unique_ptr<CatalogManager> catalog_;
};

// ----- databases ---------------------------------------------------------------------------------

TEST_P(CatalogManagerTest, BuiltInCatalogAndDatabasesExist) {
  ASSERT_OK_AND_ASSIGN(auto catalogs, catalog_->ListCatalogs());
  EXPECT_THAT(catalogs, ElementsAre("greptime"));
  ASSERT_OK_AND_ASSIGN(auto databases, catalog_->ListDatabases("greptime"));
  EXPECT_THAT(Names(databases), ElementsAre("greptime_private", "information_schema", "public"));
  EXPECT_TRUE(databases[1].is_virtual);
  EXPECT_FALSE(databases[2].is_virtual);
  for (const char* schema : {"public", "information_schema", "greptime_private"}) {
    ASSERT_OK_AND_ASSIGN(bool exists, catalog_->DatabaseExists("greptime", schema));
    EXPECT_TRUE(exists) << schema;
  }
  ASSERT_OK_AND_ASSIGN(bool pg, catalog_->DatabaseExists("greptime", "pg_catalog"));
  EXPECT_FALSE(pg);
  ASSERT_OK_AND_ASSIGN(auto info_tables, catalog_->ListTables("greptime", "information_schema"));
  EXPECT_TRUE(info_tables.empty());
}

TEST_P(CatalogManagerTest, CreateDatabaseStoresOptionsAndRejectsDuplicates) {
  ASSERT_OK(catalog_->CreateDatabase("greptime", "mydb", false, {{"ttl", "1 second"}}));
  ASSERT_OK_AND_ASSIGN(DatabaseInfo db, catalog_->GetDatabase("greptime", "mydb"));
  ASSERT_TRUE(db.options.ttl.has_value());
  EXPECT_EQ(db.options.ttl->ToString(), "1s");
  EXPECT_EQ(db.options.raw, (OptionMap{{"ttl", "1 second"}}));

  Status again = catalog_->CreateDatabase("greptime", "mydb", false);
  EXPECT_EQ(again.ToString(), "1004(InvalidArguments), Schema mydb already exists");
  ASSERT_OK(catalog_->CreateDatabase("greptime", "mydb", true));
  ASSERT_OK_AND_ASSIGN(DatabaseInfo unchanged, catalog_->GetDatabase("greptime", "mydb"));
  EXPECT_EQ(unchanged.options, db.options);

  EXPECT_EQ(catalog_->CreateDatabase("greptime", "information_schema", false).ToString(),
            "1004(InvalidArguments), Schema information_schema already exists");
  EXPECT_EQ(catalog_->CreateDatabase("greptime", "pg_catalog", false).ToString(),
            "1004(InvalidArguments), Schema pg_catalog already exists");
  EXPECT_EQ(catalog_->CreateDatabase("greptime", "㊙️database", false).ToString(),
            "1002(Unexpected), Unexpected, violated: Invalid database name: ㊙️database");
  EXPECT_EQ(catalog_->CreateDatabase("greptime", "d2", false, {{"ttl", "instant"}}).ToString(),
            "1002(Unexpected), Failed to parse value instant into key ttl");
  ASSERT_STATUS_CODE(catalog_->CreateDatabase("nope", "d3", false), StatusCode::kInvalidArguments);

  ASSERT_OK_AND_ASSIGN(auto databases, catalog_->ListDatabases("greptime"));
  EXPECT_THAT(Names(databases),
              ElementsAre("greptime_private", "information_schema", "mydb", "public"));
}

TEST_P(CatalogManagerTest, AlterDatabaseSetsAndUnsetsOptions) {
  ASSERT_OK(catalog_->CreateDatabase("greptime", "mydb", false, {{"ttl", "1s"}}));
  ASSERT_OK(catalog_->AlterDatabase("greptime", "mydb", {{"ttl", "1 day"}}, {}));
  ASSERT_OK_AND_ASSIGN(DatabaseInfo db, catalog_->GetDatabase("greptime", "mydb"));
  EXPECT_EQ(db.options.ttl->ToString(), "1day");
  EXPECT_EQ(catalog_->AlterDatabase("greptime", "mydb", {{"ttl", "instant"}}, {}).ToString(),
            "1004(InvalidArguments), Invalid set database option, key: ttl, value: instant");
  ASSERT_OK(catalog_->AlterDatabase("greptime", "mydb", {}, {"ttl"}));
  ASSERT_OK_AND_ASSIGN(db, catalog_->GetDatabase("greptime", "mydb"));
  EXPECT_FALSE(db.options.ttl.has_value());
  ASSERT_STATUS_CODE(catalog_->AlterDatabase("greptime", "nope", {}, {}),
                     StatusCode::kDatabaseNotFound);
}

TEST_P(CatalogManagerTest, DropDatabaseRemovesItsTablesAndReturnsThem) {
  ASSERT_OK(catalog_->CreateDatabase("greptime", "mydb", false));
  TableInfoPtr a = Create("a", "mydb");
  TableInfoPtr b = Create("b", "mydb");
  TableInfoPtr keep = Create("keep");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  ASSERT_OK_AND_ASSIGN(auto dropped, catalog_->DropDatabase("greptime", "mydb", false));
  EXPECT_THAT(Names(dropped), ElementsAre("a", "b"));
  ASSERT_OK_AND_ASSIGN(bool exists, catalog_->DatabaseExists("greptime", "mydb"));
  EXPECT_FALSE(exists);
  ASSERT_STATUS_CODE(catalog_->GetTableById(a->id), StatusCode::kTableNotFound);
  ASSERT_STATUS_CODE(catalog_->GetTableRoute(b->id), StatusCode::kTableNotFound);
  ASSERT_OK_AND_ASSIGN(auto datanode_tables, catalog_->ListDatanodeTables(0));
  ASSERT_EQ(datanode_tables.size(), 1u);
  EXPECT_EQ(datanode_tables[0].table_id, keep->id);
  // Nothing of mydb is left in the store.
  ASSERT_OK_AND_ASSIGN(auto left,
                       kv_->Range(meta::RangeRequest::Prefix("__table_name/greptime/mydb/")));
  EXPECT_TRUE(left.kvs.empty());

  EXPECT_EQ(catalog_->DropDatabase("greptime", "mydb", false).status().ToString(),
            "4004(DatabaseNotFound), Database not found: mydb");
  ASSERT_OK_AND_ASSIGN(auto none, catalog_->DropDatabase("greptime", "mydb", true));
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(catalog_->DropDatabase("greptime", "information_schema", false).status().ToString(),
            "1001(Unsupported), Schema `information_schema` is read-only");
  // A database of the same name starts empty.
  ASSERT_OK(catalog_->CreateDatabase("greptime", "mydb", false));
  ASSERT_OK_AND_ASSIGN(auto tables, catalog_->ListTables("greptime", "mydb"));
  EXPECT_TRUE(tables.empty());
}

// ----- tables ------------------------------------------------------------------------------------

TEST_P(CatalogManagerTest, CreateTableAssignsIdsRegionsAndTimes) {
  ASSERT_OK_AND_ASSIGN(CreateTableResult result,
                       catalog_->CreateTable(MakeTableInfo("cpu"), false));
  EXPECT_TRUE(result.created);
  const TableInfo& info = *result.table;
  EXPECT_EQ(info.id, 1024u);
  EXPECT_EQ(info.columns[0].column_id, 0u);
  EXPECT_EQ(info.columns[2].column_id, 2u);
  EXPECT_EQ(info.next_column_id, 3u);
  EXPECT_EQ(info.region_numbers, std::vector<uint32_t>{0});
  EXPECT_EQ(info.created_at.value, kNowMillis);
  EXPECT_EQ(info.updated_at.value, kNowMillis);
  EXPECT_EQ(info.version, 0u);

  ASSERT_OK_AND_ASSIGN(TableInfoPtr got, catalog_->GetTable("greptime", "public", "cpu"));
  EXPECT_EQ(*got, info);
  ASSERT_OK_AND_ASSIGN(TableInfoPtr by_id, catalog_->GetTableById(1024));
  EXPECT_EQ(*by_id, info);
  ASSERT_OK_AND_ASSIGN(TableRoute route, catalog_->GetTableRoute(1024));
  ASSERT_EQ(route.regions.size(), 1u);
  EXPECT_EQ(route.regions[0].region_number, 0u);
  EXPECT_EQ(route.regions[0].leader_datanode, 0u);
  ASSERT_OK_AND_ASSIGN(auto dn_tables, catalog_->ListDatanodeTables(0));
  ASSERT_EQ(dn_tables.size(), 1u);
  EXPECT_EQ(dn_tables[0].table_id, 1024u);
  EXPECT_EQ(dn_tables[0].region_numbers, std::vector<uint32_t>{0});
  EXPECT_EQ(dn_tables[0].engine, "mito");

  // The keys are GreptimeDB's.
  ASSERT_OK_AND_ASSIGN(auto name_value, kv_->Get("__table_name/greptime/public/cpu"));
  EXPECT_EQ(name_value.value_or(""), "{\"table_id\":1024}");
  ASSERT_OK_AND_ASSIGN(auto info_value, kv_->Get("__table_info/1024"));
  EXPECT_TRUE(info_value.has_value());

  TableInfoPtr second = Create("mem");
  EXPECT_EQ(second->id, 1025u);
}

TEST_P(CatalogManagerTest, CreateTableOfExistingNameFailsOrReturnsItWithIfNotExists) {
  TableInfoPtr first = Create("test2");
  auto again = catalog_->CreateTable(MakeTableInfo("test2"), false);
  EXPECT_EQ(again.status().ToString(),
            "4000(TableAlreadyExists), Table already exists: `greptime.public.test2`");
  ASSERT_OK_AND_ASSIGN(CreateTableResult existing,
                       catalog_->CreateTable(MakeTableInfo("test2"), true));
  EXPECT_FALSE(existing.created);
  EXPECT_EQ(existing.table->id, first->id);
  // No id was spent on the failed attempts.
  EXPECT_EQ(Create("next")->id, first->id + 1);
}

TEST_P(CatalogManagerTest, CreateTableChecksDatabaseAndValidity) {
  EXPECT_EQ(catalog_->CreateTable(MakeTableInfo("t", "nope"), false).status().ToString(),
            "4004(DatabaseNotFound), Database not found: nope");
  EXPECT_EQ(
      catalog_->CreateTable(MakeTableInfo("t", "information_schema"), false).status().ToString(),
      "1001(Unsupported), Schema `information_schema` is read-only");
  EXPECT_EQ(catalog_->CreateTable(MakeTableInfo("N.~"), false).status().ToString(),
            "1004(InvalidArguments), Invalid table name: N.~");
  TableInfo no_pk = MakeTableInfo("bad");
  no_pk.primary_key.clear();
  ASSERT_STATUS_CODE(catalog_->CreateTable(no_pk, false), StatusCode::kInvalidArguments);
  ASSERT_OK_AND_ASSIGN(auto tables, catalog_->ListTables("greptime", "public"));
  EXPECT_TRUE(tables.empty());
}

TEST_P(CatalogManagerTest, CreatePartitionedTableGetsOneRegionPerPartition) {
  TableInfo info = MakeTableInfo("parted");
  info.partition =
      PartitionRule{{"host"}, {"host < 'h'", "host >= 'h' AND host < 'p'", "host >= 'p'"}};
  ASSERT_OK_AND_ASSIGN(CreateTableResult result, catalog_->CreateTable(info, false));
  EXPECT_EQ(result.table->region_numbers, (std::vector<uint32_t>{0, 1, 2}));
  ASSERT_OK_AND_ASSIGN(TableRoute route, catalog_->GetTableRoute(result.table->id));
  ASSERT_EQ(route.regions.size(), 3u);
  EXPECT_EQ(route.regions[1].partition_expr, "host >= 'h' AND host < 'p'");
}

TEST_P(CatalogManagerTest, CreateTableKeepsCallerChosenIdsOutOfTheSequence) {
  TableInfo info = MakeTableInfo("fixed");
  info.id = 2000;
  ASSERT_OK_AND_ASSIGN(CreateTableResult result, catalog_->CreateTable(info, false));
  EXPECT_EQ(result.table->id, 2000u);
  EXPECT_EQ(Create("after")->id, 2001u);
  TableInfo clash = MakeTableInfo("clash");
  clash.id = 2000;
  ASSERT_STATUS_CODE(catalog_->CreateTable(clash, false), StatusCode::kInvalidArguments);
}

TEST_P(CatalogManagerTest, GetTableOfMissingNameIsTableNotFound) {
  EXPECT_EQ(catalog_->GetTable("greptime", "public", "not_exists_table").status().ToString(),
            "4001(TableNotFound), Table not found: greptime.public.not_exists_table");
  ASSERT_STATUS_CODE(catalog_->GetTable("greptime", "information_schema", "tables"),
                     StatusCode::kTableNotFound);
  ASSERT_STATUS_CODE(catalog_->GetTableById(4242), StatusCode::kTableNotFound);
  ASSERT_OK_AND_ASSIGN(bool exists, catalog_->TableExists("greptime", "public", "nope"));
  EXPECT_FALSE(exists);
}

TEST_P(CatalogManagerTest, ListTablesIsSortedAndPerDatabase) {
  ASSERT_OK(catalog_->CreateDatabase("greptime", "other", false));
  Create("zeta");
  Create("alpha");
  Create("mid");
  Create("elsewhere", "other");
  ASSERT_OK_AND_ASSIGN(auto tables, catalog_->ListTables("greptime", "public"));
  EXPECT_THAT(Names(tables), ElementsAre("alpha", "mid", "zeta"));
  ASSERT_OK_AND_ASSIGN(auto other, catalog_->ListTables("greptime", "other"));
  EXPECT_THAT(Names(other), ElementsAre("elsewhere"));
  ASSERT_STATUS_CODE(catalog_->ListTables("greptime", "nope"), StatusCode::kDatabaseNotFound);
}

TEST_P(CatalogManagerTest, DropTableRemovesAllItsKeys) {
  TableInfoPtr table = Create("cpu");
  ASSERT_OK_AND_ASSIGN(TableInfoPtr dropped,
                       catalog_->DropTable("greptime", "public", "cpu", false));
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ(dropped->id, table->id);
  ASSERT_STATUS_CODE(catalog_->GetTable("greptime", "public", "cpu"), StatusCode::kTableNotFound);
  ASSERT_STATUS_CODE(catalog_->GetTableById(table->id), StatusCode::kTableNotFound);
  ASSERT_OK_AND_ASSIGN(auto all, kv_->Range(meta::RangeRequest::Prefix("__t")));
  EXPECT_TRUE(all.kvs.empty());
  ASSERT_OK_AND_ASSIGN(auto dn, kv_->Range(meta::RangeRequest::Prefix("__dn_table/")));
  EXPECT_TRUE(dn.kvs.empty());

  EXPECT_EQ(catalog_->DropTable("greptime", "public", "cpu", false).status().ToString(),
            "4001(TableNotFound), Table not found: greptime.public.cpu");
  ASSERT_OK_AND_ASSIGN(TableInfoPtr none, catalog_->DropTable("greptime", "public", "cpu", true));
  EXPECT_EQ(none, nullptr);
  // The name can be used again, with a new id.
  EXPECT_EQ(Create("cpu")->id, table->id + 1);
}

TEST_P(CatalogManagerTest, RenameTableMovesTheNameAndKeepsTheId) {
  TableInfoPtr table = Create("t");
  Create("other");
  ASSERT_OK_AND_ASSIGN(TableInfoPtr renamed,
                       catalog_->RenameTable("greptime", "public", "t", "new_table"));
  EXPECT_EQ(renamed->name, "new_table");
  EXPECT_EQ(renamed->id, table->id);
  EXPECT_EQ(renamed->version, 1u);
  ASSERT_STATUS_CODE(catalog_->GetTable("greptime", "public", "t"), StatusCode::kTableNotFound);
  ASSERT_OK_AND_ASSIGN(TableInfoPtr got, catalog_->GetTable("greptime", "public", "new_table"));
  EXPECT_EQ(*got, *renamed);
  ASSERT_OK_AND_ASSIGN(TableInfoPtr by_id, catalog_->GetTableById(table->id));
  EXPECT_EQ(by_id->name, "new_table");

  EXPECT_EQ(
      catalog_->RenameTable("greptime", "public", "new_table", "new_table").status().ToString(),
      "4000(TableAlreadyExists), Table already exists, table: greptime.public.new_table");
  EXPECT_EQ(catalog_->RenameTable("greptime", "public", "new_table", "other").status().ToString(),
            "4000(TableAlreadyExists), Table already exists, table: greptime.public.other");
  EXPECT_EQ(catalog_->RenameTable("greptime", "public", "new_table", "Hi👋").status().ToString(),
            "1002(Unexpected), Unexpected, violated: Invalid table name: Hi👋");
  ASSERT_STATUS_CODE(catalog_->RenameTable("greptime", "public", "t", "u"),
                     StatusCode::kTableNotFound);
  ASSERT_OK_AND_ASSIGN(auto tables, catalog_->ListTables("greptime", "public"));
  EXPECT_THAT(Names(tables), ElementsAre("new_table", "other"));
}

TEST_P(CatalogManagerTest, UpdateTableInfoBumpsVersionAndDetectsStaleWriters) {
  TableInfoPtr table = Create("cpu");
  TableInfo altered = *table;
  storage::ColumnMetadata added;
  added.column_schema.name = "mem";
  added.column_schema.type = types::DataType::Float64();
  added.column_id = altered.next_column_id++;
  altered.columns.push_back(added);
  ASSERT_OK_AND_ASSIGN(TableInfoPtr updated, catalog_->UpdateTableInfo(*table, altered));
  EXPECT_EQ(updated->version, 1u);
  EXPECT_EQ(updated->next_column_id, 4u);
  ASSERT_OK_AND_ASSIGN(TableInfoPtr got, catalog_->GetTable("greptime", "public", "cpu"));
  EXPECT_EQ(*got, *updated);
  ASSERT_NE(got->FindColumn("mem"), nullptr);

  // A writer that read version 0 lost the race.
  TableInfo stale = *table;
  stale.comment = "late";
  ASSERT_STATUS_CODE(catalog_->UpdateTableInfo(*table, stale), StatusCode::kRequestOutdated);
  // Identity changes go through RenameTable.
  TableInfo renamed = *got;
  renamed.name = "other";
  ASSERT_STATUS_CODE(catalog_->UpdateTableInfo(*got, renamed), StatusCode::kInvalidArguments);
  // Invalid results are refused.
  TableInfo broken = *got;
  broken.primary_key = {"usage"};
  ASSERT_STATUS_CODE(catalog_->UpdateTableInfo(*got, broken), StatusCode::kInvalidArguments);
  // A dropped table cannot be updated.
  ASSERT_OK(catalog_->DropTable("greptime", "public", "cpu", false).status());
  ASSERT_STATUS_CODE(catalog_->UpdateTableInfo(*got, *got), StatusCode::kTableNotFound);
}

TEST_P(CatalogManagerTest, EverythingSurvivesReopen) {
  if (!is_sqlite()) GTEST_SKIP() << "the memory backend does not outlive the process";
  ASSERT_OK(catalog_->CreateDatabase("greptime", "mydb", false, {{"ttl", "7d"}}));
  TableInfoPtr a = Create("a", "mydb");
  TableInfoPtr b = Create("b");
  ASSERT_OK(catalog_->RenameTable("greptime", "public", "b", "b2").status());
  ASSERT_NO_FATAL_FAILURE(Reopen());
  ASSERT_OK_AND_ASSIGN(DatabaseInfo db, catalog_->GetDatabase("greptime", "mydb"));
  EXPECT_EQ(db.options.ttl->ToString(), "7days");
  ASSERT_OK_AND_ASSIGN(TableInfoPtr a2, catalog_->GetTable("greptime", "mydb", "a"));
  EXPECT_EQ(*a2, *a);
  ASSERT_OK_AND_ASSIGN(TableInfoPtr b2, catalog_->GetTable("greptime", "public", "b2"));
  EXPECT_EQ(b2->id, b->id);
  ASSERT_OK_AND_ASSIGN(auto databases, catalog_->ListDatabases("greptime"));
  EXPECT_THAT(Names(databases),
              ElementsAre("greptime_private", "information_schema", "mydb", "public"));
  // The id sequence continues where it stopped.
  EXPECT_EQ(Create("c")->id, b->id + 1);
}

TEST_P(CatalogManagerTest, CacheServesSnapshotsAndForgetsChangedTables) {
  TableInfoPtr created = Create("cpu");
  ASSERT_OK_AND_ASSIGN(TableInfoPtr first, catalog_->GetTable("greptime", "public", "cpu"));
  ASSERT_OK_AND_ASSIGN(TableInfoPtr second, catalog_->GetTable("greptime", "public", "cpu"));
  EXPECT_EQ(first.get(), second.get());  // the same cached snapshot
  ASSERT_OK(catalog_->DropTable("greptime", "public", "cpu", false).status());
  ASSERT_STATUS_CODE(catalog_->GetTable("greptime", "public", "cpu"), StatusCode::kTableNotFound);
  EXPECT_EQ(first->name, "cpu");  // a snapshot held by a reader stays valid
}

TEST_P(CatalogManagerTest, SecondManagerWithoutCacheSeesChangesOfTheFirst) {
  CatalogOptions options;
  options.enable_cache = false;
  ASSERT_OK_AND_ASSIGN(auto other, NewKvCatalogManager(*kv_, options));
  Create("cpu");
  ASSERT_OK(other->GetTable("greptime", "public", "cpu").status());
  ASSERT_OK(catalog_->RenameTable("greptime", "public", "cpu", "cpu2").status());
  ASSERT_STATUS_CODE(other->GetTable("greptime", "public", "cpu"), StatusCode::kTableNotFound);
  ASSERT_OK(other->DropTable("greptime", "public", "cpu2", false).status());
  // The caching manager learns of another manager's change after InvalidateCache.
  catalog_->InvalidateCache();
  ASSERT_STATUS_CODE(catalog_->GetTable("greptime", "public", "cpu2"), StatusCode::kTableNotFound);
}

// ----- concurrency -------------------------------------------------------------------------------

TEST_P(CatalogManagerTest, ConcurrentCreatesOfOneNameCreateExactlyOneTable) {
  constexpr int kThreads = 8;
  std::atomic<int> created{0};
  std::atomic<int> already_exists{0};
  std::atomic<int> other_errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto result = catalog_->CreateTable(MakeTableInfo("contended"), false);
      if (result.ok()) {
        ++created;
      } else if (result.status().code() == StatusCode::kTableAlreadyExists) {
        ++already_exists;
      } else {
        ++other_errors;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(already_exists.load(), kThreads - 1);
  EXPECT_EQ(other_errors.load(), 0);
  ASSERT_OK_AND_ASSIGN(auto tables, catalog_->ListTables("greptime", "public"));
  ASSERT_EQ(tables.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto infos, kv_->Range(meta::RangeRequest::Prefix("__table_info/")));
  EXPECT_EQ(infos.kvs.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto routes, kv_->Range(meta::RangeRequest::Prefix("__table_route/")));
  EXPECT_EQ(routes.kvs.size(), 1u);
}

TEST_P(CatalogManagerTest, ConcurrentCreatesWithIfNotExistsAllSeeTheSameTable) {
  constexpr int kThreads = 8;
  std::mutex mu;
  std::set<uint32_t> ids;
  std::atomic<int> created{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto result = catalog_->CreateTable(MakeTableInfo("shared"), true);
      if (!result.ok()) {
        ++errors;
        return;
      }
      if (result->created) ++created;
      std::lock_guard lock(mu);
      ids.insert(result->table->id);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(ids.size(), 1u);
}

TEST_P(CatalogManagerTest, ConcurrentCreatesOfDistinctNamesGetDistinctIds) {
  constexpr int kThreads = 8;
  std::mutex mu;
  std::set<uint32_t> ids;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto result = catalog_->CreateTable(MakeTableInfo("t" + std::to_string(t)), false);
      std::lock_guard lock(mu);
      if (result.ok()) ids.insert(result->table->id);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ids.size(), size_t{kThreads});
  EXPECT_EQ(*ids.begin(), 1024u);
  EXPECT_EQ(*ids.rbegin(), 1024u + kThreads - 1);
}

TEST_P(CatalogManagerTest, DropDatabaseRacingCreateTableLeavesNoOrphans) {
  ASSERT_OK(catalog_->CreateDatabase("greptime", "racy", false));
  std::atomic<bool> stop{false};
  std::thread creator([&] {
    for (int i = 0; i < 40 && !stop; ++i) {
      auto result = catalog_->CreateTable(MakeTableInfo("t" + std::to_string(i), "racy"), false);
      if (!result.ok() && result.status().code() == StatusCode::kDatabaseNotFound) break;
    }
  });
  std::this_thread::yield();
  auto dropped = catalog_->DropDatabase("greptime", "racy", false);
  stop = true;
  creator.join();
  ASSERT_OK(dropped.status());
  ASSERT_OK_AND_ASSIGN(auto names,
                       kv_->Range(meta::RangeRequest::Prefix("__table_name/greptime/racy/")));
  EXPECT_TRUE(names.kvs.empty());
  ASSERT_OK_AND_ASSIGN(auto infos, kv_->Range(meta::RangeRequest::Prefix("__table_info/")));
  EXPECT_TRUE(infos.kvs.empty());
}

// Two processes on one store (a cluster's frontends): with shared_epoch_check each sees the
// other's changes within the interval, cache and all; without it a cache may stay stale.
TEST(SharedCatalogTest, EpochDropsStaleCachesOfOtherWriters) {
  auto kv = meta::NewMemoryKvBackend();
  CatalogOptions shared;
  shared.shared_epoch_check = std::chrono::milliseconds(1);
  ASSERT_OK_AND_ASSIGN(auto a, NewKvCatalogManager(*kv, shared));
  ASSERT_OK_AND_ASSIGN(auto b, NewKvCatalogManager(*kv, shared));
  ASSERT_OK_AND_ASSIGN(auto alone, NewKvCatalogManager(*kv));  // no epoch checks
  ASSERT_OK(b->CreateTable(MakeTableInfo("cpu"), false).status());
  ASSERT_OK_AND_ASSIGN(TableInfoPtr first, a->GetTable("greptime", "public", "cpu"));
  ASSERT_OK_AND_ASSIGN(TableInfoPtr cached, alone->GetTable("greptime", "public", "cpu"));
  ASSERT_OK(b->CreateDatabase("greptime", "d2", false, {}));
  ASSERT_OK_AND_ASSIGN(bool exists, a->DatabaseExists("greptime", "d2"));
  EXPECT_TRUE(exists);

  // b drops and recreates the table (a new id) and drops the database.
  ASSERT_OK(b->DropTable("greptime", "public", "cpu", false).status());
  ASSERT_OK_AND_ASSIGN(auto recreated, b->CreateTable(MakeTableInfo("cpu"), false));
  ASSERT_OK(b->DropDatabase("greptime", "d2", false).status());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_OK_AND_ASSIGN(TableInfoPtr now, a->GetTable("greptime", "public", "cpu"));
  EXPECT_EQ(now->id, recreated.table->id);
  EXPECT_NE(now->id, first->id);
  ASSERT_OK_AND_ASSIGN(exists, a->DatabaseExists("greptime", "d2"));
  EXPECT_FALSE(exists);
  // The single-process manager keeps its cache (standalone owns its store).
  ASSERT_OK_AND_ASSIGN(TableInfoPtr still, alone->GetTable("greptime", "public", "cpu"));
  EXPECT_EQ(still->id, cached->id);
  ASSERT_OK_AND_ASSIGN(auto epoch, kv->Get(meta::kCatalogEpochKey));
  EXPECT_TRUE(epoch.has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, CatalogManagerTest, ::testing::Values("memory", "sqlite"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace greptime::catalog
