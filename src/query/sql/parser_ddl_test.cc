// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "common/testing.h"
#include "query/sql/parser.h"
#include "query/sql/parser_test_util.h"
#include "types/data_type.h"

namespace greptime::query::sql {
namespace {

using testing::ParseAs;

TEST(ParserDdlTest, CreateDatabase) {
  auto db = ParseAs<CreateDatabaseStatement>(
      "CREATE DATABASE IF NOT EXISTS MyDb WITH (ttl = '1h', 'compaction.type' = 'twcs', "
      "\"append_mode\" = 'true')");
  EXPECT_TRUE(db.if_not_exists);
  EXPECT_EQ(db.name.ToString(), "mydb");
  ASSERT_EQ(db.options.size(), 3u);
  EXPECT_EQ(db.options[0].key, "ttl");
  EXPECT_EQ(db.options[0].value.text, "1h");
  EXPECT_EQ(db.options[1].key, "compaction.type");
  EXPECT_EQ(db.options[2].key, "append_mode");
  EXPECT_TRUE(ParseAs<CreateDatabaseStatement>("create schema s").schema_keyword);
}

TEST(ParserDdlTest, CreateTableWithEveryColumnOption) {
  auto t = ParseAs<CreateTableStatement>(R"(
    CREATE TABLE IF NOT EXISTS public.system_metrics (
      host STRING NOT NULL PRIMARY KEY COMMENT 'the host',
      idc STRING NULL DEFAULT 'idc0' INVERTED INDEX,
      cpu_util DOUBLE DEFAULT -1.5,
      msg TEXT FULLTEXT INDEX WITH (analyzer = 'English', case_sensitive = 'false'),
      trace STRING SKIPPING INDEX WITH (granularity = 8192, type = 'BLOOM'),
      ts TIMESTAMP(3) DEFAULT current_timestamp() TIME INDEX,
    ))");
  EXPECT_TRUE(t.if_not_exists);
  EXPECT_EQ(t.name.parts.size(), 2u);
  ASSERT_EQ(t.columns.size(), 6u);
  const ColumnDef& host = t.columns[0];
  EXPECT_EQ(host.type.text, "STRING");
  EXPECT_EQ(host.nullable, false);
  EXPECT_TRUE(host.primary_key);
  EXPECT_EQ(host.comment, "the host");
  EXPECT_EQ(t.columns[1].nullable, true);
  EXPECT_EQ(t.columns[1].default_value->As<Literal>()->text, "idc0");
  EXPECT_EQ(t.columns[1].indexes[0].kind, ColumnIndexKind::kInverted);
  EXPECT_TRUE(t.columns[2].default_value->Is<UnaryExpr>());
  EXPECT_EQ(t.columns[3].indexes[0].kind, ColumnIndexKind::kFulltext);
  EXPECT_EQ(t.columns[3].indexes[0].options.size(), 2u);
  EXPECT_EQ(t.columns[4].indexes[0].options[0].value.kind, OptionValueKind::kNumber);
  EXPECT_TRUE(t.columns[5].time_index);
  EXPECT_EQ(t.columns[5].type.text, "TIMESTAMP(3)");
  EXPECT_TRUE(t.columns[5].default_value->Is<FunctionCall>());
  EXPECT_TRUE(t.engine.empty());
}

TEST(ParserDdlTest, CreateTableConstraintsPartitionsEngineOptions) {
  auto t = ParseAs<CreateTableStatement>(
      "CREATE TABLE t (a INT, b STRING, ts TIMESTAMP, TIME INDEX (ts), PRIMARY KEY (a, b)) "
      "PARTITION ON COLUMNS (a) (a < 10, a >= 10 AND a < 20, a >= 20) "
      "ENGINE = Mito WITH (ttl = '7d', 'write_buffer_size' = '1MB', append_mode = true)");
  EXPECT_EQ(t.time_index->value, "ts");
  EXPECT_TRUE(t.has_primary_key_constraint);
  EXPECT_EQ(t.primary_key.size(), 2u);
  ASSERT_TRUE(t.partitions.has_value());
  EXPECT_EQ(t.partitions->columns[0].value, "a");
  EXPECT_EQ(t.partitions->exprs.size(), 3u);
  EXPECT_EQ(t.engine, "mito");
  EXPECT_EQ(t.options[2].value.kind, OptionValueKind::kBoolean);
  auto metric = ParseAs<CreateTableStatement>(
      "CREATE TABLE phy (ts timestamp time index, val double) engine=metric with "
      "(\"physical_metric_table\" = \"\")");
  EXPECT_EQ(metric.options[0].key, "physical_metric_table");
  EXPECT_EQ(metric.options[0].value.kind, OptionValueKind::kString);
  EXPECT_EQ(metric.options[0].value.text, "");
}

TEST(ParserDdlTest, TypeSpellingsResolveThroughDataType) {
  for (const char* type : {"TINYINT", "SMALLINT UNSIGNED", "INT", "INTEGER UNSIGNED", "bigint",
                           "FLOAT", "DOUBLE", "DECIMAL(10, 2)", "STRING", "VARCHAR(255)",
                           "BINARY", "DATE", "TIMESTAMP(9)", "TIMESTAMP_MS", "DATETIME",
                           "BOOLEAN", "JSON", "VECTOR(3)", "INT64", "UINT8", "DOUBLE PRECISION",
                           "CHARACTER VARYING(10)", "NUMERIC(10,2)", "REAL", "int(11) unsigned"}) {
    std::string sql = std::string("CREATE TABLE t (ts TIMESTAMP TIME INDEX, c ") + type + ")";
    auto t = ParseAs<CreateTableStatement>(sql);
    ASSERT_EQ(t.columns.size(), 2u) << sql;
    auto resolved = types::DataType::ParseSql(t.columns[1].type.text);
    EXPECT_TRUE(resolved.ok()) << type << " -> " << t.columns[1].type.text;
  }
}

TEST(ParserDdlTest, TimeIndexIsCheckedAsGreptimeDbDoes) {
  auto missing = ParseSql("CREATE TABLE t (a INT)");
  ASSERT_STATUS_CODE(missing, StatusCode::kInvalidSyntax);
  EXPECT_EQ(missing.status().message(), "Missing time index constraint");

  auto two = ParseSql("CREATE TABLE t (a TIMESTAMP TIME INDEX, b TIMESTAMP, TIME INDEX (b))");
  EXPECT_EQ(two.status().message(),
            "Invalid time index: expected only one time index constraint but actual 2");

  auto multi = ParseSql("CREATE TABLE t (a TIMESTAMP, b TIMESTAMP, TIME INDEX (a, b))");
  EXPECT_EQ(multi.status().message(),
            "Invalid time index: it should contain only one column in time index");

  auto not_ts = ParseSql("CREATE TABLE t (i INT TIME INDEX)");
  ASSERT_STATUS_CODE(not_ts, StatusCode::kInvalidArguments);
  EXPECT_EQ(not_ts.status().message(),
            "Invalid column option, column name: i, error: time index column data type should "
            "be timestamp");

  auto nullable = ParseSql("CREATE TABLE t (i INT, j TIMESTAMP TIME INDEX NULL)");
  ASSERT_STATUS_CODE(nullable, StatusCode::kInvalidArguments);
  EXPECT_EQ(nullable.status().message(),
            "Invalid column option, column name: j, error: time index column can't be null");
  ASSERT_STATUS_CODE(ParseSql("CREATE TABLE t (ts TIMESTAMP TIME INDEX TIME INDEX)"),
                     StatusCode::kInvalidArguments);
  auto constraint_type = ParseSql("CREATE TABLE t (ts STRING, TIME INDEX (ts))");
  ASSERT_STATUS_CODE(constraint_type, StatusCode::kInvalidArguments);
  auto unknown = ParseSql("CREATE TABLE t (a TIMESTAMP, TIME INDEX (b))");
  EXPECT_EQ(unknown.status().message(),
            "Invalid time index: time index column b not found in columns");

  // The same column named inline and as a constraint counts once.
  EXPECT_OK(ParseSql("CREATE TABLE t (ts TIMESTAMP TIME INDEX, TIME INDEX (ts))"));
  // External tables may omit columns entirely.
  EXPECT_OK(ParseSql("CREATE EXTERNAL TABLE e WITH (location = '/tmp/a.csv', format = 'csv')"));
}

TEST(ParserDdlTest, IfNotExistsTyposReportLikeGreptimeDb) {
  auto typo = ParseSql("CREATE TABLE IF NOT EXIST t()");
  ASSERT_STATUS_CODE(typo, StatusCode::kInvalidSyntax);
  EXPECT_EQ(typo.status().message(),
            "Unexpected token while parsing SQL statement, expected: 'EXISTS', found: EXIST: sql "
            "parser error: Expected: EXISTS, found: EXIST at Line: 1, Column: 21");
  auto if_exists = ParseSql("CREATE TABLE IF EXISTS t()");
  ASSERT_STATUS_CODE(if_exists, StatusCode::kUnsupported);
  EXPECT_EQ(if_exists.status().message(), "SQL statement is not supported, keyword: EXISTS");
}

TEST(ParserDdlTest, CreateTableLikeViewAndFlow) {
  auto like = ParseAs<CreateTableLikeStatement>("CREATE TABLE t2 LIKE db.t1");
  EXPECT_EQ(like.source.ToString(), "db.t1");
  auto view = ParseAs<CreateViewStatement>(
      "CREATE OR REPLACE VIEW IF NOT EXISTS v (a, b) AS SELECT x, y FROM t");
  EXPECT_TRUE(view.or_replace);
  EXPECT_EQ(view.columns.size(), 2u);
  EXPECT_EQ(view.definition, "SELECT x, y FROM t");
  auto flow = ParseAs<CreateFlowStatement>(
      "CREATE FLOW f SINK TO out EXPIRE AFTER '1h' COMMENT 'c' AS SELECT count(*) FROM t");
  EXPECT_EQ(flow.sink_table.ToString(), "out");
  EXPECT_NE(flow.expire_after, nullptr);
  EXPECT_EQ(flow.comment, "c");
  EXPECT_EQ(flow.definition, "SELECT count(*) FROM t");
}

TEST(ParserDdlTest, AlterTableAddColumns) {
  auto a = ParseAs<AlterTableStatement>(
      "ALTER TABLE t ADD COLUMN IF NOT EXISTS k STRING PRIMARY KEY FIRST, ADD v DOUBLE AFTER k");
  const auto& add = std::get<AddColumnsOp>(a.op);
  ASSERT_EQ(add.columns.size(), 2u);
  EXPECT_TRUE(add.columns[0].if_not_exists);
  EXPECT_TRUE(add.columns[0].column.primary_key);
  EXPECT_EQ(add.columns[0].location, AddColumn::Location::kFirst);
  EXPECT_EQ(add.columns[1].location, AddColumn::Location::kAfter);
  EXPECT_EQ(add.columns[1].after.value, "k");
}

TEST(ParserDdlTest, AlterTableOtherOperations) {
  EXPECT_EQ(std::get<DropColumnOp>(ParseAs<AlterTableStatement>("ALTER TABLE t DROP COLUMN c").op)
                .column.value,
            "c");
  EXPECT_EQ(std::get<ModifyColumnTypeOp>(
                ParseAs<AlterTableStatement>("ALTER TABLE t MODIFY COLUMN c BIGINT").op)
                .type.text,
            "BIGINT");
  auto defaults = ParseAs<AlterTableStatement>(
      "ALTER TABLE t MODIFY COLUMN a SET DEFAULT 1, MODIFY COLUMN b SET DEFAULT 'x'");
  EXPECT_EQ(std::get<SetColumnDefaultsOp>(defaults.op).defaults.size(), 2u);
  EXPECT_EQ(std::get<DropColumnDefaultsOp>(
                ParseAs<AlterTableStatement>("ALTER TABLE t MODIFY COLUMN a DROP DEFAULT").op)
                .columns.size(),
            1u);
  auto set_index = ParseAs<AlterTableStatement>(
      "ALTER TABLE t MODIFY COLUMN m SET FULLTEXT INDEX WITH (analyzer = 'Chinese')");
  EXPECT_EQ(std::get<SetColumnIndexOp>(set_index.op).index.kind, ColumnIndexKind::kFulltext);
  auto unset_index =
      ParseAs<AlterTableStatement>("ALTER TABLE t MODIFY COLUMN m UNSET SKIPPING INDEX");
  EXPECT_EQ(std::get<UnsetColumnIndexOp>(unset_index.op).kind, ColumnIndexKind::kSkipping);
  EXPECT_EQ(std::get<RenameTableOp>(ParseAs<AlterTableStatement>("ALTER TABLE t RENAME t2").op)
                .new_name.ToString(),
            "t2");
  auto set = ParseAs<AlterTableStatement>(
      "ALTER TABLE t SET 'ttl' = '1d', 'auto_flush_interval' = NULL");
  const auto& options = std::get<SetTableOptionsOp>(set.op).options;
  ASSERT_EQ(options.size(), 2u);
  EXPECT_EQ(options[1].value.kind, OptionValueKind::kNull);
  auto unset = ParseAs<AlterTableStatement>("ALTER TABLE t UNSET 'ttl', 'compaction.type'");
  EXPECT_EQ(std::get<UnsetTableOptionsOp>(unset.op).keys,
            (std::vector<std::string>{"ttl", "compaction.type"}));
  auto db = ParseAs<AlterDatabaseStatement>("ALTER DATABASE d SET 'ttl' = '1h'");
  EXPECT_EQ(std::get<SetTableOptionsOp>(db.op).options[0].key, "ttl");
}

TEST(ParserDdlTest, DropAndTruncate) {
  auto drop = ParseAs<DropStatement>("DROP TABLE IF EXISTS a, db.b");
  EXPECT_EQ(drop.kind, ObjectKind::kTable);
  EXPECT_TRUE(drop.if_exists);
  EXPECT_EQ(drop.names.size(), 2u);
  EXPECT_EQ(ParseAs<DropStatement>("DROP DATABASE d").kind, ObjectKind::kDatabase);
  EXPECT_EQ(ParseAs<DropStatement>("DROP FLOW IF EXISTS f").kind, ObjectKind::kFlow);
  EXPECT_EQ(ParseAs<DropStatement>("DROP VIEW v").kind, ObjectKind::kView);
  EXPECT_EQ(ParseAs<TruncateStatement>("TRUNCATE t").table.ToString(), "t");
  auto ranged = ParseAs<TruncateStatement>("TRUNCATE TABLE t FILE RANGE (0, 10), (20, 30)");
  EXPECT_EQ(ranged.file_ranges.size(), 2u);
}

TEST(ParserDdlTest, CommentOn) {
  auto c = ParseAs<CommentStatement>("COMMENT ON COLUMN t.val IS 'value'");
  EXPECT_TRUE(c.column);
  EXPECT_EQ(c.object.ToString(), "t.val");
  EXPECT_EQ(c.comment, "value");
  EXPECT_FALSE(ParseAs<CommentStatement>("COMMENT ON TABLE t IS NULL").comment.has_value());
  EXPECT_EQ(ParseAs<CommentStatement>("COMMENT ON FLOW f IS 'x'").target, ObjectKind::kFlow);
}

}  // namespace
}  // namespace greptime::query::sql
