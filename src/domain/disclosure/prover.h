// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The audit in "prove" mode, incremental: for each suppressed sensitive cell
// it looks for two tables the attacker cannot rule out (witnesses: they keep
// every published cell and every equation of every release, and no cell
// below zero or above the assumed bound), one with the cell high enough, one
// low enough. Each witness is found by the cheapest sound argument first:
//   1. a flat 2-D table (one release, no bound): a flow in its network
//      (rectangles first), exact, and nothing else;
//   2. a hypercube of suppressed cells through the cell (one release only;
//      its moves are checked to keep the equations, KeepsEquations());
//   3. else the exact LPs (minimise, maximise the cell) restricted to the
//      cell's component of unknown cells (linked_system.h), loaded once per
//      component and pattern, whose optima are witnesses for other cells too.
// A cell fails only on the exact answer (flow or LP), never on a cheap one.
// The prover remembers which cells each proof's witnesses change, so that
// publishing a cell again (the drop pass) needs to re-prove only the cells
// whose witnesses changed it: a witness that leaves a cell at its true value
// stays a witness when that cell is published.
#ifndef SOVHUB_DOMAIN_DISCLOSURE_PROVER_H_
#define SOVHUB_DOMAIN_DISCLOSURE_PROVER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "domain/disclosure/audit.h"
#include "domain/disclosure/linear_program.h"
#include "domain/disclosure/linked_system.h"
#include "domain/disclosure/network.h"
#include "domain/disclosure/primary.h"
#include "domain/disclosure/table.h"

namespace sovhub::disclosure {

class Prover {
 public:
  // `table` is released with `suppressed`, after the `previous` releases;
  // all of them, `protection` and `solver` must outlive the prover. Internal
  // when the published cells contradict an equation.
  static Result<std::unique_ptr<Prover>> Make(const Table& table, std::vector<bool> suppressed,
                                              const std::vector<Protection>& protection,
                                              const std::vector<Release>& previous, double cell_upper_bound,
                                              LpSolver& solver);

  const std::vector<bool>& suppressed() const { return suppressed_; }
  bool has_linked_releases() const { return !single_release_; }
  // Whether a linked release publishes the cell (withholding it here hides nothing).
  bool PublishedElsewhere(std::size_t cell) const {
    return suppressed_[cell] && linked_.published(linked_.GlobalOfFirst(cell));
  }
  void SetSuppressed(std::size_t cell, bool suppressed);

  // Proves one suppressed cell (a non-sensitive one passes at once). When
  // it passes, its witnesses replace the ones remembered for it. The
  // interval is what the witnesses show (inside the true interval), or the
  // exact interval when the cell fails. Internal on a solver failure.
  Result<CellAudit> Prove(std::size_t cell);

  // Proves every suppressed sensitive cell (or `cells` when not empty).
  Result<AuditReport> ProveAll(const std::vector<std::size_t>& cells = {});

  // The suppressed sensitive cells whose remembered witnesses change `cell`.
  std::vector<std::size_t> ProofsUsing(std::size_t cell) const;

  std::size_t linear_programs() const { return linear_programs_; }

  // false: Prove() solves no LP; a cell that needs one counts as failing
  // (conservative: used once the drop pass has spent its budget).
  void AllowLinearPrograms(bool allow) { lp_allowed_ = allow; }

 private:
  Prover(const Table& table, std::vector<bool> suppressed, const std::vector<Protection>& protection,
         const std::vector<Release>& previous, double cell_upper_bound, LpSolver& solver);

  // A witness: how far the cell goes, and the first table's cells it changes.
  struct Witness {
    double reach = 0.0;
    std::vector<std::size_t> support;
  };
  struct Witnesses {
    Witness high, low;  // high.reach: the rise; low.reach: the fall
    bool exact = false;
  };
  std::optional<Witnesses> FromHypercube(std::size_t cell);
  Witnesses FromNetwork(std::size_t cell);
  Result<Witnesses> FromComponentLp(std::size_t cell);
  Status LoadComponent(std::size_t global);
  Result<Witness> SolveComponent(int variable, LpSense sense);
  bool Enough(std::size_t cell, const Witnesses& w) const;
  void Remember(std::size_t cell, const Witnesses& w);

  const Table& table_;
  std::vector<bool> suppressed_;
  const std::vector<Protection>& protection_;
  const bool single_release_;
  const double cell_upper_bound_;
  LpSolver& solver_;
  LinkedSystem linked_;
  std::optional<FlatNetwork> network_;
  std::size_t version_ = 0;  // of the pattern; a loaded component is valid for one
  std::size_t linear_programs_ = 0;
  bool lp_allowed_ = true;

  // The component loaded in the solver, and the LP optima seen on it.
  struct Loaded {
    std::size_t version = static_cast<std::size_t>(-1);
    std::unordered_map<std::size_t, int> variable_of;  // global cell → variable
    std::vector<std::size_t> globals;
    std::vector<double> seen_low, seen_high;  // per variable, over the witnesses below
    std::vector<int> low_witness, high_witness;  // index in `witnesses`, -1: the true table
    std::vector<std::vector<std::size_t>> witnesses;  // each optimum's support
  } loaded_;

  std::vector<std::vector<std::size_t>> proof_of_;     // per cell: sorted support of its proof
  std::vector<std::vector<std::size_t>> dependents_;   // per cell: proofs that may use it
};

}  // namespace sovhub::disclosure

#endif  // SOVHUB_DOMAIN_DISCLOSURE_PROVER_H_
