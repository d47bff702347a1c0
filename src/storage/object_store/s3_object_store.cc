// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// The S3 backend of ObjectStore: REST calls signed with SigV4 (payload hashed), path-style or
// virtual-host URLs, multipart upload for large objects, ListObjectsV2 pagination.
#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <span>

#include <fmt/format.h>

#include "storage/object_store/cloud_object_store.h"
#include "storage/object_store/cloud_util.h"
#include "storage/object_store/http_client.h"
#include "storage/object_store/s3_sign.h"

namespace greptime::storage {
namespace {

constexpr uint64_t kMinPartSize = 5ull << 20;
constexpr size_t kDeleteBatch = 1000;

using Query = std::vector<std::pair<std::string, std::string>>;
using Headers = std::vector<std::pair<std::string, std::string>>;

class S3ObjectStore final : public ObjectStore {
 public:
  S3ObjectStore(S3Options options, cloud::Endpoint endpoint)
      : options_(std::move(options)),
        endpoint_(std::move(endpoint)),
        root_(cloud::NormalizeRoot(options_.root)),
        client_(options_.http) {}

  Result<std::string> Read(std::string_view path) override {
    GT_ASSIGN_OR_RETURN(HttpResponse resp, Send("GET", Key(path), {}, {}));
    if (resp.status == 200) return std::move(resp.body);
    if (IsMissingObject(resp)) return Status::StorageUnavailable("object not found: {}", path);
    return Error("GET", Key(path), resp);
  }

  Result<std::string> ReadRange(std::string_view path, uint64_t offset, uint64_t length) override {
    if (length == 0) {
      GT_ASSIGN_OR_RETURN(auto size, Stat(path));
      if (!size) return Status::StorageUnavailable("object not found: {}", path);
      if (offset > *size) return PastEnd(path, offset, length, *size);
      return std::string();
    }
    const std::string key = Key(path);
    GT_ASSIGN_OR_RETURN(
        HttpResponse resp,
        Send("GET", key, {}, {{"Range", fmt::format("bytes={}-{}", offset, offset + length - 1)}}));
    if (resp.status == 206) {
      // s3rver answers "bytes=0-0" with the whole object: trim a longer body that starts right.
      if (resp.body.size() > length &&
          cloud::ContentRangeStart(resp.Header("content-range")) == offset) {
        resp.body.resize(length);
      }
      if (resp.body.size() == length) return std::move(resp.body);
      return PastEnd(path, offset, length, -1);
    }
    if (resp.status == 416) return PastEnd(path, offset, length, -1);
    if (resp.status == 200) {  // the server ignored Range
      if (resp.body.size() < offset + length) {
        return PastEnd(path, offset, length, static_cast<int64_t>(resp.body.size()));
      }
      return resp.body.substr(offset, length);
    }
    if (IsMissingObject(resp)) return Status::StorageUnavailable("object not found: {}", path);
    return Error("GET", key, resp);
  }

  Result<std::optional<uint64_t>> Stat(std::string_view path) override {
    const std::string key = Key(path);
    GT_ASSIGN_OR_RETURN(HttpResponse resp, Send("HEAD", key, {}, {}));
    if (resp.status == 404) return std::optional<uint64_t>();
    if (resp.status != 200) return Error("HEAD", key, resp);
    return std::optional<uint64_t>(std::strtoull(resp.Header("content-length").c_str(), nullptr, 10));
  }

  Status Write(std::string_view path, std::string_view data) override {
    return WriteImpl(path, data, /*if_absent=*/false);
  }

  Status WriteIfAbsent(std::string_view path, std::string_view data) override {
    // Some S3-compatible servers (s3rver, older MinIO) ignore If-None-Match on PUT: check first.
    GT_ASSIGN_OR_RETURN(auto existing, Stat(path));
    if (existing) return Status::IllegalState("object already exists: {}", path);
    return WriteImpl(path, data, /*if_absent=*/true);
  }

