// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// EtcdKvBackend: the KvBackend on an etcd v3 cluster (3.4+) over gRPC, the store of a metasrv
// cluster, plus the lease primitives the metasrv's leader election uses.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "meta/kv_backend.h"

namespace greptime::meta {

struct EtcdOptions {
  // "127.0.0.1:2379" or "http://127.0.0.1:2379" (https is not supported). With several
  // endpoints the client talks to the first reachable one, so they must all be IP literals.
  std::vector<std::string> endpoints;
  // Deadline of every call (a call that misses it fails with kStorageUnavailable).
  std::chrono::milliseconds timeout{5000};
  // Prepended to every key on the wire: "/greptime/" makes this backend see only the keys under
  // it, with the prefix stripped from results. Ranges ending "at the last key" end at the end of
  // the prefix.
  std::string key_prefix;
  // The server's --max-txn-ops (etcd's default is 128): the most keys one BatchPut may write and
  // the chunk size of BatchGet.
  size_t max_txn_ops = 128;
};

// Mapping onto etcd (design):
// - Every KvBackend call is one etcd request, hence atomic and linearizable, except BatchGet of
//   more than max_txn_ops keys, which reads in chunks pinned to the revision of the first one
//   (still one consistent snapshot).
// - BatchPut is one Txn of Puts (the last value of a repeated key wins); more distinct keys than
//   max_txn_ops fail with kInvalidArguments instead of losing all-or-nothing.
// - Txn compares: etcd's value compares are false on a missing key, whereas here "absent" orders
//   before every value. kNotEqual and kLess against a value are therefore sent as negated etcd
//   compares, each one level of nested Txn (etcd 3.3+): still one atomic request.
// - Txn ops: etcd refuses a Txn that writes one key twice; each branch is rewritten into its
//   reads followed by one write per key, answering reads of keys the branch wrote itself locally.
//   A Txn whose nesting and ops exceed the server's --max-txn-ops fails with kInvalidArguments.
// - etcd stores no empty key: an empty key (with an empty key_prefix) is kInvalidArguments.
// Errors: kStorageUnavailable "etcd <endpoints>: <method>: <gRPC message>" when etcd cannot be
// reached or fails, including deadline expiry (a failed write may or may not have been applied);
// kInvalidArguments for requests etcd refuses as malformed or too large; kIllegalState
// "lease <id> expired" for an unknown lease. While etcd is unreachable calls fail at once
// (connection refused) or at the deadline; the channel keeps reconnecting, at least once a
// second, and calls work again when etcd is back. Thread-safe: one gRPC channel for all calls.
class EtcdKvBackend final : public KvBackend {
 public:
  struct Impl;
  explicit EtcdKvBackend(std::unique_ptr<Impl> impl);
  ~EtcdKvBackend() override;

  std::string_view name() const override { return "etcd"; }

  Result<std::optional<std::string>> Get(std::string_view key) override;
  Result<std::vector<KeyValue>> BatchGet(std::span<const std::string> keys) override;
  Status Put(std::string_view key, std::string_view value) override;
  Status BatchPut(std::span<const KeyValue> kvs) override;
  Result<RangeResponse> Range(const RangeRequest& request) override;
  Result<bool> Delete(std::string_view key) override;
  Result<uint64_t> DeleteRange(const RangeRequest& request) override;
  Result<TxnResponse> Txn(const TxnRequest& request) override;

  // Leases. etcd raises a TTL below its minimum (about 2 s with default timing) to that minimum.
  // Returns the new lease id.
  Result<int64_t> GrantLease(std::chrono::seconds ttl);
  // Renews the lease to its full TTL and returns that TTL; kIllegalState when it expired.
  Result<std::chrono::seconds> KeepAliveOnce(int64_t lease_id);
  // Seconds the lease has left without renewal; kIllegalState when it expired.
  Result<std::chrono::seconds> TimeToLive(int64_t lease_id);
  // Revokes the lease and deletes every key attached to it; kIllegalState when it had expired.
  Status RevokeLease(int64_t lease_id);
  // Puts key=value attached to the lease: the key is deleted when the lease ends.
  Status PutWithLease(std::string_view key, std::string_view value, int64_t lease_id);
  // The election primitive: atomically creates key=value attached to the lease if the key does
  // not exist and returns true; otherwise returns false with the current value in *holder
  // (when holder is not null).
  Result<bool> CreateIfAbsentWithLease(std::string_view key, std::string_view value,
                                       int64_t lease_id, std::string* holder);

 private:
  std::unique_ptr<Impl> impl_;
};

// Checks the options and connects: one linearizable Range of a probe key (under key_prefix)
// must succeed within `timeout`, so a metasrv fails at startup rather than on first use.
// Errors: kInvalidArguments for bad options; kStorageUnavailable naming the endpoints with the
// gRPC message when etcd is unreachable. Afterwards the channel reconnects by itself.
Result<std::unique_ptr<EtcdKvBackend>> NewEtcdKvBackend(EtcdOptions options);

}  // namespace greptime::meta
