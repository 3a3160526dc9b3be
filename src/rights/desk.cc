// SPDX-License-Identifier: AGPL-3.0-or-later
#include "rights/desk.h"

#include <time.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "domain/stage1.h"
#include "letters/letter.h"
#include "rights/access_export.h"

namespace sovhub::rights {
namespace {

using json = nlohmann::json;

std::string DateOrEmpty(const std::optional<CivilDate>& date) { return date ? ToIsoString(*date) : std::string(); }

Result<CivilDate> StoredDate(const std::string& text, const std::string& what) {
  auto date = ParseIsoDate(text);
  if (!date.ok()) return Status::Corruption("rights request: " + what + " \"" + text + "\" is not a date");
  return *date;
}

store::RightsRequestRecord ToRecord(const DeskRequest& d, const std::string& pid) {
  const Request& r = d.request;
  store::RightsRequestRecord record;
  record.id = r.id;
  record.kind = std::string(KindName(r.kind));
  record.pid = pid;
  record.received = ToIsoString(r.received);
  record.calendar = std::string(HolidayCalendarName(r.calendar));
  record.reference = d.reference;
  record.state = std::string(StateName(r.state));
  if (r.extension) {
    record.extension_date = ToIsoString(r.extension->date);
    record.extension_reason = r.extension->reason;
  }
  record.answered_on = DateOrEmpty(r.answered_on);
  record.answer_summary = r.answer_summary;
  if (r.refusal) {
    record.refusal_date = ToIsoString(r.refusal->date);
    record.refusal_reasons = r.refusal->reasons;
  }
  record.opposition_leaf = d.opposition_leaf;
  record.opposition_scope = d.opposition_scope;
  record.created_at = d.created_at;
  record.updated_at = d.updated_at;
  return record;
}

Result<DeskRequest> FromRecord(const store::RightsRequestRecord& record) {
  DeskRequest d;
  Request& r = d.request;
  r.id = record.id;
  auto kind = ParseKind(record.kind);
  auto state = ParseState(record.state);
  auto calendar = ParseHolidayCalendar(record.calendar);
  if (!kind.ok() || !state.ok() || !calendar.ok()) {
    return Status::Corruption("rights request " + record.id + ": unknown kind, state or calendar");
  }
  r.kind = *kind;
  r.state = *state;
  r.calendar = *calendar;
  SOVHUB_ASSIGN_OR_RETURN(r.received, StoredDate(record.received, "received"));
  if (!record.extension_date.empty()) {
    SOVHUB_ASSIGN_OR_RETURN(CivilDate date, StoredDate(record.extension_date, "extension date"));
    r.extension = Extension{date, record.extension_reason};
  }
  if (!record.answered_on.empty()) {
    SOVHUB_ASSIGN_OR_RETURN(CivilDate date, StoredDate(record.answered_on, "answer date"));
    r.answered_on = date;
  }
  r.answer_summary = record.answer_summary;
  if (!record.refusal_date.empty()) {
    SOVHUB_ASSIGN_OR_RETURN(CivilDate date, StoredDate(record.refusal_date, "refusal date"));
    r.refusal = Refusal{date, record.refusal_reasons, {Remedy::kCnilComplaint, Remedy::kCourt}};
  }
  d.reference = record.reference;
  d.opposition_leaf = record.opposition_leaf;
  d.opposition_scope = record.opposition_scope;
  d.created_at = record.created_at;
  d.updated_at = record.updated_at;
  return d;
}

}  // namespace

bool HoldsNir(std::string_view text) { return letters::ContainsFullNir(text); }

Desk::Desk(store::Store& store, journal::Journal& journal, registry::Registry& registry, projects::Projects& projects,
           Clock& clock, std::vector<std::string> person_id_columns, std::string hub_name)
    : store_(store),
      journal_(journal),
      registry_(registry),
      projects_(projects),
      clock_(clock),
      person_id_columns_(std::move(person_id_columns)),
      hub_name_(std::move(hub_name)) {}

CivilDate Desk::Today() {
  const time_t seconds = static_cast<time_t>(clock_.NowMillis() / 1000);
  struct tm local{};
  localtime_r(&seconds, &local);
  return CivilDate{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

Result<DeskRequest> Desk::Load(const std::string& id, bool with_steps) {
  std::optional<store::RightsRequestRecord> found;
  std::vector<store::RightsStepRecord> steps;
  Status loaded = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_ASSIGN_OR_RETURN(found, store_.rights().FindRequest(id));
    if (found && with_steps) {
      SOVHUB_ASSIGN_OR_RETURN(steps, store_.rights().ListSteps(id));
    }
    return Status::Ok();
  });
  SOVHUB_RETURN_IF_ERROR(loaded);
  if (!found) return Status::NotFound("no rights request " + id + " (sovhub rights list shows them)");
  SOVHUB_ASSIGN_OR_RETURN(DeskRequest d, FromRecord(*found));
  d.steps = std::move(steps);
  return d;
}

Result<DeskRequest> Desk::Find(const std::string& id) { return Load(id, true); }

Result<std::vector<DeskRequest>> Desk::List() {
  std::vector<store::RightsRequestRecord> records;
  Status listed = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_ASSIGN_OR_RETURN(records, store_.rights().ListRequests());
    return Status::Ok();
  });
  SOVHUB_RETURN_IF_ERROR(listed);
  std::vector<DeskRequest> out;
  for (const auto& record : records) {
    SOVHUB_ASSIGN_OR_RETURN(DeskRequest d, FromRecord(record));
    out.push_back(std::move(d));
  }
  return out;
}

