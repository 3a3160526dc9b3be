// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ingest/fhir_flatten.h"

#include <initializer_list>
#include <nlohmann/json.hpp>

#include "domain/nir.h"
#include "domain/stage1.h"
#include "ingest/fhir_r4.h"

namespace sovhub::ingest {
namespace {

using nlohmann::json;

// FHIR resources nest a dozen levels at most; deeper lines are refused
// rather than walked recursively.
constexpr int kMaxDepth = 64;

std::string Child(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// The path of the first string under `node` that is a valid NIR, or of the
// first node nested too deeply; "" when none.
std::string FindNir(const json& node, const std::string& path, int depth, std::string& reason) {
  if (depth > kMaxDepth) {
    reason = "nested too deeply";
    return path;
  }
  if (node.is_string()) {
    if (!nir::LooksLikeNir(node.get_ref<const std::string&>())) return "";
    reason = "holds what looks like a raw NIR; only stage-1 identifiers may be delivered";
    return path.empty() ? "(line)" : path;
  }
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string found = FindNir(it.value(), Child(path, it.key()), depth + 1, reason);
      if (!found.empty()) return found;
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      std::string found =
          FindNir(node[i], path + "[" + std::to_string(i) + "]", depth + 1, reason);
      if (!found.empty()) return found;
    }
  }
  return "";
}

// Reads one resource into the cells of its table.
class Flattener {
 public:
  Flattener(const json& resource, const schema::TableSchema& schema, std::vector<FlatCell>& cells,
            std::vector<FlatProblem>& problems)
      : r_(resource), schema_(schema), cells_(cells), problems_(problems) {}

  void Patient() {
    std::string id = String(At({"id"}));
    if (!pseudonym::IsEncodedIdentifier(id)) {
      Problem("id", "not a stage-1 identifier (17 characters 0-9A-Za-z): the Patient was not pseudonymised");
      return;
    }
    Set("pid", id, "id");
    Text("gender", At({"gender"}), "gender");
    if (const json* birth = At({"birthDate"})) {
      std::string text = birth->is_string() ? birth->get<std::string>() : "";
      bool year = text.size() >= 4 && Digits(text.substr(0, 4));
      bool month = text.size() >= 7 && text[4] == '-' && Digits(text.substr(5, 2));
      if (!year || (text.size() > 4 && !month) || (text.size() > 7 && fhir::DayOf(text).day.empty())) {
        Problem("birthDate", "not a FHIR date");
      } else {
        Set("birth_year", text.substr(0, 4), "birthDate");
        if (month) Set("birth_month", text.substr(5, 2), "birthDate");
      }
    }
    Date("deceased_date", At({"deceasedDateTime"}), "deceasedDateTime");
    // The home address's postal code, else the first one still in use.
    const json* chosen = nullptr;
    if (const json* addresses = At({"address"}); addresses && addresses->is_array()) {
      for (const json& address : *addresses) {
        if (!address.is_object() || !address.contains("postalCode")) continue;
        std::string use = String(Find(address, "use"));
        if (use == "old") continue;
        if (chosen == nullptr || (use == "home" && String(Find(*chosen, "use")) != "home")) {
          chosen = &address;
        }
      }
    }
    if (chosen != nullptr) {
      if (auto department = fhir::DepartmentOfPostalCode(String(Find(*chosen, "postalCode")))) {
        Set("department", *department, "address.postalCode");
      }
    }
  }

  void Encounter() {
    Common();
    Text("class_code", At({"class", "code"}), "class.code");
    Date("start_date", At({"period", "start"}), "period.start");
    Date("end_date", At({"period", "end"}), "period.end");
    Text("admit_source", FirstCode(At({"hospitalization", "admitSource"})),
         "hospitalization.admitSource");
    Text("discharge_disposition", FirstCode(At({"hospitalization", "dischargeDisposition"})),
         "hospitalization.dischargeDisposition");
  }

  void Condition() {
    Common();
    EncounterOf(At({"encounter", "reference"}), "encounter.reference");
    Text("verification_status", FirstCode(At({"verificationStatus"})), "verificationStatus");
    Code(At({"code"}), "code", {"ICD10"});
    if (At({"onsetDateTime"})) {
      Date("onset_date", At({"onsetDateTime"}), "onsetDateTime");
    } else {
      Date("onset_date", At({"onsetPeriod", "start"}), "onsetPeriod.start");
    }
    if (At({"abatementDateTime"})) {
      Date("abatement_date", At({"abatementDateTime"}), "abatementDateTime");
    } else {
      Date("abatement_date", At({"abatementPeriod", "end"}), "abatementPeriod.end");
    }
    Date("recorded_date", At({"recordedDate"}), "recordedDate");
  }

