// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// HttpClient: the small libcurl wrapper under the cloud object stores. Blocking requests over a
// pool of reusable easy handles (keep-alive connections), with retries and jittered exponential
// backoff. Internal to storage/object_store; curl.h stays in the .cc.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "storage/object_store/cloud_object_store.h"

namespace greptime::storage {

struct HttpRequest {
  std::string method;  // "GET", "HEAD", "PUT", "POST", "DELETE"
  std::string url;     // fully encoded
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;  // borrowed for the duration of the call
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lowercased; a repeated header keeps the last
  std::string body;
  int attempts = 0;  // how many attempts it took

  // The header's value, or "" when absent. `name` must be lowercase.
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HttpClient {
 public:
  // Response bodies above this size are refused (kStorageUnavailable, no retry).
  static constexpr uint64_t kMaxResponseBytes = 1ull << 30;

  // Called on a fresh copy of the request before every attempt, to add a date and a signature.
  using Signer = std::function<void(HttpRequest&)>;

  explicit HttpClient(HttpClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request`, retrying transport errors, timeouts, 5xx and 429 as HttpClientOptions says.
  // Returns the response for any HTTP status (a retried status after the last attempt); fails
  // with kStorageUnavailable when no response arrived ("... (after 5 attempts)") or the body is
  // too large. Thread-safe.
  Result<HttpResponse> Send(const HttpRequest& request, const Signer& sign = {});

 private:
  struct Pool;
  Result<HttpResponse> Attempt(const HttpRequest& request, bool& retryable);
  void Backoff(int attempt) const;

  HttpClientOptions options_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace greptime::storage
