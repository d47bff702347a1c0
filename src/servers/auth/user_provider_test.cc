// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/auth/user_provider.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/testing.h"

namespace greptime::auth {
namespace {

std::string Xor(const std::string& a, const std::string& b) {
  std::string out(a.size(), '\0');
  for (size_t i = 0; i < a.size(); ++i) out[i] = static_cast<char>(a[i] ^ b[i]);
  return out;
}

std::string Hex(const std::string& bytes) {
  std::string out;
  for (unsigned char c : bytes) out += fmt::format("{:02x}", c);
  return out;
}

// What a MySQL client sends for `password` and the server's 20-byte salt.
std::string MysqlScramble(const std::string& password, const std::string& salt) {
  std::string stage1 = Sha1(password);
  return Xor(stage1, Sha1(salt + Sha1(stage1)));
}

TEST(UserProviderTest, CmdUsersAndErrors) {
  ASSERT_OK_AND_ASSIGN(auto users, MakeUserProvider("static_user_provider:cmd:alice=pa,bob=pb"));
  ASSERT_OK_AND_ASSIGN(UserInfo alice, users->Authenticate("alice", "pa"));
  EXPECT_EQ(alice.name, "alice");
  EXPECT_EQ(alice.permission, Permission::kReadWrite);
  ASSERT_STATUS_CODE(users->Authenticate("alice", "pb"), StatusCode::kUserPasswordMismatch);
  ASSERT_STATUS_CODE(users->Authenticate("carol", "x"), StatusCode::kUserNotFound);
  ASSERT_STATUS_CODE(users->Authenticate("", "x"), StatusCode::kInvalidArguments);
  ASSERT_STATUS_CODE(users->Authenticate("bob", ""), StatusCode::kInvalidArguments);
  auto missing = users->Authenticate("carol", "x");
  EXPECT_EQ(missing.status().message(), "User not found, username: carol");
}

TEST(UserProviderTest, BadSpecsFailWithInvalidConfigValue) {
  for (const char* spec : {"nocolon", "other_provider:cmd:a=b", "static_user_provider:ldap:x",
                           "static_user_provider:cmd:a", "static_user_provider:file:/no/such"}) {
    auto r = MakeUserProvider(spec);
    SCOPED_TRACE(spec);
    ASSERT_STATUS_CODE(r, StatusCode::kInvalidArguments);
    EXPECT_EQ(r.status().message().rfind("Invalid config value: ", 0), 0u) << spec;
  }
}

TEST(UserProviderTest, FileWithPermissionsAndVerifiers) {
  std::string path = (std::filesystem::temp_directory_path() / "gt_users_test.txt").string();
  {
    std::ofstream out(path);
    out << "# users\n\n greptime_user=greptime_pwd \nreader:readonly=rpw\nwriter:wo=plain:wpw\n"
        << "native=mysql_native_password:" << Hex(Sha1(Sha1("npw"))) << "\n"
        << "bad:nosuchperm=x\nbroken=a=b\n";
  }
  ASSERT_OK_AND_ASSIGN(auto users, MakeUserProvider("static_user_provider:file:" + path));
  ASSERT_OK(users->Authenticate("greptime_user", "greptime_pwd").status());
  ASSERT_OK_AND_ASSIGN(UserInfo reader, users->Authenticate("reader", "rpw"));
  EXPECT_EQ(reader.permission, Permission::kReadOnly);
  ASSERT_OK(CheckPermission(reader, false));
  ASSERT_STATUS_CODE(CheckPermission(reader, true), StatusCode::kPermissionDenied);
  ASSERT_OK_AND_ASSIGN(UserInfo writer, users->Authenticate("writer", "wpw"));
  ASSERT_STATUS_CODE(CheckPermission(writer, false), StatusCode::kPermissionDenied);
  ASSERT_OK(users->Authenticate("native", "npw").status());
  ASSERT_STATUS_CODE(users->Authenticate("bad", "x"), StatusCode::kUserNotFound);
  ASSERT_STATUS_CODE(users->Authenticate("broken", "a=b"), StatusCode::kUserNotFound);
  std::remove(path.c_str());
}

TEST(UserProviderTest, WatchFileProviderReloadsTheChangedFile) {
  std::string path = (std::filesystem::temp_directory_path() / "gt_watch_users_test.txt").string();
  auto write = [&](const std::string& text) {
    std::ofstream out(path, std::ios::trunc);
    out << text;
  };
  write("alice=one\n");
  ASSERT_OK_AND_ASSIGN(auto users, MakeUserProvider("watch_file_user_provider:" + path));
  ASSERT_OK(users->Authenticate("alice", "one").status());
  ASSERT_STATUS_CODE(users->Authenticate("bob", "two"), StatusCode::kUserNotFound);

  // A changed password and a new user take effect at the next authentication (the size
  // changes, so the check does not depend on the file system's timestamp resolution).
  write("alice=uno\nbob:ro=two\n");
  ASSERT_STATUS_CODE(users->Authenticate("alice", "one"), StatusCode::kUserPasswordMismatch);
  ASSERT_OK(users->Authenticate("alice", "uno").status());
  ASSERT_OK_AND_ASSIGN(UserInfo bob, users->Authenticate("bob", "two"));
  EXPECT_EQ(bob.permission, Permission::kReadOnly);
  std::string salt(20, 's');
  ASSERT_OK(users->AuthenticateMysqlNative("bob", salt, MysqlScramble("two", salt)).status());

  // A removed file leaves nobody able to log in; it works again once the file is back.
  std::remove(path.c_str());
  ASSERT_STATUS_CODE(users->Authenticate("alice", "uno"), StatusCode::kUserNotFound);
  write("alice=tres\n");
  ASSERT_OK(users->Authenticate("alice", "tres").status());

  // The plain static file provider reads its file once.
  ASSERT_OK_AND_ASSIGN(auto fixed, MakeUserProvider("static_user_provider:file:" + path));
  write("alice=quattro\n");
  ASSERT_OK(fixed->Authenticate("alice", "tres").status());
  std::remove(path.c_str());
}

TEST(UserProviderTest, MysqlNativePassword) {
  ASSERT_OK_AND_ASSIGN(auto users,
                       MakeUserProvider("static_user_provider:cmd:u=secret,h=mysql_native_password:" +
                                        Hex(Sha1(Sha1("hashed")))));
  const std::string salt = "0123456789abcdefghij";
  ASSERT_OK(users->AuthenticateMysqlNative("u", salt, MysqlScramble("secret", salt)).status());
  ASSERT_OK(users->AuthenticateMysqlNative("h", salt, MysqlScramble("hashed", salt)).status());
  ASSERT_STATUS_CODE(users->AuthenticateMysqlNative("u", salt, MysqlScramble("wrong", salt)),
                     StatusCode::kUserPasswordMismatch);
  ASSERT_STATUS_CODE(users->AuthenticateMysqlNative("u", salt, ""), StatusCode::kInvalidArguments);
}

TEST(UserProviderTest, PgMd5AndPbkdf2) {
  // pbkdf2_sha256 of "password" with salt "salt", 4096 iterations (the value of Python's
  // hashlib.pbkdf2_hmac('sha256', b'password', b'salt', 4096)).
  ASSERT_OK_AND_ASSIGN(
      auto users,
      MakeUserProvider("static_user_provider:cmd:pg=pgpw,k=pbkdf2_sha256:4096:73616c74:"
                       "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"));
  const std::string salt = "\x01\x02\x03\x04";
  std::string response = "md5" + Md5Hex(Md5Hex("pgpwpg") + salt);
  ASSERT_OK(users->AuthenticatePgMd5("pg", salt, response).status());
  ASSERT_STATUS_CODE(users->AuthenticatePgMd5("pg", salt, "md5" + std::string(32, '0')),
                     StatusCode::kUserPasswordMismatch);
  ASSERT_OK(users->Authenticate("k", "password").status());
  ASSERT_STATUS_CODE(users->Authenticate("k", "pw"), StatusCode::kUserPasswordMismatch);
  ASSERT_STATUS_CODE(users->AuthenticatePgMd5("k", salt, response),
                     StatusCode::kUnsupportedPasswordType);
}

}  // namespace
}  // namespace greptime::auth
