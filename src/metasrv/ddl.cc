// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "metasrv/ddl.h"

#include <algorithm>
#include <atomic>
#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/logging.h"
#include "datanode/region_client.h"
#include "meta/metadata_keys.h"
#include "meta/sequence.h"

namespace greptime::metasrv {

using nlohmann::json;

namespace {

constexpr std::string_view kProcedurePrefix = "__procedure/";

std::string NewProcedureId() {
  static std::atomic<uint64_t> counter{0};
  std::random_device rd;
  return fmt::format("{:016x}{:08x}", (uint64_t{rd()} << 32) | rd(), counter++ & 0xffffffff);
}

}  // namespace

Result<Selector> ParseSelector(std::string_view name) {
  if (name == "round_robin" || name == "RoundRobin") return Selector::kRoundRobin;
  if (name == "lease_based" || name == "LeaseBased") return Selector::kLeaseBased;
  if (name == "load_based" || name == "LoadBased") return Selector::kLoadBased;
  return Status::InvalidArguments("unsupported selector type: {}", name);
}

// One CREATE or DROP TABLE in flight; its JSON is what the store holds.
struct DdlProcedures::Procedure {
  std::string id;
  std::string kind;   // "create_table" | "drop_table" | "alter_table" | "truncate_table"
  // create: "prepared" -> "regions"; drop: "drop_regions"; alter: "alter_regions";
  // truncate: "truncate_regions"
  std::string state;
  catalog::TableInfo info;  // alter: the new info
  bool if_not_exists = false;
  std::map<uint32_t, storage::EngineOptions> region_options;
  // alter: the stored info it replaces, and each region's change (the region service's JSON).
  std::optional<catalog::TableInfo> current;
  std::vector<storage::AlterRequest> region_changes;

  std::string ToJson() const {
    json options = json::object();
    for (const auto& [rn, opts] : region_options) options[std::to_string(rn)] = opts;
    json j{{"kind", kind},       {"state", state},
           {"info", info.ToJson()}, {"if_not_exists", if_not_exists},
           {"region_options", options}};
    if (current) j["current"] = current->ToJson();
    json changes = json::array();
    for (const storage::AlterRequest& req : region_changes) {
      json c{{"region_id", req.region_id.value()}, {"changes", json::array()}};
      for (const auto& change : req.changes) {
        if (const auto* add = std::get_if<storage::AlterRequest::AddColumn>(&change)) {
          c["changes"].push_back({{"add_column", storage::ColumnSchemaToJson(add->column)}});
        } else if (const auto* drop = std::get_if<storage::AlterRequest::DropColumn>(&change)) {
          c["changes"].push_back({{"drop_column", drop->name}});
        } else {
          const auto& set = std::get<storage::AlterRequest::SetOptions>(change);
          c["changes"].push_back({{"set_options", storage::RegionOptionsToJson(set.options)}});
        }
      }
      changes.push_back(std::move(c));
    }
    j["region_changes"] = std::move(changes);
    return j.dump();
  }

