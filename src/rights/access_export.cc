// SPDX-License-Identifier: AGPL-3.0-or-later
#include "rights/access_export.h"

#include <nlohmann/json.hpp>

namespace sovhub::rights {
namespace {

using json = nlohmann::ordered_json;
using letters::BlockStyle;

constexpr std::string_view kFormat = "sovhub-access-export/v1";

std::string Date(const std::optional<CivilDate>& date) { return date ? ToIsoString(*date) : std::string(); }

json RequestJson(const DeskRequest& d) {
  const Request& r = d.request;
  json out;
  out["id"] = r.id;
  out["kind"] = KindName(r.kind);
  out["gdpr_article"] = GdprArticle(r.kind);
  out["received"] = ToIsoString(r.received);
  out["due"] = ToIsoString(DueDate(r).due);
  out["state"] = StateName(r.state);
  out["reference"] = d.reference;
  if (r.extension) out["extension"] = {{"date", ToIsoString(r.extension->date)}, {"reason", r.extension->reason}};
  if (r.answered_on) out["answer"] = {{"date", Date(r.answered_on)}, {"summary", r.answer_summary}};
  if (r.refusal) out["refusal"] = {{"date", ToIsoString(r.refusal->date)}, {"reasons", r.refusal->reasons}};
  if (d.opposition_leaf) out["opposition"] = {{"leaf_index", *d.opposition_leaf}, {"scope", d.opposition_scope}};
  json steps = json::array();
  for (const auto& step : d.steps) {
    steps.push_back({{"action", step.action}, {"date", step.date}, {"text", step.text}});
  }
  out["steps"] = steps;
  return out;
}

// "column: value · column: value", NULL cells left out.
std::string RowLine(const store::PersonTableRows& table, const std::vector<std::optional<std::string>>& row) {
  std::string line;
  for (std::size_t c = 0; c < table.columns.size() && c < row.size(); ++c) {
    if (!row[c]) continue;
    line += (line.empty() ? "" : " · ") + table.columns[c] + ": " + *row[c];
  }
  return line.empty() ? "(vide / empty)" : line;
}

std::string StateFr(State state) {
  switch (state) {
    case State::kReceived: return "reçue";
    case State::kIdentityChecked: return "identité vérifiée";
    case State::kInProgress: return "en cours";
    case State::kExtended: return "prolongée";
    case State::kAnswered: return "répondue";
    case State::kRefused: return "refusée";
  }
  return "?";
}

std::string KindFr(Kind kind) {
  switch (kind) {
    case Kind::kAccess: return "accès";
    case Kind::kRectification: return "rectification";
    case Kind::kErasure: return "effacement";
    case Kind::kRestriction: return "limitation";
    case Kind::kObjection: return "opposition";
  }
  return "?";
}

}  // namespace

void HidePid(std::vector<store::PersonTableRows>& data, const std::string& pid) {
  for (auto& table : data) {
    for (auto& row : table.rows) {
      for (auto& cell : row) {
        if (cell && *cell == pid) cell = std::string(kPseudonymShown);
      }
    }
  }
}

std::string AccessJson(const AccessDossier& dossier) {
  json out;
  out["format"] = kFormat;
  out["hub"] = dossier.hub_name;
  out["generated_at"] = dossier.generated_at;
  out["date"] = ToIsoString(dossier.date);
  out["request"] = RequestJson(dossier.request);
  out["person"] = {{"pid", kPseudonymShown},
                   {"note", "The hub knows the person by a pseudonym (a keyed hash of their identifier) and holds "
                            "no NIR; the pseudonym itself is not shown."}};
  json data = json::array();
  for (const auto& table : dossier.data) {
    json rows = json::array();
    for (const auto& row : table.rows) {
      json cells = json::object();
      for (std::size_t c = 0; c < table.columns.size() && c < row.size(); ++c) {
        cells[table.columns[c]] = row[c] ? json(*row[c]) : json(nullptr);
      }
      rows.push_back(cells);
    }
    json entry = {{"table", table.table}, {"layer", table.layer}};
    if (!table.matched_by.empty()) entry["matched_by"] = table.matched_by;
    entry["columns"] = table.columns;
    entry["rows"] = rows;
    data.push_back(entry);
  }
  out["data_held"] = data;
  json oppositions = json::array();
  for (const auto& o : dossier.oppositions) {
    json entry = {{"leaf_index", o.leaf_index}, {"event", o.event}, {"scope", o.scope},
                  {"time", o.time},             {"in_effect", o.in_effect}};
    json receipt = json::parse(o.receipt_json, nullptr, false);
    entry["receipt"] = receipt.is_discarded() ? json(nullptr) : receipt;
    oppositions.push_back(entry);
  }
  out["oppositions"] = oppositions;
  json projects = json::array();
  for (const auto& use : dossier.projects) {
    const project::Project& p = use.project;
    json extracts = json::array();
    for (const auto& e : use.extracts) {
      extracts.push_back({{"built_at", e.built_at}, {"checkpoint_size", e.checkpoint_size}});
    }
    json entry = {{"id", p.id},
                  {"title", p.title},
                  {"controller", p.controller},
                  {"purpose", p.purpose},
                  {"legal_basis", p.legal_basis},
                  {"public_summary", p.public_summary},
                  {"state", project::StateName(p.state)},
                  {"start_date", ToIsoString(p.start_date)},
                  {"end_date", ToIsoString(p.end_date)}};
    if (p.authority_decision) {
      entry["authority_decision"] = {{"reference", p.authority_decision->reference},
                                     {"date", ToIsoString(p.authority_decision->date)}};
    }
    entry["extracts"] = extracts;
    projects.push_back(entry);
  }
  out["projects"] = projects;
  out["projects_not_recorded"] = dossier.projects_not_recorded;
  json requests = json::array();
  for (const auto& d : dossier.requests) requests.push_back(RequestJson(d));
  out["requests"] = requests;
  return out.dump(2) + "\n";
}

letters::Document AccessDocument(const AccessDossier& dossier) {
  const Request& r = dossier.request.request;
  letters::Document doc;
  doc.title = "Droit d'accès / Right of access — " + r.id;
  doc.Add(BlockStyle::kTitle, "Copie des données vous concernant / Copy of the data about you");
  doc.Add(BlockStyle::kParagraph,
          "Réponse à votre demande d'accès " + r.id + " (article 15 du RGPD), reçue le " + ToIsoString(r.received) +
              ", par " + dossier.hub_name + ", le " + ToIsoString(dossier.date) + ".");
  doc.Add(BlockStyle::kParagraph, "Answer to your access request " + r.id + " (GDPR Art. 15), received on " +
                                      ToIsoString(r.received) + ", by " + dossier.hub_name + ", on " +
                                      ToIsoString(dossier.date) + ".");
  doc.Add(BlockStyle::kParagraph,
          "Le hub vous connaît par un pseudonyme, jamais par votre numéro de sécurité sociale, qu'il ne détient pas ; "
          "ce pseudonyme est remplacé ci-dessous par « (pseudonym) ». / The hub knows you by a pseudonym, never by "
          "your social security number, which it does not hold; the pseudonym is replaced below by \"(pseudonym)\".");

  doc.Add(BlockStyle::kHeading, "1. Données détenues / Data held");
  if (dossier.data.empty()) {
    doc.Add(BlockStyle::kParagraph, "Aucune donnée vous concernant. / No data about you.");
  }
  for (const auto& table : dossier.data) {
    const std::string layer = table.layer == "omop" ? "entrepôt OMOP / OMOP warehouse" : "table source / source table";
    doc.Add(BlockStyle::kSubheading, table.table + " (" + layer + ", " + std::to_string(table.rows.size()) +
                                         " ligne(s) / row(s))");
    for (const auto& row : table.rows) doc.Add(BlockStyle::kBullet, RowLine(table, row));
  }

  doc.Add(BlockStyle::kHeading, "2. Oppositions et reçus / Oppositions and receipts");
  if (dossier.oppositions.empty()) {
    doc.Add(BlockStyle::kParagraph, "Aucune opposition enregistrée. / No opposition registered.");
  }
  for (const auto& o : dossier.oppositions) {
    const bool all = o.scope == "all";
    doc.Add(BlockStyle::kBullet,
            std::string(o.event == "register" ? "Opposition enregistrée / registered" : "Opposition retirée / withdrawn") +
                " — " + (all ? "toute recherche / all research" : o.scope) + " — " + o.time + " — entrée " +
                std::to_string(o.leaf_index) + " du journal de transparence / transparency log leaf " +
                std::to_string(o.leaf_index) + (o.in_effect ? " — en vigueur / in effect" : ""));
  }
  if (!dossier.oppositions.empty()) {
    doc.Add(BlockStyle::kSmall,
            "Les reçus (preuves d'inclusion signées) figurent dans le fichier JSON joint. / The receipts (signed "
            "inclusion proofs) are in the attached JSON file.");
  }

  doc.Add(BlockStyle::kHeading, "3. Projets ayant reçu vos données / Projects that received your data");
  if (dossier.projects.empty()) {
    doc.Add(BlockStyle::kParagraph, "Aucun projet. / No project.");
  }
  for (const auto& use : dossier.projects) {
    const project::Project& p = use.project;
    doc.Add(BlockStyle::kSubheading, p.title + " (" + p.id + ")");
    doc.Add(BlockStyle::kBullet, "Responsable / Controller: " + p.controller);
    doc.Add(BlockStyle::kBullet, "Finalité / Purpose: " + p.purpose);
    doc.Add(BlockStyle::kBullet, "Base légale / Legal basis: " + p.legal_basis);
    doc.Add(BlockStyle::kBullet, "Résumé public / Public summary: " + p.public_summary);
    for (const auto& e : use.extracts) {
      doc.Add(BlockStyle::kBullet, "Extraction / Extract: " + e.built_at + " (point de contrôle / checkpoint " +
                                       std::to_string(e.checkpoint_size) + ")");
    }
  }
  if (!dossier.projects_not_recorded.empty()) {
    std::string ids;
    for (const auto& id : dossier.projects_not_recorded) ids += (ids.empty() ? "" : ", ") + id;
    doc.Add(BlockStyle::kParagraph,
            "Extractions antérieures à l'enregistrement de leurs personnes, dont on ne peut dire si elles vous "
            "incluaient / Extracts built before their persons were recorded, which may or may not have included "
            "you: " + ids + ".");
  }

  doc.Add(BlockStyle::kHeading, "4. Vos demandes / Your requests");
  for (const auto& d : dossier.requests) {
    const Request& q = d.request;
    doc.Add(BlockStyle::kBullet, q.id + " — " + KindFr(q.kind) + " / " + std::string(KindName(q.kind)) +
                                     " — reçue / received " + ToIsoString(q.received) + " — échéance / due " +
                                     ToIsoString(DueDate(q).due) + " — " + StateFr(q.state) + " / " +
                                     std::string(StateName(q.state)));
  }

  doc.Add(BlockStyle::kHeading, "5. Vos recours / Your remedies");
  for (Remedy remedy : {Remedy::kCnilComplaint, Remedy::kCourt}) {
    doc.Add(BlockStyle::kParagraph, std::string(RemedyText(remedy, "fr")));
    doc.Add(BlockStyle::kParagraph, std::string(RemedyText(remedy, "en")));
  }
  doc.Add(BlockStyle::kSmall, "Généré par sovhub le / Generated by sovhub on " + dossier.generated_at + ".");
  return doc;
}

}  // namespace sovhub::rights
