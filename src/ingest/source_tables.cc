// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The descriptors are written here as compact field lists and rendered to
// Table Schema JSON (sorted keys, so the text, and the hash gov_tables keeps,
// only changes when a field does). A changed descriptor for a table that
// exists is refused by the batch pipeline, as for the SNDS schemas.
#include "ingest/source_tables.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "ingest/fhir_r4.h"

namespace sovhub::ingest {
namespace {

using nlohmann::json;

struct Column {
  std::string name;
  std::string type;  // a Table Schema type
  bool required = false;
  bool person_id = false;
  std::optional<std::int64_t> max_length;
  std::string pattern;
  std::vector<std::string> enum_values;
  std::optional<std::int64_t> minimum, maximum;
};

struct Table {
  std::string name;
  std::string title;
  std::vector<Column> columns;
  std::vector<std::string> primary_key;
};

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// A FHIR id: [A-Za-z0-9\-\.]{1,64}.
constexpr const char* kFhirId = "[A-Za-z0-9.\\-]{1,64}";

// Code columns: the Coding chosen (fhir_flatten.cc says which), its system
// as delivered, and the vocabulary sovhub recognises it as.
std::vector<Column> CodeColumns() {
  return {{.name = "code_system", .type = "string"},
          {.name = "vocabulary", .type = "string"},
          {.name = "code", .type = "string"}};
}

std::vector<Column> Concat(std::vector<Column> a, const std::vector<Column>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The OMOP CDM v5.4 tables a producer may deliver as CSV, transcribed from
// OHDSI's OMOP_CDMv5.4_Field_Level.csv (source_tables_test checks them
// against ../shared/data/omop): "name:type" in the specification's order,
// type I integer, F float, D date, T datetime, S<n> varchar(n) (S0:
// varchar(MAX)), "!" when the specification requires the field.
constexpr std::pair<const char*, const char*> kOmopTables[] = {
    {"person",
     "person_id:I! gender_concept_id:I! year_of_birth:I! month_of_birth:I day_of_birth:I "
     "birth_datetime:T race_concept_id:I! ethnicity_concept_id:I! location_id:I provider_id:I "
     "care_site_id:I person_source_value:S50 gender_source_value:S50 gender_source_concept_id:I "
     "race_source_value:S50 race_source_concept_id:I ethnicity_source_value:S50 "
     "ethnicity_source_concept_id:I"},
    {"observation_period",
     "observation_period_id:I! person_id:I! observation_period_start_date:D! "
     "observation_period_end_date:D! period_type_concept_id:I!"},
    {"visit_occurrence",
     "visit_occurrence_id:I! person_id:I! visit_concept_id:I! visit_start_date:D! "
     "visit_start_datetime:T visit_end_date:D! visit_end_datetime:T visit_type_concept_id:I! "
     "provider_id:I care_site_id:I visit_source_value:S50 visit_source_concept_id:I "
     "admitted_from_concept_id:I admitted_from_source_value:S50 discharged_to_concept_id:I "
     "discharged_to_source_value:S50 preceding_visit_occurrence_id:I"},
    {"condition_occurrence",
     "condition_occurrence_id:I! person_id:I! condition_concept_id:I! condition_start_date:D! "
     "condition_start_datetime:T condition_end_date:D condition_end_datetime:T "
     "condition_type_concept_id:I! condition_status_concept_id:I stop_reason:S20 provider_id:I "
     "visit_occurrence_id:I visit_detail_id:I condition_source_value:S50 "
     "condition_source_concept_id:I condition_status_source_value:S50"},
    {"drug_exposure",
     "drug_exposure_id:I! person_id:I! drug_concept_id:I! drug_exposure_start_date:D! "
     "drug_exposure_start_datetime:T drug_exposure_end_date:D! drug_exposure_end_datetime:T "
     "verbatim_end_date:D drug_type_concept_id:I! stop_reason:S20 refills:I quantity:F "
     "days_supply:I sig:S0 route_concept_id:I lot_number:S50 provider_id:I visit_occurrence_id:I "
     "visit_detail_id:I drug_source_value:S50 drug_source_concept_id:I route_source_value:S50 "
     "dose_unit_source_value:S50"},
    {"procedure_occurrence",
     "procedure_occurrence_id:I! person_id:I! procedure_concept_id:I! procedure_date:D! "
     "procedure_datetime:T procedure_end_date:D procedure_end_datetime:T "
     "procedure_type_concept_id:I! modifier_concept_id:I quantity:I provider_id:I "
     "visit_occurrence_id:I visit_detail_id:I procedure_source_value:S50 "
     "procedure_source_concept_id:I modifier_source_value:S50"},
    {"death",
     "person_id:I! death_date:D! death_datetime:T death_type_concept_id:I cause_concept_id:I "
     "cause_source_value:S50 cause_source_concept_id:I"},
};

// An OMOP datetime, with a space (as databases export it) or a 'T' (ISO
// 8601), seconds and fractions optional; kept as text as delivered.
constexpr const char* kOmopDatetime =
    "[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?Z?";

Table OmopTable(const char* omop_name, std::string_view fields) {
  Table table{"OMOPSRC_" + Upper(omop_name), std::string("OMOP CDM v5.4 ") + omop_name + " (CSV)", {}, {}};
  std::size_t at = 0;
  while (at < fields.size()) {
    std::size_t end = fields.find(' ', at);
    if (end == std::string_view::npos) end = fields.size();
    std::string_view spec = fields.substr(at, end - at);
    at = end + 1;
    std::size_t colon = spec.find(':');
    Column column{.name = std::string(spec.substr(0, colon)), .type = "string"};
    std::string_view type = spec.substr(colon + 1);
    if (type.ends_with("!")) {
      column.required = true;
      type.remove_suffix(1);
    }
    if (type == "I") {
      column.type = "integer";
    } else if (type == "F") {
      column.type = "number";
    } else if (type == "D") {
      column.type = "date";
    } else if (type == "T") {
      column.pattern = kOmopDatetime;
    } else if (type != "S0") {
      column.max_length = std::stoll(std::string(type.substr(1)));
    }
    // The person's identity: the stage-1 identifier the producer wrote,
    // made a pid by the hub. The specification leaves it optional; sovhub
    // cannot place a person without it.
    if (column.name == "person_source_value") {
      column.required = true;
      column.person_id = true;
    }
    table.columns.push_back(column);
  }
  return table;
}

const std::vector<Table>& Tables() {
  static const std::vector<Table> kTables = [] {
    const Column id{.name = "id", .type = "string", .required = true, .pattern = kFhirId};
    const Column pid{.name = "pid", .type = "string", .required = true, .person_id = true};
    const Column encounter{.name = "encounter_id", .type = "string", .pattern = kFhirId};
    const Column status{.name = "status", .type = "string"};
    std::vector<Table> tables;
    tables.push_back(
        {"FHIR_PATIENT",
         "FHIR R4 Patient, pseudonymised (the id is the stage-1 identifier, stored as the pid)",
         {pid,
          {.name = "gender", .type = "string", .enum_values = {"male", "female", "other", "unknown"}},
          {.name = "birth_year", .type = "integer", .required = true, .minimum = 1800, .maximum = 2999},
          {.name = "birth_month", .type = "integer", .minimum = 1, .maximum = 12},
          {.name = "deceased_date", .type = "date"},
          {.name = "department", .type = "string", .max_length = 3}},
         {"pid"}});
    tables.push_back({"FHIR_ENCOUNTER",
                      "FHIR R4 Encounter",
                      {id, pid, status,
                       {.name = "class_code", .type = "string"},
                       {.name = "start_date", .type = "date"},
                       {.name = "end_date", .type = "date"},
                       {.name = "admit_source", .type = "string"},
                       {.name = "discharge_disposition", .type = "string"}},
                      {"id"}});
    tables.push_back({"FHIR_CONDITION",
                      "FHIR R4 Condition",
                      Concat({id, pid, encounter, {.name = "verification_status", .type = "string"}},
                             Concat(CodeColumns(), {{.name = "onset_date", .type = "date"},
                                                    {.name = "abatement_date", .type = "date"},
                                                    {.name = "recorded_date", .type = "date"}})),
                      {"id"}});
    tables.push_back({"FHIR_MEDICATION_DISPENSE",
                      "FHIR R4 MedicationDispense",
                      Concat({id, pid, encounter, status},
                             Concat(CodeColumns(), {{.name = "atc", .type = "string"},
                                                    {.name = "handed_over_date", .type = "date"},
                                                    {.name = "prepared_date", .type = "date"},
                                                    {.name = "quantity", .type = "number"},
                                                    {.name = "days_supply", .type = "number"}})),
                      {"id"}});
    tables.push_back({"FHIR_PROCEDURE",
                      "FHIR R4 Procedure",
                      Concat({id, pid, encounter, status},
                             Concat(CodeColumns(), {{.name = "performed_date", .type = "date"},
                                                    {.name = "performed_end_date", .type = "date"}})),
                      {"id"}});
    // No primary key: the producer's ids are join keys within one delivery
    // (the event layer joins on them and sovhub_batch).
    for (const auto& [name, fields] : kOmopTables) tables.push_back(OmopTable(name, fields));
    return tables;
  }();
  return kTables;
}

const Table* FindTable(std::string_view name) {
  for (const Table& table : Tables()) {
    if (table.name == name) return &table;
  }
  return nullptr;
}

std::string DescriptorJson(const Table& table) {
  json fields = json::array();
  for (const Column& column : table.columns) {
    json field = {{"name", column.name}, {"type", column.type}};
    json constraints = json::object();
    if (column.required) constraints["required"] = true;
    if (column.max_length) constraints["maxLength"] = *column.max_length;
    if (!column.pattern.empty()) constraints["pattern"] = column.pattern;
    if (!column.enum_values.empty()) constraints["enum"] = column.enum_values;
    if (column.minimum) constraints["minimum"] = *column.minimum;
    if (column.maximum) constraints["maximum"] = *column.maximum;
    if (!constraints.empty()) field["constraints"] = constraints;
    if (column.person_id) field[kPersonIdProperty] = true;
    fields.push_back(field);
  }
  json doc = {{"name", table.name}, {"title", table.title}, {"fields", fields}};
  if (!table.primary_key.empty()) doc["primaryKey"] = table.primary_key;
  return doc.dump(2) + "\n";
}

// "MedicationDispense" → "MEDICATION_DISPENSE".
std::string SnakeUpper(std::string_view camel) {
  std::string out;
  for (std::size_t i = 0; i < camel.size(); ++i) {
    if (i > 0 && std::isupper(static_cast<unsigned char>(camel[i]))) out += '_';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(camel[i])));
  }
  return out;
}

}  // namespace

