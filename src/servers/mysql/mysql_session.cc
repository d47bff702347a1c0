// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Connection phase and command dispatch; statement execution lives in mysql_session_query.cc.
#include "servers/mysql/mysql_session.h"

#include <fmt/format.h>

#include "common/strings.h"
#include "servers/mysql/mysql_federated.h"
#include "servers/mysql/mysql_packet.h"
#include "servers/mysql/mysql_resultset.h"

namespace greptime::servers::mysql {

uint32_t ServerCapabilities(bool tls_offered) {
  return (tls_offered ? kClientSsl : 0) | kClientLongPassword | kClientLongFlag | kClientConnectWithDb | kClientProtocol41 |
         kClientTransactions | kClientSecureConnection | kClientMultiStatements |
         kClientMultiResults | kClientPluginAuth | kClientPluginAuthLenencClientData |
         kClientSessionTrack | kClientDeprecateEof;
}

MysqlSession::MysqlSession(frontend::Frontend& frontend, const auth::UserProvider* users,
                           uint32_t connection_id, SessionOptions options)
    : frontend_(frontend),
      users_(users),
      connection_id_(connection_id),
      options_(std::move(options)),
      salt_(GenerateSalt()) {}

MysqlSession::~MysqlSession() = default;

std::string MysqlSession::Greeting() {
  HandshakeV10 hs;
  hs.server_version = options_.server_version;
  hs.connection_id = connection_id_;
  hs.salt = salt_;
  hs.capabilities = ServerCapabilities(options_.tls_offered);
  hs.status = kServerStatusDefault;
  phase_ = Phase::kHandshakeResponse;
  return EncodeHandshakeV10(hs);
}

bool MysqlSession::deprecate_eof() const {
  return (client_capabilities_ & kClientDeprecateEof) != 0;
}

SessionReply MysqlSession::Ok() const {
  SessionReply reply;
  reply.packets.push_back(
      EncodeOk(0, 0, kServerStatusDefault, static_cast<uint16_t>(warnings_.size())));
  return reply;
}

SessionReply MysqlSession::Error(const Status& status) const {
  SessionReply reply;
  reply.packets.push_back(EncodeStatusErr(status));
  return reply;
}

SessionReply MysqlSession::OnPacket(std::string_view payload) {
  switch (phase_) {
    case Phase::kHandshakeResponse: return OnHandshakeResponse(payload);
    case Phase::kAuthSwitchResponse: return OnAuthSwitchResponse(payload);
    case Phase::kCommand: return OnCommand(payload);
    case Phase::kGreeting:
    case Phase::kClosed: break;
  }
  SessionReply reply;
  reply.close = true;
  return reply;
}

// ---------------------------------------------------------------------------------------------
// Connection phase.

SessionReply MysqlSession::OnHandshakeResponse(std::string_view payload) {
  SessionReply reply;
  reply.close = true;
  phase_ = Phase::kClosed;
  auto response = DecodeHandshakeResponse(payload);
  if (!response.ok()) {
    reply.packets.push_back(EncodeErr(1043, "08S01", "Bad handshake"));
    return reply;
  }
  if (response->ssl_request) {
    if (!options_.tls_offered || secure_) {
      reply.packets.push_back(EncodeErr(1043, "08S01", "TLS is not enabled on this server"));
      return reply;
    }
    // The handshake response follows, encrypted.
    secure_ = true;
    phase_ = Phase::kHandshakeResponse;
    reply.close = false;
    reply.continues = true;
    reply.start_tls = true;
    return reply;
  }
  if (options_.tls_required && !secure_) {
    reply.packets.push_back(EncodeErr(
        3159, "HY000", "(TlsRequired): connections to this server must use TLS (mysql.tls.mode)"));
    return reply;
  }
  client_capabilities_ = response->capabilities & ServerCapabilities(options_.tls_offered);
  user_ = response->user;
  connect_db_ = response->database;
  const bool native = response->auth_plugin.empty() ||
                      response->auth_plugin == kNativePasswordPlugin;
  if (users_ != nullptr && !native) {
    // caching_sha2_password and friends: ask for mysql_native_password instead.
    phase_ = Phase::kAuthSwitchResponse;
    reply.close = false;
    reply.continues = true;
    reply.packets.push_back(EncodeAuthSwitchRequest(kNativePasswordPlugin, salt_));
    return reply;
  }
  return FinishAuthentication(response->auth_response);
}

SessionReply MysqlSession::OnAuthSwitchResponse(std::string_view payload) {
  return FinishAuthentication(payload);
}

SessionReply MysqlSession::FinishAuthentication(std::string_view auth_response) {
  SessionReply reply;
  phase_ = Phase::kClosed;
  if (users_ != nullptr) {
    auto user = users_->AuthenticateMysqlNative(user_, salt_, auth_response);
    if (!user.ok()) {
      reply.close = true;
      reply.packets.push_back(EncodeErr(
          1698, "28000",
          fmt::format("Authenticate failed, user: \"{}\", auth_plugin: \"{}\"", user_,
                      kNativePasswordPlugin)));
      return reply;
    }
    ctx_.read_allowed = auth::CheckPermission(*user, /*write=*/false).ok();
    ctx_.write_allowed = auth::CheckPermission(*user, /*write=*/true).ok();
  }
  phase_ = Phase::kCommand;
  if (!connect_db_.empty()) {
    reply = InitDb(connect_db_);
    // A connection that cannot use its database is refused.
    if (!reply.packets.empty() && !reply.packets[0].empty() &&
        static_cast<uint8_t>(reply.packets[0][0]) == 0xFF) {
      reply.close = true;
      phase_ = Phase::kClosed;
    }
    return reply;
  }
  return Ok();
}

// ---------------------------------------------------------------------------------------------
// Command phase.

SessionReply MysqlSession::OnCommand(std::string_view payload) {
  if (payload.empty()) {
    SessionReply reply;
    reply.close = true;
    return reply;
  }
  const uint8_t command = static_cast<uint8_t>(payload[0]);
  const std::string_view body = payload.substr(1);
  switch (command) {
    case kComQuit: {
      SessionReply reply;
      reply.close = true;
      phase_ = Phase::kClosed;
      return reply;
    }
    case kComInitDb: return InitDb(body);
    case kComQuery: return Query(body);
    case kComFieldList: {
      SessionReply reply;
      reply.packets.push_back(deprecate_eof() ? EncodeOk(0, 0, kServerStatusDefault, 0, true)
                                              : EncodeEof(0, kServerStatusDefault));
      return reply;
    }
    case kComStatistics: {
      SessionReply reply;
      reply.packets.push_back("Uptime: 0  Threads: 1  Questions: 0  Slow queries: 0  Opens: 0  "
                              "Flush tables: 0  Open tables: 0  Queries per second avg: 0.000");
      return reply;
    }
    case kComStmtPrepare: return StmtPrepare(body);
    case kComStmtExecute: return StmtExecute(body);
    case kComStmtSendLongData: StmtSendLongData(body); return SessionReply{};
    case kComStmtClose: {
      PacketReader r(body);
      if (auto id = r.Int4()) statements_.erase(*id);
      return SessionReply{};
    }
    case kComStmtReset: return StmtReset(body);
    case kComSetOption: {
      SessionReply reply;
      reply.packets.push_back(EncodeEof(0, kServerStatusDefault));
      return reply;
    }
    case kComResetConnection:
      statements_.clear();
      named_statements_.clear();
      user_variables_.clear();
      warnings_.clear();
      ctx_.time_zone = TimeZone::Utc();
      ctx_.time_zone_text = "UTC";
      return Ok();
    default: return Ok();  // spec §1.2: unsupported commands get a plain OK
  }
}

SessionReply MysqlSession::InitDb(std::string_view name) {
  // `db` or `catalog-db` (spec: split at the first '-').
  std::string catalog = ctx_.catalog;
  std::string schema(name);
  const size_t dash = schema.find('-');
  if (dash != std::string::npos) {
    catalog = schema.substr(0, dash);
    schema = schema.substr(dash + 1);
  }
  auto exists = frontend_.catalog().DatabaseExists(catalog, schema);
  if (!exists.ok()) return Error(exists.status());
  if (!*exists) {
    SessionReply reply;
    reply.packets.push_back(
        EncodeErr(1102, "42000", fmt::format("Unknown database '{}'", name)));
    return reply;
  }
  ctx_.catalog = catalog;
  ctx_.database = schema;
  return Ok();
}

// ---------------------------------------------------------------------------------------------
// Prepared statements (binary protocol).

SessionReply MysqlSession::StmtPrepare(std::string_view sql) {
  if (statements_.size() >= options_.prepared_stmt_cache_size) {
    SessionReply reply;
    reply.packets.push_back(EncodeErr(
        1461, "42000",
        fmt::format("Prepared statement cache is full, max capacity: {}",
                    options_.prepared_stmt_cache_size)));
    return reply;
  }
  auto prepared = Prepare(sql);
  if (!prepared.ok()) return Error(prepared.status());
  const uint32_t id = next_statement_id_++;
  const size_t num_params = prepared->placeholders.size();
  statements_[id] = std::move(prepared).value();

  SessionReply reply;
  PacketWriter ok;
  ok.Int1(0x00).Int4(id).Int2(0).Int2(static_cast<uint16_t>(num_params)).Int1(0).Int2(0);
  reply.packets.push_back(ok.Take());
  if (num_params > 0) {
    ColumnDefinition param;
    param.name = "?";
    param.type = ColumnType::kNull;
    for (size_t i = 0; i < num_params; ++i) reply.packets.push_back(EncodeColumnDefinition(param));
    if (!deprecate_eof()) reply.packets.push_back(EncodeEof(0, kServerStatusDefault));
  }
  return reply;
}

SessionReply MysqlSession::StmtExecute(std::string_view payload) {
  PacketReader r(payload);
  auto id = r.Int4();
  auto flags = r.Int1();
  auto iterations = r.Int4();
  if (!id || !flags || !iterations) {
    return Error(Status::InvalidArguments("malformed COM_STMT_EXECUTE packet"));
  }
  auto it = statements_.find(*id);
  if (it == statements_.end()) {
    // spec §1.4: an unknown statement id is a connection error.
    SessionReply reply;
    reply.close = true;
    reply.packets.push_back(EncodeErr(
        1243, "HY000",
        fmt::format("Unknown prepared statement handler ({}) given to mysqld_stmt_execute", *id)));
    return reply;
  }
  PreparedStatement& stmt = it->second;
  warnings_.clear();
  if (stmt.federated) {
    FederatedContext fctx;
    fctx.time_zone = ctx_.time_zone_text;
    if (auto answer = AnswerFederated(stmt.sql, fctx)) return Outputs({std::move(*answer)}, true);
  }
  if (stmt.long_data_overflow) {
    stmt.long_data.assign(stmt.long_data.size(), std::nullopt);
    stmt.long_data_bytes = 0;
    stmt.long_data_overflow = false;
    return Error(Status::InvalidArguments(
        "Parameter data sent with COM_STMT_SEND_LONG_DATA exceeds max_allowed_packet"));
  }
  auto literals = DecodeParamLiterals(r, stmt.placeholders.size(), stmt.types, stmt.long_data);
  stmt.long_data.assign(stmt.long_data.size(), std::nullopt);
  stmt.long_data_bytes = 0;
  if (!literals.ok()) return Error(literals.status());
  const std::string sql = SubstituteParams(stmt.sql, stmt.placeholders, *literals);
  auto outputs = RunSql(sql);
  if (!outputs.ok()) return Error(outputs.status());
  return Outputs(*outputs, /*binary=*/true);
}

void MysqlSession::StmtSendLongData(std::string_view payload) {
  PacketReader r(payload);
  auto id = r.Int4();
  auto param = r.Int2();
  if (!id || !param) return;
  auto it = statements_.find(*id);
  if (it == statements_.end()) return;
  PreparedStatement& stmt = it->second;
  if (*param >= stmt.placeholders.size()) return;
  const std::string_view data = r.Rest();
  stmt.long_data_bytes += data.size();
  if (stmt.long_data_bytes > options_.max_packet_bytes) {
    stmt.long_data_overflow = true;
    return;
  }
  stmt.long_data.resize(stmt.placeholders.size());
  auto& slot = stmt.long_data[*param];
  if (!slot) slot.emplace();
  slot->append(data);
}

SessionReply MysqlSession::StmtReset(std::string_view payload) {
  PacketReader r(payload);
  auto id = r.Int4();
  auto it = id ? statements_.find(*id) : statements_.end();
  if (it == statements_.end()) {
    SessionReply reply;
    reply.packets.push_back(EncodeErr(
        1243, "HY000",
        fmt::format("Unknown prepared statement handler ({}) given to mysqld_stmt_reset",
                    id.value_or(0))));
    return reply;
  }
  it->second.long_data.assign(it->second.long_data.size(), std::nullopt);
  it->second.long_data_bytes = 0;
  it->second.long_data_overflow = false;
  return Ok();
}

}  // namespace greptime::servers::mysql
