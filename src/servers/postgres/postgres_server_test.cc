// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The server on a loopback port over an in-process Frontend (memory catalog, mito engine on a
// temporary directory), driven by a small blocking client written against the protocol.
#include "servers/postgres/postgres_server.h"
#include "servers/tls/test_certificate.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <random>

#include "common/testing.h"
#include "meta/kv_backend.h"
#include "servers/postgres/pg_message.h"
#include "storage/object_store/object_store.h"

namespace greptime::servers::postgres {
namespace {

struct Msg {
  char type = 0;
  std::string body;
};

// What a simple or extended exchange answered, up to ReadyForQuery.
struct Reply {
  std::vector<Msg> messages;
  std::vector<std::string> columns;
  std::vector<uint32_t> oids;
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::vector<std::string> tags;
  std::string error_code;  // SQLSTATE of the first ErrorResponse
  std::string error_message;
  std::string error_detail;

  std::string types() const {
    std::string s;
    for (const auto& m : messages) s += m.type;
    return s;
  }
};

std::map<char, std::string> Fields(const std::string& body) {
  std::map<char, std::string> fields;
  MessageReader r(body);
  while (auto code = r.Int8()) {
    if (*code == 0) break;
    auto value = r.CString();
    if (!value) break;
    fields[static_cast<char>(*code)] = std::string(*value);
  }
  return fields;
}

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
  bool Send(char type, std::string_view body) {
    std::string out;
    AppendMessage(out, type, body);
    return SendRaw(out);
  }
  bool SendStartup(std::string_view body) {
    return SendRaw(MessageWriter().Int32(static_cast<uint32_t>(body.size() + 4)).Take() +
                   std::string(body));
  }
  std::optional<char> ReadByte() {
    char c;
    if (!ReadExactly(&c, 1)) return std::nullopt;
    return c;
  }
  std::optional<Msg> Read() {
    char header[5];
    if (!ReadExactly(header, 5)) return std::nullopt;
    MessageReader r(std::string_view(header + 1, 4));
    const uint32_t len = *r.Int32();
    Msg m;
    m.type = header[0];
    m.body.resize(len - 4);
    if (len > 4 && !ReadExactly(m.body.data(), len - 4)) return std::nullopt;
    return m;
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

  static std::string StartupBody(const std::string& user, const std::string& database) {
    MessageWriter w;
    w.Int32(kProtocolVersion3).CString("user").CString(user);
    if (!database.empty()) w.CString("database").CString(database);
    w.Int8(0);
    return w.Take();
  }

  // Startup (and password when asked); the messages up to ReadyForQuery or the error.
  Reply Startup(const std::string& user = "greptime", const std::string& password = "",
                const std::string& database = "public") {
    SendStartup(StartupBody(user, database));
    Reply result;
    while (auto m = Read()) {
      result.messages.push_back(*m);
      if (m->type == 'R' && m->body == MessageWriter().Int32(3).Take()) {
        Send('p', MessageWriter().CString(password).Take());
      }
      if (m->type == 'E') {
        auto f = Fields(m->body);
        result.error_code = f['C'];
        result.error_message = f['M'];
        break;
      }
      if (m->type == 'Z') break;
    }
    return result;
  }

  Reply UntilReady() {
    Reply result;
    while (auto m = Read()) {
      result.messages.push_back(*m);
      if (m->type == 'T') {
        MessageReader r(m->body);
        const uint16_t n = *r.Int16();
        for (uint16_t i = 0; i < n; ++i) {
          result.columns.emplace_back(*r.CString());
          r.Int32();
          r.Int16();
          result.oids.push_back(*r.Int32());
          r.Int16();
          r.Int32();
          r.Int16();
        }
      } else if (m->type == 'D') {
        MessageReader r(m->body);
        const uint16_t n = *r.Int16();
        std::vector<std::optional<std::string>> row;
        for (uint16_t i = 0; i < n; ++i) {
          const uint32_t len = *r.Int32();
          if (len == 0xFFFFFFFF) {
            row.emplace_back(std::nullopt);
          } else {
            row.emplace_back(std::string(*r.Bytes(len)));
          }
        }
        result.rows.push_back(std::move(row));
      } else if (m->type == 'C') {
        result.tags.emplace_back(*MessageReader(m->body).CString());
      } else if (m->type == 'E' && result.error_code.empty()) {
        auto f = Fields(m->body);
        result.error_code = f['C'];
        result.error_message = f['M'];
        result.error_detail = f['D'];
      }
      if (m->type == 'Z') break;
    }
    return result;
  }

  Reply Query(const std::string& sql) {
    Send('Q', MessageWriter().CString(sql).Take());
    return UntilReady();
  }

  // Parse/Bind/Describe portal/Execute/Sync.
  Reply Extended(const std::string& sql, const std::vector<std::optional<std::string>>& params,
                 const std::vector<uint32_t>& oids = {},
                 const std::vector<int16_t>& param_formats = {},
                 const std::vector<int16_t>& result_formats = {}) {
    MessageWriter parse;
    parse.CString("").CString(sql).Int16(static_cast<uint16_t>(oids.size()));
    for (uint32_t o : oids) parse.Int32(o);
    Send('P', parse.Take());
    MessageWriter bind;
    bind.CString("").CString("").Int16(static_cast<uint16_t>(param_formats.size()));
    for (int16_t f : param_formats) bind.Int16(static_cast<uint16_t>(f));
    bind.Int16(static_cast<uint16_t>(params.size()));
    for (const auto& p : params) {
      if (p) {
        bind.Int32(static_cast<uint32_t>(p->size())).Bytes(*p);
      } else {
        bind.Int32(0xFFFFFFFF);
      }
    }
    bind.Int16(static_cast<uint16_t>(result_formats.size()));
    for (int16_t f : result_formats) bind.Int16(static_cast<uint16_t>(f));
    Send('B', bind.Take());
    Send('D', std::string("P\0", 2));
    Send('E', MessageWriter().CString("").Int32(0).Take());
    Send('S', "");
    return UntilReady();
  }

 private:
  bool ReadExactly(char* data, size_t n) {
    while (n > 0) {
      ssize_t got = ::recv(fd_, data, n, 0);
      if (got <= 0) return false;
      data += got;
      n -= static_cast<size_t>(got);
    }
    return true;
  }

  int fd_ = -1;
};

class PostgresServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("postgres_server_test_" + std::to_string(::getpid()) + "_" +
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

  void StartServer(PostgresServerOptions options = {}) {
    options.addr = "127.0.0.1:0";
    options.execution_threads = 2;
    ASSERT_OK_AND_ASSIGN(server_, PostgresServer::Start(options, *fe_, users_.get()));
    const std::string addr = server_->bound_address();
    port_ = std::stoi(addr.substr(addr.rfind(':') + 1));
  }

  std::unique_ptr<TestClient> Login(const std::string& user = "greptime",
                                    const std::string& password = "") {
    auto c = std::make_unique<TestClient>();
    EXPECT_TRUE(c->Connect(port_));
    Reply r = c->Startup(user, password);
    EXPECT_TRUE(r.error_code.empty()) << r.error_message;
    return c;
  }

  std::filesystem::path root_;
  std::unique_ptr<storage::ObjectStore> store_;
  std::unique_ptr<meta::KvBackend> kv_;
  std::unique_ptr<catalog::CatalogManager> catalog_;
  std::unique_ptr<datanode::RegionServer> regions_;
  std::unique_ptr<frontend::Frontend> fe_;
  std::unique_ptr<auth::UserProvider> users_;
  std::unique_ptr<PostgresServer> server_;
  int port_ = 0;
};

TEST_F(PostgresServerTest, StartupAnnouncesParametersAndKeyData) {
  StartServer();
  TestClient c;
  ASSERT_TRUE(c.Connect(port_));
  Reply r = c.Startup();
  ASSERT_TRUE(r.error_code.empty()) << r.error_message;
  std::map<std::string, std::string> params;
  for (const auto& m : r.messages) {
    if (m.type == 'S') {
      MessageReader reader(m.body);
      auto name = reader.CString();
      auto value = reader.CString();
      params[std::string(*name)] = std::string(*value);
    }
  }
  EXPECT_TRUE(params["server_version"].starts_with("16.3-GreptimeDB-"));
  EXPECT_EQ(params["server_encoding"], "UTF8");
  EXPECT_EQ(params["DateStyle"], "ISO YMD");
  EXPECT_EQ(params["integer_datetimes"], "on");
  EXPECT_EQ(r.types().front(), 'R');
  EXPECT_EQ(r.types().substr(r.types().size() - 2), "KZ");

  // SSLRequest is declined, then the startup proceeds on the same connection.
  TestClient ssl;
  ASSERT_TRUE(ssl.Connect(port_));
  ASSERT_TRUE(ssl.SendStartup(MessageWriter().Int32(kSslRequestCode).Take()));
  EXPECT_EQ(ssl.ReadByte(), 'N');
  EXPECT_TRUE(ssl.Startup().error_code.empty());
  EXPECT_EQ(ssl.Query("SELECT 1").rows.at(0).at(0), "1");

  // Unknown database; CancelRequest is closed quietly.
  TestClient unknown;
  ASSERT_TRUE(unknown.Connect(port_));
  Reply bad = unknown.Startup("greptime", "", "nope");
  EXPECT_EQ(bad.error_code, "3D000");
  EXPECT_EQ(bad.error_message, "Database not found: nope");
  EXPECT_TRUE(unknown.ClosedByServer());
  TestClient cancel;
  ASSERT_TRUE(cancel.Connect(port_));
  ASSERT_TRUE(
      cancel.SendStartup(MessageWriter().Int32(kCancelRequestCode).Int32(0).Int32(0).Take()));
  EXPECT_TRUE(cancel.ClosedByServer());
}

TEST_F(PostgresServerTest, TlsRequiredRefusesPlaintextSessions) {
  const std::string cert = testing::TempDir() + "/pg_tls_test.crt";
  const std::string key = testing::TempDir() + "/pg_tls_test.key";
  ASSERT_TRUE(tls::WriteSelfSignedCertificate(cert, key));
  PostgresServerOptions options;
  auto tls = tls::TlsContext::Create({"require", cert, key, false});
  ASSERT_TRUE(tls.ok()) << tls.status().message();
  options.tls = *tls;
  StartServer(options);
  // SSLRequest is accepted ('S'); the TLS sessions themselves are tested with psql and
  // psycopg2 in tests/test_tls.py.
  TestClient upgraded;
  ASSERT_TRUE(upgraded.Connect(port_));
  ASSERT_TRUE(upgraded.SendStartup(MessageWriter().Int32(kSslRequestCode).Take()));
  EXPECT_EQ(upgraded.ReadByte(), 'S');
  // A startup packet without SSLRequest is refused.
  TestClient c;
  ASSERT_TRUE(c.Connect(port_));
  Reply r = c.Startup();
  EXPECT_EQ(r.error_code, "28000");
  EXPECT_EQ(r.error_message, "No encryption");
  EXPECT_TRUE(c.ClosedByServer());
}

TEST_F(PostgresServerTest, SimpleQueriesReturnTypedRows) {
  StartServer();
  auto c = Login();
  Reply r = c->Query(
      "CREATE TABLE t (host STRING, ts TIMESTAMP TIME INDEX, v DOUBLE, n INT, PRIMARY KEY(host));"
      "INSERT INTO t VALUES ('a', 1000, 1.5, 7), ('b', 2000, NULL, NULL)");
  EXPECT_EQ(r.tags, (std::vector<std::string>{"OK 0", "OK 2"}));
  r = c->Query("SELECT host, ts, v, n FROM t ORDER BY ts");
  EXPECT_EQ(r.types(), "TDDCZ");
  EXPECT_EQ(r.columns, (std::vector<std::string>{"host", "ts", "v", "n"}));
  EXPECT_EQ(r.oids,
            (std::vector<uint32_t>{oid::kVarchar, oid::kTimestamp, oid::kFloat8, oid::kInt4}));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0],
            (std::vector<std::optional<std::string>>{"a", "1970-01-01 00:00:01", "1.5", "7"}));
  EXPECT_EQ(r.rows[1][2], std::nullopt);
  EXPECT_EQ(r.tags, std::vector<std::string>{"SELECT 2"});

