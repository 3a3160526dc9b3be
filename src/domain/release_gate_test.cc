// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/release_gate.h"

#include <gtest/gtest.h>

namespace sovhub::release {
namespace {

GateInput Table() {
  GateInput input;
  input.file_name = "by_sex.csv";
  input.bytes = 40;
  input.header = {"sex", "n"};
  input.rows = {{"F", "120"}, {"M", "98"}};
  input.dimensions = {"sex"};
  input.count_column = "n";
  return input;
}

std::string Refusal(const GateInput& input, const GateLimits& limits = {}, const std::set<std::int64_t>& ids = {}) {
  Status status = CheckGate(input, limits, ids);
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << status.ToString();
  return status.message();
}

TEST(ReleaseGateTest, AnAggregateTablePasses) {
  EXPECT_TRUE(CheckGate(Table(), {}, {}).ok());
}

TEST(ReleaseGateTest, PersonIdColumnNamesAreRefused) {
  for (const char* name : {"person_id", "PID", "mother_person_id", "case_pid", "BEN_NIR_PSA", "PersonId", "nir"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(IsPersonIdColumnName(name));
    GateInput input = Table();
    input.header[0] = name;
    input.dimensions = {name};
    EXPECT_NE(Refusal(input).find("column " + std::string(name) + " is a person identifier"), std::string::npos);
  }
  EXPECT_FALSE(IsPersonIdColumnName("persons"));
  EXPECT_FALSE(IsPersonIdColumnName("rapid"));
}

TEST(ReleaseGateTest, ProjectPersonIdsUnderAnotherNameAreRefused) {
  GateInput input = Table();
  input.header = {"who", "n"};
  input.dimensions = {"who"};
  input.rows = {{"77", "1"}, {"4611686018427387", "1"}};
  EXPECT_EQ(WholeNumberCells(input), (std::set<std::int64_t>{1, 77, 4611686018427387}));
  std::string message = Refusal(input, {}, {77});
  EXPECT_NE(message.find("by_sex.csv:2: column who: holds the project's person ids (77 is one)"), std::string::npos)
      << message;
  // An identifier-shaped number is refused even when it is no person id.
  EXPECT_NE(message.find("by_sex.csv:3: column who: \"4611686018427387\" has the shape of an identifier"),
            std::string::npos)
      << message;
}

TEST(ReleaseGateTest, LimitsAndFileTypes) {
  GateInput input = Table();
  input.file_name = "by_sex.xlsx";
  EXPECT_NE(Refusal(input).find("only CSV files leave the hub"), std::string::npos);
  input = Table();
  EXPECT_NE(Refusal(input, {.max_rows = 1}).find("2 rows: more than the limit of 1"), std::string::npos);
  EXPECT_NE(Refusal(input, {.max_bytes = 10}).find("40 bytes: more than the limit of 10"), std::string::npos);
}

TEST(ReleaseGateTest, CellsMustBeCountsValuesAndCategories) {
  GateInput input = Table();
  input.header = {"sex", "n", "cost", "note"};
  input.value_column = "cost";
  input.rows = {{"F", "-1", "12.5", "x"}, {"", "abc", "a lot", "y"}, {std::string(80, 'z'), "3", "1", "z"}};
  std::string message = Refusal(input);
  EXPECT_NE(message.find("column note is not declared"), std::string::npos) << message;
  EXPECT_NE(message.find("by_sex.csv:2: column n: \"-1\" is not a count"), std::string::npos) << message;
  EXPECT_NE(message.find("by_sex.csv:3: column sex: empty category"), std::string::npos) << message;
  EXPECT_NE(message.find("by_sex.csv:3: column n: \"abc\" is not a count"), std::string::npos) << message;
  EXPECT_NE(message.find("by_sex.csv:3: column cost: \"a lot\" is not a number"), std::string::npos) << message;
  EXPECT_NE(message.find("by_sex.csv:4: column sex: a category of 80 characters"), std::string::npos) << message;
  input = Table();
  input.count_column = "total";
  EXPECT_NE(Refusal(input).find("the count column total is not in the header"), std::string::npos);
}

TEST(ReleaseGateTest, LargestContributionsAreDeclaredNumbersOrEmpty) {
  GateInput input = Table();
  input.header = {"sex", "n", "cost", "top1", "top2"};
  input.value_column = "cost";
  input.top_columns = {"top1", "top2"};
  input.rows = {{"F", "12", "100", "40", "30"}, {"M", "1", "7", "7", ""}};
  EXPECT_TRUE(CheckGate(input, {}, {}).ok());
  input.rows[1][4] = "most";
  EXPECT_NE(Refusal(input).find("by_sex.csv:3: column top2: \"most\" is not a number"), std::string::npos);
  input.top_columns = {"top1", "top3"};
  std::string message = Refusal(input);
  EXPECT_NE(message.find("column top2 is not declared"), std::string::npos) << message;
  EXPECT_NE(message.find("the largest-contribution column top3 is not in the header"), std::string::npos) << message;
}

}  // namespace
}  // namespace sovhub::release