std::string TableOfFile(const std::filesystem::path& file) {
  std::string type = fhir::ResourceTypeOfFile(file);
  if (!type.empty()) return "FHIR_" + SnakeUpper(type);
  std::string stem = file.stem().string();
  // OMOP tables are named in lower case ("person.csv"); SNDS tables in
  // upper case: the two never meet.
  bool lower = std::none_of(stem.begin(), stem.end(),
                            [](unsigned char c) { return std::isupper(c); });
  if (lower && IsBuiltinTable("OMOPSRC_" + Upper(stem))) return "OMOPSRC_" + Upper(stem);
  return stem;
}

bool IsBuiltinTable(std::string_view table) { return FindTable(table) != nullptr; }

InputFormat FormatOf(std::string_view table) {
  return table.starts_with("FHIR_") && IsBuiltinTable(table) ? InputFormat::kNdjson : InputFormat::kCsv;
}

std::string ResourceTypeOfTable(std::string_view table) {
  for (std::string_view type : fhir::SupportedResourceTypes()) {
    if (table == "FHIR_" + SnakeUpper(type)) return std::string(type);
  }
  return "";
}

Result<LoadedSchema> BuiltinTableSchema(const std::string& table) {
  const Table* found = FindTable(table);
  if (found == nullptr) return Status::NotFound("no built-in table " + table);
  return ParseTableSchema(DescriptorJson(*found), table, {}, "sovhub:" + table);
}

}  // namespace sovhub::ingest
