// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/mysql/mysql_packet.h"

#include <random>

namespace greptime::servers::mysql {

PacketWriter& PacketWriter::Int1(uint8_t v) {
  buf_.push_back(static_cast<char>(v));
  return *this;
}

PacketWriter& PacketWriter::Int2(uint16_t v) {
  for (int i = 0; i < 2; ++i) buf_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  return *this;
}

PacketWriter& PacketWriter::Int3(uint32_t v) {
  for (int i = 0; i < 3; ++i) buf_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  return *this;
}

PacketWriter& PacketWriter::Int4(uint32_t v) {
  for (int i = 0; i < 4; ++i) buf_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  return *this;
}

PacketWriter& PacketWriter::Int8(uint64_t v) {
  for (int i = 0; i < 8; ++i) buf_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  return *this;
}

PacketWriter& PacketWriter::LenencInt(uint64_t v) {
  if (v < 251) return Int1(static_cast<uint8_t>(v));
  if (v < (1u << 16)) return Int1(0xFC).Int2(static_cast<uint16_t>(v));
  if (v < (1u << 24)) return Int1(0xFD).Int3(static_cast<uint32_t>(v));
  return Int1(0xFE).Int8(v);
}

PacketWriter& PacketWriter::LenencString(std::string_view s) {
  LenencInt(s.size());
  buf_.append(s);
  return *this;
}

PacketWriter& PacketWriter::NulString(std::string_view s) {
  buf_.append(s);
  buf_.push_back('\0');
  return *this;
}

PacketWriter& PacketWriter::Bytes(std::string_view s) {
  buf_.append(s);
  return *this;
}

PacketWriter& PacketWriter::Zeros(size_t n) {
  buf_.append(n, '\0');
  return *this;
}

// ---------------------------------------------------------------------------------------------

namespace {
template <typename T>
std::optional<T> ReadLe(std::string_view data, size_t& pos, int bytes) {
  if (data.size() - pos < static_cast<size_t>(bytes)) return std::nullopt;
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) {
    v |= static_cast<uint64_t>(static_cast<unsigned char>(data[pos + i])) << (8 * i);
  }
  pos += static_cast<size_t>(bytes);
  return static_cast<T>(v);
}
}  // namespace

std::optional<uint8_t> PacketReader::Int1() { return ReadLe<uint8_t>(data_, pos_, 1); }
std::optional<uint16_t> PacketReader::Int2() { return ReadLe<uint16_t>(data_, pos_, 2); }
std::optional<uint32_t> PacketReader::Int3() { return ReadLe<uint32_t>(data_, pos_, 3); }
std::optional<uint32_t> PacketReader::Int4() { return ReadLe<uint32_t>(data_, pos_, 4); }
std::optional<uint64_t> PacketReader::Int8() { return ReadLe<uint64_t>(data_, pos_, 8); }

std::optional<uint64_t> PacketReader::LenencInt() {
  if (at_end()) return std::nullopt;
  const uint8_t first = static_cast<uint8_t>(data_[pos_]);
  const size_t start = pos_;
  std::optional<uint64_t> v;
  if (first < 0xFB) {
    ++pos_;
    return first;
  }
  ++pos_;
  switch (first) {
    case 0xFC: v = ReadLe<uint64_t>(data_, pos_, 2); break;
    case 0xFD: v = ReadLe<uint64_t>(data_, pos_, 3); break;
    case 0xFE: v = ReadLe<uint64_t>(data_, pos_, 8); break;
    default: break;  // 0xFB NULL, 0xFF ERR
  }
  if (!v) pos_ = start;
  return v;
}

std::optional<std::string_view> PacketReader::LenencString() {
  const size_t start = pos_;
  std::optional<uint64_t> n = LenencInt();
  if (!n || *n > remaining()) {
    pos_ = start;
    return std::nullopt;
  }
  std::string_view s = data_.substr(pos_, static_cast<size_t>(*n));
  pos_ += static_cast<size_t>(*n);
  return s;
}

std::optional<std::string_view> PacketReader::Bytes(size_t n) {
  if (n > remaining()) return std::nullopt;
  std::string_view s = data_.substr(pos_, n);
  pos_ += n;
  return s;
}

std::string_view PacketReader::NulString() {
  if (at_end()) return {};
  const size_t nul = data_.find('\0', pos_);
  if (nul == std::string_view::npos) return Rest();
  std::string_view s = data_.substr(pos_, nul - pos_);
  pos_ = nul + 1;
  return s;
}

