// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The etcd KvBackend: KvBackend calls translated into etcd v3 KV and Lease requests (proto/etcd/
// rpc.proto) over one gRPC channel. The translation rules are listed in etcd_kv_backend.h.
#include "meta/etcd_kv_backend.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <map>
#include <utility>

#include "etcd/rpc.grpc.pb.h"

namespace greptime::meta {

namespace pb = ::etcdserverpb;

namespace {

const std::string kNulKey(1, '\0');  // etcd's range_end "\0": every key from `key` on

std::string_view GrpcCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return "UNKNOWN";
  }
}

bool IsIpLiteral(const std::string& host, int family) {
  unsigned char buf[16];
  return inet_pton(family, host.c_str(), buf) == 1;
}

struct Endpoint {
  std::string address;  // "host:port"
  std::string host;     // without IPv6 brackets
};

// "http://h:p/" -> {"h:p", "h"}.
Result<Endpoint> ParseEndpoint(std::string_view endpoint) {
  std::string_view rest = endpoint;
  if (rest.starts_with("https://")) {
    return Status::Unsupported("etcd endpoint {}: TLS is not supported", endpoint);
  }
  if (rest.starts_with("http://")) rest.remove_prefix(7);
  while (rest.ends_with('/')) rest.remove_suffix(1);
  size_t colon = rest.rfind(':');
  if (rest.empty() || colon == std::string_view::npos || colon == 0 || colon + 1 == rest.size() ||
      rest.find('/') != std::string_view::npos) {
    return Status::InvalidArguments("etcd endpoint '{}': expected host:port", endpoint);
  }
  std::string_view host = rest.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return Endpoint{std::string(rest), std::string(host)};
}

// One gRPC target for all endpoints: a plain "host:port" for one, an "ipv4:"/"ipv6:" address
// list (tried in order by pick_first) for several.
Result<std::string> ChannelTarget(const std::vector<std::string>& endpoints) {
  if (endpoints.empty()) return Status::InvalidArguments("etcd: no endpoints");
  std::vector<std::string> addresses;
  bool all_v4 = true;
  bool all_v6 = true;
  for (const std::string& text : endpoints) {
    GT_ASSIGN_OR_RETURN(Endpoint endpoint, ParseEndpoint(text));
    all_v4 = all_v4 && IsIpLiteral(endpoint.host, AF_INET);
    all_v6 = all_v6 && IsIpLiteral(endpoint.host, AF_INET6);
    addresses.push_back(std::move(endpoint.address));
  }
  if (addresses.size() == 1) return addresses[0];
  if (!all_v4 && !all_v6) {
    return Status::InvalidArguments(
        "etcd: several endpoints must all be IPv4 or all IPv6 addresses, got {}",
        fmt::join(endpoints, ","));
  }
  return std::string(all_v4 ? "ipv4:" : "ipv6:") + fmt::format("{}", fmt::join(addresses, ","));
}

pb::Compare MakeCompare(const std::string& key, pb::Compare::CompareResult result,
                        pb::Compare::CompareTarget target) {
  pb::Compare cmp;
  cmp.set_key(key);
  cmp.set_result(result);
  cmp.set_target(target);
  return cmp;
}

pb::Compare CreateRevisionCompare(const std::string& key, pb::Compare::CompareResult result) {
  pb::Compare cmp = MakeCompare(key, result, pb::Compare::CREATE);
  cmp.set_create_revision(0);
  return cmp;
}

pb::Compare ValueCompare(const std::string& key, pb::Compare::CompareResult result,
                         const std::string& value) {
  pb::Compare cmp = MakeCompare(key, result, pb::Compare::VALUE);
  cmp.set_value(value);
  return cmp;
}

// A conjunction of TxnCompares as etcd compares: it holds when every `positive` compare holds
// and no `negated` one does; `never` when one compare can never hold.
struct ComparePlan {
  std::vector<pb::Compare> positive;
  std::vector<pb::Compare> negated;
  bool never = false;
};

