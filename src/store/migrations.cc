// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/migrations.h"

#include "store/sqlite.h"

namespace sovhub::store {

Result<int> MigrateSqlite(Database& db, std::string_view now_iso) {
  SOVHUB_RETURN_IF_ERROR(
      db.Exec("CREATE TABLE IF NOT EXISTS gov_migrations (version INTEGER PRIMARY KEY, "
              "name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT"));
  SOVHUB_ASSIGN_OR_RETURN(std::int64_t current,
                          db.QueryInt64("SELECT coalesce(max(version), 0) FROM gov_migrations"));
  const auto& migrations = sqliteMigrations();
  int latest = migrations.empty() ? 0 : migrations.back().version;
  if (current > latest) {
    return Status::Corruption("database schema version " + std::to_string(current) +
                              " is newer than this sovhub (" + std::to_string(latest) + ")");
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= current) continue;
    SOVHUB_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db));
    SOVHUB_RETURN_IF_ERROR(db.Exec(migration.sql).WithContext(
        "migration " + std::string(migration.name)));
    SOVHUB_ASSIGN_OR_RETURN(
        Statement record,
        db.Prepare("INSERT INTO gov_migrations(version, name, applied_at) VALUES (?, ?, ?)"));
    SOVHUB_RETURN_IF_ERROR(record.BindInt64(1, migration.version));
    SOVHUB_RETURN_IF_ERROR(record.BindText(2, migration.name));
    SOVHUB_RETURN_IF_ERROR(record.BindText(3, now_iso));
    SOVHUB_RETURN_IF_ERROR(record.Run());
    SOVHUB_RETURN_IF_ERROR(txn.Commit());
    current = migration.version;
  }
  return static_cast<int>(current);
}

}  // namespace sovhub::store
