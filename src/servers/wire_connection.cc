// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/wire_connection.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "common/logging.h"

namespace greptime::servers {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
}  // namespace

WireConnection::WireConnection(tcp::socket socket)
    : socket_(std::move(socket)), timer_(socket_.get_executor()) {}

WireConnection::~WireConnection() = default;

asio::awaitable<WireConnection::error_code> WireConnection::ReadExactly(char* data, size_t n) {
  auto buffer = asio::buffer(data, n);
  std::variant<std::tuple<error_code, size_t>, std::tuple<error_code>> result;
  if (tls_) {
    result = co_await (asio::async_read(*tls_, buffer, kNoThrow) || timer_.async_wait(kNoThrow));
  } else {
    result = co_await (asio::async_read(socket_, buffer, kNoThrow) || timer_.async_wait(kNoThrow));
  }
  if (result.index() == 1) co_return asio::error::timed_out;
  co_return std::get<0>(std::get<0>(result));
}

asio::awaitable<WireConnection::error_code> WireConnection::WriteAll(
    std::string_view bytes, std::chrono::steady_clock::duration deadline) {
  if (bytes.empty()) co_return error_code();
  timer_.expires_after(deadline);
  auto buffer = asio::buffer(bytes.data(), bytes.size());
  std::variant<std::tuple<error_code, size_t>, std::tuple<error_code>> result;
  if (tls_) {
    result = co_await (asio::async_write(*tls_, buffer, kNoThrow) || timer_.async_wait(kNoThrow));
  } else {
    result = co_await (asio::async_write(socket_, buffer, kNoThrow) || timer_.async_wait(kNoThrow));
  }
  if (result.index() == 1) co_return asio::error::timed_out;
  co_return std::get<0>(std::get<0>(result));
}

asio::awaitable<WireConnection::error_code> WireConnection::StartTls(
    std::shared_ptr<asio::ssl::context> context, std::chrono::steady_clock::duration deadline) {
  context_ = std::move(context);
  tls_ = std::make_unique<asio::ssl::stream<tcp::socket&>>(socket_, *context_);
  timer_.expires_after(deadline);
  auto result = co_await (tls_->async_handshake(asio::ssl::stream_base::server, kNoThrow) ||
                          timer_.async_wait(kNoThrow));
  if (result.index() == 1) co_return asio::error::timed_out;
  co_return std::get<0>(std::get<0>(result));
}

void WireConnection::Close() {
  error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void WireServerCore::RunThreads(size_t n) {
  for (size_t i = 0; i < n; ++i) threads.emplace_back([this]() { ioc.run(); });
}

uint64_t WireServerCore::Track(const std::shared_ptr<WireConnection>& conn) {
  std::lock_guard<std::mutex> lock(mu);
  const uint64_t key = next_key++;
  connections[key] = conn;
  return key;
}

void WireServerCore::Forget(uint64_t key) {
  std::lock_guard<std::mutex> lock(mu);
  connections.erase(key);
  if (connections.empty()) drained.notify_all();
}

size_t WireServerCore::TrackedCount() {
  std::lock_guard<std::mutex> lock(mu);
  return connections.size();
}

void WireServerCore::Shutdown(std::chrono::seconds drain) {
  std::call_once(shutdown_once, [this, drain]() {
    stopping.store(true);
    asio::post(accept_strand, [this]() {
      boost::system::error_code ignored;
      acceptor.close(ignored);
      std::lock_guard<std::mutex> lock(mu);
      for (auto& [key, weak] : connections) {
        if (auto conn = weak.lock()) {
          asio::post(conn->socket().get_executor(), [conn]() { conn->Close(); });
        }
      }
    });
    // Statements in flight finish; their connections then see closed sockets and end.
    if (pool) pool->Stop();
    {
      std::unique_lock<std::mutex> lock(mu);
      drained.wait_for(lock, drain, [this]() { return connections.empty(); });
    }
    ioc.stop();
    for (auto& t : threads) {
      if (t.joinable()) t.join();
    }
    GT_LOG_INFO("{} server stopped", name);
  });
}

void ConfigureWireSocket(asio::ip::tcp::socket& socket, std::chrono::seconds keep_alive) {
  boost::system::error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  if (keep_alive.count() > 0) {
    socket.set_option(asio::socket_base::keep_alive(true), ignored);
    const int idle = static_cast<int>(keep_alive.count());
    ::setsockopt(socket.native_handle(), IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
  }
}

}  // namespace greptime::servers
