// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Desk::ExportAccess: collects an AccessDossier (access_export.h) from the
// store, the registry and the projects, and writes it as JSON and PDF.
#include <map>
#include <nlohmann/json.hpp>

#include "ingest/schema_json.h"
#include "letters/pdf.h"
#include "letters/tracker.h"
#include "registry/receipt.h"
#include "rights/access_export.h"
#include "rights/desk.h"

namespace sovhub::rights {
namespace {

// Why an access export is refused for `d`, or "" when it may go ahead: an
// access request, whose requester's identity was checked and which was not
// refused (an answered request may be exported again, for a lost copy).
std::string ExportRefusal(const DeskRequest& d) {
  const Request& r = d.request;
  if (r.kind != Kind::kAccess) {
    return "request " + r.id + " is a" + (r.kind == Kind::kErasure || r.kind == Kind::kObjection ? "n " : " ") +
           std::string(KindName(r.kind)) + " request: only an access request (GDPR Art. 15) gets an export";
  }
  if (r.state == State::kReceived) {
    return "the identity of request " + r.id +
           "'s requester is not checked yet: check it first (sovhub rights check-identity), since the export "
           "discloses health data (GDPR Art. 12(6))";
  }
  if (r.state == State::kRefused) return "request " + r.id + " was refused: it gets no export";
  return "";
}

}  // namespace

Result<AccessExportReport> Desk::ExportAccess(const std::string& id, const std::filesystem::path& dir,
                                              const CivilDate& date, const std::string& actor) {
  SOVHUB_ASSIGN_OR_RETURN(DeskRequest d, Load(id, true));
  if (std::string why = ExportRefusal(d); !why.empty()) return Status::Conflict("cannot export: " + why);
  if (date < d.request.received) {
    return Status::Conflict("cannot export request " + id + " dated " + ToIsoString(date) + ", before its receipt on " +
                            ToIsoString(d.request.received));
  }

  AccessDossier dossier;
  dossier.hub_name = hub_name_;
  dossier.generated_at = clock_.NowIso();
  dossier.date = date;
  std::string pid;
  std::vector<store::OppositionEventOfPerson> events;
  std::vector<store::RightsRequestRecord> requests;
  // One snapshot of the warehouse and the governance tables.
  Status snapshot = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_RETURN_IF_ERROR(store_.BeginRead());
    Status read = [&]() -> Status {
      SOVHUB_ASSIGN_OR_RETURN(auto record, store_.rights().FindRequest(id));
      if (!record) return Status::NotFound("no rights request " + id);
      pid = record->pid;
      std::map<std::string, std::vector<std::string>> person_columns;
      SOVHUB_ASSIGN_OR_RETURN(auto tables, store_.ListSourceTables());
      for (const auto& [table, schema_json] : tables) {
        SOVHUB_ASSIGN_OR_RETURN(ingest::LoadedSchema schema, ingest::ParseTableSchema(schema_json, table,
                                                                                     person_id_columns_,
                                                                                     "gov_tables/" + table));
        std::vector<std::string>& columns = person_columns[table];
        for (const auto& field : schema.schema.fields) {
          if (field.person_id) columns.push_back(field.name);
        }
      }
      SOVHUB_ASSIGN_OR_RETURN(dossier.data, store_.rights().PersonRows(pid, person_columns));
      SOVHUB_ASSIGN_OR_RETURN(events, store_.rights().OppositionEventsOf(pid));
      SOVHUB_ASSIGN_OR_RETURN(requests, store_.rights().ListRequestsOf(pid));
      return Status::Ok();
    }();
    (void)store_.Rollback();
    return read;
  });
  SOVHUB_RETURN_IF_ERROR(snapshot);
  HidePid(dossier.data, pid);

  // Oppositions: the latest event of each scope says whether it is in effect.
  std::map<std::string, std::uint64_t> latest_of_scope;
  for (const auto& e : events) latest_of_scope[e.scope] = e.leaf_idx;
  for (const auto& e : events) {
    SOVHUB_ASSIGN_OR_RETURN(registry::Receipt receipt, registry_.ReceiptFor(e.leaf_idx));
    dossier.oppositions.push_back({e.leaf_idx, e.event, e.scope, e.time,
                                   e.event == "register" && latest_of_scope[e.scope] == e.leaf_idx,
                                   registry::ReceiptToJson(receipt)});
  }

  // Projects: an extract admitted the person when their project person id
  // is among the extract's recorded persons.
  SOVHUB_ASSIGN_OR_RETURN(std::vector<project::Project> projects, projects_.List());
  for (const project::Project& p : projects) {
    const std::int64_t project_person_id = projects_.ProjectPersonId(p.id, pid);
    std::vector<store::ExtractOfPerson> extracts, unrecorded;
    Status extracts_read = registry_.WithStoreLock([&]() -> Status {
      SOVHUB_ASSIGN_OR_RETURN(extracts, store_.rights().ExtractsWithPerson(p.id, project_person_id));
      SOVHUB_ASSIGN_OR_RETURN(unrecorded, store_.rights().ExtractsNotRecorded(p.id));
      return Status::Ok();
    });
    SOVHUB_RETURN_IF_ERROR(extracts_read);
    if (!extracts.empty()) dossier.projects.push_back({p, std::move(extracts)});
    if (!unrecorded.empty()) dossier.projects_not_recorded.push_back(p.id);
  }

  for (const auto& record : requests) {
    SOVHUB_ASSIGN_OR_RETURN(DeskRequest q, Load(record.id, true));
    dossier.requests.push_back(std::move(q));
  }
  dossier.request = d;

  AccessExportReport report;
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Status::IoError("cannot create " + dir.string() + ": " + error.message());
  report.json = dir / ("access-" + id + ".json");
  report.pdf = dir / ("access-" + id + ".pdf");
  SOVHUB_ASSIGN_OR_RETURN(std::string pdf, letters::RenderPdf(AccessDocument(dossier)));
  SOVHUB_RETURN_IF_ERROR(letters::WritePrivateFile(report.json, AccessJson(dossier)));
  SOVHUB_RETURN_IF_ERROR(letters::WritePrivateFile(report.pdf, pdf));
  report.tables = static_cast<std::int64_t>(dossier.data.size());
  for (const auto& table : dossier.data) report.rows += static_cast<std::int64_t>(table.rows.size());
  report.oppositions = static_cast<std::int64_t>(dossier.oppositions.size());
  report.projects = static_cast<std::int64_t>(dossier.projects.size());
  report.requests = static_cast<std::int64_t>(dossier.requests.size());

  nlohmann::json details = {{"date", ToIsoString(date)},   {"tables", report.tables},
                            {"rows", report.rows},         {"oppositions", report.oppositions},
                            {"projects", report.projects}, {"files", {report.json.filename().string(),
                                                                      report.pdf.filename().string()}}};
  DeskRequest after = d;
  after.steps.clear();
  after.updated_at = clock_.NowIso();
  store::RightsStepRecord step{id, 0, "export", ToIsoString(date),
                               std::to_string(report.rows) + " rows in " + std::to_string(report.tables) + " tables",
                               actor, after.updated_at};
  SOVHUB_RETURN_IF_ERROR(Record(after, std::nullopt, step, {actor, "rights.export", "rights/" + id, details.dump()}));
  return report;
}

}  // namespace sovhub::rights
