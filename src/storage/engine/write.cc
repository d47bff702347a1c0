// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The write path on a region worker: validate and normalize rows, group-commit them to the WAL,
// insert them into memtables, then decide about flushes.
#include <algorithm>

#include "common/logging.h"
#include "common/time.h"
#include "storage/engine/engine_impl.h"
#include "storage/wal/mutation_codec.h"
#include "types/column_builder.h"

namespace greptime::storage {
namespace {

Result<types::ColumnPtr> CastColumn(const types::ColumnPtr& column, const types::DataType& target,
                                    const std::string& name) {
  if (column->type() == target) return column;
  auto builder = types::MakeColumnBuilder(target, column->size());
  for (size_t i = 0; i < column->size(); ++i) {
    types::Value v = column->GetValue(i);
    if (v.is_null()) {
      builder->AppendNull();
      continue;
    }
    auto cast = v.CastTo(target);
    if (!cast.ok()) {
      return Status::InvalidArguments("column '{}' expects {} but row {} holds {} value '{}'", name,
                                      target.Name(), i, column->type().Name(), v.ToString());
    }
    GT_RETURN_IF_ERROR(builder->Append(*cast));
  }
  return builder->Finish();
}

}  // namespace

Result<types::RecordBatch> NormalizeWrite(const RegionMetadata& metadata, OpType op,
                                          const types::RecordBatch& rows) {
  const types::Schema& input = *rows.schema();
  for (const types::ColumnSchema& c : input.columns()) {
    if (metadata.ColumnByName(c.name) == nullptr) {
      return Status(StatusCode::kTableColumnNotFound,
                    fmt::format("Column {} not found in region {}", c.name,
                                metadata.region_id().ToString()));
    }
  }
  const size_t n = rows.num_rows();
  std::vector<types::ColumnPtr> columns;
  columns.reserve(metadata.columns().size());
  for (const ColumnMetadata& cm : metadata.columns()) {
    const types::ColumnSchema& cs = cm.column_schema;
    const bool key = cs.semantic_type != types::SemanticType::kField;
    auto index = input.IndexOf(cs.name);
    if (index && (op == OpType::kPut || key)) {
      GT_ASSIGN_OR_RETURN(types::ColumnPtr col, CastColumn(rows.column(*index), cs.type, cs.name));
      if (col->null_count() > 0 && (!cs.nullable || cs.semantic_type == types::SemanticType::kTimestamp)) {
        return Status::InvalidArguments("column '{}' is not nullable but the write has {} null(s)",
                                        cs.name, col->null_count());
      }
      columns.push_back(std::move(col));
      continue;
    }
    if (op == OpType::kDelete && !key) {
      columns.push_back(types::MakeConstantColumn(cs.type, types::Value::Null(), n));
      continue;
    }
    // Missing column: default, NULL, or an error.
    if (cs.semantic_type == types::SemanticType::kTimestamp && !cs.default_value.has_default()) {
      return Status::InvalidArguments("time index column '{}' is missing from the write", cs.name);
    }
    if (cs.default_value.is_constant()) {
      columns.push_back(types::MakeConstantColumn(cs.type, cs.default_value.constant(), n));
    } else if (cs.default_value.is_function()) {
      const std::string& fn = cs.default_value.function();
      if (fn != "current_timestamp()" && fn != "current_timestamp" && fn != "now()") {
        return Status::Unsupported("unsupported default function {} of column '{}'", fn, cs.name);
      }
      const Timestamp now = Clock::System().Now();
      auto converted = now.ConvertTo(cs.type.is_timestamp() ? cs.type.time_unit()
                                                            : TimeUnit::kMillisecond);
      GT_RETURN_IF_ERROR(converted.status());
      types::Value v = types::Value::Timestamp(converted->value, converted->unit);
      GT_ASSIGN_OR_RETURN(types::Value cast, v.CastTo(cs.type));
      columns.push_back(types::MakeConstantColumn(cs.type, cast, n));
    } else if (cs.nullable && cs.semantic_type != types::SemanticType::kTimestamp) {
      columns.push_back(types::MakeConstantColumn(cs.type, types::Value::Null(), n));
    } else {
      return Status::InvalidArguments("column '{}' has no default value and is not nullable",
                                      cs.name);
    }
  }
  return types::RecordBatch::Make(metadata.schema(), std::move(columns));
}

void MitoEngineImpl::HandleWrites(RegionWorker& worker, std::vector<PendingWrite> writes) {
  // Hold writes back while memtables use more than the reject limit; flushes release them.
  if (memtable_bytes_.load() > static_cast<int64_t>(options_.global_write_buffer_reject_size)) {
    for (PendingWrite& w : writes) {
      if (auto region = worker.Find(w.request.region_id)) ScheduleFlush(worker, region);
      worker.stalled.push_back(std::move(w));
    }
    return;
  }

  struct Prepared {
    PendingWrite* write;
    std::shared_ptr<MitoRegion> region;
    types::RecordBatch rows;
    uint64_t entry_id;
    uint64_t sequence;
  };
  std::vector<Prepared> prepared;
  std::vector<WalEntry> entries;
  for (PendingWrite& w : writes) {
    auto region = worker.Find(w.request.region_id);
    if (!region) {
      w.done.set_value(Status(StatusCode::kRegionNotFound,
                              fmt::format("Region {} not found", w.request.region_id.ToString())));
      continue;
    }
    if (!region->sticky_error.ok()) {
      w.done.set_value(Status(region->sticky_error.code(),
                              "region refuses writes after an earlier failure: " +
                                  region->sticky_error.message()));
      continue;
    }
    VersionPtr version = region->version_control.Current();
    auto rows = NormalizeWrite(*version->metadata, w.request.op_type, w.request.rows);
    if (!rows.ok()) {
      w.done.set_value(std::move(rows).status());
      continue;
    }
    if (rows->num_rows() == 0) {
      w.done.set_value(uint64_t{0});
      continue;
    }
    if (version->metadata->options().append_mode && w.request.op_type == OpType::kDelete) {
      w.done.set_value(Status::Unsupported("DELETE is not supported on append-mode region {}",
                                           region->region_id.ToString()));
      continue;
    }
    const uint64_t entry_id = ++region->last_entry_id;
    const uint64_t sequence = region->next_sequence;
    region->next_sequence += rows->num_rows();
    Mutation mutation{w.request.op_type, sequence, *rows};
    entries.push_back(WalEntry{region->region_id, entry_id,
                               EncodeMutations(std::span<const Mutation>(&mutation, 1))});
    prepared.push_back(Prepared{&w, region, std::move(rows).value(), entry_id, sequence});
  }
  if (prepared.empty()) return;

  Status appended = wal_->Append(std::move(entries));
  if (!appended.ok()) {
    GT_LOG_ERROR("WAL append failed: {}", appended.message());
    for (Prepared& p : prepared) {
      p.region->sticky_error = appended;
      p.write->done.set_value(appended.WithContext("write region {}", p.region->region_id.ToString()));
    }
    return;
  }
  for (Prepared& p : prepared) {
    VersionPtr version = p.region->version_control.Current();
    Memtable& memtable = *version->mutable_memtable.memtable;
    const int64_t before = static_cast<int64_t>(memtable.memory_bytes());
    Status st = memtable.Write(p.write->request.op_type, p.sequence, p.rows);
    const int64_t added = static_cast<int64_t>(memtable.memory_bytes()) - before;
    PublishMemtableBytes(memtable_bytes_.fetch_add(added) + added);
    if (!st.ok()) {
      // The WAL has the rows; the region must be reopened to replay them consistently.
      p.region->sticky_error = st;
      GT_LOG_ERROR("memtable write of region {} failed: {}", p.region->region_id.ToString(),
                   st.message());
      p.write->done.set_value(st);
      continue;
    }
    p.write->done.set_value(static_cast<uint64_t>(p.rows.num_rows()));
  }
  for (Prepared& p : prepared) MaybeFlushForMemory(worker, p.region);
}

void MitoEngineImpl::MaybeFlushForMemory(RegionWorker& worker,
                                         const std::shared_ptr<MitoRegion>& region) {
  VersionPtr version = region->version_control.Current();
  const uint64_t region_bytes = version->mutable_memtable.memtable->memory_bytes();
  if (region_bytes >= options_.region_write_buffer_size) {
    ScheduleFlush(worker, region);
    return;
  }
  if (memtable_bytes_.load() < static_cast<int64_t>(options_.global_write_buffer_size)) return;
  // Over the global budget: flush this worker's largest region.
  std::shared_ptr<MitoRegion> largest;
  uint64_t largest_bytes = 0;
  for (const auto& [id, r] : worker.regions) {
    const uint64_t bytes = r->version_control.Current()->mutable_memtable.memtable->memory_bytes();
    if (bytes > largest_bytes) {
      largest_bytes = bytes;
      largest = r;
    }
  }
  if (largest) ScheduleFlush(worker, largest);
}

}  // namespace greptime::storage
