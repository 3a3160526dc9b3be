// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/sandbox.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <mutex>
#include <span>
#include <system_error>
#include <utility>

#include "core/bytes.h"

namespace sovhub::store {
namespace {

// ---------------------------------------------------------------------------
// A read-only main database.
//
// SQLITE_OPEN_READONLY cannot be used: ATTACH opens the attached file with the
// connection's open flags, so scratch would be read-only too, and could not
// even be created. Instead the connection is opened read-write through this
// VFS, which forwards everything to the default VFS but opens every main
// database file read-only, as the open flag would, except while Open attaches
// a writable scratch. The pager then sees a read-only file (O_RDONLY), exactly
// as with SQLITE_OPEN_READONLY: main is read-only below the authorizer, and
// so would be any other file a statement managed to attach.

constexpr char kVfsName[] = "sovhub-sandbox";

// Set by the thread attaching a writable scratch, for the duration of that
// ATTACH only. Connections are used by one thread at a time.
thread_local bool tls_attaching_writable_scratch = false;

sqlite3_vfs* BaseVfs(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

int VfsOpen(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  if ((flags & SQLITE_OPEN_MAIN_DB) != 0 && !tls_attaching_writable_scratch) {
    flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
  }
  return BaseVfs(vfs)->xOpen(BaseVfs(vfs), name, file, flags, out_flags);
}
int VfsDelete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return BaseVfs(vfs)->xDelete(BaseVfs(vfs), name, sync_dir);
}
int VfsAccess(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return BaseVfs(vfs)->xAccess(BaseVfs(vfs), name, flags, out);
}
int VfsFullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return BaseVfs(vfs)->xFullPathname(BaseVfs(vfs), name, size, out);
}
// No shared library is ever loaded through a sandbox connection, whatever
// SQLite's own switches say.
void* VfsDlOpen(sqlite3_vfs*, const char*) { return nullptr; }
void VfsDlError(sqlite3_vfs*, int size, char* message) {
  sqlite3_snprintf(size, message, "extensions cannot be loaded in a workspace");
}
void (*VfsDlSym(sqlite3_vfs*, void*, const char*))(void) { return nullptr; }
void VfsDlClose(sqlite3_vfs*, void*) {}
int VfsRandomness(sqlite3_vfs* vfs, int size, char* out) {
  return BaseVfs(vfs)->xRandomness(BaseVfs(vfs), size, out);
}
int VfsSleep(sqlite3_vfs* vfs, int microseconds) {
  return BaseVfs(vfs)->xSleep(BaseVfs(vfs), microseconds);
}
int VfsCurrentTime(sqlite3_vfs* vfs, double* now) {
  return BaseVfs(vfs)->xCurrentTime(BaseVfs(vfs), now);
}
int VfsGetLastError(sqlite3_vfs* vfs, int size, char* message) {
  return BaseVfs(vfs)->xGetLastError(BaseVfs(vfs), size, message);
}
int VfsCurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* now) {
  return BaseVfs(vfs)->xCurrentTimeInt64(BaseVfs(vfs), now);
}

