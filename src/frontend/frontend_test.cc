// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// End-to-end SQL through the Frontend: catalog in memory, regions in a mito engine on a
// temporary directory. Results are compared in sqlness' table rendering.
#include "frontend/frontend.h"

#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "catalog/catalog_manager.h"
#include "common/testing.h"
#include "meta/kv_backend.h"
#include "storage/object_store/object_store.h"
#include "types/pretty.h"

namespace greptime::frontend {
namespace {

class FrontendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("frontend_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    Start();
  }
  void TearDown() override {
    Stop();
    std::filesystem::remove_all(root_);
  }
  void Start() {
    auto store = storage::NewFsObjectStore((root_ / "store").string());
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    storage::MitoEngineOptions options;
    options.wal_dir = (root_ / "wal").string();
    options.num_workers = 1;
    ASSERT_OK_AND_ASSIGN(auto engine, storage::NewMitoEngine(options, store_.get()));
    regions_ = std::make_unique<datanode::RegionServer>();
    regions_->RegisterEngine(std::move(engine));
    if (!kv_) {
      ASSERT_OK_AND_ASSIGN(kv_, meta::NewSqliteKvBackend((root_ / "kv.sqlite").string()));
    }
    ASSERT_OK_AND_ASSIGN(catalog_, catalog::NewKvCatalogManager(*kv_));
    FrontendOptions fo;
    fo.query_memory_limit = memory_limit_;
    fe_ = std::make_unique<Frontend>(*catalog_, *regions_, fo);
    ASSERT_OK(fe_->OpenRegions());
  }
  void Stop() {
    fe_.reset();
    if (regions_) regions_->Stop();
    regions_.reset();
    catalog_.reset();
    store_.reset();
  }

  // Runs `sql` and renders the last output like sqlness: a table or "Affected Rows: N".
  std::string Run(const std::string& sql) {
    auto out = fe_->ExecuteSql(sql, ctx_);
    if (!out.ok()) return "Error: " + out.status().ToString();
    if (out->empty()) return "";
    const auto& o = out->back();
    if (!o.is_records) return "Affected Rows: " + std::to_string(o.affected_rows);
    return types::PrettyPrint(*o.schema, o.batches);
  }
  void Ok(const std::string& sql) {
    std::string r = Run(sql);
    ASSERT_EQ(r.rfind("Error", 0), std::string::npos) << sql << "\n" << r;
  }

