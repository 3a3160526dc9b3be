// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Files that are either entirely the old version or entirely the new one,
// whatever the moment of a crash: written to a temporary name beside the
// target, fsynced, renamed over it, and the folder fsynced so the rename
// itself survives a power loss.
#ifndef SOVHUB_FILES_ATOMIC_FILE_H_
#define SOVHUB_FILES_ATOMIC_FILE_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sovhub::files {

// Replaces `path` with `content` atomically (mode 0640 for a new file).
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content);

// The whole content of a file. InvalidArgument when it is larger than
// `max_bytes`; NotFound or IoError naming the file otherwise.
Result<std::string> ReadWholeFile(const std::filesystem::path& path, std::size_t max_bytes);

// Renames a complete, already fsynced `temp` over `path` and syncs the folder.
Status CommitRename(const std::filesystem::path& temp, const std::filesystem::path& path);

}  // namespace sovhub::files

#endif  // SOVHUB_FILES_ATOMIC_FILE_H_
