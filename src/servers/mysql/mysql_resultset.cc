// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/mysql/mysql_resultset.h"

#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "servers/http/sql_format.h"
#include "types/number_format.h"

namespace greptime::servers::mysql {

using types::TypeId;

std::string EncodeColumnDefinition(const ColumnDefinition& c) {
  PacketWriter w;
  w.LenencString("def").LenencString("").LenencString("").LenencString("");
  w.LenencString(c.name).LenencString("");
  w.LenencInt(0x0C).Int2(c.charset).Int4(c.length).Int1(static_cast<uint8_t>(c.type));
  w.Int2(c.flags).Int1(c.decimals).Int2(0);
  return w.Take();
}

Result<ColumnDefinition> ColumnDefinitionFor(const types::ColumnSchema& column) {
  ColumnDefinition def;
  def.name = column.name;
  const types::DataType& t = column.type;
  if (t.is_unsigned_integer()) def.flags |= kFlagUnsigned;
  switch (t.id()) {
    case TypeId::kNull: def.type = ColumnType::kNull; break;
    case TypeId::kBoolean:
    case TypeId::kInt8:
    case TypeId::kUInt8: def.type = ColumnType::kTiny; break;
    case TypeId::kInt16:
    case TypeId::kUInt16: def.type = ColumnType::kShort; break;
    case TypeId::kInt32:
    case TypeId::kUInt32: def.type = ColumnType::kLong; break;
    case TypeId::kInt64:
    case TypeId::kUInt64: def.type = ColumnType::kLongLong; break;
    case TypeId::kFloat32: def.type = ColumnType::kFloat; break;
    case TypeId::kFloat64: def.type = ColumnType::kDouble; break;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kIntervalMonthDayNano: def.type = ColumnType::kVarchar; break;
    case TypeId::kTimestamp: def.type = ColumnType::kTimestamp; break;
    case TypeId::kDate: def.type = ColumnType::kDate; break;
    case TypeId::kDecimal128: def.type = ColumnType::kDecimal; break;
    case TypeId::kJson: def.type = ColumnType::kJson; break;
    case TypeId::kVector: def.type = ColumnType::kBlob; break;
    default:
      return Status(StatusCode::kUnsupported,
                    fmt::format("not implemented: MySQL column type for {}", t.Name()));
  }
  return def;
}

CivilDate CivilFromDays(int64_t z) {
  // Howard Hinnant's civil_from_days.
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{year, month, day};
}

std::string FormatIntervalIso(const types::IntervalMonthDayNano& v) {
  std::string out = "P";
  const int32_t years = v.months / 12;
  const int32_t months = v.months % 12;
  if (years != 0) out += fmt::format("{}Y", years);
  if (months != 0) out += fmt::format("{}M", months);
  if (v.days != 0) out += fmt::format("{}D", v.days);
  constexpr int64_t kNanosPerSecond = 1'000'000'000;
  const int64_t hours = v.nanoseconds / (3600 * kNanosPerSecond);
  const int64_t minutes = v.nanoseconds / (60 * kNanosPerSecond) % 60;
  const int64_t seconds = v.nanoseconds / kNanosPerSecond % 60;
  const int64_t nanos = v.nanoseconds % kNanosPerSecond;
  if (v.nanoseconds != 0 || out.size() == 1) {
    out += 'T';
    if (hours != 0) out += fmt::format("{}H", hours);
    if (minutes != 0) out += fmt::format("{}M", minutes);
    if (seconds != 0 || nanos != 0 || out.back() == 'T') {
      std::string s = fmt::format("{}", std::abs(seconds));
      if (nanos != 0) {
        std::string frac = fmt::format("{:09}", std::abs(nanos));
        while (!frac.empty() && frac.back() == '0') frac.pop_back();
        s += "." + frac;
      }
      if (seconds < 0 || nanos < 0) s = "-" + s;
      out += s + "S";
    }
  }
  return out;
}

namespace {

// Civil time of a timestamp in `zone`, with microseconds.
struct CivilTime {
  CivilDate date;
  unsigned hour, minute, second;
  uint32_t micros;
};

CivilTime CivilOf(Timestamp ts, const TimeZone& zone) {
  const int64_t secs = ts.Seconds();
  const int64_t local = secs + zone.OffsetAt(secs);
  const int64_t days = FloorDiv(local, 86400);
  const int64_t rem = local - days * 86400;
  CivilTime c;
  c.date = CivilFromDays(days);
  c.hour = static_cast<unsigned>(rem / 3600);
  c.minute = static_cast<unsigned>(rem / 60 % 60);
  c.second = static_cast<unsigned>(rem % 60);
  c.micros = static_cast<uint32_t>(ts.SubsecondNanos() / 1000);
  return c;
}

Status CheckYear(int64_t year, const types::Value& v) {
  if (year < 1000 || year > 9999) {
    return Status::InvalidArguments(
        "timestamp {} is out of the range MySQL can show (years 1000..9999)", v.ToString());
  }
  return Status::OK();
}

std::string JsonText(const std::string& bytes) {
  if (auto canonical = CanonicalJson(bytes)) return *canonical;
  return bytes;
}

}  // namespace

Result<std::optional<std::string>> TextValue(const types::Column& column, size_t row,
                                             const TimeZone& zone) {
  if (row >= column.size() || column.IsNull(row)) return std::optional<std::string>();
  const types::Value v = column.GetValue(row);
  switch (v.type().id()) {
    case TypeId::kNull: return std::optional<std::string>();
    case TypeId::kBoolean: return std::optional<std::string>(v.AsBoolean() ? "1" : "0");
    case TypeId::kInt8: return std::optional<std::string>(std::to_string(v.AsInt8()));
    case TypeId::kInt16: return std::optional<std::string>(std::to_string(v.AsInt16()));
    case TypeId::kInt32: return std::optional<std::string>(std::to_string(v.AsInt32()));
    case TypeId::kInt64: return std::optional<std::string>(std::to_string(v.AsInt64()));
    case TypeId::kUInt8: return std::optional<std::string>(std::to_string(v.AsUInt8()));
    case TypeId::kUInt16: return std::optional<std::string>(std::to_string(v.AsUInt16()));
    case TypeId::kUInt32: return std::optional<std::string>(std::to_string(v.AsUInt32()));
    case TypeId::kUInt64: return std::optional<std::string>(std::to_string(v.AsUInt64()));
    case TypeId::kFloat32:
      return std::optional<std::string>(types::FormatFloat32Display(v.AsFloat32()));
    case TypeId::kFloat64:
      return std::optional<std::string>(types::FormatFloat64Display(v.AsFloat64()));
    case TypeId::kDecimal128:
      return std::optional<std::string>(
          types::FormatDecimal128(v.AsDecimal128(), v.type().scale()));
    case TypeId::kString:
    case TypeId::kBinary: return std::optional<std::string>(v.AsBytes());
    case TypeId::kJson: return std::optional<std::string>(JsonText(v.AsBytes()));
    case TypeId::kDate: return std::optional<std::string>(FormatDate(v.AsDate()));
    case TypeId::kTimestamp: {
      const Timestamp ts = v.AsTimestamp();
      GT_RETURN_IF_ERROR(CheckYear(CivilOf(ts, zone).date.year, v));
      return std::optional<std::string>(FormatTimestampSql(ts, zone));
    }
    case TypeId::kIntervalMonthDayNano:
      return std::optional<std::string>(FormatIntervalIso(v.AsInterval()));
    case TypeId::kVector: return std::optional<std::string>(v.ToString());
  }
  return Status(StatusCode::kUnsupported,
                fmt::format("not implemented: MySQL text value for {}", v.type().Name()));
}

Status AppendTextRow(PacketWriter& w, const types::RecordBatch& batch, size_t row,
                     const TimeZone& zone) {
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    GT_ASSIGN_OR_RETURN(std::optional<std::string> text,
                        TextValue(*batch.column(c), row, zone));
    if (text) {
      w.LenencString(*text);
    } else {
      w.Int1(0xFB);
    }
  }
  return Status::OK();
}

