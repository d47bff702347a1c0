// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/auth/user_provider.h"

#include <openssl/evp.h>
#include <openssl/md5.h>
#include <openssl/sha.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "common/logging.h"
#include "common/strings.h"

namespace greptime::auth {
namespace {

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    parts.push_back(s.substr(start, at == std::string_view::npos ? s.npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return parts;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string Sha256(std::string_view data) {
  std::string out(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  // HMAC by hand over SHA-256 (RFC 2104), so no deprecated OpenSSL HMAC API is needed.
  std::string k(key);
  if (k.size() > 64) k = Sha256(k);
  k.resize(64, '\0');
  std::string inner(64, '\0'), outer(64, '\0');
  for (size_t i = 0; i < 64; ++i) {
    inner[i] = static_cast<char>(k[i] ^ 0x36);
    outer[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  return Sha256(outer + Sha256(inner + std::string(data)));
}

// How a user's password is checked.
struct Verifier {
  enum class Kind { kPlain, kPbkdf2, kMysqlNative, kPgScram } kind = Kind::kPlain;
  std::string plain;          // kPlain
  uint32_t iterations = 0;    // kPbkdf2, kPgScram
  std::string salt;           // raw bytes
  std::string hash;           // kPbkdf2: derived key; kMysqlNative: SHA1(SHA1(pwd))
  std::string stored_key;     // kPgScram
  std::string server_key;     // kPgScram
};

struct User {
  UserInfo info;
  Verifier verifier;
};

// "pbkdf2_sha256:<iter>:<hex salt>:<hex 32B>" and the other verifier forms; nullopt if a known
// prefix is malformed.
std::optional<Verifier> ParseVerifier(std::string_view text) {
  Verifier v;
  auto parts = Split(text, ':');
  auto iterations = [](std::string_view s) -> std::optional<uint32_t> {
    if (s.empty() || s.size() > 7) return std::nullopt;
    uint32_t n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + static_cast<uint32_t>(c - '0');
    }
    if (n < 1 || n > 1000000) return std::nullopt;
    return n;
  };
  if (parts[0] == "plain" && parts.size() >= 2) {
    v.plain = std::string(text.substr(6));
    return v;
  }
  if (parts[0] == "pbkdf2_sha256") {
    if (parts.size() != 4) return std::nullopt;
    auto n = iterations(parts[1]);
    auto salt = FromHex(parts[2]);
    auto hash = FromHex(parts[3]);
    if (!n || !salt || salt->empty() || salt->size() > 1024 || !hash || hash->size() != 32) {
      return std::nullopt;
    }
    v.kind = Verifier::Kind::kPbkdf2;
    v.iterations = *n;
    v.salt = *salt;
    v.hash = *hash;
    return v;
  }
  if (parts[0] == "mysql_native_password") {
    if (parts.size() != 2) return std::nullopt;
    auto hash = FromHex(parts[1]);
    if (!hash || hash->size() != 20) return std::nullopt;
    v.kind = Verifier::Kind::kMysqlNative;
    v.hash = *hash;
    return v;
  }
  if (parts[0] == "pg_scram_sha256") {
    if (parts.size() != 5) return std::nullopt;
    auto n = iterations(parts[1]);
    auto salt = FromHex(parts[2]);
    auto stored = FromHex(parts[3]);
    auto server = FromHex(parts[4]);
    if (!n || !salt || salt->empty() || !stored || stored->size() != 32 || !server ||
        server->size() != 32) {
      return std::nullopt;
    }
    v.kind = Verifier::Kind::kPgScram;
    v.iterations = *n;
    v.salt = *salt;
    v.stored_key = *stored;
    v.server_key = *server;
    return v;
  }
  v.plain = std::string(text);
  return v;
}

std::optional<Permission> ParsePermission(std::string_view text) {
  std::string p = AsciiLower(text);
  if (p == "rw" || p == "readwrite" || p == "read_write") return Permission::kReadWrite;
  if (p == "ro" || p == "readonly" || p == "read_only") return Permission::kReadOnly;
  if (p == "wo" || p == "writeonly" || p == "write_only") return Permission::kWriteOnly;
  return std::nullopt;
}

// One `username[:permission]=verifier` credential; nullopt when invalid.
std::optional<User> ParseCredential(std::string_view line) {
  size_t eq = line.find('=');
  if (eq == std::string_view::npos || line.find('=', eq + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string name = Trim(line.substr(0, eq));
  std::string verifier = Trim(line.substr(eq + 1));
  User user;
  if (size_t colon = name.find(':'); colon != std::string::npos) {
    auto permission = ParsePermission(name.substr(colon + 1));
    if (!permission) return std::nullopt;
    user.info.permission = *permission;
    name.resize(colon);
  }
  if (name.empty() || verifier.empty()) return std::nullopt;
  auto parsed = ParseVerifier(verifier);
  if (!parsed) return std::nullopt;
  user.info.name = name;
  user.verifier = std::move(*parsed);
  return user;
}

class StaticUserProvider final : public UserProvider {
 public:
  explicit StaticUserProvider(std::map<std::string, User, std::less<>> users)
      : users_(std::move(users)) {}

  Result<UserInfo> Authenticate(std::string_view name, std::string_view password) const override {
    GT_ASSIGN_OR_RETURN(const User* user, Find(name));
    if (password.empty()) return Status::InvalidArguments("Illegal param: blank password");
    const Verifier& v = user->verifier;
    bool ok = false;
    switch (v.kind) {
      case Verifier::Kind::kPlain:
        ok = ConstantTimeEqual(v.plain, password);
        break;
      case Verifier::Kind::kPbkdf2: {
        std::string derived(32, '\0');
        PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(v.salt.data()),
                          static_cast<int>(v.salt.size()), static_cast<int>(v.iterations),
                          EVP_sha256(), 32, reinterpret_cast<unsigned char*>(derived.data()));
        ok = ConstantTimeEqual(derived, v.hash);
        break;
      }
      case Verifier::Kind::kMysqlNative:
        ok = ConstantTimeEqual(Sha1(Sha1(password)), v.hash);
        break;
      case Verifier::Kind::kPgScram: {
        std::string salted(32, '\0');
        PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(v.salt.data()),
                          static_cast<int>(v.salt.size()), static_cast<int>(v.iterations),
                          EVP_sha256(), 32, reinterpret_cast<unsigned char*>(salted.data()));
        ok = ConstantTimeEqual(Sha256(HmacSha256(salted, "Client Key")), v.stored_key);
        break;
      }
    }
    if (!ok) return Mismatch(name);
    return user->info;
  }

  Result<UserInfo> AuthenticateMysqlNative(std::string_view name, std::string_view salt,
                                           std::string_view scramble) const override {
    GT_ASSIGN_OR_RETURN(const User* user, Find(name));
    const Verifier& v = user->verifier;
    std::string stage2;  // SHA1(SHA1(pwd))
    if (v.kind == Verifier::Kind::kPlain) {
      stage2 = Sha1(Sha1(v.plain));
    } else if (v.kind == Verifier::Kind::kMysqlNative) {
      stage2 = v.hash;
    } else {
      return Status(StatusCode::kUnsupportedPasswordType,
                    fmt::format("Unsupported password type for user {} over "
                                "mysql_native_password",
                                name));
    }
    if (scramble.empty()) return Status::InvalidArguments("Illegal param: blank password");
    if (scramble.size() != 20) return Mismatch(name);
    // scramble XOR SHA1(salt + stage2) = SHA1(pwd) = stage1; valid when SHA1(stage1) == stage2.
    std::string mask = Sha1(std::string(salt) + stage2);
    std::string stage1(20, '\0');
    for (size_t i = 0; i < 20; ++i) stage1[i] = static_cast<char>(scramble[i] ^ mask[i]);
    if (!ConstantTimeEqual(Sha1(stage1), stage2)) return Mismatch(name);
    return user->info;
  }

  Result<UserInfo> AuthenticatePgMd5(std::string_view name, std::string_view salt,
                                     std::string_view response) const override {
    GT_ASSIGN_OR_RETURN(const User* user, Find(name));
    if (user->verifier.kind != Verifier::Kind::kPlain) {
      return Status(StatusCode::kUnsupportedPasswordType,
                    fmt::format("Unsupported password type for user {} over MD5", name));
    }
    if (response.empty()) return Status::InvalidArguments("Illegal param: blank password");
    std::string inner = Md5Hex(user->verifier.plain + std::string(name));
    std::string expected = "md5" + Md5Hex(inner + std::string(salt));
    if (!ConstantTimeEqual(expected, response)) return Mismatch(name);
    return user->info;
  }

 private:
  Result<const User*> Find(std::string_view name) const {
    if (name.empty()) return Status::InvalidArguments("Illegal param: blank username");
    auto it = users_.find(name);
    if (it == users_.end()) {
      return Status(StatusCode::kUserNotFound, fmt::format("User not found, username: {}", name));
    }
    return &it->second;
  }
  static Status Mismatch(std::string_view name) {
    return Status(StatusCode::kUserPasswordMismatch,
                  fmt::format("Username and password does not match, username: {}", name));
  }

  std::map<std::string, User, std::less<>> users_;
};

Status InvalidConfig(std::string_view spec, std::string_view reason) {
  return Status::InvalidArguments("Invalid config value: {}, {}", spec, reason);
}

using UserMap = std::map<std::string, User, std::less<>>;

// The credentials of a user file; nullopt when it is missing or not a regular file. Invalid
// lines are logged and skipped.
std::optional<UserMap> ReadUserFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  UserMap users;
  std::ifstream in{path};
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string text = Trim(line);
    if (text.empty() || text[0] == '#') continue;
    auto user = ParseCredential(text);
    if (!user) {
      GT_LOG_WARN("user file {} line {}: not a valid credential, skipped", path, number);
      continue;
    }
    users[user->info.name] = std::move(*user);
  }
  return users;
}

// The file's size and modification time, or "" when it cannot be read.
std::string FileStamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return fmt::format("{}:{}.{}", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

// watch_file_user_provider: a static provider over a file that is read again whenever its size
// or modification time changed (checked on each authentication: one stat). A file that
// disappears or holds no valid credential leaves no user able to log in until it is fixed.
class WatchFileUserProvider final : public UserProvider {
 public:
  WatchFileUserProvider(std::string path, UserMap users)
      : path_(std::move(path)),
        stamp_(FileStamp(path_)),
        current_(std::make_shared<StaticUserProvider>(std::move(users))) {}

  Result<UserInfo> Authenticate(std::string_view user, std::string_view password) const override {
    return Current()->Authenticate(user, password);
  }
  Result<UserInfo> AuthenticateMysqlNative(std::string_view user, std::string_view salt,
                                           std::string_view scramble) const override {
    return Current()->AuthenticateMysqlNative(user, salt, scramble);
  }
  Result<UserInfo> AuthenticatePgMd5(std::string_view user, std::string_view salt,
                                     std::string_view response) const override {
    return Current()->AuthenticatePgMd5(user, salt, response);
  }

 private:
  std::shared_ptr<const StaticUserProvider> Current() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::string stamp = FileStamp(path_);
    if (stamp != stamp_) {
      stamp_ = stamp;
      std::optional<UserMap> users = ReadUserFile(path_);
      if (!users) {
        GT_LOG_WARN("user file {} is gone: no user can log in until it is back", path_);
        users.emplace();
      } else if (users->empty()) {
        GT_LOG_WARN("user file {} holds no valid credential: no user can log in", path_);
      } else {
        GT_LOG_INFO("user file {} reloaded: {} users", path_, users->size());
      }
      current_ = std::make_shared<StaticUserProvider>(std::move(*users));
    }
    return current_;
  }

  const std::string path_;
  mutable std::mutex mu_;
  mutable std::string stamp_;                                   // guarded by mu_
  mutable std::shared_ptr<const StaticUserProvider> current_;  // guarded by mu_
};

}  // namespace

std::string Sha1(std::string_view data) {
  std::string out(SHA_DIGEST_LENGTH, '\0');
  SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
       reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string Md5Hex(std::string_view data) {
  unsigned char digest[16];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr);
  return ToHex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' ||
              (c == '=' && i + 2 >= text.size());
    if (!ok) return std::nullopt;
  }
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

Status CheckPermission(const UserInfo& user, bool write) {
  bool allowed = user.permission == Permission::kReadWrite ||
                 (write ? user.permission == Permission::kWriteOnly
                        : user.permission == Permission::kReadOnly);
  if (allowed) return Status::OK();
  return Status(StatusCode::kPermissionDenied, "User is not authorized to perform this action");
}

Result<std::unique_ptr<UserProvider>> MakeUserProvider(std::string_view spec) {
  size_t colon = spec.find(':');
  if (colon == std::string_view::npos) return InvalidConfig(spec, "expected <provider>:<mode>");
  std::string_view provider = spec.substr(0, colon);
  std::string_view rest = spec.substr(colon + 1);
  std::string mode;
  std::string_view value;
  if (provider == "static_user_provider") {
    size_t c = rest.find(':');
    if (c == std::string_view::npos) return InvalidConfig(spec, "expected static_user_provider:<file|cmd>:<value>");
    mode = std::string(rest.substr(0, c));
    value = rest.substr(c + 1);
    if (mode != "file" && mode != "cmd") {
      return InvalidConfig(spec, fmt::format("unsupported static user provider mode {}", mode));
    }
  } else if (provider == "watch_file_user_provider") {
    mode = "file";
    value = rest;
  } else {
    return InvalidConfig(spec, fmt::format("unknown user provider {}", provider));
  }
  UserMap users;
  if (mode == "cmd") {
    for (std::string_view entry : Split(value, ',')) {
      auto user = ParseCredential(entry);
      if (!user) return InvalidConfig(spec, fmt::format("malformed credential '{}'", entry));
      users[user->info.name] = std::move(*user);
    }
  } else {
    std::optional<UserMap> read = ReadUserFile(std::string(value));
    if (!read) {
      return InvalidConfig(spec, fmt::format("user file {} is missing or not a file", value));
    }
    users = std::move(*read);
  }
  if (users.empty()) return InvalidConfig(spec, "no valid credential");
  if (provider == "watch_file_user_provider") {
    return std::unique_ptr<UserProvider>(
        std::make_unique<WatchFileUserProvider>(std::string(value), std::move(users)));
  }
  return std::unique_ptr<UserProvider>(std::make_unique<StaticUserProvider>(std::move(users)));
}

}  // namespace greptime::auth
