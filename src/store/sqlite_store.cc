// SPDX-License-Identifier: AGPL-3.0-or-later
//
// SQLite implementation of the store port.
#include <sqlite3.h>

#include <algorithm>
#include <set>
#include <variant>

#include "store/event_layer_sqlite.h"
#include "store/migrations.h"
#include "store/sqlite.h"
#include "store/sqlite_project_store.h"
#include "store/sqlite_registry_store.h"
#include "store/sqlite_release_store.h"
#include "store/sqlite_rights_store.h"
#include "store/store.h"

namespace sovhub::store {
namespace {

Status BindCell(Statement& stmt, int index, const schema::CellValue& value) {
  if (std::holds_alternative<std::int64_t>(value)) {
    return stmt.BindInt64(index, std::get<std::int64_t>(value));
  }
  if (std::holds_alternative<double>(value)) return stmt.BindDouble(index, std::get<double>(value));
  if (std::holds_alternative<std::string>(value)) {
    // The row outlives the statement's step: no copy.
    return stmt.BindTextNoCopy(index, std::get<std::string>(value));
  }
  return stmt.BindNull(index);
}

class SqliteRowInserter final : public RowInserter {
 public:
  SqliteRowInserter(Statement insert, std::size_t columns, std::int64_t batch_id)
      : insert_(std::move(insert)), columns_(columns), batch_id_(batch_id) {}

  Status Insert(std::span<const schema::CellValue> values) override {
    if (values.size() != columns_) {
      return Status::Internal("row has " + std::to_string(values.size()) + " values for " +
                              std::to_string(columns_) + " columns");
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      SOVHUB_RETURN_IF_ERROR(BindCell(insert_, static_cast<int>(i) + 1, values[i]));
    }
    SOVHUB_RETURN_IF_ERROR(insert_.BindInt64(static_cast<int>(columns_) + 1, batch_id_));
    Result<bool> step = insert_.Step();
    insert_.Reset();
    if (!step.ok()) return step.status();
    return Status::Ok();
  }

 private:
  Statement insert_;
  std::size_t columns_;
  std::int64_t batch_id_;
};

BatchRecord ReadBatch(const Statement& stmt) {
  BatchRecord record;
  record.id = stmt.ColumnInt64(0);
  record.source = stmt.ColumnText(1);
  record.content_hash = stmt.ColumnText(2);
  record.rows_read = stmt.ColumnInt64(3);
  record.rows_loaded = stmt.ColumnInt64(4);
  record.rows_quarantined = stmt.ColumnInt64(5);
  record.started_at = stmt.ColumnText(6);
  record.finished_at = stmt.ColumnText(7);
  record.manifest = stmt.ColumnText(8);
  return record;
}

constexpr std::string_view kBatchColumns =
    "id, source, content_hash, rows_read, rows_loaded, rows_quarantined, "
    "started_at, finished_at, manifest";

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(Database db)
      : db_(std::move(db)),
        registry_(MakeSqliteRegistryStore(db_)),
        projects_(MakeSqliteProjectStore(db_)),
        rights_(MakeSqliteRightsStore(db_)),
        releases_(MakeSqliteReleaseStore(db_)) {}

  RegistryStore& registry() override { return *registry_; }
  ProjectStore& projects() override { return *projects_; }
  RightsStore& rights() override { return *rights_; }
  ReleaseStore& releases() override { return *releases_; }

