// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The SNDS → OMOP transforms on a hand-built delivery whose expected OMOP rows
// are stated here by hand (docs/omop.md states the transforms), then kept
// current by a second batch.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "crypto/random.h"
#include "hub/hub.h"
#include "store/sqlite.h"
#include "testing/testing.h"

namespace sovhub {
namespace {

constexpr const char* kS1 = "AAAAAAAAAAAAAAAA1";  // stage-1 identifiers
constexpr const char* kS2 = "AAAAAAAAAAAAAAAA2";
constexpr const char* kS3 = "AAAAAAAAAAAAAAAA3";  // in claims, not in IR_BEN_R

void Write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::string Keys(int claim) {
  return std::to_string(claim) + ",2021-03-01,30,9085,1,2021-02-04,01C059011,1,1";
}
constexpr const char* kKeyHeader =
    "DCT_ORD_NUM,FLX_DIS_DTD,FLX_EMT_NUM,FLX_EMT_ORD,FLX_EMT_TYP,FLX_TRT_DTD,ORG_CLE_NUM,PRS_ORD_NUM,"
    "REM_TYP_AFF";

class OmopLayerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::SystemRandom random;
    ASSERT_TRUE(hub::Hub::Init(dir_ / "hub", {.name = "omop"}, clock_, random).ok());
    auto hub = hub::Hub::Open(dir_ / "hub", clock_);
    ASSERT_TRUE(hub.ok()) << hub.status().ToString();
    hub_ = std::move(*hub);
  }

  ingest::BatchOutcome Ingest(const std::filesystem::path& folder) {
    auto request = ingest::ReadBatchFolder(folder, "fixture");
    EXPECT_TRUE(request.ok()) << request.status().ToString();
    auto outcome = hub_->Ingest(*request, nullptr);
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    EXPECT_EQ(outcome->kind, ingest::BatchOutcome::Kind::kLoaded) << outcome->manifest_json;
    EXPECT_EQ(outcome->rows_quarantined, 0) << outcome->manifest_json;
    return *outcome;
  }

  // The rows of `sql`, each as its cells joined by '|'.
  std::vector<std::string> Rows(const std::string& sql) {
    auto db = store::Database::Open(hub_->config().database, {.read_only = true});
    EXPECT_TRUE(db.ok());
    auto stmt = db->Prepare(sql);
    EXPECT_TRUE(stmt.ok()) << sql << ": " << stmt.status().ToString();
    std::vector<std::string> rows;
    while (*stmt->Step()) {
      std::string row;
      for (int c = 0; c < stmt->ColumnCount(); ++c) {
        row += (c ? "|" : "") + (stmt->ColumnIsNull(c) ? std::string("NULL") : stmt->ColumnText(c));
      }
      rows.push_back(row);
    }
    return rows;
  }

  std::string Pid(const char* stage1) { return hub_->registry().PidOf(stage1); }

  testing::TempDir dir_;
  FixedClock clock_{1795873500000};
  std::unique_ptr<hub::Hub> hub_;
};

