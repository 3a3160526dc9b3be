// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The `sovhub` program as users run it: exit codes, messages, refusals.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "command.h"
#include "store/sqlite.h"
#include "testing/testing.h"

namespace sovhub::testing {
namespace {

TEST(CliTest, HelpTeachesWithExamples) {
  CommandResult help = RunSovhub({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Examples:"), std::string::npos);
  EXPECT_NE(help.out.find("Exit codes"), std::string::npos);
  CommandResult ingest = RunSovhub({"ingest", "--help"});
  EXPECT_EQ(ingest.exit_code, 0);
  EXPECT_NE(ingest.out.find("quarantine"), std::string::npos);
  EXPECT_EQ(RunSovhub({"no-such-command"}).exit_code, 1);
  EXPECT_EQ(RunSovhub({}).exit_code, 1);
}

TEST(CliTest, NirCheckAgreesWithTheSharedVectors) {
  auto doc = nlohmann::json::parse(ReadFileOrFail(SharedData("nir/nir_vectors.json")));
  for (const auto& vector : doc["valid"]) {
    CommandResult result = RunSovhub({"nir", "check", vector["nir"].get<std::string>()});
    EXPECT_EQ(result.exit_code, 0) << vector["nir"] << result.out;
    EXPECT_NE(result.out.find("valid NIR"), std::string::npos);
  }
  for (const auto& vector : doc["valid_13_char_body_without_key"]) {
    CommandResult result = RunSovhub({"nir", "check", vector["nir"].get<std::string>()});
    EXPECT_EQ(result.exit_code, 0) << vector["nir"];
    EXPECT_NE(result.out.find("without its control key"), std::string::npos) << result.out;
  }
  for (const auto& vector : doc["invalid"]) {
    CommandResult result = RunSovhub({"nir", "check", vector["nir"].get<std::string>()});
    EXPECT_EQ(result.exit_code, 2) << vector["nir"] << result.out;
  }
  for (const auto& nnp : doc["non_nir_identifiers_CNAM"]["NNP_valid"]) {
    CommandResult result = RunSovhub({"nir", "check", nnp.get<std::string>()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.out.find("(NNP)"), std::string::npos) << result.out;
  }
  for (const auto& mig : doc["non_nir_identifiers_CNAM"]["MIG_valid"]) {
    CommandResult result = RunSovhub({"nir", "check", mig.get<std::string>()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.out.find("(MIG)"), std::string::npos) << result.out;
  }
  // One line per argument; one invalid argument makes the exit code 2.
  CommandResult mixed = RunSovhub({"nir", "check", "255081416802538", "295109912611199"});
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_EQ(std::count(mixed.out.begin(), mixed.out.end(), '\n'), 2);
}

TEST(CliTest, InitCreatesAPrivateKeyAndTheHubRefusesAnExposedOne) {
  TempDir dir;
  std::string hub = (dir / "hub").string();
  CommandResult init = RunSovhub({"init", hub});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  struct stat info;
  ASSERT_EQ(stat((dir / "hub/keys/hub.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_TRUE(std::filesystem::exists(dir / "hub/sovhub.toml"));
  EXPECT_EQ(RunSovhub({"journal", "verify", "--hub", hub}).exit_code, 0);
  // A second init on the same folder is refused and changes nothing.
  EXPECT_EQ(RunSovhub({"init", hub}).exit_code, 2);

  ASSERT_EQ(chmod((dir / "hub/keys/hub.key").c_str(), 0644), 0);
  CommandResult refused = RunSovhub({"journal", "verify", "--hub", hub});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("readable by group or others"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("chmod 600"), std::string::npos);
}

TEST(CliTest, IngestNamesWhatIsWrongWithItsInput) {
  TempDir dir;
  std::string hub = (dir / "hub").string();
  ASSERT_EQ(RunSovhub({"init", hub}).exit_code, 0);
  // A column that is not in the table's schema: the file and the column are named.
  std::ofstream(dir / "bad.csv") << "BEN_NIR_PSA,NOT_A_COLUMN\nAAAAAAAAAAAAAAAAA,1\n";
  CommandResult result = RunSovhub({"ingest", "--hub", hub, "--source", "s", "--table", "IR_BEN_R",
                                    (dir / "bad.csv").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("bad.csv: line 1: column \"NOT_A_COLUMN\""), std::string::npos)
      << result.err;
  // An unknown table.
  result = RunSovhub({"ingest", "--hub", hub, "--source", "s", "--table", "NO_SUCH_TABLE",
                      (dir / "bad.csv").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("NO_SUCH_TABLE.json"), std::string::npos) << result.err;
  // Missing arguments are a usage error.
  EXPECT_EQ(RunSovhub({"ingest", "--hub", hub, "--table", "IR_BEN_R"}).exit_code, 1);
}

TEST(CliTest, RawNirsDeliveredToTheHubAreQuarantinedWithoutBeingRepeated) {
  TempDir dir;
  std::string hub = (dir / "hub").string();
  ASSERT_EQ(RunSovhub({"init", hub}).exit_code, 0);
  // A producer forgot to pseudonymise: a valid NIR where a stage-1 id belongs,
  // and one hidden in a free column.
  std::ofstream(dir / "IR_BEN_R.csv") << "BEN_NIR_PSA,BEN_RNG_GEM,ORG_AFF_BEN\n"
                                      << "255081416802538,1,x\n"
                                      << "AAAAAAAAAAAAAAAAA,1,255081416802538\n"
                                      << "BBBBBBBBBBBBBBBBB,1,01C731222\n";
  CommandResult result = RunSovhub({"ingest", "--hub", hub, "--source", "s", "--table", "IR_BEN_R",
                                    "--max-reject-rate", "1", "--json",
                                    (dir / "IR_BEN_R.csv").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto manifest = nlohmann::json::parse(result.out);
  EXPECT_EQ(manifest["rows_read"], 3);
  EXPECT_EQ(manifest["rows_loaded"], 1);
  EXPECT_EQ(manifest["rows_quarantined"], 2);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(hub)) {
    if (!entry.is_regular_file()) continue;
    std::string content = ReadFileOrFail(entry.path());
    EXPECT_EQ(content.find("255081416802538"), std::string::npos) << entry.path();
  }
  EXPECT_EQ(result.out.find("255081416802538"), std::string::npos);
  EXPECT_EQ(result.err.find("255081416802538"), std::string::npos);
}

TEST(CliTest, JournalVerifyFailsOnATamperedDatabase) {
  TempDir dir;
  std::string hub = (dir / "hub").string();
  ASSERT_EQ(RunSovhub({"init", hub}).exit_code, 0);
  std::ofstream(dir / "IR_BEN_R.csv") << "BEN_NIR_PSA,BEN_RNG_GEM\nAAAAAAAAAAAAAAAAA,1\n";
  ASSERT_EQ(RunSovhub({"ingest", "--hub", hub, "--source", "s", "--table", "IR_BEN_R",
                       (dir / "IR_BEN_R.csv").string()}).exit_code, 0);
  CommandResult intact = RunSovhub({"journal", "verify", "--hub", hub});
  ASSERT_EQ(intact.exit_code, 0) << intact.err;
  EXPECT_NE(intact.out.find("journal intact: 3 entries"), std::string::npos) << intact.out;
  {
    auto db = store::Database::Open(dir / "hub/hub.db", {}).value();
    ASSERT_TRUE(db.Exec("UPDATE gov_journal SET actor = 'nobody' WHERE seq = 2").ok());
  }
  CommandResult broken = RunSovhub({"journal", "verify", "--hub", hub});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("entry 2"), std::string::npos) << broken.err;
}

}  // namespace
}  // namespace sovhub::testing