  Result<std::vector<std::pair<std::string, std::string>>> ListSourceTables() override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("SELECT name, schema_json FROM gov_tables ORDER BY name"));
    std::vector<std::pair<std::string, std::string>> tables;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return tables;
      tables.emplace_back(stmt.ColumnText(0), stmt.ColumnText(1));
    }
  }

  Status ScanTable(
      const std::string& table, const std::vector<std::string>& columns,
      const std::function<Status(std::span<const std::optional<std::string>>)>& visit) override {
    SOVHUB_ASSIGN_OR_RETURN(auto tables, ListSourceTables());
    if (std::none_of(tables.begin(), tables.end(),
                     [&](const auto& t) { return t.first == table; })) {
      return Status::NotFound("no source table " + table);
    }
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      sql += (i ? ", " : "") + QuoteIdentifier(columns[i]);
    }
    sql += " FROM " + QuoteIdentifier(table) + " ORDER BY rowid";
    auto stmt = db_.Prepare(sql);
    if (!stmt.ok()) return Status::NotFound("table " + table + ": " + stmt.status().message());
    std::vector<std::optional<std::string>> row(columns.size());
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool more, stmt->Step());
      if (!more) return Status::Ok();
      for (std::size_t i = 0; i < columns.size(); ++i) {
        int c = static_cast<int>(i);
        row[i] = stmt->ColumnIsNull(c) ? std::nullopt : std::optional(stmt->ColumnText(c));
      }
      SOVHUB_RETURN_IF_ERROR(visit(row));
    }
  }

  Result<std::vector<EventLayerCounts>> RebuildEventLayer() override {
    return RebuildEventLayerSqlite(db_);
  }

  Status Begin() override {
    if (in_transaction_) return Status::Internal("a transaction is already open");
    SOVHUB_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    in_transaction_ = true;
    return Status::Ok();
  }
  Status BeginRead() override {
    if (in_transaction_) return Status::Internal("a transaction is already open");
    // Deferred: the snapshot starts at the first read and takes no write lock.
    SOVHUB_RETURN_IF_ERROR(db_.Exec("BEGIN DEFERRED"));
    in_transaction_ = true;
    return Status::Ok();
  }
  Status Commit() override {
    if (!in_transaction_) return Status::Internal("no transaction to commit");
    SOVHUB_RETURN_IF_ERROR(db_.Exec("COMMIT"));
    in_transaction_ = false;
    return Status::Ok();
  }
  Status Rollback() override {
    if (!in_transaction_) return Status::Ok();
    in_transaction_ = false;
    return db_.Exec("ROLLBACK");
  }

  Result<std::optional<std::string>> GetHubValue(const std::string& key) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare("SELECT value FROM gov_hub WHERE key = ?"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, key));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(stmt.ColumnText(0));
  }

  Status SetHubValue(const std::string& key, const std::string& value) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("INSERT INTO gov_hub(key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, key));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, value));
    return stmt.Run();
  }

  Result<std::optional<JournalRecord>> LastJournalRecord() override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("SELECT seq, time, actor, action, object, details, prev_hash, hash "
                    "FROM gov_journal ORDER BY seq DESC LIMIT 1"));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<JournalRecord>();
    return std::optional<JournalRecord>(ReadJournal(stmt));
  }

  Status AppendJournalRecord(const JournalRecord& record) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("INSERT INTO gov_journal(seq, time, actor, action, object, details, "
                    "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, record.seq));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, record.time));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(3, record.actor));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(4, record.action));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(5, record.object));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(6, record.details));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(7, record.prev_hash));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(8, record.hash));
    return stmt.Run();
  }

  Status ScanJournal(const std::function<Status(const JournalRecord&)>& visit) override {
    // Read in rowid order, not seq order: a reordered journal must show up as
    // a broken chain, not be silently sorted back.
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("SELECT seq, time, actor, action, object, details, prev_hash, hash "
                    "FROM gov_journal ORDER BY rowid"));
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Status::Ok();
      SOVHUB_RETURN_IF_ERROR(visit(ReadJournal(stmt)));
    }
  }

  Status EnsureSource(const std::string& name, const std::string& now) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("INSERT INTO gov_sources(name, created_at) VALUES (?, ?) "
                    "ON CONFLICT(name) DO NOTHING"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, name));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, now));
    return stmt.Run();
  }

  Result<std::optional<std::string>> SourceTableSchemaHash(const std::string& table) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("SELECT schema_hash FROM gov_tables WHERE name = ?"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, table));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(stmt.ColumnText(0));
  }

  Status CreateSourceTable(const schema::TableSchema& schema, const std::string& schema_json,
                           const std::string& schema_hash, const std::string& now) override {
    // Created with the fields that carry a constraint (primary key, unique,
    // required); every other field is added by OpenInserter the first time a
    // delivery carries it. SQLite stores a byte per NULL column in every row,
    // and SNDS tables have up to 122 fields of which a delivery often fills a
    // third: columns that were never delivered cost nothing this way.
    std::string ddl = "CREATE TABLE " + QuoteIdentifier(schema.name) + " (\n";
    for (const schema::Field& field : schema.fields) {
      if (!NeedsColumnAtCreation(schema, field)) continue;
      ddl += "  " + QuoteIdentifier(field.name) + " " +
             std::string(SqliteColumnType(field.type));
      if (field.constraints.required) ddl += " NOT NULL";
      if (field.constraints.unique) ddl += " UNIQUE";
      ddl += ",\n";
    }
    // No REFERENCES clause: the batch row and its rows are written in one
    // transaction by the same code, and a foreign-key probe per row would cost
    // the bulk load more than it could protect.
    ddl += "  " + std::string(kBatchColumn) + " INTEGER NOT NULL";
    if (!schema.primary_key.empty()) {
      ddl += ",\n  PRIMARY KEY (";
      for (std::size_t i = 0; i < schema.primary_key.size(); ++i) {
        ddl += (i > 0 ? ", " : "") + QuoteIdentifier(schema.primary_key[i]);
      }
      ddl += ")";
    }
    ddl += "\n) STRICT";
    // sovhub_batch is not indexed: nothing reads rows by batch on a hot path
    // yet, and an index would add a B-tree insert to every row of every load.
    SOVHUB_RETURN_IF_ERROR(db_.Exec(ddl).WithContext("creating table " + schema.name));
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("INSERT INTO gov_tables(name, schema_json, schema_hash, created_at) "
                    "VALUES (?, ?, ?, ?)"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, schema.name));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, schema_json));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(3, schema_hash));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(4, now));
    return stmt.Run();
  }

  Result<std::int64_t> CountRows(const std::string& table) override {
    return db_.QueryInt64("SELECT count(*) FROM " + QuoteIdentifier(table));
  }

  Result<std::optional<BatchRecord>> FindBatch(const std::string& content_hash) override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt,
                            db_.Prepare("SELECT " + std::string(kBatchColumns) +
                                        " FROM gov_batches WHERE content_hash = ?"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, content_hash));
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<BatchRecord>();
    BatchRecord record = ReadBatch(stmt);
    SOVHUB_RETURN_IF_ERROR(ReadBatchTables(record));
    return std::optional<BatchRecord>(std::move(record));
  }

  Result<std::int64_t> ReserveBatch(const BatchRecord& record) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("INSERT INTO gov_batches(source, content_hash, rows_read, "
                    "rows_loaded, rows_quarantined, started_at, finished_at, manifest) "
                    "VALUES (?, ?, 0, 0, 0, ?, ?, '{}')"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, record.source));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(2, record.content_hash));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(3, record.started_at));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(4, record.started_at));
    SOVHUB_RETURN_IF_ERROR(stmt.Run());
    return db_.LastInsertRowId();
  }

  Status FinishBatch(const BatchRecord& record) override {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("UPDATE gov_batches SET rows_read = ?, rows_loaded = ?, rows_quarantined = ?, "
                    "finished_at = ?, manifest = ? WHERE id = ?"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, record.rows_read));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(2, record.rows_loaded));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(3, record.rows_quarantined));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(4, record.finished_at));
    SOVHUB_RETURN_IF_ERROR(stmt.BindText(5, record.manifest));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(6, record.id));
    SOVHUB_RETURN_IF_ERROR(stmt.Run());
    SOVHUB_ASSIGN_OR_RETURN(
        Statement part,
        db_.Prepare("INSERT INTO gov_batch_tables(batch_id, table_name, rows_read, rows_loaded, "
                    "rows_quarantined) VALUES (?, ?, ?, ?, ?)"));
    for (const BatchTableCounts& counts : record.tables) {
      SOVHUB_RETURN_IF_ERROR(part.BindInt64(1, record.id));
      SOVHUB_RETURN_IF_ERROR(part.BindText(2, counts.table_name));
      SOVHUB_RETURN_IF_ERROR(part.BindInt64(3, counts.rows_read));
      SOVHUB_RETURN_IF_ERROR(part.BindInt64(4, counts.rows_loaded));
      SOVHUB_RETURN_IF_ERROR(part.BindInt64(5, counts.rows_quarantined));
      SOVHUB_RETURN_IF_ERROR(part.Run());
    }
    return Status::Ok();
  }

  Result<std::vector<BatchRecord>> ListBatches() override {
    SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db_.Prepare("SELECT " + std::string(kBatchColumns) +
                                                        " FROM gov_batches ORDER BY id"));
    std::vector<BatchRecord> batches;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      batches.push_back(ReadBatch(stmt));
    }
    for (BatchRecord& batch : batches) SOVHUB_RETURN_IF_ERROR(ReadBatchTables(batch));
    return batches;
  }

  Result<std::unique_ptr<RowInserter>> OpenInserter(const schema::TableSchema& schema,
                                                   std::span<const int> field_indices,
                                                   std::int64_t batch_id) override {
    std::string sql = "INSERT INTO " + QuoteIdentifier(schema.name) + " (";
    std::string params;
    for (int index : field_indices) {
      if (index < 0 || index >= static_cast<int>(schema.fields.size())) {
        return Status::Internal("field index out of range");
      }
      sql += QuoteIdentifier(schema.fields[index].name) + ", ";
      params += "?, ";
    }
    sql += std::string(kBatchColumn) + ") VALUES (" + params + "?)";
    SOVHUB_RETURN_IF_ERROR(AddMissingColumns(schema, field_indices));
    SOVHUB_ASSIGN_OR_RETURN(Statement insert, db_.Prepare(sql));
    return std::unique_ptr<RowInserter>(
        new SqliteRowInserter(std::move(insert), field_indices.size(), batch_id));
  }

 private:
  static bool NeedsColumnAtCreation(const schema::TableSchema& schema, const schema::Field& field) {
    return field.constraints.required || field.constraints.unique ||
           std::find(schema.primary_key.begin(), schema.primary_key.end(), field.name) !=
               schema.primary_key.end();
  }

  // Adds the fields at `field_indices` that the table does not have yet, in
  // the caller's transaction.
  Status AddMissingColumns(const schema::TableSchema& schema, std::span<const int> field_indices) {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement info, db_.Prepare("SELECT name FROM pragma_table_info(?)"));
    SOVHUB_RETURN_IF_ERROR(info.BindText(1, schema.name));
    std::set<std::string> existing;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, info.Step());
      if (!row) break;
      existing.insert(info.ColumnText(0));
    }
    for (int index : field_indices) {
      const schema::Field& field = schema.fields[index];
      if (existing.count(field.name)) continue;
      SOVHUB_RETURN_IF_ERROR(db_.Exec("ALTER TABLE " + QuoteIdentifier(schema.name) +
                                      " ADD COLUMN " + QuoteIdentifier(field.name) + " " +
                                      std::string(SqliteColumnType(field.type))));
      existing.insert(field.name);
    }
    return Status::Ok();
  }

  Status ReadBatchTables(BatchRecord& record) {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("SELECT table_name, rows_read, rows_loaded, rows_quarantined "
                    "FROM gov_batch_tables WHERE batch_id = ? ORDER BY table_name"));
    SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(1, record.id));
    record.tables.clear();
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Status::Ok();
      record.tables.push_back({stmt.ColumnText(0), stmt.ColumnInt64(1), stmt.ColumnInt64(2),
                               stmt.ColumnInt64(3)});
    }
  }

  static JournalRecord ReadJournal(const Statement& stmt) {
    JournalRecord record;
    record.seq = stmt.ColumnInt64(0);
    record.time = stmt.ColumnText(1);
    record.actor = stmt.ColumnText(2);
    record.action = stmt.ColumnText(3);
    record.object = stmt.ColumnText(4);
    record.details = stmt.ColumnText(5);
    record.prev_hash = stmt.ColumnText(6);
    record.hash = stmt.ColumnText(7);
    return record;
  }

  Database db_;
  std::unique_ptr<RegistryStore> registry_;
  std::unique_ptr<ProjectStore> projects_;  // uses db_: declared after it
  std::unique_ptr<RightsStore> rights_;
  std::unique_ptr<ReleaseStore> releases_;
  bool in_transaction_ = false;
};

}  // namespace

std::string_view SqliteColumnType(schema::FieldType type) {
  switch (type) {
    case schema::FieldType::kInteger:
    case schema::FieldType::kBoolean:
    case schema::FieldType::kYear: return "INTEGER";
    case schema::FieldType::kNumber: return "REAL";
    case schema::FieldType::kAny: return "ANY";
    default: return "TEXT";
  }
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& path,
                                               const SqliteStoreOptions& options) {
  if (!options.create && !std::filesystem::exists(path)) {
    return Status::NotFound("no hub database at " + path.string());
  }
  OpenOptions open;
  open.create = options.create;
  open.cache_kib = options.cache_kib;
  SOVHUB_ASSIGN_OR_RETURN(Database db, Database::Open(path, open));
  SOVHUB_ASSIGN_OR_RETURN(int version, MigrateSqlite(db, options.now));
  (void)version;
  return std::unique_ptr<Store>(new SqliteStore(std::move(db)));
}

}  // namespace sovhub::store
