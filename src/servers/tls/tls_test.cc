// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/tls/tls.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <boost/asio/ssl/context.hpp>

#include "servers/tls/test_certificate.h"

namespace greptime::servers::tls {
namespace {

namespace fs = std::filesystem;

class TlsContextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tls_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    cert_ = (dir_ / "server.crt").string();
    key_ = (dir_ / "server.key").string();
    ASSERT_TRUE(WriteSelfSignedCertificate(cert_, key_));
  }
  void TearDown() override { fs::remove_all(dir_); }

  TlsOptions Options(std::string mode) const {
    TlsOptions o;
    o.mode = std::move(mode);
    o.cert_path = cert_;
    o.key_path = key_;
    return o;
  }

  fs::path dir_;
  std::string cert_, key_;
};

TEST_F(TlsContextTest, ModesDecideWhetherTlsIsOfferedAndRequired) {
  auto disabled = TlsContext::Create(TlsOptions{});
  ASSERT_TRUE(disabled.ok()) << disabled.status().message();
  EXPECT_FALSE((*disabled)->offered());
  EXPECT_FALSE((*disabled)->required());
  EXPECT_EQ((*disabled)->Current(), nullptr);

  auto prefer = TlsContext::Create(Options("prefer"));
  ASSERT_TRUE(prefer.ok()) << prefer.status().message();
  EXPECT_TRUE((*prefer)->offered());
  EXPECT_FALSE((*prefer)->required());
  EXPECT_NE((*prefer)->Current(), nullptr);

  for (const char* mode : {"require", "verify-ca", "verify_ca", "verify-full", "verify_full"}) {
    auto ctx = TlsContext::Create(Options(mode));
    ASSERT_TRUE(ctx.ok()) << mode << ": " << ctx.status().message();
    EXPECT_TRUE((*ctx)->offered()) << mode;
    EXPECT_TRUE((*ctx)->required()) << mode;
  }
}

TEST_F(TlsContextTest, BadSettingsAreClearErrors) {
  auto unknown = TlsContext::Create(Options("sometimes"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArguments);
  EXPECT_NE(unknown.status().message().find("invalid TLS mode 'sometimes'"), std::string::npos);

  TlsOptions no_key = Options("require");
  no_key.key_path.clear();
  auto missing = TlsContext::Create(no_key);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("needs both cert_path and key_path"),
            std::string::npos);

  TlsOptions absent = Options("require");
  absent.cert_path = (dir_ / "nope.crt").string();
  auto not_there = TlsContext::Create(absent);
  ASSERT_FALSE(not_there.ok());
  EXPECT_NE(not_there.status().message().find("cannot load TLS certificate"), std::string::npos);
  EXPECT_NE(not_there.status().message().find("nope.crt"), std::string::npos);

  // A key of another certificate.
  const std::string other_cert = (dir_ / "other.crt").string();
  const std::string other_key = (dir_ / "other.key").string();
  ASSERT_TRUE(WriteSelfSignedCertificate(other_cert, other_key));
  TlsOptions mismatched = Options("require");
  mismatched.key_path = other_key;
  auto wrong = TlsContext::Create(mismatched);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("other.key"), std::string::npos)
      << wrong.status().message();
}

TEST_F(TlsContextTest, WatchReloadsChangedFilesAndKeepsTheOldPairWhenTheNewOneIsBroken) {
  TlsOptions o = Options("require");
  o.watch = true;
  auto ctx = TlsContext::Create(o);
  ASSERT_TRUE(ctx.ok()) << ctx.status().message();
  auto first = (*ctx)->Current();
  EXPECT_EQ((*ctx)->Current(), first);  // unchanged files: same context

  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a distinct mtime
  ASSERT_TRUE(WriteSelfSignedCertificate(cert_, key_, "renewed"));
  auto second = (*ctx)->Current();
  EXPECT_NE(second, first);

  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::ofstream(cert_) << "not a certificate";
  EXPECT_EQ((*ctx)->Current(), second);

  // Without watch, changes are ignored.
  TlsOptions fixed = Options("require");
  ASSERT_TRUE(WriteSelfSignedCertificate(cert_, key_));
  auto still = TlsContext::Create(fixed);
  ASSERT_TRUE(still.ok());
  auto before = (*still)->Current();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(WriteSelfSignedCertificate(cert_, key_, "again"));
  EXPECT_EQ((*still)->Current(), before);
}

}  // namespace
}  // namespace greptime::servers::tls
