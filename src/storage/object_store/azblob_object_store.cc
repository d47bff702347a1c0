// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The Azure Blob Storage backend of ObjectStore: block blobs authorised with Shared Key (or a SAS
// token), Put Block + Put Block List for large objects, List Blobs pagination.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <optional>

#include <fmt/format.h>

#include "storage/object_store/cloud_object_store.h"
#include "storage/object_store/cloud_util.h"
#include "storage/object_store/http_client.h"

namespace greptime::storage {
namespace {

constexpr std::string_view kApiVersion = "2021-08-06";
constexpr uint64_t kMaxBlocks = 50000;

using Query = std::vector<std::pair<std::string, std::string>>;
using Headers = std::vector<std::pair<std::string, std::string>>;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class AzblobObjectStore final : public ObjectStore {
 public:
  AzblobObjectStore(AzblobOptions options, cloud::Endpoint endpoint, std::string key)
      : options_(std::move(options)),
        endpoint_(std::move(endpoint)),
        key_(std::move(key)),
        root_(cloud::NormalizeRoot(options_.root)),
        client_(options_.http) {
    std::string_view sas = options_.sas_token;
    if (!sas.empty() && sas.front() == '?') sas.remove_prefix(1);
    sas_ = std::string(sas);
  }

  Result<std::string> Read(std::string_view path) override {
    const std::string blob = Blob(path);
    GT_ASSIGN_OR_RETURN(HttpResponse resp, Send("GET", blob, {}, {}));
    if (resp.status == 200) return std::move(resp.body);
    if (IsMissingBlob(resp)) return Status::StorageUnavailable("object not found: {}", path);
    return Error("GET", blob, resp);
  }

  Result<std::string> ReadRange(std::string_view path, uint64_t offset, uint64_t length) override {
    if (length == 0) {
      GT_ASSIGN_OR_RETURN(auto size, Stat(path));
      if (!size) return Status::StorageUnavailable("object not found: {}", path);
      if (offset > *size) return PastEnd(path, offset, length);
      return std::string();
    }
    const std::string blob = Blob(path);
    GT_ASSIGN_OR_RETURN(
        HttpResponse resp,
        Send("GET", blob, {},
             {{"x-ms-range", fmt::format("bytes={}-{}", offset, offset + length - 1)}}));
    if (resp.status == 206) {
      // s3rver answers "bytes=0-0" with the whole object: trim a longer body that starts right.
      if (resp.body.size() > length &&
          cloud::ContentRangeStart(resp.Header("content-range")) == offset) {
        resp.body.resize(length);
      }
      if (resp.body.size() == length) return std::move(resp.body);
      return PastEnd(path, offset, length);
    }
    if (resp.status == 416) return PastEnd(path, offset, length);
    if (resp.status == 200) {  // the whole blob
      if (resp.body.size() < offset + length) return PastEnd(path, offset, length);
      return resp.body.substr(offset, length);
    }
    if (IsMissingBlob(resp)) return Status::StorageUnavailable("object not found: {}", path);
    return Error("GET", blob, resp);
  }

  Result<std::optional<uint64_t>> Stat(std::string_view path) override {
    const std::string blob = Blob(path);
    GT_ASSIGN_OR_RETURN(HttpResponse resp, Send("HEAD", blob, {}, {}));
    if (resp.status == 404) return std::optional<uint64_t>();
    if (resp.status != 200) return Error("HEAD", blob, resp);
    return std::optional<uint64_t>(std::strtoull(resp.Header("content-length").c_str(), nullptr, 10));
  }

  Status Write(std::string_view path, std::string_view data) override {
    return WriteImpl(path, data, /*if_absent=*/false);
  }

  Status WriteIfAbsent(std::string_view path, std::string_view data) override {
    if (data.size() >= options_.multipart_threshold) {
      // Fail before staging blocks; Put Block List still carries If-None-Match for races.
      GT_ASSIGN_OR_RETURN(auto existing, Stat(path));
      if (existing) return Status::IllegalState("object already exists: {}", path);
    }
    return WriteImpl(path, data, /*if_absent=*/true);
  }

  Result<std::vector<ObjectMeta>> List(std::string_view prefix) override {
    std::vector<ObjectMeta> out;
    const std::string full_prefix = root_ + std::string(prefix);
    std::string marker;
    for (;;) {
      Query query = {{"restype", "container"},
                     {"comp", "list"},
                     {"prefix", full_prefix},
                     {"maxresults", std::to_string(options_.list_page_size)}};
      if (!marker.empty()) query.emplace_back("marker", marker);
      GT_ASSIGN_OR_RETURN(HttpResponse resp, Send("GET", "", std::move(query), {}));
      if (resp.status != 200) return Error("LIST", full_prefix, resp);
      for (std::string_view blob : cloud::XmlElements(resp.body, "Blob")) {
        std::optional<std::string> name = cloud::XmlText(blob, "Name");
        if (!name || name->compare(0, root_.size(), root_) != 0) continue;
        std::optional<std::string> size = cloud::XmlText(blob, "Content-Length");
        out.push_back(ObjectMeta{name->substr(root_.size()),
                                 size ? std::strtoull(size->c_str(), nullptr, 10) : 0});
      }
      std::string next = cloud::XmlText(resp.body, "NextMarker").value_or("");
      if (next.empty()) break;
      if (next == marker) {
        return Status::StorageUnavailable("Azblob LIST {}/{}: NextMarker does not advance",
                                          options_.container, full_prefix);
      }
      marker = std::move(next);
    }
    std::sort(out.begin(), out.end(),
              [](const ObjectMeta& a, const ObjectMeta& b) { return a.path < b.path; });
    return out;
  }

  Status Delete(std::string_view path) override {
    const std::string blob = Blob(path);
    GT_ASSIGN_OR_RETURN(HttpResponse resp, Send("DELETE", blob, {}, {}));
    if (resp.status == 202 || resp.status == 200 || resp.status == 404) return Status::OK();
    return Error("DELETE", blob, resp);
  }

  Status DeleteAll(std::string_view prefix) override {
    GT_ASSIGN_OR_RETURN(std::vector<ObjectMeta> objects, List(prefix));
    for (const ObjectMeta& meta : objects) GT_RETURN_IF_ERROR(Delete(meta.path));
    return Status::OK();
  }

  Status CreateContainer() {
    GT_ASSIGN_OR_RETURN(HttpResponse resp, Send("PUT", "", {{"restype", "container"}}, {}));
    if (resp.status == 201) return Status::OK();
    if (resp.status == 409 && ErrorCode(resp) == "ContainerAlreadyExists") return Status::OK();
    return Error("CreateContainer", "", resp);
  }

 private:
  std::string Blob(std::string_view path) const { return root_ + std::string(path); }

  // One authorised request on `blob` ("" for the container itself).
  Result<HttpResponse> Send(std::string method, const std::string& blob, Query query,
                            Headers headers, std::string_view body = {}) {
    std::string path = endpoint_.path + "/" + cloud::UriEncode(options_.container, true);
    if (!blob.empty()) path += "/" + cloud::UriEncode(blob, false);
    HttpRequest request;
    request.method = std::move(method);
    request.url = endpoint_.scheme + "://" + endpoint_.host + path;
    std::string query_string;
    for (const auto& [k, v] : query) {
      query_string += query_string.empty() ? "" : "&";
      query_string += cloud::UriEncode(k, true) + "=" + cloud::UriEncode(v, true);
    }
    if (!sas_.empty()) query_string += (query_string.empty() ? "" : "&") + sas_;
    if (!query_string.empty()) request.url += "?" + query_string;
    request.headers = std::move(headers);
    request.body = body;

    auto sign = [&](HttpRequest& r) {
      r.headers.emplace_back("x-ms-date", cloud::HttpDate(std::time(nullptr)));
      r.headers.emplace_back("x-ms-version", std::string(kApiVersion));
      if (sas_.empty()) {
        r.headers.emplace_back("Authorization", "SharedKey " + options_.account_name + ":" +
                                                    Signature(r, path, query));
      }
    };
    Result<HttpResponse> resp = client_.Send(request, sign);
    if (!resp.ok()) {
      return std::move(resp).status().WithContext("Azblob {} {}/{}", request.method,
                                                  options_.container, blob);
    }
    return resp;
  }

  // Shared Key: https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key
  std::string Signature(const HttpRequest& r, const std::string& path, const Query& query) const {
    auto header = [&](std::string_view name) -> std::string {
      for (const auto& [n, v] : r.headers) {
        if (Lower(n) == name) return v;
      }
      return "";
    };
    // curl sends Content-Length for PUT/POST bodies; since 2015-02-21 a zero length signs as "".
    std::string content_length = r.body.empty() ? "" : std::to_string(r.body.size());
    std::string to_sign = r.method + "\n" + header("content-encoding") + "\n" +
                          header("content-language") + "\n" + content_length + "\n" +
                          header("content-md5") + "\n" + header("content-type") + "\n" +
                          header("date") + "\n" + header("if-modified-since") + "\n" +
                          header("if-match") + "\n" + header("if-none-match") + "\n" +
                          header("if-unmodified-since") + "\n" + header("range") + "\n";
    std::vector<std::pair<std::string, std::string>> ms_headers;
    for (const auto& [n, v] : r.headers) {
      std::string name = Lower(n);
      if (name.rfind("x-ms-", 0) == 0) ms_headers.emplace_back(std::move(name), v);
    }
    std::sort(ms_headers.begin(), ms_headers.end());
    for (const auto& [n, v] : ms_headers) to_sign += n + ":" + v + "\n";
    to_sign += "/" + options_.account_name + path;
    std::vector<std::pair<std::string, std::string>> params;
    for (const auto& [k, v] : query) params.emplace_back(Lower(k), v);
    std::sort(params.begin(), params.end());
    for (const auto& [k, v] : params) to_sign += "\n" + k + ":" + v;
    return cloud::Base64Encode(cloud::HmacSha256(key_, to_sign));
  }

  static std::string ErrorCode(const HttpResponse& resp) {
    std::string code = resp.Header("x-ms-error-code");
    if (code.empty()) code = cloud::XmlText(resp.body, "Code").value_or("");
    return code;
  }

  static bool IsMissingBlob(const HttpResponse& resp) {
    if (resp.status != 404) return false;
    std::string code = ErrorCode(resp);
    return code.empty() || code == "BlobNotFound";
  }

  // "Azblob GET container/blob: 403 AuthenticationFailed: Server failed to authenticate ..."
  Status Error(std::string_view op, std::string_view blob, const HttpResponse& resp) const {
    std::string detail = std::to_string(resp.status);
    std::string code = ErrorCode(resp);
    if (code.empty()) code = cloud::HttpReason(resp.status);
    if (!code.empty()) detail += " " + code;
    if (auto message = cloud::XmlText(resp.body, "Message")) {
      detail += ": " + message->substr(0, message->find('\n'));  // drops RequestId and Time
    }
    if (resp.attempts > 1) detail += fmt::format(" (after {} attempts)", resp.attempts);
    return Status::StorageUnavailable("Azblob {} {}/{}: {}", op, options_.container, blob, detail);
  }

  static Status PastEnd(std::string_view path, uint64_t offset, uint64_t length) {
    return Status::StorageUnavailable("read {}: range [{}, {}) is past the end of the object",
                                      path, offset, offset + length);
  }

  Status WriteImpl(std::string_view path, std::string_view data, bool if_absent) {
    const std::string blob = Blob(path);
    Headers headers;
    if (if_absent) headers.emplace_back("If-None-Match", "*");
    std::string op = "PUT";
    std::string block_list;
    Query query;
    if (data.size() >= options_.multipart_threshold) {
      GT_ASSIGN_OR_RETURN(block_list, StageBlocks(blob, data));
      op = "PutBlockList";
      query.emplace_back("comp", "blocklist");
      headers.emplace_back("Content-Type", "application/xml");
      data = block_list;
    } else {
      headers.emplace_back("x-ms-blob-type", "BlockBlob");
    }
    GT_ASSIGN_OR_RETURN(HttpResponse resp,
                        Send("PUT", blob, std::move(query), std::move(headers), data));
    if (resp.status == 201) return Status::OK();
    if (if_absent && (resp.status == 409 || resp.status == 412)) {
      return Status::IllegalState("object already exists: {}", path);
    }
    return Error(op, blob, resp);
  }

  // Put Block for each part; returns the Put Block List body. Uncommitted blocks of a failed
  // write are garbage-collected by the service.
  Result<std::string> StageBlocks(const std::string& blob, std::string_view data) {
    const uint64_t blocks = (data.size() + options_.part_size - 1) / options_.part_size;
    if (blocks > kMaxBlocks) {
      return Status::InvalidArguments("Azblob PUT {}/{}: {} bytes need {} blocks of {}, above the "
                                      "limit of {}", options_.container, blob, data.size(),
                                      blocks, options_.part_size, kMaxBlocks);
    }
    std::string list = "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>";
    for (uint64_t i = 0; i < blocks; ++i) {
      // Ids of one blob must have the same length.
      const std::string id = cloud::Base64Encode(fmt::format("block-{:08d}", i));
      std::string_view chunk = data.substr(i * options_.part_size, options_.part_size);
      GT_ASSIGN_OR_RETURN(HttpResponse resp,
                          Send("PUT", blob, {{"comp", "block"}, {"blockid", id}}, {}, chunk));
      if (resp.status != 201) return Error(fmt::format("PutBlock {}", i), blob, resp);
      list += "<Latest>" + id + "</Latest>";
    }
    list += "</BlockList>";
    return list;
  }

  AzblobOptions options_;
  cloud::Endpoint endpoint_;
  std::string key_;  // decoded account key
  std::string root_;
  std::string sas_;
  HttpClient client_;
};

Result<std::unique_ptr<AzblobObjectStore>> MakeAzblob(AzblobOptions options) {
  if (options.container.empty()) {
    return Status::InvalidArguments("Azblob object store: container is empty");
  }
  if (options.account_name.empty()) {
    return Status::InvalidArguments("Azblob object store: account_name is empty");
  }
  std::string key;
  if (options.sas_token.empty()) {
    if (options.account_key.empty()) {
      return Status::InvalidArguments(
          "Azblob object store: set account_key (Shared Key) or sas_token");
    }
    Result<std::string> decoded = cloud::Base64Decode(options.account_key);
    if (!decoded.ok() || decoded->empty()) {
      return Status::InvalidArguments("Azblob object store: account_key is not valid base64");
    }
    key = std::move(*decoded);
  }
  if (options.part_size == 0 || options.multipart_threshold == 0) {
    return Status::InvalidArguments(
        "Azblob object store: part_size and multipart_threshold must be positive");
  }
  if (options.part_size > (4000ull << 20)) {
    return Status::InvalidArguments("Azblob object store: part_size {} is above the 4000 MiB "
                                    "block limit", options.part_size);
  }
  if (options.list_page_size < 1 || options.list_page_size > 5000) {
    return Status::InvalidArguments("Azblob object store: list_page_size {} is not in [1, 5000]",
                                    options.list_page_size);
  }
  std::string endpoint = options.endpoint;
  if (endpoint.empty()) endpoint = "https://" + options.account_name + ".blob.core.windows.net";
  Result<cloud::Endpoint> parsed = cloud::ParseEndpoint(endpoint);
  if (!parsed.ok()) return std::move(parsed).status().WithContext("Azblob object store");
  return std::make_unique<AzblobObjectStore>(std::move(options), std::move(*parsed),
                                             std::move(key));
}

}  // namespace

Result<std::unique_ptr<ObjectStore>> NewAzblobObjectStore(AzblobOptions options) {
  GT_ASSIGN_OR_RETURN(auto store, MakeAzblob(std::move(options)));
  return std::unique_ptr<ObjectStore>(std::move(store));
}

Status CreateAzblobContainer(const AzblobOptions& options) {
  GT_ASSIGN_OR_RETURN(auto store, MakeAzblob(options));
  return store->CreateContainer();
}

}  // namespace greptime::storage
