// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The mito engine: workers, region lifecycle (create, open with WAL replay, close, drop, alter,
// truncate) and the blocking public API.
#include <random>

#include <fmt/format.h>

#include "common/logging.h"
#include "storage/engine/engine_impl.h"
#include "storage/object_store/object_store.h"
#include "storage/sst/sst_reader.h"
#include "storage/wal/mutation_codec.h"

namespace greptime::storage {

// ---------------------------------------------------------------------------------------------
// Small pieces

FileHandle::~FileHandle() {
  if (deleted_.load()) {
    Status st = store_->Delete(path_);
    if (!st.ok()) GT_LOG_WARN("delete obsolete SST {}: {}", path_, st.message());
  }
}

Result<std::shared_ptr<SstReader>> FileHandle::Reader(const RegionMetadataPtr& metadata) {
  std::lock_guard<std::mutex> lock(reader_mu_);
  if (reader_ == nullptr || reader_metadata_ != metadata) {
    GT_ASSIGN_OR_RETURN(std::unique_ptr<SstReader> reader, SstReader::Open(store_, path_, metadata));
    reader_ = std::move(reader);
    reader_metadata_ = metadata;
  }
  return reader_;
}

uint64_t Version::MemtableBytes() const {
  uint64_t bytes = mutable_memtable.memtable ? mutable_memtable.memtable->memory_bytes() : 0;
  for (const MemtableRef& ref : immutables) bytes += ref.memtable->memory_bytes();
  return bytes;
}

std::string SstPath(const std::string& region_dir, const std::string& file_id) {
  return region_dir + file_id + ".sst";
}

std::string NewFileId() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  return fmt::format("{:016x}{:016x}", rng(), rng());
}

// ---------------------------------------------------------------------------------------------
// RegionWorker

RegionWorker::RegionWorker(MitoEngineImpl* engine, size_t index) : engine_(engine), index_(index) {
  thread_ = std::thread([this]() { Loop(); });
}

RegionWorker::~RegionWorker() { Stop(); }

void RegionWorker::SubmitWrite(PendingWrite write) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_) {
      queue_.push_back(Item{std::move(write), nullptr});
      cv_.notify_one();
      return;
    }
  }
  write.done.set_value(Status(StatusCode::kRegionNotReady, "storage engine is stopping"));
}

void RegionWorker::Submit(std::function<void()> task) {
  std::lock_guard<std::mutex> lock(mu_);
  queue_.push_back(Item{std::nullopt, std::move(task)});
  cv_.notify_one();
}

void RegionWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::shared_ptr<MitoRegion> RegionWorker::Find(RegionId id) const {
  auto it = regions.find(id);
  return it == regions.end() ? nullptr : it->second;
}

void RegionWorker::Loop() {
  while (true) {
    std::deque<Item> items;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::seconds(1), [this]() { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) break;
      items.swap(queue_);
    }
    std::vector<PendingWrite> writes;
    for (Item& item : items) {
      if (item.write) {
        writes.push_back(std::move(*item.write));
        continue;
      }
      if (!writes.empty()) {
        engine_->HandleWrites(*this, std::move(writes));
        writes.clear();
      }
      item.task();
    }
    if (!writes.empty()) engine_->HandleWrites(*this, std::move(writes));
    // Periodic flush of regions that have held rows in memory for long, and retries of failed
    // flushes once their backoff has passed.
    const auto now = std::chrono::steady_clock::now();
    for (auto& [id, region] : regions) {
      if (region->flush_failures > 0 && !region->flush_running && now >= region->flush_retry_at) {
        engine_->ScheduleFlush(*this, region);
        continue;
      }
      if (now - region->last_flush > engine_->options().auto_flush_interval &&
          !region->version_control.Current()->mutable_memtable.memtable->empty()) {
        region->last_flush = now;
        engine_->ScheduleFlush(*this, region);
      }
    }
  }
  for (PendingWrite& w : stalled) {
    w.done.set_value(Status(StatusCode::kRegionNotReady, "storage engine is stopping"));
  }
  stalled.clear();
  (void)index_;
}

// ---------------------------------------------------------------------------------------------
// Engine

