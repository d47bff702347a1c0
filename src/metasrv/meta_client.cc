// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "metasrv/meta_client.h"

#include <grpcpp/grpcpp.h>

#include <atomic>

#include <fmt/format.h>

#include "meta.grpc.pb.h"

namespace greptime::metasrv {
namespace {

namespace pb = ::greptime::meta::v1;

Status FromError(const pb::Error& e) {
  if (e.code() == 0) return Status::OK();
  return Status(StatusCodeFromInt(static_cast<uint32_t>(e.code())), e.message());
}

void ToRange(const meta::RangeRequest& r, pb::RangeRequest* out) {
  out->set_start(r.start);
  out->set_end(r.end);
  out->set_limit(r.limit);
}

}  // namespace

struct MetaClient::Impl {
  explicit Impl(MetaClientOptions o) : options(std::move(o)) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
    args.SetMaxReceiveMessageSize(512 << 20);
    for (const std::string& addr : options.addrs) {
      stubs.push_back(pb::Meta::NewStub(
          grpc::CreateCustomChannel(addr, grpc::InsecureChannelCredentials(), args)));
    }
  }

  // Calls `call(stub, context)` on the preferred metasrv, then on the others while the
  // transport fails; remembers the one that answered.
  template <typename Call>
  Status Invoke(const char* what, Call call) {
    return InvokeWithin(what, options.timeout, std::move(call));
  }

  template <typename Call>
  Status InvokeWithin(const char* what, std::chrono::milliseconds timeout, Call call) {
    if (stubs.empty()) return Status::InvalidArguments("no metasrv address (meta_client.metasrv_addrs)");
    std::string errors;
    const size_t first = preferred.load();
    for (size_t i = 0; i < stubs.size(); ++i) {
      const size_t at = (first + i) % stubs.size();
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + timeout);
      grpc::Status status = call(*stubs[at], context);
      if (status.ok()) {
        preferred.store(at);
        return Status::OK();
      }
      errors += fmt::format("{}{}: {}", errors.empty() ? "" : "; ", options.addrs[at],
                            status.error_message());
    }
    return Status::StorageUnavailable("metasrv {} failed: {}", what, errors);
  }

  MetaClientOptions options;
  std::vector<std::unique_ptr<pb::Meta::Stub>> stubs;
  std::atomic<size_t> preferred{0};
};

namespace {

class MetaKvBackend final : public meta::KvBackend {
 public:
  explicit MetaKvBackend(MetaClient::Impl& impl) : impl_(impl) {}

  std::string_view name() const override { return "metasrv"; }

  Result<std::optional<std::string>> Get(std::string_view key) override {
    pb::GetRequest request;
    request.set_key(std::string(key));
    pb::GetResponse reply;
    GT_RETURN_IF_ERROR(impl_.Invoke("Get", [&](pb::Meta::Stub& s, grpc::ClientContext& c) {
      return s.Get(&c, request, &reply);
    }));
    GT_RETURN_IF_ERROR(FromError(reply.error()));
    if (!reply.present()) return std::optional<std::string>();
    return std::optional<std::string>(reply.value());
  }

  Result<std::vector<meta::KeyValue>> BatchGet(std::span<const std::string> keys) override {
    pb::BatchGetRequest request;
    for (const std::string& k : keys) request.add_keys(k);
    pb::KvsResponse reply;
    GT_RETURN_IF_ERROR(impl_.Invoke("BatchGet", [&](pb::Meta::Stub& s, grpc::ClientContext& c) {
      return s.BatchGet(&c, request, &reply);
    }));
    GT_RETURN_IF_ERROR(FromError(reply.error()));
    return Kvs(reply);
  }

  Status Put(std::string_view key, std::string_view value) override {
    pb::PutRequest request;
    request.set_key(std::string(key));
    request.set_value(std::string(value));
    pb::EmptyResponse reply;
    GT_RETURN_IF_ERROR(impl_.Invoke("Put", [&](pb::Meta::Stub& s, grpc::ClientContext& c) {
      return s.Put(&c, request, &reply);
    }));
    return FromError(reply.error());
  }

  Status BatchPut(std::span<const meta::KeyValue> kvs) override {
    pb::BatchPutRequest request;
    for (const meta::KeyValue& kv : kvs) {
      auto* o = request.add_kvs();
      o->set_key(kv.key);
      o->set_value(kv.value);
    }
    pb::EmptyResponse reply;
    GT_RETURN_IF_ERROR(impl_.Invoke("BatchPut", [&](pb::Meta::Stub& s, grpc::ClientContext& c) {
      return s.BatchPut(&c, request, &reply);
    }));
    return FromError(reply.error());
  }

