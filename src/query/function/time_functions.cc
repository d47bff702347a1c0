// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Time functions (DataFusion names and types, GreptimeDB additions): now, current_date/time,
// date_trunc, date_bin, date_part/extract, date_format/to_char, to_unixtime, to_timestamp*,
// to_date, from_unixtime, make_date, date_add/date_sub, timezone, arrow_cast, arrow_typeof.
// Calendar fields of timestamps (truncation, parts, formatting) are taken in the session time
// zone; dates are zone-less; interval arithmetic on timestamps is naive (UTC), as DataFusion's.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/strings.h"
#include "query/function/function.h"
#include "query/function/function_util.h"
#include "query/plan/planner.h"  // ParseIntervalText
#include "types/column_builder.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::IntervalMonthDayNano;
using types::Value;

constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kNanosPerSecond = 1000000000;
// Civil conversions beyond ~300 million years would overflow cctz's int years.
constexpr int64_t kMaxCivilSeconds = 9000000000000000;

Status RuntimeError(std::string_view fn, std::string_view detail) {
  return Status(StatusCode::kInvalidArguments, fmt::format("{}: {}", fn, detail));
}

// ---------------------------------------------------------------------------------------------
// Calendar (proleptic Gregorian, Howard Hinnant's civil algorithms)
// ---------------------------------------------------------------------------------------------

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsLeap(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// A wall-clock time in some zone.
struct Civil {
  int64_t year = 1970;
  unsigned month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int64_t nanos = 0;  // within the second
  int weekday = 4;    // 0 = Sunday
  int yday = 1;       // 1-based
  int offset = 0;     // seconds east of UTC
  int64_t days() const { return DaysFromCivil(year, month, day); }
};

Civil CivilFromDays(int64_t days) {
  Civil c;
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  c.day = doy - (153 * mp + 2) / 5 + 1;
  c.month = mp < 10 ? mp + 3 : mp - 9;
  c.year = static_cast<int64_t>(yoe) + era * 400 + (c.month <= 2);
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  c.yday = static_cast<int>(days - DaysFromCivil(c.year, 1, 1)) + 1;
  return c;
}

Result<Civil> ToCivil(Timestamp ts, const TimeZone& zone) {
  const int64_t per = TimeUnitFactor(ts.unit);
  int64_t secs = FloorDiv(ts.value, per);
  if (secs > kMaxCivilSeconds || secs < -kMaxCivilSeconds) {
    return Status::InvalidArguments("timestamp {} is out of range", ts.value);
  }
  const int64_t nanos = (ts.value - secs * per) * (kNanosPerSecond / per);
  const int offset = zone.OffsetAt(secs);
  secs += offset;
  const int64_t days = FloorDiv(secs, kSecondsPerDay);
  const int64_t sod = secs - days * kSecondsPerDay;
  Civil c = CivilFromDays(days);
  c.hour = static_cast<unsigned>(sod / 3600);
  c.minute = static_cast<unsigned>(sod % 3600 / 60);
  c.second = static_cast<unsigned>(sod % 60);
  c.nanos = nanos;
  c.offset = offset;
  return c;
}

// Wall-clock time in `zone` → timestamp in `unit` (sub-second part from c.nanos).
Result<Timestamp> FromCivil(const Civil& c, TimeUnit unit, const TimeZone& zone) {
  const int64_t secs = zone.CivilToEpochSeconds(
      static_cast<int>(c.year), static_cast<int>(c.month), static_cast<int>(c.day),
      static_cast<int>(c.hour), static_cast<int>(c.minute), static_cast<int>(c.second));
  const int64_t per = TimeUnitFactor(unit);
  int64_t value = 0;
  if (__builtin_mul_overflow(secs, per, &value) ||
      __builtin_add_overflow(value, c.nanos / (kNanosPerSecond / per), &value)) {
    return Status::InvalidArguments("timestamp out of range for unit {}", TimeUnitSuffix(unit));
  }
  return Timestamp{value, unit};
}

// ---------------------------------------------------------------------------------------------
// Argument coercion
// ---------------------------------------------------------------------------------------------

bool IsTimeLike(const DataType& t) {
  return t.is_timestamp() || t.is_date() || t.is_string() || t.is_null();
}

// A timestamp, date (midnight UTC) or string (parsed in the session zone) as a timestamp;
// strings get `string_unit`.
Result<Timestamp> ToTs(const Value& v, TimeUnit string_unit, const FunctionContext& ctx,
                       std::string_view fn) {
  if (v.type().is_timestamp()) return v.AsTimestamp();
  if (v.type().is_date()) return Timestamp{int64_t{v.AsDate()} * kSecondsPerDay, TimeUnit::kSecond};
  if (v.type().is_string()) {
    auto ts = ParseTimestamp(v.AsBytes(), ctx.time_zone, string_unit);
    if (!ts.ok()) return RuntimeError(fn, ts.status().message());
    return *ts;
  }
  return RuntimeError(fn, fmt::format("expected a timestamp, got {}", v.type().Name()));
}

// The result type of functions that keep their timestamp argument's type.
DataType TsResultType(const DataType& t) {
  return t.is_timestamp() ? t : DataType::TimestampNanosecond();
}

Result<IntervalMonthDayNano> ToInterval(const Value& v, std::string_view fn) {
  if (v.type().is_interval()) return v.AsInterval();
  if (v.type().is_string()) {
    auto iv = ParseIntervalText(v.AsBytes());
    if (!iv.ok()) return RuntimeError(fn, iv.status().message());
    return *iv;
  }
  return RuntimeError(fn, fmt::format("expected an interval, got {}", v.type().Name()));
}

// ---------------------------------------------------------------------------------------------
// A row-by-row function that may read the FunctionContext. The result type may depend on
// constant arguments; Invoke re-derives it from the first row (constant arguments arrive as
// constant columns).
// ---------------------------------------------------------------------------------------------

using TypeFn = std::function<Result<DataType>(std::span<const ArgInfo>)>;
using CtxRowFn = std::function<Result<Value>(std::span<const Value>, const FunctionContext&)>;

class RowFunction final : public ScalarFunction {
 public:
  RowFunction(TypeFn type, CtxRowFn fn, bool propagate_nulls)
      : type_(std::move(type)), fn_(std::move(fn)), propagate_(propagate_nulls) {}
  Result<DataType> ReturnType(std::span<const ArgInfo> args) const override {
    return type_(args);
  }
  Result<ColumnPtr> Invoke(std::span<const ColumnPtr> args, size_t rows,
                           const FunctionContext& ctx) const override {
    std::vector<Value> first(args.size());
    std::vector<ArgInfo> infos(args.size());
    for (size_t i = 0; i < args.size(); ++i) {
      infos[i].type = args[i]->type();
      if (rows > 0) {
        first[i] = args[i]->GetValue(0);
        infos[i].constant = &first[i];
      }
    }
    GT_ASSIGN_OR_RETURN(DataType out, type_(infos));
    return MapRows(args, rows, out,
                   [this, &ctx](std::span<const Value> row) { return fn_(row, ctx); }, propagate_);
  }

 private:
  TypeFn type_;
  CtxRowFn fn_;
  bool propagate_;
};

void Reg(FunctionRegistry& r, std::initializer_list<std::string> names, TypeFn type, CtxRowFn fn,
         bool propagate_nulls = true) {
  auto f = std::make_shared<RowFunction>(std::move(type), std::move(fn), propagate_nulls);
  for (const auto& n : names) r.RegisterScalar(n, f);
}

// A type rule: `lo`..`hi` arguments, each accepted by `ok`, result `out`.
TypeFn Fixed(std::string name, size_t lo, size_t hi, bool (*ok)(const DataType&), DataType out) {
  return [name = std::move(name), lo, hi, ok, out](std::span<const ArgInfo> a) -> Result<DataType> {
    GT_RETURN_IF_ERROR(CheckArity(name, a, lo, hi));
    for (size_t i = 0; i < a.size(); ++i) {
      if (!ok(a[i].type)) {
        return BadArgument(name, fmt::format("argument {} has unsupported type {}", i + 1,
                                             a[i].type.Name()));
      }
    }
    return out;
  };
}

Status ExpectString(std::string_view fn, const ArgInfo& a, std::string_view what) {
  if (a.type.is_string() || a.type.is_null()) return Status::OK();
  return BadArgument(fn, fmt::format("{} must be a string, got {}", what, a.type.Name()));
}

Status ExpectTimeLike(std::string_view fn, const ArgInfo& a) {
  if (IsTimeLike(a.type)) return Status::OK();
  return BadArgument(fn, fmt::format("expected a timestamp, date or string, got {}",
                                     a.type.Name()));
}

// ---------------------------------------------------------------------------------------------
// date_trunc
// ---------------------------------------------------------------------------------------------

enum class TruncUnit { kMicro, kMilli, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kQuarter, kYear };

std::optional<TruncUnit> ParseTruncUnit(std::string_view text) {
  std::string u = AsciiLower(text);
  if (u.size() > 1 && u.back() == 's') u.pop_back();  // "days", "hours"
  static const std::pair<const char*, TruncUnit> kUnits[] = {
      {"microsecond", TruncUnit::kMicro}, {"millisecond", TruncUnit::kMilli},
      {"second", TruncUnit::kSecond},     {"minute", TruncUnit::kMinute},
      {"hour", TruncUnit::kHour},         {"day", TruncUnit::kDay},
      {"week", TruncUnit::kWeek},         {"month", TruncUnit::kMonth},
      {"quarter", TruncUnit::kQuarter},   {"year", TruncUnit::kYear}};
  for (const auto& [name, unit] : kUnits) {
    if (u == name) return unit;
  }
  return std::nullopt;
}

Status BadTruncUnit(std::string_view text) {
  return Status::InvalidArguments("date_trunc: unsupported granularity '{}'", text);
}

Result<Value> DateTruncRow(std::span<const Value> v, const FunctionContext& ctx) {
  auto unit = ParseTruncUnit(v[0].AsBytes());
  if (!unit) return BadTruncUnit(v[0].AsBytes());
  GT_ASSIGN_OR_RETURN(Timestamp t, ToTs(v[1], TimeUnit::kNanosecond, ctx, "date_trunc"));
  if (v[1].type().is_date()) {
    GT_ASSIGN_OR_RETURN(t, t.ConvertTo(TimeUnit::kNanosecond));
  }
  const int64_t per = TimeUnitFactor(t.unit);
  if (*unit == TruncUnit::kMicro || *unit == TruncUnit::kMilli) {
    const int64_t step = std::max<int64_t>(1, per / (*unit == TruncUnit::kMicro ? 1000000 : 1000));
    return Value::Timestamp(FloorDiv(t.value, step) * step, t.unit);
  }
  GT_ASSIGN_OR_RETURN(Civil c, ToCivil(t, ctx.time_zone));
  c.nanos = 0;
  if (*unit >= TruncUnit::kMinute) c.second = 0;
  if (*unit >= TruncUnit::kHour) c.minute = 0;
  if (*unit >= TruncUnit::kDay) c.hour = 0;
  if (*unit == TruncUnit::kWeek) {  // weeks start on Monday
    Civil monday = CivilFromDays(c.days() - (c.weekday + 6) % 7);
    c.year = monday.year;
    c.month = monday.month;
    c.day = monday.day;
  }
  if (*unit >= TruncUnit::kMonth) c.day = 1;
  if (*unit == TruncUnit::kQuarter) c.month = (c.month - 1) / 3 * 3 + 1;
  if (*unit == TruncUnit::kYear) c.month = 1;
  GT_ASSIGN_OR_RETURN(Timestamp out, FromCivil(c, t.unit, ctx.time_zone));
  return Value::Timestamp(out);
}

// Vectorized for a timestamp column and a constant fixed-length unit (up to hour; day in
// fixed-offset zones); everything else goes row by row.
class DateTrunc final : public ScalarFunction {
 public:
  Result<DataType> ReturnType(std::span<const ArgInfo> a) const override {
    GT_RETURN_IF_ERROR(CheckArity("date_trunc", a, 2, 2));
    GT_RETURN_IF_ERROR(ExpectString("date_trunc", a[0], "the granularity"));
    GT_RETURN_IF_ERROR(ExpectTimeLike("date_trunc", a[1]));
    if (a[0].constant != nullptr && a[0].constant->type().is_string() &&
        !ParseTruncUnit(a[0].constant->AsBytes())) {
      return BadTruncUnit(a[0].constant->AsBytes());
    }
    return TsResultType(a[1].type);
  }
  Result<ColumnPtr> Invoke(std::span<const ColumnPtr> args, size_t rows,
                           const FunctionContext& ctx) const override {
    if (auto fast = Fast(args, rows, ctx)) return fast;
    GT_ASSIGN_OR_RETURN(DataType out, ReturnType(std::vector<ArgInfo>{{args[0]->type()},
                                                                      {args[1]->type()}}));
    return MapRows(args, rows, out,
                   [&ctx](std::span<const Value> v) { return DateTruncRow(v, ctx); });
  }

 private:
  static ColumnPtr Fast(std::span<const ColumnPtr> args, size_t rows, const FunctionContext& ctx) {
    const auto* ts = args[1]->As<types::TimestampColumn>();
    if (ts == nullptr || rows == 0 || !args[0]->type().is_string() || args[0]->null_count() > 0) {
      return nullptr;
    }
    const std::string first = args[0]->GetValue(0).AsBytes();
    auto unit = ParseTruncUnit(first);
    const std::string& zone = ctx.time_zone.name();
    const bool fixed_zone = zone == "UTC" || zone[0] == '+' || zone[0] == '-';
    int64_t seconds = 0;
    if (unit == TruncUnit::kSecond) seconds = 1;
    if (unit == TruncUnit::kMinute) seconds = 60;
    if (unit == TruncUnit::kHour && fixed_zone) seconds = 3600;
    if (unit == TruncUnit::kDay && fixed_zone) seconds = kSecondsPerDay;
    if (seconds == 0) return nullptr;
    for (size_t i = 1; i < rows; ++i) {
      if (args[0]->GetValue(i).AsBytes() != first) return nullptr;
    }
    const int64_t per = TimeUnitFactor(ts->type().time_unit());
    const int64_t step = seconds * per;
    const int64_t offset = fixed_zone ? int64_t{ctx.time_zone.OffsetAt(0)} * per : 0;
    std::vector<int64_t> out(rows);
    auto in = ts->values();
    for (size_t i = 0; i < rows; ++i) {
      // Offsets are below a day, so in[i] + offset only overflows at the very ends of int64:
      // leave those to the checked row path.
      int64_t shifted = 0;
      if (__builtin_add_overflow(in[i], offset, &shifted)) return nullptr;
      out[i] = FloorDiv(shifted, step) * step - offset;
    }
    return std::make_shared<types::TimestampColumn>(
        ts->type(), std::make_shared<const std::vector<int64_t>>(std::move(out)), 0,
        ts->validity());
  }
};

// ---------------------------------------------------------------------------------------------
// date_part / extract
// ---------------------------------------------------------------------------------------------

// DataFusion: Int32 for calendar parts, Int64 for nanosecond, Float64 for epoch.
std::string NormalizePart(std::string_view text) {
  std::string p = AsciiLower(text);
  if (p.size() > 3 && p.back() == 's') p.pop_back();  // "MICROSECONDS", "years"
  return p;
}

Result<DataType> DatePartType(std::string_view part) {
  const std::string p = NormalizePart(part);
  if (p == "epoch") return DataType::Float64();
  if (p == "nanosecond") return DataType::Int64();
  static const char* kInt32Parts[] = {"year", "quarter", "month", "week", "day", "hour", "minute",
                                      "second", "millisecond", "microsecond", "dow", "doy",
                                      "isodow", "isoyear"};
  for (const char* name : kInt32Parts) {
    if (p == name) return DataType::Int32();
  }
  return Status::InvalidArguments("date_part: unsupported part '{}'", part);
}

// ISO 8601 week number and week-based year of the day `days`.
std::pair<int64_t, int64_t> IsoWeek(int64_t days, int weekday) {
  const int64_t thursday = days - (weekday + 6) % 7 + 3;
  const Civil th = CivilFromDays(thursday);
  return {th.year, (thursday - DaysFromCivil(th.year, 1, 1)) / 7 + 1};
}

Result<Value> DatePartRow(std::span<const Value> v, const FunctionContext& ctx) {
  GT_RETURN_IF_ERROR(DatePartType(v[0].AsBytes()).status());
  const std::string p = NormalizePart(v[0].AsBytes());
  GT_ASSIGN_OR_RETURN(Timestamp t, ToTs(v[1], TimeUnit::kNanosecond, ctx, "date_part"));
  if (p == "epoch") {
    const int64_t per = TimeUnitFactor(t.unit);
    const int64_t secs = FloorDiv(t.value, per);
    return Value::Float64(static_cast<double>(secs) +
                          static_cast<double>(t.value - secs * per) / static_cast<double>(per));
  }
  // Dates have no zone; timestamps show their wall clock in the session zone.
  const TimeZone& zone = v[1].type().is_date() ? TimeZone::Utc() : ctx.time_zone;
  GT_ASSIGN_OR_RETURN(Civil c, ToCivil(t, zone));
  const int64_t sec_nanos = int64_t{c.second} * kNanosPerSecond + c.nanos;
  int64_t r = 0;
  if (p == "year") r = c.year;
  else if (p == "quarter") r = (c.month - 1) / 3 + 1;
  else if (p == "month") r = c.month;
  else if (p == "week") r = IsoWeek(c.days(), c.weekday).second;
  else if (p == "isoyear") r = IsoWeek(c.days(), c.weekday).first;
  else if (p == "day") r = c.day;
  else if (p == "hour") r = c.hour;
  else if (p == "minute") r = c.minute;
  else if (p == "second") r = c.second;
  else if (p == "millisecond") r = sec_nanos / 1000000;
  else if (p == "microsecond") r = sec_nanos / 1000;
  else if (p == "nanosecond") return Value::Int64(sec_nanos);
  else if (p == "dow") r = c.weekday;
  else if (p == "isodow") r = (c.weekday + 6) % 7 + 1;
  else if (p == "doy") r = c.yday;
  if (r > INT32_MAX || r < INT32_MIN) return RuntimeError("date_part", "result overflows Int32");
  return Value::Int32(static_cast<int32_t>(r));
}

// ---------------------------------------------------------------------------------------------
// Formatting (chrono's strftime specifiers) and parsing with a format
// ---------------------------------------------------------------------------------------------

std::string FormatOffset(int offset, bool colon) {
  const int a = std::abs(offset);
  return fmt::format("{}{:02}{}{:02}", offset < 0 ? '-' : '+', a / 3600, colon ? ":" : "",
                     a % 3600 / 60);
}

std::string FormatCivil(const Civil& c, int64_t epoch_secs, std::string_view zone_name,
                        std::string_view f) {
  static const char* kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                "Thursday", "Friday", "Saturday"};
  static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                  "July",    "August",   "September", "October", "November",
                                  "December"};
  const std::string nanos9 = fmt::format("{:09}", c.nanos);
  auto auto_fraction = [&] {  // chrono's %.f: 0, 3, 6 or 9 digits
    if (c.nanos == 0) return std::string();
    if (c.nanos % 1000000 == 0) return "." + nanos9.substr(0, 3);
    if (c.nanos % 1000 == 0) return "." + nanos9.substr(0, 6);
    return "." + nanos9;
  };
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%' || i + 1 >= f.size()) {
      out += f[i];
      continue;
    }
    char s = f[++i];
    // %.f %.3f %.6f %.9f %3f %6f %9f %:z
    if (s == '.' && i + 1 < f.size() && f[i + 1] == 'f') {
      ++i;
      out += auto_fraction();
      continue;
    }
    if (s == '.' && i + 2 < f.size() && f[i + 2] == 'f' &&
        (f[i + 1] == '3' || f[i + 1] == '6' || f[i + 1] == '9')) {
      out += "." + nanos9.substr(0, f[i + 1] - '0');
      i += 2;
      continue;
    }
    if ((s == '3' || s == '6' || s == '9') && i + 1 < f.size() && f[i + 1] == 'f') {
      out += nanos9.substr(0, s - '0');
      ++i;
      continue;
    }
    if (s == ':' && i + 1 < f.size() && f[i + 1] == 'z') {
      out += FormatOffset(c.offset, true);
      ++i;
      continue;
    }
    const unsigned h12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
    switch (s) {
      case 'Y': out += fmt::format("{:04}", c.year); break;
      case 'C': out += fmt::format("{:02}", FloorDiv(c.year, 100)); break;
      case 'y': out += fmt::format("{:02}", ((c.year % 100) + 100) % 100); break;
      case 'm': out += fmt::format("{:02}", c.month); break;
      case 'b': case 'h': out += std::string(kMonths[c.month - 1], 3); break;
      case 'B': out += kMonths[c.month - 1]; break;
      case 'd': out += fmt::format("{:02}", c.day); break;
      case 'e': out += fmt::format("{:>2}", c.day); break;
      case 'a': out += std::string(kDays[c.weekday], 3); break;
      case 'A': out += kDays[c.weekday]; break;
      case 'w': out += std::to_string(c.weekday); break;
      case 'u': out += std::to_string((c.weekday + 6) % 7 + 1); break;
      case 'j': out += fmt::format("{:03}", c.yday); break;
      case 'G': out += fmt::format("{:04}", IsoWeek(c.days(), c.weekday).first); break;
      case 'V': out += fmt::format("{:02}", IsoWeek(c.days(), c.weekday).second); break;
      case 'D': out += fmt::format("{:02}/{:02}/{:02}", c.month, c.day, ((c.year % 100) + 100) % 100); break;
      case 'F': out += fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day); break;
      case 'H': out += fmt::format("{:02}", c.hour); break;
      case 'k': out += fmt::format("{:>2}", c.hour); break;
      case 'I': out += fmt::format("{:02}", h12); break;
      case 'l': out += fmt::format("{:>2}", h12); break;
      case 'p': out += c.hour < 12 ? "AM" : "PM"; break;
      case 'P': out += c.hour < 12 ? "am" : "pm"; break;
      case 'M': out += fmt::format("{:02}", c.minute); break;
      case 'S': out += fmt::format("{:02}", c.second); break;
      case 'f': out += nanos9; break;
      case 'R': out += fmt::format("{:02}:{:02}", c.hour, c.minute); break;
      case 'T': case 'X': out += fmt::format("{:02}:{:02}:{:02}", c.hour, c.minute, c.second); break;
      case 'r': out += fmt::format("{:02}:{:02}:{:02} {}", h12, c.minute, c.second, c.hour < 12 ? "AM" : "PM"); break;
      case 'z': out += FormatOffset(c.offset, false); break;
      case 'Z': out += zone_name; break;
      case 's': out += std::to_string(epoch_secs); break;
      case '+':
        out += fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{}", c.year, c.month, c.day,
                           c.hour, c.minute, c.second, auto_fraction(), FormatOffset(c.offset, true));
        break;
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case '%': out += '%'; break;
      default: out += '%'; out += s; break;
    }
  }
  return out;
}

