// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The JSON form of a cohort definition (docs/cohort.md states the grammar and
// the meaning):
//
//   {"version": 1,
//    "population": {"all": [{"any": [{"condition": {"icd10": ["E11*"]}},
//                                    {"drug": {"atc": ["A10B*"], "min_count": 2}}]},
//                           {"demographics": {"age": {"min": 18}}}]},
//    "washout_days": 365}
//
// Reading is strict, so that a definition means one thing: unknown and
// duplicate keys, wrong types, empty lists, invalid codes, dates or ranges are
// refused. Thread-safe (no shared state).
#ifndef SOVHUB_COHORT_COHORT_JSON_H_
#define SOVHUB_COHORT_COHORT_JSON_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"
#include "domain/cohort.h"

namespace sovhub::cohort {

// A definition is a few kilobytes; anything bigger is a mistake or an attack.
inline constexpr std::size_t kMaxJsonBytes = 1 << 20;
// JSON nesting (objects and arrays) accepted before the criteria are read:
// twice kMaxDepth (a criterion is an object holding an array or an object)
// with room for the leaves.
inline constexpr int kMaxJsonDepth = 2 * kMaxDepth + 8;

// Reads a definition. Every error is InvalidArgument "path: reason", with the
// JSON path of the offending value, e.g.
//   population.all[2].drug.atc[0]: "A1O" is not an ATC code
//   population.condition.icdl0: unknown key (expected icd10, window, min_count)
//   population.any[0]: malformed JSON at line 3, column 7: syntax error ...
// The result passes Validate (domain/cohort.h).
Result<Definition> ParseCohort(std::string_view json);

// The canonical text of a definition: compact JSON, keys sorted, codes in
// canonical form (ICD-10 without dot), "version", "washout_days",
// "follow_up_days" and every "min_count" written out, absent optional fields
// and unbounded windows left out. Its SHA-256 is the manifest's "cohort
// definition hash": two texts that read to the same Definition have the same
// canonical text. List order is kept (it is part of the definition).
// ParseCohort(CanonicalJson(d)) == d for every d that passes Validate.
std::string CanonicalJson(const Definition& definition);

}  // namespace sovhub::cohort

#endif  // SOVHUB_COHORT_COHORT_JSON_H_