  Result<meta::RangeResponse> Range(const meta::RangeRequest& range) override {
    pb::RangeRequest request;
    ToRange(range, &request);
    pb::KvsResponse reply;
    GT_RETURN_IF_ERROR(impl_.Invoke("Range", [&](pb::Meta::Stub& s, grpc::ClientContext& c) {
      return s.Range(&c, request, &reply);
    }));
    GT_RETURN_IF_ERROR(FromError(reply.error()));
    meta::RangeResponse out;
    out.kvs = Kvs(reply);
    out.more = reply.more();
    return out;
  }

  Result<bool> Delete(std::string_view key) override {
    pb::DeleteRequest request;
    request.set_key(std::string(key));
    pb::DeleteResponse reply;
    GT_RETURN_IF_ERROR(impl_.Invoke("Delete", [&](pb::Meta::Stub& s, grpc::ClientContext& c) {
      return s.Delete(&c, request, &reply);
    }));
    GT_RETURN_IF_ERROR(FromError(reply.error()));
    return reply.existed();
  }

  Result<uint64_t> DeleteRange(const meta::RangeRequest& range) override {
    pb::RangeRequest request;
    ToRange(range, &request);
    pb::DeleteResponse reply;
    GT_RETURN_IF_ERROR(impl_.Invoke("DeleteRange", [&](pb::Meta::Stub& s, grpc::ClientContext& c) {
      return s.DeleteRange(&c, request, &reply);
    }));
    GT_RETURN_IF_ERROR(FromError(reply.error()));
    return reply.deleted();
  }

  Result<meta::TxnResponse> Txn(const meta::TxnRequest& txn) override {
    pb::TxnRequest request;
    for (const meta::TxnCompare& c : txn.compare) {
      auto* o = request.add_compare();
      o->set_key(c.key);
      o->set_op(static_cast<int32_t>(c.op));
      if (c.target) {
        o->set_has_target(true);
        o->set_target(*c.target);
      }
    }
    auto add_ops = [](const std::vector<meta::TxnOp>& ops, auto* into) {
      for (const meta::TxnOp& op : ops) {
        auto* o = into->Add();
        o->set_type(static_cast<int32_t>(op.type));
        o->set_key(op.key);
        o->set_value(op.value);
      }
    };
    add_ops(txn.success, request.mutable_success());
    add_ops(txn.failure, request.mutable_failure());
    pb::TxnResponse reply;
    GT_RETURN_IF_ERROR(impl_.Invoke("Txn", [&](pb::Meta::Stub& s, grpc::ClientContext& c) {
      return s.Txn(&c, request, &reply);
    }));
    GT_RETURN_IF_ERROR(FromError(reply.error()));
    meta::TxnResponse out;
    out.succeeded = reply.succeeded();
    for (const auto& v : reply.responses()) {
      out.responses.push_back(v.present() ? std::optional<std::string>(v.value()) : std::nullopt);
    }
    return out;
  }

 private:
  static std::vector<meta::KeyValue> Kvs(const pb::KvsResponse& reply) {
    std::vector<meta::KeyValue> out;
    out.reserve(reply.kvs_size());
    for (const auto& kv : reply.kvs()) out.push_back({kv.key(), kv.value()});
    return out;
  }

  MetaClient::Impl& impl_;
};

}  // namespace

