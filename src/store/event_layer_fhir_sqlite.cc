// SPDX-License-Identifier: AGPL-3.0-or-later
//
// FHIR R4 → OMOP, as SQL over the FHIR_* source tables (their columns are
// fixed by ingest/source_tables.cc and all created at the first load).
#include <string>

#include "store/event_layer_inputs.h"

namespace sovhub::store::layer {
namespace {

// The *_source_value of a code column set (alias.vocabulary, alias.code):
// the OMOP table's own vocabularies of the warehouse (`native`, an SQL list)
// as the bare code, ICD-10 without its dot; any other as
// "<vocabulary>|<code>", FHIR's token notation ("|<code>" for a Coding
// without system).
std::string SourceValue(const std::string& alias, const std::string& native) {
  const std::string code = alias + ".code";
  return "CASE WHEN " + alias + ".vocabulary = 'ICD10' AND " + alias + ".vocabulary IN (" + native +
         ") THEN replace(" + code + ", '.', '') WHEN " + alias + ".vocabulary IN (" + native + ") THEN " +
         code + " ELSE COALESCE(" + alias + ".vocabulary, '') || '|' || " + code + " END";
}

// The person of a row with a `pid`, who must have a person row.
std::string PersonJoin(const std::string& alias) {
  return " JOIN omop_person_ids m ON m.pid = " + alias + ".pid JOIN person p ON p.person_id = m.person_id ";
}

// The visit of an encounter_id, when its person is the row's.
std::string VisitJoin(const std::string& alias) {
  return " LEFT JOIN temp.omop_fhir_visit v ON v.id = " + alias +
         ".encounter_id AND v.person_id = m.person_id ";
}

}  // namespace

Result<std::set<std::string>> TableColumns(Database& db, const std::string& table) {
  SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("SELECT name FROM pragma_table_info(?)"));
  SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, table));
  std::set<std::string> columns;
  while (true) {
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    columns.insert(stmt.ColumnText(0));
  }
  return columns;
}

Result<bool> FhirInputs::Exists(const std::string& table) {
  SOVHUB_ASSIGN_OR_RETURN(std::set<std::string> columns, TableColumns(db_, table));
  return !columns.empty();
}

Status FhirInputs::Add(const std::string& omop_table, const std::string& count_sql) {
  SOVHUB_ASSIGN_OR_RETURN(std::int64_t rows, db_.QueryInt64(count_sql));
  source_rows_[omop_table] += rows;
  return Status::Ok();
}

Status FhirInputs::Begin() {
  // Encounter id → its visit, for the events that name their encounter.
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "CREATE TEMP TABLE IF NOT EXISTS omop_fhir_visit (id TEXT PRIMARY KEY, "
      "visit_occurrence_id INTEGER, person_id INTEGER, start_date TEXT, end_date TEXT) WITHOUT ROWID"));
  return db_.Exec("DELETE FROM temp.omop_fhir_visit");
}

Status FhirInputs::End() { return db_.Exec("DROP TABLE temp.omop_fhir_visit"); }

// A Patient whose pid IR_BEN_R already gave keeps the SNDS person row; the
// others get theirs, with a location for a department the SNDS did not have.
Status FhirInputs::Persons() {
  SOVHUB_ASSIGN_OR_RETURN(bool exists, Exists("FHIR_PATIENT"));
  if (!exists) return Status::Ok();
  const std::string new_departments =
      "SELECT DISTINCT department FROM FHIR_PATIENT WHERE department IS NOT NULL AND department NOT IN "
      "(SELECT location_source_value FROM location WHERE location_source_value IS NOT NULL)";
  SOVHUB_RETURN_IF_ERROR(Add("location", "SELECT count(*) FROM (" + new_departments + ")"));
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO location (location_id, county, location_source_value, country_concept_id, "
      "country_source_value) SELECT (SELECT COALESCE(MAX(location_id), 0) FROM location) + "
      "ROW_NUMBER() OVER (ORDER BY department), department, department, 0, 'France' FROM (" +
      new_departments + ")"));
  SOVHUB_RETURN_IF_ERROR(
      db_.Exec("INSERT OR IGNORE INTO omop_person_ids (pid) SELECT pid FROM FHIR_PATIENT ORDER BY rowid"));
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO person (person_id, gender_concept_id, year_of_birth, month_of_birth, "
      "race_concept_id, ethnicity_concept_id, location_id, person_source_value, gender_source_value, "
      "gender_source_concept_id, race_source_concept_id, ethnicity_source_concept_id) "
      "SELECT m.person_id, 0, f.birth_year, f.birth_month, 0, 0, l.location_id, f.pid, "
      "CASE f.gender WHEN 'male' THEN '1' WHEN 'female' THEN '2' ELSE f.gender END, 0, 0, 0 "
      "FROM FHIR_PATIENT f JOIN omop_person_ids m ON m.pid = f.pid "
      "LEFT JOIN location l ON l.location_source_value = f.department "
      "WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.person_id = m.person_id) ORDER BY m.person_id"));
  return Add("person", "SELECT count(*) FROM FHIR_PATIENT");
}

