// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Stage 1 for FHIR R4 Bulk Data NDJSON files (one resource per line), at the
// producer. Internal to src/producer: Pseudonymize (pseudonymize.h) calls it
// for the *.ndjson files of a delivery folder.
//
// Patients: the NIR is the Patient.identifier whose system is INS-NIR
// (urn:oid:1.2.250.1.213.1.4.8, use other than "old"); with birthDate and
// gender (male 1, female 2) it gives the 17-character stage-1 identifier,
// exactly as for CSV. The Patient written out keeps only: id = the stage-1
// identifier, identifier = [{system urn:sovhub:stage1, value the same}],
// active, gender, birthDate, deceased[x], address[].use and .postalCode,
// maritalStatus, multipleBirth[x], communication, generalPractitioner,
// managingOrganization. Everything else (name, telecom, the rest of the
// address, photo, contact, link, extensions, narrative, other identifiers)
// is dropped.
//
// Other resources (Encounter, Condition, MedicationDispense, Procedure):
// every reference to "Patient/<id>" (relative or absolute) is rewritten to
// "Patient/<stage-1>" and loses its display (a name) and identifier; the
// narrative (text) is dropped, here and in contained resources. A resource
// whose subject is not a Patient of the delivery, or whose Patient was
// rejected, is rejected.
//
// Every line written is scanned last: a string anywhere that is a valid NIR
// rejects the line. Rejects name the file, the line and the element, never a
// value.
#ifndef SOVHUB_PRODUCER_FHIR_PSEUDONYMIZE_H_
#define SOVHUB_PRODUCER_FHIR_PSEUDONYMIZE_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "crypto/hmac_sha256.h"
#include "producer/pseudonymize.h"

namespace sovhub::producer {

// Not thread-safe. Holds the delivery's Patient id → stage-1 map in memory,
// wiped on destruction: give it the Patient files first.
class FhirPseudonymizer {
 public:
  explicit FhirPseudonymizer(const crypto::HmacSha256& hmac) : hmac_(hmac) {}
  ~FhirPseudonymizer();
  FhirPseudonymizer(const FhirPseudonymizer&) = delete;
  FhirPseudonymizer& operator=(const FhirPseudonymizer&) = delete;

  // Pseudonymises one NDJSON file of `resource_type` (one of
  // fhir::SupportedResourceTypes()) into `out`, appending a "file,line,reason"
  // CSV line per rejected resource to `rejects`. Blank lines are skipped and
  // not counted. Errors (Status) are for files that cannot be read or written.
  Status PseudonymizeFile(const std::filesystem::path& in, const std::filesystem::path& out,
                          const std::string& resource_type, FileReport& report,
                          std::vector<std::string>& rejects, std::int64_t& identifiers);

 private:
  const crypto::HmacSha256& hmac_;
  // Delivered Patient id → its stage-1 identifier, or "" when the Patient
  // was rejected (its resources are rejected too).
  std::unordered_map<std::string, std::string> stage1_of_;
  // Stage-1 identifier → "file line" of the Patient written for it.
  std::unordered_map<std::string, std::string> written_at_;
};

}  // namespace sovhub::producer

#endif  // SOVHUB_PRODUCER_FHIR_PSEUDONYMIZE_H_
