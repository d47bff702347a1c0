// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "metasrv/meta_server.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/logging.h"
#include "meta.grpc.pb.h"
#include "meta/etcd_kv_backend.h"
#include "datanode/region_codec.h"
#include "metasrv/ddl.h"

namespace greptime::metasrv {
namespace {

namespace pb = ::greptime::meta::v1;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void SetError(const Status& st, pb::Error* out) {
  out->set_code(static_cast<int32_t>(st.code()));
  out->set_message(st.message());
}

meta::RangeRequest RangeOf(const pb::RangeRequest& r) {
  meta::RangeRequest out;
  out.start = r.start();
  out.end = r.end();
  out.limit = static_cast<size_t>(r.limit());
  return out;
}

void FillKvs(const std::vector<meta::KeyValue>& kvs, pb::KvsResponse* out) {
  for (const meta::KeyValue& kv : kvs) {
    auto* o = out->add_kvs();
    o->set_key(kv.key);
    o->set_value(kv.value);
  }
}

struct Registration {
  std::string addr;
  int64_t last_heartbeat_ms = 0;
  int64_t start_time_ms = 0;
  uint64_t region_count = 0;
};

constexpr std::string_view kLeaderKey = "__metasrv_leader";

class Service final : public pb::Meta::Service {
 public:
  Service(meta::KvBackend& kv, std::chrono::seconds lease) : kv_(kv), lease_(lease) { Reload(); }

  // Leadership as the election sees it (always true without an election).
  std::atomic<bool> leader{true};
  DdlProcedures* ddl = nullptr;  // set once at start

  std::vector<AliveDatanode> Datanodes() {
    const int64_t now = NowMs();
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<AliveDatanode> out;
    for (const auto& [id, reg] : registry_) {
      out.push_back({id, reg.addr, Alive(reg, now), reg.region_count});
    }
    return out;
  }

  grpc::Status CreateTable(grpc::ServerContext*, const pb::CreateTableRequest* r,
                           pb::CreateTableResponse* out) override {
    if (!leader.load()) return NotLeader();
    auto info = catalog::TableInfo::FromJson(r->table_info_json());
    if (!info.ok()) return Fail(info.status(), out->mutable_error());
    std::map<uint32_t, storage::EngineOptions> options;
    for (const auto& [rn, opts] : r->region_options()) {
      options[rn] = storage::EngineOptions(opts.options().begin(), opts.options().end());
    }
    auto created = ddl->CreateTable(std::move(*info), r->if_not_exists(), std::move(options));
    if (!created.ok()) return Fail(created.status(), out->mutable_error());
    out->set_created(created->created);
    out->set_table_info_json(created->table->ToJson());
    return grpc::Status::OK;
  }

  grpc::Status AlterTable(grpc::ServerContext*, const pb::AlterTableRequest* r,
                          pb::AlterTableResponse* out) override {
    if (!leader.load()) return NotLeader();
    auto current = catalog::TableInfo::FromJson(r->current_json());
    if (!current.ok()) return Fail(current.status(), out->mutable_error());
    auto updated = catalog::TableInfo::FromJson(r->updated_json());
    if (!updated.ok()) return Fail(updated.status(), out->mutable_error());
    std::vector<storage::AlterRequest> changes;
    for (const auto& change : r->region_changes()) {
      ::greptime::region::v1::RegionRequest wrapped;
      *wrapped.mutable_alter() = change;
      auto decoded = datanode::DecodeRegionRequest(wrapped);
      if (!decoded.ok()) return Fail(decoded.status(), out->mutable_error());
      changes.push_back(std::get<storage::AlterRequest>(std::move(*decoded)));
    }
    auto stored = ddl->AlterTable(*current, std::move(*updated), std::move(changes));
    if (!stored.ok()) return Fail(stored.status(), out->mutable_error());
    out->set_table_info_json((*stored)->ToJson());
    return grpc::Status::OK;
  }

  grpc::Status TruncateTable(grpc::ServerContext*, const pb::DropTableRequest* r,
                             pb::EmptyResponse* out) override {
    if (!leader.load()) return NotLeader();
    Status st = ddl->TruncateTable(r->catalog(), r->schema(), r->table());
    if (!st.ok()) return Fail(st, out->mutable_error());
    return grpc::Status::OK;
  }

  grpc::Status DropTable(grpc::ServerContext*, const pb::DropTableRequest* r,
                         pb::DropTableResponse* out) override {
    if (!leader.load()) return NotLeader();
    auto dropped = ddl->DropTable(r->catalog(), r->schema(), r->table(), r->if_exists());
    if (!dropped.ok()) return Fail(dropped.status(), out->mutable_error());
    if (*dropped) {
      out->set_dropped(true);
      out->set_table_info_json((*dropped)->ToJson());
    }
    return grpc::Status::OK;
  }
  std::string self;  // this metasrv's address, for messages

