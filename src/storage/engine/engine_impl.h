// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Internals of the mito engine (not included outside src/storage/engine/).
//
// Design: regions are hashed onto a fixed set of RegionWorkers. A worker thread owns its
// regions' mutable state, so the write path takes no region lock: it drains its queue, runs
// consecutive writes as one group (one WAL append for all of them, then memtable inserts), and
// runs every other request in arrival order. Flushes and compactions run on a background pool;
// they write SSTs and the manifest, then hand the result back to the worker, which installs a
// new Version. Scans never touch workers: they read the current Version snapshot.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

#include "common/thread_pool.h"
#include "storage/engine/region.h"
#include "storage/region_engine.h"
#include "storage/wal/wal.h"

namespace greptime::storage {

class MitoEngineImpl;

struct PendingWrite {
  WriteRequest request;
  std::promise<Result<uint64_t>> done;
};

class RegionWorker {
 public:
  RegionWorker(MitoEngineImpl* engine, size_t index);
  ~RegionWorker();

  void SubmitWrite(PendingWrite write);
  // Runs `task` on the worker thread, in order with writes.
  void Submit(std::function<void()> task);
  void Stop();

  // Worker-thread-only state and helpers.
  std::map<RegionId, std::shared_ptr<MitoRegion>> regions;
  std::shared_ptr<MitoRegion> Find(RegionId id) const;
  // Requests parked until the region's background jobs finish (DDL must not race them).
  std::map<RegionId, std::vector<std::function<void()>>> parked;
  std::vector<PendingWrite> stalled;  // writes held back while memory is over the reject limit

 private:
  struct Item {
    std::optional<PendingWrite> write;
    std::function<void()> task;
  };
  void Loop();

  MitoEngineImpl* engine_;
  size_t index_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;  // guarded by mu_
  bool stopping_ = false;   // guarded by mu_
  std::thread thread_;
};

class MitoEngineImpl final : public RegionEngine {
 public:
  MitoEngineImpl(MitoEngineOptions options, ObjectStore* store, std::unique_ptr<Wal> wal);
  ~MitoEngineImpl() override;

  std::string_view name() const override { return "mito"; }
  Status Create(const CreateRequest& request) override;
  Status Open(const OpenRequest& request) override;
  Status Close(const CloseRequest& request) override;
  Status Drop(const DropRequest& request) override;
  Result<uint64_t> Write(const WriteRequest& request) override;
  Status Alter(const AlterRequest& request) override;
  Status Flush(const FlushRequest& request) override;
  Status Compact(const CompactRequest& request) override;
  Status Truncate(const TruncateRequest& request) override;
  Result<ScanResult> Scan(const ScanRequest& request) override;
  Result<ScanResult> ScanImpl(const ScanRequest& request);
  Result<RegionMetadataPtr> GetMetadata(RegionId region_id) override;
  Result<RegionStatistics> GetStatistics(RegionId region_id) override;
  std::vector<RegionId> OpenRegions() override;
  void Stop() override;

  // --- used by workers and jobs ---
  const MitoEngineOptions& options() const { return options_; }
  ObjectStore* store() { return store_; }
  Wal& wal() { return *wal_; }
  RegionWorker& WorkerOf(RegionId id) { return *workers_[id.value() % workers_.size()]; }
  ThreadPool& background() { return *background_; }
  std::atomic<int64_t>& memtable_bytes() { return memtable_bytes_; }

  void Register(std::shared_ptr<MitoRegion> region);
  void Unregister(RegionId id);
  std::shared_ptr<MitoRegion> Lookup(RegionId id) const;

  // Worker-thread operations (engine_ops.cc, write.cc, flush.cc, compaction.cc).
  void HandleWrites(RegionWorker& worker, std::vector<PendingWrite> writes);
  void HandleCreate(RegionWorker& worker, const CreateRequest& request, std::promise<Status>& done);
  void HandleOpen(RegionWorker& worker, const OpenRequest& request, std::promise<Status>& done);
  // Runs `task` now when the region has no background job, else parks it until the jobs end.
  void RunWhenIdle(RegionWorker& worker, const std::shared_ptr<MitoRegion>& region,
                   std::function<void()> task);
  void ScheduleFlush(RegionWorker& worker, const std::shared_ptr<MitoRegion>& region);
  void ScheduleCompaction(RegionWorker& worker, const std::shared_ptr<MitoRegion>& region,
                          bool forced);
  void OnJobsIdle(RegionWorker& worker, const std::shared_ptr<MitoRegion>& region);
  void MaybeFlushForMemory(RegionWorker& worker, const std::shared_ptr<MitoRegion>& region);

  // Creates a fresh mutable memtable for `metadata`.
  MemtableRef NewMemtable(MitoRegion& region, const RegionMetadataPtr& metadata);

 private:
  template <typename T>
  T RunOnWorker(RegionId id, std::function<T(RegionWorker&)> fn);
  Status AwaitRegionJob(RegionId id,
                        std::function<void(RegionWorker&, const std::shared_ptr<MitoRegion>&,
                                           std::function<void(const Status&)>)>
                            enlist);

  MitoEngineOptions options_;
  ObjectStore* store_;
  std::unique_ptr<Wal> wal_;
  std::unique_ptr<ThreadPool> background_;
  std::vector<std::unique_ptr<RegionWorker>> workers_;
  std::atomic<int64_t> memtable_bytes_{0};
  std::atomic<bool> stopped_{false};

  mutable std::shared_mutex regions_mu_;
  std::map<RegionId, std::shared_ptr<MitoRegion>> regions_;  // guarded by regions_mu_
};

// Normalizes a write to the region's full column list (write.cc). Exposed for tests.
Result<types::RecordBatch> NormalizeWrite(const RegionMetadata& metadata, OpType op,
                                          const types::RecordBatch& rows);

// Drains `reader` into a new SST of the region; nullopt when it had no rows (no file written).
Result<std::optional<FileMeta>> WriteSst(MitoEngineImpl& engine, const std::string& region_dir,
                                         const RegionMetadataPtr& metadata, BatchReader& reader,
                                         uint32_t level);

// Path of an SST of the region.
std::string SstPath(const std::string& region_dir, const std::string& file_id);
// Publishes the engine's memtable bytes as the greptime_mito_memtable_bytes gauge.
void PublishMemtableBytes(int64_t bytes);
std::string NewFileId();

}  // namespace greptime::storage
