// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// WalImpl: the segment index, group commit, replay, purge and the background sync thread.
#include "storage/wal/wal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

#include "common/logging.h"
#include "common/metrics.h"
#include "storage/wal/wal_segment.h"

namespace greptime::storage {
namespace {

using wal_internal::ReadOutcome;
using wal_internal::SegmentReader;
using wal_internal::SegmentWriter;

constexpr uint64_t kMinFileSize = 4096;
// A group stops growing at this many bytes (the leader's own batch always goes in).
constexpr uint64_t kMaxGroupBytes = 4 << 20;

// Where a region's entries sit in one segment.
struct EntryRange {
  uint64_t min_entry_id = 0;
  uint64_t max_entry_id = 0;
  uint64_t first_offset = 0;  // of the first record
  uint64_t end_offset = 0;    // just past the last record
};

struct Segment {
  uint64_t first_seq = 0;
  std::string path;
  uint64_t size = 0;  // bytes of header and complete records
  uint64_t num_entries = 0;
  std::map<RegionId, EntryRange> regions;

  void Add(RegionId region, uint64_t entry_id, uint64_t offset, uint64_t record_size) {
    auto [it, inserted] = regions.try_emplace(region);
    EntryRange& r = it->second;
    if (inserted) {
      r.min_entry_id = entry_id;
      r.first_offset = offset;
    }
    r.min_entry_id = std::min(r.min_entry_id, entry_id);
    r.max_entry_id = std::max(r.max_entry_id, entry_id);
    r.end_offset = offset + record_size;
    ++num_entries;
  }
};

struct RegionState {
  uint64_t last_entry_id = 0;
  uint64_t obsolete_entry_id = 0;
};

// An Append caller waiting in the queue; lives on the caller's stack.
struct Writer {
  std::vector<WalEntry>* entries = nullptr;
  bool accepted = false;  // passed validation and went into the leader's buffer
  bool done = false;
  Status status;
  std::condition_variable cv;
};

struct WalMetrics {
  Counter& write_bytes = MetricsRegistry::Global().GetCounter(
      "greptime_wal_write_bytes_total", "Bytes appended to the local WAL");
  Counter& entries = MetricsRegistry::Global().GetCounter(
      "greptime_wal_entries_total", "Entries appended to the local WAL");
  Histogram& write_seconds = MetricsRegistry::Global().GetHistogram(
      "greptime_wal_group_write_seconds", "Time to write (and sync) one WAL group commit");
  Counter& purged = MetricsRegistry::Global().GetCounter(
      "greptime_wal_purged_segments_total", "WAL segments deleted after their entries flushed");
};

WalMetrics& Metrics() {
  static WalMetrics metrics;
  return metrics;
}

std::string ErrnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

class WalImpl final : public Wal {
 public:
  explicit WalImpl(WalOptions options) : options_(std::move(options)) {}
  ~WalImpl() override { Close(); }

  Status Init();

  Status Append(std::vector<WalEntry> entries) override;
  Status Replay(RegionId region_id, uint64_t after_entry_id,
                const std::function<Status(const WalEntry&)>& fn) override;
  Status MarkObsolete(RegionId region_id, uint64_t up_to_entry_id) override;
  void ForgetRegion(RegionId region_id) override;
  Status Sync() override;
  void Close() override;
  std::optional<uint64_t> LastEntryId(RegionId region_id) const override;
  WalStats Stats() const override;

 private:
  Status LockDir();
  Status Scan();
  Status ScanSegment(Segment& segment, bool last);
  // Under mu_: takes writers from the queue front into a group, validating their entries.
  std::vector<Writer*> BuildGroup();
  Status ValidateEntries(const std::vector<WalEntry>& entries,
                         std::map<RegionId, uint64_t>& pending) const;
  // Leader only, no lock held: writes the group's buffer (rolling first if needed).
  Status WriteGroup(std::shared_ptr<SegmentWriter>& file);
  Status Roll(std::shared_ptr<SegmentWriter>& file);
  // Under mu_, after a successful write: indexes the group's entries.
  void IndexGroup(const std::vector<Writer*>& group, uint64_t start_offset);
  // Deletes the segments whose entries are all obsolete (never the active one).
  Status Purge();
  void SyncLoop();

