// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/workspace_file.h"

#include <string>

#include "store/sqlite.h"

namespace sovhub::store {
namespace {

// The workspace's tables with a person_id column.
Result<std::vector<std::string>> PersonTables(Database& db) {
  SOVHUB_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT m.name FROM main.sqlite_schema m JOIN pragma_table_info(m.name) c "
                 "WHERE m.type = 'table' AND c.name = 'person_id' ORDER BY m.name"));
  std::vector<std::string> tables;
  while (true) {
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    tables.push_back(stmt.ColumnText(0));
  }
  return tables;
}

Status LoadIds(Database& db, const std::vector<std::int64_t>& ids) {
  SOVHUB_RETURN_IF_ERROR(db.Exec("CREATE TEMP TABLE IF NOT EXISTS wanted (person_id INTEGER PRIMARY KEY)"));
  SOVHUB_RETURN_IF_ERROR(db.Exec("DELETE FROM temp.wanted"));
  SOVHUB_ASSIGN_OR_RETURN(Statement insert, db.Prepare("INSERT OR IGNORE INTO temp.wanted VALUES (?)"));
  for (std::int64_t id : ids) {
    SOVHUB_RETURN_IF_ERROR(insert.BindInt64(1, id));
    SOVHUB_RETURN_IF_ERROR(insert.Run());
    insert.Reset();
  }
  return Status::Ok();
}

Result<std::vector<ExtractTableCount>> Visit(const std::filesystem::path& workspace,
                                             const std::vector<std::int64_t>& ids, bool remove) {
  if (!std::filesystem::exists(workspace)) return Status::NotFound("no workspace " + workspace.string());
  SOVHUB_ASSIGN_OR_RETURN(Database db, Database::Open(workspace, {.cache_kib = 16 * 1024, .wal = false}));
  SOVHUB_ASSIGN_OR_RETURN(Transaction transaction, Transaction::Begin(db));
  SOVHUB_RETURN_IF_ERROR(LoadIds(db, ids));
  SOVHUB_ASSIGN_OR_RETURN(std::vector<std::string> tables, PersonTables(db));
  std::vector<ExtractTableCount> counts;
  for (const std::string& table : tables) {
    const std::string where = " WHERE person_id IN (SELECT person_id FROM temp.wanted)";
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t rows,
                            db.QueryInt64("SELECT count(*) FROM main." + QuoteIdentifier(table) + where));
    if (rows == 0) continue;
    if (remove) SOVHUB_RETURN_IF_ERROR(db.Exec("DELETE FROM main." + QuoteIdentifier(table) + where));
    counts.push_back({table, rows});
  }
  SOVHUB_RETURN_IF_ERROR(db.Exec("DROP TABLE temp.wanted"));
  if (remove) {
    SOVHUB_RETURN_IF_ERROR(transaction.Commit());
  } else {
    SOVHUB_RETURN_IF_ERROR(transaction.Rollback());
  }
  return counts;
}

}  // namespace

Result<std::vector<ExtractTableCount>> PurgeWorkspace(const std::filesystem::path& workspace,
                                                      const std::vector<std::int64_t>& project_person_ids) {
  return Visit(workspace, project_person_ids, true);
}

Result<std::vector<ExtractTableCount>> FindPersonRows(const std::filesystem::path& workspace,
                                                      const std::vector<std::int64_t>& project_person_ids) {
  return Visit(workspace, project_person_ids, false);
}

}  // namespace sovhub::store
