// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Flush: frozen memtables become one level-0 SST; the manifest records it with the flushed WAL
// entry id, after which the WAL entries below it are obsolete.
#include <set>

#include "common/logging.h"
#include "common/metrics.h"
#include "storage/engine/engine_impl.h"
#include "storage/engine/readers.h"
#include "storage/object_store/object_store.h"
#include "storage/sst/sst_writer.h"

namespace greptime::storage {
namespace {

struct FlushMetrics {
  Counter& errors = MetricsRegistry::Global().GetCounter(
      "greptime_mito_flush_errors_total", "Flushes that failed (they are retried)");
  Gauge& failing = MetricsRegistry::Global().GetGauge(
      "greptime_mito_flush_failing_regions",
      "Regions whose last flush failed: their rows wait in memory and in the WAL");
  Gauge& unflushed = MetricsRegistry::Global().GetGauge(
      "greptime_mito_memtable_bytes", "Bytes held by memtables (not yet flushed)");
};

FlushMetrics& Metrics() {
  static FlushMetrics* m = new FlushMetrics();
  return *m;
}

// Retry delay after `failures` consecutive failed flushes: 1 s, 2 s, 4 s ... capped at 60 s.
std::chrono::steady_clock::duration FlushRetryDelay(uint32_t failures) {
  const int64_t seconds = int64_t{1} << std::min<uint32_t>(failures - 1, 6);
  return std::chrono::seconds(std::min<int64_t>(seconds, 60));
}

struct FlushOutput {
  std::optional<FileMeta> file;
  uint64_t flushed_entry_id = 0;
  uint64_t flushed_sequence = 0;
};

}  // namespace

void PublishMemtableBytes(int64_t bytes) { Metrics().unflushed.Set(static_cast<double>(bytes)); }

Result<std::optional<FileMeta>> WriteSst(MitoEngineImpl& engine, const std::string& region_dir,
                                         const RegionMetadataPtr& metadata, BatchReader& reader,
                                         uint32_t level) {
  const std::string file_id = NewFileId();
  SstWriterOptions writer_options;
  writer_options.row_group_rows = engine.options().sst_row_group_rows;
  GT_ASSIGN_OR_RETURN(auto writer, SstWriter::Create(metadata, engine.store(),
                                                     SstPath(region_dir, file_id), writer_options));
  uint64_t rows = 0;
  while (true) {
    GT_ASSIGN_OR_RETURN(std::optional<Batch> batch, reader.Next());
    if (!batch) break;
    rows += batch->num_rows();
    GT_RETURN_IF_ERROR(writer->Write(*batch));
  }
  if (rows == 0) return std::optional<FileMeta>();
  GT_ASSIGN_OR_RETURN(SstInfo info, writer->Finish());
  FileMeta meta;
  meta.file_id = file_id;
  meta.level = level;
  meta.time_min = info.time_min;
  meta.time_max = info.time_max;
  meta.num_rows = info.num_rows;
  meta.file_size = info.file_size;
  meta.max_sequence = info.max_sequence;
  meta.num_row_groups = info.num_row_groups;
  return std::optional<FileMeta>(meta);
}

namespace {

Result<FlushOutput> RunFlushJob(MitoEngineImpl& engine, MitoRegion& region,
                                const RegionMetadataPtr& metadata,
                                const std::vector<MemtableRef>& memtables) {
  FlushOutput out;
  std::vector<std::unique_ptr<BatchReader>> sources;
  MemtableReadOptions read_options;
  read_options.field_ids = metadata->field_ids();
  for (const MemtableRef& ref : memtables) {
    out.flushed_entry_id = std::max(out.flushed_entry_id, ref.max_entry_id);
    out.flushed_sequence = std::max(out.flushed_sequence, ref.memtable->max_sequence());
    GT_ASSIGN_OR_RETURN(auto reader, ref.memtable->Iter(read_options));
    sources.push_back(std::move(reader));
  }
  std::unique_ptr<BatchReader> reader = BuildDedupedReader(std::move(sources), *metadata,
                                                           /*filter_deleted=*/false);
  GT_ASSIGN_OR_RETURN(out.file, WriteSst(engine, region.region_dir, metadata, *reader, /*level=*/0));
  RegionEdit edit;
  if (out.file) edit.files_to_add.push_back(*out.file);
  edit.flushed_entry_id = out.flushed_entry_id;
  edit.flushed_sequence = out.flushed_sequence;
  std::lock_guard<std::mutex> lock(region.manifest_mu);
  Status st = region.manifest->Apply({edit});
  if (!st.ok()) {
    if (out.file) (void)engine.store()->Delete(SstPath(region.region_dir, out.file->file_id));
    return st;
  }
  return out;
}

}  // namespace

void MitoEngineImpl::ScheduleFlush(RegionWorker& worker, const std::shared_ptr<MitoRegion>& region) {
  if (region->flush_running) {
    region->flush_requested = true;
    return;
  }
  // After a failure, only an explicit flush request retries before the backoff has passed.
  if (region->flush_failures > 0 && region->flush_waiters.empty() &&
      std::chrono::steady_clock::now() < region->flush_retry_at) {
    return;
  }
  region->flush_requested = false;
  VersionPtr current = region->version_control.Current();
  if (!current->mutable_memtable.memtable->empty()) {
    auto next = std::make_shared<Version>(*current);
    MemtableRef frozen = current->mutable_memtable;
    frozen.max_entry_id = region->last_entry_id;
    frozen.memtable->Freeze();
    next->immutables.push_back(frozen);
    next->mutable_memtable = NewMemtable(*region, current->metadata);
    region->version_control.Set(next);
    current = next;
  }
  auto waiters = std::make_shared<std::vector<std::function<void(const Status&)>>>(std::move(region->flush_waiters));
  region->flush_waiters.clear();
  if (current->immutables.empty()) {
    for (auto& w : *waiters) w(Status::OK());
    return;
  }
  region->flush_running = true;
  std::vector<MemtableRef> memtables = current->immutables;
  RegionMetadataPtr metadata = current->metadata;
  Status submitted = background_->Submit([this, &worker, region, memtables, metadata, waiters]() {
    auto result = std::make_shared<Result<FlushOutput>>(RunFlushJob(*this, *region, metadata, memtables));
    worker.Submit([this, &worker, region, memtables, waiters, result]() {
      region->flush_running = false;
      if (!result->ok()) {
        if (region->flush_failures++ == 0) Metrics().failing.Add(1);
        Metrics().errors.Inc();
        const auto delay = FlushRetryDelay(region->flush_failures);
        region->flush_retry_at = std::chrono::steady_clock::now() + delay;
        GT_LOG_ERROR(
            "flush of region {} failed (attempt {}; retrying in {} s; {} bytes of memtables wait "
            "in memory and in the WAL): {}",
            region->region_id.ToString(), region->flush_failures,
            std::chrono::duration_cast<std::chrono::seconds>(delay).count(),
            memtable_bytes_.load(), result->status().message());
        for (auto& w : *waiters) w(result->status());
      } else {
        if (region->flush_failures > 0) {
          GT_LOG_INFO("flush of region {} succeeded after {} failed attempts",
                      region->region_id.ToString(), region->flush_failures);
          region->flush_failures = 0;
          Metrics().failing.Add(-1);
        }
        std::set<uint64_t> flushed;
        int64_t freed = 0;
        for (const MemtableRef& ref : memtables) {
          flushed.insert(ref.id);
          freed += static_cast<int64_t>(ref.memtable->memory_bytes());
        }
        VersionPtr now = region->version_control.Current();
        auto next = std::make_shared<Version>(*now);
        next->immutables.clear();
        for (const MemtableRef& ref : now->immutables) {
          if (!flushed.count(ref.id)) next->immutables.push_back(ref);
        }
        const FlushOutput& out = result->value();
        if (out.file) {
          next->files[out.file->file_id] = std::make_shared<FileHandle>(
              *out.file, SstPath(region->region_dir, out.file->file_id), store_);
        }
        next->flushed_entry_id = std::max(next->flushed_entry_id, out.flushed_entry_id);
        next->flushed_sequence = std::max(next->flushed_sequence, out.flushed_sequence);
        region->version_control.Set(next);
        memtable_bytes_.fetch_sub(freed);
        PublishMemtableBytes(memtable_bytes_.load());
        region->last_flush = std::chrono::steady_clock::now();
        Status obsolete = wal_->MarkObsolete(region->region_id, out.flushed_entry_id);
        if (!obsolete.ok()) GT_LOG_WARN("WAL purge: {}", obsolete.message());
        for (auto& w : *waiters) w(Status::OK());
        GT_LOG_DEBUG("flushed region {}: {} rows", region->region_id.ToString(),
                     out.file ? out.file->num_rows : 0);
      }
      // Writes held back for memory may proceed now.
      if (!worker.stalled.empty() &&
          memtable_bytes_.load() < static_cast<int64_t>(options_.global_write_buffer_reject_size)) {
        std::vector<PendingWrite> stalled = std::move(worker.stalled);
        worker.stalled.clear();
        HandleWrites(worker, std::move(stalled));
      }
      if (region->flush_requested || !region->flush_waiters.empty()) {
        ScheduleFlush(worker, region);
      } else if (result->ok()) {
        ScheduleCompaction(worker, region, /*forced=*/false);
      }
      OnJobsIdle(worker, region);
    });
  });
  if (!submitted.ok()) {
    region->flush_running = false;
    for (auto& w : *waiters) w(submitted);
  }
}

}  // namespace greptime::storage
