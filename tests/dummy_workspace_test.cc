// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Dummy data that yields no patients is useless: for each definition below
// (the worked examples of docs/cohort.md and tricky ones), the generated
// persons, written into a fresh hub database, are exactly the cohort the
// compiled SQL selects, with the index dates the generator meant. Then the
// command as a researcher runs it: `sovhub workspace dummy` on a draft
// project, and `workspace query --dummy`.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "cohort/cohort_json.h"
#include "command.h"
#include "domain/dummy_cohort.h"
#include "store/dummy_sqlite.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "testing/testing.h"

namespace sovhub::testing {
namespace {

struct Case {
  const char* name;
  const char* json;
};

constexpr Case kCases[] = {
    {"example 1, type 2 diabetes",
     R"({"version": 1, "population": {"all": [
          {"any": [{"condition": {"icd10": ["E11*"]}}, {"drug": {"atc": ["A10B*"], "min_count": 2}}]},
          {"demographics": {"age": {"min": 18}}}]}, "washout_days": 365})"},
    {"example 2, new users of metformin",
     R"({"version": 1, "population": {"all": [
          {"drug": {"atc": ["A10BA02"], "window": {"from": "2020-01-01"}}},
          {"not": {"drug": {"atc": ["A10BA02"], "window": {"to": "2019-12-31"}}}}]},
        "washout_days": 365, "follow_up_days": 365})"},
    {"example 3, hospitalised heart failure",
     R"({"version": 1, "population": {"all": [
          {"stay": {"diagnosis": ["I50*"], "min_days": 3, "window": {"from": "2021-01-01", "to": "2021-12-31"}}},
          {"demographics": {"age": {"min": 65}}}]}, "follow_up_days": 365})"},
    {"example 4, screening",
     R"({"version": 1, "population": {"all": [
          {"procedure": {"ccam": ["QEQK001", "QEQK004"], "window": {"from": "2021-01-01", "to": "2021-12-31"}}},
          {"demographics": {"sex": "F", "department": ["75"], "age": {"min": 50, "max": 74}}}]}})"},
    {"example 5, Corsica", R"({"version": 1, "population": {"demographics": {"department": ["2A", "2B"]}}})"},
    {"example 5, an any without events",
     R"({"version": 1, "population": {"all": [{"demographics": {"department": ["13"]}},
          {"any": [{"condition": {"icd10": ["E10"]}}, {"demographics": {"sex": "F"}}]}]}})"},
    {"nested not and any",
     R"({"version": 1, "population": {"all": [
          {"procedure": {"ccam": ["DZQ*"]}},
          {"not": {"any": [{"condition": {"icd10": ["E11*"]}}, {"drug": {"atc": ["A10*"]}}]}},
          {"not": {"all": [{"condition": {"icd10": ["I50*"]}}, {"demographics": {"sex": "F"}}]}},
          {"not": {"not": {"condition": {"icd10": ["I10"]}}}}]}})"},
    {"a window and min_count 3",
     R"({"version": 1, "population": {"drug": {"cip13": ["340099*"], "min_count": 3,
          "window": {"from": "2019-01-01", "to": "2019-12-31"}}}})"},
    {"age bounds", R"({"version": 1, "population": {"all": [{"condition": {"icd10": ["J45*"]}},
          {"demographics": {"age": {"min": 6, "max": 17}}}, {"not": {"demographics": {"age": {"min": 10, "max": 12}}}}]}})"},
    {"sex and department",
     R"({"version": 1, "population": {"all": [{"any": [{"procedure": {"ccam": ["QEQK001"]}}, {"stay": {}}]},
          {"demographics": {"sex": "M", "department": ["971", "2B", "13"]}}]}})"},
    {"death in a window",
     R"({"version": 1, "population": {"all": [{"condition": {"icd10": ["C34*"]}},
          {"death": {"window": {"from": "2021-01-01", "to": "2022-12-31"}}}]}})"},
    {"stay with a diagnosis and min_days",
     R"({"version": 1, "population": {"all": [{"stay": {"diagnosis": ["I50*", "J18*"], "min_days": 5, "min_count": 2}},
          {"not": {"stay": {"min_days": 10}}}]}})"},
    {"washout 365 and follow-up 180",
     R"({"version": 1, "population": {"condition": {"icd10": ["E11*"]}}, "washout_days": 365, "follow_up_days": 180})"},
    {"drug by CIP13 prefix and by ATC",
     R"({"version": 1, "population": {"all": [{"drug": {"cip13": ["34009*"]}},
          {"drug": {"atc": ["C10AA*", "C09*"], "min_count": 2}}, {"not": {"drug": {"atc": ["A10*"]}}}]}})"},
    {"exactly one dispensing",
     R"({"version": 1, "population": {"all": [{"drug": {"atc": ["N02BE01"]}},
          {"not": {"drug": {"atc": ["N02BE01"], "min_count": 2}}}]}})"},
    {"death or a woman, no event",
     R"({"version": 1, "population": {"any": [{"death": {}}, {"demographics": {"sex": "F"}}]}, "follow_up_days": 30})"},
};

