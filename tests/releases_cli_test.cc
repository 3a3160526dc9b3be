// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The release workflow as its users run it, on the demo's hub with a second
// active project that has two checkers: the happy path to the release store,
// and each refusal the workflow must show (the submitter approving their own
// output, one checker alone, a person id column, a file from outside the
// workspace, a checker reviewing twice, a non-member).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <nlohmann/json.hpp>

#include "command.h"
#include "store/sqlite.h"
#include "testing/testing.h"

namespace sovhub::testing {
namespace {

constexpr const char* kProject = "release-study";
constexpr const char* kResearcher = "Alice Martin";
constexpr const char* kCheckerA = "Bruno Petit";
constexpr const char* kCheckerB = "Chloé Durand";

class ReleasesCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    CommandResult demo = RunSovhub({"demo", (*dir_ / "demo").string(), "--persons", "1500"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    // The demo's project has one checker; this one has two.
    nlohmann::json doc = nlohmann::json::parse(ReadFileOrFail(*dir_ / "demo/demo-diabetes.json"));
    doc["id"] = kProject;
    doc["members"].push_back({{"name", kCheckerB}, {"email", "chloe.durand@example.org"}, {"role", "checker"}});
    const std::filesystem::path file = *dir_ / "release-study.json";
    std::ofstream(file) << doc.dump();
    for (std::vector<std::string> step : std::vector<std::vector<std::string>>{
             {"projects", "create", "--file", file.string()},
             {"projects", "submit", "--project", kProject},
             {"projects", "approve", "--project", kProject},
             {"projects", "activate", "--project", kProject},
             {"extract", "build", "--project", kProject}}) {
      step.insert(step.begin() + 2, {"--hub", Hub()});
      CommandResult done = RunSovhub(step);
      ASSERT_EQ(done.exit_code, 0) << step[0] << " " << step[1] << ": " << done.err;
    }
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::string Hub() { return (*dir_ / "demo/hub").string(); }
  static std::filesystem::path Workspace() { return *dir_ / "demo/hub/projects" / kProject; }

  // How many journal entries have this action.
  static std::int64_t Journaled(const std::string& action) {
    auto db = store::Database::Open(*dir_ / "demo/hub/hub.db", {.read_only = true});
    if (!db.ok()) return -1;
    auto count = db->QueryInt64("SELECT count(*) FROM gov_journal WHERE action = '" + action + "'");
    return count.ok() ? *count : -1;
  }

  static CommandResult Release(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--hub", Hub()});  // after the subcommand
    args.insert(args.begin(), "release");
    return RunSovhub(args);
  }
  // Submits a query result; returns the command's result.
  static CommandResult SubmitQuery(const std::string& sql, const std::string& dims, const std::string& actor = kResearcher) {
    return Release({"submit", "--project", kProject, "--as", actor, "--query", sql, "--dims", dims, "--count", "n",
                    "--description", "test output", "--json"});
  }
  static std::string IdOf(const CommandResult& submitted) {
    return std::to_string(nlohmann::json::parse(submitted.out)["id"].get<std::int64_t>());
  }
  static CommandResult Review(const std::string& id, const std::string& actor, const std::string& verdict) {
    return Release({"review", id, "--as", actor, "--verdict", verdict, "--comment", "checked"});
  }
  static CommandResult Decide(const std::string& id, const std::string& actor, const std::string& verdict) {
    return Release({"decide", id, "--as", actor, "--verdict", verdict, "--reason", "as reviewed"});
  }

  static TempDir* dir_;
};

TempDir* ReleasesCliTest::dir_ = nullptr;

const char* kBySexAndBirth =
    "SELECT coalesce(gender_source_value, 'unknown') AS sex, "
    "CASE WHEN year_of_birth < 1945 THEN 'before 1945' WHEN year_of_birth < 1960 THEN '1945-1959' "
    "ELSE '1960 or later' END AS born, count(*) AS n FROM person GROUP BY 1, 2";

TEST_F(ReleasesCliTest, TwoCheckersApproveAndTheProtectedTableIsReleased) {
  CommandResult submitted = SubmitQuery(kBySexAndBirth, "sex,born");
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  const std::string id = IdOf(submitted);
  EXPECT_EQ(nlohmann::json::parse(submitted.out)["state"], "controlled");
  // Nothing can be exported before the decision.
  CommandResult early = Release({"export", id});
  EXPECT_EQ(early.exit_code, 2);
  EXPECT_NE(early.err.find("only an approved output leaves"), std::string::npos) << early.err;

  CommandResult shown = Release({"show", id});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("protected table (suppressed cells empty):\nsex,born,n,status\n"), std::string::npos)
      << shown.out;
  EXPECT_NE(shown.out.find("\"audit_ok\": true"), std::string::npos) << shown.out;

  ASSERT_EQ(Review(id, kCheckerA, "approve").exit_code, 0);
  CommandResult second = Review(id, kCheckerB, "approve");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("is reviewed_twice"), std::string::npos) << second.out;
  CommandResult decided = Decide(id, kCheckerB, "approve");
  ASSERT_EQ(decided.exit_code, 0) << decided.err;
  EXPECT_NE(decided.out.find("is approved: released to "), std::string::npos) << decided.out;

