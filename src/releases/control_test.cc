// SPDX-License-Identifier: AGPL-3.0-or-later
#include "releases/control.h"

#include <gtest/gtest.h>

#include <map>

#include "domain/disclosure/audit.h"
#include "domain/disclosure/table_input.h"
#include "lp/glpk_solver.h"

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

// Linked outputs: region × sex released first, then region × sex × age,
// which shares every cell of the first at age Total. A F (3) is sensitive.
constexpr const char* kRegionSex =
    "region,sex,n\nA,F,3\nA,M,20\nB,F,15\nB,M,25\nC,F,30\nC,M,30\n";
constexpr const char* kRegionSexAge =
    "region,sex,age,n\n"
    "A,F,Y,1\nA,F,O,2\nA,M,Y,12\nA,M,O,8\nB,F,Y,7\nB,F,O,8\n"
    "B,M,Y,13\nB,M,O,12\nC,F,Y,14\nC,F,O,16\nC,M,Y,15\nC,M,O,15\n";

// Which cells (by identity across tables) a protected table withholds.
std::map<std::string, bool> Withheld(const std::string& protected_csv) {
  auto released = disclosure::ParseReleaseCsv(protected_csv, "p.csv", "n", "Total", {});
  EXPECT_TRUE(released.ok()) << released.status().ToString();
  std::map<std::string, bool> withheld;
  if (!released.ok()) return withheld;
  for (std::size_t c = 0; c < released->table.cell_count(); ++c) {
    withheld[released->table.CellKey(c)] = released->suppressed[c];
  }
  return withheld;
}

TEST(ControlTest, ALinkedOutputWithholdsWhatTheEarlierOneWithheldAndBothAuditTogether) {
  const OutputSpec first_spec{{"region", "sex"}, "n", "", 10};
  auto first = ControlOutput(kRegionSex, "first.csv", first_spec);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EarlierOutput earlier{1, first_spec, kRegionSex, first->protected_csv};

  const OutputSpec second_spec{{"region", "sex", "age"}, "n", "", 10};
  auto second = ControlOutput(kRegionSexAge, "second.csv", second_spec, {earlier});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->linked, std::vector<std::int64_t>{1});
  EXPECT_NE(second->report_json.find("\"linked_outputs\": [\n    1\n  ]"), std::string::npos) << second->report_json;

  // Every cell the first output withheld is withheld by the second.
  const auto withheld_first = Withheld(first->protected_csv);
  const auto withheld_second = Withheld(second->protected_csv);
  std::size_t shared = 0;
  for (const auto& [key, suppressed] : withheld_first) {
    if (!suppressed) continue;
    auto it = withheld_second.find(key);
    ASSERT_NE(it, withheld_second.end()) << key;
    EXPECT_TRUE(it->second) << key << " is withheld by the first output but published by the second";
    ++shared;
  }
  EXPECT_GE(shared, 4u);

  // The attacker's view of both published tables: every sensitive cell of
  // the first output still meets its protection.
  auto first_table = disclosure::ParseTableCsv(kRegionSex, {.file_name = "first.csv", .dimensions = {"region", "sex"},
                                                            .count_column = "n"});
  ASSERT_TRUE(first_table.ok());
  auto second_released = disclosure::ParseReleaseCsv(second->protected_csv, "second", "n", "Total", {});
  ASSERT_TRUE(second_released.ok());
  auto first_released = disclosure::ParseReleaseCsv(first->protected_csv, "first", "n", "Total", {});
  ASSERT_TRUE(first_released.ok());
  std::vector<bool> first_suppressed(first_table->table.cell_count());
  for (std::size_t c = 0; c < first_suppressed.size(); ++c) {
    first_suppressed[c] = withheld_first.at(first_table->table.CellKey(c));
  }
  disclosure::PrimaryRules rules;
  rules.frequency = disclosure::FrequencyRule{.threshold = 10};
  auto protection = disclosure::ApplyPrimaryRules(first_table->table, rules, first_table->by_hand);
  ASSERT_TRUE(protection.ok());
  lp::GlpkSolver solver;
  auto audit = disclosure::Audit({{&first_table->table, &first_suppressed},
                                  {&second_released->table, &second_released->suppressed}},
                                 *protection, {}, solver);
  ASSERT_TRUE(audit.ok()) << audit.status().ToString();
  EXPECT_TRUE(audit->ok()) << "a cell of the first output is disclosed by the two together";
}

