// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/listen_address.h"

#include <fmt/format.h>

#include <cctype>

namespace greptime::servers {

Result<boost::asio::ip::tcp::endpoint> ParseListenAddress(const std::string& addr) {
  const size_t colon = addr.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == addr.size()) {
    return Status::InvalidArguments("invalid address '{}': expected host:port", addr);
  }
  std::string host = addr.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string port_text = addr.substr(colon + 1);
  unsigned long port = 0;
  for (char c : port_text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return Status::InvalidArguments("invalid address '{}': bad port '{}'", addr, port_text);
    }
    port = port * 10 + static_cast<unsigned long>(c - '0');
    if (port > 65535) return Status::InvalidArguments("invalid address '{}': port out of range", addr);
  }
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code ec;
  boost::asio::ip::address ip = boost::asio::ip::make_address(host, ec);
  if (ec) {
    return Status::InvalidArguments("invalid address '{}': '{}' is not an IP address", addr, host);
  }
  return boost::asio::ip::tcp::endpoint(ip, static_cast<unsigned short>(port));
}

Result<std::string> ListenOn(boost::asio::ip::tcp::acceptor& acceptor, const std::string& addr,
                             std::string_view config_key) {
  namespace asio = boost::asio;
  GT_ASSIGN_OR_RETURN(asio::ip::tcp::endpoint endpoint, ParseListenAddress(addr));
  boost::system::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status::External("cannot listen on {} ({}): {}", addr, config_key, ec.message());
  const asio::ip::tcp::endpoint local = acceptor.local_endpoint(ec);
  return local.address().is_v6()
             ? fmt::format("[{}]:{}", local.address().to_string(), local.port())
             : fmt::format("{}:{}", local.address().to_string(), local.port());
}

}  // namespace greptime::servers
