// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ingest/batch.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "core/bytes.h"
#include "domain/nir.h"
#include "files/atomic_file.h"
#include "domain/stage1.h"
#include "ingest/csv_reader.h"
#include "ingest/fhir_flatten.h"
#include "ingest/fhir_r4.h"
#include "ingest/line_reader.h"
#include "ingest/schema_json.h"
#include "ingest/source_tables.h"

namespace sovhub::ingest {
namespace {

using nlohmann::json;

// Rows per queue item: large enough to amortise locking, small enough that
// the queue (kQueueDepth items) stays a few megabytes.
constexpr std::size_t kChunkRows = 2048;
constexpr std::size_t kQueueDepth = 8;

struct RowError {
  std::string field;
  std::string reason;   // the details, for the quarantine file
  std::string summary;  // how the batch summary groups it; empty: the reason's first clause
};

// One row on its way from the reader thread to the writer.
struct Row {
  int file = 0;
  std::int64_t line = 0;
  std::vector<schema::CellValue> values;  // in the file's column order; empty when rejected
  std::vector<RowError> errors;
};

struct Chunk {
  int table = 0;
  int file = 0;
  // rows[0, used) are this chunk's; the rest are kept for reuse.
  std::vector<Row> rows;
  std::size_t used = 0;
  std::int64_t bytes = 0;  // bytes read so far, for progress
};

// Chunks the writer has finished with, handed back to the reader so that the
// rows' memory is allocated and freed on the reader's thread only: the writer,
// the bottleneck, then never frees what another thread allocated.
class RecycleBin {
 public:
  void Put(Chunk chunk) {
    std::lock_guard lock(mutex_);
    if (free_.size() < kQueueDepth + 2) free_.push_back(std::move(chunk));
  }
  Chunk Take(int table, int file) {
    Chunk chunk;
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        chunk = std::move(free_.back());
        free_.pop_back();
      }
    }
    chunk.table = table;
    chunk.file = file;
    chunk.used = 0;
    chunk.bytes = 0;
    chunk.rows.reserve(kChunkRows);
    return chunk;
  }

 private:
  std::mutex mutex_;
  std::vector<Chunk> free_;
};

// A bounded single-producer, single-consumer queue of chunks.
class ChunkQueue {
 public:
  void Push(Chunk chunk) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < kQueueDepth || cancelled_; });
    if (cancelled_) return;
    items_.push_back(std::move(chunk));
    not_empty_.notify_one();
  }
  // Empty optional when the producer is done and the queue drained.
  std::optional<Chunk> Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || done_; });
    if (items_.empty()) return std::nullopt;
    Chunk chunk = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return chunk;
  }
  void Close(Status status) {
    std::lock_guard lock(mutex_);
    done_ = true;
    status_ = std::move(status);
    not_empty_.notify_all();
  }
  void Cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    not_full_.notify_all();
  }
  bool cancelled() {
    std::lock_guard lock(mutex_);
    return cancelled_;
  }
  Status status() {
    std::lock_guard lock(mutex_);
    return status_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Chunk> items_;
  bool done_ = false, cancelled_ = false;
  Status status_;
};

// Hashes the batch's content: table names, file names and bytes, each
// length-prefixed, so that the same delivery always has the same hash.
Result<std::string> ContentHash(const std::vector<TableInput>& tables,
                                std::int64_t& total_bytes) {
  crypto::Sha256Stream stream;
  stream.Update("sovhub-batch-v1");
  std::string buffer(1 << 20, '\0');
  total_bytes = 0;
  for (const TableInput& table : tables) {
    stream.Update(std::to_string(table.table.size()) + ":" + table.table);
    for (const std::filesystem::path& file : table.files) {
      std::string name = file.filename().string();
      stream.Update(std::to_string(name.size()) + ":" + name);
      std::error_code error;
      auto size = std::filesystem::file_size(file, error);
      if (error) return Status::NotFound("cannot read " + file.string() + ": " + error.message());
      stream.Update(std::to_string(size) + ":");
      std::ifstream in(file, std::ios::binary);
      if (!in) return Status::IoError("cannot open " + file.string());
      while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        stream.Update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
      }
      total_bytes += static_cast<std::int64_t>(size);
    }
  }
  return ToHex(stream.Finish());
}

