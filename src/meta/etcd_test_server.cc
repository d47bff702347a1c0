// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// A real etcd as a child process for tests, and the shared one of a test binary.
#include "meta/etcd_test_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

namespace greptime::meta {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Kills the shared server when the binary's tests end.
class SharedEtcdEnvironment : public ::testing::Environment {
 public:
  void TearDown() override;
};

std::mutex& SharedMutex() {
  static std::mutex mu;
  return mu;
}

std::unique_ptr<EtcdTestServer>& SharedServer() {
  static auto* server = new std::unique_ptr<EtcdTestServer>();
  return *server;
}

void SharedEtcdEnvironment::TearDown() {
  std::lock_guard lock(SharedMutex());
  SharedServer().reset();
}

[[maybe_unused]] ::testing::Environment* const kSharedEnvironment =
    ::testing::AddGlobalTestEnvironment(new SharedEtcdEnvironment);

}  // namespace

bool EtcdTestServer::Available() { return ::access(kEtcdBinary, X_OK) == 0; }

Result<std::unique_ptr<EtcdTestServer>> EtcdTestServer::Start() {
  std::unique_ptr<EtcdTestServer> server(new EtcdTestServer());
  std::string pattern = (fs::temp_directory_path() / "greptime_etcd_XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Status::Unexpected("mkdtemp {}: {}", pattern, std::strerror(errno));
  }
  server->dir_ = pattern;
  // A port taken between FreeLoopbackPort() and etcd's bind makes etcd exit: try new ports.
  Status status;
  for (int attempt = 0; attempt < 3; ++attempt) {
    server->client_port_ = FreeLoopbackPort();
    server->peer_port_ = FreeLoopbackPort();
    if (server->client_port_ == server->peer_port_) continue;
    status = server->Launch();
    if (status.ok()) return server;
    server->Kill();
    std::error_code ec;
    fs::remove_all(server->dir_ + "/data", ec);
  }
  return status;
}

EtcdTestServer::~EtcdTestServer() {
  Kill();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

void EtcdTestServer::Kill() { process_.Kill(); }

Status EtcdTestServer::Restart() {
  Kill();
  return Launch();
}

std::string EtcdTestServer::endpoint() const { return "127.0.0.1:" + std::to_string(client_port_); }

EtcdOptions EtcdTestServer::Options(std::string key_prefix) const {
  EtcdOptions options;
  options.endpoints = {endpoint()};
  options.timeout = std::chrono::milliseconds(5000);
  options.key_prefix = std::move(key_prefix);
  return options;
}

Status EtcdTestServer::Launch() {
  const std::string client = "http://127.0.0.1:" + std::to_string(client_port_);
  const std::string peer = "http://127.0.0.1:" + std::to_string(peer_port_);
  std::vector<std::string> argv = {kEtcdBinary,
                                   "--name=t",
                                   "--data-dir=" + dir_ + "/data",
                                   "--listen-client-urls=" + client,
                                   "--advertise-client-urls=" + client,
                                   "--listen-peer-urls=" + peer,
                                   "--initial-advertise-peer-urls=" + peer,
                                   "--initial-cluster=t=" + peer,
                                   "--log-level=warn"};
  GT_RETURN_IF_ERROR(process_.Start(std::move(argv), {}, dir_ + "/etcd.log"));

  // Ready when a linearizable Range succeeds (the member has elected itself leader).
  EtcdOptions options = Options();
  options.timeout = std::chrono::milliseconds(1000);
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  Status last;
  while (Clock::now() < deadline) {
    if (!process_.Running()) {
      return Status::Unexpected("etcd exited during startup: {}", LogTail());
    }
    auto backend = NewEtcdKvBackend(options);
    if (backend.ok()) return Status::OK();
    last = backend.status();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Kill();
  return Status::Unexpected("etcd did not serve on {} within 30 s ({}): {}", endpoint(),
                            last.ToString(), LogTail());
}

std::string EtcdTestServer::LogTail() const { return process_.LogTail(); }

EtcdTestServer* SharedEtcdTestServer(std::string* why) {
  if (!EtcdTestServer::Available()) {
    *why = std::string(kEtcdBinary) + " is missing (Debian package etcd-server)";
    return nullptr;
  }
  std::lock_guard lock(SharedMutex());
  std::unique_ptr<EtcdTestServer>& server = SharedServer();
  if (server != nullptr && !server->running()) {
    // A test killed it and did not restart it.
    Status status = server->Restart();
    if (!status.ok()) server.reset();
  }
  if (server == nullptr) {
    auto started = EtcdTestServer::Start();
    if (!started.ok()) {
      *why = started.status().ToString();
      return nullptr;
    }
    server = std::move(started).value();
  }
  return server.get();
}

std::string UniqueEtcdTestPrefix(std::string_view name) {
  static std::atomic<int> counter{0};
  return "/test/" + std::string(name) + "/" + std::to_string(counter++) + "/";
}

}  // namespace greptime::meta
