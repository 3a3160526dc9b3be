// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The SQL sandbox of a project workspace: researchers' SQL runs here and
// nowhere else. A workspace is two SQLite files seen through one connection:
//   main     workspace.db, the project's extract tables (OMOP person,
//            drug_exposure...), written by the hub and read-only here;
//   scratch  the researcher's own tables, created on first use, kept between
//            sessions, read-only too once the project is closed.
// Everything else SQLite could reach (other files through ATTACH or VACUUM
// INTO, extensions, state-changing PRAGMAs, the temp schema) is refused. What
// is refused and why, and the limits, are listed in docs/sandbox.md.
#ifndef SOVHUB_STORE_SANDBOX_H_
#define SOVHUB_STORE_SANDBOX_H_

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

struct sqlite3;

namespace sovhub::store {

struct SandboxLimits {
  // Wall-clock time of one statement (its preparation and all its steps).
  std::chrono::milliseconds statement_time{30000};
  // Rows one statement may return. A bigger result is an error, never
  // silently truncated: a researcher would otherwise analyse part of it.
  std::int64_t max_rows = 100000;
  // Bytes of the text rendering of one statement's result: 100000 rows of
  // wide text must not exhaust the hub's memory.
  std::int64_t max_result_bytes = std::int64_t{256} << 20;
  // Largest string, blob or table row SQLite may build (SQLITE_LIMIT_LENGTH).
  // SQLite's own default is 1 GB, so zeroblob(1e9) would allocate a gigabyte.
  int max_value_bytes = 64 << 20;
  // A closed project: the scratch schema is read-only too.
  bool read_only = false;
};

struct QueryResult {
  std::vector<std::string> columns;
  // Each cell as SQLite renders it as text (sqlite3_column_text: 1, 2.5,
  // 1.0e+20...), blobs as x'00ff' (lower-case hex); NULL is nullopt.
  std::vector<std::vector<std::optional<std::string>>> rows;
  // Rows inserted, updated or deleted by the query's INSERT, UPDATE and
  // DELETE statements (SQLite's total_changes; CREATE TABLE AS not counted).
  std::int64_t rows_changed = 0;
};

// One researcher's connection to one workspace. Not thread-safe: one thread
// at a time (a session's requests run in turn). Neither copyable nor movable.
class Sandbox {
 public:
  // Opens `workspace_db` read-only (no URI filename is ever interpreted: both
  // paths are made absolute) and attaches `scratch_db` as schema "scratch",
  // creating it when absent (an empty file when `limits.read_only`), before
  // the authorizer that guards every later statement is installed.
  // Errors: NotFound when `workspace_db` does not exist; IoError, Corruption
  // or Internal when SQLite cannot open or configure the files.
  static Result<std::unique_ptr<Sandbox>> Open(const std::filesystem::path& workspace_db,
                                               const std::filesystem::path& scratch_db,
                                               const SandboxLimits& limits);

  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;
  ~Sandbox();

  // Runs one or more ;-separated statements in order and returns the result
  // of the last one that produced columns (an empty result when none did).
  // Statements before a failing one keep their effect, as in sqlite3_exec;
  // a transaction (BEGIN...) still open at the end is rolled back, and that
  // is an error. Errors, each with a message meant for the researcher:
  //   PermissionDenied  the sandbox refuses the statement; the message says
  //                     what and why ("ATTACH is not allowed in a workspace...");
  //   Unavailable       a limit was reached: "statement stopped after 30 s
  //                     (limit)", "result has more than 100000 rows (limit);
  //                     aggregate or add LIMIT", the result's or a value's
  //                     size; or the workspace is busy (the hub is writing);
  //   InvalidArgument   an SQL error, with SQLite's message (prefixed with
  //                     "statement N: " from the second statement on);
  //   IoError, Corruption  the files failed.
  Result<QueryResult> Query(std::string_view sql);

 private:
  Sandbox(sqlite3* db, const SandboxLimits& limits) : db_(db), limits_(limits) {}

  // sqlite3_set_authorizer and sqlite3_progress_handler callbacks; `self` is
  // the Sandbox.
  static int Authorize(void* self, int action, const char* arg1, const char* arg2,
                       const char* schema, const char* trigger_or_view);
  static int CheckDeadline(void* self);

  // Sets the per-statement state before `sql` (the rest of the query) is
  // prepared: its kind, its deadline, no refusal or timeout yet.
  void BeginStatement(std::string_view sql);
  // The Status for SQLite result code `rc` of the current statement.
  Status StatementError(int rc) const;
  // Rolls back a transaction the query left open; true when there was one.
  bool RollBackOpenTransaction();

  sqlite3* db_;
  SandboxLimits limits_;
  // First keyword of the statement being prepared or run ("SELECT",
  // "CREATE"...); only refines messages and SQLite's own schema bookkeeping.
  std::string statement_kind_;
  std::string refusal_;  // why the authorizer refused, empty when it did not
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  bool timed_out_ = false;
};

}  // namespace sovhub::store

#endif  // SOVHUB_STORE_SANDBOX_H_
