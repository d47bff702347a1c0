// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/postgres/pg_message.h"

#include <fmt/format.h>

namespace greptime::servers::postgres {

// ----- MessageWriter / MessageReader -------------------------------------------------------

MessageWriter& MessageWriter::Int8(uint8_t v) {
  body_ += static_cast<char>(v);
  return *this;
}

MessageWriter& MessageWriter::Int16(uint16_t v) {
  body_ += static_cast<char>((v >> 8) & 0xFF);
  body_ += static_cast<char>(v & 0xFF);
  return *this;
}

MessageWriter& MessageWriter::Int32(uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) body_ += static_cast<char>((v >> shift) & 0xFF);
  return *this;
}

MessageWriter& MessageWriter::Int64(uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) body_ += static_cast<char>((v >> shift) & 0xFF);
  return *this;
}

MessageWriter& MessageWriter::CString(std::string_view s) {
  for (char c : s) {
    if (c != '\0') body_ += c;
  }
  body_ += '\0';
  return *this;
}

MessageWriter& MessageWriter::Bytes(std::string_view s) {
  body_.append(s);
  return *this;
}

void AppendMessage(std::string& out, char type, std::string_view body) {
  out += type;
  const uint32_t len = static_cast<uint32_t>(body.size() + 4);
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((len >> shift) & 0xFF);
  out.append(body);
}

size_t BeginMessage(std::string& out, char type) {
  const size_t start = out.size();
  out += type;
  out.append(4, '\0');
  return start;
}

void FinishMessage(std::string& out, size_t start) {
  const auto len = static_cast<uint32_t>(out.size() - start - 1);
  for (int i = 0; i < 4; ++i) {
    out[start + 1 + static_cast<size_t>(i)] = static_cast<char>((len >> (24 - 8 * i)) & 0xFF);
  }
}

void AppendInt16(std::string& out, uint16_t v) {
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}

void AppendInt32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

std::optional<uint8_t> MessageReader::Int8() {
  if (remaining() < 1) return std::nullopt;
  return static_cast<uint8_t>(data_[pos_++]);
}