namespace {

void AppendBinaryDateTime(PacketWriter& w, const CivilTime& c, bool with_time) {
  const bool has_time = with_time && (c.hour || c.minute || c.second || c.micros);
  const uint8_t len = !has_time ? 4 : (c.micros ? 11 : 7);
  w.Int1(len).Int2(static_cast<uint16_t>(c.date.year)).Int1(static_cast<uint8_t>(c.date.month));
  w.Int1(static_cast<uint8_t>(c.date.day));
  if (len >= 7) {
    w.Int1(static_cast<uint8_t>(c.hour)).Int1(static_cast<uint8_t>(c.minute));
    w.Int1(static_cast<uint8_t>(c.second));
  }
  if (len == 11) w.Int4(c.micros);
}

Status AppendBinaryValue(PacketWriter& w, const types::Column& column, size_t row,
                         const TimeZone& zone) {
  const types::Value v = column.GetValue(row);
  switch (v.type().id()) {
    case TypeId::kBoolean: w.Int1(v.AsBoolean() ? 1 : 0); return Status::OK();
    case TypeId::kInt8: w.Int1(static_cast<uint8_t>(v.AsInt8())); return Status::OK();
    case TypeId::kUInt8: w.Int1(v.AsUInt8()); return Status::OK();
    case TypeId::kInt16: w.Int2(static_cast<uint16_t>(v.AsInt16())); return Status::OK();
    case TypeId::kUInt16: w.Int2(v.AsUInt16()); return Status::OK();
    case TypeId::kInt32: w.Int4(static_cast<uint32_t>(v.AsInt32())); return Status::OK();
    case TypeId::kUInt32: w.Int4(v.AsUInt32()); return Status::OK();
    case TypeId::kInt64: w.Int8(static_cast<uint64_t>(v.AsInt64())); return Status::OK();
    case TypeId::kUInt64: w.Int8(v.AsUInt64()); return Status::OK();
    case TypeId::kFloat32: {
      const float f = v.AsFloat32();
      uint32_t bits = 0;
      std::memcpy(&bits, &f, sizeof(bits));
      w.Int4(bits);
      return Status::OK();
    }
    case TypeId::kFloat64: {
      const double d = v.AsFloat64();
      uint64_t bits = 0;
      std::memcpy(&bits, &d, sizeof(bits));
      w.Int8(bits);
      return Status::OK();
    }
    case TypeId::kTimestamp: {
      const CivilTime c = CivilOf(v.AsTimestamp(), zone);
      GT_RETURN_IF_ERROR(CheckYear(c.date.year, v));
      AppendBinaryDateTime(w, c, true);
      return Status::OK();
    }
    case TypeId::kDate: {
      CivilTime c{};
      c.date = CivilFromDays(v.AsDate());
      if (c.date.year < 0 || c.date.year > 9999) {
        return Status::InvalidArguments("date {} is out of the range MySQL can show",
                                        v.ToString());
      }
      AppendBinaryDateTime(w, c, false);
      return Status::OK();
    }
    default: {
      GT_ASSIGN_OR_RETURN(std::optional<std::string> text, TextValue(column, row, zone));
      w.LenencString(text.value_or(""));
      return Status::OK();
    }
  }
}

}  // namespace

