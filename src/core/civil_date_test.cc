// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/civil_date.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sovhub {
namespace {

TEST(CivilDateTest, LeapYears) {
  EXPECT_FALSE(IsLeapYear(1900));  // century not divisible by 400
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(2023));
  EXPECT_FALSE(IsLeapYear(2100));
  EXPECT_TRUE(IsLeapYear(1600));
  EXPECT_TRUE(IsLeapYear(0));
  EXPECT_TRUE(IsLeapYear(-4));
}

TEST(CivilDateTest, MonthLengths) {
  const int kCommon[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int month = 1; month <= 12; ++month) {
    EXPECT_EQ(DaysInMonth(2023, month), kCommon[month - 1]) << month;
    int leap_expected = month == 2 ? 29 : kCommon[month - 1];
    EXPECT_EQ(DaysInMonth(2024, month), leap_expected) << month;
  }
  EXPECT_EQ(DaysInMonth(1900, 2), 28);
  EXPECT_EQ(DaysInMonth(2000, 2), 29);
  EXPECT_EQ(DaysInMonth(2100, 2), 28);
}

TEST(CivilDateTest, IsValidDate) {
  EXPECT_TRUE(IsValidDate(2024, 2, 29));
  EXPECT_FALSE(IsValidDate(2023, 2, 29));
  EXPECT_FALSE(IsValidDate(1900, 2, 29));
  EXPECT_TRUE(IsValidDate(2000, 2, 29));
  EXPECT_FALSE(IsValidDate(2023, 4, 31));
  EXPECT_TRUE(IsValidDate(2023, 12, 31));
  EXPECT_FALSE(IsValidDate(2023, 0, 1));
  EXPECT_FALSE(IsValidDate(2023, 13, 1));
  EXPECT_FALSE(IsValidDate(2023, 1, 0));
  EXPECT_FALSE(IsValidDate(2023, 1, 32));
}

TEST(CivilDateTest, KnownDayNumbers) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({1970, 1, 2}), 1);
  EXPECT_EQ(DaysFromCivil({1969, 12, 31}), -1);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
  EXPECT_EQ(DaysFromCivil({2026, 11, 28}), 20785);
  EXPECT_EQ(DaysFromCivil({1600, 1, 1}), -135140);
  EXPECT_EQ(DaysFromCivil({0, 3, 1}), -719468);
  EXPECT_EQ(CivilFromDays(0), (CivilDate{1970, 1, 1}));
  EXPECT_EQ(CivilFromDays(-1), (CivilDate{1969, 12, 31}));
  EXPECT_EQ(CivilFromDays(20785), (CivilDate{2026, 11, 28}));
}

// Every day from 1600-01-01 to 2400-12-31: consecutive day numbers, valid
// dates, and the round trip both ways.
TEST(CivilDateTest, RoundTripOverEightCenturies) {
  CivilDate expected{1600, 1, 1};
  std::int64_t first = DaysFromCivil(expected);
  std::int64_t last = DaysFromCivil({2400, 12, 31});
  ASSERT_EQ(last - first + 1, 2 * 146097 + 366);  // two 400-year eras + 2400
  for (std::int64_t days = first; days <= last; ++days) {
    CivilDate date = CivilFromDays(days);
    ASSERT_EQ(date, expected) << days;
    ASSERT_TRUE(IsValidDate(date.year, date.month, date.day)) << days;
    ASSERT_EQ(DaysFromCivil(date), days);
    // The next expected date, counted the naive way.
    if (expected.day < DaysInMonth(expected.year, expected.month)) {
      ++expected.day;
    } else if (expected.month < 12) {
      ++expected.month;
      expected.day = 1;
    } else {
      expected = {expected.year + 1, 1, 1};
    }
  }
}

TEST(CivilDateTest, FarDates) {
  for (std::int64_t days : {-1000000000LL, -719469LL, 1000000000LL}) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(days)), days);
  }
  EXPECT_EQ(CivilFromDays(DaysFromCivil({-1, 12, 31}) + 1), (CivilDate{0, 1, 1}));
}

TEST(CivilDateTest, IsoWeekday) {
  EXPECT_EQ(IsoWeekday({2026, 11, 28}), 6);  // Saturday
  EXPECT_EQ(IsoWeekday({1970, 1, 1}), 4);    // Thursday
  EXPECT_EQ(IsoWeekday({1969, 12, 29}), 1);  // Monday, before the epoch
  EXPECT_EQ(IsoWeekday({2024, 2, 29}), 4);
  EXPECT_EQ(IsoWeekday({2000, 1, 1}), 6);
  EXPECT_EQ(IsoWeekday({1600, 1, 1}), 6);
  EXPECT_EQ(IsoWeekday({2023, 1, 1}), 7);  // Sunday
}

