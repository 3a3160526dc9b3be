// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/prover.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sovhub::disclosure {
namespace {

// Stands for GLPK in the pure tests: the cases here must be proved by a
// hypercube or a flow, without any LP.
class NoLpSolver final : public LpSolver {
 public:
  Status Load(const LinearSystem&) override { return Status::Internal("no LP expected"); }
  Status SetBounds(int, double, double) override { return Status::Internal("no LP expected"); }
  Result<LpSolution> Optimize(const std::vector<LpTerm>&, LpSense, bool) override {
    return Status::Internal("no LP expected");
  }
};

// 3 × 3 interior cells, every one 5, with totals.
Table Fives() {
  auto rows = Hierarchy::Flat("Total", {"r1", "r2", "r3"});
  auto columns = Hierarchy::Flat("Total", {"c1", "c2", "c3"});
  auto table = Table::Make({{"row", *rows}, {"col", *columns}}, false);
  EXPECT_TRUE(table.ok());
  for (int r = 1; r <= 3; ++r) {
    for (int c = 1; c <= 3; ++c) table->AddToLeaf(table->Index({r, c}), 5, 5, {}, true);
  }
  table->ComputeMarginals();
  return std::move(*table);
}

struct Case {
  Table table = Fives();
  std::vector<bool> suppressed = std::vector<bool>(table.cell_count());
  std::vector<Protection> protection = std::vector<Protection>(table.cell_count());
  NoLpSolver solver;

  void Suppress(std::initializer_list<std::pair<int, int>> cells) {
    for (auto [r, c] : cells) suppressed[table.Index({r, c})] = true;
  }
  std::unique_ptr<Prover> Make(double bound = kUnbounded) {
    auto prover = Prover::Make(table, suppressed, protection, {}, bound, solver);
    EXPECT_TRUE(prover.ok()) << prover.status().ToString();
    return std::move(*prover);
  }
};

TEST(Prover, RectangleOfSuppressedCellsIsAProofWithoutAnyLp) {
  Case t;
  t.Suppress({{1, 1}, {1, 2}, {2, 1}, {2, 2}});
  const std::size_t x11 = t.table.Index({1, 1});
  t.protection[x11] = Protection{.sensitive = true, .upper = 4};
  // With an assumed bound the flow does not apply: only the hypercube can
  // prove it, and it must (the solver fails if asked).
  auto prover = t.Make(1000);
  auto audit = prover->Prove(x11);
  ASSERT_TRUE(audit.ok()) << audit.status().ToString();
  EXPECT_TRUE(audit->is_protected);
  EXPECT_FALSE(audit->exact);
  EXPECT_DOUBLE_EQ(audit->interval.lower, 0);   // (1,1) and (2,2) fall by 5
  EXPECT_DOUBLE_EQ(audit->interval.upper, 10);  // (1,2) and (2,1) give 5
  EXPECT_EQ(prover->ProofsUsing(t.table.Index({2, 2})), std::vector<std::size_t>{x11});
  EXPECT_TRUE(prover->ProofsUsing(t.table.Index({3, 3})).empty());
  EXPECT_EQ(prover->linear_programs(), 0u);
}

TEST(Prover, SixCycleIsProvedByTheNetwork) {
  Case t;
  // Two suppressed cells in every row and column, no rectangle among them.
  t.Suppress({{1, 1}, {1, 2}, {2, 2}, {2, 3}, {3, 3}, {3, 1}});
  const std::size_t x11 = t.table.Index({1, 1});
  t.protection[x11] = Protection{.sensitive = true, .upper = 3};
  auto prover = t.Make();
  auto audit = prover->Prove(x11);
  ASSERT_TRUE(audit.ok()) << audit.status().ToString();
  EXPECT_TRUE(audit->is_protected);
  EXPECT_GE(audit->interval.upper, 8);
  // The flow runs around the whole cycle.
  EXPECT_EQ(prover->ProofsUsing(t.table.Index({3, 1})), std::vector<std::size_t>{x11});
  EXPECT_TRUE(prover->ProofsUsing(t.table.Index({2, 1})).empty());
}

TEST(Prover, LoneCellInItsColumnFailsWithItsExactValue) {
  Case t;
  t.Suppress({{1, 1}, {1, 2}, {2, 2}});  // column 1 holds (1,1) alone
  const std::size_t x11 = t.table.Index({1, 1});
  t.protection[x11] = Protection{.sensitive = true, .upper = 1};
  auto prover = t.Make();
  auto report = prover->ProveAll();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->failing, std::vector<std::size_t>{x11});
  EXPECT_DOUBLE_EQ(report->cells.at(0).interval.lower, 5);
  EXPECT_DOUBLE_EQ(report->cells.at(0).interval.upper, 5);
  // Suppressing (2,1) closes the rectangle.
  prover->SetSuppressed(t.table.Index({2, 1}), true);
  report = prover->ProveAll();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
}

TEST(Prover, PublishedCellsThatDoNotAddUpAreRefused) {
  Case t;
  t.table.cell(t.table.Index({1, 1})).value = 6;  // the row total still says 15
  NoLpSolver solver;
  EXPECT_FALSE(Prover::Make(t.table, t.suppressed, t.protection, {}, kUnbounded, solver).ok());
}

}  // namespace
}  // namespace sovhub::disclosure
