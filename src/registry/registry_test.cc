// SPDX-License-Identifier: AGPL-3.0-or-later
#include "registry/registry.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "core/bytes.h"
#include "domain/signed_note.h"
#include "domain/stage1.h"
#include "store/sqlite.h"
#include "testing/testing.h"

namespace sovhub::registry {
namespace {

constexpr std::string_view kNir = "255081416802538";  // born August 1955, sex 2

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::OpenSqliteStore(dir_ / "hub.db", {.create = true, .now = clock_.NowIso()});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    auto pair = crypto::GenerateNoteKey("test.example/log", random_);
    ASSERT_TRUE(pair.ok());
    vkey_ = pair->verifier_key;
    skey_ = pair->private_key;
    registry_ = std::make_unique<Registry>(*store_, crypto::HmacSha256(Bytes(32, 7)),
                                           SignerForTest(), clock_);
    ASSERT_TRUE(registry_->EnsureCheckpoint().ok());
  }

  OppositionRequest Request(opposition::Event event, std::string scope = "all",
                            std::string_view nir = kNir) {
    auto request = MakeRequest(event, scope, nir, CivilDate{1955, 8, 14}, 2, source_key_, random_);
    EXPECT_TRUE(request.ok()) << request.status().ToString();
    return *request;
  }

  // A request for a person known by stage-1 identifier only.
  OppositionRequest ForStage1(std::string stage1) {
    OppositionRequest request;
    request.stage1 = std::move(stage1);
    return request;
  }

  // A registration for person n, with a commitment but no salt.
  OppositionRequest ForStage1WithCommitment(int n) {
    OppositionRequest request = ForStage1(Stage1(n));
    request.commitment = crypto::Sha256("commitment " + std::to_string(n));
    return request;
  }

  crypto::NoteSigner SignerForTest() { return *crypto::NoteSigner::FromPrivateKey(skey_); }

  static std::string Stage1(int n) {
    return pseudonym::EncodeIdentifier(crypto::Sha256("person " + std::to_string(n)));
  }

  crypto::NoteVerifier Verifier() { return *crypto::NoteVerifier::FromVerifierKey(vkey_); }

  testing::TempDir dir_;
  FixedClock clock_{1795873500000};
  crypto::SystemRandom random_;
  crypto::HmacSha256 source_key_{Bytes(32, 9)};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Registry> registry_;
  std::string vkey_;
  std::string skey_;
};

TEST_F(RegistryTest, ReceiptVerifiesOfflineAndNamesItsHolder) {
  auto ack = registry_->Submit(Request(opposition::Event::kRegister));
  ASSERT_TRUE(ack.ok()) << ack.status().ToString();
  EXPECT_TRUE(ack->appended);
  EXPECT_EQ(ack->receipt.leaf_index, 0u);
  EXPECT_EQ(ack->tree_size, 1u);
  std::string json = ReceiptToJson(ack->receipt);
  auto check = VerifyReceipt(json, Verifier(), kNir);
  ASSERT_TRUE(check.ok()) << check.status().ToString();
  EXPECT_TRUE(check->holder_checked);
  EXPECT_EQ(check->leaf.scope, "all");

  // Someone else's NIR (valid, same birth month) is not the holder.
  auto other = VerifyReceipt(json, Verifier(), std::string_view("255081416802736"));
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("commitment"), std::string::npos);
  // Another log's key does not verify the checkpoint.
  auto stranger = crypto::GenerateNoteKey("test.example/log", random_);
  auto wrong_key = VerifyReceipt(json, *crypto::NoteVerifier::FromVerifierKey(stranger->verifier_key), std::nullopt);
  EXPECT_FALSE(wrong_key.ok());
}

