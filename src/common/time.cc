// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Durations (humantime grammar), timestamp units, time zones through cctz, and the text forms of
// timestamps and dates. Calendar arithmetic is cctz's; nothing here throws.
#include "common/time.h"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>
#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace greptime {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

// Floor division for b > 0 (C++ `/` truncates toward zero).
}  // namespace

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b < 0) --q;
  return q;
}

namespace {

// a mod b in [0, b) for b > 0; avoids computing q * b, which can overflow near INT64_MIN.
int64_t FloorMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r < 0 ? r + b : r;
}

// ---------------------------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------------------------

struct DurationUnit {
  std::string_view name;
  int64_t nanos;
};

constexpr int64_t kSecondNanos = kNanosPerSecond;
constexpr int64_t kMinuteNanos = 60 * kSecondNanos;
constexpr int64_t kHourNanos = 3600 * kSecondNanos;
constexpr int64_t kDayNanos = 86400 * kSecondNanos;
constexpr uint64_t kYearSeconds = 31'557'600;  // 365.25 days
constexpr uint64_t kMonthSeconds = 2'630'016;  // 30.44 days

// humantime's unit table (case-sensitive: "M" is months, "m" minutes).
constexpr DurationUnit kDurationUnits[] = {
    {"nanos", 1},
    {"nsec", 1},
    {"ns", 1},
    {"usec", 1'000},
    {"us", 1'000},
    {"millis", 1'000'000},
    {"msec", 1'000'000},
    {"ms", 1'000'000},
    {"seconds", kSecondNanos},
    {"second", kSecondNanos},
    {"secs", kSecondNanos},
    {"sec", kSecondNanos},
    {"s", kSecondNanos},
    {"minutes", kMinuteNanos},
    {"minute", kMinuteNanos},
    {"mins", kMinuteNanos},
    {"min", kMinuteNanos},
    {"m", kMinuteNanos},
    {"hours", kHourNanos},
    {"hour", kHourNanos},
    {"hrs", kHourNanos},
    {"hr", kHourNanos},
    {"h", kHourNanos},
    {"days", kDayNanos},
    {"day", kDayNanos},
    {"d", kDayNanos},
    {"weeks", 7 * kDayNanos},
    {"week", 7 * kDayNanos},
    {"w", 7 * kDayNanos},
    {"months", static_cast<int64_t>(kMonthSeconds) * kSecondNanos},
    {"month", static_cast<int64_t>(kMonthSeconds) * kSecondNanos},
    {"M", static_cast<int64_t>(kMonthSeconds) * kSecondNanos},
    {"years", static_cast<int64_t>(kYearSeconds) * kSecondNanos},
    {"year", static_cast<int64_t>(kYearSeconds) * kSecondNanos},
    {"y", static_cast<int64_t>(kYearSeconds) * kSecondNanos},
};

std::optional<int64_t> DurationUnitNanos(std::string_view unit) {
  for (const auto& u : kDurationUnits) {
    if (u.name == unit) return u.nanos;
  }
  return std::nullopt;
}

// Appends humantime's "<n><unit>" item, space-separated from the previous one, when n > 0.
void AppendDurationItem(std::string& out, uint64_t n, std::string_view unit, bool plural) {
  if (n == 0) return;
  if (!out.empty() && out.back() != '-') out.push_back(' ');
  out += fmt::format("{}{}", n, unit);
  if (plural && n > 1) out.push_back('s');
}

// ---------------------------------------------------------------------------------------------
// Text cursor for timestamp and date parsing
// ---------------------------------------------------------------------------------------------

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  std::string_view Rest() const { return text_.substr(pos_); }
  bool Consume(char c) {
    if (AtEnd() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  // Reads exactly `count` decimal digits.
  std::optional<int> Digits(size_t count) {
    if (text_.size() - pos_ < count) return std::nullopt;
    int value = 0;
    for (size_t i = 0; i < count; ++i) {
      char c = text_[pos_ + i];
      if (!IsDigit(c)) return std::nullopt;
      value = value * 10 + (c - '0');
    }
    pos_ += count;
    return value;
  }
  // Reads 1..max digits (at least one).
  std::optional<std::string_view> DigitRun(size_t max) {
    size_t end = pos_;
    while (end < text_.size() && IsDigit(text_[end])) ++end;
    if (end == pos_ || end - pos_ > max) return std::nullopt;
    std::string_view run = text_.substr(pos_, end - pos_);
    pos_ = end;
    return run;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;
};

// "YYYY-MM-DD" with a real calendar day; nullopt otherwise.
std::optional<CivilDate> ParseCivilDate(Cursor& cursor) {
  auto year = cursor.Digits(4);
  if (!year || !cursor.Consume('-')) return std::nullopt;
  auto month = cursor.Digits(2);
  if (!month || !cursor.Consume('-')) return std::nullopt;
  auto day = cursor.Digits(2);
  if (!day) return std::nullopt;
  cctz::civil_day normalized(*year, *month, *day);
  if (*month < 1 || *month > 12 || *day < 1 || normalized.month() != *month ||
      normalized.day() != *day) {
    return std::nullopt;
  }
  return CivilDate{*year, *month, *day};
}

std::string FormatYear(int64_t year) {
  // chrono's rendering: four digits inside 0..=9999, else an explicit sign.
  if (year >= 0 && year <= 9999) return fmt::format("{:04}", year);
  return fmt::format("{:+05}", year);
}

std::string FormatCivilSecond(const cctz::civil_second& cs, char separator) {
  return fmt::format("{}-{:02}-{:02}{}{:02}:{:02}:{:02}", FormatYear(cs.year()), cs.month(),
                     cs.day(), separator, cs.hour(), cs.minute(), cs.second());
}

// ".450", ".000001", ".123456789" or "" for a whole second.
std::string FractionSuffix(int32_t nanos) {
  if (nanos == 0) return "";
  if (nanos % 1'000'000 == 0) return fmt::format(".{:03}", nanos / 1'000'000);
  if (nanos % 1'000 == 0) return fmt::format(".{:06}", nanos / 1'000);
  return fmt::format(".{:09}", nanos);
}

// "+08:00", "-01:30"; "+08:05:43" when the offset has seconds (historical LMT offsets).
std::string FormatOffset(int32_t offset_seconds) {
  char sign = offset_seconds < 0 ? '-' : '+';
  int32_t abs = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  std::string out = fmt::format("{}{:02}:{:02}", sign, abs / 3600, abs / 60 % 60);
  if (abs % 60 != 0) out += fmt::format(":{:02}", abs % 60);
  return out;
}

cctz::time_point<cctz::seconds> ToTimePoint(int64_t seconds) {
  return cctz::time_point<cctz::seconds>(cctz::seconds(seconds));
}

// Wall-clock fields at `seconds` for a zone whose offset there is `offset` (cctz does the
// arithmetic, so extreme second counts do not overflow).
cctz::civil_second CivilAt(int64_t seconds, int32_t offset) {
  return cctz::convert(ToTimePoint(seconds), cctz::fixed_time_zone(cctz::seconds(offset)));
}

// ---------------------------------------------------------------------------------------------
// Zone names
// ---------------------------------------------------------------------------------------------

std::filesystem::path ZoneInfoRoot() {
  const char* dir = std::getenv("TZDIR");
  return (dir != nullptr && *dir != '\0') ? dir : "/usr/share/zoneinfo";
}

// Zone names come from users (SET time_zone, HTTP headers): keep them inside the zoneinfo tree.
bool IsSafeZoneName(std::string_view name) {
  if (name.empty() || name.size() > 128 || name.front() == '/' || name.back() == '/') return false;
  if (EqualsIgnoreCase(name, "localtime")) return false;  // cctz maps it to the host zone
  for (char c : name) {
    if (!IsAlpha(c) && !IsDigit(c) && c != '_' && c != '-' && c != '+' && c != '/') return false;
  }
  return name.find("//") == std::string_view::npos;
}

// Walks `name` below the zoneinfo root matching each component case-insensitively; returns the
// spelling found on disk ("asia/shanghai" → "Asia/Shanghai").
std::optional<std::string> FindZoneFile(std::string_view name) {
  namespace fs = std::filesystem;
  const fs::path root = ZoneInfoRoot();
  std::error_code ec;
  if (fs::is_regular_file(root / std::string(name), ec)) return std::string(name);

  fs::path dir = root;
  std::string canonical;
  size_t start = 0;
  while (start <= name.size()) {
    size_t slash = name.find('/', start);
    if (slash == std::string_view::npos) slash = name.size();
    std::string_view component = name.substr(start, slash - start);
    std::optional<std::string> match;
    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::string entry = it->path().filename().string();
      if (EqualsIgnoreCase(entry, component)) {
        match = std::move(entry);
        break;
      }
    }
    if (!match) return std::nullopt;
    dir /= *match;
    if (!canonical.empty()) canonical.push_back('/');
    canonical += *match;
    start = slash + 1;
  }
  if (!fs::is_regular_file(dir, ec)) return std::nullopt;
  return canonical;
}

// Loads an IANA zone by case-insensitive name. Only names with a file on disk reach
// cctz::load_time_zone, whose cache keeps every name ever asked for (also failed ones).
std::optional<std::pair<std::string, cctz::time_zone>> LoadNamedZone(std::string_view name) {
  if (!IsSafeZoneName(name)) return std::nullopt;
  static std::mutex mu;
  static std::unordered_map<std::string, std::string> canonical_by_lower;  // guarded by mu
  const std::string key = AsciiLower(name);
  std::optional<std::string> canonical;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = canonical_by_lower.find(key);
    if (it != canonical_by_lower.end()) canonical = it->second;
  }
  if (!canonical) canonical = FindZoneFile(name);
  if (!canonical) return std::nullopt;
  cctz::time_zone zone;
  if (!cctz::load_time_zone(*canonical, &zone)) return std::nullopt;
  {
    std::lock_guard<std::mutex> lock(mu);
    canonical_by_lower.emplace(key, *canonical);
  }
  return std::make_pair(*canonical, zone);
}

// "[+-]H:MM" / "[+-]HH:MM" → seconds east of UTC.
std::optional<int32_t> ParseOffsetName(std::string_view text) {
  Cursor cursor(text);
  bool negative = cursor.Consume('-');
  if (!negative && !cursor.Consume('+')) return std::nullopt;
  auto hours_text = cursor.DigitRun(2);
  if (!hours_text || !cursor.Consume(':')) return std::nullopt;
  auto minutes = cursor.Digits(2);
  if (!minutes || !cursor.AtEnd() || *minutes >= 60) return std::nullopt;
  int hours = 0;
  for (char c : *hours_text) hours = hours * 10 + (c - '0');
  int32_t seconds = hours * 3600 + *minutes * 60;
  if (seconds > 14 * 3600) return std::nullopt;
  return negative ? -seconds : seconds;
}

// The host zone's IANA name: $TZ, the /etc/localtime link, /etc/timezone; "UTC" when unknown.
std::string SystemZoneName() {
  if (const char* tz = std::getenv("TZ"); tz != nullptr) {
    std::string_view name = tz;
    if (!name.empty() && name.front() == ':') name.remove_prefix(1);
    const std::string root = ZoneInfoRoot().string() + "/";
    if (name.substr(0, root.size()) == root) name.remove_prefix(root.size());
    return name.empty() ? "UTC" : std::string(name);
  }
  std::error_code ec;
  std::filesystem::path target = std::filesystem::read_symlink("/etc/localtime", ec);
  if (!ec) {
    std::string path = target.string();
    size_t pos = path.find("zoneinfo/");
    if (pos != std::string::npos) return path.substr(pos + 9);
  }
  std::ifstream file("/etc/timezone");
  std::string line;
  if (file && std::getline(file, line) && !TrimBlanks(line).empty()) {
    return std::string(TrimBlanks(line));
  }
  return "UTC";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------------------------

Result<std::chrono::nanoseconds> ParseDuration(std::string_view text) {
  auto fail = [&](std::string_view why) {
    return Status::InvalidArguments("invalid duration '{}': {}", text, why);
  };
  std::string_view trimmed = TrimBlanks(text);
  if (trimmed.empty()) return fail("empty");
  if (trimmed == "0") return std::chrono::nanoseconds(0);

  int64_t total = 0;
  size_t i = 0;
  auto skip_blanks = [&] {
    while (i < text.size() && IsBlank(text[i])) ++i;
  };
  skip_blanks();
  while (i < text.size()) {
    if (!IsDigit(text[i])) {
      return fail(fmt::format("invalid character '{}' at offset {}", text[i], i));
    }
    uint64_t number = 0;
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      if (__builtin_mul_overflow(number, 10u, &number) ||
          __builtin_add_overflow(number, static_cast<uint64_t>(text[i] - '0'), &number)) {
        return fail("number is too large");
      }
    }
    skip_blanks();
    size_t unit_start = i;
    while (i < text.size() && IsAlpha(text[i])) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    if (unit.empty()) {
      if (i >= text.size()) return fail("time unit needed, e.g. 1sec or 1ms");
      return fail(fmt::format("invalid character '{}' at offset {}", text[i], i));
    }
    if (i < text.size() && !IsDigit(text[i]) && !IsBlank(text[i])) {
      return fail(fmt::format("invalid character '{}' at offset {}", text[i], i));
    }
    std::optional<int64_t> unit_nanos = DurationUnitNanos(unit);
    if (!unit_nanos) {
      return fail(
          fmt::format("unknown time unit '{}', supported units: ns, us, ms, sec, min, "
                      "hours, days, weeks, months, years (and few variations)",
                      unit));
    }
    int64_t term = 0;
    if (number > static_cast<uint64_t>(INT64_MAX) ||
        __builtin_mul_overflow(static_cast<int64_t>(number), *unit_nanos, &term) ||
        __builtin_add_overflow(total, term, &total)) {
      return fail("value out of range (max ~292 years in nanoseconds)");
    }
    skip_blanks();
  }
  return std::chrono::nanoseconds(total);
}

std::string FormatDuration(std::chrono::nanoseconds duration) {
  const int64_t count = duration.count();
  if (count == 0) return "0s";
  // Magnitude as unsigned so that INT64_MIN has one.
  const uint64_t magnitude =
      count < 0 ? ~static_cast<uint64_t>(count) + 1 : static_cast<uint64_t>(count);
  const uint64_t secs = magnitude / kNanosPerSecond;
  const uint64_t nanos = magnitude % kNanosPerSecond;

  const uint64_t years = secs / kYearSeconds;
  const uint64_t year_rest = secs % kYearSeconds;
  const uint64_t months = year_rest / kMonthSeconds;
  const uint64_t month_rest = year_rest % kMonthSeconds;
  const uint64_t days = month_rest / 86400;
  const uint64_t day_secs = month_rest % 86400;

  std::string out = count < 0 ? "-" : "";
  AppendDurationItem(out, years, "year", true);
  AppendDurationItem(out, months, "month", true);
  AppendDurationItem(out, days, "day", true);
  AppendDurationItem(out, day_secs / 3600, "h", false);
  AppendDurationItem(out, day_secs % 3600 / 60, "m", false);
  AppendDurationItem(out, day_secs % 60, "s", false);
  AppendDurationItem(out, nanos / 1'000'000, "ms", false);
  AppendDurationItem(out, nanos / 1'000 % 1'000, "us", false);
  AppendDurationItem(out, nanos % 1'000, "ns", false);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------------------------

int64_t TimeUnitFactor(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return 1;
    case TimeUnit::kMillisecond:
      return 1'000;
    case TimeUnit::kMicrosecond:
      return 1'000'000;
    case TimeUnit::kNanosecond:
      return 1'000'000'000;
  }
  GT_CHECK(false);
  return 1;
}

std::string_view TimeUnitSuffix(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return "s";
    case TimeUnit::kMillisecond:
      return "ms";
    case TimeUnit::kMicrosecond:
      return "us";
    case TimeUnit::kNanosecond:
      return "ns";
  }
  GT_CHECK(false);
  return "";
}

Result<Timestamp> Timestamp::ConvertTo(TimeUnit target) const {
  const int64_t from = TimeUnitFactor(unit);
  const int64_t to = TimeUnitFactor(target);
  if (to <= from) return Timestamp{FloorDiv(value, from / to), target};
  int64_t converted = 0;
  if (__builtin_mul_overflow(value, to / from, &converted)) {
    return Status::InvalidArguments("timestamp {}{} overflows when converted to {}", value,
                                    TimeUnitSuffix(unit), TimeUnitSuffix(target));
  }
  return Timestamp{converted, target};
}

int64_t Timestamp::Seconds() const { return FloorDiv(value, TimeUnitFactor(unit)); }

int32_t Timestamp::SubsecondNanos() const {
  const int64_t factor = TimeUnitFactor(unit);
  return static_cast<int32_t>(FloorMod(value, factor) * (kNanosPerSecond / factor));
}

// ---------------------------------------------------------------------------------------------
// TimeZone
// ---------------------------------------------------------------------------------------------

struct TimeZone::Impl {
  std::string name;
  cctz::time_zone zone;
};

TimeZone::TimeZone() {
  // Shared and never destroyed: default-constructed zones cost no allocation, and zones held by
  // other statics stay valid during exit.
  static const auto* const kUtc = new std::shared_ptr<const Impl>(
      std::make_shared<const Impl>(Impl{"UTC", cctz::utc_time_zone()}));
  impl_ = *kUtc;
}
TimeZone::~TimeZone() = default;
TimeZone::TimeZone(const TimeZone&) = default;
TimeZone& TimeZone::operator=(const TimeZone&) = default;

TimeZone TimeZone::Utc() { return TimeZone(); }

Result<TimeZone> TimeZone::Parse(std::string_view text) {
  if (EqualsIgnoreCase(text, "UTC") || EqualsIgnoreCase(text, "Z")) return Utc();
  TimeZone result;
  if (EqualsIgnoreCase(text, "SYSTEM")) {
    std::string name = SystemZoneName();
    if (name == "Etc/UTC" || EqualsIgnoreCase(name, "UTC") || EqualsIgnoreCase(name, "SYSTEM")) {
      return result;
    }
    auto system = Parse(name);
    return system.ok() ? std::move(system).value() : result;
  }
  if (std::optional<int32_t> offset = ParseOffsetName(text)) {
    result.impl_ = std::make_shared<const Impl>(
        Impl{FormatOffset(*offset), cctz::fixed_time_zone(cctz::seconds(*offset))});
    return result;
  }
  if (auto named = LoadNamedZone(text)) {
    result.impl_ = std::make_shared<const Impl>(Impl{named->first, named->second});
    return result;
  }
  return Status::InvalidArguments("Invalid timezone: {}", text);
}

const std::string& TimeZone::name() const { return impl_->name; }

int32_t TimeZone::OffsetAt(int64_t seconds_since_epoch) const {
  return impl_->zone.lookup(ToTimePoint(seconds_since_epoch)).offset;
}

int64_t TimeZone::CivilToEpochSeconds(int year, int month, int day, int hour, int minute,
                                      int second) const {
  const cctz::civil_second cs(year, month, day, hour, minute, second);
  // Not cctz::convert(), which maps skipped times to the transition instant.
  return impl_->zone.lookup(cs).pre.time_since_epoch().count();
}

// ---------------------------------------------------------------------------------------------
// Timestamp text
// ---------------------------------------------------------------------------------------------

namespace {

struct ParsedTime {
  int hour = 0;
  int minute = 0;
  int second = 0;
  int32_t nanos = 0;
  std::optional<int32_t> offset;  // seconds east of UTC when the text carries one
};

// "HH:MM:SS[.f{1,9}][Z|±HH:MM|±HHMM|±HH]"; on failure, the reason.
Result<ParsedTime> ParseTimeOfDay(Cursor& cursor) {
  ParsedTime t;
  auto hour = cursor.Digits(2);
  if (!hour || !cursor.Consume(':')) return Status::InvalidArguments("expected HH:MM:SS");
  auto minute = cursor.Digits(2);
  if (!minute || !cursor.Consume(':')) return Status::InvalidArguments("expected HH:MM:SS");
  auto second = cursor.Digits(2);
  if (!second) return Status::InvalidArguments("expected HH:MM:SS");
  if (*hour > 23 || *minute > 59 || *second > 59) {
    return Status::InvalidArguments("time of day out of range");
  }
  t.hour = *hour;
  t.minute = *minute;
  t.second = *second;
  if (cursor.Consume('.')) {
    auto digits = cursor.DigitRun(9);
    if (!digits) return Status::InvalidArguments("fraction must have 1 to 9 digits");
    int32_t scale = 100'000'000;
    for (char c : *digits) {
      t.nanos += (c - '0') * scale;
      scale /= 10;
    }
  }
  if (cursor.Consume('Z') || cursor.Consume('z')) {
    t.offset = 0;
  } else if (cursor.Peek() == '+' || cursor.Peek() == '-') {
    const bool negative = cursor.Peek() == '-';
    cursor.Consume(cursor.Peek());
    auto hours = cursor.Digits(2);
    if (!hours) return Status::InvalidArguments("bad UTC offset");
    int minutes = 0;
    if (cursor.Consume(':')) {
      auto mm = cursor.Digits(2);
      if (!mm) return Status::InvalidArguments("bad UTC offset");
      minutes = *mm;
    } else if (!cursor.AtEnd()) {
      auto mm = cursor.Digits(2);
      if (!mm) return Status::InvalidArguments("bad UTC offset");
      minutes = *mm;
    }
    if (*hours > 23 || minutes > 59) return Status::InvalidArguments("UTC offset out of range");
    const int32_t seconds = *hours * 3600 + minutes * 60;
    t.offset = negative ? -seconds : seconds;
  }
  if (!cursor.AtEnd()) {
    return Status::InvalidArguments("unexpected trailing text '{}'", cursor.Rest());
  }
  return t;
}

// `seconds` + `nanos` (in [0, 1e9)) → value in `unit`, truncating finer digits.
Result<Timestamp> MakeTimestamp(int64_t seconds, int32_t nanos, TimeUnit unit) {
  const int64_t factor = TimeUnitFactor(unit);
  int64_t part = nanos / (kNanosPerSecond / factor);
  // Before the epoch, seconds * factor alone can underflow although the sum fits (INT64_MIN ns
  // is -9223372037 s + 145224192 ns): borrow one second into the fraction.
  if (seconds < 0 && part > 0) {
    seconds += 1;
    part -= factor;
  }
  int64_t value = 0;
  if (__builtin_mul_overflow(seconds, factor, &value) ||
      __builtin_add_overflow(value, part, &value)) {
    return Status::InvalidArguments("out of range for unit {}", TimeUnitSuffix(unit));
  }
  return Timestamp{value, unit};
}

Result<Timestamp> ParseTimestampTrimmed(std::string_view text, const TimeZone& zone,
                                        TimeUnit unit) {
  Cursor cursor(text);
  std::optional<CivilDate> date = ParseCivilDate(cursor);
  if (!date) return Status::InvalidArguments("expected a date YYYY-MM-DD");
  if (cursor.AtEnd()) {
    return MakeTimestamp(zone.CivilToEpochSeconds(date->year, date->month, date->day, 0, 0, 0), 0,
                         unit);
  }
  if (!cursor.Consume('T') && !cursor.Consume('t') && !cursor.Consume(' ')) {
    return Status::InvalidArguments("expected 'T' or ' ' after the date");
  }
  GT_ASSIGN_OR_RETURN(ParsedTime time, ParseTimeOfDay(cursor));
  int64_t seconds = 0;
  if (time.offset) {
    const cctz::civil_second cs(date->year, date->month, date->day, time.hour, time.minute,
                                time.second);
    seconds = cctz::convert(cs, cctz::utc_time_zone()).time_since_epoch().count() - *time.offset;
  } else {
    seconds = zone.CivilToEpochSeconds(date->year, date->month, date->day, time.hour, time.minute,
                                       time.second);
  }
  return MakeTimestamp(seconds, time.nanos, unit);
}

}  // namespace

Result<Timestamp> ParseTimestamp(std::string_view text, const TimeZone& zone, TimeUnit unit) {
  const std::string_view trimmed = TrimBlanks(text);
  Result<Timestamp> result = ParseTimestampTrimmed(trimmed, zone, unit);
  if (!result.ok()) {
    return Status::InvalidArguments("invalid timestamp '{}': {}", trimmed,
                                    result.status().message());
  }
  return result;
}

std::string FormatTimestampIso(Timestamp ts) {
  const cctz::civil_second cs = cctz::convert(ToTimePoint(ts.Seconds()), cctz::utc_time_zone());
  return FormatCivilSecond(cs, 'T') + FractionSuffix(ts.SubsecondNanos());
}

std::string FormatTimestampRfc3339(Timestamp ts, const TimeZone& zone) {
  const int32_t offset = zone.OffsetAt(ts.Seconds());
  const std::string suffix = zone.name() == "UTC" ? "Z" : FormatOffset(offset);
  return FormatCivilSecond(CivilAt(ts.Seconds(), offset), 'T') +
         FractionSuffix(ts.SubsecondNanos()) + suffix;
}

std::string FormatTimestampSql(Timestamp ts, const TimeZone& zone) {
  const cctz::civil_second cs = CivilAt(ts.Seconds(), zone.OffsetAt(ts.Seconds()));
  return FormatCivilSecond(cs, ' ') + FractionSuffix(ts.SubsecondNanos());
}

std::string FormatDate(int32_t days_since_epoch) {
  const cctz::civil_day day = cctz::civil_day(1970, 1, 1) + days_since_epoch;
  return fmt::format("{}-{:02}-{:02}", FormatYear(day.year()), day.month(), day.day());
}

Result<int32_t> ParseDate(std::string_view text) {
  const std::string_view trimmed = TrimBlanks(text);
  Cursor cursor(trimmed);
  std::optional<CivilDate> date = ParseCivilDate(cursor);
  if (!date || !cursor.AtEnd()) {
    return Status::InvalidArguments("invalid date '{}': expected YYYY-MM-DD", trimmed);
  }
  const cctz::civil_day day(date->year, date->month, date->day);
  return static_cast<int32_t>(day - cctz::civil_day(1970, 1, 1));
}

// ---------------------------------------------------------------------------------------------
// Clock
// ---------------------------------------------------------------------------------------------

namespace {
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return Timestamp{std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count(),
                     TimeUnit::kNanosecond};
  }
};
}  // namespace

const Clock& Clock::System() {
  static const SystemClock kClock;
  return kClock;
}

}  // namespace greptime
