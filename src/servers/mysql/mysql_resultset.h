// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// How query results and errors look on the MySQL wire (spec/wire-protocols.md §1.3-§1.7):
// column type mapping, ColumnDefinition41, text and binary rows, whole result sets, and the
// StatusCode -> MySQL error number / SQLSTATE table.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "query/output.h"
#include "servers/mysql/mysql_packet.h"
#include "types/record_batch.h"
#include "types/schema.h"

namespace greptime::servers::mysql {

// MySQL column types (enum_field_types).
enum class ColumnType : uint8_t {
  kDecimal = 0,
  kTiny = 1,
  kShort = 2,
  kLong = 3,
  kFloat = 4,
  kDouble = 5,
  kNull = 6,
  kTimestamp = 7,
  kLongLong = 8,
  kInt24 = 9,
  kDate = 10,
  kTime = 11,
  kDateTime = 12,
  kYear = 13,
  kVarchar = 15,
  kBit = 16,
  kJson = 245,
  kNewDecimal = 246,
  kEnum = 247,
  kSet = 248,
  kTinyBlob = 249,
  kMediumBlob = 250,
  kLongBlob = 251,
  kBlob = 252,
  kVarString = 253,
  kString = 254,
  kGeometry = 255,
};

inline constexpr uint16_t kFlagNotNull = 0x0001;
inline constexpr uint16_t kFlagUnsigned = 0x0020;
inline constexpr uint16_t kFlagBinary = 0x0080;

struct ColumnDefinition {
  std::string name;
  ColumnType type = ColumnType::kVarchar;
  uint16_t flags = 0;
  uint16_t charset = kCharsetBinary;  // spec §1.3: charset id 63 for every column
  uint32_t length = 1024;
  uint8_t decimals = 0;
};

// ColumnDefinition41 with catalog "def" and empty schema/table/org names.
std::string EncodeColumnDefinition(const ColumnDefinition& column);

// The MySQL column for a result column (§1.5). kUnsupported "not implemented: ..." for types
// without a mapping.
Result<ColumnDefinition> ColumnDefinitionFor(const types::ColumnSchema& column);

// The text form of row `row` of `column` (§1.3), or nullopt for NULL. Timestamps are shown in
// `zone`; kInvalidArguments for a timestamp whose year is outside 1000..9999.
Result<std::optional<std::string>> TextValue(const types::Column& column, size_t row,
                                             const TimeZone& zone);

// One row of the text protocol: a length-encoded string per column, 0xFB for NULL.
Status AppendTextRow(PacketWriter& w, const types::RecordBatch& batch, size_t row,
                     const TimeZone& zone);
// One row of the binary protocol: 0x00, NULL bitmap (offset 2), values per column type.
Status AppendBinaryRow(PacketWriter& w, const types::RecordBatch& batch, size_t row,
                       const TimeZone& zone);

// Options of a whole response, from the negotiated capabilities.
struct ResultSetOptions {
  bool deprecate_eof = true;  // CLIENT_DEPRECATE_EOF negotiated
  bool binary = false;        // binary rows (COM_STMT_EXECUTE) instead of text rows
  uint16_t status = 0;        // status flags of the final packet (e.g. MORE_RESULTS_EXISTS)
  uint16_t warnings = 0;
};

// Appends the packets answering one statement: an OK packet with the affected rows, or a
// result set (column count, definitions, [EOF], rows, final OK-0xFE or EOF). A result with no
// columns is a plain OK packet. Errors from the column mapping and value rendering.
Status AppendOutput(std::vector<std::string>& packets, const query::QueryOutput& output,
                    const ResultSetOptions& options, const TimeZone& zone);

// The MySQL error number and SQLSTATE for a status code (§1.7).
struct MysqlError {
  uint16_t code;
  std::string_view sqlstate;
};
MysqlError MysqlErrorFor(StatusCode code);

// The ERR packet for a failed statement: "(<StatusCodeName>): <message>".
std::string EncodeStatusErr(const Status& status);

// ISO-8601 duration text of an interval: "P1Y2M3DT4H5M6.5S", "PT0S" for zero.
std::string FormatIntervalIso(const types::IntervalMonthDayNano& v);

// Proleptic Gregorian civil date of a day count since 1970-01-01.
struct CivilDate {
  int64_t year;
  unsigned month;
  unsigned day;
};
CivilDate CivilFromDays(int64_t days);

}  // namespace greptime::servers::mysql
