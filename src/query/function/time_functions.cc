// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Time functions: now, current_date, date_trunc, date_bin, date_part/extract, date_format,
// to_unixtime, to_timestamp*, date_add/date_sub, arrow_typeof, arrow_cast, timezone.
// Calendar units are computed in the session time zone.
#include <cmath>

#include "query/function/function_util.h"
#include "common/strings.h"
#include "types/column_builder.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Howard Hinnant's civil date algorithms.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t year;
  unsigned month, day, hour, minute, second;
  int64_t subsec;  // in the timestamp unit
  int weekday;     // 0 = Sunday
  int yday;        // 1-based
};

Civil ToCivil(int64_t value, TimeUnit unit, const TimeZone& zone) {
  const int64_t per = TimeUnitFactor(unit);
  int64_t secs = FloorDiv(value, per);
  Civil c{};
  c.subsec = value - secs * per;
  secs += zone.OffsetAt(secs);
  int64_t days = FloorDiv(secs, 86400);
  int64_t sod = secs - days * 86400;
  c.hour = static_cast<unsigned>(sod / 3600);
  c.minute = static_cast<unsigned>(sod % 3600 / 60);
  c.second = static_cast<unsigned>(sod % 60);
  c.weekday = static_cast<int>((days % 7 + 11) % 7);  // 1970-01-01 was a Thursday
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  c.day = doy - (153 * mp + 2) / 5 + 1;
  c.month = mp < 10 ? mp + 3 : mp - 9;
  c.year = y + (c.month <= 2);
  c.yday = static_cast<int>(days - DaysFromCivil(c.year, 1, 1)) + 1;
  return c;
}

int64_t FromCivil(const Civil& c, TimeUnit unit, const TimeZone& zone) {
  int64_t secs = zone.CivilToEpochSeconds(static_cast<int>(c.year), static_cast<int>(c.month),
                                          static_cast<int>(c.day), static_cast<int>(c.hour),
                                          static_cast<int>(c.minute), static_cast<int>(c.second));
  return secs * TimeUnitFactor(unit) + c.subsec;
}


Result<Value> ToTimestampValue(const Value& v, TimeUnit unit, const TimeZone& zone) {
  if (v.is_null()) return Value();
  if (v.type().is_string()) {
    GT_ASSIGN_OR_RETURN(Timestamp ts, ParseTimestamp(v.AsBytes(), zone, unit));
    return Value::Timestamp(ts.value, ts.unit);
  }
  if (v.type().is_timestamp()) return v.CastTo(DataType::Timestamp(unit));
  if (v.type().is_float()) {
    double d = *v.ToFloat64();
    return Value::Timestamp(static_cast<int64_t>(d * static_cast<double>(TimeUnitFactor(unit))), unit);
  }
  if (auto n = v.ToInt64()) {
    // Integers are in the function's unit (to_timestamp: seconds).
    return Value::Timestamp(*n, unit);
  }
  return Status::InvalidArguments("cannot convert {} to a timestamp", v.type().Name());
}

class CtxFunction final : public ScalarFunction {
 public:
  using TypeFn = std::function<Result<DataType>(std::span<const ArgInfo>)>;
  using RowCtxFn = std::function<Result<Value>(std::span<const Value>, const FunctionContext&)>;
  CtxFunction(TypeFn t, RowCtxFn f, bool propagate = true)
      : t_(std::move(t)), f_(std::move(f)), propagate_(propagate) {}
  Result<DataType> ReturnType(std::span<const ArgInfo> args) const override { return t_(args); }
  Result<ColumnPtr> Invoke(std::span<const ColumnPtr> args, size_t rows,
                           const FunctionContext& ctx) const override {
    std::vector<ArgInfo> infos;
    std::vector<Value> consts(args.size());
    for (size_t i = 0; i < args.size(); ++i) {
      infos.push_back({args[i]->type(), nullptr});
    }
    // Type rules that depend on constant arguments see the first row's values.
    if (rows > 0) {
      for (size_t i = 0; i < args.size(); ++i) {
        consts[i] = args[i]->GetValue(0);
        infos[i].constant = &consts[i];
      }
    }
    GT_ASSIGN_OR_RETURN(DataType out, t_(infos));
    const FunctionContext* c = &ctx;
    return MapRows(args, rows, out,
                   [this, c](std::span<const Value> v) { return f_(v, *c); }, propagate_);
  }

