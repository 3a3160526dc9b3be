// SPDX-License-Identifier: AGPL-3.0-or-later
//
// A research project and the rules of its lifecycle, pure: what a project
// must state, which transitions are legal and when, and when a project closes
// by itself. The projects service (src/projects) stores and journals; this
// file decides.
//
//   draft ──submit──▶ submitted ──approve──▶ approved ──activate──▶ active ──close──▶ closed
//     ▲                   │                      │                                    ▲
//     └─────return────────┘                      └──────────────close─────────────────┘
//   (a draft or a submitted project may also be closed: withdrawn)
#ifndef SOVHUB_DOMAIN_PROJECT_H_
#define SOVHUB_DOMAIN_PROJECT_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "domain/cohort.h"

namespace sovhub::project {

enum class State { kDraft, kSubmitted, kApproved, kActive, kClosed };
std::string_view StateName(State state);
Result<State> ParseState(std::string_view name);

enum class Action { kSubmit, kReturn, kApprove, kActivate, kClose };
std::string_view ActionName(Action action);
Result<Action> ParseAction(std::string_view name);

enum class Role { kResearcher, kChecker };
std::string_view RoleName(Role role);
Result<Role> ParseRole(std::string_view name);

// An ethics committee's opinion or the authority's decision (in France, the
// CESREES and the CNIL).
struct Approval {
  std::string reference;
  CivilDate date;
  bool operator==(const Approval&) const = default;
};

// `email` is a member's private detail: never in the public directory.
struct Member {
  std::string name;
  std::string email;
  Role role = Role::kResearcher;
  bool operator==(const Member&) const = default;
};

// OMOP table → the columns a project may receive.
using Variables = std::map<std::string, std::vector<std::string>>;

struct Project {
  std::string id;  // [a-z0-9-], 3 to 64 characters: part of paths and scopes
  std::string title;
  std::string controller;
  std::string purpose;
  std::string legal_basis;
  std::string public_summary;
  std::optional<Approval> ethics_opinion;
  std::optional<Approval> authority_decision;
  CivilDate start_date;
  CivilDate end_date;
  std::vector<Member> members;
  cohort::Definition population;
  Variables variables;
  CivilDate period_from;  // the events an extract may hold
  CivilDate period_to;
  State state = State::kDraft;
  bool operator==(const Project&) const = default;
};

bool IsValidProjectId(std::string_view id);

// What any stored project must satisfy, in every state: id, title, dates in
// order (start <= end, period_from <= period_to), members with names, a
// valid population, variables naming at least one table. InvalidArgument
// "field: reason".
Status CheckProject(const Project& project);

// The state `action` leads to from the project's state, on `today`, or
// Conflict naming the rule that refuses it:
// the illegal transition itself ("cannot approve a draft project: submit it
// first"), submitting without a researcher or a checker, approving without
// both approvals, activating after the end date or before the start date.
Result<State> NextState(const Project& project, Action action, const CivilDate& today);

// True when the project is open (approved or active) and its end date has
// passed: it closes by itself.
bool IsPastEnd(const Project& project, const CivilDate& today);

}  // namespace sovhub::project

#endif  // SOVHUB_DOMAIN_PROJECT_H_