void AddCompare(const TxnCompare& c, const std::string& key, ComparePlan* plan) {
  if (!c.target.has_value()) {
    // Against "absent": only create_revision (0 for a missing key) tells presence.
    switch (c.op) {
      case CompareOp::kEqual:
        plan->positive.push_back(CreateRevisionCompare(key, pb::Compare::EQUAL));
        return;
      case CompareOp::kNotEqual:
      case CompareOp::kGreater:
        plan->positive.push_back(CreateRevisionCompare(key, pb::Compare::GREATER));
        return;
      case CompareOp::kLess:
        plan->never = true;
        return;
    }
  }
  // etcd's value compares are false for a missing key, which is right for kEqual and kGreater.
  // kNotEqual (missing or different) is "not value == v"; kLess (missing or smaller) is "not
  // value > v and not value == v".
  const std::string& v = *c.target;
  switch (c.op) {
    case CompareOp::kEqual:
      plan->positive.push_back(ValueCompare(key, pb::Compare::EQUAL, v));
      return;
    case CompareOp::kGreater:
      plan->positive.push_back(ValueCompare(key, pb::Compare::GREATER, v));
      return;
    case CompareOp::kNotEqual:
      plan->negated.push_back(ValueCompare(key, pb::Compare::EQUAL, v));
      return;
    case CompareOp::kLess:
      plan->negated.push_back(ValueCompare(key, pb::Compare::GREATER, v));
      plan->negated.push_back(ValueCompare(key, pb::Compare::EQUAL, v));
      return;
  }
}

// One Txn branch as etcd accepts it: reads first, then at most one write per key. `answers[i]`
// says where the result of the caller's op i comes from.
struct CompiledBranch {
  struct Answer {
    int remote = -1;  // index of a Range response in the executed ops, or -1: `local`
    std::optional<std::string> local;
  };
  std::vector<pb::RequestOp> ops;
  std::vector<Answer> answers;
};

pb::RequestOp RangeOp(const std::string& key) {
  pb::RequestOp op;
  op.mutable_request_range()->set_key(key);
  return op;
}

pb::RequestOp PutOp(const std::string& key, const std::string& value, int64_t lease = 0) {
  pb::RequestOp op;
  pb::PutRequest* put = op.mutable_request_put();
  put->set_key(key);
  put->set_value(value);
  put->set_lease(lease);
  return op;
}

pb::RequestOp DeleteOp(const std::string& key) {
  pb::RequestOp op;
  op.mutable_request_delete_range()->set_key(key);
  return op;
}

void AppendOps(const std::vector<pb::RequestOp>& ops,
               google::protobuf::RepeatedPtrField<pb::RequestOp>* out) {
  for (const pb::RequestOp& op : ops) *out->Add() = op;
}

std::optional<std::string> FirstValue(const pb::RangeResponse& range) {
  if (range.kvs_size() == 0) return std::nullopt;
  return range.kvs(0).value();
}

}  // namespace

struct EtcdKvBackend::Impl {
  EtcdOptions options;
  std::string label;  // the endpoints, for messages
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<pb::KV::Stub> kv;
  std::unique_ptr<pb::Lease::Stub> lease;

