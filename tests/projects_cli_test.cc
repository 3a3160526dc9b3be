// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Projects as their users run them, on the demo's hub: every sandbox escape
// refused with a clear error, the extract audit failing on a planted row,
// cohort errors with their path, lifecycle refusals and the public directory.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "command.h"
#include "store/sqlite.h"
#include "testing/testing.h"

namespace sovhub::testing {
namespace {

class ProjectsCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    CommandResult demo = RunSovhub({"demo", (*dir_ / "demo").string(), "--persons", "1500"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  // `workspace query` on the demo project.
  static CommandResult Query(const std::string& sql, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"workspace", "query", "--hub", Hub(), "--project", "demo-diabetes"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(sql);
    return RunSovhub(args);
  }
  static std::string Hub() { return (*dir_ / "demo/hub").string(); }

  static TempDir* dir_;
};

TempDir* ProjectsCliTest::dir_ = nullptr;

TEST_F(ProjectsCliTest, EachSandboxEscapeIsRefusedWithAClearError) {
  const std::string hub_db = Hub() + "/hub.db";
  struct Escape {
    std::string sql;
    std::string says;
    std::vector<std::string> extra;
  };
  const std::vector<Escape> escapes = {
      {"ATTACH '" + hub_db + "' AS warehouse", "ATTACH is not allowed"},
      {"ATTACH 'file:" + hub_db + "?mode=ro' AS warehouse", "ATTACH is not allowed"},
      {"SELECT load_extension('/usr/lib/x86_64-linux-gnu/libsqlite3.so.0')", "load_extension"},
      {"INSERT INTO person (person_id, year_of_birth) VALUES (1, 1970)", "read-only"},
      {"DELETE FROM drug_exposure", "read-only"},
      {"DROP TABLE person", "read-only"},
      {"CREATE TEMP TABLE t AS SELECT 1", "scratch"},
      {"SELECT * FROM temp.sqlite_master", "temp"},
      {"PRAGMA writable_schema = 1", "PRAGMA"},
      {"PRAGMA database_list", "PRAGMA"},
      {"VACUUM INTO '" + (*dir_ / "copy.db").string() + "'", "VACUUM"},
      {"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n", "limit",
       {"--time-limit", "1"}},
      {"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) SELECT i FROM n",
       "more than 1000 rows", {"--max-rows", "1000"}},
  };
  for (const Escape& escape : escapes) {
    SCOPED_TRACE(escape.sql);
    CommandResult result = Query(escape.sql, escape.extra);
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find(escape.says), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
  }
  EXPECT_FALSE(std::filesystem::exists(*dir_ / "copy.db"));
  // What researchers may do still works.
  CommandResult scratch = Query("CREATE TABLE scratch.by_sex AS SELECT gender_source_value AS sex, count(*) AS n "
                                "FROM person GROUP BY 1; SELECT count(*) FROM scratch.by_sex");
  EXPECT_EQ(scratch.exit_code, 0) << scratch.err;
  EXPECT_EQ(scratch.out, "count(*)\n2\n");
  CommandResult info = Query("PRAGMA table_info(person)");
  EXPECT_EQ(info.exit_code, 0) << info.err;
}

TEST_F(ProjectsCliTest, ExtractAuditFailsOnAPlantedOpposedPerson) {
  CommandResult clean = RunSovhub({"extract", "audit", "--hub", Hub(), "--project", "demo-diabetes"});
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_NE(clean.out.find("no person opposed at checkpoint 3"), std::string::npos) << clean.out;

  // Keep a copy of the workspace; let persons object one by one until the
  // live purge has removed someone from it; put the copy back: that person
  // is planted again, and the audit must say so.
  const std::filesystem::path workspace = *dir_ / "demo/hub/projects/demo-diabetes/workspace.db";
  const std::filesystem::path saved = *dir_ / "saved-workspace.db";
  std::filesystem::copy_file(workspace, saved, std::filesystem::copy_options::overwrite_existing);
  auto persons = [](const std::filesystem::path& path) {
    auto db = store::Database::Open(path, {.read_only = true});
    return *db->QueryInt64("SELECT count(*) FROM person");
  };
  const std::int64_t before = persons(workspace);
  std::ifstream identities(*dir_ / "demo/producer/raw/identities.csv");
  std::string line;
  std::getline(identities, line);
  for (int i = 0; i < 3; ++i) std::getline(identities, line);  // the demo's own three objectors
  int objectors = 0;
  while (persons(workspace) == before && objectors < 500 && std::getline(identities, line)) {
    std::size_t c1 = line.find(','), c2 = line.rfind(',');
    CommandResult registered = RunSovhub(
        {"registry", "register", "--hub", Hub(), "--nir", line.substr(0, c1), "--birth-date",
         line.substr(c1 + 1, c2 - c1 - 1), "--sex", line.substr(c2 + 1), "--source-key",
         (*dir_ / "demo/producer/source.key").string(), "--receipt", (*dir_ / "r.json").string()});
    objectors += registered.exit_code == 0;
  }
  ASSERT_LT(persons(workspace), before) << objectors << " objectors, none in the cohort";
  CommandResult after = RunSovhub({"extract", "audit", "--hub", Hub(), "--project", "demo-diabetes"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  std::filesystem::copy_file(saved, workspace, std::filesystem::copy_options::overwrite_existing);
  CommandResult planted = RunSovhub({"extract", "audit", "--hub", Hub(), "--project", "demo-diabetes"});
  EXPECT_EQ(planted.exit_code, 2);
  EXPECT_NE(planted.err.find("person: "), std::string::npos) << planted.err;
  EXPECT_NE(planted.err.find("fails its audit"), std::string::npos) << planted.err;
}

TEST_F(ProjectsCliTest, CohortErrorsNameTheirPath) {
  const std::filesystem::path file = *dir_ / "cohort.json";
  std::ofstream(file) << R"({"version": 1, "population": {"all": [
      {"condition": {"icd10": ["E11*"]}}, {"demographics": {"sex": "F"}}, {"drug": {"atc": ["A1O"]}}]}})";
  CommandResult bad = RunSovhub({"cohort", "check", file.string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("population.all[2].drug.atc[0]: \"A1O\" is not an ATC code"), std::string::npos)
      << bad.err;
  std::ofstream(file) << R"({"version": 1, "population": {"condition": {"icd10": ["E11*"]}}})";
  CommandResult count = RunSovhub({"cohort", "count", "--hub", Hub(), file.string()});
  ASSERT_EQ(count.exit_code, 0) << count.err;
  EXPECT_GT(std::stoi(count.out), 0);
}

TEST_F(ProjectsCliTest, LifecycleRefusalsAndThePublicDirectory) {
  nlohmann::json doc = nlohmann::json::parse(ReadFileOrFail(*dir_ / "demo/demo-diabetes.json"));
  doc["id"] = "draft-study";
  const std::filesystem::path file = *dir_ / "draft.json";
  std::ofstream(file) << doc.dump();
  ASSERT_EQ(RunSovhub({"projects", "create", "--hub", Hub(), "--file", file.string()}).exit_code, 0);
  CommandResult early = RunSovhub({"projects", "approve", "--hub", Hub(), "--project", "draft-study"});
  EXPECT_EQ(early.exit_code, 2);
  EXPECT_NE(early.err.find("cannot approve project draft-study (draft): submit it first"), std::string::npos)
      << early.err;
  CommandResult extract = RunSovhub({"extract", "build", "--hub", Hub(), "--project", "draft-study"});
  EXPECT_EQ(extract.exit_code, 2);
  EXPECT_NE(extract.err.find("only an active project gets an extract"), std::string::npos) << extract.err;
  doc["members"][0]["role"] = "owner";
  std::ofstream(file) << doc.dump();
  CommandResult invalid = RunSovhub({"projects", "update", "--hub", Hub(), "--file", file.string()});
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_NE(invalid.err.find("members[0].role: \"owner\" is not a member role"), std::string::npos)
      << invalid.err;

  // Drafts are not in the public directory; members' e-mails never are.
  CommandResult listed = RunSovhub({"projects", "list", "--hub", Hub(), "--public", "--json"});
  ASSERT_EQ(listed.exit_code, 0);
  auto directory = nlohmann::json::parse(listed.out);
  ASSERT_EQ(directory.size(), 1u);
  EXPECT_EQ(directory[0]["id"], "demo-diabetes");
  EXPECT_EQ(directory[0]["members"][0].count("email"), 0u);
  EXPECT_EQ(listed.out.find("@"), std::string::npos);
  CommandResult all = RunSovhub({"projects", "list", "--hub", Hub()});
  EXPECT_NE(all.out.find("draft-study  draft"), std::string::npos) << all.out;
}

}  // namespace
}  // namespace sovhub::testing
