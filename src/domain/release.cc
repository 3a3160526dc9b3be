// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/release.h"

#include <algorithm>
#include <array>
#include <utility>

namespace sovhub::release {
namespace {

constexpr std::array<std::pair<State, std::string_view>, 8> kStates = {{
    {State::kSubmitted, "submitted"},
    {State::kGated, "gated"},
    {State::kRefused, "refused"},
    {State::kControlled, "controlled"},
    {State::kReviewedOnce, "reviewed_once"},
    {State::kReviewedTwice, "reviewed_twice"},
    {State::kApproved, "approved"},
    {State::kRejected, "rejected"},
}};

constexpr std::array<std::pair<Action, std::string_view>, 6> kActions = {{
    {Action::kPassGate, "pass_gate"},
    {Action::kRefuseGate, "refuse_gate"},
    {Action::kControl, "control"},
    {Action::kFailControl, "fail_control"},
    {Action::kReview, "review"},
    {Action::kDecide, "decide"},
}};

constexpr std::array<std::pair<Verdict, std::string_view>, 2> kVerdicts = {{
    {Verdict::kApprove, "approve"},
    {Verdict::kReject, "reject"},
}};

template <typename E, std::size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "?";
}

bool IsHubAction(Action action) {
  return action == Action::kPassGate || action == Action::kRefuseGate || action == Action::kControl ||
         action == Action::kFailControl;
}

// The checker rules shared by review and decide: a member with the checker
// role who is not the submitter.
Status CheckChecker(const OutputFacts& output, const Actor& actor, std::string_view doing) {
  if (actor.roles.empty()) {
    return Status::PermissionDenied("\"" + actor.name + "\" is not a member of the project: only its checkers " +
                                    std::string(doing));
  }
  if (actor.name == output.submitter) {
    return Status::PermissionDenied("the submitter may not " + std::string(doing) +
                                    " their own output: two other members with the checker role must");
  }
  if (!HasRole(actor, project::Role::kChecker)) {
    return Status::PermissionDenied("\"" + actor.name + "\" is not a checker of the project: only its checkers " +
                                    std::string(doing));
  }
  return Status::Ok();
}

}  // namespace

std::string_view StateName(State state) { return NameOf(kStates, state); }
std::string_view ActionName(Action action) { return NameOf(kActions, action); }
std::string_view VerdictName(Verdict verdict) { return NameOf(kVerdicts, verdict); }

Result<State> ParseState(std::string_view name) {
  for (const auto& [state, text] : kStates) {
    if (text == name) return state;
  }
  return Status::InvalidArgument("\"" + std::string(name) + "\" is not a release state");
}

Result<Verdict> ParseVerdict(std::string_view name) {
  for (const auto& [verdict, text] : kVerdicts) {
    if (text == name) return verdict;
  }
  return Status::InvalidArgument("\"" + std::string(name) + "\" is not a verdict (approve or reject)");
}

bool IsFinal(State state) {
  return state == State::kRefused || state == State::kApproved || state == State::kRejected;
}

std::vector<project::Role> RolesOf(const project::Project& project, std::string_view name) {
  std::vector<project::Role> roles;
  for (const project::Member& member : project.members) {
    if (member.name == name) roles.push_back(member.role);
  }
  return roles;
}

bool HasRole(const Actor& actor, project::Role role) {
  return std::find(actor.roles.begin(), actor.roles.end(), role) != actor.roles.end();
}

Status MaySubmit(const Actor& actor) {
  if (actor.is_hub) return Status::PermissionDenied("outputs are submitted by a researcher, not by the hub");
  if (actor.roles.empty()) {
    return Status::PermissionDenied("\"" + actor.name + "\" is not a member of the project: only its researchers "
                                    "submit outputs");
  }
  if (!HasRole(actor, project::Role::kResearcher)) {
    return Status::PermissionDenied("\"" + actor.name + "\" is not a researcher of the project: only its "
                                    "researchers submit outputs");
  }
  return Status::Ok();
}

Result<State> Next(const OutputFacts& output, Action action, const Actor& actor, std::optional<Verdict> verdict) {
  const std::string action_name(ActionName(action));
  // Who may act comes first: a refusal says what the actor lacks, whatever
  // the state.
  if (IsHubAction(action) != actor.is_hub) {
    return Status::PermissionDenied(IsHubAction(action)
                                        ? action_name + " is the hub's own automatic step, not a person's"
                                        : "the hub does not " + action_name + ": a project checker does");
  }
  if (action == Action::kReview) SOVHUB_RETURN_IF_ERROR(CheckChecker(output, actor, "review"));
  if (action == Action::kDecide) SOVHUB_RETURN_IF_ERROR(CheckChecker(output, actor, "decide on"));
  if ((action == Action::kReview || action == Action::kDecide) && !verdict) {
    return Status::InvalidArgument(action_name + " needs a verdict (approve or reject)");
  }
  if (IsFinal(output.state)) {
    return Status::Conflict("the output is " + std::string(StateName(output.state)) + ": that is final");
  }
  auto wrong_state = [&](std::string_view needs) -> Status {
    return Status::Conflict("cannot " + action_name + " an output that is " + std::string(StateName(output.state)) +
                            ": " + std::string(needs));
  };
  switch (action) {
    case Action::kPassGate:
    case Action::kRefuseGate:
      if (output.state != State::kSubmitted) return wrong_state("the gate runs once, on submission");
      return action == Action::kPassGate ? State::kGated : State::kRefused;
    case Action::kControl:
    case Action::kFailControl:
      if (output.state != State::kGated) return wrong_state("disclosure control runs once, after the gate");
      return action == Action::kControl ? State::kControlled : State::kRefused;
    case Action::kReview: {
      for (const Review& review : output.reviews) {
        if (review.checker == actor.name) {
          return Status::Conflict("\"" + actor.name + "\" has already reviewed this output: the second review "
                                  "must come from another checker");
        }
      }
      if (output.state == State::kControlled) return State::kReviewedOnce;
      if (output.state == State::kReviewedOnce) return State::kReviewedTwice;
      if (output.state == State::kReviewedTwice) {
        return wrong_state("it has its two reviews; a checker decides (release decide)");
      }
      return wrong_state("it is reviewed after disclosure control");
    }
    case Action::kDecide: {
      if (output.state != State::kReviewedTwice) {
        const std::size_t have = output.reviews.size();
        return Status::Conflict("a decision needs two independent reviews by two checkers; this output has " +
                                std::to_string(have) + " (state " + std::string(StateName(output.state)) + ")");
      }
      if (*verdict == Verdict::kReject) return State::kRejected;
      for (const Review& review : output.reviews) {
        if (review.verdict != Verdict::kApprove) {
          return Status::Conflict("cannot approve: checker \"" + review.checker +
                                  "\" rejected it; approval needs both reviews to approve");
        }
      }
      return State::kApproved;
    }
  }
  return Status::Internal("unknown release action");
}

}  // namespace sovhub::release