// Patient.deceasedDateTime, for a person without an earlier source's death.
Status FhirInputs::Deaths() {
  SOVHUB_ASSIGN_OR_RETURN(bool exists, Exists("FHIR_PATIENT"));
  if (!exists) return Status::Ok();
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO death (person_id, death_date, death_type_concept_id, cause_concept_id, "
      "cause_source_concept_id) SELECT m.person_id, f.deceased_date, 0, 0, 0 FROM FHIR_PATIENT f" +
      PersonJoin("f") +
      "WHERE f.deceased_date IS NOT NULL AND NOT EXISTS (SELECT 1 FROM death d WHERE d.person_id = "
      "m.person_id) ORDER BY m.person_id"));
  return Add("death", "SELECT count(*) FROM FHIR_PATIENT WHERE deceased_date IS NOT NULL");
}

// An Encounter that took place (not planned, cancelled or entered in error)
// with a start date. The class says what kind of visit: an inpatient or
// short stay (v3 ActCode IMP, ACUTE, SS) is a short-stay hospital stay, MCO
// as the PMSI says, which the cohort language's `stay` counts; non-acute
// inpatient care (NONAC) is SSR; any other class is kept as its code.
Status FhirInputs::Visits() {
  SOVHUB_ASSIGN_OR_RETURN(bool exists, Exists("FHIR_ENCOUNTER"));
  if (!exists) return Status::Ok();
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO temp.omop_fhir_visit SELECT e.id, (SELECT COALESCE(MAX(visit_occurrence_id), 0) "
      "FROM visit_occurrence) + ROW_NUMBER() OVER (ORDER BY e.rowid), m.person_id, e.start_date, "
      "COALESCE(e.end_date, e.start_date) FROM FHIR_ENCOUNTER e" +
      PersonJoin("e") +
      "WHERE e.start_date IS NOT NULL AND COALESCE(e.status, '') NOT IN ('planned', 'cancelled', "
      "'entered-in-error') AND (e.end_date IS NULL OR e.end_date >= e.start_date)"));
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO visit_occurrence (visit_occurrence_id, person_id, visit_concept_id, "
      "visit_start_date, visit_end_date, visit_type_concept_id, visit_source_value, "
      "visit_source_concept_id, admitted_from_concept_id, admitted_from_source_value, "
      "discharged_to_concept_id, discharged_to_source_value) "
      "SELECT v.visit_occurrence_id, v.person_id, 0, v.start_date, v.end_date, 0, "
      "CASE WHEN e.class_code IN ('IMP', 'ACUTE', 'SS') THEN 'MCO' WHEN e.class_code = 'NONAC' "
      "THEN 'SSR' ELSE e.class_code END, 0, 0, e.admit_source, 0, e.discharge_disposition "
      "FROM temp.omop_fhir_visit v JOIN FHIR_ENCOUNTER e ON e.id = v.id ORDER BY v.visit_occurrence_id"));
  return Add("visit_occurrence", "SELECT count(*) FROM FHIR_ENCOUNTER");
}

// A Condition with a code, not refuted or entered in error, dated by its
// onset, else its recording, else its encounter's start.
Status FhirInputs::Conditions() {
  SOVHUB_ASSIGN_OR_RETURN(bool exists, Exists("FHIR_CONDITION"));
  if (!exists) return Status::Ok();
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO condition_occurrence (person_id, condition_concept_id, condition_start_date, "
      "condition_end_date, condition_type_concept_id, condition_status_concept_id, "
      "visit_occurrence_id, condition_source_value, condition_source_concept_id) "
      "SELECT m.person_id, 0, COALESCE(c.onset_date, c.recorded_date, v.start_date), c.abatement_date, "
      "0, 0, v.visit_occurrence_id, " +
      SourceValue("c", "'ICD10'") + ", 0 FROM FHIR_CONDITION c" + PersonJoin("c") + VisitJoin("c") +
      "WHERE c.code IS NOT NULL AND COALESCE(c.verification_status, '') NOT IN ('refuted', "
      "'entered-in-error') AND COALESCE(c.onset_date, c.recorded_date, v.start_date) IS NOT NULL "
      "ORDER BY c.rowid"));
  return Add("condition_occurrence", "SELECT count(*) FROM FHIR_CONDITION");
}