  Result<std::vector<ObjectMeta>> List(std::string_view prefix) override {
    std::vector<ObjectMeta> out;
    const std::string full_prefix = root_ + std::string(prefix);
    std::string token;
    for (;;) {
      Query query = {{"list-type", "2"},
                     {"prefix", full_prefix},
                     {"max-keys", std::to_string(options_.list_page_size)}};
      if (!token.empty()) query.emplace_back("continuation-token", token);
      GT_ASSIGN_OR_RETURN(HttpResponse resp, Send("GET", "", std::move(query), {}));
      if (resp.status != 200) return Error("LIST", full_prefix, resp);
      for (std::string_view contents : cloud::XmlElements(resp.body, "Contents")) {
        std::optional<std::string> key = cloud::XmlText(contents, "Key");
        if (!key || key->compare(0, root_.size(), root_) != 0) continue;
        std::optional<std::string> size = cloud::XmlText(contents, "Size");
        out.push_back(ObjectMeta{key->substr(root_.size()),
                                 size ? std::strtoull(size->c_str(), nullptr, 10) : 0});
      }
      if (cloud::XmlText(resp.body, "IsTruncated").value_or("false") != "true") break;
      std::optional<std::string> next = cloud::XmlText(resp.body, "NextContinuationToken");
      if (!next || next->empty() || *next == token) {
        return Status::StorageUnavailable("S3 LIST {}/{}: truncated page without a new "
                                          "NextContinuationToken", options_.bucket, full_prefix);
      }
      token = std::move(*next);
    }
    std::sort(out.begin(), out.end(),
              [](const ObjectMeta& a, const ObjectMeta& b) { return a.path < b.path; });
    return out;
  }

  Status Delete(std::string_view path) override {
    const std::string key = Key(path);
    GT_ASSIGN_OR_RETURN(HttpResponse resp, Send("DELETE", key, {}, {}));
    if (resp.status == 200 || resp.status == 204 || resp.status == 404) return Status::OK();
    return Error("DELETE", key, resp);
  }

  Status DeleteAll(std::string_view prefix) override {
    GT_ASSIGN_OR_RETURN(std::vector<ObjectMeta> objects, List(prefix));
    for (size_t begin = 0; begin < objects.size(); begin += kDeleteBatch) {
      size_t end = std::min(objects.size(), begin + kDeleteBatch);
      GT_RETURN_IF_ERROR(DeleteBatch(std::span(objects).subspan(begin, end - begin)));
    }
    return Status::OK();
  }

  // PUT /bucket, with a LocationConstraint outside us-east-1.
  Status CreateBucket() {
    std::string body;
    if (Region() != "us-east-1") {
      body = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
             "<LocationConstraint>" + Region() + "</LocationConstraint></CreateBucketConfiguration>";
    }
    GT_ASSIGN_OR_RETURN(HttpResponse resp, Send("PUT", "", {}, {}, body));
    if (resp.status == 200) return Status::OK();
    if (resp.status == 409 &&
        cloud::XmlText(resp.body, "Code").value_or("") == "BucketAlreadyOwnedByYou") {
      return Status::OK();
    }
    return Error("PUT", "", resp);
  }

 private:
  std::string Key(std::string_view path) const { return root_ + std::string(path); }
  std::string Region() const { return options_.region.empty() ? "us-east-1" : options_.region; }

  // One signed request on `key` ("" for the bucket itself).
  Result<HttpResponse> Send(std::string method, const std::string& key, Query query,
                            Headers headers, std::string_view body = {}) {
    std::string host = endpoint_.host;
    std::string path;
    if (options_.virtual_host_style) {
      host = options_.bucket + "." + host;
      path = "/" + cloud::UriEncode(key, false);
    } else {
      path = "/" + cloud::UriEncode(options_.bucket, true);
      if (!key.empty()) path += "/" + cloud::UriEncode(key, false);
    }
    HttpRequest request;
    request.method = std::move(method);
    request.url = endpoint_.scheme + "://" + host + path;
    const std::string query_string = s3::CanonicalQuery(query);
    if (!query_string.empty()) request.url += "?" + query_string;
    request.headers = std::move(headers);
    request.body = body;
    HttpClient::Signer sign;  // anonymous when there are no credentials
    std::string payload_hash;
    const s3::SigV4Credentials credentials{options_.access_key_id, options_.secret_access_key,
                                           Region()};
    if (!options_.access_key_id.empty()) {
      // Hashed once; each attempt gets a fresh date and signature.
      payload_hash = cloud::HexEncode(cloud::Sha256(body));
      sign = [&](HttpRequest& r) {
        const std::string date = cloud::AmzDate(std::time(nullptr));
        r.headers.emplace_back("Host", host);
        r.headers.emplace_back("x-amz-date", date);
        r.headers.emplace_back("x-amz-content-sha256", payload_hash);
        s3::SigV4Request to_sign{r.method, path, query, r.headers, payload_hash};
        r.headers.emplace_back("Authorization",
                               s3::SignV4(to_sign, credentials, date).authorization);
      };
    }
    Result<HttpResponse> resp = client_.Send(request, sign);
    if (!resp.ok()) {
      return std::move(resp).status().WithContext("S3 {} {}/{}", request.method, options_.bucket,
                                                  key);
    }
    return resp;
  }

