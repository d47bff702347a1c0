// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Table and database options (spec/sql.md §4, §5): the raw WITH (...) key/value map, which is
// what gets persisted, and the typed view parsed from it (ttl, append_mode, merge_mode,
// compaction, ...), with GreptimeDB's validation errors.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/region_metadata.h"

namespace greptime::catalog {

// Option keys and values as written in WITH (...) / SET; keys sorted.
using OptionMap = std::map<std::string, std::string, std::less<>>;

// A ttl: forever (never expire), instant (rows are dropped on write; tables only) or a
// positive duration.
class TimeToLive {
 public:
  enum class Kind : uint8_t { kForever, kInstant, kDuration };

  static TimeToLive Forever() { return TimeToLive(Kind::kForever, {}); }
  static TimeToLive Instant() { return TimeToLive(Kind::kInstant, {}); }
  // A zero or negative duration means forever.
  static TimeToLive Duration(std::chrono::nanoseconds d) {
    return d.count() > 0 ? TimeToLive(Kind::kDuration, d) : Forever();
  }

  // "forever", "" and any zero duration ("0s") → forever; "instant" (case-insensitive);
  // otherwise a duration of spec/sql.md §2 ("1h30m", "7 days"). kInvalidArguments otherwise.
  static Result<TimeToLive> Parse(std::string_view text);

  Kind kind() const { return kind_; }
  bool is_forever() const { return kind_ == Kind::kForever; }
  bool is_instant() const { return kind_ == Kind::kInstant; }
  // Zero unless kind() is kDuration.
  std::chrono::nanoseconds duration() const { return duration_; }
  // The storage form: the duration, nullopt for forever and instant (instant is enforced
  // above the storage engine).
  std::optional<std::chrono::nanoseconds> ToStorageTtl() const;

  // The normalised text SHOW CREATE prints: "forever", "instant", "1day", "1h 30m".
  std::string ToString() const;

  bool operator==(const TimeToLive&) const = default;

 private:
  TimeToLive(Kind kind, std::chrono::nanoseconds d) : kind_(kind), duration_(d) {}

  Kind kind_ = Kind::kForever;
  std::chrono::nanoseconds duration_{0};
};

struct CompactionOptions {
  std::string type;  // "twcs", or "" when not given
  std::optional<std::chrono::nanoseconds> time_window;
  std::optional<uint64_t> trigger_file_num;
  std::optional<uint64_t> max_output_file_size;  // bytes

  bool empty() const {
    return type.empty() && !time_window && !trigger_file_num && !max_output_file_size;
  }
  bool operator==(const CompactionOptions&) const = default;
};

// Options of a table. `raw` is the source of truth (it is what is stored and what SHOW CREATE
// TABLE prints); the typed members are derived from it by Parse and kept in step by Set/Unset.
struct TableOptions {
  OptionMap raw;

  std::optional<TimeToLive> ttl;  // nullopt: follow the database's ttl
  bool append_mode = false;
  storage::MergeMode merge_mode = storage::MergeMode::kLastRow;
  CompactionOptions compaction;
  bool compaction_override = false;  // ignore the database's compaction options
  bool skip_wal = false;
  std::optional<uint64_t> write_buffer_size;
  std::optional<std::chrono::nanoseconds> auto_flush_interval;
  std::optional<uint64_t> max_row_group_row_count;

  // Validates every key and value. Errors (kInvalidArguments):
  //   unknown key          "Unrecognized table option key: foo"
  //   unparsable value     "Invalid options: Failed to parse value abc into key ttl"
  //   max_row_group_row_count outside 1..10485760
  //                        "Invalid region options, max_row_group_row_count must be in
  //                         (0, 10485760], got 0"
  //   index.type not none/skipping
  //                        "Failed to parse region options: Invalid index type: hihi"
  static Result<TableOptions> Parse(OptionMap raw);

  // ALTER TABLE SET / UNSET: a copy with `set` applied and `unset` removed, validated as Parse
  // does. Whether a change is allowed (append_mode only false → true, ...) is the caller's rule.
  Result<TableOptions> WithChanges(const OptionMap& set,
                                   const std::vector<std::string>& unset) const;

  bool operator==(const TableOptions& other) const { return raw == other.raw; }
};

// Options of a database (CREATE DATABASE ... WITH). ttl and compaction.* are inherited live by
// tables without their own; the other keys are copied into tables when they are created.
struct DatabaseOptions {
  OptionMap raw;

  std::optional<TimeToLive> ttl;
  CompactionOptions compaction;

  // Keys: ttl, compaction.*, memtable.type, append_mode, merge_mode, skip_wal, sst_format.
  // Errors: unknown key → kInvalidArguments "Invalid database option, key: foo"; bad value or
  // ttl 'instant' → kUnexpected "Failed to parse value instant into key ttl".
  static Result<DatabaseOptions> Parse(OptionMap raw);

  // ALTER DATABASE SET / UNSET. Errors: kInvalidArguments
  // "Invalid set database option, key: ttl, value: instant" (also for unknown keys).
  Result<DatabaseOptions> WithChanges(const OptionMap& set,
                                      const std::vector<std::string>& unset) const;

  bool operator==(const DatabaseOptions& other) const { return raw == other.raw; }
};

}  // namespace greptime::catalog
