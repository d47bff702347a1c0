// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "datanode/region_client.h"

#include <grpcpp/grpcpp.h>

#include "datanode/region_codec.h"
#include "region.grpc.pb.h"

namespace greptime::datanode {
namespace {

class RemoteRegionHandler final : public RegionHandler {
 public:
  explicit RemoteRegionHandler(RegionClientOptions options) : options_(std::move(options)) {
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(static_cast<int>(options_.max_message_bytes));
    args.SetMaxSendMessageSize(static_cast<int>(options_.max_message_bytes));
    // Reconnect quickly after a datanode restart.
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
    channel_ = grpc::CreateCustomChannel(options_.address, grpc::InsecureChannelCredentials(), args);
    stub_ = pb::RegionService::NewStub(channel_);
  }

  Result<RegionResponse> Handle(const RegionRequest& request) override {
    if (const auto* scan = std::get_if<storage::ScanRequest>(&request)) return Scan(*scan);
    pb::RegionRequest message;
    GT_RETURN_IF_ERROR(EncodeRegionRequest(request, &message));
    grpc::ClientContext context;
    SetDeadline(context);
    pb::RegionResponse reply;
    grpc::Status status = stub_->Handle(&context, message, &reply);
    if (!status.ok()) return Unreachable(RegionIdOf(request).ToString(), status);
    GT_RETURN_IF_ERROR(DecodeStatus(reply.error()));
    RegionResponse response;
    response.affected_rows = reply.affected_rows();
    return response;
  }

  std::vector<RegionId> OpenRegions() const override {
    grpc::ClientContext context;
    SetDeadline(context);
    pb::OpenRegionsResponse reply;
    std::vector<RegionId> out;
    if (!stub_->OpenRegions(&context, pb::OpenRegionsRequest(), &reply).ok()) return out;
    for (uint64_t id : reply.region_ids()) out.push_back(RegionId(id));
    return out;
  }

  Result<storage::RegionStatistics> Statistics(RegionId id) const override {
    grpc::ClientContext context;
    SetDeadline(context);
    pb::RegionIdRequest request;
    request.set_region_id(id.value());
    pb::StatisticsResponse reply;
    grpc::Status status = stub_->Statistics(&context, request, &reply);
    if (!status.ok()) return Unreachable(id.ToString(), status);
    GT_RETURN_IF_ERROR(DecodeStatus(reply.error()));
    return DecodeStatistics(reply);
  }

  Result<storage::RegionMetadataPtr> Metadata(RegionId id) const override {
    grpc::ClientContext context;
    SetDeadline(context);
    pb::RegionIdRequest request;
    request.set_region_id(id.value());
    pb::MetadataResponse reply;
    grpc::Status status = stub_->Metadata(&context, request, &reply);
    if (!status.ok()) return Unreachable(id.ToString(), status);
    GT_RETURN_IF_ERROR(DecodeStatus(reply.error()));
    auto md = storage::RegionMetadata::FromJson(reply.metadata_json());
    if (!md.ok()) return Status::Internal("region {} metadata: {}", id.ToString(), md.status().message());
    return *md;
  }

 private:
  Result<RegionResponse> Scan(const storage::ScanRequest& scan) {
    pb::ScanRegion message;
    GT_RETURN_IF_ERROR(EncodeScanRequest(scan, &message));
    grpc::ClientContext context;
    SetDeadline(context);
    auto reader = stub_->Scan(&context, message);
    storage::ScanResult result;
    pb::ScanChunk chunk;
    Status failure;
    while (reader->Read(&chunk)) {
      if (chunk.has_error() && chunk.error().code() != 0) {
        failure = DecodeStatus(chunk.error());
        continue;
      }
      auto batches = DecodeBatches(chunk.batches());
      if (!batches.ok()) {
        failure = Status::Internal("scan of region {} from {}: {}", scan.region_id.ToString(),
                                   options_.address, batches.status().message());
        context.TryCancel();
        break;
      }
      for (types::RecordBatch& b : *batches) {
        if (result.schema == nullptr) result.schema = b.schema();
        if (b.num_rows() > 0) result.batches.push_back(std::move(b));
      }
    }
    grpc::Status status = reader->Finish();
    if (!failure.ok()) return failure;
    if (!status.ok()) return Unreachable(scan.region_id.ToString(), status);
    if (result.schema == nullptr) {
      return Status::Internal("scan of region {} from {} returned no schema",
                              scan.region_id.ToString(), options_.address);
    }
    RegionResponse response;
    response.scan = std::move(result);
    return response;
  }

  void SetDeadline(grpc::ClientContext& context) const {
    context.set_deadline(std::chrono::system_clock::now() + options_.timeout);
  }

  Status Unreachable(const std::string& region, const grpc::Status& status) const {
    return Status(StatusCode::kRegionNotReady,
                  fmt::format("region {} on datanode {} is unavailable: {}", region,
                              options_.address, status.error_message()));
  }

  RegionClientOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<pb::RegionService::Stub> stub_;
};

}  // namespace

std::unique_ptr<RegionHandler> NewRemoteRegionHandler(RegionClientOptions options) {
  return std::make_unique<RemoteRegionHandler>(std::move(options));
}

}  // namespace greptime::datanode
