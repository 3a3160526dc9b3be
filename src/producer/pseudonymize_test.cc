// SPDX-License-Identifier: AGPL-3.0-or-later
#include "producer/pseudonymize.h"

#include <gtest/gtest.h>

#include <fstream>

#include "crypto/key_file.h"
#include "ingest/schema_json.h"
#include "testing/testing.h"

namespace sovhub::producer {
namespace {

// Two valid NIRs from the shared vectors (python-stdnum, CNAM).
constexpr const char* kNirA = "255081416802538";  // woman, born 1955-08
constexpr const char* kNirB = "253072B07300470";  // woman, born 1953-07, Corsica 2B

class PseudonymizeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::SystemRandom random;
    ASSERT_TRUE(crypto::CreateKeyFile(dir_ / "source.key", random).ok());
    std::filesystem::create_directories(dir_ / "in");
    Write("in/identities.csv", std::string("NIR,BIRTH_DATE,SEX\n") + kNirA + ",1955-08-21,2\n" +
                                   kNirB + ",1953-07-02,2\n");
  }
  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  Result<PseudonymizeReport> Run() {
    return Pseudonymize(dir_ / "in", dir_ / "out",
                        {dir_ / "source.key", {}, ingest::DefaultPersonIdColumns()});
  }
  testing::TempDir dir_;
};

TEST_F(PseudonymizeTest, ReplacesNirsAndKeepsBackRowsItCannotPseudonymise) {
  Write("in/IR_BEN_R.csv", std::string("BEN_NIR_PSA,BEN_RNG_GEM,ORG_AFF_BEN\n") +
                               kNirA + ",1,x\n" +                    // line 2: fine
                               kNirB + ",1,y\n" +                    // line 3: fine
                               "255081416802539,1,z\n" +             // line 4: bad key
                               "155081416802588,1,z\n" +             // line 5: not in identities
                               "\"\",1," + kNirA + "\n" +             // line 6: NIR in a free column
                               "7112312345678,1,z\n");               // line 7: provisional (NNP)
  auto report = Run();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->files.size(), 1u);
  EXPECT_EQ(report->files[0].rows_read, 6);
  EXPECT_EQ(report->files[0].rows_written, 2);
  EXPECT_EQ(report->files[0].rows_rejected, 4);
  EXPECT_EQ(report->identifiers, 2);

  std::string out = testing::ReadFileOrFail(dir_ / "out/IR_BEN_R.csv");
  std::string rejects = testing::ReadFileOrFail(report->rejects);
  for (const std::string& text : {out, rejects}) {
    EXPECT_EQ(text.find("2550814168025"), std::string::npos);
    EXPECT_EQ(text.find("1550814168025"), std::string::npos);  // line 5
    EXPECT_EQ(text.find("253072B073004"), std::string::npos);
    EXPECT_EQ(text.find("7112312345678"), std::string::npos);
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out/identities.csv"));
  // Rejects name the file, the line and the column, never the value.
  EXPECT_NE(rejects.find(",4,BEN_NIR_PSA: invalid NIR"), std::string::npos) << rejects;
  EXPECT_NE(rejects.find(",5,BEN_NIR_PSA: NIR not found in the identity reference"),
            std::string::npos) << rejects;
  EXPECT_NE(rejects.find(",6,ORG_AFF_BEN: a NIR outside the identifier columns"),
            std::string::npos) << rejects;
  EXPECT_NE(rejects.find(",7,BEN_NIR_PSA: not a NIR"), std::string::npos) << rejects;

  // Deterministic under one key, different under another.
  auto lines = [](const std::string& text) { return text.substr(text.find('\n') + 1); };
  std::string first = lines(out);
  EXPECT_EQ(first.substr(0, 17).size(), 17u);
  std::filesystem::remove_all(dir_ / "out");
  ASSERT_TRUE(Run().ok());
  EXPECT_EQ(lines(testing::ReadFileOrFail(dir_ / "out/IR_BEN_R.csv")), first);
}

TEST_F(PseudonymizeTest, RefusesABadIdentityReferenceNamingTheLine) {
  Write("in/IR_BEN_R.csv", std::string("BEN_NIR_PSA\n") + kNirA + "\n");
  Write("in/identities.csv", std::string("NIR,BIRTH_DATE,SEX\n") + kNirA + ",1955-08-21,2\n" +
                                 kNirA + ",1955-08-21,2\n");
  auto report = Run();
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.status().message().find("line 3: NIR: listed twice"), std::string::npos)
      << report.status().message();
  EXPECT_EQ(report.status().message().find("2550814"), std::string::npos);

  Write("in/identities.csv", std::string("NIR,BIRTH,SEX\n"));
  std::filesystem::remove_all(dir_ / "out");
  EXPECT_NE(Run().status().message().find("header must be NIR,BIRTH_DATE,SEX"), std::string::npos);

  Write("in/identities.csv", std::string("NIR,BIRTH_DATE,SEX\n") + kNirA + ",1955-02-30,2\n");
  EXPECT_NE(Run().status().message().find("line 2: BIRTH_DATE"), std::string::npos);
}

TEST_F(PseudonymizeTest, RefusesAnOutputFolderThatIsNotEmptyAndAFileWithoutIdentities) {
  Write("in/IR_BEN_R.csv", std::string("BEN_NIR_PSA\n") + kNirA + "\n");
  std::filesystem::create_directories(dir_ / "out");
  Write("out/keep.txt", "mine");
  EXPECT_EQ(Run().status().code(), StatusCode::kConflict);
  EXPECT_EQ(testing::ReadFileOrFail(dir_ / "out/keep.txt"), "mine");
  auto single = Pseudonymize(dir_ / "in/IR_BEN_R.csv", dir_ / "single.csv",
                             {dir_ / "source.key", {}, ingest::DefaultPersonIdColumns()});
  EXPECT_EQ(single.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(PseudonymizeTest, AnOmopPersonTableNamesItsPersonInPersonSourceValue) {
  Write("in/IR_BEN_R.csv", std::string("BEN_NIR_PSA\n") + kNirA + "\n");
  Write("in/person.csv", std::string("person_id,gender_concept_id,year_of_birth,race_concept_id,"
                                     "ethnicity_concept_id,person_source_value\n") +
                             "7,8532,1955,0,0," + kNirA + "\n");
  auto report = Run();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->identifiers, 2);
  std::string ben = testing::ReadFileOrFail(dir_ / "out/IR_BEN_R.csv");
  std::string person = testing::ReadFileOrFail(dir_ / "out/person.csv");
  EXPECT_EQ(person.substr(person.find('\n') + 1), "7,8532,1955,0,0," + ben.substr(ben.find('\n') + 1));
  EXPECT_EQ(person.find("2550814168025"), std::string::npos);
}

}  // namespace
}  // namespace sovhub::producer
