// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// RegionServer: the datanode's single entry point for regions. It owns the table engines and
// knows which engine serves each open region; the frontend reaches regions only through it,
// in process (standalone) or over gRPC (cluster, later). Requests are plain values so that the
// gRPC service can map protobuf messages onto them one to one.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <memory>
#include <shared_mutex>
#include <string>
#include <variant>
#include <vector>

#include "common/status.h"
#include "storage/region_engine.h"

namespace greptime::datanode {

using storage::RegionId;

// Which engine a new region uses ("mito" for now).
struct RegionCreate {
  std::string engine = "mito";
  storage::CreateRequest request;
};
struct RegionOpen {
  std::string engine = "mito";
  storage::OpenRequest request;
};

// Writes to several regions of one engine, handed to RegionEngine::WriteMany.
struct RegionWriteMany {
  std::vector<storage::WriteRequest> writes;
};
using RegionRequest =
    std::variant<RegionCreate, RegionOpen, storage::CloseRequest, storage::DropRequest,
                 storage::WriteRequest, storage::AlterRequest, storage::FlushRequest,
                 storage::CompactRequest, storage::TruncateRequest, storage::ScanRequest,
                 RegionWriteMany>;

// The region a request is about (the first one of a RegionWriteMany; RegionId() when none).
RegionId RegionIdOf(const RegionRequest& request);

struct RegionResponse {
  uint64_t affected_rows = 0;
  std::optional<storage::ScanResult> scan;  // for scans
};

// What the frontend needs of regions. RegionServer implements it in process (standalone);
// NewRemoteRegionHandler (region_client.h) over the region service of one datanode.
class RegionHandler {
 public:
  virtual ~RegionHandler() = default;
  // Executes one request. kRegionNotFound for regions that are not open there.
  virtual Result<RegionResponse> Handle(const RegionRequest& request) = 0;
  virtual std::vector<RegionId> OpenRegions() const = 0;
  virtual Result<storage::RegionStatistics> Statistics(RegionId id) const = 0;
  virtual Result<storage::RegionMetadataPtr> Metadata(RegionId id) const = 0;
};

class RegionServer : public RegionHandler {
 public:
  // Engines are owned by the server; their names must be unique.
  void RegisterEngine(std::unique_ptr<storage::RegionEngine> engine);

  // Executes one request. kRegionNotFound for regions that are not open here; kInvalidArguments
  // for an unknown engine name.
  Result<RegionResponse> Handle(const RegionRequest& request) override;

  std::vector<RegionId> OpenRegions() const override;
  Result<storage::RegionStatistics> Statistics(RegionId id) const override;
  Result<storage::RegionMetadataPtr> Metadata(RegionId id) const override;

  // Stops every engine, the last registered first (regions close; the WAL keeps what was not
  // flushed).
  void Stop();

  // A datanode's region lease (granted by the metasrv with each heartbeat): after `deadline`,
  // writes and schema changes are refused with kRegionNotReady until the lease is renewed, so a
  // datanode cut off from the metasrv stops changing regions the cluster may give to another
  // node. Reads go on. Standalone never sets it (no lease: always writable).
  void SetLeaseDeadline(std::chrono::steady_clock::time_point deadline);

 private:
  Result<storage::RegionEngine*> EngineOf(RegionId id) const;
  Result<storage::RegionEngine*> EngineNamed(const std::string& name) const;

  std::vector<std::unique_ptr<storage::RegionEngine>> engines_;
  mutable std::shared_mutex mu_;
  std::map<RegionId, storage::RegionEngine*> regions_;  // guarded by mu_
  std::atomic<int64_t> lease_deadline_ns_{INT64_MAX};   // steady clock; INT64_MAX: no lease
};

}  // namespace greptime::datanode
