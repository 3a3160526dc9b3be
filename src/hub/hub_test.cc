// SPDX-License-Identifier: AGPL-3.0-or-later
#include "hub/hub.h"

#include <gtest/gtest.h>

#include <fstream>

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

TEST_F(HubConfigTest, InitRefusesAFolderInUse) {
  crypto::SystemRandom random;
  EXPECT_EQ(Hub::Init(dir_ / "hub", {}, clock_, random).code(), StatusCode::kConflict);
  EXPECT_EQ(testing::ReadFileOrFail(dir_ / "hub/sovhub.toml"), config_);
}

}  // namespace
}  // namespace sovhub::hub