  // Runs one unary call under the deadline and maps its status. For a call naming a lease
  // (lease_id != 0) etcd's NOT_FOUND means that the lease is gone.
  template <typename Fn>
  Status Call(std::string_view method, Fn&& fn, int64_t lease_id = 0) const {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + options.timeout);
    return Check(method, fn(&context), lease_id);
  }

  Status Check(std::string_view method, const grpc::Status& status, int64_t lease_id = 0) const {
    if (status.ok()) return Status::OK();
    if (lease_id != 0 && status.error_code() == grpc::StatusCode::NOT_FOUND) {
      return LeaseExpired(lease_id);
    }
    std::string message = status.error_message();
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      message += fmt::format(" after {}ms", options.timeout.count());
    }
    std::string text = fmt::format("etcd {}: {}: {} ({})", label, method, message,
                                   GrpcCodeName(status.error_code()));
    // etcd answers INVALID_ARGUMENT for requests it refuses (too many ops, too large, empty key).
    if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
      return Status(StatusCode::kInvalidArguments, std::move(text));
    }
    return Status(StatusCode::kStorageUnavailable, std::move(text));
  }

  static Status LeaseExpired(int64_t lease_id) {
    return Status::IllegalState("lease {} expired", lease_id);
  }

  Status Malformed(std::string_view method, std::string_view what) const {
    return Status::StorageUnavailable("etcd {}: {}: malformed response: {}", label, method, what);
  }

  Result<std::string> FullKey(std::string_view key) const {
    std::string full = options.key_prefix + std::string(key);
    if (full.empty()) return Status::InvalidArguments("etcd: keys must not be empty");
    return full;
  }

  std::string StripPrefix(const std::string& full) const {
    return full.substr(std::min(full.size(), options.key_prefix.size()));
  }

  // The etcd [key, range_end) of a request; nullopt when the range is empty.
  std::optional<std::pair<std::string, std::string>> EtcdBounds(const RangeRequest& r) const {
    if (!r.end.empty() && r.end <= r.start) return std::nullopt;
    std::string key = options.key_prefix + r.start;
    // etcd has no empty key, so "\0" (the smallest key it can hold) starts "everything".
    if (key.empty()) key = kNulKey;
    std::string end;
    if (r.end.empty()) {
      end = PrefixEnd(options.key_prefix);
      if (end.empty()) end = kNulKey;
    } else {
      end = options.key_prefix + r.end;
    }
    return std::make_pair(std::move(key), std::move(end));
  }

  Result<CompiledBranch> Compile(const std::vector<TxnOp>& ops) const {
    CompiledBranch branch;
    // Full key -> value after this branch's writes so far (nullopt: deleted). Ordered so that
    // the request is deterministic.
    std::map<std::string, std::optional<std::string>> written;
    auto remote_read = [&](const std::string& key) {
      branch.answers.push_back({static_cast<int>(branch.ops.size()), std::nullopt});
      branch.ops.push_back(RangeOp(key));
    };
    for (const TxnOp& op : ops) {
      GT_ASSIGN_OR_RETURN(std::string key, FullKey(op.key));
      auto it = written.find(key);
      switch (op.type) {
        case TxnOpType::kGet:
          if (it != written.end()) {
            branch.answers.push_back({-1, it->second});
          } else {
            remote_read(key);
          }
          break;
        case TxnOpType::kPut:
          written[key] = op.value;
          branch.answers.push_back({-1, std::nullopt});
          break;
        case TxnOpType::kDelete:
          // The old value is read before every write of the branch, which is right because the
          // branch has not written this key yet.
          if (it != written.end()) {
            branch.answers.push_back({-1, std::move(it->second)});
            it->second.reset();
          } else {
            remote_read(key);
            written[key] = std::nullopt;
          }
          break;
      }
    }
    for (const auto& [key, value] : written) {
      branch.ops.push_back(value.has_value() ? PutOp(key, *value) : DeleteOp(key));
    }
    return branch;
  }

  Result<std::vector<std::optional<std::string>>> Answer(
      const CompiledBranch& branch,
      const google::protobuf::RepeatedPtrField<pb::ResponseOp>& responses) const {
    if (static_cast<size_t>(responses.size()) != branch.ops.size()) {
      return Malformed("Txn",
                       fmt::format("{} responses for {} ops", responses.size(), branch.ops.size()));
    }
    std::vector<std::optional<std::string>> out;
    out.reserve(branch.answers.size());
    for (const CompiledBranch::Answer& answer : branch.answers) {
      if (answer.remote < 0) {
        out.push_back(answer.local);
        continue;
      }
      const pb::ResponseOp& response = responses[answer.remote];
      if (!response.has_response_range()) return Malformed("Txn", "expected a range response");
      out.push_back(FirstValue(response.response_range()));
    }
    return out;
  }

  Result<pb::TxnResponse> RawTxn(const pb::TxnRequest& request) const {
    pb::TxnResponse response;
    GT_RETURN_IF_ERROR(Call(
        "Txn", [&](grpc::ClientContext* context) { return kv->Txn(context, request, &response); }));
    return response;
  }
};

