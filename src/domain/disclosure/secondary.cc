// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/secondary.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <string>
#include <numeric>
#include <unordered_set>

#include "domain/disclosure/hypercube.h"
#include "domain/disclosure/network.h"
#include "domain/disclosure/prover.h"

namespace sovhub::disclosure {
namespace {

// See audit.cc: the smallest move that is not an exact disclosure.
constexpr double kNotExact = 1e-6;
// Repair tries this many single cells for a failing cell before it falls back
// to a hypercube: enough to find the cheap fix of the classic traps, few
// enough that a large table does not spend its time on hopeless trials.
constexpr std::size_t kRepairTrials = 40;
// Suppressed cells explored around a failing cell to find repair candidates.
constexpr std::size_t kRepairNeighbourhood = 2000;

int CandidatesPerDimension(int dimensions, bool repair) {
  // k^dims hypercubes are tried per cell: keep it near a few hundred.
  static constexpr int kHeuristic[] = {0, 32, 16, 7, 4};
  static constexpr int kRepair[] = {0, 64, 32, 10, 6};
  return repair ? kRepair[dimensions] : kHeuristic[dimensions];
}

std::vector<std::size_t> SensitiveByLevel(const std::vector<Protection>& protection) {
  std::vector<std::size_t> cells;
  for (std::size_t c = 0; c < protection.size(); ++c) {
    if (protection[c].sensitive) cells.push_back(c);
  }
  std::stable_sort(cells.begin(), cells.end(), [&](std::size_t a, std::size_t b) {
    return protection[a].upper + protection[a].lower > protection[b].upper + protection[b].lower;
  });
  return cells;
}

std::size_t NetworkHeuristic(const Table& table, const std::vector<Protection>& protection,
                             const std::vector<bool>& may_suppress, const std::vector<double>& weight,
                             std::vector<bool>& suppressed) {
  FlatNetwork network(table, suppressed);
  std::size_t added = 0;
  auto add = [&](const std::vector<std::size_t>& cells) {
    for (std::size_t c : cells) {
      suppressed[c] = true;
      network.SetSuppressed(c, true);
      ++added;
    }
  };
  for (std::size_t cell : SensitiveByLevel(protection)) {
    const Protection& p = protection[cell];
    const double rise = std::max(p.upper, kNotExact), fall = p.lower;
    if (network.MaxRise(cell, rise) < rise - 1e-9) {
      if (auto path = network.CheapestCycle(cell, true, rise, weight, may_suppress)) add(*path);
    }
    if (fall > 0 && network.MaxFall(cell, fall) < fall - 1e-9) {
      if (auto path = network.CheapestCycle(cell, false, fall, weight, may_suppress)) add(*path);
    }
    if (p.sliding > 0 && network.MaxRise(cell, p.sliding) + network.MaxFall(cell, p.sliding) < p.sliding - 1e-9) {
      if (auto path = network.CheapestCycle(cell, true, p.sliding, weight, may_suppress)) add(*path);
    }
  }
  return added;
}

std::size_t HypercubeHeuristic(const Table& table, const std::vector<Protection>& protection,
                               const std::vector<bool>& may_suppress, const std::vector<double>& weight,
                               std::vector<bool>& suppressed) {
  std::size_t added = 0;
  HypercubeSearch search{.candidates_per_dimension = CandidatesPerDimension(table.dimension_count(), false)};
  for (std::size_t cell : SensitiveByLevel(protection)) {
    auto cube = CheapestHypercube(table, cell, protection[cell], suppressed, may_suppress, weight, search);
    if (!cube) {
      HypercubeSearch loose = search;
      loose.honour_capacity = false;
      cube = CheapestHypercube(table, cell, protection[cell], suppressed, may_suppress, weight, loose);
    }
    if (!cube) continue;
    for (std::size_t c : *cube) suppressed[c] = true;
    added += cube->size();
  }
  return added;
}

// Published cells on the lines of the suppressed cells connected to `cell`,
// cheapest first.
std::vector<std::size_t> RepairCandidates(const Table& table, std::size_t cell, const std::vector<bool>& suppressed,
                                          const std::vector<bool>& may_suppress, const std::vector<double>& weight) {
  std::unordered_set<std::size_t> visited{cell}, candidates;
  std::deque<std::size_t> queue{cell};
  while (!queue.empty() && visited.size() < kRepairNeighbourhood) {
    std::size_t at = queue.front();
    queue.pop_front();
    for (const auto& line : LinesThrough(table, at)) {
      for (std::size_t other : line) {
        if (suppressed[other]) {
          if (visited.insert(other).second) queue.push_back(other);
        } else if (may_suppress[other]) {
          candidates.insert(other);
        }
      }
    }
  }
  std::vector<std::size_t> sorted(candidates.begin(), candidates.end());
  std::sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
    return weight[a] != weight[b] ? weight[a] < weight[b] : a < b;
  });
  if (sorted.size() > kRepairTrials) sorted.resize(kRepairTrials);
  return sorted;
}