MitoEngineImpl::MitoEngineImpl(MitoEngineOptions options, ObjectStore* store,
                               std::unique_ptr<Wal> wal)
    : options_(std::move(options)), store_(store), wal_(std::move(wal)) {
  size_t workers = options_.num_workers;
  if (workers == 0) workers = std::max<unsigned>(1, std::thread::hardware_concurrency() / 2);
  background_ = std::make_unique<ThreadPool>(
      ThreadPool::Options{"mito-bg", std::max<size_t>(1, options_.max_background_jobs), 0});
  for (size_t i = 0; i < workers; ++i) {
    workers_.push_back(std::make_unique<RegionWorker>(this, i));
  }
}

MitoEngineImpl::~MitoEngineImpl() { Stop(); }

void MitoEngineImpl::Stop() {
  if (stopped_.exchange(true)) return;
  background_->Stop();  // running jobs finish and hand their results to the workers
  for (auto& worker : workers_) worker->Stop();
  std::unique_lock lock(regions_mu_);
  regions_.clear();
}

void MitoEngineImpl::Register(std::shared_ptr<MitoRegion> region) {
  std::unique_lock lock(regions_mu_);
  regions_[region->region_id] = std::move(region);
}

void MitoEngineImpl::Unregister(RegionId id) {
  std::unique_lock lock(regions_mu_);
  regions_.erase(id);
}

std::shared_ptr<MitoRegion> MitoEngineImpl::Lookup(RegionId id) const {
  std::shared_lock lock(regions_mu_);
  auto it = regions_.find(id);
  return it == regions_.end() ? nullptr : it->second;
}

MemtableRef MitoEngineImpl::NewMemtable(MitoRegion& region, const RegionMetadataPtr& metadata) {
  MemtableRef ref;
  ref.id = region.next_memtable_id++;
  ref.memtable = metadata->options().append_mode ? NewAppendMemtable(metadata)
                                                 : NewTimeSeriesMemtable(metadata);
  return ref;
}

template <typename T>
T MitoEngineImpl::RunOnWorker(RegionId id, std::function<T(RegionWorker&)> fn) {
  if (stopped_.load()) return Status(StatusCode::kRegionNotReady, "storage engine is stopped");
  auto promise = std::make_shared<std::promise<T>>();
  std::future<T> future = promise->get_future();
  RegionWorker& worker = WorkerOf(id);
  worker.Submit([promise, fn = std::move(fn), &worker]() { promise->set_value(fn(worker)); });
  return future.get();
}

namespace {
Status NotFound(RegionId id) {
  return Status(StatusCode::kRegionNotFound, fmt::format("Region {} not found", id.ToString()));
}

// Waits for a promise answered later on the worker (flush/compaction waiters, parked DDL).
Status Await(std::future<Status> future) { return future.get(); }
}  // namespace

void MitoEngineImpl::RunWhenIdle(RegionWorker& worker, const std::shared_ptr<MitoRegion>& region,
                                 std::function<void()> task) {
  if (!region->flush_running && !region->compaction_running) {
    task();
    return;
  }
  worker.parked[region->region_id].push_back(std::move(task));
}

void MitoEngineImpl::OnJobsIdle(RegionWorker& worker, const std::shared_ptr<MitoRegion>& region) {
  if (region->flush_running || region->compaction_running) return;
  auto it = worker.parked.find(region->region_id);
  if (it == worker.parked.end()) return;
  std::vector<std::function<void()>> tasks = std::move(it->second);
  worker.parked.erase(it);
  for (size_t i = 0; i < tasks.size(); ++i) {
    if (region->flush_running || region->compaction_running) {
      // A task started a job (alter flushes first): park the rest again, in order.
      auto& again = worker.parked[region->region_id];
      again.insert(again.begin(), std::make_move_iterator(tasks.begin() + i),
                   std::make_move_iterator(tasks.end()));
      return;
    }
    tasks[i]();
  }
}

// --- create / open ---

