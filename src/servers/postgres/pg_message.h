// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// PostgreSQL protocol 3.0 message codecs without I/O (spec/wire-protocols.md §2): the startup
// packet family (StartupMessage, SSLRequest, GSSENCRequest, CancelRequest), the frontend
// messages of the simple and extended query protocols, and the backend messages we send.
// Every reader is bounds-checked: input bytes are hostile. Framing (the type byte and the
// 4-byte length) is the transport's job; decoders take the message body.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace greptime::servers::postgres {

// Startup packet codes (the first int32 after the length).
inline constexpr uint32_t kProtocolVersion3 = 196608;  // 3.0
inline constexpr uint32_t kSslRequestCode = 80877103;
inline constexpr uint32_t kGssEncRequestCode = 80877104;
inline constexpr uint32_t kCancelRequestCode = 80877102;
// PostgreSQL's MAX_STARTUP_PACKET_LENGTH.
inline constexpr size_t kMaxStartupPacketBytes = 10000;

// Type OIDs (spec §2.4 and what the pg_catalog answers use).
namespace oid {
inline constexpr uint32_t kBool = 16;
inline constexpr uint32_t kBytea = 17;
inline constexpr uint32_t kChar = 18;
inline constexpr uint32_t kName = 19;
inline constexpr uint32_t kInt8 = 20;
inline constexpr uint32_t kInt2 = 21;
inline constexpr uint32_t kInt4 = 23;
inline constexpr uint32_t kText = 25;
inline constexpr uint32_t kOid = 26;
inline constexpr uint32_t kJson = 114;
inline constexpr uint32_t kJsonArray = 199;
inline constexpr uint32_t kFloat4 = 700;
inline constexpr uint32_t kFloat8 = 701;
inline constexpr uint32_t kUnknown = 705;
inline constexpr uint32_t kBoolArray = 1000;
inline constexpr uint32_t kInt2Array = 1005;
inline constexpr uint32_t kInt4Array = 1007;
inline constexpr uint32_t kTextArray = 1009;
inline constexpr uint32_t kVarcharArray = 1015;
inline constexpr uint32_t kInt8Array = 1016;
inline constexpr uint32_t kFloat4Array = 1021;
inline constexpr uint32_t kFloat8Array = 1022;
inline constexpr uint32_t kBpchar = 1042;
inline constexpr uint32_t kVarchar = 1043;
inline constexpr uint32_t kDate = 1082;
inline constexpr uint32_t kTime = 1083;
inline constexpr uint32_t kTimestamp = 1114;
inline constexpr uint32_t kTimestampArray = 1115;
inline constexpr uint32_t kTimestamptz = 1184;
inline constexpr uint32_t kInterval = 1186;
inline constexpr uint32_t kNumeric = 1700;
inline constexpr uint32_t kRegclass = 2205;
inline constexpr uint32_t kJsonb = 3802;
}  // namespace oid

// Appends big-endian protocol fields to a message body.
class MessageWriter {
 public:
  MessageWriter& Int8(uint8_t v);
  MessageWriter& Int16(uint16_t v);
  MessageWriter& Int32(uint32_t v);
  MessageWriter& Int64(uint64_t v);
  MessageWriter& CString(std::string_view s);  // bytes then a NUL (embedded NULs are dropped)
  MessageWriter& Bytes(std::string_view s);

  const std::string& body() const { return body_; }
  std::string Take() { return std::move(body_); }

 private:
  std::string body_;
};

// Appends one framed backend message: type byte, int32 length (body + 4), body.
void AppendMessage(std::string& out, char type, std::string_view body);
// For messages written in place: BeginMessage appends the type and a length placeholder and
// returns the message's offset; FinishMessage patches the length once the body is appended.
size_t BeginMessage(std::string& out, char type);
void FinishMessage(std::string& out, size_t start);
// Big-endian integers appended in place.
void AppendInt16(std::string& out, uint16_t v);
void AppendInt32(std::string& out, uint32_t v);

// Reads big-endian fields; every read returns nullopt once the input is exhausted.
class MessageReader {
 public:
  explicit MessageReader(std::string_view data) : data_(data) {}

