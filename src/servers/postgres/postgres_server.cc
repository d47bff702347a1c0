// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Design: one io_context served by `threads` threads; each connection is a coroutine on its own
// strand that frames messages (the untyped startup packets, then type byte + int32 length),
// checks every length before allocating, hands each message to its PgSession on the execution
// pool (statements block) and writes the reply. Timers bound the handshake, the idle time
// between messages, the rest of a message once its header arrived, and writes. A protocol
// violation closes only that connection.
#include "servers/postgres/postgres_server.h"

#include <fmt/format.h>

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cctype>
#include <mutex>
#include <vector>

#include "common/logging.h"
#include "common/thread_pool.h"
#include "servers/listen_address.h"
#include "servers/postgres/pg_catalog.h"
#include "servers/postgres/pg_message.h"
#include "servers/postgres/pg_session.h"
#include "servers/wire_connection.h"

namespace greptime::servers::postgres {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using asio::awaitable;
using error_code = boost::system::error_code;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// Once a message header has arrived, the rest of the message must follow within this time.
constexpr std::chrono::seconds kMessageBodyTimeout{60};
// A connection refused for the connection limit gets this long to send its startup packet.
constexpr std::chrono::seconds kRejectTimeout{5};
// Shutdown waits this long for connections to notice their sockets were closed.
constexpr std::chrono::seconds kShutdownDrain{5};

using Connection = WireConnection;

// One frontend message, or why reading it failed.
struct Message {
  enum class Error { kNone, kClosed, kTimeout, kBadLength, kTooLarge } error = Error::kNone;
  bool startup = false;  // an untyped startup packet
  char type = 0;
  std::string body;
};

using ReplyChannel = asio::experimental::concurrent_channel<void(error_code, SessionReply)>;

uint32_t BigEndian32(const std::array<char, 5>& b, size_t at) {
  return (static_cast<uint32_t>(static_cast<uint8_t>(b[at])) << 24) |
         (static_cast<uint32_t>(static_cast<uint8_t>(b[at + 1])) << 16) |
         (static_cast<uint32_t>(static_cast<uint8_t>(b[at + 2])) << 8) |
         static_cast<uint32_t>(static_cast<uint8_t>(b[at + 3]));
}

}  // namespace

struct PostgresServer::Impl : WireServerCore {
  Impl(PostgresServerOptions o, frontend::Frontend& fe, const auth::UserProvider* u)
      : WireServerCore("PostgreSQL"), options(std::move(o)), frontend(fe), users(u) {}

  PostgresServerOptions options;
  frontend::Frontend& frontend;
  const auth::UserProvider* users;
  SessionOptions session_options;
  OidRegistry oids;
  size_t active = 0;  // admitted connections (rejected ones are in `connections` too); by mu

  awaitable<void> Accept();
  awaitable<void> Reject(std::shared_ptr<Connection> conn, uint64_t key);
  void Release(uint64_t key, bool admitted);
  awaitable<void> Serve(std::shared_ptr<Connection> conn, uint64_t key);
  awaitable<Message> ReadMessage(Connection& c, bool startup,
                                 std::chrono::steady_clock::duration wait);
  awaitable<error_code> Write(Connection& c, const std::string& bytes);
  awaitable<SessionReply> Run(std::shared_ptr<PgSession> session, Message message);
};

awaitable<void> PostgresServer::Impl::Accept() {
  while (!stopping.load()) {
    auto [ec, accepted] = co_await acceptor.async_accept(asio::make_strand(ioc), kNoThrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping.load()) break;
      GT_LOG_WARN("postgres: accept failed: {}", ec.message());
      continue;
    }
    tcp::socket socket(std::move(accepted));
    ConfigureWireSocket(socket, options.keep_alive);
    auto conn = std::make_shared<Connection>(std::move(socket));
    bool admitted = false;
    uint64_t key = 0;
    {
      std::lock_guard<std::mutex> lock(mu);
      admitted = active < options.max_connections;
      if (admitted) ++active;
      key = next_key++;
      // Rejected connections are tracked too, so that Shutdown closes them.
      connections[key] = conn;
    }
    auto executor = conn->socket().get_executor();
    if (!admitted) {
      asio::co_spawn(executor, Reject(conn, key), asio::detached);
      continue;
    }
    asio::co_spawn(executor, Serve(conn, key), asio::detached);
  }
}

