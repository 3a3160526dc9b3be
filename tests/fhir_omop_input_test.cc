// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The two inputs of the OMOP event layer beside the SNDS tables, end to end
// on real files and a real SQLite hub: FHIR R4 Bulk Data NDJSON built from
// HL7's examples (../shared/data/fhir/r4-examples), and an OMOP CSV
// delivery. Each goes through the producer's pseudonymisation, then through
// the hub's ingest, and the OMOP rows it gives are stated here by hand
// (docs/omop.md states the mappings).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/clock.h"
#include "crypto/key_file.h"
#include "crypto/random.h"
#include "domain/nir.h"
#include "hub/hub.h"
#include "ingest/schema_json.h"
#include "producer/pseudonymize.h"
#include "store/sqlite.h"
#include "testing/testing.h"

namespace sovhub {
namespace {

using nlohmann::json;

// A made-up NIR with its valid control key (src/domain/nir.h), or with
// another key when `valid` is false.
std::string Nir(const std::string& body13, bool valid = true) {
  auto key = nir::ControlKey(body13);
  EXPECT_TRUE(key.ok());
  char digits[3];
  std::snprintf(digits, sizeof digits, "%02d", valid ? *key : *key % 97 + 1);
  return body13 + digits;
}

// Made-up persons: a man born in March 1960 (Patient f201), a man born in
// December 1974 (Patient pat1), and one whose NIR has a wrong key (Patient
// example).
const std::string kNirF201 = Nir("1600375056001");
const std::string kNirPat1 = Nir("1741269123045");
const std::string kBadNir = Nir("1741233063012", false);

json Example(const std::string& name) {
  return json::parse(testing::ReadFileOrFail(testing::SharedData("fhir/r4-examples/" + name)));
}

// The example Patient with its identifiers replaced by one INS-NIR.
json WithInsNir(json patient, const std::string& nir) {
  patient["identifier"] = json::array(
      {{{"use", "official"}, {"system", "urn:oid:1.2.250.1.213.1.4.8"}, {"value", nir}}});
  return patient;
}

json About(json resource, const std::string& patient) {
  resource["subject"] = {{"reference", "Patient/" + patient}, {"display", "Roelof Olaf Bor"}};
  return resource;
}

void Write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::app) << text;
}

void WriteLines(const std::filesystem::path& path, const std::vector<json>& resources) {
  std::string text;
  for (const json& resource : resources) text += resource.dump() + "\n";
  Write(path, text);
}

// Every file under `folder`, as bytes.
std::string AllBytes(const std::filesystem::path& folder) {
  std::string bytes;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) bytes += testing::ReadFileOrFail(entry.path());
  }
  return bytes;
}

class FhirOmopInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::SystemRandom random;
    ASSERT_TRUE(crypto::CreateKeyFile(dir_ / "producer.key", random).ok());
    ASSERT_TRUE(hub::Hub::Init(dir_ / "hub", {.name = "inputs"}, clock_, random).ok());
    auto hub = hub::Hub::Open(dir_ / "hub", clock_);
    ASSERT_TRUE(hub.ok()) << hub.status().ToString();
    hub_ = std::move(*hub);
  }

  // The producer's pseudonymisation of `raw` into `delivery`.
  producer::PseudonymizeReport Pseudonymize(const std::filesystem::path& raw,
                                           const std::filesystem::path& delivery) {
    auto report = producer::Pseudonymize(raw, delivery,
                                         {dir_ / "producer.key", {}, ingest::DefaultPersonIdColumns()});
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : producer::PseudonymizeReport{};
  }

  ingest::BatchOutcome Ingest(const std::filesystem::path& delivery, double max_reject_rate = -1) {
    auto request = ingest::ReadBatchFolder(delivery, "hospital");
    EXPECT_TRUE(request.ok()) << request.status().ToString();
    // The producer's own rejects list is not a table of the delivery.
    std::erase_if(request->tables, [](const ingest::TableInput& t) { return t.table == "rejects"; });
    request->max_reject_rate = max_reject_rate;
    auto outcome = hub_->Ingest(*request, nullptr);
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    return outcome.ok() ? *outcome : ingest::BatchOutcome{};
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

  static std::pair<std::int64_t, std::int64_t> Counts(const ingest::BatchOutcome& outcome,
                                                      const std::string& table) {
    for (const auto& counts : outcome.event_layer) {
      if (counts.table == table) return {counts.rows, counts.source_rows};
    }
    ADD_FAILURE() << "no event_layer entry for " << table;
    return {-1, -1};
  }

  testing::TempDir dir_;
  FixedClock clock_{1795873500000};
  std::unique_ptr<hub::Hub> hub_;
};