  r = c->Query("SELECT * FROM missing; SELECT 1");
  EXPECT_EQ(r.types(), "EZ");
  EXPECT_EQ(r.error_code, "42P01");
  EXPECT_EQ(c->Query("").types(), "IZ");
  r = c->Query("BEGIN; SET extra_float_digits = 3; COMMIT");
  EXPECT_EQ(r.types(), "NCNCCZ");
  EXPECT_EQ(r.tags, (std::vector<std::string>{"BEGIN", "OK 0", "COMMIT"}));
  r = c->Query("COPY (SELECT host, v FROM t ORDER BY ts) TO STDOUT WITH (FORMAT csv, HEADER)");
  EXPECT_EQ(r.types(), "HdddcCZ");
  EXPECT_EQ(r.messages[1].body, "host,v\n");
  EXPECT_EQ(r.messages[2].body, "a,1.5\n");
  EXPECT_EQ(r.messages[3].body, "b,\n");
  EXPECT_EQ(r.tags, std::vector<std::string>{"COPY 2"});
  r = c->Query("COPY t TO STDOUT");
  EXPECT_EQ(r.messages[1].body, "a\t1970-01-01 00:00:01\t1.5\t7\n");
  EXPECT_EQ(r.messages[2].body, "b\t1970-01-01 00:00:02\t\\N\t\\N\n");
  EXPECT_EQ(c->Query("COPY t FROM STDIN").error_code, "0A000");
  r = c->Query("SELECT version(), current_schema()");
  EXPECT_TRUE(r.rows.at(0).at(0)->starts_with("PostgreSQL 16.3 GreptimeDB"));
  EXPECT_EQ(r.rows.at(0).at(1), "public");
}