// A connection over max_connections: its SSLRequest is declined, then the startup packet is
// answered with FATAL 53300, as PostgreSQL does.
void PostgresServer::Impl::Release(uint64_t key, bool admitted) {
  if (admitted) {
    std::lock_guard<std::mutex> lock(mu);
    --active;
  }
  Forget(key);
}

awaitable<void> PostgresServer::Impl::Reject(std::shared_ptr<Connection> conn, uint64_t key) {
  Connection& c = *conn;
  for (int i = 0; i < 2; ++i) {
    Message m = co_await ReadMessage(c, /*startup=*/true, kRejectTimeout);
    if (m.error != Message::Error::kNone) break;
    auto packet = DecodeStartup(m.body);
    if (packet.ok() && (packet->kind == StartupPacket::Kind::kSsl ||
                        packet->kind == StartupPacket::Kind::kGssEnc)) {
      if (co_await Write(c, "N")) break;
      continue;
    }
    if (packet.ok() && packet->kind == StartupPacket::Kind::kStartup) {
      std::string out;
      AppendErrorResponse(out, {"FATAL", "53300", "sorry, too many clients already", ""});
      co_await Write(c, out);
    }
    break;
  }
  // Forgotten first: once the client sees the close, its slot is free again.
  Release(key, /*admitted=*/false);
  c.Close();
}

awaitable<Message> PostgresServer::Impl::ReadMessage(Connection& c, bool startup,
                                                     std::chrono::steady_clock::duration wait) {
  Message m;
  m.startup = startup;
  c.timer().expires_after(wait);
  // (std::array: GCC 12 miscompiles plain arrays in coroutine frames.)
  std::array<char, 5> header{};
  const size_t header_len = startup ? 4 : 5;
  error_code ec = co_await c.ReadExactly(header.data(), header_len);
  if (ec) {
    m.error = ec == asio::error::timed_out ? Message::Error::kTimeout : Message::Error::kClosed;
    co_return m;
  }
  c.timer().expires_after(kMessageBodyTimeout);
  uint32_t len = 0;
  if (startup) {
    len = BigEndian32(header, 0);
    if (len < 8 || len > kMaxStartupPacketBytes) {
      m.error = Message::Error::kBadLength;
      co_return m;
    }
  } else {
    m.type = header[0];
    len = BigEndian32(header, 1);
    if (len < 4) {
      m.error = Message::Error::kBadLength;
      co_return m;
    }
    if (len - 4 > options.max_message_bytes) {
      m.error = Message::Error::kTooLarge;
      co_return m;
    }
  }
  m.body.resize(len - 4);
  if (!m.body.empty()) {
    ec = co_await c.ReadExactly(m.body.data(), m.body.size());
    if (ec) {
      m.error = ec == asio::error::timed_out ? Message::Error::kTimeout : Message::Error::kClosed;
    }
  }
  co_return m;
}

awaitable<error_code> PostgresServer::Impl::Write(Connection& c, const std::string& bytes) {
  co_return co_await c.WriteAll(bytes, std::max<std::chrono::steady_clock::duration>(
                                           options.idle_timeout, kMessageBodyTimeout));
}

awaitable<SessionReply> PostgresServer::Impl::Run(std::shared_ptr<PgSession> session,
                                                  Message message) {
  auto channel = std::make_shared<ReplyChannel>(co_await asio::this_coro::executor, 1);
  Status submitted = pool->Submit([channel, session, message = std::move(message)]() {
    SessionReply reply = message.startup ? session->OnStartup(message.body)
                                         : session->OnMessage(message.type, message.body);
    channel->try_send(error_code(), std::move(reply));
  });
  SessionReply failed;
  failed.close = true;
  if (!submitted.ok()) {
    AppendErrorResponse(failed.bytes, {"FATAL", "57P01",
                                       "terminating connection due to administrator command", ""});
    co_return failed;
  }
  auto [ec, reply] = co_await channel->async_receive(kNoThrow);
  if (ec) co_return failed;
  co_return std::move(reply);
}

