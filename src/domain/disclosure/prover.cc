// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/prover.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "domain/disclosure/hypercube.h"

namespace sovhub::disclosure {
namespace {

// The audit's tolerances (audit.cc): LP solutions carry rounding errors of
// this relative order, and the smallest move checked is ten of them.
double Tolerance(double value) { return 1e-7 * std::max(1.0, std::abs(value)); }
double NotExact(double value) { return 10 * Tolerance(value); }
// A witness changes a cell when it moves it by more than this (relative):
// far below any protection level, above the simplex's rounding.
double Changed(double value) { return 1e-9 * std::max(1.0, std::abs(value)); }

// Hypercubes tried per dimension when looking for one of suppressed cells.
int CertificateCandidates(int dimensions) {
  static constexpr int kPerDimension[] = {0, 32, 16, 8, 5};
  return kPerDimension[dimensions];
}

void SortUnique(std::vector<std::size_t>& cells) {
  std::sort(cells.begin(), cells.end());
  cells.erase(std::unique(cells.begin(), cells.end()), cells.end());
}

}  // namespace

Prover::Prover(const Table& table, std::vector<bool> suppressed, const std::vector<Protection>& protection,
               const std::vector<Release>& previous, double cell_upper_bound, LpSolver& solver)
    : table_(table),
      suppressed_(std::move(suppressed)),
      protection_(protection),
      single_release_(previous.empty()),
      cell_upper_bound_(cell_upper_bound),
      solver_(solver),
      linked_([&] {
        std::vector<Release> releases{{&table, &suppressed_}};
        releases.insert(releases.end(), previous.begin(), previous.end());
        return releases;
      }()),
      proof_of_(table.cell_count()),
      dependents_(table.cell_count()) {
  if (single_release_ && std::isinf(cell_upper_bound) && FlatNetwork::Applies(table)) {
    network_.emplace(table, suppressed_);
  }
}

Result<std::unique_ptr<Prover>> Prover::Make(const Table& table, std::vector<bool> suppressed,
                                             const std::vector<Protection>& protection,
                                             const std::vector<Release>& previous, double cell_upper_bound,
                                             LpSolver& solver) {
  if (suppressed.size() != table.cell_count() || protection.size() != table.cell_count()) {
    return Status::InvalidArgument("one suppression flag and one protection per cell are needed");
  }
  std::unique_ptr<Prover> prover(
      new Prover(table, std::move(suppressed), protection, previous, cell_upper_bound, solver));
  SOVHUB_RETURN_IF_ERROR(prover->linked_.CheckPublishedCellsAddUp());
  return prover;
}

void Prover::SetSuppressed(std::size_t cell, bool suppressed) {
  if (suppressed_[cell] == suppressed) return;
  suppressed_[cell] = suppressed;
  linked_.SetFirstSuppressed(cell, suppressed);
  if (network_) network_->SetSuppressed(cell, suppressed);
  const bool loaded_is_current = loaded_.version == version_;
  ++version_;
  // A cell of the loaded component published (the drop pass) or withheld
  // again: fixing or freeing its variable keeps the loaded LP exact for the
  // new pattern (pieces the component splits into stay independent in it)
  // and keeps the basis. Any other change needs the component reloaded.
  const std::size_t global = linked_.GlobalOfFirst(cell);
  auto it = loaded_.variable_of.find(global);
  if (!loaded_is_current || it == loaded_.variable_of.end()) return;
  const bool fixed = linked_.published(global);
  const double value = linked_.value(global);
  if (!solver_.SetBounds(it->second, fixed ? value : 0.0, fixed ? value : cell_upper_bound_).ok()) return;
  loaded_.version = version_;
  if (fixed) {  // earlier optima may have moved the cell: no longer witnesses
    for (std::size_t j = 0; j < loaded_.globals.size(); ++j) {
      const double v = linked_.value(loaded_.globals[j]);
      loaded_.seen_low[j] = std::isnan(v) ? kUnbounded : v;
      loaded_.seen_high[j] = std::isnan(v) ? -kUnbounded : v;
    }
    loaded_.low_witness.assign(loaded_.globals.size(), -1);
    loaded_.high_witness.assign(loaded_.globals.size(), -1);
    loaded_.witnesses.clear();
  }
}

bool Prover::Enough(std::size_t cell, const Witnesses& w) const {
  const double value = table_.cell(cell).value;
  return MeetsProtection({value - w.low.reach, value + w.high.reach}, value, protection_[cell]);
}

std::optional<Prover::Witnesses> Prover::FromHypercube(std::size_t cell) {
  if (!single_release_) return std::nullopt;  // a cube keeps this table's equations only
  HypercubeSearch search{.candidates_per_dimension = CertificateCandidates(table_.dimension_count())};
  auto cube = SuppressedHypercube(table_, cell, protection_[cell], suppressed_, search);
  if (!cube || !KeepsEquations(table_, *cube) || cube->cells.empty() || cube->cells[0] != cell) return std::nullopt;
  // The true table plus t·(the cube's signs) for t in [-fall, rise].
  Witnesses w;
  w.high.reach = kUnbounded;
  w.low.reach = kUnbounded;
  for (std::size_t i = 0; i < cube->cells.size(); ++i) {
    const std::size_t c = cube->cells[i];
    if (!suppressed_[c]) return std::nullopt;
    const double value = table_.cell(c).value;
    const double room_up = cell_upper_bound_ - value;  // kUnbounded - value stays unbounded
    // A cell of sign +1 rises when the cell rises and falls when it falls.
    Witness& rising_with = cube->signs[i] > 0 ? w.high : w.low;
    Witness& falling_with = cube->signs[i] > 0 ? w.low : w.high;
    rising_with.reach = std::min(rising_with.reach, room_up);
    falling_with.reach = std::min(falling_with.reach, value);
  }
  w.high.reach = std::max(w.high.reach, 0.0);
  w.low.reach = std::max(w.low.reach, 0.0);
  w.high.support = cube->cells;
  w.low.support = cube->cells;
  return w;
}

Prover::Witnesses Prover::FromNetwork(std::size_t cell) {
  const double value = table_.cell(cell).value;
  const Protection& p = protection_[cell];
  Witnesses w;
  w.high.reach = network_->MaxRise(cell, std::max(p.upper, NotExact(value)), &w.high.support);
  w.low.reach = network_->MaxFall(cell, p.lower, &w.low.support);
  if (!Enough(cell, w)) {  // the exact answer
    w.high.support.clear();
    w.low.support.clear();
    w.high.reach = network_->MaxRise(cell, kUnbounded, &w.high.support);
    w.low.reach = network_->MaxFall(cell, kUnbounded, &w.low.support);
    w.exact = true;
  }
  return w;
}

Status Prover::LoadComponent(std::size_t global) {
  Loaded fresh;
  fresh.version = version_;
  fresh.globals = linked_.Component(global);
  for (std::size_t j = 0; j < fresh.globals.size(); ++j) {
    fresh.variable_of.emplace(fresh.globals[j], static_cast<int>(j));
  }
  SOVHUB_RETURN_IF_ERROR(solver_.Load(linked_.ComponentSystem(fresh.globals, cell_upper_bound_)));
  // The true table is the first witness (a cell of an earlier release
  // withheld everywhere has no known value: no bound from it).
  fresh.seen_low.resize(fresh.globals.size(), kUnbounded);
  fresh.seen_high.resize(fresh.globals.size(), -kUnbounded);
  for (std::size_t j = 0; j < fresh.globals.size(); ++j) {
    const double value = linked_.value(fresh.globals[j]);
    if (!std::isnan(value)) fresh.seen_low[j] = fresh.seen_high[j] = value;
  }
  fresh.low_witness.assign(fresh.globals.size(), -1);
  fresh.high_witness.assign(fresh.globals.size(), -1);
  loaded_ = std::move(fresh);
  return Status::Ok();
}

Result<Prover::Witness> Prover::SolveComponent(int variable, LpSense sense) {
  SOVHUB_ASSIGN_OR_RETURN(LpSolution solution, solver_.Optimize({{variable, 1.0}}, sense, true));
  ++linear_programs_;
  if (solution.outcome == LpOutcome::kInfeasible) {
    return Status::Internal("the published cells admit no table: the input is inconsistent");
  }
  Witness witness{.reach = solution.objective};
  if (solution.outcome != LpOutcome::kOptimal) {
    // Unbounded: the witnesses run along a ray of unknown support; say that
    // they change every cell of the component.
    for (std::size_t g : loaded_.globals) {
      if (linked_.FirstOf(g) >= 0) witness.support.push_back(static_cast<std::size_t>(linked_.FirstOf(g)));
    }
    return witness;
  }
  const int index = static_cast<int>(loaded_.witnesses.size());
  std::vector<std::size_t> support;
  for (std::size_t j = 0; j < solution.point.size(); ++j) {
    const double x = solution.point[j];
    const std::size_t g = loaded_.globals[j];
    const double value = linked_.value(g);
    if (std::isnan(value) || std::abs(x - value) > Changed(value)) {
      if (linked_.FirstOf(g) >= 0) support.push_back(static_cast<std::size_t>(linked_.FirstOf(g)));
    }
    if (x > loaded_.seen_high[j]) {
      loaded_.seen_high[j] = x;
      loaded_.high_witness[j] = index;
    }
    if (x < loaded_.seen_low[j]) {
      loaded_.seen_low[j] = x;
      loaded_.low_witness[j] = index;
    }
  }
  witness.support = support;
  loaded_.witnesses.push_back(std::move(support));
  return witness;
}

Result<Prover::Witnesses> Prover::FromComponentLp(std::size_t cell) {
  const std::size_t global = linked_.GlobalOfFirst(cell);
  Witnesses w;
  if (linked_.published(global)) {  // published by a linked release: exactly known
    w.exact = true;
    return w;
  }
  if (loaded_.version != version_ || !loaded_.variable_of.contains(global)) {
    SOVHUB_RETURN_IF_ERROR(LoadComponent(global));
  }
  const int variable = loaded_.variable_of.at(global);
  const double value = table_.cell(cell).value;
  auto seen = [&](bool high) {
    Witness witness;
    witness.reach = high ? loaded_.seen_high[variable] - value : value - loaded_.seen_low[variable];
    int index = high ? loaded_.high_witness[variable] : loaded_.low_witness[variable];
    if (index >= 0) witness.support = loaded_.witnesses[index];
    return witness;
  };
  w.high = seen(true);
  w.low = seen(false);
  if (Enough(cell, w)) return w;
  // The exact interval: both LPs (an earlier optimum may already be one).
  SOVHUB_ASSIGN_OR_RETURN(Witness high, SolveComponent(variable, LpSense::kMaximize));
  SOVHUB_ASSIGN_OR_RETURN(Witness low, SolveComponent(variable, LpSense::kMinimize));
  w.high = std::move(high);
  w.high.reach -= value;
  w.low = std::move(low);
  w.low.reach = value - w.low.reach;
  w.exact = true;
  return w;
}

void Prover::Remember(std::size_t cell, const Witnesses& w) {
  std::vector<std::size_t> support = w.high.support;
  support.insert(support.end(), w.low.support.begin(), w.low.support.end());
  SortUnique(support);
  for (std::size_t c : support) {
    if (c != cell) dependents_[c].push_back(cell);
  }
  proof_of_[cell] = std::move(support);
}

Result<CellAudit> Prover::Prove(std::size_t cell) {
  const double value = table_.cell(cell).value;
  CellAudit audit{.cell = cell, .interval = {value, value}};
  if (!suppressed_[cell]) {
    audit.is_protected = !protection_[cell].sensitive;
    return audit;
  }
  if (!protection_[cell].sensitive) {
    audit.exact = false;
    return audit;
  }
  std::optional<Witnesses> w;
  if (network_) {
    w = FromNetwork(cell);  // its first try is the rectangles, cheaper than the cube search
  } else {
    w = FromHypercube(cell);
    if ((!w || !Enough(cell, *w)) && !lp_allowed_) {
      audit.exact = false;
      audit.is_protected = false;
      return audit;
    }
    if (!w || !Enough(cell, *w)) {
      SOVHUB_ASSIGN_OR_RETURN(w, FromComponentLp(cell));
    }
  }
  audit.interval = {value - w->low.reach, value + w->high.reach};
  audit.exact = w->exact;
  audit.is_protected = Enough(cell, *w);
  if (audit.is_protected) Remember(cell, *w);
  return audit;
}

Result<AuditReport> Prover::ProveAll(const std::vector<std::size_t>& cells) {
  AuditReport report;
  const std::size_t lps = linear_programs_;
  auto prove = [&](std::size_t cell) -> Status {
    SOVHUB_ASSIGN_OR_RETURN(CellAudit audit, Prove(cell));
    if (!audit.is_protected) report.failing.push_back(cell);
    report.cells.push_back(audit);
    return Status::Ok();
  };
  if (!cells.empty()) {
    for (std::size_t cell : cells) SOVHUB_RETURN_IF_ERROR(prove(cell));
  } else {
    for (std::size_t cell = 0; cell < table_.cell_count(); ++cell) {
      if (suppressed_[cell] && protection_[cell].sensitive) SOVHUB_RETURN_IF_ERROR(prove(cell));
    }
  }
  report.linear_programs = linear_programs_ - lps;
  return report;
}

std::vector<std::size_t> Prover::ProofsUsing(std::size_t cell) const {
  std::vector<std::size_t> using_cell;
  for (std::size_t s : dependents_[cell]) {
    if (suppressed_[s] && std::binary_search(proof_of_[s].begin(), proof_of_[s].end(), cell)) {
      using_cell.push_back(s);
    }
  }
  SortUnique(using_cell);
  return using_cell;
}

}  // namespace sovhub::disclosure
