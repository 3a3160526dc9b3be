// SPDX-License-Identifier: AGPL-3.0-or-later
//
// A data subject's rights request (GDPR Arts. 15-18 and 21) and the rules of
// its lifecycle, pure: which transitions are legal and when, its statutory
// deadline (core/statutory_deadline.h), and whether it is due soon or overdue.
// The rights desk (hub side) stores and journals every transition; this file
// decides. docs/rights.md has the table with the reasons for each choice.
//
//   received ─check_identity─▶ identity_checked ─start─▶ in_progress ─answer─▶ answered
//                                                           │
//                                                           └─extend─▶ extended ─answer─▶ answered
//   objection only: received ─start─▶ in_progress;
//                   received, identity_checked ─answer─▶ answered
//   any open state (received, identity_checked, in_progress, extended)
//                   ─refuse─▶ refused, with reasons and the remedies (CNIL, court)
//
// Rules beyond the arrows:
// - identity first (Art. 12(6), 11(2)): access, rectification, erasure and
//   restriction are not started or answered before the requester's identity
//   is checked. Objections are exempt: the hub applies an objection the
//   moment it is received (DESIGN.md, "Rights desk"), so it may be started or
//   answered from `received` (or from identity_checked) without waiting.
// - extend: only from in_progress, only once, only on or before the first
//   deadline (one month, moved to a working day), and with a reason; the new
//   deadline is receipt + 3 months (Art. 12(3)). Objections too: the
//   opposition itself is applied at receipt, so extending the answer delays
//   nothing the person asked for.
// - refuse: needs its reasons; the remedies of Art. 12(4) are attached.
// - answered and refused are final: a new request is a new request.
// - no step may be dated before the receipt.
#ifndef SOVHUB_DOMAIN_RIGHTS_REQUEST_H_
#define SOVHUB_DOMAIN_RIGHTS_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/statutory_deadline.h"
#include "core/status.h"

namespace sovhub::rights {

enum class Kind { kAccess, kRectification, kErasure, kRestriction, kObjection };
std::string_view KindName(Kind kind);  // "access", ..., "objection"
Result<Kind> ParseKind(std::string_view name);
int GdprArticle(Kind kind);  // 15, 16, 17, 18, 21

enum class State { kReceived, kIdentityChecked, kInProgress, kExtended, kAnswered, kRefused };
std::string_view StateName(State state);  // "received", "identity_checked", ...
Result<State> ParseState(std::string_view name);
bool IsClosed(State state);  // answered or refused

enum class Action { kCheckIdentity, kStart, kExtend, kAnswer, kRefuse };
std::string_view ActionName(Action action);  // "check_identity", "start", ...
Result<Action> ParseAction(std::string_view name);

// The remedies a refusal must mention (GDPR Art. 12(4)).
enum class Remedy {
  kCnilComplaint,  // complaint to the supervisory authority (Art. 77)
  kCourt,          // judicial remedy (Art. 79)
};
std::string_view RemedyName(Remedy remedy);  // "cnil_complaint", "court"
// A sentence for the person, "fr" or "en" (anything else gives English).
std::string_view RemedyText(Remedy remedy, std::string_view language);

struct Extension {
  CivilDate date;      // when it was decided and notified
  std::string reason;  // never empty
  bool operator==(const Extension&) const = default;
};

struct Refusal {
  CivilDate date;
  std::string reasons;           // never empty
  std::vector<Remedy> remedies;  // always both
  bool operator==(const Refusal&) const = default;
};

struct Request {
  std::string id;
  Kind kind = Kind::kAccess;
  CivilDate received;
  HolidayCalendar calendar = HolidayCalendar::kMetropolitanFrance;
  State state = State::kReceived;
  std::optional<Extension> extension;
  std::optional<CivilDate> answered_on;
  std::string answer_summary;
  std::optional<Refusal> refusal;
  bool operator==(const Request&) const = default;
};

// One step of the lifecycle. `text` is the reason for extend and refuse
// (required), the answer's summary for answer (optional), ignored otherwise.
struct Step {
  Action action = Action::kStart;
  CivilDate date;
  std::string text;
};

// The state `step` leads to, or the reason it is refused: Conflict for an
// illegal transition ("cannot extend request R (extended): it was already
// extended once ..."), InvalidArgument for a missing reason.
Result<State> NextState(const Request& request, const Step& step);

// The request after `step`: the new state and what the step records (the
// extension, the answer date and summary, the refusal with its remedies).
Result<Request> Apply(const Request& request, const Step& step);

// The request's deadline: one month, or three once extended.
GdprDeadline DueDate(const Request& request);

enum class Urgency { kNone, kDueSoon, kOverdue };
std::string_view UrgencyName(Urgency urgency);  // "none", "due_soon", "overdue"

// For an open request on `today`: overdue once past its due date, due soon
// when the due date is at most `within_days` days away; kNone when closed.
Urgency UrgencyOn(const Request& request, const CivilDate& today, int within_days = 7);

}  // namespace sovhub::rights

#endif  // SOVHUB_DOMAIN_RIGHTS_REQUEST_H_
