// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Disclosure control of a submitted output (docs/releases.md, "Disclosure
// control"): the table read as `sovhub disclosure protect --count` reads it,
// the frequency rule, secondary suppression proved by the audit (GLPK), and
// what comes out of it: the protected table, the only form of the output
// that may leave, and the report the checkers review.
#ifndef SOVHUB_RELEASES_CONTROL_H_
#define SOVHUB_RELEASES_CONTROL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sovhub::releases {

// What a submission declares about its table.
struct OutputSpec {
  std::vector<std::string> dimensions;  // 1 to 4 columns
  std::string count_column;             // required
  std::string value_column;             // optional: a table of magnitudes
  std::int64_t threshold = 10;          // frequency rule: 0 < n < threshold is sensitive
};

struct ControlledOutput {
  // CSV: the dimensions, the value (empty when suppressed) and the status
  // (safe, primary, secondary) of every cell, marginals included. Holds no
  // suppressed value.
  std::string protected_csv;
  // JSON: the spec, the summary (cells, primary, secondary, audit_ok) and,
  // per suppressed cell, its codes, status, rule and audit interval (what
  // an attacker can infer: derived from the published cells, so it may
  // leave with the table).
  std::string report_json;
  std::size_t cells = 0, primary = 0, secondary = 0;
};

// InvalidArgument when the table does not parse (naming file, line and
// column) or a sensitive cell cannot be protected; Internal when the audit
// fails after protection (a bug) or the solver fails.
Result<ControlledOutput> ControlOutput(std::string_view csv, std::string_view file_name, const OutputSpec& spec);

}  // namespace sovhub::releases

#endif  // SOVHUB_RELEASES_CONTROL_H_
