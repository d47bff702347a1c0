// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "frontend/introspection.h"

#include <gtest/gtest.h>

#include "catalog/test_util.h"
#include "common/testing.h"
#include "meta/kv_backend.h"
#include "query/sql/parser.h"

namespace greptime::frontend {
namespace {

using Table = std::vector<std::vector<std::string>>;
namespace sql = query::sql;

Table Rows(const query::QueryOutput& out) {
  Table t;
  for (const auto& b : out.batches) {
    for (size_t r = 0; r < b.num_rows(); ++r) {
      std::vector<std::string> row;
      for (size_t c = 0; c < b.num_columns(); ++c) {
        auto v = b.column(c)->GetValue(r);
        row.push_back(v.is_null() ? "NULL" : v.ToString());
      }
      t.push_back(std::move(row));
    }
  }
  return t;
}

std::vector<std::string> Header(const query::QueryOutput& out) {
  std::vector<std::string> names;
  for (const auto& c : out.schema->columns()) names.push_back(c.name);
  return names;
}

std::vector<std::string> Column(const Table& t, size_t c) {
  std::vector<std::string> out;
  for (const auto& row : t) out.push_back(row.at(c));
  return out;
}

class IntrospectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kv_ = meta::NewMemoryKvBackend();
    ASSERT_OK_AND_ASSIGN(catalog_, catalog::NewKvCatalogManager(*kv_));
    planner_.catalog = "greptime";
    planner_.database = "public";
    session_.planner_options = &planner_;
  }

  catalog::TableInfoPtr Create(catalog::TableInfo info) {
    auto r = catalog_->CreateTable(std::move(info), false);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->table : nullptr;
  }

  Result<query::QueryOutput> Run(std::string_view text) {
    GT_ASSIGN_OR_RETURN(auto st, sql::ParseOne(text));
    if (const auto* show = st.As<sql::ShowStatement>()) {
      return ExecuteShow(*show, session_, *catalog_, nullptr);
    }
    if (const auto* desc = st.As<sql::DescribeStatement>()) {
      return ExecuteDescribe(*desc, session_, *catalog_);
    }
    return Status::InvalidArguments("not a SHOW/DESC statement");
  }

  Table RunRows(std::string_view text) {
    auto out = Run(text);
    EXPECT_TRUE(out.ok()) << text << ": " << out.status().ToString();
    return out.ok() ? Rows(*out) : Table{};
  }

  Result<query::QueryOutput> Scan(std::string_view table, std::vector<size_t> projection = {}) {
    GT_ASSIGN_OR_RETURN(auto source,
                        GetInformationSchemaTable(table, session_, *catalog_, nullptr));
    query::ScanHints hints;
    hints.projection = std::move(projection);
    GT_ASSIGN_OR_RETURN(auto node, source->Scan(hints));
    auto schema = node->schema();
    GT_ASSIGN_OR_RETURN(auto batches, query::CollectAll(*node));
    return query::QueryOutput::Records(schema, std::move(batches));
  }

  std::unique_ptr<meta::KvBackend> kv_;
  std::unique_ptr<catalog::CatalogManager> catalog_;
  query::PlannerOptions planner_;
  SessionInfo session_;
};

