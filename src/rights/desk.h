// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The rights desk: data subjects' requests (access, rectification, erasure,
// restriction, objection; GDPR Arts. 15-18, 21) stored with every step of
// their lifecycle, each step journaled with its actor and reason. The rules
// (which step is legal when, the deadline) are domain/rights_request.h's;
// this class stores, journals, registers an objection's opposition and
// writes the access export (access_export.h).
//
// The requester is known by their pid only. The caller turns the NIR into a
// stage-1 identifier where the NIR is read (the CLI, in memory); the desk
// makes it a pid with the hub key and stores that. No NIR and no stage-1
// identifier is stored, journaled or written by the desk; free texts that
// look like they hold a NIR are refused.
//
// Thread-safety: one thread at a time. Store access goes through the
// registry's store lock, like the other services sharing the connection.
#ifndef SOVHUB_RIGHTS_DESK_H_
#define SOVHUB_RIGHTS_DESK_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "core/clock.h"
#include "core/status.h"
#include "core/statutory_deadline.h"
#include "domain/rights_request.h"
#include "journal/journal.h"
#include "projects/projects.h"
#include "registry/registry.h"
#include "registry/request.h"
#include "store/store.h"

namespace sovhub::rights {

// A request as the desk keeps it.
struct DeskRequest {
  Request request;  // id, kind, dates, state, extension, answer, refusal
  std::string reference;  // the DPO's reference (e.g. the letter's), free text
  // An objection's opposition, registered at receipt: its leaf in the log.
  std::optional<std::uint64_t> opposition_leaf;
  std::string opposition_scope;
  std::string created_at;  // RFC 3339, when the desk recorded it
  std::string updated_at;
  std::vector<store::RightsStepRecord> steps;  // filled by Find, empty in lists
};

// A new request, as the desk receives it.
struct Intake {
  Kind kind = Kind::kAccess;
  CivilDate received;
  HolidayCalendar calendar = HolidayCalendar::kMetropolitanFrance;
  std::string reference;
  // The requester's stage-1 identifier, computed from their NIR where it was
  // read; made a pid here and not kept.
  std::string stage1;
  // Objection only, and required there: the opposition registered at once,
  // through the registry's normal path (durable, with its signed receipt).
  // Its stage-1 identifier must be `stage1`.
  std::optional<registry::OppositionRequest> opposition;
};

struct Filed {
  DeskRequest request;
  // Objection: the registry's acknowledgement; its receipt holds the salt
  // (for the citizen: the desk keeps only the leaf index).
  std::optional<registry::Ack> opposition;
};

struct Reminder {
  DeskRequest request;
  GdprDeadline deadline;
  Urgency urgency = Urgency::kNone;
  std::int64_t days_left = 0;  // negative: days late
};

struct AccessExportReport {
  std::filesystem::path json;
  std::filesystem::path pdf;
  std::int64_t tables = 0;
  std::int64_t rows = 0;
  std::int64_t oppositions = 0;
  std::int64_t projects = 0;
  std::int64_t requests = 0;
};

class Desk {
 public:
  // Every reference must outlive the desk. `person_id_columns` are the
  // hub's (HubConfig::person_id_columns), to read source tables.
  Desk(store::Store& store, journal::Journal& journal, registry::Registry& registry, projects::Projects& projects,
       Clock& clock, std::vector<std::string> person_id_columns, std::string hub_name);

  // Records a new request, state received, id "R-<year>-<nnnn>" (year of
  // receipt), journaled "rights.receive". An objection first registers its
  // opposition (Registry::Submit: durable, receipt signed) and links the
  // leaf to the request. InvalidArgument: an objection without an
  // opposition (or with another person's), a malformed stage-1 identifier,
  // a date after today, a reference that looks like it holds a NIR.
  Result<Filed> Receive(const Intake& intake, const std::string& actor);

  // Applies one step (domain/rights_request.h decides: Conflict with its
  // message for an illegal transition, InvalidArgument for a missing
  // reason), stores it and journals "rights.<action>" with the actor, the
  // states, the date and the reason. NotFound for an unknown id.
  Result<DeskRequest> Apply(const std::string& id, const Step& step, const std::string& actor);

  // The request with its steps. NotFound.
  Result<DeskRequest> Find(const std::string& id);
  // Every request, by receipt date then id, without steps.
  Result<std::vector<DeskRequest>> List();

  // The open requests due within `within_days` of `today` or overdue,
  // overdue first (most late first), then by due date.
  Result<std::vector<Reminder>> Remind(const CivilDate& today, int within_days);

  // The access export of request `id`: `dir`/access-<id>.json and .pdf
  // (mode 0600), everything the hub holds about the requester (see
  // access_export.h), journaled "rights.export" and recorded as a step.
  // Conflict unless the request is an access request whose identity was
  // checked (identity_checked, in_progress or extended; answered too, for a
  // copy sent again).
  Result<AccessExportReport> ExportAccess(const std::string& id, const std::filesystem::path& dir,
                                          const CivilDate& date, const std::string& actor);

  // Today's date where the hub runs (local time), from the injected clock.
  CivilDate Today();

 private:
  Result<DeskRequest> Load(const std::string& id, bool with_steps);
  // Stores `after` (inserted with `new_pid`, else updated), its step
  // (numbered here) and the journal entry, in one transaction.
  Status Record(const DeskRequest& after, const std::optional<std::string>& new_pid,
                const store::RightsStepRecord& step, const journal::Entry& entry);

  store::Store& store_;
  journal::Journal& journal_;
  registry::Registry& registry_;
  projects::Projects& projects_;
  Clock& clock_;
  std::vector<std::string> person_id_columns_;
  std::string hub_name_;
};

// True when `text` holds a valid NIR (spaces ignored; letters::
// ContainsFullNir): such texts are refused, since the hub never stores a NIR.
bool HoldsNir(std::string_view text);

}  // namespace sovhub::rights

#endif  // SOVHUB_RIGHTS_DESK_H_
