// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Segment files: header and record framing, the appending writer and the checking reader.
#include "storage/wal/wal_segment.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <system_error>

#include <fmt/core.h>
#include <xxhash.h>

namespace greptime::storage::wal_internal {

static_assert(std::endian::native == std::endian::little, "the WAL format is little-endian");

namespace {

constexpr char kSegmentMagic[8] = {'G', 'T', 'W', 'A', 'L', 'S', 'E', 'G'};
constexpr uint32_t kSegmentVersion = 1;
constexpr uint8_t kEntryRecord = 1;
constexpr uint8_t kRecordMagic0 = 'W';
constexpr uint8_t kRecordMagic1 = 'L';
// Reads are at least this large, so a scan costs few syscalls.
constexpr uint64_t kReadChunk = 1 << 20;

std::string ErrnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

template <typename T>
void PutFixed(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof(v));
}

template <typename T>
T GetFixed(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// Writes all of `data` at `offset`, retrying short writes and EINTR. Returns errno or 0.
int PwriteAll(int fd, std::string_view data, uint64_t offset) {
  while (!data.empty()) {
    ssize_t n = ::pwrite(fd, data.data(), data.size(), static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return EIO;
    data.remove_prefix(static_cast<size_t>(n));
    offset += static_cast<uint64_t>(n);
  }
  return 0;
}

int FdatasyncRetry(int fd) {
  while (::fdatasync(fd) != 0) {
    if (errno != EINTR) return errno;
  }
  return 0;
}

}  // namespace

std::string SegmentFileName(uint64_t first_seq) { return fmt::format("{:020}.wal", first_seq); }

std::optional<uint64_t> ParseSegmentFileName(std::string_view name) {
  constexpr size_t kDigits = 20;
  if (name.size() != kDigits + 4 || name.substr(kDigits) != ".wal") return std::nullopt;
  uint64_t seq = 0;
  const char* end = name.data() + kDigits;
  if (!std::all_of(name.data(), end, [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  auto [ptr, ec] = std::from_chars(name.data(), end, seq);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return seq;
}

void AppendSegmentHeader(std::string& out, uint64_t first_seq) {
  size_t start = out.size();
  out.append(kSegmentMagic, sizeof(kSegmentMagic));
  PutFixed<uint32_t>(out, kSegmentVersion);
  PutFixed<uint32_t>(out, 0);
  PutFixed<uint64_t>(out, first_seq);
  PutFixed<uint64_t>(out, XXH3_64bits(out.data() + start, 24));
}

void AppendEntryRecord(std::string& out, RegionId region_id, uint64_t entry_id,
                       std::string_view payload) {
  size_t start = out.size();
  PutFixed<uint64_t>(out, 0);  // checksum, filled below
  PutFixed<uint32_t>(out, static_cast<uint32_t>(kEntryBodyPrefix + payload.size()));
  out.push_back(static_cast<char>(kEntryRecord));
  out.push_back(0);
  out.push_back(static_cast<char>(kRecordMagic0));
  out.push_back(static_cast<char>(kRecordMagic1));
  PutFixed<uint64_t>(out, region_id.value());
  PutFixed<uint64_t>(out, entry_id);
  out.append(payload);
  uint64_t checksum = XXH3_64bits(out.data() + start + 8, out.size() - start - 8);
  std::memcpy(out.data() + start, &checksum, sizeof(checksum));
}

// ---------------------------------------------------------------------------------------------
// SegmentReader
// ---------------------------------------------------------------------------------------------

SegmentReader::SegmentReader(std::string path, int fd, uint64_t limit)
    : path_(std::move(path)), fd_(fd), limit_(limit) {}

SegmentReader::~SegmentReader() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<SegmentReader>> SegmentReader::Open(std::string path, uint64_t first_seq,
                                                           std::optional<uint64_t> limit) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::StorageUnavailable("open wal segment {}: {}", path, ErrnoText(errno));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return Status::StorageUnavailable("stat wal segment {}: {}", path, ErrnoText(err));
  }
  auto file_size = static_cast<uint64_t>(st.st_size);
  if (limit && *limit > file_size) {
    ::close(fd);
    return Status::StorageUnavailable("wal segment {} has {} bytes, expected at least {}", path,
                                      file_size, *limit);
  }
  std::unique_ptr<SegmentReader> reader(
      new SegmentReader(std::move(path), fd, limit.value_or(file_size)));
  if (reader->limit_ < kSegmentHeaderSize) {
    reader->header_complete_ = false;
    reader->position_ = 0;
    return reader;
  }
  GT_ASSIGN_OR_RETURN(std::string_view header, reader->Read(0, kSegmentHeaderSize));
  std::string_view problem;
  if (header.substr(0, 8) != std::string_view(kSegmentMagic, 8)) {
    problem = "not a wal segment (bad magic)";
  } else if (GetFixed<uint32_t>(header.data() + 8) != kSegmentVersion) {
    problem = "unsupported segment version";
  } else if (GetFixed<uint64_t>(header.data() + 24) != XXH3_64bits(header.data(), 24)) {
    problem = "header checksum mismatch";
  } else if (GetFixed<uint64_t>(header.data() + 16) != first_seq) {
    problem = "header sequence does not match the file name";
  }
  if (!problem.empty()) {
    return Status::StorageUnavailable("wal segment {}: corrupt header at offset 0: {}",
                                      reader->path_, problem);
  }
  return reader;
}

Result<std::string_view> SegmentReader::Read(uint64_t offset, uint64_t n) {
  GT_CHECK(offset + n <= limit_);
  if (offset >= buffer_start_ && offset + n <= buffer_start_ + buffer_.size()) {
    return std::string_view(buffer_).substr(offset - buffer_start_, n);
  }
  uint64_t want = std::min(std::max(n, kReadChunk), limit_ - offset);
  buffer_.resize(want);
  buffer_start_ = offset;
  uint64_t done = 0;
  while (done < want) {
    ssize_t got = ::pread(fd_, buffer_.data() + done, want - done,
                          static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      std::string why = got < 0 ? ErrnoText(errno) : "unexpected end of file";
      buffer_.clear();
      return Status::StorageUnavailable("read wal segment {} at offset {}: {}", path_,
                                        offset + done, why);
    }
    done += static_cast<uint64_t>(got);
  }
  return std::string_view(buffer_).substr(0, n);
}

Result<ReadOutcome> SegmentReader::ParseAt(uint64_t offset) {
  ReadOutcome out;
  out.offset = offset;
  auto bad = [&](std::string reason) {
    out.kind = ReadOutcome::Kind::kBad;
    out.reason = std::move(reason);
    return out;
  };
  uint64_t remaining = limit_ - offset;
  if (remaining < kRecordHeaderSize) {
    return bad(fmt::format("incomplete record header ({} of {} bytes)", remaining,
                           kRecordHeaderSize));
  }
  GT_ASSIGN_OR_RETURN(std::string_view header, Read(offset, kRecordHeaderSize));
  auto body_len = GetFixed<uint32_t>(header.data() + 8);
  if (static_cast<uint8_t>(header[12]) != kEntryRecord || header[13] != 0 ||
      static_cast<uint8_t>(header[14]) != kRecordMagic0 ||
      static_cast<uint8_t>(header[15]) != kRecordMagic1) {
    return bad("bad record header");
  }
  if (body_len < kEntryBodyPrefix) return bad(fmt::format("record body of {} bytes", body_len));
  if (body_len > remaining - kRecordHeaderSize) {
    return bad(fmt::format("incomplete record: {} bytes of body, {} left in the file", body_len,
                           remaining - kRecordHeaderSize));
  }
  uint64_t size = kRecordHeaderSize + body_len;
  GT_ASSIGN_OR_RETURN(std::string_view bytes, Read(offset, size));
  if (XXH3_64bits(bytes.data() + 8, size - 8) != GetFixed<uint64_t>(bytes.data())) {
    return bad("checksum mismatch");
  }
  out.kind = ReadOutcome::Kind::kRecord;
  out.record.offset = offset;
  out.record.size = size;
  out.record.region_id = RegionId(GetFixed<uint64_t>(bytes.data() + kRecordHeaderSize));
  out.record.entry_id = GetFixed<uint64_t>(bytes.data() + kRecordHeaderSize + 8);
  out.record.payload = bytes.substr(kRecordHeaderSize + kEntryBodyPrefix);
  return out;
}

Result<ReadOutcome> SegmentReader::Next() {
  if (!header_complete_) {
    ReadOutcome out;
    out.kind = ReadOutcome::Kind::kBad;
    out.offset = 0;
    out.reason = fmt::format("incomplete segment header ({} of {} bytes)", limit_,
                             kSegmentHeaderSize);
    return out;
  }
  if (position_ == limit_) return ReadOutcome{};
  GT_ASSIGN_OR_RETURN(ReadOutcome out, ParseAt(position_));
  if (out.kind == ReadOutcome::Kind::kRecord) position_ += out.record.size;
  return out;
}

Result<bool> SegmentReader::HasValidRecordAfter(uint64_t offset) {
  uint64_t min_record = kRecordHeaderSize + kEntryBodyPrefix;
  for (uint64_t p = offset + 1; p < limit_ && limit_ - p >= min_record; ++p) {
    GT_ASSIGN_OR_RETURN(std::string_view tail, Read(p + 12, 4));
    // Cheap filter on the fixed header bytes before the checksum.
    if (static_cast<uint8_t>(tail[0]) != kEntryRecord || tail[1] != 0 ||
        static_cast<uint8_t>(tail[2]) != kRecordMagic0 ||
        static_cast<uint8_t>(tail[3]) != kRecordMagic1) {
      continue;
    }
    GT_ASSIGN_OR_RETURN(ReadOutcome out, ParseAt(p));
    if (out.kind == ReadOutcome::Kind::kRecord) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// SegmentWriter and file helpers
// ---------------------------------------------------------------------------------------------

Result<std::shared_ptr<SegmentWriter>> SegmentWriter::Create(const std::string& dir,
                                                             uint64_t first_seq) {
  std::string path = dir + "/" + SegmentFileName(first_seq);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::StorageUnavailable("create wal segment {}: {}", path, ErrnoText(errno));
  }
  std::string header;
  AppendSegmentHeader(header, first_seq);
  int err = PwriteAll(fd, header, 0);
  if (err == 0) err = FdatasyncRetry(fd);
  if (err != 0) {
    ::close(fd);
    ::unlink(path.c_str());
    return Status::StorageUnavailable("write header of wal segment {}: {}", path,
                                      ErrnoText(err));
  }
  std::shared_ptr<SegmentWriter> writer(new SegmentWriter(path, fd, header.size()));
  GT_RETURN_IF_ERROR(SyncDir(dir));
  return writer;
}

Result<std::shared_ptr<SegmentWriter>> SegmentWriter::OpenForAppend(std::string path,
                                                                    uint64_t size) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    return Status::StorageUnavailable("open wal segment {} for append: {}", path,
                                      ErrnoText(errno));
  }
  std::shared_ptr<SegmentWriter> writer(new SegmentWriter(std::move(path), fd, size));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    return Status::StorageUnavailable("stat wal segment {}: {}", writer->path_, ErrnoText(errno));
  }
  if (static_cast<uint64_t>(st.st_size) != size) {
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0 || FdatasyncRetry(fd) != 0) {
      return Status::StorageUnavailable("truncate wal segment {} to {} bytes: {}", writer->path_,
                                        size, ErrnoText(errno));
    }
  }
  return writer;
}

