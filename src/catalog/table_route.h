// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Where a table's regions live: the route stored under __table_route/<table_id> and the
// per-datanode view stored under __dn_table/<datanode_id>/<table_id>, with their JSON forms.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_info.h"
#include "common/status.h"
#include "meta/metadata_keys.h"

namespace greptime::catalog {

struct RegionRoute {
  uint32_t region_number = 0;
  uint64_t leader_datanode = meta::kStandaloneDatanodeId;
  std::vector<uint64_t> follower_datanodes;
  std::string partition_expr;  // the region's partition expression, "" when unpartitioned
  bool operator==(const RegionRoute&) const = default;
};

struct TableRoute {
  uint32_t table_id = 0;
  std::vector<RegionRoute> regions;  // in region-number order

  // The datanodes that lead at least one region, ascending.
  std::vector<uint64_t> LeaderDatanodes() const;

  std::string ToJson() const;
  // kUnexpected "corrupted table route: ..." on malformed input.
  static Result<TableRoute> FromJson(std::string_view json);
  bool operator==(const TableRoute&) const = default;
};

// A table's regions on one datanode: what the datanode opens at start-up, and where.
struct DatanodeTable {
  uint32_t table_id = 0;
  std::vector<uint32_t> region_numbers;
  std::string engine;
  std::string catalog;
  std::string schema;

  std::string ToJson() const;
  // kUnexpected "corrupted datanode table: ..." on malformed input.
  static Result<DatanodeTable> FromJson(std::string_view json);
  bool operator==(const DatanodeTable&) const = default;
};

// Every region of `info` led by `datanode` (the standalone layout), partition expressions
// taken from the partition rule.
TableRoute LocalTableRoute(const TableInfo& info, uint64_t datanode = meta::kStandaloneDatanodeId);
// The regions of `route` that `datanode` leads.
DatanodeTable DatanodeTableOf(const TableInfo& info, const TableRoute& route, uint64_t datanode);

}  // namespace greptime::catalog
