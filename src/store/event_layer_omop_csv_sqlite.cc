// SPDX-License-Identifier: AGPL-3.0-or-later
//
// OMOP CSV → OMOP: the rows are already OMOP; what changes is who and which
// ids. The person is the pid in person_source_value (the producer's
// person_id only joins its own tables of the same delivery), and the
// warehouse gives its own person, visit and event ids. Concept ids, dates
// and source values are copied as delivered.
#include <string>
#include <vector>

#include "store/event_layer_inputs.h"

namespace sovhub::store::layer {
namespace {

constexpr const char* kTables[] = {
    "OMOPSRC_PERSON",          "OMOPSRC_OBSERVATION_PERIOD", "OMOPSRC_VISIT_OCCURRENCE",
    "OMOPSRC_CONDITION_OCCURRENCE", "OMOPSRC_DRUG_EXPOSURE", "OMOPSRC_PROCEDURE_OCCURRENCE",
    "OMOPSRC_DEATH"};

// The person of a delivered row: its batch's person_id → pid → person row.
std::string PersonJoin(const std::string& alias) {
  return " JOIN temp.omop_src_person sp ON sp.batch = " + alias + ".sovhub_batch AND sp.person_id = " +
         alias + ".person_id JOIN omop_person_ids m ON m.pid = sp.pid "
         "JOIN person p ON p.person_id = m.person_id ";
}

// The visit of a delivered event, through its batch's visit_occurrence_id.
std::string VisitJoin(const std::string& alias, const std::string& visit_column) {
  return " LEFT JOIN temp.omop_src_visit sv ON sv.batch = " + alias + ".sovhub_batch AND sv.visit_id = " +
         visit_column + " AND sv.person_id = m.person_id ";
}

}  // namespace

std::string OmopCsvInputs::Column(const std::string& table, const std::string& alias,
                                  const std::string& column) const {
  auto found = columns_.find(table);
  return found != columns_.end() && found->second.contains(column) ? alias + "." + column : "NULL";
}

Status OmopCsvInputs::Add(const std::string& omop_table, const std::string& count_sql) {
  SOVHUB_ASSIGN_OR_RETURN(std::int64_t rows, db_.QueryInt64(count_sql));
  source_rows_[omop_table] += rows;
  return Status::Ok();
}

Status OmopCsvInputs::Begin() {
  columns_.clear();
  for (const char* table : kTables) {
    SOVHUB_ASSIGN_OR_RETURN(std::set<std::string> columns, TableColumns(db_, table));
    if (!columns.empty()) columns_[table] = std::move(columns);
  }
  // (batch, the producer's person_id) → pid, the first row when repeated;
  // (batch, the producer's visit_occurrence_id) → the warehouse's visit.
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "CREATE TEMP TABLE IF NOT EXISTS omop_src_person (batch INTEGER, person_id INTEGER, pid TEXT, "
      "PRIMARY KEY (batch, person_id)) WITHOUT ROWID"));
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "CREATE TEMP TABLE IF NOT EXISTS omop_src_visit (batch INTEGER, visit_id INTEGER, source_row "
      "INTEGER, visit_occurrence_id INTEGER, person_id INTEGER, PRIMARY KEY (batch, visit_id)) WITHOUT ROWID"));
  SOVHUB_RETURN_IF_ERROR(db_.Exec("DELETE FROM temp.omop_src_person"));
  SOVHUB_RETURN_IF_ERROR(db_.Exec("DELETE FROM temp.omop_src_visit"));
  if (!Has("OMOPSRC_PERSON")) return Status::Ok();
  return db_.Exec(
      "INSERT OR IGNORE INTO temp.omop_src_person SELECT sovhub_batch, person_id, person_source_value "
      "FROM OMOPSRC_PERSON ORDER BY rowid");
}

Status OmopCsvInputs::End() {
  SOVHUB_RETURN_IF_ERROR(db_.Exec("DROP TABLE temp.omop_src_person"));
  return db_.Exec("DROP TABLE temp.omop_src_visit");
}