  std::optional<uint8_t> Int8();
  std::optional<uint16_t> Int16();
  std::optional<uint32_t> Int32();
  std::optional<uint64_t> Int64();
  // Up to the next NUL (which is consumed); nullopt when there is none.
  std::optional<std::string_view> CString();
  std::optional<std::string_view> Bytes(size_t n);
  std::string_view Rest();
  size_t remaining() const { return data_.size() - pos_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// ----- frontend messages -------------------------------------------------------------------

// The untyped first packet (body after the int32 length).
struct StartupPacket {
  enum class Kind { kStartup, kSsl, kGssEnc, kCancel } kind = Kind::kStartup;
  uint32_t protocol = 0;
  std::map<std::string, std::string> params;  // kStartup: user, database, options, ...
  uint32_t cancel_pid = 0;                    // kCancel
  uint32_t cancel_secret = 0;
};

// kInvalidArguments for truncated or malformed packets and protocol versions other than 3.x
// ("unsupported frontend protocol 2.0: server supports 3.0 to 3.0").
Result<StartupPacket> DecodeStartup(std::string_view body);

struct ParseMessage {
  std::string name;
  std::string query;
  std::vector<uint32_t> param_types;  // 0 = unspecified
};

struct BindMessage {
  std::string portal;
  std::string statement;
  std::vector<int16_t> param_formats;              // 0 entries: text; 1: for all; else per param
  std::vector<std::optional<std::string>> params;  // nullopt = NULL
  std::vector<int16_t> result_formats;             // same convention, per result column
};

struct DescribeMessage {
  char kind = 'S';  // 'S' statement, 'P' portal
  std::string name;
};
using CloseMessage = DescribeMessage;

struct ExecuteMessage {
  std::string portal;
  uint32_t max_rows = 0;  // 0 = all
};

// Decoders of message bodies; kInvalidArguments ("malformed Bind message: ...") when truncated,
// negative counts or lengths, unknown format codes or trailing garbage.
Result<ParseMessage> DecodeParse(std::string_view body);
Result<BindMessage> DecodeBind(std::string_view body);
Result<DescribeMessage> DecodeDescribe(std::string_view body);
Result<CloseMessage> DecodeClose(std::string_view body);
Result<ExecuteMessage> DecodeExecute(std::string_view body);
// Query 'Q' and PasswordMessage 'p': one NUL-terminated string.
Result<std::string> DecodeCString(std::string_view body, std::string_view what);

// The format code of parameter or column i under the Bind convention (0 entries: text; one
// entry: all; otherwise one per item). Precondition: formats.size() is 0, 1 or > i.
int16_t FormatCode(const std::vector<int16_t>& formats, size_t i);

// ----- backend messages --------------------------------------------------------------------

struct FieldDescription {
  std::string name;
  uint32_t type_oid = oid::kUnknown;
  int16_t type_len = -1;
  int16_t format = 0;  // 0 text, 1 binary
};

void AppendAuthenticationOk(std::string& out);
void AppendAuthenticationCleartext(std::string& out);
void AppendParameterStatus(std::string& out, std::string_view name, std::string_view value);
void AppendBackendKeyData(std::string& out, uint32_t pid, uint32_t secret);
void AppendReadyForQuery(std::string& out, char status = 'I');
void AppendRowDescription(std::string& out, const std::vector<FieldDescription>& fields);
// One DataRow; nullopt values are NULL.
void AppendDataRow(std::string& out, const std::vector<std::optional<std::string>>& values);
void AppendCommandComplete(std::string& out, std::string_view tag);
void AppendEmptyQueryResponse(std::string& out);
void AppendParseComplete(std::string& out);
void AppendBindComplete(std::string& out);
void AppendCloseComplete(std::string& out);
void AppendNoData(std::string& out);
void AppendParameterDescription(std::string& out, const std::vector<uint32_t>& oids);

// An ErrorResponse ('E') or NoticeResponse ('N').
struct ErrorFields {
  std::string severity = "ERROR";  // ERROR, FATAL, WARNING, NOTICE
  std::string code = "XX000";      // SQLSTATE
  std::string message;
  std::string detail;  // optional
};
void AppendErrorResponse(std::string& out, const ErrorFields& e);
void AppendNoticeResponse(std::string& out, const ErrorFields& e);

// SQLSTATE of a GreptimeDB status (spec §2.5).
std::string_view SqlState(StatusCode code);
// ErrorResponse fields for a failed statement: severity ERROR (FATAL for 28000/28P01/3D000),
// the mapped SQLSTATE, the message without the status prefix.
ErrorFields ErrorFromStatus(const Status& status);

}  // namespace greptime::servers::postgres