std::string_view PacketReader::Rest() {
  if (at_end()) return {};
  std::string_view s = data_.substr(pos_);
  pos_ = data_.size();
  return s;
}

// ---------------------------------------------------------------------------------------------

std::string EncodeOk(uint64_t affected_rows, uint64_t last_insert_id, uint16_t status,
                     uint16_t warnings, bool eof_header) {
  PacketWriter w;
  w.Int1(eof_header ? 0xFE : 0x00).LenencInt(affected_rows).LenencInt(last_insert_id);
  w.Int2(status).Int2(warnings);
  return w.Take();
}

std::string EncodeErr(uint16_t code, std::string_view sqlstate, std::string_view message) {
  PacketWriter w;
  w.Int1(0xFF).Int2(code).Int1('#');
  std::string state(sqlstate.substr(0, 5));
  state.resize(5, '0');
  w.Bytes(state);
  // Keep the packet within one wire chunk; clients show the message, not megabytes of it.
  w.Bytes(message.substr(0, 65000));
  return w.Take();
}

std::string EncodeEof(uint16_t warnings, uint16_t status) {
  PacketWriter w;
  w.Int1(0xFE).Int2(warnings).Int2(status);
  return w.Take();
}

std::string EncodeHandshakeV10(const HandshakeV10& hs) {
  PacketWriter w;
  std::string salt = hs.salt;
  salt.resize(20, '\0');
  w.Int1(10).NulString(hs.server_version).Int4(hs.connection_id);
  w.Bytes(std::string_view(salt).substr(0, 8)).Int1(0);
  w.Int2(static_cast<uint16_t>(hs.capabilities & 0xFFFF)).Int1(hs.charset).Int2(hs.status);
  w.Int2(static_cast<uint16_t>(hs.capabilities >> 16));
  w.Int1(21).Zeros(10);
  w.Bytes(std::string_view(salt).substr(8, 12)).Int1(0);
  w.NulString(hs.auth_plugin);
  return w.Take();
}

Result<HandshakeResponse> DecodeHandshakeResponse(std::string_view payload) {
  PacketReader r(payload);
  HandshakeResponse out;
  auto caps = r.Int4();
  auto max_packet = r.Int4();
  auto charset = r.Int1();
  if (!caps || !max_packet || !charset || !r.Bytes(23)) {
    return Status::InvalidArguments("malformed handshake response: {} bytes", payload.size());
  }
  out.capabilities = *caps;
  out.max_packet_size = *max_packet;
  out.charset = *charset;
  if ((out.capabilities & kClientProtocol41) == 0) {
    return Status::InvalidArguments("client does not speak protocol 4.1");
  }
  if (r.at_end()) {
    if (out.capabilities & kClientSsl) {
      out.ssl_request = true;
      return out;
    }
    return Status::InvalidArguments("handshake response without a user name");
  }
  out.user = std::string(r.NulString());
  if (out.capabilities & kClientPluginAuthLenencClientData) {
    auto auth = r.LenencString();
    if (!auth) return Status::InvalidArguments("malformed handshake response: auth data");
    out.auth_response = std::string(*auth);
  } else if (out.capabilities & kClientSecureConnection) {
    auto len = r.Int1();
    std::optional<std::string_view> auth = len ? r.Bytes(*len) : std::nullopt;
    if (!auth) return Status::InvalidArguments("malformed handshake response: auth data");
    out.auth_response = std::string(*auth);
  } else {
    out.auth_response = std::string(r.NulString());
  }
  if ((out.capabilities & kClientConnectWithDb) && !r.at_end()) {
    out.database = std::string(r.NulString());
  }
  if ((out.capabilities & kClientPluginAuth) && !r.at_end()) {
    out.auth_plugin = std::string(r.NulString());
  }
  // Connection attributes (CLIENT_CONNECT_ATTRS) are ignored.
  return out;
}

std::string EncodeAuthSwitchRequest(std::string_view plugin, std::string_view salt) {
  PacketWriter w;
  w.Int1(0xFE).NulString(plugin).NulString(salt);
  return w.Take();
}

std::string GenerateSalt() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<int> dist(1, 127);
  std::string salt;
  while (salt.size() < 20) {
    const int c = dist(rng);
    if (c == '$') continue;
    salt.push_back(static_cast<char>(c));
  }
  return salt;
}

}  // namespace greptime::servers::mysql
