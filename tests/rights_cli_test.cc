// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The rights desk as a DPO runs it, on the demo's hub: a request of each
// kind; every refused transition exits 2 with the rule; the objection path
// (opposition registered at once, receipt linked, the next extract leaves
// the person out); remind with a fixed day; the access export checked
// against the warehouse and read back with pdftotext; journal verify; and no
// NIR anywhere in the hub folder, the exports or the commands' output.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_set>

#include "command.h"
#include "crypto/hmac_sha256.h"
#include "crypto/key_file.h"
#include "domain/stage1.h"
#include "store/sqlite.h"
#include "testing/testing.h"

namespace sovhub::testing {
namespace {

using json = nlohmann::json;

struct Person {
  std::string nir, birth_date, sex, pid;
};

class RightsCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    outputs_ = new std::string();
    CommandResult demo = RunSovhub({"demo", (*dir_ / "demo").string(), "--persons", "1500"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    // The persons, with the pid the hub gives each (both keys are in the demo).
    auto source_key = crypto::ReadKeyFile(*dir_ / "demo/producer/source.key");
    auto hub_key = crypto::ReadKeyFile(*dir_ / "demo/hub/keys/hub.key");
    ASSERT_TRUE(source_key.ok() && hub_key.ok());
    crypto::HmacSha256 source(*source_key), hub(*hub_key);
    persons_ = new std::vector<Person>();
    std::istringstream lines(ReadFileOrFail(*dir_ / "demo/producer/raw/identities.csv"));
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
      std::size_t c1 = line.find(','), c2 = line.rfind(',');
      Person p{line.substr(0, c1), line.substr(c1 + 1, c2 - c1 - 1), line.substr(c2 + 1), ""};
      auto birth = ParseIsoDate(p.birth_date);
      auto message = pseudonym::Stage1Message(p.nir, *birth, std::stoi(p.sex));
      if (!message.ok()) continue;  // the demo's deliberately damaged identities
      const std::string stage1 = pseudonym::EncodeIdentifier(source.Compute(*message));
      p.pid = pseudonym::EncodeIdentifier(hub.Compute(stage1));
      persons_->push_back(p);
    }
    ASSERT_GT(persons_->size(), 1000u);
  }
  static void TearDownTestSuite() {
    delete persons_;
    delete outputs_;
    delete dir_;
  }

  static std::string Hub() { return (*dir_ / "demo/hub").string(); }

  // Runs sovhub, keeping what it printed for the NIR scan.
  static CommandResult Run(const std::vector<std::string>& args) {
    CommandResult result = RunSovhub(args);
    *outputs_ += result.out + result.err;
    return result;
  }

  // `rights new` for person `index` (from 10: never one of the demo's own
  // objectors); returns the request id.
  static std::string New(const std::string& kind, std::size_t index, const std::string& received,
                         std::vector<std::string> extra = {}) {
    const Person& p = (*persons_)[index];
    const std::filesystem::path nir_file = *dir_ / "nir.txt";  // outside the hub folder, as the DPO's letter is
    std::ofstream(nir_file) << p.nir << "\n";
    std::vector<std::string> args = {"rights", "new", "--hub", Hub(), "--kind", kind, "--nir-file",
                                     nir_file.string(), "--birth-date", p.birth_date, "--sex", p.sex,
                                     "--source-key", (*dir_ / "demo/producer/source.key").string(),
                                     "--received", received, "--reference", "courrier " + kind};
    args.insert(args.end(), extra.begin(), extra.end());
    CommandResult made = Run(args);
    std::filesystem::remove(nir_file);
    EXPECT_EQ(made.exit_code, 0) << made.err;
    const std::size_t at = made.out.find("request R-");
    if (at == std::string::npos) return "";
    return made.out.substr(at + 8, made.out.find(' ', at + 8) - at - 8);
  }

  static CommandResult Step(const std::string& verb, const std::string& id, const std::string& date,
                            std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"rights", verb, "--hub", Hub(), "--request", id, "--date", date};
    args.insert(args.end(), extra.begin(), extra.end());
    return Run(args);
  }