TEST(CivilDateTest, AddDays) {
  EXPECT_EQ(AddDays({2024, 2, 28}, 1), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(AddDays({2023, 2, 28}, 1), (CivilDate{2023, 3, 1}));
  EXPECT_EQ(AddDays({2023, 12, 31}, 1), (CivilDate{2024, 1, 1}));
  EXPECT_EQ(AddDays({2024, 1, 1}, -1), (CivilDate{2023, 12, 31}));
  EXPECT_EQ(AddDays({2024, 1, 1}, 366), (CivilDate{2025, 1, 1}));
  EXPECT_EQ(AddDays({2024, 5, 17}, 0), (CivilDate{2024, 5, 17}));
}

TEST(CivilDateTest, AddMonthsClamped) {
  struct Case {
    CivilDate from;
    int months;
    CivilDate expected;
  };
  const std::vector<Case> cases = {
      {{2023, 1, 31}, 1, {2023, 2, 28}},   {{2024, 1, 31}, 1, {2024, 2, 29}},
      {{2100, 1, 31}, 1, {2100, 2, 28}},   {{2000, 1, 31}, 1, {2000, 2, 29}},
      {{2023, 3, 31}, 1, {2023, 4, 30}},   {{2023, 1, 15}, 1, {2023, 2, 15}},
      {{2023, 3, 31}, -1, {2023, 2, 28}},  {{2024, 3, 31}, -1, {2024, 2, 29}},
      {{2023, 1, 15}, -1, {2022, 12, 15}}, {{2023, 1, 31}, -13, {2021, 12, 31}},
      {{2023, 5, 31}, 12, {2024, 5, 31}},  {{2024, 2, 29}, 12, {2025, 2, 28}},
      {{2024, 2, 29}, 48, {2028, 2, 29}},  {{2023, 11, 30}, 3, {2024, 2, 29}},
      {{2022, 11, 30}, 3, {2023, 2, 28}},  {{2023, 12, 31}, 1, {2024, 1, 31}},
      {{2023, 8, 31}, 0, {2023, 8, 31}},   {{0, 1, 31}, -1, {-1, 12, 31}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(AddMonthsClamped(c.from, c.months), c.expected)
        << ToIsoString(c.from) << " + " << c.months;
  }
}

TEST(CivilDateTest, ToIsoString) {
  EXPECT_EQ(ToIsoString(CivilDate{2026, 11, 28}), "2026-11-28");
  EXPECT_EQ(ToIsoString(CivilDate{1600, 1, 1}), "1600-01-01");
  EXPECT_EQ(ToIsoString(CivilDate{999, 2, 3}), "0999-02-03");
  EXPECT_EQ(ToIsoString(CivilDate{5, 12, 31}), "0005-12-31");
  EXPECT_EQ(ToIsoString(CivilDate{0, 1, 1}), "0000-01-01");
  EXPECT_EQ(ToIsoString(CivilDateTime{{2007, 1, 2}, 22, 12, 17}), "2007-01-02T22:12:17");
  EXPECT_EQ(ToIsoString(CivilDateTime{{2007, 1, 2}, 0, 0, 0}), "2007-01-02T00:00:00");
  EXPECT_EQ(ToIsoString(CivilDateTime{{2007, 1, 2}, 5, 6, 7}), "2007-01-02T05:06:07");
}

TEST(CivilDateTest, ParseIsoDateAccepts) {
  struct Case {
    std::string text;
    CivilDate expected;
  };
  const std::vector<Case> cases = {
      {"2024-02-29", {2024, 2, 29}}, {"2000-02-29", {2000, 2, 29}},  {"1600-01-01", {1600, 1, 1}},
      {"0000-01-01", {0, 1, 1}},     {"9999-12-31", {9999, 12, 31}}, {"2023-04-30", {2023, 4, 30}},
  };
  for (const Case& c : cases) {
    Result<CivilDate> parsed = ParseIsoDate(c.text);
    ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.status().ToString();
    EXPECT_EQ(*parsed, c.expected) << c.text;
    EXPECT_EQ(ToIsoString(*parsed), c.text);
  }
}

TEST(CivilDateTest, ParseIsoDateRejects) {
  const std::vector<std::string> rejected = {
      "",           "2023-02-29", "1900-02-29",  "2023-04-31",          "2023-2-01",
      "2023-02-1",  "23-02-01",   "2023-02-01x", " 2023-02-01",         "2023-02-01 ",
      "2023/02/01", "2023-00-10", "2023-13-01",  "2023-01-00",          "2023-01-32",
      "+023-01-01", "2023-0a-01", "20230201",    "2023-02-01T00:00:00",
  };
  for (const std::string& text : rejected) {
    Result<CivilDate> parsed = ParseIsoDate(text);
    EXPECT_FALSE(parsed.ok()) << "accepted '" << text << "'";
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << text;
    }
  }
}

TEST(CivilDateTest, ParseIsoDateErrorsGiveTheOffset) {
  EXPECT_EQ(ParseIsoDate("2023/02/01").status().message(), "expected '-' at offset 4");
  EXPECT_EQ(ParseIsoDate("2023-0a-01").status().message(), "expected a digit at offset 6");
  EXPECT_EQ(ParseIsoDate("2023-02-29").status().message(),
            "day 29 out of range 1-28 for that month at offset 8");
}

TEST(CivilDateTest, Ordering) {
  EXPECT_LT((CivilDate{2023, 12, 31}), (CivilDate{2024, 1, 1}));
  EXPECT_LT((CivilDate{2024, 1, 31}), (CivilDate{2024, 2, 1}));
  EXPECT_LT((CivilDateTime{{2024, 1, 1}, 23, 59, 59}), (CivilDateTime{{2024, 1, 2}, 0, 0, 0}));
}

}  // namespace
}  // namespace sovhub
