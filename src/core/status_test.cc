// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

namespace sovhub {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kOk);
  EXPECT_EQ(status.message(), "");
  EXPECT_EQ(status.ToString(), "OK");
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(StatusTest, EachFactoryHasItsCode) {
  struct Case {
    Status status;
    StatusCode code;
    std::string text;
  };
  const Case cases[] = {
      {Status::InvalidArgument("m"), StatusCode::kInvalidArgument, "InvalidArgument: m"},
      {Status::NotFound("m"), StatusCode::kNotFound, "NotFound: m"},
      {Status::PermissionDenied("m"), StatusCode::kPermissionDenied, "PermissionDenied: m"},
      {Status::Conflict("m"), StatusCode::kConflict, "Conflict: m"},
      {Status::Corruption("m"), StatusCode::kCorruption, "Corruption: m"},
      {Status::IoError("m"), StatusCode::kIoError, "IoError: m"},
      {Status::Unavailable("m"), StatusCode::kUnavailable, "Unavailable: m"},
      {Status::Internal("m"), StatusCode::kInternal, "Internal: m"},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(c.status.ok());
    EXPECT_EQ(c.status.code(), c.code);
    EXPECT_EQ(c.status.message(), "m");
    EXPECT_EQ(c.status.ToString(), c.text);
  }
}

TEST(StatusTest, WithContextPrefixesTheMessageAndKeepsTheCode) {
  Status status = Status::NotFound("no such batch").WithContext("ingest 42");
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "ingest 42: no such batch");
  EXPECT_TRUE(Status::Ok().WithContext("anything").ok());
  EXPECT_EQ(Status::Ok().WithContext("anything").message(), "");
}

TEST(ResultTest, HoldsAValue) {
  Result<int> result = 7;
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.status().ok());
  EXPECT_EQ(result.value(), 7);
  EXPECT_EQ(*result, 7);
  *result = 8;
  EXPECT_EQ(result.value(), 8);

  Result<std::string> text = std::string("abc");
  EXPECT_EQ(text->size(), 3u);
}

TEST(ResultTest, HoldsAStatus) {
  Result<int> result = Status::Conflict("already released");
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kConflict);
  EXPECT_EQ(result.status().message(), "already released");
}

TEST(ResultTest, MovesAMoveOnlyValueOut) {
  Result<std::unique_ptr<int>> result = std::make_unique<int>(5);
  ASSERT_TRUE(result.ok());
  std::unique_ptr<int> owned = std::move(result).value();
  ASSERT_NE(owned, nullptr);
  EXPECT_EQ(*owned, 5);
}

Status FailIf(bool fail) {
  if (fail) return Status::InvalidArgument("asked to fail");
  return Status::Ok();
}

Result<int> HalfOf(int n) {
  if (n % 2 != 0) return Status::InvalidArgument("odd");
  return n / 2;
}

// Counts how far it got, to show that the macros stop at the first error.
Status TwoSteps(bool fail_first, bool fail_second, int& steps) {
  steps = 0;
  SOVHUB_RETURN_IF_ERROR(FailIf(fail_first));
  ++steps;
  SOVHUB_RETURN_IF_ERROR(FailIf(fail_second).WithContext("second"));
  ++steps;
  return Status::Ok();
}

TEST(StatusMacrosTest, ReturnIfErrorStopsAtTheFirstError) {
  int steps = -1;
  EXPECT_TRUE(TwoSteps(false, false, steps).ok());
  EXPECT_EQ(steps, 2);

  Status first = TwoSteps(true, false, steps);
  EXPECT_EQ(first.message(), "asked to fail");
  EXPECT_EQ(steps, 0);

  Status second = TwoSteps(false, true, steps);
  EXPECT_EQ(second.message(), "second: asked to fail");
  EXPECT_EQ(steps, 1);
}

// Two SOVHUB_ASSIGN_OR_RETURN in one scope, one declaring and one assigning.
Result<int> QuarterOf(int n) {
  SOVHUB_ASSIGN_OR_RETURN(int half, HalfOf(n));
  int quarter = 0;
  SOVHUB_ASSIGN_OR_RETURN(quarter, HalfOf(half));
  return quarter;
}

Status CheckQuarter(int n, int& out) {
  SOVHUB_ASSIGN_OR_RETURN(out, QuarterOf(n));
  return Status::Ok();
}

Result<std::unique_ptr<int>> Boxed(int n) { return std::make_unique<int>(n); }

Result<int> Unboxed(int n) {
  SOVHUB_ASSIGN_OR_RETURN(std::unique_ptr<int> box, Boxed(n));
  return *box;
}

TEST(StatusMacrosTest, AssignOrReturn) {
  Result<int> quarter = QuarterOf(12);
  ASSERT_TRUE(quarter.ok());
  EXPECT_EQ(*quarter, 3);

  Result<int> odd_first = QuarterOf(7);
  EXPECT_EQ(odd_first.status().message(), "odd");
  Result<int> odd_second = QuarterOf(6);
  EXPECT_EQ(odd_second.status().message(), "odd");

  int out = -1;
  EXPECT_TRUE(CheckQuarter(8, out).ok());
  EXPECT_EQ(out, 2);
  EXPECT_EQ(CheckQuarter(10, out).code(), StatusCode::kInvalidArgument);

  Result<int> unboxed = Unboxed(9);
  ASSERT_TRUE(unboxed.ok());
  EXPECT_EQ(*unboxed, 9);
}

}  // namespace
}  // namespace sovhub

#include "core/clock.h"

namespace sovhub {
namespace {

TEST(ClockTest, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatIsoMillis(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIsoMillis(1795873500123), "2026-11-28T13:45:00.123Z");
  EXPECT_EQ(FormatIsoMillis(-1), "1969-12-31T23:59:59.999Z");
  FixedClock clock(1000);
  clock.Advance(500);
  EXPECT_EQ(clock.NowIso(), "1970-01-01T00:00:01.500Z");
}

}  // namespace
}  // namespace sovhub
