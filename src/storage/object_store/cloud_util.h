// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Internal helpers of the cloud object stores: digests (OpenSSL), hex/base64, URI encoding, a
// small tolerant XML reader for S3/Azure responses, endpoint parsing and root normalisation.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace greptime::storage::cloud {

// Raw digests.
std::string Sha256(std::string_view data);
std::string Md5(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);

std::string HexEncode(std::string_view bytes);  // lowercase
std::string Base64Encode(std::string_view bytes);
// kInvalidArguments on malformed input.
Result<std::string> Base64Decode(std::string_view text);

// Percent-encodes every byte except A-Za-z0-9 - _ . ~ (and '/' unless `encode_slash`), with
// uppercase hex digits: the encoding both AWS SigV4 and our URLs use.
std::string UriEncode(std::string_view s, bool encode_slash);
// Decodes %XX; other bytes (including '+') are kept.
std::string UriDecode(std::string_view s);

// Decodes &amp; &lt; &gt; &quot; &apos; &#NN; &#xNN; (unknown entities are kept as written).
std::string XmlUnescape(std::string_view s);
std::string XmlEscape(std::string_view s);
// The inner text of every <tag ...>...</tag> (or empty for <tag/>) in `xml`, in order, not
// decoded. Tolerant: does not validate, ignores namespaces and nesting of other tags.
std::vector<std::string_view> XmlElements(std::string_view xml, std::string_view tag);
// The decoded text of the first <tag> element, or nullopt.
std::optional<std::string> XmlText(std::string_view xml, std::string_view tag);

// "greptimedb", "/greptimedb/", "greptimedb/" -> "greptimedb/"; "", "/" -> "".
std::string NormalizeRoot(std::string_view root);

struct Endpoint {
  std::string scheme;  // "http" or "https"
  std::string host;    // host[:port], as sent in the Host header
  std::string path;    // "" or "/account" (no trailing '/')
};
// Parses "scheme://host[:port][/path]". kInvalidArguments when malformed.
Result<Endpoint> ParseEndpoint(std::string_view url);

// "Forbidden" for 403: the reason phrase of common statuses, "" for others.
std::string_view HttpReason(int status);

// The first byte of a "bytes <first>-<last>/<total>" Content-Range, or nullopt.
std::optional<uint64_t> ContentRangeStart(std::string_view content_range);

// "20130524T000000Z" (ISO 8601 basic, UTC), and "Fri, 24 May 2013 00:00:00 GMT" (RFC 1123).
std::string AmzDate(std::time_t t);
std::string HttpDate(std::time_t t);

}  // namespace greptime::storage::cloud