MetaClient::MetaClient(MetaClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {
  kv_ = std::make_unique<MetaKvBackend>(*impl_);
}

MetaClient::~MetaClient() = default;

meta::KvBackend& MetaClient::kv() { return *kv_; }

Result<std::chrono::seconds> MetaClient::Heartbeat(uint64_t id, const std::string& addr,
                                                   int64_t start_time_ms,
                                                   const std::vector<RegionStat>& regions) {
  pb::HeartbeatRequest request;
  request.mutable_peer()->set_id(id);
  request.mutable_peer()->set_addr(addr);
  request.set_start_time_ms(start_time_ms);
  for (const RegionStat& r : regions) {
    auto* o = request.add_regions();
    o->set_region_id(r.region_id);
    o->set_num_rows(r.num_rows);
    o->set_memtable_bytes(r.memtable_bytes);
    o->set_sst_bytes(r.sst_bytes);
  }
  pb::HeartbeatResponse reply;
  GT_RETURN_IF_ERROR(impl_->Invoke("Heartbeat", [&](pb::Meta::Stub& s, grpc::ClientContext& c) {
    return s.Heartbeat(&c, request, &reply);
  }));
  GT_RETURN_IF_ERROR(FromError(reply.error()));
  return std::chrono::seconds(reply.lease_seconds());
}

Result<std::vector<DatanodeInfo>> MetaClient::ListDatanodes() {
  pb::ListDatanodesResponse reply;
  GT_RETURN_IF_ERROR(impl_->Invoke("ListDatanodes", [&](pb::Meta::Stub& s, grpc::ClientContext& c) {
    return s.ListDatanodes(&c, pb::ListDatanodesRequest(), &reply);
  }));
  GT_RETURN_IF_ERROR(FromError(reply.error()));
  std::vector<DatanodeInfo> out;
  for (const auto& d : reply.datanodes()) {
    DatanodeInfo info;
    info.id = d.peer().id();
    info.addr = d.peer().addr();
    info.last_heartbeat_ms = d.last_heartbeat_ms();
    info.start_time_ms = d.start_time_ms();
    info.alive = d.alive();
    info.region_count = d.region_count();
    out.push_back(std::move(info));
  }
  return out;
}

Result<MetaClient::CreatedTable> MetaClient::CreateTable(
    const std::string& table_info_json, bool if_not_exists,
    const std::map<uint32_t, std::map<std::string, std::string>>& region_options) {
  pb::CreateTableRequest request;
  request.set_table_info_json(table_info_json);
  request.set_if_not_exists(if_not_exists);
  for (const auto& [rn, opts] : region_options) {
    auto& o = (*request.mutable_region_options())[rn];
    o.mutable_options()->insert(opts.begin(), opts.end());
  }
  pb::CreateTableResponse reply;
  GT_RETURN_IF_ERROR(impl_->InvokeWithin(
      "CreateTable", impl_->options.ddl_timeout,
      [&](pb::Meta::Stub& s, grpc::ClientContext& c) { return s.CreateTable(&c, request, &reply); }));
  GT_RETURN_IF_ERROR(FromError(reply.error()));
  return CreatedTable{reply.created(), reply.table_info_json()};
}

Result<std::optional<std::string>> MetaClient::DropTable(const std::string& catalog,
                                                         const std::string& schema,
                                                         const std::string& table,
                                                         bool if_exists) {
  pb::DropTableRequest request;
  request.set_catalog(catalog);
  request.set_schema(schema);
  request.set_table(table);
  request.set_if_exists(if_exists);
  pb::DropTableResponse reply;
  GT_RETURN_IF_ERROR(impl_->InvokeWithin(
      "DropTable", impl_->options.ddl_timeout,
      [&](pb::Meta::Stub& s, grpc::ClientContext& c) { return s.DropTable(&c, request, &reply); }));
  GT_RETURN_IF_ERROR(FromError(reply.error()));
  if (!reply.dropped()) return std::optional<std::string>();
  return std::optional<std::string>(reply.table_info_json());
}

Result<std::string> MetaClient::AlterTable(const std::string& current_json,
                                           const std::string& updated_json,
                                           const std::vector<std::string>& region_changes) {
  pb::AlterTableRequest request;
  request.set_current_json(current_json);
  request.set_updated_json(updated_json);
  for (const std::string& bytes : region_changes) {
    if (!request.add_region_changes()->ParseFromString(bytes)) {
      return Status::InvalidArguments("alter table: malformed region change");
    }
  }
  pb::AlterTableResponse reply;
  GT_RETURN_IF_ERROR(impl_->InvokeWithin(
      "AlterTable", impl_->options.ddl_timeout,
      [&](pb::Meta::Stub& s, grpc::ClientContext& c) { return s.AlterTable(&c, request, &reply); }));
  GT_RETURN_IF_ERROR(FromError(reply.error()));
  return reply.table_info_json();
}

Status MetaClient::TruncateTable(const std::string& catalog, const std::string& schema,
                                 const std::string& table) {
  pb::DropTableRequest request;
  request.set_catalog(catalog);
  request.set_schema(schema);
  request.set_table(table);
  pb::EmptyResponse reply;
  GT_RETURN_IF_ERROR(impl_->InvokeWithin(
      "TruncateTable", impl_->options.ddl_timeout,
      [&](pb::Meta::Stub& s, grpc::ClientContext& c) { return s.TruncateTable(&c, request, &reply); }));
  return FromError(reply.error());
}

}  // namespace greptime::metasrv
