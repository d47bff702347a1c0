// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Design: one io_context served by `io_threads` threads; each connection is a coroutine on its
// own strand that reads a request header, then (after limit checks and `100-continue`) the body,
// dispatches and writes the response, and loops while keep-alive holds. Blocking routes run on
// the CPU pool and hand their response back through a concurrent channel, raced against the
// request deadline. Shutdown closes the acceptor, cancels connections that sit idle between
// requests, and lets the others finish their current request.
#include "servers/http/http_server.h"
#include "common/strings.h"

#include <cstring>
#include <atomic>
#include <cctype>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include "common/logging.h"
#include "common/metrics.h"
#include "common/thread_pool.h"
#include "common/time.h"
#include "servers/listen_address.h"

namespace greptime::servers {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);


int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string UrlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() + 0 && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace


std::optional<std::string_view> HttpRequest::Header(std::string_view name) const {
  const std::string lower = AsciiLower(name);
  for (const auto& [k, v] : headers) {
    if (k == lower) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::string> HttpRequest::QueryParam(std::string_view name) const {
  return FindUrlEncodedParam(query, name);
}

std::optional<std::string> HttpRequest::FormParam(std::string_view name) const {
  return FindUrlEncodedParam(body, name);
}

std::optional<std::string> FindUrlEncodedParam(std::string_view text, std::string_view name) {
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    std::string_view item = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const size_t eq = item.find('=');
    std::string key = UrlDecode(item.substr(0, eq));
    if (key == name) {
      return eq == std::string_view::npos ? std::string() : UrlDecode(item.substr(eq + 1));
    }
  }
  return std::nullopt;
}

HttpResponse HttpResponse::Json(int status, std::string body) {
  return HttpResponse{status, "application/json", {}, std::move(body)};
}

HttpResponse HttpResponse::Text(int status, std::string body) {
  return HttpResponse{status, "text/plain; charset=utf-8", {}, std::move(body)};
}

HttpResponse HttpResponse::Empty(int status) { return HttpResponse{status, "", {}, ""}; }

HttpResponse HttpResponse::Error(const Status& status, int64_t execution_time_ms) {
  const auto code = static_cast<uint32_t>(status.code());
  HttpResponse response = Json(
      StatusCodeToHttp(status.code()),
      fmt::format("{{\"code\":{},\"error\":\"{}\",\"execution_time_ms\":{}}}", code,
                  JsonEscape(status.message()), execution_time_ms));
  response.headers.emplace_back("x-greptime-err-code", std::to_string(code));
  // Header values cannot carry line breaks; the body has the exact message.
  std::string header_msg = status.message();
  for (char& c : header_msg) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  response.headers.emplace_back("x-greptime-err-msg", header_msg);
  return response;
}

// ---------------------------------------------------------------------------------------------

namespace {

struct RouteEntry {
  std::vector<std::string> methods;
  HttpHandler handler;
  bool blocking = false;
};

struct Session {
  explicit Session(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool idle = true;         // waiting for a new request; touched only on the session's strand
  bool unread_input = false;  // answered before reading the whole request
};

using ResponseChannel =
    asio::experimental::concurrent_channel<void(boost::system::error_code, HttpResponse)>;

}  // namespace

struct HttpServer::Impl {
  HttpServerOptions options;
  ThreadPool* blocking_pool = nullptr;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::unordered_map<std::string, RouteEntry> routes;
  std::vector<std::pair<std::string, RouteEntry>> prefix_routes;  // tried in order
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> connections{0};
  std::string bound_address;

  std::mutex mu;
  std::map<uint64_t, std::weak_ptr<Session>> sessions;  // guarded by mu
  uint64_t next_session_id = 0;                          // guarded by mu
  std::unique_ptr<asio::steady_timer> grace_timer;       // guarded by mu
  std::once_flag joined;

  MetricsRegistry& metrics = MetricsRegistry::Global();

  awaitable<void> Accept();
  awaitable<void> Serve(std::shared_ptr<Session> session, uint64_t id);
  awaitable<HttpResponse> Dispatch(HttpRequest request);
  awaitable<void> LingeringClose(Session& session);
  awaitable<void> WriteResponse(Session& session, HttpResponse response, const std::string& method,
                                unsigned version, bool keep_alive, const std::string& origin);
  void AddCors(HttpResponse& response, const std::string& origin) const;
  HttpResponse BodyTooLarge() const {
    HttpResponse response = HttpResponse::Error(Status::InvalidArguments(
        "request body exceeds http.body_limit of {} bytes", options.body_limit));
    response.status = 413;
    return response;
  }
  void RecordMetrics(const std::string& method, const std::string& route, int status,
                     double seconds);
};

void HttpServer::Impl::AddCors(HttpResponse& response, const std::string& origin) const {
  if (!options.enable_cors) return;
  std::string allow = "*";
  if (!options.cors_allowed_origins.empty()) {
    allow.clear();
    for (const std::string& allowed : options.cors_allowed_origins) {
      if (allowed == origin) allow = origin;
    }
    if (allow.empty()) return;
    response.headers.emplace_back("vary", "origin");
  }
  response.headers.emplace_back("access-control-allow-origin", allow);
  response.headers.emplace_back("access-control-allow-methods", "GET,POST,PUT,DELETE,HEAD");
  response.headers.emplace_back("access-control-allow-headers", "*");
}

void HttpServer::Impl::RecordMetrics(const std::string& method, const std::string& route,
                                     int status, double seconds) {
  const MetricLabels labels = {{"method", method}, {"path", route}, {"code", std::to_string(status)}};
  metrics.GetCounter("greptime_servers_http_requests_total", "Total HTTP requests served", labels)
      .Inc();
  metrics
      .GetHistogram("greptime_servers_http_requests_elapsed",
                    "HTTP request latency in seconds", labels)
      .Observe(seconds);
}

awaitable<void> HttpServer::Impl::Accept() {
  while (!stopping.load()) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kNoThrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping.load()) break;
      GT_LOG_WARN("http: accept failed: {}", ec.message());
      continue;
    }
    if (connections.load() >= options.max_connections) {
      GT_LOG_WARN("http: connection limit {} reached, refusing {}", options.max_connections,
                  socket.remote_endpoint(ec).address().to_string());
      socket.close(ec);
      continue;
    }
    auto session = std::make_shared<Session>(std::move(socket));
    uint64_t id;
    {
      std::lock_guard<std::mutex> lock(mu);
      id = next_session_id++;
      sessions[id] = session;
    }
    connections.fetch_add(1);
    auto executor = session->stream.get_executor();
    asio::co_spawn(executor, Serve(std::move(session), id), asio::detached);
  }
}

