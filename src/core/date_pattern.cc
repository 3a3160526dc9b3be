// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/date_pattern.h"

#include <array>
#include <cstddef>

namespace sovhub {
namespace {

// Error messages name the directive and the offset, never the text itself: the
// text may be a birth date, and errors end up in logs and ingest reports.

constexpr std::array<std::string_view, 12> kMonthNames = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::size_t kMonthAbbreviationLength = 3;

// What may follow a % in a pattern.
constexpr std::string_view kDirectiveLetters = "YymdHMSbBhj%";

// Any year fits, so that the range check on a month and a day without a year
// accepts 29 February.
constexpr int kLeapYear = 2000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithIgnoringCase(std::string_view text, std::size_t pos, std::string_view lower_prefix) {
  if (text.size() - pos < lower_prefix.size()) return false;
  for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
    if (ToLowerAscii(text[pos + i]) != lower_prefix[i]) return false;
  }
  return true;
}

std::string At(std::size_t offset) { return " at offset " + std::to_string(offset); }

std::string Directive(char letter) { return std::string("%") + letter; }

// Validates the whole pattern before any text is read, so that a bad pattern
// gives the same error whatever the text (a schema error, not a data error).
Status CheckPattern(std::string_view pattern) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') continue;
    if (i + 1 == pattern.size()) {
      return Status::InvalidArgument("pattern ends with a lone %");
    }
    char letter = pattern[++i];
    if (kDirectiveLetters.find(letter) == std::string_view::npos) {
      return Status::InvalidArgument("unsupported directive " + Directive(letter) + " in pattern");
    }
  }
  return Status::Ok();
}

// True when a numeric directive ending just before `next` in the pattern may
// take fewer digits than its full width: the pattern ends there, or goes on
// with a literal that cannot be mistaken for a digit of the field ("%%" is a
// literal). Before another directive or a literal digit the field has no
// delimiter, so only its full width tells where it stops ("%d%m%Y").
bool FieldIsDelimited(std::string_view pattern, std::size_t next) {
  if (next == pattern.size()) return true;
  if (pattern[next] == '%') {
    return next + 1 < pattern.size() && pattern[next + 1] == '%';
  }
  return !IsDigit(pattern[next]);
}

struct NumberSpec {
  std::size_t full_width;
  bool may_be_shorter;  // when delimited
  int min;
  int max;
  std::string_view part_name;
};

NumberSpec SpecOf(char letter) {
  switch (letter) {
    case 'Y':
      return {4, false, 0, 9999, "year"};
    case 'y':
      return {2, false, 0, 99, "year"};
    case 'm':
      return {2, true, 1, 12, "month"};
    case 'd':
      return {2, true, 1, 31, "day"};
    case 'H':
      return {2, true, 0, 23, "hour"};
    case 'M':
      return {2, true, 0, 59, "minute"};
    case 'S':
      return {2, true, 0, 59, "second"};
    default:
      return {3, true, 1, 366, "day of year"};  // 'j'
  }
}

// The state of one match: where the parts came from, for later errors.
class Matcher {
 public:
  Matcher(std::string_view text, std::string_view pattern) : text_(text), pattern_(pattern) {}

  Result<TemporalParts> Run();

 private:
  Result<int> ReadNumber(char letter, bool delimited);
  Result<int> ReadMonthName(char letter);
  // Sets `part` to `value`, or fails when an earlier directive set it otherwise.
  Status SetPart(std::optional<int>& part, int value, std::string_view name, std::size_t offset);
  // The checks that need more than one part.
  Status CheckCombination();

  std::string_view text_;
  std::string_view pattern_;
  std::size_t pos_ = 0;  // in text_
  TemporalParts parts_;
  std::optional<int> day_of_year_;
  std::size_t day_offset_ = 0;
  std::size_t day_of_year_offset_ = 0;
};

Result<int> Matcher::ReadNumber(char letter, bool delimited) {
  NumberSpec spec = SpecOf(letter);
  std::size_t start = pos_;
  std::size_t digits = 0;
  int value = 0;
  while (digits < spec.full_width && pos_ < text_.size() && IsDigit(text_[pos_])) {
    value = value * 10 + (text_[pos_] - '0');
    ++pos_;
    ++digits;
  }
  bool shorter_ok = spec.may_be_shorter && delimited && digits >= 1;
  if (digits < spec.full_width && !shorter_ok) {
    std::string width = std::to_string(spec.full_width);
    if (spec.may_be_shorter && delimited) width = "1-" + width;
    return Status::InvalidArgument("expected " + width + " digits for " + Directive(letter) +
                                   At(start) +
                                   (start + digits == text_.size() ? " (end of text)" : ""));
  }
  if (value < spec.min || value > spec.max) {
    return Status::InvalidArgument(std::string(spec.part_name) + " " + std::to_string(value) +
                                   " out of range " + std::to_string(spec.min) + "-" +
                                   std::to_string(spec.max) + " for " + Directive(letter) +
                                   At(start));
  }
  return value;
}

