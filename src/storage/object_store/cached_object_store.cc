// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "storage/object_store/cached_object_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <list>
#include <mutex>
#include <set>
#include <unordered_map>
#include <vector>

#include "common/logging.h"
#include "common/metrics.h"
#include "common/thread_pool.h"

namespace greptime::storage {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTempMarker = ".tmp.";

bool DefaultCacheable(std::string_view path) { return path.ends_with(".sst"); }

// Object paths come from the engine, but a path that could leave the cache directory is never
// cached.
bool SafeRelativePath(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') return false;
  size_t at = 0;
  while (at <= path.size()) {
    size_t slash = path.find('/', at);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(at, slash - at);
    if (part.empty() || part == "." || part == "..") return false;
    at = slash + 1;
  }
  return path.find(kTempMarker) == std::string_view::npos;
}

struct CacheMetrics {
  Counter& hits = MetricsRegistry::Global().GetCounter(
      "greptime_object_cache_hits_total", "Reads of cached objects served from the local cache");
  Counter& misses = MetricsRegistry::Global().GetCounter(
      "greptime_object_cache_misses_total", "Reads of cacheable objects sent to the object store");
  Counter& evictions = MetricsRegistry::Global().GetCounter(
      "greptime_object_cache_evictions_total", "Objects evicted from the local cache");
  Counter& fill_errors = MetricsRegistry::Global().GetCounter(
      "greptime_object_cache_fill_errors_total",
      "Background fetches into the local cache that failed");
  Gauge& bytes = MetricsRegistry::Global().GetGauge("greptime_object_cache_bytes",
                                                    "Bytes held by the local object cache");
};

CacheMetrics& Metrics() {
  static CacheMetrics* m = new CacheMetrics();
  return *m;
}

class CachedObjectStoreImpl final : public CachedObjectStore {
 public:
  CachedObjectStoreImpl(std::unique_ptr<ObjectStore> remote, ObjectCacheOptions options)
      : remote_(std::move(remote)),
        options_(std::move(options)),
        fills_(ThreadPool::Options{"cache-fill", std::max<size_t>(1, options_.fill_threads), 0}) {
    if (!options_.cacheable) options_.cacheable = DefaultCacheable;
  }

  ~CachedObjectStoreImpl() override { fills_.Stop(); }

