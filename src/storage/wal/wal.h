// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Wal: the local write-ahead log shared by all regions of a datanode (DESIGN.md §5; config
// keys in spec/cli-and-config.md §5.4). Segment format in docs/storage-format-wal.md.
//
// Design: entries of every region go, in append order, into segment files
// `<dir>/<first_seq:020>.wal` (first_seq = the global sequence number of the segment's first
// record), rolled at `file_size`. Each entry is one record framed with its length and an XXH3
// checksum. Appends are group-committed after LevelDB's DBImpl::Write: callers queue, the one
// at the front (the leader) writes the queued batch with one write(2), and one fdatasync when
// `sync_write`, then wakes the others. An in-memory index (per segment: min/max entry id per
// region; per region: last and obsolete entry id) drives replay and purge; it is rebuilt by
// scanning the segments at Open, which also truncates a torn tail.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/region_metadata.h"

namespace greptime::storage {

struct WalOptions {
  // Directory of the segment files (created if missing); `[wal] dir`.
  std::string dir;
  // Segments roll once they would pass this size; a batch larger than it gets a segment of its
  // own. `[wal] file_size`. At least 4 KiB.
  uint64_t file_size = 128ull << 20;
  // fdatasync before every Append returns (`[wal] sync_write`); otherwise a background thread
  // syncs every `sync_period` (`[wal] sync_period`), and a power loss may lose the last period.
  bool sync_write = false;
  std::chrono::nanoseconds sync_period = std::chrono::seconds(5);
  // Testing seam: runs on the group-commit leader after it took its batch and before it writes,
  // with no lock held. Empty in production.
  std::function<void()> before_group_write;
};

struct WalEntry {
  RegionId region_id;
  uint64_t entry_id = 0;
  std::string payload;  // opaque to the WAL (the engine stores EncodeMutations bytes)
};

struct WalSegmentStats {
  uint64_t first_seq = 0;
  std::string path;
  uint64_t size_bytes = 0;
  uint64_t num_entries = 0;
};

struct WalRegionStats {
  uint64_t last_entry_id = 0;      // the largest entry id appended (or found at Open)
  uint64_t obsolete_entry_id = 0;  // the largest id passed to MarkObsolete (0: none)
};

struct WalStats {
  std::vector<WalSegmentStats> segments;  // oldest first; the last is the active segment
  uint64_t total_bytes = 0;
  uint64_t next_seq = 0;                  // the sequence number of the next record
  std::map<RegionId, WalRegionStats> regions;
  uint64_t appends = 0;        // Append calls that wrote entries, since Open
  uint64_t group_commits = 0;  // batched writes that served them, since Open
  uint64_t purged_segments = 0;
  uint64_t syncs = 0;           // fdatasyncs of the active segment (sync_write, timer, Sync)
  uint64_t queued_appends = 0;  // Append calls waiting or being written right now
};

// All methods are thread-safe. Errors are kStorageUnavailable naming the file (and offset)
// unless said otherwise. After a failed write or sync the WAL refuses further appends with that
// error until it is reopened (the file may hold a partial batch; Open truncates it).
class Wal {
 public:
  virtual ~Wal() = default;

  // Opens (or creates) the WAL in options.dir, locking the directory against other processes
  // (kIllegalState when another Wal holds it, in this process or another). Scans every
  // segment and rebuilds the index:
  //  - a torn tail (an incomplete or checksum-failing record, or an incomplete segment header,
  //    with no valid record after it, in the LAST segment) is truncated, logged as a warning
  //    naming the file and offset;
  //  - any other bad record or header (in a non-last segment, or followed by a valid record) is
  //    an error naming the file and offset; nothing is skipped silently.
  // kInvalidArguments for bad options. Obsolete marks are not persisted: after Open every
  // region starts with obsolete_entry_id 0 (see MarkObsolete).
  static Result<std::unique_ptr<Wal>> Open(WalOptions options);

  // Appends `entries` (any regions, in order) and returns once they are written to the file
  // (they survive the process being killed) and, with sync_write, synced. All or nothing per
  // call: kIllegalState when an entry id is not greater than its region's last entry id
  // (including earlier entries of the same call), kInvalidArguments when a payload exceeds
  // 1 GiB, kIllegalState after Close; nothing of this call is written then. An empty call is
  // a no-op.
  virtual Status Append(std::vector<WalEntry> entries) = 0;

  // Calls `fn` with each entry of `region_id` whose id is > `after_entry_id`, in append order,
  // reading the segments one at a time. Entries appended concurrently may or may not be seen.
  // An error from `fn` stops the replay and is returned as is. Callbacks run without locks
  // held (they may Append). Reads are re-checked against their checksums.
  virtual Status Replay(RegionId region_id, uint64_t after_entry_id,
                        const std::function<Status(const WalEntry&)>& fn) = 0;

  // Records that `region_id`'s entries with id <= `up_to_entry_id` are flushed and no longer
  // needed (the mark only grows), then deletes every segment, except the active one, whose
  // entries are all obsolete. The marks live in memory: the engine repeats MarkObsolete with
  // the flushed entry id when it opens a region after a restart. Errors: a segment could not be
  // deleted (it is dropped from the index anyway and found again at the next Open).
  virtual Status MarkObsolete(RegionId region_id, uint64_t up_to_entry_id) = 0;

  // Forgets a dropped region: all its entries become obsolete and its state is removed (a later
  // Append for the id starts afresh, but region ids are not reused in practice). Purges as
  // MarkObsolete does; deletion failures are logged. After a restart, entries of regions the
  // datanode no longer hosts keep their segments until it calls ForgetRegion for them (see
  // Stats().regions).
  virtual void ForgetRegion(RegionId region_id) = 0;

  // fdatasyncs the active segment now.
  virtual Status Sync() = 0;

  // Waits for in-flight appends, stops the sync thread, syncs and closes the files and
  // releases the directory lock. Idempotent; the destructor calls it. Later calls fail with
  // kIllegalState (Stats and LastEntryId keep working).
  virtual void Close() = 0;

  // The largest entry id of `region_id` appended since Open or found by Open's scan; nullopt
  // when the WAL holds no state for it (never written, forgotten, or every segment holding it
  // purged before a restart). Callers keep their own counter at least at the flushed entry id.
  virtual std::optional<uint64_t> LastEntryId(RegionId region_id) const = 0;
  virtual WalStats Stats() const = 0;
};

}  // namespace greptime::storage