// The system_metrics table of spec/sql.md §5.2.
catalog::TableInfo SystemMetrics() {
  using types::ColumnSchema;
  using types::DataType;
  catalog::TableInfo info;
  info.name = "system_metrics";
  auto col = [](std::string name, DataType t, types::SemanticType s = types::SemanticType::kField) {
    ColumnSchema c{std::move(name), t, true, s, {}, ""};
    return storage::ColumnMetadata{c, 0};
  };
  info.columns = {col("id", DataType::UInt32(), types::SemanticType::kTag),
                  col("host", DataType::String(), types::SemanticType::kTag),
                  col("cpu", DataType::Float64()), col("disk", DataType::Float32()),
                  col("ts", DataType::TimestampMillisecond(), types::SemanticType::kTimestamp)};
  info.columns[3].column_schema.comment = "comment";
  info.columns[4].column_schema.nullable = false;
  info.columns[4].column_schema.default_value =
      types::ColumnDefault::Function("current_timestamp()");
  info.primary_key = {"id", "host"};
  info.time_index = "ts";
  info.partition =
      catalog::PartitionRule{{"id"}, {"`id` < 5", "`id` >= 5 AND `id` < 9", "`id` >= 9"}};
  auto opts = catalog::TableOptions::Parse({{"ttl", "7d"}, {"write_buffer_size", "1KiB"}});
  EXPECT_TRUE(opts.ok());
  info.options = *opts;
  return info;
}

TEST_F(IntrospectionTest, ShowCreateTableMatchesTheSpecLayout) {
  auto t = Create(SystemMetrics());
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(ShowCreateTable(*t),
            "CREATE TABLE IF NOT EXISTS \"system_metrics\" (\n"
            "  \"id\" INT UNSIGNED NULL,\n"
            "  \"host\" STRING NULL,\n"
            "  \"cpu\" DOUBLE NULL,\n"
            "  \"disk\" FLOAT NULL COMMENT 'comment',\n"
            "  \"ts\" TIMESTAMP(3) NOT NULL DEFAULT current_timestamp(),\n"
            "  TIME INDEX (\"ts\"),\n"
            "  PRIMARY KEY (\"id\", \"host\")\n"
            ")\n"
            "PARTITION ON COLUMNS (\"id\") (\n"
            "  id < 5,\n"
            "  id >= 5 AND id < 9,\n"
            "  id >= 9\n"
            ")\n"
            "ENGINE=mito\n"
            "WITH(\n"
            "  ttl = '7days',\n"
            "  write_buffer_size = '1.0KiB'\n"
            ")");
  ASSERT_OK_AND_ASSIGN(auto out, Run("SHOW CREATE TABLE system_metrics"));
  EXPECT_EQ(Header(out), (std::vector<std::string>{"Table", "Create Table"}));
  EXPECT_EQ(Rows(out)[0][0], "system_metrics");
}

TEST_F(IntrospectionTest, ShowCreateTableWithoutOptionsEndsAfterEngineLine) {
  auto info = catalog::MakeTableInfo("cpu");
  info.column_indexes["host"].skipping = catalog::OptionMap{{"granularity", "8192"}};
  info.column_indexes["host"].fulltext = catalog::OptionMap{};
  info.column_indexes["host"].inverted = true;
  auto t = Create(info);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(ShowCreateTable(*t),
            "CREATE TABLE IF NOT EXISTS \"cpu\" (\n"
            "  \"host\" STRING NULL FULLTEXT INDEX WITH(analyzer = 'English', backend = 'bloom', "
            "case_sensitive = 'false', false_positive_rate = '0.01', granularity = '10240') "
            "SKIPPING INDEX WITH(false_positive_rate = '0.01', granularity = '8192', type = "
            "'BLOOM') INVERTED INDEX,\n"
            "  \"ts\" TIMESTAMP(3) NOT NULL DEFAULT current_timestamp(),\n"
            "  \"usage\" DOUBLE NULL DEFAULT 0.5 COMMENT 'percent',\n"
            "  TIME INDEX (\"ts\"),\n"
            "  PRIMARY KEY (\"host\")\n"
            ")\n"
            "\n"
            "ENGINE=mito\n");
}

