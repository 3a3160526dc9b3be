// SPDX-License-Identifier: AGPL-3.0-or-later
#include "store/dummy_sqlite.h"

#include <map>
#include <optional>
#include <string>
#include <variant>

#include "store/event_layer_sqlite.h"

namespace sovhub::store {
namespace {

// The statements, prepared once for the whole population.
struct Inserts {
  Statement location, person_id, person, observation, visit, condition, drug, procedure, death, drug_class;
};

Result<Inserts> Prepare(Database& db) {
  Inserts s;
  SOVHUB_ASSIGN_OR_RETURN(s.location,
                          db.Prepare("INSERT INTO location (location_id, county, location_source_value, "
                                     "country_concept_id, country_source_value) VALUES (?, ?, ?, 0, 'France')"));
  SOVHUB_ASSIGN_OR_RETURN(s.person_id, db.Prepare("INSERT INTO omop_person_ids (person_id, pid) VALUES (?, ?)"));
  SOVHUB_ASSIGN_OR_RETURN(s.person,
                          db.Prepare("INSERT INTO person (person_id, gender_concept_id, year_of_birth, month_of_birth, "
                                     "race_concept_id, ethnicity_concept_id, location_id, person_source_value, "
                                     "gender_source_value, gender_source_concept_id, race_source_concept_id, "
                                     "ethnicity_source_concept_id) VALUES (?, 0, ?, ?, 0, 0, ?, ?, ?, 0, 0, 0)"));
  SOVHUB_ASSIGN_OR_RETURN(s.observation,
                          db.Prepare("INSERT INTO observation_period (person_id, observation_period_start_date, "
                                     "observation_period_end_date, period_type_concept_id) VALUES (?, ?, ?, 0)"));
  SOVHUB_ASSIGN_OR_RETURN(
      s.visit,
      db.Prepare("INSERT INTO visit_occurrence (person_id, visit_concept_id, visit_start_date, "
                 "visit_end_date, visit_type_concept_id, visit_source_value, visit_source_concept_id, "
                 "admitted_from_concept_id, discharged_to_concept_id) VALUES (?, 0, ?, ?, 0, 'MCO', 0, 0, 0)"));
  SOVHUB_ASSIGN_OR_RETURN(s.condition,
                          db.Prepare("INSERT INTO condition_occurrence (person_id, condition_concept_id, "
                                     "condition_start_date, condition_end_date, condition_type_concept_id, "
                                     "condition_status_concept_id, visit_occurrence_id, condition_source_value, "
                                     "condition_source_concept_id, condition_status_source_value) "
                                     "VALUES (?, 0, ?, ?, 0, 0, ?, ?, 0, ?)"));
  SOVHUB_ASSIGN_OR_RETURN(s.drug,
                          db.Prepare("INSERT INTO drug_exposure (person_id, drug_concept_id, drug_exposure_start_date, "
                                     "drug_exposure_end_date, drug_type_concept_id, quantity, route_concept_id, "
                                     "drug_source_value, drug_source_concept_id) VALUES (?, 0, ?, ?, 0, 1, 0, ?, 0)"));
  SOVHUB_ASSIGN_OR_RETURN(
      s.procedure, db.Prepare("INSERT INTO procedure_occurrence (person_id, procedure_concept_id, procedure_date, "
                              "procedure_type_concept_id, modifier_concept_id, quantity, "
                              "procedure_source_value, procedure_source_concept_id) VALUES (?, 0, ?, 0, 0, 1, ?, 0)"));
  SOVHUB_ASSIGN_OR_RETURN(s.death, db.Prepare("INSERT INTO death (person_id, death_date, death_type_concept_id, "
                                              "cause_concept_id, cause_source_concept_id) VALUES (?, ?, 0, 0, 0)"));
  SOVHUB_ASSIGN_OR_RETURN(s.drug_class, db.Prepare("INSERT INTO omop_drug_atc (drug_source_value, atc) VALUES (?, ?)"));
  return s;
}

// Binds `values` (int64, text, or nullopt for NULL) in order and runs.
using Value = std::variant<std::int64_t, std::string, std::nullopt_t>;
Status Run(Statement& stmt, std::initializer_list<Value> values) {
  int index = 1;
  for (const Value& value : values) {
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      SOVHUB_RETURN_IF_ERROR(stmt.BindInt64(index, *number));
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      SOVHUB_RETURN_IF_ERROR(stmt.BindText(index, *text));
    } else {
      SOVHUB_RETURN_IF_ERROR(stmt.BindNull(index));
    }
    ++index;
  }
  Status run = stmt.Run();
  stmt.Reset();
  return run;
}

Value Text(const CivilDate& date) { return ToIsoString(date); }

// One person's rows; `locations` maps departments to their location_id.
Status InsertPerson(Database& db, Inserts& s, const cohort::DummyPerson& p,
                    const std::map<std::string, std::int64_t>& locations) {
  const std::int64_t id = p.person_id;
  SOVHUB_RETURN_IF_ERROR(Run(s.person_id, {id, p.pid}));
  Value location = std::nullopt;
  if (p.department) location = locations.at(*p.department);
  Value sex = std::nullopt;
  if (p.sex) sex = std::string(*p.sex == cohort::Sex::kMale ? "1" : "2");
  SOVHUB_RETURN_IF_ERROR(
      Run(s.person, {id, std::int64_t{p.year_of_birth}, std::int64_t{p.month_of_birth}, location, p.pid, sex}));
  for (const cohort::DummyObservation& period : p.observation_periods) {
    SOVHUB_RETURN_IF_ERROR(Run(s.observation, {id, Text(period.start), Text(period.end)}));
  }
  for (const cohort::DummyStay& stay : p.stays) {
    SOVHUB_RETURN_IF_ERROR(Run(s.visit, {id, Text(stay.start), Text(stay.end)}));
    const std::int64_t visit = db.LastInsertRowId();
    for (const cohort::DummyDiagnosis& diagnosis : stay.diagnoses) {
      SOVHUB_RETURN_IF_ERROR(Run(s.condition, {id, Text(stay.start), Text(stay.end), visit, diagnosis.icd10,
                                               std::string(diagnosis.principal ? "DP" : "DAS")}));
    }
  }
  for (const cohort::DummyCondition& condition : p.conditions) {
    SOVHUB_RETURN_IF_ERROR(Run(
        s.condition, {id, Text(condition.date), Text(condition.date), std::nullopt, condition.icd10, std::nullopt}));
  }
  for (const cohort::DummyDispensing& dispensing : p.dispensings) {
    SOVHUB_RETURN_IF_ERROR(Run(s.drug, {id, Text(dispensing.date), Text(dispensing.date), dispensing.cip13}));
  }
  for (const cohort::DummyProcedure& procedure : p.procedures) {
    SOVHUB_RETURN_IF_ERROR(Run(s.procedure, {id, Text(procedure.date), procedure.ccam}));
  }
  if (p.death_date) SOVHUB_RETURN_IF_ERROR(Run(s.death, {id, Text(*p.death_date)}));
  return Status::Ok();
}

}  // namespace