TEST_F(OmopLayerTest, TransformsAHandBuiltDeliveryAndKeepsItCurrent) {
  const auto first = dir_ / "batch1";
  Write(first / "IR_BEN_R.csv",
        std::string("BEN_NIR_PSA,BEN_RNG_GEM,BEN_SEX_COD,BEN_NAI_ANN,BEN_NAI_MOI,BEN_RES_DPT,BEN_DCD_DTE,"
                    "BEN_DTE_INS,MAX_TRT_DTD\n") +
            kS1 + ",1,2,1960,03,075,1600-01-01,2010-01-01,2023-06-30\n" +  // 1600-01-01: no date
            kS2 + ",1,1,1950,,02A,2022-05-10,2015-03-01,2022-05-01\n");
  Write(first / "ER_PRS_F.csv", std::string(kKeyHeader) + ",BEN_NIR_PSA,EXE_SOI_DTD\n" + Keys(1) + "," +
                                    kS1 + ",2021-02-03\n" + Keys(2) + "," + kS2 + ",2022-01-10\n" +
                                    Keys(3) + "," + kS3 + ",2021-07-01\n" + Keys(4) + "," + kS1 +
                                    ",2021-09-09\n");  // claim 4: a consultation, no drug
  Write(first / "ER_PHA_F.csv",
        std::string(kKeyHeader) + ",PHA_PRS_C13,PHA_ACT_QSN\n" + Keys(1) + ",3400993010111,2\n" + Keys(1) +
            ",3400993010289,1\n" + Keys(2) + ",3400993010111,1\n" + Keys(3) + ",3400993010111,1\n" +
            Keys(9) + ",3400993010111,1\n");  // claim 3: no person; claim 9: no claim
  Write(first / "T_MCOaaB.csv",
        "ETA_NUM,RSA_NUM,DGN_PAL,ENT_MOD,SOR_MOD\n100000001,1000000001,I500,8,9\n");
  Write(first / "T_MCOaaC.csv", std::string("ETA_NUM,RSA_NUM,NIR_ANO_17,ENT_DAT,SOR_DAT\n") +
                                    "100000001,1000000001," + kS2 + ",01052022,10052022\n");
  Write(first / "T_MCOaaD.csv",
        "ETA_NUM,RSA_NUM,DGN_ASS_NUM,ASS_DGN\n100000001,1000000001,1,E119\n100000001,1000000001,2,I10\n");
  Write(first / "T_MCOaaA.csv",
        "ETA_NUM,RSA_NUM,CDC_ACT,ENT_DAT_DEL,NBR_EXE_ACT\n100000001,1000000001,DZQM006,2,1\n");
  ingest::BatchOutcome outcome = Ingest(first);

  const std::string p1 = Pid(kS1), p2 = Pid(kS2);
  EXPECT_EQ(Rows("SELECT p.person_id, person_source_value, gender_concept_id, gender_source_value, "
                 "year_of_birth, month_of_birth, county FROM person p "
                 "LEFT JOIN location l USING (location_id) ORDER BY person_id"),
            (std::vector<std::string>{"1|" + p1 + "|0|2|1960|3|75", "2|" + p2 + "|0|1|1950|NULL|2A"}));
  EXPECT_EQ(Rows("SELECT person_id, death_date FROM death"), (std::vector<std::string>{"2|2022-05-10"}));
  EXPECT_EQ(Rows("SELECT visit_occurrence_id, person_id, visit_concept_id, visit_start_date, "
                 "visit_end_date, visit_source_value, admitted_from_source_value, "
                 "discharged_to_source_value FROM visit_occurrence"),
            (std::vector<std::string>{"1|2|0|2022-05-01|2022-05-10|MCO|8|9"}));
  EXPECT_EQ(Rows("SELECT person_id, condition_start_date, condition_end_date, visit_occurrence_id, "
                 "condition_source_value, condition_status_source_value, condition_concept_id "
                 "FROM condition_occurrence ORDER BY condition_occurrence_id"),
            (std::vector<std::string>{"2|2022-05-01|2022-05-10|1|I500|DP|0",
                                      "2|2022-05-01|2022-05-10|1|E119|DAS|0",
                                      "2|2022-05-01|2022-05-10|1|I10|DAS|0"}));
  EXPECT_EQ(Rows("SELECT person_id, drug_exposure_start_date, drug_exposure_end_date, "
                 "drug_source_value, quantity FROM drug_exposure ORDER BY drug_exposure_id"),
            (std::vector<std::string>{"1|2021-02-03|2021-02-03|3400993010111|2.0",
                                      "1|2021-02-03|2021-02-03|3400993010289|1.0",
                                      "2|2022-01-10|2022-01-10|3400993010111|1.0"}));
  EXPECT_EQ(Rows("SELECT person_id, procedure_date, procedure_source_value, quantity, "
                 "visit_occurrence_id FROM procedure_occurrence"),
            (std::vector<std::string>{"2|2022-05-03|DZQM006|1|1"}));
  // P1: insured 2010-01-01, last processed 2023-06-30. P2: insured
  // 2015-03-01, stay until 2022-05-10, dead that day.
  EXPECT_EQ(Rows("SELECT person_id, observation_period_start_date, observation_period_end_date "
                 "FROM observation_period ORDER BY person_id"),
            (std::vector<std::string>{"1|2010-01-01|2023-06-30", "2|2015-03-01|2022-05-10"}));

  // The manifest reconciles: what a transform could not attach is counted.
  auto counts = [&](const std::string& table) {
    for (const auto& c : outcome.event_layer) {
      if (c.table == table) return std::make_pair(c.rows, c.source_rows);
    }
    ADD_FAILURE() << table;
    return std::make_pair(std::int64_t{-1}, std::int64_t{-1});
  };
  EXPECT_EQ(counts("drug_exposure"), std::make_pair(std::int64_t{3}, std::int64_t{5}));
  EXPECT_EQ(counts("person"), std::make_pair(std::int64_t{2}, std::int64_t{2}));
  EXPECT_EQ(counts("condition_occurrence"), std::make_pair(std::int64_t{3}, std::int64_t{3}));
  EXPECT_NE(outcome.manifest_json.find("\"event_layer\""), std::string::npos);
  EXPECT_NE(outcome.manifest_json.find("IR_PHA_R not loaded"), std::string::npos);

  // A later batch: the drug referential and a pharmacy line of claim 3's
  // person, who now arrives in IR_BEN_R. The layer follows, and the first
  // persons keep their person_id.
  const auto second = dir_ / "batch2";
  Write(second / "IR_BEN_R.csv",
        std::string("BEN_NIR_PSA,BEN_RNG_GEM,BEN_SEX_COD,BEN_NAI_ANN,BEN_NAI_MOI,BEN_RES_DPT\n") + kS3 +
            ",1,2,2001,12,971\n");
  Write(second / "IR_PHA_R.csv",
        "PHA_CIP_C13,PHA_PRS_IDE,PHA_NOM_COURT,PHA_ATC_C07,PHA_ATC_L07\n"
        "3400993010111,9301011,METFORMINE 1000MG CPR 30,A10BA02,METFORMINE\n");
  ingest::BatchOutcome later = Ingest(second);
  EXPECT_EQ(Rows("SELECT person_id, person_source_value, county FROM person "
                 "LEFT JOIN location USING (location_id) ORDER BY person_id"),
            (std::vector<std::string>{"1|" + p1 + "|75", "2|" + p2 + "|2A", "3|" + Pid(kS3) + "|971"}));
  EXPECT_EQ(Rows("SELECT person_id, drug_source_value FROM drug_exposure ORDER BY person_id, drug_exposure_id"),
            (std::vector<std::string>{"1|3400993010111", "1|3400993010289", "2|3400993010111",
                                      "3|3400993010111"}));
  EXPECT_EQ(Rows("SELECT drug_source_value, atc FROM omop_drug_atc"),
            (std::vector<std::string>{"3400993010111|A10BA02"}));
  EXPECT_EQ(later.event_layer.size(), outcome.event_layer.size());
  // The rebuild drops the large tables' indexes and builds them again.
  EXPECT_EQ(Rows("SELECT tbl_name, count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name IN "
                 "('condition_occurrence', 'drug_exposure', 'procedure_occurrence') GROUP BY 1 ORDER BY 1"),
            (std::vector<std::string>{"condition_occurrence|2", "drug_exposure|2", "procedure_occurrence|2"}));
}

}  // namespace
}  // namespace sovhub