  Status Load() {
    std::error_code ec;
    fs::create_directories(options_.dir, ec);
    if (ec) {
      return Status::StorageUnavailable("cannot create the object cache directory {}: {}",
                                        options_.dir, ec.message());
    }
    struct Found {
      std::string path;
      uint64_t size;
      fs::file_time_type mtime;
    };
    std::vector<Found> found;
    for (auto it = fs::recursive_directory_iterator(options_.dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      std::string rel = fs::relative(it->path(), options_.dir, ec).generic_string();
      if (ec) break;
      if (rel.find(kTempMarker) != std::string::npos || it->file_size(ec) == 0) {
        fs::remove(it->path(), ec);  // an interrupted fill
        ec.clear();
        continue;
      }
      found.push_back({rel, it->file_size(ec), it->last_write_time(ec)});
    }
    if (ec) {
      return Status::StorageUnavailable("cannot scan the object cache directory {}: {}",
                                        options_.dir, ec.message());
    }
    std::sort(found.begin(), found.end(),
              [](const Found& a, const Found& b) { return a.mtime < b.mtime; });
    std::lock_guard<std::mutex> lock(mu_);
    for (Found& f : found) AddLocked(f.path, f.size);  // newest ends up in front
    EvictLocked();
    GT_LOG_INFO("object cache {}: {} objects, {} bytes (capacity {})", options_.dir,
                index_.size(), bytes_, options_.capacity_bytes);
    return Status::OK();
  }

  Result<std::string> Read(std::string_view path) override {
    if (!Cacheable(path)) return remote_->Read(path);
    if (auto size = Lookup(path)) {
      auto local = ReadLocal(path, 0, *size);
      if (local.ok()) return local;
    }
    Miss();
    GT_ASSIGN_OR_RETURN(std::string data, remote_->Read(path));
    if (options_.fill_on_read) Insert(path, data);
    return data;
  }

  Result<std::string> ReadRange(std::string_view path, uint64_t offset,
                                uint64_t length) override {
    if (!Cacheable(path)) return remote_->ReadRange(path, offset, length);
    if (auto size = Lookup(path)) {
      if (offset > *size || length > *size - offset) {
        return Status::StorageUnavailable("range [{}, {}) is past the end of {} ({} bytes)",
                                          offset, offset + length, path, *size);
      }
      auto local = ReadLocal(path, offset, length);
      if (local.ok()) return local;
    }
    Miss();
    if (options_.fill_on_read) ScheduleFill(std::string(path));
    return remote_->ReadRange(path, offset, length);
  }

  Result<std::optional<uint64_t>> Stat(std::string_view path) override {
    if (Cacheable(path)) {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = index_.find(std::string(path));
      if (it != index_.end()) return std::optional<uint64_t>(it->second.size);
    }
    return remote_->Stat(path);
  }

  Status Write(std::string_view path, std::string_view data) override {
    GT_RETURN_IF_ERROR(remote_->Write(path, data));
    if (options_.fill_on_write && Cacheable(path)) Insert(path, data);
    return Status::OK();
  }

  Status WriteIfAbsent(std::string_view path, std::string_view data) override {
    GT_RETURN_IF_ERROR(remote_->WriteIfAbsent(path, data));
    if (options_.fill_on_write && Cacheable(path)) Insert(path, data);
    return Status::OK();
  }

  Result<std::vector<ObjectMeta>> List(std::string_view prefix) override {
    return remote_->List(prefix);
  }

  Status Delete(std::string_view path) override {
    GT_RETURN_IF_ERROR(remote_->Delete(path));
    Evict(path);
    return Status::OK();
  }

  Status DeleteAll(std::string_view prefix) override {
    GT_RETURN_IF_ERROR(remote_->DeleteAll(prefix));
    std::vector<std::string> doomed;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const auto& [path, entry] : index_) {
        if (std::string_view(path).starts_with(prefix)) doomed.push_back(path);
      }
    }
    for (const std::string& path : doomed) Evict(path);
    return Status::OK();
  }

  ObjectCacheStats stats() const override {
    std::lock_guard<std::mutex> lock(mu_);
    ObjectCacheStats s;
    s.hits = hits_;
    s.misses = misses_;
    s.bytes = bytes_;
    s.objects = index_.size();
    s.evictions = evictions_;
    return s;
  }

  void WaitForFills() override {
    std::unique_lock<std::mutex> lock(mu_);
    fills_done_.wait(lock, [this]() { return filling_.empty(); });
  }

 private:
  struct Entry {
    uint64_t size = 0;
    std::list<std::string>::iterator lru;
  };

  bool Cacheable(std::string_view path) const {
    return options_.cacheable(path) && SafeRelativePath(path);
  }
  std::string LocalPath(std::string_view path) const {
    return options_.dir + "/" + std::string(path);
  }

