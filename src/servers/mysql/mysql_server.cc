// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Design: one io_context served by `threads` threads; each connection is a coroutine on its own
// strand that frames packets (4-byte header, continuation chunks joined, sequence ids checked,
// sizes bounded before anything is allocated), hands every payload to its MysqlSession on the
// execution pool (statements block), and writes the reply. Timers bound the handshake, idle
// time between commands, the rest of a packet once its header arrived, and writes. Any
// protocol violation closes only that connection.
#include "servers/mysql/mysql_server.h"

#include <array>
#include <atomic>
#include <cstdlib>
#include <cctype>
#include <mutex>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>

#include "common/logging.h"
#include "common/thread_pool.h"
#include "servers/listen_address.h"
#include "servers/mysql/mysql_packet.h"
#include "servers/mysql/mysql_session.h"
#include "servers/wire_connection.h"

namespace greptime::servers::mysql {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using asio::awaitable;
using error_code = boost::system::error_code;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// Once a packet header has arrived, the rest of the packet must follow within this time.
constexpr std::chrono::seconds kPacketBodyTimeout{60};
// Shutdown waits this long for connections to notice their sockets were closed.
constexpr std::chrono::seconds kShutdownDrain{5};

using Connection = WireConnection;

// Why reading a packet failed.
enum class ReadError { kNone, kClosed, kTimeout, kOutOfOrder, kTooLarge };

struct Packet {
  std::string payload;
  uint8_t next_seq = 0;  // sequence id of our first reply packet
  ReadError error = ReadError::kNone;
};

using ReplyChannel = asio::experimental::concurrent_channel<void(error_code, SessionReply)>;

}  // namespace

struct MysqlServer::Impl : WireServerCore {
  Impl(MysqlServerOptions o, frontend::Frontend& fe, const auth::UserProvider* u)
      : WireServerCore("MySQL"), options(std::move(o)), frontend(fe), users(u) {}

  MysqlServerOptions options;
  frontend::Frontend& frontend;
  const auth::UserProvider* users;
  SessionOptions session_options;
  std::atomic<uint32_t> next_connection_id{1};

  awaitable<void> Accept();
  awaitable<void> Reject(tcp::socket socket);
  awaitable<void> Serve(std::shared_ptr<Connection> conn, uint64_t key);
  awaitable<Packet> ReadPacket(Connection& c, uint8_t expected_seq,
                               std::chrono::steady_clock::duration wait);
  awaitable<error_code> WritePackets(Connection& c, const std::vector<std::string>& packets,
                                     uint8_t& seq);
  awaitable<SessionReply> Run(std::shared_ptr<MysqlSession> session, std::string payload);
};

awaitable<void> MysqlServer::Impl::Accept() {
  while (!stopping.load()) {
    auto [ec, accepted] = co_await acceptor.async_accept(asio::make_strand(ioc), kNoThrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping.load()) break;
      GT_LOG_WARN("mysql: accept failed: {}", ec.message());
      continue;
    }
    tcp::socket socket(std::move(accepted));
    ConfigureWireSocket(socket, options.keep_alive);
    std::shared_ptr<Connection> conn;
    uint64_t key = 0;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (connections.size() < options.max_connections) {
        conn = std::make_shared<Connection>(std::move(socket));
        key = next_key++;
        connections[key] = conn;
      }
    }
    if (!conn) {
      auto executor = socket.get_executor();
      asio::co_spawn(executor, Reject(std::move(socket)), asio::detached);
      continue;
    }
    asio::co_spawn(conn->socket().get_executor(), Serve(conn, key), asio::detached);
  }
}

// A connection over max_connections gets ERR 1040 in place of the greeting.
awaitable<void> MysqlServer::Impl::Reject(tcp::socket socket) {
  Connection c(std::move(socket));
  uint8_t seq = 0;
  // (Named vectors: GCC 12 cannot take braced lists inside co_await expressions.)
  const std::vector<std::string> packets = {EncodeErr(1040, "08004", "Too many connections")};
  co_await WritePackets(c, packets, seq);
  c.Close();
}

awaitable<Packet> MysqlServer::Impl::ReadPacket(Connection& c, uint8_t expected_seq,
                                                std::chrono::steady_clock::duration wait) {
  Packet packet;
  uint8_t seq = expected_seq;
  c.timer().expires_after(wait);
  bool first = true;
  while (true) {
    // (std::array: GCC 12 miscompiles plain arrays in coroutine frames.)
    std::array<char, 4> header{};
    error_code ec = co_await c.ReadExactly(header.data(), header.size());
    if (ec) {
      packet.error = ec == asio::error::timed_out ? ReadError::kTimeout : ReadError::kClosed;
      co_return packet;
    }
    if (first) c.timer().expires_after(kPacketBodyTimeout);
    first = false;
    const size_t len = static_cast<uint8_t>(header[0]) |
                       (static_cast<size_t>(static_cast<uint8_t>(header[1])) << 8) |
                       (static_cast<size_t>(static_cast<uint8_t>(header[2])) << 16);
    const uint8_t got = static_cast<uint8_t>(header[3]);
    packet.next_seq = static_cast<uint8_t>(got + 1);
    if (got != seq) {
      packet.error = ReadError::kOutOfOrder;
      co_return packet;
    }
    // payload.size() <= max_packet_bytes holds here, so this cannot underflow.
    if (len > options.max_packet_bytes - packet.payload.size()) {
      packet.error = ReadError::kTooLarge;
      co_return packet;
    }
    const size_t old = packet.payload.size();
    packet.payload.resize(old + len);
    if (len > 0) {
      ec = co_await c.ReadExactly(packet.payload.data() + old, len);
      if (ec) {
        packet.error = ec == asio::error::timed_out ? ReadError::kTimeout : ReadError::kClosed;
        co_return packet;
      }
    }
    seq = static_cast<uint8_t>(seq + 1);
    if (len < kMaxPacketChunk) co_return packet;
  }
}