struct PreparedTable {
  LoadedSchema loaded;
  TableOutcome outcome;
  // Per file: the schema field of each column (set by the reader before the
  // file's first chunk), and the writer's inserter for those columns only, so
  // that the fields a delivery leaves out cost nothing.
  std::vector<std::vector<int>> file_columns;
  std::vector<std::unique_ptr<store::RowInserter>> inserters;
};

// The reader thread's work: parse, validate, pseudonymise, hand over chunks.
class RowReader {
 public:
  RowReader(const BatchRequest& request, std::vector<PreparedTable>& tables,
            const crypto::HmacSha256& hub_key, ChunkQueue& queue, RecycleBin& bin,
            std::atomic<std::int64_t>& bytes)
      : request_(request), tables_(tables), hub_key_(hub_key), queue_(queue), bin_(bin),
        bytes_(bytes) {}

  Status Run() {
    for (std::size_t t = 0; t < request_.tables.size(); ++t) {
      int file_index = 0;
      const bool ndjson = FormatOf(request_.tables[t].table) == InputFormat::kNdjson;
      for (const auto& path : request_.tables[t].files) {
        SOVHUB_RETURN_IF_ERROR(ndjson ? ReadNdjsonFile(static_cast<int>(t), file_index++, path)
                                      : ReadFile(static_cast<int>(t), file_index++, path));
        if (queue_.cancelled()) return Status::Ok();
      }
    }
    return Status::Ok();
  }

