// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// MySQL client/server protocol codecs without I/O (spec/wire-protocols.md §1): little-endian
// and length-encoded integers and strings, the generic OK / ERR / EOF packets, HandshakeV10
// and HandshakeResponse41. Every reader is bounds-checked: input bytes are hostile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace greptime::servers::mysql {

// Capability flags (only those we look at or advertise).
inline constexpr uint32_t kClientLongPassword = 0x00000001;
inline constexpr uint32_t kClientLongFlag = 0x00000004;
inline constexpr uint32_t kClientConnectWithDb = 0x00000008;
inline constexpr uint32_t kClientProtocol41 = 0x00000200;
inline constexpr uint32_t kClientSsl = 0x00000800;
inline constexpr uint32_t kClientTransactions = 0x00002000;
inline constexpr uint32_t kClientSecureConnection = 0x00008000;
inline constexpr uint32_t kClientMultiStatements = 0x00010000;
inline constexpr uint32_t kClientMultiResults = 0x00020000;
inline constexpr uint32_t kClientPsMultiResults = 0x00040000;
inline constexpr uint32_t kClientPluginAuth = 0x00080000;
inline constexpr uint32_t kClientConnectAttrs = 0x00100000;
inline constexpr uint32_t kClientPluginAuthLenencClientData = 0x00200000;
inline constexpr uint32_t kClientSessionTrack = 0x00800000;
inline constexpr uint32_t kClientDeprecateEof = 0x01000000;

// Server status flags.
inline constexpr uint16_t kServerStatusAutocommit = 0x0002;
inline constexpr uint16_t kServerMoreResultsExists = 0x0008;
inline constexpr uint16_t kServerStatusNoBackslashEscapes = 0x0200;
// Sent in the greeting and every OK/EOF. Our SQL dialect has no backslash escapes in strings,
// so clients that escape values themselves (pymysql, libmysqlclient's
// mysql_real_escape_string) must double quotes instead of writing \' -- which this lexer
// would read as a backslash followed by the end of the string.
inline constexpr uint16_t kServerStatusDefault = kServerStatusNoBackslashEscapes;

// Command bytes.
inline constexpr uint8_t kComQuit = 0x01;
inline constexpr uint8_t kComInitDb = 0x02;
inline constexpr uint8_t kComQuery = 0x03;
inline constexpr uint8_t kComFieldList = 0x04;
inline constexpr uint8_t kComStatistics = 0x09;
inline constexpr uint8_t kComPing = 0x0e;
inline constexpr uint8_t kComStmtPrepare = 0x16;
inline constexpr uint8_t kComStmtExecute = 0x17;
inline constexpr uint8_t kComStmtSendLongData = 0x18;
inline constexpr uint8_t kComStmtClose = 0x19;
inline constexpr uint8_t kComStmtReset = 0x1a;
inline constexpr uint8_t kComSetOption = 0x1b;
inline constexpr uint8_t kComResetConnection = 0x1f;

// Largest payload of one wire packet; a payload of exactly this size continues in the next.
inline constexpr size_t kMaxPacketChunk = 0xFFFFFF;

inline constexpr uint8_t kCharsetUtf8GeneralCi = 0x21;
inline constexpr uint8_t kCharsetBinary = 63;

inline constexpr std::string_view kNativePasswordPlugin = "mysql_native_password";

// Appends protocol fields to a payload (the 4-byte packet header is the transport's job).
class PacketWriter {
 public:
  PacketWriter& Int1(uint8_t v);
  PacketWriter& Int2(uint16_t v);
  PacketWriter& Int3(uint32_t v);
  PacketWriter& Int4(uint32_t v);
  PacketWriter& Int8(uint64_t v);
  PacketWriter& LenencInt(uint64_t v);
  PacketWriter& LenencString(std::string_view s);
  PacketWriter& NulString(std::string_view s);  // bytes then a NUL
  PacketWriter& Bytes(std::string_view s);
  PacketWriter& Zeros(size_t n);

  size_t size() const { return buf_.size(); }
  std::string Take() { return std::move(buf_); }
  const std::string& data() const { return buf_; }

 private:
  std::string buf_;
};

// Reads fields from a payload. Every read returns nullopt (and consumes nothing) when the
// payload is too short; callers turn that into a protocol error.
class PacketReader {
 public:
  explicit PacketReader(std::string_view payload) : data_(payload) {}

  std::optional<uint8_t> Int1();
  std::optional<uint16_t> Int2();
  std::optional<uint32_t> Int3();
  std::optional<uint32_t> Int4();
  std::optional<uint64_t> Int8();
  // 0xFB (NULL) and 0xFF (ERR) are not integers: nullopt.
  std::optional<uint64_t> LenencInt();
  std::optional<std::string_view> LenencString();
  std::optional<std::string_view> Bytes(size_t n);
  // Up to the next NUL (consumed, not returned); without a NUL, the rest of the payload.
  std::string_view NulString();
  std::string_view Rest();

  size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ >= data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// OK packet (header 0x00, or 0xFE for the end of a result set under CLIENT_DEPRECATE_EOF).
std::string EncodeOk(uint64_t affected_rows, uint64_t last_insert_id, uint16_t status,
                     uint16_t warnings, bool eof_header = false);
// ERR packet: 0xFF, error number, '#', 5-byte SQLSTATE, message.
std::string EncodeErr(uint16_t code, std::string_view sqlstate, std::string_view message);
// EOF packet (pre-DEPRECATE_EOF clients): 0xFE, warnings, status.
std::string EncodeEof(uint16_t warnings, uint16_t status);

struct HandshakeV10 {
  std::string server_version;
  uint32_t connection_id = 0;
  std::string salt;  // 20 bytes
  uint32_t capabilities = 0;
  uint8_t charset = kCharsetUtf8GeneralCi;
  uint16_t status = 0;
  std::string auth_plugin = std::string(kNativePasswordPlugin);
};
std::string EncodeHandshakeV10(const HandshakeV10& hs);

struct HandshakeResponse {
  uint32_t capabilities = 0;
  uint32_t max_packet_size = 0;
  uint8_t charset = 0;
  std::string user;
  std::string auth_response;
  std::string database;     // empty unless CLIENT_CONNECT_WITH_DB
  std::string auth_plugin;  // empty unless CLIENT_PLUGIN_AUTH
  // True for the 32-byte SSLRequest (CLIENT_SSL set, nothing after the filler).
  bool ssl_request = false;
};
// kInvalidArguments on a truncated or malformed response, or one without CLIENT_PROTOCOL_41.
Result<HandshakeResponse> DecodeHandshakeResponse(std::string_view payload);

// AuthSwitchRequest: 0xFE, plugin name, NUL, plugin data (the scramble), NUL.
std::string EncodeAuthSwitchRequest(std::string_view plugin, std::string_view salt);

// 20 random bytes, each in 1..127 and never '$' (spec/wire-protocols.md §1.1).
std::string GenerateSalt();

}  // namespace greptime::servers::mysql
