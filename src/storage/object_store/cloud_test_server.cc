// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Child-process emulators on loopback, and the shared cloud store fixture.
#include "storage/object_store/cloud_test_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "common/testing.h"

namespace greptime::storage::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string TempDir(const std::string& what) {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("greptime_" + what + "_" + std::to_string(::getpid()) + "_" +
                  std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

struct SharedServer {
  std::unique_ptr<TestServer> server;
  std::string dir;
};

std::map<std::string, SharedServer>& SharedServers() {
  static auto* servers = new std::map<std::string, SharedServer>();
  return *servers;
}

}  // namespace

std::string TestServicesBinDir() { return GREPTIME_TEST_SERVICES_DIR "/node_modules/.bin"; }

Status TestServer::Start(std::vector<std::string> argv, std::vector<std::string> env, int port,
                         std::string log_path) {
  Stop();
  argv_ = std::move(argv);
  env_ = std::move(env);
  port_ = port;
  log_path_ = std::move(log_path);
  GT_RETURN_IF_ERROR(process_.Start(argv_, env_, log_path_));
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  while (Clock::now() < deadline) {
    if (!process_.Running()) {
      return Status::Unexpected("{} exited during startup: {}", argv_[0], process_.LogTail());
    }
    if (LoopbackPortAccepts(port_)) return Status::OK();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Stop();
  return Status::Unexpected("{} did not listen on 127.0.0.1:{} within 20 s: {}", argv_[0], port_,
                            process_.LogTail());
}

void CloudObjectStoreTest::SetUp() {
  const std::string binary = TestServicesBinDir() + "/" + backend().binary();
  if (::access(binary.c_str(), X_OK) != 0) {
    GTEST_SKIP() << binary << " is missing: run scripts/install-test-services.sh";
  }
  SharedServer& shared = SharedServers()[backend().name()];
  if (shared.server == nullptr || !shared.server->running()) {
    shared.dir = TempDir(backend().name());
    shared.server = std::make_unique<TestServer>();
    const int port = FreeLoopbackPort();
    ASSERT_OK(shared.server->Start(backend().Args(port, shared.dir), backend().Env(), port,
                                   shared.dir + "/server.log"));
    ASSERT_OK(backend().Prepare(port));
  }
  shared_ = shared.server.get();
  ASSERT_OK_AND_ASSIGN(store_, backend().Open(port(), Config()));
}

void CloudObjectStoreTest::TearDown() {
  store_.reset();
  for (const std::string& dir : private_dirs_) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
}

void CloudObjectStoreTest::TearDownTestSuite() {
  for (auto& [name, shared] : SharedServers()) {
    shared.server.reset();
    std::error_code ec;
    fs::remove_all(shared.dir, ec);
  }
  SharedServers().clear();
}

std::string CloudObjectStoreTest::Root() const {
  // Leading '/' on purpose: the stores normalise it away.
  return "/" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())
                   .substr(0, 40) + "/";
}

CloudBackend::StoreConfig CloudObjectStoreTest::Config() const {
  CloudBackend::StoreConfig config;
  std::string root = Root();
  for (char& c : root) {
    if (c != '/' && !std::isalnum(static_cast<unsigned char>(c))) c = '-';
  }
  config.root = root;
  config.http.base_backoff_ms = 20;
  config.http.max_backoff_ms = 200;
  config.http.connect_timeout_ms = 2000;
  config.http.timeout_ms = 20000;
  return config;
}

std::unique_ptr<TestServer> CloudObjectStoreTest::StartPrivateServer() {
  auto server = std::make_unique<TestServer>();
  const std::string dir = TempDir(backend().name() + "_private");
  private_dirs_.push_back(dir);
  const int port = FreeLoopbackPort();
  Status st = server->Start(backend().Args(port, dir), backend().Env(), port, dir + "/server.log");
  if (st.ok()) st = backend().Prepare(port);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return st.ok() ? std::move(server) : nullptr;
}

}  // namespace greptime::storage::testing
