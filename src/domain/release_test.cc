// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/release.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

namespace sovhub::release {
namespace {

using project::Role;

const Actor kHub{true, "sovhub", {}};
const Actor kSubmitter{false, "Alice", {Role::kResearcher}};
const Actor kCheckerA{false, "Bruno", {Role::kChecker}};   // reviews first
const Actor kCheckerB{false, "Chloe", {Role::kChecker}};   // reviews second
const Actor kCheckerC{false, "Denis", {Role::kChecker}};   // never reviews
const Actor kResearcher{false, "Eve", {Role::kResearcher}};
const Actor kStranger{false, "Mallory", {}};
// The submitter also listed as a checker: still never reviews their own output.
const Actor kSubmitterChecker{false, "Alice", {Role::kResearcher, Role::kChecker}};

const State kAllStates[] = {State::kSubmitted,    State::kGated,          State::kRefused,  State::kControlled,
                            State::kReviewedOnce, State::kReviewedTwice, State::kApproved, State::kRejected};
const Action kAllActions[] = {Action::kPassGate, Action::kRefuseGate, Action::kControl,
                              Action::kFailControl, Action::kReview, Action::kDecide};

// The reviews an output in `state` has: Bruno first, then Chloé.
OutputFacts Facts(State state, Verdict second = Verdict::kApprove) {
  OutputFacts facts{state, "Alice", {}};
  if (state == State::kReviewedOnce || state == State::kReviewedTwice || state == State::kApproved ||
      state == State::kRejected) {
    facts.reviews.push_back({"Bruno", Verdict::kApprove});
  }
  if (state == State::kReviewedTwice || state == State::kApproved || state == State::kRejected) {
    facts.reviews.push_back({"Chloe", second});
  }
  return facts;
}

// Every (state, action, actor, verdict): the legal ones lead where the
// diagram says; every other one is refused, PermissionDenied or Conflict.
TEST(ReleaseTest, ExhaustiveTransitionTable) {
  using Key = std::tuple<State, Action, std::string, std::optional<Verdict>>;
  std::map<Key, State> legal;
  const std::optional<Verdict> none, approve = Verdict::kApprove, reject = Verdict::kReject;
  legal[{State::kSubmitted, Action::kPassGate, "sovhub", none}] = State::kGated;
  legal[{State::kSubmitted, Action::kRefuseGate, "sovhub", none}] = State::kRefused;
  legal[{State::kGated, Action::kControl, "sovhub", none}] = State::kControlled;
  legal[{State::kGated, Action::kFailControl, "sovhub", none}] = State::kRefused;
  for (const char* checker : {"Bruno", "Chloe", "Denis"}) {
    for (auto verdict : {approve, reject}) {
      legal[{State::kControlled, Action::kReview, checker, verdict}] = State::kReviewedOnce;
      if (std::string(checker) != "Bruno") {
        legal[{State::kReviewedOnce, Action::kReview, checker, verdict}] = State::kReviewedTwice;
      }
    }
    legal[{State::kReviewedTwice, Action::kDecide, checker, approve}] = State::kApproved;
    legal[{State::kReviewedTwice, Action::kDecide, checker, reject}] = State::kRejected;
  }
  int checked = 0;
  for (State state : kAllStates) {
    for (Action action : kAllActions) {
      for (const Actor& actor : {kHub, kSubmitter, kCheckerA, kCheckerB, kCheckerC, kResearcher, kStranger,
                                 kSubmitterChecker}) {
        for (auto verdict : {none, approve, reject}) {
          SCOPED_TRACE(std::string(StateName(state)) + " " + std::string(ActionName(action)) + " by " +
                       actor.name + " " + (verdict ? std::string(VerdictName(*verdict)) : "-"));
          auto next = Next(Facts(state), action, actor, verdict);
          auto it = legal.find({state, action, actor.is_hub ? "sovhub" : actor.name,
                                (action == Action::kReview || action == Action::kDecide) ? verdict : none});
          if (it != legal.end() && (actor.is_hub || verdict)) {
            ASSERT_TRUE(next.ok()) << next.status().ToString();
            EXPECT_EQ(*next, it->second);
          } else {
            ASSERT_FALSE(next.ok());
            const StatusCode code = next.status().code();
            EXPECT_TRUE(code == StatusCode::kPermissionDenied || code == StatusCode::kConflict ||
                        code == StatusCode::kInvalidArgument)
                << next.status().ToString();
          }
          ++checked;
        }
      }
    }
  }
  EXPECT_EQ(checked, 8 * 6 * 8 * 3);
}

TEST(ReleaseTest, TheSubmitterNeverReviewsOrDecidesTheirOwnOutput) {
  for (const Actor& self : {kSubmitter, kSubmitterChecker}) {
    auto review = Next(Facts(State::kControlled), Action::kReview, self, Verdict::kApprove);
    EXPECT_EQ(review.status().code(), StatusCode::kPermissionDenied);
    EXPECT_NE(review.status().message().find("the submitter may not review their own output"), std::string::npos);
    auto decide = Next(Facts(State::kReviewedTwice), Action::kDecide, self, Verdict::kApprove);
    EXPECT_EQ(decide.status().code(), StatusCode::kPermissionDenied);
  }
}

TEST(ReleaseTest, OneCheckerAloneCannotDecide) {
  auto alone = Next(Facts(State::kReviewedOnce), Action::kDecide, kCheckerA, Verdict::kApprove);
  EXPECT_EQ(alone.status().code(), StatusCode::kConflict);
  EXPECT_NE(alone.status().message().find("two independent reviews"), std::string::npos);
  auto twice = Next(Facts(State::kReviewedOnce), Action::kReview, kCheckerA, Verdict::kApprove);
  EXPECT_EQ(twice.status().code(), StatusCode::kConflict);
  EXPECT_NE(twice.status().message().find("already reviewed"), std::string::npos);
}

TEST(ReleaseTest, ApprovalNeedsBothReviewsToApprove) {
  auto approve = Next(Facts(State::kReviewedTwice, Verdict::kReject), Action::kDecide, kCheckerC, Verdict::kApprove);
  EXPECT_EQ(approve.status().code(), StatusCode::kConflict);
  EXPECT_NE(approve.status().message().find("\"Chloe\" rejected it"), std::string::npos);
  auto reject = Next(Facts(State::kReviewedTwice, Verdict::kReject), Action::kDecide, kCheckerC, Verdict::kReject);
  ASSERT_TRUE(reject.ok());
  EXPECT_EQ(*reject, State::kRejected);
}

TEST(ReleaseTest, OnlyResearchersSubmit) {
  EXPECT_TRUE(MaySubmit(kSubmitter).ok());
  EXPECT_EQ(MaySubmit(kCheckerA).code(), StatusCode::kPermissionDenied);
  EXPECT_NE(MaySubmit(kStranger).message().find("not a member"), std::string::npos);
  EXPECT_EQ(MaySubmit(kHub).code(), StatusCode::kPermissionDenied);
}

TEST(ReleaseTest, NamesRoundTrip) {
  for (State state : kAllStates) EXPECT_EQ(*ParseState(StateName(state)), state);
  EXPECT_EQ(*ParseVerdict("reject"), Verdict::kReject);
  EXPECT_FALSE(ParseVerdict("maybe").ok());
}

}  // namespace
}  // namespace sovhub::release
