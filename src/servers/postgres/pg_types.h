// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// PostgreSQL types of GreptimeDB values (spec/wire-protocols.md §2.4): the OID each DataType
// maps to, values encoded in the text and binary formats of that OID, and bound parameters
// (text or binary) turned into SQL literals that are substituted into the statement text.
// Literals are built so that no parameter can change the statement's structure: strings are
// single-quoted with quotes doubled (the SQL lexer knows no backslash escapes), bytes become
// X'..' hex literals, numbers are validated and negative ones parenthesised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/time.h"
#include "types/data_type.h"
#include "types/value.h"

namespace greptime::servers::postgres {

struct PgType {
  uint32_t oid = 705;
  int16_t len = -1;  // typlen: bytes of fixed-width types, -1 variable, -2 C string
};

// spec §2.4: Int8/Int16/UInt8 → int2, Int32/UInt16 → int4, Int64/UInt32 → int8,
// UInt64/Decimal → numeric, Float32 → float4, Float64 → float8, String → varchar, Binary and
// Vector → bytea, Date → date, Timestamp → timestamp, Interval → interval, Json → json,
// Null → unknown.
PgType PgTypeOf(const types::DataType& type);

// The PostgreSQL name of a type OID ("int4", "character varying", ...), as format_type shows
// it; "unknown" for OIDs we do not know.
std::string_view PgTypeName(uint32_t oid);
// The OID of a type name as written in casts ($1::int4, ::bigint, ::text, ...); 0 if unknown.
uint32_t PgTypeOidByName(std::string_view name);

struct EncodeOptions {
  TimeZone zone;              // session time zone: timestamps show civil time there
  bool bytea_escape = false;  // bytea_output = escape (default hex)
};

// `value` in the text (format 0) or binary (format 1) representation of PgTypeOf(its type);
// nullopt for NULL. Errors: kUnsupported for values without a binary form.
Result<std::optional<std::string>> EncodeValue(const types::Value& value, int16_t format,
                                               const EncodeOptions& options);

// Text forms PostgreSQL uses.
std::string FormatPgFloat64(double v);  // shortest round trip, "1e+20", "NaN", "Infinity"
std::string FormatPgFloat32(float v);
// "YYYY-MM-DD HH:MM:SS[.ffffff]" (fraction only when non-zero) of `ts` in `zone`.
std::string FormatPgTimestamp(Timestamp ts, const TimeZone& zone);
// IntervalStyle postgres: "1 year 2 mons 3 days 04:05:06.5", "00:00:00" for zero.
std::string FormatPgInterval(const types::IntervalMonthDayNano& v);
// PostgreSQL's binary NUMERIC of a decimal text "-12.340" (scale = digits after the point).
// kInvalidArguments when `text` is not a plain decimal.
Result<std::string> EncodeNumericBinary(std::string_view text);
// The inverse: binary NUMERIC to its decimal text ("NaN" included).
Result<std::string> DecodeNumericBinary(std::string_view bytes);

// 'text' with single quotes doubled.
std::string QuoteSqlString(std::string_view text);
// X'0a1b' for raw bytes.
std::string HexLiteral(std::string_view bytes);

// Parameter `index` (0-based) of type `type_oid` (0 or 705 = unspecified) in `format`, as a
// SQL literal; NULL for nullopt. Errors (kInvalidArguments, SQLSTATE 22023):
// "unknown_parameter_type: <detail>" (split at the first ": " into message and detail) for
// binary values of an unspecified type, "invalid_parameter_type: <detail>" for values that do
// not decode as their type.
Result<std::string> ParamLiteral(const std::optional<std::string>& value, uint32_t type_oid,
                                 int16_t format, size_t index);

}  // namespace greptime::servers::postgres