EtcdKvBackend::EtcdKvBackend(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EtcdKvBackend::~EtcdKvBackend() = default;

Result<std::optional<std::string>> EtcdKvBackend::Get(std::string_view key) {
  pb::RangeRequest request;
  GT_ASSIGN_OR_RETURN(*request.mutable_key(), impl_->FullKey(key));
  pb::RangeResponse response;
  GT_RETURN_IF_ERROR(impl_->Call("Range", [&](grpc::ClientContext* context) {
    return impl_->kv->Range(context, request, &response);
  }));
  return FirstValue(response);
}

Result<std::vector<KeyValue>> EtcdKvBackend::BatchGet(std::span<const std::string> keys) {
  std::vector<KeyValue> out;
  int64_t revision = 0;  // of the first chunk; later chunks read the same snapshot
  for (size_t begin = 0; begin < keys.size(); begin += impl_->options.max_txn_ops) {
    size_t end = std::min(keys.size(), begin + impl_->options.max_txn_ops);
    pb::TxnRequest request;
    for (size_t i = begin; i < end; ++i) {
      pb::RangeRequest* range = request.add_success()->mutable_request_range();
      GT_ASSIGN_OR_RETURN(*range->mutable_key(), impl_->FullKey(keys[i]));
      range->set_revision(revision);
    }
    GT_ASSIGN_OR_RETURN(pb::TxnResponse response, impl_->RawTxn(request));
    if (static_cast<size_t>(response.responses_size()) != end - begin) {
      return impl_->Malformed("Txn", "one range response per key expected");
    }
    if (revision == 0) revision = response.header().revision();
    for (size_t i = begin; i < end; ++i) {
      const pb::RangeResponse& range =
          response.responses(static_cast<int>(i - begin)).response_range();
      if (range.kvs_size() > 0) out.push_back(KeyValue{keys[i], range.kvs(0).value()});
    }
  }
  return out;
}

Status EtcdKvBackend::Put(std::string_view key, std::string_view value) {
  return PutWithLease(key, value, 0);
}

Status EtcdKvBackend::BatchPut(std::span<const KeyValue> kvs) {
  // etcd refuses a Txn that puts one key twice: the last value wins, as it would in sequence.
  std::map<std::string, std::string_view> last;
  for (const KeyValue& kv : kvs) {
    GT_ASSIGN_OR_RETURN(std::string key, impl_->FullKey(kv.key));
    last.insert_or_assign(std::move(key), kv.value);
  }
  if (last.empty()) return Status::OK();
  if (last.size() > impl_->options.max_txn_ops) {
    return Status::InvalidArguments(
        "etcd BatchPut: {} keys exceed max_txn_ops {} (raise etcd's --max-txn-ops and "
        "EtcdOptions::max_txn_ops together)",
        last.size(), impl_->options.max_txn_ops);
  }
  pb::TxnRequest request;
  for (const auto& [key, value] : last) {
    *request.add_success() = PutOp(key, std::string(value));
  }
  return impl_->RawTxn(request).status();
}

Result<RangeResponse> EtcdKvBackend::Range(const RangeRequest& request) {
  RangeResponse out;
  auto bounds = impl_->EtcdBounds(request);
  if (!bounds) return out;
  pb::RangeRequest range;
  range.set_key(bounds->first);
  range.set_range_end(bounds->second);
  range.set_limit(static_cast<int64_t>(request.limit));
  pb::RangeResponse response;
  GT_RETURN_IF_ERROR(impl_->Call("Range", [&](grpc::ClientContext* context) {
    return impl_->kv->Range(context, range, &response);
  }));
  out.kvs.reserve(response.kvs_size());
  for (const pb::KeyValue& kv : response.kvs()) {
    out.kvs.push_back(KeyValue{impl_->StripPrefix(kv.key()), kv.value()});
  }
  out.more = response.more();
  return out;
}

Result<bool> EtcdKvBackend::Delete(std::string_view key) {
  pb::DeleteRangeRequest request;
  GT_ASSIGN_OR_RETURN(*request.mutable_key(), impl_->FullKey(key));
  pb::DeleteRangeResponse response;
  GT_RETURN_IF_ERROR(impl_->Call("DeleteRange", [&](grpc::ClientContext* context) {
    return impl_->kv->DeleteRange(context, request, &response);
  }));
  return response.deleted() > 0;
}

Result<uint64_t> EtcdKvBackend::DeleteRange(const RangeRequest& request) {
  auto bounds = impl_->EtcdBounds(request);
  if (!bounds) return uint64_t{0};
  pb::DeleteRangeRequest range;
  range.set_key(bounds->first);
  range.set_range_end(bounds->second);
  pb::DeleteRangeResponse response;
  GT_RETURN_IF_ERROR(impl_->Call("DeleteRange", [&](grpc::ClientContext* context) {
    return impl_->kv->DeleteRange(context, range, &response);
  }));
  return static_cast<uint64_t>(response.deleted());
}

// The request is a chain: the root Txn checks the positive compares (else: failure ops); each
// negated compare is one nested Txn whose success runs the failure ops and whose failure goes
// one level deeper; the innermost failure (or the root's success when nothing is negated) runs
// the success ops. The response is walked down the same chain.
Result<TxnResponse> EtcdKvBackend::Txn(const TxnRequest& request) {
  ComparePlan plan;
  for (const TxnCompare& c : request.compare) {
    GT_ASSIGN_OR_RETURN(std::string key, impl_->FullKey(c.key));
    AddCompare(c, key, &plan);
  }
  GT_ASSIGN_OR_RETURN(CompiledBranch success, impl_->Compile(request.success));
  GT_ASSIGN_OR_RETURN(CompiledBranch failure, impl_->Compile(request.failure));

  pb::TxnRequest root;
  if (plan.never) {
    // A compare that can never hold: run the failure ops unconditionally.
    AppendOps(failure.ops, root.mutable_success());
  } else {
    std::vector<pb::RequestOp> inner = success.ops;
    for (size_t i = plan.negated.size(); i-- > 0;) {
      pb::RequestOp level;
      pb::TxnRequest* txn = level.mutable_request_txn();
      *txn->add_compare() = plan.negated[i];
      AppendOps(failure.ops, txn->mutable_success());
      AppendOps(inner, txn->mutable_failure());
      inner = {std::move(level)};
    }
    for (pb::Compare& c : plan.positive) *root.add_compare() = std::move(c);
    AppendOps(inner, root.mutable_success());
    AppendOps(failure.ops, root.mutable_failure());
  }
  GT_ASSIGN_OR_RETURN(pb::TxnResponse raw, impl_->RawTxn(root));

  TxnResponse out;
  const pb::TxnResponse* level = &raw;
  bool succeeded = !plan.never && raw.succeeded();
  for (size_t i = 0; succeeded && i < plan.negated.size(); ++i) {
    if (level->responses_size() != 1 || !level->responses(0).has_response_txn()) {
      return impl_->Malformed("Txn", "expected a nested txn response");
    }
    level = &level->responses(0).response_txn();
    if (level->succeeded()) succeeded = false;  // a negated compare held
  }
  out.succeeded = succeeded;
  GT_ASSIGN_OR_RETURN(out.responses,
                      impl_->Answer(succeeded ? success : failure, level->responses()));
  return out;
}

Result<int64_t> EtcdKvBackend::GrantLease(std::chrono::seconds ttl) {
  if (ttl.count() <= 0) return Status::InvalidArguments("etcd lease TTL must be positive");
  pb::LeaseGrantRequest request;
  request.set_ttl(ttl.count());
  pb::LeaseGrantResponse response;
  GT_RETURN_IF_ERROR(impl_->Call("LeaseGrant", [&](grpc::ClientContext* context) {
    return impl_->lease->LeaseGrant(context, request, &response);
  }));
  if (!response.error().empty()) {
    return Status::StorageUnavailable("etcd {}: LeaseGrant: {}", impl_->label, response.error());
  }
  return response.id();
}

Result<std::chrono::seconds> EtcdKvBackend::KeepAliveOnce(int64_t lease_id) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + impl_->options.timeout);
  auto stream = impl_->lease->LeaseKeepAlive(&context);
  pb::LeaseKeepAliveRequest request;
  request.set_id(lease_id);
  pb::LeaseKeepAliveResponse response;
  bool answered = stream->Write(request) && stream->Read(&response);
  stream->WritesDone();
  grpc::Status status = stream->Finish();
  if (!answered) {
    GT_RETURN_IF_ERROR(impl_->Check("LeaseKeepAlive", status, lease_id));
    return impl_->Malformed("LeaseKeepAlive", "stream closed without an answer");
  }
  if (response.ttl() <= 0) return Impl::LeaseExpired(lease_id);
  return std::chrono::seconds(response.ttl());
}

