// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The frontend's RegionHandler in a cluster: each request goes to the datanode that leads the
// region in the table's route (catalog::TableRoute), over that datanode's region service. Routes
// and clients are cached; a route is looked up again when its datanode answers that the region is
// not there or cannot be reached. Writes to regions of several datanodes are split per datanode.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/catalog_manager.h"
#include "datanode/region_client.h"
#include "datanode/region_server.h"

namespace greptime::frontend {

struct DatanodePeer {
  uint64_t id = 0;
  std::string addr;
};

class RoutedRegionHandler final : public datanode::RegionHandler {
 public:
  // `peers` lists the registered datanodes (metasrv's registry); `catalog` is borrowed.
  RoutedRegionHandler(catalog::CatalogManager& catalog,
                      std::function<Result<std::vector<DatanodePeer>>()> peers,
                      datanode::RegionClientOptions client_options = {});

  Result<datanode::RegionResponse> Handle(const datanode::RegionRequest& request) override;
  std::vector<storage::RegionId> OpenRegions() const override;
  Result<storage::RegionStatistics> Statistics(storage::RegionId id) const override;
  Result<storage::RegionMetadataPtr> Metadata(storage::RegionId id) const override;

 private:
  // The client of the datanode leading `id`.
  Result<datanode::RegionHandler*> Leader(storage::RegionId id, bool refresh) const;
  Result<datanode::RegionHandler*> ClientFor(uint64_t datanode, bool refresh) const;
  void Forget(storage::RegionId id) const;

  catalog::CatalogManager& catalog_;
  std::function<Result<std::vector<DatanodePeer>>()> peers_;
  datanode::RegionClientOptions client_options_;

  mutable std::mutex mu_;
  mutable std::map<uint32_t, catalog::TableRoute> routes_;        // guarded by mu_
  mutable std::map<uint64_t, std::string> addresses_;             // datanode id -> addr; by mu_
  mutable std::map<std::string, std::unique_ptr<datanode::RegionHandler>> clients_;  // by mu_
};

}  // namespace greptime::frontend
