// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The data producer's tool (stage 1 of the pseudonym): reads SNDS-shaped CSV
// files whose person-identifier columns hold raw NIRs, and writes the same
// files with each NIR replaced by its stage-1 identifier,
//   HMAC-SHA256(K_source, canonical NIR ‖ birth date ‖ sex), 17 characters.
// Birth date and sex come from the producer's identity reference
// (identities.csv: NIR,BIRTH_DATE,SEX), as the health-insurance fund's own
// register gives them. OMOP CDM CSV files (person.csv, ...; see
// ingest/source_tables.h) are pseudonymised the same way, with
// person_source_value as one more identifier column.
//
// Raw NIRs live only in memory: a row whose NIR is invalid or unknown, or that
// holds a NIR anywhere outside an identifier column, is not written; it is
// reported in the rejects file by file, line and column, never by value.
// Output files are written to a temporary name and renamed when complete.
//
// A delivery folder may also hold FHIR R4 Bulk Data NDJSON files
// (Patient.ndjson, Encounter.ndjson, Condition.ndjson,
// MedicationDispense.ndjson, Procedure.ndjson): their Patients give their
// own birth date and sex, and fhir_pseudonymize.h says what is kept and
// rewritten. The identity reference is read only when there are CSV files.
#ifndef SOVHUB_PRODUCER_PSEUDONYMIZE_H_
#define SOVHUB_PRODUCER_PSEUDONYMIZE_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"

namespace sovhub::producer {

struct PseudonymizeOptions {
  std::filesystem::path key_file;    // K_source, mode 0600
  std::filesystem::path identities;  // empty: IN/identities.csv when IN is a folder
  std::vector<std::string> person_id_columns;
};

struct FileReport {
  std::filesystem::path input;
  std::filesystem::path output;
  std::int64_t rows_read = 0;
  std::int64_t rows_written = 0;
  std::int64_t rows_rejected = 0;
  // Why the file was not pseudonymised (and nothing written for it): an
  // NDJSON file of a resource type the hub does not take in. Empty otherwise.
  std::string skipped;
};

struct PseudonymizeReport {
  std::vector<FileReport> files;
  std::filesystem::path rejects;  // empty when nothing was rejected
  std::int64_t identifiers = 0;   // NIRs replaced
};

// IN and OUT are both files (CSV), or IN is a folder (every *.csv but the
// identities file, and every *.ndjson) and OUT a folder to create.
Result<PseudonymizeReport> Pseudonymize(const std::filesystem::path& in,
                                        const std::filesystem::path& out,
                                        const PseudonymizeOptions& options);

}  // namespace sovhub::producer

#endif  // SOVHUB_PRODUCER_PSEUDONYMIZE_H_