// Names the case in test output (GoogleTest would print its bytes).
void PrintTo(const Case& tested, std::ostream* out) { *out << tested.name; }

constexpr int kPersons = 120;

class DummyCohortSqlTest : public ::testing::TestWithParam<Case> {};

TEST_P(DummyCohortSqlTest, EveryGeneratedPersonIsSelectedWithTheirIndexDate) {
  auto definition = cohort::ParseCohort(GetParam().json);
  ASSERT_TRUE(definition.ok()) << definition.status().ToString();
  auto population = cohort::Generate(*definition, kPersons, 2026);
  ASSERT_TRUE(population.ok()) << population.status().ToString();

  TempDir dir;
  auto store = store::OpenSqliteStore(dir / "warehouse.db", {.create = true, .now = "2026-11-28T00:00:00Z"});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  {
    auto db = store::Database::Open(dir / "warehouse.db", {});
    ASSERT_TRUE(db.ok());
    Status inserted = store::InsertDummyPopulation(*db, *population);
    ASSERT_TRUE(inserted.ok()) << inserted.ToString();
    EXPECT_EQ(store::InsertDummyPopulation(*db, *population).code(), StatusCode::kConflict);
  }
  auto count = (*store)->projects().CountCohort(*definition);
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(*count, kPersons);

  std::map<std::string, std::string> expected;
  for (const cohort::DummyPerson& person : population->persons) expected[person.pid] = ToIsoString(person.index_date);
  std::map<std::string, std::string> selected;
  Status visited = (*store)->projects().SelectCohort(*definition, [&](const store::CohortMember& member) {
    selected[member.pid] = member.index_date;
    return Status::Ok();
  });
  ASSERT_TRUE(visited.ok()) << visited.ToString();
  EXPECT_EQ(selected, expected);
}

INSTANTIATE_TEST_SUITE_P(Definitions, DummyCohortSqlTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& tested) {
                           return "case" + std::to_string(tested.index);
                         });

TEST(DummyCohortSqlTest, AnUnsatisfiableDefinitionIsRefusedWithItsPath) {
  auto definition = cohort::ParseCohort(R"({"version": 1, "population": {"all": [
      {"demographics": {"age": {"min": 18}}},
      {"any": [{"condition": {"icd10": ["E11*"]}}, {"condition": {"icd10": ["E119"], "min_count": 2}}]},
      {"not": {"condition": {"icd10": ["E11*"]}}}]}})");
  ASSERT_TRUE(definition.ok());
  auto population = cohort::Generate(*definition, 10, 1);
  ASSERT_FALSE(population.ok());
  EXPECT_EQ(population.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(population.status().message().find("population.all[2].not.condition"), std::string::npos)
      << population.status().message();
}

// A draft project, as an applicant writes it before approval.
std::string ProjectDocument(const std::string& id, const nlohmann::json& cohort) {
  nlohmann::json doc = nlohmann::json::parse(R"json({
    "title": "Statin use after a first heart failure stay",
    "controller": "Example University Hospital",
    "purpose": "Describe statin use after heart failure",
    "legal_basis": "GDPR Art. 6(1)(e) and 9(2)(j)",
    "public_summary": "Statins after heart failure",
    "start_date": "2026-01-01",
    "end_date": "2099-12-31",
    "members": [{"name": "Alice Martin", "email": "alice.martin@example.org", "role": "researcher"}],
    "variables": {"person": ["year_of_birth", "gender_source_value"],
                  "drug_exposure": ["drug_exposure_start_date", "drug_source_value"],
                  "visit_occurrence": ["visit_occurrence_id", "visit_start_date", "visit_end_date"],
                  "condition_occurrence": ["condition_start_date", "condition_source_value", "visit_occurrence_id"]},
    "period": {"from": "2018-01-01", "to": "2023-12-31"}
  })json");
  doc["id"] = id;
  doc["cohort"] = cohort;
  return doc.dump();
}

