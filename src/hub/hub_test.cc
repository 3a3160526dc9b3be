// SPDX-License-Identifier: AGPL-3.0-or-later
#include "hub/hub.h"

#include <gtest/gtest.h>

#include <fstream>

#include "crypto/hmac_sha256.h"
#include "domain/stage1.h"
#include "store/sqlite.h"
#include "testing/testing.h"

namespace sovhub::hub {
namespace {

class HubConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::SystemRandom random;
    ASSERT_TRUE(Hub::Init(dir_ / "hub", {.name = "test"}, clock_, random).ok());
    config_ = testing::ReadFileOrFail(dir_ / "hub/sovhub.toml");
  }
  // Replaces `from` by `to` in the written configuration.
  void Edit(const std::string& from, const std::string& to) {
    std::string text = config_;
    std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    std::ofstream(dir_ / "hub/sovhub.toml") << text;
  }
  testing::TempDir dir_;
  FixedClock clock_{1795873500000};
  std::string config_;
};

TEST_F(HubConfigTest, InitWritesAConfigThatLoadsWithItsDefaults) {
  auto config = LoadConfig(dir_ / "hub");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->name, "test");
  EXPECT_EQ(config->cache_mib, 256);
  EXPECT_DOUBLE_EQ(config->max_reject_rate, 0.05);
  EXPECT_EQ(config->database, std::filesystem::absolute(dir_ / "hub") / "hub.db");
  EXPECT_FALSE(config->person_id_columns.empty());
  EXPECT_TRUE(Hub::Open(dir_ / "hub", clock_).ok());
}

TEST_F(HubConfigTest, BadValuesAreRefusedNamingTheKey) {
  Edit("max_reject_rate = 0.05", "max_reject_rate = 1.5");
  auto config = LoadConfig(dir_ / "hub");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("ingest.max_reject_rate"), std::string::npos);

  Edit("cache_mib = 256", "cache_mib = 0");
  EXPECT_NE(LoadConfig(dir_ / "hub").status().message().find("hub.cache_mib"), std::string::npos);

  Edit("person_id_columns = [", "person_id_columns = [1, ");
  EXPECT_NE(LoadConfig(dir_ / "hub").status().message().find("person_id_columns must hold strings"),
            std::string::npos);
}

TEST_F(HubConfigTest, MalformedTomlGivesFileLineAndColumn) {
  Edit("[ingest]", "[ingest");
  auto config = LoadConfig(dir_ / "hub");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(config.status().message().find("sovhub.toml:"), std::string::npos)
      << config.status().message();
}

TEST_F(HubConfigTest, NoHubSaysHowToMakeOne) {
  auto config = LoadConfig(dir_ / "elsewhere");
  EXPECT_EQ(config.status().code(), StatusCode::kNotFound);
  EXPECT_NE(config.status().message().find("sovhub init"), std::string::npos);
}

TEST_F(HubConfigTest, ALostLogKeyIsNeverReplacedSilently) {
  // A hub older than the registry (no key, no checkpoint) gets its key.
  std::filesystem::remove(dir_ / "hub/keys/log.key");
  {
    auto raw = store::Database::Open(dir_ / "hub/hub.db", {});
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw->Exec("DELETE FROM log_checkpoints").ok());
  }
  auto reopened = Hub::Open(dir_ / "hub", clock_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  registry::OppositionRequest request;
  request.stage1 = "AAAAAAAAAAAAAAAAA";
  ASSERT_TRUE((*reopened)->registry().Submit(request).ok());
  reopened->reset();
  // A log with checkpoints signed by the key: refused, saying why.
  std::filesystem::remove(dir_ / "hub/keys/log.key");
  auto refused = Hub::Open(dir_ / "hub", clock_);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("restore"), std::string::npos);
}

TEST_F(HubConfigTest, InitRefusesAFolderInUse) {
  crypto::SystemRandom random;
  EXPECT_EQ(Hub::Init(dir_ / "hub", {}, clock_, random).code(), StatusCode::kConflict);
  EXPECT_EQ(testing::ReadFileOrFail(dir_ / "hub/sovhub.toml"), config_);
}