// date_format / to_char: timestamps in the session zone, dates as they are.
Result<Value> FormatRow(const Value& x, const Value& format, const FunctionContext& ctx,
                        std::string_view fn) {
  if (x.type().is_date()) {
    Civil c = CivilFromDays(x.AsDate());
    return Value::String(FormatCivil(c, int64_t{x.AsDate()} * kSecondsPerDay, "UTC", format.AsBytes()));
  }
  GT_ASSIGN_OR_RETURN(Timestamp t, ToTs(x, TimeUnit::kMicrosecond, ctx, fn));
  GT_ASSIGN_OR_RETURN(Civil c, ToCivil(t, ctx.time_zone));
  return Value::String(FormatCivil(c, FloorDiv(t.value, TimeUnitFactor(t.unit)),
                                   ctx.time_zone.name(), format.AsBytes()));
}

// Fields read by ParseWithFormat.
struct ParsedTime {
  Civil civil;
  std::optional<int> offset;
  std::optional<int64_t> epoch;
  int pm = -1;  // -1: no %p
};

// Parses `text` with chrono-style `format` (%Y %m %d %e %H %I %M %S %p %y %b %B %j %f %.f %3f
// %z %:z %T %F %D %R %s %%; a blank matches any run of blanks). The whole input must match.
std::optional<ParsedTime> ParseWithFormat(std::string_view s, std::string_view f) {
  ParsedTime p;
  size_t i = 0;
  auto num = [&](int max_digits, bool sign, int64_t& out) {
    bool neg = false;
    if (sign && i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    size_t start = i;
    int64_t v = 0;
    while (i < s.size() && i - start < static_cast<size_t>(max_digits) && s[i] >= '0' && s[i] <= '9') {
      v = v * 10 + (s[i++] - '0');
    }
    out = neg ? -v : v;
    return i > start;
  };
  auto fraction = [&]() {
    size_t start = i;
    int64_t v = 0;
    while (i < s.size() && i - start < 9 && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
    for (size_t k = i - start; k < 9; ++k) v *= 10;
    p.civil.nanos = v;
    return i > start;
  };
  auto month_name = [&]() {
    static const char* kNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                   "jul", "aug", "sep", "oct", "nov", "dec"};
    if (i + 3 > s.size()) return false;
    std::string head = AsciiLower(s.substr(i, 3));
    for (unsigned m = 0; m < 12; ++m) {
      if (head == kNames[m]) {
        p.civil.month = m + 1;
        i += 3;
        while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
        return true;
      }
    }
    return false;
  };
  auto offset = [&](bool colon_optional) {
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
      ++i;
      p.offset = 0;
      return true;
    }
    if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
    const int sign = s[i++] == '-' ? -1 : 1;
    int64_t h = 0, m = 0;
    if (!num(2, false, h)) return false;
    if (i < s.size() && s[i] == ':') ++i;
    else if (!colon_optional) return false;
    if (!num(2, false, m) || h > 23 || m > 59) return false;
    p.offset = sign * static_cast<int>(h * 3600 + m * 60);
    return true;
  };
  std::string expanded;  // %T, %F, %D, %R expanded first
  for (size_t k = 0; k < f.size(); ++k) {
    if (f[k] == '%' && k + 1 < f.size()) {
      const char c = f[k + 1];
      const char* sub = c == 'T' ? "%H:%M:%S" : c == 'F' ? "%Y-%m-%d" : c == 'D' ? "%m/%d/%y"
                        : c == 'R' ? "%H:%M" : nullptr;
      if (sub != nullptr) {
        expanded += sub;
        ++k;
        continue;
      }
      expanded += f[k];
      expanded += f[++k];
      continue;
    }
    expanded += f[k];
  }
  f = expanded;
  for (size_t k = 0; k < f.size(); ++k) {
    if (std::isspace(static_cast<unsigned char>(f[k]))) {
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      continue;
    }
    if (f[k] != '%' || k + 1 >= f.size()) {
      if (i >= s.size() || s[i] != f[k]) return std::nullopt;
      ++i;
      continue;
    }
    char c = f[++k];
    int64_t v = 0;
    bool ok = true;
    if (c == '.' && k + 1 < f.size() && f[k + 1] == 'f') {
      ++k;
      if (i < s.size() && s[i] == '.') {
        ++i;
        ok = fraction();
      }
    } else if ((c == '3' || c == '6' || c == '9') && k + 1 < f.size() && f[k + 1] == 'f') {
      ++k;
      ok = fraction();
    } else if (c == ':' && k + 1 < f.size() && f[k + 1] == 'z') {
      ++k;
      ok = offset(false);
    } else {
      switch (c) {
        case 'Y': ok = num(9, true, v); p.civil.year = v; break;
        case 'y': ok = num(2, false, v); p.civil.year = v < 70 ? 2000 + v : 1900 + v; break;
        case 'm': ok = num(2, false, v) && v >= 1 && v <= 12; p.civil.month = static_cast<unsigned>(v); break;
        case 'd': case 'e':
          while (c == 'e' && i < s.size() && s[i] == ' ') ++i;
          ok = num(2, false, v) && v >= 1 && v <= 31;
          p.civil.day = static_cast<unsigned>(v);
          break;
        case 'H': ok = num(2, false, v) && v <= 23; p.civil.hour = static_cast<unsigned>(v); break;
        case 'I': ok = num(2, false, v) && v >= 1 && v <= 12; p.civil.hour = static_cast<unsigned>(v % 12); break;
        case 'M': ok = num(2, false, v) && v <= 59; p.civil.minute = static_cast<unsigned>(v); break;
        case 'S': ok = num(2, false, v) && v <= 60; p.civil.second = static_cast<unsigned>(std::min<int64_t>(v, 59)); break;
        case 'f': ok = fraction(); break;
        case 'j': ok = num(3, false, v) && v >= 1 && v <= 366; p.civil.yday = static_cast<int>(v); break;
        case 'b': case 'h': case 'B': ok = month_name(); break;
        case 'p':
          if (i + 2 <= s.size()) {
            std::string ap = AsciiLower(s.substr(i, 2));
            ok = ap == "am" || ap == "pm";
            p.pm = ap == "pm";
            i += 2;
          } else {
            ok = false;
          }
          break;
        case 'z': ok = offset(true); break;
        case 's': ok = num(19, true, v); p.epoch = v; break;
        case '%': ok = i < s.size() && s[i++] == '%'; break;
        default: return std::nullopt;
      }
    }
    if (!ok) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  if (p.pm == 1) p.civil.hour = p.civil.hour % 12 + 12;
  if (p.civil.day > DaysInMonth(p.civil.year, p.civil.month)) return std::nullopt;
  if (p.civil.year > 9999999 || p.civil.year < -9999999) return std::nullopt;
  return p;
}

// Tries the formats in order (DataFusion's to_timestamp(x, fmt1, fmt2, ...)).
Result<Timestamp> ParseWithFormats(const Value& text, std::span<const Value> formats,
                                   TimeUnit unit, const FunctionContext& ctx, std::string_view fn) {
  for (const Value& f : formats) {
    if (f.is_null()) continue;
    if (!f.type().is_string()) return RuntimeError(fn, "formats must be strings");
    auto p = ParseWithFormat(text.AsBytes(), f.AsBytes());
    if (!p) continue;
    Timestamp ts{};
    if (p->epoch) {
      ts = Timestamp{*p->epoch, TimeUnit::kSecond};
    } else if (p->offset) {
      const int64_t secs = (p->civil.days() * kSecondsPerDay + p->civil.hour * 3600 +
                            p->civil.minute * 60 + p->civil.second) - *p->offset;
      ts = Timestamp{secs, TimeUnit::kSecond};
    } else {
      GT_ASSIGN_OR_RETURN(ts, FromCivil(p->civil, TimeUnit::kSecond, ctx.time_zone));
    }
    auto out = ts.ConvertTo(unit);
    if (!out.ok()) return RuntimeError(fn, out.status().message());
    const int64_t sub = p->epoch ? 0 : p->civil.nanos / (kNanosPerSecond / TimeUnitFactor(unit));
    if (__builtin_add_overflow(out->value, sub, &out->value)) {
      return RuntimeError(fn, "timestamp out of range");
    }
    return *out;
  }
  return RuntimeError(fn, fmt::format("Error parsing timestamp from '{}' using the given formats",
                                      text.AsBytes()));
}

// ---------------------------------------------------------------------------------------------
// Interval arithmetic
// ---------------------------------------------------------------------------------------------

Result<Value> AddInterval(const Value& x, IntervalMonthDayNano iv, int sign,
                          const FunctionContext& ctx, std::string_view fn) {
  const int64_t months = int64_t{iv.months} * sign;
  const __int128 nanos =
      (static_cast<__int128>(iv.days) * kSecondsPerDay * kNanosPerSecond + iv.nanoseconds) * sign;
  auto add_months = [&](Civil c) {
    const int64_t total = c.year * 12 + (c.month - 1) + months;
    c.year = FloorDiv(total, 12);
    c.month = static_cast<unsigned>(total - c.year * 12 + 1);
    c.day = std::min(c.day, DaysInMonth(c.year, c.month));
    return c;
  };
  if (x.type().is_date()) {
    Civil c = add_months(CivilFromDays(x.AsDate()));
    const __int128 days = c.days() + nanos / (kSecondsPerDay * kNanosPerSecond);
    if (days > INT32_MAX || days < INT32_MIN) return RuntimeError(fn, "date out of range");
    return Value::Date(static_cast<int32_t>(days));
  }
  GT_ASSIGN_OR_RETURN(Timestamp t, ToTs(x, TimeUnit::kMillisecond, ctx, fn));
  if (months != 0) {
    auto c = ToCivil(t, TimeZone::Utc());
    if (!c.ok()) return RuntimeError(fn, c.status().message());
    auto moved = FromCivil(add_months(*c), t.unit, TimeZone::Utc());
    if (!moved.ok()) return RuntimeError(fn, moved.status().message());
    t = *moved;
  }
  const __int128 value = t.value + nanos / (kNanosPerSecond / TimeUnitFactor(t.unit));
  if (value > INT64_MAX || value < INT64_MIN) return RuntimeError(fn, "timestamp out of range");
  return Value::Timestamp(static_cast<int64_t>(value), t.unit);
}

Result<Value> DateBinRow(std::span<const Value> v, const FunctionContext& ctx) {
  GT_ASSIGN_OR_RETURN(IntervalMonthDayNano iv, ToInterval(v[0], "date_bin"));
  if (iv.months != 0) return RuntimeError("date_bin", "month intervals are not supported");
  const __int128 stride = static_cast<__int128>(iv.days) * kSecondsPerDay * kNanosPerSecond +
                          iv.nanoseconds;
  if (stride <= 0) return RuntimeError("date_bin", "the stride must be positive");
  GT_ASSIGN_OR_RETURN(Timestamp t, ToTs(v[1], TimeUnit::kNanosecond, ctx, "date_bin"));
  if (v[1].type().is_date()) {
    GT_ASSIGN_OR_RETURN(t, t.ConvertTo(TimeUnit::kNanosecond));
  }
  __int128 origin = 0;
  if (v.size() > 2) {
    GT_ASSIGN_OR_RETURN(Timestamp o, ToTs(v[2], TimeUnit::kNanosecond, ctx, "date_bin"));
    origin = static_cast<__int128>(o.value) * (kNanosPerSecond / TimeUnitFactor(o.unit));
  }
  // In nanoseconds (128-bit), then back to the input unit rounding down.
  const int64_t per_ns = kNanosPerSecond / TimeUnitFactor(t.unit);
  const __int128 ts = static_cast<__int128>(t.value) * per_ns;
  __int128 d = ts - origin;
  __int128 q = d / stride;
  if (d % stride != 0 && d < 0) --q;
  const __int128 binned = origin + q * stride;
  __int128 out = binned / per_ns;
  if (binned % per_ns != 0 && binned < 0) --out;
  if (out > INT64_MAX || out < INT64_MIN) return RuntimeError("date_bin", "timestamp out of range");
  return Value::Timestamp(static_cast<int64_t>(out), t.unit);
}

// ---------------------------------------------------------------------------------------------
// Arrow type names (arrow-rs Display, as GreptimeDB prints them)
// ---------------------------------------------------------------------------------------------

std::string ArrowTypeName(const DataType& t) {
  switch (t.id()) {
    case types::TypeId::kNull: return "Null";
    case types::TypeId::kBoolean: return "Boolean";
    case types::TypeId::kString: return "Utf8";
    case types::TypeId::kBinary:
    case types::TypeId::kJson:
    case types::TypeId::kVector: return "Binary";
    case types::TypeId::kDate: return "Date32";
    case types::TypeId::kIntervalMonthDayNano: return "Interval(MonthDayNano)";
    case types::TypeId::kDecimal128: return fmt::format("Decimal128({}, {})", t.precision(), t.scale());
    case types::TypeId::kTimestamp: {
      static const char* kUnits[] = {"s", "ms", "µs", "ns"};
      return fmt::format("Timestamp({})", kUnits[static_cast<int>(t.time_unit())]);
    }
    default: return t.Name();  // Int8..UInt64, Float32, Float64
  }
}

Result<DataType> ParseArrowType(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c != ' ') s += c;
  }
  static const std::pair<const char*, DataType> kSimple[] = {
      {"Int8", DataType::Int8()},       {"Int16", DataType::Int16()},
      {"Int32", DataType::Int32()},     {"Int64", DataType::Int64()},
      {"UInt8", DataType::UInt8()},     {"UInt16", DataType::UInt16()},
      {"UInt32", DataType::UInt32()},   {"UInt64", DataType::UInt64()},
      {"Float32", DataType::Float32()}, {"Float64", DataType::Float64()},
      {"Utf8", DataType::String()},     {"LargeUtf8", DataType::String()},
      {"Utf8View", DataType::String()}, {"Boolean", DataType::Boolean()},
      {"Binary", DataType::Binary()},   {"LargeBinary", DataType::Binary()},
      {"BinaryView", DataType::Binary()}, {"Date32", DataType::Date()},
      {"Null", DataType::Null()},       {"Interval(MonthDayNano)", DataType::IntervalMonthDayNano()},
  };
  for (const auto& [name, type] : kSimple) {
    if (s == name) return type;
  }
  // Timestamp(Second, None), Timestamp(s), Timestamp(ms, "+00:00"): the zone is dropped.
  if (s.rfind("Timestamp(", 0) == 0 && s.back() == ')') {
    std::string unit = s.substr(10, s.size() - 11);
    unit = unit.substr(0, unit.find(','));
    static const std::pair<const char*, TimeUnit> kUnits[] = {
        {"Second", TimeUnit::kSecond},           {"s", TimeUnit::kSecond},
        {"Millisecond", TimeUnit::kMillisecond}, {"ms", TimeUnit::kMillisecond},
        {"Microsecond", TimeUnit::kMicrosecond}, {"µs", TimeUnit::kMicrosecond},
        {"us", TimeUnit::kMicrosecond},          {"Nanosecond", TimeUnit::kNanosecond},
        {"ns", TimeUnit::kNanosecond}};
    for (const auto& [name, u] : kUnits) {
      if (unit == name) return DataType::Timestamp(u);
    }
  }
  int precision = 0, scale = 0;
  char close = 0;
  if (s.rfind("Decimal128(", 0) == 0 &&
      std::sscanf(s.c_str(), "Decimal128(%d,%d%c", &precision, &scale, &close) == 3 &&
      close == ')') {
    auto d = DataType::MakeDecimal128(precision, scale);
    if (d.ok()) return d;
  }
  return BadArgument("arrow_cast", fmt::format("Unsupported type '{}'. Must be a supported arrow "
                                               "type name such as 'Int32' or 'Timestamp(ns)'",
                                               text));
}