Status AppendBinaryRow(PacketWriter& w, const types::RecordBatch& batch, size_t row,
                       const TimeZone& zone) {
  const size_t n = batch.num_columns();
  w.Int1(0x00);
  std::string bitmap((n + 7 + 2) / 8, '\0');
  for (size_t c = 0; c < n; ++c) {
    const types::Column& col = *batch.column(c);
    if (col.IsNull(row) || col.type().is_null()) {
      const size_t bit = c + 2;
      bitmap[bit / 8] = static_cast<char>(bitmap[bit / 8] | (1 << (bit % 8)));
    }
  }
  w.Bytes(bitmap);
  for (size_t c = 0; c < n; ++c) {
    const types::Column& col = *batch.column(c);
    if (col.IsNull(row) || col.type().is_null()) continue;
    GT_RETURN_IF_ERROR(AppendBinaryValue(w, col, row, zone));
  }
  return Status::OK();
}

Status AppendOutput(std::vector<std::string>& packets, const query::QueryOutput& output,
                    const ResultSetOptions& options, const TimeZone& zone) {
  const size_t num_columns =
      output.is_records && output.schema ? output.schema->num_columns() : 0;
  if (num_columns == 0) {
    packets.push_back(EncodeOk(output.is_records ? 0 : output.affected_rows, 0, options.status,
                               options.warnings));
    return Status::OK();
  }
  std::vector<std::string> out;
  out.push_back(PacketWriter().LenencInt(num_columns).Take());
  for (const auto& column : output.schema->columns()) {
    GT_ASSIGN_OR_RETURN(ColumnDefinition def, ColumnDefinitionFor(column));
    out.push_back(EncodeColumnDefinition(def));
  }
  // Per-statement status bits (MORE_RESULTS) belong on the final packet only.
  if (!options.deprecate_eof) {
    out.push_back(EncodeEof(0, static_cast<uint16_t>(options.status & ~kServerMoreResultsExists)));
  }
  for (const auto& batch : output.batches) {
    if (batch.num_columns() != num_columns) {
      return Status::Internal("result batch has {} columns, schema {}", batch.num_columns(),
                              num_columns);
    }
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      PacketWriter w;
      if (options.binary) {
        GT_RETURN_IF_ERROR(AppendBinaryRow(w, batch, r, zone));
      } else {
        GT_RETURN_IF_ERROR(AppendTextRow(w, batch, r, zone));
      }
      out.push_back(w.Take());
    }
  }
  if (options.deprecate_eof) {
    out.push_back(EncodeOk(0, 0, options.status, options.warnings, /*eof_header=*/true));
  } else {
    out.push_back(EncodeEof(options.warnings, options.status));
  }
  for (auto& p : out) packets.push_back(std::move(p));
  return Status::OK();
}