// The one door: a project's reader leaves out every person opposed at its
// checkpoint, globally or for that project, and fails closed.
class ProjectReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "schemas");
    std::ofstream(dir_ / "schemas/PERSONS.json")
        << R"({"fields": [{"name": "BEN_NIR_PSA", "type": "string"},
                          {"name": "AGE", "type": "integer"}]})";
    std::ofstream csv(dir_ / "PERSONS.csv");
    csv << "BEN_NIR_PSA,AGE\n";
    for (int i = 0; i < 6; ++i) csv << Stage1(i) << "," << 40 + i << "\n";
    csv.close();
    crypto::SystemRandom random;
    ASSERT_TRUE(Hub::Init(dir_ / "hub", {.name = "reader", .schemas_dir = dir_ / "schemas"}, clock_,
                          random).ok());
    auto hub = Hub::Open(dir_ / "hub", clock_);
    ASSERT_TRUE(hub.ok()) << hub.status().ToString();
    hub_ = std::move(*hub);
    auto outcome = hub_->Ingest({.source = "s", .tables = {{"PERSONS", {dir_ / "PERSONS.csv"}}}},
                                nullptr);
    ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
    ASSERT_EQ(hub_->CountRows("PERSONS").value(), 6);
  }

  static std::string Stage1(int n) {
    return pseudonym::EncodeIdentifier(crypto::Sha256("person " + std::to_string(n)));
  }

  void Oppose(int n, std::string scope) {
    registry::OppositionRequest request;
    request.stage1 = Stage1(n);
    request.scope = std::move(scope);
    ASSERT_TRUE(hub_->registry().Submit(request).ok());
  }

  // The AGE values a project sees.
  std::vector<std::string> Ages(const std::string& project, std::optional<std::uint64_t> at = {}) {
    auto reader = hub_->OpenProjectReader(project, at);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    std::vector<std::string> ages;
    if (!reader.ok()) return ages;
    auto counts = (*reader)->ScanTable("PERSONS", {"AGE"}, [&](auto row) {
      ages.push_back(row[0].value_or("NULL"));
      return Status::Ok();
    });
    EXPECT_TRUE(counts.ok());
    EXPECT_EQ(counts->rows_read, 6u);
    EXPECT_EQ(counts->rows_withheld, 6u - ages.size());
    return ages;
  }

  testing::TempDir dir_;
  FixedClock clock_{1795873500000};
  std::unique_ptr<Hub> hub_;
};

TEST_F(ProjectReaderTest, LeavesOutOpposedPersonsAtItsCheckpoint) {
  using List = std::vector<std::string>;
  EXPECT_EQ(Ages("p1"), (List{"40", "41", "42", "43", "44", "45"}));
  Oppose(1, "all");
  Oppose(4, "project:p1");
  EXPECT_EQ(Ages("p1"), (List{"40", "42", "43", "45"}));
  EXPECT_EQ(Ages("p2"), (List{"40", "42", "43", "44", "45"}));
  // Pinned at the checkpoint before the oppositions: as it was then.
  EXPECT_EQ(Ages("p1", 0), (List{"40", "41", "42", "43", "44", "45"}));
  EXPECT_EQ(Ages("p1", 1), (List{"40", "42", "43", "44", "45"}));

  registry::OppositionRequest withdraw;
  withdraw.stage1 = Stage1(1);
  withdraw.event = opposition::Event::kWithdraw;
  ASSERT_TRUE(hub_->registry().Submit(withdraw).ok());
  EXPECT_EQ(Ages("p1"), (List{"40", "41", "42", "43", "45"}));
}

TEST_F(ProjectReaderTest, FailsClosed) {
  Oppose(2, "all");
  EXPECT_FALSE(hub_->OpenProjectReader("", std::nullopt).ok()) << "no project";
  EXPECT_FALSE(hub_->OpenProjectReader("Bad Id", std::nullopt).ok());
  EXPECT_EQ(hub_->OpenProjectReader("p1", 7).status().code(), StatusCode::kNotFound)
      << "no checkpoint at size 7";
  {
    auto raw = store::Database::Open(dir_ / "hub/hub.db", {});
    ASSERT_TRUE(raw.ok());
    ASSERT_TRUE(raw->Exec("UPDATE log_leaves SET hash = zeroblob(32)").ok());
  }
  auto reader = hub_->OpenProjectReader("p1", std::nullopt);
  ASSERT_FALSE(reader.ok()) << "a log that does not lead to its checkpoint opens no door";
  EXPECT_EQ(reader.status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace sovhub::hub
