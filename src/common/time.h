// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Time in the database: durations (humantime / SQL duration syntax), timestamps in s/ms/us/ns,
// time zones (UTC, IANA names through cctz, fixed offsets), RFC 3339 parsing and formatting.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace greptime {

// ---------------------------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------------------------

// Parses a human duration: one or more `<unsigned int><unit>` terms, optionally separated by
// blanks, summed. Units (spec/sql.md §2, humantime): ns|nsec, us|usec, ms|msec|millis,
// s|sec|second|seconds, m|min|mins|minute|minutes, h|hr|hrs|hour|hours, d|day|days,
// w|week|weeks, M|month|months (30.44 d = 2'630'016 s), y|year|years (365.25 d = 31'557'600 s).
// "0" alone is zero. Rejected with kInvalidArguments and a message naming the input and the
// problem: empty input, fractions ("1.5h"), unknown units, missing units, overflow of int64 ns.
Result<std::chrono::nanoseconds> ParseDuration(std::string_view text);

// humantime's normalised form: "1s", "6h", "1day", "7days", "1h 30m", "2months 29days 2h 52m 48s",
// "500ms", "0s". Negative durations print with a leading '-'.
std::string FormatDuration(std::chrono::nanoseconds duration);

// ---------------------------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------------------------

enum class TimeUnit : uint8_t { kSecond = 0, kMillisecond = 1, kMicrosecond = 2, kNanosecond = 3 };

// Units per second: 1, 1e3, 1e6, 1e9.
int64_t TimeUnitFactor(TimeUnit unit);

// a / b rounded toward negative infinity, for b > 0 (time buckets of negative timestamps).
int64_t FloorDiv(int64_t a, int64_t b);
// "s", "ms", "us", "ns".
std::string_view TimeUnitSuffix(TimeUnit unit);

// A point in time: `value` units since 1970-01-01T00:00:00Z.
struct Timestamp {
  int64_t value = 0;
  TimeUnit unit = TimeUnit::kMillisecond;

  // Converts to `unit`; coarser units truncate toward negative infinity (floor), finer units fail
  // with kInvalidArguments on int64 overflow.
  Result<Timestamp> ConvertTo(TimeUnit target) const;
  // Nanoseconds since epoch split into floor seconds and nanoseconds in [0, 1e9).
  int64_t Seconds() const;
  int32_t SubsecondNanos() const;

  bool operator==(const Timestamp&) const = default;
};

class TimeZone {
 public:
  // UTC.
  TimeZone();
  ~TimeZone();
  TimeZone(const TimeZone&);
  TimeZone& operator=(const TimeZone&);

  // Accepts "UTC" (any case), "Z", IANA names (case-insensitive, e.g. "asia/shanghai"),
  // offsets "[+-]H:MM" / "[+-]HH:MM" (minutes < 60, |offset| <= 14h), and "SYSTEM" (the host's
  // zone). Unknown names fail with kInvalidArguments: "Invalid timezone: <text>".
  static Result<TimeZone> Parse(std::string_view text);
  static TimeZone Utc();

  // Normalised name: "UTC", "Asia/Shanghai", "+08:00", "-01:30".
  const std::string& name() const;
  // Offset from UTC in seconds at the instant `seconds_since_epoch`.
  int32_t OffsetAt(int64_t seconds_since_epoch) const;

  // Civil time (no offset) in this zone → seconds since epoch. Ambiguous/skipped local times
  // resolve as cctz's "pre" transition does.
  int64_t CivilToEpochSeconds(int year, int month, int day, int hour, int minute, int second) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

// Parses a timestamp string into `unit` (spec/sql.md §2):
//   RFC 3339 with 'Z' or offset:          2024-01-05T00:00:00+08:00, 2017-07-23T13:10:11Z
//   'YYYY-MM-DD HH:MM:SS[.f]' + offset/Z:  2024-01-05 00:00:00.123+08:00
//   without offset (T or blank separator): interpreted in `zone`
//   date only 'YYYY-MM-DD':                midnight in `zone`
// Fractions of 1..9 digits; leading/trailing blanks trimmed. Digits finer than `unit` are
// truncated. Errors: kInvalidArguments naming the input.
Result<Timestamp> ParseTimestamp(std::string_view text, const TimeZone& zone, TimeUnit unit);

// The sqlness rendering (spec/sql.md §0.3): UTC, 'T' separator, no offset, fraction only when
// non-zero with 3, 6 or 9 digits: "2022-11-03T03:39:57.450", "1970-01-01T00:00:00".
std::string FormatTimestampIso(Timestamp ts);

// RFC 3339 in `zone`: "2022-11-03T11:39:57.450+08:00" (UTC renders as "...Z"). Same fraction rule.
std::string FormatTimestampRfc3339(Timestamp ts, const TimeZone& zone);

// "YYYY-MM-DD HH:MM:SS[.fff]" in `zone` without offset, as MySQL/PostgreSQL render timestamps.
std::string FormatTimestampSql(Timestamp ts, const TimeZone& zone);

// Days since epoch → "YYYY-MM-DD" and back (proleptic Gregorian).
std::string FormatDate(int32_t days_since_epoch);
Result<int32_t> ParseDate(std::string_view text);

// The wall clock, injectable for tests.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;  // nanosecond unit
  static const Clock& System();
};

}  // namespace greptime