  const WalOptions options_;
  int lock_fd_ = -1;
  std::string write_buffer_;  // the leader's

  mutable std::mutex mu_;
  std::condition_variable idle_cv_;  // writers_ became empty
  std::condition_variable sync_cv_;  // wakes the sync thread
  std::deque<Writer*> writers_;                    // guarded by mu_
  std::map<uint64_t, Segment> segments_;           // guarded by mu_; by first_seq
  std::map<RegionId, RegionState> regions_;        // guarded by mu_
  std::shared_ptr<SegmentWriter> active_;          // guarded by mu_; last of segments_
  uint64_t next_seq_ = 0;                          // guarded by mu_
  Status bg_error_;                                // guarded by mu_; sticky
  bool closed_ = false;                            // guarded by mu_
  bool stop_sync_ = false;                         // guarded by mu_
  bool unsynced_ = false;                          // guarded by mu_
  uint64_t appends_ = 0;                           // guarded by mu_
  uint64_t group_commits_ = 0;                     // guarded by mu_
  uint64_t purged_segments_ = 0;                   // guarded by mu_
  uint64_t syncs_ = 0;                             // guarded by mu_
  std::thread sync_thread_;
};

// ---------------------------------------------------------------------------------------------
// Open: lock, scan, recover
// ---------------------------------------------------------------------------------------------

Status WalImpl::Init() {
  std::error_code ec;
  std::filesystem::create_directories(options_.dir, ec);
  if (ec) {
    return Status::StorageUnavailable("create wal directory {}: {}", options_.dir, ec.message());
  }
  GT_RETURN_IF_ERROR(LockDir());
  GT_RETURN_IF_ERROR(Scan());
  std::lock_guard<std::mutex> lock(mu_);
  if (segments_.empty()) {
    GT_ASSIGN_OR_RETURN(active_, SegmentWriter::Create(options_.dir, next_seq_));
    Segment& s = segments_[next_seq_];
    s.first_seq = next_seq_;
    s.path = active_->path();
    s.size = active_->size();
  } else {
    const Segment& last = segments_.rbegin()->second;
    GT_ASSIGN_OR_RETURN(active_, SegmentWriter::OpenForAppend(last.path, last.size));
  }
  if (!options_.sync_write) sync_thread_ = std::thread([this] { SyncLoop(); });
  return Status::OK();
}

Status WalImpl::LockDir() {
  std::string path = options_.dir + "/LOCK";
  lock_fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) {
    return Status::StorageUnavailable("open wal lock file {}: {}", path, ErrnoText(errno));
  }
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    if (err == EWOULDBLOCK) {
      return Status::IllegalState("wal directory {} is in use by another process or Wal",
                                  options_.dir);
    }
    return Status::StorageUnavailable("lock {}: {}", path, ErrnoText(err));
  }
  return Status::OK();
}

Status WalImpl::Scan() {
  std::error_code ec;
  std::vector<std::pair<uint64_t, std::string>> files;
  for (std::filesystem::directory_iterator it(options_.dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (auto seq = wal_internal::ParseSegmentFileName(name)) {
      files.emplace_back(*seq, it->path().string());
    }
  }
  if (ec) return Status::StorageUnavailable("list wal directory {}: {}", options_.dir, ec.message());
  std::sort(files.begin(), files.end());
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < files.size(); ++i) {
    Segment segment;
    segment.first_seq = files[i].first;
    segment.path = files[i].second;
    if (segment.first_seq < next_seq_) {
      return Status::StorageUnavailable(
          "wal segment {} overlaps the previous segment, which ends at sequence {}",
          segment.path, next_seq_);
    }
    GT_RETURN_IF_ERROR(ScanSegment(segment, i + 1 == files.size()));
    next_seq_ = segment.first_seq + segment.num_entries;
    segments_.emplace(segment.first_seq, std::move(segment));
  }
  return Status::OK();
}

