// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Layered configuration: built-in defaults < environment variables < the TOML file (-c) <
// command-line flags (spec/cli-and-config.md §4). Every key is declared in a ConfigSchema with
// its type and default; values are type-checked at load so a bad value fails start-up naming
// the key, its source and the problem.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace greptime {

enum class ConfigType : uint8_t {
  kString,
  kBool,
  kInt,
  kFloat,
  kDuration,    // a string parsed by ParseDuration ("30s", "1h30m")
  kSize,        // a string parsed by ParseReadableSize ("64MB") or an integer of bytes
  kStringList,  // a TOML array of strings; from the environment: comma-separated
  kAny,         // kept as written (tables, arrays of tables such as `region_engine`)
};

struct ConfigKey {
  std::string path;  // dotted: "http.addr"
  ConfigType type = ConfigType::kString;
  // Textual default in the key's own syntax ("127.0.0.1:4000", "true", "64MB", "a,b");
  // nullopt: unset unless a source sets it.
  std::optional<std::string> default_value;
};

// The keys one role understands.
class ConfigSchema {
 public:
  ConfigSchema() = default;
  explicit ConfigSchema(std::vector<ConfigKey> keys);
  const ConfigKey* Find(std::string_view path) const;
  // True when `path` lies under a kAny key (then it is accepted as written).
  bool IsUnderAnyKey(std::string_view path) const;
  const std::vector<ConfigKey>& keys() const { return keys_; }

 private:
  std::vector<ConfigKey> keys_;
};

struct ConfigSources {
  // TOML file given with -c; a missing or unreadable file is an error.
  std::optional<std::string> file_path;
  // The process environment as name/value pairs.
  std::vector<std::pair<std::string, std::string>> environment;
  // Variables named `<env_prefix>__A__B` set key `a.b`; an empty prefix reads every variable.
  std::string env_prefix;
  // Flags already mapped to keys, in the key's textual syntax: {"http.addr", "0.0.0.0:4000"}.
  std::vector<std::pair<std::string, std::string>> flags;
};

// Where the effective value of a key came from.
enum class ConfigSource : uint8_t { kDefault, kEnvironment, kFile, kFlag };

// Collects the process environment for ConfigSources::environment.
std::vector<std::pair<std::string, std::string>> ProcessEnvironment();

class Config {
 public:
  ~Config();
  Config(Config&&) noexcept;
  Config& operator=(Config&&) noexcept;

  // Merges the sources over the schema's defaults. Errors (kInvalidArguments) name the key and
  // its source: a malformed TOML file (with line and column), a value of the wrong type, an
  // unparsable duration or size, a missing config file.
  static Result<Config> Load(const ConfigSchema& schema, const ConfigSources& sources);

  // True when the key has a value (a default or a source set it).
  bool Has(std::string_view path) const;
  std::optional<ConfigSource> SourceOf(std::string_view path) const;

  // Typed getters. Precondition: the key is declared with that type; an unset key returns
  // the zero value ("" / false / 0 / empty).
  std::string GetString(std::string_view path) const;
  bool GetBool(std::string_view path) const;
  int64_t GetInt(std::string_view path) const;
  double GetFloat(std::string_view path) const;
  std::chrono::nanoseconds GetDuration(std::string_view path) const;
  uint64_t GetSize(std::string_view path) const;
  std::vector<std::string> GetStringList(std::string_view path) const;

  // Overrides a value after loading (derived defaults such as logging.dir = <data_home>/logs).
  Status Set(std::string_view path, std::string_view text);

  // Keys found in the file that the schema does not declare ("unknown keys are ignored"; the
  // caller reports them as warnings).
  const std::vector<std::string>& unknown_keys() const;

  // The effective configuration as a TOML document (what /config serves and the start-up log
  // shows), with credentials (secret_access_key, account_key, sas_token, ...) as "******".
  std::string ToToml() const;

 private:
  struct Impl;
  explicit Config(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace greptime
