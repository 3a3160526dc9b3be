// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/hypercube.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sovhub::disclosure {
namespace {

// A 1-D table: Total → A → {a1, a2, a3}, Total → B → {b1}.
Table OneDimension() {
  auto h = Hierarchy::FromEdges("Total", {{"A", ""}, {"a1", "A"}, {"a2", "A"}, {"a3", "A"}, {"B", ""}, {"b1", "B"}});
  EXPECT_TRUE(h.ok());
  auto table = Table::Make({{"d", *h}}, false);
  EXPECT_TRUE(table.ok());
  const std::vector<std::pair<std::string, double>> leaves{{"a1", 1}, {"a2", 5}, {"a3", 2}, {"b1", 40}};
  for (const auto& [label, n] : leaves) {
    table->AddToLeaf(table->Index({*h->Find(label)}), n, static_cast<std::int64_t>(n), {}, true);
  }
  table->ComputeMarginals();
  return std::move(*table);
}

// 3 × 3 interior cells (rows r1..r3, columns c1..c3) with totals.
Table ThreeByThree(const std::vector<double>& interior) {
  auto rows = Hierarchy::Flat("Total", {"r1", "r2", "r3"});
  auto columns = Hierarchy::Flat("Total", {"c1", "c2", "c3"});
  auto table = Table::Make({{"row", *rows}, {"col", *columns}}, false);
  EXPECT_TRUE(table.ok());
  for (int r = 1; r <= 3; ++r) {
    for (int c = 1; c <= 3; ++c) {
      double n = interior[(r - 1) * 3 + (c - 1)];
      table->AddToLeaf(table->Index({r, c}), n, static_cast<std::int64_t>(n), {}, true);
    }
  }
  table->ComputeMarginals();
  return std::move(*table);
}

std::vector<double> Costs(const Table& t) {
  std::vector<double> weight(t.cell_count());
  for (std::size_t c = 0; c < weight.size(); ++c) weight[c] = t.cell(c).value + 1;
  return weight;
}

TEST(Hypercube, CheapestSiblingThatHoldsTheProtection) {
  Table t = OneDimension();
  const std::size_t a1 = t.Index({*t.dimension(0).codes.Find("a1")});
  const std::size_t a2 = t.Index({*t.dimension(0).codes.Find("a2")});
  const std::size_t a3 = t.Index({*t.dimension(0).codes.Find("a3")});
  std::vector<bool> suppressed(t.cell_count()), may(t.cell_count(), true);
  suppressed[a1] = true;
  // a1 must be able to rise by 1: a3 (2, cost 3) can give 1, cheaper than a2 (5, cost 6).
  auto cube = CheapestHypercube(t, a1, Protection{.sensitive = true, .upper = 1}, suppressed, may, Costs(t), {});
  ASSERT_TRUE(cube.has_value());
  EXPECT_EQ(*cube, std::vector<std::size_t>{a3});
  // A rise of 3: a3 cannot give it, a2 can.
  cube = CheapestHypercube(t, a1, Protection{.sensitive = true, .upper = 3}, suppressed, may, Costs(t), {});
  ASSERT_TRUE(cube.has_value());
  EXPECT_EQ(*cube, std::vector<std::size_t>{a2});
  // Neither may be suppressed: the chain up (A, then the total) is left.
  may[a2] = may[a3] = false;
  cube = CheapestHypercube(t, a1, Protection{.sensitive = true, .upper = 3}, suppressed, may, Costs(t), {});
  ASSERT_TRUE(cube.has_value());
  std::vector<std::size_t> up{t.Index({*t.dimension(0).codes.Find("A")}), t.Index(std::vector<int>{0})};
  std::sort(cube->begin(), cube->end());
  std::sort(up.begin(), up.end());
  EXPECT_EQ(*cube, up);
}

TEST(Hypercube, RectangleOfSuppressedCellsWithSigns) {
  Table t = ThreeByThree({6, 1, 9, 0, 3, 9, 9, 9, 9});
  std::vector<bool> suppressed(t.cell_count());
  for (int r = 1; r <= 2; ++r) {
    for (int c = 1; c <= 2; ++c) suppressed[t.Index({r, c})] = true;
  }
  const std::size_t x11 = t.Index({1, 1});
  // (2,1) = 0 cannot fall: no rectangle lets (1,1) rise by 1.
  EXPECT_FALSE(SuppressedHypercube(t, x11, Protection{.sensitive = true, .upper = 1}, suppressed, {}).has_value());
  // (1,2) can rise by 1: its falling cells (1,1) = 6 and (2,2) = 3 give it.
  const std::size_t x12 = t.Index({1, 2});
  auto cube = SuppressedHypercube(t, x12, Protection{.sensitive = true, .upper = 1}, suppressed, {});
  ASSERT_TRUE(cube.has_value());
  ASSERT_EQ(cube->cells.size(), 4u);
  EXPECT_EQ(cube->cells[0], x12);
  EXPECT_TRUE(KeepsEquations(t, *cube));
  int sum = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(suppressed[cube->cells[i]]);
    sum += cube->signs[i];
  }
  EXPECT_EQ(sum, 0);  // two rise, two fall
}

TEST(Hypercube, KeepsEquationsRejectsAMoveWithoutItsCounterpart) {
  Table t = ThreeByThree({1, 2, 3, 4, 5, 6, 7, 8, 9});
  Hypercube lone{.moves = {{{1, 1}}, {{1, 1}}}, .cells = {t.Index({1, 1})}, .signs = {1}};
  EXPECT_FALSE(KeepsEquations(t, lone));  // row 1's total would not follow
  Hypercube rectangle{.moves = {{{1, 1}, {2, -1}}, {{1, 1}, {3, -1}}}};
  EXPECT_TRUE(KeepsEquations(t, rectangle));
  Hypercube up{.moves = {{{1, 1}, {0, 1}}, {{1, 1}, {0, 1}}}};  // a cell, its row, column and grand totals
  EXPECT_TRUE(KeepsEquations(t, up));
}

TEST(Hypercube, LinesThroughAnInteriorCell) {
  Table t = ThreeByThree({1, 2, 3, 4, 5, 6, 7, 8, 9});
  auto lines = LinesThrough(t, t.Index({2, 3}));
  ASSERT_EQ(lines.size(), 2u);  // its column and its row
  for (const auto& line : lines) {
    ASSERT_EQ(line.size(), 4u);  // the total, then three parts
    double parts = 0;
    for (std::size_t i = 1; i < line.size(); ++i) parts += t.cell(line[i]).value;
    EXPECT_DOUBLE_EQ(t.cell(line[0]).value, parts);
  }
}

}  // namespace
}  // namespace sovhub::disclosure
