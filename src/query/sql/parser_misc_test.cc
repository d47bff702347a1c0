// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "common/testing.h"
#include "query/sql/parser.h"
#include "query/sql/parser_test_util.h"

namespace greptime::query::sql {
namespace {

using testing::ParseAs;

TEST(ParserMiscTest, InsertValuesTakesDoubleQuotedStringsAndDefault) {
  auto ins = ParseAs<InsertStatement>(
      "INSERT INTO db.t (host, ts, v) VALUES (\"host1\", 1, DEFAULT), ('host2', -2, NULL)");
  EXPECT_EQ(ins.table.ToString(), "db.t");
  EXPECT_EQ(ins.columns.size(), 3u);
  const auto& rows = std::get<Values>(ins.source->body->node).rows;
  ASSERT_EQ(rows.size(), 2u);
  const Literal* host = rows[0][0]->As<Literal>();
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(host->kind, LiteralKind::kString);
  EXPECT_EQ(host->text, "host1");
  EXPECT_TRUE(host->double_quoted);
  EXPECT_EQ(rows[0][2]->As<Literal>()->kind, LiteralKind::kDefault);
  EXPECT_TRUE(rows[1][1]->Is<UnaryExpr>());
}

TEST(ParserMiscTest, DoubleQuotesAreIdentifiersOutsideValues) {
  auto ins = ParseAs<InsertStatement>("INSERT INTO t SELECT \"host\", ts FROM src");
  const auto& select = std::get<Select>(ins.source->body->node);
  EXPECT_TRUE(select.items[0].expr->Is<ColumnRef>());
  EXPECT_TRUE(ins.columns.empty());
}

TEST(ParserMiscTest, Delete) {
  auto del = ParseAs<DeleteStatement>("DELETE FROM t WHERE host = 'a' AND ts < 100");
  EXPECT_EQ(del.table.ToString(), "t");
  EXPECT_NE(del.where, nullptr);
  EXPECT_EQ(ParseAs<DeleteStatement>("DELETE FROM t").where, nullptr);
}

TEST(ParserMiscTest, ShowStatements) {
  auto dbs = ParseAs<ShowStatement>("SHOW FULL DATABASES LIKE 'p%'");
  EXPECT_EQ(dbs.kind, ShowKind::kDatabases);
  EXPECT_TRUE(dbs.full);
  EXPECT_EQ(dbs.filter, ShowFilterKind::kLike);
  EXPECT_EQ(dbs.like_pattern, "p%");
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW SCHEMAS").kind, ShowKind::kDatabases);

  auto tables = ParseAs<ShowStatement>("SHOW FULL TABLES IN mydb WHERE Tables = 'x'");
  EXPECT_EQ(tables.kind, ShowKind::kTables);
  EXPECT_EQ(tables.database->ToString(), "mydb");
  EXPECT_EQ(tables.filter, ShowFilterKind::kWhere);

  auto columns = ParseAs<ShowStatement>("SHOW FULL COLUMNS FROM t FROM db LIKE 'h%'");
  EXPECT_EQ(columns.kind, ShowKind::kColumns);
  EXPECT_EQ(columns.object->ToString(), "t");
  EXPECT_EQ(columns.database->ToString(), "db");

  EXPECT_EQ(ParseAs<ShowStatement>("SHOW INDEXES IN t").kind, ShowKind::kIndex);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW KEYS FROM t WHERE Key_name = 'PRIMARY'").filter,
            ShowFilterKind::kWhere);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW TABLE STATUS FROM db").kind, ShowKind::kTableStatus);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW REGION FROM t").kind, ShowKind::kRegion);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW CHARACTER SET").kind, ShowKind::kCharset);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW COLLATION WHERE Charset = 'utf8'").kind,
            ShowKind::kCollation);
  EXPECT_TRUE(ParseAs<ShowStatement>("SHOW FULL PROCESSLIST").full);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW FLOWS").kind, ShowKind::kFlows);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW VIEWS").kind, ShowKind::kViews);

  auto create = ParseAs<ShowStatement>("SHOW CREATE TABLE db.\"T\"");
  EXPECT_EQ(create.kind, ShowKind::kCreateTable);
  EXPECT_EQ(create.object->ToString(), "db.\"T\"");
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW CREATE DATABASE d").kind, ShowKind::kCreateDatabase);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW CREATE FLOW f").kind, ShowKind::kCreateFlow);
  EXPECT_EQ(ParseAs<ShowStatement>("SHOW CREATE TABLE t FOR postgres_foreign_table").for_target,
            "POSTGRES_FOREIGN_TABLE");

  auto var = ParseAs<ShowStatement>("SHOW VARIABLES system_time_zone");
  EXPECT_EQ(var.kind, ShowKind::kVariables);
  EXPECT_EQ(var.variable.ToString(), "system_time_zone");
}