TEST_F(IntrospectionTest, ShowCreateTableOptionsQuotingAndDatabaseTtl) {
  auto info = catalog::MakeTableInfo("t");
  auto opts = catalog::TableOptions::Parse({{"compaction.type", "twcs"}});
  ASSERT_OK(opts.status());
  info.options = *opts;
  info.comment = "a\\nb";
  auto t = Create(info);
  ASSERT_NE(t, nullptr);
  ASSERT_OK_AND_ASSIGN(auto dbopts, catalog::DatabaseOptions::Parse({{"ttl", "1 second"}}));
  std::string text = ShowCreateTable(*t, &dbopts);
  EXPECT_NE(text.find("WITH(\n  comment = 'a\\\\nb',\n  'compaction.type' = 'twcs',\n"
                      "  ttl = '1s'\n)"),
            std::string::npos)
      << text;
}

TEST_F(IntrospectionTest, ShowCreateTableForPostgresForeignTable) {
  ASSERT_NE(Create(SystemMetrics()), nullptr);
  auto rows = RunRows("SHOW CREATE TABLE system_metrics FOR POSTGRES_FOREIGN_TABLE");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1],
            "CREATE FOREIGN TABLE ft_system_metrics (\n"
            "  \"id\" INT4,\n  \"host\" VARCHAR,\n  \"cpu\" FLOAT8,\n  \"disk\" FLOAT4,\n"
            "  \"ts\" TIMESTAMP\n)\nSERVER greptimedb\nOPTIONS (table_name 'system_metrics')");
}

TEST_F(IntrospectionTest, DescribeListsColumnsInTableOrder) {
  ASSERT_NE(Create(catalog::MakeTableInfo("cpu")), nullptr);
  ASSERT_OK_AND_ASSIGN(auto out, Run("DESC TABLE cpu"));
  EXPECT_EQ(Header(out), (std::vector<std::string>{"Column", "Type", "Key", "Null", "Default",
                                                   "Semantic Type"}));
  EXPECT_EQ(Rows(out),
            (Table{{"host", "String", "PRI", "YES", "", "TAG"},
                   {"ts", "TimestampMillisecond", "PRI", "NO", "current_timestamp()", "TIMESTAMP"},
                   {"usage", "Float64", "", "YES", "0.5", "FIELD"}}));
}

TEST_F(IntrospectionTest, DescribeVirtualTablesAndErrors) {
  EXPECT_EQ(RunRows("DESC numbers"), (Table{{"number", "UInt32", "PRI", "NO", "", "TAG"}}));
  auto rows = RunRows("DESC TABLE INFORMATION_SCHEMA.SCHEMATA");
  EXPECT_EQ(rows, (Table{{"catalog_name", "String", "", "NO", "", "FIELD"},
                         {"schema_name", "String", "", "NO", "", "FIELD"},
                         {"default_character_set_name", "String", "", "NO", "", "FIELD"},
                         {"default_collation_name", "String", "", "NO", "", "FIELD"},
                         {"sql_path", "String", "", "YES", "", "FIELD"},
                         {"options", "String", "", "YES", "", "FIELD"}}));
  session_.database = "INFORMATION_SCHEMA";
  EXPECT_EQ(RunRows("DESC COLUMNS").size(), 24u);
  session_.database = "public";
  ASSERT_STATUS_CODE(Run("DESC missing").status(), StatusCode::kTableNotFound);
  ASSERT_STATUS_CODE(Run("DESC nodb.t").status(), StatusCode::kTableNotFound);
  ASSERT_STATUS_CODE(Run("DESC information_schema.nope").status(), StatusCode::kTableNotFound);
}

TEST_F(IntrospectionTest, ShowDatabasesWithOptionsTtlFirst) {
  ASSERT_OK(catalog_->CreateDatabase(
      "greptime", "mydb", false,
      {{"ttl", "1h"}, {"append_mode", "false"}, {"compaction.type", "twcs"}}));
  EXPECT_EQ(RunRows("SHOW DATABASES"),
            (Table{{"greptime_private"}, {"information_schema"}, {"mydb"}, {"public"}}));
  auto full = RunRows("SHOW FULL DATABASES LIKE 'my%'");
  EXPECT_EQ(full,
            (Table{{"mydb", "'ttl'='1h'\n'append_mode'='false'\n'compaction.type'='twcs'\n"}}));
  EXPECT_EQ(RunRows("SHOW DATABASES WHERE Database = 'public'"), (Table{{"public"}}));
  auto create = RunRows("SHOW CREATE DATABASE mydb");
  EXPECT_EQ(create[0][1],
            "CREATE DATABASE IF NOT EXISTS mydb\nWITH(\n  append_mode = 'false',\n"
            "  'compaction.type' = 'twcs',\n  ttl = '1h'\n)");
  ASSERT_STATUS_CODE(Run("SHOW CREATE DATABASE nope").status(), StatusCode::kDatabaseNotFound);
}

