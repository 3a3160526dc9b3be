// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Civil (proleptic Gregorian) dates and times, with no time zone: the dates that
// health records and statutory deadlines speak of. Pure arithmetic, no clock.
#ifndef SOVHUB_CORE_CIVIL_DATE_H_
#define SOVHUB_CORE_CIVIL_DATE_H_

#include <compare>
#include <cstdint>
#include <string>

#include "core/status.h"

namespace sovhub {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  auto operator<=>(const CivilDate&) const = default;
};

struct CivilDateTime {
  CivilDate date;
  int hour = 0;    // 0-23
  int minute = 0;  // 0-59
  int second = 0;  // 0-59 (no leap seconds in records)
  auto operator<=>(const CivilDateTime&) const = default;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);  // month 1-12
bool IsValidDate(int year, int month, int day);

// Days since 1970-01-01 (negative before).
std::int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(std::int64_t days);

// ISO weekday: 1 Monday ... 7 Sunday.
int IsoWeekday(const CivilDate& date);

CivilDate AddDays(const CivilDate& date, std::int64_t days);
// Adds calendar months; a day missing in the target month becomes that month's
// last day (31 January + 1 month = 28 or 29 February).
CivilDate AddMonthsClamped(const CivilDate& date, int months);

// "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM:SS" (years 0-9999).
std::string ToIsoString(const CivilDate& date);
std::string ToIsoString(const CivilDateTime& date_time);

// Strict "YYYY-MM-DD".
Result<CivilDate> ParseIsoDate(std::string_view text);

}  // namespace sovhub

#endif  // SOVHUB_CORE_CIVIL_DATE_H_
