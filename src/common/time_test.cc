// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Tests for durations, timestamp units, time zones and timestamp/date text forms.
#include "common/time.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>
#include <optional>
#include <string>

namespace greptime {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kDay = 86400;

// Unwraps a Result in a test, failing the test (not crashing) on error.
template <typename T>
T ValueOrFail(Result<T> result, const std::string& what) {
  EXPECT_TRUE(result.ok()) << what << ": " << result.status().ToString();
  if (!result.ok()) return T{};
  return std::move(result).value();
}

nanoseconds Dur(std::string_view text) {
  return ValueOrFail(ParseDuration(text), std::string(text));
}

TimeZone Zone(std::string_view text) {
  return ValueOrFail(TimeZone::Parse(text), std::string(text));
}

Timestamp Ts(std::string_view text, const TimeZone& zone = TimeZone::Utc(),
             TimeUnit unit = TimeUnit::kMillisecond) {
  return ValueOrFail(ParseTimestamp(text, zone, unit), std::string(text));
}

Timestamp Ms(int64_t v) { return Timestamp{v, TimeUnit::kMillisecond}; }
Timestamp Sec(int64_t v) { return Timestamp{v, TimeUnit::kSecond}; }
Timestamp Us(int64_t v) { return Timestamp{v, TimeUnit::kMicrosecond}; }
Timestamp Ns(int64_t v) { return Timestamp{v, TimeUnit::kNanosecond}; }

// Sets an environment variable for one scope and restores the previous value.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// ---------------------------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------------------------

TEST(ParseDurationTest, AcceptsEveryUnitSpelling) {
  struct Case {
    const char* text;
    nanoseconds expected;
  };
  const Case cases[] = {
      {"1ns", nanoseconds(1)},
      {"2nsec", nanoseconds(2)},
      {"3nanos", nanoseconds(3)},
      {"1us", microseconds(1)},
      {"4usec", microseconds(4)},
      {"1ms", milliseconds(1)},
      {"5msec", milliseconds(5)},
      {"6millis", milliseconds(6)},
      {"1s", seconds(1)},
      {"2sec", seconds(2)},
      {"3second", seconds(3)},
      {"4seconds", seconds(4)},
      {"5secs", seconds(5)},
      {"1m", minutes(1)},
      {"2min", minutes(2)},
      {"3mins", minutes(3)},
      {"4minute", minutes(4)},
      {"5minutes", minutes(5)},
      {"1h", hours(1)},
      {"2hr", hours(2)},
      {"3hrs", hours(3)},
      {"4hour", hours(4)},
      {"5hours", hours(5)},
      {"1d", hours(24)},
      {"2day", hours(48)},
      {"3days", hours(72)},
      {"1w", hours(24 * 7)},
      {"2week", hours(24 * 14)},
      {"3weeks", hours(24 * 21)},
      {"1M", seconds(2'630'016)},
      {"2month", seconds(2 * 2'630'016)},
      {"3months", seconds(3 * 2'630'016)},
      {"1y", seconds(31'557'600)},
      {"2year", seconds(2 * 31'557'600)},
      {"3years", seconds(3 * 31'557'600)},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Dur(c.text), c.expected) << c.text;
  }
}

TEST(ParseDurationTest, SumsTermsWithOptionalBlanks) {
  EXPECT_EQ(Dur("1h30m"), minutes(90));
  EXPECT_EQ(Dur("1h 30m 10s"), seconds(5410));
  EXPECT_EQ(Dur("1 day"), hours(24));
  EXPECT_EQ(Dur("  2d\t"), hours(48));
  EXPECT_EQ(Dur("1w2d3h"), hours(24 * 9 + 3));
  EXPECT_EQ(Dur("1s500ms"), milliseconds(1500));
  EXPECT_EQ(Dur("30m30m"), hours(1));                        // repeated units add up
  EXPECT_EQ(Dur("1m 1M"), minutes(1) + seconds(2'630'016));  // case matters
}

TEST(ParseDurationTest, LoneZeroIsZero) {
  EXPECT_EQ(Dur("0"), nanoseconds(0));
  EXPECT_EQ(Dur(" 0 "), nanoseconds(0));
  EXPECT_EQ(Dur("0s"), nanoseconds(0));
}

TEST(ParseDurationTest, AcceptsLargestValue) {
  EXPECT_EQ(Dur("9223372036854775807ns"), nanoseconds(kInt64Max));
  EXPECT_EQ(Dur("292y"), seconds(292LL * 31'557'600));
}