TEST(ParserMiscTest, ShowWithoutTableMatchesGreptimeDbError) {
  auto r = ParseSql("SHOW INDEX;");
  ASSERT_STATUS_CODE(r, StatusCode::kInvalidSyntax);
  EXPECT_EQ(r.status().message(),
            "Unexpected token while parsing SQL statement, expected: '{FROM | IN} table', found: ;");
  // LIKE is not supported by SHOW INDEX: it is left over, as in GreptimeDB.
  auto like = ParseSql("SHOW INDEX FROM t like '%a%'");
  ASSERT_STATUS_CODE(like, StatusCode::kUnsupported);
  EXPECT_EQ(like.status().message(), "SQL statement is not supported, keyword: like");
}

TEST(ParserMiscTest, DescribeAndUse) {
  EXPECT_EQ(ParseAs<DescribeStatement>("DESC TABLE db.t").table.ToString(), "db.t");
  EXPECT_EQ(ParseAs<DescribeStatement>("DESCRIBE t").table.ToString(), "t");
  EXPECT_EQ(ParseAs<UseStatement>("USE MyDb").database.value, "mydb");
  EXPECT_EQ(ParseAs<UseStatement>("USE \"MyDb\"").database.value, "MyDb");
}

TEST(ParserMiscTest, SetVariableForms) {
  for (const char* sql :
       {"SET time_zone = 'UTC'", "SET TIME_ZONE = 'UTC'", "SET SESSION time_zone = 'UTC'",
        "SET LOCAL TIME_ZONE = 'UTC'", "SET TIME ZONE 'UTC'", "set time_zone to 'UTC'"}) {
    auto set = ParseAs<SetVariableStatement>(sql);
    EXPECT_EQ(set.variable.ToString(), "time_zone") << sql;
    ASSERT_EQ(set.values.size(), 1u) << sql;
    EXPECT_EQ(set.values[0]->As<Literal>()->text, "UTC") << sql;
  }
  EXPECT_EQ(ParseAs<SetVariableStatement>("SET LOCAL time_zone = 'UTC'").scope, "LOCAL");
  auto session = ParseAs<SetVariableStatement>("SET @@session.time_zone = '+08:00'");
  EXPECT_EQ(session.variable.parts.size(), 2u);
  auto generic = ParseAs<SetVariableStatement>("SET max_execution_time = 1000 * 2");
  EXPECT_TRUE(generic.values[0]->Is<BinaryExpr>());
}

TEST(ParserMiscTest, ExplainWrapsAStatement) {
  auto e = ParseAs<ExplainStatement>("EXPLAIN ANALYZE VERBOSE SELECT * FROM t");
  EXPECT_TRUE(e.analyze);
  EXPECT_TRUE(e.verbose);
  ASSERT_NE(e.statement, nullptr);
  EXPECT_TRUE(e.statement->Is<QueryStatement>());
  auto f = ParseAs<ExplainStatement>("EXPLAIN FORMAT json INSERT INTO t SELECT * FROM u");
  EXPECT_EQ(f.format, "JSON");
  EXPECT_TRUE(f.statement->Is<InsertStatement>());
}

TEST(ParserMiscTest, Admin) {
  auto a = ParseAs<AdminStatement>("ADMIN compact_table('t', 'regular', 'window=3600')");
  const auto* call = a.call->As<FunctionCall>();
  ASSERT_NE(call, nullptr);
  EXPECT_EQ(call->name.ToString(), "compact_table");
  EXPECT_EQ(call->args.size(), 3u);
  EXPECT_EQ(ParseAs<AdminStatement>("ADMIN FLUSH_TABLE ('T')").call->As<FunctionCall>()->name
                .ToString(),
            "flush_table");
}

TEST(ParserMiscTest, TqlKeepsThePromqlTextRaw) {
  auto t = ParseAs<TqlStatement>(
      "TQL EVAL (0, 100, '15s') sum by (host) (rate(http{path=~\"/api/.*\", code!='500'}[5m] "
      "offset 1m))");
  EXPECT_EQ(t.tql.kind, TqlKind::kEval);
  EXPECT_EQ(t.tql.start->As<Literal>()->text, "0");
  EXPECT_EQ(t.tql.step->As<Literal>()->text, "15s");
  EXPECT_EQ(t.tql.lookback, nullptr);
  EXPECT_EQ(t.tql.query,
            "sum by (host) (rate(http{path=~\"/api/.*\", code!='500'}[5m] offset 1m))");
}

