// SPDX-License-Identifier: AGPL-3.0-or-later
#include "rights/desk.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/bytes.h"
#include "crypto/note_keys.h"
#include "crypto/hmac_sha256.h"
#include "domain/stage1.h"
#include "testing/testing.h"

namespace sovhub::rights {
namespace {

constexpr std::string_view kNir = "255081416802538";  // born August 1955, sex 2
// 2026-03-10T12:00:00Z: the same calendar day in every time zone from -11 to +11.
constexpr std::int64_t kNow = 1773144000000;

class DeskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::OpenSqliteStore(dir_ / "hub.db", {.create = true, .now = clock_.NowIso()});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    auto pair = crypto::GenerateNoteKey("test.example/log", random_);
    ASSERT_TRUE(pair.ok());
    journal_ = std::make_unique<journal::Journal>(*store_, clock_, nullptr);
    registry_ = std::make_unique<registry::Registry>(*store_, hub_key_,
                                                     *crypto::NoteSigner::FromPrivateKey(pair->private_key), clock_);
    ASSERT_TRUE(registry_->EnsureCheckpoint().ok());
    projects_ = std::make_unique<projects::Projects>(*store_, *journal_, *registry_, clock_, hub_key_,
                                                     dir_ / "projects");
    desk_ = std::make_unique<Desk>(*store_, *journal_, *registry_, *projects_, clock_,
                                   std::vector<std::string>{"BEN_NIR_PSA"}, "test hub");
  }

  static std::string Stage1(int n) { return pseudonym::EncodeIdentifier(crypto::Sha256("person " + std::to_string(n))); }

  Intake IntakeOf(Kind kind, int person = 1, CivilDate received = {2026, 3, 2}) {
    Intake intake;
    intake.kind = kind;
    intake.received = received;
    intake.stage1 = Stage1(person);
    if (kind == Kind::kObjection) {
      registry::OppositionRequest opposition;
      opposition.stage1 = intake.stage1;
      opposition.commitment = crypto::Sha256("commitment " + std::to_string(person));
      intake.opposition = opposition;
    }
    return intake;
  }

  std::string Receive(Kind kind, int person = 1, CivilDate received = {2026, 3, 2}) {
    auto filed = desk_->Receive(IntakeOf(kind, person, received), "dpo");
    EXPECT_TRUE(filed.ok()) << filed.status().ToString();
    return filed.ok() ? filed->request.request.id : "";
  }

  std::vector<std::string> JournalActions() {
    std::vector<std::string> actions;
    EXPECT_TRUE(store_->ScanJournal([&](const store::JournalRecord& r) {
      actions.push_back(r.action);
      return Status::Ok();
    }).ok());
    return actions;
  }

  testing::TempDir dir_;
  FixedClock clock_{kNow};
  crypto::SystemRandom random_;
  crypto::HmacSha256 hub_key_{Bytes(32, 7)};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<journal::Journal> journal_;
  std::unique_ptr<registry::Registry> registry_;
  std::unique_ptr<projects::Projects> projects_;
  std::unique_ptr<Desk> desk_;
};

