// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// spdlog wiring: a stdout sink, an hourly file sink for every passing level and one for errors.
#include "common/logging.h"

#include "common/json_escape.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <spdlog/details/file_helper.h>
#include <spdlog/formatter.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace greptime {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
std::mutex g_init_mu;

spdlog::level::level_enum ToSpd(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace: return spdlog::level::trace;
    case LogLevel::kDebug: return spdlog::level::debug;
    case LogLevel::kInfo: return spdlog::level::info;
    case LogLevel::kWarn: return spdlog::level::warn;
    case LogLevel::kError: return spdlog::level::err;
    case LogLevel::kOff: return spdlog::level::off;
  }
  return spdlog::level::info;
}

std::string_view UpperLevel(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace: return "TRACE";
    case spdlog::level::debug: return "DEBUG";
    case spdlog::level::info: return " INFO";
    case spdlog::level::warn: return " WARN";
    case spdlog::level::err: return "ERROR";
    case spdlog::level::critical: return "ERROR";
    default: return "  OFF";
  }
}

std::string IsoUtc(spdlog::log_clock::time_point tp) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(tp.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, us % 1000000);
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  out += JsonEscape(s);
  out += '"';
}

// "2026-11-25T01:02:03.123456Z  INFO greptime: message" or one JSON object per line.
class LineFormatter final : public spdlog::formatter {
 public:
  explicit LineFormatter(bool json) : json_(json) {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string_view payload(msg.payload.data(), msg.payload.size());
    std::string line;
    if (json_) {
      line = "{\"timestamp\":\"" + IsoUtc(msg.time) + "\",\"level\":\"";
      std::string_view level = UpperLevel(msg.level);
      while (!level.empty() && level.front() == ' ') level.remove_prefix(1);
      line += level;
      line += "\",\"target\":\"greptime\",\"thread\":" + std::to_string(msg.thread_id) +
              ",\"message\":";
      AppendJsonString(line, payload);
      line += "}\n";
    } else {
      line = fmt::format("{} {} greptime: {}\n", IsoUtc(msg.time), UpperLevel(msg.level), payload);
    }
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<LineFormatter>(json_);
  }

 private:
  bool json_;
};

// Writes `<dir>/<base>.<YYYY-MM-DD-HH>` (UTC), opening a new file each hour and keeping the newest
// `max_files` files of this base name.
class HourlyFileSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  HourlyFileSink(std::string dir, std::string base, int max_files)
      : dir_(std::move(dir)), base_(std::move(base)), max_files_(std::max(1, max_files)) {
    // Open the current file right away so that both files exist from start-up on.
    Rotate(std::chrono::duration_cast<std::chrono::hours>(
               spdlog::log_clock::now().time_since_epoch()).count());
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const int64_t hour = std::chrono::duration_cast<std::chrono::hours>(
                             msg.time.time_since_epoch()).count();
    if (hour != current_hour_) Rotate(hour);
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    file_.write(formatted);
  }
  void flush_() override { file_.flush(); }

 private:
  void Rotate(int64_t hour) {
    std::time_t secs = static_cast<std::time_t>(hour * 3600);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    const std::string name = fmt::format("{}.{:04}-{:02}-{:02}-{:02}", base_, tm.tm_year + 1900,
                                         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour);
    file_.open((std::filesystem::path(dir_) / name).string(), /*truncate=*/false);
    current_hour_ = hour;
    Prune();
  }

  void Prune() {
    std::error_code ec;
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.size() == base_.size() + 14 && name.compare(0, base_.size() + 1, base_ + ".") == 0) {
        names.push_back(name);
      }
    }
    if (static_cast<int>(names.size()) <= max_files_) return;
    std::sort(names.begin(), names.end());  // the timestamp suffix sorts chronologically
    for (size_t i = 0; i + max_files_ < names.size(); ++i) {
      std::filesystem::remove(std::filesystem::path(dir_) / names[i], ec);
    }
  }

  std::string dir_;
  std::string base_;
  int max_files_;
  int64_t current_hour_ = -1;
  spdlog::details::file_helper file_;
};

}  // namespace

Result<LogLevel> ParseLogFilter(std::string_view filter) {
  std::optional<LogLevel> level;
  size_t start = 0;
  while (start <= filter.size()) {
    size_t comma = filter.find(',', start);
    std::string_view item = filter.substr(start, comma == std::string_view::npos ? comma
                                                                                 : comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    std::string_view level_text = item;
    const size_t eq = item.find('=');
    if (eq != std::string_view::npos) level_text = item.substr(eq + 1);
    std::string lower(level_text);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    LogLevel parsed;
    if (lower == "trace") parsed = LogLevel::kTrace;
    else if (lower == "debug") parsed = LogLevel::kDebug;
    else if (lower == "info") parsed = LogLevel::kInfo;
    else if (lower == "warn" || lower == "warning") parsed = LogLevel::kWarn;
    else if (lower == "error") parsed = LogLevel::kError;
    else if (lower == "off") parsed = LogLevel::kOff;
    else if (item.empty()) parsed = LogLevel::kInfo;
    else return Status::InvalidArguments("invalid log level '{}' in filter '{}'", item, filter);
    if (eq == std::string_view::npos && !item.empty()) level = parsed;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return level.value_or(LogLevel::kInfo);
}

Status InitLogging(const LoggingOptions& options) {
  GT_ASSIGN_OR_RETURN(LogLevel level, ParseLogFilter(options.level));
  if (options.log_format != "text" && options.log_format != "json") {
    return Status::InvalidArguments("invalid logging.log_format '{}': expected text or json",
                                    options.log_format);
  }
  const bool json = options.log_format == "json";
  std::vector<spdlog::sink_ptr> sinks;
  try {
    if (options.append_stdout) {
      auto sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
      sink->set_formatter(std::make_unique<LineFormatter>(json));
      sinks.push_back(sink);
    }
    if (options.enable_file_logging && !options.dir.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(options.dir, ec);
      if (ec) {
        return Status::InvalidArguments("cannot create log directory {}: {}", options.dir,
                                        ec.message());
      }
      auto all = std::make_shared<HourlyFileSink>(options.dir, "greptimedb", options.max_log_files);
      all->set_formatter(std::make_unique<LineFormatter>(json));
      sinks.push_back(all);
      auto errors =
          std::make_shared<HourlyFileSink>(options.dir, "greptimedb-err", options.max_log_files);
      errors->set_formatter(std::make_unique<LineFormatter>(json));
      errors->set_level(spdlog::level::err);
      sinks.push_back(errors);
    }
  } catch (const spdlog::spdlog_ex& e) {
    return Status::InvalidArguments("cannot open log files in {}: {}", options.dir, e.what());
  }
  std::lock_guard<std::mutex> lock(g_init_mu);
  auto logger = std::make_shared<spdlog::logger>("greptime", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::trace);  // filtering happens in LogEnabled
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
  g_level.store(static_cast<int>(level));
  return Status::OK();
}

Status SetLogFilter(std::string_view filter) {
  GT_ASSIGN_OR_RETURN(LogLevel level, ParseLogFilter(filter));
  g_level.store(static_cast<int>(level));
  return Status::OK();
}

void ShutdownLogging() {
  std::lock_guard<std::mutex> lock(g_init_mu);
  spdlog::default_logger()->flush();
}

bool LogEnabled(LogLevel level) {
  return level != LogLevel::kOff && static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}

void LogMessage(LogLevel level, std::string_view message) {
  spdlog::default_logger_raw()->log(ToSpd(level), "{}", message);
}

void FlushLogs() { spdlog::default_logger_raw()->flush(); }

}  // namespace greptime
