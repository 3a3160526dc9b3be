// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/sqlite.h"

#include <sqlite3.h>

#include <mutex>
#include <utility>

namespace sovhub::store {
namespace {

Status FromCode(int rc, sqlite3* db, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  switch (primary) {
    case SQLITE_CONSTRAINT: return Status::Conflict(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Status::Unavailable(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Status::Corruption(message);
    case SQLITE_CANTOPEN: return Status::NotFound(message);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH: return Status::PermissionDenied(message);
    case SQLITE_ERROR:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE: return Status::InvalidArgument(message);
    default: return Status::IoError(message);
  }
}

}  // namespace

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), db_(other.db_), last_error_(other.last_error_) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
    db_ = other.db_;
    last_error_ = other.last_error_;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Status Statement::BindResult(int rc, int index) {
  if (rc == SQLITE_OK) return Status::Ok();
  return FromCode(rc, db_, "binding parameter " + std::to_string(index));
}

Status Statement::BindNull(int index) { return BindResult(sqlite3_bind_null(stmt_, index), index); }
Status Statement::BindInt64(int index, std::int64_t value) {
  return BindResult(sqlite3_bind_int64(stmt_, index, value), index);
}
Status Statement::BindDouble(int index, double value) {
  return BindResult(sqlite3_bind_double(stmt_, index, value), index);
}
Status Statement::BindText(int index, std::string_view value) {
  return BindResult(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                                        SQLITE_UTF8),
                    index);
}
Status Statement::BindTextNoCopy(int index, std::string_view value) {
  return BindResult(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC,
                                        SQLITE_UTF8),
                    index);
}
Status Statement::BindBlob(int index, const void* data, std::size_t size) {
  return BindResult(sqlite3_bind_blob64(stmt_, index, size == 0 ? "" : data, size, SQLITE_TRANSIENT),
                    index);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  last_error_ = sqlite3_extended_errcode(db_);
  Status status = FromCode(last_error_, db_, "statement failed");
  sqlite3_reset(stmt_);
  return status;
}

Status Statement::Run() {
  while (true) {
    SOVHUB_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) break;
  }
  sqlite3_reset(stmt_);
  return Status::Ok();
}

void Statement::Reset() { sqlite3_reset(stmt_); }
void Statement::ClearBindings() { sqlite3_clear_bindings(stmt_); }
int Statement::ColumnCount() const { return sqlite3_column_count(stmt_); }

std::string Statement::ColumnName(int column) const {
  const char* name = sqlite3_column_name(stmt_, column);
  return name != nullptr ? name : "";
}
bool Statement::ColumnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::int64_t Statement::ColumnInt64(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::ColumnDouble(int column) const { return sqlite3_column_double(stmt_, column); }
std::string Statement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}
std::string Statement::ColumnBlob(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  if (blob == nullptr) return "";
  return std::string(static_cast<const char*>(blob),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}
std::string_view Statement::ColumnBlobView(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  if (blob == nullptr) return {};
  return {static_cast<const char*>(blob), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}
bool Statement::last_error_is_constraint() const {
  return (last_error_ & 0xff) == SQLITE_CONSTRAINT;
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Database::~Database() { sqlite3_close_v2(db_); }

Result<Database> Database::Open(const std::filesystem::path& path, const OpenOptions& options) {
  // SQLite's memory statistics take a global mutex on every allocation; the
  // hub does not read them. Must run before SQLite initialises itself.
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  Database db;
  db.path_ = path;
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  flags |= options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (options.create && !options.read_only) flags |= SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &db.db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status status = FromCode(rc, db.db_, "cannot open database " + path.string());
    return status;
  }
  sqlite3_busy_timeout(db.db_, options.busy_timeout_ms);
  // Extensions are never loaded; defensive mode refuses writes that could
  // corrupt the file through PRAGMA writable_schema and the like.
  sqlite3_db_config(db.db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  if (!options.read_only) {
    SOVHUB_RETURN_IF_ERROR(db.Exec(options.wal ? "PRAGMA journal_mode=WAL" : "PRAGMA journal_mode=DELETE"));
    // FULL: a commit is durable once acknowledged (WAL fsync at each commit).
    SOVHUB_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous=FULL"));
  }
  SOVHUB_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys=ON"));
  SOVHUB_RETURN_IF_ERROR(db.Exec("PRAGMA cache_size=-" + std::to_string(options.cache_kib)));
  return db;
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    return FromCode(rc, nullptr, message).WithContext("SQL failed");
  }
  return Status::Ok();
}

Result<Statement> Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return FromCode(rc, db_, "cannot prepare statement");
  return Statement(stmt, db_);
}

std::int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

Result<std::int64_t> Database::QueryInt64(std::string_view sql) {
  SOVHUB_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
  SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Status::NotFound("query returned no row");
  return stmt.ColumnInt64(0);
}

Result<Transaction> Transaction::Begin(Database& db) {
  SOVHUB_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (db_ == nullptr) return Status::Internal("transaction already finished");
  Status status = db_->Exec("COMMIT");
  if (status.ok()) db_ = nullptr;
  return status;
}

Status Transaction::Rollback() {
  if (db_ == nullptr) return Status::Internal("transaction already finished");
  Status status = db_->Exec("ROLLBACK");
  db_ = nullptr;
  return status;
}

std::string QuoteIdentifier(std::string_view name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

}  // namespace sovhub::store
