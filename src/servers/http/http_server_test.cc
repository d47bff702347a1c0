// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/http/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "common/testing.h"
#include "common/thread_pool.h"

namespace greptime::servers {
namespace {

// A blocking TCP client that speaks raw bytes, so tests control every byte on the wire.
class RawClient {
 public:
  explicit RawClient(const std::string& address) {
    const size_t colon = address.rfind(':');
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
    inet_pton(AF_INET, address.substr(0, colon).c_str(), &addr.sin_addr);
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~RawClient() { ::close(fd_); }
  bool connected() const { return connected_; }
  void Send(const std::string& bytes) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  }
  // Reads until the peer closes (or the 10 s receive timeout).
  std::string ReadAll() {
    std::string out;
    char buf[4096];
    while (true) {
      ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

int CountOf(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(HttpServerOptions options = {}) {
    options.addr = "127.0.0.1:0";
    ASSERT_OK_AND_ASSIGN(server_, HttpServer::Create(options, &pool_));
    server_->Route("/health", {"GET", "POST"},
                   [](const HttpRequest&) { return HttpResponse::Json(200, "{}"); });
    server_->Route("/echo", {"POST"}, [](const HttpRequest& r) {
      return HttpResponse::Text(200, r.QueryParam("q").value_or("-") + ":" + r.body);
    });
    server_->Route("/missing", {"GET"}, [](const HttpRequest&) {
      return HttpResponse::Error(Status(StatusCode::kTableNotFound, "Table not found: \"t\""));
    });
    server_->Route("/slow", {"GET"}, [](const HttpRequest&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      return HttpResponse::Text(200, "done");
    }, /*blocking=*/true);
    ASSERT_OK(server_->Start());
  }
  void TearDown() override {
    if (server_) {
      server_->Shutdown();
      server_->Wait();
    }
  }
  std::string Request(const std::string& raw) {
    RawClient client(server_->local_address());
    EXPECT_TRUE(client.connected());
    client.Send(raw);
    return client.ReadAll();
  }

  ThreadPool pool_{ThreadPool::Options{"test", 2, 0}};
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, RoutesKnownPathsAndRejectsOthers) {
  StartServer();
  std::string r = Request("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << r;
  EXPECT_NE(r.find("\r\n\r\n{}"), std::string::npos) << r;
  EXPECT_NE(r.find("access-control-allow-origin: *"), std::string::npos) << r;

  r = Request("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 404", 0), 0u) << r;
  EXPECT_NE(r.find("Content-Length: 0\r\n"), std::string::npos) << r;

  r = Request("DELETE /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 405", 0), 0u) << r;

  r = Request("HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r;
  EXPECT_NE(r.find("Content-Length: 2\r\n"), std::string::npos) << r;
  EXPECT_EQ(r.find("{}"), std::string::npos) << r;
}

TEST_F(HttpServerTest, ErrorResponsesCarryGreptimeCodeAndHeaders) {
  StartServer();
  std::string r = Request("GET /missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r;
  EXPECT_NE(r.find("x-greptime-err-code: 4001"), std::string::npos) << r;
  EXPECT_NE(r.find("{\"code\":4001,\"error\":\"Table not found: \\\"t\\\"\",\"execution_time_ms\":0}"),
            std::string::npos)
      << r;
}

TEST_F(HttpServerTest, PassesBodyAndDecodesQuery) {
  StartServer();
  std::string r = Request(
      "POST /echo?q=a%20b+c HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\n"
      "hello");
  EXPECT_NE(r.find("a b c:hello"), std::string::npos) << r;
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartServer();
  std::string r = Request(
      "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(CountOf(r, "HTTP/1.1 200 OK"), 3) << r;
}

TEST_F(HttpServerTest, OversizedBodyGets413AndServerKeepsServing) {
  HttpServerOptions options;
  options.body_limit = 16;
  StartServer(options);
  std::string r = Request(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'x'));
  EXPECT_EQ(r.rfind("HTTP/1.1 413", 0), 0u) << r;
  EXPECT_NE(r.find("\"code\":1004"), std::string::npos) << r;
  EXPECT_NE(r.find("http.body_limit"), std::string::npos) << r;

  // A chunked body that grows past the limit is cut off the same way.
  r = Request(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 413", 0), 0u) << r;

  r = Request("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r;
}

TEST_F(HttpServerTest, MalformedRequestGets400AndServerKeepsServing) {
  StartServer();
  std::string r = Request("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r;
  EXPECT_NE(r.find("malformed HTTP request"), std::string::npos) << r;

  r = Request("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r;

  r = Request("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(70000, 'a') + "\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 431", 0), 0u) << r.substr(0, 100);

  r = Request("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r;
}

TEST_F(HttpServerTest, BlockingRouteHonoursRequestTimeout) {
  HttpServerOptions options;
  options.timeout = std::chrono::milliseconds(100);
  StartServer(options);
  std::string r = Request("GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 408", 0), 0u) << r;
  // The per-request header raises the deadline.
  r = Request("GET /slow HTTP/1.1\r\nHost: x\r\nx-greptime-timeout: 5s\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r;
  EXPECT_NE(r.find("done"), std::string::npos);
}

TEST_F(HttpServerTest, ShutdownFinishesInFlightRequestThenStops) {
  StartServer();
  RawClient busy(server_->local_address());
  RawClient idle(server_->local_address());
  ASSERT_TRUE(busy.connected());
  ASSERT_TRUE(idle.connected());
  busy.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // header read, body pending
  server_->Shutdown();
  // The idle connection is closed without a response.
  EXPECT_EQ(idle.ReadAll(), "");
  busy.Send("56789");
  std::string r = busy.ReadAll();
  EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r;
  EXPECT_NE(r.find("Connection: close"), std::string::npos) << r;
  EXPECT_NE(r.find("-:0123456789"), std::string::npos) << r;
  server_->Wait();
  // New connections are refused once stopped.
  RawClient late(server_->local_address());
  EXPECT_FALSE(late.connected());
}

HttpServerOptions WithAddr(std::string addr) {
  HttpServerOptions options;
  options.addr = std::move(addr);
  return options;
}

TEST(HttpServerStartTest, ReportsBadAndBusyAddresses) {
  ASSERT_OK_AND_ASSIGN(auto bad, HttpServer::Create(WithAddr("nonsense"), nullptr));
  ASSERT_STATUS_CODE(bad->Start(), StatusCode::kInvalidArguments);

  ASSERT_OK_AND_ASSIGN(auto first, HttpServer::Create(WithAddr("127.0.0.1:0"), nullptr));
  ASSERT_OK(first->Start());
  ASSERT_OK_AND_ASSIGN(auto second,
                       HttpServer::Create(WithAddr(first->local_address()), nullptr));
  Status st = second->Start();
  EXPECT_EQ(st.code(), StatusCode::kExternal);
  EXPECT_NE(st.message().find(first->local_address()), std::string::npos) << st.message();
}

}  // namespace
}  // namespace greptime::servers