Status RegisterVfs() {
  static sqlite3_vfs vfs;
  static int rc = SQLITE_OK;
  static std::once_flag registered;
  std::call_once(registered, [] {
    sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
    if (base == nullptr) {
      rc = SQLITE_ERROR;
      return;
    }
    // Version 2 at most: the system-call overrides of version 3 are for
    // tests of SQLite itself.
    vfs.iVersion = std::min(base->iVersion, 2);
    vfs.szOsFile = base->szOsFile;
    vfs.mxPathname = base->mxPathname;
    vfs.zName = kVfsName;
    vfs.pAppData = base;
    vfs.xOpen = VfsOpen;
    vfs.xDelete = VfsDelete;
    vfs.xAccess = VfsAccess;
    vfs.xFullPathname = VfsFullPathname;
    vfs.xDlOpen = VfsDlOpen;
    vfs.xDlError = VfsDlError;
    vfs.xDlSym = VfsDlSym;
    vfs.xDlClose = VfsDlClose;
    vfs.xRandomness = VfsRandomness;
    vfs.xSleep = VfsSleep;
    vfs.xCurrentTime = VfsCurrentTime;
    vfs.xGetLastError = VfsGetLastError;
    if (vfs.iVersion >= 2) vfs.xCurrentTimeInt64 = VfsCurrentTimeInt64;
    rc = sqlite3_vfs_register(&vfs, /*makeDflt=*/0);
  });
  if (rc != SQLITE_OK) {
    return Status::Internal(std::string("cannot register the sandbox VFS: ") + sqlite3_errstr(rc));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// The authorizer's policy.

constexpr std::array<std::string_view, 7> kAllowedPragmas = {
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
    "foreign_key_list"};
constexpr char kAllowedPragmaList[] =
    "table_info, table_xinfo, table_list, index_list, index_info, index_xinfo, foreign_key_list";

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool IsTempSchemaTable(std::string_view table) {
  return EqualsIgnoreCase(table, "sqlite_temp_master") ||
         EqualsIgnoreCase(table, "sqlite_temp_schema");
}

bool IsSchemaTable(std::string_view table) {
  return EqualsIgnoreCase(table, "sqlite_master") || EqualsIgnoreCase(table, "sqlite_schema") ||
         IsTempSchemaTable(table);
}

// Why a function may not be called, or empty. Core SQLite has no file
// functions; the SQLite shell's are refused by name in case some build links
// them in.
std::string FunctionRefusal(std::string_view function) {
  std::string name(function);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name == "load_extension") {
    return "load_extension() is not allowed in a workspace: an extension runs native code on "
           "the server";
  }
  if (name == "readfile" || name == "writefile" || name == "edit" || name == "fsdir" ||
      name == "zipfile" || name == "lsmode") {
    return name + "() is not allowed in a workspace: SQL cannot touch the server's files";
  }
  if (name == "fts3_tokenizer") {
    // Debian's SQLite is built with SQLITE_ENABLE_FTS3_TOKENIZER, which
    // overrides the per-connection switch: the function returns and accepts
    // raw pointers, a known path to running arbitrary code.
    return "fts3_tokenizer() is not allowed in a workspace: it reads and writes memory "
           "addresses";
  }
  if (name == "eval") return "eval() is not allowed in a workspace";
  return "";
}

std::string WriteRefusal(std::string_view schema, bool read_only) {
  if (EqualsIgnoreCase(schema, "scratch")) {
    return read_only ? "the project is closed: its workspace is read-only" : "";
  }
  if (EqualsIgnoreCase(schema, "main")) {
    return "the extract tables (schema main) are read-only: create your own tables in scratch, "
           "e.g. CREATE TABLE scratch.t AS SELECT ...";
  }
  if (EqualsIgnoreCase(schema, "temp")) {
    return "the temp schema is not available in a workspace: use scratch, e.g. CREATE TABLE "
           "scratch.t AS SELECT ...";
  }
  return "schema " + std::string(schema) +
         " does not exist in a workspace: it has only main (the extract) and scratch";
}

std::string ReadRefusal(std::string_view schema) {
  if (EqualsIgnoreCase(schema, "main") || EqualsIgnoreCase(schema, "scratch")) return "";
  if (EqualsIgnoreCase(schema, "temp")) {
    return "the temp schema cannot be read in a workspace: it has only main (the extract) and "
           "scratch";
  }
  return "schema " + std::string(schema) +
         " cannot be read in a workspace: it has only main (the extract) and scratch";
}

// Statements whose compiled code writes rows of sqlite_master (ANALYZE
// creates sqlite_stat1).
bool ChangesSchema(std::string_view kind) {
  return kind == "CREATE" || kind == "DROP" || kind == "ALTER" || kind == "ANALYZE";
}

// Why the sandbox refuses one authorizer request, or empty. `kind` is the
// statement's first keyword; it is only trusted to relax what SQLite itself
// guards (direct writes to sqlite_master, which SQLite refuses anyway) or
// what holds nothing (the empty temp schema), so a statement that fools the
// keyword scan gains nothing.
std::string Refusal(int action, std::string_view arg1, std::string_view arg2,
                    std::string_view schema, std::string_view kind, bool read_only) {
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_RECURSIVE:
    case SQLITE_TRANSACTION:
    case SQLITE_SAVEPOINT:
      return "";
    case SQLITE_READ:
      // ALTER TABLE ... RENAME also rewrites references in the temp schema
      // (empty here): SQLite's bookkeeping, not the researcher's read.
      if (kind == "ALTER" && EqualsIgnoreCase(arg1, "sqlite_temp_master")) return "";
      if (schema.empty()) {
        // A table read for no column (SELECT count(*) FROM t) comes with the
        // schema as written, none when unqualified. Such a name is in main or
        // scratch: temp holds nothing but its schema table, refused by name.
        return IsTempSchemaTable(arg1) ? ReadRefusal("temp") : "";
      }
      return ReadRefusal(schema);
    case SQLITE_INSERT:
    case SQLITE_DELETE:
    case SQLITE_UPDATE:
      if (IsSchemaTable(arg1)) {
        // SQLite refuses a direct UPDATE or DELETE of sqlite_master before it
        // asks the authorizer (writable_schema is refused below, and is inert
        // in defensive mode). What does reach it are SQLite's own nested
        // statements: rows of CREATE, DROP and ALTER, and an UPDATE that is
        // compiled, never run, when a table-valued function such as
        // json_each() is first used. The write itself is then judged below
        // by its schema, as the statement's own action is.
        if (action == SQLITE_UPDATE) return "";
        if (!ChangesSchema(kind)) {
          return std::string(arg1) + " is SQLite's own schema table: it cannot be written";
        }
      }
      return WriteRefusal(schema, read_only);
    case SQLITE_CREATE_INDEX:
    case SQLITE_CREATE_TABLE:
    case SQLITE_CREATE_TRIGGER:
    case SQLITE_CREATE_VIEW:
    case SQLITE_DROP_INDEX:
    case SQLITE_DROP_TABLE:
    case SQLITE_DROP_TRIGGER:
    case SQLITE_DROP_VIEW:
    case SQLITE_REINDEX:
    case SQLITE_ANALYZE:
      return WriteRefusal(schema, read_only);
    case SQLITE_ALTER_TABLE:  // arg1 is the schema, arg2 the table
      return WriteRefusal(arg1, read_only);
    case SQLITE_CREATE_TEMP_INDEX:
    case SQLITE_CREATE_TEMP_TABLE:
    case SQLITE_CREATE_TEMP_TRIGGER:
    case SQLITE_CREATE_TEMP_VIEW:
    case SQLITE_DROP_TEMP_INDEX:
    case SQLITE_DROP_TEMP_TABLE:
    case SQLITE_DROP_TEMP_TRIGGER:
    case SQLITE_DROP_TEMP_VIEW:
      return WriteRefusal("temp", read_only);
    case SQLITE_CREATE_VTABLE:
    case SQLITE_DROP_VTABLE:
      return "virtual tables (CREATE VIRTUAL TABLE) are not allowed in a workspace: use ordinary "
             "tables in scratch";
    case SQLITE_ATTACH:
      // VACUUM works by attaching its target file (VACUUM INTO) or a
      // temporary one; refusing the ATTACH refuses the VACUUM.
      if (kind == "VACUUM") {
        return "VACUUM is not allowed in a workspace: VACUUM INTO would copy the extract to a "
               "file, and the workspace files are the hub's to maintain";
      }
      return "ATTACH is not allowed in a workspace: SQL reaches only the extract (main) and "
             "scratch, no other file";
    case SQLITE_DETACH:
      return "DETACH is not allowed in a workspace: main and scratch stay attached";
    case SQLITE_PRAGMA: {
      // The allowed PRAGMAs only report on a table or an index: "= value"
      // names that table as "(value)" would, it sets nothing.
      bool allowed = std::any_of(kAllowedPragmas.begin(), kAllowedPragmas.end(),
                                 [&](std::string_view name) {
                                   return EqualsIgnoreCase(arg1, name);
                                 });
      if (!allowed) {
        return "PRAGMA " + std::string(arg1) +
               " is not allowed in a workspace: a PRAGMA can change the connection or the "
               "files; the ones allowed only describe tables: " +
               kAllowedPragmaList;
      }
      return schema.empty() ? "" : ReadRefusal(schema);
    }
    case SQLITE_FUNCTION:  // arg2 is the function's name
      return FunctionRefusal(arg2);
    default:
      return "this statement is not allowed in a workspace (SQLite authorizer action " +
             std::to_string(action) + ")";
  }
}