  // Datanodes registered before (a restart, another leader): known addresses, alive once they
  // heartbeat here.
  void Reload() {
    auto known = kv_.Range(meta::RangeRequest::Prefix("__meta_datanode/"));
    std::lock_guard<std::mutex> lock(mu_);
    if (known.ok()) {
      for (const meta::KeyValue& kv : known->kvs) {
        auto j = nlohmann::json::parse(kv.value, nullptr, false);
        if (j.is_discarded() || !j.is_object()) continue;
        const uint64_t id = j.value("id", uint64_t{0});
        if (registry_.count(id) && registry_[id].last_heartbeat_ms > 0) continue;
        registry_[id] = Registration{j.value("addr", std::string()), 0,
                                     j.value("start_time_ms", int64_t{0}), 0};
      }
    }
  }

  grpc::Status Get(grpc::ServerContext*, const pb::GetRequest* r, pb::GetResponse* out) override {
    auto v = kv_.Get(r->key());
    if (!v.ok()) return Fail(v.status(), out->mutable_error());
    if (v->has_value()) {
      out->set_present(true);
      out->set_value(**v);
    }
    return grpc::Status::OK;
  }

  grpc::Status BatchGet(grpc::ServerContext*, const pb::BatchGetRequest* r,
                        pb::KvsResponse* out) override {
    std::vector<std::string> keys(r->keys().begin(), r->keys().end());
    auto kvs = kv_.BatchGet(keys);
    if (!kvs.ok()) return Fail(kvs.status(), out->mutable_error());
    FillKvs(*kvs, out);
    return grpc::Status::OK;
  }

  grpc::Status Range(grpc::ServerContext*, const pb::RangeRequest* r,
                     pb::KvsResponse* out) override {
    auto range = kv_.Range(RangeOf(*r));
    if (!range.ok()) return Fail(range.status(), out->mutable_error());
    FillKvs(range->kvs, out);
    out->set_more(range->more);
    return grpc::Status::OK;
  }

  grpc::Status Put(grpc::ServerContext*, const pb::PutRequest* r, pb::EmptyResponse* out) override {
    Status st = kv_.Put(r->key(), r->value());
    if (!st.ok()) SetError(st, out->mutable_error());
    return grpc::Status::OK;
  }

  grpc::Status BatchPut(grpc::ServerContext*, const pb::BatchPutRequest* r,
                        pb::EmptyResponse* out) override {
    std::vector<meta::KeyValue> kvs;
    for (const auto& kv : r->kvs()) kvs.push_back({kv.key(), kv.value()});
    Status st = kv_.BatchPut(kvs);
    if (!st.ok()) SetError(st, out->mutable_error());
    return grpc::Status::OK;
  }

  grpc::Status Delete(grpc::ServerContext*, const pb::DeleteRequest* r,
                      pb::DeleteResponse* out) override {
    auto existed = kv_.Delete(r->key());
    if (!existed.ok()) return Fail(existed.status(), out->mutable_error());
    out->set_existed(*existed);
    out->set_deleted(*existed ? 1 : 0);
    return grpc::Status::OK;
  }

  grpc::Status DeleteRange(grpc::ServerContext*, const pb::RangeRequest* r,
                           pb::DeleteResponse* out) override {
    auto deleted = kv_.DeleteRange(RangeOf(*r));
    if (!deleted.ok()) return Fail(deleted.status(), out->mutable_error());
    out->set_deleted(*deleted);
    out->set_existed(*deleted > 0);
    return grpc::Status::OK;
  }

