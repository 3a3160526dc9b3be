// SPDX-License-Identifier: AGPL-3.0-or-later
#include "projects/project_json.h"

#include <nlohmann/json.hpp>
#include <set>

#include "cohort/cohort_json.h"
#include "cohort/json_syntax.h"

namespace sovhub::projects {
namespace {

using json = nlohmann::json;

Status Error(const std::string& path, const std::string& reason) {
  return Status::InvalidArgument(path + ": " + reason);
}

// Refuses keys outside `allowed`: a misspelt key must not be read as absent.
Status KnownKeys(const json& object, const std::string& path, std::initializer_list<const char*> allowed) {
  std::set<std::string> names(allowed.begin(), allowed.end());
  for (const auto& [key, value] : object.items()) {
    if (!names.contains(key)) {
      std::string list;
      for (const char* name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
      return Error(path.empty() ? key : path + "." + key, "unknown key (expected " + list + ")");
    }
  }
  return Status::Ok();
}

Result<std::string> Text(const json& object, const std::string& path, const char* key, bool required = true) {
  std::string where = path.empty() ? key : path + "." + key;
  auto it = object.find(key);
  if (it == object.end()) {
    if (required) return Error(where, "missing");
    return std::string();
  }
  if (!it->is_string()) return Error(where, "must be a string");
  return it->get<std::string>();
}

Result<CivilDate> Date(const json& object, const std::string& path, const char* key) {
  SOVHUB_ASSIGN_OR_RETURN(std::string text, Text(object, path, key));
  auto date = ParseIsoDate(text);
  if (!date.ok()) return Error(path.empty() ? key : path + "." + key, "\"" + text + "\" is not a date (YYYY-MM-DD)");
  return *date;
}

Result<std::optional<project::Approval>> ReadApproval(const json& approvals, const char* key) {
  auto it = approvals.find(key);
  if (it == approvals.end() || it->is_null()) return std::optional<project::Approval>();
  const std::string path = std::string("approvals.") + key;
  if (!it->is_object()) return Error(path, "must be an object {reference, date}");
  SOVHUB_RETURN_IF_ERROR(KnownKeys(*it, path, {"reference", "date"}));
  project::Approval approval;
  SOVHUB_ASSIGN_OR_RETURN(approval.reference, Text(*it, path, "reference"));
  SOVHUB_ASSIGN_OR_RETURN(approval.date, Date(*it, path, "date"));
  return std::optional<project::Approval>(approval);
}

Result<project::Project> Read(const json& doc) {
  if (!doc.is_object()) return Error("(document)", "a project is a JSON object");
  SOVHUB_RETURN_IF_ERROR(KnownKeys(doc, "",
                                   {"id", "title", "controller", "purpose", "legal_basis", "public_summary",
                                    "approvals", "start_date", "end_date", "members", "cohort", "variables",
                                    "period", "state"}));
  project::Project p;
  SOVHUB_ASSIGN_OR_RETURN(p.id, Text(doc, "", "id"));
  SOVHUB_ASSIGN_OR_RETURN(p.title, Text(doc, "", "title"));
  SOVHUB_ASSIGN_OR_RETURN(p.controller, Text(doc, "", "controller"));
  SOVHUB_ASSIGN_OR_RETURN(p.purpose, Text(doc, "", "purpose"));
  SOVHUB_ASSIGN_OR_RETURN(p.legal_basis, Text(doc, "", "legal_basis"));
  SOVHUB_ASSIGN_OR_RETURN(p.public_summary, Text(doc, "", "public_summary"));
  SOVHUB_ASSIGN_OR_RETURN(p.start_date, Date(doc, "", "start_date"));
  SOVHUB_ASSIGN_OR_RETURN(p.end_date, Date(doc, "", "end_date"));
  if (auto it = doc.find("state"); it != doc.end()) {
    if (!it->is_string()) return Error("state", "must be a string");
    auto state = project::ParseState(it->get<std::string>());
    if (!state.ok()) return Error("state", state.status().message());
    p.state = *state;
  }

  if (auto it = doc.find("approvals"); it != doc.end()) {
    if (!it->is_object()) return Error("approvals", "must be an object");
    SOVHUB_RETURN_IF_ERROR(KnownKeys(*it, "approvals", {"ethics_opinion", "authority_decision"}));
    SOVHUB_ASSIGN_OR_RETURN(p.ethics_opinion, ReadApproval(*it, "ethics_opinion"));
    SOVHUB_ASSIGN_OR_RETURN(p.authority_decision, ReadApproval(*it, "authority_decision"));
  }

  auto members = doc.find("members");
  if (members == doc.end()) return Error("members", "missing");
  if (!members->is_array()) return Error("members", "must be a list");
  for (std::size_t i = 0; i < members->size(); ++i) {
    const json& m = (*members)[i];
    const std::string path = "members[" + std::to_string(i) + "]";
    if (!m.is_object()) return Error(path, "must be an object {name, email, role}");
    SOVHUB_RETURN_IF_ERROR(KnownKeys(m, path, {"name", "email", "role"}));
    project::Member member;
    SOVHUB_ASSIGN_OR_RETURN(member.name, Text(m, path, "name"));
    SOVHUB_ASSIGN_OR_RETURN(member.email, Text(m, path, "email", false));
    SOVHUB_ASSIGN_OR_RETURN(std::string role, Text(m, path, "role"));
    auto parsed = project::ParseRole(role);
    if (!parsed.ok()) return Error(path + ".role", parsed.status().message());
    member.role = *parsed;
    p.members.push_back(std::move(member));
  }

  auto cohort = doc.find("cohort");
  if (cohort == doc.end()) return Error("cohort", "missing (the population, see docs/cohort.md)");
  auto population = cohort::ParseCohort(cohort->dump());
  if (!population.ok()) return Status::InvalidArgument("cohort." + population.status().message());
  p.population = std::move(*population);

  auto variables = doc.find("variables");
  if (variables == doc.end()) return Error("variables", "missing");
  if (!variables->is_object()) return Error("variables", "must be an object {table: [columns]}");
  for (const auto& [table, columns] : variables->items()) {
    const std::string path = "variables." + table;
    if (!columns.is_array()) return Error(path, "must be a list of columns");
    std::vector<std::string>& list = p.variables[table];
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (!columns[i].is_string()) return Error(path + "[" + std::to_string(i) + "]", "must be a string");
      list.push_back(columns[i].get<std::string>());
    }
  }

  auto period = doc.find("period");
  if (period == doc.end()) return Error("period", "missing");
  if (!period->is_object()) return Error("period", "must be an object {from, to}");
  SOVHUB_RETURN_IF_ERROR(KnownKeys(*period, "period", {"from", "to"}));
  SOVHUB_ASSIGN_OR_RETURN(p.period_from, Date(*period, "period", "from"));
  SOVHUB_ASSIGN_OR_RETURN(p.period_to, Date(*period, "period", "to"));

  SOVHUB_RETURN_IF_ERROR(project::CheckProject(p));
  return p;
}

json ApprovalJson(const std::optional<project::Approval>& approval) {
  if (!approval) return nullptr;
  return {{"reference", approval->reference}, {"date", ToIsoString(approval->date)}};
}

}  // namespace

Result<project::Project> ParseProject(std::string_view text) {
  // Syntax first, with a line and column (nlohmann's messages give only a
  // byte offset).
  SOVHUB_RETURN_IF_ERROR(cohort::CheckJsonSyntax(text, 64, "(document)"));
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument("(document): malformed JSON");
  return Read(doc);
}

std::string ProjectToJson(const project::Project& p, View view) {
  json members = json::array();
  for (const project::Member& m : p.members) {
    json member = {{"name", m.name}, {"role", project::RoleName(m.role)}};
    if (view == View::kFull && !m.email.empty()) member["email"] = m.email;
    members.push_back(member);
  }
  json variables = json::object();
  for (const auto& [table, columns] : p.variables) variables[table] = columns;
  json doc = {
      {"id", p.id},
      {"title", p.title},
      {"controller", p.controller},
      {"purpose", p.purpose},
      {"legal_basis", p.legal_basis},
      {"public_summary", p.public_summary},
      {"approvals",
       {{"ethics_opinion", ApprovalJson(p.ethics_opinion)},
        {"authority_decision", ApprovalJson(p.authority_decision)}}},
      {"start_date", ToIsoString(p.start_date)},
      {"end_date", ToIsoString(p.end_date)},
      {"state", project::StateName(p.state)},
      {"members", members},
      {"cohort", json::parse(cohort::CanonicalJson(p.population))},
      {"variables", variables},
      {"period", {{"from", ToIsoString(p.period_from)}, {"to", ToIsoString(p.period_to)}}},
  };
  return doc.dump(2);
}

}  // namespace sovhub::projects