void MitoEngineImpl::HandleCreate(RegionWorker& worker, const CreateRequest& request,
                                  std::promise<Status>& done) {
  const RegionId id = request.metadata->region_id();
  if (worker.Find(id)) {
    done.set_value(Status(StatusCode::kRegionAlreadyExists,
                          fmt::format("Region {} already exists", id.ToString())));
    return;
  }
  auto manifest = ManifestManager::Create(store_, request.region_dir, request.metadata,
                                          ManifestOptions{options_.manifest_checkpoint_distance});
  if (!manifest.ok()) {
    done.set_value(std::move(manifest).status());
    return;
  }
  auto version = std::make_shared<Version>();
  version->metadata = request.metadata;
  auto region = std::make_shared<MitoRegion>(id, request.region_dir, nullptr);
  version->mutable_memtable = NewMemtable(*region, request.metadata);
  region->version_control.Set(version);
  region->manifest = std::move(manifest).value();
  worker.regions[id] = region;
  Register(region);
  GT_LOG_INFO("created region {} in {}", id.ToString(), request.region_dir);
  done.set_value(Status::OK());
}

void MitoEngineImpl::HandleOpen(RegionWorker& worker, const OpenRequest& request,
                                std::promise<Status>& done) {
  if (worker.Find(request.region_id)) {
    done.set_value(Status::OK());  // already open
    return;
  }
  auto manifest = ManifestManager::Open(store_, request.region_dir,
                                        ManifestOptions{options_.manifest_checkpoint_distance});
  if (!manifest.ok()) {
    done.set_value(std::move(manifest).status().WithContext("open region {}",
                                                            request.region_id.ToString()));
    return;
  }
  const RegionManifest& m = (*manifest)->manifest();
  auto region = std::make_shared<MitoRegion>(request.region_id, request.region_dir, nullptr);
  auto version = std::make_shared<Version>();
  version->metadata = m.metadata;
  version->flushed_entry_id = m.flushed_entry_id;
  version->flushed_sequence = m.flushed_sequence;
  version->compaction_time_window = m.compaction_time_window;
  for (const auto& [file_id, meta] : m.files) {
    version->files[file_id] =
        std::make_shared<FileHandle>(meta, SstPath(request.region_dir, file_id), store_);
  }
  version->mutable_memtable = NewMemtable(*region, m.metadata);
  region->last_entry_id = m.flushed_entry_id;
  region->next_sequence = m.flushed_sequence + 1;

  // Replay the WAL past the flushed entry id into the memtable.
  Memtable& memtable = *version->mutable_memtable.memtable;
  uint64_t replayed = 0;
  Status st = wal_->Replay(request.region_id, m.flushed_entry_id, [&](const WalEntry& entry) {
    GT_ASSIGN_OR_RETURN(std::vector<Mutation> mutations, DecodeMutations(entry.payload));
    for (const Mutation& mutation : mutations) {
      GT_ASSIGN_OR_RETURN(types::RecordBatch rows,
                          NormalizeWrite(*m.metadata, mutation.op_type, mutation.rows));
      GT_RETURN_IF_ERROR(memtable.Write(mutation.op_type, mutation.sequence, rows));
      region->next_sequence = std::max(region->next_sequence, mutation.sequence + rows.num_rows());
      replayed += rows.num_rows();
    }
    region->last_entry_id = std::max(region->last_entry_id, entry.entry_id);
    return Status::OK();
  });
  if (!st.ok()) {
    done.set_value(st.WithContext("replay WAL of region {}", request.region_id.ToString()));
    return;
  }
  memtable_bytes_.fetch_add(static_cast<int64_t>(memtable.memory_bytes()));
  // Entry ids keep growing past anything the WAL has seen for this region; the WAL keeps its
  // obsolete marks in memory only, so they are restated after every open.
  region->last_entry_id =
      std::max(region->last_entry_id, wal_->LastEntryId(request.region_id).value_or(0));
  if (Status purge = wal_->MarkObsolete(request.region_id, m.flushed_entry_id); !purge.ok()) {
    GT_LOG_WARN("WAL purge for region {}: {}", request.region_id.ToString(), purge.message());
  }
  region->version_control.Set(version);
  region->manifest = std::move(manifest).value();

  // SSTs in the directory that the manifest does not list are leftovers of interrupted flushes
  // or compactions.
  if (auto objects = store_->List(request.region_dir); objects.ok()) {
    for (const ObjectMeta& meta : *objects) {
      const std::string& path = meta.path;
      if (path.size() < 4 || path.compare(path.size() - 4, 4, ".sst") != 0) continue;
      if (path.find('/', request.region_dir.size()) != std::string::npos) continue;
      const std::string file_id = path.substr(request.region_dir.size(),
                                              path.size() - request.region_dir.size() - 4);
      if (!m.files.count(file_id)) {
        GT_LOG_INFO("removing orphan SST {}", path);
        (void)store_->Delete(path);
      }
    }
  }
  worker.regions[request.region_id] = region;
  Register(region);
  GT_LOG_INFO("opened region {}: {} files, {} rows replayed from the WAL",
              request.region_id.ToString(), m.files.size(), replayed);
  done.set_value(Status::OK());
}

