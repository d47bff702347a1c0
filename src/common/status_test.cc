// Copyright 2026 The greptime-cpp Authors. Licensed under the Apache License, Version 2.0.
#include "common/status.h"

#include <memory>

#include <gtest/gtest.h>

#include "common/testing.h"

namespace greptime {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status st;
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kSuccess);
  EXPECT_EQ(st.ToString(), "Success");
}

TEST(StatusTest, ToStringUsesSqlnessErrorForm) {
  Status st = Status::InvalidArguments("Invalid table name: {}", "N.~");
  EXPECT_EQ(st.ToString(), "1004(InvalidArguments), Invalid table name: N.~");
  EXPECT_EQ(Status(StatusCode::kTableNotFound, "Table not found: t").ToString(),
            "4001(TableNotFound), Table not found: t");
}

TEST(StatusTest, WithContextPrefixesMessageAndKeepsCode) {
  Status st = Status::StorageUnavailable("checksum mismatch in row group {}", 3)
                  .WithContext("read sst {}", "42.sst");
  EXPECT_EQ(st.code(), StatusCode::kStorageUnavailable);
  EXPECT_EQ(st.message(), "read sst 42.sst: checksum mismatch in row group 3");
  EXPECT_TRUE(Status::OK().WithContext("ignored").ok());
}

TEST(StatusCodeTest, NamesAndHttpStatusesMatchSpecTable) {
  struct Row {
    uint32_t code;
    const char* name;
    int http;
  };
  const Row rows[] = {
      {0, "Success", 200},          {1000, "Unknown", 500},
      {1001, "Unsupported", 400},   {1002, "Unexpected", 500},
      {1003, "Internal", 500},      {1004, "InvalidArguments", 400},
      {1005, "Cancelled", 504},     {1006, "IllegalState", 500},
      {1007, "External", 503},      {1008, "DeadlineExceeded", 504},
      {1009, "Suspended", 503},     {2000, "InvalidSyntax", 400},
      {3000, "PlanQuery", 400},     {3001, "EngineExecuteQuery", 500},
      {4000, "TableAlreadyExists", 400}, {4001, "TableNotFound", 400},
      {4002, "TableColumnNotFound", 400}, {4003, "TableColumnExists", 400},
      {4004, "DatabaseNotFound", 400},    {4005, "RegionNotFound", 400},
      {4006, "RegionAlreadyExists", 400}, {4007, "RegionReadonly", 401},
      {4008, "RegionNotReady", 503},      {4009, "RegionBusy", 503},
      {4010, "TableUnavailable", 503},    {4011, "DatabaseAlreadyExists", 400},
      {5000, "StorageUnavailable", 503},  {5001, "RequestOutdated", 400},
      {6000, "RuntimeResourcesExhausted", 500}, {6001, "RateLimited", 429},
      {7000, "UserNotFound", 401},        {7001, "UnsupportedPasswordType", 401},
      {7002, "UserPasswordMismatch", 401}, {7003, "AuthHeaderNotFound", 401},
      {7004, "InvalidAuthHeader", 401},   {7005, "AccessDenied", 403},
      {7006, "PermissionDenied", 403},    {8000, "FlowAlreadyExists", 400},
      {8001, "FlowNotFound", 400},        {9000, "TriggerAlreadyExists", 400},
      {9001, "TriggerNotFound", 400},
  };
  for (const Row& row : rows) {
    StatusCode code = StatusCodeFromInt(row.code);
    EXPECT_EQ(static_cast<uint32_t>(code), row.code);
    EXPECT_EQ(StatusCodeName(code), row.name) << row.code;
    EXPECT_EQ(StatusCodeToHttp(code), row.http) << row.code;
  }
}

TEST(StatusCodeTest, UnknownNumbersMapToUnknownAnd500) {
  EXPECT_EQ(StatusCodeFromInt(1234), StatusCode::kUnknown);
  EXPECT_EQ(StatusCodeToHttp(static_cast<StatusCode>(1234)), 500);
  EXPECT_EQ(StatusCodeName(static_cast<StatusCode>(1234)), "Unknown");
}

TEST(StatusCodeTest, ServerErrorsAreTheLoggedOnes) {
  EXPECT_TRUE(StatusCodeIsServerError(StatusCode::kInternal));
  EXPECT_TRUE(StatusCodeIsServerError(StatusCode::kStorageUnavailable));
  EXPECT_FALSE(StatusCodeIsServerError(StatusCode::kInvalidArguments));
  EXPECT_FALSE(StatusCodeIsServerError(StatusCode::kTableNotFound));
}

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidArguments("{} is odd", x);
  return x / 2;
}

Result<int> Quarter(int x) {
  GT_ASSIGN_OR_RETURN(int half, Half(x));
  GT_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int x) {
  GT_RETURN_IF_ERROR(Half(x));
  return Status::OK();
}

TEST(ResultTest, CarriesValueOrError) {
  ASSERT_OK_AND_ASSIGN(int q, Quarter(8));
  EXPECT_EQ(q, 2);
  Result<int> bad = Quarter(6);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "3 is odd");
  EXPECT_EQ(bad.ValueOr(-1), -1);
  EXPECT_OK(CheckEven(4));
  ASSERT_STATUS_CODE(CheckEven(5), StatusCode::kInvalidArguments);
}

TEST(ResultTest, OkStatusIsNotAValue) {
  Result<int> r{Status::OK()};
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnexpected);
}

TEST(ResultTest, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

}  // namespace
}  // namespace greptime
