// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ingest/fhir_r4.h"

#include <gtest/gtest.h>

#include <fstream>

#include "ingest/line_reader.h"
#include "testing/testing.h"

namespace sovhub::fhir {
namespace {

TEST(FhirR4Test, ResourceTypeOfABulkDataFile) {
  EXPECT_EQ(ResourceTypeOfFile("out/Patient.ndjson"), "Patient");
  EXPECT_EQ(ResourceTypeOfFile("MedicationDispense.2.ndjson"), "MedicationDispense");
  EXPECT_EQ(ResourceTypeOfFile("Condition_001.ndjson"), "Condition");
  EXPECT_EQ(ResourceTypeOfFile("Patient.csv"), "");
  EXPECT_TRUE(IsSupportedResourceType("Procedure"));
  EXPECT_FALSE(IsSupportedResourceType("Observation"));
}

TEST(FhirR4Test, PatientReferencesInEveryFormTheSpecAllows) {
  EXPECT_EQ(PatientIdOfReference("Patient/f201"), "f201");
  EXPECT_EQ(PatientIdOfReference("Patient/f201/_history/3"), "f201");
  EXPECT_EQ(PatientIdOfReference("https://fhir.example.fr/r4/Patient/f201"), "f201");
  EXPECT_EQ(PatientIdOfReference("Practitioner/f201"), std::nullopt);
  EXPECT_EQ(PatientIdOfReference("#pat"), std::nullopt);
  EXPECT_EQ(PatientIdOfReference("Patient/"), std::nullopt);
  EXPECT_EQ(PatientIdOfReference("Group/Patient/1"), std::nullopt);
  EXPECT_EQ(IdOfReference("Encounter/f203", "Encounter"), "f203");
  EXPECT_EQ(IdOfReference("Encounter/f203", "Patient"), std::nullopt);
}

TEST(FhirR4Test, VocabulariesOfTheFrenchAndInternationalSystems) {
  EXPECT_EQ(VocabularyOf("http://hl7.org/fhir/sid/icd-10"), "ICD10");
  EXPECT_EQ(VocabularyOf("https://smt.esante.gouv.fr/terminologie-cim-10/"), "ICD10");
  EXPECT_EQ(VocabularyOf("urn:oid:1.2.250.1.213.2.5"), "CCAM");
  EXPECT_EQ(VocabularyOf("https://smt.esante.gouv.fr/terminologie-ccam"), "CCAM");
  EXPECT_EQ(VocabularyOf("urn:oid:1.2.250.1.213.2.3.2"), "CIP13");
  EXPECT_EQ(VocabularyOf("urn:oid:1.2.250.1.213.2.3.1"), "CIS");  // not CIP13
  EXPECT_EQ(VocabularyOf("http://www.whocc.no/atc"), "ATC");
  EXPECT_EQ(VocabularyOf("http://snomed.info/sct"), "SNOMED");
  EXPECT_EQ(VocabularyOf("http://example.org/codes"), "http://example.org/codes");
}

TEST(FhirR4Test, TheDayOfADateOrDateTime) {
  EXPECT_EQ(DayOf("2013-03-11").day, "2013-03-11");
  EXPECT_EQ(DayOf("2013-01-28T13:31:00+01:00").day, "2013-01-28");
  EXPECT_EQ(DayOf("2015-01-15T10:20:00Z").day, "2015-01-15");
  EXPECT_EQ(DayOf("2015-01-15T10:20:00.125-05:00").day, "2015-01-15");
  EXPECT_EQ(DayOf("2013").problem, "a partial date (year or year-month) cannot date an event");
  EXPECT_EQ(DayOf("2013-04").problem, "a partial date (year or year-month) cannot date an event");
  EXPECT_EQ(DayOf("2013-02-30").problem, "not a real calendar date");
  for (const char* bad : {"", "13/03/2013", "2013-03-11 10:00:00", "2013-03-11T10:00:00",
                          "2013-03-11T25:00:00Z", "20130311"}) {
    EXPECT_EQ(DayOf(bad).problem, "not a FHIR date or dateTime") << bad;
  }
}

TEST(FhirR4Test, TheDepartmentOfAPostalCode) {
  EXPECT_EQ(DepartmentOfPostalCode("75011"), "75");
  EXPECT_EQ(DepartmentOfPostalCode("01000"), "01");
  EXPECT_EQ(DepartmentOfPostalCode("20000"), "2A");
  EXPECT_EQ(DepartmentOfPostalCode("20200"), "2B");
  EXPECT_EQ(DepartmentOfPostalCode("97110"), "971");
  EXPECT_EQ(DepartmentOfPostalCode("1055RW"), std::nullopt);
  EXPECT_EQ(DepartmentOfPostalCode("00100"), std::nullopt);
}

TEST(LineFileReaderTest, LinesWithTheirNumbers) {
  testing::TempDir dir;
  std::ofstream(dir / "a.ndjson") << "\xEF\xBB\xBF{\"a\":1}\r\n\n{\"b\":2}\n{\"c\":3}";
  auto reader = ingest::LineFileReader::Open(dir / "a.ndjson");
  ASSERT_TRUE(reader.ok());
  std::string line;
  std::int64_t number = 0;
  std::vector<std::pair<std::int64_t, std::string>> lines;
  while (*reader->Next(line, number)) lines.emplace_back(number, line);
  EXPECT_EQ(lines, (std::vector<std::pair<std::int64_t, std::string>>{
                       {1, "{\"a\":1}"}, {2, ""}, {3, "{\"b\":2}"}, {4, "{\"c\":3}"}}));
  EXPECT_EQ(reader->bytes_read(), reader->size());
  EXPECT_EQ(ingest::LineFileReader::Open(dir / "none.ndjson").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sovhub::fhir
