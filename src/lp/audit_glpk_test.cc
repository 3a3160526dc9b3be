// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The audit's LP paths (audit.h, prover.h) with GLPK behind the port, on
// small hand-checked tables.
#include <gtest/gtest.h>

#include <algorithm>

#include "domain/disclosure/audit.h"
#include "domain/disclosure/prover.h"
#include "lp/glpk_solver.h"

namespace sovhub::disclosure {
namespace {

// 4 × 4 interior cells, every one 5, with totals; 3-D: 2 × 2 × 2 of 5.
Table Flat(std::vector<int> sizes) {
  std::vector<Dimension> dims;
  for (std::size_t d = 0; d < sizes.size(); ++d) {
    std::vector<std::string> codes;
    for (int i = 1; i <= sizes[d]; ++i) codes.push_back("c" + std::to_string(i));
    dims.push_back({"d" + std::to_string(d), *Hierarchy::Flat("Total", codes)});
  }
  auto table = Table::Make(std::move(dims), false);
  EXPECT_TRUE(table.ok());
  for (std::size_t c = 0; c < table->cell_count(); ++c) {
    if (table->IsLeafCell(c)) table->AddToLeaf(c, 5, 5, {}, true);
  }
  table->ComputeMarginals();
  return std::move(*table);
}

const CellAudit& Of(const AuditReport& report, std::size_t cell) {
  return *std::find_if(report.cells.begin(), report.cells.end(), [&](const CellAudit& a) { return a.cell == cell; });
}

TEST(AuditWithGlpk, TwoComponentsGiveTheSameIntervalsAsOneSystem) {
  Table t = Flat({4, 4});
  std::vector<bool> suppressed(t.cell_count());
  // Two rectangles with no line in common: (1,1)(1,2)(2,1)(2,2) and (3,3)(3,4)(4,3)(4,4).
  for (auto [r, c] : {std::pair{1, 1}, {1, 2}, {2, 1}, {2, 2}, {3, 3}, {3, 4}, {4, 3}, {4, 4}}) {
    suppressed[t.Index({r, c})] = true;
  }
  std::vector<Protection> protection(t.cell_count());
  lp::GlpkSolver solver;
  // An upper bound of 8 takes the LP path (no network) and bounds the rise:
  // (1,1) + t needs (1,2) - t >= 0 and (2,2) + t <= 8: [2, 8].
  auto report = Audit({{&t, &suppressed}}, protection, AuditOptions{.cell_upper_bound = 8}, solver);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->cells.size(), 8u);
  EXPECT_EQ(report->linear_programs, 16u);
  for (auto [r, c] : {std::pair{1, 1}, {4, 4}}) {
    const CellAudit& a = Of(*report, t.Index({r, c}));
    EXPECT_NEAR(a.interval.lower, 2, 1e-9);
    EXPECT_NEAR(a.interval.upper, 8, 1e-9);
  }
}

TEST(AuditWithGlpk, ProverUsesTheCubeBeforeAnyLpAndTheLpWhenNoCubeExists) {
  Table t = Flat({2, 2, 2});
  std::vector<bool> suppressed(t.cell_count());
  for (std::size_t c = 0; c < t.cell_count(); ++c) suppressed[c] = t.IsLeafCell(c);  // the 8 leaves
  std::vector<Protection> protection(t.cell_count());
  const std::size_t x111 = t.Index({1, 1, 1});
  protection[x111] = Protection{.sensitive = true, .upper = 5};
  lp::GlpkSolver solver;
  auto prover = Prover::Make(t, suppressed, protection, {}, kUnbounded, solver);
  ASSERT_TRUE(prover.ok());
  auto audit = (*prover)->Prove(x111);
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(audit->is_protected);
  EXPECT_EQ((*prover)->linear_programs(), 0u);  // the 2×2×2 cube of leaves
  EXPECT_DOUBLE_EQ(audit->interval.upper, 10);
  // Asking for more than the cube gives: the LPs, exact: (1,1,1) ∈ [0, 10].
  protection[x111].upper = 6;
  auto strict = Prover::Make(t, suppressed, protection, {}, kUnbounded, solver);
  ASSERT_TRUE(strict.ok());
  audit = (*strict)->Prove(x111);
  ASSERT_TRUE(audit.ok());
  EXPECT_FALSE(audit->is_protected);
  EXPECT_TRUE(audit->exact);
  EXPECT_NEAR(audit->interval.lower, 0, 1e-9);
  EXPECT_NEAR(audit->interval.upper, 10, 1e-9);
  EXPECT_EQ((*strict)->linear_programs(), 2u);
}

TEST(AuditWithGlpk, PublishingACellFixesItInTheLoadedComponent) {
  Table t = Flat({2, 2, 2});
  std::vector<bool> suppressed(t.cell_count());
  for (std::size_t c = 0; c < t.cell_count(); ++c) suppressed[c] = t.IsLeafCell(c);
  std::vector<Protection> protection(t.cell_count());
  const std::size_t x111 = t.Index({1, 1, 1});
  protection[x111] = Protection{.sensitive = true, .upper = 6};  // forces the LPs
  lp::GlpkSolver solver;
  auto prover = Prover::Make(t, suppressed, protection, {}, kUnbounded, solver);
  ASSERT_TRUE(prover.ok());
  ASSERT_TRUE((*prover)->Prove(x111).ok());
  // Publishing the opposite corner: the 2×2×2 cube is broken, (1,1,1) is exact.
  (*prover)->SetSuppressed(t.Index({2, 2, 2}), false);
  auto audit = (*prover)->Prove(x111);
  ASSERT_TRUE(audit.ok());
  EXPECT_NEAR(audit->interval.upper - audit->interval.lower, 0, 1e-9);
}

}  // namespace
}  // namespace sovhub::disclosure
