// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Tests only: a self-signed certificate for "localhost" / 127.0.0.1 and its key, written as PEM
// files, made with OpenSSL (no `openssl` program needed).
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <string>

namespace greptime::servers::tls {

// Writes `cert_path` and `key_path`; false when OpenSSL fails. `common_name` goes into the
// subject so that two certificates can be told apart.
inline bool WriteSelfSignedCertificate(const std::string& cert_path, const std::string& key_path,
                                       const std::string& common_name = "localhost") {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (key == nullptr) return false;
  X509* cert = X509_new();
  bool ok = cert != nullptr;
  if (ok) {
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600L * 24 * 365);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                               0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX v3;
    X509V3_set_ctx_nodb(&v3);
    X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name,
                                              "DNS:localhost,IP:127.0.0.1");
    ok = san != nullptr && X509_add_ext(cert, san, -1) == 1;
    X509_EXTENSION_free(san);
    ok = ok && X509_sign(cert, key, EVP_sha256()) > 0;
  }
  if (ok) {
    FILE* f = std::fopen(cert_path.c_str(), "w");
    ok = f != nullptr && PEM_write_X509(f, cert) == 1;
    if (f != nullptr) std::fclose(f);
  }
  if (ok) {
    FILE* f = std::fopen(key_path.c_str(), "w");
    ok = f != nullptr &&
         PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    if (f != nullptr) std::fclose(f);
  }
  X509_free(cert);
  EVP_PKEY_free(key);
  return ok;
}

}  // namespace greptime::servers::tls
