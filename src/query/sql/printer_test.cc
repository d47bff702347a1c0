// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// ToString / ToSql canonical forms, print -> parse -> print stability, and deep copies.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/testing.h"
#include "query/sql/parser.h"

namespace greptime::query::sql {
namespace {

std::string Canonical(std::string_view sql) {
  auto st = ParseOne(sql);
  EXPECT_TRUE(st.ok()) << sql << ": " << st.status().ToString();
  return st.ok() ? ToSql(*st) : "";
}

std::string ExprText(std::string_view sql) {
  auto e = ParseExpression(sql);
  EXPECT_TRUE(e.ok()) << sql << ": " << e.status().ToString();
  return e.ok() ? ToString(**e) : "";
}

TEST(PrinterTest, ExpressionsPrintInCanonicalForm) {
  EXPECT_EQ(ExprText("COUNT(*)"), "count(*)");
  EXPECT_EQ(ExprText("AVG(T.Cpu_Util)"), "avg(t.cpu_util)");
  EXPECT_EQ(ExprText("a+b*2"), "a + b * 2");
  EXPECT_EQ(ExprText("(a+b)*2"), "(a + b) * 2");
  EXPECT_EQ(ExprText("a - (b - c)"), "a - (b - c)");
  EXPECT_EQ(ExprText("(a - b) - c"), "a - b - c");
  EXPECT_EQ(ExprText("not (a and b)"), "NOT (a AND b)");
  EXPECT_EQ(ExprText("-(a*b)"), "-(a * b)");
  EXPECT_EQ(ExprText("-(-1)"), "- -1");
  EXPECT_EQ(ExprText("a != b"), "a <> b");
  EXPECT_EQ(ExprText("x::int"), "x::INT");
  EXPECT_EQ(ExprText("cast(x as timestamp(3))"), "CAST(x AS TIMESTAMP(3))");
  EXPECT_EQ(ExprText("'it''s'"), "'it''s'");
  EXPECT_EQ(ExprText("\"Quoted\".col"), "\"Quoted\".col");
  EXPECT_EQ(ExprText("a not between 1 and 2"), "a NOT BETWEEN 1 AND 2");
  EXPECT_EQ(ExprText("a is not distinct from b"), "a IS NOT DISTINCT FROM b");
  EXPECT_EQ(ExprText("case when a then 1 else 2 end"), "CASE WHEN a THEN 1 ELSE 2 END");
  EXPECT_EQ(ExprText("interval '1' hour"), "INTERVAL '1' HOUR");
  EXPECT_EQ(ExprText("extract(day from ts)"), "EXTRACT(DAY FROM ts)");
  EXPECT_EQ(ExprText("current_timestamp"), "CURRENT_TIMESTAMP");
  EXPECT_EQ(ExprText("min(val) range '5s' fill prev"), "min(val) RANGE '5s' FILL prev");
  EXPECT_EQ(ExprText("count(distinct a) filter (where a > 0)"),
            "count(DISTINCT a) FILTER (WHERE a > 0)");
  EXPECT_EQ(ExprText("rank() over (partition by a order by b desc)"),
            "rank() OVER (PARTITION BY a ORDER BY b DESC)");
}

TEST(PrinterTest, StatementsPrintInCanonicalForm) {
  EXPECT_EQ(Canonical("select distinct A as x from T where b>1 group by 1 order by 1 desc limit 1"),
            "SELECT DISTINCT a AS x FROM t WHERE b > 1 GROUP BY 1 ORDER BY 1 DESC LIMIT 1");
  EXPECT_EQ(Canonical("create table T(ts timestamp time index, h string primary key) "
                      "engine=mito with('ttl'='1d')"),
            "CREATE TABLE t (ts TIMESTAMP TIME INDEX, h STRING PRIMARY KEY) ENGINE = mito "
            "WITH (ttl = '1d')");
  EXPECT_EQ(Canonical("insert into t values (\"a\", 1)"), "INSERT INTO t VALUES ('a', 1)");
  EXPECT_EQ(Canonical("desc t"), "DESCRIBE TABLE t");
  EXPECT_EQ(Canonical("tql eval (0, 10, '5s')   rate(x[5m])  "), "TQL EVAL (0, 10, '5s') rate(x[5m])");
}

// Everything here must survive print -> parse -> print unchanged.
const std::vector<std::string> kRoundTrip = {
    "SELECT * EXCEPT (a, b) FROM t",
    "SELECT a, b AS \"B\" FROM s.t AS x JOIN u ON x.a = u.a LEFT JOIN v USING (a) CROSS JOIN w",
    "SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x",
    "SELECT * FROM (SELECT 1 AS x) AS q(y), LATERAL (SELECT 2) AS l",
    "SELECT * FROM generate_series(1, 3) AS g",
    "SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3",
    "SELECT 1 UNION (SELECT 2 UNION SELECT 3)",
    "(SELECT 1 ORDER BY 1 LIMIT 1) EXCEPT SELECT 2 LIMIT 5 OFFSET 1",
    "WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r",
    "WITH c AS (TQL EVAL (0, 10, '5s') up) SELECT * FROM c",
    "SELECT a FROM t WHERE a IN (1, 2) AND b NOT IN (SELECT b FROM u) OR EXISTS (SELECT 1)",
    "SELECT a FROM t WHERE a > ALL (SELECT b FROM u)",
    "SELECT a LIKE 'x%' ESCAPE '!', b NOT ILIKE 'y', c REGEXP 'z', d SIMILAR TO 'w' FROM t",
    "SELECT x IS NULL, y IS NOT TRUE, (a = b) IS FALSE FROM t",
    "SELECT CASE a WHEN 1 THEN 'x' ELSE 'y' END, CASE WHEN b THEN 1 END FROM t",
    "SELECT -x, +y, ~z, NOT w, - -1, -(a + b) FROM t",
    "SELECT a || b, a & b | c ^ d, a << 2, j -> 'k', j ->> 'k', a DIV 2 FROM t",
    "SELECT x::TIMESTAMP(3)::BIGINT, TRY_CAST(y AS DOUBLE), DATE '2024-01-01' FROM t",
    "SELECT INTERVAL '1 hour', INTERVAL 1 DAY, INTERVAL '1-2' YEAR TO MONTH, INTERVAL -1 DAY",
    "SELECT now() - INTERVAL '5' MINUTE, ts AT TIME ZONE 'UTC' FROM t",
    "SELECT arr[1], arr[1:2], [1, 2], ARRAY[3], (1, 2) FROM t",
    "SELECT EXTRACT(YEAR FROM ts), POSITION('a' IN s), SUBSTRING(s FROM 2 FOR 3) FROM t",
    "SELECT TRIM(BOTH 'x' FROM s), TRIM(LEADING FROM s), trim(s) FROM t",
    "SELECT first_value(x ORDER BY ts DESC NULLS LAST) IGNORE NULLS FROM t",
    "SELECT approx_percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM t",
    "SELECT sum(v) OVER (PARTITION BY a ORDER BY b ROWS BETWEEN 1 PRECEDING AND UNBOUNDED "
    "FOLLOWING), lag(v) OVER w FROM t WINDOW w AS (ORDER BY ts)",
    "SELECT avg(v) OVER (ORDER BY ts RANGE INTERVAL '1' DAY PRECEDING) FROM t",
    "SELECT ts, min(v) RANGE '5s' FILL PREV, (max(v) - min(v)) RANGE '10s' + 1, "
    "round(max(v) RANGE (INTERVAL '1' DAY)) FROM t WHERE h = 'a' ALIGN '5s' TO NOW BY (h) "
    "FILL NULL ORDER BY ts",
    "SELECT max(v) RANGE '1h' FROM t ALIGN '1h' TO (now()) BY ()",
    "SELECT DISTINCT ON (a) a, b FROM t GROUP BY a, b HAVING count(*) > 1",
    "SELECT ?, $1, @@version_comment, X'0a', 1.5e3, TRUE, NULL",
    "VALUES (1, 'a'), (2, 'b')",
    "INSERT INTO t (a, b) VALUES (1, DEFAULT)",
    "INSERT INTO t SELECT * FROM u",
    "DELETE FROM t WHERE a = 1",
    "CREATE DATABASE IF NOT EXISTS d WITH (ttl = '1h', 'compaction.type' = 'twcs')",
    "CREATE SCHEMA s",
    "CREATE TABLE IF NOT EXISTS d.t (h STRING NULL DEFAULT 'x' COMMENT 'c' INVERTED INDEX, "
    "m STRING FULLTEXT INDEX WITH (analyzer = 'English'), v DOUBLE NOT NULL SKIPPING INDEX, "
    "ts TIMESTAMP(3) DEFAULT current_timestamp(), TIME INDEX (ts), PRIMARY KEY (h)) "
    "PARTITION ON COLUMNS (h) (h < 'm', h >= 'm') ENGINE = mito WITH (append_mode = 'true')",
    "CREATE EXTERNAL TABLE e WITH (location = '/a.csv', format = 'csv')",
    "CREATE TABLE t2 LIKE t1",
    "CREATE OR REPLACE VIEW v (a) AS SELECT 1",
    "CREATE FLOW IF NOT EXISTS f SINK TO o EXPIRE AFTER INTERVAL '1' HOUR EVAL INTERVAL '1m' "
    "COMMENT 'x' AS SELECT count(*) FROM t",
    "ALTER TABLE t ADD COLUMN IF NOT EXISTS a INT FIRST, ADD COLUMN b INT AFTER a",
    "ALTER TABLE t DROP COLUMN a",
    "ALTER TABLE t MODIFY COLUMN a DOUBLE",
    "ALTER TABLE t MODIFY COLUMN a SET DEFAULT 1, MODIFY COLUMN b SET DEFAULT 'x'",
    "ALTER TABLE t MODIFY COLUMN a DROP DEFAULT",
    "ALTER TABLE t MODIFY COLUMN a SET SKIPPING INDEX WITH (granularity = 10)",
    "ALTER TABLE t MODIFY COLUMN a UNSET INVERTED INDEX",
    "ALTER TABLE t RENAME t2",
    "ALTER TABLE t SET ttl = '1d', 'compaction.twcs.time_window' = '1h'",
    "ALTER TABLE t UNSET ttl, 'compaction.type'",
    "ALTER DATABASE d SET ttl = '7d'",
    "ALTER DATABASE d UNSET ttl",
    "DROP TABLE IF EXISTS a, b",
    "DROP DATABASE IF EXISTS d",
    "DROP FLOW f",
    "TRUNCATE TABLE t FILE RANGE (1, 2), (3, 4)",
    "COMMENT ON COLUMN t.c IS 'x'",
    "COMMENT ON TABLE t IS NULL",
    "SHOW FULL TABLES FROM d LIKE 'a%'",
    "SHOW DATABASES WHERE \"Database\" = 'public'",
    "SHOW COLUMNS FROM t FROM d",
    "SHOW INDEX FROM t WHERE key_name = 'PRIMARY'",
    "SHOW CREATE TABLE t FOR POSTGRES_FOREIGN_TABLE",
    "SHOW VARIABLES time_zone",
    "SHOW VARIABLES LIKE 'time%'",
    "DESCRIBE TABLE t",
    "USE \"MyDb\"",
    "SET SESSION time_zone = '+08:00'",
    "EXPLAIN ANALYZE VERBOSE FORMAT JSON SELECT 1",
    "ADMIN compact_table('t', 'regular')",
    "TQL EXPLAIN VERBOSE (0, 10, '5s', '1m') sum by (a) (rate(x{b=~\"c.*\"}[1m])) AS v",
    "COPY t TO '/x.parquet' WITH (format = 'parquet') CONNECTION (region = 'r')",
    "COPY DATABASE d FROM '/dir/' WITH (format = 'csv')",
    "COPY (SELECT 1) TO STDOUT WITH (format = csv)",
    "KILL '1'",
    "KILL QUERY 7",
};

TEST(PrinterTest, PrintParsePrintIsStable) {
  for (const std::string& sql : kRoundTrip) {
    auto first = ParseOne(sql);
    ASSERT_TRUE(first.ok()) << sql << ": " << first.status().ToString();
    std::string once = ToSql(*first);
    auto second = ParseOne(once);
    ASSERT_TRUE(second.ok()) << once << ": " << second.status().ToString();
    EXPECT_EQ(ToSql(*second), once) << "from " << sql;
  }
}

TEST(PrinterTest, CloneIsADeepEqualCopy) {
  for (const std::string& sql : kRoundTrip) {
    auto st = ParseOne(sql);
    ASSERT_TRUE(st.ok()) << sql;
    if (const auto* q = st->As<QueryStatement>()) {
      QueryPtr copy = Clone(*q->query);
      EXPECT_EQ(ToString(*copy), ToString(*q->query));
    }
  }
  auto e = ParseExpression("f(a, b) OVER (PARTITION BY c ORDER BY d ROWS 1 PRECEDING) + 1");
  ASSERT_OK(e);
  ExprPtr copy = Clone(**e);
  EXPECT_EQ(ToString(*copy), ToString(**e));
  EXPECT_EQ(copy->pos, (*e)->pos);
  EXPECT_NE(copy->As<BinaryExpr>()->left.get(), (*e)->As<BinaryExpr>()->left.get());
}

TEST(PrinterTest, ForEachChildVisitsDirectChildrenOnly) {
  auto e = ParseExpression("f(a + b, c) FILTER (WHERE d)");
  ASSERT_OK(e);
  std::vector<std::string> children;
  ForEachChild(**e, [&](const Expr& child) { children.push_back(ToString(child)); });
  EXPECT_EQ(children, (std::vector<std::string>{"a + b", "c", "d"}));
}

}  // namespace
}  // namespace greptime::query::sql
