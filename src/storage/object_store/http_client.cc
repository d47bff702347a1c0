// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// HttpClient over libcurl easy handles.
#include "storage/object_store/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <random>
#include <thread>

namespace greptime::storage {
namespace {

constexpr size_t kMaxIdleHandles = 32;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Loopback never goes through a proxy; the environment's no_proxy list is kept.
const std::string& NoProxyList() {
  static const std::string list = [] {
    std::string out = "127.0.0.1,localhost,::1";
    for (const char* name : {"no_proxy", "NO_PROXY"}) {
      const char* env = std::getenv(name);
      if (env != nullptr && *env != '\0') {
        out += ",";
        out += env;
        break;
      }
    }
    return out;
  }();
  return list;
}

struct Sink {
  HttpResponse* response;
  bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t nmemb, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t n = size * nmemb;
  if (sink->response->body.size() + n > HttpClient::kMaxResponseBytes) {
    sink->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  sink->response->body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t nitems, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t n = size * nitems;
  std::string_view line(data, n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    sink->response->headers.clear();  // a new response (after 100 Continue)
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  sink->response->headers[std::move(name)] = std::string(value);
  return n;
}

bool HasHeader(const HttpRequest& request, std::string_view lower_name) {
  return std::any_of(request.headers.begin(), request.headers.end(), [&](const auto& h) {
    if (h.first.size() != lower_name.size()) return false;
    for (size_t i = 0; i < lower_name.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(h.first[i])) != lower_name[i]) return false;
    }
    return true;
  });
}

}  // namespace

struct HttpClient::Pool {
  std::mutex mu;
  std::vector<CURL*> idle;  // guarded by mu

  CURL* Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!idle.empty()) {
        CURL* curl = idle.back();
        idle.pop_back();
        return curl;
      }
    }
    return curl_easy_init();
  }

  void Release(CURL* curl) {
    curl_easy_reset(curl);  // keeps the connection cache: the next request reuses it
    std::lock_guard<std::mutex> lock(mu);
    if (idle.size() < kMaxIdleHandles) {
      idle.push_back(curl);
      return;
    }
    curl_easy_cleanup(curl);
  }

  ~Pool() {
    for (CURL* curl : idle) curl_easy_cleanup(curl);
  }
};

HttpClient::HttpClient(HttpClientOptions options)
    : options_(options), pool_(std::make_unique<Pool>()) {
  GlobalInit();
}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::Send(const HttpRequest& request, const Signer& sign) {
  const int attempts = 1 + std::max(0, options_.max_retries);
  Result<HttpResponse> last = Status::Internal("no attempt made");
  for (int attempt = 0; attempt < attempts; ++attempt) {
    if (attempt > 0) Backoff(attempt - 1);
    HttpRequest signed_request = request;
    if (sign) sign(signed_request);
    bool retryable = false;
    last = Attempt(signed_request, retryable);
    if (last.ok()) {
      last->attempts = attempt + 1;
      const int status = last->status;
      if (status < 500 && status != 429) return last;
    } else if (!retryable) {
      return last;
    }
  }
  if (last.ok()) return last;
  return Status(last.status().code(),
                fmt::format("{} (after {} attempts)", last.status().message(), attempts));
}

Result<HttpResponse> HttpClient::Attempt(const HttpRequest& request, bool& retryable) {
  CURL* curl = pool_->Acquire();
  if (curl == nullptr) {
    retryable = true;
    return Status::StorageUnavailable("curl_easy_init failed");
  }
  HttpResponse response;
  Sink sink{&response};
  char error[CURL_ERROR_SIZE] = {0};

  curl_slist* headers = nullptr;
  for (const auto& [name, value] : request.headers) {
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  }
  // No "Expect: 100-continue" round trip; no default form Content-Type (it would break signing).
  headers = curl_slist_append(headers, "Expect:");
  if (!HasHeader(request, "content-type")) headers = curl_slist_append(headers, "Content-Type:");

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max(0, options_.timeout_ms)));
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, NoProxyList().c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(kMaxResponseBytes));
  if (options_.skip_ssl_validation) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty() || request.method == "PUT" || request.method == "POST") {
      // Sent from the caller's buffer, with a Content-Length (0 for an empty body).
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    }
  }

  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  pool_->Release(curl);

  if (sink.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    return Status::StorageUnavailable("{} {}: response body exceeds {} bytes", request.method,
                                      request.url.substr(0, request.url.find('?')),
                                      kMaxResponseBytes);
  }
  if (code != CURLE_OK) {
    retryable = true;
    const std::string name = curl_easy_strerror(code);
    std::string detail = error;
    while (!detail.empty() && detail.back() == '\n') detail.pop_back();
    if (detail.empty() || detail == name) return Status::StorageUnavailable("{}", name);
    if (detail.find(name) != std::string::npos) return Status::StorageUnavailable("{}", detail);
    return Status::StorageUnavailable("{} ({})", detail, name);
  }
  response.status = static_cast<int>(status);
  return response;
}

void HttpClient::Backoff(int attempt) const {
  const int64_t base = std::max(1, options_.base_backoff_ms);
  const int64_t cap = std::max<int64_t>(base, options_.max_backoff_ms);
  const int64_t ceiling = std::min(cap, base << std::min(attempt, 30));
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<int64_t> dist(0, ceiling);
  std::this_thread::sleep_for(std::chrono::milliseconds(dist(rng)));
}

}  // namespace greptime::storage