// ---------------------------------------------------------------------------
// Statements.

struct FinalizeStatement {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

struct CloseConnection {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using ConnectionPtr = std::unique_ptr<sqlite3, CloseConnection>;

// The rest of `sql` after blanks, comments and empty statements.
std::string_view SkipBlanksAndComments(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i])) || sql[i] == ';') {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      std::size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.substr(i, 2) == "/*") {
      std::size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  return sql.substr(i);
}

// The first keyword of the statement at the start of `sql`, upper case,
// EXPLAIN [QUERY PLAN] skipped: "SELECT", "WITH", "CREATE"...
std::string StatementKind(std::string_view sql) {
  while (true) {
    sql = SkipBlanksAndComments(sql);
    std::size_t n = 0;
    while (n < sql.size() && std::isalpha(static_cast<unsigned char>(sql[n]))) ++n;
    std::string word(sql.substr(0, n));
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (n == 0 || (word != "EXPLAIN" && word != "QUERY" && word != "PLAN")) return word;
    sql.remove_prefix(n);
  }
}

std::string DescribeDuration(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 == 0) return std::to_string(duration.count() / 1000) + " s";
  return std::to_string(duration.count()) + " ms";
}

std::optional<std::string> RenderCell(sqlite3_stmt* stmt, int column) {
  switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_NULL:
      return std::nullopt;
    case SQLITE_BLOB: {
      const void* blob = sqlite3_column_blob(stmt, column);
      auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, column));
      return "x'" + ToHex({static_cast<const std::uint8_t*>(blob), blob == nullptr ? 0 : size}) +
             "'";
    }
    default: {
      // SQLite's own text rendering of integers and reals ("1.0", "2.5e+20").
      const unsigned char* text = sqlite3_column_text(stmt, column);
      auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, column));
      if (text == nullptr) return std::string();
      return std::string(reinterpret_cast<const char*>(text), size);
    }
  }
}

