// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The hub's rights desk commands, added under `sovhub rights` beside
// due-date and holidays (rights_desk_commands.cc).
#ifndef SOVHUB_CLI_RIGHTS_CLI_H_
#define SOVHUB_CLI_RIGHTS_CLI_H_

#include "cli/commands.h"

namespace sovhub::cli {

// new, show, list, check-identity, start, extend, answer, refuse, remind, export.
void AddRightsDeskCommands(CLI::App* rights, Action& action);

}  // namespace sovhub::cli

#endif  // SOVHUB_CLI_RIGHTS_CLI_H_
