// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Authentication for every protocol (spec/cli-and-config.md §3): the static user provider,
// configured as `static_user_provider:file:<path>` or `static_user_provider:cmd:u=p,...`
// (`watch_file_user_provider:<path>` is read again whenever the file changes). Users have a
// permission and a verifier: a plain password, pbkdf2_sha256, mysql_native_password (SHA1(SHA1(pwd))) or
// pg_scram_sha256. No provider configured (nullptr) means open access.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace greptime::auth {

enum class Permission { kReadWrite, kReadOnly, kWriteOnly };

struct UserInfo {
  std::string name;
  Permission permission = Permission::kReadWrite;
};

// Errors of every Authenticate*: kInvalidArguments "Illegal param: blank username" / "blank
// password"; kUserNotFound "User not found, username: <u>"; kUserPasswordMismatch "Username and
// password does not match, username: <u>"; kUnsupportedPasswordType when the user's verifier
// cannot check this kind of proof (e.g. a pbkdf2 user over mysql_native_password).
class UserProvider {
 public:
  virtual ~UserProvider() = default;

  // A password in clear (HTTP Basic, InfluxDB u/p, PostgreSQL cleartext, MySQL clear).
  virtual Result<UserInfo> Authenticate(std::string_view user, std::string_view password) const = 0;
  // MySQL mysql_native_password: `scramble` = SHA1(pwd) XOR SHA1(salt + SHA1(SHA1(pwd))), 20
  // bytes (an empty scramble means an empty password); `salt` is the 20-byte server nonce.
  virtual Result<UserInfo> AuthenticateMysqlNative(std::string_view user, std::string_view salt,
                                                   std::string_view scramble) const = 0;
  // PostgreSQL MD5: `response` = "md5" + hex(md5(hex(md5(pwd + user)) + salt)), `salt` 4 bytes.
  // Needs the password in clear (plain verifiers only).
  virtual Result<UserInfo> AuthenticatePgMd5(std::string_view user, std::string_view salt,
                                             std::string_view response) const = 0;
};

// Parses a provider spec and loads its users. kInvalidArguments "Invalid config value: <spec>,
// <reason>" (spec/cli-and-config.md §3).
Result<std::unique_ptr<UserProvider>> MakeUserProvider(std::string_view spec);

// Whether `permission` allows reading / writing (kPermissionDenied "User is not authorized to
// perform this action" otherwise).
Status CheckPermission(const UserInfo& user, bool write);

// Standard base64 (with padding); nullopt when malformed.
std::optional<std::string> Base64Decode(std::string_view text);

// Digests, exposed for the protocol servers and tests.
std::string Sha1(std::string_view data);    // 20 raw bytes
std::string Md5Hex(std::string_view data);  // 32 lowercase hex chars

}  // namespace greptime::auth