// `status` with " (note)" appended to its message, same code.
Status WithNote(const Status& status, std::string_view note) {
  std::string message = status.message() + " (" + std::string(note) + ")";
  switch (status.code()) {
    case StatusCode::kInvalidArgument: return Status::InvalidArgument(std::move(message));
    case StatusCode::kNotFound: return Status::NotFound(std::move(message));
    case StatusCode::kPermissionDenied: return Status::PermissionDenied(std::move(message));
    case StatusCode::kConflict: return Status::Conflict(std::move(message));
    case StatusCode::kCorruption: return Status::Corruption(std::move(message));
    case StatusCode::kIoError: return Status::IoError(std::move(message));
    case StatusCode::kUnavailable: return Status::Unavailable(std::move(message));
    case StatusCode::kOk:
    case StatusCode::kInternal: break;
  }
  return Status::Internal(std::move(message));
}

Status FromOpenCode(int rc, sqlite3* db, const std::string& what) {
  std::string message = what + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_CANTOPEN: return Status::NotFound(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Status::Corruption(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Status::Unavailable(message);
    default: return Status::IoError(message);
  }
}

// Progress handler period in virtual-machine instructions: a few tens of
// microseconds of work, so a statement overshoots its deadline by far less
// than a millisecond while reading the clock costs well under 1%.
constexpr int kProgressPeriod = 1000;
// The hub writes to a workspace (an opposition removes a person from every
// live extract); a reader waits this long for the write lock to clear.
constexpr int kBusyTimeoutMs = 5000;

}  // namespace

