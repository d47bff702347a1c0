// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// TLS for the wire-protocol servers (spec/wire-protocols.md "TLS"): the `[mysql.tls]` /
// `[postgres.tls]` settings and the server context built from them. With `watch`, the
// certificate and key files are re-read when their modification time changes (checked when a
// client asks for TLS); a broken new pair is logged and the previous one kept.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"

namespace boost::asio::ssl {
class context;
}

namespace greptime::servers::tls {

struct TlsOptions {
  // disable | prefer | require | verify-ca | verify-full (verify_ca / verify_full also accepted).
  std::string mode = "disable";
  std::string cert_path;  // PEM certificate chain
  std::string key_path;   // PEM private key
  bool watch = false;     // reload the files when they change
};

class TlsContext {
 public:
  // kInvalidArguments for an unknown mode, a mode other than disable without both files, or
  // files that do not load (the message names the file and OpenSSL's reason).
  static Result<std::shared_ptr<TlsContext>> Create(TlsOptions options);
  ~TlsContext();

  // TLS is offered to clients (any mode but disable).
  bool offered() const { return offered_; }
  // Plaintext sessions are refused (require, verify-*).
  bool required() const { return required_; }
  // The context for a new handshake; with `watch`, reloaded first if the files changed.
  std::shared_ptr<boost::asio::ssl::context> Current();

 private:
  explicit TlsContext(TlsOptions options);
  Result<std::shared_ptr<boost::asio::ssl::context>> Load() const;
  std::string Stamp() const;  // the files' sizes and modification times

  const TlsOptions options_;
  bool offered_ = false;
  bool required_ = false;
  std::mutex mu_;
  std::shared_ptr<boost::asio::ssl::context> context_;  // guarded by mu_
  std::string stamp_;                                   // guarded by mu_
};

}  // namespace greptime::servers::tls