TEST_F(PostgresServerTest, AnswersPsqlCatalogQueries) {
  StartServer();
  auto c = Login();
  c->Query("CREATE TABLE cpu (host STRING PRIMARY KEY, ts TIMESTAMP TIME INDEX, usage DOUBLE)");
  Reply r = c->Query(
      "SELECT n.nspname as \"Schema\", c.relname as \"Name\", CASE c.relkind WHEN 'r' THEN "
      "'table' WHEN 'v' THEN 'view' END as \"Type\", pg_catalog.pg_get_userbyid(c.relowner) as "
      "\"Owner\" FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = "
      "c.relnamespace LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam WHERE c.relkind IN "
      "('r','p','') AND n.nspname <> 'pg_catalog' AND n.nspname !~ '^pg_toast' AND n.nspname "
      "<> 'information_schema' AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 1,2;");
  EXPECT_EQ(r.columns, (std::vector<std::string>{"Schema", "Name", "Type", "Owner"}));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0],
            (std::vector<std::optional<std::string>>{"public", "cpu", "table", "postgres"}));
  EXPECT_EQ(r.rows[1][1], "numbers");
  r = c->Query(
      "SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c LEFT JOIN "
      "pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname "
      "OPERATOR(pg_catalog.~) '^(cpu)$' COLLATE pg_catalog.default AND "
      "pg_catalog.pg_table_is_visible(c.oid) ORDER BY 2, 3;");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.oids[0], oid::kOid);
  const std::string table_oid = *r.rows[0][0];
  EXPECT_GE(std::stoul(table_oid), 16384u);
  r = c->Query(
      "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
      "a.attnotnull FROM pg_catalog.pg_attribute a WHERE a.attrelid = '" +
      table_oid + "' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum;");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[1],
            (std::vector<std::optional<std::string>>{"ts", "timestamp without time zone", "t"}));
  // Relations we do not model answer empty, with the columns of the select list.
  r = c->Query(
      "SELECT pol.polname, pol.polpermissive FROM pg_catalog.pg_policy pol "
      "WHERE pol.polrelid = '" +
      table_oid + "' ORDER BY 1;");
  EXPECT_EQ(r.types(), "TCZ");
  EXPECT_EQ(r.columns.size(), 2u);
  r = c->Query("SELECT typname, typlen FROM pg_catalog.pg_type WHERE oid = 1114");
  EXPECT_EQ(r.rows, (std::vector<std::vector<std::optional<std::string>>>{{"timestamp", "8"}}));
}

