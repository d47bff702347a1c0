// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Time functions called directly through a registry holding only them. Expected values follow
// the sqlness corpus (common/function/date.sql, common/select/dummy.sql, types/timestamp/*).
#include <gtest/gtest.h>

#include "common/testing.h"
#include "query/function/function.h"
#include "types/column_builder.h"

namespace greptime::query {
namespace {

using types::ColumnPtr;
using types::DataType;
using types::Value;

Value Str(std::string s) { return Value::String(std::move(s)); }
Value Ms(int64_t v) { return Value::Timestamp(v, TimeUnit::kMillisecond); }

class TimeFunctionsTest : public ::testing::Test {
 protected:
  TimeFunctionsTest() {
    RegisterTimeFunctions(registry_);
    ctx_.now_ns = 1700000000123456789;  // 2023-11-14T22:13:20.123456789Z
  }

  void SetZone(std::string_view zone) { ctx_.time_zone = *TimeZone::Parse(zone); }

  // Binds `name` with constant arguments and evaluates it on `rows` rows; checks that the
  // column has the promised type and that all rows agree.
  Result<Value> Call(std::string_view name, std::vector<Value> args, size_t rows = 1) {
    const ScalarFunction* fn = registry_.FindScalar(name);
    if (fn == nullptr) return Status::InvalidArguments("no function {}", name);
    std::vector<ArgInfo> infos;
    std::vector<ColumnPtr> columns;
    for (const Value& a : args) {
      infos.push_back({a.type(), &a});
      columns.push_back(types::MakeConstantColumn(a.type(), a, rows));
    }
    GT_ASSIGN_OR_RETURN(DataType type, fn->ReturnType(infos));
    GT_ASSIGN_OR_RETURN(ColumnPtr out, fn->Invoke(columns, rows, ctx_));
    EXPECT_EQ(out->type(), type) << name;
    EXPECT_EQ(out->size(), rows) << name;
    for (size_t i = 1; i < rows; ++i) EXPECT_EQ(out->GetValue(i), out->GetValue(0));
    return out->GetValue(0);
  }
  // The value as sqlness prints it ("NULL" for null).
  std::string Text(std::string_view name, std::vector<Value> args) {
    auto v = Call(name, std::move(args));
    if (!v.ok()) return "error: " + v.status().ToString();
    return v->is_null() ? "NULL" : v->ToString();
  }
  Result<DataType> TypeOf(std::string_view name, std::vector<Value> args) {
    std::vector<ArgInfo> infos;
    for (const Value& a : args) infos.push_back({a.type(), &a});
    return registry_.FindScalar(name)->ReturnType(infos);
  }

