// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "common/logging.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "common/testing.h"

namespace greptime {
namespace {

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(LoggingTest, ParsesLevelFilters) {
  EXPECT_EQ(*ParseLogFilter("info"), LogLevel::kInfo);
  EXPECT_EQ(*ParseLogFilter("DEBUG"), LogLevel::kDebug);
  EXPECT_EQ(*ParseLogFilter("debug,hyper=warn"), LogLevel::kDebug);
  EXPECT_EQ(*ParseLogFilter("hyper=warn"), LogLevel::kInfo);
  EXPECT_EQ(*ParseLogFilter("warn"), LogLevel::kWarn);
  EXPECT_EQ(*ParseLogFilter("error"), LogLevel::kError);
  ASSERT_STATUS_CODE(ParseLogFilter("loud"), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(ParseLogFilter("info,x=verbose"), StatusCode::kInvalidArguments);
}

TEST(LoggingTest, WritesHourlyFilesAndErrorFile) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("logging_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  LoggingOptions options;
  options.dir = dir.string();
  options.level = "info";
  options.append_stdout = false;
  ASSERT_OK(InitLogging(options));
  GT_LOG_DEBUG("hidden debug line");
  GT_LOG_INFO("visible info line {}", 1);
  GT_LOG_ERROR("an error line");
  FlushLogs();

  std::string all_text, err_text;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    ++files;
    if (name.rfind("greptimedb-err.", 0) == 0) {
      err_text = ReadAll(entry.path());
    } else if (name.rfind("greptimedb.", 0) == 0) {
      all_text = ReadAll(entry.path());
      EXPECT_EQ(name.size(), std::string("greptimedb.2026-11-25-01").size()) << name;
    }
  }
  EXPECT_EQ(files, 2);
  EXPECT_NE(all_text.find(" INFO greptime: visible info line 1"), std::string::npos) << all_text;
  EXPECT_NE(all_text.find("ERROR greptime: an error line"), std::string::npos);
  EXPECT_EQ(all_text.find("hidden debug line"), std::string::npos);
  EXPECT_EQ(err_text.find("visible info line"), std::string::npos) << err_text;
  EXPECT_NE(err_text.find("an error line"), std::string::npos);

  ASSERT_OK(SetLogFilter("debug"));
  EXPECT_TRUE(LogEnabled(LogLevel::kDebug));
  ASSERT_OK(SetLogFilter("info"));
  EXPECT_FALSE(LogEnabled(LogLevel::kDebug));
  std::filesystem::remove_all(dir);
}

TEST(LoggingTest, JsonFormatEscapesMessages) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("logging_json_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  LoggingOptions options;
  options.dir = dir.string();
  options.append_stdout = false;
  options.log_format = "json";
  ASSERT_OK(InitLogging(options));
  GT_LOG_WARN("quote \" and\nnewline");
  FlushLogs();
  std::string text;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("greptimedb.", 0) == 0) text = ReadAll(entry.path());
  }
  EXPECT_NE(text.find("\"level\":\"WARN\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"message\":\"quote \\\" and\\nnewline\"}"), std::string::npos) << text;
  std::filesystem::remove_all(dir);
}

TEST(LoggingTest, RejectsUnknownFormat) {
  LoggingOptions options;
  options.log_format = "xml";
  ASSERT_STATUS_CODE(InitLogging(options), StatusCode::kInvalidArguments);
}

}  // namespace
}  // namespace greptime