  static json Show(const std::string& id) {
    CommandResult shown = Run({"rights", "show", "--hub", Hub(), "--request", id, "--json"});
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    return json::parse(shown.out);
  }

  // The index of a person of the demo project's extract, by exporting
  // access requests for persons with a type 2 diabetes until one lists it.
  static std::size_t CohortPerson() {
    auto db = store::Database::Open(*dir_ / "demo/hub/hub.db", {.read_only = true});
    EXPECT_TRUE(db.ok());
    auto stmt = db->Prepare(
        "SELECT DISTINCT m.pid FROM omop_person_ids m JOIN condition_occurrence c ON c.person_id = m.person_id "
        "WHERE c.condition_source_value LIKE 'E11%'");
    std::unordered_set<std::string> diabetic;
    while (*stmt->Step()) diabetic.insert(stmt->ColumnText(0));
    // From 500 on: the other tests use persons 10 to 499 (some object).
    for (std::size_t i = 500; i < persons_->size(); ++i) {
      if (!diabetic.contains((*persons_)[i].pid)) continue;
      const std::string id = New("access", i, "2025-01-06");
      Step("check-identity", id, "2025-01-07");
      CommandResult exported = Run({"rights", "export", "--hub", Hub(), "--request", id, "--out",
                                    (*dir_ / "exports").string(), "--date", "2025-01-08"});
      EXPECT_EQ(exported.exit_code, 0) << exported.err;
      json doc = json::parse(ReadFileOrFail(*dir_ / "exports" / ("access-" + id + ".json")));
      if (!doc["projects"].empty()) {
        cohort_request_ = id;
        return i;
      }
    }
    ADD_FAILURE() << "no person of the demo project's extract found";
    return 0;
  }

  static TempDir* dir_;
  static std::vector<Person>* persons_;
  static std::string* outputs_;
  static std::string cohort_request_;
};

TempDir* RightsCliTest::dir_ = nullptr;
std::vector<Person>* RightsCliTest::persons_ = nullptr;
std::string* RightsCliTest::outputs_ = nullptr;
std::string RightsCliTest::cohort_request_;

