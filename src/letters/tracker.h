// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The citizen's letter tracker: one JSON file on the citizen's own machine
// (./letters.json, or $SOVHUB_LETTERS, or --tracker), never on a hub. It holds
// the letters, their sending, answers, reminders and complaint (letter.h).
// Format in docs/letters.md; "format": "sovhub-letters/1".
//
// Written atomically (temporary file, fsync, rename, folder fsync) with mode
// 0600, since it holds a name, a birth date and an address. Save refuses any
// content in which a complete NIR appears, wherever it was typed: the NIR is
// printed in letters, never kept.
#ifndef SOVHUB_LETTERS_TRACKER_H_
#define SOVHUB_LETTERS_TRACKER_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "letters/letter.h"

namespace sovhub::letters {

struct Tracker {
  std::vector<Letter> letters;

  int NextId() const;         // 1 + the largest id
  Letter* Find(int id);       // nullptr when absent
  const Letter* Find(int id) const;
};

// The JSON text of `tracker` (stable key order, indented).
std::string TrackerToJson(const Tracker& tracker);

// InvalidArgument "letters[2].sent.date: ..." for a malformed file.
Result<Tracker> TrackerFromJson(std::string_view text);

// $SOVHUB_LETTERS when set, else "letters.json" (in the working folder).
std::filesystem::path DefaultTrackerPath();

// An absent file is an empty tracker; errors name the file.
Result<Tracker> LoadTracker(const std::filesystem::path& path);

// InvalidArgument when the JSON would contain a full NIR; IoError naming the
// file otherwise.
Status SaveTracker(const Tracker& tracker, const std::filesystem::path& path);

// Replaces `path` atomically with `content`, readable by its owner only
// (0600): the tracker, and the letters, which may print the NIR.
Status WritePrivateFile(const std::filesystem::path& path, std::string_view content);

}  // namespace sovhub::letters

#endif  // SOVHUB_LETTERS_TRACKER_H_