 private:
  Status ReadFile(int t, int file_index, const std::filesystem::path& path) {
    const schema::TableSchema& schema = tables_[t].loaded.schema;
    SOVHUB_ASSIGN_OR_RETURN(CsvFileReader reader, CsvFileReader::Open(path));
    CsvParser::Record record;
    std::string error;
    SOVHUB_ASSIGN_OR_RETURN(bool has_header, reader.Next(record, error));
    if (!has_header) return Status::InvalidArgument(path.string() + ": the file is empty (no header)");
    if (!error.empty()) return Status::InvalidArgument(path.string() + ": line 1: " + error);
    std::vector<int> column_field(record.fields.size());
    std::vector<bool> seen(schema.fields.size(), false);
    for (std::size_t c = 0; c < record.fields.size(); ++c) {
      int f = schema.FieldIndex(record.fields[c]);
      if (f < 0) {
        return Status::InvalidArgument(path.string() + ": line 1: column \"" + record.fields[c] +
                                       "\" is not a field of " + schema.name + "'s Table Schema");
      }
      if (seen[f]) {
        return Status::InvalidArgument(path.string() + ": line 1: column \"" + record.fields[c] +
                                       "\" appears twice");
      }
      seen[f] = true;
      column_field[c] = f;
    }
    for (std::size_t f = 0; f < schema.fields.size(); ++f) {
      if (!seen[f] && schema.fields[f].constraints.required) {
        return Status::InvalidArgument(path.string() + ": line 1: required field " +
                                       schema.fields[f].name + " has no column");
      }
    }
    const std::size_t width = record.fields.size();
    tables_[t].file_columns[file_index] = column_field;
    Chunk chunk = bin_.Take(t, file_index);
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool more, reader.Next(record, error));
      if (!more) break;
      if (chunk.used == chunk.rows.size()) chunk.rows.emplace_back();
      Row& row = chunk.rows[chunk.used++];
      row.file = file_index;
      row.line = record.line;
      row.errors.clear();
      if (!error.empty()) {
        row.errors.push_back({"", "malformed quoting: " + error});
      } else if (record.fields.size() != width) {
        row.errors.push_back({"", "has " + std::to_string(record.fields.size()) +
                                      " fields; the header has " + std::to_string(width),
                              "wrong number of fields (truncated or extra)"});
      } else {
        row.values.resize(width);
        for (std::size_t c = 0; c < width; ++c) {
          const schema::Field& field = schema.fields[column_field[c]];
          const std::string& text = record.fields[c];
          // Only stage-1 identifiers may reach the hub: a raw NIR in any
          // column is refused.
          if (nir::LooksLikeNir(text)) {
            row.errors.push_back({field.name, "holds what looks like a raw NIR; only stage-1 "
                                              "identifiers may be delivered"});
            continue;
          }
          StoreCell(schema, field, text, field.name, row, row.values[c]);
        }
      }
      if (chunk.used == kChunkRows && !PushFull(chunk, reader.bytes_read(), t, file_index)) {
        return Status::Ok();
      }
    }
    FinishFile(chunk, reader.bytes_read());
    return Status::Ok();
  }

  // Casts one cell to its field's type into `out` and turns a stage-1
  // identifier into its pid (stage 2: HMAC-SHA256(K_hub, stage-1)); a cell
  // that breaks its schema becomes an error of `row` under `element`.
  void StoreCell(const schema::TableSchema& schema, const schema::Field& field, std::string_view text,
                 const std::string& element, Row& row, schema::CellValue& out) {
    Result<schema::CellValue> value = schema::CastCell(schema, field, text);
    if (!value.ok()) {
      row.errors.push_back({element, value.status().message()});
      return;
    }
    if (field.person_id && std::holds_alternative<std::string>(*value)) {
      char pid[pseudonym::kIdentifierLength];
      pseudonym::EncodeIdentifier(hub_key_.Compute(std::get<std::string>(*value)), pid);
      std::get<std::string>(*value).assign(pid, sizeof pid);
    }
    out = std::move(value).value();
  }

  // Hands a full chunk to the writer and takes a fresh one; false when the
  // writer has stopped (the reader then stops too).
  bool PushFull(Chunk& chunk, std::int64_t bytes_read, int t, int file_index) {
    chunk.bytes = bytes_read;
    bytes_.store(base_bytes_ + bytes_read, std::memory_order_relaxed);
    queue_.Push(std::move(chunk));
    if (queue_.cancelled()) return false;
    chunk = bin_.Take(t, file_index);
    return true;
  }

  // At the end of a file: its bytes counted, its last rows handed over.
  void FinishFile(Chunk& chunk, std::int64_t bytes_read) {
    base_bytes_ += bytes_read;
    bytes_.store(base_bytes_, std::memory_order_relaxed);
    if (chunk.used > 0) queue_.Push(std::move(chunk));
  }

  // One FHIR resource per line: flattened to the table's columns
  // (fhir_flatten.h), then cast and pseudonymised like a CSV row. Blank
  // lines are not rows.
  Status ReadNdjsonFile(int t, int file_index, const std::filesystem::path& path) {
    const schema::TableSchema& schema = tables_[t].loaded.schema;
    const std::string resource_type = ResourceTypeOfTable(schema.name);
    SOVHUB_ASSIGN_OR_RETURN(LineFileReader reader, LineFileReader::Open(path));
    std::vector<int> all_fields(schema.fields.size());
    for (std::size_t f = 0; f < all_fields.size(); ++f) all_fields[f] = static_cast<int>(f);
    tables_[t].file_columns[file_index] = all_fields;
    Chunk chunk = bin_.Take(t, file_index);
    std::string line;
    std::int64_t number = 0;
    std::vector<FlatCell> cells;
    std::vector<FlatProblem> problems;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool more, reader.Next(line, number));
      if (!more) break;
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      if (chunk.used == chunk.rows.size()) chunk.rows.emplace_back();
      Row& row = chunk.rows[chunk.used++];
      row.file = file_index;
      row.line = number;
      row.errors.clear();
      FlattenFhirLine(line, schema, resource_type, cells, problems);
      for (FlatProblem& problem : problems) {
        row.errors.push_back({std::move(problem.element), std::move(problem.reason)});
      }
      if (row.errors.empty()) {
        row.values.resize(schema.fields.size());
        for (std::size_t f = 0; f < schema.fields.size(); ++f) {
          const schema::Field& field = schema.fields[f];
          StoreCell(schema, field, cells[f].present ? std::string_view(cells[f].text) : std::string_view(),
                    cells[f].element, row, row.values[f]);
        }
      }
      if (chunk.used == kChunkRows && !PushFull(chunk, reader.bytes_read(), t, file_index)) {
        return Status::Ok();
      }
    }
    FinishFile(chunk, reader.bytes_read());
    return Status::Ok();
  }

  const BatchRequest& request_;
  std::vector<PreparedTable>& tables_;
  const crypto::HmacSha256& hub_key_;
  ChunkQueue& queue_;
  RecycleBin& bin_;
  std::atomic<std::int64_t>& bytes_;
  std::int64_t base_bytes_ = 0;
};

