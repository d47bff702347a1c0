// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// RegionGrpcServer: the datanode's region service (proto/region.proto) over gRPC, serving a
// RegionHandler (the datanode's RegionServer). Scans stream their batches in chunks of about
// `scan_chunk_bytes`. gRPC stays inside the .cc.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "datanode/region_server.h"

namespace greptime::datanode {

struct RegionServiceOptions {
  std::string addr = "127.0.0.1:3001";   // host:port; port 0 picks a free port
  size_t max_message_bytes = 512u << 20;  // grpc.max_recv_message_size / max_send_message_size
  size_t scan_chunk_bytes = 4u << 20;
};

class RegionGrpcServer {
 public:
  // `handler` is borrowed and must outlive the server. kExternal when the address cannot be
  // bound.
  static Result<std::unique_ptr<RegionGrpcServer>> Start(RegionServiceOptions options,
                                                         RegionHandler& handler);
  ~RegionGrpcServer();  // Shutdown()

  // "127.0.0.1:<port>", with the port actually bound.
  std::string bound_address() const;
  // Stops accepting calls and waits (up to a few seconds) for calls in flight.
  void Shutdown();

 private:
  struct Impl;
  explicit RegionGrpcServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace greptime::datanode