std::vector<Release> WithCurrent(const Table& table, const std::vector<bool>& suppressed,
                                 const std::vector<Release>& previous) {
  std::vector<Release> releases{{&table, &suppressed}};
  releases.insert(releases.end(), previous.begin(), previous.end());
  return releases;
}

std::vector<double> Weights(const Table& table) {
  std::vector<double> weight(table.cell_count());
  for (std::size_t c = 0; c < weight.size(); ++c) weight[c] = SuppressionCost(table.cell(c));
  return weight;
}

std::vector<bool> MaySuppress(const Table& table, const ProtectOptions& options) {
  std::vector<bool> may(table.cell_count(), true);
  for (std::size_t c = 0; c < options.must_publish.size() && c < may.size(); ++c) may[c] = !options.must_publish[c];
  return may;
}

}  // namespace

std::string_view CellStatusName(CellStatus status) {
  switch (status) {
    case CellStatus::kSafe: return "safe";
    case CellStatus::kPrimary: return "primary";
    case CellStatus::kSecondary: return "secondary";
  }
  return "?";
}

double SuppressionCost(const CellData& cell) { return std::max(cell.value, 0.0) + 1.0; }

namespace {

// The repair loop on the prover's pattern.
Result<std::vector<std::size_t>> Repair(const Table& table, const std::vector<Protection>& protection,
                                        const ProtectOptions& options, Prover& prover) {
  std::vector<double> weight = Weights(table);
  std::vector<bool> may_suppress = MaySuppress(table, options);
  std::vector<std::size_t> added;
  for (std::size_t round = 0; round < options.max_repair_rounds; ++round) {
    SOVHUB_ASSIGN_OR_RETURN(AuditReport report, prover.ProveAll());
    if (report.ok()) return added;
    for (std::size_t cell : report.failing) {
      SOVHUB_ASSIGN_OR_RETURN(CellAudit audit, prover.Prove(cell));
      if (audit.is_protected) continue;  // an earlier repair of this round protected it
      bool fixed = false;
      for (std::size_t candidate : RepairCandidates(table, cell, prover.suppressed(), may_suppress, weight)) {
        prover.SetSuppressed(candidate, true);
        SOVHUB_ASSIGN_OR_RETURN(audit, prover.Prove(cell));
        if (audit.is_protected) {
          added.push_back(candidate);
          fixed = true;
          break;
        }
        prover.SetSuppressed(candidate, false);
      }
      if (fixed) continue;
      // A cell a linked release publishes is no part of a hypercube here.
      std::vector<bool> hidden = prover.suppressed(), may = may_suppress;
      for (std::size_t c = 0; c < hidden.size() && prover.has_linked_releases(); ++c) {
        if (c != cell && prover.PublishedElsewhere(c)) hidden[c] = may[c] = false;
      }
      HypercubeSearch search{.candidates_per_dimension = CandidatesPerDimension(table.dimension_count(), true)};
      auto cube = CheapestHypercube(table, cell, protection[cell], hidden, may, weight, search);
      if (!cube || cube->empty()) {
        search.honour_capacity = false;
        cube = CheapestHypercube(table, cell, protection[cell], hidden, may, weight, search);
      }
      if (!cube || cube->empty()) {
        return Status::Unavailable("cell " + table.CellLabel(cell) +
                                   " cannot be protected: no cell that may be suppressed would protect it");
      }
      for (std::size_t c : *cube) {
        prover.SetSuppressed(c, true);
        added.push_back(c);
      }
    }
  }
  return Status::Unavailable("the audit still fails after " + std::to_string(options.max_repair_rounds) +
                             " rounds of repair");
}

// Step 4 on a pattern every sensitive cell of which the prover has just
// proved: publishing a secondary cell again only needs the cells whose
// witnesses change it proved again.
Result<std::size_t> DropUnneeded(const Table& table, const std::vector<Protection>& protection,
                                 const ProtectOptions& options, Prover& prover) {
  std::vector<double> weight = Weights(table);
  std::vector<std::size_t> secondary;
  for (std::size_t c = 0; c < table.cell_count(); ++c) {
    const bool kept = c < options.must_suppress.size() && options.must_suppress[c];
    if (prover.suppressed()[c] && !protection[c].sensitive && !kept) secondary.push_back(c);
  }
  std::stable_sort(secondary.begin(), secondary.end(),
                   [&](std::size_t a, std::size_t b) { return weight[a] > weight[b]; });
  const std::size_t start = prover.linear_programs();
  std::size_t dropped = 0;
  for (std::size_t cell : secondary) {
    // Past the budget, only drops provable without an LP are made.
    if (prover.linear_programs() - start >= options.drop_budget_lps) prover.AllowLinearPrograms(false);
    std::vector<std::size_t> affected = prover.ProofsUsing(cell);
    prover.SetSuppressed(cell, false);
    bool still_safe = true;
    for (std::size_t s : affected) {
      SOVHUB_ASSIGN_OR_RETURN(CellAudit audit, prover.Prove(s));
      if (!audit.is_protected) {
        still_safe = false;
        break;
      }
    }
    // When a cell fails, the proofs found meanwhile stay valid: suppressing
    // the cell again only widens what the attacker cannot rule out.
    if (still_safe) {
      ++dropped;
    } else {
      prover.SetSuppressed(cell, true);
    }
  }
  prover.AllowLinearPrograms(true);
  return dropped;
}

}  // namespace