TEST_F(PostgresServerTest, ExtendedProtocolBindsTextAndBinaryParameters) {
  StartServer();
  auto c = Login();
  c->Query("CREATE TABLE e (ts TIMESTAMP(6) TIME INDEX, s STRING, i BIGINT, f DOUBLE)");
  Reply r = c->Extended("INSERT INTO e VALUES ($1, $2, $3, $4)",
                        {"2024-01-01 00:00:00", "x'y", "-5", "2.5"},
                        {oid::kTimestamp, oid::kText, oid::kInt8, oid::kFloat8});
  EXPECT_EQ(r.types(), "12nCZ");
  EXPECT_EQ(r.tags, std::vector<std::string>{"OK 1"});
  r = c->Extended(
      "INSERT INTO e VALUES ($1, $2, $3, $4)",
      {MessageWriter().Int64(1).Take(), "bin", MessageWriter().Int64(7).Take(), std::nullopt},
      {oid::kTimestamp, oid::kVarchar, oid::kInt8, oid::kFloat8}, {1});
  EXPECT_EQ(r.tags, std::vector<std::string>{"OK 1"}) << r.error_message;
  r = c->Extended("SELECT s, i, f FROM e WHERE i = $1", {"-5"}, {oid::kInt8});
  EXPECT_EQ(r.types(), "12TDCZ");
  EXPECT_EQ(r.rows, (std::vector<std::vector<std::optional<std::string>>>{{"x'y", "-5", "2.5"}}));
  r = c->Extended("SELECT i, s FROM e WHERE s = $1", {"bin"}, {}, {}, {1});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], MessageWriter().Int64(7).Take());
  EXPECT_EQ(r.rows[0][1], "bin");
  // The timestamp 1 µs after 2000-01-01 came back as it went in.
  r = c->Extended("SELECT ts FROM e WHERE s = 'bin'", {}, {}, {}, {1});
  EXPECT_EQ(r.rows.at(0).at(0), MessageWriter().Int64(1).Take());

  // Errors: unknown type for a binary parameter; the rest of the exchange is skipped.
  r = c->Extended("SELECT $1", {"abcd"}, {}, {1});
  EXPECT_EQ(r.types(), "1EZ");
  EXPECT_EQ(r.error_code, "22023");
  EXPECT_EQ(r.error_message, "unknown_parameter_type");
  EXPECT_EQ(r.error_detail,
            "Cannot get type for parameter 0, try to provide a type using $0::<type>");
  r = c->Extended("SELECT 1; SELECT 2", {});
  EXPECT_EQ(r.error_code, "42P14");
  r = c->Extended("SELECT $1::int4", {"1", "2"});
  EXPECT_EQ(r.error_code, "08P01");
  c->Send('B', std::string("\0nope\0", 6) + std::string(6, '\0'));
  c->Send('S', "");
  EXPECT_EQ(c->UntilReady().error_code, "26000");
  c->Send('E', std::string("nope\0", 5) + std::string(4, '\0'));
  c->Send('S', "");
  EXPECT_EQ(c->UntilReady().error_code, "34000");
  EXPECT_EQ(c->Extended("SELECT 3", {}).rows.at(0).at(0), "3");
}