TEST_F(FhirOmopInputTest, FhirBulkDataFromTheHl7ExamplesLandsInTheOmopLayer) {
  const auto raw = dir_ / "raw";
  json f201 = WithInsNir(Example("Patient-f201.json"), kNirF201);
  f201["address"] = json::array({{{"use", "home"}, {"line", {"12 rue de la Roquette"}}, {"city", "Paris"},
                                  {"postalCode", "75011"}}});
  json pat1 = WithInsNir(Example("Patient-pat1.json"), kNirPat1);
  pat1["birthDate"] = "1974-12-25";  // the example has none; stage 1 needs it
  pat1["deceasedDateTime"] = "2016-02-01T10:00:00+01:00";
  json example = WithInsNir(Example("Patient-example.json"), kBadNir);
  WriteLines(raw / "Patient.ndjson", {f201, pat1, example});

  WriteLines(raw / "Encounter.ndjson", {Example("Encounter-f201.json"), Example("Encounter-f203.json"),
                                        Example("Encounter-example.json")});
  json sepsis = Example("Condition-f203.json");
  sepsis["code"]["coding"].push_back({{"system", "http://hl7.org/fhir/sid/icd-10"}, {"code", "A41.9"}});
  WriteLines(raw / "Condition.ndjson", {Example("Condition-f201.json"), sepsis, Example("Condition-stroke.json"),
                                        About(Example("Condition-example.json"), "pat1")});
  // meddisp008 again, as a French pharmacy writes it: a CIP13 (made up) and
  // its ATC class, handed over on a given day.
  json french = Example("MedicationDispense-meddisp008.json");
  french["id"] = "meddisp008fr";
  french.erase("contained");
  french.erase("medicationReference");
  french["medicationCodeableConcept"] = {
      {"coding", {{{"system", "urn:oid:1.2.250.1.213.2.3.2"}, {"code", "3400935764713"}},
                  {{"system", "http://www.whocc.no/atc"}, {"code", "L01BC06"}}}}};
  french["whenHandedOver"] = "2013-03-21T10:00:00+01:00";
  french["quantity"] = {{"value", 120}};
  WriteLines(raw / "MedicationDispense.ndjson",
             {Example("MedicationDispense-meddisp0301.json"), Example("MedicationDispense-meddisp008.json"),
              About(french, "f201")});
  json appendectomy = About(Example("Procedure-example.json"), "pat1");
  appendectomy["code"]["coding"].push_back(
      {{"system", "https://smt.esante.gouv.fr/terminologie-ccam"}, {"code", "HHFA016"}});
  WriteLines(raw / "Procedure.ndjson", {Example("Procedure-f201.json"), appendectomy});

  // Producer: the Patient with a bad NIR and its resources stay behind.
  const auto delivery = dir_ / "delivery";
  producer::PseudonymizeReport report = Pseudonymize(raw, delivery);
  EXPECT_EQ(report.identifiers, 2);
  std::string rejects = testing::ReadFileOrFail(report.rejects);
  EXPECT_NE(rejects.find("Patient.ndjson,3,identifier: invalid NIR"), std::string::npos) << rejects;
  EXPECT_NE(rejects.find("Encounter.ndjson,3,subject.reference: refers to a Patient that was rejected"),
            std::string::npos) << rejects;
  EXPECT_NE(rejects.find("Condition.ndjson,3,subject.reference: refers to a Patient that was rejected"),
            std::string::npos) << rejects;
  const std::string stage1_f201 = json::parse(testing::ReadFileOrFail(delivery / "Patient.ndjson").substr(
      0, testing::ReadFileOrFail(delivery / "Patient.ndjson").find('\n')))["id"];

  // A line the producer's system got wrong: a partial admission date.
  Write(delivery / "Encounter.ndjson",
        json({{"resourceType", "Encounter"}, {"id", "partial"}, {"status", "finished"},
              {"subject", {{"reference", "Patient/" + stage1_f201}}}, {"period", {{"start", "2013-03"}}}})
                .dump() + "\n");

  ingest::BatchOutcome outcome = Ingest(delivery, 0.5);
  ASSERT_EQ(outcome.kind, ingest::BatchOutcome::Kind::kLoaded) << outcome.manifest_json;
  EXPECT_EQ(outcome.rows_read, 2 + 3 + 3 + 3 + 2);
  EXPECT_EQ(outcome.rows_quarantined, 1);
  EXPECT_EQ(outcome.rows_read, outcome.rows_loaded + outcome.rows_quarantined);
  std::string quarantine = testing::ReadFileOrFail(outcome.quarantine_path);
  EXPECT_NE(quarantine.find((delivery / "Encounter.ndjson").string() +
                            ",3,period.start,a partial date (year or year-month) cannot date an event"),
            std::string::npos) << quarantine;

  // person: f201 then pat1, in delivery order; the sex digit as for the SNDS.
  const std::string p1 = hub_->registry().PidOf(stage1_f201);
  ASSERT_EQ(Rows("SELECT count(*) FROM FHIR_PATIENT"), std::vector<std::string>{"2"});
  const std::string p2 = Rows("SELECT pid FROM FHIR_PATIENT WHERE pid <> '" + p1 + "'").at(0);
  EXPECT_EQ(Rows("SELECT person_id, person_source_value, gender_source_value, year_of_birth, "
                 "month_of_birth, county FROM person LEFT JOIN location USING (location_id) "
                 "ORDER BY person_id"),
            (std::vector<std::string>{"1|" + p1 + "|1|1960|3|75", "2|" + p2 + "|1|1974|12|NULL"}));
  EXPECT_EQ(Rows("SELECT person_id, death_date FROM death"), std::vector<std::string>{"2|2016-02-01"});
  // Encounter f203 (IMP, with a period) is an MCO stay; f201 (no period) is
  // not a visit.
  EXPECT_EQ(Rows("SELECT visit_occurrence_id, person_id, visit_start_date, visit_end_date, "
                 "visit_source_value, admitted_from_source_value, discharged_to_source_value "
                 "FROM visit_occurrence"),
            std::vector<std::string>{"1|1|2013-03-11|2013-03-20|MCO|309902002|NULL"});
  EXPECT_EQ(Rows("SELECT person_id, condition_start_date, condition_end_date, visit_occurrence_id, "
                 "condition_source_value FROM condition_occurrence ORDER BY condition_occurrence_id"),
            (std::vector<std::string>{"1|2013-04-02|NULL|NULL|SNOMED|386661006",
                                      "1|2013-03-08|NULL|1|A419",
                                      "2|2012-05-24|NULL|NULL|SNOMED|39065001"}));
  // meddisp0301: prepared (not yet handed over) 2015-01-15, 3 days' supply;
  // meddisp008 has no date and is not an exposure.
  EXPECT_EQ(Rows("SELECT person_id, drug_exposure_start_date, drug_exposure_end_date, quantity, "
                 "days_supply, drug_source_value FROM drug_exposure ORDER BY drug_exposure_id"),
            (std::vector<std::string>{"2|2015-01-15|2015-01-17|12.0|3|NDC|0069-2587-10",
                                      "1|2013-03-21|2013-03-21|120.0|NULL|3400935764713"}));
  EXPECT_EQ(Rows("SELECT drug_source_value, atc FROM omop_drug_atc"),
            std::vector<std::string>{"3400935764713|L01BC06"});
  EXPECT_EQ(Rows("SELECT person_id, procedure_date, procedure_source_value, quantity, visit_occurrence_id "
                 "FROM procedure_occurrence ORDER BY procedure_occurrence_id"),
            (std::vector<std::string>{"1|2013-01-28|SNOMED|367336001|1|NULL", "2|2013-04-05|HHFA016|1|NULL"}));
  // From the first to the last event: f201 from the chemotherapy to the
  // dispensing after the stay; pat1 from the appendectomy to the end of the
  // vancomycin supply (death comes later).
  EXPECT_EQ(Rows("SELECT person_id, observation_period_start_date, observation_period_end_date "
                 "FROM observation_period ORDER BY person_id"),
            (std::vector<std::string>{"1|2013-01-28|2013-03-21", "2|2013-04-05|2015-01-17"}));

  // The manifest reconciles: what the layer could not attach is counted.
  EXPECT_EQ(Counts(outcome, "person"), std::make_pair(std::int64_t{2}, std::int64_t{2}));
  EXPECT_EQ(Counts(outcome, "location"), std::make_pair(std::int64_t{1}, std::int64_t{1}));
  EXPECT_EQ(Counts(outcome, "visit_occurrence"), std::make_pair(std::int64_t{1}, std::int64_t{2}));
  EXPECT_EQ(Counts(outcome, "condition_occurrence"), std::make_pair(std::int64_t{3}, std::int64_t{3}));
  EXPECT_EQ(Counts(outcome, "drug_exposure"), std::make_pair(std::int64_t{2}, std::int64_t{3}));
  EXPECT_EQ(Counts(outcome, "procedure_occurrence"), std::make_pair(std::int64_t{2}, std::int64_t{2}));
  EXPECT_EQ(Counts(outcome, "death"), std::make_pair(std::int64_t{1}, std::int64_t{1}));
  EXPECT_EQ(Counts(outcome, "omop_drug_atc"), std::make_pair(std::int64_t{1}, std::int64_t{1}));

  // The same delivery again is a no-op.
  EXPECT_EQ(Ingest(delivery, 0.5).kind, ingest::BatchOutcome::Kind::kAlreadyLoaded);

  // Neither the producer's delivery nor anything the hub holds has a NIR or
  // a name of the examples.
  std::vector<std::string> secrets = {kNirF201, kNirF201.substr(0, 13), kNirPat1, kNirPat1.substr(0, 13),
                                      kBadNir, "Roelof", "Chalmers", "Donald", "Duck", "Roquette",
                                      "+31612345678"};
  std::string delivered = AllBytes(delivery);
  std::string held = AllBytes(dir_ / "hub");
  for (const std::string& secret : secrets) {
    EXPECT_EQ(delivered.find(secret), std::string::npos) << "the delivery holds " << secret;
    EXPECT_EQ(held.find(secret), std::string::npos) << "the hub holds " << secret;
  }
}