Result<DataType> ArrowCastType(std::span<const ArgInfo> a) {
  GT_RETURN_IF_ERROR(CheckArity("arrow_cast", a, 2, 2));
  if (a[1].constant == nullptr || !a[1].constant->type().is_string()) {
    return BadArgument("arrow_cast", "the second argument must be a constant type name");
  }
  return ParseArrowType(a[1].constant->AsBytes());
}

// ---------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------

bool AnyInteger(const DataType& t) { return t.is_integer() || t.is_null() || t.is_string(); }
bool AnyType(const DataType&) { return true; }

void RegisterClock(FunctionRegistry& r) {
  Reg(r, {"now", "current_timestamp", "localtimestamp"},
      Fixed("now", 0, 0, AnyType, DataType::TimestampNanosecond()),
      [](std::span<const Value>, const FunctionContext& ctx) -> Result<Value> {
        return Value::Timestamp(ctx.now_ns, TimeUnit::kNanosecond);
      });
  Reg(r, {"current_date", "today"}, Fixed("current_date", 0, 0, AnyType, DataType::Date()),
      [](std::span<const Value>, const FunctionContext& ctx) -> Result<Value> {
        GT_ASSIGN_OR_RETURN(Civil c, ToCivil({ctx.now_ns, TimeUnit::kNanosecond}, ctx.time_zone));
        return Value::Date(static_cast<int32_t>(c.days()));
      });
  // We have no TIME type: the wall-clock time of day as text, "HH:MM:SS[.fff...]".
  Reg(r, {"current_time", "localtime"}, Fixed("current_time", 0, 0, AnyType, DataType::String()),
      [](std::span<const Value>, const FunctionContext& ctx) -> Result<Value> {
        GT_ASSIGN_OR_RETURN(Civil c, ToCivil({ctx.now_ns, TimeUnit::kNanosecond}, ctx.time_zone));
        std::string iso = FormatTimestampIso(
            {int64_t{c.hour * 3600 + c.minute * 60 + c.second} * kNanosPerSecond + c.nanos,
             TimeUnit::kNanosecond});
        return Value::String(iso.substr(iso.find('T') + 1));
      });
  Reg(r, {"timezone"}, Fixed("timezone", 0, 0, AnyType, DataType::String()),
      [](std::span<const Value>, const FunctionContext& ctx) -> Result<Value> {
        return Value::String(ctx.time_zone.name());
      });
}

