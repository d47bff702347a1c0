// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Parses every statement of the sqlness corpus (GreptimeDB's own SQL test cases, read in place
// from /work/shared/conformance/sqlness or $GREPTIME_SQLNESS_DIR; skipped when absent).
// Statements GreptimeDB rejects while parsing (per the .result files) must fail here too; all
// others must parse, and print -> parse -> print must be stable.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "query/sql/parser.h"

namespace greptime::query::sql {
namespace {

namespace fs = std::filesystem;

struct CorpusStatement {
  std::string file;
  int line = 0;
  std::string sql;
  std::string expected;  // first line of the expected output
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Splits a .sql file the way sqlness does: lines starting with "--" are comments (and
// interceptor directives), blank lines are skipped, a line ending with ';' ends a statement.
std::vector<CorpusStatement> SplitSqlness(const std::string& text, const std::string& file) {
  std::vector<CorpusStatement> out;
  CorpusStatement cur;
  std::istringstream in(text);
  std::string line;
  int no = 0;
  while (std::getline(in, line)) {
    ++no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("--", 0) == 0 || line.empty()) continue;
    if (cur.sql.empty()) {
      cur.line = no;
    } else {
      cur.sql += "\n";
    }
    cur.sql += line;
    if (line.back() == ';') {
      cur.file = file;
      out.push_back(std::move(cur));
      cur = CorpusStatement();
    }
  }
  return out;
}

// Attaches the first output line of each statement from the .result file (statement echo,
// blank line, output).
void AttachExpected(std::vector<CorpusStatement>& statements, const std::string& result) {
  size_t pos = 0;
  for (CorpusStatement& st : statements) {
    size_t at = result.find(st.sql + "\n\n", pos);
    if (at == std::string::npos) continue;
    size_t start = at + st.sql.size() + 2;
    size_t end = result.find('\n', start);
    st.expected = result.substr(start, end == std::string::npos ? std::string::npos : end - start);
    pos = start;
  }
}

// Errors GreptimeDB raises in its parser (as opposed to the planner, executor or PromQL).
bool ExpectsParseError(const std::string& expected) {
  static const char* kPrefixes[] = {
      "Error: 2000(InvalidSyntax), Invalid SQL syntax",
      "Error: 2000(InvalidSyntax), Unexpected token",
      "Error: 2000(InvalidSyntax), Missing time index",
      "Error: 2000(InvalidSyntax), Invalid time index",
      "Error: 2000(InvalidSyntax), Range Query:",
      "Error: 1001(Unsupported), SQL statement is not supported",
      "Error: 1004(InvalidArguments), Invalid column option, column name:",
  };
  for (const char* p : kPrefixes) {
    if (expected.rfind(p, 0) == 0) return true;
  }
  return false;
}

fs::path CorpusDir() {
  if (const char* env = std::getenv("GREPTIME_SQLNESS_DIR")) return env;
  return "/work/shared/conformance/sqlness";
}

std::vector<CorpusStatement> LoadCorpus(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".sql") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<CorpusStatement> all;
  for (const fs::path& file : files) {
    auto statements = SplitSqlness(ReadFile(file), fs::relative(file, dir).string());
    fs::path result = file;
    result.replace_extension(".result");
    if (fs::exists(result)) AttachExpected(statements, ReadFile(result));
    for (CorpusStatement& st : statements) all.push_back(std::move(st));
  }
  return all;
}

TEST(SqlnessCorpusTest, ParsesWhatGreptimeDbParsesAndRejectsWhatItRejects) {
  const fs::path dir = CorpusDir();
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no sqlness corpus at " << dir;

  int total = 0, ok = 0, expected_errors = 0, rejected = 0, code_matches = 0, unstable = 0;
  std::vector<std::string> failures;
  for (const CorpusStatement& st : LoadCorpus(dir)) {
    ++total;
    auto parsed = ParseSql(st.sql);
    const std::string where = st.file + ":" + std::to_string(st.line) + ": ";
    if (ExpectsParseError(st.expected)) {
      ++expected_errors;
      if (parsed.ok()) {
        failures.push_back(where + "accepted, GreptimeDB says: " + st.expected + "\n    " + st.sql);
        continue;
      }
      ++rejected;
      ++ok;
      std::string code = "Error: " + std::to_string(static_cast<int>(parsed.status().code()));
      if (st.expected.rfind(code, 0) == 0) ++code_matches;
      continue;
    }
    if (!parsed.ok()) {
      failures.push_back(where + parsed.status().ToString() + "\n    " + st.sql);
      continue;
    }
    ++ok;
    for (const Statement& s : *parsed) {
      std::string once = ToSql(s);
      if (std::getenv("GREPTIME_SQLNESS_DUMP") != nullptr) std::cout << once << "\n";
      auto again = ParseOne(once);
      if (!again.ok() || ToSql(*again) != once) {
        ++unstable;
        failures.push_back(where + "round trip unstable: " + once + "\n    -> " +
                           (again.ok() ? ToSql(*again) : again.status().ToString()));
      }
    }
  }
  for (const std::string& f : failures) std::cout << "  " << f << "\n";
  const double rate = total == 0 ? 1.0 : static_cast<double>(ok) / total;
  std::cout << "sqlness corpus: " << ok << "/" << total << " statements as GreptimeDB ("
            << rate * 100 << "%); expected parse errors rejected " << rejected << "/"
            << expected_errors << " (same code " << code_matches << "); unstable round trips "
            << unstable << "\n";
  EXPECT_GE(rate, 0.99);
  EXPECT_GE(rejected, expected_errors * 9 / 10);
  EXPECT_EQ(unstable, 0);
}

// Every prefix of every corpus statement (cut at arbitrary bytes) parses or fails with a
// Status: no crash, no hang, no exception.
TEST(SqlnessCorpusTest, TruncatedStatementsFailCleanly) {
  const fs::path dir = CorpusDir();
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no sqlness corpus at " << dir;
  size_t parsed = 0;
  for (const CorpusStatement& st : LoadCorpus(dir)) {
    for (size_t cut = 1; cut < st.sql.size(); cut += 5) {
      auto r = ParseSql(std::string_view(st.sql).substr(0, cut));
      if (r.ok()) {
        ++parsed;
      } else {
        EXPECT_TRUE(r.status().code() == StatusCode::kInvalidSyntax ||
                    r.status().code() == StatusCode::kUnsupported ||
                    r.status().code() == StatusCode::kInvalidArguments)
            << r.status().ToString();
      }
    }
  }
  EXPECT_GT(parsed, 0u);
}

}  // namespace
}  // namespace greptime::query::sql
