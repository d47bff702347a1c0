// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The server on a loopback port over an in-process Frontend (memory catalog, mito engine on a
// temporary directory), driven by a small blocking client written against the protocol.
#include "servers/mysql/mysql_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "common/testing.h"
#include "meta/kv_backend.h"
#include "servers/mysql/mysql_packet.h"
#include "storage/object_store/object_store.h"

namespace greptime::servers::mysql {
namespace {

// One server reply: OK (affected rows), ERR (code, message) or a result set.
struct Reply {
  enum Kind { kOk, kErr, kRows, kNone } kind = kNone;
  uint64_t affected = 0;
  uint16_t status = 0;
  uint16_t warnings = 0;
  uint16_t code = 0;
  std::string message;
  std::vector<std::string> names;
  std::vector<uint8_t> types;
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::vector<std::string> raw_rows;  // binary rows, undecoded
};

class TestClient {
 public:
  ~TestClient() { Close(); }

  bool Connect(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    return ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int fd() const { return fd_; }

  bool SendRaw(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  bool Send(std::string_view payload, uint8_t seq) {
    std::string frame;
    frame += static_cast<char>(payload.size() & 0xFF);
    frame += static_cast<char>((payload.size() >> 8) & 0xFF);
    frame += static_cast<char>((payload.size() >> 16) & 0xFF);
    frame += static_cast<char>(seq);
    frame += payload;
    return SendRaw(frame);
  }
  // One payload (continuation chunks joined), or nullopt on EOF/timeout.
  std::optional<std::string> Read() {
    std::string payload;
    while (true) {
      char header[4];
      if (!ReadExactly(header, 4)) return std::nullopt;
      size_t len = static_cast<uint8_t>(header[0]) | (static_cast<uint8_t>(header[1]) << 8) |
                   (static_cast<uint8_t>(header[2]) << 16);
      last_seq_ = static_cast<uint8_t>(header[3]);
      const size_t old = payload.size();
      payload.resize(old + len);
      if (len > 0 && !ReadExactly(payload.data() + old, len)) return std::nullopt;
      if (len < kMaxPacketChunk) return payload;
    }
  }
  // True when the server closed the connection (EOF) within the receive timeout.
  bool ClosedByServer() {
    char c;
    while (true) {
      ssize_t n = ::recv(fd_, &c, 1, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
    }
  }

  // Reads the greeting and authenticates; returns the server's answer (OK or ERR).
  Reply Handshake(const std::string& user, const std::string& password,
                  const std::string& db = "", const std::string& plugin = "mysql_native_password") {
    auto greeting = Read();
    if (!greeting) return Reply{};
    PacketReader r(*greeting);
    r.Int1();
    r.NulString();
    r.Int4();
    std::string salt(*r.Bytes(8));
    r.Int1();
    r.Bytes(2 + 1 + 2 + 2 + 1 + 10);
    salt += r.NulString();
    uint32_t caps = kClientProtocol41 | kClientSecureConnection | kClientPluginAuth |
                    kClientPluginAuthLenencClientData | kClientDeprecateEof |
                    kClientMultiStatements | kClientMultiResults;
    if (!db.empty()) caps |= kClientConnectWithDb;
    PacketWriter w;
    w.Int4(caps).Int4(1 << 24).Int1(0x21).Zeros(23).NulString(user);
    w.LenencString(plugin == "mysql_native_password" ? Scramble(password, salt) : "junk");
    if (!db.empty()) w.NulString(db);
    w.NulString(plugin);
    Send(w.data(), 1);
    auto reply = Read();
    if (!reply) return Reply{};
    if (static_cast<uint8_t>((*reply)[0]) == 0xFE) {  // AuthSwitchRequest
      PacketReader sw(*reply);
      sw.Int1();
      EXPECT_EQ(sw.NulString(), "mysql_native_password");
      std::string new_salt(sw.NulString());
      Send(Scramble(password, new_salt), static_cast<uint8_t>(last_seq_ + 1));
      reply = Read();
      if (!reply) return Reply{};
    }
    return Parse(*reply);
  }

  static std::string Scramble(const std::string& password, const std::string& salt) {
    if (password.empty()) return "";
    std::string stage1 = auth::Sha1(password);
    std::string mask = auth::Sha1(salt.substr(0, 20) + auth::Sha1(stage1));
    for (size_t i = 0; i < stage1.size(); ++i) stage1[i] = static_cast<char>(stage1[i] ^ mask[i]);
    return stage1;
  }

  Reply Parse(const std::string& p) {
    Reply reply;
    PacketReader r(p);
    const uint8_t first = static_cast<uint8_t>(p.empty() ? 0 : p[0]);
    if (first == 0x00 || (first == 0xFE && p.size() < 9)) {
      r.Int1();
      reply.kind = Reply::kOk;
      reply.affected = r.LenencInt().value_or(0);
      r.LenencInt();
      reply.status = r.Int2().value_or(0);
      reply.warnings = r.Int2().value_or(0);
    } else if (first == 0xFF) {
      r.Int1();
      reply.kind = Reply::kErr;
      reply.code = *r.Int2();
      reply.message = std::string(r.Rest());
    }
    return reply;
  }

  // Sends a command and reads one complete reply (one result set when several follow).
  Reply Command(uint8_t command, std::string_view body, bool binary = false) {
    std::string payload(1, static_cast<char>(command));
    payload += body;
    if (!Send(payload, 0)) return Reply{};
    return ReadReply(binary);
  }
  Reply Query(std::string_view sql) { return Command(kComQuery, sql); }

  Reply ReadReply(bool binary) {
    auto first = Read();
    if (!first) return Reply{};
    const uint8_t b = static_cast<uint8_t>((*first)[0]);
    if (b == 0x00 || b == 0xFF || (b == 0xFE && first->size() < 9)) return Parse(*first);
    Reply reply;
    reply.kind = Reply::kRows;
    const uint64_t n = *PacketReader(*first).LenencInt();
    for (uint64_t i = 0; i < n; ++i) {
      auto def = Read();
      if (!def) return Reply{};
      PacketReader d(*def);
      for (int k = 0; k < 4; ++k) d.LenencString();
      reply.names.emplace_back(*d.LenencString());
      d.LenencString();
      d.LenencInt();
      d.Int2();
      d.Int4();
      reply.types.push_back(*d.Int1());
    }
    while (true) {
      auto row = Read();
      if (!row) return Reply{};
      if (static_cast<uint8_t>((*row)[0]) == 0xFE && row->size() < 9) {
        Reply end = Parse(*row);
        reply.status = end.status;
        reply.warnings = end.warnings;
        return reply;
      }
      if (binary) {
        reply.raw_rows.push_back(*row);
        continue;
      }
      PacketReader rr(*row);
      std::vector<std::optional<std::string>> cells;
      for (uint64_t i = 0; i < n; ++i) {
        if (rr.remaining() > 0 && static_cast<uint8_t>((*row)[row->size() - rr.remaining()]) ==
                                      0xFB) {
          rr.Int1();
          cells.emplace_back(std::nullopt);
        } else {
          cells.emplace_back(std::string(rr.LenencString().value_or("?")));
        }
      }
      reply.rows.push_back(std::move(cells));
    }
  }

  uint8_t last_seq() const { return last_seq_; }

 private:
  bool ReadExactly(char* out, size_t n) {
    while (n > 0) {
      ssize_t got = ::recv(fd_, out, n, 0);
      if (got <= 0) return false;
      out += got;
      n -= static_cast<size_t>(got);
    }
    return true;
  }

  int fd_ = -1;
  uint8_t last_seq_ = 0;
};

class MysqlServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("mysql_server_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    auto store = storage::NewFsObjectStore((root_ / "store").string());
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    storage::MitoEngineOptions options;
    options.wal_dir = (root_ / "wal").string();
    options.num_workers = 1;
    ASSERT_OK_AND_ASSIGN(auto engine, storage::NewMitoEngine(options, store_.get()));
    regions_ = std::make_unique<datanode::RegionServer>();
    regions_->RegisterEngine(std::move(engine));
    kv_ = meta::NewMemoryKvBackend();
    ASSERT_OK_AND_ASSIGN(catalog_, catalog::NewKvCatalogManager(*kv_));
    fe_ = std::make_unique<frontend::Frontend>(*catalog_, *regions_, frontend::FrontendOptions{});
    ASSERT_OK(fe_->OpenRegions());
  }
  void TearDown() override {
    server_.reset();
    fe_.reset();
    if (regions_) regions_->Stop();
    regions_.reset();
    catalog_.reset();
    store_.reset();
    std::filesystem::remove_all(root_);
  }

  void StartServer(MysqlServerOptions options = {}) {
    options.addr = "127.0.0.1:0";
    options.execution_threads = 2;
    ASSERT_OK_AND_ASSIGN(server_, MysqlServer::Start(options, *fe_, users_.get()));
    const std::string addr = server_->bound_address();
    port_ = std::stoi(addr.substr(addr.rfind(':') + 1));
  }

  std::unique_ptr<TestClient> Login(const std::string& user = "root",
                                    const std::string& password = "",
                                    const std::string& db = "") {
    auto c = std::make_unique<TestClient>();
    EXPECT_TRUE(c->Connect(port_));
    Reply r = c->Handshake(user, password, db);
    EXPECT_EQ(r.kind, Reply::kOk) << r.message;
    return c;
  }

  std::filesystem::path root_;
  std::unique_ptr<storage::ObjectStore> store_;
  std::unique_ptr<meta::KvBackend> kv_;
  std::unique_ptr<catalog::CatalogManager> catalog_;
  std::unique_ptr<datanode::RegionServer> regions_;
  std::unique_ptr<frontend::Frontend> fe_;
  std::unique_ptr<auth::UserProvider> users_;
  std::unique_ptr<MysqlServer> server_;
  int port_ = 0;
};

TEST_F(MysqlServerTest, QueriesReturnTypedResultSets) {
  StartServer();
  auto c = Login();
  EXPECT_EQ(c->Query("CREATE TABLE cpu (host STRING, ts TIMESTAMP TIME INDEX, usage DOUBLE, "
                     "n BIGINT UNSIGNED, PRIMARY KEY(host))").kind,
            Reply::kOk);
  Reply ins = c->Query("INSERT INTO cpu VALUES ('a', 1000, 1.5, 7), ('b', 2000, NULL, 8)");
  EXPECT_EQ(ins.kind, Reply::kOk);
  EXPECT_EQ(ins.affected, 2u);
  Reply sel = c->Query("SELECT host, ts, usage, n FROM cpu ORDER BY ts");
  ASSERT_EQ(sel.kind, Reply::kRows) << sel.message;
  EXPECT_EQ(sel.names, (std::vector<std::string>{"host", "ts", "usage", "n"}));
  EXPECT_EQ(sel.types, (std::vector<uint8_t>{15, 7, 5, 8}));
  ASSERT_EQ(sel.rows.size(), 2u);
  EXPECT_EQ(sel.rows[0], (std::vector<std::optional<std::string>>{
                             "a", "1970-01-01 00:00:01", "1.5", "7"}));
  EXPECT_EQ(sel.rows[1][2], std::nullopt);

  Reply err = c->Query("SELECT * FROM missing");
  EXPECT_EQ(err.kind, Reply::kErr);
  EXPECT_EQ(err.code, 1146);
  EXPECT_NE(err.message.find("#42S02(TableNotFound): "), std::string::npos) << err.message;
  EXPECT_EQ(c->Query("SELECT 1 +").code, 1149);

  // Session time zone.
  EXPECT_EQ(c->Query("SET time_zone = '+08:00'").kind, Reply::kOk);
  sel = c->Query("SELECT ts FROM cpu ORDER BY ts LIMIT 1");
  EXPECT_EQ(sel.rows.at(0).at(0), "1970-01-01 08:00:01");
  sel = c->Query("SELECT @@time_zone");
  EXPECT_EQ(sel.rows.at(0).at(0), "+08:00");
}

TEST_F(MysqlServerTest, MultiStatementsAndProbes) {
  StartServer();
  auto c = Login();
  ASSERT_TRUE(c->Send(std::string(1, kComQuery) + "SELECT 1; SELECT 'x' AS y", 0));
  Reply first = c->ReadReply(false);
  ASSERT_EQ(first.kind, Reply::kRows);
  EXPECT_TRUE(first.status & kServerMoreResultsExists);
  Reply second = c->ReadReply(false);
  ASSERT_EQ(second.kind, Reply::kRows);
  EXPECT_FALSE(second.status & kServerMoreResultsExists);
  EXPECT_EQ(second.names, std::vector<std::string>{"y"});

  Reply v = c->Query("SELECT @@version_comment LIMIT 1");
  EXPECT_EQ(v.rows.at(0).at(0), "GreptimeDB");
  EXPECT_EQ(c->Query("SET NAMES utf8mb4").kind, Reply::kOk);
  EXPECT_EQ(c->Query("SELECT DATABASE()").rows.at(0).at(0), "public");
  Reply id = c->Query("SELECT CONNECTION_ID()");
  ASSERT_EQ(id.kind, Reply::kRows);
  EXPECT_NE(id.rows.at(0).at(0), "0");
  EXPECT_EQ(c->Command(kComPing, "").kind, Reply::kOk);

  // Unsupported SET: accepted with a warning that SHOW WARNINGS lists once.
  Reply set = c->Query("SET @@session.sql_mode = 'TRADITIONAL'");
  EXPECT_EQ(set.kind, Reply::kOk);
  EXPECT_EQ(set.warnings, 1);
  Reply warnings = c->Query("SHOW WARNINGS");
  ASSERT_EQ(warnings.rows.size(), 1u);
  EXPECT_EQ(warnings.rows[0][0], "Warning");
  EXPECT_NE(warnings.rows[0][2]->find("Unsupported set variable"), std::string::npos);
  c->Query("SELECT 1");
  EXPECT_TRUE(c->Query("SHOW WARNINGS").rows.empty());
}

TEST_F(MysqlServerTest, SessionVariables) {
  StartServer();
  auto c = Login();
  EXPECT_EQ(c->Query("SET @@session.time_zone = '+09:00'").warnings, 0);
  EXPECT_EQ(c->Query("SELECT @@session.time_zone").rows.at(0).at(0), "+09:00");
  EXPECT_EQ(c->Query("SET max_execution_time = 1000").warnings, 0);
  EXPECT_EQ(c->Query("SET time_zone = 'nowhere'").kind, Reply::kErr);
  EXPECT_EQ(c->Query("SELECT @@time_zone").rows.at(0).at(0), "+09:00");
  EXPECT_EQ(c->Query("SHOW VARIABLES LIKE 'sql_mode'").rows.at(0).at(0), "sql_mode");
  Reply packet = c->Query("SELECT @@max_allowed_packet");
  EXPECT_EQ(packet.types, std::vector<uint8_t>{3});
  EXPECT_EQ(packet.rows.at(0).at(0), "67108864");
  EXPECT_EQ(c->Command(kComFieldList, std::string("t\0", 2)).kind, Reply::kOk);
  EXPECT_EQ(c->Command(0x55, "whatever").kind, Reply::kOk);  // unknown command: plain OK
}

TEST_F(MysqlServerTest, PacketsSpanningSeveralChunks) {
  MysqlServerOptions options;
  options.max_packet_bytes = 20u << 20;
  StartServer(options);
  auto c = Login();
  // A query of exactly 0xFFFFFF bytes: the client must follow it with an empty chunk.
  std::string query = "SELECT 1 AS one /*";
  query += std::string(kMaxPacketChunk - 1 - query.size() - 2, 'x') + "*/";
  std::string payload = std::string(1, kComQuery) + query;
  ASSERT_EQ(payload.size(), kMaxPacketChunk);
  ASSERT_TRUE(c->Send(payload, 0));
  ASSERT_TRUE(c->Send("", 1));
  Reply r = c->ReadReply(false);
  ASSERT_EQ(r.kind, Reply::kRows);
  EXPECT_EQ(r.rows.at(0).at(0), "1");
  // A row larger than one chunk comes back split and is joined by the client.
  r = c->Query("SELECT repeat('ab', 9000000) AS big");
  ASSERT_EQ(r.kind, Reply::kRows) << r.message;
  EXPECT_EQ(r.rows.at(0).at(0)->size(), 18000000u);
}

TEST_F(MysqlServerTest, UseAndInitDb) {
  StartServer();
  auto c = Login();
  EXPECT_EQ(c->Query("CREATE DATABASE d1").affected, 1u);
  EXPECT_EQ(c->Query("USE `d1`;").kind, Reply::kOk);
  EXPECT_EQ(c->Query("SELECT database()").rows.at(0).at(0), "d1");
  Reply bad = c->Command(kComInitDb, "nope");
  EXPECT_EQ(bad.code, 1102);
  EXPECT_NE(bad.message.find("Unknown database 'nope'"), std::string::npos);
  // USE followed by more statements runs them all.
  ASSERT_TRUE(c->Send(std::string(1, kComQuery) + "USE public; SELECT database()", 0));
  EXPECT_EQ(c->ReadReply(false).kind, Reply::kOk);
  EXPECT_EQ(c->ReadReply(false).rows.at(0).at(0), "public");
  EXPECT_EQ(c->Query("USE d1").kind, Reply::kOk);
  EXPECT_EQ(c->Command(kComInitDb, "greptime-public").kind, Reply::kOk);
  EXPECT_EQ(c->Query("SELECT database()").rows.at(0).at(0), "public");

  // The database of the handshake.
  auto d = Login("root", "", "d1");
  EXPECT_EQ(d->Query("SELECT database()").rows.at(0).at(0), "d1");
  TestClient e;
  ASSERT_TRUE(e.Connect(port_));
  EXPECT_EQ(e.Handshake("root", "", "nope").code, 1102);
  EXPECT_TRUE(e.ClosedByServer());
}

TEST_F(MysqlServerTest, PreparedStatementsUseTheBinaryProtocol) {
  StartServer();
  auto c = Login();
  ASSERT_EQ(c->Query("CREATE TABLE t (ts TIMESTAMP(3) TIME INDEX, i BIGINT, s STRING, d DOUBLE)")
                .kind,
            Reply::kOk);
  // Prepare an INSERT with 4 parameters.
  ASSERT_TRUE(c->Send(std::string(1, kComStmtPrepare) + "INSERT INTO t VALUES (?, ?, ?, ?)", 0));
  auto ok = c->Read();
  ASSERT_TRUE(ok);
  PacketReader r(*ok);
  EXPECT_EQ(r.Int1(), 0);
  const uint32_t id = *r.Int4();
  EXPECT_EQ(r.Int2(), 0);
  EXPECT_EQ(r.Int2(), 4);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(c->Read());  // parameter definitions

  PacketWriter exec;
  exec.Int4(id).Int1(0).Int4(1).Int1(0x08).Int1(1);  // param 3 (d) NULL
  exec.Int1(12).Int1(0).Int1(8).Int1(0).Int1(253).Int1(0).Int1(5).Int1(0);
  exec.Int1(11).Int2(2024).Int1(1).Int1(2).Int1(3).Int1(4).Int1(5).Int4(6000);
  exec.Int8(static_cast<uint64_t>(-9));
  exec.LenencString("it's");
  Reply inserted = c->Command(kComStmtExecute, exec.data(), true);
  ASSERT_EQ(inserted.kind, Reply::kOk) << inserted.message;
  EXPECT_EQ(inserted.affected, 1u);

  ASSERT_TRUE(c->Send(std::string(1, kComStmtPrepare) + "SELECT i, s, d, ts FROM t WHERE i = ?",
                      0));
  ok = c->Read();
  ASSERT_TRUE(ok);
  const uint32_t sel = *PacketReader(ok->substr(1)).Int4();
  ASSERT_TRUE(c->Read());  // one parameter definition
  PacketWriter q;
  q.Int4(sel).Int1(0).Int4(1).Int1(0).Int1(1).Int1(8).Int1(0).Int8(static_cast<uint64_t>(-9));
  Reply rows = c->Command(kComStmtExecute, q.data(), true);
  ASSERT_EQ(rows.kind, Reply::kRows) << rows.message;
  EXPECT_EQ(rows.types, (std::vector<uint8_t>{8, 15, 5, 7}));
  ASSERT_EQ(rows.raw_rows.size(), 1u);
  PacketReader row(rows.raw_rows[0]);
  EXPECT_EQ(row.Int1(), 0);
  EXPECT_EQ(row.Int1(), 0x10);  // column 2 (d) is NULL: bit 4
  EXPECT_EQ(row.Int8(), static_cast<uint64_t>(-9));
  EXPECT_EQ(row.LenencString(), "it's");
  EXPECT_EQ(row.Int1(), 11);
  EXPECT_EQ(row.Int2(), 2024);

  // Executing with the bound types again (new_params_bound_flag = 0).
  PacketWriter again;
  again.Int4(sel).Int1(0).Int4(1).Int1(0).Int1(0).Int8(5);
  rows = c->Command(kComStmtExecute, again.data(), true);
  ASSERT_EQ(rows.kind, Reply::kRows);
  EXPECT_TRUE(rows.raw_rows.empty());

  // Close, then executing is a connection error.
  PacketWriter close;
  close.Int4(sel);
  ASSERT_TRUE(c->Send(std::string(1, kComStmtClose) + close.data(), 0));
  Reply gone = c->Command(kComStmtExecute, again.data(), true);
  EXPECT_EQ(gone.code, 1243);
  EXPECT_TRUE(c->ClosedByServer());
}

TEST_F(MysqlServerTest, TextPrepareExecute) {
  StartServer();
  auto c = Login();
  EXPECT_EQ(c->Query("PREPARE s FROM 'SELECT ? + 1 AS x, ? AS y'").kind, Reply::kOk);
  EXPECT_EQ(c->Query("SET @a = 41").kind, Reply::kOk);
  EXPECT_EQ(c->Query("SET @b = 'it''s'").kind, Reply::kOk);
  Reply r = c->Query("EXECUTE s USING @a, @b");
  ASSERT_EQ(r.kind, Reply::kRows) << r.message;
  EXPECT_EQ(r.rows.at(0), (std::vector<std::optional<std::string>>{"42", "it's"}));
  EXPECT_EQ(c->Query("EXECUTE s USING @a").kind, Reply::kErr);
  EXPECT_EQ(c->Query("DEALLOCATE PREPARE s").kind, Reply::kOk);
  EXPECT_EQ(c->Query("EXECUTE s USING @a, @b").code, 1243);
  EXPECT_EQ(c->Query("PREPARE bad FROM 'SELECT 1 +'").code, 1064);
}

TEST_F(MysqlServerTest, Authentication) {
  ASSERT_OK_AND_ASSIGN(users_, auth::MakeUserProvider("static_user_provider:cmd:alice=secret"));
  StartServer();
  auto ok = Login("alice", "secret");
  EXPECT_EQ(ok->Query("SELECT 1").kind, Reply::kRows);

  TestClient bad;
  ASSERT_TRUE(bad.Connect(port_));
  Reply denied = bad.Handshake("alice", "wrong");
  EXPECT_EQ(denied.code, 1698);
  EXPECT_NE(denied.message.find("Authenticate failed, user: \"alice\""), std::string::npos);
  EXPECT_TRUE(bad.ClosedByServer());

  TestClient unknown;
  ASSERT_TRUE(unknown.Connect(port_));
  EXPECT_EQ(unknown.Handshake("bob", "secret").code, 1698);

  // caching_sha2_password is switched to mysql_native_password.
  TestClient sha2;
  ASSERT_TRUE(sha2.Connect(port_));
  Reply switched = sha2.Handshake("alice", "secret", "", "caching_sha2_password");
  EXPECT_EQ(switched.kind, Reply::kOk) << switched.message;
  EXPECT_EQ(sha2.Query("SELECT 2").rows.at(0).at(0), "2");
}

TEST_F(MysqlServerTest, LimitsCloseOnlyTheOffendingConnection) {
  MysqlServerOptions options;
  options.max_connections = 3;
  options.max_packet_bytes = 4096;
  StartServer(options);
  auto good = Login();

  // A header claiming 16 MB - 1 bytes: ERR 1153 and close, without reading it.
  auto big = Login();
  ASSERT_TRUE(big->SendRaw(std::string("\xff\xff\xff\x00\x03", 5)));
  auto err = big->Read();
  ASSERT_TRUE(err);
  EXPECT_EQ(big->Parse(*err).code, 1153);
  EXPECT_TRUE(big->ClosedByServer());

  // Out-of-order sequence id.
  auto seq = Login();
  ASSERT_TRUE(seq->Send(std::string(1, kComPing), 5));
  err = seq->Read();
  ASSERT_TRUE(err);
  EXPECT_EQ(seq->Parse(*err).code, 1156);
  EXPECT_TRUE(seq->ClosedByServer());

  // Connection limit.
  auto second = Login();
  auto third = Login();
  TestClient fourth;
  ASSERT_TRUE(fourth.Connect(port_));
  auto refused = fourth.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(fourth.Parse(*refused).code, 1040);
  EXPECT_TRUE(fourth.ClosedByServer());

  EXPECT_EQ(good->Query("SELECT 1").rows.at(0).at(0), "1");
}

TEST_F(MysqlServerTest, IdleAndHandshakeTimeouts) {
  MysqlServerOptions options;
  options.idle_timeout = std::chrono::seconds(1);
  options.handshake_timeout = std::chrono::seconds(1);
  StartServer(options);
  auto idle = Login();
  TestClient silent;
  ASSERT_TRUE(silent.Connect(port_));
  ASSERT_TRUE(silent.Read());  // greeting, then nothing
  EXPECT_TRUE(idle->ClosedByServer());
  EXPECT_TRUE(silent.ClosedByServer());
}

TEST_F(MysqlServerTest, SurvivesRandomAndTruncatedPackets) {
  MysqlServerOptions options;
  options.max_packet_bytes = 1 << 16;
  options.handshake_timeout = std::chrono::seconds(2);
  options.idle_timeout = std::chrono::seconds(2);
  StartServer(options);
  std::mt19937 rng(42);
  auto random_bytes = [&](size_t n) {
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(rng() & 0xFF);
    return s;
  };
  for (int i = 0; i < 300; ++i) {
    TestClient c;
    ASSERT_TRUE(c.Connect(port_));
    const int mode = i % 4;
    if (mode == 0) {
      c.SendRaw(random_bytes(rng() % 64));  // garbage before the handshake
    } else {
      // Authenticate, then send a (possibly truncated) random command.
      if (c.Handshake("root", "").kind != Reply::kOk) continue;
      std::string payload(1, static_cast<char>(
                                 std::vector<uint8_t>{kComQuery, kComStmtPrepare, kComStmtExecute,
                                                      kComStmtSendLongData, kComInitDb,
                                                      kComFieldList, 0x55}[rng() % 7]));
      payload += random_bytes(rng() % 40);
      if (mode == 1) {
        c.Send(payload, 0);
      } else if (mode == 2) {
        std::string frame;
        frame += static_cast<char>(payload.size() + 10);
        frame += std::string("\0\0\0", 3);
        frame += payload;  // header claims more than is sent, then the client leaves
        c.SendRaw(frame);
      } else {
        c.SendRaw(random_bytes(1 + rng() % 12));
      }
    }
    if (rng() % 2) ::shutdown(c.fd(), SHUT_WR);  // half-closed
  }
  auto good = Login();
  EXPECT_EQ(good->Query("SELECT 1 + 1 AS two").rows.at(0).at(0), "2");
  ASSERT_TRUE(good->Send(std::string(1, kComStmtPrepare) + "SELECT ? AS v", 0));
  auto ok = good->Read();
  ASSERT_TRUE(ok);
  EXPECT_EQ(static_cast<uint8_t>((*ok)[0]), 0);
}

}  // namespace
}  // namespace greptime::servers::mysql
