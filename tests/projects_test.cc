// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Projects end to end through the Hub, on synthetic data: an opposed person
// never reaches an extract built after the opposition, and leaves a live
// workspace as soon as the opposition is acknowledged; the audit catches a
// planted one; project person ids are unlinkable across projects; a project
// past its end date closes and its workspace turns read-only.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/clock.h"
#include "crypto/key_file.h"
#include "crypto/random.h"
#include "files/atomic_file.h"
#include "hub/hub.h"
#include "ingest/schema_json.h"
#include "producer/pseudonymize.h"
#include "registry/request.h"
#include "store/sqlite.h"
#include "synth/synth.h"
#include "testing/testing.h"

namespace sovhub {
namespace {

using json = nlohmann::json;

// A project on the diabetes cohort; `id` and `end` vary.
std::string ProjectDocument(const std::string& id, const std::string& end_date = "2027-02-28") {
  json doc = json::parse(R"json({
    "title": "Type 2 diabetes care pathways",
    "controller": "Example University Hospital",
    "purpose": "Describe the treatment sequences of type 2 diabetes",
    "legal_basis": "GDPR Art. 6(1)(e) and 9(2)(j)",
    "public_summary": "How people with type 2 diabetes are treated",
    "approvals": {
      "ethics_opinion": {"reference": "CESREES 2026-0001", "date": "2026-01-10"},
      "authority_decision": {"reference": "CNIL DR-2026-0002", "date": "2026-02-01"}
    },
    "start_date": "2026-03-01",
    "members": [
      {"name": "Alice Martin", "email": "alice.martin@example.org", "role": "researcher"},
      {"name": "Bruno Petit", "email": "bruno.petit@example.org", "role": "checker"}
    ],
    "cohort": {"version": 1, "population": {"condition": {"icd10": ["E11*"]}}},
    "variables": {"person": ["year_of_birth"],
                  "drug_exposure": ["drug_exposure_start_date", "drug_source_value"],
                  "condition_occurrence": ["condition_start_date", "condition_source_value"]},
    "period": {"from": "2021-01-01", "to": "2023-12-31"}
  })json");
  doc["id"] = id;
  doc["end_date"] = end_date;
  return doc.dump();
}

// A person of the synthetic population, as the producer knows them.
struct Citizen {
  std::string nir;
  CivilDate birth;
  int sex = 0;
  std::string pid;
};

class ProjectsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new testing::TempDir();
    synth::SynthOptions options;
    options.persons = 1500;
    options.defect_rate = 0;
    ASSERT_TRUE(synth::Generate(*data_ / "raw", options).ok());
    crypto::SystemRandom random;
    ASSERT_TRUE(crypto::CreateKeyFile(*data_ / "source.key", random).ok());
    ASSERT_TRUE(producer::Pseudonymize(*data_ / "raw", *data_ / "delivery",
                                       {*data_ / "source.key", {}, ingest::DefaultPersonIdColumns()})
                    .ok());
  }
  static void TearDownTestSuite() { delete data_; }

  void SetUp() override {
    crypto::SystemRandom random;
    ASSERT_TRUE(hub::Hub::Init(dir_ / "hub", {.name = "projects"}, clock_, random).ok());
    auto hub = hub::Hub::Open(dir_ / "hub", clock_);
    ASSERT_TRUE(hub.ok()) << hub.status().ToString();
    hub_ = std::move(*hub);
    auto request = ingest::ReadBatchFolder(*data_ / "delivery", "fixture");
    ASSERT_TRUE(request.ok());
    std::erase_if(request->tables, [](const ingest::TableInput& t) { return t.table == "rejects"; });
    auto loaded = hub_->Ingest(*request, nullptr);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    auto key = crypto::ReadKeyFile(*data_ / "source.key");
    ASSERT_TRUE(key.ok());
    source_key_ = std::make_unique<crypto::HmacSha256>(*key);
  }

  // Creates, submits, approves and activates a project.
  void OpenProject(const std::string& id) {
    ASSERT_TRUE(hub_->projects().Create(ProjectDocument(id), "alice").ok());
    for (project::Action a : {project::Action::kSubmit, project::Action::kApprove, project::Action::kActivate}) {
      auto done = hub_->projects().Apply(id, a, "operator");
      ASSERT_TRUE(done.ok()) << done.status().ToString();
    }
  }

  // The pids of the warehouse's diabetes cohort (E11* diagnoses).
  std::set<std::string> CohortPids() {
    auto db = store::Database::Open(hub_->config().database, {.read_only = true});
    auto stmt = db->Prepare(
        "SELECT DISTINCT p.person_source_value FROM condition_occurrence c JOIN person p USING (person_id) "
        "WHERE c.condition_source_value >= 'E11' AND c.condition_source_value < 'E12'");
    std::set<std::string> pids;
    while (*stmt->Step()) pids.insert(stmt->ColumnText(0));
    return pids;
  }

  // The first `n` persons of identities.csv whose pid is in `pids`.
  std::vector<Citizen> CitizensAmong(const std::set<std::string>& pids, std::size_t n) {
    std::ifstream in(*data_ / "raw" / "identities.csv");
    std::string line;
    std::getline(in, line);
    std::vector<Citizen> found;
    crypto::SystemRandom random;
    while (found.size() < n && std::getline(in, line)) {
      std::size_t c1 = line.find(','), c2 = line.rfind(',');
      Citizen citizen{line.substr(0, c1), *ParseIsoDate(line.substr(c1 + 1, c2 - c1 - 1)),
                      std::atoi(line.c_str() + c2 + 1), ""};
      auto request = registry::MakeRequest(opposition::Event::kRegister, opposition::kScopeAll, citizen.nir,
                                           citizen.birth, citizen.sex, *source_key_, random);
      if (!request.ok()) continue;
      citizen.pid = hub_->registry().PidOf(request->stage1);
      if (pids.contains(citizen.pid)) found.push_back(citizen);
    }
    return found;
  }

  void Oppose(const Citizen& citizen, const std::string& scope) {
    crypto::SystemRandom random;
    auto request = registry::MakeRequest(opposition::Event::kRegister, scope, citizen.nir, citizen.birth,
                                         citizen.sex, *source_key_, random);
    ASSERT_TRUE(request.ok());
    auto ack = hub_->registry().Submit(*request);
    ASSERT_TRUE(ack.ok()) << ack.status().ToString();
  }

  // Rows of the workspace whose person_id is `id`, over every table.
  std::int64_t RowsOf(const std::string& project, std::int64_t id) {
    auto db = store::Database::Open(hub_->projects().WorkspaceDir(project) / "workspace.db", {.read_only = true});
    EXPECT_TRUE(db.ok());
    std::int64_t rows = 0;
    for (const char* table : {"person", "drug_exposure", "condition_occurrence"}) {
      rows += *db->QueryInt64(std::string("SELECT count(*) FROM ") + table + " WHERE person_id = " +
                              std::to_string(id));
    }
    return rows;
  }

  json Manifest(const std::string& project) {
    auto text = files::ReadWholeFile(hub_->projects().WorkspaceDir(project) / "manifest.json", 1 << 24);
    EXPECT_TRUE(text.ok());
    return json::parse(*text);
  }

  static testing::TempDir* data_;
  testing::TempDir dir_;
  FixedClock clock_{1795873500000};  // 2026-11-28
  std::unique_ptr<hub::Hub> hub_;
  std::unique_ptr<crypto::HmacSha256> source_key_;
};

