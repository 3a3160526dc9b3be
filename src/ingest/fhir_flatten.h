// SPDX-License-Identifier: AGPL-3.0-or-later
//
// One FHIR R4 resource (one NDJSON line) as the cells of its FHIR_ source
// table (source_tables.h). Which element fills which column, and which Coding
// a code column takes, is stated in docs/ingest.md ("FHIR R4 NDJSON").
#ifndef SOVHUB_INGEST_FHIR_FLATTEN_H_
#define SOVHUB_INGEST_FHIR_FLATTEN_H_

#include <string>
#include <string_view>
#include <vector>

#include "domain/table_schema.h"

namespace sovhub::ingest {

struct FlatCell {
  bool present = false;
  std::string text;     // the cell as Table Schema text (dates YYYY-MM-DD)
  std::string element;  // the FHIR element it came from, e.g. "period.start"
};

struct FlatProblem {
  std::string element;  // e.g. "subject.reference"; empty for the whole line
  std::string reason;   // never quotes a value
};

// Parses `line` and extracts the columns of `schema` (a FHIR_ table whose
// resources are of `resource_type`): `cells[i]` for `schema.fields[i]`.
// Problems go to `problems` (cells are then unspecified): not JSON, not an
// object, another resourceType, a raw NIR in any string, no pseudonymised
// Patient (a Patient's id, another resource's subject must be a stage-1
// identifier), a date that is not a full FHIR date. Cells are not cast here:
// the caller casts them against the schema. Never throws.
void FlattenFhirLine(std::string_view line, const schema::TableSchema& schema,
                     const std::string& resource_type, std::vector<FlatCell>& cells,
                     std::vector<FlatProblem>& problems);

}  // namespace sovhub::ingest

#endif  // SOVHUB_INGEST_FHIR_FLATTEN_H_