json OutcomeJson(const BatchOutcome& outcome, const BatchRequest& request) {
  json tables = json::array();
  for (std::size_t t = 0; t < outcome.tables.size(); ++t) {
    const TableOutcome& table = outcome.tables[t];
    json files = json::array();
    for (const auto& file : request.tables[t].files) files.push_back(file.string());
    json reasons = json::object();
    for (const auto& [reason, count] : table.reasons) reasons[reason] = count;
    tables.push_back({{"table", table.table},
                      {"files", files},
                      {"rows_read", table.rows_read},
                      {"rows_loaded", table.rows_loaded},
                      {"rows_quarantined", table.rows_quarantined},
                      {"quarantine_reasons", reasons}});
  }
  const char* status = outcome.kind == BatchOutcome::Kind::kLoaded          ? "loaded"
                       : outcome.kind == BatchOutcome::Kind::kAlreadyLoaded ? "already_loaded"
                                                                           : "rejected";
  json doc = {{"status", status},
              {"source", request.source},
              {"content_hash", outcome.content_hash},
              {"rows_read", outcome.rows_read},
              {"rows_loaded", outcome.rows_loaded},
              {"rows_quarantined", outcome.rows_quarantined},
              {"max_reject_rate", request.max_reject_rate < 0 ? 0.05 : request.max_reject_rate},
              {"tables", tables},
              {"seconds", outcome.seconds}};
  if (!outcome.event_layer.empty()) {
    json layer = json::array();
    for (const store::EventLayerCounts& counts : outcome.event_layer) {
      json entry = {{"table", counts.table},
                    {"rows", counts.rows},
                    {"source_rows", counts.source_rows}};
      if (!counts.note.empty()) entry["note"] = counts.note;
      layer.push_back(entry);
    }
    doc["event_layer"] = layer;
    doc["event_layer_seconds"] = outcome.event_layer_seconds;
  }
  if (outcome.batch_id != 0) doc["batch_id"] = outcome.batch_id;
  if (!outcome.rejection.empty()) doc["rejection"] = outcome.rejection;
  if (!outcome.quarantine_path.empty()) doc["quarantine_file"] = outcome.quarantine_path.string();
  return doc;
}

}  // namespace

