// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/audit.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "domain/disclosure/network.h"

namespace sovhub::disclosure {
namespace {

// Relative tolerance of the comparisons against protection levels: LP
// solutions carry rounding errors of this order.
constexpr double kTolerance = 1e-7;
double Tolerance(double value) { return kTolerance * std::max(1.0, std::abs(value)); }
// The smallest move, checked, that makes a cell "not exactly disclosed".
double NotExact(double value) { return 10 * Tolerance(value); }

// Every release's cells merged by identity (CellKey) into one set of
// "global" cells, and every release's equations over them.
struct LinkedSystem {
  std::vector<double> value;   // NaN when no release publishes it and it is not in the first table
  std::vector<char> published;
  std::vector<std::vector<std::size_t>> rows;  // [0] = the marginal, then its parts
  std::vector<std::size_t> global_of_first;    // global id of each cell of the first table
};

LinkedSystem Link(const std::vector<Release>& releases) {
  LinkedSystem s;
  const Table& first = *releases[0].table;
  if (releases.size() == 1) {
    s.value.resize(first.cell_count());
    s.published.resize(first.cell_count());
    s.global_of_first.resize(first.cell_count());
    for (std::size_t c = 0; c < first.cell_count(); ++c) {
      s.value[c] = first.cell(c).value;
      s.published[c] = !(*releases[0].suppressed)[c];
      s.global_of_first[c] = c;
    }
    first.ForEachEquation([&](std::size_t total, const std::vector<std::size_t>& parts) {
      std::vector<std::size_t> row{total};
      row.insert(row.end(), parts.begin(), parts.end());
      s.rows.push_back(std::move(row));
    });
    return s;
  }
  std::map<std::string, std::size_t> by_key;
  std::set<std::vector<std::size_t>> seen_rows;
  for (std::size_t r = 0; r < releases.size(); ++r) {
    const Table& table = *releases[r].table;
    std::vector<std::size_t> global(table.cell_count());
    for (std::size_t c = 0; c < table.cell_count(); ++c) {
      auto [it, fresh] = by_key.emplace(table.CellKey(c), s.value.size());
      if (fresh) {
        s.value.push_back(std::nan(""));
        s.published.push_back(0);
      }
      std::size_t g = it->second;
      global[c] = g;
      bool published = !(*releases[r].suppressed)[c];
      if (r == 0) s.value[g] = table.cell(c).value;
      if (published && !s.published[g]) {
        s.published[g] = 1;
        if (r != 0 && std::isnan(s.value[g])) s.value[g] = table.cell(c).value;
      }
    }
    if (r == 0) s.global_of_first = global;
    table.ForEachEquation([&](std::size_t total, const std::vector<std::size_t>& parts) {
      std::vector<std::size_t> row{global[total]};
      for (std::size_t p : parts) row.push_back(global[p]);
      std::vector<std::size_t> sorted_parts(row.begin() + 1, row.end());
      std::sort(sorted_parts.begin(), sorted_parts.end());
      sorted_parts.insert(sorted_parts.begin(), row[0]);
      if (seen_rows.insert(sorted_parts).second) s.rows.push_back(std::move(row));
    });
  }
  return s;
}

struct Reduced {
  LinearSystem lp;
  std::vector<int> variable_of;  // per global cell; -1 when published
};

Result<Reduced> Reduce(const LinkedSystem& s, double cell_upper_bound) {
  Reduced out;
  out.variable_of.assign(s.value.size(), -1);
  for (std::size_t g = 0; g < s.value.size(); ++g) {
    if (s.published[g]) continue;
    out.variable_of[g] = out.lp.variable_count();
    out.lp.lower.push_back(0.0);
    out.lp.upper.push_back(cell_upper_bound);
  }
  for (const auto& row : s.rows) {
    LinearSystem::Row reduced;
    double scale = 0.0;
    for (std::size_t i = 0; i < row.size(); ++i) {
      double sign = i == 0 ? 1.0 : -1.0;
      std::size_t g = row[i];
      if (s.published[g]) {
        reduced.rhs -= sign * s.value[g];
        scale = std::max(scale, std::abs(s.value[g]));
      } else {
        reduced.terms.push_back({out.variable_of[g], sign});
      }
    }
    if (reduced.terms.empty()) {
      if (std::abs(reduced.rhs) > Tolerance(scale)) {
        return Status::Internal("the published cells contradict an equation of the table (off by " +
                                std::to_string(reduced.rhs) + ")");
      }
      continue;
    }
    out.lp.rows.push_back(std::move(reduced));
  }
  return out;
}

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

AuditReport NetworkAudit(const Release& release, const std::vector<Protection>& protection,
                         const AuditOptions& options) {
  const Table& table = *release.table;
  FlatNetwork network(table, *release.suppressed);
  AuditReport report;
  for (std::size_t cell : Targets(release, protection, options)) {
    const double value = table.cell(cell).value;
    const Protection& p = protection[cell];
    CellAudit audit{.cell = cell, .exact = options.exact_intervals};
    double rise, fall;
    if (options.exact_intervals || !p.sensitive) {
      rise = network.MaxRise(cell, kUnbounded);
      fall = network.MaxFall(cell, kUnbounded);
      audit.exact = true;
    } else {
      rise = network.MaxRise(cell, std::max(p.upper, NotExact(value)));
      fall = network.MaxFall(cell, p.lower);
      if (rise + fall < p.sliding) {
        rise = network.MaxRise(cell, kUnbounded);
        fall = network.MaxFall(cell, kUnbounded);
        audit.exact = true;
      }
    }
    audit.interval = {value - fall, value + rise};
    Judge(report, audit, value, p);
  }
  return report;
}

Result<AuditReport> LpAudit(const std::vector<Release>& releases, const std::vector<Protection>& protection,
                            const AuditOptions& options, LpSolver& solver) {
  LinkedSystem linked = Link(releases);
  SOVHUB_ASSIGN_OR_RETURN(Reduced reduced, Reduce(linked, options.cell_upper_bound));
  SOVHUB_RETURN_IF_ERROR(solver.Load(reduced.lp));
  const Table& table = *releases[0].table;
  const int variables = reduced.lp.variable_count();
  // The true table is a feasible point, and so is every LP optimum: the
  // extremes seen so far bound each cell's interval from inside.
  std::vector<double> seen_low(variables, kUnbounded), seen_high(variables, -kUnbounded);
  for (std::size_t g = 0; g < linked.value.size(); ++g) {
    int v = reduced.variable_of[g];
    if (v >= 0 && !std::isnan(linked.value[g])) seen_low[v] = seen_high[v] = linked.value[g];
  }
  AuditReport report;
  auto solve = [&](int variable, LpSense sense) -> Result<double> {
    SOVHUB_ASSIGN_OR_RETURN(LpSolution solution,
                            solver.Optimize({{variable, 1.0}}, sense, !options.exact_intervals));
    ++report.linear_programs;
    if (solution.outcome == LpOutcome::kInfeasible) {
      return Status::Internal("the published cells admit no table: the input is inconsistent");
    }
    for (std::size_t j = 0; j < solution.point.size(); ++j) {
      seen_low[j] = std::min(seen_low[j], solution.point[j]);
      seen_high[j] = std::max(seen_high[j], solution.point[j]);
    }
    return solution.objective;
  };
  for (std::size_t cell : Targets(releases[0], protection, options)) {
    const double value = table.cell(cell).value;
    const Protection& p = protection[cell];
    int variable = reduced.variable_of[linked.global_of_first[cell]];
    CellAudit audit{.cell = cell};
    if (variable < 0) {  // published through a linked release
      audit.interval = {value, value};
      Judge(report, audit, value, p);
      continue;
    }
    const bool exact = options.exact_intervals || !p.sensitive;
    const double tol = Tolerance(value);
    double high = seen_high[variable], low = seen_low[variable];
    bool high_exact = false, low_exact = false;
    if (exact || high < value + std::max(p.upper, NotExact(value)) - tol) {
      SOVHUB_ASSIGN_OR_RETURN(high, solve(variable, LpSense::kMaximize));
      high_exact = true;
    }
    if (exact || low > value - p.lower + tol || high - low < p.sliding - tol) {
      SOVHUB_ASSIGN_OR_RETURN(low, solve(variable, LpSense::kMinimize));
      low_exact = true;
    }
    if (!high_exact && high - low < p.sliding - tol) {
      SOVHUB_ASSIGN_OR_RETURN(high, solve(variable, LpSense::kMaximize));
      high_exact = true;
    }
    audit.exact = high_exact && low_exact;
    audit.interval = {low, high};
    Judge(report, audit, value, p);
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
  if (releases.size() == 1 && std::isinf(options.cell_upper_bound) && FlatNetwork::Applies(*releases[0].table)) {
    return NetworkAudit(releases[0], protection, options);
  }
  return LpAudit(releases, protection, options, solver);
}

}  // namespace sovhub::disclosure
