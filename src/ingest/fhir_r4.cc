// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ingest/fhir_r4.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/civil_date.h"

namespace sovhub::fhir {
namespace {

bool Digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int Number(std::string_view text) {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

// "hh:mm:ss(.s+)?(Z|+hh:mm|-hh:mm)", as FHIR's dateTime requires once a time
// is given.
bool IsTimeWithZone(std::string_view text) {
  if (text.size() < 8 || text[2] != ':' || text[5] != ':' || !Digits(text.substr(0, 2)) ||
      !Digits(text.substr(3, 2)) || !Digits(text.substr(6, 2))) {
    return false;
  }
  if (Number(text.substr(0, 2)) > 23 || Number(text.substr(3, 2)) > 59 ||
      Number(text.substr(6, 2)) > 60) {
    return false;
  }
  std::string_view rest = text.substr(8);
  if (!rest.empty() && rest[0] == '.') {
    std::size_t end = 1;
    while (end < rest.size() && rest[end] >= '0' && rest[end] <= '9') ++end;
    if (end == 1) return false;
    rest.remove_prefix(end);
  }
  if (rest == "Z") return true;
  return rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
         Digits(rest.substr(1, 2)) && Digits(rest.substr(4, 2)) && Number(rest.substr(1, 2)) <= 14 &&
         Number(rest.substr(4, 2)) <= 59;
}

// The part of `reference` after "<type>/", without "/_history/<v>", when the
// reference names a resource of that type; the id must be non-empty.
std::optional<std::string> AfterType(std::string_view reference, std::string_view type) {
  std::size_t history = reference.find("/_history/");
  if (history != std::string_view::npos) reference = reference.substr(0, history);
  std::string prefix = std::string(type) + "/";
  std::size_t at;
  if (reference.starts_with(prefix)) {
    at = 0;
  } else {
    // An absolute URL: ".../<type>/<id>".
    std::string marker = "/" + prefix;
    at = reference.rfind(marker);
    if (at == std::string_view::npos || reference.find("://") == std::string_view::npos) {
      return std::nullopt;
    }
    at += 1;
  }
  std::string_view id = reference.substr(at + prefix.size());
  if (id.empty() || id.find('/') != std::string_view::npos) return std::nullopt;
  return std::string(id);
}

}  // namespace

const std::vector<std::string_view>& SupportedResourceTypes() {
  static const std::vector<std::string_view> kTypes = {"Patient", "Encounter", "Condition",
                                                       "MedicationDispense", "Procedure"};
  return kTypes;
}

bool IsSupportedResourceType(std::string_view type) {
  const auto& types = SupportedResourceTypes();
  return std::find(types.begin(), types.end(), type) != types.end();
}

std::string ResourceTypeOfFile(const std::filesystem::path& file) {
  if (file.extension() != ".ndjson") return "";
  std::string stem = file.stem().string();
  return stem.substr(0, stem.find_first_of("._"));
}

std::optional<std::string> PatientIdOfReference(std::string_view reference) {
  return AfterType(reference, "Patient");
}

std::optional<std::string> IdOfReference(std::string_view reference, std::string_view type) {
  return AfterType(reference, type);
}

std::string VocabularyOf(std::string_view system) {
  if (system.size() > 1 && system.back() == '/') system.remove_suffix(1);
  // Several URIs per vocabulary: HL7's canonical URL, the French terminology
  // server's (smt.esante.gouv.fr) and the OIDs the ANS CI-SIS has used.
  static const std::array<std::pair<std::string_view, std::string_view>, 22> kSystems = {{
      {"http://hl7.org/fhir/sid/icd-10", "ICD10"},
      {"https://smt.esante.gouv.fr/terminologie-cim-10", "ICD10"},
      {"urn:oid:2.16.840.1.113883.6.3", "ICD10"},
      {"https://smt.esante.gouv.fr/terminologie-ccam", "CCAM"},
      {"urn:oid:1.2.250.1.215.300.1", "CCAM"},
      {"urn:oid:1.2.250.1.213.2.5", "CCAM"},
      {"urn:oid:1.2.250.1.213.2.3.2", "CIP13"},
      {"http://www.whocc.no/atc", "ATC"},
      {"https://smt.esante.gouv.fr/terminologie-atc", "ATC"},
      {"urn:oid:2.16.840.1.113883.6.73", "ATC"},
      {"urn:oid:1.2.250.1.213.2.3.1", "CIS"},
      {"urn:oid:1.2.250.1.213.2.61", "UCD"},
      {"http://snomed.info/sct", "SNOMED"},
      {"urn:oid:2.16.840.1.113883.6.96", "SNOMED"},
      {"http://loinc.org", "LOINC"},
      {"urn:oid:2.16.840.1.113883.6.1", "LOINC"},
      {"http://www.nlm.nih.gov/research/umls/rxnorm", "RxNorm"},
      {"urn:oid:2.16.840.1.113883.6.88", "RxNorm"},
      {"http://hl7.org/fhir/sid/ndc", "NDC"},
      {"urn:oid:2.16.840.1.113883.6.69", "NDC"},
      {"http://hl7.org/fhir/sid/icd-10-cm", "ICD10CM"},
      {"urn:oid:2.16.840.1.113883.6.90", "ICD10CM"},
  }};
  for (const auto& [uri, vocabulary] : kSystems) {
    if (system == uri) return std::string(vocabulary);
  }
  return std::string(system);
}

DayResult DayOf(std::string_view text) {
  auto bad = [] { return DayResult{"", "not a FHIR date or dateTime"}; };
  if (text.size() < 4 || !Digits(text.substr(0, 4))) return bad();
  if (text.size() == 4 || (text.size() == 7 && text[4] == '-' && Digits(text.substr(5, 2)) &&
                           Number(text.substr(5, 2)) >= 1 && Number(text.substr(5, 2)) <= 12)) {
    return {"", "a partial date (year or year-month) cannot date an event"};
  }
  if (text.size() < 10 || text[4] != '-' || text[7] != '-' || !Digits(text.substr(5, 2)) ||
      !Digits(text.substr(8, 2))) {
    return bad();
  }
  int year = Number(text.substr(0, 4)), month = Number(text.substr(5, 2)),
      day = Number(text.substr(8, 2));
  if (!IsValidDate(year, month, day)) return {"", "not a real calendar date"};
  if (text.size() > 10 && (text[10] != 'T' || !IsTimeWithZone(text.substr(11)))) return bad();
  return {std::string(text.substr(0, 10)), ""};
}

std::optional<std::string> DepartmentOfPostalCode(std::string_view code) {
  if (code.size() != 5 || !Digits(code)) return std::nullopt;
  int two = Number(code.substr(0, 2));
  if (two == 20) return std::string(Number(code.substr(2, 1)) < 2 ? "2A" : "2B");
  if (two == 97 || two == 98) return std::string(code.substr(0, 3));
  if (two < 1 || two > 95) return std::nullopt;
  return std::string(code.substr(0, 2));
}

}  // namespace sovhub::fhir
