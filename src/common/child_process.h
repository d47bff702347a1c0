// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// A child process with its output appended to a log file, and free loopback ports: what tests
// need to run real servers (etcd, s3rver, azurite) next to the code under test.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "common/status.h"

namespace greptime {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess() { Kill(); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Starts argv (argv[0] is a path) with `extra_env` ("NAME=value") added to the environment,
  // stdin from /dev/null and stdout/stderr appended to `log_path`. The child is killed when the
  // thread that started it exits (PR_SET_PDEATHSIG), so a crashed test leaves nothing behind.
  Status Start(std::vector<std::string> argv, std::vector<std::string> extra_env,
               std::string log_path);
  // True while the child runs (reaps it when it has exited).
  bool Running();
  // SIGTERM, then SIGKILL after `grace`; reaps the child.
  void Stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
  // SIGKILL; reaps the child.
  void Kill();
  // The last `bytes` of the log.
  std::string LogTail(size_t bytes = 2000) const;
  const std::string& log_path() const { return log_path_; }

 private:
  pid_t pid_ = -1;
  std::string log_path_;
};

// A free TCP port on 127.0.0.1 (bound to port 0, then released); -1 on failure.
int FreeLoopbackPort();
// True when something accepts connections on 127.0.0.1:port.
bool LoopbackPortAccepts(int port);

}  // namespace greptime