Status WalImpl::ScanSegment(Segment& segment, bool last) {
  GT_ASSIGN_OR_RETURN(auto reader,
                      SegmentReader::Open(segment.path, segment.first_seq, std::nullopt));
  while (true) {
    GT_ASSIGN_OR_RETURN(ReadOutcome out, reader->Next());
    if (out.kind == ReadOutcome::Kind::kEnd) break;
    if (out.kind == ReadOutcome::Kind::kRecord) {
      const auto& r = out.record;
      segment.Add(r.region_id, r.entry_id, r.offset, r.size);
      RegionState& state = regions_[r.region_id];
      state.last_entry_id = std::max(state.last_entry_id, r.entry_id);
      continue;
    }
    // A bad record: a torn tail only at the end of the last segment.
    if (!last) {
      return Status::StorageUnavailable("wal segment {}: corrupt record at offset {}: {}",
                                        segment.path, out.offset, out.reason);
    }
    GT_ASSIGN_OR_RETURN(bool more, reader->HasValidRecordAfter(out.offset));
    if (more) {
      return Status::StorageUnavailable(
          "wal segment {}: corrupt record at offset {} followed by valid records: {}",
          segment.path, out.offset, out.reason);
    }
    uint64_t dropped = reader->limit() - out.offset;
    GT_LOG_WARN("wal: truncating torn tail of {} at offset {} ({} bytes dropped): {}",
                segment.path, out.offset, dropped, out.reason);
    if (!reader->header_complete()) {
      GT_RETURN_IF_ERROR(wal_internal::RewriteSegmentHeader(segment.path, segment.first_seq));
      segment.size = wal_internal::kSegmentHeaderSize;
      return Status::OK();
    }
    GT_RETURN_IF_ERROR(wal_internal::TruncateFile(segment.path, out.offset));
    break;
  }
  segment.size = reader->position();
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
// Append: group commit
// ---------------------------------------------------------------------------------------------

Status WalImpl::Append(std::vector<WalEntry> entries) {
  if (entries.empty()) return Status::OK();
  for (const WalEntry& e : entries) {
    if (e.payload.size() > wal_internal::kMaxPayloadBytes) {
      return Status::InvalidArguments("wal entry {} of region {} has {} bytes, over the 1GiB limit",
                                      e.entry_id, e.region_id.ToString(), e.payload.size());
    }
  }
  Writer self;
  self.entries = &entries;
  std::unique_lock<std::mutex> lock(mu_);
  if (closed_) return Status::IllegalState("wal {} is closed", options_.dir);
  writers_.push_back(&self);
  self.cv.wait(lock, [&] { return self.done || writers_.front() == &self; });
  if (self.done) return self.status;

  // The leader: take a group, write it without the lock, then index it and wake the group.
  std::vector<Writer*> group = BuildGroup();
  Status status = bg_error_;
  std::shared_ptr<SegmentWriter> file = active_;
  lock.unlock();

  write_buffer_.clear();
  for (Writer* w : group) {
    if (!w->accepted) continue;
    for (const WalEntry& e : *w->entries) {
      wal_internal::AppendEntryRecord(write_buffer_, e.region_id, e.entry_id, e.payload);
    }
  }
  if (options_.before_group_write) options_.before_group_write();
  const uint64_t written = write_buffer_.size();
  bool rolled = false;
  if (status.ok() && written > 0) {
    auto started = std::chrono::steady_clock::now();
    std::shared_ptr<SegmentWriter> before = file;
    status = WriteGroup(file);
    rolled = file != before;
    Metrics().write_seconds.Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  // Do not keep a huge entry's buffer around.
  if (write_buffer_.capacity() > 2 * kMaxGroupBytes) std::string().swap(write_buffer_);

  lock.lock();
  if (!status.ok() && bg_error_.ok()) {
    GT_LOG_ERROR("wal: {}; refusing further appends until reopened", status.message());
    bg_error_ = status;
  }
  if (status.ok() && written > 0) {
    IndexGroup(group, file->size() - written);
    Metrics().write_bytes.Inc(static_cast<double>(written));
  }
  for (Writer* w : group) {
    GT_CHECK(writers_.front() == w);
    writers_.pop_front();
    if (w->accepted) w->status = status;
    w->done = true;
    if (w != &self) w->cv.notify_one();
  }
  if (!writers_.empty()) {
    writers_.front()->cv.notify_one();
  } else {
    idle_cv_.notify_all();
  }
  lock.unlock();
  if (rolled) {
    Status purged = Purge();
    if (!purged.ok()) GT_LOG_WARN("wal: purge after roll: {}", purged.message());
  }
  return self.status;
}

std::vector<Writer*> WalImpl::BuildGroup() {
  std::vector<Writer*> group;
  std::map<RegionId, uint64_t> pending;  // last entry ids including this group
  uint64_t bytes = 0;
  uint64_t max_bytes = std::min(kMaxGroupBytes, options_.file_size);
  for (Writer* w : writers_) {
    uint64_t size = 0;
    for (const WalEntry& e : *w->entries) size += wal_internal::EntryRecordSize(e.payload.size());
    if (!group.empty() && bytes + size > max_bytes) break;
    group.push_back(w);
    if (!bg_error_.ok()) {
      w->status = bg_error_;
      continue;
    }
    w->status = ValidateEntries(*w->entries, pending);
    if (!w->status.ok()) continue;
    w->accepted = true;
    bytes += size;
  }
  return group;
}

Status WalImpl::ValidateEntries(const std::vector<WalEntry>& entries,
                                std::map<RegionId, uint64_t>& pending) const {
  std::map<RegionId, uint64_t> mine;
  for (const WalEntry& e : entries) {
    std::optional<uint64_t> last;
    if (auto it = mine.find(e.region_id); it != mine.end()) {
      last = it->second;
    } else if (auto p = pending.find(e.region_id); p != pending.end()) {
      last = p->second;
    } else if (auto r = regions_.find(e.region_id); r != regions_.end()) {
      last = r->second.last_entry_id;
    }
    if (last && e.entry_id <= *last) {
      return Status::IllegalState(
          "wal append: entry id {} of region {} is not greater than its last entry id {}",
          e.entry_id, e.region_id.ToString(), *last);
    }
    mine[e.region_id] = e.entry_id;
  }
  for (const auto& [region, id] : mine) pending[region] = id;
  return Status::OK();
}

Status WalImpl::WriteGroup(std::shared_ptr<SegmentWriter>& file) {
  if (file->size() > wal_internal::kSegmentHeaderSize &&
      file->size() + write_buffer_.size() > options_.file_size) {
    GT_RETURN_IF_ERROR(Roll(file));
  }
  GT_RETURN_IF_ERROR(file->Append(write_buffer_));
  if (options_.sync_write) GT_RETURN_IF_ERROR(file->Sync());
  return Status::OK();
}

Status WalImpl::Roll(std::shared_ptr<SegmentWriter>& file) {
  // A segment is complete on disk before any record lands in the next one, so only the last
  // segment can ever have a torn tail.
  if (!options_.sync_write) GT_RETURN_IF_ERROR(file->Sync());
  uint64_t seq;
  {
    std::lock_guard<std::mutex> lock(mu_);
    seq = next_seq_;
  }
  GT_ASSIGN_OR_RETURN(file, SegmentWriter::Create(options_.dir, seq));
  std::lock_guard<std::mutex> lock(mu_);
  Segment& s = segments_[seq];
  s.first_seq = seq;
  s.path = file->path();
  s.size = file->size();
  active_ = file;
  GT_LOG_DEBUG("wal: rolled to segment {}", s.path);
  return Status::OK();
}

void WalImpl::IndexGroup(const std::vector<Writer*>& group, uint64_t offset) {
  Segment& segment = segments_.rbegin()->second;
  for (Writer* w : group) {
    if (!w->accepted) continue;
    for (const WalEntry& e : *w->entries) {
      uint64_t size = wal_internal::EntryRecordSize(e.payload.size());
      segment.Add(e.region_id, e.entry_id, offset, size);
      offset += size;
      regions_[e.region_id].last_entry_id = e.entry_id;
      ++next_seq_;
    }
    ++appends_;
    Metrics().entries.Inc(static_cast<double>(w->entries->size()));
  }
  segment.size = offset;
  ++group_commits_;
  if (options_.sync_write) {
    ++syncs_;
  } else {
    unsynced_ = true;
  }
}

// ---------------------------------------------------------------------------------------------
// Replay, purge, sync, close
// ---------------------------------------------------------------------------------------------

Status WalImpl::Replay(RegionId region_id, uint64_t after_entry_id,
                       const std::function<Status(const WalEntry&)>& fn) {
  struct Target {
    uint64_t first_seq;
    std::string path;
    EntryRange range;
  };
  std::vector<Target> targets;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return Status::IllegalState("wal {} is closed", options_.dir);
    for (const auto& [seq, segment] : segments_) {
      auto it = segment.regions.find(region_id);
      if (it != segment.regions.end() && it->second.max_entry_id > after_entry_id) {
        targets.push_back({seq, segment.path, it->second});
      }
    }
  }
  for (const Target& t : targets) {
    auto reader = SegmentReader::Open(t.path, t.first_seq, t.range.end_offset);
    if (!reader.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      if (segments_.count(t.first_seq) == 0) continue;  // purged meanwhile
      return std::move(reader).status();
    }
    (*reader)->SeekTo(t.range.first_offset);
    while (true) {
      GT_ASSIGN_OR_RETURN(ReadOutcome out, (*reader)->Next());
      if (out.kind == ReadOutcome::Kind::kEnd) break;
      if (out.kind == ReadOutcome::Kind::kBad) {
        return Status::StorageUnavailable("wal segment {}: corrupt record at offset {}: {}",
                                          t.path, out.offset, out.reason);
      }
      const auto& r = out.record;
      if (r.region_id != region_id || r.entry_id <= after_entry_id) continue;
      WalEntry entry{r.region_id, r.entry_id, std::string(r.payload)};
      GT_RETURN_IF_ERROR(fn(entry));
    }
  }
  return Status::OK();
}

Status WalImpl::MarkObsolete(RegionId region_id, uint64_t up_to_entry_id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return Status::IllegalState("wal {} is closed", options_.dir);
    auto it = regions_.find(region_id);
    if (it == regions_.end()) return Status::OK();  // nothing of it in the log
    it->second.obsolete_entry_id = std::max(it->second.obsolete_entry_id, up_to_entry_id);
  }
  return Purge();
}

