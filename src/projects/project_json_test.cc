// SPDX-License-Identifier: AGPL-3.0-or-later
#include "projects/project_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sovhub::projects {
namespace {

using json = nlohmann::json;

json Document() {
  return json::parse(R"({
    "id": "demo-diabetes",
    "title": "Type 2 diabetes care pathways",
    "controller": "Example University Hospital",
    "purpose": "Describe the treatment sequences of type 2 diabetes",
    "legal_basis": "GDPR Art. 6(1)(e) and 9(2)(j); Code de la santé publique L1461-3",
    "public_summary": "How people with type 2 diabetes are treated, by age and department",
    "approvals": {
      "ethics_opinion": {"reference": "CESREES 2026-0001", "date": "2026-01-10"},
      "authority_decision": {"reference": "CNIL DR-2026-0002", "date": "2026-02-01"}
    },
    "start_date": "2026-03-01",
    "end_date": "2027-02-28",
    "members": [
      {"name": "Alice Martin", "email": "alice.martin@example.org", "role": "researcher"},
      {"name": "Bruno Petit", "email": "bruno.petit@example.org", "role": "checker"}
    ],
    "cohort": {"version": 1, "population": {"condition": {"icd10": ["E11*"]}}},
    "variables": {"person": ["year_of_birth", "gender_source_value"],
                  "drug_exposure": ["drug_exposure_start_date", "drug_source_value"]},
    "period": {"from": "2021-01-01", "to": "2023-12-31"}
  })");
}

std::string ErrorOf(const json& doc) {
  auto parsed = ParseProject(doc.dump());
  EXPECT_FALSE(parsed.ok());
  return parsed.ok() ? "" : parsed.status().message();
}

TEST(ProjectJsonTest, ReadsADocumentAndWritesItBack) {
  auto p = ParseProject(Document().dump());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->id, "demo-diabetes");
  EXPECT_EQ(p->state, project::State::kDraft);
  ASSERT_EQ(p->members.size(), 2u);
  EXPECT_EQ(p->members[1].role, project::Role::kChecker);
  EXPECT_EQ(p->ethics_opinion->reference, "CESREES 2026-0001");
  auto again = ParseProject(ProjectToJson(*p, View::kFull));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *p);
}

TEST(ProjectJsonTest, PublicViewLeavesOutMembersPrivateDetails) {
  auto p = ParseProject(Document().dump());
  ASSERT_TRUE(p.ok());
  std::string full = ProjectToJson(*p, View::kFull), open = ProjectToJson(*p, View::kPublic);
  EXPECT_NE(full.find("alice.martin@example.org"), std::string::npos);
  EXPECT_EQ(open.find("@example.org"), std::string::npos);
  EXPECT_NE(open.find("Alice Martin"), std::string::npos);
  EXPECT_NE(open.find("CNIL DR-2026-0002"), std::string::npos);
}

TEST(ProjectJsonTest, ErrorsNameThePath) {
  json doc = Document();
  doc["members"][1]["role"] = "owner";
  EXPECT_EQ(ErrorOf(doc), "members[1].role: \"owner\" is not a member role (one of researcher, checker)");
  doc = Document();
  doc["cohort"]["population"] = json::parse(R"({"all": [{"condition": {"icd10": ["E11*"]}},
      {"demographics": {"sex": "F"}}, {"drug": {"atc": ["A1O"]}}]})");
  EXPECT_EQ(ErrorOf(doc).rfind("cohort.population.all[2].drug.atc[0]: ", 0), 0u) << ErrorOf(doc);
  doc = Document();
  doc["titel"] = "x";
  EXPECT_EQ(ErrorOf(doc).rfind("titel: unknown key", 0), 0u);
  doc = Document();
  doc.erase("period");
  EXPECT_EQ(ErrorOf(doc), "period: missing");
  doc = Document();
  doc["approvals"]["ethics_opinion"]["date"] = "2026-02-30";
  EXPECT_EQ(ErrorOf(doc), "approvals.ethics_opinion.date: \"2026-02-30\" is not a date (YYYY-MM-DD)");
  doc = Document();
  doc["end_date"] = "2025-01-01";
  EXPECT_EQ(ErrorOf(doc).rfind("end_date: ", 0), 0u);
  doc = Document();
  doc["variables"]["person"] = "year_of_birth";
  EXPECT_EQ(ErrorOf(doc), "variables.person: must be a list of columns");
  auto malformed = ParseProject("{\"id\": ");
  ASSERT_FALSE(malformed.ok());
  EXPECT_NE(malformed.status().message().find("malformed JSON"), std::string::npos);
}

}  // namespace
}  // namespace sovhub::projects