void RegisterCalendar(FunctionRegistry& r) {
  auto trunc = std::make_shared<DateTrunc>();
  r.RegisterScalar("date_trunc", trunc);
  r.RegisterScalar("datetrunc", trunc);
  Reg(r, {"date_bin"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("date_bin", a, 2, 3));
        const DataType& s = a[0].type;
        if (!s.is_interval() && !s.is_string() && !s.is_null()) {
          return BadArgument("date_bin", fmt::format("the stride must be an interval, got {}", s.Name()));
        }
        for (size_t i = 1; i < a.size(); ++i) GT_RETURN_IF_ERROR(ExpectTimeLike("date_bin", a[i]));
        return TsResultType(a[1].type);
      },
      DateBinRow);
  Reg(r, {"date_part", "datepart", "extract"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("date_part", a, 2, 2));
        GT_RETURN_IF_ERROR(ExpectString("date_part", a[0], "the part"));
        GT_RETURN_IF_ERROR(ExpectTimeLike("date_part", a[1]));
        if (a[0].constant != nullptr && a[0].constant->type().is_string()) {
          auto t = DatePartType(a[0].constant->AsBytes());
          if (!t.ok()) return BadArgument("date_part", t.status().message());
          return t;
        }
        return DataType::Int32();
      },
      DatePartRow);
  for (const char* name : {"date_format", "to_char"}) {
    Reg(r, {name},
        [n = std::string(name)](std::span<const ArgInfo> a) -> Result<DataType> {
          GT_RETURN_IF_ERROR(CheckArity(n, a, 2, 2));
          GT_RETURN_IF_ERROR(ExpectTimeLike(n, a[0]));
          GT_RETURN_IF_ERROR(ExpectString(n, a[1], "the format"));
          return DataType::String();
        },
        [n = std::string(name)](std::span<const Value> v, const FunctionContext& ctx) {
          return FormatRow(v[0], v[1], ctx, n);
        });
  }
  for (int sign : {1, -1}) {
    const std::string name = sign > 0 ? "date_add" : "date_sub";
    Reg(r, {name},
        [name](std::span<const ArgInfo> a) -> Result<DataType> {
          GT_RETURN_IF_ERROR(CheckArity(name, a, 2, 2));
          GT_RETURN_IF_ERROR(ExpectTimeLike(name, a[0]));
          const DataType& i = a[1].type;
          if (!i.is_interval() && !i.is_string() && !i.is_null()) {
            return BadArgument(name, fmt::format("the second argument must be an interval, got {}",
                                                 i.Name()));
          }
          if (a[0].type.is_timestamp() || a[0].type.is_date()) return a[0].type;
          return DataType::TimestampMillisecond();
        },
        [name, sign](std::span<const Value> v, const FunctionContext& ctx) -> Result<Value> {
          GT_ASSIGN_OR_RETURN(IntervalMonthDayNano iv, ToInterval(v[1], name));
          return AddInterval(v[0], iv, sign, ctx, name);
        });
  }
  Reg(r, {"make_date"}, Fixed("make_date", 3, 3, AnyInteger, DataType::Date()),
      [](std::span<const Value> v, const FunctionContext&) -> Result<Value> {
        int64_t f[3];
        for (int i = 0; i < 3; ++i) {
          auto n = v[i].CastTo(DataType::Int32());
          if (!n.ok()) return RuntimeError("make_date", n.status().message());
          f[i] = n->ToInt64().value_or(0);
        }
        if (f[1] < 1 || f[1] > 12 || f[2] < 1 ||
            f[2] > int64_t{DaysInMonth(f[0], static_cast<unsigned>(f[1]))}) {
          return RuntimeError("make_date", fmt::format("Unable to parse date from {}, {}, {}",
                                                       f[0], f[1], f[2]));
        }
        const int64_t days = DaysFromCivil(f[0], static_cast<unsigned>(f[1]), static_cast<unsigned>(f[2]));
        if (days > INT32_MAX || days < INT32_MIN) return RuntimeError("make_date", "date out of range");
        return Value::Date(static_cast<int32_t>(days));
      });
}

