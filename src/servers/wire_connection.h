// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// WireConnection: one accepted connection of the MySQL or PostgreSQL server, plaintext or
// upgraded to TLS in place, with the deadline timer its reads and writes race against. Include
// it only from server .cc files: it brings in Asio and Asio's SSL.
#pragma once

#include <chrono>
#include <memory>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

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

// TCP_NODELAY, and keep-alive with this idle time when it is > 0.
void ConfigureWireSocket(boost::asio::ip::tcp::socket& socket, std::chrono::seconds keep_alive);

}  // namespace greptime::servers
