// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "datanode/region_service.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <mutex>

#include "common/logging.h"
#include "datanode/region_codec.h"
#include "region.grpc.pb.h"

namespace greptime::datanode {
namespace {

class Service final : public pb::RegionService::Service {
 public:
  Service(RegionHandler& handler, size_t chunk_bytes)
      : handler_(handler), chunk_bytes_(chunk_bytes) {}

  grpc::Status Handle(grpc::ServerContext*, const pb::RegionRequest* request,
                      pb::RegionResponse* response) override {
    auto decoded = DecodeRegionRequest(*request);
    if (!decoded.ok()) {
      EncodeStatus(decoded.status(), response->mutable_error());
      return grpc::Status::OK;
    }
    auto result = handler_.Handle(*decoded);
    if (!result.ok()) {
      EncodeStatus(result.status(), response->mutable_error());
    } else {
      response->set_affected_rows(result->affected_rows);
    }
    return grpc::Status::OK;
  }

  grpc::Status Scan(grpc::ServerContext* context, const pb::ScanRegion* request,
                    grpc::ServerWriter<pb::ScanChunk>* writer) override {
    pb::ScanChunk chunk;
    auto fail = [&](const Status& st) {
      EncodeStatus(st, chunk.mutable_error());
      writer->Write(chunk);
      return grpc::Status::OK;
    };
    auto decoded = DecodeScanRequest(*request);
    if (!decoded.ok()) return fail(decoded.status());
    auto result = handler_.Handle(RegionRequest(std::move(*decoded)));
    if (!result.ok()) return fail(result.status());
    if (!result->scan) return fail(Status::Internal("scan answered without a result"));
    std::vector<types::RecordBatch>& batches = result->scan->batches;
    if (batches.empty()) {
      batches.push_back(types::RecordBatch::MakeEmpty(result->scan->schema));  // the schema
    }
    std::vector<types::RecordBatch> pending;
    size_t pending_bytes = 0;
    for (size_t i = 0; i < batches.size(); ++i) {
      if (context->IsCancelled()) return grpc::Status::CANCELLED;
      pending_bytes += batches[i].MemoryBytes();
      pending.push_back(std::move(batches[i]));
      if (pending_bytes >= chunk_bytes_ || i + 1 == batches.size()) {
        chunk.Clear();
        chunk.set_batches(EncodeBatches(pending));
        if (!writer->Write(chunk)) return grpc::Status::CANCELLED;
        pending.clear();
        pending_bytes = 0;
      }
    }
    return grpc::Status::OK;
  }

  grpc::Status Statistics(grpc::ServerContext*, const pb::RegionIdRequest* request,
                          pb::StatisticsResponse* response) override {
    auto stats = handler_.Statistics(storage::RegionId(request->region_id()));
    if (!stats.ok()) {
      EncodeStatus(stats.status(), response->mutable_error());
    } else {
      EncodeStatistics(*stats, response);
    }
    return grpc::Status::OK;
  }

  grpc::Status Metadata(grpc::ServerContext*, const pb::RegionIdRequest* request,
                        pb::MetadataResponse* response) override {
    auto md = handler_.Metadata(storage::RegionId(request->region_id()));
    if (!md.ok()) {
      EncodeStatus(md.status(), response->mutable_error());
    } else {
      response->set_metadata_json((*md)->ToJson());
    }
    return grpc::Status::OK;
  }

  grpc::Status OpenRegions(grpc::ServerContext*, const pb::OpenRegionsRequest*,
                           pb::OpenRegionsResponse* response) override {
    for (storage::RegionId id : handler_.OpenRegions()) response->add_region_ids(id.value());
    return grpc::Status::OK;
  }

 private:
  RegionHandler& handler_;
  const size_t chunk_bytes_;
};

}  // namespace

struct RegionGrpcServer::Impl {
  std::unique_ptr<Service> service;
  std::unique_ptr<grpc::Server> server;
  std::string bound_address;
  std::once_flag shutdown_once;
};

RegionGrpcServer::RegionGrpcServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RegionGrpcServer::~RegionGrpcServer() { Shutdown(); }

Result<std::unique_ptr<RegionGrpcServer>> RegionGrpcServer::Start(RegionServiceOptions options,
                                                                  RegionHandler& handler) {
  auto impl = std::make_unique<Impl>();
  impl->service = std::make_unique<Service>(handler, options.scan_chunk_bytes);
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
  const size_t colon = options.addr.rfind(':');
  impl->bound_address = options.addr.substr(0, colon) + ":" + std::to_string(port);
  GT_LOG_INFO("region service is bound to {}", impl->bound_address);
  return std::unique_ptr<RegionGrpcServer>(new RegionGrpcServer(std::move(impl)));
}

std::string RegionGrpcServer::bound_address() const { return impl_->bound_address; }

void RegionGrpcServer::Shutdown() {
  std::call_once(impl_->shutdown_once, [this]() {
    impl_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    impl_->server->Wait();
  });
}

}  // namespace greptime::datanode