Result<std::chrono::seconds> EtcdKvBackend::TimeToLive(int64_t lease_id) {
  pb::LeaseTimeToLiveRequest request;
  request.set_id(lease_id);
  pb::LeaseTimeToLiveResponse response;
  GT_RETURN_IF_ERROR(impl_->Call(
      "LeaseTimeToLive",
      [&](grpc::ClientContext* context) {
        return impl_->lease->LeaseTimeToLive(context, request, &response);
      },
      lease_id));
  if (response.ttl() < 0) return Impl::LeaseExpired(lease_id);
  return std::chrono::seconds(response.ttl());
}

Status EtcdKvBackend::RevokeLease(int64_t lease_id) {
  pb::LeaseRevokeRequest request;
  request.set_id(lease_id);
  pb::LeaseRevokeResponse response;
  return impl_->Call(
      "LeaseRevoke",
      [&](grpc::ClientContext* context) {
        return impl_->lease->LeaseRevoke(context, request, &response);
      },
      lease_id);
}

Status EtcdKvBackend::PutWithLease(std::string_view key, std::string_view value, int64_t lease_id) {
  pb::PutRequest request;
  GT_ASSIGN_OR_RETURN(*request.mutable_key(), impl_->FullKey(key));
  request.set_value(std::string(value));
  request.set_lease(lease_id);
  pb::PutResponse response;
  return impl_->Call(
      "Put",
      [&](grpc::ClientContext* context) { return impl_->kv->Put(context, request, &response); },
      lease_id);
}

