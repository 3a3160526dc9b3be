// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/project.h"

#include <array>
#include <utility>

namespace sovhub::project {
namespace {

constexpr std::array<std::pair<State, std::string_view>, 5> kStates = {{
    {State::kDraft, "draft"},
    {State::kSubmitted, "submitted"},
    {State::kApproved, "approved"},
    {State::kActive, "active"},
    {State::kClosed, "closed"},
}};

constexpr std::array<std::pair<Action, std::string_view>, 5> kActions = {{
    {Action::kSubmit, "submit"},
    {Action::kReturn, "return"},
    {Action::kApprove, "approve"},
    {Action::kActivate, "activate"},
    {Action::kClose, "close"},
}};

constexpr std::array<std::pair<Role, std::string_view>, 2> kRoles = {{
    {Role::kResearcher, "researcher"},
    {Role::kChecker, "checker"},
}};

template <typename T, std::size_t N>
std::string_view NameOf(const std::array<std::pair<T, std::string_view>, N>& table, T value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "?";
}

template <typename T, std::size_t N>
Result<T> Parse(const std::array<std::pair<T, std::string_view>, N>& table, std::string_view text,
                std::string_view what) {
  std::string known;
  for (const auto& [v, name] : table) {
    if (name == text) return v;
    known += (known.empty() ? "" : ", ") + std::string(name);
  }
  return Status::InvalidArgument("\"" + std::string(text) + "\" is not a " + std::string(what) +
                                 " (one of " + known + ")");
}

bool HasRole(const Project& project, Role role) {
  for (const Member& member : project.members) {
    if (member.role == role) return true;
  }
  return false;
}

Status Refuse(const Project& project, Action action, std::string why) {
  return Status::Conflict("cannot " + std::string(ActionName(action)) + " project " + project.id +
                          " (" + std::string(StateName(project.state)) + "): " + why);
}

}  // namespace

std::string_view StateName(State state) { return NameOf(kStates, state); }
Result<State> ParseState(std::string_view name) { return Parse(kStates, name, "project state"); }
std::string_view ActionName(Action action) { return NameOf(kActions, action); }
Result<Action> ParseAction(std::string_view name) { return Parse(kActions, name, "project action"); }
std::string_view RoleName(Role role) { return NameOf(kRoles, role); }
Result<Role> ParseRole(std::string_view name) { return Parse(kRoles, name, "member role"); }

bool IsValidProjectId(std::string_view id) {
  if (id.size() < 3 || id.size() > 64 || id.front() == '-' || id.back() == '-') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

Status CheckProject(const Project& project) {
  if (!IsValidProjectId(project.id)) {
    return Status::InvalidArgument(
        "id: \"" + project.id + "\" is not a project id (3 to 64 of a-z, 0-9 and '-', not at the ends)");
  }
  const std::pair<const char*, const std::string*> texts[] = {
      {"title", &project.title},         {"controller", &project.controller},
      {"purpose", &project.purpose},     {"legal_basis", &project.legal_basis},
      {"public_summary", &project.public_summary}};
  for (const auto& [field, text] : texts) {
    if (text->empty()) return Status::InvalidArgument(std::string(field) + ": must not be empty");
  }
  if (project.end_date < project.start_date) {
    return Status::InvalidArgument("end_date: " + ToIsoString(project.end_date) + " is before start_date " +
                                   ToIsoString(project.start_date));
  }
  if (project.period_to < project.period_from) {
    return Status::InvalidArgument("period.to: " + ToIsoString(project.period_to) + " is before period.from " +
                                   ToIsoString(project.period_from));
  }
  for (std::size_t i = 0; i < project.members.size(); ++i) {
    if (project.members[i].name.empty()) {
      return Status::InvalidArgument("members[" + std::to_string(i) + "].name: must not be empty");
    }
  }
  for (const auto* approval : {&project.ethics_opinion, &project.authority_decision}) {
    if (*approval && (*approval)->reference.empty()) {
      return Status::InvalidArgument(std::string(approval == &project.ethics_opinion
                                                     ? "approvals.ethics_opinion"
                                                     : "approvals.authority_decision") +
                                     ".reference: must not be empty");
    }
  }
  if (project.variables.empty()) return Status::InvalidArgument("variables: name at least one table");
  for (const auto& [table, columns] : project.variables) {
    if (columns.empty()) return Status::InvalidArgument("variables." + table + ": name at least one column");
  }
  Status population = cohort::Validate(project.population);
  if (!population.ok()) return population;
  return Status::Ok();
}

Result<State> NextState(const Project& project, Action action, const CivilDate& today) {
  const State from = project.state;
  if (from == State::kClosed) return Refuse(project, action, "a closed project stays closed");
  switch (action) {
    case Action::kSubmit:
      if (from != State::kDraft) return Refuse(project, action, "only a draft can be submitted");
      if (!HasRole(project, Role::kResearcher)) return Refuse(project, action, "it has no researcher");
      if (!HasRole(project, Role::kChecker)) {
        return Refuse(project, action, "it has no checker (outputs need two people's review)");
      }
      if (project.end_date < today) return Refuse(project, action, "its end date has passed");
      return State::kSubmitted;
    case Action::kReturn:
      if (from != State::kSubmitted) return Refuse(project, action, "only a submitted project can be returned");
      return State::kDraft;
    case Action::kApprove:
      if (from == State::kDraft) return Refuse(project, action, "submit it first");
      if (from != State::kSubmitted) return Refuse(project, action, "only a submitted project can be approved");
      if (!project.ethics_opinion) return Refuse(project, action, "the ethics committee's opinion is missing");
      if (!project.authority_decision) return Refuse(project, action, "the authority's decision is missing");
      if (today < project.ethics_opinion->date || today < project.authority_decision->date) {
        return Refuse(project, action, "an approval is dated in the future");
      }
      return State::kApproved;
    case Action::kActivate:
      if (from != State::kApproved) return Refuse(project, action, "only an approved project can be activated");
      if (today < project.start_date) {
        return Refuse(project, action, "it starts on " + ToIsoString(project.start_date));
      }
      if (project.end_date < today) return Refuse(project, action, "its end date has passed");
      return State::kActive;
    case Action::kClose:
      return State::kClosed;
  }
  return Status::Internal("unknown project action");
}

bool IsPastEnd(const Project& project, const CivilDate& today) {
  return project.state != State::kClosed && project.end_date < today;
}

}  // namespace sovhub::project