TEST_F(IntrospectionTest, ShowTablesSortedWithNumbersAndFilters) {
  ASSERT_NE(Create(catalog::MakeTableInfo("zeta")), nullptr);
  ASSERT_NE(Create(catalog::MakeTableInfo("alpha")), nullptr);
  ASSERT_OK_AND_ASSIGN(auto out, Run("SHOW TABLES"));
  EXPECT_EQ(Header(out), (std::vector<std::string>{"Tables_in_public"}));
  EXPECT_EQ(Rows(out), (Table{{"alpha"}, {"numbers"}, {"zeta"}}));
  EXPECT_EQ(
      RunRows("SHOW FULL TABLES"),
      (Table{{"alpha", "BASE TABLE"}, {"numbers", "LOCAL TEMPORARY"}, {"zeta", "BASE TABLE"}}));
  EXPECT_EQ(RunRows("SHOW TABLES LIKE '%et_'"), (Table{{"zeta"}}));
  EXPECT_EQ(RunRows("SHOW TABLES WHERE Tables = 'numbers'"), (Table{{"numbers"}}));
  EXPECT_EQ(RunRows("SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'"),
            (Table{{"alpha", "BASE TABLE"}, {"zeta", "BASE TABLE"}}));
  ASSERT_STATUS_CODE(Run("SHOW TABLES FROM nope").status(), StatusCode::kDatabaseNotFound);
  auto info = RunRows("SHOW TABLES FROM information_schema");
  ASSERT_EQ(info.size(), 39u);
  EXPECT_EQ(info.front()[0], "build_info");
  EXPECT_EQ(info.back()[0], "views");
}

TEST_F(IntrospectionTest, ShowTableStatusFromTablesTable) {
  session_.database = "information_schema";
  ASSERT_OK_AND_ASSIGN(auto out, Run("SHOW TABLE STATUS LIKE 'tables'"));
  EXPECT_EQ(Header(out).size(), 18u);
  EXPECT_EQ(Header(out)[0], "Name");
  EXPECT_EQ(Header(out)[17], "Comment");
  auto rows = Rows(out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "tables");
  EXPECT_EQ(rows[0][2], "11");
  EXPECT_EQ(rows[0][3], "Fixed");
  EXPECT_EQ(rows[0][14], "utf8_bin");
  EXPECT_EQ(RunRows("SHOW TABLE STATUS WHERE Name = 'tables'").size(), 1u);
  session_.database = "public";
  auto pub = RunRows("SHOW TABLE STATUS");
  ASSERT_EQ(pub.size(), 1u);
  EXPECT_EQ(pub[0][0], "numbers");
  EXPECT_EQ(pub[0][1], "test_engine");
}

