// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Conversions between datanode::RegionRequest / storage results and the messages of
// proto/region.proto. Internal to the region service and client (it includes generated code).
// Decoding treats the bytes as hostile: malformed input is kInvalidArguments, never a crash.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "datanode/region_server.h"
#include "region.pb.h"

namespace greptime::datanode {

namespace pb = ::greptime::region::v1;

// Requests that Handle carries (not scans: ScanRegion has its own call).
Status EncodeRegionRequest(const RegionRequest& request, pb::RegionRequest* out);
Result<RegionRequest> DecodeRegionRequest(const pb::RegionRequest& in);

Status EncodeScanRequest(const storage::ScanRequest& request, pb::ScanRegion* out);
Result<storage::ScanRequest> DecodeScanRequest(const pb::ScanRegion& in);

// Batches <-> the mutation codec's bytes (puts at sequence 0). Decoding an empty string or
// bytes without batches fails: a scan's first chunk always has one.
std::string EncodeBatches(const std::vector<types::RecordBatch>& batches);
Result<std::vector<types::RecordBatch>> DecodeBatches(std::string_view bytes);

void EncodeStatus(const Status& status, pb::Error* out);
Status DecodeStatus(const pb::Error& error);

void EncodeStatistics(const storage::RegionStatistics& stats, pb::StatisticsResponse* out);
storage::RegionStatistics DecodeStatistics(const pb::StatisticsResponse& in);

}  // namespace greptime::datanode
