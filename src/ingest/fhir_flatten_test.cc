// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The FHIR R4 examples of ../shared/data/fhir/r4-examples, their subject
// pointed at a pseudonymised Patient, flattened to their source tables' cells.
#include "ingest/fhir_flatten.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "ingest/source_tables.h"
#include "testing/testing.h"

namespace sovhub::ingest {
namespace {

using nlohmann::json;

constexpr const char* kStage1 = "AAAAAAAAAAAAAAAA1";

json Example(const std::string& name) {
  json resource = json::parse(testing::ReadFileOrFail(testing::SharedData("fhir/r4-examples/" + name)));
  if (resource.contains("subject")) resource["subject"] = {{"reference", std::string("Patient/") + kStage1}};
  return resource;
}

// The present cells by column, and the problems as "element: reason".
struct Flat {
  std::map<std::string, std::string> cells;
  std::vector<std::string> problems;
};

Flat Flatten(const std::string& table, const std::string& line) {
  auto schema = BuiltinTableSchema(table);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  std::vector<FlatCell> cells;
  std::vector<FlatProblem> problems;
  FlattenFhirLine(line, schema->schema, ResourceTypeOfTable(table), cells, problems);
  Flat flat;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].present) flat.cells[schema->schema.fields[i].name] = cells[i].text;
  }
  for (const auto& problem : problems) flat.problems.push_back(problem.element + ": " + problem.reason);
  return flat;
}

using Cells = std::map<std::string, std::string>;

TEST(FhirFlattenTest, TheExamplesFlattenToTheirColumns) {
  Flat encounter = Flatten("FHIR_ENCOUNTER", Example("Encounter-f203.json").dump());
  EXPECT_TRUE(encounter.problems.empty());
  EXPECT_EQ(encounter.cells, (Cells{{"id", "f203"}, {"pid", kStage1}, {"status", "finished"},
                                    {"class_code", "IMP"}, {"start_date", "2013-03-11"},
                                    {"end_date", "2013-03-20"}, {"admit_source", "309902002"}}));

  Flat condition = Flatten("FHIR_CONDITION", Example("Condition-f201.json").dump());
  EXPECT_TRUE(condition.problems.empty());
  EXPECT_EQ(condition.cells,
            (Cells{{"id", "f201"}, {"pid", kStage1}, {"encounter_id", "f201"},
                   {"verification_status", "confirmed"}, {"code_system", "http://snomed.info/sct"},
                   {"vocabulary", "SNOMED"}, {"code", "386661006"}, {"onset_date", "2013-04-02"},
                   {"recorded_date", "2013-04-04"}}));

  // The medication of a contained Medication, quantity and days of supply.
  Flat dispense = Flatten("FHIR_MEDICATION_DISPENSE", Example("MedicationDispense-meddisp0301.json").dump());
  EXPECT_TRUE(dispense.problems.empty());
  EXPECT_EQ(dispense.cells,
            (Cells{{"id", "meddisp0301"}, {"pid", kStage1}, {"status", "in-progress"},
                   {"code_system", "http://hl7.org/fhir/sid/ndc"}, {"vocabulary", "NDC"},
                   {"code", "0069-2587-10"}, {"prepared_date", "2015-01-15"}, {"quantity", "12"},
                   {"days_supply", "3"}}));

  Flat procedure = Flatten("FHIR_PROCEDURE", Example("Procedure-f201.json").dump());
  EXPECT_TRUE(procedure.problems.empty());
  EXPECT_EQ(procedure.cells,
            (Cells{{"id", "f201"}, {"pid", kStage1}, {"encounter_id", "f202"}, {"status", "completed"},
                   {"code_system", "http://snomed.info/sct"}, {"vocabulary", "SNOMED"},
                   {"code", "367336001"}, {"performed_date", "2013-01-28"},
                   {"performed_end_date", "2013-01-28"}}));

  json patient = Example("Patient-f201.json");
  patient["id"] = kStage1;
  patient["address"][0]["postalCode"] = "20200";
  patient.erase("identifier");
  Flat person = Flatten("FHIR_PATIENT", patient.dump());
  EXPECT_TRUE(person.problems.empty());
  EXPECT_EQ(person.cells, (Cells{{"pid", kStage1}, {"gender", "male"}, {"birth_year", "1960"},
                                 {"birth_month", "03"}, {"department", "2B"}}));
}

