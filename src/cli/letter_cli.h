// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Pieces shared by the `sovhub letter` and `sovhub rights` commands
// (letter_commands.cc, letter_follow_up_commands.cc, rights_commands.cc).
#ifndef SOVHUB_CLI_LETTER_CLI_H_
#define SOVHUB_CLI_LETTER_CLI_H_

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/civil_date.h"
#include "letters/addressee.h"
#include "letters/document.h"
#include "letters/tracker.h"

namespace sovhub::cli {

// Today in the machine's local time zone: a citizen's deadline is a French
// calendar day, not a UTC one.
CivilDate LocalToday();

// An ISO date option; `text` empty gives `fallback`. InvalidArgument naming
// the option.
Result<CivilDate> DateOption(const std::string& option, const std::string& text, const CivilDate& fallback);

struct Paths {
  std::string tracker = letters::DefaultTrackerPath().string();
  std::string directory = letters::DefaultDirectoryPath().string();
  std::string out_dir;  // default: the tracker's folder
};
void AddTrackerOption(CLI::App* cmd, Paths& paths);
void AddDirectoryOption(CLI::App* cmd, Paths& paths);
void AddOutDirOption(CLI::App* cmd, Paths& paths);
std::filesystem::path OutDir(const Paths& paths);

// A full NIR given with --nir: nullopt when `text` is empty, else validated
// and canonical. The error never repeats the value.
Result<std::optional<std::string>> NirOption(const std::string& text);

// Writes `doc` as BASE.pdf and BASE.txt (mode 0600); returns the two paths.
Result<std::vector<std::string>> WriteDocument(const letters::Document& doc, const std::filesystem::path& base);

// Loads the tracker, runs `work` on letter `id` and, when it returns 0, saves
// the tracker. Errors name the file.
int WithLetter(const Paths& paths, int id, const std::function<int(letters::Tracker&, letters::Letter&)>& work);

// `sovhub letter remind|complaint|list|addressees` (letter_follow_up_commands.cc).
void AddLetterFollowUpCommands(CLI::App* letter, Action& action);

}  // namespace sovhub::cli

#endif  // SOVHUB_CLI_LETTER_CLI_H_
