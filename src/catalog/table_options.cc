// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Option keys GreptimeDB accepts, their value rules and the typed views of TableOptions and
// DatabaseOptions.
#include "catalog/table_options.h"
#include "common/strings.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <span>

#include "common/readable_size.h"
#include "common/time.h"

namespace greptime::catalog {
namespace {

enum class ValueRule : uint8_t {
  kAny,
  kBool,
  kUint,
  kFloat,
  kSize,
  kDuration,
  kPositiveDuration,
  kTtl,
  kMergeMode,
  kCompactionType,
  kMemtableType,
  kSstFormat,
  kPrimaryKeyEncoding,
  kIndexType,
  kRowGroupRows,
};

struct KeyRule {
  std::string_view key;
  ValueRule rule;
};

constexpr KeyRule kTableKeys[] = {
    {"ttl", ValueRule::kTtl},
    {"append_mode", ValueRule::kBool},
    {"merge_mode", ValueRule::kMergeMode},
    {"compaction.type", ValueRule::kCompactionType},
    {"compaction.override", ValueRule::kBool},
    {"compaction.twcs.time_window", ValueRule::kDuration},
    {"compaction.twcs.trigger_file_num", ValueRule::kUint},
    {"compaction.twcs.max_output_file_size", ValueRule::kSize},
    {"compaction.twcs.max_active_window_runs", ValueRule::kUint},
    {"compaction.twcs.max_active_window_files", ValueRule::kUint},
    {"compaction.twcs.max_inactive_window_runs", ValueRule::kUint},
    {"compaction.twcs.max_inactive_window_files", ValueRule::kUint},
    {"compaction.twcs.fallback_to_local", ValueRule::kBool},
    {"compaction.twcs.remote_compaction", ValueRule::kBool},
    {"memtable.type", ValueRule::kMemtableType},
    {"memtable.partition_tree.index_max_keys_per_shard", ValueRule::kUint},
    {"memtable.partition_tree.data_freeze_threshold", ValueRule::kUint},
    {"memtable.partition_tree.fork_dictionary_bytes", ValueRule::kSize},
    {"memtable.partition_tree.primary_key_encoding", ValueRule::kPrimaryKeyEncoding},
    {"primary_key_encoding", ValueRule::kPrimaryKeyEncoding},
    {"sst_format", ValueRule::kSstFormat},
    {"skip_wal", ValueRule::kBool},
    {"write_buffer_size", ValueRule::kSize},
    {"auto_flush_interval", ValueRule::kPositiveDuration},
    {"max_row_group_row_count", ValueRule::kRowGroupRows},
    {"storage", ValueRule::kAny},
    {"comment", ValueRule::kAny},
    {"wal_options", ValueRule::kAny},
    {"index.inverted_index.ignore_column_ids", ValueRule::kAny},
    {"index.inverted_index.segment_row_count", ValueRule::kUint},
    {"physical_metric_table", ValueRule::kAny},
    {"on_physical_table", ValueRule::kAny},
    {"index.type", ValueRule::kIndexType},
    {"index.granularity", ValueRule::kUint},
    {"index.false_positive_rate", ValueRule::kFloat},
    {"repartition.column.hint", ValueRule::kAny},
};

constexpr KeyRule kDatabaseKeys[] = {
    {"ttl", ValueRule::kTtl},
    {"compaction.type", ValueRule::kCompactionType},
    {"compaction.override", ValueRule::kBool},
    {"compaction.twcs.time_window", ValueRule::kDuration},
    {"compaction.twcs.trigger_file_num", ValueRule::kUint},
    {"compaction.twcs.max_output_file_size", ValueRule::kSize},
    {"compaction.twcs.max_active_window_runs", ValueRule::kUint},
    {"compaction.twcs.max_active_window_files", ValueRule::kUint},
    {"compaction.twcs.max_inactive_window_runs", ValueRule::kUint},
    {"compaction.twcs.max_inactive_window_files", ValueRule::kUint},
    {"memtable.type", ValueRule::kMemtableType},
    {"append_mode", ValueRule::kBool},
    {"merge_mode", ValueRule::kMergeMode},
    {"skip_wal", ValueRule::kBool},
    {"sst_format", ValueRule::kSstFormat},
};

constexpr uint64_t kMaxRowGroupRows = 10485760;


const KeyRule* FindRule(std::span<const KeyRule> rules, std::string_view key) {
  for (const KeyRule& rule : rules) {
    if (rule.key == key) return &rule;
  }
  return nullptr;
}

std::optional<bool> ParseBool(std::string_view text) {
  std::string lower = AsciiLower(text);
  if (lower == "true") return true;
  if (lower == "false") return false;
  return std::nullopt;
}

std::optional<uint64_t> ParseUint(std::string_view text) {
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

bool IsOneOf(std::string_view text, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), text) != allowed.end();
}

// True when `value` satisfies `rule`. The two rules with their own wording return an error
// through `special`.
bool ValueFits(ValueRule rule, std::string_view value, Status* special) {
  switch (rule) {
    case ValueRule::kAny:
      return true;
    case ValueRule::kBool:
      return ParseBool(value).has_value();
    case ValueRule::kUint:
      return ParseUint(value).has_value();
    case ValueRule::kFloat: {
      std::string text(value);
      char* end = nullptr;
      std::strtod(text.c_str(), &end);
      return !text.empty() && end == text.c_str() + text.size();
    }
    case ValueRule::kSize:
      return ParseReadableSize(value).ok();
    case ValueRule::kDuration:
      return ParseDuration(value).ok();
    case ValueRule::kPositiveDuration: {
      auto d = ParseDuration(value);
      return d.ok() && d->count() > 0;
    }
    case ValueRule::kTtl:
      return TimeToLive::Parse(value).ok();
    case ValueRule::kMergeMode:
      return IsOneOf(value, {"", "last_row", "last_non_null"});
    case ValueRule::kCompactionType:
      return IsOneOf(value, {"twcs"});
    case ValueRule::kMemtableType:
      return IsOneOf(value, {"time_series", "partition_tree", "bulk"});
    case ValueRule::kSstFormat:
      return IsOneOf(value, {"flat", "primary_key"});
    case ValueRule::kPrimaryKeyEncoding:
      return IsOneOf(value, {"dense", "sparse"});
    case ValueRule::kIndexType:
      if (IsOneOf(AsciiLower(value), {"none", "skipping"})) return true;
      *special =
          Status::InvalidArguments("Failed to parse region options: Invalid index type: {}", value);
      return false;
    case ValueRule::kRowGroupRows: {
      auto n = ParseUint(value);
      if (n && *n > 0 && *n <= kMaxRowGroupRows) return true;
      *special = Status::InvalidArguments(
          "Invalid region options, max_row_group_row_count must be in (0, {}], got {}",
          kMaxRowGroupRows, value);
      return false;
    }
  }
  return false;
}

std::optional<std::string_view> Lookup(const OptionMap& raw, std::string_view key) {
  auto it = raw.find(key);
  if (it == raw.end()) return std::nullopt;
  return std::string_view(it->second);
}

// Precondition: every value in `raw` passed ValueFits.
CompactionOptions ExtractCompaction(const OptionMap& raw) {
  CompactionOptions out;
  if (auto v = Lookup(raw, "compaction.type")) out.type = std::string(*v);
  if (auto v = Lookup(raw, "compaction.twcs.time_window")) out.time_window = *ParseDuration(*v);
  if (auto v = Lookup(raw, "compaction.twcs.trigger_file_num"))
    out.trigger_file_num = ParseUint(*v);
  if (auto v = Lookup(raw, "compaction.twcs.max_output_file_size")) {
    out.max_output_file_size = *ParseReadableSize(*v);
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// TimeToLive

Result<TimeToLive> TimeToLive::Parse(std::string_view text) {
  std::string lower = AsciiLower(text);
  if (lower.empty() || lower == "forever") return Forever();
  if (lower == "instant") return Instant();
  auto duration = ParseDuration(text);
  if (!duration.ok()) return std::move(duration).status().WithContext("invalid ttl");
  return Duration(*duration);
}

std::optional<std::chrono::nanoseconds> TimeToLive::ToStorageTtl() const {
  if (kind_ == Kind::kDuration) return duration_;
  return std::nullopt;
}

std::string TimeToLive::ToString() const {
  switch (kind_) {
    case Kind::kForever:
      return "forever";
    case Kind::kInstant:
      return "instant";
    case Kind::kDuration:
      return FormatDuration(duration_);
  }
  return "forever";
}

// ---------------------------------------------------------------------------------------------
// TableOptions

Result<TableOptions> TableOptions::Parse(OptionMap raw) {
  for (const auto& [key, value] : raw) {
    const KeyRule* rule = FindRule(kTableKeys, key);
    if (rule == nullptr) return Status::InvalidArguments("Unrecognized table option key: {}", key);
    Status special;
    if (!ValueFits(rule->rule, value, &special)) {
      if (!special.ok()) return special;
      return Status::InvalidArguments("Invalid options: Failed to parse value {} into key {}",
                                      value, key);
    }
  }
  TableOptions out;
  if (auto v = Lookup(raw, "ttl")) out.ttl = *TimeToLive::Parse(*v);
  if (auto v = Lookup(raw, "append_mode")) out.append_mode = *ParseBool(*v);
  if (auto v = Lookup(raw, "merge_mode"); v && *v == "last_non_null") {
    out.merge_mode = storage::MergeMode::kLastNonNull;
  }
  out.compaction = ExtractCompaction(raw);
  if (auto v = Lookup(raw, "compaction.override")) out.compaction_override = *ParseBool(*v);
  if (auto v = Lookup(raw, "skip_wal")) out.skip_wal = *ParseBool(*v);
  if (auto v = Lookup(raw, "write_buffer_size")) out.write_buffer_size = *ParseReadableSize(*v);
  if (auto v = Lookup(raw, "auto_flush_interval")) out.auto_flush_interval = *ParseDuration(*v);
  if (auto v = Lookup(raw, "max_row_group_row_count")) out.max_row_group_row_count = ParseUint(*v);
  out.raw = std::move(raw);
  return out;
}

Result<TableOptions> TableOptions::WithChanges(const OptionMap& set,
                                               const std::vector<std::string>& unset) const {
  OptionMap raw = this->raw;
  for (const std::string& key : unset) raw.erase(key);
  for (const auto& [key, value] : set) raw.insert_or_assign(key, value);
  return Parse(std::move(raw));
}

// ---------------------------------------------------------------------------------------------
// DatabaseOptions

Result<DatabaseOptions> DatabaseOptions::Parse(OptionMap raw) {
  for (const auto& [key, value] : raw) {
    const KeyRule* rule = FindRule(kDatabaseKeys, key);
    if (rule == nullptr) return Status::InvalidArguments("Invalid database option, key: {}", key);
    Status special;
    bool fits = ValueFits(rule->rule, value, &special);
    if (fits && rule->rule == ValueRule::kTtl) fits = !TimeToLive::Parse(value)->is_instant();
    if (!fits) return Status::Unexpected("Failed to parse value {} into key {}", value, key);
  }
  DatabaseOptions out;
  if (auto v = Lookup(raw, "ttl")) out.ttl = *TimeToLive::Parse(*v);
  out.compaction = ExtractCompaction(raw);
  out.raw = std::move(raw);
  return out;
}

Result<DatabaseOptions> DatabaseOptions::WithChanges(const OptionMap& set,
                                                     const std::vector<std::string>& unset) const {
  OptionMap raw = this->raw;
  for (const std::string& key : unset) raw.erase(key);
  for (const auto& [key, value] : set) {
    const KeyRule* rule = FindRule(kDatabaseKeys, key);
    Status special;
    bool fits = rule != nullptr && ValueFits(rule->rule, value, &special);
    if (fits && rule->rule == ValueRule::kTtl) fits = !TimeToLive::Parse(value)->is_instant();
    if (!fits) {
      return Status::InvalidArguments("Invalid set database option, key: {}, value: {}", key,
                                      value);
    }
    raw.insert_or_assign(key, value);
  }
  return Parse(std::move(raw));
}

}  // namespace greptime::catalog
