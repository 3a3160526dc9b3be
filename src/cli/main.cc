// SPDX-License-Identifier: AGPL-3.0-or-later
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"

int main(int argc, char** argv) {
  CLI::App app{
      "sovhub: a sovereign health data hub. Data producers pseudonymise their files, the hub\n"
      "ingests them into a warehouse it alone can read, and every action is journaled.",
      "sovhub"};
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  sovhub demo                                  generate, pseudonymise and ingest 10,000 persons\n"
      "  sovhub nir check 255081416802538             validate social security numbers\n"
      "  sovhub init ./hub                            create a hub\n"
      "  sovhub ingest --hub ./hub --source cpam75 --table IR_BEN_R IR_BEN_R.csv\n"
      "  sovhub journal verify --hub ./hub            check the audit journal\n"
      "  sovhub registry register --hub ./hub --request req.json --receipt receipt.json\n"
      "                                               record an opposition, durably, with a receipt\n"
      "  sovhub receipt verify receipt.json --log-key \"$(cat hub/log.vkey)\" --nir NIR\n"
      "                                               check a receipt offline, without the hub\n"
      "  sovhub rights due-date --received 2026-01-31  the GDPR answer deadline (2026-03-02)\n"
      "  sovhub letter new --type opposition --to cpam-49 ...   your letter to a DPO, tracked\n"
      "\n"
      "Exit codes: 0 ok, 1 usage error, 2 input rejected, 3 internal error.\n"
      "Messages go to stderr, data to stdout. `sovhub COMMAND --help` explains each command.");
  sovhub::cli::Action action;
  sovhub::cli::AddDemoCommand(app, action);
  sovhub::cli::AddHubCommands(app, action);
  sovhub::cli::AddNirCommands(app, action);
  sovhub::cli::AddProducerCommands(app, action);
  sovhub::cli::AddTransparencyCommands(app, action);
  sovhub::cli::AddRegistryCommands(app, action);
  sovhub::cli::AddProjectCommands(app, action);
  sovhub::cli::AddDisclosureCommands(app, action);
  sovhub::cli::AddReleaseCommands(app, action);
  sovhub::cli::AddLetterCommands(app, action);
  sovhub::cli::AddRightsCommands(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    // CLI11 returns 0 for --help; any real parse error is a usage error.
    return code == 0 ? sovhub::cli::kExitOk : sovhub::cli::kExitUsage;
  }
  if (!action) return sovhub::cli::kExitUsage;
  return action();
}
