// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Secondary suppression with its audit, against the naive baseline "suppress
// the smallest other cell of each line (row, column, …) until each line holds
// two", audited the same way. Synthetic tables (see Synthetic()), 10% of the
// leaf cells sensitive under the frequency rule (threshold 10); deterministic
// (seed 1).
//
// Usage: sovhub_bench_disclosure [CASE...]  (none: all)
//   2d-100     100 × 100
//   2d-500     500 × 500 (target: under 10 s on one core)
//   3d-50      50 × 50 × 20
//   hier-100k  20 regions × 15 departments by 10 groups × 30 codes (99,831 cells)
// Prints one line per method and "name = value" summary lines.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "domain/disclosure/audit.h"
#include "domain/disclosure/primary.h"
#include "domain/disclosure/secondary.h"
#include "domain/disclosure/table.h"
#include "lp/glpk_solver.h"

namespace sdc = sovhub::disclosure;

namespace {

sdc::Hierarchy Flat(int codes) {
  std::vector<std::string> labels;
  for (int i = 0; i < codes; ++i) labels.push_back("c" + std::to_string(i));
  return sdc::Hierarchy::Flat("Total", labels).value();
}

sdc::Hierarchy TwoLevels(int groups, int per_group) {
  std::vector<std::pair<std::string, std::string>> edges;
  for (int g = 0; g < groups; ++g) {
    std::string group = "g" + std::to_string(g);
    edges.emplace_back(group, "");
    for (int i = 0; i < per_group; ++i) edges.emplace_back(group + "." + std::to_string(i), group);
  }
  return sdc::Hierarchy::FromEdges("Total", edges).value();
}

// Leaf counts ⌈k·a_i·b_j·…·noise⌉ with lognormal margins a, b, … (σ = 1) so that
// sensitive cells cluster in the small rows and columns and big lines hold a
// single one, as in real tables; k puts 10% of the leaf cells under 10.
sdc::Table Synthetic(std::vector<sdc::Hierarchy> dims, std::uint64_t seed) {
  std::vector<sdc::Dimension> dimensions;
  for (std::size_t d = 0; d < dims.size(); ++d) dimensions.push_back({"d" + std::to_string(d), std::move(dims[d])});
  sdc::Table table = sdc::Table::Make(std::move(dimensions), false).value();
  std::mt19937_64 random(seed);
  std::lognormal_distribution<double> margin(0.0, 1.0);
  std::uniform_real_distribution<double> noise(0.5, 1.5);
  std::vector<std::vector<double>> size(table.dimension_count());
  for (int d = 0; d < table.dimension_count(); ++d) {
    for (int code = 0; code < table.dimension(d).codes.size(); ++code) size[d].push_back(margin(random));
  }
  std::vector<std::size_t> leaves;
  std::vector<double> raw;
  for (std::size_t c = 0; c < table.cell_count(); ++c) {
    if (!table.IsLeafCell(c)) continue;
    double x = noise(random);
    for (int d = 0; d < table.dimension_count(); ++d) x *= size[d][table.Code(c, d)];
    leaves.push_back(c);
    raw.push_back(x);
  }
  std::vector<double> sorted = raw;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 10, sorted.end());
  const double k = 9.0 / sorted[sorted.size() / 10];
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    double n = std::ceil(k * raw[i]);
    table.AddToLeaf(leaves[i], n, static_cast<std::int64_t>(n), {}, true);
  }
  table.ComputeMarginals();
  return table;
}

double Seconds(const std::function<void()>& work) {
  auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Run(const std::string& name, const sdc::Table& table) {
  auto protection = sdc::ApplyPrimaryRules(table, sdc::PrimaryRules{}, {}).value();
  std::size_t sensitive = 0;
  double table_total = 0;
  for (std::size_t c = 0; c < table.cell_count(); ++c) {
    sensitive += protection[c].sensitive;
    if (table.IsLeafCell(c)) table_total += table.cell(c).value;
  }
  std::printf("== %s: %zu cells, %zu sensitive, table total %.0f\n", name.c_str(), table.cell_count(), sensitive,
              table_total);
  std::printf("  %-34s %9s %10s %12s %9s %10s\n", "method", "seconds", "suppressed", "supp. total", "loss %",
              "audit");

  sovhub::lp::GlpkSolver solver;
  sdc::ProtectOptions options;
  options.exact_final_audit = false;  // prove every cell; exact intervals are for the CLI
  sovhub::Result<sdc::ProtectResult> ours = sovhub::Status::Internal("not run");
  double our_seconds = Seconds([&] { ours = sdc::Protect(table, protection, {}, options, solver); });
  if (!ours.ok()) {
    std::printf("  sovhub failed: %s\n", ours.status().ToString().c_str());
    return;
  }
  std::size_t our_cells = ours->primary_cells + ours->secondary_cells;
  std::printf("  %-34s %9.2f %10zu %12.0f %9.2f %10s\n", "sovhub (heuristic+audit+repair)", our_seconds, our_cells,
              ours->suppressed_total, 100 * ours->suppressed_total / table_total,
              ours->audit.ok() ? "pass" : "FAIL");
  std::printf("    heuristic +%zu, repair +%zu, dropped %zu, LPs %zu\n", ours->heuristic_added, ours->repair_added,
              ours->dropped, ours->linear_programs);

  std::vector<bool> naive;
  double naive_pattern_seconds = Seconds([&] { naive = sdc::NaiveLinePattern(table, protection); });
  sovhub::Result<sdc::AuditReport> audit = sovhub::Status::Internal("not run");
  double naive_audit_seconds = Seconds([&] {
    audit = sdc::Audit({{&table, &naive}}, protection, sdc::AuditOptions{.exact_intervals = false}, solver);
  });
  std::size_t naive_cells = 0;
  double naive_total = 0;
  for (std::size_t c = 0; c < naive.size(); ++c) {
    if (!naive[c]) continue;
    ++naive_cells;
    naive_total += table.cell(c).value;
  }
  std::string verdict = !audit.ok() ? "error" : audit->ok() ? "pass" : std::to_string(audit->failing.size()) + " fail";
  std::printf("  %-34s %9.2f %10zu %12.0f %9.2f %10s\n", "naive lines (+ the same audit)",
              naive_pattern_seconds + naive_audit_seconds, naive_cells, naive_total, 100 * naive_total / table_total,
              verdict.c_str());
  std::printf("%s seconds = %.2f (naive %.2f)\n", name.c_str(), our_seconds, naive_pattern_seconds + naive_audit_seconds);
  std::printf("%s suppressed cells = %zu (naive %zu)\n", name.c_str(), our_cells, naive_cells);
  std::printf("%s information loss ratio = sovhub/naive = %.3f\n", name.c_str(),
              naive_total > 0 ? ours->suppressed_total / naive_total : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> cases(argv + 1, argv + argc);
  if (cases.empty()) cases = {"2d-100", "2d-500", "3d-50", "hier-100k"};
  for (const std::string& name : cases) {
    if (name == "2d-100") {
      Run(name, Synthetic({Flat(100), Flat(100)}, 1));
    } else if (name == "2d-500") {
      Run(name, Synthetic({Flat(500), Flat(500)}, 1));
    } else if (name == "3d-50") {
      Run(name, Synthetic({Flat(50), Flat(50), Flat(20)}, 1));
    } else if (name == "hier-100k") {
      Run(name, Synthetic({TwoLevels(20, 15), TwoLevels(10, 30)}, 1));
    } else {
      std::fprintf(stderr, "unknown case %s\n", name.c_str());
      return 1;
    }
  }
  return 0;
}