TEST_F(DeskTest, ReceiveStoresThePidOnlyAndJournals) {
  const std::string id = Receive(Kind::kAccess);
  EXPECT_EQ(id, "R-2026-0001");
  EXPECT_EQ(Receive(Kind::kErasure, 2), "R-2026-0002");
  auto stored = store_->rights().FindRequest(id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->pid, registry_->PidOf(Stage1(1)));
  EXPECT_EQ((*stored)->state, "received");
  auto found = desk_->Find(id);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->steps.size(), 1u);
  EXPECT_EQ(found->steps[0].action, "receive");
  EXPECT_EQ(found->steps[0].actor, "dpo");
  EXPECT_EQ(DueDate(found->request).due, (CivilDate{2026, 4, 2}));
  // The stage-1 identifier is nowhere in the database, nor the pid in the journal.
  const std::string db = testing::ReadFileOrFail(dir_ / "hub.db") + testing::ReadFileOrFail(dir_ / "hub.db-wal");
  EXPECT_EQ(db.find(Stage1(1)), std::string::npos);
  EXPECT_TRUE(store_->ScanJournal([&](const store::JournalRecord& r) {
    EXPECT_EQ(r.details.find((*stored)->pid), std::string::npos) << r.action;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(JournalActions(), (std::vector<std::string>{"rights.receive", "rights.receive"}));
}

TEST_F(DeskTest, RefusesBadIntakes) {
  Intake future = IntakeOf(Kind::kAccess, 1, {2026, 3, 11});
  EXPECT_EQ(desk_->Receive(future, "dpo").status().code(), StatusCode::kInvalidArgument);
  Intake nir = IntakeOf(Kind::kAccess);
  nir.reference = "letter from 2 55 08 14 168 025 38";
  auto refused = desk_->Receive(nir, "dpo");
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("NIR"), std::string::npos);
  EXPECT_EQ(refused.status().message().find(std::string(kNir).substr(0, 6)), std::string::npos);
  Intake bare = IntakeOf(Kind::kObjection);
  bare.opposition.reset();
  EXPECT_EQ(desk_->Receive(bare, "dpo").status().code(), StatusCode::kInvalidArgument);
  Intake other = IntakeOf(Kind::kObjection);
  other.opposition->stage1 = Stage1(2);
  EXPECT_EQ(desk_->Receive(other, "dpo").status().code(), StatusCode::kInvalidArgument);
  Intake access_with_opposition = IntakeOf(Kind::kObjection);
  access_with_opposition.kind = Kind::kAccess;
  EXPECT_EQ(desk_->Receive(access_with_opposition, "dpo").status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(JournalActions().empty());
}

TEST_F(DeskTest, ObjectionRegistersTheOppositionAtOnceAndLinksItsLeaf) {
  auto filed = desk_->Receive(IntakeOf(Kind::kObjection, 5), "dpo");
  ASSERT_TRUE(filed.ok()) << filed.status().ToString();
  ASSERT_TRUE(filed->opposition.has_value());
  EXPECT_TRUE(filed->opposition->appended);
  EXPECT_EQ(filed->request.opposition_leaf, filed->opposition->receipt.leaf_index);
  EXPECT_EQ(filed->request.opposition_scope, "all");
  auto opposed = registry_->Opposed("", std::nullopt);
  ASSERT_TRUE(opposed.ok());
  EXPECT_TRUE(opposed->Contains(registry_->PidOf(Stage1(5))));
  // Answered straight from received: no identity check needed.
  auto answered = desk_->Apply(filed->request.request.id,
                               Step{Action::kAnswer, {2026, 3, 3}, "opposition registered, receipt sent"}, "dpo");
  ASSERT_TRUE(answered.ok()) << answered.status().ToString();
  EXPECT_EQ(answered->request.state, State::kAnswered);
  EXPECT_EQ(answered->opposition_leaf, filed->request.opposition_leaf);
}

// Every (kind, state, action) through the desk agrees with the pure rules:
// a legal step is stored and journaled, a refused one changes nothing.
TEST_F(DeskTest, EveryTransitionAgreesWithTheRulesAndRefusalsChangeNothing) {
  const std::vector<std::pair<State, std::vector<Action>>> paths = {
      {State::kReceived, {}},
      {State::kIdentityChecked, {Action::kCheckIdentity}},
      {State::kInProgress, {Action::kCheckIdentity, Action::kStart}},
      {State::kExtended, {Action::kCheckIdentity, Action::kStart, Action::kExtend}},
      {State::kAnswered, {Action::kCheckIdentity, Action::kStart, Action::kAnswer}},
      {State::kRefused, {Action::kRefuse}},
  };
  int person = 100;
  int refused = 0;
  for (Kind kind : {Kind::kAccess, Kind::kRectification, Kind::kErasure, Kind::kRestriction, Kind::kObjection}) {
    for (const auto& [state, path] : paths) {
      for (Action action : {Action::kCheckIdentity, Action::kStart, Action::kExtend, Action::kAnswer,
                            Action::kRefuse}) {
        const std::string label = std::string(KindName(kind)) + " " + std::string(StateName(state)) + " + " +
                                  std::string(ActionName(action));
        const std::string id = Receive(kind, ++person);
        for (Action step : path) {
          ASSERT_TRUE(desk_->Apply(id, Step{step, {2026, 3, 5}, "a reason"}, "dpo").ok()) << label;
        }
        auto before = desk_->Find(id);
        ASSERT_TRUE(before.ok());
        ASSERT_EQ(before->request.state, state) << label;
        const std::size_t entries = JournalActions().size();
        const Step step{action, {2026, 3, 6}, "a reason"};
        auto expected = NextState(before->request, step);
        auto applied = desk_->Apply(id, step, "dpo");
        if (expected.ok()) {
          ASSERT_TRUE(applied.ok()) << label << ": " << applied.status().ToString();
          EXPECT_EQ(applied->request.state, *expected) << label;
          EXPECT_EQ(applied->steps.size(), before->steps.size() + 1) << label;
          EXPECT_EQ(JournalActions().back(), "rights." + std::string(ActionName(action))) << label;
        } else {
          ++refused;
          ASSERT_FALSE(applied.ok()) << label;
          EXPECT_EQ(applied.status().code(), StatusCode::kConflict) << label;
          EXPECT_EQ(applied.status().message(), expected.status().message()) << label;
          EXPECT_EQ(JournalActions().size(), entries) << label;
          auto after = desk_->Find(id);
          ASSERT_TRUE(after.ok());
          EXPECT_EQ(after->request, before->request) << label;
          EXPECT_EQ(after->steps.size(), before->steps.size()) << label;
        }
      }
    }
  }
  // docs/rights.md: 21 refused pairs for each kind that needs an identity
  // check, 18 for an objection.
  EXPECT_EQ(refused, 4 * 21 + 18);
  auto verified = journal_->Verify();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok);
}

TEST_F(DeskTest, ApplyNeedsReasonsAndAKnownRequest) {
  const std::string id = Receive(Kind::kAccess);
  EXPECT_EQ(desk_->Apply(id, Step{Action::kRefuse, {2026, 3, 5}, ""}, "dpo").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(desk_->Apply("R-2026-9999", Step{Action::kStart, {2026, 3, 5}, ""}, "dpo").status().code(),
            StatusCode::kNotFound);
}

TEST_F(DeskTest, RemindListsOverdueFirstThenDueSoon) {
  const std::string late = Receive(Kind::kAccess, 1, {2026, 1, 5});     // due 2026-02-05
  const std::string later = Receive(Kind::kErasure, 2, {2026, 1, 20});  // due 2026-02-20
  const std::string soon = Receive(Kind::kAccess, 3, {2026, 2, 12});    // due 2026-03-12
  Receive(Kind::kAccess, 4, {2026, 3, 2});                              // due 2026-04-02: not yet
  const std::string done = Receive(Kind::kObjection, 5, {2026, 1, 6});
  ASSERT_TRUE(desk_->Apply(done, Step{Action::kAnswer, {2026, 1, 6}, ""}, "dpo").ok());
  auto due = desk_->Remind({2026, 3, 10}, 7);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 3u);
  EXPECT_EQ((*due)[0].request.request.id, late);
  EXPECT_EQ((*due)[0].urgency, Urgency::kOverdue);
  EXPECT_EQ((*due)[0].days_left, -33);
  EXPECT_EQ((*due)[1].request.request.id, later);
  EXPECT_EQ((*due)[2].request.request.id, soon);
  EXPECT_EQ((*due)[2].urgency, Urgency::kDueSoon);
  EXPECT_EQ((*due)[2].days_left, 2);
}

TEST_F(DeskTest, ExportOnlyForAnAccessRequestWhoseIdentityWasChecked) {
  const std::string erasure = Receive(Kind::kErasure, 1);
  auto wrong_kind = desk_->ExportAccess(erasure, dir_ / "out", {2026, 3, 10}, "dpo");
  EXPECT_EQ(wrong_kind.status().code(), StatusCode::kConflict);
  EXPECT_NE(wrong_kind.status().message().find("only an access request"), std::string::npos);
  const std::string access = Receive(Kind::kAccess, 1);
  auto unchecked = desk_->ExportAccess(access, dir_ / "out", {2026, 3, 10}, "dpo");
  EXPECT_EQ(unchecked.status().code(), StatusCode::kConflict);
  EXPECT_NE(unchecked.status().message().find("check-identity"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out"));

  ASSERT_TRUE(desk_->Apply(access, Step{Action::kCheckIdentity, {2026, 3, 4}, ""}, "dpo").ok());
  auto report = desk_->ExportAccess(access, dir_ / "out", {2026, 3, 10}, "dpo");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->rows, 0);
  EXPECT_EQ(report->requests, 2);  // the erasure and the access request
  auto doc = nlohmann::json::parse(testing::ReadFileOrFail(report->json));
  EXPECT_EQ(doc["format"], "sovhub-access-export/v1");
  EXPECT_EQ(doc["request"]["id"], access);
  EXPECT_EQ(doc["person"]["pid"], "(pseudonym)");
  EXPECT_EQ(testing::ReadFileOrFail(report->pdf).rfind("%PDF-", 0), 0u);
  EXPECT_EQ(std::filesystem::status(report->json).permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  EXPECT_EQ(JournalActions().back(), "rights.export");
  auto found = desk_->Find(access);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->steps.back().action, "export");
  EXPECT_EQ(found->request.state, State::kIdentityChecked);  // an export is not an answer
}

}  // namespace
}  // namespace sovhub::rights
