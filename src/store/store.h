// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The store port: everything the hub's services persist, as operations rather
// than SQL. Services call this interface; only src/store knows SQL. The SQLite
// implementation is the embedded default; a PostgreSQL one will implement the
// same interface.
//
// Thread-safety: a Store is used by one thread at a time.
#ifndef SOVHUB_STORE_STORE_H_
#define SOVHUB_STORE_STORE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/table_schema.h"
#include "store/project_store.h"
#include "store/registry_store.h"
#include "store/release_store.h"
#include "store/rights_store.h"

namespace sovhub::store {

struct JournalRecord {
  std::int64_t seq = 0;
  std::string time;
  std::string actor;
  std::string action;
  std::string object;
  std::string details;
  std::string prev_hash;
  std::string hash;
};

struct BatchTableCounts {
  std::string table_name;
  std::int64_t rows_read = 0;
  std::int64_t rows_loaded = 0;
  std::int64_t rows_quarantined = 0;
};

// One OMOP table after a rebuild of the event layer: `rows` written from
// `source_rows` source rows (the rest lacked a person, a stay or a date);
// `note` says why a transform wrote nothing (its source is absent).
struct EventLayerCounts {
  std::string table;
  std::int64_t rows = 0;
  std::int64_t source_rows = 0;
  std::string note;
};

struct BatchRecord {
  std::int64_t id = 0;
  std::string source;
  std::string content_hash;
  std::int64_t rows_read = 0;
  std::int64_t rows_loaded = 0;
  std::int64_t rows_quarantined = 0;
  std::string started_at;
  std::string finished_at;
  std::string manifest;  // JSON
  std::vector<BatchTableCounts> tables;
};

// Appends rows of one source table for one batch.
class RowInserter {
 public:
  virtual ~RowInserter() = default;
  // `values` follow the inserter's field order. Conflict (naming the constraint)
  // when the row breaks a unique or primary-key constraint; nothing is written
  // then and the inserter stays usable.
  virtual Status Insert(std::span<const schema::CellValue> values) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // One transaction at a time. Rollback is safe to call when none is open.
  virtual Status Begin() = 0;
  // A read-only snapshot (reads see one state of the database); end it with
  // Rollback.
  virtual Status BeginRead() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  virtual Result<std::optional<std::string>> GetHubValue(const std::string& key) = 0;
  virtual Status SetHubValue(const std::string& key, const std::string& value) = 0;

  // Journal: append-only, seq strictly increasing from 1.
  virtual Result<std::optional<JournalRecord>> LastJournalRecord() = 0;
  virtual Status AppendJournalRecord(const JournalRecord& record) = 0;
  virtual Status ScanJournal(const std::function<Status(const JournalRecord&)>& visit) = 0;

  virtual Status EnsureSource(const std::string& name, const std::string& now) = 0;

  // Source tables made from Table Schemas. The hash identifies the schema
  // version the table was created with.
  virtual Result<std::optional<std::string>> SourceTableSchemaHash(const std::string& table) = 0;
  virtual Status CreateSourceTable(const schema::TableSchema& schema, const std::string& schema_json,
                                   const std::string& schema_hash, const std::string& now) = 0;
  virtual Result<std::int64_t> CountRows(const std::string& table) = 0;

  virtual Result<std::optional<BatchRecord>> FindBatch(const std::string& content_hash) = 0;
  // Inserts the batch row with zero counts and returns its id; FinishBatch
  // records the counts (and the per-table counts), in the same transaction.
  virtual Result<std::int64_t> ReserveBatch(const BatchRecord& record) = 0;
  virtual Status FinishBatch(const BatchRecord& record) = 0;
  virtual Result<std::vector<BatchRecord>> ListBatches() = 0;

  // The source tables, with the Table Schema JSON each was created from.
  virtual Result<std::vector<std::pair<std::string, std::string>>> ListSourceTables() = 0;
  // Reads `columns` of every row of a source table, in storage order; NULL
  // cells are nullopt. Unknown tables or columns are NotFound.
  virtual Status ScanTable(
      const std::string& table, const std::vector<std::string>& columns,
      const std::function<Status(std::span<const std::optional<std::string>>)>& visit) = 0;

  // Rebuilds the OMOP event layer from the source tables, within the open
  // transaction (docs/omop.md states the transforms).
  virtual Result<std::vector<EventLayerCounts>> RebuildEventLayer() = 0;

  // The opposition registry and its log, on this store's connection and
  // within its transactions.
  virtual RegistryStore& registry() = 0;
  // Research projects and their extracts, on this store's connection.
  virtual ProjectStore& projects() = 0;
  // The rights desk's requests, and the reads of a person's rows.
  virtual RightsStore& rights() = 0;
  // The release workflow's outputs, reviews and decisions.
  virtual ReleaseStore& releases() = 0;

  // An inserter for the fields at `field_indices` (in that order); the other
  // fields get NULL.
  virtual Result<std::unique_ptr<RowInserter>> OpenInserter(const schema::TableSchema& schema,
                                                           std::span<const int> field_indices,
                                                           std::int64_t batch_id) = 0;
};

struct SqliteStoreOptions {
  bool create = false;
  // Applies pending migrations on open; `now` stamps them.
  std::string now;
  // SQLite page cache of the connection: with the ingest's queue, what bounds
  // its memory (see OpenOptions::cache_kib).
  int cache_kib = 256 * 1024;
};

// Opens the hub's SQLite database, creating and migrating it when asked.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& path,
                                               const SqliteStoreOptions& options);

// The SQL type a Table Schema field is stored as.
std::string_view SqliteColumnType(schema::FieldType type);

// Name of the provenance column added to every source table.
inline constexpr std::string_view kBatchColumn = "sovhub_batch";

}  // namespace sovhub::store

#endif  // SOVHUB_STORE_STORE_H_
