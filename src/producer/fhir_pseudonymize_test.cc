// SPDX-License-Identifier: AGPL-3.0-or-later
#include "producer/fhir_pseudonymize.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "crypto/key_file.h"
#include "ingest/schema_json.h"
#include "testing/testing.h"

namespace sovhub::producer {
namespace {

using nlohmann::json;

// Valid NIRs from the shared vectors (python-stdnum, CNAM).
constexpr const char* kNirA = "255081416802538";  // woman, born 1955-08
constexpr const char* kNirB = "253072B07300470";  // woman, born 1953-07, Corsica 2B

std::string Patient(const std::string& id, const std::string& system, const std::string& nir,
                    const std::string& gender, const std::string& birth) {
  return json({{"resourceType", "Patient"},
               {"id", id},
               {"text", {{"status", "generated"}, {"div", "<div>Jeanne Dupont</div>"}}},
               {"extension", json::array({{{"url", "http://example.org/birthPlace"},
                                           {"valueString", "Ajaccio"}}})},
               {"identifier", json::array({{{"system", "urn:oid:1.2.250.1.71.4.2.7"}, {"value", "IPP-881"}},
                                           {{"use", "official"}, {"system", system}, {"value", nir}}})},
               {"name", json::array({{{"family", "Dupont"}, {"given", {"Jeanne"}}}})},
               {"telecom", json::array({{{"system", "phone"}, {"value", "+33612345678"}}})},
               {"gender", gender},
               {"birthDate", birth},
               {"address", json::array({{{"use", "home"}, {"line", {"12 rue des Lilas"}},
                                         {"city", "Paris"}, {"postalCode", "75011"}}})}})
      .dump();
}

std::string Encounter(const std::string& id, const std::string& patient, const std::string& extra = "") {
  std::string text = json({{"resourceType", "Encounter"},
                           {"id", id},
                           {"text", {{"status", "generated"}, {"div", "<div>Jeanne Dupont</div>"}}},
                           {"class", {{"code", "IMP"}}},
                           {"subject", {{"reference", "Patient/" + patient}, {"display", "Jeanne Dupont"}}}})
                         .dump();
  if (!extra.empty()) text.insert(text.size() - 1, "," + extra);
  return text;
}

class FhirPseudonymizeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::SystemRandom random;
    ASSERT_TRUE(crypto::CreateKeyFile(dir_ / "source.key", random).ok());
    std::filesystem::create_directories(dir_ / "in");
  }
  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  Result<PseudonymizeReport> Run() {
    return Pseudonymize(dir_ / "in", dir_ / "out",
                        {dir_ / "source.key", {}, ingest::DefaultPersonIdColumns()});
  }
  std::vector<json> Lines(const std::string& name) {
    std::ifstream in(dir_ / name);
    std::vector<json> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
    return lines;
  }
  testing::TempDir dir_;
};

