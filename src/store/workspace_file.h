// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The hub's own operations on a project's workspace file (not the
// researcher's: those go through the Sandbox). Each opens its own connection.
#ifndef SOVHUB_STORE_WORKSPACE_FILE_H_
#define SOVHUB_STORE_WORKSPACE_FILE_H_

#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/status.h"
#include "store/project_store.h"

namespace sovhub::store {

// Deletes, in one transaction, every row whose person_id is one of
// `project_person_ids`, from every table of the workspace that has a
// person_id column. Returns the rows removed per table (tables with none
// left out).
Result<std::vector<ExtractTableCount>> PurgeWorkspace(const std::filesystem::path& workspace,
                                                      const std::vector<std::int64_t>& project_person_ids);

// The rows per table whose person_id is one of `project_person_ids` (tables
// with none left out); read-only.
Result<std::vector<ExtractTableCount>> FindPersonRows(const std::filesystem::path& workspace,
                                                      const std::vector<std::int64_t>& project_person_ids);

}  // namespace sovhub::store

#endif  // SOVHUB_STORE_WORKSPACE_FILE_H_
