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
#include <utility>
#include <vector>

#include "core/status.h"

namespace sovhub::releases {

// What a submission declares about its table.
struct OutputSpec {
  std::vector<std::string> dimensions;  // 1 to 4 columns
  std::string count_column;             // required
  std::string value_column;             // optional: a table of magnitudes
  std::int64_t threshold = 10;          // frequency rule: 0 < n < threshold is sensitive
  // A table of magnitudes: the columns holding each row's largest
  // contributions (largest first), and the dominance rules on them: the p%
  // rule (0: not applied) and (n,k) rules.
  std::vector<std::string> top_columns;
  double p_percent = 0;
  std::vector<std::pair<int, double>> dominance;
};

// InvalidArgument when the spec cannot be applied: no dimension or more
// than 4, no count, a magnitude table without its largest contributions or
// without a dominance rule, rules out of range.
Status CheckSpec(const OutputSpec& spec);

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
  std::vector<std::int64_t> linked;  // earlier outputs audited with this one
};

// An earlier output of the same project that may be (or has been)
// released: approved, or controlled and still in review.
struct EarlierOutput {
  std::int64_t id = 0;
  OutputSpec spec;
  std::string submitted_csv;  // the output as submitted: its true values
  std::string protected_csv;  // the protected table that may leave
};

// Linked outputs (docs/releases.md, "Outputs released together"): an
// earlier output publishing the same measure (same count or value column
// name, same kind) whose cells agree with this table wherever both have a
// cell is audited together with it: a cell it withheld is withheld here too,
// this table's sensitive cells are protected against everything both
// publish, and so is every sensitive cell of every earlier output. An
// earlier output whose true values differ on a shared cell counts something
// else (or an older extract): not linked, and the report says so.
//
// InvalidArgument when the table does not parse (naming file, line and
// column), a sensitive cell cannot be protected, or publishing the table
// would narrow a sensitive cell of an earlier output; Internal when the audit
// fails after protection (a bug), an earlier output no longer parses, or the
// solver fails.
Result<ControlledOutput> ControlOutput(std::string_view csv, std::string_view file_name, const OutputSpec& spec,
                                       const std::vector<EarlierOutput>& earlier = {});

}  // namespace sovhub::releases

#endif  // SOVHUB_RELEASES_CONTROL_H_