Result<std::vector<std::size_t>> RepairPattern(const Table& table, const std::vector<Protection>& protection,
                                               const std::vector<Release>& previous,
                                               const ProtectOptions& options, std::vector<bool>& suppressed,
                                               LpSolver& solver) {
  SOVHUB_ASSIGN_OR_RETURN(std::unique_ptr<Prover> prover,
                          Prover::Make(table, suppressed, protection, previous, options.cell_upper_bound, solver));
  SOVHUB_ASSIGN_OR_RETURN(std::vector<std::size_t> added, Repair(table, protection, options, *prover));
  suppressed = prover->suppressed();
  return added;
}

Result<std::size_t> DropUnneededSecondaries(const Table& table, const std::vector<Protection>& protection,
                                            const std::vector<Release>& previous, const ProtectOptions& options,
                                            std::vector<bool>& suppressed, LpSolver& solver) {
  SOVHUB_ASSIGN_OR_RETURN(std::unique_ptr<Prover> prover,
                          Prover::Make(table, suppressed, protection, previous, options.cell_upper_bound, solver));
  SOVHUB_ASSIGN_OR_RETURN(AuditReport report, prover->ProveAll());
  if (!report.ok()) return Status::InvalidArgument("the pattern does not pass the audit");
  SOVHUB_ASSIGN_OR_RETURN(std::size_t dropped, DropUnneeded(table, protection, options, *prover));
  suppressed = prover->suppressed();
  return dropped;
}

std::vector<bool> NaiveLinePattern(const Table& table, const std::vector<Protection>& protection) {
  std::vector<bool> suppressed(table.cell_count());
  for (std::size_t c = 0; c < suppressed.size(); ++c) suppressed[c] = protection[c].sensitive;
  bool changed = true;
  while (changed) {
    changed = false;
    table.ForEachEquation([&](std::size_t total, const std::vector<std::size_t>& parts) {
      std::size_t count = suppressed[total] ? 1 : 0, smallest = total;
      bool have = false;
      for (std::size_t p : parts) count += suppressed[p] ? 1 : 0;
      if (count != 1) return;
      auto consider = [&](std::size_t c) {
        if (suppressed[c]) return;
        if (!have || table.cell(c).value < table.cell(smallest).value) smallest = c;
        have = true;
      };
      for (std::size_t p : parts) consider(p);
      consider(total);
      if (have) {
        suppressed[smallest] = true;
        changed = true;
      }
    });
  }
  return suppressed;
}

