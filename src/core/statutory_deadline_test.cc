// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/statutory_deadline.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace sovhub {
namespace {

CivilDate Day(std::string_view iso) {
  auto parsed = ParseIsoDate(iso);
  EXPECT_TRUE(parsed.ok()) << iso;
  return parsed.ok() ? *parsed : CivilDate{};
}

TEST(StatutoryDeadlineTest, EasterMatchesPublishedDates) {
  // Including both extremes of the Gregorian range: 22 March (1818, 2285)
  // and 25 April (1943, 2038).
  const std::pair<int, const char*> known[] = {
      {1818, "1818-03-22"}, {1943, "1943-04-25"}, {1954, "1954-04-18"}, {2000, "2000-04-23"},
      {2008, "2008-03-23"}, {2019, "2019-04-21"}, {2024, "2024-03-31"}, {2025, "2025-04-20"},
      {2026, "2026-04-05"}, {2027, "2027-03-28"}, {2038, "2038-04-25"}, {2285, "2285-03-22"},
  };
  for (const auto& [year, date] : known) EXPECT_EQ(EasterSunday(year), Day(date)) << year;
}

TEST(StatutoryDeadlineTest, EasterIsAlwaysASundayBetween22MarchAnd25April) {
  for (int year = 1583; year <= 4099; ++year) {
    const CivilDate easter = EasterSunday(year);
    EXPECT_EQ(IsoWeekday(easter), 7) << year;
    EXPECT_GE(easter, (CivilDate{year, 3, 22})) << year;
    EXPECT_LE(easter, (CivilDate{year, 4, 25})) << year;
  }
}

TEST(StatutoryDeadlineTest, ElevenHolidaysIn2026) {
  std::set<std::string> got;
  for (const PublicHoliday& holiday : FrenchPublicHolidays(2026)) got.insert(ToIsoString(holiday.date));
  const std::set<std::string> expected = {"2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08",
                                          "2026-05-14", "2026-05-25", "2026-07-14", "2026-08-15",
                                          "2026-11-01", "2026-11-11", "2026-12-25"};
  EXPECT_EQ(got, expected);
}

TEST(StatutoryDeadlineTest, MovableHolidaysIn2024And2025) {
  // Easter Monday, Ascension Thursday, Whit Monday.
  for (const char* date : {"2024-04-01", "2024-05-09", "2024-05-20", "2025-04-21", "2025-05-29", "2025-06-09"}) {
    EXPECT_TRUE(IsPublicHoliday(Day(date))) << date;
  }
  EXPECT_FALSE(IsPublicHoliday(Day("2025-04-18")));  // Good Friday: only in Alsace-Moselle
  EXPECT_TRUE(IsPublicHoliday(Day("2025-04-18"), HolidayCalendar::kAlsaceMoselle));
  EXPECT_FALSE(IsPublicHoliday(Day("2025-12-26")));
  EXPECT_TRUE(IsPublicHoliday(Day("2025-12-26"), HolidayCalendar::kAlsaceMoselle));
}

TEST(StatutoryDeadlineTest, HolidayListsAreSortedWithTheirCounts) {
  for (int year = 1900; year <= 2100; ++year) {
    auto france = FrenchPublicHolidays(year);
    auto alsace = FrenchPublicHolidays(year, HolidayCalendar::kAlsaceMoselle);
    EXPECT_EQ(france.size(), 11u);
    EXPECT_EQ(alsace.size(), 13u);
    for (std::size_t i = 1; i < france.size(); ++i) EXPECT_LE(france[i - 1].date, france[i].date);
  }
}

TEST(StatutoryDeadlineTest, AscensionOnLabourDayIsStillOneHoliday) {
  // 2008: Ascension Thursday was 1 May.
  EXPECT_EQ(AddDays(EasterSunday(2008), 39), Day("2008-05-01"));
  EXPECT_TRUE(IsPublicHoliday(Day("2008-05-01")));
  EXPECT_TRUE(IsWorkingDay(Day("2008-05-02")));
}

TEST(StatutoryDeadlineTest, WorkingDays) {
  EXPECT_TRUE(IsWorkingDay(Day("2026-03-02")));    // Monday
  EXPECT_FALSE(IsWorkingDay(Day("2026-02-28")));   // Saturday
  EXPECT_FALSE(IsWorkingDay(Day("2026-03-01")));   // Sunday
  EXPECT_FALSE(IsWorkingDay(Day("2026-07-14")));   // Tuesday, Bastille Day
  EXPECT_EQ(NextWorkingDay(Day("2026-02-27")), Day("2026-03-02"));  // Friday → Monday
  EXPECT_EQ(NextWorkingDay(Day("2026-04-03")), Day("2026-04-07"));  // over Easter Monday
  EXPECT_EQ(NextWorkingDay(Day("2026-04-02"), HolidayCalendar::kAlsaceMoselle), Day("2026-04-07"));
  EXPECT_EQ(WorkingDayOnOrAfter(Day("2026-03-02")), Day("2026-03-02"));
  EXPECT_EQ(WorkingDayOnOrAfter(Day("2026-12-25")), Day("2026-12-28"));
}

struct DeadlineCase {
  const char* received;
  GdprPeriod period;
  HolidayCalendar calendar;
  const char* nominal;
  const char* due;
  const char* why;
};

TEST(StatutoryDeadlineTest, GdprDueDates) {
  using enum GdprPeriod;
  const auto kFr = HolidayCalendar::kMetropolitanFrance;
  const auto kAm = HolidayCalendar::kAlsaceMoselle;
  const DeadlineCase cases[] = {
      {"2026-03-02", kOneMonth, kFr, "2026-04-02", "2026-04-02", "plain Thursday"},
      {"2024-01-31", kOneMonth, kFr, "2024-02-29", "2024-02-29", "leap year: 29 February"},
      {"2023-01-31", kOneMonth, kFr, "2023-02-28", "2023-02-28", "common year: 28 February"},
      {"2026-01-31", kOneMonth, kFr, "2026-02-28", "2026-03-02", "28 February is a Saturday"},
      {"2026-03-31", kOneMonth, kFr, "2026-04-30", "2026-04-30", "30-day month"},
      {"2024-11-29", kOneMonth, kFr, "2024-12-29", "2024-12-30", "Sunday"},
      {"2025-12-24", kOneMonth, kFr, "2026-01-24", "2026-01-26", "over the year end, Saturday"},
      {"2025-04-01", kOneMonth, kFr, "2025-05-01", "2025-05-02", "Labour Day"},
      {"2024-04-08", kOneMonth, kFr, "2024-05-08", "2024-05-10", "8 May, then Ascension 9 May"},
      {"2026-03-06", kOneMonth, kFr, "2026-04-06", "2026-04-07", "Easter Monday"},
      {"2026-04-14", kOneMonth, kFr, "2026-05-14", "2026-05-15", "Ascension Thursday"},
      {"2026-04-25", kOneMonth, kFr, "2026-05-25", "2026-05-26", "Whit Monday"},
      {"2025-10-01", kOneMonth, kFr, "2025-11-01", "2025-11-03", "All Saints' Day on a Saturday"},
      {"2026-06-14", kOneMonth, kFr, "2026-07-14", "2026-07-15", "Bastille Day"},
      {"2026-03-03", kOneMonth, kFr, "2026-04-03", "2026-04-03", "Good Friday: a working day"},
      {"2026-03-03", kOneMonth, kAm, "2026-04-03", "2026-04-07", "Alsace-Moselle: Good Friday"},
      {"2025-11-26", kOneMonth, kFr, "2025-12-26", "2025-12-26", "26 December: a working day"},
      {"2025-11-26", kOneMonth, kAm, "2025-12-26", "2025-12-29", "Alsace-Moselle: St Stephen's"},
      {"2026-01-31", kExtended, kFr, "2026-04-30", "2026-04-30", "3 months from receipt, not 28 Apr"},
      {"2023-01-31", kExtended, kFr, "2023-04-30", "2023-05-02", "Sunday, then Labour Day"},
      {"2025-10-01", kExtended, kFr, "2026-01-01", "2026-01-02", "New Year's Day"},
      {"2026-11-30", kExtended, kFr, "2027-02-28", "2027-03-01", "clamped, then Sunday"},
      {"2023-11-30", kExtended, kFr, "2024-02-29", "2024-02-29", "clamped to a leap day"},
  };
  for (const DeadlineCase& c : cases) {
    GdprDeadline deadline = GdprDueDate(Day(c.received), c.period, c.calendar);
    EXPECT_EQ(deadline.received, Day(c.received)) << c.why;
    EXPECT_EQ(ToIsoString(deadline.nominal), c.nominal) << c.why;
    EXPECT_EQ(ToIsoString(deadline.due), c.due) << c.why;
    EXPECT_EQ(deadline.moved(), std::string(c.nominal) != c.due) << c.why;
    EXPECT_TRUE(IsWorkingDay(deadline.due, c.calendar)) << c.why;
  }
}

TEST(StatutoryDeadlineTest, DueDateIsAlwaysAWorkingDayAfterTheNominalDay) {
  for (std::int64_t n = DaysFromCivil({2020, 1, 1}); n <= DaysFromCivil({2030, 12, 31}); ++n) {
    const CivilDate received = CivilFromDays(n);
    for (GdprPeriod period : {GdprPeriod::kOneMonth, GdprPeriod::kExtended}) {
      GdprDeadline deadline = GdprDueDate(received, period);
      ASSERT_TRUE(IsWorkingDay(deadline.due)) << ToIsoString(received);
      ASSERT_LE(deadline.nominal, deadline.due);
      // Never more than four days late (a long weekend next to a holiday).
      ASSERT_LE(DaysFromCivil(deadline.due) - DaysFromCivil(deadline.nominal), 4);
      for (CivilDate d = deadline.nominal; d < deadline.due; d = AddDays(d, 1)) {
        ASSERT_FALSE(IsWorkingDay(d)) << ToIsoString(received);
      }
    }
    EXPECT_LT(GdprDueDate(received).due, GdprDueDate(received, GdprPeriod::kExtended).due);
  }
}

TEST(StatutoryDeadlineTest, CalendarNames) {
  EXPECT_EQ(*ParseHolidayCalendar("france"), HolidayCalendar::kMetropolitanFrance);
  EXPECT_EQ(*ParseHolidayCalendar("alsace-moselle"), HolidayCalendar::kAlsaceMoselle);
  EXPECT_EQ(HolidayCalendarName(HolidayCalendar::kAlsaceMoselle), "alsace-moselle");
  EXPECT_FALSE(ParseHolidayCalendar("moselle").ok());
}

}  // namespace
}  // namespace sovhub
