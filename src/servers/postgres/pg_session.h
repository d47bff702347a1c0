// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// PgSession: the state of one PostgreSQL connection and its protocol logic, without sockets
// (spec/wire-protocols.md §2). The server feeds it the startup packets and then typed messages
// (bodies, framing removed) and writes back the bytes it returns.
//
// Phases: startup (SSLRequest/GSSENCRequest answered 'N', then StartupMessage) → password
// (cleartext, when a user provider is configured) → ready. In the ready phase the simple query
// protocol ('Q') and the extended one (Parse/Bind/Describe/Execute/Close/Sync/Flush) run
// statements synchronously (they call the Frontend: call OnMessage off the I/O threads).
// After an error in an extended-protocol exchange, messages are skipped until Sync.
// Not thread-safe: one message at a time.
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
#include "servers/postgres/pg_catalog.h"
#include "servers/postgres/pg_message.h"
#include "servers/postgres/pg_sql.h"
#include "servers/postgres/pg_types.h"

namespace greptime::servers::postgres {

struct SessionOptions {
  bool tls_offered = false;   // SSLRequest is answered 'S' and the connection upgraded
  bool tls_required = false;  // plaintext sessions are refused (FATAL 28000 No encryption)
  size_t max_prepared_statements = 10000;  // named statements per connection
  size_t max_portals = 10000;              // named portals per connection
};

struct SessionReply {
  std::string bytes;   // messages to send, framed
  bool close = false;  // close the connection after sending them
  // After sending `bytes` ('S'), do the TLS handshake; the startup packet follows encrypted.
  bool start_tls = false;
};

class PgSession {
 public:
  enum class Phase { kStartup, kPassword, kReady, kClosed };

  // `frontend`, `users` (nullable: open access) and `oids` are borrowed and must outlive the
  // session.
  PgSession(frontend::Frontend& frontend, const auth::UserProvider* users, OidRegistry& oids,
            SessionOptions options);
  ~PgSession();

  // An untyped startup-phase packet (the body after its int32 length).
  SessionReply OnStartup(std::string_view body);
  // A typed message of the password or ready phase.
  SessionReply OnMessage(char type, std::string_view body);

  Phase phase() const { return phase_; }
  const frontend::QueryContext& context() const { return ctx_; }

 private:
  struct Statement {
    std::string sql;  // one statement (or empty), placeholders unsubstituted
    std::vector<Placeholder> placeholders;
    std::vector<uint32_t> param_types;  // declared, else inferred from casts; 0 = unknown
  };
  struct Portal {
    std::string sql;  // parameters substituted
    std::vector<int16_t> result_formats;
    std::optional<PgAnswer> result;  // run early by Describe
    bool executed = false;
  };

  SessionReply Startup(std::string_view body);
  SessionReply Password(std::string_view body);
  SessionReply Fatal(const ErrorFields& e);
  void FinishStartup(SessionReply& reply);

  SessionReply SimpleQuery(std::string_view body);
  void Parse(std::string_view body, std::string& out);
  void Bind(std::string_view body, std::string& out);
  void Describe(std::string_view body, std::string& out);
  void Execute(std::string_view body, std::string& out);
  void Close(std::string_view body, std::string& out);
  // An error in an extended-protocol exchange: send it, skip until Sync.
  void ExtendedError(const Status& status, std::string& out);
  void ExtendedError(const ErrorFields& error, std::string& out);

  // Runs one statement: COPY TO STDOUT around RunStatement, which tries canned answers, SET,
  // then the engine (after the rewrite).
  Result<PgAnswer> Run(const std::string& statement);
  Result<PgAnswer> RunStatement(const std::string& statement);
  Result<std::optional<PgAnswer>> RunSet(std::string_view statement);
  // Appends RowDescription (when `describe`), the DataRows and CommandComplete of `answer`;
  // on an encoding error appends nothing and returns the error.
  Status AppendAnswer(const PgAnswer& answer, const std::vector<int16_t>& formats, bool describe,
                      std::string& out) const;
  std::vector<FieldDescription> Fields(const PgAnswer& answer,
                                       const std::vector<int16_t>& formats) const;
  Result<std::string> BindSql(const Statement& st, const BindMessage& bind) const;
  CannedContext Canned();

  frontend::Frontend& frontend_;
  const auth::UserProvider* users_;
  OidRegistry& oids_;
  const SessionOptions options_;

  bool secure_ = false;  // the connection was upgraded to TLS
  Phase phase_ = Phase::kStartup;
  std::string user_;
  std::string database_;  // as the client asked for it
  std::map<std::string, std::string> startup_params_;
  frontend::QueryContext ctx_;
  std::string bytea_output_ = "hex";
  bool skip_until_sync_ = false;
  std::map<std::string, Statement> statements_;  // "" = unnamed
  std::map<std::string, Portal> portals_;        // "" = unnamed
};

}  // namespace greptime::servers::postgres
