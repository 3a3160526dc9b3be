// SPDX-License-Identifier: AGPL-3.0-or-later
//
// FHIR R4 as sovhub reads it, shared by the producer's pseudonymiser and the
// hub's NDJSON ingest: the resource types taken in, the identifier systems
// that carry a NIR, how a Patient reference is written, and which code
// systems are the warehouse's own vocabularies (docs/omop.md, "FHIR R4").
// Pure functions of their arguments.
#ifndef SOVHUB_INGEST_FHIR_R4_H_
#define SOVHUB_INGEST_FHIR_R4_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sovhub::fhir {

// The resource types a delivery may carry, one NDJSON file (or several) per
// type, as the Bulk Data Access IG writes them.
const std::vector<std::string_view>& SupportedResourceTypes();
bool IsSupportedResourceType(std::string_view type);

// The resource type a Bulk Data file holds, from its name: "Patient.ndjson",
// "Patient.2.ndjson" and "Patient_2.ndjson" give "Patient". Empty when the
// file does not end in ".ndjson".
std::string ResourceTypeOfFile(const std::filesystem::path& file);

// Patient.identifier systems (FR Core, profile fr-core-patient-ins).
// INS-NIR, the person's NIR as the INSi teleservice qualified it: the only
// one the producer turns into a stage-1 identifier.
inline constexpr std::string_view kInsNirSystem = "urn:oid:1.2.250.1.213.1.4.8";
// INS-NIA: a temporary number given while the NIR is unknown; the same person
// gets a NIR later, so it would split them in two.
inline constexpr std::string_view kInsNiaSystem = "urn:oid:1.2.250.1.213.1.4.9";
// INS-NIR of the INSi test and demonstration patients: fictitious persons.
inline constexpr std::string_view kInsNirTestSystem = "urn:oid:1.2.250.1.213.1.4.10";
inline constexpr std::string_view kInsNirDemoSystem = "urn:oid:1.2.250.1.213.1.4.11";
// The system of the one identifier a pseudonymised Patient keeps.
inline constexpr std::string_view kStage1System = "urn:sovhub:stage1";

// The Patient id a Reference.reference points at: "Patient/<id>", or an
// absolute URL ending in "/Patient/<id>", either with "/_history/<v>".
// nullopt for a reference to anything else (or a contained "#id").
std::optional<std::string> PatientIdOfReference(std::string_view reference);
// The id of a reference to a resource of `type` ("Encounter/<id>" and the
// same forms as above), or nullopt.
std::optional<std::string> IdOfReference(std::string_view reference, std::string_view type);

// The vocabulary of a Coding.system: "ICD10" (CIM-10), "CCAM", "CIP13",
// "ATC", "CIS", "UCD", "SNOMED", "LOINC", "RxNorm", "NDC", "ICD10CM", or the
// system itself when it is none of these. A trailing '/' is ignored.
std::string VocabularyOf(std::string_view system);

// A FHIR date or dateTime's day: "2013-01-28" for "2013-01-28",
// "2013-01-28T13:31:00+01:00" (the day as written, not moved to UTC).
// Errors name the problem, never the value: not a FHIR date, or a partial
// date ("2013", "2013-04"), which cannot date an event.
struct DayResult {
  std::string day;      // empty on error
  std::string problem;  // empty on success
};
DayResult DayOf(std::string_view date_or_date_time);

// The French department of a postal code: "75" for 75011, "2A" for 20000 to
// 20199 and "2B" for the other 20xxx, "971" for 97110 (overseas, 97x and
// 98x). nullopt for anything that is not five digits.
std::optional<std::string> DepartmentOfPostalCode(std::string_view postal_code);

}  // namespace sovhub::fhir

#endif  // SOVHUB_INGEST_FHIR_R4_H_