  static Result<Procedure> FromJson(const std::string& id, std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return Status::Unexpected("corrupted procedure {}", id);
    }
    try {
      Procedure p;
      p.id = id;
      p.kind = j.at("kind").get<std::string>();
      p.state = j.at("state").get<std::string>();
      GT_ASSIGN_OR_RETURN(p.info, catalog::TableInfo::FromJson(j.at("info").get<std::string>()));
      p.if_not_exists = j.value("if_not_exists", false);
      for (const auto& [rn, opts] : j.at("region_options").items()) {
        p.region_options[static_cast<uint32_t>(std::stoul(rn))] =
            opts.get<std::map<std::string, std::string>>();
      }
      if (j.contains("current")) {
        GT_ASSIGN_OR_RETURN(p.current,
                            catalog::TableInfo::FromJson(j["current"].get<std::string>()));
      }
      if (j.contains("region_changes")) {
        for (const json& c : j["region_changes"]) {
          storage::AlterRequest req;
          req.region_id = storage::RegionId(c.at("region_id").get<uint64_t>());
          for (const json& change : c.at("changes")) {
            if (change.contains("add_column")) {
              GT_ASSIGN_OR_RETURN(auto column, storage::ColumnSchemaFromJson(
                                                   change["add_column"].get<std::string>()));
              req.changes.push_back(storage::AlterRequest::AddColumn{std::move(column)});
            } else if (change.contains("drop_column")) {
              req.changes.push_back(
                  storage::AlterRequest::DropColumn{change["drop_column"].get<std::string>()});
            } else {
              GT_ASSIGN_OR_RETURN(auto options, storage::RegionOptionsFromJson(
                                                    change.at("set_options").get<std::string>()));
              req.changes.push_back(storage::AlterRequest::SetOptions{std::move(options)});
            }
          }
          p.region_changes.push_back(std::move(req));
        }
      }
      return p;
    } catch (const std::exception& e) {
      return Status::Unexpected("corrupted procedure {}: {}", id, e.what());
    }
  }
};

DdlProcedures::DdlProcedures(meta::KvBackend& kv,
                             std::function<std::vector<AliveDatanode>()> datanodes)
    : kv_(kv), datanodes_(std::move(datanodes)) {}

DdlProcedures::~DdlProcedures() = default;

Result<std::unique_ptr<DdlProcedures>> DdlProcedures::Create(
    meta::KvBackend& kv, std::function<std::vector<AliveDatanode>()> datanodes,
    Selector selector) {
  std::unique_ptr<DdlProcedures> d(new DdlProcedures(kv, std::move(datanodes)));
  d->selector_ = selector;
  DdlProcedures* raw = d.get();
  catalog::CatalogOptions options;
  options.enable_cache = false;  // frontends change the catalog too
  options.shared_epoch_check = std::chrono::milliseconds(1);  // and every change bumps the epoch
  options.region_placement =
      [raw](const catalog::TableInfo& info) -> Result<std::vector<uint64_t>> {
    const size_t n = info.region_numbers.size();
    auto physical = info.options.raw.find("on_physical_table");
    if (info.engine == "metric" && physical != info.options.raw.end()) {
      // A logical table lives in its physical table's region.
      GT_ASSIGN_OR_RETURN(auto table,
                          raw->catalog_->GetTable(info.catalog, info.schema, physical->second));
      GT_ASSIGN_OR_RETURN(catalog::TableRoute route, raw->catalog_->GetTableRoute(table->id));
      if (route.regions.empty()) return Status::Internal("physical table without regions");
      return std::vector<uint64_t>(n, route.regions.front().leader_datanode);
    }
    std::vector<AliveDatanode> alive;
    for (const AliveDatanode& d : raw->datanodes_()) {
      if (d.alive) alive.push_back(d);
    }
    if (alive.empty()) {
      return Status(StatusCode::kRegionNotReady,
                    "no datanode is alive: start datanodes with --metasrv-addrs of this cluster");
    }
    std::vector<uint64_t> out;
    switch (raw->selector_) {
      case Selector::kRoundRobin:
        for (size_t i = 0; i < n; ++i) {
          out.push_back(alive[(raw->next_placement_++) % alive.size()].id);
        }
        break;
      case Selector::kLeaseBased: {
        static thread_local std::mt19937_64 rng{std::random_device{}()};
        for (size_t i = 0; i < n; ++i) out.push_back(alive[rng() % alive.size()].id);
        break;
      }
      case Selector::kLoadBased:
        // Each region to the least loaded datanode, counting the ones placed so far.
        for (size_t i = 0; i < n; ++i) {
          auto least = std::min_element(alive.begin(), alive.end(),
                                        [](const AliveDatanode& a, const AliveDatanode& b) {
                                          return a.region_count != b.region_count
                                                     ? a.region_count < b.region_count
                                                     : a.id < b.id;
                                        });
          out.push_back(least->id);
          ++least->region_count;
        }
        break;
    }
    return out;
  };
  GT_ASSIGN_OR_RETURN(d->catalog_, catalog::NewKvCatalogManager(kv, std::move(options)));
  return d;
}