TEST_F(RightsCliTest, ARequestOfEachKindGoesThroughItsLifecycle) {
  const std::string access = New("access", 10, "2025-01-06");
  EXPECT_EQ(Step("check-identity", access, "2025-01-07").exit_code, 0);
  EXPECT_EQ(Step("start", access, "2025-01-08").exit_code, 0);
  CommandResult answered = Step("answer", access, "2025-01-20", {"--summary", "copy sent by post"});
  EXPECT_EQ(answered.exit_code, 0) << answered.err;
  EXPECT_NE(answered.out.find("is answered"), std::string::npos) << answered.out;

  const std::string rectification = New("rectification", 11, "2025-01-06");
  EXPECT_EQ(Step("check-identity", rectification, "2025-01-07").exit_code, 0);
  EXPECT_EQ(Step("start", rectification, "2025-01-08").exit_code, 0);
  CommandResult extended = Step("extend", rectification, "2025-02-06", {"--reason", "the hospital must confirm"});
  EXPECT_EQ(extended.exit_code, 0) << extended.err;
  EXPECT_NE(extended.out.find("due 2025-04-07"), std::string::npos) << extended.out;  // 6 April 2025 is a Sunday

  const std::string erasure = New("erasure", 12, "2025-01-06");
  CommandResult refused = Step("refuse", erasure, "2025-01-09", {"--reason", "legal retention duty"});
  EXPECT_EQ(refused.exit_code, 0) << refused.err;
  json shown = Show(erasure);
  EXPECT_EQ(shown["state"], "refused");
  EXPECT_EQ(shown["refusal"]["remedies"], json({"cnil_complaint", "court"}));

  const std::string restriction = New("restriction", 13, "2025-01-06");
  EXPECT_EQ(Step("check-identity", restriction, "2025-01-07").exit_code, 0);
  EXPECT_EQ(Show(restriction)["state"], "identity_checked");

  CommandResult list = Run({"rights", "list", "--hub", Hub(), "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_GE(json::parse(list.out).size(), 4u);
  EXPECT_EQ(list.out.find((*persons_)[10].pid), std::string::npos) << "the pid is not shown";
}

// Every refused transition, for an access request and for an objection,
// through the command line: exit 2 and the rule that refuses it.
TEST_F(RightsCliTest, EveryRefusedTransitionExitsTwoWithTheRule) {
  struct Path {
    std::string state;
    std::vector<std::vector<std::string>> steps;  // verb, then options
  };
  const std::vector<Path> paths = {
      {"received", {}},
      {"identity_checked", {{"check-identity"}}},
      {"in_progress", {{"check-identity"}, {"start"}}},
      {"extended", {{"check-identity"}, {"start"}, {"extend", "--reason", "archives"}}},
      {"answered", {{"check-identity"}, {"start"}, {"answer"}}},
      {"refused", {{"refuse", "--reason", "unfounded"}}},
  };
  const std::vector<std::string> verbs = {"check-identity", "start", "extend", "answer", "refuse"};
  // The legal (state, verb) pairs, from docs/rights.md's tables.
  const std::set<std::pair<std::string, std::string>> access_legal = {
      {"received", "check-identity"}, {"received", "refuse"},        {"identity_checked", "start"},
      {"identity_checked", "refuse"}, {"in_progress", "extend"},     {"in_progress", "answer"},
      {"in_progress", "refuse"},      {"extended", "answer"},        {"extended", "refuse"}};
  std::set<std::pair<std::string, std::string>> objection_legal = access_legal;
  objection_legal.insert({{"received", "start"}, {"received", "answer"}, {"identity_checked", "answer"}});
  std::size_t person = 100;
  int refusals = 0;
  for (const std::string kind : {"access", "objection"}) {
    const auto& legal = kind == "access" ? access_legal : objection_legal;
    for (const Path& path : paths) {
      for (const std::string& verb : verbs) {
        if (legal.contains({path.state, verb})) continue;
        SCOPED_TRACE(kind + " " + path.state + " + " + verb);
        const std::string id =
            New(kind, ++person, "2025-01-06",
                kind == "objection" ? std::vector<std::string>{"--receipt", (*dir_ / "r.json").string()}
                                    : std::vector<std::string>{});
        for (const auto& step : path.steps) {
          std::vector<std::string> extra(step.begin() + 1, step.end());
          ASSERT_EQ(Step(step[0], id, "2025-01-08", extra).exit_code, 0);
        }
        CommandResult refused =
            Step(verb, id, "2025-01-09",
                 verb == "extend" || verb == "refuse" ? std::vector<std::string>{"--reason", "r"}
                                                      : std::vector<std::string>{});
        EXPECT_EQ(refused.exit_code, 2) << refused.err;
        const std::string action = verb == "check-identity" ? "check_identity" : verb;
        EXPECT_NE(refused.err.find("cannot " + action + " request " + id), std::string::npos) << refused.err;
        EXPECT_TRUE(refused.out.empty()) << refused.out;
        EXPECT_EQ(Show(id)["state"], path.state);
        ++refusals;
      }
    }
  }
  EXPECT_EQ(refusals, 21 + 18);
  // Late extension: after the first deadline.
  const std::string late = New("access", ++person, "2025-01-06");
  Step("check-identity", late, "2025-01-07");
  Step("start", late, "2025-01-08");
  CommandResult too_late = Step("extend", late, "2025-02-07", {"--reason", "r"});
  EXPECT_EQ(too_late.exit_code, 2);
  EXPECT_NE(too_late.err.find("first deadline passed on 2025-02-06"), std::string::npos) << too_late.err;
  // A missing reason is a usage error before the hub is opened.
  EXPECT_EQ(Step("refuse", late, "2025-01-09").exit_code, 1);
}

TEST_F(RightsCliTest, RemindListsOverdueThenDueSoonOnAFixedDay) {
  const std::string late = New("erasure", 300, "2024-10-07");    // due 2024-11-07
  const std::string soon = New("access", 301, "2024-11-05");     // due 2024-12-05
  const std::string later = New("restriction", 302, "2024-11-25");  // due 2024-12-26 (25 December)
  CommandResult remind = Run({"rights", "remind", "--hub", Hub(), "--today", "2024-12-01", "--json"});
  ASSERT_EQ(remind.exit_code, 0) << remind.err;
  json listed = json::parse(remind.out);
  std::vector<std::string> ids;
  for (const auto& r : listed) ids.push_back(r["id"].get<std::string>());
  ASSERT_EQ(ids, (std::vector<std::string>{late, soon}));
  EXPECT_EQ(listed[0]["urgency"], "overdue");
  EXPECT_EQ(listed[0]["days_left"], -24);
  EXPECT_EQ(listed[1]["urgency"], "due_soon");
  EXPECT_EQ(listed[1]["days_left"], 4);
  CommandResult text = Run({"rights", "remind", "--hub", Hub(), "--today", "2024-12-01"});
  EXPECT_NE(text.out.find("OVERDUE  " + late), std::string::npos) << text.out;
  EXPECT_LT(text.out.find(late), text.out.find(soon));
  EXPECT_EQ(text.out.find(later), std::string::npos);
}

TEST_F(RightsCliTest, AccessExportHoldsTheWarehouseRowsProjectsAndRequests) {
  const std::size_t index = CohortPerson();
  ASSERT_FALSE(cohort_request_.empty());
  const Person& p = (*persons_)[index];
  const std::filesystem::path json_path = *dir_ / "exports" / ("access-" + cohort_request_ + ".json");
  const std::string text = ReadFileOrFail(json_path);
  EXPECT_EQ(text.find(p.pid), std::string::npos);
  json doc = json::parse(text);
  // Against the warehouse: as many IR_BEN_R and condition rows as it holds.
  auto db = store::Database::Open(*dir_ / "demo/hub/hub.db", {.read_only = true});
  ASSERT_TRUE(db.ok());
  auto count = [&](const std::string& sql) {
    auto stmt = db->Prepare(sql);
    EXPECT_TRUE(stmt->BindText(1, p.pid).ok());
    EXPECT_TRUE(*stmt->Step());
    return stmt->ColumnInt64(0);
  };
  std::map<std::string, json> tables;
  for (const auto& t : doc["data_held"]) tables[t["table"].get<std::string>()] = t;
  ASSERT_TRUE(tables.contains("person"));
  ASSERT_TRUE(tables.contains("IR_BEN_R"));
  EXPECT_EQ(static_cast<std::int64_t>(tables["IR_BEN_R"]["rows"].size()),
            count("SELECT count(*) FROM IR_BEN_R WHERE BEN_NIR_PSA = ?"));
  EXPECT_EQ(tables["IR_BEN_R"]["rows"][0]["BEN_NIR_PSA"], "(pseudonym)");
  EXPECT_EQ(tables["person"]["rows"][0]["year_of_birth"], p.birth_date.substr(0, 4));
  EXPECT_EQ(tables["person"]["rows"][0]["person_source_value"], "(pseudonym)");
  EXPECT_EQ(static_cast<std::int64_t>(tables["condition_occurrence"]["rows"].size()),
            count("SELECT count(*) FROM condition_occurrence c JOIN omop_person_ids m ON m.person_id = c.person_id "
                  "WHERE m.pid = ?"));
  ASSERT_EQ(doc["projects"].size(), 1u);
  EXPECT_EQ(doc["projects"][0]["id"], "demo-diabetes");
  EXPECT_FALSE(doc["projects"][0]["public_summary"].get<std::string>().empty());
  EXPECT_EQ(doc["projects"][0]["extracts"].size(), 1u);
  EXPECT_EQ(doc["requests"][0]["id"], cohort_request_);
  EXPECT_TRUE(doc["oppositions"].empty());

  // The PDF, read back.
  const std::filesystem::path pdf = *dir_ / "exports" / ("access-" + cohort_request_ + ".pdf");
  const std::filesystem::path txt = *dir_ / "exports" / "access.txt";
  ASSERT_EQ(std::system(("pdftotext -layout '" + pdf.string() + "' '" + txt.string() + "'").c_str()), 0);
  const std::string read = ReadFileOrFail(txt);
  std::filesystem::remove(txt);
  for (const char* expected : {"Données détenues / Data held", "Projets ayant reçu vos données", "demo-diabetes",
                               "IR_BEN_R", "condition_occurrence", "Vos recours / Your remedies", "CNIL"}) {
    EXPECT_NE(read.find(expected), std::string::npos) << expected;
  }
  EXPECT_NE(read.find("year_of_birth: " + p.birth_date.substr(0, 4)), std::string::npos);

  // Refused exports: not an access request; identity not checked.
  const std::string erasure = New("erasure", 400, "2025-01-06");
  CommandResult wrong = Run({"rights", "export", "--hub", Hub(), "--request", erasure, "--out", (*dir_ / "x").string()});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("only an access request"), std::string::npos) << wrong.err;
  const std::string unchecked = New("access", 401, "2025-01-06");
  CommandResult early = Run({"rights", "export", "--hub", Hub(), "--request", unchecked, "--out", (*dir_ / "x").string()});
  EXPECT_EQ(early.exit_code, 2);
  EXPECT_NE(early.err.find("not checked yet"), std::string::npos) << early.err;
  EXPECT_FALSE(std::filesystem::exists(*dir_ / "x"));
}

TEST_F(RightsCliTest, ObjectionRegistersAtOnceLinksTheReceiptAndTheNextExtractLeavesThemOut) {
  if (cohort_request_.empty()) CohortPerson();
  ASSERT_FALSE(cohort_request_.empty());
  // The cohort person found by the export.
  const json first = Show(cohort_request_);
  ASSERT_EQ(first["kind"], "access");
  const std::string receipt = (*dir_ / "objection-receipt.json").string();
  std::size_t person = 0;
  {
    auto db = store::Database::Open(*dir_ / "demo/hub/hub.db", {.read_only = true});
    auto stmt = db->Prepare("SELECT pid FROM rights_requests WHERE id = ?");
    ASSERT_TRUE(stmt->BindText(1, cohort_request_).ok());
    ASSERT_TRUE(*stmt->Step());
    const std::string pid = stmt->ColumnText(0);
    for (person = 0; person < persons_->size() && (*persons_)[person].pid != pid; ++person) {
    }
    ASSERT_LT(person, persons_->size());
  }
  CommandResult before = Run({"workspace", "query", "--hub", Hub(), "--project", "demo-diabetes",
                              "SELECT count(*) FROM person"});
  ASSERT_EQ(before.exit_code, 0) << before.err;

  const std::string id = New("objection", person, "2025-01-06", {"--receipt", receipt});
  json shown = Show(id);
  ASSERT_TRUE(shown.contains("opposition")) << shown.dump();
  const std::uint64_t leaf = shown["opposition"]["leaf_index"];
  EXPECT_EQ(shown["opposition"]["receipt"]["leaf_index"], leaf);
  EXPECT_EQ(json::parse(ReadFileOrFail(receipt))["leaf_index"], leaf);
  std::string vkey = ReadFileOrFail(*dir_ / "demo/hub/log.vkey");
  vkey.pop_back();
  EXPECT_EQ(Run({"receipt", "verify", receipt, "--log-key", vkey}).exit_code, 0);
  // Answered without an identity check: the opposition is already applied.
  EXPECT_EQ(Step("answer", id, "2025-01-07", {"--summary", "opposition registered, receipt sent"}).exit_code, 0);

  // The live purge already took them out; the next extract leaves them out too.
  CommandResult rebuilt = Run({"extract", "build", "--hub", Hub(), "--project", "demo-diabetes"});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  CommandResult after = Run({"workspace", "query", "--hub", Hub(), "--project", "demo-diabetes",
                             "SELECT count(*) FROM person"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(std::stoll(after.out.substr(after.out.find('\n') + 1)),
            std::stoll(before.out.substr(before.out.find('\n') + 1)) - 1);
  // A second export: the opposition and its receipt, the first extract
  // (which included them) and not the new one.
  Step("start", cohort_request_, "2025-01-08");
  CommandResult exported = Run({"rights", "export", "--hub", Hub(), "--request", cohort_request_, "--out",
                                (*dir_ / "exports").string(), "--date", "2025-01-09"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  json doc = json::parse(ReadFileOrFail(*dir_ / "exports" / ("access-" + cohort_request_ + ".json")));
  ASSERT_EQ(doc["oppositions"].size(), 1u);
  EXPECT_EQ(doc["oppositions"][0]["leaf_index"], leaf);
  EXPECT_TRUE(doc["oppositions"][0]["in_effect"]);
  EXPECT_EQ(doc["oppositions"][0]["receipt"]["leaf_index"], leaf);
  ASSERT_EQ(doc["projects"].size(), 1u);
  EXPECT_EQ(doc["projects"][0]["extracts"].size(), 1u);
  EXPECT_EQ(doc["requests"].size(), 2u);  // the access request and the objection
}

// After the whole flow (each test runs in its own process, on its own demo
// hub): the journal verifies, and no NIR of any person is anywhere the hub
// wrote, in the exports, or in anything the commands printed.
TEST_F(RightsCliTest, WholeFlowLeavesNoNirAnywhereAndTheJournalVerifies) {
  const std::string receipt = (*dir_ / "exports-receipt.json").string();
  for (const std::string kind : {"access", "rectification", "erasure", "restriction"}) {
    const std::string id = New(kind, 20 + kind.size(), "2025-01-06");
    EXPECT_EQ(Step("check-identity", id, "2025-01-07").exit_code, 0);
    EXPECT_EQ(Step("refuse", id, "2025-01-08", {"--reason", "a reason"}).exit_code, 0);
    EXPECT_EQ(Show(id)["state"], "refused");
  }
  const std::size_t cohort = CohortPerson();  // access requests and their exports
  ASSERT_FALSE(cohort_request_.empty());
  const std::string objection = New("objection", cohort, "2025-01-06", {"--receipt", receipt});
  EXPECT_EQ(Step("answer", objection, "2025-01-07").exit_code, 0);
  EXPECT_EQ(Step("start", cohort_request_, "2025-01-08").exit_code, 0);
  ASSERT_EQ(Run({"rights", "export", "--hub", Hub(), "--request", cohort_request_, "--out",
                 (*dir_ / "exports").string()}).exit_code, 0);
  ASSERT_EQ(Run({"rights", "list", "--hub", Hub()}).exit_code, 0);
  ASSERT_EQ(Run({"rights", "show", "--hub", Hub(), "--request", objection}).exit_code, 0);
  ASSERT_EQ(Run({"rights", "remind", "--hub", Hub(), "--today", "2025-02-10"}).exit_code, 0);
  CommandResult verified = Run({"journal", "verify", "--hub", Hub()});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  std::unordered_set<std::string> nirs;
  for (const Person& p : *persons_) {
    nirs.insert(p.nir);
    nirs.insert(p.nir.substr(0, 13));
  }
  auto count = [&](const std::string& text) {
    int found = 0;
    for (std::size_t i = 0; i + 13 <= text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') continue;
      if (nirs.contains(text.substr(i, 13)) || (i + 15 <= text.size() && nirs.contains(text.substr(i, 15)))) ++found;
    }
    return found;
  };
  // The scan works: the producer's identities are full of them.
  EXPECT_GT(count(ReadFileOrFail(*dir_ / "demo/producer/raw/identities.csv")), 1000);
  EXPECT_EQ(count(*outputs_), 0);
  EXPECT_EQ(count(ReadFileOrFail(receipt)), 0);
  int files = 0;
  for (const auto& root : {*dir_ / "demo/hub", *dir_ / "exports"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file()) continue;
      ++files;
      EXPECT_EQ(count(ReadFileOrFail(entry.path())), 0) << entry.path();
    }
  }
  EXPECT_GT(files, 8);
}

}  // namespace
}  // namespace sovhub::testing
