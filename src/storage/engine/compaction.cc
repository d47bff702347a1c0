// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Time-window compaction (TWCS): SSTs are grouped by the time window of their newest row; a
// window with enough files is merged into one level-1 file, duplicates resolved, expired rows
// (TTL) dropped, and deletes dropped when no file outside the inputs overlaps their time range.
// Files wholly older than the TTL are removed without reading them.
#include <algorithm>
#include <map>
#include <set>

#include "common/logging.h"
#include "storage/engine/engine_impl.h"
#include "storage/engine/readers.h"
#include "storage/object_store/object_store.h"
#include "storage/sst/sst_reader.h"
#include "storage/sst/sst_writer.h"

namespace greptime::storage {
namespace {

struct CompactionTask {
  std::vector<FileHandlePtr> inputs;
  bool filter_deleted = false;
};

struct CompactionPlan {
  int64_t window = 0;  // in time index units
  std::vector<CompactionTask> tasks;
  std::vector<FileHandlePtr> expired;
  bool empty() const { return tasks.empty() && expired.empty(); }
};

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t InferWindow(const Version& version, TimeUnit unit) {
  static constexpr int64_t kBucketsSeconds[] = {3600, 7200, 43200, 86400, 604800, 31536000,
                                                315360000};
  const int64_t factor = TimeUnitFactor(unit);
  int64_t span = 0;
  for (const auto& [id, file] : version.files) {
    span = std::max(span, file->meta().time_max - file->meta().time_min);
  }
  for (int64_t seconds : kBucketsSeconds) {
    if (span < seconds * factor) return seconds * factor;
  }
  return kBucketsSeconds[6] * factor;
}

CompactionPlan PickCompaction(const Version& version, const MitoEngineOptions& options,
                              bool forced) {
  CompactionPlan plan;
  const RegionMetadata& metadata = *version.metadata;
  const std::optional<int64_t> cutoff = TtlCutoff(metadata);
  const TimeUnit unit = metadata.time_unit();
  if (metadata.options().compaction_time_window) {
    plan.window = std::max<int64_t>(
        1, metadata.options().compaction_time_window->count() / (1'000'000'000 / TimeUnitFactor(unit)));
  } else if (version.compaction_time_window) {
    plan.window = std::max<int64_t>(
        1, version.compaction_time_window->count() / (1'000'000'000 / TimeUnitFactor(unit)));
  } else {
    plan.window = InferWindow(version, unit);
  }
  std::map<int64_t, std::vector<FileHandlePtr>> windows;
  for (const auto& [id, file] : version.files) {
    if (cutoff && file->meta().time_max < *cutoff) {
      plan.expired.push_back(file);
      continue;
    }
    windows[FloorDiv(file->meta().time_max, plan.window)].push_back(file);
  }
  const size_t trigger = forced ? 2 : std::max<size_t>(2, options.compaction_trigger_files);
  for (auto& [w, files] : windows) {
    if (files.size() < trigger) continue;
    CompactionTask task;
    task.inputs = files;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    std::set<std::string> ids;
    for (const auto& f : files) {
      lo = std::min(lo, f->meta().time_min);
      hi = std::max(hi, f->meta().time_max);
      ids.insert(f->meta().file_id);
    }
    bool overlap = false;
    for (const auto& [id, file] : version.files) {
      if (ids.count(id)) continue;
      if (file->meta().time_min <= hi && file->meta().time_max >= lo) overlap = true;
    }
    task.filter_deleted = !overlap && !metadata.options().append_mode;
    plan.tasks.push_back(std::move(task));
  }
  return plan;
}

Result<std::vector<FileMeta>> RunCompactionJob(MitoEngineImpl& engine, MitoRegion& region,
                                               const RegionMetadataPtr& metadata,
                                               const CompactionPlan& plan) {
  std::vector<FileMeta> outputs;
  const std::optional<int64_t> cutoff = TtlCutoff(*metadata);
  for (const CompactionTask& task : plan.tasks) {
    std::vector<std::unique_ptr<BatchReader>> sources;
    SstReadOptions read_options;
    read_options.field_ids = metadata->field_ids();
    for (const FileHandlePtr& file : task.inputs) {
      GT_ASSIGN_OR_RETURN(auto reader, file->Reader(metadata));
      GT_ASSIGN_OR_RETURN(auto batches, reader->Read(read_options));
      sources.push_back(std::move(batches));
    }
    std::unique_ptr<BatchReader> reader =
        BuildDedupedReader(std::move(sources), *metadata, task.filter_deleted);
    if (cutoff) reader = NewTimeFilterReader(std::move(reader), cutoff, std::nullopt);
    GT_ASSIGN_OR_RETURN(std::optional<FileMeta> meta,
                        WriteSst(engine, region.region_dir, metadata, *reader, /*level=*/1));
    if (meta) outputs.push_back(*meta);
  }
  RegionEdit edit;
  edit.files_to_add = outputs;
  for (const CompactionTask& task : plan.tasks) {
    for (const FileHandlePtr& f : task.inputs) edit.files_to_remove.push_back(f->meta().file_id);
  }
  for (const FileHandlePtr& f : plan.expired) edit.files_to_remove.push_back(f->meta().file_id);
  const int64_t ns_per_unit = 1'000'000'000 / TimeUnitFactor(metadata->time_unit());
  edit.compaction_time_window = std::chrono::nanoseconds(plan.window * ns_per_unit);
  std::lock_guard<std::mutex> lock(region.manifest_mu);
  Status st = region.manifest->Apply({edit});
  if (!st.ok()) {
    for (const FileMeta& f : outputs) (void)engine.store()->Delete(SstPath(region.region_dir, f.file_id));
    return st;
  }
  return outputs;
}

}  // namespace

void MitoEngineImpl::ScheduleCompaction(RegionWorker& worker,
                                        const std::shared_ptr<MitoRegion>& region, bool forced) {
  if (region->compaction_running) return;  // waiters are answered when it ends
  VersionPtr current = region->version_control.Current();
  CompactionPlan plan = PickCompaction(*current, options_, forced);
  if (plan.empty()) {
    for (auto& w : region->compaction_waiters) w(Status::OK());
    region->compaction_waiters.clear();
    return;
  }
  region->compaction_running = true;
  auto waiters =
      std::make_shared<std::vector<std::function<void(const Status&)>>>(std::move(region->compaction_waiters));
  region->compaction_waiters.clear();
  auto shared_plan = std::make_shared<CompactionPlan>(std::move(plan));
  RegionMetadataPtr metadata = current->metadata;
  Status submitted = background_->Submit([this, &worker, region, metadata, shared_plan, waiters]() {
    auto result = std::make_shared<Result<std::vector<FileMeta>>>(
        RunCompactionJob(*this, *region, metadata, *shared_plan));
    worker.Submit([this, &worker, region, shared_plan, waiters, result]() {
      region->compaction_running = false;
      if (!result->ok()) {
        GT_LOG_ERROR("compaction of region {} failed: {}", region->region_id.ToString(),
                     result->status().message());
        for (auto& w : *waiters) w(result->status());
      } else {
        VersionPtr now = region->version_control.Current();
        auto next = std::make_shared<Version>(*now);
        auto remove = [&](const FileHandlePtr& f) {
          f->MarkDeleted();
          next->files.erase(f->meta().file_id);
        };
        for (const auto& task : shared_plan->tasks) {
          for (const auto& f : task.inputs) remove(f);
        }
        for (const auto& f : shared_plan->expired) remove(f);
        for (const FileMeta& meta : result->value()) {
          next->files[meta.file_id] =
              std::make_shared<FileHandle>(meta, SstPath(region->region_dir, meta.file_id), store_);
        }
        const int64_t ns_per_unit = 1'000'000'000 / TimeUnitFactor(now->metadata->time_unit());
        next->compaction_time_window = std::chrono::nanoseconds(shared_plan->window * ns_per_unit);
        region->version_control.Set(next);
        for (auto& w : *waiters) w(Status::OK());
      }
      if (!region->compaction_waiters.empty()) ScheduleCompaction(worker, region, true);
      OnJobsIdle(worker, region);
    });
  });
  if (!submitted.ok()) {
    region->compaction_running = false;
    for (auto& w : *waiters) w(submitted);
  }
}

}  // namespace greptime::storage
