// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The frontend's side of the region service: a RegionHandler whose calls go over gRPC to one
// datanode. Application errors come back with their own status codes; a datanode that cannot be
// reached (or does not answer within the deadline) is kRegionNotReady naming the region and the
// address. gRPC stays inside the .cc.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "common/status.h"
#include "datanode/region_server.h"

namespace greptime::datanode {

struct RegionClientOptions {
  std::string address;                         // host:port of the datanode's region service
  std::chrono::milliseconds timeout{60000};    // per call
  size_t max_message_bytes = 512u << 20;
};

std::unique_ptr<RegionHandler> NewRemoteRegionHandler(RegionClientOptions options);

}  // namespace greptime::datanode
