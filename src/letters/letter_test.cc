// SPDX-License-Identifier: AGPL-3.0-or-later
#include "letters/letter.h"

#include <gtest/gtest.h>

namespace sovhub::letters {
namespace {

// A valid NIR (key 38), the one of the project's examples.
constexpr const char* kNir = "255081416802538";

Letter SentLetter() {
  Letter l;
  l.id = 1;
  l.date = {2026, 3, 2};
  l.identity = {"Camille Martin", {1955, 8, 14}, {"12 rue des Lilas", "35000 Rennes"}, "", ""};
  l.sent = Sending{Channel::kRegisteredMail, {2026, 3, 2}, std::nullopt, "1A 234 567 8901 2"};
  return l;
}

TEST(LetterTest, FindsAFullNirHoweverItIsWritten) {
  EXPECT_TRUE(ContainsFullNir(kNir));
  EXPECT_TRUE(ContainsFullNir("NIR: 2 55 08 14 168 025 38."));
  EXPECT_TRUE(ContainsFullNir("x 2.55.08.14.168.025.38 y"));
  EXPECT_TRUE(ContainsFullNir("{\"scope\": \"2-55-08-14-168-025-38\"}"));
  EXPECT_FALSE(ContainsFullNir("255081416802539"));  // wrong key
  EXPECT_FALSE(ContainsFullNir("ends in 538"));
  EXPECT_FALSE(ContainsFullNir("3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, SIREN 130006877"));
  EXPECT_FALSE(ContainsFullNir("1A 234 567 8901 2"));
}

TEST(LetterTest, IdentityChecksNameTheField) {
  Identity id{"Camille Martin", {1955, 8, 14}, {"12 rue des Lilas"}, "", ""};
  EXPECT_TRUE(CheckIdentity(id).ok());
  id.nir_last_digits = "538";
  EXPECT_TRUE(CheckIdentity(id).ok());
  id.nir_last_digits = "802538";
  EXPECT_NE(CheckIdentity(id).message().find("nir-last-digits"), std::string::npos);
  id.nir_last_digits = "";
  id.address.push_back(std::string("NIR ") + kNir);
  EXPECT_NE(CheckIdentity(id).message().find("address: holds a social security number"), std::string::npos);
  id.address.pop_back();
  id.name.clear();
  EXPECT_NE(CheckIdentity(id).message().find("name:"), std::string::npos);
}

TEST(LetterTest, StatusFollowsTheDeadline) {
  Letter l = SentLetter();  // due Thursday 2 April 2026
  EXPECT_EQ(AnswerDeadline(l)->due, (CivilDate{2026, 4, 2}));
  EXPECT_EQ(StatusOn(l, {2026, 3, 20}), LetterStatus::kWaiting);
  EXPECT_EQ(StatusOn(l, {2026, 3, 26}), LetterStatus::kDueSoon);
  EXPECT_EQ(StatusOn(l, {2026, 4, 2}), LetterStatus::kDueSoon);
  EXPECT_EQ(StatusOn(l, {2026, 4, 3}), LetterStatus::kOverdue);
  l.sent->delivered = CivilDate{2026, 3, 4};  // the deadline counts from delivery
  EXPECT_EQ(AnswerDeadline(l)->due, (CivilDate{2026, 4, 7}));  // 4 April is a Saturday, 6 Easter Monday
  EXPECT_EQ(StatusOn(l, {2026, 4, 3}), LetterStatus::kDueSoon);
  l.answers.push_back({{2026, 4, 5}, "partial", false});
  EXPECT_EQ(StatusOn(l, {2026, 4, 10}), LetterStatus::kAnswered);
  l.answers.push_back({{2026, 4, 9}, "done", true});
  EXPECT_EQ(StatusOn(l, {2026, 4, 10}), LetterStatus::kResolved);
  Letter draft = SentLetter();
  draft.sent.reset();
  EXPECT_EQ(StatusOn(draft, {2026, 9, 1}), LetterStatus::kDraft);
}

TEST(LetterTest, RemindOnlyOnceOverdueAndComplainAfter) {
  Letter l = SentLetter();
  EXPECT_EQ(CheckCanRemind(l, {2026, 4, 2}).code(), StatusCode::kConflict);
  EXPECT_NE(CheckCanRemind(l, {2026, 4, 2}).message().find("not overdue: the deadline is 2026-04-02"),
            std::string::npos);
  EXPECT_TRUE(CheckCanRemind(l, {2026, 4, 3}).ok());
  EXPECT_EQ(CheckCanComplain(l, {2026, 4, 1}).code(), StatusCode::kConflict);
  EXPECT_TRUE(CheckCanComplain(l, {2026, 4, 3}).ok());
  l.answers.push_back({{2026, 4, 10}, "refused without reasons", false});
  EXPECT_EQ(CheckCanRemind(l, {2026, 4, 11}).code(), StatusCode::kConflict);
  EXPECT_TRUE(CheckCanComplain(l, {2026, 4, 11}).ok());
  l.complaint = Complaint{{2026, 4, 12}, {}};
  EXPECT_EQ(CheckCanComplain(l, {2026, 4, 13}).code(), StatusCode::kConflict);
  Letter draft = SentLetter();
  draft.sent.reset();
  EXPECT_NE(CheckCanRemind(draft, {2026, 9, 1}).message().find("not sent"), std::string::npos);
}

TEST(LetterTest, NamesRoundTrip) {
  for (LetterType t : {LetterType::kOpposition, LetterType::kAccess, LetterType::kErasure}) {
    EXPECT_EQ(*ParseLetterType(LetterTypeName(t)), t);
  }
  EXPECT_EQ(*ParseChannel("registered-mail"), Channel::kRegisteredMail);
  EXPECT_EQ(*ParseLanguage("en"), Language::kEnglish);
  EXPECT_NE(ParseLetterType("rectification").status().message().find("one of opposition, access, erasure"),
            std::string::npos);
}

}  // namespace
}  // namespace sovhub::letters