Result<int> Matcher::ReadMonthName(char letter) {
  // Full names first: "june" must not stop after "jun". Without backtracking,
  // a pattern where a full name's tail is also the literal text that follows
  // ("%bch") does not match; no real format does that.
  for (std::size_t i = 0; i < kMonthNames.size(); ++i) {
    if (StartsWithIgnoringCase(text_, pos_, kMonthNames[i])) {
      pos_ += kMonthNames[i].size();
      return static_cast<int>(i) + 1;
    }
  }
  for (std::size_t i = 0; i < kMonthNames.size(); ++i) {
    std::string_view abbreviation = kMonthNames[i].substr(0, kMonthAbbreviationLength);
    if (StartsWithIgnoringCase(text_, pos_, abbreviation)) {
      pos_ += abbreviation.size();
      return static_cast<int>(i) + 1;
    }
  }
  return Status::InvalidArgument("expected an English month name for " + Directive(letter) +
                                 At(pos_));
}

Status Matcher::SetPart(std::optional<int>& part, int value, std::string_view name,
                        std::size_t offset) {
  if (part.has_value() && *part != value) {
    return Status::InvalidArgument(std::string(name) + " " + std::to_string(value) +
                                   " contradicts the earlier " + std::string(name) + " " +
                                   std::to_string(*part) + At(offset));
  }
  part = value;
  return Status::Ok();
}

Result<TemporalParts> Matcher::Run() {
  std::size_t p = 0;  // in pattern_
  while (p < pattern_.size()) {
    char c = pattern_[p];
    if (c != '%' || pattern_[p + 1] == '%') {  // CheckPattern: no lone '%'
      if (pos_ >= text_.size() || text_[pos_] != c) {
        return Status::InvalidArgument("expected '" + std::string(1, c) + "'" + At(pos_) +
                                       (pos_ >= text_.size() ? " (end of text)" : ""));
      }
      ++pos_;
      p += c == '%' ? 2 : 1;
      continue;
    }
    char letter = pattern_[p + 1];
    p += 2;
    std::size_t start = pos_;
    if (letter == 'b' || letter == 'B' || letter == 'h') {
      SOVHUB_ASSIGN_OR_RETURN(int month, ReadMonthName(letter));
      SOVHUB_RETURN_IF_ERROR(SetPart(parts_.month, month, "month", start));
      continue;
    }
    SOVHUB_ASSIGN_OR_RETURN(int value, ReadNumber(letter, FieldIsDelimited(pattern_, p)));
    switch (letter) {
      case 'Y':
        SOVHUB_RETURN_IF_ERROR(SetPart(parts_.year, value, "year", start));
        break;
      case 'y':
        // POSIX: 69-99 are 1969-1999, 00-68 are 2000-2068.
        SOVHUB_RETURN_IF_ERROR(
            SetPart(parts_.year, value + (value >= 69 ? 1900 : 2000), "year", start));
        break;
      case 'm':
        SOVHUB_RETURN_IF_ERROR(SetPart(parts_.month, value, "month", start));
        break;
      case 'd':
        SOVHUB_RETURN_IF_ERROR(SetPart(parts_.day, value, "day", start));
        day_offset_ = start;
        break;
      case 'H':
        SOVHUB_RETURN_IF_ERROR(SetPart(parts_.hour, value, "hour", start));
        break;
      case 'M':
        SOVHUB_RETURN_IF_ERROR(SetPart(parts_.minute, value, "minute", start));
        break;
      case 'S':
        SOVHUB_RETURN_IF_ERROR(SetPart(parts_.second, value, "second", start));
        break;
      default:  // 'j'
        SOVHUB_RETURN_IF_ERROR(SetPart(day_of_year_, value, "day of year", start));
        day_of_year_offset_ = start;
        break;
    }
  }
  if (pos_ < text_.size()) {
    return Status::InvalidArgument("unexpected text after the pattern" + At(pos_));
  }
  SOVHUB_RETURN_IF_ERROR(CheckCombination());
  return parts_;
}

Status Matcher::CheckCombination() {
  if (day_of_year_.has_value() && parts_.year.has_value()) {
    int year = *parts_.year;
    int days_in_year = IsLeapYear(year) ? 366 : 365;
    if (*day_of_year_ > days_in_year) {
      return Status::InvalidArgument("day of year " + std::to_string(*day_of_year_) +
                                     " out of range 1-" + std::to_string(days_in_year) +
                                     " for that year" + At(day_of_year_offset_));
    }
    CivilDate date = AddDays(CivilDate{year, 1, 1}, *day_of_year_ - 1);
    if ((parts_.month.has_value() && *parts_.month != date.month) ||
        (parts_.day.has_value() && *parts_.day != date.day)) {
      return Status::InvalidArgument("day of year " + std::to_string(*day_of_year_) +
                                     " contradicts the month or day" + At(day_of_year_offset_));
    }
    parts_.month = date.month;
    parts_.day = date.day;
    return Status::Ok();
  }
  if (!parts_.day.has_value() || !parts_.month.has_value()) return Status::Ok();
  int month = *parts_.month;
  int day = *parts_.day;
  int last_day = DaysInMonth(parts_.year.value_or(kLeapYear), month);
  if (day > last_day) {
    return Status::InvalidArgument("day " + std::to_string(day) + " is past the last day (" +
                                   std::to_string(last_day) + ") of month " +
                                   std::to_string(month) +
                                   (parts_.year.has_value() ? " that year" : "") + At(day_offset_));
  }
  return Status::Ok();
}

}  // namespace

Result<TemporalParts> ParseWithPattern(std::string_view text, std::string_view pattern) {
  SOVHUB_RETURN_IF_ERROR(CheckPattern(pattern));
  return Matcher(text, pattern).Run();
}

bool IsMissingDatePlaceholder(const TemporalParts& parts) {
  return parts.year == 1600 && parts.month == 1 && parts.day == 1;
}

}  // namespace sovhub
