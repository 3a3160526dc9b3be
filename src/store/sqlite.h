// SPDX-License-Identifier: AGPL-3.0-or-later
//
// RAII owners of SQLite handles. Non-copyable, movable; every failure is a
// Status carrying SQLite's own message. Only src/store includes <sqlite3.h>.
#ifndef SOVHUB_STORE_SQLITE_H_
#define SOVHUB_STORE_SQLITE_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sovhub::store {

class Statement {
 public:
  Statement() = default;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. Text and blobs are copied.
  Status BindNull(int index);
  Status BindInt64(int index, std::int64_t value);
  Status BindDouble(int index, double value);
  Status BindText(int index, std::string_view value);
  // Binds without copying: `value` must stay valid until the statement is
  // reset or re-bound. For the ingest's hot loop.
  Status BindTextNoCopy(int index, std::string_view value);
  Status BindBlob(int index, const void* data, std::size_t size);

  // Runs one step: true when a row is available, false when done.
  Result<bool> Step();
  // Runs to completion, ignoring result rows.
  Status Run();
  // Makes the statement ready to run again (bindings are kept).
  void Reset();
  void ClearBindings();

  int ColumnCount() const;
  std::string ColumnName(int column) const;  // 0-based; as the query names it
  bool ColumnIsNull(int column) const;  // 0-based
  std::int64_t ColumnInt64(int column) const;
  double ColumnDouble(int column) const;
  std::string ColumnText(int column) const;
  std::string ColumnBlob(int column) const;
  // The blob without a copy: valid until the next Step, Reset or column call.
  std::string_view ColumnBlobView(int column) const;

  // The SQLite extended result code of the last failed step (0 if none).
  int last_error() const { return last_error_; }
  bool last_error_is_constraint() const;

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  Status BindResult(int rc, int index);

  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
  int last_error_ = 0;
};

struct OpenOptions {
  bool create = false;     // create the file when absent
  bool read_only = false;
  int busy_timeout_ms = 5000;
  // Page cache per connection. 256 MiB keeps the primary-key indexes of a
  // large batch in memory instead of re-reading their pages at every insert.
  int cache_kib = 256 * 1024;
  // Write-ahead log; false keeps a rollback journal (journal_mode=DELETE),
  // for files replaced by rename, whose stale -wal must never pair with a
  // new file (project workspaces).
  bool wal = true;
};

class Database {
 public:
  Database() = default;
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Opens (or creates) a database file in WAL mode with foreign keys on and
  // synchronous=FULL, so that a committed transaction survives power loss.
  static Result<Database> Open(const std::filesystem::path& path, const OpenOptions& options);

  Status Exec(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);
  std::int64_t LastInsertRowId() const;
  // A single integer from a query such as "SELECT count(*) FROM t".
  Result<std::int64_t> QueryInt64(std::string_view sql);

  const std::filesystem::path& path() const { return path_; }
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

// BEGIN IMMEDIATE on construction; rolls back on destruction unless committed.
class Transaction {
 public:
  static Result<Transaction> Begin(Database& db);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  Status Commit();
  Status Rollback();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

// Quotes an SQL identifier ("name", doubling inner quotes).
std::string QuoteIdentifier(std::string_view name);

}  // namespace sovhub::store

#endif  // SOVHUB_STORE_SQLITE_H_
