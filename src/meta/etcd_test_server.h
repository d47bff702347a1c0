// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Test helper (test code only): a real single-member etcd (/usr/bin/etcd) on free loopback ports
// with a temporary data directory, and one such server shared by a whole test binary.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "common/child_process.h"
#include "common/status.h"
#include "meta/etcd_kv_backend.h"

namespace greptime::meta {

inline constexpr const char* kEtcdBinary = "/usr/bin/etcd";

class EtcdTestServer {
 public:
  // True when /usr/bin/etcd exists; tests GTEST_SKIP otherwise.
  static bool Available();

  // Starts etcd with a fresh data directory on free 127.0.0.1 ports and waits until a Range
  // succeeds. Its output goes to <data dir>/../etcd.log, quoted in errors.
  static Result<std::unique_ptr<EtcdTestServer>> Start();

  // SIGKILL, waitpid and removes the directory.
  ~EtcdTestServer();
  EtcdTestServer(const EtcdTestServer&) = delete;
  EtcdTestServer& operator=(const EtcdTestServer&) = delete;

  // SIGKILL + waitpid; the data stays. No-op when not running.
  void Kill();
  // Starts etcd again on the same data directory and ports and waits until it serves.
  Status Restart();
  bool running() { return process_.Running(); }

  std::string endpoint() const;  // "127.0.0.1:<client port>"
  EtcdOptions Options(std::string key_prefix = "") const;

 private:
  EtcdTestServer() = default;
  Status Launch();
  std::string LogTail() const;

  std::string dir_;  // holds data/ and etcd.log
  int client_port_ = 0;
  int peer_port_ = 0;
  ChildProcess process_;
};

// The binary's shared server, started on first use and killed when the binary exits. Null (with
// a reason in *why) when etcd is missing or does not start.
EtcdTestServer* SharedEtcdTestServer(std::string* why);

using ::greptime::FreeLoopbackPort;

// A key prefix not used before in this process: "/test/<name>/<n>/".
std::string UniqueEtcdTestPrefix(std::string_view name);

}  // namespace greptime::meta
