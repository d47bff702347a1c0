// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Prepared-statement parameters (spec/wire-protocols.md §1.4): finding `?` placeholders with
// the SQL lexer, decoding COM_STMT_EXECUTE values of the binary protocol, and rendering them
// as SQL literals that are substituted into the statement text. Literals are built so that no
// parameter value can change the statement's structure: strings are single-quoted with quotes
// doubled (the lexer knows no backslash escapes), negative numbers are parenthesised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "servers/mysql/mysql_packet.h"
#include "types/value.h"

namespace greptime::servers::mysql {

// Byte offsets of the `?` placeholders of `sql`, in order (not inside strings, quoted
// identifiers or comments). kInvalidSyntax when `sql` cannot be tokenized.
Result<std::vector<size_t>> FindPlaceholders(std::string_view sql);

// `sql` with the placeholder at positions[i] replaced by literals[i].
// Precondition: positions come from FindPlaceholders(sql), literals.size() == positions.size().
std::string SubstituteParams(std::string_view sql, const std::vector<size_t>& positions,
                             const std::vector<std::string>& literals);

// 'text' with single quotes doubled.
std::string QuoteSqlString(std::string_view text);

// `value` as a SQL literal (user variables of SET @x = ...): numbers bare (negative ones in
// parentheses), strings quoted, timestamps as quoted civil time in `zone`, NULL.
std::string ValueLiteral(const types::Value& value, const TimeZone& zone);

// The type of a parameter as the client declared it: the MySQL type byte and the unsigned bit.
struct ParamType {
  uint8_t type = 0;
  bool is_unsigned = false;
};

// Decodes the parameter part of a COM_STMT_EXECUTE payload (`r` positioned after the
// iteration count) into one SQL literal per parameter. `types` holds the types bound by an
// earlier execute and is replaced when the client sends new ones; `long_data[i]` holds what
// COM_STMT_SEND_LONG_DATA sent for parameter i (such parameters have no value in the packet).
// kInvalidArguments for truncated packets, unknown types, malformed values and a missing type
// binding.
Result<std::vector<std::string>> DecodeParamLiterals(
    PacketReader& r, size_t num_params, std::vector<ParamType>& types,
    const std::vector<std::optional<std::string>>& long_data);

}  // namespace greptime::servers::mysql