Status DdlProcedures::Save(const Procedure& p) {
  return kv_.Put(std::string(kProcedurePrefix) + p.id, p.ToJson());
}

void DdlProcedures::Forget(const Procedure& p) {
  auto st = kv_.Delete(std::string(kProcedurePrefix) + p.id);
  if (!st.ok()) GT_LOG_WARN("procedure {}: cannot delete its record: {}", p.id, st.status().message());
}

Result<datanode::RegionHandler*> DdlProcedures::Leader(uint32_t table_id, uint32_t rn) {
  GT_ASSIGN_OR_RETURN(catalog::TableRoute route, catalog_->GetTableRoute(table_id));
  uint64_t leader = UINT64_MAX;
  for (const catalog::RegionRoute& r : route.regions) {
    if (r.region_number == rn) leader = r.leader_datanode;
  }
  std::string addr;
  for (const AliveDatanode& d : datanodes_()) {
    if (d.id == leader) addr = d.addr;
  }
  if (addr.empty()) {
    return Status(StatusCode::kRegionNotReady,
                  fmt::format("region {} of table {}: datanode {} is not registered", rn, table_id,
                              leader));
  }
  auto& client = clients_[addr];
  if (client == nullptr) {
    datanode::RegionClientOptions options;
    options.address = addr;
    options.timeout = std::chrono::seconds(30);
    client = datanode::NewRemoteRegionHandler(std::move(options));
  }
  return client.get();
}

Status DdlProcedures::CreateRegions(const catalog::TableInfo& info,
                                    const std::map<uint32_t, storage::EngineOptions>& options) {
  std::optional<catalog::DatabaseOptions> dbopts;
  if (auto db = catalog_->GetDatabase(info.catalog, info.schema); db.ok()) dbopts = db->options;
  for (uint32_t rn : info.region_numbers) {
    GT_ASSIGN_OR_RETURN(auto md, catalog::ToRegionMetadata(info, rn, dbopts ? &*dbopts : nullptr));
    datanode::RegionCreate create;
    create.engine = info.engine;
    create.request.metadata = md;
    create.request.region_dir = catalog::RegionDir(info.catalog, info.schema, info.id, rn);
    if (auto it = options.find(rn); it != options.end()) create.request.engine_options = it->second;
    GT_ASSIGN_OR_RETURN(datanode::RegionHandler * leader, Leader(info.id, rn));
    auto created = leader->Handle(create);
    // A resumed procedure may find regions it created before the crash.
    if (!created.ok() && created.status().code() != StatusCode::kRegionAlreadyExists) {
      return created.status();
    }
  }
  return Status::OK();
}

Status DdlProcedures::DropRegions(const catalog::TableInfo& info, bool ignore_unreachable) {
  Status first;
  for (uint32_t rn : info.region_numbers) {
    auto leader = Leader(info.id, rn);
    Status st = leader.ok() ? (*leader)->Handle(storage::DropRequest{storage::RegionId(info.id, rn)})
                                  .status()
                            : leader.status();
    if (st.ok() || st.code() == StatusCode::kRegionNotFound) continue;
    if (ignore_unreachable && st.code() == StatusCode::kRegionNotReady) {
      GT_LOG_WARN("rollback: region {} of {} stays on its datanode: {}", rn, info.FullName(),
                  st.message());
      continue;
    }
    if (first.ok()) first = st;
  }
  return first;
}

