// SPDX-License-Identifier: AGPL-3.0-or-later
#include "journal/journal.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "store/sqlite.h"
#include "testing/testing.h"

namespace sovhub::journal {
namespace {

class MemoryAnchor final : public HeadAnchor {
 public:
  Status Save(const Head& head) override {
    head_ = head;
    return Status::Ok();
  }
  Result<std::optional<Head>> Load() override { return head_; }
  std::optional<Head> head_;
};

class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_ / "hub.db";
    store_ = store::OpenSqliteStore(path_, {.create = true, .now = "t"}).value();
    journal_ = std::make_unique<Journal>(*store_, clock_, &anchor_);
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(store_->Begin().ok());
      auto record = journal_->Append({"operator", "batch.load", "batch/" + std::to_string(i),
                                      "{\"rows\":" + std::to_string(i) + "}"});
      ASSERT_TRUE(record.ok()) << record.status().ToString();
      ASSERT_TRUE(store_->Commit().ok());
      ASSERT_TRUE(journal_->AnchorHead().ok());
      clock_.Advance(1000);
    }
  }

  VerifyReport Verify() {
    auto report = journal_->Verify();
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : VerifyReport{};
  }

  void Tamper(const std::string& sql) {
    auto db = store::Database::Open(path_, {});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec(sql).ok()) << sql;
  }

  testing::TempDir dir_;
  std::filesystem::path path_;
  FixedClock clock_{1795873500000};
  MemoryAnchor anchor_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Journal> journal_;
};

TEST_F(JournalTest, IntactChainVerifies) {
  VerifyReport report = Verify();
  EXPECT_TRUE(report.ok);
  EXPECT_EQ(report.entries, 5);
  EXPECT_EQ(report.head.seq, 5);
  EXPECT_EQ(report.head.hash, anchor_.head_->hash);
}

TEST_F(JournalTest, DetectsAnAlteredEntry) {
  Tamper("UPDATE gov_journal SET actor = 'someone else' WHERE seq = 3");
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  ASSERT_FALSE(report.problems.empty());
  EXPECT_NE(report.problems[0].find("entry 3"), std::string::npos) << report.problems[0];
  EXPECT_NE(report.problems[0].find("altered"), std::string::npos);
}

TEST_F(JournalTest, DetectsAnAlteredAndRehashedEntry) {
  // Recomputing the altered entry's own hash still breaks the next link.
  auto db = store::Database::Open(path_, {}).value();
  auto stmt = db.Prepare("SELECT seq, time, actor, action, object, details, prev_hash FROM "
                         "gov_journal WHERE seq = 2").value();
  ASSERT_TRUE(stmt.Step().value());
  store::JournalRecord record{stmt.ColumnInt64(0), stmt.ColumnText(1), "forger", stmt.ColumnText(3),
                              stmt.ColumnText(4), stmt.ColumnText(5), stmt.ColumnText(6), ""};
  std::string hash = HashRecord(record);
  ASSERT_TRUE(db.Exec("UPDATE gov_journal SET actor = 'forger', hash = '" + hash + "' WHERE seq = 2").ok());
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_NE(report.problems[0].find("entry 3"), std::string::npos) << report.problems[0];
}

TEST_F(JournalTest, DetectsADeletedEntry) {
  Tamper("DELETE FROM gov_journal WHERE seq = 2");
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.entries, 4);
}

TEST_F(JournalTest, DetectsATruncatedTail) {
  Tamper("DELETE FROM gov_journal WHERE seq >= 4");
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_NE(report.problems[0].find("removed"), std::string::npos);
}

TEST_F(JournalTest, DetectsReorderedEntries) {
  // Swap the contents of entries 2 and 3 (rowid order is the stored order).
  Tamper("UPDATE gov_journal SET seq = -2 WHERE seq = 2;"
         "UPDATE gov_journal SET seq = 2 WHERE seq = 3;"
         "UPDATE gov_journal SET seq = 3 WHERE seq = -2;");
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
}

TEST_F(JournalTest, DetectsAByteFlippedInTheDatabaseFile) {
  store_.reset();  // close, checkpointing the WAL into the file
  std::string bytes;
  {
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    bytes = content.str();
  }
  std::size_t at = bytes.find("batch/3");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 6] = '7';
  {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << bytes;
  }
  store_ = store::OpenSqliteStore(path_, {.now = "t"}).value();
  journal_ = std::make_unique<Journal>(*store_, clock_, &anchor_);
  VerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_NE(report.problems[0].find("entry 4"), std::string::npos) << report.problems[0];
}

TEST_F(JournalTest, MissingAnchorIsReported) {
  anchor_.head_.reset();
  EXPECT_FALSE(Verify().ok);
}

}  // namespace
}  // namespace sovhub::journal