SegmentWriter::~SegmentWriter() {
  if (fd_ >= 0) ::close(fd_);
}

Status SegmentWriter::Append(std::string_view data) {
  int err = PwriteAll(fd_, data, size_);
  if (err != 0) {
    // Best effort: do not leave a partial batch behind for the next writer to follow.
    (void)!::ftruncate(fd_, static_cast<off_t>(size_));
    return Status::StorageUnavailable("write {} bytes to wal segment {} at offset {}: {}",
                                      data.size(), path_, size_, ErrnoText(err));
  }
  size_ += data.size();
  return Status::OK();
}

Status SegmentWriter::Sync() {
  int err = FdatasyncRetry(fd_);
  if (err != 0) {
    return Status::StorageUnavailable("sync wal segment {}: {}", path_, ErrnoText(err));
  }
  return Status::OK();
}

Status TruncateFile(const std::string& path, uint64_t size) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Status::StorageUnavailable("open {}: {}", path, ErrnoText(errno));
  int err = 0;
  if (::ftruncate(fd, static_cast<off_t>(size)) != 0) err = errno;
  if (err == 0) err = FdatasyncRetry(fd);
  ::close(fd);
  if (err != 0) {
    return Status::StorageUnavailable("truncate {} to {} bytes: {}", path, size, ErrnoText(err));
  }
  return Status::OK();
}

Status RewriteSegmentHeader(const std::string& path, uint64_t first_seq) {
  int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return Status::StorageUnavailable("open {}: {}", path, ErrnoText(errno));
  std::string header;
  AppendSegmentHeader(header, first_seq);
  int err = PwriteAll(fd, header, 0);
  if (err == 0) err = FdatasyncRetry(fd);
  ::close(fd);
  if (err != 0) {
    return Status::StorageUnavailable("rewrite header of wal segment {}: {}", path,
                                      ErrnoText(err));
  }
  return Status::OK();
}

Status SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::StorageUnavailable("open directory {}: {}", dir, ErrnoText(errno));
  int err = 0;
  while (::fsync(fd) != 0) {
    if (errno != EINTR) {
      err = errno;
      break;
    }
  }
  ::close(fd);
  if (err != 0) return Status::StorageUnavailable("sync directory {}: {}", dir, ErrnoText(err));
  return Status::OK();
}

}  // namespace greptime::storage::wal_internal