TEST_F(PostgresServerTest, Authentication) {
  ASSERT_OK_AND_ASSIGN(users_, auth::MakeUserProvider("static_user_provider:cmd:alice=secret"));
  StartServer();
  auto good = Login("alice", "secret");
  EXPECT_EQ(good->Query("SELECT 1").rows.at(0).at(0), "1");
  for (auto [user, password] : std::vector<std::pair<std::string, std::string>>{
           {"alice", "wrong"}, {"bob", "secret"}, {"alice", ""}}) {
    TestClient c;
    ASSERT_TRUE(c.Connect(port_));
    Reply r = c.Startup(user, password);
    EXPECT_EQ(r.error_code, "28P01") << user;
    EXPECT_EQ(r.error_message, "password authentication failed for user \"" + user + "\"");
    EXPECT_TRUE(c.ClosedByServer());
  }
}

TEST_F(PostgresServerTest, LimitsCloseOnlyTheOffendingConnection) {
  PostgresServerOptions options;
  options.max_connections = 3;
  options.max_message_bytes = 4096;
  StartServer(options);
  auto good = Login();

  // A message claiming 1 GB: FATAL and close, without reading it.
  auto big = Login();
  ASSERT_TRUE(big->SendRaw("Q" + MessageWriter().Int32(1u << 30).Take()));
  auto err = big->Read();
  ASSERT_TRUE(err);
  EXPECT_EQ(Fields(err->body)['C'], "54000");
  EXPECT_TRUE(big->ClosedByServer());
  // A startup packet claiming 1 GB; an unknown message type.
  TestClient huge;
  ASSERT_TRUE(huge.Connect(port_));
  ASSERT_TRUE(huge.SendRaw(MessageWriter().Int32(1u << 30).Int32(kProtocolVersion3).Take()));
  err = huge.Read();
  ASSERT_TRUE(err);
  EXPECT_EQ(Fields(err->body)['C'], "08P01");
  EXPECT_TRUE(huge.ClosedByServer());
  auto odd = Login();
  ASSERT_TRUE(odd->Send('\x01', ""));
  err = odd->Read();
  ASSERT_TRUE(err);
  EXPECT_EQ(Fields(err->body)['S'], "FATAL");
  EXPECT_TRUE(odd->ClosedByServer());

  // Connection limit (big, huge and odd are gone by now).
  auto second = Login();
  auto third = Login();
  TestClient fourth;
  ASSERT_TRUE(fourth.Connect(port_));
  Reply refused = fourth.Startup();
  EXPECT_EQ(refused.error_code, "53300");
  EXPECT_TRUE(fourth.ClosedByServer());

  EXPECT_EQ(good->Query("SELECT 1").rows.at(0).at(0), "1");
}