TEST_F(IntrospectionTest, ShowColumnsSortedByField) {
  ASSERT_NE(Create(catalog::MakeTableInfo("cpu")), nullptr);
  ASSERT_OK_AND_ASSIGN(auto out, Run("SHOW COLUMNS FROM cpu"));
  EXPECT_EQ(Header(out), (std::vector<std::string>{"Field", "Type", "Null", "Key", "Default",
                                                   "Extra", "Greptime_type"}));
  EXPECT_EQ(Rows(out), (Table{{"host", "string", "YES", "PRI", "", "", "String"},
                              {"ts", "timestamp(3)", "NO", "TIME INDEX", "current_timestamp()", "",
                               "TimestampMillisecond"},
                              {"usage", "double", "YES", "", "0.5", "", "Float64"}}));
  ASSERT_OK_AND_ASSIGN(auto full, Run("SHOW FULL COLUMNS FROM cpu LIKE 'u%'"));
  EXPECT_EQ(Header(full).size(), 10u);
  EXPECT_EQ(Rows(full), (Table{{"usage", "double", "NULL", "YES", "", "0.5", "percent",
                                "select,insert", "", "Float64"}}));
  ASSERT_STATUS_CODE(Run("SHOW COLUMNS FROM missing").status(), StatusCode::kTableNotFound);
}

TEST_F(IntrospectionTest, ShowIndexOrderedByKeyName) {
  auto info = catalog::MakeTableInfo("test");
  info.column_indexes["host"].fulltext = catalog::OptionMap{};
  info.column_indexes["host"].inverted = true;
  info.column_indexes["usage"].skipping = catalog::OptionMap{};
  ASSERT_NE(Create(info), nullptr);
  ASSERT_OK_AND_ASSIGN(auto out, Run("SHOW INDEX FROM test"));
  EXPECT_EQ(Header(out).size(), 15u);
  EXPECT_EQ(Rows(out), (Table{{"test", "1", "FULLTEXT_INDEX_host", "1", "host", "A", "NULL", "NULL",
                               "NULL", "YES", "FULLTEXT", "", "", "YES", "NULL"},
                              {"test", "1", "INVERTED_INDEX_host", "1", "host", "A", "NULL", "NULL",
                               "NULL", "YES", "INVERTED", "", "", "YES", "NULL"},
                              {"test", "0", "PRIMARY", "1", "host", "A", "NULL", "NULL", "NULL",
                               "YES", "PRIMARY", "", "", "YES", "NULL"},
                              {"test", "1", "SKIPPING_INDEX_usage", "1", "usage", "A", "NULL",
                               "NULL", "NULL", "YES", "SKIPPING", "", "", "YES", "NULL"},
                              {"test", "1", "TIME INDEX", "1", "ts", "A", "NULL", "NULL", "NULL",
                               "", "TIME", "", "", "YES", "NULL"}}));
  EXPECT_EQ(RunRows("SHOW INDEX FROM test WHERE Key_name = 'TIME INDEX'").size(), 1u);
  ASSERT_STATUS_CODE(Run("SHOW INDEX FROM test LIKE '%a%'").status(), StatusCode::kUnsupported);
  ASSERT_STATUS_CODE(Run("SHOW INDEX FROM nope").status(), StatusCode::kTableNotFound);
}

TEST_F(IntrospectionTest, ShowVariablesAndConstants) {
  session_.time_zone = "Asia/Shanghai";
  ASSERT_OK_AND_ASSIGN(auto tz, Run("SHOW VARIABLES time_zone"));
  EXPECT_EQ(Header(tz), (std::vector<std::string>{"TIME_ZONE"}));
  EXPECT_EQ(Rows(tz), (Table{{"Asia/Shanghai"}}));
  EXPECT_EQ(RunRows("SHOW VARIABLES system_time_zone"), (Table{{"UTC"}}));
  ASSERT_STATUS_CODE(Run("SHOW VARIABLES nope").status(), StatusCode::kUnsupported);
  EXPECT_EQ(RunRows("SHOW CHARSET"), (Table{{"utf8", "UTF-8 Unicode", "utf8_bin", "4"}}));
  EXPECT_TRUE(RunRows("SHOW COLLATION LIKE 'utf8'").empty());
}