// The stored rows never hold the NIR, in any form the tests can look for.
TEST_F(RegistryTest, NothingStoredHoldsTheNir) {
  ASSERT_TRUE(registry_->Submit(Request(opposition::Event::kRegister)).ok());
  std::string db = testing::ReadFileOrFail(dir_ / "hub.db") +
                   testing::ReadFileOrFail(dir_ / "hub.db-wal");
  EXPECT_EQ(db.find(kNir), std::string::npos);
  EXPECT_EQ(db.find(kNir.substr(0, 13)), std::string::npos);
}

// Every single changed byte of a receipt makes it fail.
TEST_F(RegistryTest, AnyChangedByteOfAReceiptFails) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(registry_->Submit(ForStage1WithCommitment(i)).ok());
  auto ack = registry_->Submit(Request(opposition::Event::kRegister));
  ASSERT_TRUE(ack.ok());
  EXPECT_EQ(ack->receipt.inclusion_proof.size(), 2u);  // leaf 5 of 6: leaf 4, node 0-3
  std::string json = ReceiptToJson(ack->receipt);
  ASSERT_TRUE(VerifyReceipt(json, Verifier(), kNir).ok());
  crypto::NoteVerifier verifier = Verifier();
  for (std::size_t i = 0; i < json.size(); ++i) {
    std::string changed = json;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    EXPECT_FALSE(VerifyReceipt(changed, verifier, kNir).ok()) << "byte " << i;
  }
  EXPECT_FALSE(VerifyReceipt(json + " ", verifier, kNir).ok());
  EXPECT_FALSE(VerifyReceipt(json.substr(0, json.size() - 1), verifier, kNir).ok());
}

TEST_F(RegistryTest, RegisteringTwiceIsIdempotent) {
  auto first = registry_->Submit(Request(opposition::Event::kRegister));
  auto second = registry_->Submit(Request(opposition::Event::kRegister));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(first->appended);
  EXPECT_FALSE(second->appended);
  EXPECT_EQ(second->receipt.leaf_index, first->receipt.leaf_index);
  EXPECT_FALSE(second->receipt.salt.has_value());
  EXPECT_EQ(registry_->LatestCheckpoint()->size, 1u);
  EXPECT_TRUE(VerifyReceipt(ReceiptToJson(second->receipt), Verifier(), std::nullopt).ok());
  // A project scope is another opposition.
  auto project = registry_->Submit(Request(opposition::Event::kRegister, "project:p1"));
  ASSERT_TRUE(project.ok());
  EXPECT_TRUE(project->appended);
}

TEST_F(RegistryTest, WithdrawalAndItsRules) {
  EXPECT_EQ(registry_->Submit(Request(opposition::Event::kWithdraw)).status().code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(registry_->Submit(Request(opposition::Event::kRegister)).ok());
  std::string pid = registry_->PidOf(Request(opposition::Event::kRegister).stage1);
  EXPECT_TRUE(registry_->Opposed("", std::nullopt)->Contains(pid));

  auto withdrawn = registry_->Submit(Request(opposition::Event::kWithdraw));
  ASSERT_TRUE(withdrawn.ok());
  EXPECT_TRUE(withdrawn->appended);
  EXPECT_FALSE(registry_->Opposed("", std::nullopt)->Contains(pid));
  // ... but still opposed at the checkpoint before the withdrawal.
  EXPECT_TRUE(registry_->Opposed("", 1)->Contains(pid));
  EXPECT_FALSE(registry_->Submit(Request(opposition::Event::kWithdraw))->appended);
  EXPECT_EQ(registry_->Submit(Request(opposition::Event::kWithdraw, "project:p9")).status().code(),
            StatusCode::kNotFound);

  auto again = registry_->Submit(Request(opposition::Event::kRegister));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->appended);
  EXPECT_EQ(again->receipt.leaf_index, 2u);
  EXPECT_TRUE(registry_->Opposed("", std::nullopt)->Contains(pid));
  EXPECT_TRUE(registry_->Audit()->problems.empty());
}