Result<BatchOutcome> BatchIngester::Ingest(
    const BatchRequest& request, const std::function<void(const IngestProgress&)>& progress) {
  auto started = std::chrono::steady_clock::now();
  if (request.source.empty()) return Status::InvalidArgument("a batch needs a source name");
  if (request.tables.empty()) return Status::InvalidArgument("a batch needs at least one table");
  const double max_reject_rate = request.max_reject_rate < 0 ? 0.05 : request.max_reject_rate;
  BatchOutcome outcome;
  std::int64_t total_bytes = 0;
  SOVHUB_ASSIGN_OR_RETURN(outcome.content_hash, ContentHash(request.tables, total_bytes));
  std::string short_hash = outcome.content_hash.substr(0, 16);

  SOVHUB_ASSIGN_OR_RETURN(std::optional<store::BatchRecord> existing,
                          store_.FindBatch(outcome.content_hash));
  if (existing) {
    outcome.kind = BatchOutcome::Kind::kAlreadyLoaded;
    outcome.batch_id = existing->id;
    outcome.rows_read = existing->rows_read;
    outcome.rows_loaded = existing->rows_loaded;
    outcome.rows_quarantined = existing->rows_quarantined;
    for (const auto& part : existing->tables) {
      outcome.tables.push_back({part.table_name, part.rows_read, part.rows_loaded,
                                part.rows_quarantined, {}});
    }
    outcome.manifest_json = existing->manifest;
    return outcome;
  }

  std::vector<PreparedTable> tables(request.tables.size());
  for (std::size_t t = 0; t < request.tables.size(); ++t) {
    // sovhub's own tables (FHIR, OMOP CSV) carry their descriptor; the SNDS
    // ones are read from the configured folder.
    if (IsBuiltinTable(request.tables[t].table)) {
      SOVHUB_ASSIGN_OR_RETURN(tables[t].loaded, BuiltinTableSchema(request.tables[t].table));
    } else {
      SOVHUB_ASSIGN_OR_RETURN(tables[t].loaded,
                              LoadTableSchema(settings_.schemas_dir, request.tables[t].table,
                                              settings_.person_id_columns));
    }
    tables[t].outcome.table = request.tables[t].table;
    if (request.tables[t].files.empty()) {
      return Status::InvalidArgument("table " + request.tables[t].table + " has no file");
    }
  }

  std::filesystem::path batch_dir = settings_.batches_dir / short_hash;
  std::error_code fs_error;
  std::filesystem::create_directories(batch_dir, fs_error);
  if (fs_error) return Status::IoError("cannot create " + batch_dir.string());

  std::string now = clock_.NowIso();
  SOVHUB_RETURN_IF_ERROR(store_.Begin());
  // Any early return below rolls the whole batch back.
  struct RollbackGuard {
    store::Store& store;
    bool armed = true;
    ~RollbackGuard() {
      if (armed) (void)store.Rollback();
    }
  } guard{store_};

  SOVHUB_RETURN_IF_ERROR(store_.EnsureSource(request.source, now));
  for (PreparedTable& table : tables) {
    SOVHUB_ASSIGN_OR_RETURN(std::optional<std::string> hash,
                            store_.SourceTableSchemaHash(table.loaded.schema.name));
    if (!hash) {
      SOVHUB_RETURN_IF_ERROR(store_.CreateSourceTable(table.loaded.schema, table.loaded.json,
                                                      table.loaded.hash, now));
    } else if (*hash != table.loaded.hash) {
      return Status::Conflict("table " + table.loaded.schema.name +
                              " was created from another version of its Table Schema (" +
                              table.loaded.path.string() + " has changed)");
    }
  }
  store::BatchRecord record{.source = request.source, .content_hash = outcome.content_hash,
                            .started_at = now};
  SOVHUB_ASSIGN_OR_RETURN(record.id, store_.ReserveBatch(record));
  outcome.batch_id = record.id;
  for (std::size_t t = 0; t < tables.size(); ++t) {
    tables[t].file_columns.resize(request.tables[t].files.size());
    tables[t].inserters.resize(request.tables[t].files.size());
  }

  // Reader thread: parse, validate and hash. This thread: write.
  ChunkQueue queue;
  std::atomic<std::int64_t> bytes{0};
  RecycleBin bin;
  RowReader reader(request, tables, hub_key_, queue, bin, bytes);
  std::thread reader_thread([&] { queue.Close(reader.Run()); });
  struct JoinGuard {
    std::thread& thread;
    ChunkQueue& queue;
    ~JoinGuard() {
      queue.Cancel();
      while (queue.Pop()) {
      }
      if (thread.joinable()) thread.join();
    }
  } join_guard{reader_thread, queue};

  // Streamed to a temporary file: a large batch's quarantine never sits in memory.
  std::filesystem::path quarantine_temp = batch_dir / "quarantine.csv.tmp";
  std::unique_ptr<FILE, int (*)(FILE*)> quarantine_file(std::fopen(quarantine_temp.c_str(), "w"),
                                                       &std::fclose);
  if (quarantine_file == nullptr) return Status::IoError("cannot create " + quarantine_temp.string());
  std::string quarantine = "file,line,field,reason\n";
  std::vector<std::string> quarantine_fields(4);
  auto quarantine_row = [&](int t, const Row& row, const std::vector<RowError>& errors) {
    TableOutcome& table = tables[t].outcome;
    ++table.rows_quarantined;
    for (const RowError& error : errors) {
      quarantine_fields[0] = request.tables[t].files[row.file].string();
      quarantine_fields[1] = std::to_string(row.line);
      quarantine_fields[2] = error.field;
      quarantine_fields[3] = error.reason;
      AppendCsvRecord(quarantine_fields, quarantine);
      if (quarantine.size() > (1 << 16)) {
        std::fwrite(quarantine.data(), 1, quarantine.size(), quarantine_file.get());
        quarantine.clear();
      }
      // The summary groups by the reason's first clause ("not a valid date"),
      // the quarantine file keeps the details.
      std::string_view category(error.summary.empty() ? error.reason : error.summary);
      if (error.summary.empty()) {
        category = category.substr(0, std::min(category.find(':'), category.find(" (")));
      }
      ++table.reasons[(error.field.empty() ? "(row)" : error.field) + ": " + std::string(category)];
    }
  };

  std::int64_t rows_done = 0;
  auto last_report = std::chrono::steady_clock::now();
  while (std::optional<Chunk> chunk = queue.Pop()) {
    TableOutcome& table = tables[chunk->table].outcome;
    std::unique_ptr<store::RowInserter>& inserter = tables[chunk->table].inserters[chunk->file];
    if (inserter == nullptr) {
      // The queue's lock orders the reader's write of file_columns before this.
      SOVHUB_ASSIGN_OR_RETURN(inserter,
                              store_.OpenInserter(tables[chunk->table].loaded.schema,
                                                  tables[chunk->table].file_columns[chunk->file],
                                                  record.id));
    }
    for (std::size_t r = 0; r < chunk->used; ++r) {
      Row& row = chunk->rows[r];
      ++table.rows_read;
      if (!row.errors.empty()) {
        quarantine_row(chunk->table, row, row.errors);
        continue;
      }
      Status inserted = inserter->Insert(row.values);
      if (inserted.ok()) {
        ++table.rows_loaded;
      } else if (inserted.code() == StatusCode::kConflict) {
        quarantine_row(chunk->table, row, {{"", "breaks a unique or primary key constraint (" +
                                                    inserted.message() + ")"}});
      } else {
        return inserted;
      }
    }
    rows_done += static_cast<std::int64_t>(chunk->used);
    bin.Put(std::move(*chunk));
    auto now_tick = std::chrono::steady_clock::now();
    if (progress && now_tick - last_report > std::chrono::milliseconds(250)) {
      last_report = now_tick;
      progress({rows_done, bytes.load(std::memory_order_relaxed), total_bytes});
    }
  }
  SOVHUB_RETURN_IF_ERROR(queue.status());
  if (progress) progress({rows_done, total_bytes, total_bytes});

  for (PreparedTable& table : tables) {
    outcome.tables.push_back(table.outcome);
    outcome.rows_read += table.outcome.rows_read;
    outcome.rows_loaded += table.outcome.rows_loaded;
    outcome.rows_quarantined += table.outcome.rows_quarantined;
    double rate = table.outcome.rows_read == 0
                      ? 0.0
                      : static_cast<double>(table.outcome.rows_quarantined) /
                            static_cast<double>(table.outcome.rows_read);
    if (rate > max_reject_rate && outcome.rejection.empty()) {
      char text[200];
      std::snprintf(text, sizeof text,
                    "%s: %.2f%% of rows quarantined, above the limit of %.2f%%; nothing was loaded",
                    table.outcome.table.c_str(), 100 * rate, 100 * max_reject_rate);
      outcome.rejection = text;
    }
  }
  outcome.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (outcome.rows_quarantined > 0) {
    outcome.quarantine_path = batch_dir / "quarantine.csv";
    std::fwrite(quarantine.data(), 1, quarantine.size(), quarantine_file.get());
    if (std::fflush(quarantine_file.get()) != 0 || std::ferror(quarantine_file.get()) ||
        ::fsync(::fileno(quarantine_file.get())) != 0) {
      return Status::IoError("cannot write " + quarantine_temp.string());
    }
    quarantine_file.reset();
    SOVHUB_RETURN_IF_ERROR(files::CommitRename(quarantine_temp, outcome.quarantine_path));
  } else {
    quarantine_file.reset();
    std::filesystem::remove(quarantine_temp, fs_error);
  }
  outcome.manifest_path = batch_dir / "manifest.json";

  if (!outcome.rejection.empty()) {
    outcome.kind = BatchOutcome::Kind::kRejected;
    guard.armed = false;
    SOVHUB_RETURN_IF_ERROR(store_.Rollback());
    outcome.batch_id = 0;
    outcome.manifest_json = OutcomeJson(outcome, request).dump(2);
    SOVHUB_RETURN_IF_ERROR(files::WriteFileAtomically(outcome.manifest_path, outcome.manifest_json + "\n"));
    // The refusal itself is journaled, in a transaction of its own.
    SOVHUB_RETURN_IF_ERROR(store_.Begin());
    Result<store::JournalRecord> entry = journal_.Append(
        {request.actor, "batch.reject", "batch/" + short_hash,
         json({{"content_hash", outcome.content_hash}, {"source", request.source},
               {"reason", outcome.rejection}, {"rows_read", outcome.rows_read},
               {"rows_quarantined", outcome.rows_quarantined}})
             .dump()});
    if (!entry.ok()) {
      (void)store_.Rollback();
      return entry.status();
    }
    SOVHUB_RETURN_IF_ERROR(store_.Commit());
    SOVHUB_RETURN_IF_ERROR(journal_.AnchorHead());
    return outcome;
  }

  outcome.kind = BatchOutcome::Kind::kLoaded;
  // The event layer follows the source tables in the same transaction: a
  // reader never sees a batch without its OMOP rows.
  auto rebuild_started = std::chrono::steady_clock::now();
  SOVHUB_ASSIGN_OR_RETURN(outcome.event_layer, store_.RebuildEventLayer());
  outcome.event_layer_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - rebuild_started).count();
  outcome.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  outcome.manifest_json = OutcomeJson(outcome, request).dump(2);
  record.rows_read = outcome.rows_read;
  record.rows_loaded = outcome.rows_loaded;
  record.rows_quarantined = outcome.rows_quarantined;
  record.finished_at = clock_.NowIso();
  record.manifest = outcome.manifest_json;
  for (const TableOutcome& table : outcome.tables) {
    record.tables.push_back(
        {table.table, table.rows_read, table.rows_loaded, table.rows_quarantined});
  }
  SOVHUB_RETURN_IF_ERROR(store_.FinishBatch(record));
  std::string object = "batch/" + std::to_string(record.id);
  SOVHUB_RETURN_IF_ERROR(
      journal_
          .Append({request.actor, "key.use", "key/hub",
                   json({{"purpose", "stage-2 pseudonymisation (pid)"}, {"batch", record.id}}).dump()})
          .status());
  SOVHUB_RETURN_IF_ERROR(
      journal_
          .Append({request.actor, "batch.load", object,
                   json({{"source", request.source}, {"content_hash", outcome.content_hash},
                         {"rows_read", outcome.rows_read}, {"rows_loaded", outcome.rows_loaded},
                         {"rows_quarantined", outcome.rows_quarantined}})
                       .dump()})
          .status());
  if (outcome.rows_quarantined > 0) {
    SOVHUB_RETURN_IF_ERROR(
        journal_
            .Append({request.actor, "batch.quarantine", object,
                     json({{"rows", outcome.rows_quarantined},
                           {"file", outcome.quarantine_path.string()}})
                         .dump()})
            .status());
  }
  guard.armed = false;
  SOVHUB_RETURN_IF_ERROR(store_.Commit());
  SOVHUB_RETURN_IF_ERROR(journal_.AnchorHead());
  // The manifest is also in gov_batches: this file is a readable copy.
  SOVHUB_RETURN_IF_ERROR(files::WriteFileAtomically(outcome.manifest_path, outcome.manifest_json + "\n"));
  return outcome;
}

