// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The synthetic data generator: a data producer's delivery of SNDS-shaped CSV
// files (beneficiaries, DCIR claims with pharmacy lines, PMSI MCO stays) for a
// made-up population, with plausible structure (age pyramid, departments
// including Corsica, overseas and births abroad, chronic conditions at
// realistic prevalence, consistent join keys) and a controlled share of
// defective rows for the ingest's quarantine to catch. `sovhub synth` and
// `sovhub demo` call Generate(); the folder layout is in src/synth/README.md.
//
// This is the producer's side: person columns hold raw NIRs, which the
// producer's pseudonymisation replaces with stage-1 identifiers before the hub
// sees anything.
#ifndef SOVHUB_SYNTH_SYNTH_H_
#define SOVHUB_SYNTH_SYNTH_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"

namespace sovhub::synth {

// Shares of persons with each chronic condition the generator models, over the
// whole population (all ages) unless said otherwise. They come from age-banded
// rates applied to the generated age pyramid, so a run shows them within
// sampling noise (about ±0.3 points at 20,000 persons).
inline constexpr double kType2DiabetesShare = 0.053;  // metformin A10BA02 monthly, E11x
inline constexpr double kHypertensionAdultShare = 0.22;  // of persons 18+; C09/C07/C08
inline constexpr double kAsthmaShare = 0.064;  // R03 inhalers, J45x

// The care window: every date of care lies in it, after birth and no later
// than death.
inline constexpr int kFirstCareYear = 2021;
inline constexpr int kLastCareYear = 2023;

struct SynthOptions {
  std::int64_t persons = 10000;  // 0 to 20,000,000
  std::uint64_t seed = 1;
  // Probability that a data row of an SNDS table is damaged (0 to 1).
  // identities.csv and IR_PHA_R.csv never are.
  double defect_rate = 0.002;
  // Called with the number of persons written so far, every 10,000 persons
  // and at the end (never twice with the same number); may be empty.
  std::function<void(std::int64_t persons_done)> progress;
};

// One damaged row. `kind` is "bad_nir_key", "bad_date", "truncated_line" or
// "wrong_type"; `line` is 1-based, line 1 being the header.
struct DefectRecord {
  std::string file;  // e.g. "ER_PRS_F.csv"
  std::int64_t line = 0;
  std::string kind;
};

struct FileSummary {
  std::string file;
  std::int64_t rows = 0;  // data rows, header excluded, damaged rows included
};

struct SynthSummary {
  // Every CSV written except defects.csv, in a fixed order.
  std::vector<FileSummary> files;
  // Sorted by file (in `files` order), then line.
  std::vector<DefectRecord> defects;
  std::int64_t persons = 0;
};

// Writes the delivery into `out_dir`, created with its parents if needed.
// Deterministic: the same options give byte-identical files (the progress
// callback aside), and a person's rows do not depend on how many persons
// follow. Memory does not grow with the number of rows.
// Errors: InvalidArgument for options out of range; Conflict when `out_dir`
// exists and is not an empty folder (nothing is written then); IoError when a
// file cannot be created or written, in which case `out_dir` holds partial
// files that the caller should remove.
Result<SynthSummary> Generate(const std::filesystem::path& out_dir,
                              const SynthOptions& options);

}  // namespace sovhub::synth

#endif  // SOVHUB_SYNTH_SYNTH_H_
