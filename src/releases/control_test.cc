// SPDX-License-Identifier: AGPL-3.0-or-later
#include "releases/control.h"

#include <gtest/gtest.h>

namespace sovhub::releases {
namespace {

TEST(ControlTest, SmallCellsAreSuppressedAndProtected) {
  const std::string csv = "region,sex,n\nA,F,3\nA,M,40\nB,F,25\nB,M,31\nC,F,22\nC,M,18\n";
  OutputSpec spec{{"region", "sex"}, "n", "", 10};
  auto out = ControlOutput(csv, "t.csv", spec);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->primary, 1u);
  EXPECT_GE(out->secondary, 3u);  // a 2-D table: a cycle of four cells at least
  EXPECT_NE(out->protected_csv.find("A,F,,primary\n"), std::string::npos) << out->protected_csv;
  // The suppressed value is nowhere in what may leave.
  EXPECT_EQ(out->protected_csv.find(",3,"), std::string::npos) << out->protected_csv;
  EXPECT_NE(out->report_json.find("\"audit_ok\": true"), std::string::npos) << out->report_json;
}

TEST(ControlTest, AMalformedTableNamesItsLine) {
  auto out = ControlOutput("sex,n\nF,abc\n", "t.csv", {{"sex"}, "n", "", 10});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("t.csv:2"), std::string::npos) << out.status().message();
}

}  // namespace
}  // namespace sovhub::releases
