// SPDX-License-Identifier: AGPL-3.0-or-later
//
// One batch is one transaction: a real `sovhub ingest` process killed with
// SIGKILL at random moments leaves all of the batch or none of it, and the
// journal still verifies. Then the same batch loads completely.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "command.h"
#include "store/sqlite.h"
#include "testing/testing.h"

namespace sovhub::testing {
namespace {

std::int64_t Count(store::Database& db, const std::string& sql) {
  auto value = db.QueryInt64(sql);
  return value.ok() ? *value : -1;
}

TEST(SigkillIngestTest, AKilledIngestLeavesAllOrNothing) {
  TempDir dir;
  std::string raw = (dir / "raw").string(), delivery = (dir / "delivery").string();
  std::string key = (dir / "source.key").string(), hub = (dir / "hub").string();
  ASSERT_EQ(RunSovhub({"synth", "--persons", "20000", "--defect-rate", "0", raw}).exit_code, 0);
  ASSERT_EQ(RunSovhub({"source", "keygen", key}).exit_code, 0);
  ASSERT_EQ(RunSovhub({"source", "pseudonymize", "--key", key, raw, delivery}).exit_code, 0);
  ASSERT_EQ(RunSovhub({"init", hub}).exit_code, 0);
  std::vector<std::string> ingest = {"ingest", "--hub", hub, "--source", "s", "--batch", delivery,
                                     "--quiet"};

  std::mt19937 rng(20261128);
  int killed_before = 0, killed_after = 0;
  for (int round = 0; round < 12; ++round) {
    int pid = StartSovhub(ingest);
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 1500));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    auto db = store::Database::Open(dir / "hub/hub.db", {}).value();
    std::int64_t batches = Count(db, "SELECT count(*) FROM gov_batches");
    if (batches == 0) {
      ++killed_before;
      // None of it: no rows in any table the batch would have filled.
      EXPECT_LE(Count(db, "SELECT count(*) FROM gov_batch_tables"), 0);
      auto tables = Count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'ER_PRS_F'");
      if (tables == 1) {
        EXPECT_EQ(Count(db, "SELECT count(*) FROM ER_PRS_F"), 0);
      }
    } else {
      ++killed_after;
      ASSERT_EQ(batches, 1);
      // All of it: every table holds exactly what the batch says it loaded.
      auto stmt = db.Prepare("SELECT table_name, rows_loaded FROM gov_batch_tables").value();
      int parts = 0;
      while (stmt.Step().value()) {
        ++parts;
        EXPECT_EQ(Count(db, "SELECT count(*) FROM \"" + stmt.ColumnText(0) + "\""),
                  stmt.ColumnInt64(1))
            << stmt.ColumnText(0);
      }
      EXPECT_GE(parts, 6);
    }
    CommandResult verify = RunSovhub({"journal", "verify", "--hub", hub});
    EXPECT_EQ(verify.exit_code, 0) << "round " << round << ": " << verify.err;
    if (batches == 1) break;  // the batch is in; later rounds would be no-ops
  }
  EXPECT_GT(killed_before, 0) << "no kill landed mid-ingest: the test proved nothing";
  CommandResult finish = RunSovhub({"ingest", "--hub", hub, "--source", "s", "--batch", delivery,
                                    "--json", "--quiet"});
  ASSERT_EQ(finish.exit_code, 0) << finish.err;
  auto manifest = nlohmann::json::parse(finish.out);
  EXPECT_EQ(manifest["rows_read"], manifest["rows_loaded"]);
  auto db = store::Database::Open(dir / "hub/hub.db", {}).value();
  EXPECT_EQ(Count(db, "SELECT sum(rows_loaded) FROM gov_batch_tables"),
            manifest["rows_loaded"].get<std::int64_t>());
  (void)killed_after;
}

}  // namespace
}  // namespace sovhub::testing
