// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Internal to the WAL: the segment file format (header, record framing with XXH3 checksums),
// the append-only writer of the active segment and the sequential, checking reader.
// Format in docs/storage-format-wal.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "storage/region_metadata.h"

namespace greptime::storage::wal_internal {

inline constexpr size_t kSegmentHeaderSize = 32;
inline constexpr size_t kRecordHeaderSize = 16;
// region_id + entry_id before the payload in an entry record's body.
inline constexpr size_t kEntryBodyPrefix = 16;
// Largest payload of one entry (the record length field is 32-bit).
inline constexpr uint64_t kMaxPayloadBytes = (uint64_t{1} << 30);

// "<first_seq:020>.wal".
std::string SegmentFileName(uint64_t first_seq);
// The first sequence a segment file name encodes; nullopt for other names.
std::optional<uint64_t> ParseSegmentFileName(std::string_view name);

// Bytes an entry record with `payload_size` bytes of payload takes.
inline uint64_t EntryRecordSize(uint64_t payload_size) {
  return kRecordHeaderSize + kEntryBodyPrefix + payload_size;
}
// Appends a segment header to `out`.
void AppendSegmentHeader(std::string& out, uint64_t first_seq);
// Appends one framed, checksummed entry record. Precondition: payload <= kMaxPayloadBytes.
void AppendEntryRecord(std::string& out, RegionId region_id, uint64_t entry_id,
                       std::string_view payload);

// An entry record as read; the payload view lives until the reader's next call.
struct RecordView {
  uint64_t offset = 0;  // of the record header in the file
  uint64_t size = 0;    // header + body
  RegionId region_id;
  uint64_t entry_id = 0;
  std::string_view payload;
};

// What the reader found at its position.
struct ReadOutcome {
  enum class Kind { kRecord, kEnd, kBad };
  Kind kind = Kind::kEnd;
  RecordView record;   // kRecord
  uint64_t offset = 0; // kBad: where the bad record starts
  std::string reason;  // kBad: why it is bad ("checksum mismatch", ...)
};

// Reads a segment file front to back in bounded chunks (memory: the larger of 1 MiB and the
// largest record). Not thread-safe.
class SegmentReader {
 public:
  // Opens `path` and checks its header against `first_seq`. `limit`: bytes of the file to read
  // (nullopt: its current size). Errors: kStorageUnavailable for I/O failures and bad headers
  // (message names the file); a file shorter than a header is kBad, reported by Next().
  static Result<std::unique_ptr<SegmentReader>> Open(std::string path, uint64_t first_seq,
                                                     std::optional<uint64_t> limit);
  ~SegmentReader();
  SegmentReader(const SegmentReader&) = delete;
  SegmentReader& operator=(const SegmentReader&) = delete;

  // The record at the current position (and advances past it), a clean end, or a bad record
  // (the position stays). Errors only for I/O failures.
  Result<ReadOutcome> Next();
  // Continues reading at `offset` (a record boundary the caller knows, >= the header).
  void SeekTo(uint64_t offset) {
    GT_CHECK(header_complete_ && offset >= kSegmentHeaderSize && offset <= limit_);
    position_ = offset;
  }
  // True when a complete record with a valid checksum starts anywhere after `offset`: tells a
  // torn tail (false) from a corrupt record followed by data (true).
  Result<bool> HasValidRecordAfter(uint64_t offset);

  const std::string& path() const { return path_; }
  uint64_t position() const { return position_; }
  uint64_t limit() const { return limit_; }
  // False when the file is shorter than a segment header (a segment torn at creation).
  bool header_complete() const { return header_complete_; }

 private:
  SegmentReader(std::string path, int fd, uint64_t limit);
  // Bytes [offset, offset + n) of the file; the view lives until the next call.
  // Precondition: offset + n <= limit_.
  Result<std::string_view> Read(uint64_t offset, uint64_t n);
  // The record at `offset`, or why there is none.
  Result<ReadOutcome> ParseAt(uint64_t offset);

  std::string path_;
  int fd_ = -1;
  uint64_t limit_ = 0;
  uint64_t position_ = kSegmentHeaderSize;
  bool header_complete_ = true;
  std::string buffer_;         // bytes [buffer_start_, buffer_start_ + buffer_.size())
  uint64_t buffer_start_ = 0;
};

// The active segment: appends at the end with pwrite, syncs with fdatasync. Append and
// Truncate come from one thread at a time (the WAL's group-commit leader); Sync may run
// concurrently from another thread. The file is closed when the last reference goes.
class SegmentWriter {
 public:
  // Creates `dir/<first_seq>.wal` (fails if it exists) with its header, synced, and syncs the
  // directory so the segment survives a crash.
  static Result<std::shared_ptr<SegmentWriter>> Create(const std::string& dir,
                                                       uint64_t first_seq);
  // Opens an existing segment for appending after its first `size` bytes (what the scan
  // validated; anything after is cut off first).
  static Result<std::shared_ptr<SegmentWriter>> OpenForAppend(std::string path, uint64_t size);
  ~SegmentWriter();
  SegmentWriter(const SegmentWriter&) = delete;
  SegmentWriter& operator=(const SegmentWriter&) = delete;

  // Writes all of `data` at the end (one pwrite unless the kernel writes less). On failure the
  // file is cut back to its previous size if possible and the error names the file.
  Status Append(std::string_view data);
  Status Sync();

  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }

 private:
  SegmentWriter(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}

  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;  // touched by the appending thread only
};

// Cuts `path` to `size` bytes and syncs it.
Status TruncateFile(const std::string& path, uint64_t size);
// Makes `path` a valid empty segment: a header for `first_seq` and nothing else, synced.
Status RewriteSegmentHeader(const std::string& path, uint64_t first_seq);
// fsyncs a directory, so that file creations and renames in it are durable.
Status SyncDir(const std::string& dir);

}  // namespace greptime::storage::wal_internal