TEST_F(PostgresServerTest, IdleAndHandshakeTimeouts) {
  PostgresServerOptions options;
  options.idle_timeout = std::chrono::seconds(1);
  options.handshake_timeout = std::chrono::seconds(1);
  StartServer(options);
  auto idle = Login();
  TestClient silent;
  ASSERT_TRUE(silent.Connect(port_));
  auto bye = idle->Read();
  ASSERT_TRUE(bye);
  EXPECT_EQ(Fields(bye->body)['C'], "57P05");
  EXPECT_TRUE(idle->ClosedByServer());
  EXPECT_TRUE(silent.ClosedByServer());
}

TEST_F(PostgresServerTest, SurvivesRandomAndTruncatedMessages) {
  PostgresServerOptions options;
  options.max_message_bytes = 1 << 16;
  options.handshake_timeout = std::chrono::seconds(2);
  options.idle_timeout = std::chrono::seconds(2);
  StartServer(options);
  std::mt19937 rng(42);
  auto random_bytes = [&](size_t n) {
    std::string s(n, '\0');
    for (char& ch : s) ch = static_cast<char>(rng() & 0xFF);
    return s;
  };
  const std::string types = "QPBDECSHXFpdcf\x01";
  for (int i = 0; i < 300; ++i) {
    TestClient c;
    ASSERT_TRUE(c.Connect(port_));
    const int mode = i % 4;
    if (mode == 0) {
      c.SendRaw(random_bytes(rng() % 64));  // garbage instead of a startup packet
    } else if (mode == 1) {
      // A startup packet with random parameters.
      std::string body = MessageWriter().Int32(kProtocolVersion3).Take() + random_bytes(rng() % 40);
      c.SendStartup(body);
    } else {
      if (!c.Startup().error_code.empty()) continue;
      std::string body = random_bytes(rng() % 48);
      const char type = types[rng() % types.size()];
      if (mode == 2) {
        c.Send(type, body);
      } else {
        // The header claims more than is sent, then the client leaves.
        std::string frame(1, type);
        frame += MessageWriter().Int32(static_cast<uint32_t>(body.size() + 20)).Take();
        frame += body;
        c.SendRaw(frame);
      }
    }
    if (rng() % 2) ::shutdown(c.fd(), SHUT_WR);  // half-closed
  }
  auto good = Login();
  EXPECT_EQ(good->Query("SELECT 1 + 1 AS two").rows.at(0).at(0), "2");
  EXPECT_EQ(good->Extended("SELECT $1::int4 AS v", {"5"}).rows.at(0).at(0), "5");
}

}  // namespace
}  // namespace greptime::servers::postgres
