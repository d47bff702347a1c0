// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Names and HTTP mappings of GreptimeDB status codes.
#include "common/status.h"

#include <cstdio>
#include <cstdlib>

namespace greptime {
namespace {

struct CodeInfo {
  StatusCode code;
  std::string_view name;
  int http;
};

constexpr CodeInfo kCodes[] = {
    {StatusCode::kSuccess, "Success", 200},
    {StatusCode::kUnknown, "Unknown", 500},
    {StatusCode::kUnsupported, "Unsupported", 400},
    {StatusCode::kUnexpected, "Unexpected", 500},
    {StatusCode::kInternal, "Internal", 500},
    {StatusCode::kInvalidArguments, "InvalidArguments", 400},
    {StatusCode::kCancelled, "Cancelled", 504},
    {StatusCode::kIllegalState, "IllegalState", 500},
    {StatusCode::kExternal, "External", 503},
    {StatusCode::kDeadlineExceeded, "DeadlineExceeded", 504},
    {StatusCode::kSuspended, "Suspended", 503},
    {StatusCode::kInvalidSyntax, "InvalidSyntax", 400},
    {StatusCode::kPlanQuery, "PlanQuery", 400},
    {StatusCode::kEngineExecuteQuery, "EngineExecuteQuery", 500},
    {StatusCode::kTableAlreadyExists, "TableAlreadyExists", 400},
    {StatusCode::kTableNotFound, "TableNotFound", 400},
    {StatusCode::kTableColumnNotFound, "TableColumnNotFound", 400},
    {StatusCode::kTableColumnExists, "TableColumnExists", 400},
    {StatusCode::kDatabaseNotFound, "DatabaseNotFound", 400},
    {StatusCode::kRegionNotFound, "RegionNotFound", 400},
    {StatusCode::kRegionAlreadyExists, "RegionAlreadyExists", 400},
    {StatusCode::kRegionReadonly, "RegionReadonly", 401},
    {StatusCode::kRegionNotReady, "RegionNotReady", 503},
    {StatusCode::kRegionBusy, "RegionBusy", 503},
    {StatusCode::kTableUnavailable, "TableUnavailable", 503},
    {StatusCode::kDatabaseAlreadyExists, "DatabaseAlreadyExists", 400},
    {StatusCode::kStorageUnavailable, "StorageUnavailable", 503},
    {StatusCode::kRequestOutdated, "RequestOutdated", 400},
    {StatusCode::kRuntimeResourcesExhausted, "RuntimeResourcesExhausted", 500},
    {StatusCode::kRateLimited, "RateLimited", 429},
    {StatusCode::kUserNotFound, "UserNotFound", 401},
    {StatusCode::kUnsupportedPasswordType, "UnsupportedPasswordType", 401},
    {StatusCode::kUserPasswordMismatch, "UserPasswordMismatch", 401},
    {StatusCode::kAuthHeaderNotFound, "AuthHeaderNotFound", 401},
    {StatusCode::kInvalidAuthHeader, "InvalidAuthHeader", 401},
    {StatusCode::kAccessDenied, "AccessDenied", 403},
    {StatusCode::kPermissionDenied, "PermissionDenied", 403},
    {StatusCode::kFlowAlreadyExists, "FlowAlreadyExists", 400},
    {StatusCode::kFlowNotFound, "FlowNotFound", 400},
    {StatusCode::kTriggerAlreadyExists, "TriggerAlreadyExists", 400},
    {StatusCode::kTriggerNotFound, "TriggerNotFound", 400},
};

const CodeInfo* Find(StatusCode code) {
  for (const auto& info : kCodes) {
    if (info.code == code) return &info;
  }
  return nullptr;
}

}  // namespace

std::string_view StatusCodeName(StatusCode code) {
  const CodeInfo* info = Find(code);
  return info ? info->name : "Unknown";
}

int StatusCodeToHttp(StatusCode code) {
  const CodeInfo* info = Find(code);
  return info ? info->http : 500;
}

bool StatusCodeIsServerError(StatusCode code) {
  switch (code) {
    case StatusCode::kUnknown:
    case StatusCode::kUnexpected:
    case StatusCode::kInternal:
    case StatusCode::kCancelled:
    case StatusCode::kDeadlineExceeded:
    case StatusCode::kIllegalState:
    case StatusCode::kEngineExecuteQuery:
    case StatusCode::kStorageUnavailable:
    case StatusCode::kRuntimeResourcesExhausted:
    case StatusCode::kExternal:
      return true;
    default:
      return false;
  }
}

StatusCode StatusCodeFromInt(uint32_t value) {
  const CodeInfo* info = Find(static_cast<StatusCode>(value));
  return info ? info->code : StatusCode::kUnknown;
}

std::string Status::ToString() const {
  if (ok()) return "Success";
  return fmt::format("{}({}), {}", static_cast<uint32_t>(code_), StatusCodeName(code_), message_);
}

namespace internal {
void CheckFailed(const char* file, int line, const char* expr, const std::string& msg) {
  std::fprintf(stderr, "%s:%d: check failed: %s %s\n", file, line, expr, msg.c_str());
  std::abort();
}
}  // namespace internal

}  // namespace greptime
