// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Secondary suppression, proved by the audit. Protect() runs, in order:
//   1. a fast heuristic: for a 2-D table without hierarchies, for each
//      sensitive cell not yet protected, the cheapest cycle of cells (a
//      shortest path in the table's network, network.h) that lets it move by
//      its protection levels; for any other table (hierarchies, 3-D, 4-D) the
//      cheapest "hypercube" in one subtable (codes of the same parent, or a
//      top-level code and the total): 2^k cells whose alternating changes keep
//      every equation;
//   2. the audit (audit.h) of the pattern with every linked release;
//   3. repair: for each failing cell, the cheapest published cell whose
//      suppression makes it pass (tried in order of cost), else its cheapest
//      hypercube; audited again until every cell passes;
//   4. a pass that publishes again each secondary cell, largest first, when
//      the audit still passes without it (only the cells whose proof used it
//      are proved again, see prover.h).
// The cost of suppressing a cell is its value plus one (information loss,
// with a cell count tie-break).
#ifndef SOVHUB_DOMAIN_DISCLOSURE_SECONDARY_H_
#define SOVHUB_DOMAIN_DISCLOSURE_SECONDARY_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/disclosure/audit.h"
#include "domain/disclosure/linear_program.h"
#include "domain/disclosure/primary.h"
#include "domain/disclosure/table.h"

namespace sovhub::disclosure {

enum class CellStatus { kSafe, kPrimary, kSecondary };
std::string_view CellStatusName(CellStatus status);  // "safe", "primary", "secondary"

struct ProtectOptions {
  double cell_upper_bound = kUnbounded;  // see AuditOptions
  std::vector<bool> must_publish;        // cells never suppressed (may be empty)
  // Cells withheld from the start and never published again (may be
  // empty): a cell an earlier linked release withheld keeps that status
  // (ConsistentWithPrevious), or the attacker learns it from this table.
  std::vector<bool> must_suppress;
  bool drop_unneeded = true;             // step 4
  // Step 4 solves at most about this many linear programs (a component of a
  // large 3-D table costs ~0.1 s each); past it, a cell is published again
  // only when no LP is needed to prove it can be. Deterministic, unlike a
  // time limit.
  std::size_t drop_budget_lps = 500;
  std::size_t max_repair_rounds = 50;
  bool exact_final_audit = true;  // false: the final report proves, without exact intervals
};

struct ProtectResult {
  std::vector<CellStatus> status;  // per cell
  AuditReport audit;               // the final audit (with every linked release)
  std::size_t primary_cells = 0, secondary_cells = 0;
  double suppressed_total = 0.0;   // Σ value of suppressed cells (information loss)
  double secondary_total = 0.0;
  std::size_t heuristic_added = 0, repair_added = 0, dropped = 0;
  std::size_t linear_programs = 0;  // over every step
};

// Protects `table` (whose cells `protection` classifies) against the
// equations of the table and of `previous` releases. Unavailable when a
// sensitive cell cannot be protected (e.g. every cell that could protect it
// must be published); Internal on a solver failure.
Result<ProtectResult> Protect(const Table& table, const std::vector<Protection>& protection,
                              const std::vector<Release>& previous, const ProtectOptions& options,
                              LpSolver& solver);

// The cells of `table` that some release in `previous` withholds (the same
// cell by Table::CellKey): ProtectOptions::must_suppress for linked tables.
std::vector<bool> ConsistentWithPrevious(const Table& table, const std::vector<Release>& previous);

// A release made before, as the hub keeps it: its true values (the output
// as submitted), what its cells required, and which it withheld.
struct KeptRelease {
  std::string name;  // for messages, e.g. "output 3"
  const Table* table = nullptr;
  const std::vector<Protection>* protection = nullptr;
  const std::vector<bool>* suppressed = nullptr;
};

// Whether publishing `table` with `suppressed` keeps every sensitive cell of
// every kept release protected (the audit with that release first, the new
// table and the other kept releases as published). Unavailable naming the
// first release and cell that would be narrowed below its protection.
Status CheckKeptReleases(const Table& table, const std::vector<bool>& suppressed,
                         const std::vector<KeptRelease>& kept, double cell_upper_bound, LpSolver& solver);

// The repair loop (step 3) on a given pattern: adds suppressions until the
// audit passes. Returns the cells added.
Result<std::vector<std::size_t>> RepairPattern(const Table& table, const std::vector<Protection>& protection,
                                               const std::vector<Release>& previous,
                                               const ProtectOptions& options, std::vector<bool>& suppressed,
                                               LpSolver& solver);

// Step 4 on a pattern that passes the audit: publishes again each secondary
// cell (suppressed, not sensitive), largest first, when every sensitive cell
// is still protected without it. Returns how many were published again.
// InvalidArgument when the pattern does not pass the audit.
Result<std::size_t> DropUnneededSecondaries(const Table& table, const std::vector<Protection>& protection,
                                            const std::vector<Release>& previous, const ProtectOptions& options,
                                            std::vector<bool>& suppressed, LpSolver& solver);

// The naive baseline: while some line (an equation: a marginal and its parts)
// holds exactly one suppressed cell, suppress the smallest other cell of it.
// Returns the pattern (primaries included); not audited.
std::vector<bool> NaiveLinePattern(const Table& table, const std::vector<Protection>& protection);

// The cost of suppressing a cell (see the header comment).
double SuppressionCost(const CellData& cell);

}  // namespace sovhub::disclosure

#endif  // SOVHUB_DOMAIN_DISCLOSURE_SECONDARY_H_
