// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Layered configuration over toml++: the merged document is one toml::table; every value is
// checked against its declared type when it enters, whichever source it comes from.
#include "common/config.h"
#include "common/strings.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <map>
#include <sstream>

#include <toml++/toml.h>

#include "common/readable_size.h"
#include "common/time.h"

extern char** environ;

namespace greptime {
namespace {

std::string_view SourceName(ConfigSource source) {
  switch (source) {
    case ConfigSource::kDefault: return "default";
    case ConfigSource::kEnvironment: return "environment";
    case ConfigSource::kFile: return "config file";
    case ConfigSource::kFlag: return "command-line flag";
  }
  return "unknown";
}

std::string_view TypeName(ConfigType type) {
  switch (type) {
    case ConfigType::kString: return "a string";
    case ConfigType::kBool: return "a boolean";
    case ConfigType::kInt: return "an integer";
    case ConfigType::kFloat: return "a number";
    case ConfigType::kDuration: return "a duration string such as \"30s\"";
    case ConfigType::kSize: return "a size such as \"64MB\"";
    case ConfigType::kStringList: return "an array of strings";
    case ConfigType::kAny: return "any value";
  }
  return "a value";
}

std::string_view NodeTypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    default: return "a date/time";
  }
}


std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    parts.emplace_back(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

// Converts text in the key's own syntax (defaults, environment, flags) to a TOML node.
Result<std::unique_ptr<toml::node>> NodeFromText(const ConfigKey& key, std::string_view text) {
  switch (key.type) {
    case ConfigType::kString:
    case ConfigType::kAny:
      return std::unique_ptr<toml::node>(new toml::value<std::string>(std::string(text)));
    case ConfigType::kBool: {
      const std::string lower = AsciiLower(text);
      if (lower != "true" && lower != "false") {
        return Status::InvalidArguments("expected true or false, got '{}'", text);
      }
      return std::unique_ptr<toml::node>(new toml::value<bool>(lower == "true"));
    }
    case ConfigType::kInt: {
      int64_t v = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
        return Status::InvalidArguments("expected an integer, got '{}'", text);
      }
      return std::unique_ptr<toml::node>(new toml::value<int64_t>(v));
    }
    case ConfigType::kFloat: {
      double v = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
        return Status::InvalidArguments("expected a number, got '{}'", text);
      }
      return std::unique_ptr<toml::node>(new toml::value<double>(v));
    }
    case ConfigType::kDuration: {
      GT_RETURN_IF_ERROR(ParseDuration(text));
      return std::unique_ptr<toml::node>(new toml::value<std::string>(std::string(text)));
    }
    case ConfigType::kSize: {
      GT_RETURN_IF_ERROR(ParseReadableSize(text));
      return std::unique_ptr<toml::node>(new toml::value<std::string>(std::string(text)));
    }
    case ConfigType::kStringList: {
      auto array = std::make_unique<toml::array>();
      if (!text.empty()) {
        size_t start = 0;
        while (true) {
          size_t comma = text.find(',', start);
          array->push_back(std::string(
              text.substr(start, comma == std::string_view::npos ? comma : comma - start)));
          if (comma == std::string_view::npos) break;
          start = comma + 1;
        }
      }
      return std::unique_ptr<toml::node>(std::move(array));
    }
  }
  return Status::Unexpected("unknown config type");
}

// Checks a node read from the TOML file against the key's type.
Status CheckFileNode(const ConfigKey& key, const toml::node& node) {
  auto mismatch = [&]() {
    return Status::InvalidArguments("expected {}, got {}", TypeName(key.type), NodeTypeName(node));
  };
  switch (key.type) {
    case ConfigType::kAny: return Status::OK();
    case ConfigType::kString: return node.is_string() ? Status::OK() : mismatch();
    case ConfigType::kBool: return node.is_boolean() ? Status::OK() : mismatch();
    case ConfigType::kInt: return node.is_integer() ? Status::OK() : mismatch();
    case ConfigType::kFloat: return node.is_number() ? Status::OK() : mismatch();
    case ConfigType::kDuration:
      if (!node.is_string()) return mismatch();
      return ParseDuration(*node.value<std::string>()).status();
    case ConfigType::kSize:
      if (node.is_integer()) {
        return *node.value<int64_t>() >= 0 ? Status::OK()
                                           : Status::InvalidArguments("size must not be negative");
      }
      if (!node.is_string()) return mismatch();
      return ParseReadableSize(*node.value<std::string>()).status();
    case ConfigType::kStringList: {
      const toml::array* array = node.as_array();
      if (array == nullptr) return mismatch();
      for (const toml::node& item : *array) {
        if (!item.is_string()) {
          return Status::InvalidArguments("expected an array of strings, found {} in it",
                                          NodeTypeName(item));
        }
      }
      return Status::OK();
    }
  }
  return Status::OK();
}

}  // namespace

