// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/rounding.h"

#include <cmath>

namespace sovhub::disclosure {
namespace {

// LP vertex coordinates this close to 0 or 1 are whole.
constexpr double kWhole = 1e-6;

std::int64_t FloorTo(std::int64_t count, std::int64_t base) {
  std::int64_t q = count / base;
  if (count % base != 0 && count < 0) --q;
  return q * base;
}

}  // namespace

std::int64_t RoundConventional(std::int64_t count, std::int64_t base) {
  std::int64_t low = FloorTo(count, base);
  return 2 * (count - low) >= base ? low + base : low;
}

std::int64_t RoundMidpoint6(std::int64_t count) {
  if (count <= 0) return 0;
  return (count + 5) / 6 * 6 - 3;
}

std::vector<std::int64_t> RoundRecomputingTotals(const Table& table, const std::vector<bool>& redacted,
                                                 Rounding rounding, std::int64_t base) {
  std::vector<std::int64_t> out(table.cell_count(), 0);
  for (std::size_t c = 0; c < table.cell_count(); ++c) {
    if (!table.IsLeafCell(c)) continue;
    if (!redacted.empty() && redacted[c]) {
      out[c] = -1;
      continue;
    }
    auto count = static_cast<std::int64_t>(std::llround(table.cell(c).value));
    out[c] = rounding == Rounding::kMidpoint6 ? RoundMidpoint6(count) : RoundConventional(count, base);
  }
  // Each released leaf adds itself to every ancestor cell.
  for (std::size_t leaf = 0; leaf < table.cell_count(); ++leaf) {
    if (!table.IsLeafCell(leaf) || out[leaf] <= 0) continue;
    std::vector<std::vector<int>> lineage(table.dimension_count());
    for (int d = 0; d < table.dimension_count(); ++d) {
      const Hierarchy& h = table.dimension(d).codes;
      for (int code = table.Code(leaf, d); code >= 0; code = h.parent(code)) lineage[d].push_back(code);
    }
    std::vector<std::size_t> pick(lineage.size(), 0);
    std::vector<int> codes(lineage.size());
    while (true) {
      bool self = true;
      for (std::size_t d = 0; d < lineage.size(); ++d) {
        codes[d] = lineage[d][pick[d]];
        self = self && pick[d] == 0;
      }
      if (!self) out[table.Index(codes)] += out[leaf];
      std::size_t d = 0;
      while (d < lineage.size() && ++pick[d] == lineage[d].size()) pick[d++] = 0;
      if (d == lineage.size()) break;
    }
  }
  return out;
}

Result<std::vector<std::int64_t>> ControlledRounding(const Table& table, std::int64_t base, LpSolver& solver) {
  if (base < 2) return Status::InvalidArgument("the rounding base must be at least 2");
  const std::size_t n = table.cell_count();
  std::vector<std::int64_t> floor(n), residue(n);
  for (std::size_t c = 0; c < n; ++c) {
    double value = table.cell(c).value;
    if (value != std::floor(value)) {
      return Status::InvalidArgument("cell " + table.CellLabel(c) + ": controlled rounding needs whole counts");
    }
    auto count = static_cast<std::int64_t>(value);
    floor[c] = FloorTo(count, base);
    residue[c] = count - floor[c];
  }
  // One variable per cell: 0 rounds down, 1 up; a multiple is fixed at 0.
  // Each equation marginal = Σ parts becomes, in units of the base,
  // up_marginal − Σ up_parts = (Σ floor_parts − floor_marginal) / base.
  LinearSystem system;
  system.lower.assign(n, 0.0);
  system.upper.resize(n);
  std::vector<LpTerm> objective;
  for (std::size_t c = 0; c < n; ++c) {
    system.upper[c] = residue[c] == 0 ? 0.0 : 1.0;
    // |rounded − x| is residue going down and base − residue going up.
    if (residue[c] != 0) objective.push_back({static_cast<int>(c), static_cast<double>(base - 2 * residue[c])});
  }
  table.ForEachEquation([&](std::size_t total, const std::vector<std::size_t>& parts) {
    LinearSystem::Row row;
    row.terms.push_back({static_cast<int>(total), 1.0});
    std::int64_t floors = -floor[total];
    for (std::size_t p : parts) {
      row.terms.push_back({static_cast<int>(p), -1.0});
      floors += floor[p];
    }
    row.rhs = static_cast<double>(floors / base);
    system.rows.push_back(std::move(row));
  });
  SOVHUB_RETURN_IF_ERROR(solver.Load(system));
  SOVHUB_ASSIGN_OR_RETURN(LpSolution solution, solver.Optimize(objective, LpSense::kMinimize, true));
  if (solution.outcome != LpOutcome::kOptimal) {
    return Status::Unavailable("no controlled rounding of this table to base " + std::to_string(base));
  }
  bool whole = true;
  for (std::size_t c = 0; c < n && whole; ++c) whole = std::abs(solution.point[c] - std::round(solution.point[c])) <= kWhole;
  if (!whole) {
    // Hierarchies, or 3 dimensions and more: the LP's vertices need not be
    // whole. Branch and bound finds the closest whole rounding, or shows
    // there is none (a 3-D table may have no controlled rounding at all).
    SOVHUB_ASSIGN_OR_RETURN(solution, solver.OptimizeInteger(objective, LpSense::kMinimize));
    if (solution.outcome != LpOutcome::kOptimal) {
      return Status::Unavailable("no controlled rounding of this table to base " + std::to_string(base) +
                                 " exists (a table of 3 or more dimensions, or with hierarchies, may have none): "
                                 "use suppression, or rounding with recomputed totals");
    }
  }
  std::vector<std::int64_t> rounded(n);
  for (std::size_t c = 0; c < n; ++c) {
    rounded[c] = floor[c] + static_cast<std::int64_t>(std::llround(solution.point[c])) * base;
  }
  return rounded;
}

}  // namespace sovhub::disclosure