 private:
  TypeFn t_;
  RowCtxFn f_;
  bool propagate_;
};

void Reg(FunctionRegistry& r, std::initializer_list<std::string> names, CtxFunction::TypeFn t,
         CtxFunction::RowCtxFn f, bool propagate = true) {
  auto fn = std::make_shared<CtxFunction>(std::move(t), std::move(f), propagate);
  for (const auto& n : names) r.RegisterScalar(n, fn);
}

std::string ArrowTypeName(const DataType& t) {
  switch (t.id()) {
    case types::TypeId::kNull: return "Null";
    case types::TypeId::kBoolean: return "Boolean";
    case types::TypeId::kString: return "Utf8";
    case types::TypeId::kBinary: return "Binary";
    case types::TypeId::kDate: return "Date32";
    case types::TypeId::kJson: return "Binary";
    case types::TypeId::kIntervalMonthDayNano: return "Interval(MonthDayNano)";
    case types::TypeId::kDecimal128: return fmt::format("Decimal128({}, {})", t.precision(), t.scale());
    case types::TypeId::kTimestamp: {
      const char* u = t.time_unit() == TimeUnit::kSecond        ? "Second"
                      : t.time_unit() == TimeUnit::kMillisecond ? "Millisecond"
                      : t.time_unit() == TimeUnit::kMicrosecond ? "Microsecond"
                                                                : "Nanosecond";
      return fmt::format("Timestamp({}, None)", u);
    }
    default: return t.Name();
  }
}

Result<DataType> ParseArrowType(std::string text) {
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
      {"Binary", DataType::Binary()},   {"Date32", DataType::Date()},
      {"Null", DataType::Null()},
  };
  for (const auto& [name, type] : kSimple) {
    if (s == name) return type;
  }
  if (s.rfind("Timestamp(", 0) == 0) {
    if (s.find("Second,") == 10) return DataType::TimestampSecond();
    if (s.find("Millisecond") != std::string::npos) return DataType::TimestampMillisecond();
    if (s.find("Microsecond") != std::string::npos) return DataType::TimestampMicrosecond();
    if (s.find("Nanosecond") != std::string::npos) return DataType::TimestampNanosecond();
  }
  if (s.rfind("Decimal128(", 0) == 0) {
    int p = 0, sc = 0;
    if (std::sscanf(s.c_str(), "Decimal128(%d,%d)", &p, &sc) == 2) {
      return DataType::MakeDecimal128(p, sc);
    }
  }
  return Status::InvalidArguments("Unsupported type '{}'. Must be a supported arrow type name such as 'Int32' or 'Timestamp(Nanosecond, None)'", text);
}

class ArrowCast final : public ScalarFunction {
 public:
  Result<DataType> ReturnType(std::span<const ArgInfo> args) const override {
    GT_RETURN_IF_ERROR(CheckArity("arrow_cast", args, 2, 2));
    if (args[1].constant == nullptr || !args[1].constant->type().is_string()) {
      return BadArgument("arrow_cast", "the second argument must be a constant type name");
    }
    return ParseArrowType(args[1].constant->AsBytes());
  }
  Result<ColumnPtr> Invoke(std::span<const ColumnPtr> args, size_t rows,
                           const FunctionContext& ctx) const override {
    if (rows == 0) return types::MakeConstantColumn(DataType::Null(), Value(), 0);
    Value t = args[1]->GetValue(0);
    GT_ASSIGN_OR_RETURN(DataType out, ParseArrowType(t.AsBytes()));
    return MapRows(args.subspan(0, 1), rows, out,
                   [out, &ctx](std::span<const Value> v) { return v[0].CastTo(out, ctx.time_zone); });
  }
};