// ---------------------------------------------------------------------------------------------

ConfigSchema::ConfigSchema(std::vector<ConfigKey> keys) : keys_(std::move(keys)) {}

const ConfigKey* ConfigSchema::Find(std::string_view path) const {
  for (const ConfigKey& key : keys_) {
    if (key.path == path) return &key;
  }
  return nullptr;
}

bool ConfigSchema::IsUnderAnyKey(std::string_view path) const {
  for (const ConfigKey& key : keys_) {
    if (key.type == ConfigType::kAny && path.size() > key.path.size() &&
        path.substr(0, key.path.size()) == key.path && path[key.path.size()] == '.') {
      return true;
    }
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> ProcessEnvironment() {
  std::vector<std::pair<std::string, std::string>> out;
  for (char** env = environ; env != nullptr && *env != nullptr; ++env) {
    std::string_view entry(*env);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace_back(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

struct Config::Impl {
  ConfigSchema schema;
  toml::table root;
  std::map<std::string, ConfigSource, std::less<>> sources;
  std::vector<std::string> unknown_keys;

  const toml::node* Get(std::string_view path) const {
    return root.at_path(path).node();
  }

  void Put(std::string_view path, std::unique_ptr<toml::node> node, ConfigSource source) {
    std::vector<std::string> parts = SplitPath(path);
    toml::table* table = &root;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      toml::node* child = table->get(parts[i]);
      if (child == nullptr || !child->is_table()) {
        table->insert_or_assign(parts[i], toml::table{});
        child = table->get(parts[i]);
      }
      table = child->as_table();
    }
    // toml++ has no "insert a node by pointer"; visit the concrete type to copy it in.
    node->visit([&](auto& concrete) { table->insert_or_assign(parts.back(), std::move(concrete)); });
    sources[std::string(path)] = source;
  }

  Status SetFromText(const ConfigKey& key, std::string_view text, ConfigSource source,
                     std::string_view origin) {
    auto node = NodeFromText(key, text);
    if (!node.ok()) {
      return Status::InvalidArguments("invalid value for config key '{}' from {}: {}", key.path,
                                      origin, node.status().message());
    }
    Put(key.path, std::move(node).value(), source);
    return Status::OK();
  }

  Status MergeFileTable(const toml::table& table, const std::string& prefix,
                        const std::string& file) {
    for (const auto& [raw_key, node] : table) {
      const std::string path = prefix.empty() ? std::string(raw_key.str())
                                              : prefix + "." + std::string(raw_key.str());
      const ConfigKey* key = schema.Find(path);
      if (key != nullptr) {
        Status st = CheckFileNode(*key, node);
        if (!st.ok()) {
          return Status::InvalidArguments("invalid value for config key '{}' in {} (line {}): {}",
                                          path, file, node.source().begin.line, st.message());
        }
        std::unique_ptr<toml::node> copy;
        node.visit([&](const auto& concrete) {
          using T = std::decay_t<decltype(concrete)>;
          copy = std::make_unique<T>(concrete);
        });
        // Integers given for float keys are stored as floats so getters see one type.
        if (key->type == ConfigType::kFloat && node.is_integer()) {
          copy = std::make_unique<toml::value<double>>(static_cast<double>(*node.value<int64_t>()));
        }
        Put(path, std::move(copy), ConfigSource::kFile);
        continue;
      }
      if (const toml::table* sub = node.as_table()) {
        GT_RETURN_IF_ERROR(MergeFileTable(*sub, path, file));
        continue;
      }
      unknown_keys.push_back(path);
    }
    return Status::OK();
  }
};

Config::Config(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Config::~Config() = default;
Config::Config(Config&&) noexcept = default;
Config& Config::operator=(Config&&) noexcept = default;

Result<Config> Config::Load(const ConfigSchema& schema, const ConfigSources& sources) {
  auto impl = std::make_unique<Impl>();
  impl->schema = schema;

  for (const ConfigKey& key : schema.keys()) {
    if (!key.default_value) continue;
    GT_RETURN_IF_ERROR(
        impl->SetFromText(key, *key.default_value, ConfigSource::kDefault, "built-in default"));
  }

  // Environment: <PREFIX>__SECTION__KEY, matched case-insensitively.
  const std::string prefix = AsciiLower(sources.env_prefix);
  for (const auto& [name, value] : sources.environment) {
    std::string lower = AsciiLower(name);
    std::string_view rest = lower;
    if (!prefix.empty()) {
      if (rest.size() <= prefix.size() + 2 || rest.substr(0, prefix.size()) != prefix ||
          rest.substr(prefix.size(), 2) != "__") {
        continue;
      }
      rest.remove_prefix(prefix.size() + 2);
    }
    std::string path;
    size_t start = 0;
    while (true) {
      size_t sep = rest.find("__", start);
      if (!path.empty()) path += '.';
      path += rest.substr(start, sep == std::string_view::npos ? sep : sep - start);
      if (sep == std::string_view::npos) break;
      start = sep + 2;
    }
    const ConfigKey* key = schema.Find(path);
    if (key == nullptr || key->type == ConfigType::kAny) continue;  // not addressable
    GT_RETURN_IF_ERROR(impl->SetFromText(*key, value, ConfigSource::kEnvironment,
                                         "environment variable " + name));
  }

  if (sources.file_path) {
    const std::string& file = *sources.file_path;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      return Status::InvalidArguments("config file {} does not exist or is not a regular file",
                                      file);
    }
    toml::table parsed;
    try {
      parsed = toml::parse_file(file);
    } catch (const toml::parse_error& e) {
      return Status::InvalidArguments("malformed config file {} at line {}, column {}: {}", file,
                                      e.source().begin.line, e.source().begin.column,
                                      e.description());
    }
    GT_RETURN_IF_ERROR(impl->MergeFileTable(parsed, "", file));
  }

  for (const auto& [path, text] : sources.flags) {
    const ConfigKey* key = schema.Find(path);
    if (key == nullptr) {
      return Status::Unexpected("flag maps to undeclared config key '{}'", path);
    }
    GT_RETURN_IF_ERROR(impl->SetFromText(*key, text, ConfigSource::kFlag, "command-line flag"));
  }

  return Config(std::move(impl));
}

bool Config::Has(std::string_view path) const { return impl_->Get(path) != nullptr; }

std::optional<ConfigSource> Config::SourceOf(std::string_view path) const {
  auto it = impl_->sources.find(path);
  if (it == impl_->sources.end()) return std::nullopt;
  return it->second;
}

std::string Config::GetString(std::string_view path) const {
  const toml::node* node = impl_->Get(path);
  if (node == nullptr) return "";
  return node->value<std::string>().value_or("");
}

bool Config::GetBool(std::string_view path) const {
  const toml::node* node = impl_->Get(path);
  return node != nullptr && node->value<bool>().value_or(false);
}

int64_t Config::GetInt(std::string_view path) const {
  const toml::node* node = impl_->Get(path);
  return node == nullptr ? 0 : node->value<int64_t>().value_or(0);
}

double Config::GetFloat(std::string_view path) const {
  const toml::node* node = impl_->Get(path);
  return node == nullptr ? 0.0 : node->value<double>().value_or(0.0);
}

std::chrono::nanoseconds Config::GetDuration(std::string_view path) const {
  const toml::node* node = impl_->Get(path);
  if (node == nullptr || !node->is_string()) return std::chrono::nanoseconds(0);
  return ParseDuration(*node->value<std::string>()).ValueOr(std::chrono::nanoseconds(0));
}

uint64_t Config::GetSize(std::string_view path) const {
  const toml::node* node = impl_->Get(path);
  if (node == nullptr) return 0;
  if (node->is_integer()) return static_cast<uint64_t>(*node->value<int64_t>());
  if (!node->is_string()) return 0;
  return ParseReadableSize(*node->value<std::string>()).ValueOr(0);
}

std::vector<std::string> Config::GetStringList(std::string_view path) const {
  std::vector<std::string> out;
  const toml::node* node = impl_->Get(path);
  if (node == nullptr || !node->is_array()) return out;
  for (const toml::node& item : *node->as_array()) {
    if (auto s = item.value<std::string>()) out.push_back(*s);
  }
  return out;
}

Status Config::Set(std::string_view path, std::string_view text) {
  const ConfigKey* key = impl_->schema.Find(path);
  if (key == nullptr) return Status::Unexpected("undeclared config key '{}'", path);
  auto it = impl_->sources.find(path);
  ConfigSource source = it == impl_->sources.end() ? ConfigSource::kDefault : it->second;
  return impl_->SetFromText(*key, text, source, SourceName(source));
}

const std::vector<std::string>& Config::unknown_keys() const { return impl_->unknown_keys; }

namespace {

// Keys whose values are credentials: shown as "******" wherever the configuration is printed.
bool IsSecretKey(std::string_view name) {
  return name == "secret_access_key" || name == "access_key_secret" || name == "account_key" ||
         name == "sas_token" || name == "credential" || name == "password";
}

void MaskSecrets(toml::table& table) {
  for (auto&& [key, node] : table) {
    if (toml::table* child = node.as_table()) {
      MaskSecrets(*child);
    } else if (toml::array* array = node.as_array()) {
      for (auto& element : *array) {
        if (toml::table* t = element.as_table()) MaskSecrets(*t);
      }
    } else if (node.is_string() && IsSecretKey(key.str()) && !node.as_string()->get().empty()) {
      *node.as_string() = "******";
    }
  }
}

}  // namespace

std::string Config::ToToml() const {
  toml::table shown = impl_->root;
  MaskSecrets(shown);
  std::ostringstream out;
  out << shown << "\n";
  return out.str();
}

}  // namespace greptime