Result<std::unique_ptr<Sandbox>> Sandbox::Open(const std::filesystem::path& workspace_db,
                                               const std::filesystem::path& scratch_db,
                                               const SandboxLimits& limits) {
  // Absolute paths start with '/': SQLite (built with SQLITE_USE_URI on
  // Debian) never reads them as "file:" URIs.
  std::error_code error;
  std::filesystem::path workspace = std::filesystem::absolute(workspace_db, error);
  if (error) {
    return Status::IoError("cannot resolve " + workspace_db.string() + ": " + error.message());
  }
  std::filesystem::path scratch = std::filesystem::absolute(scratch_db, error);
  if (error) {
    return Status::IoError("cannot resolve " + scratch_db.string() + ": " + error.message());
  }
  if (!std::filesystem::is_regular_file(workspace, error)) {
    return Status::NotFound("workspace database not found: " + workspace.string());
  }
  if (limits.read_only && !std::filesystem::exists(scratch, error)) {
    // An empty file is an empty database: the closed project keeps an
    // (empty) scratch schema without a writable attach.
    std::ofstream create(scratch, std::ios::binary);
    if (!create) return Status::IoError("cannot create scratch database " + scratch.string());
  }

  SOVHUB_RETURN_IF_ERROR(RegisterVfs());
  sqlite3* raw = nullptr;
  // READWRITE|CREATE are the flags ATTACH inherits (scratch); the VFS opens
  // main read-only and never creates it.
  int rc = sqlite3_open_v2(workspace.c_str(), &raw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                               SQLITE_OPEN_PRIVATECACHE | SQLITE_OPEN_EXRESCODE,
                           kVfsName);
  ConnectionPtr db(raw);
  if (rc != SQLITE_OK) return FromOpenCode(rc, raw, "cannot open workspace " + workspace.string());
  if (sqlite3_db_readonly(db.get(), "main") != 1) {
    return Status::Internal("the workspace database was not opened read-only");
  }

  // Defensive mode: no writable_schema, no shadow-table writes. Extensions
  // off (the VFS cannot load a library either). Untrusted schema: functions
  // with side effects cannot run from views or triggers a researcher wrote.
  int settled = 0;
  const std::pair<int, int> kConfig[] = {
      {SQLITE_DBCONFIG_DEFENSIVE, 1},
      {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0},
      {SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0},
      {SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0},
  };
  for (auto [option, value] : kConfig) {
    if (sqlite3_db_config(db.get(), option, value, &settled) != SQLITE_OK || settled != value) {
      return Status::Internal("cannot configure the sandbox connection (option " +
                              std::to_string(option) + ")");
    }
  }
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  sqlite3_limit(db.get(), SQLITE_LIMIT_LENGTH, limits.max_value_bytes);

  {
    sqlite3_stmt* attach_raw = nullptr;
    rc = sqlite3_prepare_v2(db.get(), "ATTACH DATABASE ?1 AS scratch", -1, &attach_raw, nullptr);
    StatementPtr attach(attach_raw);
    if (rc == SQLITE_OK) {
      rc = sqlite3_bind_text(attach.get(), 1, scratch.c_str(), -1, SQLITE_TRANSIENT);
    }
    if (rc == SQLITE_OK) {
      tls_attaching_writable_scratch = !limits.read_only;
      rc = sqlite3_step(attach.get());
      tls_attaching_writable_scratch = false;
      if (rc == SQLITE_DONE) rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK) {
      return FromOpenCode(rc, db.get(), "cannot attach scratch database " + scratch.string());
    }
  }
  if (sqlite3_db_readonly(db.get(), "scratch") != (limits.read_only ? 1 : 0)) {
    return Status::IoError("scratch database " + scratch.string() + " is not " +
                           (limits.read_only ? "read-only" : "writable"));
  }
  // No further ATTACH can succeed even past the authorizer. SQLite checks
  // this limit only when attaching, so scratch stays attached.
  sqlite3_limit(db.get(), SQLITE_LIMIT_ATTACHED, 0);

  std::unique_ptr<Sandbox> sandbox(new Sandbox(db.release(), limits));
  sqlite3_set_authorizer(sandbox->db_, &Sandbox::Authorize, sandbox.get());
  sqlite3_progress_handler(sandbox->db_, kProgressPeriod, &Sandbox::CheckDeadline, sandbox.get());
  return sandbox;
}

Sandbox::~Sandbox() { sqlite3_close_v2(db_); }

int Sandbox::Authorize(void* self, int action, const char* arg1, const char* arg2,
                       const char* schema, const char* /*trigger_or_view*/) {
  auto* sandbox = static_cast<Sandbox*>(self);
  std::string refusal = Refusal(action, arg1 != nullptr ? arg1 : "", arg2 != nullptr ? arg2 : "",
                                schema != nullptr ? schema : "", sandbox->statement_kind_,
                                sandbox->limits_.read_only);
  if (refusal.empty()) return SQLITE_OK;
  if (sandbox->refusal_.empty()) sandbox->refusal_ = std::move(refusal);
  return SQLITE_DENY;
}

int Sandbox::CheckDeadline(void* self) {
  auto* sandbox = static_cast<Sandbox*>(self);
  if (std::chrono::steady_clock::now() < sandbox->deadline_) return 0;
  sandbox->timed_out_ = true;
  return 1;  // interrupts the statement
}

void Sandbox::BeginStatement(std::string_view sql) {
  statement_kind_ = StatementKind(sql);
  refusal_.clear();
  timed_out_ = false;
  deadline_ = std::chrono::steady_clock::now() + limits_.statement_time;
}

