// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/statutory_deadline.h"

#include <algorithm>
#include <string>

namespace sovhub {

std::string_view HolidayCalendarName(HolidayCalendar calendar) {
  return calendar == HolidayCalendar::kAlsaceMoselle ? "alsace-moselle" : "france";
}

Result<HolidayCalendar> ParseHolidayCalendar(std::string_view name) {
  if (name == "france") return HolidayCalendar::kMetropolitanFrance;
  if (name == "alsace-moselle") return HolidayCalendar::kAlsaceMoselle;
  return Status::InvalidArgument("\"" + std::string(name) +
                                 "\" is not a holiday calendar (one of france, alsace-moselle)");
}

CivilDate EasterSunday(int year) {
  // The anonymous Gregorian algorithm (Meeus, Astronomical Algorithms, ch. 8):
  // a is the year's place in the 19-year Metonic cycle, h the epact-derived
  // days from 21 March to the Paschal full moon, l the days from that full
  // moon to the following Sunday; m corrects the two exceptional epacts.
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return CivilDate{year, month, day};
}

std::vector<PublicHoliday> FrenchPublicHolidays(int year, HolidayCalendar calendar) {
  const CivilDate easter = EasterSunday(year);
  std::vector<PublicHoliday> days = {
      {{year, 1, 1}, "Jour de l'an", "New Year's Day"},
      {AddDays(easter, 1), "Lundi de Pâques", "Easter Monday"},
      {{year, 5, 1}, "Fête du Travail", "Labour Day"},
      {{year, 5, 8}, "Victoire 1945", "Victory in Europe Day"},
      {AddDays(easter, 39), "Ascension", "Ascension Day"},
      {AddDays(easter, 50), "Lundi de Pentecôte", "Whit Monday"},
      {{year, 7, 14}, "Fête nationale", "Bastille Day"},
      {{year, 8, 15}, "Assomption", "Assumption Day"},
      {{year, 11, 1}, "Toussaint", "All Saints' Day"},
      {{year, 11, 11}, "Armistice 1918", "Armistice Day"},
      {{year, 12, 25}, "Noël", "Christmas Day"},
  };
  if (calendar == HolidayCalendar::kAlsaceMoselle) {
    days.push_back({AddDays(easter, -2), "Vendredi saint", "Good Friday"});
    days.push_back({{year, 12, 26}, "Saint-Étienne", "St Stephen's Day"});
  }
  std::stable_sort(days.begin(), days.end(),
                   [](const PublicHoliday& x, const PublicHoliday& y) { return x.date < y.date; });
  return days;
}

bool IsPublicHoliday(const CivilDate& date, HolidayCalendar calendar) {
  for (const PublicHoliday& holiday : FrenchPublicHolidays(date.year, calendar)) {
    if (holiday.date == date) return true;
  }
  return false;
}

bool IsWorkingDay(const CivilDate& date, HolidayCalendar calendar) {
  return IsoWeekday(date) <= 5 && !IsPublicHoliday(date, calendar);
}

CivilDate NextWorkingDay(const CivilDate& date, HolidayCalendar calendar) {
  return WorkingDayOnOrAfter(AddDays(date, 1), calendar);
}

CivilDate WorkingDayOnOrAfter(const CivilDate& date, HolidayCalendar calendar) {
  // At most a weekend next to one or two holidays (Christmas and St Stephen's
  // in Alsace-Moselle): the loop runs a handful of times.
  CivilDate day = date;
  while (!IsWorkingDay(day, calendar)) day = AddDays(day, 1);
  return day;
}

GdprDeadline GdprDueDate(const CivilDate& received, GdprPeriod period, HolidayCalendar calendar) {
  GdprDeadline deadline;
  deadline.received = received;
  // Art. 12(3): one month, extendable "by two further months", so the whole
  // period is three months from receipt, counted from the receipt date itself
  // (chaining +1 then +2 would lose a day after a clamped 28 February).
  deadline.nominal = AddMonthsClamped(received, period == GdprPeriod::kExtended ? 3 : 1);
  deadline.due = WorkingDayOnOrAfter(deadline.nominal, calendar);
  return deadline;
}

}  // namespace sovhub