std::string FormatDate(const Civil& c, int64_t subsec, TimeUnit unit, const std::string& fmt,
                       int offset_secs) {
  static const char* kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  static const char* kMonths[] = {"January", "February", "March", "April", "May", "June", "July",
                                  "August", "September", "October", "November", "December"};
  std::string out;
  const int64_t nanos = subsec * (1000000000 / TimeUnitFactor(unit));
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%' || i + 1 >= fmt.size()) {
      out += fmt[i];
      continue;
    }
    char f = fmt[++i];
    switch (f) {
      case 'Y': out += fmt::format("{:04}", c.year); break;
      case 'y': out += fmt::format("{:02}", c.year % 100); break;
      case 'm': out += fmt::format("{:02}", c.month); break;
      case 'd': out += fmt::format("{:02}", c.day); break;
      case 'e': out += fmt::format("{:2}", c.day); break;
      case 'H': out += fmt::format("{:02}", c.hour); break;
      case 'I': out += fmt::format("{:02}", c.hour % 12 == 0 ? 12 : c.hour % 12); break;
      case 'M': out += fmt::format("{:02}", c.minute); break;
      case 'S': out += fmt::format("{:02}", c.second); break;
      case 'p': out += c.hour < 12 ? "AM" : "PM"; break;
      case 'j': out += fmt::format("{:03}", c.yday); break;
      case 'a': out += std::string(kDays[c.weekday]).substr(0, 3); break;
      case 'A': out += kDays[c.weekday]; break;
      case 'b': out += std::string(kMonths[c.month - 1]).substr(0, 3); break;
      case 'B': out += kMonths[c.month - 1]; break;
      case 'F': out += fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day); break;
      case 'T': out += fmt::format("{:02}:{:02}:{:02}", c.hour, c.minute, c.second); break;
      case 'f': out += fmt::format("{:09}", nanos); break;
      case 'z': {
        int o = offset_secs;
        out += fmt::format("{}{:02}{:02}", o < 0 ? '-' : '+', std::abs(o) / 3600, std::abs(o) % 3600 / 60);
        break;
      }
      case 's': out += std::to_string(nanos); break;
      case '3': case '6': case '9':
        if (i + 1 < fmt.size() && fmt[i + 1] == 'f') {
          ++i;
          int digits = f - '0';
          out += fmt::format("{:09}", nanos).substr(0, digits);
        } else {
          out += '%';
          out += f;
        }
        break;
      case '.':
        if (i + 2 < fmt.size() && fmt[i + 2] == 'f') {
          int digits = fmt[i + 1] - '0';
          i += 2;
          out += "." + fmt::format("{:09}", nanos).substr(0, digits);
        } else {
          out += "%.";
        }
        break;
      case '%': out += '%'; break;
      default: out += '%'; out += f; break;
    }
  }
  return out;
}

Result<Value> AddInterval(const Value& ts, const types::IntervalMonthDayNano& iv, int sign,
                          const TimeZone& zone) {
  if (ts.type().is_date()) {
    GT_ASSIGN_OR_RETURN(Value t2, ts.CastTo(DataType::TimestampSecond()));
    GT_ASSIGN_OR_RETURN(Value r, AddInterval(t2, iv, sign, TimeZone::Utc()));
    return r.CastTo(DataType::Date());
  }
  Timestamp t = ts.AsTimestamp();
  int64_t value = t.value;
  if (iv.months != 0) {
    Civil c = ToCivil(value, t.unit, zone);
    int64_t total = c.year * 12 + (c.month - 1) + sign * iv.months;
    c.year = FloorDiv(total, 12);
    c.month = static_cast<unsigned>(total - c.year * 12 + 1);
    static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned dim = kDays[c.month - 1];
    if (c.month == 2 && (c.year % 4 == 0 && (c.year % 100 != 0 || c.year % 400 == 0))) dim = 29;
    c.day = std::min(c.day, dim);
    value = FromCivil(c, t.unit, zone);
  }
  __int128 nanos = static_cast<__int128>(iv.days) * 86400 * 1000000000LL + iv.nanoseconds;
  value += sign * static_cast<int64_t>(nanos / (1000000000 / TimeUnitFactor(t.unit)));
  return Value::Timestamp(value, t.unit);
}

