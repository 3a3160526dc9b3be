// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Reads Frictionless Table Schema JSON descriptors (as the SNDS publishes them)
// into schema::TableSchema, and finds a table's descriptor in a folder tree.
#ifndef SOVHUB_INGEST_SCHEMA_JSON_H_
#define SOVHUB_INGEST_SCHEMA_JSON_H_

#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/table_schema.h"

namespace sovhub::ingest {

struct LoadedSchema {
  schema::TableSchema schema;  // prepared (PrepareSchema has run)
  std::string json;            // the descriptor's text, as read
  std::string hash;            // SHA-256 hex of `json`
  std::filesystem::path path;
};

// A field property of sovhub's own descriptors (Table Schema allows custom
// properties): true marks a person-identifier column whatever its name.
inline constexpr const char* kPersonIdProperty = "sovhub:personId";

// Parses a descriptor. `table_name` names the table (descriptors may omit
// it); fields whose name (case-insensitively) is in `person_id_columns`, or
// that carry kPersonIdProperty, are marked person_id. Errors name the file
// and the field.
Result<LoadedSchema> ParseTableSchema(const std::string& json_text, const std::string& table_name,
                                      const std::vector<std::string>& person_id_columns,
                                      const std::filesystem::path& origin);

// Finds `<table>.json` anywhere under `schemas_dir` and parses it. NotFound
// (listing where it looked) when absent; InvalidArgument when two exist.
Result<LoadedSchema> LoadTableSchema(const std::filesystem::path& schemas_dir,
                                     const std::string& table,
                                     const std::vector<std::string>& person_id_columns);

// The SNDS person-identifier columns whose values are stage-1 identifiers.
const std::vector<std::string>& DefaultPersonIdColumns();

// True when `name` is one of `person_id_columns`, ignoring case (SNDS tables
// write BEN_NIR_PSA and ben_nir_psa).
bool IsPersonIdColumn(std::string_view name, const std::vector<std::string>& person_id_columns);

}  // namespace sovhub::ingest

#endif  // SOVHUB_INGEST_SCHEMA_JSON_H_