void WalImpl::ForgetRegion(RegionId region_id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    regions_.erase(region_id);
    for (auto& [seq, segment] : segments_) segment.regions.erase(region_id);
  }
  Status status = Purge();
  if (!status.ok()) {
    GT_LOG_WARN("wal: purge after forgetting region {}: {}", region_id.ToString(),
                status.message());
  }
}

Status WalImpl::Purge() {
  std::vector<std::string> paths;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (segments_.size() < 2) return Status::OK();
    auto active = std::prev(segments_.end());
    for (auto it = segments_.begin(); it != active;) {
      bool obsolete = std::all_of(
          it->second.regions.begin(), it->second.regions.end(), [&](const auto& entry) {
            auto r = regions_.find(entry.first);
            return r == regions_.end() || r->second.obsolete_entry_id >= entry.second.max_entry_id;
          });
      if (!obsolete) {
        ++it;
        continue;
      }
      paths.push_back(it->second.path);
      it = segments_.erase(it);
      ++purged_segments_;
    }
  }
  Status status;
  for (const std::string& path : paths) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT && status.ok()) {
      status = Status::StorageUnavailable("delete wal segment {}: {}", path, ErrnoText(errno));
    }
    Metrics().purged.Inc();
    GT_LOG_DEBUG("wal: purged segment {}", path);
  }
  return status;
}

