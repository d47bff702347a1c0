// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Test support: runs an object-store emulator (s3rver, azurite) as a child process on a loopback
// port, and the backend-independent fixture the cloud ObjectStore tests share (test code only).
#pragma once

#include <sys/types.h>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/child_process.h"
#include "common/status.h"
#include "storage/object_store/cloud_object_store.h"

namespace greptime::storage::testing {

// Where scripts/install-test-services.sh puts node_modules/.bin.
std::string TestServicesBinDir();

using ::greptime::FreeLoopbackPort;

// A child process serving on 127.0.0.1:port. Stop() (or the destructor) sends SIGTERM, then
// SIGKILL after 5 s. The child also gets SIGKILL if the test process dies.
class TestServer {
 public:
  TestServer() = default;
  ~TestServer() { Stop(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // Starts argv (argv[0] is a path) with `env` ("NAME=value") added to the environment and
  // stdout/stderr appended to `log_path`, and waits up to 20 s until the port accepts
  // connections. kUnexpected with the log tail when it does not. Call it from the main thread:
  // the child is killed when the thread that started it exits (PR_SET_PDEATHSIG).
  Status Start(std::vector<std::string> argv, std::vector<std::string> env, int port,
               std::string log_path);
  // Starts again with the arguments of the last Start.
  Status Restart() { return Start(argv_, env_, port_, log_path_); }
  void Stop() { process_.Stop(); }
  bool running() { return process_.Running(); }
  int port() const { return port_; }

 private:
  ChildProcess process_;
  std::vector<std::string> argv_;
  std::vector<std::string> env_;
  int port_ = 0;
  std::string log_path_;
};

// How the shared tests reach one backend.
class CloudBackend {
 public:
  struct StoreConfig {
    std::string root;
    HttpClientOptions http;
    uint64_t multipart_threshold = 0;  // 0: the backend's default
    uint64_t part_size = 0;
    int list_page_size = 0;
    bool wrong_credentials = false;
  };

  virtual ~CloudBackend() = default;
  virtual std::string name() const = 0;
  // The emulator's executable name under TestServicesBinDir().
  virtual std::string binary() const = 0;
  virtual std::vector<std::string> Args(int port, const std::string& dir) const = 0;
  // Extra "NAME=value" environment of the emulator.
  virtual std::vector<std::string> Env() const { return {}; }
  // After the server is up: creates the bucket / container.
  virtual Status Prepare(int port) const = 0;
  virtual Result<std::unique_ptr<ObjectStore>> Open(int port, const StoreConfig& config) const = 0;
};

// Test names show the backend, not a pointer.
inline void PrintTo(const CloudBackend* backend, std::ostream* os) { *os << backend->name(); }

// A server per backend shared by the tests of a process; a store per test under a root named
// after the test, so tests do not see each other's objects.
class CloudObjectStoreTest : public ::testing::TestWithParam<const CloudBackend*> {
 protected:
  void SetUp() override;
  void TearDown() override;
  static void TearDownTestSuite();

  const CloudBackend& backend() const { return *GetParam(); }
  int port() const { return shared_->port(); }
  std::string Root() const;
  CloudBackend::StoreConfig Config() const;
  // A private server in a fresh directory (for kill and restart tests).
  std::unique_ptr<TestServer> StartPrivateServer();

  std::unique_ptr<ObjectStore> store_;
  TestServer* shared_ = nullptr;
  std::vector<std::string> private_dirs_;
};

}  // namespace greptime::storage::testing
