// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The source tables whose Table Schema is part of sovhub rather than read
// from `ingest.schemas_dir`: the flattened FHIR R4 resources (FHIR_PATIENT,
// FHIR_ENCOUNTER, FHIR_CONDITION, FHIR_MEDICATION_DISPENSE, FHIR_PROCEDURE)
// and the OMOP CDM v5.4 CSV tables as a producer delivers them
// (OMOPSRC_PERSON, ...). Like the SNDS tables, the store creates them from
// their descriptor at first use, records the descriptor in gov_tables, and the
// batch pipeline validates every cell against it. docs/ingest.md lists their
// columns.
#ifndef SOVHUB_INGEST_SOURCE_TABLES_H_
#define SOVHUB_INGEST_SOURCE_TABLES_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ingest/schema_json.h"

namespace sovhub::ingest {

enum class InputFormat { kCsv, kNdjson };

// The table a delivered file goes to: "<Type>.ndjson" (fhir::ResourceTypeOfFile)
// → FHIR_<TYPE> (MedicationDispense → FHIR_MEDICATION_DISPENSE); a CSV file
// named after an OMOP table ("person.csv") → OMOPSRC_<TABLE>; any other CSV
// file → its name without ".csv".
std::string TableOfFile(const std::filesystem::path& file);

// True for the tables described here.
bool IsBuiltinTable(std::string_view table);
// kNdjson for the FHIR_ tables, kCsv for every other table.
InputFormat FormatOf(std::string_view table);
// The FHIR resource type of a FHIR_ table ("MedicationDispense"), or "".
std::string ResourceTypeOfTable(std::string_view table);

// The descriptor of a built-in table, parsed (its person columns marked by
// kPersonIdProperty); NotFound for any other table.
Result<LoadedSchema> BuiltinTableSchema(const std::string& table);

}  // namespace sovhub::ingest

#endif  // SOVHUB_INGEST_SOURCE_TABLES_H_