testing::TempDir* ProjectsTest::data_ = nullptr;

TEST_F(ProjectsTest, OpposedPersonsNeverInAnExtractAndPurgedFromLiveWorkspaces) {
  std::set<std::string> cohort = CohortPids();
  ASSERT_GT(cohort.size(), 20u);
  std::vector<Citizen> citizens = CitizensAmong(cohort, 4);
  ASSERT_EQ(citizens.size(), 4u);
  OpenProject("diabetes-a");
  auto& projects = hub_->projects();

  // Before the extract: one person objects to all research, one to this
  // project, one to another project only.
  Oppose(citizens[0], "all");
  Oppose(citizens[1], opposition::ProjectScope("diabetes-a"));
  Oppose(citizens[2], opposition::ProjectScope("another-project"));
  auto built = projects.BuildExtract("diabetes-a", std::nullopt, "alice");
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(built->cohort_persons, static_cast<std::int64_t>(cohort.size()));
  EXPECT_EQ(built->persons_withheld, 2);
  EXPECT_EQ(built->checkpoint_size, 3u);
  EXPECT_EQ(RowsOf("diabetes-a", projects.ProjectPersonId("diabetes-a", citizens[0].pid)), 0);
  EXPECT_EQ(RowsOf("diabetes-a", projects.ProjectPersonId("diabetes-a", citizens[1].pid)), 0);
  EXPECT_GT(RowsOf("diabetes-a", projects.ProjectPersonId("diabetes-a", citizens[2].pid)), 0);
  const std::int64_t fourth = projects.ProjectPersonId("diabetes-a", citizens[3].pid);
  ASSERT_GT(RowsOf("diabetes-a", fourth), 0);

  // After the extract: the fourth objects; their rows are gone once the
  // registration is acknowledged, and the manifest says so.
  Oppose(citizens[3], "all");
  EXPECT_EQ(RowsOf("diabetes-a", fourth), 0);
  json manifest = Manifest("diabetes-a");
  ASSERT_EQ(manifest["purges"].size(), 1u);
  EXPECT_EQ(manifest["purges"][0]["checkpoint"]["size"], 4);
  EXPECT_EQ(manifest["purged_through"], 4);
  EXPECT_GT(manifest["purges"][0]["rows_removed"]["person"].get<int>(), 0);

  auto audit = projects.AuditExtract("diabetes-a");
  ASSERT_TRUE(audit.ok()) << audit.status().ToString();
  EXPECT_TRUE(audit->ok());
  EXPECT_EQ(audit->checkpoint_size, 4u);
  EXPECT_EQ(audit->opposed_persons, 3);  // global ×2 + this project's; not another-project's

  // A planted row of an opposed person fails the audit.
  {
    auto db = store::Database::Open(projects.WorkspaceDir("diabetes-a") / "workspace.db", {.wal = false});
    ASSERT_TRUE(db.ok());
    Status planted = db->Exec("INSERT INTO drug_exposure (person_id, drug_exposure_start_date, drug_source_value) "
                              "VALUES (" + std::to_string(fourth) + ", '2022-01-01', '3400993010111')");
    ASSERT_TRUE(planted.ok()) << planted.ToString();
  }
  audit = projects.AuditExtract("diabetes-a");
  ASSERT_TRUE(audit.ok());
  EXPECT_FALSE(audit->ok());
  ASSERT_EQ(audit->rows_found.size(), 1u);
  EXPECT_EQ(audit->rows_found[0].table, "drug_exposure");

  // A rebuilt extract at the latest checkpoint leaves all three out.
  built = projects.BuildExtract("diabetes-a", std::nullopt, "alice");
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->persons_withheld, 3);
  EXPECT_TRUE(projects.AuditExtract("diabetes-a")->ok());

  // The journal has the build, the purge and the rebuild, and still verifies.
  auto report = hub_->VerifyJournal();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
}