Result<ProtectResult> Protect(const Table& table, const std::vector<Protection>& protection,
                              const std::vector<Release>& previous, const ProtectOptions& options,
                              LpSolver& solver) {
  if (protection.size() != table.cell_count()) return Status::InvalidArgument("one protection per cell is needed");
  std::vector<bool> may_suppress = MaySuppress(table, options);
  std::vector<bool> suppressed(table.cell_count());
  for (std::size_t c = 0; c < suppressed.size(); ++c) {
    const bool forced = c < options.must_suppress.size() && options.must_suppress[c];
    suppressed[c] = protection[c].sensitive || forced;
    if (suppressed[c] && !may_suppress[c]) {
      return Status::InvalidArgument("cell " + table.CellLabel(c) +
                                     (forced ? " is withheld by a linked release" : " is sensitive") +
                                     " but must be published");
    }
  }
  std::vector<double> weight = Weights(table);
  ProtectResult result;
  const bool network = previous.empty() && std::isinf(options.cell_upper_bound) && FlatNetwork::Applies(table);
  result.heuristic_added = network ? NetworkHeuristic(table, protection, may_suppress, weight, suppressed)
                                   : HypercubeHeuristic(table, protection, may_suppress, weight, suppressed);
  SOVHUB_ASSIGN_OR_RETURN(std::unique_ptr<Prover> prover,
                          Prover::Make(table, suppressed, protection, previous, options.cell_upper_bound, solver));
  SOVHUB_ASSIGN_OR_RETURN(std::vector<std::size_t> repaired, Repair(table, protection, options, *prover));
  result.repair_added = repaired.size();
  if (options.drop_unneeded) {
    SOVHUB_ASSIGN_OR_RETURN(result.dropped, DropUnneeded(table, protection, options, *prover));
  }
  result.linear_programs += prover->linear_programs();
  suppressed = prover->suppressed();

  AuditOptions final_audit{.exact_intervals = options.exact_final_audit, .cell_upper_bound = options.cell_upper_bound};
  SOVHUB_ASSIGN_OR_RETURN(result.audit, Audit(WithCurrent(table, suppressed, previous), protection, final_audit, solver));
  result.linear_programs += result.audit.linear_programs;
  result.status.assign(table.cell_count(), CellStatus::kSafe);
  for (std::size_t c = 0; c < suppressed.size(); ++c) {
    if (!suppressed[c]) continue;
    bool primary = protection[c].sensitive;
    result.status[c] = primary ? CellStatus::kPrimary : CellStatus::kSecondary;
    (primary ? result.primary_cells : result.secondary_cells) += 1;
    result.suppressed_total += table.cell(c).value;
    if (!primary) result.secondary_total += table.cell(c).value;
  }
  return result;
}

std::vector<bool> ConsistentWithPrevious(const Table& table, const std::vector<Release>& previous) {
  std::unordered_set<std::string> withheld;
  for (const Release& release : previous) {
    for (std::size_t c = 0; c < release.table->cell_count(); ++c) {
      if ((*release.suppressed)[c]) withheld.insert(release.table->CellKey(c));
    }
  }
  std::vector<bool> forced(table.cell_count());
  for (std::size_t c = 0; c < forced.size(); ++c) forced[c] = withheld.contains(table.CellKey(c));
  return forced;
}

Status CheckKeptReleases(const Table& table, const std::vector<bool>& suppressed,
                         const std::vector<KeptRelease>& kept, double cell_upper_bound, LpSolver& solver) {
  for (std::size_t k = 0; k < kept.size(); ++k) {
    const KeptRelease& release = kept[k];
    std::vector<Release> releases{{release.table, release.suppressed}, {&table, &suppressed}};
    for (std::size_t other = 0; other < kept.size(); ++other) {
      if (other != k) releases.push_back({kept[other].table, kept[other].suppressed});
    }
    AuditOptions check{.exact_intervals = false, .cell_upper_bound = cell_upper_bound};
    SOVHUB_ASSIGN_OR_RETURN(AuditReport report, Audit(releases, *release.protection, check, solver));
    if (!report.ok()) {
      return Status::Unavailable("publishing this table would let an attacker narrow " +
                                 release.table->CellLabel(report.failing.front()) + " of " + release.name +
                                 " below its protection");
    }
  }
  return Status::Ok();
}

}  // namespace sovhub::disclosure
