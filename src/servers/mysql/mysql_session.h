// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// MysqlSession: the state of one MySQL connection and its protocol logic, without sockets
// (spec/wire-protocols.md §1). The server feeds it whole packet payloads and writes back the
// payloads it returns; sequence numbers, framing, limits and timeouts are the server's.
//
// Phases: greeting sent -> HandshakeResponse41 [-> AuthSwitchRequest -> auth data] -> commands.
// Commands run synchronously (they call the Frontend, so call OnPacket off the I/O threads).
// Not thread-safe: one packet at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "frontend/frontend.h"
#include "servers/auth/user_provider.h"
#include "servers/mysql/mysql_params.h"

namespace greptime::servers::mysql {

struct SessionOptions {
  std::string server_version = "8.4.2";
  size_t max_packet_bytes = 64u << 20;         // also bounds COM_STMT_SEND_LONG_DATA per stmt
  size_t prepared_stmt_cache_size = 10000;     // prepared statements per connection
  bool tls_offered = false;   // CLIENT_SSL is offered; an SSL request upgrades the connection
  bool tls_required = false;  // plaintext sessions are refused (TlsRequired)
};

struct SessionReply {
  std::vector<std::string> packets;  // payloads to send, in order
  bool close = false;                // close the connection after sending them
  // The client's next packet continues this exchange (its sequence id follows ours) rather
  // than starting a new command at 0.
  bool continues = false;
  // The client sent an SSL request: do the TLS handshake, then read its real handshake
  // response (continuing the sequence).
  bool start_tls = false;
};

// The server's capability flags; CLIENT_SSL only when TLS is offered.
uint32_t ServerCapabilities(bool tls_offered = false);

class MysqlSession {
 public:
  // `frontend` and `users` (nullable: open access) are borrowed and must outlive the session.
  MysqlSession(frontend::Frontend& frontend, const auth::UserProvider* users,
               uint32_t connection_id, SessionOptions options);
  ~MysqlSession();

  // The HandshakeV10 payload; the first packet of the connection (sequence id 0).
  std::string Greeting();
  // Handles one client payload (continuation packets already joined).
  SessionReply OnPacket(std::string_view payload);

  bool authenticated() const { return phase_ == Phase::kCommand; }
  const frontend::QueryContext& context() const { return ctx_; }
  uint32_t connection_id() const { return connection_id_; }

 private:
  enum class Phase { kGreeting, kHandshakeResponse, kAuthSwitchResponse, kCommand, kClosed };

  struct PreparedStatement {
    std::string sql;
    std::vector<size_t> placeholders;
    std::vector<ParamType> types;                       // bound by the last execute
    std::vector<std::optional<std::string>> long_data;  // COM_STMT_SEND_LONG_DATA per param
    size_t long_data_bytes = 0;
    bool long_data_overflow = false;
    bool federated = false;  // answered by the federated layer
  };

  SessionReply OnHandshakeResponse(std::string_view payload);
  SessionReply OnAuthSwitchResponse(std::string_view payload);
  SessionReply FinishAuthentication(std::string_view auth_response);
  SessionReply OnCommand(std::string_view payload);

  SessionReply InitDb(std::string_view name);
  SessionReply Query(std::string_view sql);
  SessionReply StmtPrepare(std::string_view sql);
  SessionReply StmtExecute(std::string_view payload);
  void StmtSendLongData(std::string_view payload);
  SessionReply StmtReset(std::string_view payload);
  SessionReply TextPrepared(std::string_view sql, std::string_view lower);

  // Parses `sql` and runs its statements; the first failure is returned (earlier statements
  // stay applied). SET statements update warnings and user variables.
  Result<std::vector<query::QueryOutput>> RunSql(std::string_view sql);
  Result<std::optional<query::QueryOutput>> RunSetVariable(query::sql::Statement& st);
  Result<PreparedStatement> Prepare(std::string_view sql);

  SessionReply Ok() const;
  SessionReply Error(const Status& status) const;
  SessionReply Outputs(const std::vector<query::QueryOutput>& outputs, bool binary);
  query::QueryOutput ShowWarnings() const;

  bool deprecate_eof() const;

  frontend::Frontend& frontend_;
  const auth::UserProvider* users_;
  const uint32_t connection_id_;
  const SessionOptions options_;

  Phase phase_ = Phase::kGreeting;
  std::string salt_;
  uint32_t client_capabilities_ = 0;
  bool secure_ = false;  // the connection was upgraded to TLS
  std::string user_;
  std::string connect_db_;
  frontend::QueryContext ctx_;

  std::vector<std::string> warnings_;  // of the previous statement (SHOW WARNINGS)
  std::map<uint32_t, PreparedStatement> statements_;  // COM_STMT_* by id
  uint32_t next_statement_id_ = 1;
  std::map<std::string, PreparedStatement> named_statements_;  // PREPARE name FROM '...'
  std::map<std::string, std::string> user_variables_;        // SET @x = ...: SQL literals
};

}  // namespace greptime::servers::mysql
