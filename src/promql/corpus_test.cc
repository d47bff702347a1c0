// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Parses every expression of the Prometheus conformance corpus (promqltest scripts read in place
// from /work/shared/conformance/promql or $GREPTIME_PROMQL_CORPUS_DIR; skipped when absent):
// the `eval instant at <t> <expr>` and `eval range from <a> to <b> step <s> <expr>` lines. Almost
// all must parse (the rest use features outside our scope and are printed), and every parsed
// expression must survive print -> parse with an equal tree. Prometheus's experimental functions
// (step(), min_of(), ts_of_*_over_time(), histogram_quantiles(), ...) are rejected as Prometheus
// rejects them without feature flags, and counted apart.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "promql/parser.h"

namespace greptime::promql {
namespace {

namespace fs = std::filesystem;

struct CorpusCase {
  std::string where;  // file:line
  std::string expr;
  bool expect_fail = false;  // eval_fail: may fail while parsing or while evaluating
};

fs::path CorpusDir() {
  if (const char* env = std::getenv("GREPTIME_PROMQL_CORPUS_DIR")) return env;
  return "/work/shared/conformance/promql";
}

// Splits off the first blank-separated word of `s`.
std::string TakeWord(std::string_view* s) {
  size_t begin = s->find_first_not_of(" \t");
  if (begin == std::string_view::npos) {
    *s = {};
    return "";
  }
  size_t end = s->find_first_of(" \t", begin);
  if (end == std::string_view::npos) end = s->size();
  std::string word(s->substr(begin, end - begin));
  s->remove_prefix(end);
  return word;
}

std::vector<CorpusCase> LoadCorpus() {
  std::vector<CorpusCase> cases;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(CorpusDir())) {
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file);
    std::string line;
    int no = 0;
    while (std::getline(in, line)) {
      ++no;
      std::string_view rest = line;
      std::string command = TakeWord(&rest);
      if (command.rfind("eval", 0) != 0) continue;
      std::string mode = TakeWord(&rest);
      if (mode == "instant") {
        if (TakeWord(&rest) != "at") continue;
        TakeWord(&rest);  // the evaluation time
      } else if (mode == "range") {
        // from <start> to <end> step <step>
        for (int i = 0; i < 6; ++i) TakeWord(&rest);
      } else {
        continue;
      }
      size_t begin = rest.find_first_not_of(" \t");
      if (begin == std::string_view::npos) continue;
      std::string expr(rest.substr(begin));
      while (!expr.empty() && (expr.back() == ' ' || expr.back() == '\r')) expr.pop_back();
      cases.push_back(
          {file.filename().string() + ":" + std::to_string(no), expr, command == "eval_fail"});
    }
  }
  return cases;
}

TEST(PromqlCorpusTest, ParsesAndRoundTripsTheConformanceCorpus) {
  if (!fs::exists(CorpusDir())) GTEST_SKIP() << "no corpus at " << CorpusDir();
  std::vector<CorpusCase> cases = LoadCorpus();
  ASSERT_GT(cases.size(), 1000u);
  int expected_ok = 0;
  int parsed = 0;
  int experimental = 0;
  int round_trip_failures = 0;
  for (const CorpusCase& c : cases) {
    Result<ExprPtr> expr = ParseExpr(c.expr);
    if (c.expect_fail) {
      std::cout << "[eval_fail] " << c.where << " " << c.expr << " -> "
                << (expr.ok() ? "parses" : expr.status().message()) << "\n";
      continue;
    }
    ++expected_ok;
    if (!expr.ok() && expr.status().message().find("is not enabled") != std::string::npos) {
      ++experimental;
      continue;
    }
    if (!expr.ok()) {
      std::cout << "[parse failure] " << c.where << " " << c.expr << "\n    "
                << expr.status().message() << "\n";
      continue;
    }
    ++parsed;
    std::string printed = (*expr)->String();
    Result<ExprPtr> again = ParseExpr(printed);
    if (!again.ok() || !(*again)->Equals(**expr) || (*again)->String() != printed) {
      ++round_trip_failures;
      ADD_FAILURE() << c.where << ": " << c.expr << "\n printed as: " << printed << "\n reparsed: "
                    << (again.ok() ? (*again)->String() : again.status().message());
    }
  }
  double rate = 100.0 * parsed / expected_ok;
  double in_scope_rate = 100.0 * parsed / (expected_ok - experimental);
  std::cout << "promql corpus: " << parsed << "/" << expected_ok << " expressions parse (" << rate
            << "%); " << experimental << " use experimental functions; " << parsed << "/"
            << expected_ok - experimental << " of the others parse (" << in_scope_rate << "%); "
            << round_trip_failures << " round-trip failures\n";
  EXPECT_GE(rate, 92.0);
  EXPECT_GE(in_scope_rate, 99.9);
  EXPECT_EQ(round_trip_failures, 0);
}

}  // namespace
}  // namespace greptime::promql