  // The cached size, marking the object recently used; nullopt on a miss.
  std::optional<uint64_t> Lookup(std::string_view path) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(std::string(path));
    if (it == index_.end()) return std::nullopt;
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    ++hits_;
    Metrics().hits.Inc();
    return it->second.size;
  }

  void Miss() {
    std::lock_guard<std::mutex> lock(mu_);
    ++misses_;
    Metrics().misses.Inc();
  }

  Result<std::string> ReadLocal(std::string_view path, uint64_t offset, uint64_t length) {
    const std::string file = LocalPath(path);
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      Evict(path);  // removed behind our back: forget it, read remotely
      return Status::StorageUnavailable("cached object {} is gone", path);
    }
    std::string out(length, '\0');
    uint64_t done = 0;
    while (done < length) {
      ssize_t n = ::pread(fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
      if (n <= 0) break;
      done += static_cast<uint64_t>(n);
    }
    ::close(fd);
    if (done != length) {
      Evict(path);
      return Status::StorageUnavailable("cached object {} is shorter than expected", path);
    }
    return out;
  }

  // Writes `data` as the cached copy of `path` (temporary file, fdatasync, rename), then
  // indexes it and evicts down to the capacity. Failures only log: the cache is an optimisation.
  void Insert(std::string_view path, std::string_view data) {
    if (data.empty() || data.size() > options_.capacity_bytes) return;
    static std::atomic<uint64_t> counter{0};
    const std::string file = LocalPath(path);
    const std::string temp = file + std::string(kTempMarker) + std::to_string(counter++);
    std::error_code ec;
    fs::create_directories(fs::path(file).parent_path(), ec);
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok = fd >= 0;
    size_t done = 0;
    while (ok && done < data.size()) {
      ssize_t n = ::write(fd, data.data() + done, data.size() - done);
      if (n <= 0) {
        ok = false;
        break;
      }
      done += static_cast<size_t>(n);
    }
    ok = ok && ::fdatasync(fd) == 0;
    if (fd >= 0) ::close(fd);
    ok = ok && ::rename(temp.c_str(), file.c_str()) == 0;
    if (!ok) {
      GT_LOG_WARN("object cache: cannot store {}: {}", path, std::strerror(errno));
      ::unlink(temp.c_str());
      return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    AddLocked(std::string(path), data.size());
    EvictLocked();
  }

  void AddLocked(const std::string& path, uint64_t size) {
    auto it = index_.find(path);
    if (it != index_.end()) {
      bytes_ -= it->second.size;
      lru_.erase(it->second.lru);
      index_.erase(it);
    }
    lru_.push_front(path);
    index_[path] = Entry{size, lru_.begin()};
    bytes_ += size;
    Metrics().bytes.Set(static_cast<double>(bytes_));
  }

  void EvictLocked() {
    while (bytes_ > options_.capacity_bytes && !lru_.empty()) {
      const std::string victim = lru_.back();
      RemoveLocked(victim);
      ++evictions_;
      Metrics().evictions.Inc();
    }
  }

  void RemoveLocked(const std::string& path) {
    auto it = index_.find(path);
    if (it == index_.end()) return;
    bytes_ -= it->second.size;
    lru_.erase(it->second.lru);
    index_.erase(it);
    ::unlink(LocalPath(path).c_str());  // open readers keep their descriptor
    Metrics().bytes.Set(static_cast<double>(bytes_));
  }

  void Evict(std::string_view path) {
    std::lock_guard<std::mutex> lock(mu_);
    RemoveLocked(std::string(path));
  }

  void ScheduleFill(std::string path) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!filling_.insert(path).second) return;
    }
    Status submitted = fills_.Submit([this, path]() {
      auto data = remote_->Read(path);
      if (data.ok()) {
        Insert(path, *data);
      } else {
        Metrics().fill_errors.Inc();
        GT_LOG_DEBUG("object cache: cannot fetch {}: {}", path, data.status().message());
      }
      std::lock_guard<std::mutex> lock(mu_);
      filling_.erase(path);
      if (filling_.empty()) fills_done_.notify_all();
    });
    if (!submitted.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      filling_.erase(path);
      if (filling_.empty()) fills_done_.notify_all();
    }
  }

  std::unique_ptr<ObjectStore> remote_;
  ObjectCacheOptions options_;

  mutable std::mutex mu_;
  std::condition_variable fills_done_;
  std::list<std::string> lru_;                     // most recently used first; guarded by mu_
  std::unordered_map<std::string, Entry> index_;   // guarded by mu_
  std::set<std::string> filling_;                  // guarded by mu_
  uint64_t bytes_ = 0;                             // guarded by mu_
  uint64_t hits_ = 0, misses_ = 0, evictions_ = 0; // guarded by mu_
  ThreadPool fills_;  // last: its threads stop before the members they use are destroyed
};

}  // namespace

Result<std::unique_ptr<CachedObjectStore>> NewCachedObjectStore(std::unique_ptr<ObjectStore> remote,
                                                                ObjectCacheOptions options) {
  auto store = std::make_unique<CachedObjectStoreImpl>(std::move(remote), std::move(options));
  GT_RETURN_IF_ERROR(store->Load());
  return std::unique_ptr<CachedObjectStore>(std::move(store));
}

}  // namespace greptime::storage
