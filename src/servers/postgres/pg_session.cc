// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Startup, authentication and message dispatch of PgSession; statement execution and the
// extended query protocol live in pg_session_query.cc.
#include "servers/postgres/pg_session.h"

#include <fmt/format.h>

#include "common/version.h"

namespace greptime::servers::postgres {

namespace {

std::string ServerVersion() { return fmt::format("16.3-GreptimeDB-{}", Version()); }

}  // namespace

PgSession::PgSession(frontend::Frontend& frontend, const auth::UserProvider* users,
                     OidRegistry& oids, SessionOptions options)
    : frontend_(frontend), users_(users), oids_(oids), options_(std::move(options)) {}

PgSession::~PgSession() = default;

SessionReply PgSession::Fatal(const ErrorFields& e) {
  SessionReply reply;
  AppendErrorResponse(reply.bytes, e);
  reply.close = true;
  phase_ = Phase::kClosed;
  return reply;
}

SessionReply PgSession::OnStartup(std::string_view body) {
  if (phase_ != Phase::kStartup) {
    SessionReply reply;
    reply.close = true;
    return reply;
  }
  auto packet = DecodeStartup(body);
  if (!packet.ok()) {
    return Fatal(ErrorFields{"FATAL", "08P01", packet.status().message(), ""});
  }
  switch (packet->kind) {
    case StartupPacket::Kind::kSsl:
      if (options_.tls_offered && !secure_) {
        secure_ = true;
        SessionReply reply;
        reply.bytes = "S";
        reply.start_tls = true;
        return reply;
      }
      [[fallthrough]];
    case StartupPacket::Kind::kGssEnc: {
      // No (more) TLS, no GSSAPI encryption: the client continues as it is (or gives up).
      SessionReply reply;
      reply.bytes = "N";
      return reply;
    }
    case StartupPacket::Kind::kCancel: {
      // BackendKeyData is pid 0 / secret 0: there is nothing to cancel (spec §2.1).
      SessionReply reply;
      reply.close = true;
      phase_ = Phase::kClosed;
      return reply;
    }
    case StartupPacket::Kind::kStartup:
      break;
  }
  startup_params_ = std::move(packet->params);
  auto param = [this](const std::string& name) -> std::string {
    auto it = startup_params_.find(name);
    return it == startup_params_.end() ? "" : it->second;
  };
  user_ = param("user");
  if (user_.empty()) {
    return Fatal({"FATAL", "28000", "no PostgreSQL user name specified in startup packet", ""});
  }
  if (options_.tls_required && !secure_) return Fatal({"FATAL", "28000", "No encryption", ""});
  database_ = param("database");
  if (database_.empty()) return Fatal({"FATAL", "3D000", "Database not specified", ""});
  if (const std::string tz = param("TimeZone"); !tz.empty()) {
    auto zone = TimeZone::Parse(tz);
    if (!zone.ok()) return Fatal({"ERROR", "22023", "Invalid TimeZone: " + tz, ""});
    ctx_.time_zone = *zone;
    ctx_.time_zone_text = zone->name();
  }
  if (users_ != nullptr) {
    phase_ = Phase::kPassword;
    SessionReply reply;
    AppendAuthenticationCleartext(reply.bytes);
    return reply;
  }
  SessionReply reply;
  FinishStartup(reply);
  return reply;
}

SessionReply PgSession::Password(std::string_view body) {
  auto password = DecodeCString(body, "password");
  if (!password.ok()) return Fatal({"FATAL", "08P01", password.status().message(), ""});
  auto user = users_->Authenticate(user_, *password);
  if (!user.ok()) {
    return Fatal({"FATAL", "28P01",
                  fmt::format("password authentication failed for user \"{}\"", user_), ""});
  }
  ctx_.read_allowed = auth::CheckPermission(*user, /*write=*/false).ok();
  ctx_.write_allowed = auth::CheckPermission(*user, /*write=*/true).ok();
  SessionReply reply;
  FinishStartup(reply);
  return reply;
}

void PgSession::FinishStartup(SessionReply& reply) {
  // `<schema>` or `<catalog>-<schema>`, split at the first '-'.
  std::string catalog = ctx_.catalog;
  std::string schema = database_;
  if (const size_t dash = schema.find('-'); dash != std::string::npos) {
    catalog = schema.substr(0, dash);
    schema = schema.substr(dash + 1);
  }
  auto exists = frontend_.catalog().DatabaseExists(catalog, schema);
  if (!exists.ok() || !*exists) {
    reply = Fatal({"FATAL", "3D000", "Database not found: " + database_, ""});
    return;
  }
  ctx_.catalog = catalog;
  ctx_.database = schema;
  phase_ = Phase::kReady;
  std::string& out = reply.bytes;
  AppendAuthenticationOk(out);
  auto application = startup_params_.find("application_name");
  const std::pair<std::string_view, std::string> statuses[] = {
      {"server_version", ServerVersion()},
      {"server_encoding", "UTF8"},
      {"client_encoding", "UTF8"},
      {"DateStyle", "ISO YMD"},
      {"IntervalStyle", "postgres"},
      {"integer_datetimes", "on"},
      {"standard_conforming_strings", "on"},
      {"TimeZone", ctx_.time_zone_text},
      {"is_superuser", "on"},
      {"session_authorization", user_},
      {"application_name",
       application == startup_params_.end() ? std::string() : application->second},
  };
  for (const auto& [name, value] : statuses) AppendParameterStatus(out, name, value);
  AppendBackendKeyData(out, 0, 0);
  AppendReadyForQuery(out);
}

SessionReply PgSession::OnMessage(char type, std::string_view body) {
  if (phase_ == Phase::kPassword) {
    if (type == 'p') return Password(body);
    return Fatal({"FATAL", "08P01",
                  fmt::format("expected password response, got message type {}",
                              static_cast<int>(static_cast<uint8_t>(type))),
                  ""});
  }
  if (phase_ != Phase::kReady) {
    SessionReply reply;
    reply.close = true;
    return reply;
  }
  SessionReply reply;
  if (type == 'X') {
    phase_ = Phase::kClosed;
    reply.close = true;
    return reply;
  }
  if (skip_until_sync_ && type != 'S') return reply;
  switch (type) {
    case 'Q':
      return SimpleQuery(body);
    case 'P':
      Parse(body, reply.bytes);
      break;
    case 'B':
      Bind(body, reply.bytes);
      break;
    case 'D':
      Describe(body, reply.bytes);
      break;
    case 'E':
      Execute(body, reply.bytes);
      break;
    case 'C':
      Close(body, reply.bytes);
      break;
    case 'S':
      skip_until_sync_ = false;
      AppendReadyForQuery(reply.bytes);
      break;
    case 'H':
      break;  // Flush: every reply is sent as soon as it is complete
    case 'd':
    case 'c':
    case 'f':
      break;  // CopyData/CopyDone/CopyFail outside COPY FROM STDIN: ignored
    case 'F':
      AppendErrorResponse(reply.bytes,
                          {"ERROR", "0A000", "the function call protocol is not supported", ""});
      AppendReadyForQuery(reply.bytes);
      break;
    default:
      return Fatal({"FATAL", "08P01",
                    fmt::format("invalid frontend message type {}",
                                static_cast<int>(static_cast<uint8_t>(type))),
                    ""});
  }
  return reply;
}

CannedContext PgSession::Canned() {
  CannedContext c;
  c.frontend = &frontend_;
  c.oids = &oids_;
  c.ctx = &ctx_;
  c.user = user_;
  c.server_version = ServerVersion();
  c.bytea_output = bytea_output_;
  return c;
}

}  // namespace greptime::servers::postgres
