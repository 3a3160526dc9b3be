// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/project.h"

#include <gtest/gtest.h>

namespace sovhub::project {
namespace {

CivilDate Day(int y, int m, int d) { return CivilDate{y, m, d}; }

Project Complete() {
  Project p;
  p.id = "demo-diabetes";
  p.title = "Type 2 diabetes care pathways";
  p.controller = "Example University Hospital";
  p.purpose = "Describe treatment sequences";
  p.legal_basis = "GDPR 6(1)(e) and 9(2)(j); CSP L1461-3";
  p.public_summary = "How people with type 2 diabetes are treated";
  p.ethics_opinion = Approval{"CESREES 2026-001", Day(2026, 1, 10)};
  p.authority_decision = Approval{"CNIL DR-2026-002", Day(2026, 2, 1)};
  p.start_date = Day(2026, 3, 1);
  p.end_date = Day(2027, 2, 28);
  p.members = {{"Alice Martin", "alice@example.org", Role::kResearcher},
               {"Bruno Petit", "bruno@example.org", Role::kChecker}};
  cohort::Condition diabetes;
  diabetes.icd10 = {*cohort::ParseCodePattern(cohort::CodeSystem::kIcd10, "E11*")};
  p.population.population = cohort::Criterion(diabetes);
  p.variables = {{"person", {"person_id", "year_of_birth"}}};
  p.period_from = Day(2021, 1, 1);
  p.period_to = Day(2023, 12, 31);
  return p;
}

TEST(ProjectTest, CompleteProjectPassesItsChecks) {
  EXPECT_TRUE(CheckProject(Complete()).ok()) << CheckProject(Complete()).ToString();
}

TEST(ProjectTest, ChecksNameTheField) {
  Project p = Complete();
  p.id = "Demo_1";
  EXPECT_NE(CheckProject(p).message().find("id:"), std::string::npos);
  p = Complete();
  p.end_date = Day(2026, 2, 1);
  EXPECT_NE(CheckProject(p).message().find("end_date:"), std::string::npos);
  p = Complete();
  p.period_to = Day(2020, 1, 1);
  EXPECT_NE(CheckProject(p).message().find("period.to:"), std::string::npos);
  p = Complete();
  p.variables.clear();
  EXPECT_NE(CheckProject(p).message().find("variables:"), std::string::npos);
  p = Complete();
  p.public_summary.clear();
  EXPECT_NE(CheckProject(p).message().find("public_summary:"), std::string::npos);
}

// Every (state, action) pair: the legal ones lead where the diagram says;
// every other one is refused with a Conflict.
TEST(ProjectTest, TransitionTable) {
  const CivilDate today = Day(2026, 6, 1);
  struct Case {
    State from;
    Action action;
    std::optional<State> to;
  };
  const Case cases[] = {
      {State::kDraft, Action::kSubmit, State::kSubmitted},
      {State::kDraft, Action::kReturn, std::nullopt},
      {State::kDraft, Action::kApprove, std::nullopt},
      {State::kDraft, Action::kActivate, std::nullopt},
      {State::kDraft, Action::kClose, State::kClosed},
      {State::kSubmitted, Action::kSubmit, std::nullopt},
      {State::kSubmitted, Action::kReturn, State::kDraft},
      {State::kSubmitted, Action::kApprove, State::kApproved},
      {State::kSubmitted, Action::kActivate, std::nullopt},
      {State::kSubmitted, Action::kClose, State::kClosed},
      {State::kApproved, Action::kSubmit, std::nullopt},
      {State::kApproved, Action::kReturn, std::nullopt},
      {State::kApproved, Action::kApprove, std::nullopt},
      {State::kApproved, Action::kActivate, State::kActive},
      {State::kApproved, Action::kClose, State::kClosed},
      {State::kActive, Action::kSubmit, std::nullopt},
      {State::kActive, Action::kReturn, std::nullopt},
      {State::kActive, Action::kApprove, std::nullopt},
      {State::kActive, Action::kActivate, std::nullopt},
      {State::kActive, Action::kClose, State::kClosed},
      {State::kClosed, Action::kSubmit, std::nullopt},
      {State::kClosed, Action::kReturn, std::nullopt},
      {State::kClosed, Action::kApprove, std::nullopt},
      {State::kClosed, Action::kActivate, std::nullopt},
      {State::kClosed, Action::kClose, std::nullopt},
  };
  for (const Case& c : cases) {
    Project p = Complete();
    p.state = c.from;
    auto next = NextState(p, c.action, today);
    SCOPED_TRACE(std::string(StateName(c.from)) + " " + std::string(ActionName(c.action)));
    if (c.to) {
      ASSERT_TRUE(next.ok()) << next.status().ToString();
      EXPECT_EQ(*next, *c.to);
    } else {
      ASSERT_FALSE(next.ok());
      EXPECT_EQ(next.status().code(), StatusCode::kConflict);
      EXPECT_NE(next.status().message().find("cannot " + std::string(ActionName(c.action))),
                std::string::npos);
    }
  }
}

TEST(ProjectTest, PreconditionsOfTransitions) {
  Project p = Complete();
  p.members = {{"Alice Martin", "", Role::kResearcher}};
  EXPECT_NE(NextState(p, Action::kSubmit, Day(2026, 6, 1)).status().message().find("no checker"),
            std::string::npos);
  p = Complete();
  p.state = State::kSubmitted;
  p.authority_decision.reset();
  EXPECT_NE(NextState(p, Action::kApprove, Day(2026, 6, 1)).status().message().find("authority"),
            std::string::npos);
  p = Complete();
  p.state = State::kApproved;
  EXPECT_FALSE(NextState(p, Action::kActivate, Day(2026, 2, 28)).ok());  // before the start
  EXPECT_TRUE(NextState(p, Action::kActivate, Day(2026, 3, 1)).ok());
  EXPECT_TRUE(NextState(p, Action::kActivate, Day(2027, 2, 28)).ok());   // the last day
  EXPECT_FALSE(NextState(p, Action::kActivate, Day(2027, 3, 1)).ok());
}

TEST(ProjectTest, PastItsEndDateAProjectCloses) {
  Project p = Complete();
  p.state = State::kActive;
  EXPECT_FALSE(IsPastEnd(p, Day(2027, 2, 28)));
  EXPECT_TRUE(IsPastEnd(p, Day(2027, 3, 1)));
  p.state = State::kClosed;
  EXPECT_FALSE(IsPastEnd(p, Day(2027, 3, 1)));
}

TEST(ProjectTest, NamesRoundTrip) {
  for (State s : {State::kDraft, State::kSubmitted, State::kApproved, State::kActive, State::kClosed}) {
    EXPECT_EQ(*ParseState(StateName(s)), s);
  }
  EXPECT_FALSE(ParseRole("owner").ok());
  EXPECT_EQ(*ParseRole("checker"), Role::kChecker);
}

}  // namespace
}  // namespace sovhub::project