awaitable<error_code> MysqlServer::Impl::WritePackets(Connection& c,
                                                      const std::vector<std::string>& packets,
                                                      uint8_t& seq) {
  std::string out;
  size_t total = 0;
  for (const auto& p : packets) total += p.size() + 4 * (p.size() / kMaxPacketChunk + 1);
  out.reserve(total);
  for (const auto& p : packets) {
    size_t at = 0;
    while (true) {
      const size_t len = std::min(kMaxPacketChunk, p.size() - at);
      out += static_cast<char>(len & 0xFF);
      out += static_cast<char>((len >> 8) & 0xFF);
      out += static_cast<char>((len >> 16) & 0xFF);
      out += static_cast<char>(seq++);
      out.append(p, at, len);
      at += len;
      if (len < kMaxPacketChunk) break;  // a full chunk is followed by another, maybe empty
    }
  }
  co_return co_await c.WriteAll(out, std::max<std::chrono::steady_clock::duration>(
                                         options.idle_timeout, kPacketBodyTimeout));
}

awaitable<SessionReply> MysqlServer::Impl::Run(std::shared_ptr<MysqlSession> session,
                                               std::string payload) {
  auto channel = std::make_shared<ReplyChannel>(co_await asio::this_coro::executor, 1);
  Status submitted = pool->Submit([channel, session, payload = std::move(payload)]() {
    channel->try_send(error_code(), session->OnPacket(payload));
  });
  SessionReply failed;
  failed.close = true;
  if (!submitted.ok()) {
    failed.packets.push_back(EncodeErr(1053, "08S01", "Server shutdown in progress"));
    co_return failed;
  }
  auto [ec, reply] = co_await channel->async_receive(kNoThrow);
  if (ec) co_return failed;
  co_return std::move(reply);
}

awaitable<void> MysqlServer::Impl::Serve(std::shared_ptr<Connection> conn, uint64_t key) {
  Connection& c = *conn;
  auto session = std::make_shared<MysqlSession>(frontend, users, next_connection_id++,
                                                session_options);
  uint8_t seq = 0;
  const std::vector<std::string> greeting = {session->Greeting()};
  error_code ec = co_await WritePackets(c, greeting, seq);
  uint8_t expected = seq;
  while (!ec && !stopping.load()) {
    const auto wait = session->authenticated()
                          ? std::chrono::steady_clock::duration(options.idle_timeout)
                          : std::chrono::steady_clock::duration(options.handshake_timeout);
    Packet packet = co_await ReadPacket(c, expected, wait);
    seq = packet.next_seq;
    if (packet.error == ReadError::kOutOfOrder || packet.error == ReadError::kTooLarge) {
      const std::vector<std::string> err = {
          packet.error == ReadError::kOutOfOrder
              ? EncodeErr(1156, "08S01", "Got packets out of order")
              : EncodeErr(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes")};
      co_await WritePackets(c, err, seq);
      break;
    }
    if (packet.error != ReadError::kNone) break;  // closed, reset or timed out
    SessionReply reply = co_await Run(session, std::move(packet.payload));
    ec = co_await WritePackets(c, reply.packets, seq);
    if (reply.close) break;
    if (!ec && reply.start_tls) {
      ec = co_await c.StartTls(options.tls->Current(), options.handshake_timeout);
      if (ec) GT_LOG_DEBUG("mysql: TLS handshake failed: {}", ec.message());
    }
    expected = reply.continues ? seq : 0;
  }
  c.Close();
  Forget(key);
}

// ---------------------------------------------------------------------------------------------

MysqlServer::MysqlServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

MysqlServer::~MysqlServer() { Shutdown(); }

Result<std::unique_ptr<MysqlServer>> MysqlServer::Start(MysqlServerOptions options,
                                                        frontend::Frontend& frontend,
                                                        const auth::UserProvider* users) {
  if (options.threads == 0) options.threads = 1;
  if (options.max_packet_bytes < 1024) options.max_packet_bytes = 1024;
  auto impl = std::make_unique<Impl>(std::move(options), frontend, users);
  const MysqlServerOptions& o = impl->options;
  if (const char* v = std::getenv("GREPTIMEDB_MYSQL_SERVER_VERSION"); v != nullptr && *v) {
    impl->session_options.server_version = v;
  }
  impl->session_options.max_packet_bytes = o.max_packet_bytes;
  impl->session_options.prepared_stmt_cache_size = o.prepared_stmt_cache_size;
  impl->session_options.tls_offered = o.tls != nullptr && o.tls->offered();
  impl->session_options.tls_required = o.tls != nullptr && o.tls->required();

  GT_ASSIGN_OR_RETURN(impl->bound_address, ListenOn(impl->acceptor, o.addr, "mysql.addr"));
  impl->pool = std::make_unique<ThreadPool>(ThreadPool::Options{"mysql", o.execution_threads, 0});
  Impl* raw = impl.get();
  asio::co_spawn(raw->accept_strand, raw->Accept(), asio::detached);
  raw->RunThreads(o.threads);
  GT_LOG_INFO("MySQL server is bound to {}", raw->bound_address);
  return std::unique_ptr<MysqlServer>(new MysqlServer(std::move(impl)));
}

std::string MysqlServer::bound_address() const { return impl_->bound_address; }

void MysqlServer::Shutdown() { impl_->Shutdown(kShutdownDrain); }

}  // namespace greptime::servers::mysql