TEST(DummyWorkspaceCliTest, DraftProjectGetsADummyWorkspaceWithTheExtractSchema) {
  TempDir dir;
  const std::string hub = (dir / "hub").string();
  ASSERT_EQ(RunSovhub({"init", hub}).exit_code, 0);
  const nlohmann::json cohort = nlohmann::json::parse(R"({"version": 1, "population": {"all": [
      {"stay": {"diagnosis": ["I50*"], "min_days": 2}},
      {"any": [{"drug": {"atc": ["C10AA*"]}}, {"demographics": {"sex": "F"}}]}]}, "washout_days": 180})");
  std::ofstream(dir / "project.json") << ProjectDocument("statins-hf", cohort);
  CommandResult created = RunSovhub({"projects", "create", "--hub", hub, "--file", (dir / "project.json").string()});
  ASSERT_EQ(created.exit_code, 0) << created.err;

  CommandResult made =
      RunSovhub({"workspace", "dummy", "--hub", hub, "--project", "statins-hf", "--persons", "60", "--seed", "5"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("60 synthetic persons (seed 5)"), std::string::npos) << made.out;
  EXPECT_NE(made.out.find("Not real data"), std::string::npos) << made.out;

  auto query = [&](const std::string& sql) {
    CommandResult result =
        RunSovhub({"workspace", "query", "--hub", hub, "--project", "statins-hf", "--dummy", "--json", sql});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.exit_code == 0 ? nlohmann::json::parse(result.out)["rows"] : nlohmann::json();
  };
  EXPECT_EQ(query("SELECT count(*) FROM person")[0][0], "60");
  // The tables and columns of the real extract: the project's variables.
  EXPECT_EQ(query("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'table' "
                  "ORDER BY name)")[0][0],
            "condition_occurrence,drug_exposure,person,visit_occurrence");
  EXPECT_EQ(query("SELECT group_concat(name, ',') FROM pragma_table_info('drug_exposure')")[0][0],
            "person_id,drug_exposure_start_date,drug_source_value");
  // Every person has a stay of two days or more with an I50 diagnosis.
  EXPECT_EQ(query("SELECT count(DISTINCT v.person_id) FROM visit_occurrence v JOIN condition_occurrence c "
                  "ON c.visit_occurrence_id = v.visit_occurrence_id WHERE c.condition_source_value LIKE 'I50%' "
                  "AND julianday(v.visit_end_date) - julianday(v.visit_start_date) >= 2")[0][0],
            "60");

  // The same seed gives the same rows; the dummy pids never reach the file.
  const std::filesystem::path workspace = dir / "hub/projects/statins-hf/dummy/workspace.db";
  const std::string first = ReadFileOrFail(workspace);
  EXPECT_EQ(first.find("DUMMY"), std::string::npos);
  nlohmann::json manifest = nlohmann::json::parse(ReadFileOrFail(dir / "hub/projects/statins-hf/dummy/manifest.json"));
  EXPECT_EQ(manifest["dummy"], true);
  EXPECT_EQ(manifest["persons"], 60);
  EXPECT_EQ(manifest["seed"], 5);
  EXPECT_FALSE(std::filesystem::exists(dir / "hub/projects/statins-hf/dummy/warehouse.db"));
  EXPECT_FALSE(std::filesystem::exists(dir / "hub/projects/statins-hf/workspace.db")) << "no real extract";
  CommandResult again = RunSovhub(
      {"workspace", "dummy", "--hub", hub, "--project", "statins-hf", "--persons", "60", "--seed", "5", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["tables"], manifest["tables"]);

  // The real workspace stays out of reach of a draft.
  CommandResult real = RunSovhub({"workspace", "query", "--hub", hub, "--project", "statins-hf", "SELECT 1"});
  EXPECT_NE(real.exit_code, 0);

  // An unsatisfiable cohort is refused with its path.
  nlohmann::json impossible = nlohmann::json::parse(R"({"version": 1, "population": {"all": [
      {"condition": {"icd10": ["E11*"]}}, {"not": {"condition": {"icd10": ["E1*"]}}}]}})");
  std::ofstream(dir / "impossible.json") << ProjectDocument("impossible", impossible);
  ASSERT_EQ(RunSovhub({"projects", "create", "--hub", hub, "--file", (dir / "impossible.json").string()}).exit_code, 0);
  CommandResult refused = RunSovhub({"workspace", "dummy", "--hub", hub, "--project", "impossible"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("population.all[1].not.condition"), std::string::npos) << refused.err;

  CommandResult help = RunSovhub({"workspace", "dummy", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("before you see real data"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace sovhub::testing
