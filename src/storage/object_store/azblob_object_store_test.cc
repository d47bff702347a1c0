// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The Azure Blob store: option checks, and the shared contract tests against azurite on loopback.
#include <gtest/gtest.h>

#include "common/testing.h"
#include "storage/object_store/cloud_object_store.h"
#include "storage/object_store/cloud_test_server.h"
#include "storage/object_store/cloud_util.h"

namespace greptime::storage {
namespace {

// Azurite's well-known development account (documented in Azurite's README).
constexpr const char* kAccount = "devstoreaccount1";
constexpr const char* kAccountKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

TEST(AzblobObjectStoreOptionsTest, RejectsBadOptionsWithoutNetwork) {
  AzblobOptions options;
  options.account_name = kAccount;
  options.account_key = kAccountKey;
  Result<std::unique_ptr<ObjectStore>> store = NewAzblobObjectStore(options);
  ASSERT_STATUS_CODE(store, StatusCode::kInvalidArguments);
  EXPECT_NE(store.status().message().find("container is empty"), std::string::npos);
  options.container = "c";
  options.account_key = "not base64!";
  ASSERT_STATUS_CODE(NewAzblobObjectStore(options), StatusCode::kInvalidArguments);
  options.account_key = "";
  ASSERT_STATUS_CODE(NewAzblobObjectStore(options), StatusCode::kInvalidArguments);
  options.sas_token = "?sv=2021-08-06&sig=x";  // a SAS token replaces the key
  ASSERT_OK(NewAzblobObjectStore(options));
  options.account_key = kAccountKey;
  options.sas_token = "";
  options.endpoint = "ftp://host";
  ASSERT_STATUS_CODE(NewAzblobObjectStore(options), StatusCode::kInvalidArguments);
  options.endpoint = "";
  ASSERT_OK(NewAzblobObjectStore(options));  // the default endpoint, not contacted
}

}  // namespace

namespace testing {
namespace {

constexpr const char* kContainer = "test-container";

class AzblobBackend final : public CloudBackend {
 public:
  std::string name() const override { return "Azblob"; }
  std::string binary() const override { return "azurite-blob"; }
  std::vector<std::string> Args(int port, const std::string& dir) const override {
    return {TestServicesBinDir() + "/azurite-blob", "--blobHost", "127.0.0.1", "--blobPort",
            std::to_string(port), "--location", dir, "--silent", "--skipApiVersionCheck",
            "--disableTelemetry"};
  }
  Status Prepare(int port) const override {
    GT_RETURN_IF_ERROR(CreateAzblobContainer(Options(port, StoreConfig{})));
    return CreateAzblobContainer(Options(port, StoreConfig{}));  // exists: still OK
  }
  Result<std::unique_ptr<ObjectStore>> Open(int port, const StoreConfig& config) const override {
    return NewAzblobObjectStore(Options(port, config));
  }

 static AzblobOptions Options(int port, const StoreConfig& config) {
    AzblobOptions options;
    options.container = kContainer;
    options.root = config.root;
    options.endpoint = "http://127.0.0.1:" + std::to_string(port) + "/" + kAccount;
    options.account_name = kAccount;
    // A well-formed key that is not the account's.
    options.account_key = config.wrong_credentials ? "d3Jvbmcga2V5IGZvciB0ZXN0cw==" : kAccountKey;
    if (config.multipart_threshold != 0) options.multipart_threshold = config.multipart_threshold;
    if (config.part_size != 0) options.part_size = config.part_size;
    if (config.list_page_size != 0) options.list_page_size = config.list_page_size;
    options.http = config.http;
    return options;
  }
};

const AzblobBackend kAzblobBackend;

INSTANTIATE_TEST_SUITE_P(Azblob, CloudObjectStoreTest, ::testing::Values(&kAzblobBackend),
                         [](const auto& info) { return info.param->name(); });

// An account SAS (blob service; service, container and object resources; read, write, delete,
// list, add, create), signed as https://learn.microsoft.com/rest/api/storageservices/create-account-sas
// describes for version 2020-12-06 and later.
std::string AccountSas() {
  const std::string version = "2021-08-06";
  const std::string expiry = "2099-01-01T00:00:00Z";
  const std::string to_sign = std::string(kAccount) + "\nrwdlac\nb\nsco\n\n" + expiry +
                              "\n\nhttps,http\n" + version + "\n\n";
  const std::string key = *cloud::Base64Decode(kAccountKey);
  const std::string sig = cloud::Base64Encode(cloud::HmacSha256(key, to_sign));
  return "?sv=" + version + "&ss=b&srt=sco&sp=rwdlac&se=" + cloud::UriEncode(expiry, true) +
         "&spr=https,http&sig=" + cloud::UriEncode(sig, true);
}

class AzblobObjectStoreTest : public CloudObjectStoreTest {};

TEST_P(AzblobObjectStoreTest, SasTokenAuthorisesInsteadOfTheKey) {
  AzblobOptions options = AzblobBackend::Options(port(), Config());
  options.account_key = "";
  options.sas_token = AccountSas();
  ASSERT_OK_AND_ASSIGN(auto sas, NewAzblobObjectStore(options));
  ASSERT_OK(sas->Write("s/a b", "via sas"));
  EXPECT_EQ(*store_->Read("s/a b"), "via sas");
  EXPECT_EQ(*sas->ReadRange("s/a b", 4, 3), "sas");
  ASSERT_OK_AND_ASSIGN(auto listed, sas->List("s/"));
  ASSERT_EQ(listed.size(), 1u);
  ASSERT_OK(sas->DeleteAll("s/"));
  EXPECT_FALSE(store_->Stat("s/a b")->has_value());

  options.sas_token = AccountSas() + "0";  // a wrong signature
  ASSERT_OK_AND_ASSIGN(auto bad, NewAzblobObjectStore(options));
  Status st = bad->Write("s/x", "y");
  ASSERT_STATUS_CODE(st, StatusCode::kStorageUnavailable);
  EXPECT_NE(st.message().find("403"), std::string::npos) << st.message();
}

TEST_P(AzblobObjectStoreTest, MissingContainerIsNotAMissingObject) {
  AzblobOptions options = AzblobBackend::Options(port(), Config());
  options.container = "no-such-container";
  ASSERT_OK_AND_ASSIGN(auto store, NewAzblobObjectStore(options));
  Result<std::string> read = store->Read("k");
  ASSERT_STATUS_CODE(read, StatusCode::kStorageUnavailable);
  EXPECT_NE(read.status().message().find("404 ContainerNotFound"), std::string::npos)
      << read.status().message();
  ASSERT_STATUS_CODE(store->List(""), StatusCode::kStorageUnavailable);
}

INSTANTIATE_TEST_SUITE_P(Azblob, AzblobObjectStoreTest, ::testing::Values(&kAzblobBackend),
                         [](const auto& info) { return info.param->name(); });

}  // namespace
}  // namespace testing
}  // namespace greptime::storage