  std::filesystem::path root_;
  std::unique_ptr<storage::ObjectStore> store_;
  std::unique_ptr<meta::KvBackend> kv_;
  std::unique_ptr<catalog::CatalogManager> catalog_;
  std::unique_ptr<datanode::RegionServer> regions_;
  std::unique_ptr<Frontend> fe_;
  QueryContext ctx_;
  uint64_t memory_limit_ = 0;
};

TEST_F(FrontendTest, CreateInsertSelect) {
  EXPECT_EQ(Run("CREATE TABLE cpu (host STRING, ts TIMESTAMP TIME INDEX, usage DOUBLE, "
                "PRIMARY KEY(host))"),
            "Affected Rows: 0");
  EXPECT_EQ(Run("INSERT INTO cpu VALUES ('a', 1000, 1.5), ('b', 2000, 2.5), ('a', 3000, 3.5)"),
            "Affected Rows: 3");
  EXPECT_EQ(Run("SELECT host, ts, usage FROM cpu ORDER BY ts"),
            "+------+---------------------+-------+\n"
            "| host | ts                  | usage |\n"
            "+------+---------------------+-------+\n"
            "| a    | 1970-01-01T00:00:01 | 1.5   |\n"
            "| b    | 1970-01-01T00:00:02 | 2.5   |\n"
            "| a    | 1970-01-01T00:00:03 | 3.5   |\n"
            "+------+---------------------+-------+");
  EXPECT_EQ(Run("SELECT host, count(*), avg(usage) AS a FROM cpu GROUP BY host ORDER BY host"),
            "+------+----------+-----+\n"
            "| host | count(*) | a   |\n"
            "+------+----------+-----+\n"
            "| a    | 2        | 2.5 |\n"
            "| b    | 1        | 2.5 |\n"
            "+------+----------+-----+");
  EXPECT_EQ(Run("SELECT usage FROM cpu WHERE host = 'a' AND ts > 1000"),
            "+-------+\n| usage |\n+-------+\n| 3.5   |\n+-------+");
  EXPECT_NE(Run("SELECT max(usage) - min(usage) FROM cpu").find("| 2.0"), std::string::npos);
  EXPECT_NE(Run("SELECT nope FROM cpu").find("Error: 3000"), std::string::npos);
  EXPECT_NE(Run("SELECT * FROM missing").find("Error: 4001"), std::string::npos);
}

TEST_F(FrontendTest, SelectWithoutFromAndExpressions) {
  EXPECT_EQ(Run("SELECT 1 + 2 AS x, 'a' || 'b' AS y, CASE WHEN 1 > 2 THEN 'no' ELSE 'yes' END AS z"),
            "+---+----+-----+\n| x | y  | z   |\n+---+----+-----+\n| 3 | ab | yes |\n+---+----+-----+");
  EXPECT_EQ(Run("SELECT * FROM (VALUES (1, 'x'), (2, 'y')) AS t(a, b) WHERE a > 1"),
            "+---+---+\n| a | b |\n+---+---+\n| 2 | y |\n+---+---+");
  EXPECT_EQ(Run("SELECT count(*) FROM numbers WHERE number < 10"),
            "+----------+\n| count(*) |\n+----------+\n| 10       |\n+----------+");
  EXPECT_EQ(Run("SELECT number FROM numbers ORDER BY number DESC LIMIT 2"),
            "+--------+\n| number |\n+--------+\n| 99     |\n| 98     |\n+--------+");
}

TEST_F(FrontendTest, JoinsSubqueriesUnionsCtes) {
  Ok("CREATE TABLE a (k INT, ts TIMESTAMP TIME INDEX, PRIMARY KEY(k))");
  Ok("CREATE TABLE b (k INT, ts TIMESTAMP TIME INDEX, v STRING, PRIMARY KEY(k))");
  Ok("INSERT INTO a VALUES (1, 1), (2, 2), (3, 3)");
  Ok("INSERT INTO b VALUES (1, 1, 'one'), (3, 3, 'three'), (4, 4, 'four')");
  EXPECT_EQ(Run("SELECT a.k, b.v FROM a JOIN b ON a.k = b.k ORDER BY a.k"),
            "+---+-------+\n| k | v     |\n+---+-------+\n| 1 | one   |\n| 3 | three |\n"
            "+---+-------+");
  EXPECT_EQ(Run("SELECT a.k, b.v FROM a LEFT JOIN b ON a.k = b.k ORDER BY a.k"),
            "+---+-------+\n| k | v     |\n+---+-------+\n| 1 | one   |\n| 2 |       |\n"
            "| 3 | three |\n+---+-------+");
  EXPECT_EQ(Run("SELECT k FROM a WHERE k IN (SELECT k FROM b) ORDER BY k"),
            "+---+\n| k |\n+---+\n| 1 |\n| 3 |\n+---+");
  EXPECT_EQ(Run("SELECT (SELECT max(k) FROM b) AS m"),
            "+---+\n| m |\n+---+\n| 4 |\n+---+");
  EXPECT_EQ(Run("SELECT k FROM a UNION SELECT k FROM b ORDER BY k"),
            "+---+\n| k |\n+---+\n| 1 |\n| 2 |\n| 3 |\n| 4 |\n+---+");
  EXPECT_EQ(Run("WITH x AS (SELECT k FROM a WHERE k > 1) SELECT count(*) FROM x"),
            "+----------+\n| count(*) |\n+----------+\n| 2        |\n+----------+");
}

TEST_F(FrontendTest, DeleteAlterDropAndRestart) {
  Ok("CREATE DATABASE db1");
  ctx_.database = "db1";
  Ok("CREATE TABLE t (h STRING PRIMARY KEY, ts TIMESTAMP(3) TIME INDEX, v DOUBLE DEFAULT 7)");
  EXPECT_EQ(Run("INSERT INTO t (h, ts) VALUES ('x', '2024-01-01 00:00:00'), ('y', 5)"),
            "Affected Rows: 2");
  EXPECT_EQ(Run("DELETE FROM t WHERE h = 'y'"), "Affected Rows: 1");
  Ok("ALTER TABLE t ADD COLUMN w STRING");
  Ok("INSERT INTO t VALUES ('z', 6, 1.0, 'new')");
  EXPECT_EQ(Run("SELECT h, v, w FROM t ORDER BY h"),
            "+---+-----+-----+\n| h | v   | w   |\n+---+-----+-----+\n| x | 7.0 |     |\n"
            "| z | 1.0 | new |\n+---+-----+-----+");
  // Restart: catalog and regions come back.
  Stop();
  Start();
  EXPECT_EQ(Run("SELECT count(*) FROM t"),
            "+----------+\n| count(*) |\n+----------+\n| 2        |\n+----------+");
  Ok("DROP TABLE t");
  EXPECT_NE(Run("SELECT * FROM t").find("Error: 4001"), std::string::npos);
  EXPECT_NE(Run("CREATE DATABASE db1").find("Error"), std::string::npos);
}

TEST_F(FrontendTest, TimestampLiteralsUseTheSessionTimeZone) {
  Ok("SET time_zone = '+08:00'");
  Ok("CREATE TABLE z (ts TIMESTAMP TIME INDEX, v INT)");
  Ok("INSERT INTO z VALUES ('2024-01-01 00:00:00', 1), ('2024-01-01 02:00:00', 2)");
  // Both the pushed-down time range and the filter read the literal in +08:00.
  EXPECT_EQ(Run("SELECT v FROM z WHERE ts < '2024-01-01 01:00:00'"),
            "+---+\n| v |\n+---+\n| 1 |\n+---+");
  EXPECT_EQ(Run("SELECT v FROM z WHERE ts >= '2024-01-01 02:00:00+08:00'"),
            "+---+\n| v |\n+---+\n| 2 |\n+---+");
  EXPECT_EQ(Run("SELECT count(*) FROM z WHERE ts BETWEEN '2023-12-31 16:00:00Z' AND '2024-01-01 00:00:00'"),
            "+----------+\n| count(*) |\n+----------+\n| 1        |\n+----------+");
}

TEST_F(FrontendTest, InsertErrorsWriteNothing) {
  Ok("CREATE TABLE t (ts TIMESTAMP TIME INDEX, v TINYINT NOT NULL)");
  EXPECT_NE(Run("INSERT INTO t VALUES (1, 1), (2, NULL)").find("Error"), std::string::npos);
  EXPECT_NE(Run("INSERT INTO t VALUES (1, 1000)").find("Error"), std::string::npos);
  EXPECT_NE(Run("INSERT INTO t (ts, nope) VALUES (1, 1)").find("Error: 4002"), std::string::npos);
  EXPECT_EQ(Run("SELECT count(*) FROM t"),
            "+----------+\n| count(*) |\n+----------+\n| 0        |\n+----------+");
}

TEST_F(FrontendTest, PartitionedTableRoutesRows) {
  Ok("CREATE TABLE p (h STRING, ts TIMESTAMP TIME INDEX, v INT, PRIMARY KEY(h)) "
     "PARTITION ON COLUMNS (h) (h < 'm', h >= 'm')");
  Ok("INSERT INTO p VALUES ('a', 1, 1), ('z', 2, 2), ('n', 3, 3)");
  EXPECT_EQ(Run("SELECT h, v FROM p ORDER BY h"),
            "+---+---+\n| h | v |\n+---+---+\n| a | 1 |\n| n | 3 |\n| z | 2 |\n+---+---+");
}

TEST_F(FrontendTest, WindowFunctions) {
  Ok("CREATE TABLE w (h STRING PRIMARY KEY, ts TIMESTAMP TIME INDEX, v INT)");
  Ok("INSERT INTO w VALUES ('a', 1, 10), ('a', 2, 20), ('a', 3, 20), ('b', 1, 5), ('b', 2, 7)");
  EXPECT_EQ(Run("SELECT h, v, row_number() OVER (PARTITION BY h ORDER BY ts) AS rn, "
                "rank() OVER (PARTITION BY h ORDER BY v) AS rk, "
                "sum(v) OVER (PARTITION BY h ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s, "
                "lag(v, 1, 0) OVER (PARTITION BY h ORDER BY ts) AS p "
                "FROM w ORDER BY h, ts"),
            "+---+----+----+----+----+----+\n"
            "| h | v  | rn | rk | s  | p  |\n"
            "+---+----+----+----+----+----+\n"
            "| a | 10 | 1  | 1  | 10 | 0  |\n"
            "| a | 20 | 2  | 2  | 30 | 10 |\n"
            "| a | 20 | 3  | 2  | 40 | 20 |\n"
            "| b | 5  | 1  | 1  | 5  | 0  |\n"
            "| b | 7  | 2  | 2  | 12 | 5  |\n"
            "+---+----+----+----+----+----+");
}

TEST_F(FrontendTest, RangeQueryWithFill) {
  // The worked example of spec/sql.md §11.
  Ok("CREATE TABLE host_val (ts TIMESTAMP TIME INDEX, host STRING PRIMARY KEY, val DOUBLE)");
  Ok("INSERT INTO host_val VALUES (0,'host1',0),(15000,'host1',6),(0,'host2',6),(15000,'host2',12)");
  EXPECT_EQ(Run("SELECT ts, host, min(val) RANGE '10s' AS mn, max(val) RANGE '10s' FILL LINEAR AS mx "
                "FROM host_val ALIGN '5s' ORDER BY host, ts"),
            "+---------------------+-------+------+--------------------+\n"
            "| ts                  | host  | mn   | mx                 |\n"
            "+---------------------+-------+------+--------------------+\n"
            "| 1969-12-31T23:59:55 | host1 | 0.0  | 0.0                |\n"
            "| 1970-01-01T00:00:00 | host1 | 0.0  | 0.0                |\n"
            "| 1970-01-01T00:00:05 | host1 |      | 2.9999999999999996 |\n"
            "| 1970-01-01T00:00:10 | host1 | 6.0  | 6.0                |\n"
            "| 1970-01-01T00:00:15 | host1 | 6.0  | 6.0                |\n"
            "| 1969-12-31T23:59:55 | host2 | 6.0  | 6.0                |\n"
            "| 1970-01-01T00:00:00 | host2 | 6.0  | 6.0                |\n"
            "| 1970-01-01T00:00:05 | host2 |      | 9.0                |\n"
            "| 1970-01-01T00:00:10 | host2 | 12.0 | 12.0               |\n"
            "| 1970-01-01T00:00:15 | host2 | 12.0 | 12.0               |\n"
            "+---------------------+-------+------+--------------------+");
  EXPECT_NE(Run("SELECT min(val) RANGE '5s' FROM host_val").find("Error"), std::string::npos);
  // Without BY the table's tags group the rows even when no tag is selected.
  EXPECT_EQ(Run("SELECT count(*) FROM (SELECT ts, max(val) RANGE '10s' AS m FROM host_val ALIGN '5s')"),
            "+----------+\n| count(*) |\n+----------+\n| 8        |\n+----------+");
}

TEST_F(FrontendTest, ShowDescAndInformationSchema) {
  Ok("CREATE TABLE s (h STRING PRIMARY KEY, ts TIMESTAMP TIME INDEX, v DOUBLE DEFAULT 1) "
     "WITH (ttl = '7d')");
  EXPECT_EQ(Run("DESC TABLE s"),
            "+--------+----------------------+-----+------+---------+---------------+\n"
            "| Column | Type                 | Key | Null | Default | Semantic Type |\n"
            "+--------+----------------------+-----+------+---------+---------------+\n"
            "| h      | String               | PRI | YES  |         | TAG           |\n"
            "| ts     | TimestampMillisecond | PRI | NO   |         | TIMESTAMP     |\n"
            "| v      | Float64              |     | YES  | 1       | FIELD         |\n"
            "+--------+----------------------+-----+------+---------+---------------+");
  EXPECT_EQ(Run("SHOW TABLES"),
            "+------------------+\n| Tables_in_public |\n+------------------+\n"
            "| numbers          |\n| s                |\n+------------------+");
  EXPECT_EQ(Run("SELECT table_name, engine FROM information_schema.tables WHERE table_schema = 'public'"),
            "+------------+-------------+\n| table_name | engine      |\n"
            "+------------+-------------+\n| numbers    | test_engine |\n"
            "| s          | mito        |\n+------------+-------------+");
  std::string create = Run("SHOW CREATE TABLE s");
  EXPECT_NE(create.find("CREATE TABLE IF NOT EXISTS \"s\" ("), std::string::npos) << create;
  EXPECT_NE(create.find("ttl = '7days'"), std::string::npos) << create;
}

TEST_F(FrontendTest, QueryMemoryLimitFailsCleanly) {
  Stop();
  memory_limit_ = 4096;
  Start();
  Ok("CREATE TABLE m (h STRING PRIMARY KEY, ts TIMESTAMP TIME INDEX, v DOUBLE)");
  std::string values;
  for (int i = 0; i < 2000; ++i) {
    values += fmt::format("{}('host-{}', {}, {})", i ? "," : "", i, i, i);
  }
  Ok("INSERT INTO m VALUES " + values);
  std::string r = Run("SELECT h, count(*) FROM m GROUP BY h");
  EXPECT_NE(r.find("Error: 6000"), std::string::npos) << r;
  r = Run("SELECT * FROM m ORDER BY v DESC");
  EXPECT_NE(r.find("Error: 6000"), std::string::npos) << r;
  // A query whose scan fits (time range pushed into the scan) still runs.
  EXPECT_EQ(Run("SELECT count(*) FROM m WHERE ts < 10"),
            "+----------+\n| count(*) |\n+----------+\n| 10       |\n+----------+");
}

}  // namespace
}  // namespace greptime::frontend