TEST_F(RegistryTest, ProjectScopesAddToTheGlobalOnes) {
  ASSERT_TRUE(registry_->Submit(ForStage1WithCommitment(1)).ok());
  OppositionRequest p1 = ForStage1WithCommitment(2);
  p1.scope = "project:p1";
  ASSERT_TRUE(registry_->Submit(p1).ok());
  auto global = *registry_->Opposed("", std::nullopt);
  auto for_p1 = *registry_->Opposed("p1", std::nullopt);
  auto for_p2 = *registry_->Opposed("p2", std::nullopt);
  EXPECT_EQ(global.size(), 1u);
  EXPECT_EQ(for_p1.size(), 2u);
  EXPECT_EQ(for_p2.size(), 1u);
  EXPECT_TRUE(for_p1.Contains(registry_->PidOf(Stage1(2))));
  EXPECT_FALSE(for_p2.Contains(registry_->PidOf(Stage1(2))));
}

TEST_F(RegistryTest, InvalidRequestsAreRefusedBeforeTheLog) {
  OppositionRequest bad = ForStage1(std::string(kNir));
  auto refused = registry_->Submit(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message().find(kNir), std::string::npos) << "never echo a NIR";
  bad = ForStage1(Stage1(1));
  bad.scope = "everything";
  EXPECT_FALSE(registry_->Submit(bad).ok());
  auto mismatch = MakeRequest(opposition::Event::kRegister, "all", kNir, CivilDate{1956, 8, 14}, 2,
                              source_key_, random_);
  EXPECT_FALSE(mismatch.ok()) << "birth year disagrees with the NIR";
  mismatch = MakeRequest(opposition::Event::kRegister, "all", kNir, CivilDate{1955, 8, 14}, 1,
                         source_key_, random_);
  EXPECT_FALSE(mismatch.ok()) << "sex disagrees with the NIR";
  EXPECT_EQ(registry_->LatestCheckpoint()->size, 0u);
}

TEST_F(RegistryTest, MalformedRequestFilesAreRefusedNamingTheField) {
  std::string good = RequestToJson(Request(opposition::Event::kRegister));
  ASSERT_TRUE(RequestFromJson(good).ok());
  for (const std::string& bad : std::vector<std::string>{
           "", "[]", "{", R"({"format": 5})", R"({"format": null})",
           R"({"format": "sovhub-opposition-request/v1", "event": 1})",
           R"({"format": "sovhub-opposition-request/v1", "event": "register", "scope": "all",
               "stage1": "AAAAAAAAAAAAAAAAA", "commitment": "AAAA"})",
           R"({"format": "sovhub-opposition-request/v1", "event": "register", "scope": "all",
               "stage1": "AAAAAAAAAAAAAAAAA", "commitment": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
               "extra": true})",
       }) {
    auto parsed = RequestFromJson(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.status().message().find("request"), std::string::npos) << bad;
  }
}

// Concurrent submissions are all acknowledged, share commits, and leave a
// log that audits clean with consistent checkpoints.
TEST_F(RegistryTest, ConcurrentSubmissionsShareCommits) {
  constexpr int kThreads = 32;
  constexpr int kEach = 10;
  std::vector<std::thread> threads;
  std::vector<std::vector<std::uint64_t>> sizes(kThreads);
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto ack = registry_->Submit(ForStage1WithCommitment(t * 1000 + i));
        if (!ack.ok() || !ack->appended) {
          ++failures;
          continue;
        }
        sizes[t].push_back(ack->tree_size);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<std::uint64_t> checkpoint_sizes;
  for (const auto& s : sizes) checkpoint_sizes.insert(s.begin(), s.end());
  EXPECT_EQ(registry_->LatestCheckpoint()->size, std::uint64_t{kThreads * kEach});
  EXPECT_LT(checkpoint_sizes.size(), std::size_t{kThreads * kEach})
      << "some submissions shared a commit";
  auto audit = registry_->Audit();
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(audit->problems.empty()) << audit->problems.front();
  EXPECT_EQ(audit->leaves, std::uint64_t{kThreads * kEach});

  // Every checkpoint is consistent with the latest one.
  crypto::Rfc9162Hasher hasher;
  auto latest = *registry_->LatestCheckpoint();
  for (std::uint64_t size : checkpoint_sizes) {
    auto proof = registry_->ProveConsistency(size, latest.size);
    ASSERT_TRUE(proof.ok());
    auto root = *registry_->RootAt(size);
    EXPECT_TRUE(merkle::VerifyConsistency(hasher, size, latest.size, *proof, root, latest.root).ok());
  }
}

