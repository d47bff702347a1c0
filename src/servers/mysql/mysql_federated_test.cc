// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/mysql/mysql_federated.h"

#include <gtest/gtest.h>

#include "types/record_batch.h"

namespace greptime::servers::mysql {
namespace {

// Column names and the cells of the first row.
std::pair<std::vector<std::string>, std::vector<std::string>> Rows(const query::QueryOutput& o) {
  std::vector<std::string> names, cells;
  for (const auto& c : o.schema->columns()) names.push_back(c.name);
  for (size_t c = 0; c < o.schema->num_columns(); ++c) {
    cells.push_back(o.batches.at(0).GetValue(0, c).ToString());
  }
  return {names, cells};
}

TEST(FederatedTest, SelectVariables) {
  FederatedContext ctx;
  ctx.time_zone = "+08:00";
  auto a = AnswerFederated("SELECT @@version_comment LIMIT 1", ctx);
  ASSERT_TRUE(a);
  EXPECT_EQ(Rows(*a), (std::pair<std::vector<std::string>, std::vector<std::string>>{
                          {"@@version_comment"}, {"GreptimeDB"}}));
  a = AnswerFederated("select @@tx_isolation, @@session.tx_isolation AS iso, @@time_zone, "
                      "@@session.auto_increment_increment;",
                      ctx);
  ASSERT_TRUE(a);
  EXPECT_EQ(Rows(*a).first, (std::vector<std::string>{"@@tx_isolation", "iso", "@@time_zone",
                                                      "@@session.auto_increment_increment"}));
  EXPECT_EQ(Rows(*a).second,
            (std::vector<std::string>{"REPEATABLE-READ", "REPEATABLE-READ", "+08:00", "0"}));
  a = AnswerFederated("/* mysql-connector-j-8.0 */SELECT @@wait_timeout", ctx);
  ASSERT_TRUE(a);
  EXPECT_EQ(Rows(*a).second, std::vector<std::string>{"31536000"});
  a = AnswerFederated("SELECT @@max_allowed_packet", ctx);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->schema->column(0).type, types::DataType::UInt32());
  EXPECT_EQ(Rows(*a).second, std::vector<std::string>{"67108864"});
}

TEST(FederatedTest, ShowVariablesAndTimediff) {
  FederatedContext ctx;
  auto a = AnswerFederated("SHOW VARIABLES LIKE 'sql_mode'", ctx);
  ASSERT_TRUE(a);
  EXPECT_EQ(Rows(*a).first, (std::vector<std::string>{"Variable_name", "Value"}));
  EXPECT_EQ(Rows(*a).second.at(0), "sql_mode");
  a = AnswerFederated("show variables like 'lower_case_table_names'", ctx);
  EXPECT_EQ(Rows(*a).second, (std::vector<std::string>{"lower_case_table_names", "0"}));
  a = AnswerFederated("SHOW VARIABLES LIKE 'character_set%'", ctx);
  EXPECT_EQ(Rows(*a).second, (std::vector<std::string>{"", ""}));
  EXPECT_FALSE(AnswerFederated("SHOW VARIABLES time_zone", ctx));  // the engine's own
  a = AnswerFederated("SELECT TIMEDIFF(NOW(), UTC_TIMESTAMP())", ctx);
  EXPECT_EQ(Rows(*a).second, std::vector<std::string>{"00:00:00"});
}

TEST(FederatedTest, EmptyAnswers) {
  FederatedContext ctx;
  for (const char* q : {"SET NAMES utf8mb4", "set  names 'utf8'", "COMMIT", "rollback",
                        "START TRANSACTION", "SET AUTOCOMMIT = 0", "SET sql_mode='x'",
                        "/*!40101 SET NAMES utf8 */", "/*!80003 SET x = 1 */", "UNLOCK TABLES",
                        "SHOW MASTER STATUS", "/* ApplicationName=DBeaver 23 */ SHOW ENGINES",
                        "/* ApplicationName=DBeaver */ SELECT @@version"}) {
    auto a = AnswerFederated(q, ctx);
    ASSERT_TRUE(a) << q;
    EXPECT_FALSE(a->is_records) << q;
    EXPECT_EQ(a->affected_rows, 0u) << q;
  }
}

TEST(FederatedTest, OrdinaryStatementsGoToTheEngine) {
  FederatedContext ctx;
  for (const char* q : {"SELECT 1", "SELECT @@version, 1", "SELECT database()",
                        "INSERT INTO t VALUES (1)", "SET time_zone = '+08:00'", "SHOW TABLES",
                        "/* hi */ SELECT 1", "/*!40101 SELECT 1 */"}) {
    EXPECT_FALSE(AnswerFederated(q, ctx)) << q;
  }
  EXPECT_EQ(StripLeadingComment("  /* c */ SELECT 1; "), "SELECT 1");
  EXPECT_EQ(NormalizeSql(" SeLeCT\n\t1 ;"), "select 1");
}

}  // namespace
}  // namespace greptime::servers::mysql