// A pid already a person (from IR_BEN_R, FHIR or an earlier delivery) keeps
// their row. gender_source_value is the NIR's sex digit for the standard
// concepts MALE (8507) and FEMALE (8532), as the SNDS gives it and the cohort
// language reads it; otherwise the delivered value.
Status OmopCsvInputs::Persons() {
  const std::string t = "OMOPSRC_PERSON";
  if (!Has(t)) return Status::Ok();
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT OR IGNORE INTO omop_person_ids (pid) SELECT person_source_value FROM OMOPSRC_PERSON "
      "ORDER BY rowid"));
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO person (person_id, gender_concept_id, year_of_birth, month_of_birth, day_of_birth, "
      "birth_datetime, race_concept_id, ethnicity_concept_id, person_source_value, gender_source_value, "
      "gender_source_concept_id, race_source_value, race_source_concept_id, ethnicity_source_value, "
      "ethnicity_source_concept_id) "
      "SELECT m.person_id, s.gender_concept_id, s.year_of_birth, " + Column(t, "s", "month_of_birth") +
      ", " + Column(t, "s", "day_of_birth") + ", " + Column(t, "s", "birth_datetime") +
      ", s.race_concept_id, s.ethnicity_concept_id, s.person_source_value, "
      "CASE s.gender_concept_id WHEN 8507 THEN '1' WHEN 8532 THEN '2' ELSE " +
      Column(t, "s", "gender_source_value") + " END, " + Column(t, "s", "gender_source_concept_id") + ", " +
      Column(t, "s", "race_source_value") + ", " + Column(t, "s", "race_source_concept_id") + ", " +
      Column(t, "s", "ethnicity_source_value") + ", " + Column(t, "s", "ethnicity_source_concept_id") +
      " FROM OMOPSRC_PERSON s JOIN omop_person_ids m ON m.pid = s.person_source_value "
      "WHERE s.rowid = (SELECT MIN(rowid) FROM OMOPSRC_PERSON f WHERE f.person_source_value = "
      "s.person_source_value) AND NOT EXISTS (SELECT 1 FROM person p WHERE p.person_id = m.person_id) "
      "ORDER BY m.person_id"));
  return Add("person", "SELECT count(*) FROM OMOPSRC_PERSON");
}

Status OmopCsvInputs::Deaths() {
  const std::string t = "OMOPSRC_DEATH";
  if (!Has(t)) return Status::Ok();
  // The earliest delivered death of a person without one from an earlier
  // input.
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO death (person_id, death_date, death_datetime, death_type_concept_id, cause_concept_id, "
      "cause_source_value, cause_source_concept_id) "
      "SELECT x.owner, x.death_date, " + Column(t, "x", "death_datetime") + ", " +
      Column(t, "x", "death_type_concept_id") + ", " + Column(t, "x", "cause_concept_id") + ", " +
      Column(t, "x", "cause_source_value") + ", " + Column(t, "x", "cause_source_concept_id") +
      " FROM (SELECT m.person_id AS owner, d.*, ROW_NUMBER() OVER (PARTITION BY m.person_id ORDER BY "
      "d.death_date, d.rowid) AS rank FROM OMOPSRC_DEATH d" + PersonJoin("d") + ") x "
      "WHERE x.rank = 1 AND NOT EXISTS (SELECT 1 FROM death e WHERE e.person_id = x.owner) ORDER BY x.owner"));
  return Add("death", "SELECT count(*) FROM OMOPSRC_DEATH");
}

Status OmopCsvInputs::Visits() {
  const std::string t = "OMOPSRC_VISIT_OCCURRENCE";
  if (!Has(t)) return Status::Ok();
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO temp.omop_src_visit SELECT v.sovhub_batch, v.visit_occurrence_id, v.rowid, "
      "(SELECT COALESCE(MAX(visit_occurrence_id), 0) FROM visit_occurrence) + ROW_NUMBER() OVER "
      "(ORDER BY v.rowid), m.person_id FROM OMOPSRC_VISIT_OCCURRENCE v" + PersonJoin("v") +
      "WHERE v.visit_end_date >= v.visit_start_date AND v.rowid IN (SELECT MIN(rowid) FROM "
      "OMOPSRC_VISIT_OCCURRENCE GROUP BY sovhub_batch, visit_occurrence_id)"));
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO visit_occurrence (visit_occurrence_id, person_id, visit_concept_id, visit_start_date, "
      "visit_start_datetime, visit_end_date, visit_end_datetime, visit_type_concept_id, "
      "visit_source_value, visit_source_concept_id, admitted_from_concept_id, admitted_from_source_value, "
      "discharged_to_concept_id, discharged_to_source_value, preceding_visit_occurrence_id) "
      "SELECT sv.visit_occurrence_id, sv.person_id, v.visit_concept_id, v.visit_start_date, " +
      Column(t, "v", "visit_start_datetime") + ", v.visit_end_date, " + Column(t, "v", "visit_end_datetime") +
      ", v.visit_type_concept_id, " + Column(t, "v", "visit_source_value") + ", " +
      Column(t, "v", "visit_source_concept_id") + ", " + Column(t, "v", "admitted_from_concept_id") + ", " +
      Column(t, "v", "admitted_from_source_value") + ", " + Column(t, "v", "discharged_to_concept_id") +
      ", " + Column(t, "v", "discharged_to_source_value") +
      ", pv.visit_occurrence_id FROM temp.omop_src_visit sv JOIN OMOPSRC_VISIT_OCCURRENCE v ON v.rowid = "
      "sv.source_row LEFT JOIN temp.omop_src_visit pv ON pv.batch = sv.batch AND pv.visit_id = " +
      Column(t, "v", "preceding_visit_occurrence_id") + " ORDER BY sv.visit_occurrence_id"));
  return Add("visit_occurrence", "SELECT count(*) FROM OMOPSRC_VISIT_OCCURRENCE");
}

