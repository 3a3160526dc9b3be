// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/rights_request.h"

#include <array>
#include <utility>

namespace sovhub::rights {
namespace {

constexpr std::array<std::pair<Kind, std::string_view>, 5> kKinds = {{
    {Kind::kAccess, "access"},
    {Kind::kRectification, "rectification"},
    {Kind::kErasure, "erasure"},
    {Kind::kRestriction, "restriction"},
    {Kind::kObjection, "objection"},
}};

constexpr std::array<std::pair<State, std::string_view>, 6> kStates = {{
    {State::kReceived, "received"},
    {State::kIdentityChecked, "identity_checked"},
    {State::kInProgress, "in_progress"},
    {State::kExtended, "extended"},
    {State::kAnswered, "answered"},
    {State::kRefused, "refused"},
}};

constexpr std::array<std::pair<Action, std::string_view>, 5> kActions = {{
    {Action::kCheckIdentity, "check_identity"},
    {Action::kStart, "start"},
    {Action::kExtend, "extend"},
    {Action::kAnswer, "answer"},
    {Action::kRefuse, "refuse"},
}};

constexpr std::array<std::pair<Urgency, std::string_view>, 3> kUrgencies = {{
    {Urgency::kNone, "none"},
    {Urgency::kDueSoon, "due_soon"},
    {Urgency::kOverdue, "overdue"},
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

Status Refuse(const Request& request, Action action, const std::string& why) {
  return Status::Conflict("cannot " + std::string(ActionName(action)) + " request " + request.id + " (" +
                          std::string(KindName(request.kind)) + ", " + std::string(StateName(request.state)) +
                          "): " + why);
}

}  // namespace

std::string_view KindName(Kind kind) { return NameOf(kKinds, kind); }
Result<Kind> ParseKind(std::string_view name) { return Parse(kKinds, name, "request kind"); }
std::string_view StateName(State state) { return NameOf(kStates, state); }
Result<State> ParseState(std::string_view name) { return Parse(kStates, name, "request state"); }
std::string_view ActionName(Action action) { return NameOf(kActions, action); }
Result<Action> ParseAction(std::string_view name) { return Parse(kActions, name, "request action"); }
std::string_view UrgencyName(Urgency urgency) { return NameOf(kUrgencies, urgency); }

int GdprArticle(Kind kind) {
  switch (kind) {
    case Kind::kAccess: return 15;
    case Kind::kRectification: return 16;
    case Kind::kErasure: return 17;
    case Kind::kRestriction: return 18;
    case Kind::kObjection: return 21;
  }
  return 0;
}

bool IsClosed(State state) { return state == State::kAnswered || state == State::kRefused; }

std::string_view RemedyName(Remedy remedy) {
  return remedy == Remedy::kCnilComplaint ? "cnil_complaint" : "court";
}

std::string_view RemedyText(Remedy remedy, std::string_view language) {
  const bool fr = language == "fr";
  if (remedy == Remedy::kCnilComplaint) {
    return fr ? "Vous pouvez introduire une réclamation auprès de la Commission nationale de l'informatique "
                "et des libertés (CNIL), 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr "
                "(article 77 du RGPD)."
              : "You may lodge a complaint with the French supervisory authority, the Commission nationale "
                "de l'informatique et des libertés (CNIL), 3 place de Fontenoy, TSA 80715, 75334 Paris "
                "Cedex 07, www.cnil.fr (GDPR Art. 77).";
  }
  return fr ? "Vous pouvez former un recours juridictionnel devant le tribunal compétent (article 79 du RGPD)."
            : "You may seek a judicial remedy before the competent court (GDPR Art. 79).";
}

Result<State> NextState(const Request& request, const Step& step) {
  const State from = request.state;
  const Action action = step.action;
  const bool objection = request.kind == Kind::kObjection;
  if (step.date < request.received) {
    return Refuse(request, action,
                  "the step is dated " + ToIsoString(step.date) + ", before the receipt on " +
                      ToIsoString(request.received));
  }
  if (IsClosed(from)) {
    return Refuse(request, action, "the request is closed (" + std::string(StateName(from)) +
                                       "); a new demand is a new request");
  }
  switch (action) {
    case Action::kCheckIdentity:
      if (from != State::kReceived) return Refuse(request, action, "the identity check is already past");
      return State::kIdentityChecked;
    case Action::kStart:
      if (from == State::kReceived && !objection) {
        return Refuse(request, action, "check the requester's identity first (GDPR Art. 12(6))");
      }
      if (from != State::kReceived && from != State::kIdentityChecked) {
        return Refuse(request, action, "it is already in progress");
      }
      return State::kInProgress;
    case Action::kExtend: {
      if (from == State::kExtended) {
        return Refuse(request, action,
                      "it was already extended once; GDPR Art. 12(3) allows one extension of two months");
      }
      if (from != State::kInProgress) return Refuse(request, action, "only a request in progress can be extended");
      const CivilDate first_due = GdprDueDate(request.received, GdprPeriod::kOneMonth, request.calendar).due;
      if (first_due < step.date) {
        return Refuse(request, action,
                      "the first deadline passed on " + ToIsoString(first_due) +
                          "; an extension must be notified within the first month (GDPR Art. 12(3))");
      }
      if (step.text.empty()) return Status::InvalidArgument("extend: the reason must not be empty");
      return State::kExtended;
    }
    case Action::kAnswer:
      if (from == State::kInProgress || from == State::kExtended) return State::kAnswered;
      if (objection) return State::kAnswered;  // received or identity_checked: applied at once
      if (from == State::kReceived) {
        return Refuse(request, action, "check the requester's identity first (GDPR Art. 12(6))");
      }
      return Refuse(request, action, "start it first");
    case Action::kRefuse:
      if (step.text.empty()) {
        return Status::InvalidArgument("refuse: the reasons must not be empty (GDPR Art. 12(4))");
      }
      return State::kRefused;
  }
  return Status::Internal("unknown request action");
}

Result<Request> Apply(const Request& request, const Step& step) {
  SOVHUB_ASSIGN_OR_RETURN(State next, NextState(request, step));
  Request after = request;
  after.state = next;
  switch (step.action) {
    case Action::kExtend:
      after.extension = Extension{step.date, step.text};
      break;
    case Action::kAnswer:
      after.answered_on = step.date;
      after.answer_summary = step.text;
      break;
    case Action::kRefuse:
      after.refusal = Refusal{step.date, step.text, {Remedy::kCnilComplaint, Remedy::kCourt}};
      break;
    case Action::kCheckIdentity:
    case Action::kStart:
      break;
  }
  return after;
}

GdprDeadline DueDate(const Request& request) {
  return GdprDueDate(request.received, request.extension ? GdprPeriod::kExtended : GdprPeriod::kOneMonth,
                     request.calendar);
}

Urgency UrgencyOn(const Request& request, const CivilDate& today, int within_days) {
  if (IsClosed(request.state)) return Urgency::kNone;
  const CivilDate due = DueDate(request).due;
  if (due < today) return Urgency::kOverdue;
  if (DaysFromCivil(due) - DaysFromCivil(today) <= within_days) return Urgency::kDueSoon;
  return Urgency::kNone;
}

}  // namespace sovhub::rights