awaitable<void> HttpServer::Impl::WriteResponse(Session& session, HttpResponse response,
                                                const std::string& method, unsigned version,
                                                bool keep_alive, const std::string& origin) {
  AddCors(response, origin);
  const auto status = static_cast<http::status>(response.status);
  auto fill = [&](auto& message) {
    message.version(version);
    message.keep_alive(keep_alive);
    if (!response.content_type.empty()) message.set(http::field::content_type, response.content_type);
    for (const auto& [k, v] : response.headers) message.set(k, v);
  };
  session.stream.expires_after(options.read_timeout);
  if (method == "HEAD") {
    http::response<http::empty_body> message{status, version};
    fill(message);
    message.content_length(response.body.size());
    co_await http::async_write(session.stream, message, kNoThrow);
  } else {
    http::response<http::string_body> message{status, version};
    fill(message);
    message.body() = std::move(response.body);
    message.prepare_payload();
    co_await http::async_write(session.stream, message, kNoThrow);
  }
}

Result<std::optional<auth::UserInfo>> AuthenticateRequest(const HttpRequest& request,
                                                          const auth::UserProvider& users) {
  const std::string_view path = request.path;
  if (path.rfind("/v1/", 0) != 0) return std::optional<auth::UserInfo>();
  for (std::string_view open : {"/v1/influxdb/ping", "/v1/influxdb/health", "/v1/health",
                                "/v1/splunk/services/collector/health"}) {
    if (path == open) return std::optional<auth::UserInfo>();
  }
  const bool influx = path.find("influxdb") != std::string_view::npos;
  auto check = [&](std::string_view user, std::string_view password)
      -> Result<std::optional<auth::UserInfo>> {
    GT_ASSIGN_OR_RETURN(auth::UserInfo info, users.Authenticate(user, password));
    return std::optional<auth::UserInfo>(std::move(info));
  };
  auto invalid = [](std::string_view message) {
    return Status(StatusCode::kInvalidAuthHeader, std::string(message));
  };
  std::optional<std::string_view> header = request.Header("authorization");
  if (!header) header = request.Header("x-greptime-auth");
  if (header) {
    std::string_view value = *header;
    size_t space = value.find(' ');
    if (space == std::string_view::npos) return invalid("Invalid http authorization header");
    std::string scheme = AsciiLower(value.substr(0, space));
    std::string_view credentials = value.substr(space + 1);
    if (credentials.empty() || credentials.find(' ') != std::string_view::npos) {
      return invalid("Invalid http authorization header");
    }
    std::string plain;
    if (scheme == "basic") {
      auto decoded = auth::Base64Decode(credentials);
      if (!decoded) return invalid("Invalid base64 value");
      plain = std::move(*decoded);
    } else if ((scheme == "token" && influx) ||
               (scheme == "splunk" && path.rfind("/v1/splunk/", 0) == 0)) {
      plain = std::string(credentials);
    } else if (scheme == "bearer") {
      return Status(StatusCode::kUserPasswordMismatch,
                    "Username and password does not match, username: ");
    } else {
      return invalid(fmt::format("Unsupported http auth scheme, name: {}", scheme));
    }
    size_t colon = plain.find(':');
    if (colon == std::string::npos) return invalid("Invalid http authorization header");
    return check(std::string_view(plain).substr(0, colon),
                 std::string_view(plain).substr(colon + 1));
  }
  if (influx) {
    std::optional<std::string> u = request.QueryParam("u");
    std::optional<std::string> p = request.QueryParam("p");
    if (u && p) return check(*u, *p);
    if (u || p) {
      return Status::InvalidArguments(
          "Invalid request parameter: influxdb auth: username and password must be provided "
          "together");
    }
    return Status(StatusCode::kAuthHeaderNotFound, "Not found influx http authorization info");
  }
  return Status(StatusCode::kAuthHeaderNotFound, "Not found http or grpc authorization header");
}

