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

}  // namespace greptime::servers
