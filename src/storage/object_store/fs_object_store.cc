// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The local filesystem backend of ObjectStore.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "storage/object_store/object_store.h"

namespace greptime::storage {
namespace {

namespace fs = std::filesystem;

Status IoError(std::string_view what, const std::string& path, int err) {
  return Status::StorageUnavailable("{} {}: {}", what, path, std::strerror(err));
}

Status WriteAllFd(int fd, std::string_view data, const std::string& path) {
  size_t written = 0;
  while (written < data.size()) {
    ssize_t n = ::write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("write", path, errno);
    }
    written += static_cast<size_t>(n);
  }
  return Status::OK();
}

Status FsyncDir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return IoError("open directory", dir.string(), errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return IoError("fsync directory", dir.string(), err);
  return Status::OK();
}

class FsObjectStore final : public ObjectStore {
 public:
  explicit FsObjectStore(fs::path root) : root_(std::move(root)) {}

  Result<std::string> Read(std::string_view path) override {
    const std::string full = Full(path);
    int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return Status::StorageUnavailable("object not found: {}", path);
      return IoError("open", full, errno);
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      int err = errno;
      ::close(fd);
      return IoError("stat", full, err);
    }
    std::string out(static_cast<size_t>(st.st_size), '\0');
    Status status = ReadAt(fd, out.data(), out.size(), 0, full);
    ::close(fd);
    GT_RETURN_IF_ERROR(status);
    return out;
  }

  Result<std::string> ReadRange(std::string_view path, uint64_t offset, uint64_t length) override {
    const std::string full = Full(path);
    int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return Status::StorageUnavailable("object not found: {}", path);
      return IoError("open", full, errno);
    }
    std::string out(length, '\0');
    Status status = ReadAt(fd, out.data(), length, offset, full);
    ::close(fd);
    GT_RETURN_IF_ERROR(status);
    return out;
  }

  Result<std::optional<uint64_t>> Stat(std::string_view path) override {
    struct stat st {};
    const std::string full = Full(path);
    if (::stat(full.c_str(), &st) != 0) {
      if (errno == ENOENT) return std::optional<uint64_t>();
      return IoError("stat", full, errno);
    }
    return std::optional<uint64_t>(static_cast<uint64_t>(st.st_size));
  }

  Status Write(std::string_view path, std::string_view data) override {
    return WriteImpl(path, data, /*if_absent=*/false);
  }

  Status WriteIfAbsent(std::string_view path, std::string_view data) override {
    return WriteImpl(path, data, /*if_absent=*/true);
  }

  Result<std::vector<ObjectMeta>> List(std::string_view prefix) override {
    std::vector<ObjectMeta> out;
    // List the directory holding the prefix, recursively, and filter by the full prefix.
    const std::string prefix_str(prefix);
    const size_t slash = prefix_str.rfind('/');
    const fs::path dir = root_ / (slash == std::string::npos ? "" : prefix_str.substr(0, slash));
    std::error_code ec;
    if (!fs::exists(dir, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      std::string rel = fs::relative(it->path(), root_, ec).generic_string();
      if (rel.rfind(prefix_str, 0) != 0) continue;
      if (rel.find(".tmp.") != std::string::npos) continue;  // in-flight writes
      out.push_back(ObjectMeta{rel, static_cast<uint64_t>(it->file_size(ec))});
    }
    if (ec) return Status::StorageUnavailable("list {}: {}", dir.string(), ec.message());
    std::sort(out.begin(), out.end(),
              [](const ObjectMeta& a, const ObjectMeta& b) { return a.path < b.path; });
    return out;
  }

  Status Delete(std::string_view path) override {
    const std::string full = Full(path);
    if (::unlink(full.c_str()) != 0 && errno != ENOENT) return IoError("delete", full, errno);
    return Status::OK();
  }

  Status DeleteAll(std::string_view prefix) override {
    std::error_code ec;
    const fs::path target = root_ / std::string(prefix);
    if (!prefix.empty() && prefix.back() == '/') {
      fs::remove_all(target, ec);
      if (ec) return Status::StorageUnavailable("delete {}: {}", target.string(), ec.message());
      return Status::OK();
    }
    GT_ASSIGN_OR_RETURN(auto objects, List(prefix));
    for (const ObjectMeta& meta : objects) GT_RETURN_IF_ERROR(Delete(meta.path));
    return Status::OK();
  }

 private:
  std::string Full(std::string_view path) const { return (root_ / std::string(path)).string(); }

  static Status ReadAt(int fd, char* buf, size_t length, uint64_t offset, const std::string& path) {
    size_t done = 0;
    while (done < length) {
      ssize_t n = ::pread(fd, buf + done, length - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return IoError("read", path, errno);
      }
      if (n == 0) {
        return Status::StorageUnavailable("read {}: range [{}, {}) is past the end of the file",
                                          path, offset, offset + length);
      }
      done += static_cast<size_t>(n);
    }
    return Status::OK();
  }

  Status WriteImpl(std::string_view path, std::string_view data, bool if_absent) {
    const fs::path full = root_ / std::string(path);
    std::error_code ec;
    fs::create_directories(full.parent_path(), ec);
    if (ec) return Status::StorageUnavailable("create {}: {}", full.parent_path().string(), ec.message());
    static std::atomic<uint64_t> counter{0};
    const fs::path tmp = full.string() + fmt::format(".tmp.{}.{}", ::getpid(), counter++);
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return IoError("create", tmp.string(), errno);
    Status st = WriteAllFd(fd, data, tmp.string());
    if (st.ok() && ::fsync(fd) != 0) st = IoError("fsync", tmp.string(), errno);
    ::close(fd);
    if (st.ok()) {
      if (if_absent) {
        // link() fails with EEXIST instead of replacing: an atomic create-if-absent.
        if (::link(tmp.c_str(), full.c_str()) != 0) {
          st = errno == EEXIST ? Status::IllegalState("object already exists: {}", path)
                               : IoError("link", full.string(), errno);
        }
        ::unlink(tmp.c_str());
      } else if (::rename(tmp.c_str(), full.c_str()) != 0) {
        st = IoError("rename", full.string(), errno);
      }
    }
    if (!st.ok()) {
      ::unlink(tmp.c_str());
      return st;
    }
    return FsyncDir(full.parent_path());
  }

  fs::path root_;
};

}  // namespace

Result<std::unique_ptr<ObjectStore>> NewFsObjectStore(std::string root) {
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) return Status::StorageUnavailable("create data directory {}: {}", root, ec.message());
  return std::unique_ptr<ObjectStore>(new FsObjectStore(fs::path(root)));
}

}  // namespace greptime::storage