TEST_F(FhirPseudonymizeTest, PatientsGetTheirStage1IdentifierAndLoseTheirDirectIdentifiers) {
  const std::string ins = "urn:oid:1.2.250.1.213.1.4.8";
  Write("in/Patient.ndjson",
        Patient("a", ins, kNirA, "female", "1955-08-21") + "\n" +                // line 1
            Patient("b", "urn:oid:1.2.250.1.213.1.4.9", kNirB, "female", "1953-07-02") + "\n" +
            Patient("c", ins, "255081416802539", "female", "1955-08-21") + "\n" +  // bad key
            Patient("d", ins, kNirB, "male", "1953-07-02") + "\n" +               // sex disagrees
            Patient("e", ins, kNirA, "female", "1955-08-21") + "\n" +             // same as a
            "\n" +                                                                  // blank: skipped
            Patient("f", "urn:oid:1.2.250.1.213.1.4.10", kNirB, "female", "1953-07-02") + "\n" +
            Patient("g", ins, kNirB, "female", "1953-07") + "\n");                 // line 8
  Write("in/Encounter.ndjson",
        Encounter("e1", "a") + "\n" +                               // line 1: fine
            Encounter("e2", "b") + "\n" +                           // Patient rejected
            Encounter("e3", "nobody") + "\n" +                      // not in the delivery
            Encounter("e4", "e") + "\n" +                           // the duplicate of a
            Encounter("e5", "a", "\"note\":[{\"text\":\"" + std::string(kNirA) + "\"}]") + "\n" +
            "{\"resourceType\": \"Encounter\", \"id\": \n" +          // line 6: broken
            "{\"resourceType\":\"Condition\",\"id\":\"x\"}\n" +      // line 7: wrong type
            "{\"resourceType\":\"Encounter\",\"id\":\"e8\"}\n" +     // line 8: no subject
            Encounter("e9", "a", "\"contained\":[{\"resourceType\":\"Patient\",\"id\":\"p\"}]") + "\n");
  Write("in/Observation.ndjson", "{\"resourceType\":\"Observation\"}\n");
  auto report = Run();
  ASSERT_TRUE(report.ok()) << report.status().ToString();

  ASSERT_EQ(report->files.size(), 3u);
  const FileReport* patients = nullptr;
  const FileReport* encounters = nullptr;
  for (const FileReport& file : report->files) {
    if (file.input.filename() == "Patient.ndjson") patients = &file;
    if (file.input.filename() == "Encounter.ndjson") encounters = &file;
    if (file.input.filename() == "Observation.ndjson") {
      EXPECT_NE(file.skipped.find("not a resource type the hub takes in"), std::string::npos);
    }
  }
  ASSERT_TRUE(patients && encounters);
  EXPECT_EQ(patients->rows_read, 7);
  EXPECT_EQ(patients->rows_written, 1);
  EXPECT_EQ(patients->rows_rejected, 6);
  EXPECT_EQ(encounters->rows_read, 9);
  EXPECT_EQ(encounters->rows_written, 2);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out/Observation.ndjson"));

  std::vector<json> written = Lines("out/Patient.ndjson");
  ASSERT_EQ(written.size(), 1u);
  const std::string stage1 = written[0]["id"];
  EXPECT_EQ(stage1.size(), 17u);
  EXPECT_EQ(written[0], json::parse(R"({"resourceType": "Patient", "id": ")" + stage1 +
                                    R"(", "identifier": [{"system": "urn:sovhub:stage1", "value": ")" +
                                    stage1 + R"("}], "gender": "female", "birthDate": "1955-08-21",
                                    "address": [{"use": "home", "postalCode": "75011"}]})"));
  std::vector<json> visits = Lines("out/Encounter.ndjson");
  ASSERT_EQ(visits.size(), 2u);
  EXPECT_EQ(visits[0]["subject"], json({{"reference", "Patient/" + stage1}}));
  EXPECT_FALSE(visits[0].contains("text"));
  EXPECT_EQ(visits[1]["id"], "e4");  // Patient e is Patient a: its references follow
  EXPECT_EQ(visits[1]["subject"]["reference"], "Patient/" + stage1);

  // Rejects name the file, the line and the element, never the value; no
  // output holds a NIR or a name.
  std::string rejects = testing::ReadFileOrFail(report->rejects);
  for (const char* expected : {
           "Patient.ndjson,2,\"identifier: an INS-NIA (temporary number",
           "Patient.ndjson,3,identifier: invalid NIR",
           "Patient.ndjson,4,identifier: the NIR's sex digit disagrees with the sex given",
           "Patient.ndjson,5,identifier: the same person as Patient.ndjson line 1 ",
           "Patient.ndjson,7,identifier: a test or demonstration INS-NIR",
           "Patient.ndjson,8,birthDate: missing or not a full date",
           "Encounter.ndjson,2,subject.reference: refers to a Patient that was rejected",
           "Encounter.ndjson,3,subject.reference: refers to a Patient that is not in the delivery",
           "Encounter.ndjson,5,note[0].text: holds a NIR",
           "Encounter.ndjson,6,not valid JSON (at byte",
           "Encounter.ndjson,7,resourceType: not Encounter (the resource type of this file)",
           "Encounter.ndjson,8,subject: no reference to a Patient of the delivery",
           "Encounter.ndjson,9,contained[0]: a contained Patient cannot be pseudonymised"}) {
    EXPECT_NE(rejects.find(expected), std::string::npos) << expected << "\n" << rejects;
  }
  for (const auto& name : {"out/Patient.ndjson", "out/Encounter.ndjson", "out/rejects.csv"}) {
    std::string text = testing::ReadFileOrFail(dir_ / name);
    for (const char* secret : {"2550814168025", "255081416802539", "253072B073004", "Dupont", "Jeanne",
                               "IPP-881", "+33612345678", "Lilas", "Ajaccio", "nobody"}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << name << " holds " << secret;
    }
  }
}

TEST_F(FhirPseudonymizeTest, TheStage1IdentifierIsTheOneTheCsvPathGives) {
  Write("in/identities.csv", std::string("NIR,BIRTH_DATE,SEX\n") + kNirA + ",1955-08-21,2\n");
  Write("in/IR_BEN_R.csv", std::string("BEN_NIR_PSA\n") + kNirA + "\n");
  Write("in/Patient.ndjson",
        Patient("a", "urn:oid:1.2.250.1.213.1.4.8", kNirA, "female", "1955-08-21") + "\n");
  ASSERT_TRUE(Run().ok());
  std::string csv = testing::ReadFileOrFail(dir_ / "out/IR_BEN_R.csv");
  EXPECT_EQ(csv.substr(csv.find('\n') + 1, 17), Lines("out/Patient.ndjson")[0]["id"]);
}

TEST_F(FhirPseudonymizeTest, AnNdjsonFileAloneIsRefused) {
  Write("in/Encounter.ndjson", Encounter("e1", "a") + "\n");
  auto report = Pseudonymize(dir_ / "in/Encounter.ndjson", dir_ / "Encounter.out.ndjson",
                             {dir_ / "source.key", dir_ / "in/identities.csv", {}});
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sovhub::producer
