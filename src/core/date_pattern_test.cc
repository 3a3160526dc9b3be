// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/date_pattern.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sovhub {
namespace {

// "Y2019 m6 d28 H22 M12 S17", the parts that are present only: one string
// says what matched and prints well when a case fails.
std::string Render(const TemporalParts& parts) {
  std::string text;
  auto add = [&text](char name, const std::optional<int>& part) {
    if (!part.has_value()) return;
    if (!text.empty()) text.push_back(' ');
    text.push_back(name);
    text += std::to_string(*part);
  };
  add('Y', parts.year);
  add('m', parts.month);
  add('d', parts.day);
  add('H', parts.hour);
  add('M', parts.minute);
  add('S', parts.second);
  return text;
}

struct AcceptCase {
  std::string text;
  std::string pattern;
  std::string parts;  // as Render() writes them
};

TEST(DatePatternTest, Accepts) {
  const std::vector<AcceptCase> cases = {
      // SNDS formats as the schemas declare them.
      {"28062019", "%d%m%Y", "Y2019 m6 d28"},
      {"01011600", "%d%m%Y", "Y1600 m1 d1"},
      {"29022024", "%d%m%Y", "Y2024 m2 d29"},
      {"02Jan2007:22:12:17", "%d%b%Y:%H:%M:%S", "Y2007 m1 d2 H22 M12 S17"},
      {"02JAN2007:22:12:17", "%d%b%Y:%H:%M:%S", "Y2007 m1 d2 H22 M12 S17"},
      {"02jan2007:00:00:00", "%d%b%Y:%H:%M:%S", "Y2007 m1 d2 H0 M0 S0"},
      {"31DEC1999:23:59:59", "%d%b%Y:%H:%M:%S", "Y1999 m12 d31 H23 M59 S59"},
      {"01JAN1600:00:00:00", "%d%b%Y:%H:%M:%S", "Y1600 m1 d1 H0 M0 S0"},
      {"05", "%m", "m5"},
      {"12", "%m", "m12"},
      {"5", "%m", "m5"},  // at the end of the pattern: 1-2 digits
      {"202003", "%Y%m", "Y2020 m3"},
      {"20203", "%Y%m", "Y2020 m3"},  // %m ends the pattern
      {"2020", "%Y", "Y2020"},
      {"0000", "%Y", "Y0"},
      {"2024-02-29", "%Y-%m-%d", "Y2024 m2 d29"},
      {"2000-02-29", "%Y-%m-%d", "Y2000 m2 d29"},
      {"2024-2-9", "%Y-%m-%d", "Y2024 m2 d9"},  // separators: 1-2 digits
      // Month names: English, any case, full or abbreviated with %b %B %h.
      {"january", "%B", "m1"},
      {"JANUARY", "%B", "m1"},
      {"September", "%B", "m9"},
      {"sep", "%b", "m9"},
      {"september", "%b", "m9"},
      {"Dec", "%B", "m12"},
      {"jUn", "%h", "m6"},
      {"june2019", "%B%Y", "Y2019 m6"},
      {"Jun2019", "%B%Y", "Y2019 m6"},
      {"May 5, 2024", "%B %d, %Y", "Y2024 m5 d5"},
      {"30-Nov-2023", "%d-%b-%Y", "Y2023 m11 d30"},
      // A month and a day without a year: 29 February exists in some year.
      {"29/02", "%d/%m", "m2 d29"},
      {"31/12", "%d/%m", "m12 d31"},
      {"31", "%d", "d31"},
      // Two-digit years, as POSIX pivots them.
      {"99", "%y", "Y1999"},
      {"69", "%y", "Y1969"},
      {"68", "%y", "Y2068"},
      {"00", "%y", "Y2000"},
      {"280619", "%d%m%y", "Y2019 m6 d28"},
      // Day of the year, with a year: fills month and day.
      {"2024060", "%Y%j", "Y2024 m2 d29"},
      {"2023060", "%Y%j", "Y2023 m3 d1"},
      {"2023365", "%Y%j", "Y2023 m12 d31"},
      {"2024366", "%Y%j", "Y2024 m12 d31"},
      {"2024-1", "%Y-%j", "Y2024 m1 d1"},
      {"2024-032", "%Y-%j", "Y2024 m2 d1"},
      {"366", "%j", ""},  // no year: range only, no part
      {"2024-02-29 060", "%Y-%m-%d %j", "Y2024 m2 d29"},
      // Times.
      {"23:59:59", "%H:%M:%S", "H23 M59 S59"},
      {"0:0:0", "%H:%M:%S", "H0 M0 S0"},
      {"T07", "T%H", "H7"},
      {"221217", "%H%M%S", "H22 M12 S17"},
      // Literals, %%, repeated parts that agree.
      {"10%", "%d%%", "d10"},
      {"5%", "%d%%", "d5"},
      {"%2020", "%%%Y", "Y2020"},
      {"2019-06-28 2019", "%Y-%m-%d %Y", "Y2019 m6 d28"},
      {"19 2019", "%y %Y", "Y2019"},
      {"", "", ""},
      {"year", "year", ""},
  };
  for (const AcceptCase& c : cases) {
    Result<TemporalParts> parsed = ParseWithPattern(c.text, c.pattern);
    ASSERT_TRUE(parsed.ok()) << "'" << c.text << "' with " << c.pattern << ": "
                             << parsed.status().ToString();
    EXPECT_EQ(Render(*parsed), c.parts) << "'" << c.text << "' with " << c.pattern;
  }
}

struct RejectCase {
  std::string text;
  std::string pattern;
  std::string message;
};

TEST(DatePatternTest, Rejects) {
  const std::vector<RejectCase> cases = {
      // Missing and leftover text.
      {"", "%d%m%Y", "expected 2 digits for %d at offset 0 (end of text)"},
      {"2806201", "%d%m%Y", "expected 4 digits for %Y at offset 4 (end of text)"},
      {"280620190", "%d%m%Y", "unexpected text after the pattern at offset 8"},
      {"28062019 ", "%d%m%Y", "unexpected text after the pattern at offset 8"},
      {"x8062019", "%d%m%Y", "expected 2 digits for %d at offset 0"},
      {"28-06-2019", "%d%m%Y", "expected 2 digits for %m at offset 2"},
      {"2023-02-01x", "%Y-%m-%d", "unexpected text after the pattern at offset 10"},
      {"123", "%m", "unexpected text after the pattern at offset 2"},
      {"", "%m", "expected 1-2 digits for %m at offset 0 (end of text)"},
      {" 5", "%m", "expected 1-2 digits for %m at offset 0"},
      {"-5", "%m", "expected 1-2 digits for %m at offset 0"},
      {"+5", "%m", "expected 1-2 digits for %m at offset 0"},
      {"2020", "%Y%m", "expected 1-2 digits for %m at offset 4 (end of text)"},
      {"202", "%Y", "expected 4 digits for %Y at offset 0 (end of text)"},
      {"20201", "%Y", "unexpected text after the pattern at offset 4"},
      {"9", "%y", "expected 2 digits for %y at offset 0 (end of text)"},
      {"1999", "%y", "unexpected text after the pattern at offset 2"},
      {"abc", "", "unexpected text after the pattern at offset 0"},
      {"10", "%d%%", "expected '%' at offset 2 (end of text)"},
      // Fixed width before another directive.
      {"2Jan2007:22:12:17", "%d%b%Y:%H:%M:%S", "expected 2 digits for %d at offset 0"},
      {"02Jan07:22:12:17", "%d%b%Y:%H:%M:%S", "expected 4 digits for %Y at offset 5"},
      {"2862019", "%d%m%Y", "month 62 out of range 1-12 for %m at offset 2"},
      {"2024-2-9", "%Y-%m%d", "expected 2 digits for %m at offset 5"},
      // SAS datetimes.
      {"02Jnn2007:22:12:17", "%d%b%Y:%H:%M:%S",
       "expected an English month name for %b at offset 2"},
      {"02Jan2007-22:12:17", "%d%b%Y:%H:%M:%S", "expected ':' at offset 9"},
      {"02Jan2007:22:12", "%d%b%Y:%H:%M:%S", "expected ':' at offset 15 (end of text)"},
      {"02Jan2007:24:00:00", "%d%b%Y:%H:%M:%S", "hour 24 out of range 0-23 for %H at offset 10"},
      {"02Jan2007:23:60:00", "%d%b%Y:%H:%M:%S", "minute 60 out of range 0-59 for %M at offset 13"},
      {"02Jan2007:23:59:60", "%d%b%Y:%H:%M:%S", "second 60 out of range 0-59 for %S at offset 16"},
      {"31Apr2007:00:00:00", "%d%b%Y:%H:%M:%S",
       "day 31 is past the last day (30) of month 4 that year at offset 0"},
      {"Janu", "%B", "unexpected text after the pattern at offset 3"},
      {"", "%b", "expected an English month name for %b at offset 0"},
      {"janvier", "%B", "unexpected text after the pattern at offset 3"},
      {"fév", "%b", "expected an English month name for %b at offset 0"},
      // Out of range and impossible dates.
      {"13", "%m", "month 13 out of range 1-12 for %m at offset 0"},
      {"00", "%m", "month 0 out of range 1-12 for %m at offset 0"},
      {"202013", "%Y%m", "month 13 out of range 1-12 for %m at offset 4"},
      {"32012019", "%d%m%Y", "day 32 out of range 1-31 for %d at offset 0"},
      {"00012019", "%d%m%Y", "day 0 out of range 1-31 for %d at offset 0"},
      {"31042019", "%d%m%Y", "day 31 is past the last day (30) of month 4 that year at offset 0"},
      {"29022019", "%d%m%Y", "day 29 is past the last day (28) of month 2 that year at offset 0"},
      {"29021900", "%d%m%Y", "day 29 is past the last day (28) of month 2 that year at offset 0"},
      {"2023-02-29", "%Y-%m-%d",
       "day 29 is past the last day (28) of month 2 that year at offset 8"},
      {"31/04", "%d/%m", "day 31 is past the last day (30) of month 4 at offset 0"},
      {"30/02", "%d/%m", "day 30 is past the last day (29) of month 2 at offset 0"},
      {"2023366", "%Y%j", "day of year 366 out of range 1-365 for that year at offset 4"},
      {"2023000", "%Y%j", "day of year 0 out of range 1-366 for %j at offset 4"},
      {"2023367", "%Y%j", "day of year 367 out of range 1-366 for %j at offset 4"},
      {"2024-02-28 060", "%Y-%m-%d %j", "day of year 60 contradicts the month or day at offset 11"},
      // Parts given twice must agree.
      {"2019-06-28 2018", "%Y-%m-%d %Y",
       "year 2018 contradicts the earlier year 2019 at offset 11"},
      {"06 Jul", "%m %b", "month 7 contradicts the earlier month 6 at offset 3"},
      // Bad patterns fail whatever the text.
      {"05", "%q", "unsupported directive %q in pattern"},
      {"2020", "%Y %e", "unsupported directive %e in pattern"},
      {"", "%Y-%m-%dT%H:%M:%S%z", "unsupported directive %z in pattern"},
      {"5%", "%m%", "pattern ends with a lone %"},
  };
  for (const RejectCase& c : cases) {
    Result<TemporalParts> parsed = ParseWithPattern(c.text, c.pattern);
    ASSERT_FALSE(parsed.ok()) << "'" << c.text << "' with " << c.pattern << " gave "
                              << Render(*parsed);
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
    const std::string& message = parsed.status().message();
    EXPECT_EQ(message, c.message) << "'" << c.text << "' with " << c.pattern;
    EXPECT_EQ(message.find('\n'), std::string::npos);
    // Errors end up in logs: they must not repeat a date they were given.
    if (c.text.size() >= 4) {
      EXPECT_EQ(message.find(c.text), std::string::npos) << message;
    }
  }
}

TEST(DatePatternTest, MissingDatePlaceholder) {
  struct Case {
    std::string text;
    std::string pattern;
    bool missing;
  };
  const std::vector<Case> cases = {
      {"01011600", "%d%m%Y", true},
      {"01JAN1600:00:00:00", "%d%b%Y:%H:%M:%S", true},
      {"01jan1600:13:45:00", "%d%b%Y:%H:%M:%S", true},
      {"1600-01-01", "%Y-%m-%d", true},
      {"1600001", "%Y%j", true},
      {"02011600", "%d%m%Y", false},
      {"01021600", "%d%m%Y", false},
      {"01011601", "%d%m%Y", false},
      {"160001", "%Y%m", false},  // no day
      {"1600", "%Y", false},
      {"01/01", "%d/%m", false},  // no year
      {"01", "%m", false},
  };
  for (const Case& c : cases) {
    Result<TemporalParts> parsed = ParseWithPattern(c.text, c.pattern);
    ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.status().ToString();
    EXPECT_EQ(IsMissingDatePlaceholder(*parsed), c.missing) << c.text;
  }
  EXPECT_FALSE(IsMissingDatePlaceholder(TemporalParts{}));
}

// Every day of a leap and a common year goes through the SNDS day format and
// comes back as itself.
TEST(DatePatternTest, EveryDayOfTwoYears) {
  for (CivilDate date{2023, 1, 1}; date.year < 2025; date = AddDays(date, 1)) {
    std::string iso = ToIsoString(date);
    std::string snds = iso.substr(8, 2) + iso.substr(5, 2) + iso.substr(0, 4);
    Result<TemporalParts> parsed = ParseWithPattern(snds, "%d%m%Y");
    ASSERT_TRUE(parsed.ok()) << snds << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed->year, date.year);
    EXPECT_EQ(parsed->month, date.month);
    EXPECT_EQ(parsed->day, date.day);
  }
}

}  // namespace
}  // namespace sovhub
