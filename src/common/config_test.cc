// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "common/config.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "common/testing.h"

namespace greptime {
namespace {

ConfigSchema TestSchema() {
  return ConfigSchema({
      {"http.addr", ConfigType::kString, "127.0.0.1:4000"},
      {"http.timeout", ConfigType::kDuration, "0s"},
      {"http.body_limit", ConfigType::kSize, "64MB"},
      {"http.enable_cors", ConfigType::kBool, "true"},
      {"logging.level", ConfigType::kString, std::nullopt},
      {"logging.dir", ConfigType::kString, ""},
      {"logging.max_log_files", ConfigType::kInt, "720"},
      {"slow_query.sample_ratio", ConfigType::kFloat, "1.0"},
      {"meta_client.metasrv_addrs", ConfigType::kStringList, std::nullopt},
      {"region_engine", ConfigType::kAny, std::nullopt},
      {"storage.secret_access_key", ConfigType::kString, ""},
      {"storage.access_key_id", ConfigType::kString, ""},
  });
}

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("config_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string WriteFile(const std::string& content) {
    const std::string path = (dir_ / "config.toml").string();
    std::ofstream(path) << content;
    return path;
  }

  std::filesystem::path dir_;
  ConfigSchema schema_ = TestSchema();
};

TEST_F(ConfigTest, DefaultsApplyWhenNothingIsSet) {
  ASSERT_OK_AND_ASSIGN(Config config, Config::Load(schema_, ConfigSources{}));
  EXPECT_EQ(config.GetString("http.addr"), "127.0.0.1:4000");
  EXPECT_EQ(config.GetDuration("http.timeout").count(), 0);
  EXPECT_EQ(config.GetSize("http.body_limit"), 64ull << 20);
  EXPECT_TRUE(config.GetBool("http.enable_cors"));
  EXPECT_EQ(config.GetInt("logging.max_log_files"), 720);
  EXPECT_DOUBLE_EQ(config.GetFloat("slow_query.sample_ratio"), 1.0);
  EXPECT_FALSE(config.Has("logging.level"));
  EXPECT_EQ(config.SourceOf("http.addr"), ConfigSource::kDefault);
}

// The reference layering test of spec/cli-and-config.md §4: file beats environment, flags beat
// both, and a key only in the environment is taken from there.
TEST_F(ConfigTest, PrecedenceIsFlagsThenFileThenEnvironmentThenDefaults) {
  ConfigSources sources;
  sources.file_path = WriteFile(
      "[http]\naddr = \"127.0.0.1:5000\"\n[logging]\nlevel = \"debug\"\n");
  sources.env_prefix = "GREPTIMEDB_STANDALONE";
  sources.environment = {
      {"GREPTIMEDB_STANDALONE__LOGGING__LEVEL", "info"},
      {"GREPTIMEDB_STANDALONE__LOGGING__DIR", "/tmp/greptimedb/test/logs"},
      {"GREPTIMEDB_STANDALONE__HTTP__ADDR", "127.0.0.1:6000"},
      {"GREPTIMEDB_STANDALONE__HTTP__TIMEOUT", "30s"},
  };
  sources.flags = {{"http.addr", "127.0.0.1:7000"}};
  ASSERT_OK_AND_ASSIGN(Config config, Config::Load(schema_, sources));
  EXPECT_EQ(config.GetString("logging.level"), "debug");
  EXPECT_EQ(config.SourceOf("logging.level"), ConfigSource::kFile);
  EXPECT_EQ(config.GetString("logging.dir"), "/tmp/greptimedb/test/logs");
  EXPECT_EQ(config.SourceOf("logging.dir"), ConfigSource::kEnvironment);
  EXPECT_EQ(config.GetString("http.addr"), "127.0.0.1:7000");
  EXPECT_EQ(config.SourceOf("http.addr"), ConfigSource::kFlag);
  EXPECT_EQ(config.GetDuration("http.timeout"), std::chrono::seconds(30));
}

TEST_F(ConfigTest, EnvironmentNamesAreCaseInsensitiveAndPrefixed) {
  ConfigSources sources;
  sources.env_prefix = "MYAPP";
  sources.environment = {
      {"myapp__http__enable_cors", "false"},
      {"GREPTIMEDB_STANDALONE__HTTP__ADDR", "0.0.0.0:1"},  // other prefix: ignored
      {"MYAPP__META_CLIENT__METASRV_ADDRS", "127.0.0.1:3001,127.0.0.1:3002"},
      {"MYAPP__NOT__A__KEY", "x"},
  };
  ASSERT_OK_AND_ASSIGN(Config config, Config::Load(schema_, sources));
  EXPECT_FALSE(config.GetBool("http.enable_cors"));
  EXPECT_EQ(config.GetString("http.addr"), "127.0.0.1:4000");
  EXPECT_EQ(config.GetStringList("meta_client.metasrv_addrs"),
            (std::vector<std::string>{"127.0.0.1:3001", "127.0.0.1:3002"}));
}

TEST_F(ConfigTest, EmptyEnvironmentValueIsKeptAsEmptyString) {
  ConfigSources sources;
  sources.env_prefix = "P";
  sources.environment = {{"P__LOGGING__DIR", ""}};
  ASSERT_OK_AND_ASSIGN(Config config, Config::Load(schema_, sources));
  EXPECT_TRUE(config.Has("logging.dir"));
  EXPECT_EQ(config.SourceOf("logging.dir"), ConfigSource::kEnvironment);
}

TEST_F(ConfigTest, BadEnvironmentValueNamesVariableAndKey) {
  ConfigSources sources;
  sources.env_prefix = "P";
  sources.environment = {{"P__HTTP__ENABLE_CORS", "maybe"}};
  Result<Config> config = Config::Load(schema_, sources);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArguments);
  EXPECT_NE(config.status().message().find("http.enable_cors"), std::string::npos);
  EXPECT_NE(config.status().message().find("P__HTTP__ENABLE_CORS"), std::string::npos);
}

