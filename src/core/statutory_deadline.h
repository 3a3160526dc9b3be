// SPDX-License-Identifier: AGPL-3.0-or-later
//
// French public holidays, working days, and the GDPR answer deadline: pure
// arithmetic on civil dates, no clock. See docs/rights.md for the legal
// references and worked examples.
//
// The deadline rule, for a request received on day R:
//   1. GDPR Art. 12(3): the controller answers "within one month of receipt";
//      the period "may be extended by two further months where necessary".
//   2. Regulation (EEC, Euratom) No 1182/71 Art. 3(2)(c): a period in months
//      ends on the day of the last month with the same date as R; when that
//      day does not exist, on the last day of that month (31 January + 1
//      month = 28 or 29 February). The extended period is computed the same
//      way from R: R + 3 months, not (R + 1 month) + 2 months.
//   3. Art. 3(4): a period whose last day is a public holiday, a Saturday or a
//      Sunday ends with the end of the following working day.
//
// Public holidays are those of the French Labour Code (Art. L3133-1), the
// eleven days of metropolitan France; Alsace-Moselle (departments 57, 67, 68)
// adds Good Friday and 26 December (Art. L3134-13). Whit Monday stays a public
// holiday even where it is the "journée de solidarité" worked by employees.
// Overseas departments' own holidays (abolition of slavery) are not modelled.
#ifndef SOVHUB_CORE_STATUTORY_DEADLINE_H_
#define SOVHUB_CORE_STATUTORY_DEADLINE_H_

#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"

namespace sovhub {

enum class HolidayCalendar {
  kMetropolitanFrance,  // the default
  kAlsaceMoselle,       // + Good Friday, + 26 December
};
std::string_view HolidayCalendarName(HolidayCalendar calendar);  // "france", "alsace-moselle"
Result<HolidayCalendar> ParseHolidayCalendar(std::string_view name);

// Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian
// computus, Meeus/Jones/Butcher). Meaningful from 1583; any year >= 1 gives a
// date in March or April.
CivilDate EasterSunday(int year);

struct PublicHoliday {
  CivilDate date;
  std::string_view name_fr;  // "Lundi de Pâques"
  std::string_view name_en;  // "Easter Monday"
};

// The public holidays of `year`, in date order: 11 entries for metropolitan
// France, 13 for Alsace-Moselle. Ascension Thursday can fall on 1 May (2008)
// or 8 May (1997, 2059): the date is then listed twice, once per name.
std::vector<PublicHoliday> FrenchPublicHolidays(
    int year, HolidayCalendar calendar = HolidayCalendar::kMetropolitanFrance);

bool IsPublicHoliday(const CivilDate& date,
                     HolidayCalendar calendar = HolidayCalendar::kMetropolitanFrance);

// Not a Saturday, not a Sunday, not a public holiday.
bool IsWorkingDay(const CivilDate& date,
                  HolidayCalendar calendar = HolidayCalendar::kMetropolitanFrance);

// The first working day strictly after `date`.
CivilDate NextWorkingDay(const CivilDate& date,
                         HolidayCalendar calendar = HolidayCalendar::kMetropolitanFrance);

// `date` itself when it is a working day, else the next working day
// (Regulation 1182/71 Art. 3(4)).
CivilDate WorkingDayOnOrAfter(const CivilDate& date,
                              HolidayCalendar calendar = HolidayCalendar::kMetropolitanFrance);

enum class GdprPeriod {
  kOneMonth,  // Art. 12(3), first sentence
  kExtended,  // one month + two further months, from the same receipt date
};

struct GdprDeadline {
  CivilDate received;
  CivilDate nominal;  // received + 1 or 3 months, clamped to the month's end
  CivilDate due;      // nominal, moved to the next working day when needed
  bool moved() const { return due != nominal; }
};

// The last day on which the controller may answer a request received on
// `received`. The answer is in time when given on or before `due`.
GdprDeadline GdprDueDate(const CivilDate& received, GdprPeriod period = GdprPeriod::kOneMonth,
                         HolidayCalendar calendar = HolidayCalendar::kMetropolitanFrance);

}  // namespace sovhub

#endif  // SOVHUB_CORE_STATUTORY_DEADLINE_H_