awaitable<HttpResponse> HttpServer::Impl::Dispatch(HttpRequest request) {
  const RouteEntry* found = nullptr;
  if (auto it = routes.find(request.path); it != routes.end()) {
    found = &it->second;
  } else {
    for (const auto& [prefix, entry] : prefix_routes) {
      if (request.path.size() > prefix.size() && request.path.rfind(prefix, 0) == 0) {
        found = &entry;
        break;
      }
    }
  }
  if (found == nullptr) co_return HttpResponse::Empty(404);
  const RouteEntry& route = *found;
  if (request.method == "OPTIONS" && options.enable_cors) co_return HttpResponse::Empty(200);
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  bool allowed = false;
  for (const std::string& m : route.methods) allowed = allowed || m == method;
  if (!allowed) co_return HttpResponse::Empty(405);
  if (options.users != nullptr) {
    auto user = AuthenticateRequest(request, *options.users);
    if (!user.ok()) {
      HttpResponse denied = HttpResponse::Error(user.status());
      denied.status = 401;
      co_return denied;
    }
    request.user = std::move(*user);
  }

  if (!route.blocking || blocking_pool == nullptr) co_return route.handler(request);

  std::chrono::nanoseconds timeout = options.timeout;
  if (timeout.count() > 0) {
    if (auto header = request.Header("x-greptime-timeout")) {
      if (auto parsed = ParseDuration(*header); parsed.ok()) timeout = *parsed;
    }
  }
  auto executor = co_await asio::this_coro::executor;
  auto channel = std::make_shared<ResponseChannel>(executor, 1);
  Status submitted = blocking_pool->Submit(
      [channel, handler = route.handler, request = std::move(request)]() {
        channel->try_send(boost::system::error_code(), handler(request));
      });
  if (!submitted.ok()) {
    co_return HttpResponse::Error(Status(StatusCode::kRuntimeResourcesExhausted,
                                         "server is overloaded: " + submitted.message()));
  }
  if (timeout.count() <= 0) {
    auto [ec, response] = co_await channel->async_receive(kNoThrow);
    if (ec) co_return HttpResponse::Error(Status::Internal("handler did not answer: {}", ec.message()));
    co_return std::move(response);
  }
  asio::steady_timer timer(executor, timeout);
  auto result = co_await (channel->async_receive(kNoThrow) || timer.async_wait(kNoThrow));
  if (result.index() == 1) co_return HttpResponse::Empty(408);
  auto [ec, response] = std::get<0>(std::move(result));
  if (ec) co_return HttpResponse::Error(Status::Internal("handler did not answer: {}", ec.message()));
  co_return std::move(response);
}