Result<BatchRequest> ReadBatchFolder(const std::filesystem::path& folder, const std::string& source) {
  BatchRequest request;
  request.source = source;
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) {
    return Status::NotFound(folder.string() + " is not a folder");
  }
  std::filesystem::path manifest = folder / "batch.json";
  if (std::filesystem::exists(manifest)) {
    std::ifstream in(manifest);
    try {
      json doc = json::parse(in);
      if (request.source.empty()) request.source = doc.value("source", "");
      if (!doc.contains("tables") || !doc["tables"].is_object()) {
        return Status::InvalidArgument(manifest.string() + ": \"tables\" must map table names to file lists");
      }
      for (const auto& [table, files] : doc["tables"].items()) {
        TableInput input{table, {}};
        for (const auto& file : files) input.files.push_back(folder / file.get<std::string>());
        request.tables.push_back(std::move(input));
      }
    } catch (const std::exception& e) {
      return Status::InvalidArgument(manifest.string() + ": " + e.what());
    }
  } else {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
      const auto extension = entry.path().extension();
      if (entry.is_regular_file() && (extension == ".csv" || extension == ".ndjson")) {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    // One table per name: a Bulk Data export may split a type over files.
    for (const auto& file : files) {
      if (file.extension() == ".ndjson" &&
          !fhir::IsSupportedResourceType(fhir::ResourceTypeOfFile(file))) {
        return Status::InvalidArgument(file.string() + ": FHIR resource type " +
                                       fhir::ResourceTypeOfFile(file) +
                                       " is not taken in (Patient, Encounter, Condition, "
                                       "MedicationDispense, Procedure)");
      }
      std::string table = TableOfFile(file);
      auto same = std::find_if(request.tables.begin(), request.tables.end(),
                               [&](const TableInput& input) { return input.table == table; });
      if (same == request.tables.end()) {
        request.tables.push_back({table, {file}});
      } else {
        same->files.push_back(file);
      }
    }
    if (request.tables.empty()) {
      return Status::InvalidArgument(folder.string() +
                                     " holds neither batch.json nor any .csv or .ndjson file");
    }
  }
  if (request.source.empty()) {
    return Status::InvalidArgument("no source name: pass --source or set \"source\" in batch.json");
  }
  return request;
}

}  // namespace sovhub::ingest
