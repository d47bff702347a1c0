// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The MySQL wire-protocol server of port 4002 (spec/wire-protocols.md §1): handshake and
// mysql_native_password authentication, COM_QUERY with text result sets, prepared statements
// with the binary protocol, and the canned answers drivers expect. Asio stays in the .cc.
// TLS is not implemented: CLIENT_SSL is never offered.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "common/status.h"
#include "frontend/frontend.h"
#include "servers/auth/user_provider.h"
#include "servers/tls/tls.h"

namespace greptime::servers::mysql {

struct MysqlServerOptions {
  std::string addr = "127.0.0.1:4002";  // host:port; port 0 picks a free port
  size_t max_connections = 1024;        // more get ERR 1040 "Too many connections"
  std::chrono::seconds idle_timeout{28800};  // between commands (MySQL wait_timeout)
  size_t max_packet_bytes = 64u << 20;       // largest client payload (continuations joined)
  size_t threads = 2;                        // I/O threads (mysql.runtime_size)
  // TCP keep-alive idle time (mysql.keep_alive); 0 leaves keep-alive off.
  std::chrono::seconds keep_alive{0};
  // From accept to the end of authentication.
  std::chrono::seconds handshake_timeout{10};
  size_t prepared_stmt_cache_size = 10000;  // prepared statements per connection
  // mysql.tls: null or mode disable = no TLS; prefer offers it; require/verify-* refuse
  // plaintext sessions after their first packet.
  std::shared_ptr<tls::TlsContext> tls;
  // Threads that run statements (blocking Frontend calls); 0 = hardware concurrency.
  size_t execution_threads = 0;
};

class MysqlServer {
 public:
  // Binds `options.addr` and starts serving. `frontend` and `users` (nullable: any user and
  // password are accepted) are borrowed and must outlive the server. kInvalidArguments for a
  // malformed address, kExternal when it cannot be bound.
  static Result<std::unique_ptr<MysqlServer>> Start(MysqlServerOptions options,
                                                    frontend::Frontend& frontend,
                                                    const auth::UserProvider* users);
  ~MysqlServer();  // Shutdown()

  // "127.0.0.1:4002" (the real port when 0 was asked for).
  std::string bound_address() const;

  // Stops accepting, closes every connection, waits for running statements to finish and
  // joins the threads. Idempotent; thread-safe.
  void Shutdown();

  struct Impl;

 private:
  explicit MysqlServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace greptime::servers::mysql
