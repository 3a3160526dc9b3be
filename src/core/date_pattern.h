// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Parsing of temporal text by strptime-style patterns, as Frictionless Table
// Schema fields declare them in `format` ("%d%m%Y", "%d%b%Y:%H:%M:%S", "%m"...),
// plus the SNDS conventions: YYYYMM year-months and the 1600-01-01 placeholder
// that means "missing".
#ifndef SOVHUB_CORE_DATE_PATTERN_H_
#define SOVHUB_CORE_DATE_PATTERN_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/civil_date.h"
#include "core/status.h"

namespace sovhub {

// The parts a pattern matched; a part the pattern does not contain is empty.
struct TemporalParts {
  std::optional<int> year;
  std::optional<int> month;
  std::optional<int> day;
  std::optional<int> hour;
  std::optional<int> minute;
  std::optional<int> second;
};

// Matches the whole of `text` against `pattern`. Directives: %Y (4-digit year),
// %y (2-digit year, 69-99 -> 19xx, 00-68 -> 20xx as POSIX says), %m, %d, %H,
// %M, %S (each 2 digits, or 1-2 digits when the pattern ends after it or has a
// literal non-digit separator after it), %b / %B / %h (English month names,
// full or 3-letter, any case), %j (day of year, 3 digits or 1-3 like %m; with
// a year it fills month and day), %% (a literal %). Any other character must
// match itself. The parts must be in range and, when year, month and day are
// all present, form a real date; a month and day without a year must exist in
// some year (29 February does). A part set twice must agree.
// Errors are InvalidArgument and say what did not match and where (character
// offset); a pattern with an unsupported directive fails whatever the text.
Result<TemporalParts> ParseWithPattern(std::string_view text,
                                       std::string_view pattern);

// The SNDS placeholder for a missing date: 1600-01-01 (any format of it that
// decodes to that day).
bool IsMissingDatePlaceholder(const TemporalParts& parts);

}  // namespace sovhub

#endif  // SOVHUB_CORE_DATE_PATTERN_H_