// date_trunc with a vectorized path for fixed-length units (second/minute/hour, and day in
// zones without DST changes such as UTC or fixed offsets) over a timestamp column; every other
// case goes row by row through `fallback`.
class DateTrunc final : public ScalarFunction {
 public:
  explicit DateTrunc(std::shared_ptr<const ScalarFunction> fallback)
      : fallback_(std::move(fallback)) {}
  Result<DataType> ReturnType(std::span<const ArgInfo> args) const override {
    return fallback_->ReturnType(args);
  }
  Result<ColumnPtr> Invoke(std::span<const ColumnPtr> args, size_t rows,
                           const FunctionContext& ctx) const override {
    const auto* ts = args.size() == 2 ? args[1]->As<types::TimestampColumn>() : nullptr;
    const std::string& zone = ctx.time_zone.name();
    const bool fixed_zone = zone == "UTC" || (!zone.empty() && (zone[0] == '+' || zone[0] == '-'));
    if (ts != nullptr && rows > 0 && args[0]->size() == rows && !args[0]->IsNull(0) &&
        args[0]->type().is_string()) {
      const std::string unit = AsciiLower(args[0]->GetValue(0).AsBytes());
      int64_t seconds = unit == "second" ? 1 : unit == "minute" ? 60 : unit == "hour" ? 3600
                        : (unit == "day" && fixed_zone) ? 86400 : 0;
      bool constant_unit = true;
      for (size_t i = 1; i < rows && constant_unit && seconds != 0; ++i) {
        constant_unit = !args[0]->IsNull(i) && AsciiLower(args[0]->GetValue(i).AsBytes()) == unit;
      }
      if (seconds != 0 && constant_unit) {
        const int64_t per = TimeUnitFactor(ts->type().time_unit());
        const int64_t step = seconds * per;
        const int64_t offset = fixed_zone ? static_cast<int64_t>(ctx.time_zone.OffsetAt(0)) * per : 0;
        std::vector<int64_t> out(rows);
        auto in = ts->values();
        for (size_t i = 0; i < rows; ++i) {
          out[i] = FloorDiv(in[i] + offset, step) * step - offset;
        }
        auto bits = ts->validity();
        return ColumnPtr(std::make_shared<types::TimestampColumn>(
            ts->type(), std::make_shared<const std::vector<int64_t>>(std::move(out)), 0, bits));
      }
    }
    return fallback_->Invoke(args, rows, ctx);
  }

 private:
  std::shared_ptr<const ScalarFunction> fallback_;
};

}  // namespace