Result<catalog::CreateTableResult> DdlProcedures::RunCreate(Procedure& p) {
  if (p.state == "prepared") {
    auto existing = catalog_->GetTableById(p.info.id);
    if (!existing.ok() || existing->get()->name != p.info.name) {
      auto created = catalog_->CreateTable(p.info, p.if_not_exists);
      if (!created.ok()) {
        Forget(p);
        return created.status();
      }
      if (!created->created) {
        Forget(p);
        return created;
      }
      p.info = *created->table;
    } else {
      p.info = **existing;
    }
    p.state = "regions";
    GT_RETURN_IF_ERROR(Save(p));
  }
  Status st = CreateRegions(p.info, p.region_options);
  if (!st.ok()) {
    GT_LOG_WARN("create table {} failed, rolling back: {}", p.info.FullName(), st.message());
    (void)DropRegions(p.info, /*ignore_unreachable=*/true);
    (void)catalog_->DropTable(p.info.catalog, p.info.schema, p.info.name, true);
    Forget(p);
    return st;
  }
  Forget(p);
  return catalog::CreateTableResult{std::make_shared<const catalog::TableInfo>(p.info), true};
}

Result<catalog::TableInfoPtr> DdlProcedures::RunDrop(Procedure& p) {
  Status st = DropRegions(p.info, /*ignore_unreachable=*/false);
  if (!st.ok()) {
    // The table stays whole: the user can retry once its datanodes are back.
    Forget(p);
    return Status(st.code(), fmt::format("cannot drop table {}: {}", p.info.FullName(),
                                         st.message()));
  }
  auto dropped = catalog_->DropTable(p.info.catalog, p.info.schema, p.info.name, true);
  Forget(p);
  GT_RETURN_IF_ERROR(dropped.status());
  return std::make_shared<const catalog::TableInfo>(p.info);
}

Result<catalog::TableInfoPtr> DdlProcedures::RunAlter(Procedure& p) {
  if (!p.current) return Status::Unexpected("alter procedure {} without the current table", p.id);
  for (const storage::AlterRequest& req : p.region_changes) {
    auto leader = Leader(req.region_id.table_id(), req.region_id.region_number());
    if (!leader.ok()) {
      Forget(p);
      return leader.status();
    }
    // Each change alone, so that one a crashed leader already applied (the column exists /
    // is gone) does not stop the others.
    for (const auto& change : req.changes) {
      storage::AlterRequest one{req.region_id, {change}};
      Status st = (*leader)->Handle(one).status();
      const bool applied_before =
          (st.code() == StatusCode::kTableColumnExists &&
           std::holds_alternative<storage::AlterRequest::AddColumn>(change)) ||
          (st.code() == StatusCode::kTableColumnNotFound &&
           std::holds_alternative<storage::AlterRequest::DropColumn>(change));
      if (!st.ok() && !applied_before) {
        Forget(p);
        return Status(st.code(), fmt::format("alter table {}: region {}: {}", p.info.FullName(),
                                             req.region_id.ToString(), st.message()));
      }
    }
  }
  auto stored = catalog_->UpdateTableInfo(*p.current, p.info);
  if (!stored.ok()) {
    // Resumed after the update was stored: the table already has the new version.
    auto now = catalog_->GetTableById(p.info.id);
    if (now.ok() && (*now)->version == p.current->version + 1 && (*now)->columns == p.info.columns) {
      Forget(p);
      return *now;
    }
  }
  Forget(p);
  return stored;
}

Status DdlProcedures::RunTruncate(Procedure& p) {
  Status first;
  for (uint32_t rn : p.info.region_numbers) {
    auto leader = Leader(p.info.id, rn);
    Status st = leader.ok()
                    ? (*leader)->Handle(storage::TruncateRequest{storage::RegionId(p.info.id, rn)})
                          .status()
                    : leader.status();
    if (!st.ok() && first.ok()) first = st;
  }
  Forget(p);
  if (!first.ok()) {
    return Status(first.code(),
                  fmt::format("truncate table {}: {}", p.info.FullName(), first.message()));
  }
  return Status::OK();
}

Status DdlProcedures::TruncateTable(const std::string& catalog, const std::string& schema,
                                    const std::string& table) {
  std::lock_guard<std::mutex> lock(mu_);
  GT_ASSIGN_OR_RETURN(auto info, catalog_->GetTable(catalog, schema, table));
  Procedure p;
  p.id = NewProcedureId();
  p.kind = "truncate_table";
  p.state = "truncate_regions";
  p.info = *info;
  GT_RETURN_IF_ERROR(Save(p));
  return RunTruncate(p);
}

