// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "servers/tls/tls.h"

#include <sys/stat.h>

#include <boost/asio/ssl/context.hpp>
#include <fmt/format.h>
#include <openssl/err.h>

#include "common/logging.h"

namespace greptime::servers::tls {
namespace {

namespace ssl = boost::asio::ssl;

std::string OpenSslReason(const boost::system::error_code& ec) {
  std::string reason = ec.message();
  if (const unsigned long e = ERR_get_error(); e != 0) {  // NOLINT(runtime/int)
    char buf[256];
    ERR_error_string_n(e, buf, sizeof(buf));
    reason = buf;
  }
  ERR_clear_error();
  return reason;
}

}  // namespace

TlsContext::TlsContext(TlsOptions options) : options_(std::move(options)) {}
TlsContext::~TlsContext() = default;

Result<std::shared_ptr<TlsContext>> TlsContext::Create(TlsOptions options) {
  std::string mode = options.mode;
  for (char& c : mode) {
    if (c == '_') c = '-';
  }
  if (mode != "disable" && mode != "prefer" && mode != "require" && mode != "verify-ca" &&
      mode != "verify-full") {
    return Status::InvalidArguments(
        "invalid TLS mode '{}': expected disable, prefer, require, verify-ca or verify-full",
        options.mode);
  }
  std::shared_ptr<TlsContext> ctx(new TlsContext(options));
  if (mode == "disable") return ctx;
  if (options.cert_path.empty() || options.key_path.empty()) {
    return Status::InvalidArguments("TLS mode '{}' needs both cert_path and key_path",
                                    options.mode);
  }
  ctx->offered_ = true;
  ctx->required_ = mode != "prefer";
  GT_ASSIGN_OR_RETURN(ctx->context_, ctx->Load());
  ctx->stamp_ = ctx->Stamp();
  return ctx;
}

Result<std::shared_ptr<ssl::context>> TlsContext::Load() const {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                       ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  boost::system::error_code ec;
  context->use_certificate_chain_file(options_.cert_path, ec);
  if (ec) {
    return Status::InvalidArguments("cannot load TLS certificate {}: {}", options_.cert_path,
                                    OpenSslReason(ec));
  }
  context->use_private_key_file(options_.key_path, ssl::context::pem, ec);
  if (ec) {
    return Status::InvalidArguments("cannot load TLS private key {}: {}", options_.key_path,
                                    OpenSslReason(ec));
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    ERR_clear_error();
    return Status::InvalidArguments("TLS private key {} does not match certificate {}",
                                    options_.key_path, options_.cert_path);
  }
  return context;
}

std::string TlsContext::Stamp() const {
  std::string out;
  for (const std::string& path : {options_.cert_path, options_.key_path}) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      out += fmt::format("{}:{}.{};", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    } else {
      out += "missing;";
    }
  }
  return out;
}

std::shared_ptr<ssl::context> TlsContext::Current() {
  std::lock_guard<std::mutex> lock(mu_);
  if (options_.watch && offered_) {
    std::string stamp = Stamp();
    if (stamp != stamp_) {
      stamp_ = stamp;
      auto loaded = Load();
      if (loaded.ok()) {
        context_ = *loaded;
        GT_LOG_INFO("TLS certificate {} reloaded", options_.cert_path);
      } else {
        GT_LOG_WARN("TLS files changed but do not load, keeping the previous ones: {}",
                    loaded.status().message());
      }
    }
  }
  return context_;
}

}  // namespace greptime::servers::tls
