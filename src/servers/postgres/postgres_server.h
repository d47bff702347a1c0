// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The PostgreSQL wire-protocol server of port 4003 (spec/wire-protocols.md §2), protocol 3.0:
// startup with cleartext-password authentication, the simple and extended query protocols
// with text and binary formats, and canned answers to the pg_catalog queries of psql and
// drivers. Asio stays in the .cc. TLS is not implemented: SSLRequest is answered 'N'.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "common/status.h"
#include "frontend/frontend.h"
#include "servers/auth/user_provider.h"
#include "servers/tls/tls.h"

namespace greptime::servers::postgres {

struct PostgresServerOptions {
  std::string addr = "127.0.0.1:4003";       // host:port; port 0 picks a free port
  size_t max_connections = 1024;             // more get FATAL 53300 too_many_connections
  std::chrono::seconds idle_timeout{28800};  // between messages once the session is ready
  size_t max_message_bytes = 64u << 20;      // largest frontend message body
  size_t threads = 2;                        // I/O threads (postgres.runtime_size)
  // TCP keep-alive idle time (postgres.keep_alive); 0 leaves keep-alive off.
  std::chrono::seconds keep_alive{0};
  // From accept to the end of authentication.
  std::chrono::seconds handshake_timeout{30};
  // postgres.tls: null or mode disable = SSLRequest declined; prefer accepts it; require /
  // verify-* refuse plaintext sessions with FATAL 28000 "No encryption".
  std::shared_ptr<tls::TlsContext> tls;
  // Threads that run statements (blocking Frontend calls); 0 = hardware concurrency.
  size_t execution_threads = 0;
};

class PostgresServer {
 public:
  // Binds `options.addr` and starts serving. `frontend` and `users` (nullable: any user and
  // password are accepted) are borrowed and must outlive the server. kInvalidArguments for a
  // malformed address, kExternal when it cannot be bound.
  static Result<std::unique_ptr<PostgresServer>> Start(PostgresServerOptions options,
                                                       frontend::Frontend& frontend,
                                                       const auth::UserProvider* users);
  ~PostgresServer();  // Shutdown()

  // "127.0.0.1:4003" (the real port when 0 was asked for).
  std::string bound_address() const;

  // Stops accepting, closes every connection, waits for running statements to finish and
  // joins the threads. Idempotent; thread-safe.
  void Shutdown();

  struct Impl;

 private:
  explicit PostgresServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace greptime::servers::postgres