std::optional<uint16_t> MessageReader::Int16() {
  if (remaining() < 2) return std::nullopt;
  const auto* p = reinterpret_cast<const uint8_t*>(data_.data() + pos_);
  pos_ += 2;
  return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

std::optional<uint32_t> MessageReader::Int32() {
  if (remaining() < 4) return std::nullopt;
  const auto* p = reinterpret_cast<const uint8_t*>(data_.data() + pos_);
  pos_ += 4;
  return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | p[3];
}

std::optional<uint64_t> MessageReader::Int64() {
  auto hi = Int32();
  if (!hi) return std::nullopt;
  auto lo = Int32();
  if (!lo) return std::nullopt;
  return (static_cast<uint64_t>(*hi) << 32) | *lo;
}

std::optional<std::string_view> MessageReader::CString() {
  const size_t nul = data_.find('\0', pos_);
  if (nul == std::string_view::npos) return std::nullopt;
  std::string_view s = data_.substr(pos_, nul - pos_);
  pos_ = nul + 1;
  return s;
}

std::optional<std::string_view> MessageReader::Bytes(size_t n) {
  if (remaining() < n) return std::nullopt;
  std::string_view s = data_.substr(pos_, n);
  pos_ += n;
  return s;
}

std::string_view MessageReader::Rest() {
  std::string_view s = data_.substr(pos_);
  pos_ = data_.size();
  return s;
}

// ----- frontend messages -------------------------------------------------------------------

Result<StartupPacket> DecodeStartup(std::string_view body) {
  MessageReader r(body);
  auto code = r.Int32();
  if (!code) return Status::InvalidArguments("invalid startup packet: too short");
  StartupPacket p;
  p.protocol = *code;
  if (*code == kSslRequestCode || *code == kGssEncRequestCode) {
    if (r.remaining() != 0) return Status::InvalidArguments("invalid startup packet: bad length");
    p.kind = *code == kSslRequestCode ? StartupPacket::Kind::kSsl : StartupPacket::Kind::kGssEnc;
    return p;
  }
  if (*code == kCancelRequestCode) {
    auto pid = r.Int32();
    auto secret = r.Int32();
    if (!pid || !secret || r.remaining() != 0) {
      return Status::InvalidArguments("invalid cancel request: bad length");
    }
    p.kind = StartupPacket::Kind::kCancel;
    p.cancel_pid = *pid;
    p.cancel_secret = *secret;
    return p;
  }
  if ((*code >> 16) != 3) {
    return Status::InvalidArguments(
        "unsupported frontend protocol {}.{}: server supports 3.0 to 3.0", *code >> 16,
        *code & 0xFFFF);
  }
  // Pairs of NUL-terminated name and value, then one more NUL.
  while (true) {
    auto name = r.CString();
    if (!name)
      return Status::InvalidArguments(
          "invalid startup packet layout: expected terminator as last byte");
    if (name->empty()) break;
    auto value = r.CString();
    if (!value) return Status::InvalidArguments("invalid startup packet layout: missing value");
    p.params[std::string(*name)] = std::string(*value);
  }
  if (r.remaining() != 0) {
    return Status::InvalidArguments(
        "invalid startup packet layout: expected terminator as last byte");
  }
  return p;
}

namespace {

Status Malformed(std::string_view what, std::string_view why) {
  return Status::InvalidArguments("malformed {} message: {}", what, why);
}

Result<std::vector<int16_t>> ReadFormats(MessageReader& r, std::string_view what) {
  auto n = r.Int16();
  if (!n) return Malformed(what, "truncated format codes");
  if (static_cast<int16_t>(*n) < 0) return Malformed(what, "negative format count");
  std::vector<int16_t> formats;
  if (r.remaining() < 2u * *n) return Malformed(what, "truncated format codes");
  formats.reserve(*n);
  for (uint16_t i = 0; i < *n; ++i) {
    const auto f = static_cast<int16_t>(*r.Int16());
    if (f != 0 && f != 1) return Malformed(what, fmt::format("unsupported format code: {}", f));
    formats.push_back(f);
  }
  return formats;
}

}  // namespace

Result<ParseMessage> DecodeParse(std::string_view body) {
  MessageReader r(body);
  ParseMessage m;
  auto name = r.CString();
  auto query = r.CString();
  auto n = r.Int16();
  if (!name || !query || !n) return Malformed("Parse", "truncated");
  if (static_cast<int16_t>(*n) < 0) return Malformed("Parse", "negative parameter count");
  if (r.remaining() != 4u * *n) return Malformed("Parse", "bad parameter type list");
  m.name = std::string(*name);
  m.query = std::string(*query);
  m.param_types.reserve(*n);
  for (uint16_t i = 0; i < *n; ++i) m.param_types.push_back(*r.Int32());
  return m;
}

Result<BindMessage> DecodeBind(std::string_view body) {
  MessageReader r(body);
  BindMessage m;
  auto portal = r.CString();
  auto statement = r.CString();
  if (!portal || !statement) return Malformed("Bind", "truncated");
  m.portal = std::string(*portal);
  m.statement = std::string(*statement);
  GT_ASSIGN_OR_RETURN(m.param_formats, ReadFormats(r, "Bind"));
  auto n = r.Int16();
  if (!n) return Malformed("Bind", "truncated parameter count");
  if (static_cast<int16_t>(*n) < 0) return Malformed("Bind", "negative parameter count");
  if (m.param_formats.size() > 1 && m.param_formats.size() != *n) {
    return Malformed(
        "Bind", fmt::format("{} parameter formats for {} parameters", m.param_formats.size(), *n));
  }
  m.params.reserve(std::min<size_t>(*n, r.remaining() / 4));
  for (uint16_t i = 0; i < *n; ++i) {
    auto len = r.Int32();
    if (!len) return Malformed("Bind", "truncated parameter value");
    if (*len == 0xFFFFFFFFu) {
      m.params.emplace_back(std::nullopt);
      continue;
    }
    if (static_cast<int32_t>(*len) < 0) return Malformed("Bind", "negative parameter length");
    auto bytes = r.Bytes(*len);
    if (!bytes) return Malformed("Bind", "truncated parameter value");
    m.params.emplace_back(std::string(*bytes));
  }
  GT_ASSIGN_OR_RETURN(m.result_formats, ReadFormats(r, "Bind"));
  if (r.remaining() != 0) return Malformed("Bind", "trailing bytes");
  return m;
}

namespace {

Result<DescribeMessage> DecodeTarget(std::string_view body, std::string_view what) {
  MessageReader r(body);
  auto kind = r.Int8();
  auto name = r.CString();
  if (!kind || !name || r.remaining() != 0) return Malformed(what, "truncated");
  if (*kind != 'S' && *kind != 'P') {
    return Malformed(what, fmt::format("invalid target type '{}'", static_cast<char>(*kind)));
  }
  DescribeMessage m;
  m.kind = static_cast<char>(*kind);
  m.name = std::string(*name);
  return m;
}

}  // namespace

Result<DescribeMessage> DecodeDescribe(std::string_view body) {
  return DecodeTarget(body, "Describe");
}

Result<CloseMessage> DecodeClose(std::string_view body) { return DecodeTarget(body, "Close"); }

Result<ExecuteMessage> DecodeExecute(std::string_view body) {
  MessageReader r(body);
  auto portal = r.CString();
  auto max_rows = r.Int32();
  if (!portal || !max_rows || r.remaining() != 0) return Malformed("Execute", "truncated");
  ExecuteMessage m;
  m.portal = std::string(*portal);
  m.max_rows = static_cast<int32_t>(*max_rows) < 0 ? 0 : *max_rows;
  return m;
}

Result<std::string> DecodeCString(std::string_view body, std::string_view what) {
  MessageReader r(body);
  auto s = r.CString();
  if (!s || r.remaining() != 0) return Malformed(what, "expected one NUL-terminated string");
  return std::string(*s);
}

int16_t FormatCode(const std::vector<int16_t>& formats, size_t i) {
  if (formats.empty()) return 0;
  if (formats.size() == 1) return formats[0];
  return i < formats.size() ? formats[i] : 0;
}

// ----- backend messages --------------------------------------------------------------------

void AppendAuthenticationOk(std::string& out) {
  AppendMessage(out, 'R', MessageWriter().Int32(0).body());
}

void AppendAuthenticationCleartext(std::string& out) {
  AppendMessage(out, 'R', MessageWriter().Int32(3).body());
}

void AppendParameterStatus(std::string& out, std::string_view name, std::string_view value) {
  AppendMessage(out, 'S', MessageWriter().CString(name).CString(value).body());
}

void AppendBackendKeyData(std::string& out, uint32_t pid, uint32_t secret) {
  AppendMessage(out, 'K', MessageWriter().Int32(pid).Int32(secret).body());
}

void AppendReadyForQuery(std::string& out, char status) {
  AppendMessage(out, 'Z', std::string_view(&status, 1));
}

void AppendRowDescription(std::string& out, const std::vector<FieldDescription>& fields) {
  MessageWriter w;
  w.Int16(static_cast<uint16_t>(fields.size()));
  for (const auto& f : fields) {
    w.CString(f.name).Int32(0).Int16(0).Int32(f.type_oid);
    w.Int16(static_cast<uint16_t>(f.type_len)).Int32(0xFFFFFFFFu);  // typmod -1
    w.Int16(static_cast<uint16_t>(f.format));
  }
  AppendMessage(out, 'T', w.body());
}

void AppendDataRow(std::string& out, const std::vector<std::optional<std::string>>& values) {
  MessageWriter w;
  w.Int16(static_cast<uint16_t>(values.size()));
  for (const auto& v : values) {
    if (v) {
      w.Int32(static_cast<uint32_t>(v->size())).Bytes(*v);
    } else {
      w.Int32(0xFFFFFFFFu);
    }
  }
  AppendMessage(out, 'D', w.body());
}

void AppendCommandComplete(std::string& out, std::string_view tag) {
  AppendMessage(out, 'C', MessageWriter().CString(tag).body());
}

void AppendEmptyQueryResponse(std::string& out) { AppendMessage(out, 'I', {}); }
void AppendParseComplete(std::string& out) { AppendMessage(out, '1', {}); }
void AppendBindComplete(std::string& out) { AppendMessage(out, '2', {}); }
void AppendCloseComplete(std::string& out) { AppendMessage(out, '3', {}); }
void AppendNoData(std::string& out) { AppendMessage(out, 'n', {}); }

void AppendParameterDescription(std::string& out, const std::vector<uint32_t>& oids) {
  MessageWriter w;
  w.Int16(static_cast<uint16_t>(oids.size()));
  for (uint32_t o : oids) w.Int32(o);
  AppendMessage(out, 't', w.body());
}

namespace {

std::string EncodeFields(const ErrorFields& e) {
  MessageWriter w;
  w.Int8('S').CString(e.severity);
  w.Int8('V').CString(e.severity);
  w.Int8('C').CString(e.code);
  w.Int8('M').CString(e.message);
  if (!e.detail.empty()) w.Int8('D').CString(e.detail);
  w.Int8(0);
  return w.Take();
}

}  // namespace

void AppendErrorResponse(std::string& out, const ErrorFields& e) {
  AppendMessage(out, 'E', EncodeFields(e));
}

void AppendNoticeResponse(std::string& out, const ErrorFields& e) {
  AppendMessage(out, 'N', EncodeFields(e));
}

std::string_view SqlState(StatusCode code) {
  using C = StatusCode;
  switch (code) {
    case C::kSuccess:
      return "00000";
    case C::kUnsupported:
      return "0A000";
    case C::kInvalidArguments:
      return "22023";
    case C::kCancelled:
    case C::kDeadlineExceeded:
      return "57000";
    case C::kSuspended:
      return "57P03";
    case C::kExternal:
      return "58000";
    case C::kInvalidSyntax:
      return "42601";
    case C::kPlanQuery:
    case C::kEngineExecuteQuery:
      return "P0000";
    case C::kTableNotFound:
    case C::kFlowNotFound:
    case C::kRegionNotFound:
    case C::kTriggerNotFound:
      return "42P01";
    case C::kTableAlreadyExists:
    case C::kFlowAlreadyExists:
    case C::kRegionAlreadyExists:
    case C::kTriggerAlreadyExists:
      return "42P07";
    case C::kTableColumnNotFound:
      return "42703";
    case C::kTableColumnExists:
      return "42701";
    case C::kDatabaseNotFound:
      return "42704";
    case C::kDatabaseAlreadyExists:
      return "42P04";
    case C::kRegionReadonly:
      return "25006";
    case C::kRegionNotReady:
    case C::kRegionBusy:
    case C::kTableUnavailable:
      return "55000";
    case C::kRuntimeResourcesExhausted:
      return "53000";
    case C::kRateLimited:
      return "54000";
    case C::kUserNotFound:
    case C::kUnsupportedPasswordType:
    case C::kUserPasswordMismatch:
      return "28P01";
    case C::kAuthHeaderNotFound:
    case C::kInvalidAuthHeader:
      return "28000";
    case C::kAccessDenied:
    case C::kPermissionDenied:
      return "42501";
    case C::kUnknown:
    case C::kUnexpected:
    case C::kIllegalState:
    case C::kInternal:
    case C::kStorageUnavailable:
    case C::kRequestOutdated:
      return "XX000";
  }
  return "XX000";
}

ErrorFields ErrorFromStatus(const Status& status) {
  ErrorFields e;
  e.code = std::string(SqlState(status.code()));
  if (e.code == "28000" || e.code == "28P01" || e.code == "3D000") e.severity = "FATAL";
  e.message = status.message();
  return e;
}

}  // namespace greptime::servers::postgres
