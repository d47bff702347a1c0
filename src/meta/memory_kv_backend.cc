// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The in-memory KvBackend: a sorted std::map under a shared mutex.
#include <map>
#include <mutex>
#include <shared_mutex>

#include "meta/kv_backend.h"

namespace greptime::meta {
namespace {

class MemoryKvBackend final : public KvBackend {
 public:
  std::string_view name() const override { return "memory"; }

  Result<std::optional<std::string>> Get(std::string_view key) override {
    std::shared_lock lock(mu_);
    return Lookup(key);
  }

  Result<std::vector<KeyValue>> BatchGet(std::span<const std::string> keys) override {
    std::shared_lock lock(mu_);
    std::vector<KeyValue> out;
    for (const std::string& key : keys) {
      auto it = map_.find(key);
      if (it != map_.end()) out.push_back(KeyValue{it->first, it->second});
    }
    return out;
  }

  Status Put(std::string_view key, std::string_view value) override {
    std::unique_lock lock(mu_);
    map_.insert_or_assign(std::string(key), std::string(value));
    return Status::OK();
  }

  Status BatchPut(std::span<const KeyValue> kvs) override {
    std::unique_lock lock(mu_);
    for (const KeyValue& kv : kvs) map_.insert_or_assign(kv.key, kv.value);
    return Status::OK();
  }

  Result<RangeResponse> Range(const RangeRequest& request) override {
    std::shared_lock lock(mu_);
    RangeResponse response;
    auto [begin, end] = Bounds(request);
    for (auto it = begin; it != end; ++it) {
      if (request.limit != 0 && response.kvs.size() == request.limit) {
        response.more = true;
        break;
      }
      response.kvs.push_back(KeyValue{it->first, it->second});
    }
    return response;
  }

  Result<bool> Delete(std::string_view key) override {
    std::unique_lock lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return false;
    map_.erase(it);
    return true;
  }

  Result<uint64_t> DeleteRange(const RangeRequest& request) override {
    std::unique_lock lock(mu_);
    auto [begin, end] = Bounds(request);
    uint64_t n = static_cast<uint64_t>(std::distance(begin, end));
    map_.erase(begin, end);
    return n;
  }

  Result<TxnResponse> Txn(const TxnRequest& request) override {
    std::unique_lock lock(mu_);
    TxnResponse response;
    response.succeeded = true;
    for (const TxnCompare& cmp : request.compare) {
      if (!cmp.Holds(Lookup(cmp.key))) {
        response.succeeded = false;
        break;
      }
    }
    const std::vector<TxnOp>& ops = response.succeeded ? request.success : request.failure;
    for (const TxnOp& op : ops) {
      switch (op.type) {
        case TxnOpType::kGet:
          response.responses.push_back(Lookup(op.key));
          break;
        case TxnOpType::kPut:
          map_.insert_or_assign(op.key, op.value);
          response.responses.emplace_back();
          break;
        case TxnOpType::kDelete: {
          auto it = map_.find(op.key);
          if (it == map_.end()) {
            response.responses.emplace_back();
          } else {
            response.responses.emplace_back(std::move(it->second));
            map_.erase(it);
          }
          break;
        }
      }
    }
    return response;
  }

 private:
  using Map = std::map<std::string, std::string, std::less<>>;

  // Precondition: mu_ held.
  std::optional<std::string> Lookup(std::string_view key) const {
    auto it = map_.find(key);
    if (it == map_.end()) return std::nullopt;
    return it->second;
  }

  // Precondition: mu_ held.
  std::pair<Map::iterator, Map::iterator> Bounds(const RangeRequest& request) {
    auto begin = map_.lower_bound(request.start);
    auto end = request.end.empty() ? map_.end() : map_.lower_bound(request.end);
    if (!request.end.empty() && request.end <= request.start) end = begin;
    return {begin, end};
  }

  std::shared_mutex mu_;
  Map map_;  // guarded by mu_
};

}  // namespace

std::unique_ptr<KvBackend> NewMemoryKvBackend() { return std::make_unique<MemoryKvBackend>(); }

}  // namespace greptime::meta