void RegisterTimeFunctions(FunctionRegistry& r) {
  Reg(r, {"now", "current_timestamp", "localtimestamp"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("now", a, 0, 0));
        return DataType::TimestampMillisecond();
      },
      [](std::span<const Value>, const FunctionContext& ctx) -> Result<Value> {
        return Value::Timestamp(ctx.now_ns / 1000000, TimeUnit::kMillisecond);
      });
  Reg(r, {"current_date", "today"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("current_date", a, 0, 0));
        return DataType::Date();
      },
      [](std::span<const Value>, const FunctionContext& ctx) -> Result<Value> {
        Civil c = ToCivil(ctx.now_ns, TimeUnit::kNanosecond, ctx.time_zone);
        return Value::Date(static_cast<int32_t>(DaysFromCivil(c.year, c.month, c.day)));
      });
  Reg(r, {"timezone"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("timezone", a, 0, 0));
        return DataType::String();
      },
      [](std::span<const Value>, const FunctionContext& ctx) -> Result<Value> {
        return Value::String(ctx.time_zone.name());
      });
  Reg(r, {"__date_trunc_rows"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("date_trunc", a, 2, 2));
        if (a[1].type.is_timestamp()) return a[1].type;
        if (a[1].type.is_string() || a[1].type.is_date() || a[1].type.is_null()) {
          return DataType::TimestampNanosecond();
        }
        return BadArgument("date_trunc", "the second argument must be a timestamp");
      },
      [](std::span<const Value> v, const FunctionContext& ctx) -> Result<Value> {
        Value ts = v[1];
        if (!ts.type().is_timestamp()) {
          GT_ASSIGN_OR_RETURN(ts, ts.CastTo(DataType::TimestampNanosecond(), ctx.time_zone));
        }
        Timestamp t = ts.AsTimestamp();
        std::string unit = AsciiLower(v[0].AsBytes());
        const int64_t per = TimeUnitFactor(t.unit);
        auto trunc_fixed = [&](int64_t step) {
          return Value::Timestamp(FloorDiv(t.value, step) * step, t.unit);
        };
        if (unit == "microsecond" || unit == "microseconds") {
          return trunc_fixed(std::max<int64_t>(1, per / 1000000));
        }
        if (unit == "millisecond" || unit == "milliseconds") {
          return trunc_fixed(std::max<int64_t>(1, per / 1000));
        }
        Civil c = ToCivil(t.value, t.unit, ctx.time_zone);
        c.subsec = 0;
        if (unit == "second") {
          // nothing more
        } else if (unit == "minute") {
          c.second = 0;
        } else if (unit == "hour") {
          c.second = c.minute = 0;
        } else if (unit == "day") {
          c.second = c.minute = c.hour = 0;
        } else if (unit == "week") {
          c.second = c.minute = c.hour = 0;
          int back = (c.weekday + 6) % 7;  // weeks start on Monday
          int64_t days = DaysFromCivil(c.year, c.month, c.day) - back;
          Civil d = ToCivil(days * 86400, TimeUnit::kSecond, TimeZone::Utc());
          c.year = d.year;
          c.month = d.month;
          c.day = d.day;
        } else if (unit == "month") {
          c.second = c.minute = c.hour = 0;
          c.day = 1;
        } else if (unit == "quarter") {
          c.second = c.minute = c.hour = 0;
          c.day = 1;
          c.month = (c.month - 1) / 3 * 3 + 1;
        } else if (unit == "year") {
          c.second = c.minute = c.hour = 0;
          c.day = 1;
          c.month = 1;
        } else {
          return Status::InvalidArguments("Unsupported date_trunc granularity: {}", unit);
        }
        return Value::Timestamp(FromCivil(c, t.unit, ctx.time_zone), t.unit);
      });
  {
    // Share the row-by-row implementation as the fallback of the vectorized one.
    const ScalarFunction* rows_fn = r.FindScalar("__date_trunc_rows");
    std::shared_ptr<const ScalarFunction> fallback(rows_fn, [](const ScalarFunction*) {});
    auto fn = std::make_shared<DateTrunc>(fallback);
    r.RegisterScalar("date_trunc", fn);
    r.RegisterScalar("datetrunc", fn);
  }
  Reg(r, {"date_bin"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("date_bin", a, 2, 3));
        if (a[1].type.is_timestamp()) return a[1].type;
        return DataType::TimestampNanosecond();
      },
      [](std::span<const Value> v, const FunctionContext& ctx) -> Result<Value> {
        Value ts = v[1];
        if (!ts.type().is_timestamp()) {
          GT_ASSIGN_OR_RETURN(ts, ts.CastTo(DataType::TimestampNanosecond(), ctx.time_zone));
        }
        Timestamp t = ts.AsTimestamp();
        int64_t stride_ns = 0;
        if (v[0].type().is_interval()) {
          const auto& iv = v[0].AsInterval();
          if (iv.months != 0) return Status::InvalidArguments("date_bin: month intervals are not supported");
          stride_ns = static_cast<int64_t>(iv.days) * 86400 * 1000000000LL + iv.nanoseconds;
        } else if (v[0].type().is_string()) {
          auto d = ParseDuration(v[0].AsBytes());
          if (!d.ok()) return Status::InvalidArguments("date_bin: invalid stride {}", v[0].AsBytes());
          stride_ns = d->count();
        } else {
          return Status::InvalidArguments("date_bin: the stride must be an interval");
        }
        const int64_t per_ns = 1000000000 / TimeUnitFactor(t.unit);
        int64_t stride = stride_ns / per_ns;
        if (stride <= 0) return Status::InvalidArguments("date_bin: the stride must be positive");
        int64_t origin = 0;
        if (v.size() > 2) {
          GT_ASSIGN_OR_RETURN(Value o, v[2].CastTo(DataType::Timestamp(t.unit), ctx.time_zone));
          origin = o.AsTimestamp().value;
        }
        return Value::Timestamp(origin + FloorDiv(t.value - origin, stride) * stride, t.unit);
      });
  Reg(r, {"date_part", "datepart", "extract"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("date_part", a, 2, 2));
        return DataType::Float64();
      },
      [](std::span<const Value> v, const FunctionContext& ctx) -> Result<Value> {
        Value ts = v[1];
        if (ts.type().is_date()) {
          GT_ASSIGN_OR_RETURN(ts, ts.CastTo(DataType::TimestampSecond()));
          Civil c = ToCivil(ts.AsTimestamp().value, TimeUnit::kSecond, TimeZone::Utc());
          (void)c;
        }
        if (!ts.type().is_timestamp()) {
          GT_ASSIGN_OR_RETURN(ts, ts.CastTo(DataType::TimestampNanosecond(), ctx.time_zone));
        }
        Timestamp t = ts.AsTimestamp();
        const TimeZone& zone = v[1].type().is_date() ? TimeZone::Utc() : ctx.time_zone;
        Civil c = ToCivil(t.value, t.unit, zone);
        std::string f = AsciiLower(v[0].AsBytes());
        double sub = static_cast<double>(c.subsec) / static_cast<double>(TimeUnitFactor(t.unit));
        if (f == "year" || f == "years") return Value::Float64(static_cast<double>(c.year));
        if (f == "month" || f == "months") return Value::Float64(c.month);
        if (f == "day" || f == "days") return Value::Float64(c.day);
        if (f == "hour" || f == "hours") return Value::Float64(c.hour);
        if (f == "minute" || f == "minutes") return Value::Float64(c.minute);
        if (f == "second" || f == "seconds") return Value::Float64(c.second + sub);
        if (f == "millisecond" || f == "milliseconds") return Value::Float64((c.second + sub) * 1000);
        if (f == "microsecond" || f == "microseconds") return Value::Float64((c.second + sub) * 1e6);
        if (f == "nanosecond" || f == "nanoseconds") return Value::Float64((c.second + sub) * 1e9);
        if (f == "dow") return Value::Float64(c.weekday);
        if (f == "doy") return Value::Float64(c.yday);
        if (f == "quarter") return Value::Float64((c.month - 1) / 3 + 1);
        if (f == "week") {
          int64_t days = DaysFromCivil(c.year, c.month, c.day);
          int wd = (c.weekday + 6) % 7;  // Monday = 0
          int64_t thursday = days - wd + 3;
          Civil th = ToCivil(thursday * 86400, TimeUnit::kSecond, TimeZone::Utc());
          return Value::Float64(static_cast<double>((thursday - DaysFromCivil(th.year, 1, 1)) / 7 + 1));
        }
        if (f == "epoch") {
          return Value::Float64(static_cast<double>(t.value) / static_cast<double>(TimeUnitFactor(t.unit)));
        }
        return Status::InvalidArguments("date_part: unsupported field {}", f);
      });
  Reg(r, {"date_format"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("date_format", a, 2, 2));
        return DataType::String();
      },
      [](std::span<const Value> v, const FunctionContext& ctx) -> Result<Value> {
        Value ts = v[0];
        if (ts.type().is_date()) {
          GT_ASSIGN_OR_RETURN(ts, ts.CastTo(DataType::TimestampSecond()));
          Civil c = ToCivil(ts.AsTimestamp().value, TimeUnit::kSecond, TimeZone::Utc());
          return Value::String(FormatDate(c, 0, TimeUnit::kSecond, v[1].AsBytes(), 0));
        }
        if (!ts.type().is_timestamp()) {
          GT_ASSIGN_OR_RETURN(ts, ts.CastTo(DataType::TimestampMillisecond(), ctx.time_zone));
        }
        Timestamp t = ts.AsTimestamp();
        Civil c = ToCivil(t.value, t.unit, ctx.time_zone);
        int offset = ctx.time_zone.OffsetAt(FloorDiv(t.value, TimeUnitFactor(t.unit)));
        return Value::String(FormatDate(c, c.subsec, t.unit, v[1].AsBytes(), offset));
      });
  Reg(r, {"to_unixtime"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("to_unixtime", a, 1, 1));
        return DataType::Int64();
      },
      [](std::span<const Value> v, const FunctionContext& ctx) -> Result<Value> {
        if (v[0].type().is_integer()) return Value::Int64(*v[0].ToInt64());
        GT_ASSIGN_OR_RETURN(Value ts, ToTimestampValue(v[0], TimeUnit::kSecond, ctx.time_zone));
        if (v[0].type().is_timestamp()) {
          Timestamp t = v[0].AsTimestamp();
          return Value::Int64(FloorDiv(t.value, TimeUnitFactor(t.unit)));
        }
        return Value::Int64(ts.AsTimestamp().value);
      });
  struct ToTs {
    const char* name;
    TimeUnit unit;
  };
  for (ToTs d : {ToTs{"to_timestamp", TimeUnit::kSecond}, ToTs{"to_timestamp_seconds", TimeUnit::kSecond},
                 ToTs{"to_timestamp_millis", TimeUnit::kMillisecond},
                 ToTs{"to_timestamp_micros", TimeUnit::kMicrosecond},
                 ToTs{"to_timestamp_nanos", TimeUnit::kNanosecond}}) {
    const bool plain = std::string(d.name) == "to_timestamp";
    const TimeUnit in_unit = d.unit;
    const TimeUnit out_unit = plain ? TimeUnit::kNanosecond : d.unit;
    Reg(r, {d.name},
        [name = std::string(d.name), out_unit](std::span<const ArgInfo> a) -> Result<DataType> {
          GT_RETURN_IF_ERROR(CheckArity(name, a, 1, 8));
          return DataType::Timestamp(out_unit);
        },
        [in_unit, out_unit](std::span<const Value> v, const FunctionContext& ctx) -> Result<Value> {
          Value x = v[0];
          if (x.type().is_string() || x.type().is_timestamp()) {
            return ToTimestampValue(x, out_unit, ctx.time_zone);
          }
          GT_ASSIGN_OR_RETURN(Value t, ToTimestampValue(x, in_unit, ctx.time_zone));
          return t.CastTo(DataType::Timestamp(out_unit));
        });
  }
  for (int sign : {1, -1}) {
    Reg(r, {sign > 0 ? "date_add" : "date_sub"},
        [sign](std::span<const ArgInfo> a) -> Result<DataType> {
          GT_RETURN_IF_ERROR(CheckArity(sign > 0 ? "date_add" : "date_sub", a, 2, 2));
          if (a[0].type.is_timestamp() || a[0].type.is_date()) return a[0].type;
          return DataType::TimestampMillisecond();
        },
        [sign](std::span<const Value> v, const FunctionContext& ctx) -> Result<Value> {
          Value ts = v[0];
          if (!ts.type().is_timestamp() && !ts.type().is_date()) {
            GT_ASSIGN_OR_RETURN(ts, ts.CastTo(DataType::TimestampMillisecond(), ctx.time_zone));
          }
          types::IntervalMonthDayNano iv;
          if (v[1].type().is_interval()) {
            iv = v[1].AsInterval();
          } else if (v[1].type().is_string()) {
            auto d = ParseDuration(v[1].AsBytes());
            if (!d.ok()) return Status::InvalidArguments("invalid interval {}", v[1].AsBytes());
            iv.nanoseconds = d->count();
          } else {
            return Status::InvalidArguments("the second argument must be an interval");
          }
          return AddInterval(ts, iv, sign, ctx.time_zone);
        });
  }
  Reg(r, {"arrow_typeof"},
      [](std::span<const ArgInfo> a) -> Result<DataType> {
        GT_RETURN_IF_ERROR(CheckArity("arrow_typeof", a, 1, 1));
        return DataType::String();
      },
      [](std::span<const Value> v, const FunctionContext&) -> Result<Value> {
        return Value::String(ArrowTypeName(v[0].type()));
      },
      false);
  r.RegisterScalar("arrow_cast", std::make_shared<ArrowCast>());
}

}  // namespace greptime::query