// A MedicationDispense with a code that was dispensed (not in preparation,
// cancelled, declined or entered in error): from its hand-over date, else
// its preparation date, for its days of supply (one day when not given).
Status FhirInputs::Drugs() {
  SOVHUB_ASSIGN_OR_RETURN(bool exists, Exists("FHIR_MEDICATION_DISPENSE"));
  if (!exists) return Status::Ok();
  const std::string start = "COALESCE(d.handed_over_date, d.prepared_date)";
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO drug_exposure (person_id, drug_concept_id, drug_exposure_start_date, "
      "drug_exposure_end_date, drug_type_concept_id, quantity, days_supply, route_concept_id, "
      "visit_occurrence_id, drug_source_value, drug_source_concept_id) "
      "SELECT m.person_id, 0, " + start + ", CASE WHEN d.days_supply >= 1 THEN date(" + start +
      ", '+' || (CAST(d.days_supply AS INTEGER) - 1) || ' days') ELSE " + start +
      " END, 0, d.quantity, CAST(d.days_supply AS INTEGER), 0, v.visit_occurrence_id, " +
      SourceValue("d", "'CIP13', 'ATC'") + ", 0 FROM FHIR_MEDICATION_DISPENSE d" + PersonJoin("d") +
      VisitJoin("d") + "WHERE d.code IS NOT NULL AND " + start +
      " IS NOT NULL AND COALESCE(d.status, '') NOT IN ('preparation', 'cancelled', 'declined', "
      "'entered-in-error') ORDER BY d.rowid"));
  return Add("drug_exposure", "SELECT count(*) FROM FHIR_MEDICATION_DISPENSE");
}

// A Procedure with a code that was done (not in preparation, not done or
// entered in error), one act on its performed date.
Status FhirInputs::Procedures() {
  SOVHUB_ASSIGN_OR_RETURN(bool exists, Exists("FHIR_PROCEDURE"));
  if (!exists) return Status::Ok();
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT INTO procedure_occurrence (person_id, procedure_concept_id, procedure_date, "
      "procedure_end_date, procedure_type_concept_id, modifier_concept_id, quantity, "
      "visit_occurrence_id, procedure_source_value, procedure_source_concept_id) "
      "SELECT m.person_id, 0, r.performed_date, r.performed_end_date, 0, 0, 1, v.visit_occurrence_id, " +
      SourceValue("r", "'CCAM'") + ", 0 FROM FHIR_PROCEDURE r" + PersonJoin("r") + VisitJoin("r") +
      "WHERE r.code IS NOT NULL AND r.performed_date IS NOT NULL AND COALESCE(r.status, '') NOT IN "
      "('preparation', 'not-done', 'entered-in-error') ORDER BY r.rowid"));
  return Add("procedure_occurrence", "SELECT count(*) FROM FHIR_PROCEDURE");
}

// The ATC class of a dispensed drug: its ATC Coding, or the code itself
// when the drug is given as an ATC code.
Status FhirInputs::DrugClasses() {
  SOVHUB_ASSIGN_OR_RETURN(bool exists, Exists("FHIR_MEDICATION_DISPENSE"));
  if (!exists) return Status::Ok();
  const std::string atc = "COALESCE(d.atc, CASE WHEN d.vocabulary = 'ATC' THEN d.code END)";
  SOVHUB_RETURN_IF_ERROR(db_.Exec(
      "INSERT OR IGNORE INTO omop_drug_atc (drug_source_value, atc) SELECT " +
      SourceValue("d", "'CIP13', 'ATC'") + ", " + atc + " FROM FHIR_MEDICATION_DISPENSE d WHERE d.code "
      "IS NOT NULL AND " + atc + " IS NOT NULL ORDER BY d.rowid"));
  return Add("omop_drug_atc", "SELECT count(*) FROM FHIR_MEDICATION_DISPENSE d WHERE d.code IS NOT NULL "
                              "AND " + atc + " IS NOT NULL");
}

}  // namespace sovhub::store::layer
