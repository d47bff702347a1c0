// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "datanode/region_server.h"

#include <fmt/format.h>

namespace greptime::datanode {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

void RegionServer::RegisterEngine(std::unique_ptr<storage::RegionEngine> engine) {
  engines_.push_back(std::move(engine));
}

Result<storage::RegionEngine*> RegionServer::EngineNamed(const std::string& name) const {
  for (const auto& engine : engines_) {
    if (engine->name() == name) return engine.get();
  }
  return Status::InvalidArguments("unknown table engine '{}'", name);
}

Result<storage::RegionEngine*> RegionServer::EngineOf(RegionId id) const {
  std::shared_lock lock(mu_);
  auto it = regions_.find(id);
  if (it == regions_.end()) {
    return Status(StatusCode::kRegionNotFound, fmt::format("Region {} not found", id.ToString()));
  }
  return it->second;
}

RegionId RegionIdOf(const RegionRequest& request) {
  return std::visit(
      [](const auto& r) -> RegionId {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, RegionCreate>) {
          return r.request.metadata ? r.request.metadata->region_id() : RegionId();
        } else if constexpr (std::is_same_v<T, RegionOpen>) {
          return r.request.region_id;
        } else if constexpr (std::is_same_v<T, RegionWriteMany>) {
          return r.writes.empty() ? RegionId() : r.writes.front().region_id;
        } else {
          return r.region_id;
        }
      },
      request);
}

void RegionServer::SetLeaseDeadline(std::chrono::steady_clock::time_point deadline) {
  lease_deadline_ns_.store(std::chrono::duration_cast<std::chrono::nanoseconds>(
                               deadline.time_since_epoch())
                               .count());
}

Result<RegionResponse> RegionServer::Handle(const RegionRequest& request) {
  const int64_t deadline = lease_deadline_ns_.load();
  if (deadline != INT64_MAX) {
    const bool changes = std::holds_alternative<storage::WriteRequest>(request) ||
                         std::holds_alternative<RegionWriteMany>(request) ||
                         std::holds_alternative<storage::AlterRequest>(request) ||
                         std::holds_alternative<storage::TruncateRequest>(request) ||
                         std::holds_alternative<RegionCreate>(request) ||
                         std::holds_alternative<storage::DropRequest>(request);
    const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    if (changes && now > deadline) {
      return Status(StatusCode::kRegionNotReady,
                    "the datanode's region lease has expired (the metasrv has not answered its "
                    "heartbeats); writes are refused until it does");
    }
  }
  RegionResponse response;
  Status status = std::visit(
      Overloaded{
          [&](const RegionCreate& r) -> Status {
            GT_ASSIGN_OR_RETURN(storage::RegionEngine * engine, EngineNamed(r.engine));
            GT_RETURN_IF_ERROR(engine->Create(r.request));
            std::unique_lock lock(mu_);
            regions_[r.request.metadata->region_id()] = engine;
            return Status::OK();
          },
          [&](const RegionOpen& r) -> Status {
            GT_ASSIGN_OR_RETURN(storage::RegionEngine * engine, EngineNamed(r.engine));
            GT_RETURN_IF_ERROR(engine->Open(r.request));
            std::unique_lock lock(mu_);
            regions_[r.request.region_id] = engine;
            return Status::OK();
          },
          [&](const storage::CloseRequest& r) -> Status {
            GT_ASSIGN_OR_RETURN(storage::RegionEngine * engine, EngineOf(r.region_id));
            GT_RETURN_IF_ERROR(engine->Close(r));
            std::unique_lock lock(mu_);
            regions_.erase(r.region_id);
            return Status::OK();
          },
          [&](const storage::DropRequest& r) -> Status {
            GT_ASSIGN_OR_RETURN(storage::RegionEngine * engine, EngineOf(r.region_id));
            GT_RETURN_IF_ERROR(engine->Drop(r));
            std::unique_lock lock(mu_);
            regions_.erase(r.region_id);
            return Status::OK();
          },
          [&](const storage::WriteRequest& r) -> Status {
            GT_ASSIGN_OR_RETURN(storage::RegionEngine * engine, EngineOf(r.region_id));
            GT_ASSIGN_OR_RETURN(response.affected_rows, engine->Write(r));
            return Status::OK();
          },
          [&](const RegionWriteMany& r) -> Status {
            if (r.writes.empty()) return Status::OK();
            GT_ASSIGN_OR_RETURN(storage::RegionEngine * engine, EngineOf(r.writes[0].region_id));
            for (const storage::WriteRequest& w : r.writes) {
              GT_ASSIGN_OR_RETURN(storage::RegionEngine * other, EngineOf(w.region_id));
              if (other != engine) {
                return Status::InvalidArguments(
                    "a multi-region write spans the {} and {} engines", engine->name(),
                    other->name());
              }
            }
            GT_ASSIGN_OR_RETURN(response.affected_rows, engine->WriteMany(r.writes));
            return Status::OK();
          },
          [&](const storage::AlterRequest& r) -> Status {
            GT_ASSIGN_OR_RETURN(storage::RegionEngine * engine, EngineOf(r.region_id));
            return engine->Alter(r);
          },
          [&](const storage::FlushRequest& r) -> Status {
            GT_ASSIGN_OR_RETURN(storage::RegionEngine * engine, EngineOf(r.region_id));
            return engine->Flush(r);
          },
          [&](const storage::CompactRequest& r) -> Status {
            GT_ASSIGN_OR_RETURN(storage::RegionEngine * engine, EngineOf(r.region_id));
            return engine->Compact(r);
          },
          [&](const storage::TruncateRequest& r) -> Status {
            GT_ASSIGN_OR_RETURN(storage::RegionEngine * engine, EngineOf(r.region_id));
            return engine->Truncate(r);
          },
          [&](const storage::ScanRequest& r) -> Status {
            GT_ASSIGN_OR_RETURN(storage::RegionEngine * engine, EngineOf(r.region_id));
            GT_ASSIGN_OR_RETURN(storage::ScanResult scan, engine->Scan(r));
            response.scan = std::move(scan);
            return Status::OK();
          },
      },
      request);
  GT_RETURN_IF_ERROR(status);
  return response;
}

std::vector<RegionId> RegionServer::OpenRegions() const {
  std::shared_lock lock(mu_);
  std::vector<RegionId> out;
  for (const auto& [id, engine] : regions_) out.push_back(id);
  return out;
}

Result<storage::RegionStatistics> RegionServer::Statistics(RegionId id) const {
  GT_ASSIGN_OR_RETURN(storage::RegionEngine * engine, EngineOf(id));
  return engine->GetStatistics(id);
}

Result<storage::RegionMetadataPtr> RegionServer::Metadata(RegionId id) const {
  GT_ASSIGN_OR_RETURN(storage::RegionEngine * engine, EngineOf(id));
  return engine->GetMetadata(id);
}

void RegionServer::Stop() {
  // Reverse order: an engine built on another (metric on mito) stops first.
  for (auto it = engines_.rbegin(); it != engines_.rend(); ++it) (*it)->Stop();
  std::unique_lock lock(mu_);
  regions_.clear();
}

}  // namespace greptime::datanode
