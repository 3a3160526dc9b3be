// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/network.h"

#include <gtest/gtest.h>

#include "domain/disclosure/linear_program.h"
#include "domain/disclosure/table_input.h"

namespace sovhub::disclosure {
namespace {

Table Handbook3x2() {
  // Handbook on SDC, ch. 4, Example 3 (Geurts 1992): interior cells.
  TableInputOptions options{.file_name = "geurts.csv", .dimensions = {"row", "col"}, .count_column = "n"};
  auto input = ParseTableCsv("row,col,n\n1,1,6\n1,2,1\n2,1,0\n2,2,3\n3,1,3\n3,2,3\n", options);
  EXPECT_TRUE(input.ok()) << input.status().ToString();
  return std::move(input->table);
}

TEST(FlatNetwork, IntervalsOfTheHandbookExample) {
  Table t = Handbook3x2();
  ASSERT_TRUE(FlatNetwork::Applies(t));
  std::vector<bool> suppressed(t.cell_count());
  for (int r = 1; r <= 2; ++r) {
    for (int c = 1; c <= 2; ++c) suppressed[t.Index({r, c})] = true;
  }
  FlatNetwork network(t, suppressed);
  std::size_t x11 = t.Index({1, 1});
  EXPECT_DOUBLE_EQ(6 - network.MaxFall(x11, kUnbounded), 3);
  EXPECT_DOUBLE_EQ(6 + network.MaxRise(x11, kUnbounded), 6);
  std::size_t x12 = t.Index({1, 2});
  EXPECT_DOUBLE_EQ(1 - network.MaxFall(x12, kUnbounded), 1);
  EXPECT_DOUBLE_EQ(1 + network.MaxRise(x12, kUnbounded), 4);
}

TEST(FlatNetwork, CheapestCycleUsesPublishedCellsByWeight) {
  Table t = Handbook3x2();
  std::vector<bool> suppressed(t.cell_count());
  std::size_t x11 = t.Index({1, 1});
  suppressed[x11] = true;
  FlatNetwork network(t, suppressed);
  EXPECT_EQ(network.MaxRise(x11, kUnbounded), 0.0);
  std::vector<double> weight(t.cell_count(), 1.0);
  std::vector<bool> may(t.cell_count(), true);
  auto cycle = network.CheapestCycle(x11, true, 1.0, weight, may);
  ASSERT_TRUE(cycle.has_value());
  EXPECT_EQ(cycle->size(), 3u);  // a rectangle: three more cells
}

}  // namespace
}  // namespace sovhub::disclosure
