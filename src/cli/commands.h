// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The command-line adapter: each command registers its CLI11 subcommand and
// runs by calling the Hub (or a producer-side library) and rendering the result.
#ifndef SOVHUB_CLI_COMMANDS_H_
#define SOVHUB_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace sovhub::hub {
class Hub;
}  // namespace sovhub::hub

namespace sovhub::cli {

// The action a parsed command runs; returns the process exit code.
using Action = std::function<int()>;

void AddNirCommands(CLI::App& app, Action& action);
void AddHubCommands(CLI::App& app, Action& action);     // init, ingest, batches, journal
void AddProducerCommands(CLI::App& app, Action& action);  // source keygen|pseudonymize, synth
void AddDemoCommand(CLI::App& app, Action& action);
void AddTransparencyCommands(CLI::App& app, Action& action);  // merkle, note
void AddRegistryCommands(CLI::App& app, Action& action);  // registry, log, receipt
void AddProjectCommands(CLI::App& app, Action& action);   // projects, cohort, extract, workspace
void AddDisclosureCommands(CLI::App& app, Action& action);  // disclosure protect
void AddReleaseCommands(CLI::App& app, Action& action);  // release submit|list|show|review|decide|export
void AddLetterCommands(CLI::App& app, Action& action);    // letter new|sent|answer|remind|complaint|list
void AddRightsCommands(CLI::App& app, Action& action);    // rights due-date|holidays|new|remind|export...

// Prints "sovhub: message" on stderr and returns the exit code for `status`.
int Fail(const Status& status);
// "sovhub: message" on stderr; exit code 1 (usage).
int Usage(const std::string& message);
// "sovhub: invalid: message" on stderr; exit code 2 (a check that failed).
int Invalid(const std::string& message);

// `--hub DIR`, defaulting to $SOVHUB_HUB, then "./sovhub-hub".
std::string DefaultHubDir();
void AddHubOption(CLI::App* command, std::string& hub_dir);

// Opens the hub in `hub_dir` and runs `work` on it; an opening failure is
// rendered by Fail().
int WithHub(const std::string& hub_dir, const std::function<int(hub::Hub&)>& work);
// Who runs the command, for the journal: $USER, else "operator".
std::string OperatorName();
// "a,b,,c" → {"a", "b", "c"}.
std::vector<std::string> SplitComma(const std::string& text);

// A decimal number from 0 to 2^64-1; InvalidArgument naming `option`.
Result<std::uint64_t> ParseUint64(const std::string& option, const std::string& text);

}  // namespace sovhub::cli

#endif  // SOVHUB_CLI_COMMANDS_H_