TEST_F(IntrospectionTest, InformationSchemaTablesAreCaseInsensitiveAndKnown) {
  ASSERT_STATUS_CODE(GetInformationSchemaTable("plugins", session_, *catalog_, nullptr).status(),
                     StatusCode::kTableNotFound);
  auto names = RunRows("SHOW TABLES FROM information_schema");
  for (const auto& row : names) {
    ASSERT_OK_AND_ASSIGN(auto out, Scan(row[0]));
    SCOPED_TRACE(row[0]);
    EXPECT_FALSE(out.schema->columns().empty());
  }
  ASSERT_OK_AND_ASSIGN(auto upper, Scan("KEY_COLUMN_USAGE"));
  EXPECT_EQ(upper.schema->num_columns(), 14u);
  ASSERT_OK_AND_ASSIGN(auto engines, Scan("engines"));
  EXPECT_EQ(Column(Rows(engines), 0), (std::vector<std::string>{"mito", "metric"}));
  ASSERT_OK_AND_ASSIGN(auto build, Scan("build_info"));
  EXPECT_EQ(build.num_rows(), 1u);
  ASSERT_OK_AND_ASSIGN(auto stats, Scan("region_statistics"));
  EXPECT_EQ(stats.num_rows(), 0u);  // no RegionServer
}

TEST_F(IntrospectionTest, InformationSchemaTablesRows) {
  auto t = Create(catalog::MakeTableInfo("cpu"));
  ASSERT_NE(t, nullptr);
  ASSERT_OK_AND_ASSIGN(auto out, Scan("tables"));
  EXPECT_EQ(out.schema->num_columns(), 24u);
  auto rows = Rows(out);
  ASSERT_EQ(rows.size(), 41u);  // 39 information_schema tables, numbers, cpu
  const auto* cpu = &rows[0];
  for (const auto& r : rows) {
    if (r[2] == "cpu") cpu = &r;
  }
  EXPECT_EQ((*cpu)[0], "greptime");
  EXPECT_EQ((*cpu)[1], "public");
  EXPECT_EQ((*cpu)[3], "BASE TABLE");
  EXPECT_EQ((*cpu)[4], std::to_string(t->id));
  EXPECT_EQ((*cpu)[10], "mito");
  EXPECT_EQ((*cpu)[11], "11");
  EXPECT_EQ((*cpu)[18], "NULL");
  EXPECT_EQ((*cpu)[21], "");
  EXPECT_EQ((*cpu)[22], "NULL");
  EXPECT_EQ((*cpu)[23], "N");
  // Projection: only the asked columns, in the asked order.
  ASSERT_OK_AND_ASSIGN(auto projected, Scan("tables", {2, 4}));
  ASSERT_EQ(projected.schema->num_columns(), 2u);
  EXPECT_EQ(projected.schema->column(0).name, "table_name");
  EXPECT_EQ(projected.schema->column(1).name, "table_id");
  EXPECT_EQ(Rows(projected)[0], (std::vector<std::string>{"build_info", "8"}));
}