TEST(ParseDurationTest, RejectsMalformedInput) {
  const char* bad[] = {
      "",                // empty
      "   ",             // blank
      "1.5h",            // fraction
      "0xABm",           // hex: unit "xABm" is unknown
      "10",              // missing unit
      "1h 30",           // trailing number without unit
      "h",               // unit without number
      "1x",              // unknown unit
      "1H",              // units are case-sensitive
      "1hours2", "-1h",  // no signs
      "1h,30m",          // separator not allowed
      "1h-",     "1 h 3",
  };
  for (const char* text : bad) {
    Result<nanoseconds> result = ParseDuration(text);
    ASSERT_FALSE(result.ok()) << "'" << text << "' parsed as " << result->count();
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArguments) << text;
    EXPECT_NE(result.status().message().find(std::string("'") + text + "'"), std::string::npos)
        << result.status().message();
  }
}

TEST(ParseDurationTest, ErrorMessagesNameTheProblem) {
  EXPECT_NE(ParseDuration("").status().message().find("empty"), std::string::npos);
  EXPECT_NE(ParseDuration("1.5h").status().message().find("invalid character '.'"),
            std::string::npos);
  EXPECT_NE(ParseDuration("0xABm").status().message().find("unknown time unit 'xABm'"),
            std::string::npos);
  EXPECT_NE(ParseDuration("10").status().message().find("unit needed"), std::string::npos);
}

TEST(ParseDurationTest, RejectsOverflow) {
  const char* bad[] = {
      "9223372036854775808ns",  // one past int64
      "99999999999999999999s",  // number does not fit u64
      "300y",                   // 300 years of nanoseconds > int64
      "200y 200y",              // each fits, sum does not
      "9223372036854775807ns 1ns",
  };
  for (const char* text : bad) {
    Result<nanoseconds> result = ParseDuration(text);
    ASSERT_FALSE(result.ok()) << text;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArguments) << text;
  }
}

TEST(FormatDurationTest, MatchesHumantime) {
  EXPECT_EQ(FormatDuration(nanoseconds(0)), "0s");
  EXPECT_EQ(FormatDuration(seconds(1)), "1s");
  EXPECT_EQ(FormatDuration(hours(6)), "6h");
  EXPECT_EQ(FormatDuration(hours(1)), "1h");
  EXPECT_EQ(FormatDuration(seconds(3600)), "1h");
  EXPECT_EQ(FormatDuration(hours(24)), "1day");
  EXPECT_EQ(FormatDuration(hours(24 * 7)), "7days");
  EXPECT_EQ(FormatDuration(hours(24 * 90)), "2months 29days 2h 52m 48s");
  EXPECT_EQ(FormatDuration(minutes(90)), "1h 30m");
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1s 500ms");
  EXPECT_EQ(FormatDuration(milliseconds(500)), "500ms");
  EXPECT_EQ(FormatDuration(nanoseconds(1)), "1ns");
  EXPECT_EQ(FormatDuration(nanoseconds(1'001'001)), "1ms 1us 1ns");
  EXPECT_EQ(FormatDuration(seconds(31'557'600)), "1year");
  EXPECT_EQ(FormatDuration(seconds(2 * 31'557'600 + 2'630'016 + 86400 + 61)),
            "2years 1month 1day 1m 1s");
  EXPECT_EQ(FormatDuration(seconds(2 * 2'630'016)), "2months");
}

TEST(FormatDurationTest, NegativeHasLeadingMinus) {
  EXPECT_EQ(FormatDuration(-minutes(90)), "-1h 30m");
  EXPECT_EQ(FormatDuration(nanoseconds(-1)), "-1ns");
  const std::string min = FormatDuration(nanoseconds(kInt64Min));
  EXPECT_EQ(min, "-292years 3months 7days 16h 6m 28s 854ms 775us 808ns");
  EXPECT_EQ(FormatDuration(nanoseconds(kInt64Max)),
            "292years 3months 7days 16h 6m 28s 854ms 775us 807ns");
}

TEST(FormatDurationTest, RoundTripsThroughParse) {
  const nanoseconds values[] = {
      nanoseconds(1),
      milliseconds(1500),
      minutes(90),
      hours(24 * 90),
      seconds(31'557'600),
      nanoseconds(kInt64Max),
      hours(24 * 365 * 7) + nanoseconds(123'456'789),
  };
  for (nanoseconds d : values) {
    const std::string text = FormatDuration(d);
    EXPECT_EQ(Dur(text), d) << text;
  }
  // A deterministic spread of values across the range.
  uint64_t x = 88172645463325252ULL;
  for (int i = 0; i < 2000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const nanoseconds d(static_cast<int64_t>(x >> (1 + i % 60)));
    const std::string text = FormatDuration(d);
    ASSERT_EQ(Dur(text), d) << text;
  }
}