TEST(ControlTest, AnOutputThatCountsSomethingElseIsNotLinked) {
  const OutputSpec first_spec{{"region", "sex"}, "n", "", 10};
  auto first = ControlOutput(kRegionSex, "first.csv", first_spec);
  ASSERT_TRUE(first.ok());
  // Same measure name, other values (another extract): audited apart, and said.
  const std::string other = "region,sex,n\nA,F,4\nA,M,20\nB,F,15\nB,M,25\nC,F,30\nC,M,30\n";
  auto second = ControlOutput(other, "second.csv", first_spec, {{1, first_spec, kRegionSex, first->protected_csv}});
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_TRUE(second->linked.empty());
  EXPECT_NE(second->report_json.find("A × F is 4 here and 3 there"), std::string::npos) << second->report_json;
  // Another measure: not even compared.
  const OutputSpec stays{{"region", "sex"}, "stays", "", 10};
  auto third = ControlOutput("region,sex,stays\nA,F,40\nA,M,50\n", "third.csv", stays,
                             {{1, first_spec, kRegionSex, first->protected_csv}});
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  EXPECT_TRUE(third->linked.empty());
  EXPECT_NE(third->report_json.find("\"unlinked_outputs\": []"), std::string::npos) << third->report_json;
}

TEST(ControlTest, AMagnitudeCellOneContributorDominatesIsSuppressed) {
  // Cost per region: in A one contributor holds 900 of 1000 (p% rule with
  // p = 10: the second largest, 30, could estimate it within 10%). Every
  // cell has at least 10 contributors, so the frequency rule alone passes.
  const std::string csv =
      "region,n,cost,top1,top2\n"
      "A,12,1000,900,30\n"
      "B,15,1200,150,140\n"
      "C,11,900,120,110\n"
      "D,20,2000,200,190\n";
  OutputSpec spec{{"region"}, "n", "cost", 10};
  spec.top_columns = {"top1", "top2"};
  spec.p_percent = 10;
  auto out = ControlOutput(csv, "cost.csv", spec);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->primary, 1u);
  EXPECT_NE(out->protected_csv.find("A,,primary\n"), std::string::npos) << out->protected_csv;
  EXPECT_NE(out->report_json.find("\"rule\": \"p%\""), std::string::npos) << out->report_json;
  // The frequency rule alone would publish A.
  OutputSpec frequency_only{{"region"}, "n", "", 10};
  auto counts = ControlOutput("region,n\nA,12\nB,15\nC,11\nD,20\n", "n.csv", frequency_only);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->primary, 0u);
}

TEST(ControlTest, AMagnitudeTableNeedsItsContributionsAndARule) {
  OutputSpec spec{{"region"}, "n", "cost", 10};
  Status no_top = CheckSpec(spec);
  EXPECT_EQ(no_top.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(no_top.message().find("--top"), std::string::npos) << no_top.message();
  spec.top_columns = {"top1"};
  Status no_rule = CheckSpec(spec);
  EXPECT_NE(no_rule.message().find("--p P"), std::string::npos) << no_rule.message();
  spec.dominance = {{2, 85}};
  Status too_few = CheckSpec(spec);
  EXPECT_NE(too_few.message().find("the 2 largest contributions"), std::string::npos) << too_few.message();
  spec.top_columns = {"top1", "top2"};
  EXPECT_TRUE(CheckSpec(spec).ok());
  OutputSpec counts{{"region"}, "n", "", 10};
  counts.p_percent = 10;
  EXPECT_NE(CheckSpec(counts).message().find("give its --value column"), std::string::npos);
}

}  // namespace
}  // namespace sovhub::releases
