// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// WireConnection: one accepted connection of the MySQL or PostgreSQL server, plaintext or
// upgraded to TLS in place, with the deadline timer its reads and writes race against. Include
// it only from server .cc files: it brings in Asio and Asio's SSL.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "common/thread_pool.h"

namespace greptime::servers {

class WireConnection {
 public:
  using tcp = boost::asio::ip::tcp;
  using error_code = boost::system::error_code;

  explicit WireConnection(tcp::socket socket);
  ~WireConnection();

  tcp::socket& socket() { return socket_; }
  boost::asio::steady_timer& timer() { return timer_; }
  bool secure() const { return tls_ != nullptr; }

  // Reads exactly n bytes; fails with timed_out when the timer (armed by the caller) fires.
  boost::asio::awaitable<error_code> ReadExactly(char* data, size_t n);
  // Writes all of `bytes` within `deadline` (re-arms the timer).
  boost::asio::awaitable<error_code> WriteAll(std::string_view bytes,
                                              std::chrono::steady_clock::duration deadline);
  // Server side of a TLS handshake within `deadline`; afterwards reads and writes are
  // encrypted. The context is kept alive for the connection's life.
  boost::asio::awaitable<error_code> StartTls(std::shared_ptr<boost::asio::ssl::context> context,
                                              std::chrono::steady_clock::duration deadline);
  // Shuts the socket down both ways and closes it (no TLS close_notify: the peer sees EOF).
  void Close();

 private:
  tcp::socket socket_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<boost::asio::ssl::context> context_;
  std::unique_ptr<boost::asio::ssl::stream<tcp::socket&>> tls_;
};

// What the MySQL and PostgreSQL servers share around their connections: the io_context and its
// threads, the acceptor (on a strand: Shutdown closes it while an accept may be running), the
// pool that runs statements, and the live connections, so that Shutdown can close them.
struct WireServerCore {
  explicit WireServerCore(std::string server_name) : name(std::move(server_name)) {}

  // Runs the io_context on `n` threads (the accept loop must be spawned first).
  void RunThreads(size_t n);
  // Remembers a connection; returns its key.
  uint64_t Track(const std::shared_ptr<WireConnection>& conn);
  // Forgets it; the last one gone wakes Shutdown.
  void Forget(uint64_t key);
  size_t TrackedCount();
  // Closes the acceptor and every connection, lets statements in flight finish, waits up to
  // `drain` for the connections to end, then stops the I/O threads. Once.
  void Shutdown(std::chrono::seconds drain);

  const std::string name;  // "MySQL", for logs
  boost::asio::io_context ioc;
  boost::asio::strand<boost::asio::io_context::executor_type> accept_strand{
      boost::asio::make_strand(ioc)};
  boost::asio::ip::tcp::acceptor acceptor{accept_strand};
  std::vector<std::thread> threads;
  std::unique_ptr<ThreadPool> pool;
  std::string bound_address;
  std::atomic<bool> stopping{false};

  std::mutex mu;
  std::condition_variable drained;
  std::map<uint64_t, std::weak_ptr<WireConnection>> connections;  // guarded by mu
  uint64_t next_key = 0;                                          // guarded by mu
  std::once_flag shutdown_once;
};

// TCP_NODELAY, and keep-alive with this idle time when it is > 0.
void ConfigureWireSocket(boost::asio::ip::tcp::socket& socket, std::chrono::seconds keep_alive);

}  // namespace greptime::servers