Status WalImpl::Sync() {
  std::shared_ptr<SegmentWriter> file;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return Status::IllegalState("wal {} is closed", options_.dir);
    file = active_;
    unsynced_ = false;
  }
  Status status = file->Sync();
  std::lock_guard<std::mutex> lock(mu_);
  if (status.ok()) {
    ++syncs_;
  } else if (bg_error_.ok()) {
    bg_error_ = status;
  }
  return status;
}

void WalImpl::SyncLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_sync_) {
    sync_cv_.wait_for(lock, options_.sync_period, [&] { return stop_sync_; });
    if (stop_sync_ || !unsynced_ || active_ == nullptr) continue;
    std::shared_ptr<SegmentWriter> file = active_;
    unsynced_ = false;
    lock.unlock();
    Status status = file->Sync();
    lock.lock();
    if (status.ok()) {
      ++syncs_;
    } else {
      GT_LOG_ERROR("wal: background sync: {}", status.message());
      if (bg_error_.ok()) bg_error_ = status;
    }
  }
}

void WalImpl::Close() {
  std::unique_lock<std::mutex> lock(mu_);
  if (closed_) return;
  closed_ = true;
  idle_cv_.wait(lock, [&] { return writers_.empty(); });
  stop_sync_ = true;
  sync_cv_.notify_all();
  lock.unlock();
  if (sync_thread_.joinable()) sync_thread_.join();
  lock.lock();
  std::shared_ptr<SegmentWriter> file = std::move(active_);
  lock.unlock();
  if (file != nullptr) {
    Status status = file->Sync();
    if (!status.ok()) GT_LOG_ERROR("wal: sync at close: {}", status.message());
  }
  file.reset();
  if (lock_fd_ >= 0) {
    ::close(lock_fd_);  // releases the flock
    lock_fd_ = -1;
  }
}