// Any change to the log's tables is found and named.
TEST_F(RegistryTest, AuditNamesEveryTamperedTable) {
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(registry_->Submit(ForStage1WithCommitment(i)).ok());
  ASSERT_TRUE(registry_->Audit()->problems.empty());
  struct Case {
    std::string sql, expect;
  };
  std::vector<Case> cases = {
      {"UPDATE log_leaves SET data = CAST(replace(CAST(data AS TEXT), 'scope all', 'scope ALL') AS BLOB) WHERE idx = 4",
       "log_leaves: leaf 4"},
      {"UPDATE log_nodes SET hash = zeroblob(32) WHERE level = 2 AND idx = 1", "log_nodes: node 2/1"},
      {"DELETE FROM log_nodes WHERE level = 3", "log_nodes"},
      {"UPDATE log_checkpoints SET note = replace(note, '\n9\n', '\n8\n') WHERE size = 9",
       "log_checkpoints: size 9"},
      {"UPDATE log_checkpoints SET root = zeroblob(32) WHERE size = 3", "log_checkpoints: size 3"},
      {"UPDATE reg_events SET scope = 'project:x' WHERE leaf_idx = 2", "reg_events: leaf 2"},
      {"UPDATE reg_oppositions SET status = 'withdrawn' WHERE leaf_idx = 5", "reg_oppositions"},
      {"DELETE FROM reg_events WHERE leaf_idx = 8", "reg_events"},
      {"UPDATE reg_events SET pid = (SELECT pid FROM reg_events WHERE leaf_idx = 1) WHERE leaf_idx = 6",
       "reg_events: leaf 6: the row was changed without the hub key"},
      {"UPDATE reg_oppositions SET registered_at = '2020-01-01T00:00:00.000Z' WHERE leaf_idx = 3",
       "reg_oppositions"},
      {"DELETE FROM log_leaves WHERE idx = 8", "8 leaves"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.sql);
    testing::TempDir copy;
    // Each case on a fresh copy of the database.
    std::filesystem::copy_file(dir_ / "hub.db", copy / "hub.db");
    if (std::filesystem::exists(dir_ / "hub.db-wal")) {
      std::filesystem::copy_file(dir_ / "hub.db-wal", copy / "hub.db-wal");
    }
    {
      auto raw = store::Database::Open(copy / "hub.db", {});
      ASSERT_TRUE(raw.ok());
      ASSERT_TRUE(raw->Exec("PRAGMA foreign_keys=OFF").ok());
      Status done = raw->Exec(c.sql);
      ASSERT_TRUE(done.ok()) << done.ToString();
    }
    auto store = store::OpenSqliteStore(copy / "hub.db", {.now = clock_.NowIso()});
    ASSERT_TRUE(store.ok());
    Registry tampered(**store, crypto::HmacSha256(Bytes(32, 7)), SignerForTest(), clock_);
    auto audit = tampered.Audit();
    ASSERT_TRUE(audit.ok()) << audit.status().ToString();
    ASSERT_FALSE(audit->problems.empty());
    bool named = false;
    for (const auto& p : audit->problems) named |= p.find(c.expect) != std::string::npos;
    EXPECT_TRUE(named) << "expected \"" << c.expect << "\" in: " << audit->problems.front();
  }
}

}  // namespace
}  // namespace sovhub::registry
