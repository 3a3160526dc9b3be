// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ingest/source_tables.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "ingest/csv_reader.h"
#include "testing/testing.h"

namespace sovhub::ingest {
namespace {

TEST(SourceTablesTest, EachDeliveredFileGoesToItsTable) {
  EXPECT_EQ(TableOfFile("d/Patient.ndjson"), "FHIR_PATIENT");
  EXPECT_EQ(TableOfFile("d/MedicationDispense.2.ndjson"), "FHIR_MEDICATION_DISPENSE");
  EXPECT_EQ(TableOfFile("d/person.csv"), "OMOPSRC_PERSON");
  EXPECT_EQ(TableOfFile("d/drug_exposure.csv"), "OMOPSRC_DRUG_EXPOSURE");
  EXPECT_EQ(TableOfFile("d/IR_BEN_R.csv"), "IR_BEN_R");
  EXPECT_EQ(TableOfFile("d/PERSON.csv"), "PERSON");  // OMOP files are lower case
  EXPECT_EQ(TableOfFile("d/measurement.csv"), "measurement");
  EXPECT_EQ(FormatOf("FHIR_ENCOUNTER"), InputFormat::kNdjson);
  EXPECT_EQ(FormatOf("OMOPSRC_PERSON"), InputFormat::kCsv);
  EXPECT_EQ(FormatOf("IR_BEN_R"), InputFormat::kCsv);
  EXPECT_EQ(ResourceTypeOfTable("FHIR_MEDICATION_DISPENSE"), "MedicationDispense");
  EXPECT_EQ(BuiltinTableSchema("IR_BEN_R").status().code(), StatusCode::kNotFound);
}

TEST(SourceTablesTest, PersonColumnsAreMarkedByTheDescriptor) {
  for (const char* table : {"FHIR_PATIENT", "FHIR_ENCOUNTER", "FHIR_CONDITION", "FHIR_MEDICATION_DISPENSE",
                            "FHIR_PROCEDURE", "OMOPSRC_PERSON"}) {
    auto loaded = BuiltinTableSchema(table);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    std::vector<std::string> person;
    for (const auto& field : loaded->schema.fields) {
      if (field.person_id) person.push_back(field.name);
    }
    EXPECT_EQ(person, std::vector<std::string>{std::string(table) == "OMOPSRC_PERSON" ? "person_source_value"
                                                                                     : "pid"})
        << table;
    // The same text each time: gov_tables keeps its hash.
    EXPECT_EQ(BuiltinTableSchema(table)->hash, loaded->hash);
  }
}

// OMOPSRC_<TABLE> has the fields of OHDSI's specification, in order, typed
// from it: integer, float → number, date, datetime → a pattern (space or 'T'),
// varchar(n) → string of n characters at most; required as it says, and
// person_source_value required too.
TEST(SourceTablesTest, OmopTablesFollowTheOmopCdm54Specification) {
  auto reader = CsvFileReader::Open(testing::SharedData("omop/csv/OMOP_CDMv5.4_Field_Level.csv"));
  ASSERT_TRUE(reader.ok());
  CsvParser::Record record;
  std::string error;
  ASSERT_TRUE(*reader->Next(record, error));
  std::vector<std::string> header = record.fields;
  if (!header.empty() && header[0].starts_with("\xEF\xBB\xBF")) header[0].erase(0, 3);
  auto at = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  std::map<std::string, std::vector<std::vector<std::string>>> spec;
  while (*reader->Next(record, error)) {
    if (record.fields.size() != header.size()) continue;
    std::string table = record.fields[at("cdmTableName")];
    std::transform(table.begin(), table.end(), table.begin(), ::tolower);
    spec[table].push_back({record.fields[at("cdmFieldName")], record.fields[at("cdmDatatype")],
                           record.fields[at("isRequired")]});
  }
  for (const char* omop : {"person", "observation_period", "visit_occurrence", "condition_occurrence",
                           "drug_exposure", "procedure_occurrence", "death"}) {
    SCOPED_TRACE(omop);
    std::string name = TableOfFile(std::string(omop) + ".csv");
    auto loaded = BuiltinTableSchema(name);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    const auto& fields = loaded->schema.fields;
    ASSERT_EQ(fields.size(), spec[omop].size());
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const auto& want = spec[omop][i];
      std::string type = want[1];
      std::transform(type.begin(), type.end(), type.begin(), ::tolower);
      SCOPED_TRACE(want[0]);
      EXPECT_EQ(fields[i].name, want[0]);
      EXPECT_EQ(fields[i].constraints.required, want[2] == "Yes" || want[0] == "person_source_value");
      if (type == "integer") {
        EXPECT_EQ(fields[i].type, schema::FieldType::kInteger);
      } else if (type == "float") {
        EXPECT_EQ(fields[i].type, schema::FieldType::kNumber);
      } else if (type == "date") {
        EXPECT_EQ(fields[i].type, schema::FieldType::kDate);
      } else if (type == "datetime") {
        EXPECT_EQ(fields[i].type, schema::FieldType::kString);
        EXPECT_TRUE(fields[i].constraints.pattern.has_value());
      } else if (type == "varchar(max)") {
        EXPECT_EQ(fields[i].type, schema::FieldType::kString);
        EXPECT_FALSE(fields[i].constraints.max_length.has_value());
      } else {
        ASSERT_TRUE(type.starts_with("varchar(")) << type;
        EXPECT_EQ(fields[i].type, schema::FieldType::kString);
        EXPECT_EQ(fields[i].constraints.max_length, std::stoll(type.substr(8)));
      }
    }
  }
}

TEST(SourceTablesTest, OmopDatetimesWithASpaceOrAT) {
  auto loaded = BuiltinTableSchema("OMOPSRC_VISIT_OCCURRENCE");
  ASSERT_TRUE(loaded.ok());
  const schema::TableSchema& table = loaded->schema;
  const schema::Field& field = table.fields[table.FieldIndex("visit_start_datetime")];
  for (const char* good : {"2021-03-04 10:00:00", "2021-03-04T10:00:00", "2021-03-04T10:00:00.5Z", "2021-03-04"}) {
    EXPECT_TRUE(schema::CastCell(table, field, good).ok()) << good;
  }
  EXPECT_FALSE(schema::CastCell(table, field, "04/03/2021 10:00").ok());
}

}  // namespace
}  // namespace sovhub::ingest
