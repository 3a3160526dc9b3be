// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The answer to an access request (GDPR Art. 15): everything the hub holds
// about the person, collected by Desk::ExportAccess into an AccessDossier and
// rendered here as JSON (machine-readable, "sovhub-access-export/v1") and as
// a Document for the PDF the DPO sends (French first, then English). Pure:
// no store, no files.
//
// The person's pid is never shown: a cell holding it reads "(pseudonym)".
// The pid is a keyed hash under the hub's key; the person can neither
// compute nor check it, and in a letter that travels it would only link the
// copy back to the warehouse's rows. docs/rights.md, "Access export".
#ifndef SOVHUB_RIGHTS_ACCESS_EXPORT_H_
#define SOVHUB_RIGHTS_ACCESS_EXPORT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/project.h"
#include "letters/document.h"
#include "rights/desk.h"
#include "store/rights_store.h"

namespace sovhub::rights {

inline constexpr std::string_view kPseudonymShown = "(pseudonym)";

struct OppositionHeld {
  std::uint64_t leaf_index = 0;
  std::string event;  // register | withdraw
  std::string scope;
  std::string time;
  bool in_effect = false;    // the latest event of its scope, and a registration
  std::string receipt_json;  // re-proved against the latest checkpoint, no salt
};

struct ProjectUse {
  project::Project project;
  std::vector<store::ExtractOfPerson> extracts;  // that admitted the person
};

struct AccessDossier {
  DeskRequest request;  // the access request answered
  std::string hub_name;
  std::string generated_at;  // RFC 3339
  CivilDate date;            // the export's date, as the desk dated it
  std::vector<store::PersonTableRows> data;  // pid cells already hidden
  std::vector<OppositionHeld> oppositions;
  std::vector<ProjectUse> projects;
  // Projects with extracts built before sovhub recorded who an extract
  // admitted: whether they received the person's data cannot be told.
  std::vector<std::string> projects_not_recorded;
  std::vector<DeskRequest> requests;  // all the person's requests, with steps
};

// Replaces every cell equal to `pid` with kPseudonymShown.
void HidePid(std::vector<store::PersonTableRows>& data, const std::string& pid);

// The export as JSON (ordered, indented, ends with a newline).
std::string AccessJson(const AccessDossier& dossier);

// The export as a readable document: headings "Données détenues / Data
// held", "Oppositions et reçus / Oppositions and receipts", "Projets ayant
// reçu vos données / Projects that received your data", "Vos demandes /
// Your requests", "Vos recours / Your remedies"; a table's rows as one list
// item each ("column: value", NULL cells left out).
letters::Document AccessDocument(const AccessDossier& dossier);

}  // namespace sovhub::rights

#endif  // SOVHUB_RIGHTS_ACCESS_EXPORT_H_