Status OmopCsvInputs::Conditions() {
  const std::string t = "OMOPSRC_CONDITION_OCCURRENCE";
  if (!Has(t)) return Status::Ok();
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO condition_occurrence (person_id, condition_concept_id, condition_start_date, "
      "condition_start_datetime, condition_end_date, condition_end_datetime, condition_type_concept_id, "
      "condition_status_concept_id, stop_reason, visit_occurrence_id, condition_source_value, "
      "condition_source_concept_id, condition_status_source_value) "
      "SELECT m.person_id, c.condition_concept_id, c.condition_start_date, " +
      Column(t, "c", "condition_start_datetime") + ", " + Column(t, "c", "condition_end_date") + ", " +
      Column(t, "c", "condition_end_datetime") + ", c.condition_type_concept_id, " +
      Column(t, "c", "condition_status_concept_id") + ", " + Column(t, "c", "stop_reason") +
      ", sv.visit_occurrence_id, " + Column(t, "c", "condition_source_value") + ", " +
      Column(t, "c", "condition_source_concept_id") + ", " + Column(t, "c", "condition_status_source_value") +
      " FROM OMOPSRC_CONDITION_OCCURRENCE c" + PersonJoin("c") +
      VisitJoin("c", Column(t, "c", "visit_occurrence_id")) + "ORDER BY c.rowid"));
  return Add("condition_occurrence", "SELECT count(*) FROM OMOPSRC_CONDITION_OCCURRENCE");
}

Status OmopCsvInputs::Drugs() {
  const std::string t = "OMOPSRC_DRUG_EXPOSURE";
  if (!Has(t)) return Status::Ok();
  std::string optional;
  for (const char* column : {"drug_exposure_start_datetime", "drug_exposure_end_datetime",
                             "verbatim_end_date", "stop_reason", "refills", "quantity", "days_supply", "sig",
                             "route_concept_id", "lot_number", "drug_source_value", "drug_source_concept_id",
                             "route_source_value", "dose_unit_source_value"}) {
    optional += ", " + Column(t, "d", column);
  }
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO drug_exposure (person_id, drug_concept_id, drug_exposure_start_date, "
      "drug_exposure_end_date, drug_type_concept_id, visit_occurrence_id, drug_exposure_start_datetime, "
      "drug_exposure_end_datetime, verbatim_end_date, stop_reason, refills, quantity, days_supply, sig, "
      "route_concept_id, lot_number, drug_source_value, drug_source_concept_id, route_source_value, "
      "dose_unit_source_value) "
      "SELECT m.person_id, d.drug_concept_id, d.drug_exposure_start_date, d.drug_exposure_end_date, "
      "d.drug_type_concept_id, sv.visit_occurrence_id" + optional + " FROM OMOPSRC_DRUG_EXPOSURE d" +
      PersonJoin("d") + VisitJoin("d", Column(t, "d", "visit_occurrence_id")) + "ORDER BY d.rowid"));
  return Add("drug_exposure", "SELECT count(*) FROM OMOPSRC_DRUG_EXPOSURE");
}

Status OmopCsvInputs::Procedures() {
  const std::string t = "OMOPSRC_PROCEDURE_OCCURRENCE";
  if (!Has(t)) return Status::Ok();
  std::string optional;
  for (const char* column : {"procedure_datetime", "procedure_end_date", "procedure_end_datetime",
                             "modifier_concept_id", "quantity", "procedure_source_value",
                             "procedure_source_concept_id", "modifier_source_value"}) {
    optional += ", " + Column(t, "r", column);
  }
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO procedure_occurrence (person_id, procedure_concept_id, procedure_date, "
      "procedure_type_concept_id, visit_occurrence_id, procedure_datetime, procedure_end_date, "
      "procedure_end_datetime, modifier_concept_id, quantity, procedure_source_value, "
      "procedure_source_concept_id, modifier_source_value) "
      "SELECT m.person_id, r.procedure_concept_id, r.procedure_date, r.procedure_type_concept_id, "
      "sv.visit_occurrence_id" + optional + " FROM OMOPSRC_PROCEDURE_OCCURRENCE r" + PersonJoin("r") +
      VisitJoin("r", Column(t, "r", "visit_occurrence_id")) + "ORDER BY r.rowid"));
  return Add("procedure_occurrence", "SELECT count(*) FROM OMOPSRC_PROCEDURE_OCCURRENCE");
}

Result<std::string> OmopCsvInputs::ObservationSpans() {
  if (!Has("OMOPSRC_OBSERVATION_PERIOD")) return std::string();
  return std::string(
      " UNION ALL SELECT m.person_id, MIN(o.observation_period_start_date), "
      "MAX(o.observation_period_end_date) FROM OMOPSRC_OBSERVATION_PERIOD o" +
      PersonJoin("o") + "GROUP BY m.person_id");
}

}  // namespace sovhub::store::layer