Status MitoEngineImpl::Create(const CreateRequest& request) {
  if (request.metadata == nullptr) return Status::InvalidArguments("create region without metadata");
  return RunOnWorker<Status>(request.metadata->region_id(), [&](RegionWorker& worker) {
    std::promise<Status> done;
    auto future = done.get_future();
    HandleCreate(worker, request, done);
    return future.get();
  });
}

Status MitoEngineImpl::Open(const OpenRequest& request) {
  return RunOnWorker<Status>(request.region_id, [&](RegionWorker& worker) {
    std::promise<Status> done;
    auto future = done.get_future();
    HandleOpen(worker, request, done);
    return future.get();
  });
}

// --- requests that must wait for background jobs ---

namespace {
using RegionTask = std::function<Status(RegionWorker&, const std::shared_ptr<MitoRegion>&)>;
}

static Status RunParked(MitoEngineImpl& engine, RegionId id, RegionTask task) {
  auto promise = std::make_shared<std::promise<Status>>();
  std::future<Status> future = promise->get_future();
  RegionWorker& worker = engine.WorkerOf(id);
  worker.Submit([&engine, &worker, id, task = std::move(task), promise]() {
    auto region = worker.Find(id);
    if (!region) {
      promise->set_value(NotFound(id));
      return;
    }
    engine.RunWhenIdle(worker, region, [&worker, region, task, promise]() {
      promise->set_value(task(worker, region));
    });
  });
  return Await(std::move(future));
}

Status MitoEngineImpl::Close(const CloseRequest& request) {
  if (stopped_.load()) return Status(StatusCode::kRegionNotReady, "storage engine is stopped");
  return RunParked(*this, request.region_id,
                   [this](RegionWorker& worker, const std::shared_ptr<MitoRegion>& region) {
                     memtable_bytes_.fetch_sub(
                         static_cast<int64_t>(region->version_control.Current()->MemtableBytes()));
                     worker.regions.erase(region->region_id);
                     Unregister(region->region_id);
                     GT_LOG_INFO("closed region {}", region->region_id.ToString());
                     return Status::OK();
                   });
}

Status MitoEngineImpl::Drop(const DropRequest& request) {
  if (stopped_.load()) return Status(StatusCode::kRegionNotReady, "storage engine is stopped");
  return RunParked(*this, request.region_id,
                   [this](RegionWorker& worker, const std::shared_ptr<MitoRegion>& region) {
                     memtable_bytes_.fetch_sub(
                         static_cast<int64_t>(region->version_control.Current()->MemtableBytes()));
                     worker.regions.erase(region->region_id);
                     Unregister(region->region_id);
                     wal_->ForgetRegion(region->region_id);
                     Status st = store_->DeleteAll(region->region_dir);
                     GT_LOG_INFO("dropped region {}", region->region_id.ToString());
                     return st;
                   });
}

Status MitoEngineImpl::Truncate(const TruncateRequest& request) {
  if (stopped_.load()) return Status(StatusCode::kRegionNotReady, "storage engine is stopped");
  return RunParked(
      *this, request.region_id, [this](RegionWorker&, const std::shared_ptr<MitoRegion>& region) {
        RegionTruncate truncate{region->last_entry_id, region->next_sequence - 1};
        {
          std::lock_guard<std::mutex> lock(region->manifest_mu);
          GT_RETURN_IF_ERROR(region->manifest->Apply({truncate}));
        }
        VersionPtr now = region->version_control.Current();
        memtable_bytes_.fetch_sub(static_cast<int64_t>(now->MemtableBytes()));
        for (const auto& [id, file] : now->files) file->MarkDeleted();
        auto next = std::make_shared<Version>();
        next->metadata = now->metadata;
        next->mutable_memtable = NewMemtable(*region, now->metadata);
        next->flushed_entry_id = truncate.truncated_entry_id;
        next->flushed_sequence = truncate.truncated_sequence;
        next->compaction_time_window = now->compaction_time_window;
        region->version_control.Set(next);
        Status st = wal_->MarkObsolete(region->region_id, truncate.truncated_entry_id);
        if (!st.ok()) GT_LOG_WARN("WAL purge after truncate: {}", st.message());
        return Status::OK();
      });
}

