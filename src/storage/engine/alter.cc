// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// ALTER on a region: memtables are flushed first (they were built for the old schema), then the
// new metadata is written to the manifest and installed with a fresh memtable.
#include <algorithm>

#include "common/logging.h"
#include "storage/engine/engine_impl.h"

namespace greptime::storage {
namespace {

struct AlterState {
  AlterRequest request;
  std::promise<Status> done;
};

Result<RegionMetadataPtr> ApplyChanges(const RegionMetadata& current, const AlterRequest& request) {
  std::vector<ColumnMetadata> columns = current.columns();
  std::vector<uint32_t> primary_key = current.primary_key();
  RegionOptions options = current.options();
  bool columns_changed = false;
  uint32_t next_id = current.max_column_id() + 1;
  for (const auto& change : request.changes) {
    if (const auto* add = std::get_if<AlterRequest::AddColumn>(&change)) {
      const types::ColumnSchema& cs = add->column;
      for (const ColumnMetadata& c : columns) {
        if (c.column_schema.name == cs.name) {
          return Status(StatusCode::kTableColumnExists,
                        fmt::format("Column {} already exists in region {}", cs.name,
                                    current.region_id().ToString()));
        }
      }
      if (cs.semantic_type == types::SemanticType::kTimestamp) {
        return Status::InvalidArguments("cannot add a second time index column '{}'", cs.name);
      }
      if (!cs.nullable && !cs.default_value.has_default()) {
        return Status::InvalidArguments(
            "cannot add column '{}': it is NOT NULL without a default value", cs.name);
      }
      columns.push_back(ColumnMetadata{cs, next_id});
      if (cs.semantic_type == types::SemanticType::kTag) primary_key.push_back(next_id);
      ++next_id;
      columns_changed = true;
    } else if (const auto* drop = std::get_if<AlterRequest::DropColumn>(&change)) {
      auto it = std::find_if(columns.begin(), columns.end(), [&](const ColumnMetadata& c) {
        return c.column_schema.name == drop->name;
      });
      if (it == columns.end()) {
        return Status(StatusCode::kTableColumnNotFound,
                      fmt::format("Column {} not found in region {}", drop->name,
                                  current.region_id().ToString()));
      }
      if (it->column_schema.semantic_type != types::SemanticType::kField) {
        return Status::InvalidArguments("cannot drop column '{}': it is part of the {}", drop->name,
                                        it->column_schema.semantic_type == types::SemanticType::kTag
                                            ? "primary key"
                                            : "time index");
      }
      columns.erase(it);
      columns_changed = true;
    } else {
      options = std::get<AlterRequest::SetOptions>(change).options;
    }
  }
  if (columns_changed) {
    GT_ASSIGN_OR_RETURN(auto with_columns, current.WithColumns(std::move(columns), std::move(primary_key)));
    return with_columns->WithOptions(options);
  }
  return current.WithOptions(options);
}

}  // namespace

static void TryAlter(MitoEngineImpl& engine, RegionWorker& worker, std::shared_ptr<AlterState> state) {
  const RegionId id = state->request.region_id;
  auto region = worker.Find(id);
  if (!region) {
    state->done.set_value(Status(StatusCode::kRegionNotFound,
                                 fmt::format("Region {} not found", id.ToString())));
    return;
  }
  auto retry = [&engine, &worker, state]() { TryAlter(engine, worker, state); };
  if (region->flush_running || region->compaction_running) {
    worker.parked[id].push_back(retry);
    return;
  }
  VersionPtr current = region->version_control.Current();
  if (!current->mutable_memtable.memtable->empty() || !current->immutables.empty()) {
    engine.ScheduleFlush(worker, region);
    if (region->flush_running) {
      worker.parked[id].push_back(retry);
      return;
    }
  }
  current = region->version_control.Current();
  auto metadata = ApplyChanges(*current->metadata, state->request);
  if (!metadata.ok()) {
    state->done.set_value(std::move(metadata).status());
    return;
  }
  {
    std::lock_guard<std::mutex> lock(region->manifest_mu);
    Status st = region->manifest->Apply({RegionChange{*metadata}});
    if (!st.ok()) {
      state->done.set_value(st);
      return;
    }
  }
  auto next = std::make_shared<Version>(*current);
  next->metadata = *metadata;
  next->mutable_memtable = engine.NewMemtable(*region, *metadata);
  region->version_control.Set(next);
  GT_LOG_INFO("altered region {} (schema version {})", id.ToString(), (*metadata)->schema_version());
  state->done.set_value(Status::OK());
}

Status MitoEngineImpl::Alter(const AlterRequest& request) {
  if (stopped_.load()) return Status(StatusCode::kRegionNotReady, "storage engine is stopped");
  auto state = std::make_shared<AlterState>();
  state->request = request;
  std::future<Status> future = state->done.get_future();
  RegionWorker& worker = WorkerOf(request.region_id);
  worker.Submit([this, &worker, state]() { TryAlter(*this, worker, state); });
  return future.get();
}

}  // namespace greptime::storage