  static bool IsMissingObject(const HttpResponse& resp) {
    if (resp.status != 404) return false;
    std::string code = cloud::XmlText(resp.body, "Code").value_or("");
    return code.empty() || code == "NoSuchKey";
  }

  // "S3 GET bucket/key: 403 InvalidAccessKeyId: The AWS Access Key Id you provided ..."
  Status Error(std::string_view op, std::string_view key, const HttpResponse& resp) const {
    std::string detail = std::to_string(resp.status);
    if (auto code = cloud::XmlText(resp.body, "Code")) {
      detail += " " + *code;
    } else if (!cloud::HttpReason(resp.status).empty()) {
      detail += " " + std::string(cloud::HttpReason(resp.status));  // HEAD has no error body
    }
    if (auto message = cloud::XmlText(resp.body, "Message")) detail += ": " + *message;
    if (resp.attempts > 1) detail += fmt::format(" (after {} attempts)", resp.attempts);
    return Status::StorageUnavailable("S3 {} {}/{}: {}", op, options_.bucket, key, detail);
  }

  static Status PastEnd(std::string_view path, uint64_t offset, uint64_t length, int64_t size) {
    std::string size_note = size >= 0 ? fmt::format(" of {} bytes", size) : "";
    return Status::StorageUnavailable("read {}: range [{}, {}) is past the end of the object{}",
                                      path, offset, offset + length, size_note);
  }

  Status WriteImpl(std::string_view path, std::string_view data, bool if_absent) {
    const std::string key = Key(path);
    if (data.size() >= options_.multipart_threshold) return MultipartWrite(path, key, data, if_absent);
    Headers headers;
    if (if_absent) headers.emplace_back("If-None-Match", "*");
    GT_ASSIGN_OR_RETURN(HttpResponse resp, Send("PUT", key, {}, std::move(headers), data));
    if (resp.status == 200) return Status::OK();
    if (if_absent && (resp.status == 412 || resp.status == 409)) {
      return Status::IllegalState("object already exists: {}", path);
    }
    return Error("PUT", key, resp);
  }

  Status MultipartWrite(std::string_view path, const std::string& key, std::string_view data,
                        bool if_absent) {
    GT_ASSIGN_OR_RETURN(HttpResponse init, Send("POST", key, {{"uploads", ""}}, {}));
    std::optional<std::string> upload_id = cloud::XmlText(init.body, "UploadId");
    if (init.status != 200) return Error("CreateMultipartUpload", key, init);
    if (!upload_id || upload_id->empty()) {
      return Status::StorageUnavailable("S3 CreateMultipartUpload {}/{}: no UploadId in response",
                                        options_.bucket, key);
    }
    Status status = UploadParts(path, key, *upload_id, data, if_absent);
    if (!status.ok()) {
      // Best effort: an unaborted upload only costs storage until a lifecycle rule removes it.
      (void)Send("DELETE", key, {{"uploadId", *upload_id}}, {});
    }
    return status;
  }