// Half-closes, then reads and discards what the client is still sending (bounded in time and
// bytes) before closing: closing with unread data would reset the connection and the client
// might never see an early response such as 413.
awaitable<void> HttpServer::Impl::LingeringClose(Session& s) {
  beast::error_code ignored;
  s.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  if (!s.unread_input) {
    s.stream.close();
    co_return;
  }
  s.stream.expires_after(std::chrono::seconds(2));
  static constexpr size_t kMaxDrain = 64u << 20;
  size_t drained = 0;
  char scratch[16384];
  while (drained < kMaxDrain) {
    auto [ec, n] = co_await s.stream.async_read_some(asio::buffer(scratch), kNoThrow);
    if (ec) break;
    drained += n;
  }
  s.stream.close();
}

awaitable<void> HttpServer::Impl::Serve(std::shared_ptr<Session> session, uint64_t id) {
  Session& s = *session;
  while (true) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    if (options.body_limit == 0) {
      parser.body_limit(boost::none);
    } else {
      parser.body_limit(options.body_limit);
    }
    s.idle = s.buffer.size() == 0;
    if (s.idle && stopping.load()) break;
    s.stream.expires_after(s.idle ? std::chrono::seconds(options.keep_alive_timeout)
                                   : options.read_timeout);
    auto [ec, unused] = co_await http::async_read_header(s.stream, s.buffer, parser, kNoThrow);
    (void)unused;
    s.idle = false;
    if (ec) {
      // Closed, cancelled by shutdown, timed out or cut off mid-header: nobody to answer.
      if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
          ec == asio::error::operation_aborted || ec == beast::error::timeout ||
          ec == asio::error::connection_reset || ec == asio::error::eof) {
        break;
      }
      if (ec == http::error::body_limit) {  // Content-Length announced more than the limit
        RecordMetrics("UNKNOWN", "invalid", 413, 0);
        s.unread_input = true;
        co_await WriteResponse(s, BodyTooLarge(), "POST", 11, false, "");
        break;
      }
      const bool too_large = ec == http::error::header_limit;
      Status st = Status::InvalidArguments("{}: {}", too_large ? "request header too large"
                                                               : "malformed HTTP request",
                                           ec.message());
      HttpResponse response = HttpResponse::Error(st);
      response.status = too_large ? 431 : 400;
      RecordMetrics("UNKNOWN", "invalid", response.status, 0);
      s.unread_input = true;
      co_await WriteResponse(s, std::move(response), "GET", 11, false, "");
      break;
    }

    auto& header = parser.get();
    const unsigned version = header.version();
    const std::string method = std::string(header.method_string());
    const std::string origin = std::string(header[http::field::origin]);
    const auto start = std::chrono::steady_clock::now();

    if (beast::iequals(header[http::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      co_await asio::async_write(s.stream, asio::buffer(kContinue.data(), kContinue.size()),
                                 kNoThrow);
    }
    // A body of known length is read straight into its string with one deadline for the whole
    // body (the parser path copies it once more and re-arms a timer per chunk read).
    std::optional<std::string> direct_body;
    boost::system::error_code body_ec;
    if (!parser.chunked() && parser.content_length().has_value()) {
      const size_t length = static_cast<size_t>(*parser.content_length());
      std::string body(length, '\0');
      const size_t buffered = std::min(s.buffer.size(), length);
      std::memcpy(body.data(), s.buffer.data().data(), buffered);
      s.buffer.consume(buffered);
      if (buffered < length) {
        s.stream.expires_never();
        asio::steady_timer deadline(co_await asio::this_coro::executor);
        deadline.expires_after(options.read_timeout);
        auto& socket = s.stream.socket();
        deadline.async_wait([&socket](boost::system::error_code ec) {
          if (!ec) {
            boost::system::error_code ignored;
            socket.cancel(ignored);
          }
        });
        auto [ec, n] = co_await asio::async_read(
            socket, asio::buffer(body.data() + buffered, length - buffered), kNoThrow);
        (void)n;
        const bool timed_out = deadline.expiry() <= std::chrono::steady_clock::now();
        deadline.cancel();
        if (ec) body_ec = timed_out ? beast::error::timeout : ec;
      }
      direct_body = std::move(body);
    } else {
      s.stream.expires_after(options.read_timeout);
      auto [ec, body_bytes] = co_await http::async_read(s.stream, s.buffer, parser, kNoThrow);
      (void)body_bytes;
      body_ec = ec;
    }
    if (body_ec) {
      if (body_ec == http::error::body_limit) {
        RecordMetrics(method, "invalid", 413, 0);
        s.unread_input = true;
        co_await WriteResponse(s, BodyTooLarge(), method, version, false, origin);
      } else if (body_ec != beast::error::timeout && body_ec != http::error::end_of_stream &&
                 body_ec != asio::error::connection_reset && body_ec != asio::error::eof &&
                 body_ec != asio::error::operation_aborted &&
                 body_ec != http::error::partial_message) {
        HttpResponse response = HttpResponse::Error(
            Status::InvalidArguments("malformed HTTP request body: {}", body_ec.message()));
        response.status = 400;
        RecordMetrics(method, "invalid", 400, 0);
        s.unread_input = true;
        co_await WriteResponse(s, std::move(response), method, version, false, origin);
      }
      break;
    }

    http::request<http::string_body> message = parser.release();
    HttpRequest request;
    request.method = method;
    std::string_view target = message.target();
    const size_t question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
    for (const auto& field : message) {
      request.headers.emplace_back(AsciiLower(field.name_string()), std::string(field.value()));
    }
    request.body = direct_body ? std::move(*direct_body) : std::move(message.body());
    const bool keep_alive = message.keep_alive();
    const std::string route_label = routes.count(request.path) ? request.path : "unknown";

    HttpResponse response = co_await Dispatch(std::move(request));
    const bool keep = keep_alive && !stopping.load();
    const int status = response.status;
    co_await WriteResponse(s, std::move(response), method, version, keep, origin);
    RecordMetrics(method, route_label, status,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!keep) break;
  }
  co_await LingeringClose(s);
  {
    std::lock_guard<std::mutex> lock(mu);
    sessions.erase(id);
    if (sessions.empty() && stopping.load() && grace_timer) grace_timer->cancel();
  }
  connections.fetch_sub(1);
}