std::optional<uint64_t> WalImpl::LastEntryId(RegionId region_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = regions_.find(region_id);
  if (it == regions_.end()) return std::nullopt;
  return it->second.last_entry_id;
}

WalStats WalImpl::Stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  WalStats stats;
  for (const auto& [seq, segment] : segments_) {
    stats.segments.push_back({seq, segment.path, segment.size, segment.num_entries});
    stats.total_bytes += segment.size;
  }
  stats.next_seq = next_seq_;
  for (const auto& [region, state] : regions_) {
    stats.regions[region] = {state.last_entry_id, state.obsolete_entry_id};
  }
  stats.appends = appends_;
  stats.group_commits = group_commits_;
  stats.purged_segments = purged_segments_;
  stats.syncs = syncs_;
  stats.queued_appends = writers_.size();
  return stats;
}

}  // namespace

Result<std::unique_ptr<Wal>> Wal::Open(WalOptions options) {
  if (options.dir.empty()) return Status::InvalidArguments("wal dir must not be empty");
  if (options.file_size < kMinFileSize) {
    return Status::InvalidArguments("wal file_size {} is below the minimum of {} bytes",
                                    options.file_size, kMinFileSize);
  }
  if (!options.sync_write && options.sync_period <= std::chrono::nanoseconds::zero()) {
    return Status::InvalidArguments("wal sync_period must be positive without sync_write");
  }
  auto started = std::chrono::steady_clock::now();
  auto wal = std::make_unique<WalImpl>(std::move(options));
  GT_RETURN_IF_ERROR(wal->Init());
  WalStats stats = wal->Stats();
  GT_LOG_INFO("wal: opened {} segments, {} bytes, {} regions in {} ms",
              stats.segments.size(), stats.total_bytes, stats.regions.size(),
              std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - started).count());
  return std::unique_ptr<Wal>(std::move(wal));
}

}  // namespace greptime::storage