TEST(FormatDurationTest, ParseThenFormatNormalises) {
  EXPECT_EQ(FormatDuration(Dur("60m")), "1h");
  EXPECT_EQ(FormatDuration(Dur("1w")), "7days");
  EXPECT_EQ(FormatDuration(Dur("86400s")), "1day");
  EXPECT_EQ(FormatDuration(Dur("1h 90m")), "2h 30m");
  EXPECT_EQ(FormatDuration(Dur("1000ms")), "1s");
}

// ---------------------------------------------------------------------------------------------
// Timestamp units
// ---------------------------------------------------------------------------------------------

TEST(TimeUnitTest, FactorsAndSuffixes) {
  EXPECT_EQ(TimeUnitFactor(TimeUnit::kSecond), 1);
  EXPECT_EQ(TimeUnitFactor(TimeUnit::kMillisecond), 1'000);
  EXPECT_EQ(TimeUnitFactor(TimeUnit::kMicrosecond), 1'000'000);
  EXPECT_EQ(TimeUnitFactor(TimeUnit::kNanosecond), 1'000'000'000);
  EXPECT_EQ(TimeUnitSuffix(TimeUnit::kSecond), "s");
  EXPECT_EQ(TimeUnitSuffix(TimeUnit::kMillisecond), "ms");
  EXPECT_EQ(TimeUnitSuffix(TimeUnit::kMicrosecond), "us");
  EXPECT_EQ(TimeUnitSuffix(TimeUnit::kNanosecond), "ns");
}

TEST(TimestampTest, ConvertToCoarserFloors) {
  EXPECT_EQ(ValueOrFail(Ms(1500).ConvertTo(TimeUnit::kSecond), ""), Sec(1));
  EXPECT_EQ(ValueOrFail(Ms(-1500).ConvertTo(TimeUnit::kSecond), ""), Sec(-2));
  EXPECT_EQ(ValueOrFail(Ms(-1000).ConvertTo(TimeUnit::kSecond), ""), Sec(-1));
  EXPECT_EQ(ValueOrFail(Ns(-1).ConvertTo(TimeUnit::kMicrosecond), ""), Us(-1));
  EXPECT_EQ(ValueOrFail(Ns(999).ConvertTo(TimeUnit::kMicrosecond), ""), Us(0));
  EXPECT_EQ(ValueOrFail(Ns(kInt64Min).ConvertTo(TimeUnit::kSecond), ""), Sec(-9223372037));
  EXPECT_EQ(ValueOrFail(Ms(42).ConvertTo(TimeUnit::kMillisecond), ""), Ms(42));
}

TEST(TimestampTest, ConvertToFinerChecksOverflow) {
  EXPECT_EQ(ValueOrFail(Ms(1).ConvertTo(TimeUnit::kNanosecond), ""), Ns(1'000'000));
  EXPECT_EQ(ValueOrFail(Sec(-3).ConvertTo(TimeUnit::kMicrosecond), ""), Us(-3'000'000));
  EXPECT_EQ(ValueOrFail(Sec(kInt64Max / 1000).ConvertTo(TimeUnit::kMillisecond), ""),
            Ms(kInt64Max / 1000 * 1000));

  Result<Timestamp> up = Sec(kInt64Max / 1000 + 1).ConvertTo(TimeUnit::kMillisecond);
  ASSERT_FALSE(up.ok());
  EXPECT_EQ(up.status().code(), StatusCode::kInvalidArguments);
  Result<Timestamp> down = Ms(kInt64Min).ConvertTo(TimeUnit::kNanosecond);
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), StatusCode::kInvalidArguments);
  // 2262-04-12 does not fit nanoseconds.
  EXPECT_FALSE(Sec(9'223'372'037).ConvertTo(TimeUnit::kNanosecond).ok());
}

TEST(TimestampTest, SecondsAndSubsecondUseFloor) {
  EXPECT_EQ(Ms(1500).Seconds(), 1);
  EXPECT_EQ(Ms(1500).SubsecondNanos(), 500'000'000);
  EXPECT_EQ(Ms(-1).Seconds(), -1);
  EXPECT_EQ(Ms(-1).SubsecondNanos(), 999'000'000);
  EXPECT_EQ(Us(-1'000'000).Seconds(), -1);
  EXPECT_EQ(Us(-1'000'000).SubsecondNanos(), 0);
  EXPECT_EQ(Sec(-7).Seconds(), -7);
  EXPECT_EQ(Sec(-7).SubsecondNanos(), 0);
  EXPECT_EQ(Ns(kInt64Min).Seconds(), -9'223'372'037);
  EXPECT_EQ(Ns(kInt64Min).SubsecondNanos(), 145'224'192);
  EXPECT_EQ(Ns(kInt64Max).Seconds(), 9'223'372'036);
  EXPECT_EQ(Ns(kInt64Max).SubsecondNanos(), 854'775'807);
}

// ---------------------------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------------------------

TEST(TimeZoneTest, DefaultIsUtc) {
  TimeZone zone;
  EXPECT_EQ(zone.name(), "UTC");
  EXPECT_EQ(zone.OffsetAt(0), 0);
  EXPECT_EQ(TimeZone::Utc().name(), "UTC");
  EXPECT_EQ(zone.CivilToEpochSeconds(2024, 1, 3, 8, 0, 0), 1704268800);
}

TEST(TimeZoneTest, ParsesUtcSpellings) {
  for (const char* text : {"UTC", "utc", "Utc", "Z"}) {
    EXPECT_EQ(Zone(text).name(), "UTC") << text;
  }
}

TEST(TimeZoneTest, ParsesAndNormalisesOffsets) {
  EXPECT_EQ(Zone("+8:00").name(), "+08:00");
  EXPECT_EQ(Zone("+8:00").OffsetAt(0), 8 * 3600);
  EXPECT_EQ(Zone("+08:00").name(), "+08:00");
  EXPECT_EQ(Zone("-01:30").name(), "-01:30");
  EXPECT_EQ(Zone("-1:30").OffsetAt(1'700'000'000), -5400);
  EXPECT_EQ(Zone("+14:00").OffsetAt(0), 14 * 3600);
  EXPECT_EQ(Zone("-14:00").name(), "-14:00");
  EXPECT_EQ(Zone("+05:45").name(), "+05:45");
  EXPECT_EQ(Zone("-00:00").name(), "+00:00");
  EXPECT_EQ(Zone("+00:00").OffsetAt(0), 0);
}

TEST(TimeZoneTest, RejectsBadOffsets) {
  for (const char* text : {"+14:01", "-15:00", "+08:60", "8:00", "+8", "+08:0", "+080:00",
                           "+08:00:00", "+0800", "++08:00", "+08:00 "}) {
    Result<TimeZone> result = TimeZone::Parse(text);
    ASSERT_FALSE(result.ok()) << text << " parsed as " << result->name();
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArguments);
    EXPECT_EQ(result.status().message(), std::string("Invalid timezone: ") + text);
  }
}

TEST(TimeZoneTest, ParsesIanaNamesCaseInsensitively) {
  EXPECT_EQ(Zone("Asia/Shanghai").name(), "Asia/Shanghai");
  EXPECT_EQ(Zone("asia/shanghai").name(), "Asia/Shanghai");
  EXPECT_EQ(Zone("ASIA/SHANGHAI").name(), "Asia/Shanghai");
  EXPECT_EQ(Zone("america/new_york").name(), "America/New_York");
  EXPECT_EQ(Zone("america/argentina/buenos_aires").name(), "America/Argentina/Buenos_Aires");
  EXPECT_EQ(Zone("europe/berlin").name(), "Europe/Berlin");
  // Twice: the second lookup is served from the cache with the same spelling.
  EXPECT_EQ(Zone("asia/shanghai").name(), "Asia/Shanghai");
  EXPECT_EQ(Zone("Asia/Shanghai").OffsetAt(1'700'000'000), 8 * 3600);
}

TEST(TimeZoneTest, DstZoneOffsetsDependOnInstant) {
  TimeZone ny = Zone("America/New_York");
  EXPECT_EQ(ny.OffsetAt(1719849600), -4 * 3600);  // 2024-07-01T16:00Z, EDT
  EXPECT_EQ(ny.OffsetAt(1704128400), -5 * 3600);  // 2024-01-01T17:00Z, EST
  TimeZone berlin = Zone("Europe/Berlin");
  EXPECT_EQ(berlin.OffsetAt(1719849600), 2 * 3600);
  EXPECT_EQ(berlin.OffsetAt(1704128400), 1 * 3600);
}

TEST(TimeZoneTest, CivilToEpochInZone) {
  TimeZone ny = Zone("America/New_York");
  EXPECT_EQ(ny.CivilToEpochSeconds(2024, 7, 1, 12, 0, 0), 1719849600);
  EXPECT_EQ(ny.CivilToEpochSeconds(2024, 1, 1, 12, 0, 0), 1704128400);
  // Skipped (02:30 on spring-forward day) and repeated (01:30 on fall-back day) local times
  // resolve with the offset in force before the transition.
  EXPECT_EQ(ny.CivilToEpochSeconds(2024, 3, 10, 2, 30, 0), 1710055800);
  EXPECT_EQ(ny.CivilToEpochSeconds(2024, 11, 3, 1, 30, 0), 1730611800);
  EXPECT_EQ(Zone("+08:00").CivilToEpochSeconds(2024, 1, 3, 16, 0, 0), 1704268800);
}

TEST(TimeZoneTest, RejectsUnknownAndUnsafeNames) {
  for (const char* text :
       {"", "Mars/Phobos", "Asia", "Asia/", "PST8", "localtime", "/etc/localtime",
        "../../../etc/passwd", "Asia/../Asia/Shanghai", "zone.tab", "Fixed/UTC+08:00:00",
        "Asia//Shanghai", " UTC", "Asia/Shanghai\n"}) {
    Result<TimeZone> result = TimeZone::Parse(text);
    ASSERT_FALSE(result.ok()) << "'" << text << "' parsed as " << result->name();
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArguments);
    EXPECT_EQ(result.status().message(), std::string("Invalid timezone: ") + text);
  }
}

TEST(TimeZoneTest, SystemFollowsHostZone) {
  {
    ScopedEnv tz("TZ", "Asia/Tokyo");
    TimeZone zone = Zone("SYSTEM");
    EXPECT_EQ(zone.name(), "Asia/Tokyo");
    EXPECT_EQ(zone.OffsetAt(0), 9 * 3600);
  }
  {
    ScopedEnv tz("TZ", "UTC");
    EXPECT_EQ(Zone("system").name(), "UTC");
  }
}

TEST(TimeZoneTest, CopiesShareTheZone) {
  TimeZone a = Zone("America/New_York");
  TimeZone b;
  b = a;
  TimeZone c(a);
  EXPECT_EQ(b.name(), "America/New_York");
  EXPECT_EQ(c.OffsetAt(1704128400), -5 * 3600);
  EXPECT_EQ(a.name(), "America/New_York");
}

// ---------------------------------------------------------------------------------------------
// ParseTimestamp
// ---------------------------------------------------------------------------------------------

TEST(ParseTimestampTest, Rfc3339WithZOrOffset) {
  EXPECT_EQ(Ts("2017-07-23T13:10:11Z"), Ms(1500815411000));
  EXPECT_EQ(Ts("2017-07-23t13:10:11z"), Ms(1500815411000));
  EXPECT_EQ(Ts("2024-01-05T00:00:00+08:00"), Ms(1704384000000));
  EXPECT_EQ(Ts("2024-01-05T00:00:00+0800"), Ms(1704384000000));
  EXPECT_EQ(Ts("2024-01-05T00:00:00+08"), Ms(1704384000000));
  EXPECT_EQ(Ts("2024-01-04T10:30:00-05:30"), Ms(1704384000000));
  EXPECT_EQ(Ts("2024-01-04T16:00:00+00:00"), Ms(1704384000000));
  EXPECT_EQ(Ts("2024-01-04T16:00:00-00:00"), Ms(1704384000000));
}

TEST(ParseTimestampTest, BlankSeparatorWithOffset) {
  EXPECT_EQ(Ts("2024-01-05 00:00:00.123+08:00"), Ms(1704384000123));
  EXPECT_EQ(Ts("2024-01-04 16:00:00Z"), Ms(1704384000000));
  EXPECT_EQ(Ts("2024-01-04 16:00:00.5Z"), Ms(1704384000500));
}

TEST(ParseTimestampTest, ExplicitOffsetIgnoresSessionZone) {
  TimeZone shanghai = Zone("Asia/Shanghai");
  EXPECT_EQ(Ts("2017-07-23T13:10:11Z", shanghai), Ms(1500815411000));
  EXPECT_EQ(Ts("2024-01-05 00:00:00+08:00", Zone("-05:00")), Ms(1704384000000));
}

TEST(ParseTimestampTest, NoOffsetUsesSessionZone) {
  EXPECT_EQ(Ts("2024-01-03 08:00:00"), Ms(1704268800000));
  EXPECT_EQ(Ts("2024-01-03T08:00:00"), Ms(1704268800000));
  // spec/sql.md §2: session +08:00, '2024-01-03 16:00:00' is 2024-01-03T08:00:00Z.
  EXPECT_EQ(Ts("2024-01-03 16:00:00", Zone("+08:00")), Ms(1704268800000));
  EXPECT_EQ(Ts("2024-01-03T16:00:00", Zone("Asia/Shanghai")), Ms(1704268800000));
  TimeZone ny = Zone("America/New_York");
  EXPECT_EQ(Ts("2024-07-01 12:00:00", ny, TimeUnit::kSecond), Sec(1719849600));
  EXPECT_EQ(Ts("2024-01-01 12:00:00", ny, TimeUnit::kSecond), Sec(1704128400));
}

TEST(ParseTimestampTest, DateOnlyIsMidnightInZone) {
  EXPECT_EQ(Ts("2024-01-01", TimeZone::Utc(), TimeUnit::kSecond), Sec(19723 * kDay));
  EXPECT_EQ(Ts("2024-01-01", Zone("+08:00"), TimeUnit::kSecond), Sec(19723 * kDay - 8 * 3600));
  EXPECT_EQ(Ts("1970-01-01", Zone("-01:00"), TimeUnit::kSecond), Sec(3600));
}

TEST(ParseTimestampTest, TrimsBlanks) {
  EXPECT_EQ(Ts("  2017-07-23T13:10:11Z \t"), Ms(1500815411000));
  EXPECT_EQ(Ts("\n2024-01-01 "), Ms(19723 * kDay * 1000));
}

TEST(ParseTimestampTest, FractionsAndTruncation) {
  EXPECT_EQ(Ts("1970-01-01T00:00:00.1Z"), Ms(100));
  EXPECT_EQ(Ts("1970-01-01T00:00:00.12Z"), Ms(120));
  EXPECT_EQ(Ts("1970-01-01T00:00:00.123456789Z", TimeZone::Utc(), TimeUnit::kNanosecond),
            Ns(123456789));
  EXPECT_EQ(Ts("1970-01-01T00:00:00.123456789Z", TimeZone::Utc(), TimeUnit::kMicrosecond),
            Us(123456));
  EXPECT_EQ(Ts("1970-01-01T00:00:00.123456789Z"), Ms(123));
  EXPECT_EQ(Ts("1970-01-01T00:00:00.999999999Z", TimeZone::Utc(), TimeUnit::kSecond), Sec(0));
  EXPECT_EQ(Ts("1970-01-01 00:00:00.000001", TimeZone::Utc(), TimeUnit::kNanosecond), Ns(1000));
}

TEST(ParseTimestampTest, BeforeEpoch) {
  EXPECT_EQ(Ts("1969-12-31T23:59:59Z"), Ms(-1000));
  EXPECT_EQ(Ts("1969-12-31T23:59:59.999Z"), Ms(-1));
  // Truncating digits finer than the unit floors the instant.
  EXPECT_EQ(Ts("1969-12-31T23:59:59.9999Z"), Ms(-1));
  EXPECT_EQ(Ts("1969-12-31T23:59:59.5Z", TimeZone::Utc(), TimeUnit::kSecond), Sec(-1));
  EXPECT_EQ(Ts("1900-01-01", TimeZone::Utc(), TimeUnit::kSecond), Sec(-2208988800));
  EXPECT_EQ(Ts("1677-09-21T00:12:43.145224192Z", TimeZone::Utc(), TimeUnit::kNanosecond),
            Ns(kInt64Min));
  EXPECT_EQ(Ts("0000-01-01", TimeZone::Utc(), TimeUnit::kSecond), Sec(-62167219200));
}

TEST(ParseTimestampTest, OverflowOfUnitFails) {
  EXPECT_EQ(Ts("2262-04-11T23:47:16.854775807Z", TimeZone::Utc(), TimeUnit::kNanosecond),
            Ns(kInt64Max));
  for (const char* text :
       {"2262-04-11T23:47:16.854775808Z", "2300-01-01T00:00:00Z", "1677-09-21T00:12:43Z"}) {
    Result<Timestamp> result = ParseTimestamp(text, TimeZone::Utc(), TimeUnit::kNanosecond);
    ASSERT_FALSE(result.ok()) << text;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArguments);
  }
  EXPECT_EQ(Ts("2300-01-01T00:00:00Z", TimeZone::Utc(), TimeUnit::kSecond), Sec(10413792000));
}

TEST(ParseTimestampTest, RejectsMalformedInput) {
  const char* bad[] = {
      "",
      "   ",
      "garbage",
      "2024/01/01",
      "24-01-01",
      "2024-1-01",
      "2024-13-01",
      "2024-00-10",
      "2023-02-29",
      "2024-04-31",
      "2024-01-01T",
      "2024-01-01 10:00",
      "2024-01-01T25:00:00",
      "2024-01-01T23:60:00",
      "2024-01-01T23:59:60",
      "2024-01-01T00:00:00.",
      "2024-01-01T00:00:00.1234567891",
      "2024-01-01T00:00:00+8",
      "2024-01-01T00:00:00+08:0",
      "2024-01-01T00:00:00+24:00",
      "2024-01-01T00:00:00 UTC",
      "2024-01-01T00:00:00Zjunk",
      "2024-01-01X00:00:00",
      "2024-01-01  00:00:00",
      "1700000000",
  };
  for (const char* text : bad) {
    Result<Timestamp> result = ParseTimestamp(text, TimeZone::Utc(), TimeUnit::kMillisecond);
    ASSERT_FALSE(result.ok()) << "'" << text << "' parsed as " << result->value;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArguments);
    EXPECT_NE(result.status().message().find("invalid timestamp"), std::string::npos);
  }
  EXPECT_EQ(ParseTimestamp("2023-02-29", TimeZone::Utc(), TimeUnit::kSecond).status().message(),
            "invalid timestamp '2023-02-29': expected a date YYYY-MM-DD");
  EXPECT_EQ(Ts("2024-02-29", TimeZone::Utc(), TimeUnit::kSecond), Sec(19782 * kDay));
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

TEST(FormatTimestampIsoTest, FractionOnlyWhenNonZero) {
  EXPECT_EQ(FormatTimestampIso(Ms(0)), "1970-01-01T00:00:00");
  EXPECT_EQ(FormatTimestampIso(Ms(1)), "1970-01-01T00:00:00.001");
  EXPECT_EQ(FormatTimestampIso(Ms(1667446797450)), "2022-11-03T03:39:57.450");
  EXPECT_EQ(FormatTimestampIso(Sec(1667446797)), "2022-11-03T03:39:57");
  EXPECT_EQ(FormatTimestampIso(Us(1)), "1970-01-01T00:00:00.000001");
  EXPECT_EQ(FormatTimestampIso(Us(1000)), "1970-01-01T00:00:00.001");
  EXPECT_EQ(FormatTimestampIso(Ns(1)), "1970-01-01T00:00:00.000000001");
  EXPECT_EQ(FormatTimestampIso(Ns(1'000)), "1970-01-01T00:00:00.000001");
  EXPECT_EQ(FormatTimestampIso(Ns(1'000'000)), "1970-01-01T00:00:00.001");
  EXPECT_EQ(FormatTimestampIso(Ns(1'000'000'000)), "1970-01-01T00:00:01");
  EXPECT_EQ(FormatTimestampIso(Ns(123'456'789)), "1970-01-01T00:00:00.123456789");
}

TEST(FormatTimestampIsoTest, NegativeAndExtremeValues) {
  EXPECT_EQ(FormatTimestampIso(Ms(-1)), "1969-12-31T23:59:59.999");
  EXPECT_EQ(FormatTimestampIso(Sec(-1)), "1969-12-31T23:59:59");
  EXPECT_EQ(FormatTimestampIso(Us(-1)), "1969-12-31T23:59:59.999999");
  EXPECT_EQ(FormatTimestampIso(Ns(kInt64Min)), "1677-09-21T00:12:43.145224192");
  EXPECT_EQ(FormatTimestampIso(Ns(kInt64Max)), "2262-04-11T23:47:16.854775807");
  EXPECT_EQ(FormatTimestampIso(Sec(253402300799)), "9999-12-31T23:59:59");
  EXPECT_EQ(FormatTimestampIso(Sec(253402300800)), "+10000-01-01T00:00:00");
  EXPECT_EQ(FormatTimestampIso(Sec(-62167219200)), "0000-01-01T00:00:00");
  EXPECT_EQ(FormatTimestampIso(Sec(-62167219201)), "-0001-12-31T23:59:59");
  // Whole int64 range of seconds renders without overflow.
  EXPECT_EQ(FormatTimestampIso(Sec(kInt64Max)).front(), '+');
  EXPECT_EQ(FormatTimestampIso(Ms(kInt64Min)).front(), '-');
}

TEST(FormatTimestampRfc3339Test, UtcUsesZ) {
  EXPECT_EQ(FormatTimestampRfc3339(Ms(1667446797450), TimeZone::Utc()), "2022-11-03T03:39:57.450Z");
  EXPECT_EQ(FormatTimestampRfc3339(Ms(0), TimeZone::Utc()), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestampRfc3339(Ms(-1), TimeZone::Utc()), "1969-12-31T23:59:59.999Z");
}

TEST(FormatTimestampRfc3339Test, OffsetsAndNamedZones) {
  EXPECT_EQ(FormatTimestampRfc3339(Ms(1667446797450), Zone("+08:00")),
            "2022-11-03T11:39:57.450+08:00");
  EXPECT_EQ(FormatTimestampRfc3339(Ms(1667446797450), Zone("Asia/Shanghai")),
            "2022-11-03T11:39:57.450+08:00");
  EXPECT_EQ(FormatTimestampRfc3339(Sec(0), Zone("-01:30")), "1969-12-31T22:30:00-01:30");
  EXPECT_EQ(FormatTimestampRfc3339(Sec(0), Zone("+00:00")), "1970-01-01T00:00:00+00:00");
  TimeZone ny = Zone("America/New_York");
  EXPECT_EQ(FormatTimestampRfc3339(Sec(1719849600), ny), "2024-07-01T12:00:00-04:00");
  EXPECT_EQ(FormatTimestampRfc3339(Sec(1704128400), ny), "2024-01-01T12:00:00-05:00");
  EXPECT_EQ(FormatTimestampRfc3339(Ns(1), Zone("+05:45")), "1970-01-01T05:45:00.000000001+05:45");
}

TEST(FormatTimestampRfc3339Test, RoundTripsThroughParse) {
  const Timestamp values[] = {Ms(1667446797450), Ms(-1), Ms(0), Ms(1719849600123),
                              Ms(-2208988800000)};
  for (const char* zone_name : {"UTC", "+08:00", "-09:30", "America/New_York", "Europe/Berlin"}) {
    TimeZone zone = Zone(zone_name);
    for (Timestamp ts : values) {
      const std::string text = FormatTimestampRfc3339(ts, zone);
      EXPECT_EQ(Ts(text, TimeZone::Utc()), ts) << zone_name << " " << text;
    }
  }
}

TEST(FormatTimestampSqlTest, RendersInZoneWithoutOffset) {
  EXPECT_EQ(FormatTimestampSql(Ms(1667446797450), TimeZone::Utc()), "2022-11-03 03:39:57.450");
  EXPECT_EQ(FormatTimestampSql(Ms(1667446797450), Zone("+08:00")), "2022-11-03 11:39:57.450");
  EXPECT_EQ(FormatTimestampSql(Sec(1719849600), Zone("America/New_York")), "2024-07-01 12:00:00");
  EXPECT_EQ(FormatTimestampSql(Us(-1), TimeZone::Utc()), "1969-12-31 23:59:59.999999");
  // Formatting in the session zone inverts parsing in it.
  TimeZone berlin = Zone("Europe/Berlin");
  const Timestamp ts = Ms(1719849600123);
  EXPECT_EQ(Ts(FormatTimestampSql(ts, berlin), berlin), ts);
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

TEST(DateTest, FormatsDaysSinceEpoch) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  EXPECT_EQ(FormatDate(19723), "2024-01-01");
  EXPECT_EQ(FormatDate(19782), "2024-02-29");
  EXPECT_EQ(FormatDate(-719528), "0000-01-01");
  EXPECT_EQ(FormatDate(2932897), "+10000-01-01");
  EXPECT_FALSE(FormatDate(std::numeric_limits<int32_t>::min()).empty());
  EXPECT_FALSE(FormatDate(std::numeric_limits<int32_t>::max()).empty());
}

TEST(DateTest, ParsesDates) {
  EXPECT_EQ(ValueOrFail(ParseDate("1970-01-01"), ""), 0);
  EXPECT_EQ(ValueOrFail(ParseDate("1969-12-31"), ""), -1);
  EXPECT_EQ(ValueOrFail(ParseDate(" 2024-02-29 "), ""), 19782);
  EXPECT_EQ(ValueOrFail(ParseDate("0000-01-01"), ""), -719528);
  EXPECT_EQ(ValueOrFail(ParseDate("9999-12-31"), ""), 2932896);
  for (const char* text : {"", "2023-02-29", "2024-13-01", "2024-01-32", "2024-01-01T00:00:00",
                           "2024-01-01 x", "20240101", "2024-1-1"}) {
    Result<int32_t> result = ParseDate(text);
    ASSERT_FALSE(result.ok()) << text;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArguments);
    EXPECT_NE(result.status().message().find(text), std::string::npos);
  }
}

TEST(DateTest, RoundTrips) {
  for (int32_t days = -719'528; days <= 2'932'896; days += 997) {
    ASSERT_EQ(ValueOrFail(ParseDate(FormatDate(days)), ""), days) << FormatDate(days);
  }
}

// ---------------------------------------------------------------------------------------------
// Clock
// ---------------------------------------------------------------------------------------------

TEST(ClockTest, SystemClockReturnsNanosecondsNow) {
  const Clock& clock = Clock::System();
  EXPECT_EQ(&clock, &Clock::System());
  const Timestamp a = clock.Now();
  const Timestamp b = clock.Now();
  EXPECT_EQ(a.unit, TimeUnit::kNanosecond);
  EXPECT_GT(a.value, 1'700'000'000LL * 1'000'000'000);  // after 2023-11
  EXPECT_LT(a.value, 4'102'444'800LL * 1'000'000'000);  // before 2100
  EXPECT_LE(b.value - a.value, 60LL * 1'000'000'000);
}

}  // namespace
}  // namespace greptime