  // The release store holds the protected table (never the raw one), its
  // report and the release record.
  const std::filesystem::path released = *dir_ / "demo/hub/releases" / kProject / id;
  const std::string table = ReadFileOrFail(released / "protected.csv");
  EXPECT_EQ(table, ReadFileOrFail(Workspace() / "outputs" / id / "protected.csv"));
  EXPECT_NE(table, ReadFileOrFail(Workspace() / "outputs" / id / "submitted.csv"));
  EXPECT_EQ(table.rfind("sex,born,n,status\n", 0), 0u) << table;
  auto report = nlohmann::json::parse(ReadFileOrFail(released / "disclosure-report.json"));
  EXPECT_TRUE(report["summary"]["audit_ok"].get<bool>());
  auto record = nlohmann::json::parse(ReadFileOrFail(released / "release.json"));
  EXPECT_EQ(record["reviews"].size(), 2u);
  EXPECT_EQ(record["decision"]["checker"], kCheckerB);
  CommandResult exported = Release({"export", id, "--print"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(exported.out, table);

  // Journaled, and the journal still verifies.
  for (const char* action : {"release.submit", "release.gate", "release.control", "release.review",
                             "release.decide"}) {
    EXPECT_GT(Journaled(action), 0) << action;
  }
  CommandResult verified = RunSovhub({"journal", "verify", "--hub", Hub()});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

// Splits a protected table into rows of fields (no quoted fields here).
std::vector<std::vector<std::string>> CsvRows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::istringstream parts(line);
    std::string field;
    while (std::getline(parts, field, ',')) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    rows.push_back(fields);
  }
  return rows;
}

TEST_F(ReleasesCliTest, ALaterOutputOfTheSameCountIsAuditedWithTheEarlierOnes) {
  CommandResult first = SubmitQuery(kBySexAndBirth, "sex,born");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string first_id = IdOf(first);
  // The same persons, split once more: every cell of the first output is a
  // cell of this one (parity at Total).
  CommandResult second = SubmitQuery(
      "SELECT coalesce(gender_source_value, 'unknown') AS sex, "
      "CASE WHEN year_of_birth < 1945 THEN 'before 1945' WHEN year_of_birth < 1960 THEN '1945-1959' "
      "ELSE '1960 or later' END AS born, CASE WHEN year_of_birth % 2 = 0 THEN 'even' ELSE 'odd' END AS parity, "
      "count(*) AS n FROM person GROUP BY 1, 2, 3",
      "sex,born,parity");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const std::string second_id = IdOf(second);
  auto report = nlohmann::json::parse(ReadFileOrFail(Workspace() / "outputs" / second_id / "disclosure-report.json"));
  std::vector<std::int64_t> linked = report["linked_outputs"].get<std::vector<std::int64_t>>();
  EXPECT_NE(std::find(linked.begin(), linked.end(), std::stoll(first_id)), linked.end()) << report.dump(2);
  EXPECT_TRUE(report["summary"]["audit_ok"].get<bool>());

  // What the first withheld, the second withholds too.
  std::map<std::pair<std::string, std::string>, std::string> second_status;
  for (const auto& row : CsvRows(ReadFileOrFail(Workspace() / "outputs" / second_id / "protected.csv"))) {
    if (row.size() == 5 && row[2] == "Total") second_status[{row[0], row[1]}] = row[4];
  }
  std::size_t withheld = 0;
  for (const auto& row : CsvRows(ReadFileOrFail(Workspace() / "outputs" / first_id / "protected.csv"))) {
    if (row.size() != 4 || row[3] == "safe" || row[3] == "status") continue;
    ++withheld;
    auto it = second_status.find({row[0], row[1]});
    ASSERT_NE(it, second_status.end()) << row[0] << " × " << row[1];
    EXPECT_NE(it->second, "safe") << row[0] << " × " << row[1] << " is withheld by output " << first_id;
  }
  EXPECT_GT(withheld, 0u) << "the first output should withhold something for this test to mean anything";
  // The journal's control entry names the linked outputs.
  EXPECT_GT(Journaled("release.control"), 1);
}

TEST_F(ReleasesCliTest, AMagnitudeOutputNeedsItsLargestContributionsAndARule) {
  const std::string sql =
      "SELECT coalesce(gender_source_value, 'unknown') AS sex, count(*) AS n, sum(year_of_birth) AS total, "
      "max(year_of_birth) AS top1, max(year_of_birth) AS top2 FROM person GROUP BY 1";
  auto submit = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"submit", "--project", kProject, "--as", kResearcher, "--query", sql, "--dims",
                                  "sex", "--count", "n", "--value", "total", "--description", "magnitudes"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Release(args);
  };
  CommandResult no_top = submit({});
  EXPECT_NE(no_top.exit_code, 0);
  EXPECT_NE(no_top.err.find("needs each row's largest contributions (--top"), std::string::npos) << no_top.err;
  CommandResult bad_rule = submit({"--top", "top1,top2", "--nk", "2"});
  EXPECT_EQ(bad_rule.exit_code, 1) << bad_rule.err;
  EXPECT_NE(bad_rule.err.find("--nk 2: expected N,K"), std::string::npos) << bad_rule.err;
  CommandResult done = submit({"--top", "top1,top2", "--p", "10", "--json"});
  ASSERT_EQ(done.exit_code, 0) << done.err;
  auto report = nlohmann::json::parse(
      ReadFileOrFail(Workspace() / "outputs" / IdOf(done) / "disclosure-report.json"));
  EXPECT_EQ(report["spec"]["p_percent"], 10.0);
  EXPECT_EQ(report["spec"]["top"], nlohmann::json::array({"top1", "top2"}));
  // The largest contributions never leave: the protected table has the
  // dimensions, the value and the status only.
  const std::string table = ReadFileOrFail(Workspace() / "outputs" / IdOf(done) / "protected.csv");
  EXPECT_EQ(table.rfind("sex,total,status\n", 0), 0u) << table;
}

TEST_F(ReleasesCliTest, TheSubmitterCannotApproveTheirOwnOutput) {
  CommandResult submitted = SubmitQuery(kBySexAndBirth, "sex,born");
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  const std::string id = IdOf(submitted);
  CommandResult self = Review(id, kResearcher, "approve");
  EXPECT_EQ(self.exit_code, 2);
  EXPECT_NE(self.err.find("the submitter may not review their own output"), std::string::npos) << self.err;
  ASSERT_EQ(Review(id, kCheckerA, "approve").exit_code, 0);
  ASSERT_EQ(Review(id, kCheckerB, "approve").exit_code, 0);
  CommandResult decide = Decide(id, kResearcher, "approve");
  EXPECT_EQ(decide.exit_code, 2);
  EXPECT_NE(decide.err.find("the submitter may not decide on their own output"), std::string::npos) << decide.err;
  EXPECT_FALSE(std::filesystem::exists(*dir_ / "demo/hub/releases" / kProject / id));
}

TEST_F(ReleasesCliTest, OneCheckerAloneCannotDecideNorReviewTwice) {
  CommandResult submitted = SubmitQuery(kBySexAndBirth, "sex,born");
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  const std::string id = IdOf(submitted);
  ASSERT_EQ(Review(id, kCheckerA, "approve").exit_code, 0);
  CommandResult twice = Review(id, kCheckerA, "approve");
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("has already reviewed this output"), std::string::npos) << twice.err;
  CommandResult alone = Decide(id, kCheckerA, "approve");
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_NE(alone.err.find("a decision needs two independent reviews by two checkers; this output has 1"),
            std::string::npos)
      << alone.err;
  EXPECT_FALSE(std::filesystem::exists(*dir_ / "demo/hub/releases" / kProject / id));
  // A rejection by the second checker: rejected, kept with the reason.
  ASSERT_EQ(Review(id, kCheckerB, "reject").exit_code, 0);
  CommandResult approve = Decide(id, kCheckerA, "approve");
  EXPECT_EQ(approve.exit_code, 2);
  EXPECT_NE(approve.err.find("rejected it"), std::string::npos) << approve.err;
  ASSERT_EQ(Decide(id, kCheckerA, "reject").exit_code, 0);
  CommandResult shown = Release({"show", id, "--json"});
  auto view = nlohmann::json::parse(shown.out);
  EXPECT_EQ(view["state"], "rejected");
  EXPECT_EQ(view["reason"], "as reviewed");
  EXPECT_TRUE(std::filesystem::exists(Workspace() / "outputs" / id / "rejection.json"));
  EXPECT_GT(Journaled("release.denied"), 0);
}

