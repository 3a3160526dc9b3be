// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/civil_date.h"

#include <algorithm>

namespace sovhub {
namespace {

// Shifting the year so that it starts on 1 March puts the leap day last, which
// makes the day of the year a linear function of the month (see
// DayOfShiftedYear). Days in a 400-year era of the proleptic Gregorian calendar:
// 400 * 365 + 100 leap years - 3 skipped centuries.
constexpr std::int64_t kDaysPerEra = 146097;
// Days from 0000-03-01 (the start of era 0) to 1970-01-01.
constexpr std::int64_t kEpochShift = 719468;

// Division rounding towards minus infinity, so that dates before the epoch
// fall in the right era / year.
std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::int64_t FloorMod(std::int64_t a, std::int64_t b) { return a - FloorDiv(a, b) * b; }

// Day of the March-based year (0 = 1 March) for month 1-12, day 1-31.
std::int64_t DayOfShiftedYear(int month, int day) {
  int shifted_month = month > 2 ? month - 3 : month + 9;  // March = 0
  // 153 days every 5 months (31 30 31 30 31): the +2 rounds to the right month.
  return (153 * shifted_month + 2) / 5 + day - 1;
}

void AppendPadded(std::string& out, int value, int width) {
  std::string digits =
      std::to_string(value < 0 ? -static_cast<long long>(value) : static_cast<long long>(value));
  if (value < 0) out.push_back('-');
  if (static_cast<int>(digits.size()) < width) {
    out.append(width - digits.size(), '0');
  }
  out += digits;
}

}  // namespace

bool IsLeapYear(int year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

bool IsValidDate(int year, int month, int day) {
  return day >= 1 && day <= DaysInMonth(year, month);
}

std::int64_t DaysFromCivil(const CivilDate& date) {
  // January and February belong to the previous March-based year.
  std::int64_t year = date.month <= 2 ? std::int64_t{date.year} - 1 : date.year;
  std::int64_t era = FloorDiv(year, 400);
  std::int64_t year_of_era = year - era * 400;  // [0, 399]
  std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 +
                            DayOfShiftedYear(date.month, date.day);
  return era * kDaysPerEra + day_of_era - kEpochShift;
}

CivilDate CivilFromDays(std::int64_t days) {
  std::int64_t shifted = days + kEpochShift;
  std::int64_t era = FloorDiv(shifted, kDaysPerEra);
  std::int64_t day_of_era = shifted - era * kDaysPerEra;  // [0, 146096]
  // Removes the leap days before `day_of_era` so that a plain division by 365
  // gives the year; the last day of the era (a leap day) needs the last term.
  std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) /
      365;  // [0, 399]
  std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  std::int64_t shifted_month = (5 * day_of_year + 2) / 153;  // March = 0
  CivilDate date;
  date.day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  date.month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  date.year = static_cast<int>(year_of_era + era * 400 + (date.month <= 2 ? 1 : 0));
  return date;
}

int IsoWeekday(const CivilDate& date) {
  // 1970-01-01 was a Thursday (4).
  return static_cast<int>(FloorMod(DaysFromCivil(date) + 3, 7)) + 1;
}

CivilDate AddDays(const CivilDate& date, std::int64_t days) {
  return CivilFromDays(DaysFromCivil(date) + days);
}

CivilDate AddMonthsClamped(const CivilDate& date, int months) {
  std::int64_t month_index = std::int64_t{date.year} * 12 + (date.month - 1) + months;
  CivilDate result;
  result.year = static_cast<int>(FloorDiv(month_index, 12));
  result.month = static_cast<int>(FloorMod(month_index, 12)) + 1;
  result.day = std::min(date.day, DaysInMonth(result.year, result.month));
  return result;
}

std::string ToIsoString(const CivilDate& date) {
  std::string text;
  text.reserve(10);
  AppendPadded(text, date.year, 4);
  text.push_back('-');
  AppendPadded(text, date.month, 2);
  text.push_back('-');
  AppendPadded(text, date.day, 2);
  return text;
}

std::string ToIsoString(const CivilDateTime& date_time) {
  std::string text = ToIsoString(date_time.date);
  text.push_back('T');
  AppendPadded(text, date_time.hour, 2);
  text.push_back(':');
  AppendPadded(text, date_time.minute, 2);
  text.push_back(':');
  AppendPadded(text, date_time.second, 2);
  return text;
}

Result<CivilDate> ParseIsoDate(std::string_view text) {
  // Error messages give offsets, never the text: a date may be a birth date.
  constexpr std::string_view kShape = "YYYY-MM-DD";
  if (text.size() != kShape.size()) {
    return Status::InvalidArgument("expected a YYYY-MM-DD date (10 characters), got " +
                                   std::to_string(text.size()) + " characters");
  }
  int fields[3] = {0, 0, 0};
  int field = 0;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    if (kShape[i] == '-') {
      if (text[i] != '-') {
        return Status::InvalidArgument("expected '-' at offset " + std::to_string(i));
      }
      ++field;
      continue;
    }
    if (text[i] < '0' || text[i] > '9') {
      return Status::InvalidArgument("expected a digit at offset " + std::to_string(i));
    }
    fields[field] = fields[field] * 10 + (text[i] - '0');
  }
  if (fields[1] < 1 || fields[1] > 12) {
    return Status::InvalidArgument("month " + std::to_string(fields[1]) +
                                   " out of range 1-12 at offset 5");
  }
  if (!IsValidDate(fields[0], fields[1], fields[2])) {
    return Status::InvalidArgument("day " + std::to_string(fields[2]) + " out of range 1-" +
                                   std::to_string(DaysInMonth(fields[0], fields[1])) +
                                   " for that month at offset 8");
  }
  return CivilDate{fields[0], fields[1], fields[2]};
}

}  // namespace sovhub