MysqlError MysqlErrorFor(StatusCode code) {
  switch (code) {
    case StatusCode::kUnknown:
    case StatusCode::kExternal: return {1105, "HY000"};
    case StatusCode::kUnsupported: return {1235, "42000"};
    case StatusCode::kCancelled:
    case StatusCode::kDeadlineExceeded: return {1317, "70100"};
    case StatusCode::kRuntimeResourcesExhausted: return {1041, "HY000"};
    case StatusCode::kInvalidSyntax: return {1149, "42000"};
    case StatusCode::kTableAlreadyExists:
    case StatusCode::kRegionAlreadyExists:
    case StatusCode::kFlowAlreadyExists:
    case StatusCode::kTriggerAlreadyExists: return {1050, "42S01"};
    case StatusCode::kTableNotFound:
    case StatusCode::kRegionNotFound:
    case StatusCode::kFlowNotFound:
    case StatusCode::kTriggerNotFound: return {1146, "42S02"};
    case StatusCode::kRegionReadonly: return {1836, "HY000"};
    case StatusCode::kDatabaseNotFound: return {1102, "42000"};
    case StatusCode::kUserNotFound: return {1449, "HY000"};
    case StatusCode::kUnsupportedPasswordType: return {1827, "HY000"};
    case StatusCode::kPermissionDenied:
    case StatusCode::kAccessDenied: return {1045, "28000"};
    case StatusCode::kUserPasswordMismatch: return {1044, "42000"};
    case StatusCode::kInvalidAuthHeader:
    case StatusCode::kAuthHeaderNotFound: return {1251, "08004"};
    case StatusCode::kInvalidArguments: return {1210, "HY000"};
    case StatusCode::kTableColumnNotFound: return {1054, "42S22"};
    case StatusCode::kTableColumnExists: return {1060, "42S21"};
    case StatusCode::kDatabaseAlreadyExists: return {1007, "HY000"};
    case StatusCode::kRateLimited: return {1637, "HY000"};
    case StatusCode::kSuspended: return {1053, "08S01"};
    default: return {1815, "HY000"};  // ER_INTERNAL_ERROR
  }
}

std::string EncodeStatusErr(const Status& status) {
  const MysqlError e = MysqlErrorFor(status.code());
  return EncodeErr(e.code, e.sqlstate,
                   fmt::format("({}): {}", StatusCodeName(status.code()), status.message()));
}

}  // namespace greptime::servers::mysql
