// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// JSON forms of TableRoute and DatanodeTable, and the routes of a standalone server.
#include "catalog/table_route.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "storage/region_metadata.h"

namespace greptime::catalog {

using nlohmann::json;

std::vector<uint64_t> TableRoute::LeaderDatanodes() const {
  std::vector<uint64_t> out;
  for (const RegionRoute& region : regions) out.push_back(region.leader_datanode);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string TableRoute::ToJson() const {
  json routes = json::array();
  for (const RegionRoute& region : regions) {
    routes.push_back({{"region_id", storage::RegionId(table_id, region.region_number).value()},
                      {"region_number", region.region_number},
                      {"leader_peer", {{"id", region.leader_datanode}, {"addr", ""}}},
                      {"follower_peers", region.follower_datanodes},
                      {"partition_expr", region.partition_expr}});
  }
  return json{{"table_id", table_id}, {"region_routes", std::move(routes)}}.dump();
}

Result<TableRoute> TableRoute::FromJson(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Unexpected("corrupted table route: not a JSON object");
  }
  try {
    TableRoute route;
    route.table_id = j.at("table_id").get<uint32_t>();
    for (const json& r : j.at("region_routes")) {
      RegionRoute region;
      region.region_number = r.at("region_number").get<uint32_t>();
      region.leader_datanode = r.at("leader_peer").at("id").get<uint64_t>();
      region.follower_datanodes = r.at("follower_peers").get<std::vector<uint64_t>>();
      region.partition_expr = r.at("partition_expr").get<std::string>();
      route.regions.push_back(std::move(region));
    }
    return route;
  } catch (const json::exception& e) {
    return Status::Unexpected("corrupted table route: {}", e.what());
  }
}

std::string DatanodeTable::ToJson() const {
  return json{{"table_id", table_id},
              {"regions", region_numbers},
              {"engine", engine},
              {"catalog", catalog},
              {"schema", schema}}
      .dump();
}

Result<DatanodeTable> DatanodeTable::FromJson(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Unexpected("corrupted datanode table: not a JSON object");
  }
  try {
    DatanodeTable out;
    out.table_id = j.at("table_id").get<uint32_t>();
    out.region_numbers = j.at("regions").get<std::vector<uint32_t>>();
    out.engine = j.at("engine").get<std::string>();
    out.catalog = j.at("catalog").get<std::string>();
    out.schema = j.at("schema").get<std::string>();
    return out;
  } catch (const json::exception& e) {
    return Status::Unexpected("corrupted datanode table: {}", e.what());
  }
}

TableRoute LocalTableRoute(const TableInfo& info, uint64_t datanode) {
  TableRoute route;
  route.table_id = info.id;
  for (size_t i = 0; i < info.region_numbers.size(); ++i) {
    RegionRoute region;
    region.region_number = info.region_numbers[i];
    region.leader_datanode = datanode;
    if (info.partition && i < info.partition->exprs.size()) {
      region.partition_expr = info.partition->exprs[i];
    }
    route.regions.push_back(std::move(region));
  }
  return route;
}

DatanodeTable DatanodeTableOf(const TableInfo& info, const TableRoute& route, uint64_t datanode) {
  DatanodeTable out;
  out.table_id = info.id;
  out.engine = info.engine;
  out.catalog = info.catalog;
  out.schema = info.schema;
  for (const RegionRoute& region : route.regions) {
    if (region.leader_datanode == datanode) out.region_numbers.push_back(region.region_number);
  }
  return out;
}

}  // namespace greptime::catalog