TEST_F(ProjectsTest, PinnedCheckpointBuildIsPurgedToTheLatest) {
  std::vector<Citizen> citizens = CitizensAmong(CohortPids(), 1);
  ASSERT_EQ(citizens.size(), 1u);
  OpenProject("diabetes-pinned");
  Oppose(citizens[0], "all");  // leaf 0: checkpoint 1
  // Built against the empty log, which did not know the opposition yet:
  // the workspace is still purged to the latest checkpoint at once.
  auto built = hub_->projects().BuildExtract("diabetes-pinned", 0, "alice");
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(built->checkpoint_size, 0u);
  EXPECT_EQ(built->persons_withheld, 0);
  EXPECT_EQ(RowsOf("diabetes-pinned", hub_->projects().ProjectPersonId("diabetes-pinned", citizens[0].pid)), 0);
  EXPECT_EQ(Manifest("diabetes-pinned")["purged_through"], 1);
  EXPECT_TRUE(hub_->projects().AuditExtract("diabetes-pinned")->ok());
}

TEST_F(ProjectsTest, ProjectPersonIdsAreUnlinkableAndNoPidReachesAWorkspace) {
  OpenProject("project-one");
  OpenProject("project-two");
  ASSERT_TRUE(hub_->projects().BuildExtract("project-one", std::nullopt, "alice").ok());
  ASSERT_TRUE(hub_->projects().BuildExtract("project-two", std::nullopt, "alice").ok());
  auto ids = [&](const std::string& project) {
    auto db = store::Database::Open(hub_->projects().WorkspaceDir(project) / "workspace.db", {.read_only = true});
    auto stmt = db->Prepare("SELECT person_id FROM person");
    std::set<std::int64_t> out;
    while (*stmt->Step()) out.insert(stmt->ColumnInt64(0));
    return out;
  };
  std::set<std::int64_t> one = ids("project-one"), two = ids("project-two");
  ASSERT_EQ(one.size(), two.size());
  ASSERT_GT(one.size(), 20u);
  std::size_t shared = 0;
  for (std::int64_t id : one) shared += two.contains(id);
  EXPECT_EQ(shared, 0u);
  // Each id is the keyed function of a cohort pid, not a warehouse id.
  std::set<std::int64_t> expected;
  for (const std::string& pid : CohortPids()) expected.insert(hub_->projects().ProjectPersonId("project-one", pid));
  EXPECT_EQ(one, expected);
  // No pid, anywhere in the workspace file's bytes.
  std::string bytes = testing::ReadFileOrFail(hub_->projects().WorkspaceDir("project-one") / "workspace.db");
  for (const std::string& pid : CohortPids()) ASSERT_EQ(bytes.find(pid), std::string::npos);
}

