// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// AWS Signature Version 4 for the S3 object store (internal; exposed for its unit test). See
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace greptime::storage::s3 {

struct SigV4Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string region;
  std::string service = "s3";
};

struct SigV4Request {
  std::string method;
  // The URI-encoded path exactly as sent ("/bucket/a%20b"); S3 does not encode it twice.
  std::string canonical_uri;
  // Decoded query parameters; the signer encodes and sorts them.
  std::vector<std::pair<std::string, std::string>> query;
  // Headers to sign, including host, x-amz-date and x-amz-content-sha256. Names are matched
  // case-insensitively; values are trimmed and inner runs of spaces collapsed.
  std::vector<std::pair<std::string, std::string>> headers;
  // Hex SHA-256 of the payload, or "UNSIGNED-PAYLOAD".
  std::string payload_hash;
};

struct SigV4Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signed_headers;  // "host;range;x-amz-content-sha256;x-amz-date"
  std::string signature;       // lowercase hex
  std::string authorization;   // the Authorization header value
};

// Signs `request` made at `amz_date` ("20130524T000000Z").
SigV4Signature SignV4(const SigV4Request& request, const SigV4Credentials& credentials,
                      std::string_view amz_date);

// The canonical query string: parameters URI-encoded (slashes too) and sorted, "k=v&k2=".
std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace greptime::storage::s3