Status Desk::Record(const DeskRequest& after, const std::optional<std::string>& new_pid,
                    const store::RightsStepRecord& step, const journal::Entry& entry) {
  return registry_.WithStoreLock([&]() -> Status {
    SOVHUB_RETURN_IF_ERROR(store_.Begin());
    auto stored = [&]() -> Status {
      if (new_pid) {
        SOVHUB_RETURN_IF_ERROR(store_.rights().InsertRequest(ToRecord(after, *new_pid)));
      } else {
        // DeskRequest does not carry the pid: the stored one stays.
        SOVHUB_ASSIGN_OR_RETURN(auto current, store_.rights().FindRequest(after.request.id));
        if (!current) return Status::NotFound("no rights request " + after.request.id);
        SOVHUB_RETURN_IF_ERROR(store_.rights().UpdateRequest(ToRecord(after, current->pid)));
      }
      SOVHUB_ASSIGN_OR_RETURN(auto steps, store_.rights().ListSteps(after.request.id));
      store::RightsStepRecord numbered = step;
      numbered.seq = static_cast<std::int64_t>(steps.size()) + 1;
      SOVHUB_RETURN_IF_ERROR(store_.rights().AppendStep(numbered));
      return journal_.Append(entry).status();
    }();
    if (!stored.ok()) {
      (void)store_.Rollback();
      return stored;
    }
    SOVHUB_RETURN_IF_ERROR(store_.Commit());
    return journal_.AnchorHead();
  });
}

