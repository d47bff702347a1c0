// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Process-wide logging (spdlog behind a light interface): level filter, stdout and hourly-rotated
// files `greptimedb.<YYYY-MM-DD-HH>` plus an ERROR-only `greptimedb-err.<...>` (spec/cli-and-config.md §6).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/core.h>

#include "common/status.h"

namespace greptime {

enum class LogLevel : uint8_t { kTrace, kDebug, kInfo, kWarn, kError, kOff };

struct LoggingOptions {
  std::string dir;               // empty: no file logging
  std::string level = "info";    // filter: "info", "debug,hyper=warn" (targets are accepted, and
                                 // only the bare level applies to our code)
  bool enable_file_logging = true;
  bool append_stdout = true;
  std::string log_format = "text";  // "text" or "json"
  int max_log_files = 720;          // rotated files kept per kind
};

// Parses a level filter; kInvalidArguments names the bad item.
Result<LogLevel> ParseLogFilter(std::string_view filter);

// (Re)configures the process logger. Thread-safe with respect to concurrent logging.
Status InitLogging(const LoggingOptions& options);
// Changes the level at run time (POST /debug/log_level).
Status SetLogFilter(std::string_view filter);
// Flushes and closes the sinks.
void ShutdownLogging();

bool LogEnabled(LogLevel level);
void LogMessage(LogLevel level, std::string_view message);
void FlushLogs();

}  // namespace greptime

#define GT_LOG_IMPL(level, ...)                                          \
  do {                                                                   \
    if (::greptime::LogEnabled(level)) {                                 \
      ::greptime::LogMessage(level, ::fmt::format(__VA_ARGS__));         \
    }                                                                    \
  } while (false)

#define GT_LOG_TRACE(...) GT_LOG_IMPL(::greptime::LogLevel::kTrace, __VA_ARGS__)
#define GT_LOG_DEBUG(...) GT_LOG_IMPL(::greptime::LogLevel::kDebug, __VA_ARGS__)
#define GT_LOG_INFO(...) GT_LOG_IMPL(::greptime::LogLevel::kInfo, __VA_ARGS__)
#define GT_LOG_WARN(...) GT_LOG_IMPL(::greptime::LogLevel::kWarn, __VA_ARGS__)
#define GT_LOG_ERROR(...) GT_LOG_IMPL(::greptime::LogLevel::kError, __VA_ARGS__)
