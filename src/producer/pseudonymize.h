// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The data producer's tool (stage 1 of the pseudonym): reads SNDS-shaped CSV
// files whose person-identifier columns hold raw NIRs, and writes the same
// files with each NIR replaced by its stage-1 identifier,
//   HMAC-SHA256(K_source, canonical NIR ‖ birth date ‖ sex), 17 characters.
// Birth date and sex come from the producer's identity reference
// (identities.csv: NIR,BIRTH_DATE,SEX), as the health-insurance fund's own
// register gives them.
//
// Raw NIRs live only in memory: a row whose NIR is invalid or unknown, or that
// holds a NIR anywhere outside an identifier column, is not written; it is
// reported in the rejects file by file, line and column, never by value.
// Output files are written to a temporary name and renamed when complete.
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
};

struct PseudonymizeReport {
  std::vector<FileReport> files;
  std::filesystem::path rejects;  // empty when nothing was rejected
  std::int64_t identifiers = 0;   // NIRs replaced
};

// IN and OUT are both files, or IN is a folder (every *.csv but the
// identities file) and OUT a folder to create.
Result<PseudonymizeReport> Pseudonymize(const std::filesystem::path& in,
                                        const std::filesystem::path& out,
                                        const PseudonymizeOptions& options);

}  // namespace sovhub::producer

#endif  // SOVHUB_PRODUCER_PSEUDONYMIZE_H_
