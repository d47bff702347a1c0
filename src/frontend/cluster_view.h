// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// What a frontend of a cluster knows about the other nodes (from the metasrv), for
// information_schema.cluster_info and region_peers. Standalone has none (nullptr).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace greptime::frontend {

struct PeerView {
  uint64_t id = 0;
  std::string type;  // "DATANODE", "METASRV", "FRONTEND"
  std::string addr;
  bool alive = false;
  int64_t start_time_ms = 0;
  int64_t last_heartbeat_ms = 0;
};

class ClusterView {
 public:
  virtual ~ClusterView() = default;
  virtual Result<std::vector<PeerView>> Peers() const = 0;
};

}  // namespace greptime::frontend