  grpc::Status Txn(grpc::ServerContext*, const pb::TxnRequest* r, pb::TxnResponse* out) override {
    meta::TxnRequest txn;
    for (const auto& c : r->compare()) {
      if (c.op() < 0 || c.op() > static_cast<int>(meta::CompareOp::kGreater)) {
        return Fail(Status::InvalidArguments("txn: unknown compare op {}", c.op()),
                    out->mutable_error());
      }
      meta::TxnCompare compare;
      compare.key = c.key();
      compare.op = static_cast<meta::CompareOp>(c.op());
      if (c.has_target()) compare.target = c.target();
      txn.compare.push_back(std::move(compare));
    }
    auto ops = [&](const auto& in, std::vector<meta::TxnOp>& into) -> Status {
      for (const auto& op : in) {
        if (op.type() < 0 || op.type() > static_cast<int>(meta::TxnOpType::kDelete)) {
          return Status::InvalidArguments("txn: unknown op type {}", op.type());
        }
        into.push_back(meta::TxnOp{static_cast<meta::TxnOpType>(op.type()), op.key(), op.value()});
      }
      return Status::OK();
    };
    if (Status st = ops(r->success(), txn.success); !st.ok()) return Fail(st, out->mutable_error());
    if (Status st = ops(r->failure(), txn.failure); !st.ok()) return Fail(st, out->mutable_error());
    auto result = kv_.Txn(txn);
    if (!result.ok()) return Fail(result.status(), out->mutable_error());
    out->set_succeeded(result->succeeded);
    for (const auto& v : result->responses) {
      auto* o = out->add_responses();
      if (v) {
        o->set_present(true);
        o->set_value(*v);
      }
    }
    return grpc::Status::OK;
  }

  grpc::Status Heartbeat(grpc::ServerContext*, const pb::HeartbeatRequest* r,
                         pb::HeartbeatResponse* out) override {
    if (!leader.load()) return NotLeader();
    const uint64_t id = r->peer().id();
    const std::string& addr = r->peer().addr();
    if (addr.empty()) {
      return Fail(Status::InvalidArguments("heartbeat of datanode {} without an address", id),
                  out->mutable_error());
    }
    bool changed = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      Registration& reg = registry_[id];
      changed = reg.addr != addr || reg.start_time_ms != r->start_time_ms();
      if (reg.last_heartbeat_ms == 0 || changed) {
        GT_LOG_INFO("datanode {} registered at {}", id, addr);
      }
      reg.addr = addr;
      reg.start_time_ms = r->start_time_ms();
      reg.last_heartbeat_ms = NowMs();
      reg.region_count = static_cast<uint64_t>(r->regions_size());
    }
    if (changed) {
      nlohmann::json j = {{"id", id}, {"addr", addr}, {"start_time_ms", r->start_time_ms()}};
      Status st = kv_.Put(DatanodeKey(id), j.dump());
      if (!st.ok()) return Fail(st, out->mutable_error());
    }
    out->set_lease_seconds(static_cast<uint64_t>(lease_.count()));
    return grpc::Status::OK;
  }

  grpc::Status ListDatanodes(grpc::ServerContext*, const pb::ListDatanodesRequest*,
                             pb::ListDatanodesResponse* out) override {
    if (!leader.load()) return NotLeader();
    const int64_t now = NowMs();
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, reg] : registry_) {
      auto* d = out->add_datanodes();
      d->mutable_peer()->set_id(id);
      d->mutable_peer()->set_addr(reg.addr);
      d->set_last_heartbeat_ms(reg.last_heartbeat_ms);
      d->set_start_time_ms(reg.start_time_ms);
      d->set_region_count(reg.region_count);
      d->set_alive(Alive(reg, now));
    }
    return grpc::Status::OK;
  }

 private:
  // A datanode is alive while its last heartbeat is younger than the lease.
  bool Alive(const Registration& reg, int64_t now_ms) const {
    return reg.last_heartbeat_ms > 0 && now_ms - reg.last_heartbeat_ms <= lease_.count() * 1000;
  }

  grpc::Status NotLeader() {
    auto holder = kv_.Get(kLeaderKey);
    const std::string who = holder.ok() && holder->has_value() ? **holder : "unknown";
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        fmt::format("metasrv {} is not the leader (the leader is {})", self, who));
  }

  static grpc::Status Fail(const Status& st, pb::Error* error) {
    SetError(st, error);
    return grpc::Status::OK;
  }

  meta::KvBackend& kv_;
  const std::chrono::seconds lease_;
  std::mutex mu_;
  std::map<uint64_t, Registration> registry_;  // guarded by mu_
};

}  // namespace

std::string DatanodeKey(uint64_t id) { return fmt::format("__meta_datanode/{}", id); }

struct MetaServer::Impl {
  std::unique_ptr<Service> service;
  std::unique_ptr<DdlProcedures> ddl;
  std::unique_ptr<grpc::Server> server;
  std::string bound_address;
  std::once_flag shutdown_once;

  // Election (etcd only).
  MetaServerOptions options;
  std::thread campaign;
  std::thread resume;
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;       // guarded by mu
  int64_t lease_id = 0;        // guarded by mu; the lease of our leadership key

  void Campaign();
  // Finishes the DDL a previous leader left (after datanodes had a chance to register here).
  void ResumeProcedures() {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto resumed = ddl->ResumeAll();
    if (!resumed.ok()) GT_LOG_WARN("resuming procedures: {}", resumed.status().message());
  }
};