TEST_F(ConfigTest, MalformedTomlReportsLineAndColumn) {
  ConfigSources sources;
  sources.file_path = WriteFile("[http]\naddr = \"127.0.0.1:4000\"\nbody_limit = = 3\n");
  Result<Config> config = Config::Load(schema_, sources);
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("malformed config file"), std::string::npos);
  EXPECT_NE(config.status().message().find("line 3"), std::string::npos)
      << config.status().message();
}

TEST_F(ConfigTest, WrongTypeInFileNamesKeyAndTypes) {
  ConfigSources sources;
  sources.file_path = WriteFile("[http]\naddr = 4000\n");
  Result<Config> config = Config::Load(schema_, sources);
  ASSERT_FALSE(config.ok());
  const std::string& msg = config.status().message();
  EXPECT_NE(msg.find("'http.addr'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("expected a string, got an integer"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 2"), std::string::npos) << msg;
}

TEST_F(ConfigTest, InvalidDurationAndSizeAreRejected) {
  ConfigSources sources;
  sources.file_path = WriteFile("[http]\ntimeout = \"soon\"\n");
  Result<Config> config = Config::Load(schema_, sources);
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("'http.timeout'"), std::string::npos);

  sources.file_path = WriteFile("[http]\nbody_limit = \"12 parsecs\"\n");
  config = Config::Load(schema_, sources);
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("'http.body_limit'"), std::string::npos);

  sources.file_path = WriteFile("[http]\nbody_limit = 1048576\n");
  ASSERT_OK_AND_ASSIGN(Config ok, Config::Load(schema_, sources));
  EXPECT_EQ(ok.GetSize("http.body_limit"), 1048576u);
}

TEST_F(ConfigTest, UnknownFileKeysAreCollectedNotFatal) {
  ConfigSources sources;
  sources.file_path = WriteFile(
      "mode = \"standalone\"\n[http]\naddr = \"127.0.0.1:4100\"\nfoo = 1\n"
      "[[region_engine]]\n[region_engine.mito]\nnum_workers = 8\n");
  ASSERT_OK_AND_ASSIGN(Config config, Config::Load(schema_, sources));
  std::vector<std::string> unknown = config.unknown_keys();
  std::sort(unknown.begin(), unknown.end());
  EXPECT_EQ(unknown, (std::vector<std::string>{"http.foo", "mode"}));
  EXPECT_EQ(config.GetString("http.addr"), "127.0.0.1:4100");
  EXPECT_NE(config.ToToml().find("num_workers = 8"), std::string::npos) << config.ToToml();
}

TEST_F(ConfigTest, MissingFileIsAnError) {
  ConfigSources sources;
  sources.file_path = (dir_ / "nope.toml").string();
  ASSERT_STATUS_CODE(Config::Load(schema_, sources), StatusCode::kInvalidArguments);
}

TEST_F(ConfigTest, FlagValuesAreTypeChecked) {
  ConfigSources sources;
  sources.flags = {{"http.timeout", "12 fortnights"}};
  ASSERT_STATUS_CODE(Config::Load(schema_, sources), StatusCode::kInvalidArguments);
}

TEST_F(ConfigTest, IntegerFileValueForFloatKeyIsAccepted) {
  ConfigSources sources;
  sources.file_path = WriteFile("[slow_query]\nsample_ratio = 1\n");
  ASSERT_OK_AND_ASSIGN(Config config, Config::Load(schema_, sources));
  EXPECT_DOUBLE_EQ(config.GetFloat("slow_query.sample_ratio"), 1.0);
}

TEST_F(ConfigTest, ToTomlRendersEffectiveValues) {
  ConfigSources sources;
  sources.flags = {{"http.addr", "0.0.0.0:4000"}};
  ASSERT_OK_AND_ASSIGN(Config config, Config::Load(schema_, sources));
  const std::string toml = config.ToToml();
  EXPECT_NE(toml.find("[http]"), std::string::npos) << toml;
  EXPECT_NE(toml.find("addr = '0.0.0.0:4000'"), std::string::npos) << toml;
  EXPECT_NE(toml.find("body_limit = '64MB'"), std::string::npos) << toml;
}

TEST_F(ConfigTest, ToTomlMasksCredentials) {
  ConfigSources sources;
  sources.flags = {{"storage.secret_access_key", "s3cr3t"}, {"storage.access_key_id", "AKID"}};
  ASSERT_OK_AND_ASSIGN(Config config, Config::Load(schema_, sources));
  const std::string toml = config.ToToml();
  EXPECT_EQ(toml.find("s3cr3t"), std::string::npos) << toml;
  EXPECT_NE(toml.find("secret_access_key = '******'"), std::string::npos) << toml;
  EXPECT_NE(toml.find("access_key_id = 'AKID'"), std::string::npos) << toml;
  EXPECT_EQ(config.GetString("storage.secret_access_key"), "s3cr3t");
}

TEST_F(ConfigTest, SetOverridesAfterLoad) {
  ASSERT_OK_AND_ASSIGN(Config config, Config::Load(schema_, ConfigSources{}));
  ASSERT_OK(config.Set("logging.dir", "/data/logs"));
  EXPECT_EQ(config.GetString("logging.dir"), "/data/logs");
  ASSERT_STATUS_CODE(config.Set("http.enable_cors", "perhaps"), StatusCode::kInvalidArguments);
}

}  // namespace
}  // namespace greptime
