// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
// Status and Result<T>: how every fallible call in the project reports failure. A Status carries
// a GreptimeDB status code (spec/sql.md §20) and a message saying what failed, on what, and why.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include <fmt/core.h>

namespace greptime {

// GreptimeDB's numeric status codes. The numbers are part of the wire contract (HTTP JSON
// `code`, `x-greptime-err-code`, sqlness `Error: <code>(<Name>)`): never renumber.
enum class StatusCode : uint32_t {
  kSuccess = 0,
  kUnknown = 1000,
  kUnsupported = 1001,
  kUnexpected = 1002,
  kInternal = 1003,
  kInvalidArguments = 1004,
  kCancelled = 1005,
  kIllegalState = 1006,
  kExternal = 1007,
  kDeadlineExceeded = 1008,
  kSuspended = 1009,
  kInvalidSyntax = 2000,
  kPlanQuery = 3000,
  kEngineExecuteQuery = 3001,
  kTableAlreadyExists = 4000,
  kTableNotFound = 4001,
  kTableColumnNotFound = 4002,
  kTableColumnExists = 4003,
  kDatabaseNotFound = 4004,
  kRegionNotFound = 4005,
  kRegionAlreadyExists = 4006,
  kRegionReadonly = 4007,
  kRegionNotReady = 4008,
  kRegionBusy = 4009,
  kTableUnavailable = 4010,
  kDatabaseAlreadyExists = 4011,
  kStorageUnavailable = 5000,
  kRequestOutdated = 5001,
  kRuntimeResourcesExhausted = 6000,
  kRateLimited = 6001,
  kUserNotFound = 7000,
  kUnsupportedPasswordType = 7001,
  kUserPasswordMismatch = 7002,
  kAuthHeaderNotFound = 7003,
  kInvalidAuthHeader = 7004,
  kAccessDenied = 7005,
  kPermissionDenied = 7006,
  kFlowAlreadyExists = 8000,
  kFlowNotFound = 8001,
  kTriggerAlreadyExists = 9000,
  kTriggerNotFound = 9001,
};

// "InvalidArguments" for kInvalidArguments; "Unknown" for numbers outside the table.
std::string_view StatusCodeName(StatusCode code);
// The HTTP status GreptimeDB answers with for `code` (500 for numbers outside the table).
int StatusCodeToHttp(StatusCode code);
// True when a failure with this code is logged at error level (spec/sql.md §20 notes).
bool StatusCodeIsServerError(StatusCode code);
// Maps a raw number to a known code; unknown numbers become kUnknown.
StatusCode StatusCodeFromInt(uint32_t value);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return Status(); }

#define GT_STATUS_FACTORY(Name)                                                   \
  template <typename... Args>                                                     \
  static Status Name(fmt::format_string<Args...> format, Args&&... args) {        \
    return Status(StatusCode::k##Name, fmt::format(format, std::forward<Args>(args)...)); \
  }
  GT_STATUS_FACTORY(Unknown)
  GT_STATUS_FACTORY(Unsupported)
  GT_STATUS_FACTORY(Unexpected)
  GT_STATUS_FACTORY(Internal)
  GT_STATUS_FACTORY(InvalidArguments)
  GT_STATUS_FACTORY(Cancelled)
  GT_STATUS_FACTORY(IllegalState)
  GT_STATUS_FACTORY(External)
  GT_STATUS_FACTORY(DeadlineExceeded)
  GT_STATUS_FACTORY(InvalidSyntax)
  GT_STATUS_FACTORY(StorageUnavailable)
  GT_STATUS_FACTORY(RuntimeResourcesExhausted)
#undef GT_STATUS_FACTORY

  bool ok() const { return code_ == StatusCode::kSuccess; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Prefixes the message with what the caller was doing: "load config: <message>". No-op on OK.
  template <typename... Args>
  Status WithContext(fmt::format_string<Args...> format, Args&&... args) const& {
    if (ok()) return *this;
    return Status(code_, fmt::format(format, std::forward<Args>(args)...) + ": " + message_);
  }
  template <typename... Args>
  Status WithContext(fmt::format_string<Args...> format, Args&&... args) && {
    if (ok()) return std::move(*this);
    message_ = fmt::format(format, std::forward<Args>(args)...) + ": " + message_;
    return std::move(*this);
  }

  // "1004(InvalidArguments), <message>" as sqlness prints errors; "Success" when OK.
  std::string ToString() const;

  bool operator==(const Status& other) const = default;

 private:
  StatusCode code_ = StatusCode::kSuccess;
  std::string message_;
};

// Either a value or a non-OK Status (after arrow::Result).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<1>, std::move(value)) {}  // NOLINT: implicit
  Result(Status status) : state_(std::in_place_index<0>, std::move(status)) {  // NOLINT
    if (std::get<0>(state_).ok()) {
      state_.template emplace<0>(StatusCode::kUnexpected, "Result constructed from OK status");
    }
  }
  template <typename U,
            typename = std::enable_if_t<std::is_convertible_v<U&&, T> &&
                                        !std::is_same_v<std::decay_t<U>, Status> &&
                                        !std::is_same_v<std::decay_t<U>, Result<T>>>>
  Result(U&& value) : state_(std::in_place_index<1>, T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return state_.index() == 1; }
  const Status& status() const& {
    static const Status kOk;
    return ok() ? kOk : std::get<0>(state_);
  }
  Status status() && { return ok() ? Status() : std::move(std::get<0>(state_)); }

  // Precondition: ok(). Calling these on an error is a bug.
  T& value() & { return std::get<1>(state_); }
  const T& value() const& { return std::get<1>(state_); }
  T&& value() && { return std::get<1>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  T ValueOr(T fallback) const& { return ok() ? value() : std::move(fallback); }

 private:
  std::variant<Status, T> state_;
};

namespace internal {
[[noreturn]] void CheckFailed(const char* file, int line, const char* expr, const std::string& msg);
inline Status ToStatus(const Status& s) { return s; }
inline Status ToStatus(Status&& s) { return std::move(s); }
template <typename T>
Status ToStatus(const Result<T>& r) { return r.status(); }
template <typename T>
Status ToStatus(Result<T>&& r) { return std::move(r).status(); }
}  // namespace internal

}  // namespace greptime

#define GT_CONCAT_INNER(a, b) a##b
#define GT_CONCAT(a, b) GT_CONCAT_INNER(a, b)

// Returns the Status of `expr` from the current function when it is not OK.
#define GT_RETURN_IF_ERROR(expr)                                    \
  do {                                                              \
    ::greptime::Status _gt_status = ::greptime::internal::ToStatus(expr); \
    if (!_gt_status.ok()) return _gt_status;                        \
  } while (false)

#define GT_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                             \
  if (!tmp.ok()) return std::move(tmp).status();  \
  lhs = std::move(tmp).value()

// `GT_ASSIGN_OR_RETURN(auto x, MakeX());` declares x from a Result or returns its error.
#define GT_ASSIGN_OR_RETURN(lhs, rexpr) \
  GT_ASSIGN_OR_RETURN_IMPL(GT_CONCAT(_gt_result_, __LINE__), lhs, rexpr)

// Aborts on a broken invariant (a bug, never bad input).
#define GT_CHECK(cond)                                                          \
  do {                                                                          \
    if (!(cond)) ::greptime::internal::CheckFailed(__FILE__, __LINE__, #cond, ""); \
  } while (false)