TEST_F(ProjectsTest, OnlyAllowlistedColumnsAndThePeriod) {
  json doc = json::parse(ProjectDocument("narrow"));
  doc["period"] = {{"from", "2022-01-01"}, {"to", "2022-06-30"}};
  ASSERT_TRUE(hub_->projects().Create(doc.dump(), "alice").ok());
  for (project::Action a : {project::Action::kSubmit, project::Action::kApprove, project::Action::kActivate}) {
    ASSERT_TRUE(hub_->projects().Apply("narrow", a, "operator").ok());
  }
  ASSERT_TRUE(hub_->projects().BuildExtract("narrow", std::nullopt, "alice").ok());
  auto db = store::Database::Open(hub_->projects().WorkspaceDir("narrow") / "workspace.db", {.read_only = true});
  auto columns = [&](const std::string& table) {
    auto stmt = db->Prepare("SELECT group_concat(name, ',') FROM pragma_table_info('" + table + "')");
    EXPECT_TRUE(*stmt->Step());
    return stmt->ColumnText(0);
  };
  EXPECT_EQ(columns("person"), "person_id,year_of_birth");
  EXPECT_EQ(columns("drug_exposure"), "person_id,drug_exposure_start_date,drug_source_value");
  EXPECT_EQ(*db->QueryInt64("SELECT count(*) FROM sqlite_schema WHERE name = 'visit_occurrence'"), 0);
  EXPECT_GT(*db->QueryInt64("SELECT count(*) FROM drug_exposure"), 0);
  EXPECT_EQ(*db->QueryInt64("SELECT count(*) FROM drug_exposure WHERE drug_exposure_start_date < '2022-01-01' "
                            "OR drug_exposure_start_date > '2022-06-30'"),
            0);

  // The pid column can never be asked for.
  doc["id"] = "greedy";
  doc["variables"]["person"] = {"person_source_value"};
  ASSERT_TRUE(hub_->projects().Create(doc.dump(), "alice").ok());
  for (project::Action a : {project::Action::kSubmit, project::Action::kApprove, project::Action::kActivate}) {
    ASSERT_TRUE(hub_->projects().Apply("greedy", a, "operator").ok());
  }
  auto refused = hub_->projects().BuildExtract("greedy", std::nullopt, "alice");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("person_source_value holds the hub's pid"), std::string::npos);
}

TEST_F(ProjectsTest, LifecycleRefusalsAndClosingAtTheEndDate) {
  auto& projects = hub_->projects();
  ASSERT_TRUE(projects.Create(ProjectDocument("short", "2026-12-31"), "alice").ok());
  EXPECT_EQ(projects.Create(ProjectDocument("short"), "alice").status().code(), StatusCode::kConflict);
  auto refused = projects.BuildExtract("short", std::nullopt, "alice");
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict);
  EXPECT_EQ(projects.Apply("short", project::Action::kActivate, "operator").status().code(),
            StatusCode::kConflict);
  for (project::Action a : {project::Action::kSubmit, project::Action::kApprove, project::Action::kActivate}) {
    ASSERT_TRUE(projects.Apply("short", a, "operator").ok());
  }
  EXPECT_EQ(projects.Update(ProjectDocument("short", "2027-12-31"), "alice").status().code(),
            StatusCode::kConflict);
  ASSERT_TRUE(projects.BuildExtract("short", std::nullopt, "alice").ok());
  ASSERT_TRUE(projects.Query("short", "CREATE TABLE scratch.mine AS SELECT person_id FROM person", {}).ok());

  clock_.Advance(std::int64_t{40} * 86'400'000);  // 2027-01-07: past the end date
  auto found = projects.Find("short");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->state, project::State::kClosed);
  auto read = projects.Query("short", "SELECT count(*) FROM scratch.mine", {});
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  auto write = projects.Query("short", "CREATE TABLE scratch.more AS SELECT 1", {});
  ASSERT_FALSE(write.ok());
  EXPECT_NE(write.status().message().find("closed"), std::string::npos);
  EXPECT_EQ(projects.Apply("short", project::Action::kActivate, "operator").status().code(),
            StatusCode::kConflict);
  EXPECT_EQ(projects.BuildExtract("short", std::nullopt, "alice").status().code(), StatusCode::kConflict);

  // The journal tells the story, the automatic closing included.
  std::vector<std::string> actions;
  auto db = store::Database::Open(hub_->config().database, {.read_only = true});
  auto stmt = db->Prepare("SELECT action, details FROM gov_journal WHERE object = 'project/short' ORDER BY seq");
  std::string reason;
  while (*stmt->Step()) {
    actions.push_back(stmt->ColumnText(0));
    if (actions.back() == "project.close") reason = stmt->ColumnText(1);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"project.create", "project.submit", "project.approve",
                                               "project.activate", "extract.build", "project.close"}));
  EXPECT_NE(reason.find("end date 2026-12-31 passed"), std::string::npos);
}

}  // namespace
}  // namespace sovhub