Status Sandbox::StatementError(int rc) const {
  if (!refusal_.empty()) return Status::PermissionDenied(refusal_);
  if (timed_out_) {
    return Status::Unavailable("statement stopped after " +
                               DescribeDuration(limits_.statement_time) + " (limit)");
  }
  std::string message = sqlite3_errmsg(db_);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable("the workspace is busy (the hub is writing to it), try again: " +
                                 message);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return Status::PermissionDenied(message);
    case SQLITE_TOOBIG:
      return Status::Unavailable(message + " (limit: " +
                                 std::to_string(limits_.max_value_bytes >> 20) +
                                 " MiB per value or row)");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(message);
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_NOMEM:
    case SQLITE_CANTOPEN:
      return Status::IoError(message);
    default:
      // "table sqlite_master may not be modified": SQLite's own refusal of a
      // write to its schema tables (or, in defensive mode, shadow tables).
      if (message.find("may not be modified") != std::string::npos) {
        return Status::PermissionDenied(message);
      }
      return Status::InvalidArgument(message);
  }
}

bool Sandbox::RollBackOpenTransaction() {
  if (sqlite3_get_autocommit(db_) != 0) return false;
  BeginStatement("ROLLBACK");
  deadline_ = std::chrono::steady_clock::time_point::max();
  (void)sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  return true;
}

Result<QueryResult> Sandbox::Query(std::string_view sql) {
  if (sql.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("the SQL text contains a NUL character");
  }
  if (sql.size() > static_cast<std::size_t>(sqlite3_limit(db_, SQLITE_LIMIT_SQL_LENGTH, -1))) {
    return Status::InvalidArgument("the SQL text is too long");
  }
  QueryResult result;
  const sqlite3_int64 changes_before = sqlite3_total_changes64(db_);
  Status failure;
  int number = 0;
  std::string_view rest = sql;
  while (!SkipBlanksAndComments(rest).empty() && failure.ok()) {
    ++number;
    BeginStatement(rest);
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, rest.data(), static_cast<int>(rest.size()), 0, &raw, &tail);
    StatementPtr stmt(raw);
    if (rc != SQLITE_OK) {
      failure = StatementError(rc);
      break;
    }
    if (tail == rest.data()) break;  // nothing left SQLite could read
    rest.remove_prefix(static_cast<std::size_t>(tail - rest.data()));
    if (stmt == nullptr) continue;  // only blanks or comments

    int columns = sqlite3_column_count(stmt.get());
    std::vector<std::vector<std::optional<std::string>>> rows;
    std::int64_t bytes = 0;
    while (true) {
      rc = sqlite3_step(stmt.get());
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        failure = StatementError(rc);
        break;
      }
      if (static_cast<std::int64_t>(rows.size()) >= limits_.max_rows) {
        failure = Status::Unavailable("result has more than " + std::to_string(limits_.max_rows) +
                                      " rows (limit); aggregate or add LIMIT");
        break;
      }
      std::vector<std::optional<std::string>>& row = rows.emplace_back();
      row.reserve(static_cast<std::size_t>(columns));
      for (int column = 0; column < columns; ++column) {
        row.push_back(RenderCell(stmt.get(), column));
        bytes += row.back().has_value() ? static_cast<std::int64_t>(row.back()->size()) : 0;
      }
      if (bytes > limits_.max_result_bytes) {
        failure = Status::Unavailable(
            "result is larger than " + std::to_string(limits_.max_result_bytes >> 20) +
            " MiB (limit); select fewer columns or rows, or aggregate");
        break;
      }
    }
    if (failure.ok() && columns > 0) {
      result.columns.clear();
      for (int column = 0; column < columns; ++column) {
        const char* name = sqlite3_column_name(stmt.get(), column);
        result.columns.emplace_back(name != nullptr ? name : "");
      }
      result.rows = std::move(rows);
    }
  }
  if (!failure.ok() && number > 1) {
    failure = failure.WithContext("statement " + std::to_string(number));
  }
  if (RollBackOpenTransaction()) {
    if (failure.ok()) {
      failure = Status::InvalidArgument(
          "a transaction was left open (BEGIN without COMMIT) and was rolled back: end it with "
          "COMMIT in the same query");
    } else {
      failure = WithNote(failure, "the open transaction was rolled back");
    }
  }
  if (!failure.ok()) return failure;
  result.rows_changed = sqlite3_total_changes64(db_) - changes_before;
  return result;
}

}  // namespace sovhub::store
