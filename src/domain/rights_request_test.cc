// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/rights_request.h"

#include <gtest/gtest.h>

#include <optional>

namespace sovhub::rights {
namespace {

CivilDate Day(int y, int m, int d) { return CivilDate{y, m, d}; }

// Received Monday 2 March 2026: first deadline Thursday 2 April 2026.
Request InState(Kind kind, State state) {
  Request r;
  r.id = "R-1";
  r.kind = kind;
  r.received = Day(2026, 3, 2);
  r.state = state;
  return r;
}

Step StepOf(Action action, CivilDate date = Day(2026, 3, 10)) {
  return Step{action, date, action == Action::kExtend || action == Action::kRefuse ? "a reason" : ""};
}

struct Case {
  State from;
  Action action;
  std::optional<State> to;  // nullopt: refused
};

// The step is refused.
constexpr std::optional<State> kNo = std::nullopt;

// Every (state, action) pair for a request that needs an identity check
// (access; rectification, erasure and restriction follow the same table).
TEST(RightsRequestTest, TransitionTableForAccess) {
  using enum State;
  using enum Action;
  const Case cases[] = {
      {kReceived, kCheckIdentity, kIdentityChecked}, {kReceived, kStart, kNo},
      {kReceived, kExtend, kNo},                {kReceived, kAnswer, kNo},
      {kReceived, kRefuse, State::kRefused},

      {kIdentityChecked, kCheckIdentity, kNo},  {kIdentityChecked, kStart, kInProgress},
      {kIdentityChecked, kExtend, kNo},         {kIdentityChecked, kAnswer, kNo},
      {kIdentityChecked, kRefuse, State::kRefused},

      {kInProgress, kCheckIdentity, kNo},       {kInProgress, kStart, kNo},
      {kInProgress, kExtend, kExtended},             {kInProgress, kAnswer, kAnswered},
      {kInProgress, kRefuse, State::kRefused},

      {kExtended, kCheckIdentity, kNo},         {kExtended, kStart, kNo},
      {kExtended, kExtend, kNo},                {kExtended, kAnswer, kAnswered},
      {kExtended, kRefuse, State::kRefused},

      {kAnswered, kCheckIdentity, kNo},         {kAnswered, kStart, kNo},
      {kAnswered, kExtend, kNo},                {kAnswered, kAnswer, kNo},
      {kAnswered, kRefuse, kNo},

      {State::kRefused, kCheckIdentity, kNo},   {State::kRefused, kStart, kNo},
      {State::kRefused, kExtend, kNo},          {State::kRefused, kAnswer, kNo},
      {State::kRefused, kRefuse, kNo},
  };
  ASSERT_EQ(std::size(cases), 30u);
  for (Kind kind : {Kind::kAccess, Kind::kRectification, Kind::kErasure, Kind::kRestriction}) {
    for (const Case& c : cases) {
      auto next = NextState(InState(kind, c.from), StepOf(c.action));
      const std::string label = std::string(KindName(kind)) + ": " + std::string(StateName(c.from)) + " + " +
                                std::string(ActionName(c.action));
      if (c.to) {
        ASSERT_TRUE(next.ok()) << label << ": " << next.status().ToString();
        EXPECT_EQ(*next, *c.to) << label;
      } else {
        ASSERT_FALSE(next.ok()) << label;
        EXPECT_EQ(next.status().code(), StatusCode::kConflict) << label;
        EXPECT_NE(next.status().message().find("request R-1"), std::string::npos) << label;
      }
    }
  }
}

// Objections go straight on: started or answered without an identity check;
// extended like any other request (the opposition is already applied).
TEST(RightsRequestTest, TransitionTableForObjection) {
  using enum State;
  using enum Action;
  const Case cases[] = {
      {kReceived, kCheckIdentity, kIdentityChecked}, {kReceived, kStart, kInProgress},
      {kReceived, kExtend, kNo},                {kReceived, kAnswer, kAnswered},
      {kReceived, kRefuse, State::kRefused},

      {kIdentityChecked, kCheckIdentity, kNo},  {kIdentityChecked, kStart, kInProgress},
      {kIdentityChecked, kExtend, kNo},         {kIdentityChecked, kAnswer, kAnswered},
      {kIdentityChecked, kRefuse, State::kRefused},

      {kInProgress, kCheckIdentity, kNo},       {kInProgress, kStart, kNo},
      {kInProgress, kExtend, kExtended},        {kInProgress, kAnswer, kAnswered},
      {kInProgress, kRefuse, State::kRefused},

      {kExtended, kCheckIdentity, kNo},         {kExtended, kStart, kNo},
      {kExtended, kExtend, kNo},                {kExtended, kAnswer, kAnswered},
      {kExtended, kRefuse, State::kRefused},

      {kAnswered, kCheckIdentity, kNo},         {kAnswered, kStart, kNo},
      {kAnswered, kExtend, kNo},                {kAnswered, kAnswer, kNo},
      {kAnswered, kRefuse, kNo},

      {State::kRefused, kCheckIdentity, kNo},   {State::kRefused, kStart, kNo},
      {State::kRefused, kExtend, kNo},          {State::kRefused, kAnswer, kNo},
      {State::kRefused, kRefuse, kNo},
  };
  ASSERT_EQ(std::size(cases), 30u);
  for (const Case& c : cases) {
    auto next = NextState(InState(Kind::kObjection, c.from), StepOf(c.action));
    const std::string label = std::string(StateName(c.from)) + " + " + std::string(ActionName(c.action));
    if (c.to) {
      ASSERT_TRUE(next.ok()) << label << ": " << next.status().ToString();
      EXPECT_EQ(*next, *c.to) << label;
    } else {
      ASSERT_FALSE(next.ok()) << label;
      EXPECT_EQ(next.status().code(), StatusCode::kConflict) << label;
    }
  }
}

TEST(RightsRequestTest, RefusalsSayWhy) {
  auto message = [](Kind kind, State state, Step step) {
    return NextState(InState(kind, state), step).status().message();
  };
  EXPECT_NE(message(Kind::kAccess, State::kReceived, StepOf(Action::kAnswer)).find("identity first"),
            std::string::npos);
  EXPECT_NE(message(Kind::kErasure, State::kExtended, StepOf(Action::kExtend)).find("already extended once"),
            std::string::npos);
  EXPECT_NE(message(Kind::kObjection, State::kReceived, StepOf(Action::kExtend)).find("only a request in progress"),
            std::string::npos);
  EXPECT_NE(message(Kind::kObjection, State::kExtended, StepOf(Action::kExtend)).find("already extended once"),
            std::string::npos);
  EXPECT_NE(message(Kind::kAccess, State::kAnswered, StepOf(Action::kRefuse)).find("closed"), std::string::npos);
  EXPECT_NE(message(Kind::kAccess, State::kIdentityChecked, StepOf(Action::kAnswer)).find("start it first"),
            std::string::npos);
}

TEST(RightsRequestTest, ExtendOnlyWhileTheFirstDeadlineHasNotPassed) {
  // Received 31 January 2026: one month ends Saturday 28 February, so the
  // first deadline is Monday 2 March; the extended one is 30 April.
  Request r = InState(Kind::kAccess, State::kInProgress);
  r.received = Day(2026, 1, 31);
  EXPECT_EQ(DueDate(r).due, Day(2026, 3, 2));
  for (CivilDate ok : {Day(2026, 1, 31), Day(2026, 2, 28), Day(2026, 3, 2)}) {
    auto extended = Apply(r, Step{Action::kExtend, ok, "the records are archived off-site"});
    ASSERT_TRUE(extended.ok()) << ToIsoString(ok) << ": " << extended.status().ToString();
    EXPECT_EQ(extended->state, State::kExtended);
    EXPECT_EQ(extended->extension, (Extension{ok, "the records are archived off-site"}));
    EXPECT_EQ(DueDate(*extended).due, Day(2026, 4, 30));
  }
  auto late = NextState(r, Step{Action::kExtend, Day(2026, 3, 3), "too late"});
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().code(), StatusCode::kConflict);
  EXPECT_NE(late.status().message().find("first deadline passed on 2026-03-02"), std::string::npos);
}

// The issue does not exempt objections from Art. 12(3): the opposition is
// applied at receipt, so extending the answer delays nothing.
TEST(RightsRequestTest, ObjectionsAreExtendedLikeAnyOtherRequest) {
  Request r = InState(Kind::kObjection, State::kInProgress);
  r.received = Day(2026, 1, 31);
  auto extended = Apply(r, Step{Action::kExtend, Day(2026, 3, 2), "the answer needs the archived letters"});
  ASSERT_TRUE(extended.ok()) << extended.status().ToString();
  EXPECT_EQ(extended->state, State::kExtended);
  EXPECT_EQ(DueDate(*extended).due, Day(2026, 4, 30));
  auto late = NextState(r, Step{Action::kExtend, Day(2026, 3, 3), "too late"});
  EXPECT_EQ(late.status().code(), StatusCode::kConflict);
}

TEST(RightsRequestTest, ExtendAndRefuseNeedAReason) {
  auto extend = NextState(InState(Kind::kAccess, State::kInProgress), Step{Action::kExtend, Day(2026, 3, 10), ""});
  EXPECT_EQ(extend.status().code(), StatusCode::kInvalidArgument);
  auto refuse = NextState(InState(Kind::kAccess, State::kReceived), Step{Action::kRefuse, Day(2026, 3, 10), ""});
  EXPECT_EQ(refuse.status().code(), StatusCode::kInvalidArgument);
}

TEST(RightsRequestTest, RefusalCarriesReasonsAndBothRemedies) {
  auto refused = Apply(InState(Kind::kErasure, State::kInProgress),
                       Step{Action::kRefuse, Day(2026, 3, 20), "legal retention duty (CSS L161-29)"});
  ASSERT_TRUE(refused.ok());
  ASSERT_TRUE(refused->refusal.has_value());
  EXPECT_EQ(refused->refusal->reasons, "legal retention duty (CSS L161-29)");
  EXPECT_EQ(refused->refusal->remedies, (std::vector<Remedy>{Remedy::kCnilComplaint, Remedy::kCourt}));
  EXPECT_NE(RemedyText(Remedy::kCnilComplaint, "fr").find("CNIL"), std::string_view::npos);
  EXPECT_NE(RemedyText(Remedy::kCourt, "en").find("court"), std::string_view::npos);
}

TEST(RightsRequestTest, AnswerRecordsDateAndSummary) {
  auto answered = Apply(InState(Kind::kObjection, State::kReceived),
                        Step{Action::kAnswer, Day(2026, 3, 2), "opposition registered, receipt sent"});
  ASSERT_TRUE(answered.ok());
  EXPECT_EQ(answered->state, State::kAnswered);
  EXPECT_EQ(answered->answered_on, Day(2026, 3, 2));
  EXPECT_EQ(answered->answer_summary, "opposition registered, receipt sent");
}

TEST(RightsRequestTest, NoStepBeforeTheReceipt) {
  auto early = NextState(InState(Kind::kAccess, State::kReceived), StepOf(Action::kCheckIdentity, Day(2026, 3, 1)));
  EXPECT_EQ(early.status().code(), StatusCode::kConflict);
  EXPECT_NE(early.status().message().find("before the receipt"), std::string::npos);
}

TEST(RightsRequestTest, UrgencyWithinSevenDaysAndOverdue) {
  Request r = InState(Kind::kAccess, State::kInProgress);  // due 2026-04-02
  EXPECT_EQ(UrgencyOn(r, Day(2026, 3, 25)), Urgency::kNone);
  EXPECT_EQ(UrgencyOn(r, Day(2026, 3, 26)), Urgency::kDueSoon);
  EXPECT_EQ(UrgencyOn(r, Day(2026, 4, 2)), Urgency::kDueSoon);
  EXPECT_EQ(UrgencyOn(r, Day(2026, 4, 3)), Urgency::kOverdue);
  r.state = State::kAnswered;
  EXPECT_EQ(UrgencyOn(r, Day(2026, 4, 3)), Urgency::kNone);
}

TEST(RightsRequestTest, NamesRoundTrip) {
  for (Kind k : {Kind::kAccess, Kind::kRectification, Kind::kErasure, Kind::kRestriction, Kind::kObjection}) {
    EXPECT_EQ(*ParseKind(KindName(k)), k);
  }
  EXPECT_EQ(GdprArticle(Kind::kAccess), 15);
  EXPECT_EQ(GdprArticle(Kind::kRectification), 16);
  EXPECT_EQ(GdprArticle(Kind::kErasure), 17);
  EXPECT_EQ(GdprArticle(Kind::kRestriction), 18);
  EXPECT_EQ(GdprArticle(Kind::kObjection), 21);
  for (State s : {State::kReceived, State::kIdentityChecked, State::kInProgress, State::kExtended,
                  State::kAnswered, State::kRefused}) {
    EXPECT_EQ(*ParseState(StateName(s)), s);
  }
  for (Action a : {Action::kCheckIdentity, Action::kStart, Action::kExtend, Action::kAnswer, Action::kRefuse}) {
    EXPECT_EQ(*ParseAction(ActionName(a)), a);
  }
  EXPECT_FALSE(ParseKind("portability").ok());
}

}  // namespace
}  // namespace sovhub::rights