TEST(ParserMiscTest, TqlVariants) {
  auto e = ParseAs<TqlStatement>("tql evaluate (0, 10, '1s', '2s') test{k=\"a\"} AS v");
  EXPECT_NE(e.tql.lookback, nullptr);
  EXPECT_EQ(e.tql.query, "test{k=\"a\"}");
  EXPECT_EQ(e.tql.alias->value, "v");

  auto x = ParseAs<TqlStatement>("TQL EXPLAIN VERBOSE FORMAT json test");
  EXPECT_EQ(x.tql.kind, TqlKind::kExplain);
  EXPECT_TRUE(x.tql.verbose);
  EXPECT_EQ(x.tql.format, "JSON");
  EXPECT_EQ(x.tql.start, nullptr);

  auto a = ParseAs<TqlStatement>(
      "TQL ANALYZE (now() - interval '1' hour, now(), '1m') rate(m[5m])");
  EXPECT_EQ(a.tql.kind, TqlKind::kAnalyze);
  EXPECT_TRUE(a.tql.start->Is<BinaryExpr>());

  auto comma = ParseAs<TqlStatement>("tql eval (0, 30, '10s'), data < 1");
  EXPECT_EQ(comma.tql.query, "data < 1");

  auto many = ParseSql("TQL EVAL (0, 10, '5s') up; SELECT 1");
  ASSERT_OK(many);
  ASSERT_EQ(many->size(), 2u);
  EXPECT_EQ((*many)[0].As<TqlStatement>()->tql.query, "up");
}

TEST(ParserMiscTest, TqlParameterErrors) {
  auto two = ParseSql("TQL EVAL (0, 10) up");
  ASSERT_STATUS_CODE(two, StatusCode::kInvalidSyntax);
  EXPECT_NE(two.status().message().find(
                "Expected 3 or 4 expressions in TQL parameters (start, end, step, [lookback]), "
                "but found 2"),
            std::string::npos);
  ASSERT_STATUS_CODE(ParseSql("TQL EVAL (0, 10, '5s')"), StatusCode::kInvalidSyntax);
  ASSERT_STATUS_CODE(ParseSql("TQL RUN up"), StatusCode::kUnsupported);
}

TEST(ParserMiscTest, CopyForms) {
  auto to = ParseAs<CopyStatement>(
      "COPY TABLE db.t TO 's3://bucket/t.parquet' WITH (FORMAT = 'parquet', "
      "START_TIME = '2024-01-01 00:00:00') CONNECTION (REGION = 'us-west-2')");
  EXPECT_EQ(to.target, CopyStatement::Target::kTable);
  EXPECT_EQ(to.direction, CopyDirection::kTo);
  EXPECT_EQ(to.location, "s3://bucket/t.parquet");
  EXPECT_EQ(to.with.size(), 2u);
  EXPECT_EQ(to.with[0].key, "format");
  EXPECT_EQ(to.connection[0].key, "region");

  auto from = ParseAs<CopyStatement>("COPY t FROM '/data/' WITH (pattern = '.*csv') LIMIT 10");
  EXPECT_EQ(from.direction, CopyDirection::kFrom);
  EXPECT_NE(from.limit, nullptr);

  auto db = ParseAs<CopyStatement>("COPY DATABASE mydb TO '/backup/' WITH (format = 'csv')");
  EXPECT_EQ(db.target, CopyStatement::Target::kDatabase);

  auto query = ParseAs<CopyStatement>("COPY (SELECT * FROM t) TO STDOUT (FORMAT csv)");
  EXPECT_EQ(query.target, CopyStatement::Target::kQuery);
  EXPECT_EQ(query.location, "STDOUT");
  EXPECT_EQ(query.with[0].value.kind, OptionValueKind::kWord);
}

TEST(ParserMiscTest, Kill) {
  EXPECT_EQ(ParseAs<KillStatement>("KILL 'node/1'").id, "node/1");
  auto q = ParseAs<KillStatement>("KILL QUERY 42");
  EXPECT_TRUE(q.query);
  EXPECT_EQ(q.id, "42");
}

TEST(ParserMiscTest, StatementKeepsItsSourceText) {
  auto r = ParseSql("  SELECT 1 ;\n-- note\ninsert into t values (1)  ;");
  ASSERT_OK(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].text, "SELECT 1");
  EXPECT_EQ((*r)[1].text, "insert into t values (1)");
  EXPECT_EQ((*r)[1].pos, (Position{3, 1}));
}

}  // namespace
}  // namespace greptime::query::sql