void MetaServer::Impl::Campaign() {
  meta::EtcdKvBackend& etcd = *options.election;
  const std::string self = service->self;
  const auto tick = std::max<std::chrono::milliseconds>(
      std::chrono::milliseconds(200),
      std::chrono::duration_cast<std::chrono::milliseconds>(options.election_lease) / 5);
  std::unique_lock<std::mutex> lock(mu);
  while (!stopping) {
    lock.unlock();
    auto lease = etcd.GrantLease(options.election_lease);
    bool won = false;
    if (lease.ok()) {
      std::string holder;
      auto created = etcd.CreateIfAbsentWithLease(kLeaderKey, self, *lease, &holder);
      won = created.ok() && *created;
      if (won) {
        lock.lock();
        lease_id = *lease;
        lock.unlock();
        service->Reload();
        service->leader.store(true);
        GT_LOG_INFO("metasrv {} is the leader", self);
        // Off this thread: the lease must be renewed meanwhile.
        if (resume.joinable()) resume.join();
        resume = std::thread([this]() { ResumeProcedures(); });
        // Keep the lease alive; losing it (etcd unreachable longer than the TTL) steps down.
        while (true) {
          lock.lock();
          cv.wait_for(lock, tick, [this]() { return stopping; });
          const bool stop = stopping;
          lock.unlock();
          if (stop) break;
          if (!etcd.KeepAliveOnce(*lease).ok()) {
            GT_LOG_WARN("metasrv {} lost its leader lease; stepping down", self);
            break;
          }
        }
        service->leader.store(false);
      } else {
        (void)etcd.RevokeLease(*lease);
      }
    } else {
      GT_LOG_WARN("metasrv election: {}", lease.status().message());
    }
    lock.lock();
    if (!won) cv.wait_for(lock, tick, [this]() { return stopping; });
  }
}

MetaServer::MetaServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MetaServer::~MetaServer() { Shutdown(); }

Result<std::unique_ptr<MetaServer>> MetaServer::Start(MetaServerOptions options,
                                                      meta::KvBackend& kv) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->service = std::make_unique<Service>(kv, options.datanode_lease);
  Service* svc = impl->service.get();
  GT_ASSIGN_OR_RETURN(Selector selector, ParseSelector(options.selector));
  GT_ASSIGN_OR_RETURN(impl->ddl, DdlProcedures::Create(kv, [svc]() { return svc->Datanodes(); },
                                                       selector));
  impl->service->ddl = impl->ddl.get();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.addr, grpc::InsecureServerCredentials(), &port);
  builder.SetMaxReceiveMessageSize(static_cast<int>(options.max_message_bytes));
  builder.SetMaxSendMessageSize(static_cast<int>(options.max_message_bytes));
  builder.RegisterService(impl->service.get());
  impl->server = builder.BuildAndStart();
  if (impl->server == nullptr || port == 0) {
    return Status::External("cannot listen on {} (grpc.bind_addr): address invalid or in use",
                            options.addr);
  }
  impl->bound_address = options.addr.substr(0, options.addr.rfind(':')) + ":" + std::to_string(port);
  impl->service->self = options.server_addr.empty() ? impl->bound_address : options.server_addr;
  GT_LOG_INFO("metasrv is bound to {} (metadata in {})", impl->bound_address, kv.name());
  if (options.election != nullptr) {
    impl->service->leader.store(false);
    Impl* raw = impl.get();
    impl->campaign = std::thread([raw]() { raw->Campaign(); });
  } else {
    Impl* raw = impl.get();
    impl->resume = std::thread([raw]() { raw->ResumeProcedures(); });
  }
  return std::unique_ptr<MetaServer>(new MetaServer(std::move(impl)));
}

std::string MetaServer::bound_address() const { return impl_->bound_address; }

bool MetaServer::is_leader() const { return impl_->service->leader.load(); }

void MetaServer::Shutdown() {
  std::call_once(impl_->shutdown_once, [this]() {
    int64_t lease = 0;
    {
      std::lock_guard<std::mutex> lock(impl_->mu);
      impl_->stopping = true;
      lease = impl_->lease_id;
    }
    impl_->cv.notify_all();
    if (impl_->campaign.joinable()) impl_->campaign.join();
    if (impl_->resume.joinable()) impl_->resume.join();
    impl_->service->leader.store(false);
    if (lease != 0) {
      // Our leadership key goes with its lease: a follower takes over at once.
      (void)impl_->options.election->RevokeLease(lease);
    }
    impl_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(3));
    impl_->server->Wait();
  });
}

}  // namespace greptime::metasrv