// Registers a waiter on the region's worker with `enlist`, which also schedules the job; blocks
// until the job answers the waiter.
Status MitoEngineImpl::AwaitRegionJob(
    RegionId id,
    std::function<void(RegionWorker&, const std::shared_ptr<MitoRegion>&,
                       std::function<void(const Status&)>)>
        enlist) {
  if (stopped_.load()) return Status(StatusCode::kRegionNotReady, "storage engine is stopped");
  auto promise = std::make_shared<std::promise<Status>>();
  std::future<Status> future = promise->get_future();
  RegionWorker& worker = WorkerOf(id);
  worker.Submit([&worker, id, promise, enlist = std::move(enlist)]() {
    auto region = worker.Find(id);
    if (!region) {
      promise->set_value(NotFound(id));
      return;
    }
    enlist(worker, region, [promise](const Status& st) { promise->set_value(st); });
  });
  return future.get();
}

Status MitoEngineImpl::Flush(const FlushRequest& request) {
  return AwaitRegionJob(request.region_id, [this](RegionWorker& worker, const auto& region,
                                                  std::function<void(const Status&)> done) {
    region->flush_waiters.push_back(std::move(done));
    ScheduleFlush(worker, region);
  });
}

Status MitoEngineImpl::Compact(const CompactRequest& request) {
  return AwaitRegionJob(request.region_id, [this](RegionWorker& worker, const auto& region,
                                                  std::function<void(const Status&)> done) {
    region->compaction_waiters.push_back(std::move(done));
    ScheduleCompaction(worker, region, /*forced=*/true);
  });
}

Result<uint64_t> MitoEngineImpl::Write(const WriteRequest& request) {
  PendingWrite write{request, {}};
  std::future<Result<uint64_t>> future = write.done.get_future();
  WorkerOf(request.region_id).SubmitWrite(std::move(write));
  return future.get();
}

Result<RegionMetadataPtr> MitoEngineImpl::GetMetadata(RegionId region_id) {
  auto region = Lookup(region_id);
  if (!region) return NotFound(region_id);
  return region->version_control.Current()->metadata;
}

Result<RegionStatistics> MitoEngineImpl::GetStatistics(RegionId region_id) {
  auto region = Lookup(region_id);
  if (!region) return NotFound(region_id);
  VersionPtr v = region->version_control.Current();
  RegionStatistics stats;
  stats.region_id = region_id;
  stats.memtable_bytes = v->MemtableBytes();
  stats.num_rows = v->mutable_memtable.memtable->num_rows();
  for (const MemtableRef& ref : v->immutables) stats.num_rows += ref.memtable->num_rows();
  for (const auto& [id, file] : v->files) {
    stats.num_rows += file->meta().num_rows;
    stats.sst_bytes += file->meta().file_size;
  }
  stats.num_files = v->files.size();
  stats.flushed_entry_id = v->flushed_entry_id;
  {
    std::lock_guard<std::mutex> lock(region->manifest_mu);
    stats.manifest_version = region->manifest->manifest().manifest_version;
  }
  return stats;
}

std::vector<RegionId> MitoEngineImpl::OpenRegions() {
  std::shared_lock lock(regions_mu_);
  std::vector<RegionId> out;
  for (const auto& [id, region] : regions_) out.push_back(id);
  return out;
}

Result<std::unique_ptr<RegionEngine>> NewMitoEngine(MitoEngineOptions options, ObjectStore* store) {
  WalOptions wal_options;
  wal_options.dir = options.wal_dir;
  wal_options.sync_write = options.wal_sync_write;
  wal_options.sync_period = options.wal_sync_period;
  wal_options.file_size = options.wal_file_size;
  GT_ASSIGN_OR_RETURN(auto wal, Wal::Open(wal_options));
  return std::unique_ptr<RegionEngine>(new MitoEngineImpl(std::move(options), store, std::move(wal)));
}

}  // namespace greptime::storage