// An OMOP CSV delivery, in one folder with a FHIR Patient of the same
// person: the two inputs meet on the pid, and the producer's own ids only
// join its tables.
TEST_F(FhirOmopInputTest, AnOmopCsvDeliveryLandsInTheOmopLayer) {
  const std::string nir_woman = Nir("2820713055123");  // a woman born in July 1982
  const auto raw = dir_ / "raw";
  Write(raw / "identities.csv", "NIR,BIRTH_DATE,SEX\n" + kNirF201 + ",1960-03-13,1\n" + nir_woman +
                                    ",1982-07-14,2\n");
  WriteLines(raw / "Patient.ndjson", {WithInsNir(Example("Patient-f201.json"), kNirF201)});
  Write(raw / "person.csv",
        "person_id,gender_concept_id,year_of_birth,month_of_birth,race_concept_id,ethnicity_concept_id,"
        "person_source_value,gender_source_value\n"
        "10,8532,1982,7,0,0," + nir_woman + ",F\n"
        "20,8507,1960,3,0,0," + kNirF201 + ",M\n");
  Write(raw / "observation_period.csv",
        "observation_period_id,person_id,observation_period_start_date,observation_period_end_date,"
        "period_type_concept_id\n1,10,2019-01-01,2021-12-31,32817\n");
  Write(raw / "visit_occurrence.csv",
        "visit_occurrence_id,person_id,visit_concept_id,visit_start_date,visit_end_date,"
        "visit_type_concept_id,visit_source_value,visit_start_datetime\n"
        "100,10,9201,2021-02-01,2021-02-05,32817,MCO,2021-02-01 08:30:00\n"
        "101,20,9202,2021-03-01,2021-03-01,32817,AMB,2021-03-01T10:00:00\n");
  Write(raw / "condition_occurrence.csv",
        "condition_occurrence_id,person_id,condition_concept_id,condition_start_date,"
        "condition_type_concept_id,visit_occurrence_id,condition_source_value\n"
        "1000,10,0,2021-02-01,32817,100,O800\n"
        "1001,10,0,2021-02-30,32817,100,O800\n");  // line 3: no such day
  Write(raw / "drug_exposure.csv",
        "drug_exposure_id,person_id,drug_concept_id,drug_exposure_start_date,drug_exposure_end_date,"
        "drug_type_concept_id,quantity,drug_source_value\n"
        "5000,20,0,2021-03-01,2021-03-30,32869,30,3400930000001\n");
  Write(raw / "procedure_occurrence.csv",
        "procedure_occurrence_id,person_id,procedure_concept_id,procedure_date,procedure_type_concept_id,"
        "visit_occurrence_id,procedure_source_value\n"
        "7000,10,0,2021-02-02,32817,100,JQGD010\n");
  Write(raw / "death.csv", "person_id,death_date,death_type_concept_id\n10,2021-06-30,32817\n");

  const auto delivery = dir_ / "delivery";
  producer::PseudonymizeReport report = Pseudonymize(raw, delivery);
  EXPECT_EQ(report.identifiers, 3);  // two in person.csv, one Patient
  EXPECT_TRUE(report.rejects.empty());
  const std::string stage1_f201 = json::parse(testing::ReadFileOrFail(delivery / "Patient.ndjson"))["id"];

  ingest::BatchOutcome outcome = Ingest(delivery, 0.5);
  ASSERT_EQ(outcome.kind, ingest::BatchOutcome::Kind::kLoaded) << outcome.manifest_json;
  EXPECT_EQ(outcome.tables.size(), 8u);  // FHIR_PATIENT and seven OMOPSRC_ tables
  EXPECT_EQ(outcome.rows_quarantined, 1);
  std::string quarantine = testing::ReadFileOrFail(outcome.quarantine_path);
  EXPECT_NE(quarantine.find((delivery / "condition_occurrence.csv").string() +
                            ",3,condition_start_date,not a real calendar date"),
            std::string::npos) << quarantine;

  // FHIR's Patient f201 is person 1; the OMOP person 20 is the same pid and
  // keeps that row; the OMOP person 10 is person 2.
  const std::string p1 = hub_->registry().PidOf(stage1_f201);
  EXPECT_EQ(Rows("SELECT person_source_value FROM OMOPSRC_PERSON ORDER BY person_id").at(1), p1);
  const std::string p2 = Rows("SELECT person_source_value FROM OMOPSRC_PERSON WHERE person_id = 10").at(0);
  EXPECT_EQ(Rows("SELECT person_id, person_source_value, gender_concept_id, gender_source_value, "
                 "year_of_birth, month_of_birth FROM person ORDER BY person_id"),
            (std::vector<std::string>{"1|" + p1 + "|0|1|1960|3", "2|" + p2 + "|8532|2|1982|7"}));
  EXPECT_EQ(Rows("SELECT person_id, death_date, death_type_concept_id FROM death"),
            std::vector<std::string>{"2|2021-06-30|32817"});
  EXPECT_EQ(Rows("SELECT visit_occurrence_id, person_id, visit_concept_id, visit_start_date, "
                 "visit_start_datetime, visit_end_date, visit_source_value FROM visit_occurrence "
                 "ORDER BY visit_occurrence_id"),
            (std::vector<std::string>{"1|2|9201|2021-02-01|2021-02-01 08:30:00|2021-02-05|MCO",
                                      "2|1|9202|2021-03-01|2021-03-01T10:00:00|2021-03-01|AMB"}));
  EXPECT_EQ(Rows("SELECT person_id, condition_start_date, visit_occurrence_id, condition_source_value, "
                 "condition_type_concept_id FROM condition_occurrence"),
            std::vector<std::string>{"2|2021-02-01|1|O800|32817"});
  EXPECT_EQ(Rows("SELECT person_id, drug_exposure_start_date, drug_exposure_end_date, quantity, "
                 "drug_source_value FROM drug_exposure"),
            std::vector<std::string>{"1|2021-03-01|2021-03-30|30.0|3400930000001"});
  EXPECT_EQ(Rows("SELECT person_id, procedure_date, visit_occurrence_id, procedure_source_value "
                 "FROM procedure_occurrence"),
            std::vector<std::string>{"2|2021-02-02|1|JQGD010"});
  // Person 1: the dispensing's span. Person 2: the delivered period, cut at
  // death.
  EXPECT_EQ(Rows("SELECT person_id, observation_period_start_date, observation_period_end_date "
                 "FROM observation_period ORDER BY person_id"),
            (std::vector<std::string>{"1|2021-03-01|2021-03-30", "2|2019-01-01|2021-06-30"}));
  EXPECT_EQ(Counts(outcome, "person"), std::make_pair(std::int64_t{2}, std::int64_t{3}));
  EXPECT_EQ(Counts(outcome, "visit_occurrence"), std::make_pair(std::int64_t{2}, std::int64_t{2}));
  EXPECT_EQ(Counts(outcome, "condition_occurrence"), std::make_pair(std::int64_t{1}, std::int64_t{1}));
  EXPECT_EQ(Counts(outcome, "death"), std::make_pair(std::int64_t{1}, std::int64_t{1}));

  // A later delivery from the same producer: its person_id 10 is another
  // join key, of another batch; the events go to whom its person.csv says.
  const auto later = dir_ / "later";
  Write(later / "raw/identities.csv", "NIR,BIRTH_DATE,SEX\n" + kNirF201 + ",1960-03-13,1\n");
  Write(later / "raw/person.csv",
        "person_id,gender_concept_id,year_of_birth,race_concept_id,ethnicity_concept_id,person_source_value\n"
        "10,8507,1960,0,0," + kNirF201 + "\n");
  Write(later / "raw/procedure_occurrence.csv",
        "procedure_occurrence_id,person_id,procedure_concept_id,procedure_date,procedure_type_concept_id,"
        "procedure_source_value\n1,10,0,2022-05-05,32817,DZQM006\n");
  Pseudonymize(later / "raw", later / "delivery");
  ingest::BatchOutcome second = Ingest(later / "delivery");
  ASSERT_EQ(second.kind, ingest::BatchOutcome::Kind::kLoaded) << second.manifest_json;
  EXPECT_EQ(Rows("SELECT person_id, procedure_date, procedure_source_value FROM procedure_occurrence "
                 "ORDER BY procedure_occurrence_id"),
            (std::vector<std::string>{"2|2021-02-02|JQGD010", "1|2022-05-05|DZQM006"}));
  EXPECT_EQ(Rows("SELECT count(*) FROM person"), std::vector<std::string>{"2"});

  std::string held = AllBytes(dir_ / "hub");
  for (const std::string& secret : {kNirF201, kNirF201.substr(0, 13), nir_woman, nir_woman.substr(0, 13)}) {
    EXPECT_EQ(AllBytes(delivery).find(secret), std::string::npos) << "the delivery holds " << secret;
    EXPECT_EQ(held.find(secret), std::string::npos) << "the hub holds " << secret;
  }
}

}  // namespace
}  // namespace sovhub