Result<Filed> Desk::Receive(const Intake& intake, const std::string& actor) {
  if (!pseudonym::IsEncodedIdentifier(intake.stage1)) {
    return Status::InvalidArgument("the requester's stage-1 identifier is malformed");
  }
  if (Today() < intake.received) {
    return Status::InvalidArgument("received " + ToIsoString(intake.received) + " is after today (" +
                                   ToIsoString(Today()) + ")");
  }
  if (HoldsNir(intake.reference)) {
    return Status::InvalidArgument("the reference looks like it holds a NIR; the hub never stores one");
  }
  const bool objection = intake.kind == Kind::kObjection;
  if (objection != intake.opposition.has_value()) {
    return Status::InvalidArgument(objection ? "an objection registers its opposition at once: give the person's "
                                               "identity (or the producer's opposition request)"
                                             : "only an objection registers an opposition");
  }
  if (objection && (intake.opposition->stage1 != intake.stage1 ||
                    intake.opposition->event != opposition::Event::kRegister)) {
    return Status::InvalidArgument("the opposition request is not a registration for the same person");
  }
  const std::string pid = registry_.PidOf(intake.stage1);

  Filed filed;
  DeskRequest& d = filed.request;
  d.request.kind = intake.kind;
  d.request.received = intake.received;
  d.request.calendar = intake.calendar;
  d.reference = intake.reference;
  d.created_at = d.updated_at = clock_.NowIso();
  // The opposition first: it applies at once, whatever becomes of the
  // request's record (a failure below leaves the opposition in effect, and
  // says so).
  if (objection) {
    SOVHUB_ASSIGN_OR_RETURN(registry::Ack ack, registry_.Submit(*intake.opposition));
    d.opposition_leaf = ack.receipt.leaf_index;
    d.opposition_scope = intake.opposition->scope;
    filed.opposition = std::move(ack);
  }
  const std::string prefix = "R-" + std::to_string(intake.received.year) + "-";
  std::int64_t count = 0;
  Status counted = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_ASSIGN_OR_RETURN(count, store_.rights().CountRequestIds(prefix));
    return Status::Ok();
  });
  SOVHUB_RETURN_IF_ERROR(counted);
  std::string number = std::to_string(count + 1);
  if (number.size() < 4) number.insert(0, 4 - number.size(), '0');
  d.request.id = prefix + number;

  const GdprDeadline due = DueDate(d.request);
  json details = {{"kind", KindName(d.request.kind)},
                  {"article", GdprArticle(d.request.kind)},
                  {"received", ToIsoString(d.request.received)},
                  {"due", ToIsoString(due.due)},
                  {"state", StateName(d.request.state)}};
  if (d.opposition_leaf) {
    details["opposition_leaf"] = *d.opposition_leaf;
    details["opposition_scope"] = d.opposition_scope;
  }
  store::RightsStepRecord step{d.request.id, 0, "receive", ToIsoString(d.request.received),
                               d.opposition_leaf ? "opposition registered: leaf " + std::to_string(*d.opposition_leaf)
                                                 : std::string(),
                               actor, d.created_at};
  Status recorded = Record(d, pid, step, {actor, "rights.receive", "rights/" + d.request.id, details.dump()});
  if (!recorded.ok() && d.opposition_leaf) {
    return recorded.WithContext("the opposition is registered (leaf " + std::to_string(*d.opposition_leaf) +
                                ") but the request was not recorded");
  }
  SOVHUB_RETURN_IF_ERROR(recorded);
  return filed;
}

Result<DeskRequest> Desk::Apply(const std::string& id, const Step& step, const std::string& actor) {
  if (HoldsNir(step.text)) {
    return Status::InvalidArgument("the text looks like it holds a NIR; the hub never stores one");
  }
  SOVHUB_ASSIGN_OR_RETURN(DeskRequest before, Load(id, false));
  SOVHUB_ASSIGN_OR_RETURN(Request next, rights::Apply(before.request, step));
  DeskRequest after = before;
  after.request = next;
  after.updated_at = clock_.NowIso();
  json details = {{"kind", KindName(next.kind)},
                  {"from", StateName(before.request.state)},
                  {"to", StateName(next.state)},
                  {"date", ToIsoString(step.date)}};
  if (step.action == Action::kExtend || step.action == Action::kRefuse) details["reason"] = step.text;
  if (step.action == Action::kAnswer) details["summary"] = step.text;
  if (step.action == Action::kExtend) details["due"] = ToIsoString(DueDate(next).due);
  store::RightsStepRecord record{id, 0, std::string(ActionName(step.action)), ToIsoString(step.date), step.text,
                                 actor, after.updated_at};
  SOVHUB_RETURN_IF_ERROR(Record(after, std::nullopt, record,
                                {actor, "rights." + std::string(ActionName(step.action)), "rights/" + id,
                                 details.dump()}));
  return Load(id, true);
}

Result<std::vector<Reminder>> Desk::Remind(const CivilDate& today, int within_days) {
  SOVHUB_ASSIGN_OR_RETURN(std::vector<DeskRequest> all, List());
  std::vector<Reminder> out;
  for (DeskRequest& d : all) {
    const Urgency urgency = UrgencyOn(d.request, today, within_days);
    if (urgency == Urgency::kNone) continue;
    const GdprDeadline deadline = DueDate(d.request);
    const std::int64_t left = DaysFromCivil(deadline.due) - DaysFromCivil(today);
    out.push_back({std::move(d), deadline, urgency, left});
  }
  std::stable_sort(out.begin(), out.end(), [](const Reminder& a, const Reminder& b) {
    if (a.days_left != b.days_left) return a.days_left < b.days_left;
    return a.request.request.id < b.request.request.id;
  });
  return out;
}

}  // namespace sovhub::rights
