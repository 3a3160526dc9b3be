// SPDX-License-Identifier: AGPL-3.0-or-later
//
// `sovhub rights`: the statutory deadline of a rights request and the public
// holidays it skips (core/statutory_deadline.h). The rights desk's stored
// requests (`rights new`, `rights remind` and the rest) are in
// rights_desk_commands.cc.
#include <iostream>

#include "cli/exit_codes.h"
#include "cli/letter_cli.h"
#include "cli/rights_cli.h"
#include "core/statutory_deadline.h"

namespace sovhub::cli {
namespace {

// Why `day` is not a working day, in English.
std::string WhyNotWorking(const CivilDate& day, HolidayCalendar calendar) {
  for (const PublicHoliday& holiday : FrenchPublicHolidays(day.year, calendar)) {
    if (holiday.date == day) return std::string(holiday.name_en) + " (" + std::string(holiday.name_fr) + ")";
  }
  return IsoWeekday(day) == 6 ? "a Saturday" : "a Sunday";
}

void AddDueDate(CLI::App* rights, Action& action) {
  CLI::App* cmd = rights->add_subcommand("due-date", "Print the answer deadline of a request received on a day");
  struct Args {
    std::string received, calendar = "france";
    bool extended = false, explain = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("--received", args->received, "The day the request was received, YYYY-MM-DD")->required();
  cmd->add_flag("--extended", args->extended, "The deadline once extended: receipt + 3 months");
  cmd->add_option("--calendar", args->calendar, "Public holidays: france (default) or alsace-moselle");
  cmd->add_flag("--explain", args->explain, "Say how the date was reached");
  cmd->footer(
      "GDPR Art. 12(3): one month from receipt, extendable by two further months. Regulation\n"
      "1182/71: a day missing in the last month becomes that month's last day, and a period ending\n"
      "on a Saturday, Sunday or public holiday ends on the next working day. docs/rights.md.\n"
      "Examples:\n"
      "  sovhub rights due-date --received 2026-01-31             2026-03-02 (28 February is a Saturday)\n"
      "  sovhub rights due-date --received 2026-01-31 --extended  2026-04-30\n"
      "  sovhub rights due-date --received 2026-04-25 --explain   2026-05-26 (25 May is Whit Monday)");
  cmd->callback([=, &action] {
    action = [=] {
      auto received = DateOption("--received", args->received, CivilDate{});
      if (!received.ok()) return Fail(received.status());
      auto calendar = ParseHolidayCalendar(args->calendar);
      if (!calendar.ok()) return Fail(calendar.status().WithContext("--calendar"));
      const GdprDeadline deadline =
          GdprDueDate(*received, args->extended ? GdprPeriod::kExtended : GdprPeriod::kOneMonth, *calendar);
      std::cout << ToIsoString(deadline.due) << "\n";
      if (args->explain) {
        std::cout << "received " << ToIsoString(deadline.received) << " + " << (args->extended ? "3 months" : "1 month")
                  << " = " << ToIsoString(deadline.nominal) << "\n";
        for (CivilDate day = deadline.nominal; day < deadline.due; day = AddDays(day, 1)) {
          std::cout << ToIsoString(day) << " is " << WhyNotWorking(day, *calendar) << "\n";
        }
      }
      return kExitOk;
    };
  });
}

void AddHolidays(CLI::App* rights, Action& action) {
  CLI::App* cmd = rights->add_subcommand("holidays", "List a year's French public holidays");
  struct Args {
    int year = 0;
    std::string calendar = "france";
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("YEAR", args->year, "The year")->required()->check(CLI::Range(1583, 9999));
  cmd->add_option("--calendar", args->calendar, "france (default) or alsace-moselle (+ Good Friday, 26 December)");
  cmd->footer("Example:\n  sovhub rights holidays 2026 --calendar alsace-moselle");
  cmd->callback([=, &action] {
    action = [=] {
      auto calendar = ParseHolidayCalendar(args->calendar);
      if (!calendar.ok()) return Fail(calendar.status().WithContext("--calendar"));
      for (const PublicHoliday& holiday : FrenchPublicHolidays(args->year, *calendar)) {
        std::cout << ToIsoString(holiday.date) << "  " << holiday.name_fr << " / " << holiday.name_en << "\n";
      }
      return kExitOk;
    };
  });
}

}  // namespace

void AddRightsCommands(CLI::App& app, Action& action) {
  CLI::App* rights = app.add_subcommand(
      "rights", "Rights requests: the hub's desk (GDPR Arts. 15-18, 21), deadlines, public holidays");
  rights->require_subcommand(1);
  AddDueDate(rights, action);
  AddHolidays(rights, action);
  AddRightsDeskCommands(rights, action);
}

}  // namespace sovhub::cli
