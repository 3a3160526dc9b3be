// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The audit: for every suppressed cell, the smallest and largest value an
// attacker can infer from what is published — every published cell of every
// release at its value, every equation of every released table, suppressed
// cells >= 0 (and <= an assumed bound when one is given) — and whether that
// interval meets the cell's Protection.
//
// Exact intervals (AuditOptions::exact_intervals): two LPs per cell
// (minimise, maximise), each on the cell's connected component of unknown
// cells only (linked_system.h: exact, the other components are independent),
// loaded once per component; a 2-D table without hierarchies and without
// linked releases is audited as a network (network.h), which gives the same
// intervals without the LP solver. Proving (exact_intervals false): the
// prover (prover.h) shows for each sensitive cell two tables the attacker
// cannot rule out — a hypercube or a flow when one suffices, else the same
// component LPs — and fails a cell only on its exact interval.
//
// Linked releases: tables released from the same project share cells (the
// same codes of the same dimensions, the others at their totals, e.g. region
// A in a region × sex and in a region × age table); the audit puts all of
// them in one system, so that a pattern safe table by table but disclosive
// across them fails.
#ifndef SOVHUB_DOMAIN_DISCLOSURE_AUDIT_H_
#define SOVHUB_DOMAIN_DISCLOSURE_AUDIT_H_

#include <cstddef>
#include <vector>

#include "core/status.h"
#include "domain/disclosure/linear_program.h"
#include "domain/disclosure/primary.h"
#include "domain/disclosure/table.h"

namespace sovhub::disclosure {

// A table as released (or about to be): which of its cells are withheld.
// A previous release's withheld cells need no value.
struct Release {
  const Table* table = nullptr;
  const std::vector<bool>* suppressed = nullptr;  // one flag per cell
};

struct Interval {
  double lower = 0.0;
  double upper = 0.0;
};

struct CellAudit {
  std::size_t cell = 0;  // in the first release's table
  Interval interval;
  bool exact = true;          // false: proved at least this wide, not computed to the end
  bool is_protected = true;   // meets its Protection (always true for a non-sensitive cell)
};

struct AuditOptions {
  // false: stop working on a cell once its protection is proved (the
  // interval is then a lower bound on the true one); much faster.
  bool exact_intervals = true;
  // What an attacker may assume no cell exceeds; kUnbounded for nothing.
  double cell_upper_bound = kUnbounded;
  // Cells of the first table to audit; empty: every suppressed cell (exact
  // mode) or every suppressed sensitive cell (check mode).
  std::vector<std::size_t> cells;
};

struct AuditReport {
  std::vector<CellAudit> cells;
  std::vector<std::size_t> failing;  // sensitive cells whose interval is too narrow
  std::size_t linear_programs = 0;   // LPs solved (0 when audited as a network)
  bool ok() const { return failing.empty(); }
};

// Audits the first release against `protection` (one per cell of its table),
// with the other releases as what was published before. Internal when the
// published values contradict the equations (the input is inconsistent) or
// the solver fails.
Result<AuditReport> Audit(const std::vector<Release>& releases, const std::vector<Protection>& protection,
                          const AuditOptions& options, LpSolver& solver);

// Whether an attacker's interval around `value` meets `protection`.
bool MeetsProtection(const Interval& interval, double value, const Protection& protection);

}  // namespace sovhub::disclosure

#endif  // SOVHUB_DOMAIN_DISCLOSURE_AUDIT_H_
