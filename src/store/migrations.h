// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Numbered schema migrations (src/store/migrations/<backend>/NNN_name.sql),
// compiled into the binary. Each applies in its own transaction together with
// its row in gov_migrations, so any database climbs to the current schema in
// one pass and a crash leaves it at a whole version.
#ifndef SOVHUB_STORE_MIGRATIONS_H_
#define SOVHUB_STORE_MIGRATIONS_H_

#include <string_view>
#include <vector>

#include "core/status.h"

namespace sovhub::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& sqliteMigrations();

class Database;

// Applies every migration newer than the database's version. Returns the
// version reached. Corruption when the database is newer than this binary.
Result<int> MigrateSqlite(Database& db, std::string_view now_iso);

}  // namespace sovhub::store

#endif  // SOVHUB_STORE_MIGRATIONS_H_