Status InsertDummyPopulation(Database& db, const cohort::DummyPopulation& population) {
  SOVHUB_ASSIGN_OR_RETURN(std::int64_t persons, db.QueryInt64("SELECT count(*) FROM person"));
  if (persons > 0)
    return Status::Conflict(db.path().string() + " already has persons: dummy rows go into a new database");
  SOVHUB_ASSIGN_OR_RETURN(Transaction transaction, Transaction::Begin(db));
  SOVHUB_ASSIGN_OR_RETURN(Inserts s, Prepare(db));

  std::map<std::string, std::int64_t> locations;
  for (const cohort::DummyPerson& p : population.persons) {
    if (p.department) locations.emplace(*p.department, 0);
  }
  std::int64_t location_id = 0;
  for (auto& [department, id] : locations) {
    id = ++location_id;
    SOVHUB_RETURN_IF_ERROR(Run(s.location, {id, department, department}));
  }

  for (const cohort::DummyPerson& p : population.persons) {
    SOVHUB_RETURN_IF_ERROR(InsertPerson(db, s, p, locations).WithContext(p.pid));
  }
  for (const cohort::DummyDrugClass& drug_class : population.drug_classes) {
    SOVHUB_RETURN_IF_ERROR(Run(s.drug_class, {drug_class.cip13, drug_class.atc}));
  }
  // The cohort query reads the code summaries, as on the warehouse.
  SOVHUB_RETURN_IF_ERROR(RebuildCodeSummariesSqlite(db));
  return transaction.Commit();
}

}  // namespace sovhub::store