Result<catalog::TableInfoPtr> DdlProcedures::AlterTable(
    const catalog::TableInfo& current, catalog::TableInfo updated,
    std::vector<storage::AlterRequest> region_changes) {
  std::lock_guard<std::mutex> lock(mu_);
  Procedure p;
  p.id = NewProcedureId();
  p.kind = "alter_table";
  p.state = "alter_regions";
  p.info = std::move(updated);
  p.current = current;
  p.region_changes = std::move(region_changes);
  GT_RETURN_IF_ERROR(Save(p));
  return RunAlter(p);
}

Result<catalog::CreateTableResult> DdlProcedures::CreateTable(
    catalog::TableInfo info, bool if_not_exists,
    std::map<uint32_t, storage::EngineOptions> region_options) {
  std::lock_guard<std::mutex> lock(mu_);
  // Cheap answer for an existing table, before an id is spent.
  if (auto existing = catalog_->GetTable(info.catalog, info.schema, info.name); existing.ok()) {
    if (if_not_exists) return catalog::CreateTableResult{*existing, false};
    return catalog_->CreateTable(std::move(info), false);  // the catalog's "already exists"
  }
  if (info.id == 0) {
    meta::SequenceAllocator ids(kv_, std::string(meta::kTableIdSequenceKey),
                                meta::kMinUserTableId);
    GT_ASSIGN_OR_RETURN(uint64_t id, ids.Next());
    if (id > UINT32_MAX) return Status::Unexpected("table ids are exhausted");
    info.id = static_cast<uint32_t>(id);
  }
  Procedure p;
  p.id = NewProcedureId();
  p.kind = "create_table";
  p.state = "prepared";
  p.info = std::move(info);
  p.if_not_exists = if_not_exists;
  p.region_options = std::move(region_options);
  GT_RETURN_IF_ERROR(Save(p));
  return RunCreate(p);
}

Result<catalog::TableInfoPtr> DdlProcedures::DropTable(const std::string& catalog,
                                                       const std::string& schema,
                                                       const std::string& table, bool if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  auto existing = catalog_->GetTable(catalog, schema, table);
  if (!existing.ok()) {
    if (existing.status().code() == StatusCode::kTableNotFound && if_exists) {
      return catalog::TableInfoPtr();
    }
    return existing.status();
  }
  Procedure p;
  p.id = NewProcedureId();
  p.kind = "drop_table";
  p.state = "drop_regions";
  p.info = **existing;
  GT_RETURN_IF_ERROR(Save(p));
  return RunDrop(p);
}

Result<size_t> DdlProcedures::ResumeAll() {
  std::lock_guard<std::mutex> lock(mu_);
  GT_ASSIGN_OR_RETURN(auto stored, kv_.Range(meta::RangeRequest::Prefix(kProcedurePrefix)));
  for (const meta::KeyValue& kv : stored.kvs) {
    std::string id = kv.key.substr(kProcedurePrefix.size());
    auto p = Procedure::FromJson(id, kv.value);
    if (!p.ok()) {
      GT_LOG_ERROR("{}; removing it", p.status().message());
      (void)kv_.Delete(kv.key);
      continue;
    }
    GT_LOG_INFO("resuming procedure {} ({} of {}, state {})", id, p->kind, p->info.FullName(),
                p->state);
    Status st = p->kind == "create_table"     ? RunCreate(*p).status()
                : p->kind == "alter_table"    ? RunAlter(*p).status()
                : p->kind == "truncate_table" ? RunTruncate(*p)
                                              : RunDrop(*p).status();
    if (!st.ok()) GT_LOG_WARN("procedure {} ended with an error: {}", id, st.message());
  }
  return stored.kvs.size();
}

}  // namespace greptime::metasrv