void RegisterConversions(FunctionRegistry& r) {
  // to_unixtime: seconds since epoch; integers pass through; strings in the session zone.
  Reg(r, {"to_unixtime"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("to_unixtime", a, 1, 1));
        if (!IsTimeLike(a[0].type) && !a[0].type.is_integer()) {
          return BadArgument("to_unixtime", fmt::format("unsupported type {}", a[0].type.Name()));
        }
        return DataType::Int64();
      },
      [](std::span<const Value> v, const FunctionContext& ctx) -> Result<Value> {
        if (v[0].type().is_integer()) {
          auto n = v[0].CastTo(DataType::Int64());
          if (!n.ok()) return RuntimeError("to_unixtime", n.status().message());
          return *n;
        }
        GT_ASSIGN_OR_RETURN(Timestamp t, ToTs(v[0], TimeUnit::kSecond, ctx, "to_unixtime"));
        return Value::Int64(FloorDiv(t.value, TimeUnitFactor(t.unit)));
      });
  struct ToTsSpec {
    const char* name;
    TimeUnit number_unit;  // what an integer argument counts
    TimeUnit out_unit;
  };
  for (ToTsSpec d : {ToTsSpec{"to_timestamp", TimeUnit::kSecond, TimeUnit::kNanosecond},
                     ToTsSpec{"to_timestamp_seconds", TimeUnit::kSecond, TimeUnit::kSecond},
                     ToTsSpec{"to_timestamp_millis", TimeUnit::kMillisecond, TimeUnit::kMillisecond},
                     ToTsSpec{"to_timestamp_micros", TimeUnit::kMicrosecond, TimeUnit::kMicrosecond},
                     ToTsSpec{"to_timestamp_nanos", TimeUnit::kNanosecond, TimeUnit::kNanosecond}}) {
    const std::string name = d.name;
    Reg(r, {name},
        [name, d](std::span<const ArgInfo> a) -> Result<DataType> {
          GT_RETURN_IF_ERROR(CheckArity(name, a, 1, 16));
          if (!IsTimeLike(a[0].type) && !a[0].type.is_numeric()) {
            return BadArgument(name, fmt::format("unsupported type {}", a[0].type.Name()));
          }
          for (size_t i = 1; i < a.size(); ++i) GT_RETURN_IF_ERROR(ExpectString(name, a[i], "a format"));
          return DataType::Timestamp(d.out_unit);
        },
        [name, d](std::span<const Value> v, const FunctionContext& ctx) -> Result<Value> {
          const Value& x = v[0];
          if (x.is_null()) return Value();
          if (x.type().is_string() && v.size() > 1) {
            GT_ASSIGN_OR_RETURN(Timestamp t, ParseWithFormats(x, v.subspan(1), d.out_unit, ctx, name));
            return Value::Timestamp(t);
          }
          Timestamp t{};
          if (x.type().is_float() || x.type().is_decimal()) {
            // Scale straight to the output unit to keep the fraction.
            const double per = static_cast<double>(TimeUnitFactor(d.out_unit)) /
                               static_cast<double>(TimeUnitFactor(d.number_unit));
            const double scaled = x.ToFloat64().value_or(0) * per;
            if (!std::isfinite(scaled) || std::fabs(scaled) >= 9.2e18) {
              return RuntimeError(name, fmt::format("{} is out of range", x.ToString()));
            }
            return Value::Timestamp(static_cast<int64_t>(std::floor(scaled)), d.out_unit);
          } else if (x.type().is_integer()) {
            auto n = x.CastTo(DataType::Int64());
            if (!n.ok()) return RuntimeError(name, n.status().message());
            t = Timestamp{*n->ToInt64(), d.number_unit};
          } else {
            GT_ASSIGN_OR_RETURN(t, ToTs(x, d.out_unit, ctx, name));
          }
          auto out = t.ConvertTo(d.out_unit);
          if (!out.ok()) return RuntimeError(name, out.status().message());
          return Value::Timestamp(*out);
        });
  }
  Reg(r, {"to_date"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("to_date", a, 1, 16));
        if (!IsTimeLike(a[0].type) && !a[0].type.is_integer()) {
          return BadArgument("to_date", fmt::format("unsupported type {}", a[0].type.Name()));
        }
        for (size_t i = 1; i < a.size(); ++i) GT_RETURN_IF_ERROR(ExpectString("to_date", a[i], "a format"));
        return DataType::Date();
      },
      [](std::span<const Value> v, const FunctionContext& ctx) -> Result<Value> {
        if (v[0].is_null()) return Value();
        if (v[0].type().is_string() && v.size() > 1) {
          // Formats describe a date: read it in UTC so no zone shifts the day.
          FunctionContext utc = ctx;
          utc.time_zone = TimeZone::Utc();
          GT_ASSIGN_OR_RETURN(Timestamp t, ParseWithFormats(v[0], v.subspan(1), TimeUnit::kSecond,
                                                            utc, "to_date"));
          return Value::Date(static_cast<int32_t>(FloorDiv(t.value, kSecondsPerDay)));
        }
        auto d = v[0].CastTo(DataType::Date());
        if (!d.ok()) return RuntimeError("to_date", d.status().message());
        return *d;
      },
      false);
  // from_unixtime(seconds [, zone]) → TimestampSecond. The zone only validates (an instant
  // has no zone in our types).
  Reg(r, {"from_unixtime"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("from_unixtime", a, 1, 2));
        if (!a[0].type.is_integer() && !a[0].type.is_null()) {
          return BadArgument("from_unixtime", fmt::format("expected an integer, got {}", a[0].type.Name()));
        }
        if (a.size() > 1) GT_RETURN_IF_ERROR(ExpectString("from_unixtime", a[1], "the time zone"));
        return DataType::TimestampSecond();
      },
      [](std::span<const Value> v, const FunctionContext&) -> Result<Value> {
        if (v.size() > 1) {
          auto zone = TimeZone::Parse(v[1].AsBytes());
          if (!zone.ok()) return RuntimeError("from_unixtime", zone.status().message());
        }
        auto n = v[0].CastTo(DataType::Int64());
        if (!n.ok()) return RuntimeError("from_unixtime", n.status().message());
        return Value::Timestamp(*n->ToInt64(), TimeUnit::kSecond);
      });
  r.RegisterScalar("arrow_typeof", std::make_shared<LambdaScalarFunction>(
      Fixed("arrow_typeof", 1, 1, AnyType, DataType::String()),
      [](std::span<const ColumnPtr> args, size_t rows, const FunctionContext&) -> Result<ColumnPtr> {
        return types::MakeConstantColumn(DataType::String(),
                                         Value::String(ArrowTypeName(args[0]->type())), rows);
      }));
  Reg(r, {"arrow_cast"}, ArrowCastType,
      [](std::span<const Value> v, const FunctionContext& ctx) -> Result<Value> {
        GT_ASSIGN_OR_RETURN(DataType out, ParseArrowType(v[1].AsBytes()));
        auto cast = v[0].CastTo(out, ctx.time_zone);
        if (!cast.ok()) return RuntimeError("arrow_cast", cast.status().message());
        return *cast;
      });
}

}  // namespace

void RegisterTimeFunctions(FunctionRegistry& registry) {
  RegisterClock(registry);
  RegisterCalendar(registry);
  RegisterConversions(registry);
}

}  // namespace greptime::query