Result<bool> EtcdKvBackend::CreateIfAbsentWithLease(std::string_view key, std::string_view value,
                                                    int64_t lease_id, std::string* holder) {
  GT_ASSIGN_OR_RETURN(std::string full, impl_->FullKey(key));
  pb::TxnRequest request;
  *request.add_compare() = CreateRevisionCompare(full, pb::Compare::EQUAL);
  *request.add_success() = PutOp(full, std::string(value), lease_id);
  *request.add_failure() = RangeOp(full);
  pb::TxnResponse response;
  GT_RETURN_IF_ERROR(impl_->Call(
      "Txn",
      [&](grpc::ClientContext* context) { return impl_->kv->Txn(context, request, &response); },
      lease_id));
  if (response.succeeded()) return true;
  if (response.responses_size() != 1 || !response.responses(0).has_response_range()) {
    return impl_->Malformed("Txn", "expected a range response");
  }
  if (holder != nullptr) *holder = FirstValue(response.responses(0).response_range()).value_or("");
  return false;
}

Result<std::unique_ptr<EtcdKvBackend>> NewEtcdKvBackend(EtcdOptions options) {
  if (options.timeout.count() <= 0) {
    return Status::InvalidArguments("etcd: timeout must be positive");
  }
  if (options.max_txn_ops == 0) return Status::InvalidArguments("etcd: max_txn_ops must be > 0");
  GT_ASSIGN_OR_RETURN(std::string target, ChannelTarget(options.endpoints));

  auto impl = std::make_unique<EtcdKvBackend::Impl>();
  impl->label = fmt::format("{}", fmt::join(options.endpoints, ","));
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);  // a Range may return more than gRPC's default 4 MiB
  // Retry connecting at least every second, so that calls work again soon after etcd is back
  // (gRPC's default backoff grows to 120 s). GRPC_ARG_MIN_RECONNECT_BACKOFF_MS is left alone:
  // despite its name it is the connect timeout (20 s).
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  impl->channel = grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
  impl->kv = pb::KV::NewStub(impl->channel);
  impl->lease = pb::Lease::NewStub(impl->channel);
  impl->options = std::move(options);

  // The probe: a linearizable read (it needs a leader) of one key under the prefix.
  pb::RangeRequest probe;
  probe.set_key(impl->options.key_prefix.empty() ? kNulKey : impl->options.key_prefix);
  probe.set_keys_only(true);
  pb::RangeResponse response;
  GT_RETURN_IF_ERROR(impl->Call("Range", [&](grpc::ClientContext* context) {
    return impl->kv->Range(context, probe, &response);
  }));
  return std::make_unique<EtcdKvBackend>(std::move(impl));
}

}  // namespace greptime::meta
