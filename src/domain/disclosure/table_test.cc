// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/table.h"

#include <gtest/gtest.h>

#include "domain/disclosure/table_input.h"

namespace sovhub::disclosure {
namespace {

TableInputOptions CountOptions() {
  TableInputOptions options;
  options.file_name = "T.csv";
  options.dimensions = {"region", "sex"};
  options.count_column = "n";
  return options;
}

TEST(Table, ComputesMarginalsAndEquations) {
  auto input = ParseTableCsv("region,sex,n\nA,m,1\nA,f,2\nB,m,3\nB,f,4\n", CountOptions());
  ASSERT_TRUE(input.ok()) << input.status().ToString();
  const Table& t = input->table;
  EXPECT_EQ(t.cell_count(), 9u);
  EXPECT_EQ(t.cell(t.Index({0, 0})).value, 10.0);
  EXPECT_EQ(t.cell(t.Index({1, 0})).count, 3);
  int equations = 0;
  t.ForEachEquation([&](std::size_t total, const std::vector<std::size_t>& parts) {
    double sum = 0;
    for (std::size_t p : parts) sum += t.cell(p).value;
    EXPECT_EQ(sum, t.cell(total).value);
    ++equations;
  });
  EXPECT_EQ(equations, 6);  // 3 rows + 3 columns
  EXPECT_EQ(t.CellLabel(t.Index({1, 0})), "A × Total");
}

TEST(Table, ChecksGivenMarginalsAndNamesTheCell) {
  auto input = ParseTableCsv("region,sex,n\nA,m,1\nA,f,2\nA,Total,4\nB,m,3\nB,f,4\nB,total,7\n", CountOptions());
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.status().message(),
            "marginal totals do not add up:\nT.csv:4: A × Total: n is 4, the cells under it add up to 3");
}

TEST(Table, NamesFileLineAndColumnOfABadCount) {
  auto input = ParseTableCsv("region,sex,n\nA,m,1\nA,f,abc\n", CountOptions());
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.status().message(), "T.csv:3: column n: \"abc\" is not a count");
  auto missing = ParseTableCsv("region,gender,n\nA,m,1\n", CountOptions());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no column \"sex\""), std::string::npos);
}

TEST(Table, ContributorRowsAddUpWithTheirLargestValues) {
  TableInputOptions options;
  options.file_name = "m.csv";
  options.dimensions = {"region"};
  options.value_column = "val";
  auto input = ParseTableCsv("region,val\nA,5\nA,9\nA,7\nB,1\n", options);
  ASSERT_TRUE(input.ok()) << input.status().ToString();
  const Table& t = input->table;
  const CellData& a = t.cell(1);
  EXPECT_EQ(a.count, 3);
  EXPECT_EQ(a.value, 21.0);
  EXPECT_EQ(a.top, (std::vector<double>{9, 7, 5}));
  EXPECT_EQ(t.cell(0).top, (std::vector<double>{9, 7, 5, 1}));
}

}  // namespace
}  // namespace sovhub::disclosure
