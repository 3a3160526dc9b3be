// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/audit.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <unordered_map>

#include "domain/disclosure/linked_system.h"
#include "domain/disclosure/network.h"
#include "domain/disclosure/prover.h"

namespace sovhub::disclosure {
namespace {

// Relative tolerance of the comparisons against protection levels: LP
// solutions carry rounding errors of this order.
constexpr double kTolerance = 1e-7;
double Tolerance(double value) { return kTolerance * std::max(1.0, std::abs(value)); }

std::vector<std::size_t> Targets(const Release& release, const std::vector<Protection>& protection,
                                 const AuditOptions& options) {
  if (!options.cells.empty()) return options.cells;
  std::vector<std::size_t> targets;
  for (std::size_t c = 0; c < release.table->cell_count(); ++c) {
    if ((*release.suppressed)[c] && (options.exact_intervals || protection[c].sensitive)) targets.push_back(c);
  }
  return targets;
}

void Judge(AuditReport& report, CellAudit audit, double value, const Protection& protection) {
  audit.is_protected = !protection.sensitive || MeetsProtection(audit.interval, value, protection);
  if (!audit.is_protected) report.failing.push_back(audit.cell);
  report.cells.push_back(audit);
}

// Exact intervals of a flat 2-D table: maximum flows.
AuditReport NetworkAudit(const Release& release, const std::vector<Protection>& protection,
                         const AuditOptions& options) {
  const Table& table = *release.table;
  FlatNetwork network(table, *release.suppressed);
  AuditReport report;
  for (std::size_t cell : Targets(release, protection, options)) {
    const double value = table.cell(cell).value;
    CellAudit audit{.cell = cell};
    audit.interval = {value - network.MaxFall(cell, kUnbounded), value + network.MaxRise(cell, kUnbounded)};
    Judge(report, audit, value, protection[cell]);
  }
  return report;
}

// Exact intervals: two LPs per cell, on its component of unknown cells only
// (linked_system.h), each component loaded once.
Result<AuditReport> ComponentLpAudit(const std::vector<Release>& releases, const std::vector<Protection>& protection,
                                     const AuditOptions& options, LpSolver& solver) {
  LinkedSystem linked(releases);
  SOVHUB_RETURN_IF_ERROR(linked.CheckPublishedCellsAddUp());
  const Table& table = *releases[0].table;
  AuditReport report;
  std::vector<std::size_t> targets = Targets(releases[0], protection, options);
  // Targets grouped by component, in the order of their first target.
  std::unordered_map<std::size_t, std::size_t> component_of;  // global → component
  std::vector<std::vector<std::size_t>> components, members;
  for (std::size_t cell : targets) {
    const std::size_t g = linked.GlobalOfFirst(cell);
    if (linked.published(g)) {  // published through a linked release
      Judge(report, CellAudit{.cell = cell, .interval = {table.cell(cell).value, table.cell(cell).value}},
            table.cell(cell).value, protection[cell]);
      continue;
    }
    auto it = component_of.find(g);
    if (it == component_of.end()) {
      components.push_back(linked.Component(g));
      members.emplace_back();
      for (std::size_t other : components.back()) component_of.emplace(other, components.size() - 1);
      it = component_of.find(g);
    }
    members[it->second].push_back(cell);
  }
  for (std::size_t k = 0; k < components.size(); ++k) {
    SOVHUB_RETURN_IF_ERROR(solver.Load(linked.ComponentSystem(components[k], options.cell_upper_bound)));
    std::unordered_map<std::size_t, int> variable_of;
    for (std::size_t j = 0; j < components[k].size(); ++j) variable_of.emplace(components[k][j], static_cast<int>(j));
    for (std::size_t cell : members[k]) {
      const int variable = variable_of.at(linked.GlobalOfFirst(cell));
      CellAudit audit{.cell = cell};
      double bounds[2];
      for (int i = 0; i < 2; ++i) {
        SOVHUB_ASSIGN_OR_RETURN(LpSolution solution,
                                solver.Optimize({{variable, 1.0}}, i == 0 ? LpSense::kMinimize : LpSense::kMaximize,
                                                false));
        ++report.linear_programs;
        if (solution.outcome == LpOutcome::kInfeasible) {
          return Status::Internal("the published cells admit no table: the input is inconsistent");
        }
        bounds[i] = solution.objective;
      }
      audit.interval = {bounds[0], bounds[1]};
      Judge(report, audit, table.cell(cell).value, protection[cell]);
    }
  }
  return report;
}

}  // namespace

bool MeetsProtection(const Interval& interval, double value, const Protection& protection) {
  const double tol = Tolerance(value);
  return interval.upper >= value + protection.upper - tol && interval.lower <= value - protection.lower + tol &&
         interval.upper - interval.lower >= protection.sliding - tol && interval.upper - interval.lower > tol;
}

Result<AuditReport> Audit(const std::vector<Release>& releases, const std::vector<Protection>& protection,
                          const AuditOptions& options, LpSolver& solver) {
  if (releases.empty() || releases[0].table == nullptr) return Status::InvalidArgument("nothing to audit");
  for (const Release& r : releases) {
    if (r.table == nullptr || r.suppressed == nullptr || r.suppressed->size() != r.table->cell_count()) {
      return Status::InvalidArgument("a release's suppression flags do not match its table");
    }
  }
  if (protection.size() != releases[0].table->cell_count()) {
    return Status::InvalidArgument("one protection per cell is needed");
  }
  if (!options.exact_intervals) {
    std::vector<Release> previous(releases.begin() + 1, releases.end());
    SOVHUB_ASSIGN_OR_RETURN(std::unique_ptr<Prover> prover,
                            Prover::Make(*releases[0].table, *releases[0].suppressed, protection, previous,
                                         options.cell_upper_bound, solver));
    return prover->ProveAll(options.cells);
  }
  if (releases.size() == 1 && std::isinf(options.cell_upper_bound) && FlatNetwork::Applies(*releases[0].table)) {
    return NetworkAudit(releases[0], protection, options);
  }
  return ComponentLpAudit(releases, protection, options, solver);
}

}  // namespace sovhub::disclosure
