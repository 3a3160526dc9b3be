// SPDX-License-Identifier: AGPL-3.0-or-later
#include "core/clock.h"

#include <chrono>
#include <cstdio>

#include "core/civil_date.h"

namespace sovhub {

std::string Clock::NowIso() { return FormatIsoMillis(NowMillis()); }

std::int64_t SystemClock::NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatIsoMillis(std::int64_t millis) {
  std::int64_t days = millis >= 0 ? millis / 86400000 : -((-millis + 86399999) / 86400000);
  std::int64_t in_day = millis - days * 86400000;
  CivilDate date = CivilFromDays(days);
  char text[40];
  std::snprintf(text, sizeof text, "%sT%02d:%02d:%02d.%03dZ", ToIsoString(date).c_str(),
                static_cast<int>(in_day / 3600000), static_cast<int>(in_day / 60000 % 60),
                static_cast<int>(in_day / 1000 % 60), static_cast<int>(in_day % 1000));
  return text;
}

}  // namespace sovhub
