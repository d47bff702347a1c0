// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "frontend/routed_regions.h"

#include <fmt/format.h>

namespace greptime::frontend {

using datanode::RegionRequest;
using datanode::RegionResponse;
using storage::RegionId;

namespace {

// Errors after which the route or the datanode's address may have changed.
bool Stale(const Status& st) {
  return st.code() == StatusCode::kRegionNotFound || st.code() == StatusCode::kRegionNotReady;
}

}  // namespace

RoutedRegionHandler::RoutedRegionHandler(catalog::CatalogManager& catalog,
                                         std::function<Result<std::vector<DatanodePeer>>()> peers,
                                         datanode::RegionClientOptions client_options)
    : catalog_(catalog), peers_(std::move(peers)), client_options_(std::move(client_options)) {}

Result<datanode::RegionHandler*> RoutedRegionHandler::ClientFor(uint64_t datanode,
                                                                bool refresh) const {
  std::unique_lock<std::mutex> lock(mu_);
  auto it = addresses_.find(datanode);
  if (it == addresses_.end() || refresh) {
    lock.unlock();
    GT_ASSIGN_OR_RETURN(std::vector<DatanodePeer> peers, peers_());
    lock.lock();
    addresses_.clear();
    for (const DatanodePeer& p : peers) addresses_[p.id] = p.addr;
    it = addresses_.find(datanode);
    if (it == addresses_.end()) {
      return Status(StatusCode::kRegionNotReady,
                    fmt::format("datanode {} is not registered with the metasrv", datanode));
    }
  }
  auto& client = clients_[it->second];
  if (client == nullptr) {
    datanode::RegionClientOptions options = client_options_;
    options.address = it->second;
    client = datanode::NewRemoteRegionHandler(std::move(options));
  }
  return client.get();
}

Result<datanode::RegionHandler*> RoutedRegionHandler::Leader(RegionId id, bool refresh) const {
  std::optional<catalog::TableRoute> route;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = routes_.find(id.table_id());
    if (it != routes_.end() && !refresh) route = it->second;
  }
  if (!route) {
    GT_ASSIGN_OR_RETURN(catalog::TableRoute fetched, catalog_.GetTableRoute(id.table_id()));
    std::lock_guard<std::mutex> lock(mu_);
    routes_[id.table_id()] = fetched;
    route = std::move(fetched);
  }
  for (const catalog::RegionRoute& r : route->regions) {
    if (r.region_number == id.region_number()) return ClientFor(r.leader_datanode, refresh);
  }
  return Status(StatusCode::kRegionNotFound,
                fmt::format("region {} is not in the route of table {}", id.ToString(),
                            id.table_id()));
}

void RoutedRegionHandler::Forget(RegionId id) const {
  std::lock_guard<std::mutex> lock(mu_);
  routes_.erase(id.table_id());
}

Result<RegionResponse> RoutedRegionHandler::Handle(const RegionRequest& request) {
  if (const auto* many = std::get_if<datanode::RegionWriteMany>(&request)) {
    // Split by datanode; regions of one datanode keep their order.
    std::map<datanode::RegionHandler*, datanode::RegionWriteMany> groups;
    for (const storage::WriteRequest& w : many->writes) {
      GT_ASSIGN_OR_RETURN(datanode::RegionHandler* leader, Leader(w.region_id, false));
      groups[leader].writes.push_back(w);
    }
    RegionResponse total;
    for (auto& [leader, group] : groups) {
      GT_ASSIGN_OR_RETURN(RegionResponse r, leader->Handle(group));
      total.affected_rows += r.affected_rows;
    }
    return total;
  }
  const RegionId id = datanode::RegionIdOf(request);
  GT_ASSIGN_OR_RETURN(datanode::RegionHandler* leader, Leader(id, false));
  auto result = leader->Handle(request);
  if (!result.ok() && Stale(result.status())) {
    // The route or the datanode's address may have moved: look both up again, once.
    Forget(id);
    auto again = Leader(id, true);
    if (again.ok() && *again != leader) return (*again)->Handle(request);
  }
  return result;
}

std::vector<RegionId> RoutedRegionHandler::OpenRegions() const {
  std::vector<RegionId> out;
  auto peers = peers_();
  if (!peers.ok()) return out;
  for (const DatanodePeer& p : *peers) {
    auto client = ClientFor(p.id, false);
    if (!client.ok()) continue;
    for (RegionId id : (*client)->OpenRegions()) out.push_back(id);
  }
  return out;
}

Result<storage::RegionStatistics> RoutedRegionHandler::Statistics(RegionId id) const {
  GT_ASSIGN_OR_RETURN(datanode::RegionHandler* leader, Leader(id, false));
  return leader->Statistics(id);
}

Result<storage::RegionMetadataPtr> RoutedRegionHandler::Metadata(RegionId id) const {
  GT_ASSIGN_OR_RETURN(datanode::RegionHandler* leader, Leader(id, false));
  return leader->Metadata(id);
}

}  // namespace greptime::frontend
