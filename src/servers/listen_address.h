// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The listen address of a protocol server ("host:port", "[::1]:4002", "localhost:4000") as an
// Asio endpoint; shared by the HTTP, MySQL and PostgreSQL servers. Include from .cc files only
// (it pulls in Asio).
#pragma once

#include <string>

#include <boost/asio/ip/tcp.hpp>

#include "common/status.h"

namespace greptime::servers {

// kInvalidArguments for a missing or bad port, or a host that is not an IP address
// ("localhost" is taken as 127.0.0.1). Port 0 asks the kernel for a free port.
Result<boost::asio::ip::tcp::endpoint> ParseListenAddress(const std::string& addr);

// Opens, binds (SO_REUSEADDR) and listens `acceptor` on `addr`; returns the bound address as
// "host:port" ("[::1]:port" for IPv6), with the port the kernel picked for port 0. kExternal
// "cannot listen on <addr> (<key>): <reason>" when the address cannot be bound.
Result<std::string> ListenOn(boost::asio::ip::tcp::acceptor& acceptor, const std::string& addr,
                             std::string_view config_key);

}  // namespace greptime::servers