awaitable<void> PostgresServer::Impl::Serve(std::shared_ptr<Connection> conn, uint64_t key) {
  Connection& c = *conn;
  auto session = std::make_shared<PgSession>(frontend, users, oids, session_options);
  while (!stopping.load()) {
    const bool ready = session->phase() == PgSession::Phase::kReady;
    const auto wait = ready ? std::chrono::steady_clock::duration(options.idle_timeout)
                            : std::chrono::steady_clock::duration(options.handshake_timeout);
    const bool startup = session->phase() == PgSession::Phase::kStartup;
    Message message = co_await ReadMessage(c, startup, wait);
    if (message.error == Message::Error::kBadLength || message.error == Message::Error::kTooLarge) {
      std::string out;
      if (message.error == Message::Error::kTooLarge) {
        AppendErrorResponse(
            out,
            {"FATAL", "54000",
             fmt::format("message too large (at most {} bytes)", options.max_message_bytes), ""});
      } else {
        AppendErrorResponse(
            out, {"FATAL", "08P01",
                  startup ? "invalid length of startup packet" : "invalid message length", ""});
      }
      co_await Write(c, out);
      break;
    }
    if (message.error == Message::Error::kTimeout && ready) {
      std::string out;
      AppendErrorResponse(
          out, {"FATAL", "57P05", "terminating connection due to idle-session timeout", ""});
      co_await Write(c, out);
      break;
    }
    if (message.error != Message::Error::kNone) break;  // closed, reset or timed out
    SessionReply reply = co_await Run(session, std::move(message));
    error_code ec = co_await Write(c, reply.bytes);
    if (ec || reply.close) break;
    if (reply.start_tls) {
      ec = co_await c.StartTls(options.tls->Current(), options.handshake_timeout);
      if (ec) {
        GT_LOG_DEBUG("postgres: TLS handshake failed: {}", ec.message());
        break;
      }
    }
  }
  Release(key, /*admitted=*/true);
  c.Close();
}

// ---------------------------------------------------------------------------------------------

PostgresServer::PostgresServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PostgresServer::~PostgresServer() { Shutdown(); }

Result<std::unique_ptr<PostgresServer>> PostgresServer::Start(PostgresServerOptions options,
                                                              frontend::Frontend& frontend,
                                                              const auth::UserProvider* users) {
  if (options.threads == 0) options.threads = 1;
  if (options.max_message_bytes < 1024) options.max_message_bytes = 1024;
  if (options.max_connections == 0) options.max_connections = 1;
  auto impl = std::make_unique<Impl>(std::move(options), frontend, users);
  const PostgresServerOptions& o = impl->options;
  impl->session_options.tls_offered = o.tls != nullptr && o.tls->offered();
  impl->session_options.tls_required = o.tls != nullptr && o.tls->required();

  GT_ASSIGN_OR_RETURN(impl->bound_address, ListenOn(impl->acceptor, o.addr, "postgres.addr"));
  impl->pool =
      std::make_unique<ThreadPool>(ThreadPool::Options{"postgres", o.execution_threads, 0});
  Impl* raw = impl.get();
  asio::co_spawn(raw->accept_strand, raw->Accept(), asio::detached);
  raw->RunThreads(o.threads);
  GT_LOG_INFO("PostgreSQL server is bound to {}", raw->bound_address);
  return std::unique_ptr<PostgresServer>(new PostgresServer(std::move(impl)));
}

std::string PostgresServer::bound_address() const { return impl_->bound_address; }

void PostgresServer::Shutdown() { impl_->Shutdown(kShutdownDrain); }

}  // namespace greptime::servers::postgres
