// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Batch ingestion: one delivery from a source (one or more tables, each one
// or more files: SNDS CSV, OMOP CSV, FHIR R4 NDJSON) validated row by row
// against the tables' Table Schemas (source_tables.h for the FHIR and OMOP
// ones), person identifiers turned into pids, and loaded in ONE transaction.
//
//  - A row that breaks its schema goes to the batch's quarantine file (file,
//    line, field, reason; never the value) and is not loaded.
//  - rows read = rows loaded + rows quarantined, per table and in total.
//  - A reject rate above the limit fails the batch: nothing is loaded.
//  - The same content (by SHA-256 of the files) loaded twice is a no-op.
//  - Streaming: a reader thread parses, validates and hashes while the
//    calling thread writes to the store; memory is bounded by the queue.
#ifndef SOVHUB_INGEST_BATCH_H_
#define SOVHUB_INGEST_BATCH_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "crypto/hmac_sha256.h"
#include "journal/journal.h"
#include "store/store.h"

namespace sovhub::ingest {

struct TableInput {
  std::string table;
  std::vector<std::filesystem::path> files;
};

struct BatchRequest {
  std::string source;
  std::vector<TableInput> tables;
  std::string actor = "operator";
  // Fraction of rows read, per table; negative: the hub's configured limit.
  double max_reject_rate = -1;
};

struct IngestSettings {
  std::filesystem::path schemas_dir;
  std::filesystem::path batches_dir;  // manifests and quarantine files go here
  std::vector<std::string> person_id_columns;
};

struct IngestProgress {
  std::int64_t rows = 0;
  std::int64_t bytes = 0;
  std::int64_t total_bytes = 0;
};

struct TableOutcome {
  std::string table;
  std::int64_t rows_read = 0;
  std::int64_t rows_loaded = 0;
  std::int64_t rows_quarantined = 0;
  // "FIELD: reason" -> number of cells, for the summary.
  std::map<std::string, std::int64_t> reasons;
};

struct BatchOutcome {
  enum class Kind { kLoaded, kAlreadyLoaded, kRejected };
  Kind kind = Kind::kLoaded;
  std::int64_t batch_id = 0;
  std::string content_hash;
  std::vector<TableOutcome> tables;
  std::int64_t rows_read = 0;
  std::int64_t rows_loaded = 0;
  std::int64_t rows_quarantined = 0;
  std::string rejection;  // why the batch was rejected (kRejected)
  std::filesystem::path quarantine_path;
  std::filesystem::path manifest_path;
  double seconds = 0;
  std::string manifest_json;
  // The OMOP event layer as rebuilt in the batch's transaction (kLoaded).
  std::vector<store::EventLayerCounts> event_layer;
  double event_layer_seconds = 0;  // part of `seconds`
};

class BatchIngester {
 public:
  BatchIngester(store::Store& store, journal::Journal& journal, Clock& clock,
                const crypto::HmacSha256& hub_key, IngestSettings settings)
      : store_(store), journal_(journal), clock_(clock), hub_key_(hub_key),
        settings_(std::move(settings)) {}

  // Errors (Status) are for input that cannot be read as a batch at all: a
  // missing file, an unknown table or column, an I/O failure. Row-level
  // problems are quarantined; too many of them give a kRejected outcome.
  Result<BatchOutcome> Ingest(const BatchRequest& request,
                              const std::function<void(const IngestProgress&)>& progress);

 private:
  store::Store& store_;
  journal::Journal& journal_;
  Clock& clock_;
  const crypto::HmacSha256& hub_key_;
  IngestSettings settings_;
};

// Reads a batch folder: `batch.json` ({"source": "...", "tables": {"T": ["f.csv", ...]}})
// when present, otherwise every `*.csv` and `*.ndjson` file in the folder,
// each to the table source_tables.h's TableOfFile names ("IR_BEN_R.csv" →
// IR_BEN_R, "person.csv" → OMOPSRC_PERSON, "Patient.ndjson" →
// FHIR_PATIENT; several files of one table are one input). InvalidArgument
// for an NDJSON file of a resource type the hub does not take in. `source`
// may be empty when batch.json names it.
Result<BatchRequest> ReadBatchFolder(const std::filesystem::path& folder, const std::string& source);

}  // namespace sovhub::ingest

#endif  // SOVHUB_INGEST_BATCH_H_
