// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Cloud backends of ObjectStore: Amazon S3 (and S3-compatible servers) and Azure Blob Storage,
// over HTTP(S) with libcurl. Both follow the ObjectStore contract of object_store.h, with the
// same error codes and wording as the filesystem store ("object not found: <path>").
//
// Keys: every path is prefixed with the normalised `root` ("/greptimedb", "greptimedb/" and
// "greptimedb" all become "greptimedb/"; "" and "/" mean no prefix); List returns paths relative
// to root. Constructors validate options and never contact the network.
//
// WriteIfAbsent sends If-None-Match: * (the S3 store also checks with a HEAD first, as some
// S3-compatible servers ignore the header). Caveat: when an attempt succeeds but its response is
// lost, the retry sees the object and reports kIllegalState.
//
// Thread safety: the returned stores are safe to use from many threads at once; they share a pool
// of keep-alive connections.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "storage/object_store/object_store.h"

namespace greptime::storage {

// Transport settings shared by both backends. A request is attempted up to 1 + max_retries
// times: transport errors, timeouts, HTTP 5xx and 429 are retried after a random sleep in
// [0, min(max_backoff_ms, base_backoff_ms * 2^attempt)) ("full jitter"); other 4xx are not.
struct HttpClientOptions {
  int connect_timeout_ms = 30000;
  // Total time of one attempt (0: no limit). A multipart write is bounded per part.
  int timeout_ms = 30000;
  int max_retries = 4;
  int base_backoff_ms = 100;
  int max_backoff_ms = 5000;
  bool skip_ssl_validation = false;
};

// Amazon S3 or an S3-compatible server, signed with AWS Signature Version 4.
struct S3Options {
  std::string bucket;  // required
  std::string root;
  // "https://s3.<region>.amazonaws.com" when empty. Scheme and host[:port], e.g.
  // "http://127.0.0.1:9000"; a path after the host is not supported.
  std::string endpoint;
  std::string region;  // "us-east-1" when empty
  std::string access_key_id;
  std::string secret_access_key;
  // false: path style, <endpoint>/<bucket>/<key>; true: virtual host, <scheme>://<bucket>.<host>/<key>.
  bool virtual_host_style = false;
  // Objects of at least this size go through a multipart upload of `part_size` parts (the last
  // may be smaller). S3 requires parts of at least 5 MiB.
  uint64_t multipart_threshold = 16ull << 20;
  uint64_t part_size = 8ull << 20;
  // Keys per ListObjectsV2 page (S3 returns at most 1000).
  int list_page_size = 1000;
  HttpClientOptions http;
};

// Azure Blob Storage, authorised with the account's Shared Key, or with a SAS token when
// `sas_token` is set (then `account_key` is ignored).
//
// URL convention: a blob's URL is <endpoint>/<container>/<root><path>. `endpoint` defaults to
// "https://<account_name>.blob.core.windows.net"; for Azurite and other path-style servers give
// the account in the endpoint: "http://127.0.0.1:10000/devstoreaccount1".
struct AzblobOptions {
  std::string container;  // required
  std::string root;
  std::string endpoint;
  std::string account_name;  // required
  std::string account_key;   // base64, as the portal shows it
  std::string sas_token;     // "sv=...&sig=..." with or without the leading '?'
  // Objects of at least this size are written as blocks of `part_size` (Put Block + Put Block
  // List) instead of one Put Blob.
  uint64_t multipart_threshold = 16ull << 20;
  uint64_t part_size = 8ull << 20;
  // Blobs per List Blobs page (Azure returns at most 5000).
  int list_page_size = 1000;
  HttpClientOptions http;
};

// kInvalidArguments when a required option is missing or malformed.
Result<std::unique_ptr<ObjectStore>> NewS3ObjectStore(S3Options options);
Result<std::unique_ptr<ObjectStore>> NewAzblobObjectStore(AzblobOptions options);

// Administrative helpers for setup tools and tests: create the bucket / container named in the
// options. Creating one that already exists and is ours is not an error.
Status CreateS3Bucket(const S3Options& options);
Status CreateAzblobContainer(const AzblobOptions& options);

}  // namespace greptime::storage