// ---------------------------------------------------------------------------------------------

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  Shutdown();
  Wait();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Create(HttpServerOptions options,
                                                       ThreadPool* blocking_pool) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->blocking_pool = blocking_pool;
  if (impl->options.io_threads == 0) impl->options.io_threads = 1;
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

void HttpServer::Route(std::string path, std::vector<std::string> methods, HttpHandler handler,
                       bool blocking) {
  impl_->routes[std::move(path)] = RouteEntry{std::move(methods), std::move(handler), blocking};
}

void HttpServer::RoutePrefix(std::string prefix, std::vector<std::string> methods,
                             HttpHandler handler, bool blocking) {
  impl_->prefix_routes.emplace_back(std::move(prefix),
                                    RouteEntry{std::move(methods), std::move(handler), blocking});
}

Status HttpServer::Start() {
  GT_ASSIGN_OR_RETURN(impl_->bound_address,
                      ListenOn(impl_->acceptor, impl_->options.addr, "http.addr"));
  asio::co_spawn(impl_->ioc, impl_->Accept(), asio::detached);
  for (size_t i = 0; i < impl_->options.io_threads; ++i) {
    impl_->threads.emplace_back([this]() { impl_->ioc.run(); });
  }
  GT_LOG_INFO("HTTP server is bound to {}", impl_->bound_address);
  return Status::OK();
}

std::string HttpServer::local_address() const { return impl_->bound_address; }

void HttpServer::Shutdown() {
  if (impl_->stopping.exchange(true)) return;
  Impl* impl = impl_.get();
  asio::post(impl->ioc, [impl]() {
    boost::system::error_code ec;
    impl->acceptor.close(ec);
    std::lock_guard<std::mutex> lock(impl->mu);
    for (auto& [id, weak] : impl->sessions) {
      if (auto session = weak.lock()) {
        asio::post(session->stream.get_executor(), [session]() {
          if (session->idle) session->stream.socket().cancel();
        });
      }
    }
    if (impl->sessions.empty()) return;
    // In-flight requests get a grace period; then everything is stopped.
    impl->grace_timer = std::make_unique<asio::steady_timer>(impl->ioc, impl->options.shutdown_grace);
    impl->grace_timer->async_wait([impl](boost::system::error_code wait_ec) {
      if (wait_ec) return;  // cancelled: the last session ended first
      GT_LOG_WARN("http: shutdown grace period over, closing {} connection(s)",
                  impl->connections.load());
      impl->ioc.stop();
    });
  });
}

void HttpServer::Wait() {
  std::call_once(impl_->joined, [this]() {
    for (std::thread& t : impl_->threads) {
      if (t.joinable()) t.join();
    }
  });
}

}  // namespace greptime::servers
