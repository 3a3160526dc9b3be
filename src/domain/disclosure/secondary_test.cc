// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/secondary.h"

#include <gtest/gtest.h>

namespace sovhub::disclosure {
namespace {

// A flat 2-D table is protected with flows: no LP may be asked for.
class NoLpSolver final : public LpSolver {
 public:
  Status Load(const LinearSystem&) override { return Status::Internal("no LP expected"); }
  Status SetBounds(int, double, double) override { return Status::Internal("no LP expected"); }
  Result<LpSolution> Optimize(const std::vector<LpTerm>&, LpSense, bool) override {
    return Status::Internal("no LP expected");
  }
};

//        c1  c2  c3
//   r1   20  30  40
//   r2   25   2  35
//   r3   30  30  30
struct Small {
  Table table = [] {
    auto rows = Hierarchy::Flat("Total", {"r1", "r2", "r3"});
    auto columns = Hierarchy::Flat("Total", {"c1", "c2", "c3"});
    auto t = Table::Make({{"row", *rows}, {"col", *columns}}, false);
    const double interior[3][3] = {{20, 30, 40}, {25, 2, 35}, {30, 30, 30}};
    for (int r = 1; r <= 3; ++r) {
      for (int c = 1; c <= 3; ++c) {
        t->AddToLeaf(t->Index({r, c}), interior[r - 1][c - 1], static_cast<std::int64_t>(interior[r - 1][c - 1]),
                     {}, true);
      }
    }
    t->ComputeMarginals();
    return std::move(*t);
  }();
  std::vector<Protection> protection = [this] {
    std::vector<Protection> p(table.cell_count());
    p[table.Index({2, 2})] = Protection{.sensitive = true, .upper = 8, .rule = "frequency"};  // 2 < 10
    return p;
  }();
  std::size_t Cell(int r, int c) const { return table.Index({r, c}); }
};

TEST(Secondary, CheapestRectangleProtectsTheSmallCell) {
  Small t;
  NoLpSolver solver;
  auto result = Protect(t.table, t.protection, {}, ProtectOptions{}, solver);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  // Rectangles through (2,2) cost 20+30+25 (r1,c1), 40+30+35, 30+30+25, 30+30+35: the first.
  EXPECT_EQ(result->primary_cells, 1u);
  EXPECT_EQ(result->secondary_cells, 3u);
  EXPECT_EQ(result->status[t.Cell(1, 1)], CellStatus::kSecondary);
  EXPECT_EQ(result->status[t.Cell(1, 2)], CellStatus::kSecondary);
  EXPECT_EQ(result->status[t.Cell(2, 1)], CellStatus::kSecondary);
  EXPECT_DOUBLE_EQ(result->suppressed_total, 2 + 20 + 30 + 25);
  EXPECT_TRUE(result->audit.ok());
}

TEST(Secondary, DropPassPublishesTheSecondRectangleAgain) {
  Small t;
  NoLpSolver solver;
  std::vector<bool> pattern(t.table.cell_count());
  for (auto [r, c] : {std::pair{2, 2}, {1, 1}, {1, 2}, {2, 1}, {2, 3}, {3, 2}, {3, 3}}) pattern[t.Cell(r, c)] = true;
  auto dropped = DropUnneededSecondaries(t.table, t.protection, {}, ProtectOptions{}, pattern, solver);
  ASSERT_TRUE(dropped.ok()) << dropped.status().ToString();
  // (2,3), (3,2), (3,3) go; (1,2) is tried before (3,2) and stays, since
  // (3,2) and (3,3) alone close no cycle once (2,3) is published.
  EXPECT_EQ(*dropped, 3u);
  for (auto [r, c] : {std::pair{2, 2}, {1, 1}, {1, 2}, {2, 1}}) EXPECT_TRUE(pattern[t.Cell(r, c)]) << r << c;
  for (auto [r, c] : {std::pair{2, 3}, {3, 2}, {3, 3}}) EXPECT_FALSE(pattern[t.Cell(r, c)]) << r << c;
}

TEST(Secondary, DropPassRefusesAFailingPattern) {
  Small t;
  NoLpSolver solver;
  std::vector<bool> pattern(t.table.cell_count());
  pattern[t.Cell(2, 2)] = true;
  EXPECT_FALSE(DropUnneededSecondaries(t.table, t.protection, {}, ProtectOptions{}, pattern, solver).ok());
}

TEST(Secondary, NaiveBaselineLeavesNoLineWithASingleSuppressedCell) {
  Small t;
  std::vector<bool> naive = NaiveLinePattern(t.table, t.protection);
  EXPECT_TRUE(naive[t.Cell(2, 2)]);
  t.table.ForEachEquation([&](std::size_t total, const std::vector<std::size_t>& parts) {
    int count = naive[total] ? 1 : 0;
    for (std::size_t p : parts) count += naive[p] ? 1 : 0;
    EXPECT_NE(count, 1) << t.table.CellLabel(total);
  });
}

}  // namespace
}  // namespace sovhub::disclosure
