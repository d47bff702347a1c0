// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// KvBackend: the ordered byte-string key/value store that holds all cluster metadata (DESIGN.md
// §8), with an in-memory implementation for tests and an SQLite one for standalone and a single
// metasrv. Keys order bytewise (unsigned), as etcd and SQLite BLOBs do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace greptime::meta {

struct KeyValue {
  std::string key;
  std::string value;
  bool operator==(const KeyValue&) const = default;
};

// Keys in [start, end). An empty `end` means "to the last key". `limit` 0 means no limit.
struct RangeRequest {
  std::string start;
  std::string end;
  size_t limit = 0;

  // Every key beginning with `prefix` (all keys when it is empty).
  static RangeRequest Prefix(std::string_view prefix, size_t limit = 0);
  static RangeRequest Between(std::string_view start, std::string_view end, size_t limit = 0);
};

struct RangeResponse {
  std::vector<KeyValue> kvs;  // ascending by key
  bool more = false;          // true when `limit` cut the answer short
};

// The smallest key greater than every key with this prefix: "ab" -> "ac", "a\xff" -> "b";
// "" when there is none (empty prefix, or all bytes 0xff), meaning "unbounded".
std::string PrefixEnd(std::string_view prefix);

// ---------------------------------------------------------------------------------------------
// Transactions (after etcd's and GreptimeDB's Txn): if every compare holds, the success ops run,
// otherwise the failure ops; all of it atomically with respect to every other call.

enum class CompareOp : uint8_t { kEqual, kNotEqual, kLess, kGreater };

// Compares the current value of `key` with `target`. A missing key and a nullopt target are
// "absent", which orders before every present value: {k, kEqual, nullopt} holds when k is
// missing, {k, kNotEqual, nullopt} when it exists.
struct TxnCompare {
  std::string key;
  CompareOp op = CompareOp::kEqual;
  std::optional<std::string> target;

  static TxnCompare Absent(std::string key) { return {std::move(key), CompareOp::kEqual, {}}; }
  static TxnCompare Present(std::string key) { return {std::move(key), CompareOp::kNotEqual, {}}; }
  static TxnCompare Equal(std::string key, std::string value) {
    return {std::move(key), CompareOp::kEqual, std::move(value)};
  }
  // True when `current` (nullopt = missing) satisfies this comparison.
  bool Holds(const std::optional<std::string>& current) const;
};

enum class TxnOpType : uint8_t { kPut, kGet, kDelete };

struct TxnOp {
  TxnOpType type = TxnOpType::kGet;
  std::string key;
  std::string value;  // kPut only

  static TxnOp Put(std::string key, std::string value) {
    return {TxnOpType::kPut, std::move(key), std::move(value)};
  }
  static TxnOp Get(std::string key) { return {TxnOpType::kGet, std::move(key), {}}; }
  static TxnOp Delete(std::string key) { return {TxnOpType::kDelete, std::move(key), {}}; }
};

struct TxnRequest {
  std::vector<TxnCompare> compare;
  std::vector<TxnOp> success;
  std::vector<TxnOp> failure;
};

// One entry per executed op, in order: for kGet the value read and for kDelete the value the
// key had (nullopt when it was missing); nullopt for kPut.
struct TxnResponse {
  bool succeeded = false;
  std::vector<std::optional<std::string>> responses;
};

// ---------------------------------------------------------------------------------------------

// Implementations are thread-safe: every call is atomic and linearizable with respect to every
// other call on the same backend. Errors are kStorageUnavailable (the store failed), and
// kInvalidArguments for requests a store refuses (too many transaction ops, an empty key on
// etcd); a failed call may or may not have been applied only where the store itself cannot tell
// (never for the memory and SQLite backends, whose failed calls change nothing).
class KvBackend {
 public:
  virtual ~KvBackend() = default;

  // "memory", "sqlite", "etcd", "metasrv" (the metasrv's store seen from a client).
  virtual std::string_view name() const = 0;

  // nullopt when the key does not exist.
  virtual Result<std::optional<std::string>> Get(std::string_view key) = 0;
  // The pairs that exist, in the order of `keys`; missing keys are skipped.
  virtual Result<std::vector<KeyValue>> BatchGet(std::span<const std::string> keys) = 0;
  virtual Status Put(std::string_view key, std::string_view value) = 0;
  // All pairs or none.
  virtual Status BatchPut(std::span<const KeyValue> kvs) = 0;
  // Keys of the range in ascending order, at most `limit` of them.
  virtual Result<RangeResponse> Range(const RangeRequest& request) = 0;
  // True when the key existed.
  virtual Result<bool> Delete(std::string_view key) = 0;
  // Deletes every key of the range (its limit is ignored); returns how many there were.
  virtual Result<uint64_t> DeleteRange(const RangeRequest& request) = 0;
  virtual Result<TxnResponse> Txn(const TxnRequest& request) = 0;

  // Puts `value` if the current value equals `expected` (nullopt: the key must be missing).
  // Returns whether it did.
  Result<bool> CompareAndPut(std::string_view key, const std::optional<std::string>& expected,
                             std::string_view value);
  // DeleteRange(RangeRequest::Prefix(prefix)).
  Result<uint64_t> DeletePrefix(std::string_view prefix);
};

// A std::map under a shared mutex. For tests and for components that need no durability.
std::unique_ptr<KvBackend> NewMemoryKvBackend();

// An SQLite database file at `path` (parent directories are created), one table
// `greptime_metakv(k BLOB PRIMARY KEY, v BLOB)` in WAL journal mode with synchronous=FULL: a call
// that returned OK survives a crash of the process or the machine. One connection, serialized by
// a mutex; transactions use BEGIN IMMEDIATE. Errors: kStorageUnavailable naming the file.
// The standalone server keeps it at `<data_home>/metadata/kv.sqlite3` (kSqliteKvFileName).
Result<std::unique_ptr<KvBackend>> NewSqliteKvBackend(const std::string& path);

inline constexpr std::string_view kSqliteKvFileName = "kv.sqlite3";

}  // namespace greptime::meta