TEST_F(ReleasesCliTest, AnOutputWithAPersonIdColumnIsRefusedAndKept) {
  CommandResult named = SubmitQuery("SELECT person_id, count(*) AS n FROM person GROUP BY 1", "person_id");
  EXPECT_EQ(named.exit_code, 2);
  EXPECT_NE(named.err.find("column person_id is a person identifier"), std::string::npos) << named.err;
  EXPECT_NE(named.err.find("kept as refused"), std::string::npos) << named.err;
  // The same ids under another name.
  CommandResult renamed = SubmitQuery("SELECT person_id AS who, 1 AS n FROM person LIMIT 20", "who");
  EXPECT_EQ(renamed.exit_code, 2);
  EXPECT_NE(renamed.err.find("column who: holds the project's person ids"), std::string::npos) << renamed.err;
  CommandResult listed = Release({"list", "--project", kProject});
  EXPECT_NE(listed.out.find("refused"), std::string::npos) << listed.out;
}

TEST_F(ReleasesCliTest, AFileFromOutsideTheWorkspaceIsRefused) {
  const std::filesystem::path outside = *dir_ / "outside.csv";
  std::ofstream(outside) << "sex,n\nF,120\nM,98\n";
  auto submit_file = [](const std::filesystem::path& file) {
    return Release({"submit", "--project", kProject, "--as", kResearcher, "--file", file.string(), "--dims", "sex",
                    "--count", "n", "--description", "from a file"});
  };
  CommandResult refused = submit_file(outside);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("is outside the project's workspace folder"), std::string::npos) << refused.err;
  // Nor through a link placed inside it.
  std::filesystem::create_symlink(outside, Workspace() / "link.csv");
  CommandResult linked = submit_file(Workspace() / "link.csv");
  EXPECT_EQ(linked.exit_code, 2);
  EXPECT_NE(linked.err.find("is outside the project's workspace folder"), std::string::npos) << linked.err;
  // A file made inside the workspace is accepted.
  std::ofstream(Workspace() / "by_sex.csv") << "sex,n\nF,120\nM,98\n";
  CommandResult inside = submit_file(Workspace() / "by_sex.csv");
  EXPECT_EQ(inside.exit_code, 0) << inside.err;
  EXPECT_NE(inside.out.find("submitted: controlled"), std::string::npos) << inside.out;
}

TEST_F(ReleasesCliTest, ANonMemberCanNeitherSubmitNorReview) {
  CommandResult stranger = SubmitQuery(kBySexAndBirth, "sex,born", "Mallory");
  EXPECT_EQ(stranger.exit_code, 2);
  EXPECT_NE(stranger.err.find("\"Mallory\" is not a member of the project"), std::string::npos) << stranger.err;
  CommandResult checker = SubmitQuery(kBySexAndBirth, "sex,born", kCheckerA);
  EXPECT_EQ(checker.exit_code, 2);
  EXPECT_NE(checker.err.find("is not a researcher of the project"), std::string::npos) << checker.err;
  CommandResult submitted = SubmitQuery(kBySexAndBirth, "sex,born");
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  CommandResult review = Review(IdOf(submitted), "Mallory", "approve");
  EXPECT_EQ(review.exit_code, 2);
  EXPECT_NE(review.err.find("\"Mallory\" is not a member of the project"), std::string::npos) << review.err;
}

}  // namespace
}  // namespace sovhub::testing
