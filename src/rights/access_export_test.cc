// SPDX-License-Identifier: AGPL-3.0-or-later
#include "rights/access_export.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sovhub::rights {
namespace {

constexpr const char* kPid = "Ab3dE5gH7jK9mN1pQ";

AccessDossier Sample() {
  AccessDossier d;
  d.hub_name = "Hub Nord";
  d.generated_at = "2026-03-10T12:00:00.000Z";
  d.date = {2026, 3, 10};
  d.request.request.id = "R-2026-0001";
  d.request.request.kind = Kind::kAccess;
  d.request.request.received = {2026, 3, 2};
  d.request.request.state = State::kInProgress;
  d.data.push_back({"person", "omop", "", {"person_id", "year_of_birth", "person_source_value"},
                    {{"42", "1955", kPid}}});
  d.data.push_back({"ER_PRS_F", "source", "BEN_NIR_PSA", {"BEN_NIR_PSA", "EXE_SOI_DTD", "PRS_NAT_REF"},
                    {{kPid, "2024-05-02", std::nullopt}}});
  d.oppositions.push_back({3, "register", "all", "2026-03-02T09:00:00.000Z", true, R"({"leaf_index": 3})"});
  project::Project p;
  p.id = "diabetes-2026";
  p.title = "Diabète et insuline";
  p.controller = "CHU de Lille";
  p.public_summary = "Étude des parcours de soins.";
  d.projects.push_back({p, {{7, "diabetes-2026", "2026-02-01T10:00:00.000Z", 3}}});
  d.projects_not_recorded = {"old-study"};
  d.requests.push_back(d.request);
  return d;
}

TEST(AccessExportTest, HidePidReplacesEveryCellHoldingIt) {
  AccessDossier d = Sample();
  HidePid(d.data, kPid);
  EXPECT_EQ(d.data[0].rows[0][2], "(pseudonym)");
  EXPECT_EQ(d.data[1].rows[0][0], "(pseudonym)");
  EXPECT_EQ(d.data[1].rows[0][1], "2024-05-02");
}

TEST(AccessExportTest, JsonHoldsEverySection) {
  AccessDossier d = Sample();
  HidePid(d.data, kPid);
  const std::string text = AccessJson(d);
  EXPECT_EQ(text.find(kPid), std::string::npos);
  auto doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc["format"], "sovhub-access-export/v1");
  EXPECT_EQ(doc["request"]["id"], "R-2026-0001");
  EXPECT_EQ(doc["request"]["gdpr_article"], 15);
  EXPECT_EQ(doc["request"]["due"], "2026-04-02");
  ASSERT_EQ(doc["data_held"].size(), 2u);
  EXPECT_EQ(doc["data_held"][1]["table"], "ER_PRS_F");
  EXPECT_EQ(doc["data_held"][1]["matched_by"], "BEN_NIR_PSA");
  EXPECT_EQ(doc["data_held"][1]["rows"][0]["EXE_SOI_DTD"], "2024-05-02");
  EXPECT_TRUE(doc["data_held"][1]["rows"][0]["PRS_NAT_REF"].is_null());
  EXPECT_EQ(doc["oppositions"][0]["receipt"]["leaf_index"], 3);
  EXPECT_EQ(doc["projects"][0]["public_summary"], "Étude des parcours de soins.");
  EXPECT_EQ(doc["projects"][0]["extracts"][0]["checkpoint_size"], 3);
  EXPECT_EQ(doc["projects_not_recorded"][0], "old-study");
  EXPECT_EQ(doc["requests"].size(), 1u);
}

TEST(AccessExportTest, DocumentHasBilingualHeadingsAndTheRows) {
  AccessDossier d = Sample();
  HidePid(d.data, kPid);
  const std::string text = letters::RenderText(AccessDocument(d), 200);
  for (const char* heading :
       {"Données détenues / Data held", "Oppositions et reçus / Oppositions and receipts",
        "Projets ayant reçu vos données / Projects that received your data", "Vos demandes / Your requests",
        "Vos recours / Your remedies"}) {
    EXPECT_NE(text.find(heading), std::string::npos) << heading;
  }
  EXPECT_NE(text.find("EXE_SOI_DTD: 2024-05-02"), std::string::npos) << text;
  EXPECT_EQ(text.find("PRS_NAT_REF"), std::string::npos) << "NULL cells are left out";
  EXPECT_NE(text.find("Diabète et insuline (diabetes-2026)"), std::string::npos);
  EXPECT_NE(text.find("CNIL"), std::string::npos);
  EXPECT_NE(text.find("old-study"), std::string::npos);
  EXPECT_EQ(text.find(kPid), std::string::npos);
}

}  // namespace
}  // namespace sovhub::rights
