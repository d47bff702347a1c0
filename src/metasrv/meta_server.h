// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// MetaServer: the metasrv's gRPC service (proto/meta.proto) over a KvBackend (etcd in a
// cluster, memory or SQLite for tests). It serves the metadata store to frontends and datanodes
// (every KvBackend call, one to one) and keeps the datanode registry from heartbeats: a
// datanode is alive while its last heartbeat is younger than `datanode_lease`. Registrations
// are also written to the store under `__meta_datanode/<id>` so that a restarted metasrv knows
// every datanode's address at once. gRPC stays inside the .cc.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "common/status.h"
#include "meta/kv_backend.h"

namespace greptime::meta {
class EtcdKvBackend;
}

namespace greptime::metasrv {

struct MetaServerOptions {
  std::string addr = "127.0.0.1:3002";  // grpc.bind_addr; port 0 picks a free port
  std::string server_addr;               // advertised (grpc.server_addr); "" = the bound one
  std::chrono::seconds datanode_lease{10};
  std::string selector = "round_robin";  // round_robin, lease_based, load_based
  size_t max_message_bytes = 512u << 20;
  // With etcd: several metasrvs elect a leader through an etcd lease on `__metasrv_leader`
  // (TTL `election_lease`). Only the leader takes heartbeats and lists datanodes; followers
  // answer those with FAILED_PRECONDITION "not the leader" (clients then try the next metasrv)
  // and serve the metadata store, whose truth is etcd, themselves. Null: always the leader.
  meta::EtcdKvBackend* election = nullptr;
  std::chrono::seconds election_lease{5};
};

class MetaServer {
 public:
  // `kv` is borrowed and must outlive the server. kExternal when the address cannot be bound.
  static Result<std::unique_ptr<MetaServer>> Start(MetaServerOptions options, meta::KvBackend& kv);
  ~MetaServer();

  std::string bound_address() const;
  bool is_leader() const;
  // Steps down (revoking the election lease, so that a follower takes over at once) and stops.
  void Shutdown();

 private:
  struct Impl;
  explicit MetaServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The key of a datanode's registration.
std::string DatanodeKey(uint64_t id);

}  // namespace greptime::metasrv