  Status UploadParts(std::string_view path, const std::string& key, const std::string& upload_id,
                     std::string_view data, bool if_absent) {
    std::string complete = "<CompleteMultipartUpload>";
    int part = 1;
    for (uint64_t offset = 0; offset < data.size(); offset += options_.part_size, ++part) {
      std::string_view chunk = data.substr(offset, options_.part_size);
      GT_ASSIGN_OR_RETURN(
          HttpResponse resp,
          Send("PUT", key, {{"partNumber", std::to_string(part)}, {"uploadId", upload_id}}, {},
               chunk));
      if (resp.status != 200) return Error(fmt::format("UploadPart {}", part), key, resp);
      complete += fmt::format("<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>", part,
                              cloud::XmlEscape(resp.Header("etag")));
    }
    complete += "</CompleteMultipartUpload>";
    Headers headers = {{"Content-Type", "application/xml"}};
    if (if_absent) headers.emplace_back("If-None-Match", "*");
    GT_ASSIGN_OR_RETURN(HttpResponse resp, Send("POST", key, {{"uploadId", upload_id}},
                                                std::move(headers), complete));
    if (if_absent && (resp.status == 412 || resp.status == 409)) {
      return Status::IllegalState("object already exists: {}", path);
    }
    // S3 may answer 200 with an <Error> body when the completion fails late.
    if (resp.status != 200 || !cloud::XmlElements(resp.body, "Error").empty()) {
      return Error("CompleteMultipartUpload", key, resp);
    }
    return Status::OK();
  }

  Status DeleteBatch(std::span<const ObjectMeta> objects) {
    std::string body = "<Delete><Quiet>true</Quiet>";
    for (const ObjectMeta& meta : objects) {
      body += "<Object><Key>" + cloud::XmlEscape(Key(meta.path)) + "</Key></Object>";
    }
    body += "</Delete>";
    Headers headers = {{"Content-Type", "application/xml"},
                       {"Content-MD5", cloud::Base64Encode(cloud::Md5(body))}};
    GT_ASSIGN_OR_RETURN(HttpResponse resp, Send("POST", "", {{"delete", ""}}, std::move(headers),
                                                body));
    if (resp.status != 200) return Error("DeleteObjects", root_, resp);
    std::vector<std::string_view> errors = cloud::XmlElements(resp.body, "Error");
    if (!errors.empty()) {
      return Status::StorageUnavailable(
          "S3 DeleteObjects {}: {} of {} failed, first {}: {} {}", options_.bucket, errors.size(),
          objects.size(), cloud::XmlText(errors[0], "Key").value_or("?"),
          cloud::XmlText(errors[0], "Code").value_or(""),
          cloud::XmlText(errors[0], "Message").value_or(""));
    }
    return Status::OK();
  }

  S3Options options_;
  cloud::Endpoint endpoint_;
  std::string root_;
  HttpClient client_;
};

Result<std::unique_ptr<S3ObjectStore>> MakeS3(S3Options options) {
  if (options.bucket.empty()) {
    return Status::InvalidArguments("S3 object store: bucket is empty");
  }
  if (options.access_key_id.empty() != options.secret_access_key.empty()) {
    return Status::InvalidArguments(
        "S3 object store: access_key_id and secret_access_key must be set together");
  }
  if (options.part_size < kMinPartSize) {
    return Status::InvalidArguments("S3 object store: part_size {} is below the S3 minimum of {}",
                                    options.part_size, kMinPartSize);
  }
  if (options.multipart_threshold == 0) {
    return Status::InvalidArguments("S3 object store: multipart_threshold must be positive");
  }
  if (options.list_page_size < 1 || options.list_page_size > 1000) {
    return Status::InvalidArguments("S3 object store: list_page_size {} is not in [1, 1000]",
                                    options.list_page_size);
  }
  std::string endpoint = options.endpoint;
  if (endpoint.empty()) {
    endpoint = "https://s3." + (options.region.empty() ? "us-east-1" : options.region) +
               ".amazonaws.com";
  }
  Result<cloud::Endpoint> parsed = cloud::ParseEndpoint(endpoint);
  if (!parsed.ok()) return std::move(parsed).status().WithContext("S3 object store");
  if (!parsed->path.empty()) {
    return Status::InvalidArguments("S3 object store: endpoint '{}' must not have a path",
                                    endpoint);
  }
  return std::make_unique<S3ObjectStore>(std::move(options), std::move(*parsed));
}

}  // namespace

Result<std::unique_ptr<ObjectStore>> NewS3ObjectStore(S3Options options) {
  GT_ASSIGN_OR_RETURN(auto store, MakeS3(std::move(options)));
  return std::unique_ptr<ObjectStore>(std::move(store));
}

Status CreateS3Bucket(const S3Options& options) {
  GT_ASSIGN_OR_RETURN(auto store, MakeS3(options));
  return store->CreateBucket();
}

}  // namespace greptime::storage