TEST(FhirFlattenTest, FrenchCodesArePreferredToTheOthers) {
  json condition = Example("Condition-example.json");
  condition["code"]["coding"].push_back(
      {{"system", "https://smt.esante.gouv.fr/terminologie-cim-10"}, {"code", "T20.0"}});
  Flat flat = Flatten("FHIR_CONDITION", condition.dump());
  EXPECT_EQ(flat.cells["vocabulary"], "ICD10");
  EXPECT_EQ(flat.cells["code"], "T20.0");  // as delivered; the event layer drops the dot

  json dispense = Example("MedicationDispense-meddisp008.json");
  dispense.erase("medicationReference");
  dispense["medicationCodeableConcept"] = {
      {"coding", {{{"system", "http://www.whocc.no/atc"}, {"code", "L01BC06"}},
                  {{"system", "urn:oid:1.2.250.1.213.2.3.2"}, {"code", "3400935764713"}}}}};
  dispense["whenHandedOver"] = "2021-03-04T09:30:00+01:00";
  flat = Flatten("FHIR_MEDICATION_DISPENSE", dispense.dump());
  EXPECT_TRUE(flat.problems.empty());
  EXPECT_EQ(flat.cells["vocabulary"], "CIP13");
  EXPECT_EQ(flat.cells["code"], "3400935764713");
  EXPECT_EQ(flat.cells["atc"], "L01BC06");
  EXPECT_EQ(flat.cells["handed_over_date"], "2021-03-04");
}

TEST(FhirFlattenTest, ProblemsNameTheElementNeverTheValue) {
  auto problems = [](const std::string& table, const std::string& line) {
    return Flatten(table, line).problems;
  };
  using Problems = std::vector<std::string>;
  EXPECT_EQ(problems("FHIR_ENCOUNTER", "{\"resourceType\": \"Encounter\", \"id\": "),
            (Problems{": not valid JSON (at byte 37)"}));
  EXPECT_EQ(problems("FHIR_ENCOUNTER", "[1]"), (Problems{": not a JSON object"}));
  EXPECT_EQ(problems("FHIR_ENCOUNTER", R"({"resourceType": "Condition"})"),
            (Problems{"resourceType: not Encounter (the resource type of this file)"}));
  EXPECT_EQ(problems("FHIR_PATIENT", R"({"resourceType": "Patient", "id": "f201"})"),
            (Problems{"id: not a stage-1 identifier (17 characters 0-9A-Za-z): the Patient was not pseudonymised"}));
  EXPECT_EQ(problems("FHIR_ENCOUNTER", R"({"resourceType": "Encounter", "id": "e", "subject": {"reference": "Patient/f201"}})"),
            (Problems{"subject.reference: not a reference to a pseudonymised Patient (Patient/<stage-1 identifier>)"}));
  EXPECT_EQ(problems("FHIR_ENCOUNTER", R"({"resourceType": "Encounter", "id": "e"})"),
            (Problems{"subject: no reference to a Patient"}));
  EXPECT_EQ(problems("FHIR_ENCOUNTER",
                     R"({"resourceType": "Encounter", "subject": {"reference": "Patient/AAAAAAAAAAAAAAAA1"},
                         "identifier": [{"value": "255081416802538"}]})"),
            (Problems{"identifier[0].value: holds what looks like a raw NIR; only stage-1 identifiers may be delivered"}));
  EXPECT_EQ(problems("FHIR_ENCOUNTER",
                     R"({"resourceType": "Encounter", "subject": {"reference": "Patient/AAAAAAAAAAAAAAAA1"},
                         "period": {"start": "2013-03", "end": "11/03/2013"}})"),
            (Problems{"period.start: a partial date (year or year-month) cannot date an event",
                      "period.end: not a FHIR date or dateTime"}));
}

}  // namespace
}  // namespace sovhub::ingest