  void MedicationDispense() {
    Common();
    EncounterOf(At({"context", "reference"}), "context.reference");
    // The medication: a CodeableConcept, or a reference to a contained
    // Medication ("#id") whose code is used.
    const json* medication = At({"medicationCodeableConcept"});
    std::string element = "medicationCodeableConcept";
    if (medication == nullptr) {
      std::string reference = String(At({"medicationReference", "reference"}));
      const json* contained = At({"contained"});
      if (reference.starts_with("#") && contained != nullptr && contained->is_array()) {
        for (std::size_t i = 0; i < contained->size(); ++i) {
          const json& inner = (*contained)[i];
          if (inner.is_object() && String(Find(inner, "id")) == reference.substr(1)) {
            medication = Find(inner, "code");
            element = "contained[" + std::to_string(i) + "].code";
          }
        }
      }
    }
    Code(medication, element, {"CIP13", "ATC", "CIS", "UCD"});
    if (medication != nullptr && medication->is_object()) {
      if (const json* codings = Find(*medication, "coding"); codings && codings->is_array()) {
        for (const json& coding : *codings) {
          if (!coding.is_object() || fhir::VocabularyOf(String(Find(coding, "system"))) != "ATC") continue;
          Text("atc", Find(coding, "code"), element + ".coding.code");
          break;
        }
      }
    }
    Date("handed_over_date", At({"whenHandedOver"}), "whenHandedOver");
    Date("prepared_date", At({"whenPrepared"}), "whenPrepared");
    Number("quantity", At({"quantity", "value"}), "quantity.value");
    Number("days_supply", At({"daysSupply", "value"}), "daysSupply.value");
  }

  void Procedure() {
    Common();
    EncounterOf(At({"encounter", "reference"}), "encounter.reference");
    Code(At({"code"}), "code", {"CCAM"});
    if (At({"performedDateTime"})) {
      Date("performed_date", At({"performedDateTime"}), "performedDateTime");
    } else {
      Date("performed_date", At({"performedPeriod", "start"}), "performedPeriod.start");
    }
    Date("performed_end_date", At({"performedPeriod", "end"}), "performedPeriod.end");
  }

 private:
  static bool Digits(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  }
  static const json* Find(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto found = object.find(key);
    return found == object.end() ? nullptr : &*found;
  }
  static std::string String(const json* node) {
    return node != nullptr && node->is_string() ? node->get<std::string>() : "";
  }
  // The object path `keys` from the resource, or nullptr.
  const json* At(std::initializer_list<const char*> keys) const {
    const json* node = &r_;
    for (const char* key : keys) {
      node = Find(*node, key);
      if (node == nullptr) return nullptr;
    }
    return node;
  }
  // The code of a CodeableConcept's first Coding that has one.
  static const json* FirstCode(const json* codeable) {
    if (codeable == nullptr) return nullptr;
    const json* codings = Find(*codeable, "coding");
    if (codings == nullptr || !codings->is_array()) return nullptr;
    for (const json& coding : *codings) {
      if (const json* code = Find(coding, "code"); code && code->is_string()) return code;
    }
    return nullptr;
  }