  FunctionRegistry registry_;
  FunctionContext ctx_;
};

// kInvalidArguments whose message names the function.
#define EXPECT_BAD_ARGS(expr, fn)                                         \
  do {                                                                    \
    auto r_ = (expr);                                                     \
    ASSERT_FALSE(r_.ok());                                                \
    EXPECT_EQ(r_.status().code(), StatusCode::kInvalidArguments);         \
    EXPECT_NE(r_.status().message().find(fn), std::string::npos)          \
        << r_.status().message();                                         \
  } while (0)

TEST_F(TimeFunctionsTest, NowIsTheQueryStartInNanoseconds) {
  for (const char* name : {"now", "current_timestamp", "localtimestamp"}) {
    ASSERT_OK_AND_ASSIGN(Value v, Call(name, {}, 3));
    EXPECT_EQ(v, Value::Timestamp(1700000000123456789, TimeUnit::kNanosecond));
  }
  EXPECT_EQ(Text("current_date", {}), "2023-11-14");
  EXPECT_EQ(Text("current_time", {}), "22:13:20.123456789");
  EXPECT_EQ(Text("timezone", {}), "UTC");
  SetZone("Asia/Shanghai");
  EXPECT_EQ(Text("current_date", {}), "2023-11-15");
  EXPECT_EQ(Text("current_time", {}), "06:13:20.123456789");
  EXPECT_EQ(Text("timezone", {}), "Asia/Shanghai");
  EXPECT_BAD_ARGS(TypeOf("now", {Value::Int64(1)}), "now");
}

TEST_F(TimeFunctionsTest, DateTruncUnits) {
  const Value ts = Ms(1700000000123);  // 2023-11-14T22:13:20.123Z, a Tuesday
  EXPECT_EQ(Text("date_trunc", {Str("second"), ts}), "2023-11-14T22:13:20");
  EXPECT_EQ(Text("date_trunc", {Str("MINUTE"), ts}), "2023-11-14T22:13:00");
  EXPECT_EQ(Text("date_trunc", {Str("hour"), ts}), "2023-11-14T22:00:00");
  EXPECT_EQ(Text("date_trunc", {Str("day"), ts}), "2023-11-14T00:00:00");
  EXPECT_EQ(Text("date_trunc", {Str("week"), ts}), "2023-11-13T00:00:00");
  EXPECT_EQ(Text("date_trunc", {Str("month"), ts}), "2023-11-01T00:00:00");
  EXPECT_EQ(Text("date_trunc", {Str("quarter"), ts}), "2023-10-01T00:00:00");
  EXPECT_EQ(Text("date_trunc", {Str("year"), ts}), "2023-01-01T00:00:00");
  EXPECT_EQ(Text("date_trunc", {Str("millisecond"), Value::Timestamp(1500, TimeUnit::kMicrosecond)}),
            "1970-01-01T00:00:00.001");
  // Before the epoch truncation goes down, not toward zero.
  EXPECT_EQ(Text("date_trunc", {Str("minute"), Ms(-1)}), "1969-12-31T23:59:00");
  // The result keeps the input unit; strings become nanoseconds.
  ASSERT_OK_AND_ASSIGN(DataType t, TypeOf("date_trunc", {Str("day"), Value::Timestamp(1, TimeUnit::kSecond)}));
  EXPECT_EQ(t, DataType::TimestampSecond());
  ASSERT_OK_AND_ASSIGN(t, TypeOf("date_trunc", {Str("day"), Str("2024-01-01 10:00:00")}));
  EXPECT_EQ(t, DataType::TimestampNanosecond());
  EXPECT_EQ(Text("date_trunc", {Str("day"), Str("2024-01-01 10:00:00")}), "2024-01-01T00:00:00");
}

TEST_F(TimeFunctionsTest, DateTruncUsesSessionZoneForCalendarUnits) {
  SetZone("Asia/Shanghai");
  const Value ts = Ms(1700000000000);  // 2023-11-15 06:13:20 in Shanghai
  EXPECT_EQ(Text("date_trunc", {Str("day"), ts}), "2023-11-14T16:00:00");
  EXPECT_EQ(Text("date_trunc", {Str("month"), ts}), "2023-10-31T16:00:00");
  EXPECT_EQ(Text("date_trunc", {Str("hour"), ts}), "2023-11-14T22:00:00");
  SetZone("+05:30");
  EXPECT_EQ(Text("date_trunc", {Str("hour"), ts}), "2023-11-14T21:30:00");
  // Across a DST change: 2024-03-10 is 23 hours long in New York.
  SetZone("America/New_York");
  EXPECT_EQ(Text("date_trunc", {Str("day"), Str("2024-03-10 12:00:00")}), "2024-03-10T05:00:00");
  EXPECT_EQ(Text("date_trunc", {Str("day"), Str("2024-03-11 12:00:00")}), "2024-03-11T04:00:00");
}

TEST_F(TimeFunctionsTest, DateTruncColumnPathMatchesRowPath) {
  auto b = types::MakeColumnBuilder(DataType::TimestampMillisecond(), 4);
  for (int64_t v : {int64_t{1700000000123}, int64_t{-1}, int64_t{86399999}}) {
    ASSERT_OK(b->Append(Ms(v)));
  }
  b->AppendNull();
  ColumnPtr ts = b->Finish();
  const ScalarFunction* fn = registry_.FindScalar("date_trunc");
  // Fixed zones take the vectorized path, their IANA twins the calendar path.
  const std::pair<const char*, const char*> kZones[] = {{"UTC", "Etc/GMT"}, {"+08:00", "Etc/GMT-8"}};
  for (const auto& [fast_zone, slow_zone] : kZones) {
    for (const char* unit : {"second", "minute", "hour", "day"}) {
      std::vector<ColumnPtr> args = {types::MakeConstantColumn(DataType::String(), Str(unit), 4), ts};
      SetZone(fast_zone);
      ASSERT_OK_AND_ASSIGN(ColumnPtr fast, fn->Invoke(args, 4, ctx_));
      SetZone(slow_zone);
      ASSERT_NE(ctx_.time_zone.name(), fast_zone);
      ASSERT_OK_AND_ASSIGN(ColumnPtr slow, fn->Invoke(args, 4, ctx_));
      ASSERT_EQ(fast->type(), DataType::TimestampMillisecond());
      ASSERT_EQ(slow->type(), DataType::TimestampMillisecond());
      for (size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(fast->GetValue(i), slow->GetValue(i)) << fast_zone << " " << unit << " row " << i;
      }
      EXPECT_TRUE(fast->IsNull(3));
    }
  }
}

TEST_F(TimeFunctionsTest, DateTruncRejectsBadArguments) {
  EXPECT_BAD_ARGS(TypeOf("date_trunc", {Str("fortnight"), Ms(0)}), "date_trunc");
  EXPECT_BAD_ARGS(TypeOf("date_trunc", {Str("day")}), "date_trunc");
  EXPECT_BAD_ARGS(TypeOf("date_trunc", {Str("day"), Value::Float64(1.5)}), "date_trunc");
  EXPECT_BAD_ARGS(Call("date_trunc", {Str("day"), Str("not a time")}), "date_trunc");
  EXPECT_EQ(Text("date_trunc", {Str("day"), Value()}), "NULL");
  EXPECT_EQ(Text("date_trunc", {Value(), Ms(0)}), "NULL");
}

TEST_F(TimeFunctionsTest, DateBin) {
  const Value iv5s = Value::Interval({0, 0, 5000000000});
  EXPECT_EQ(Text("date_bin", {iv5s, Ms(1720728007000)}), "2024-07-11T20:00:05");
  EXPECT_EQ(Text("date_bin", {Str("15 minutes"), Ms(1700000000000)}), "2023-11-14T22:00:00");
  EXPECT_EQ(Text("date_bin", {iv5s, Ms(-1)}), "1969-12-31T23:59:55");
  EXPECT_EQ(Text("date_bin", {Value::Interval({0, 1, 0}), Ms(1700000000000), Str("2023-01-01 12:00:00")}),
            "2023-11-14T12:00:00");
  // A stride finer than the column unit.
  EXPECT_EQ(Text("date_bin", {Value::Interval({0, 0, 500000000}), Value::Timestamp(7, TimeUnit::kSecond)}),
            "1970-01-01T00:00:07");
  EXPECT_BAD_ARGS(Call("date_bin", {Value::Interval({1, 0, 0}), Ms(0)}), "date_bin");
  EXPECT_BAD_ARGS(Call("date_bin", {Value::Interval({0, 0, 0}), Ms(0)}), "date_bin");
  EXPECT_BAD_ARGS(TypeOf("date_bin", {Value::Int64(5), Ms(0)}), "date_bin");
  EXPECT_EQ(Text("date_bin", {iv5s, Value()}), "NULL");
}

TEST_F(TimeFunctionsTest, DatePartTypesFollowDataFusion) {
  const Value ts = Str("1992-01-01 01:01:01");
  ASSERT_OK_AND_ASSIGN(DataType t, TypeOf("date_part", {Str("YEAR"), ts}));
  EXPECT_EQ(t, DataType::Int32());
  EXPECT_EQ(Text("date_part", {Str("YEAR"), ts}), "1992");
  ASSERT_OK_AND_ASSIGN(t, TypeOf("date_part", {Str("epoch"), ts}));
  EXPECT_EQ(t, DataType::Float64());
  EXPECT_EQ(Text("date_part", {Str("epoch"), Ms(1500)}), "1.5");
  ASSERT_OK_AND_ASSIGN(t, TypeOf("extract", {Str("nanosecond"), ts}));
  EXPECT_EQ(t, DataType::Int64());
  // timestamp_precision.sql: 45.123456789 s at each precision.
  EXPECT_EQ(Text("date_part", {Str("MICROSECONDS"), Value::Timestamp(45, TimeUnit::kSecond)}), "45000000");
  EXPECT_EQ(Text("date_part", {Str("MICROSECONDS"), Ms(45123)}), "45123000");
  EXPECT_EQ(Text("date_part", {Str("MICROSECONDS"), Value::Timestamp(45123456789, TimeUnit::kNanosecond)}),
            "45123456");
  EXPECT_EQ(Text("date_part", {Str("millisecond"), Ms(45123)}), "45123");
  EXPECT_EQ(Text("date_part", {Str("second"), Ms(45999)}), "45");
}

TEST_F(TimeFunctionsTest, DatePartFields) {
  const Value ts = Str("2024-12-30 13:14:15");  // a Monday in ISO week 1 of 2025
  EXPECT_EQ(Text("date_part", {Str("month"), ts}), "12");
  EXPECT_EQ(Text("date_part", {Str("day"), ts}), "30");
  EXPECT_EQ(Text("date_part", {Str("hour"), ts}), "13");
  EXPECT_EQ(Text("date_part", {Str("minute"), ts}), "14");
  EXPECT_EQ(Text("date_part", {Str("quarter"), ts}), "4");
  EXPECT_EQ(Text("date_part", {Str("week"), ts}), "1");
  EXPECT_EQ(Text("date_part", {Str("dow"), ts}), "1");
  EXPECT_EQ(Text("date_part", {Str("doy"), ts}), "365");
  EXPECT_EQ(Text("date_part", {Str("year"), Value::Date(8400)}), "1992");
  EXPECT_EQ(Text("date_part", {Str("day"), Value::Date(-1)}), "31");
  SetZone("Asia/Shanghai");
  EXPECT_EQ(Text("date_part", {Str("hour"), Ms(1700000000000)}), "6");
  // Dates do not move with the zone.
  EXPECT_EQ(Text("date_part", {Str("day"), Value::Date(0)}), "1");
  EXPECT_EQ(Text("date_part", {Str("year"), Value()}), "NULL");
  EXPECT_BAD_ARGS(TypeOf("date_part", {Str("fortnight"), ts}), "date_part");
  EXPECT_BAD_ARGS(TypeOf("date_part", {Value::Int64(1), ts}), "date_part");
  EXPECT_BAD_ARGS(TypeOf("date_part", {Str("year"), Value::Int64(1)}), "date_part");
}

TEST_F(TimeFunctionsTest, DateFormat) {
  const std::string f = "%Y-%m-%d %H:%M:%S:%3f";
  EXPECT_EQ(Text("date_format", {Str("2023-12-06 07:39:46.222"), Str(f)}), "2023-12-06 07:39:46:222");
  EXPECT_EQ(Text("date_format", {Ms(1701848386222), Str(f)}), "2023-12-06 07:39:46:222");
  EXPECT_EQ(Text("date_format", {Value::Timestamp(1701848386, TimeUnit::kSecond), Str(f)}),
            "2023-12-06 07:39:46:000");
  EXPECT_EQ(Text("date_format", {Value::Date(19697), Str("%m-%d")}), "12-06");
  EXPECT_EQ(Text("date_format", {Value::Date(8035), Str(f)}), "1992-01-01 00:00:00:000");
  EXPECT_EQ(Text("date_format", {Ms(1), Str(f)}), "1970-01-01 00:00:00:001");
  EXPECT_EQ(Text("date_format", {Ms(1701848386222), Str("%a %A %b %B %j %e %I%p %%")}),
            "Wed Wednesday Dec December 340  6 07AM %");
  EXPECT_EQ(Text("date_format", {Ms(1701848386222), Str("%s %.f %.6f %f %F %T")}),
            "1701848386 .222 .222000 222000000 2023-12-06 07:39:46");
  SetZone("Asia/Shanghai");
  EXPECT_EQ(Text("date_format", {Ms(1700000000000), Str("%Y-%m-%d %H:%M:%S %z %:z")}),
            "2023-11-15 06:13:20 +0800 +08:00");
  EXPECT_EQ(Text("to_char", {Ms(1700000000000), Str("%+")}), "2023-11-15T06:13:20+08:00");
  EXPECT_EQ(Text("date_format", {Ms(0), Value()}), "NULL");
  EXPECT_BAD_ARGS(TypeOf("date_format", {Value::Int64(1), Str("%Y")}), "date_format");
  EXPECT_BAD_ARGS(TypeOf("to_char", {Ms(1)}), "to_char");
}

TEST_F(TimeFunctionsTest, ToUnixtime) {
  EXPECT_EQ(Text("to_unixtime", {Str("2023-03-01T06:35:02Z")}), "1677652502");
  EXPECT_EQ(Text("to_unixtime", {Str("    2023-03-01T06:35:02Z    ")}), "1677652502");
  EXPECT_EQ(Text("to_unixtime", {Value::Int64(2)}), "2");
  EXPECT_EQ(Text("to_unixtime", {Str("2023-03-01")}), "1677628800");
  EXPECT_EQ(Text("to_unixtime", {Value::Date(19417)}), "1677628800");
  EXPECT_EQ(Text("to_unixtime", {Str("2023-03-01 08:00:00+0000")}), "1677657600");
  EXPECT_EQ(Text("to_unixtime", {Value::Timestamp(27, TimeUnit::kSecond)}), "27");
  EXPECT_EQ(Text("to_unixtime", {Ms(-1)}), "-1");
  SetZone("Asia/Shanghai");
  EXPECT_EQ(Text("to_unixtime", {Str("2023-11-15 06:13:20")}), "1700000000");
  ASSERT_OK_AND_ASSIGN(DataType t, TypeOf("to_unixtime", {Str("2023-03-01")}));
  EXPECT_EQ(t, DataType::Int64());
  EXPECT_EQ(Text("to_unixtime", {Value()}), "NULL");
  EXPECT_BAD_ARGS(Call("to_unixtime", {Str("yesterday")}), "to_unixtime");
  EXPECT_BAD_ARGS(TypeOf("to_unixtime", {Value::Float64(1.0)}), "to_unixtime");
}

TEST_F(TimeFunctionsTest, ToTimestampFamily) {
  ASSERT_OK_AND_ASSIGN(Value v, Call("to_timestamp", {Str("2023-01-31T09:26:56.123456789Z")}));
  EXPECT_EQ(v, Value::Timestamp(1675157216123456789, TimeUnit::kNanosecond));
  ASSERT_OK_AND_ASSIGN(v, Call("to_timestamp", {Value::Int64(1)}));  // seconds
  EXPECT_EQ(v, Value::Timestamp(1000000000, TimeUnit::kNanosecond));
  ASSERT_OK_AND_ASSIGN(v, Call("to_timestamp", {Value::Float64(1.5)}));
  EXPECT_EQ(v, Value::Timestamp(1500000000, TimeUnit::kNanosecond));
  ASSERT_OK_AND_ASSIGN(v, Call("to_timestamp_seconds", {Str("2023-01-31 09:26:56.9")}));
  EXPECT_EQ(v, Value::Timestamp(1675157216, TimeUnit::kSecond));
  ASSERT_OK_AND_ASSIGN(v, Call("to_timestamp_millis", {Value::Int64(1675157216123)}));
  EXPECT_EQ(v, Value::Timestamp(1675157216123, TimeUnit::kMillisecond));
  ASSERT_OK_AND_ASSIGN(v, Call("to_timestamp_micros", {Ms(5)}));
  EXPECT_EQ(v, Value::Timestamp(5000, TimeUnit::kMicrosecond));
  ASSERT_OK_AND_ASSIGN(v, Call("to_timestamp_nanos", {Value::Int64(7)}));
  EXPECT_EQ(v, Value::Timestamp(7, TimeUnit::kNanosecond));
  // Formats are tried in order; strings without an offset are in the session zone.
  EXPECT_EQ(Text("to_timestamp", {Str("03/02/2023 10:20"), Str("%Y-%m-%d"), Str("%m/%d/%Y %H:%M")}),
            "2023-03-02T10:20:00");
  EXPECT_EQ(Text("to_timestamp_millis", {Str("2023-01-31 09:26:56.123 +0530"),
                                         Str("%Y-%m-%d %H:%M:%S%.f %z")}),
            "2023-01-31T03:56:56.123");
  EXPECT_EQ(Text("to_timestamp_seconds", {Str("1675157216"), Str("%s")}), "2023-01-31T09:26:56");
  SetZone("Asia/Shanghai");
  EXPECT_EQ(Text("to_timestamp_seconds", {Str("2023-01-31 08:00:00")}), "2023-01-31T00:00:00");
  EXPECT_EQ(Text("to_timestamp", {Value()}), "NULL");
  EXPECT_BAD_ARGS(Call("to_timestamp", {Str("31.01.2023"), Str("%Y-%m-%d")}), "to_timestamp");
  EXPECT_BAD_ARGS(Call("to_timestamp", {Str("garbage")}), "to_timestamp");
  EXPECT_BAD_ARGS(Call("to_timestamp", {Value::Int64(INT64_MAX)}), "to_timestamp");
  EXPECT_BAD_ARGS(Call("to_timestamp", {Value::Float64(1e300)}), "to_timestamp");
  EXPECT_BAD_ARGS(TypeOf("to_timestamp_millis", {Value::Boolean(true)}), "to_timestamp_millis");
  EXPECT_BAD_ARGS(TypeOf("to_timestamp", {}), "to_timestamp");
}

TEST_F(TimeFunctionsTest, DateConstructors) {
  EXPECT_EQ(Text("from_unixtime", {Value::Int64(1677652502)}), "2023-03-01T06:35:02");
  ASSERT_OK_AND_ASSIGN(DataType t, TypeOf("from_unixtime", {Value::Int64(1)}));
  EXPECT_EQ(t, DataType::TimestampSecond());
  EXPECT_BAD_ARGS(Call("from_unixtime", {Value::Int64(1), Str("Mars/Base")}), "from_unixtime");
  EXPECT_EQ(Text("make_date", {Value::Int64(2024), Value::Int64(2), Value::Int64(29)}), "2024-02-29");
  EXPECT_EQ(Text("make_date", {Str("2024"), Value::Int32(1), Value::Int32(1)}), "2024-01-01");
  EXPECT_BAD_ARGS(Call("make_date", {Value::Int64(2023), Value::Int64(2), Value::Int64(29)}), "make_date");
  EXPECT_EQ(Text("make_date", {Value(), Value::Int64(1), Value::Int64(1)}), "NULL");
  EXPECT_EQ(Text("to_date", {Str("2023-12-06")}), "2023-12-06");
  EXPECT_EQ(Text("to_date", {Str("06/12/2023"), Str("%d/%m/%Y")}), "2023-12-06");
  EXPECT_EQ(Text("to_date", {Value::Int64(1)}), "1970-01-02");
  EXPECT_BAD_ARGS(Call("to_date", {Str("2023-13-01")}), "to_date");
}

TEST_F(TimeFunctionsTest, DateAddAndSub) {
  const Value five_days = Value::Interval({0, 5, 0});
  const Value ts = Ms(1701848386222);  // 2023-12-06T07:39:46.222
  EXPECT_EQ(Text("date_add", {ts, five_days}), "2023-12-11T07:39:46.222");
  EXPECT_EQ(Text("date_add", {ts, Str("5 day")}), "2023-12-11T07:39:46.222");
  EXPECT_EQ(Text("date_sub", {ts, five_days}), "2023-12-01T07:39:46.222");
  const Value d = Value::Date(19697);  // 2023-12-06
  EXPECT_EQ(Text("date_add", {d, Value::Interval({3, 5, 0})}), "2024-03-11");
  EXPECT_EQ(Text("date_add", {d, Str("3 month 5 day")}), "2024-03-11");
  EXPECT_EQ(Text("date_sub", {d, Str("3 month 5 day")}), "2023-09-01");
  // date.sql over table rows: 1 year 2 months 3 days.
  const Value iv = Value::Interval({14, 3, 0});
  EXPECT_EQ(Text("date_add", {Value::Date(8035), iv}), "1993-03-04");
  EXPECT_EQ(Text("date_add", {Value::Date(8764), iv}), "1995-03-03");
  EXPECT_EQ(Text("date_sub", {Value::Date(19697), iv}), "2022-10-03");
  EXPECT_EQ(Text("date_add", {Ms(1), iv}), "1971-03-04T00:00:00.001");
  EXPECT_EQ(Text("date_sub", {Ms(3), iv}), "1968-10-29T00:00:00.003");
  // Month ends clamp.
  EXPECT_EQ(Text("date_add", {Str("2024-01-31 10:00:00"), Str("1 month")}), "2024-02-29T10:00:00");
  ASSERT_OK_AND_ASSIGN(DataType t, TypeOf("date_add", {d, iv}));
  EXPECT_EQ(t, DataType::Date());
  EXPECT_EQ(Text("date_add", {Value(), iv}), "NULL");
  EXPECT_BAD_ARGS(Call("date_add", {ts, Str("soon")}), "date_add");
  EXPECT_BAD_ARGS(TypeOf("date_sub", {ts, Value::Int64(5)}), "date_sub");
  EXPECT_BAD_ARGS(Call("date_add", {Value::Timestamp(INT64_MAX - 1, TimeUnit::kNanosecond), five_days}),
                  "date_add");
}

TEST_F(TimeFunctionsTest, ArrowTypeofAndCast) {
  EXPECT_EQ(Text("arrow_typeof", {Value::Int64(1)}), "Int64");
  EXPECT_EQ(Text("arrow_typeof", {Str("a")}), "Utf8");
  EXPECT_EQ(Text("arrow_typeof", {Ms(1)}), "Timestamp(ms)");
  EXPECT_EQ(Text("arrow_typeof", {Value::Timestamp(1, TimeUnit::kMicrosecond)}), "Timestamp(µs)");
  EXPECT_EQ(Text("arrow_typeof", {Value::Interval({1, 0, 0})}), "Interval(MonthDayNano)");
  EXPECT_EQ(Text("arrow_typeof", {Value::Decimal128(1, 6, 2)}), "Decimal128(6, 2)");
  EXPECT_EQ(Text("arrow_typeof", {Value()}), "Null");
  EXPECT_EQ(Text("arrow_typeof", {Value::Date(0)}), "Date32");

  ASSERT_OK_AND_ASSIGN(Value v, Call("arrow_cast", {Value::Int64(1700000000000),
                                                    Str("Timestamp(Millisecond, None)")}));
  EXPECT_EQ(v, Ms(1700000000000));
  ASSERT_OK_AND_ASSIGN(v, Call("arrow_cast", {Str("2008-01-01 00:00:11.1"), Str("Timestamp(µs)")}));
  EXPECT_EQ(v, Value::Timestamp(1199145611100000, TimeUnit::kMicrosecond));
  ASSERT_OK_AND_ASSIGN(v, Call("arrow_cast", {Str("42"), Str("Int32")}));
  EXPECT_EQ(v, Value::Int32(42));
  ASSERT_OK_AND_ASSIGN(v, Call("arrow_cast", {Value::Int64(7), Str("Utf8")}));
  EXPECT_EQ(v, Str("7"));
  ASSERT_OK_AND_ASSIGN(DataType t, TypeOf("arrow_cast", {Value::Int64(1), Str("Decimal128(10, 2)")}));
  EXPECT_EQ(t, DataType::Decimal128(10, 2));
  EXPECT_EQ(Text("arrow_cast", {Value(), Str("Float64")}), "NULL");
  // Strings read in the session zone.
  SetZone("+08:00");
  ASSERT_OK_AND_ASSIGN(v, Call("arrow_cast", {Str("1970-01-01 08:00:00"), Str("Timestamp(s)")}));
  EXPECT_EQ(v, Value::Timestamp(0, TimeUnit::kSecond));
  EXPECT_BAD_ARGS(TypeOf("arrow_cast", {Value::Int64(1), Str("Int128")}), "arrow_cast");
  EXPECT_BAD_ARGS(TypeOf("arrow_cast", {Value::Int64(1), Str("Decimal128(99, 2)")}), "arrow_cast");
  EXPECT_BAD_ARGS(Call("arrow_cast", {Str("x"), Str("Int64")}), "arrow_cast");
  std::vector<ArgInfo> non_constant = {{DataType::Int64()}, {DataType::String()}};
  EXPECT_BAD_ARGS(registry_.FindScalar("arrow_cast")->ReturnType(non_constant), "arrow_cast");
}

}  // namespace
}  // namespace greptime::query