TEST_F(IntrospectionTest, InformationSchemaColumnsRows) {
  ASSERT_NE(Create(catalog::MakeTableInfo("cpu")), nullptr);
  ASSERT_OK_AND_ASSIGN(auto out, Scan("columns"));
  Table mine;
  for (auto& r : Rows(out)) {
    if (r[2] == "cpu" || r[2] == "numbers") mine.push_back(r);
  }
  ASSERT_EQ(mine.size(), 4u);
  // host: string with character lengths, TAG, PRI.
  EXPECT_EQ(mine[0], (std::vector<std::string>{
                         "greptime",   "public", "cpu",           "host",   "1",      "2147483647",
                         "2147483647", "NULL",   "NULL",          "NULL",   "utf8",   "utf8_bin",
                         "PRI",        "",       "select,insert", "",       "String", "string",
                         "TAG",        "NULL",   "YES",           "string", "NULL",   "NULL"}));
  EXPECT_EQ(mine[1][9], "3");  // ts datetime_precision
  EXPECT_EQ(mine[1][12], "TIME INDEX");
  EXPECT_EQ(mine[1][19], "current_timestamp()");
  EXPECT_EQ(mine[1][20], "NO");
  EXPECT_EQ(mine[2][7], "22");  // usage numeric_precision
  EXPECT_EQ(mine[2][8], "NULL");
  EXPECT_EQ(mine[2][22], "percent");
  EXPECT_EQ(mine[3][3], "number");
  EXPECT_EQ(mine[3][7], "10");
  EXPECT_EQ(mine[3][17], "int unsigned");
  // A type this implementation lacks keeps GreptimeDB's name.
  bool found = false;
  for (auto& r : Rows(out)) {
    if (r[2] == "process_list" && r[3] == "elapsed_time") {
      found = true;
      EXPECT_EQ(r[16], "DurationMillisecond");
      EXPECT_EQ(r[17], "DurationMillisecond");
      EXPECT_EQ(r[7], "NULL");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(IntrospectionTest, InformationSchemaKeysAndConstraints) {
  ASSERT_NE(Create(catalog::MakeTableInfo("cpu")), nullptr);
  ASSERT_OK_AND_ASSIGN(auto kcu, Scan("key_column_usage"));
  EXPECT_EQ(Rows(kcu), (Table{{"def", "public", "PRIMARY", "def", "greptime", "public", "cpu",
                               "host", "1", "NULL", "NULL", "NULL", "NULL", "dense"},
                              {"def", "public", "TIME INDEX", "def", "greptime", "public", "cpu",
                               "ts", "1", "NULL", "NULL", "NULL", "NULL", ""},
                              {"def", "public", "PRIMARY", "def", "greptime", "public", "numbers",
                               "number", "1", "NULL", "NULL", "NULL", "NULL", "dense"}}));
  ASSERT_OK_AND_ASSIGN(auto tc, Scan("table_constraints"));
  EXPECT_EQ(Rows(tc),
            (Table{{"def", "public", "TIME INDEX", "public", "cpu", "TIME INDEX", "YES"},
                   {"def", "public", "PRIMARY", "public", "cpu", "PRIMARY KEY", "YES"},
                   {"def", "public", "PRIMARY", "public", "numbers", "PRIMARY KEY", "YES"}}));
}

TEST_F(IntrospectionTest, InformationSchemaRegionsAndSchemata) {
  auto t = Create(SystemMetrics());
  ASSERT_NE(t, nullptr);
  ASSERT_OK_AND_ASSIGN(auto parts, Scan("partitions"));
  auto rows = Rows(parts);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][3], "p1");
  EXPECT_EQ(rows[1][5], "2");
  EXPECT_EQ(rows[1][7], "RANGE");
  EXPECT_EQ(rows[1][9], "id");
  EXPECT_EQ(rows[1][11], "`id` >= 5 AND `id` < 9");
  EXPECT_EQ(rows[0][25], std::to_string((uint64_t{t->id} << 32) | t->region_numbers[0]));
  ASSERT_OK_AND_ASSIGN(auto peers, Scan("region_peers"));
  ASSERT_EQ(peers.num_rows(), 3u);
  EXPECT_EQ(Rows(peers)[0][6], "Yes");
  EXPECT_EQ(Rows(peers)[0][7], "ALIVE");
  ASSERT_OK(catalog_->CreateDatabase("greptime", "mydb", false, {{"ttl", "7d"}}));
  ASSERT_OK_AND_ASSIGN(auto schemata, Scan("schemata"));
  EXPECT_EQ(Rows(schemata),
            (Table{{"greptime", "greptime_private", "utf8", "utf8_bin", "NULL", ""},
                   {"greptime", "information_schema", "utf8", "utf8_bin", "NULL", ""},
                   {"greptime", "mydb", "utf8", "utf8_bin", "NULL", "'ttl'='7days'\n"},
                   {"greptime", "public", "utf8", "utf8_bin", "NULL", ""}}));
}

}  // namespace
}  // namespace greptime::frontend