  void Problem(std::string element, std::string reason) {
    problems_.push_back({std::move(element), std::move(reason)});
  }
  void Set(const char* column, std::string text, std::string element) {
    int index = schema_.FieldIndex(column);
    if (index < 0) return;
    cells_[index] = {true, std::move(text), std::move(element)};
  }
  void Text(const char* column, const json* node, const std::string& element) {
    if (node == nullptr) return;
    if (!node->is_string()) return Problem(element, "not a string");
    Set(column, node->get<std::string>(), element);
  }
  void Number(const char* column, const json* node, const std::string& element) {
    if (node == nullptr) return;
    if (!node->is_number()) return Problem(element, "not a number");
    Set(column, node->dump(), element);
  }
  void Date(const char* column, const json* node, const std::string& element) {
    if (node == nullptr) return;
    if (!node->is_string()) return Problem(element, "not a FHIR date or dateTime");
    fhir::DayResult day = fhir::DayOf(node->get_ref<const std::string&>());
    if (!day.problem.empty()) return Problem(element, day.problem);
    Set(column, day.day, element);
  }
  // id and the subject's pid, which every resource but Patient has.
  void Common() {
    Text("id", At({"id"}), "id");
    const json* subject = At({"subject", "reference"});
    if (subject == nullptr || !subject->is_string()) {
      return Problem("subject", "no reference to a Patient");
    }
    auto id = fhir::PatientIdOfReference(subject->get_ref<const std::string&>());
    if (!id || !pseudonym::IsEncodedIdentifier(*id)) {
      return Problem("subject.reference",
                     "not a reference to a pseudonymised Patient (Patient/<stage-1 identifier>)");
    }
    Set("pid", *id, "subject.reference");
    Text("status", At({"status"}), "status");
  }
  void EncounterOf(const json* reference, const std::string& element) {
    if (reference == nullptr || !reference->is_string()) return;
    if (auto id = fhir::IdOfReference(reference->get_ref<const std::string&>(), "Encounter")) {
      Set("encounter_id", *id, element);
    }
  }
  // The Coding of a CodeableConcept in the first of `preferred` vocabularies
  // it has, else its first Coding with a code.
  void Code(const json* codeable, const std::string& element, std::initializer_list<const char*> preferred) {
    if (codeable == nullptr) return;
    const json* codings = Find(*codeable, "coding");
    if (codings == nullptr || !codings->is_array()) return;
    const json* chosen = nullptr;
    for (const char* vocabulary : preferred) {
      for (const json& coding : *codings) {
        if (!String(Find(coding, "code")).empty() &&
            fhir::VocabularyOf(String(Find(coding, "system"))) == vocabulary) {
          chosen = &coding;
          break;
        }
      }
      if (chosen != nullptr) break;
    }
    for (std::size_t i = 0; chosen == nullptr && i < codings->size(); ++i) {
      if (!String(Find((*codings)[i], "code")).empty()) chosen = &(*codings)[i];
    }
    if (chosen == nullptr) return;
    std::string system = String(Find(*chosen, "system"));
    if (!system.empty()) {
      Set("code_system", system, element + ".coding.system");
      Set("vocabulary", fhir::VocabularyOf(system), element + ".coding.system");
    }
    Set("code", String(Find(*chosen, "code")), element + ".coding.code");
  }

  const json& r_;
  const schema::TableSchema& schema_;
  std::vector<FlatCell>& cells_;
  std::vector<FlatProblem>& problems_;
};

}  // namespace

void FlattenFhirLine(std::string_view line, const schema::TableSchema& schema,
                     const std::string& resource_type, std::vector<FlatCell>& cells,
                     std::vector<FlatProblem>& problems) {
  cells.assign(schema.fields.size(), FlatCell());
  problems.clear();
  json resource;
  try {
    resource = json::parse(line.begin(), line.end());
  } catch (const json::parse_error& error) {
    // The parser's message quotes the input: only the position is kept.
    problems.push_back({"", "not valid JSON (at byte " + std::to_string(error.byte) + ")"});
    return;
  }
  if (!resource.is_object()) {
    problems.push_back({"", "not a JSON object"});
    return;
  }
  auto type = resource.find("resourceType");
  if (type == resource.end() || !type->is_string() ||
      type->get_ref<const std::string&>() != resource_type) {
    problems.push_back({"resourceType", "not " + resource_type + " (the resource type of this file)"});
    return;
  }
  std::string reason;
  std::string at = FindNir(resource, "", 0, reason);
  if (!at.empty()) {
    problems.push_back({at, reason});
    return;
  }
  // Where a required column that stays empty comes from, for the quarantine.
  for (std::size_t i = 0; i < schema.fields.size(); ++i) {
    const std::string& name = schema.fields[i].name;
    cells[i].element = name == "pid" ? (resource_type == "Patient" ? "id" : "subject")
                       : name == "birth_year" ? "birthDate"
                                              : name;
  }
  try {
    Flattener flattener(resource, schema, cells, problems);
    if (resource_type == "Patient") {
      flattener.Patient();
    } else if (resource_type == "Encounter") {
      flattener.Encounter();
    } else if (resource_type == "Condition") {
      flattener.Condition();
    } else if (resource_type == "MedicationDispense") {
      flattener.MedicationDispense();
    } else if (resource_type == "Procedure") {
      flattener.Procedure();
    } else {
      problems.push_back({"resourceType", "not a resource type the hub takes in"});
    }
  } catch (const json::exception&) {
    // The reads above check types first; this is a backstop, not a path.
    problems.push_back({"", "unexpected JSON structure"});
  }
}

}  // namespace sovhub::ingest
