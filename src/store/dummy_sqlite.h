// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Writes a dummy population (domain/dummy_cohort.h) into the OMOP tables of
// a scratch hub database, so that the cohort query and the extract run on it
// exactly as on the warehouse (docs/projects.md, "Dummy data").
#ifndef SOVHUB_STORE_DUMMY_SQLITE_H_
#define SOVHUB_STORE_DUMMY_SQLITE_H_

#include "core/status.h"
#include "domain/dummy_cohort.h"
#include "store/sqlite.h"

namespace sovhub::store {

// Inserts, in one transaction of `db` (all or nothing), the population's
// rows as the event layer writes them (docs/omop.md): location (one row per
// department), person (gender_source_value 1/2, person_source_value the
// dummy pid), observation_period, visit_occurrence ('MCO') with its
// diagnoses in condition_occurrence (visit_occurrence_id set, DP/DAS),
// condition_occurrence, drug_exposure, procedure_occurrence, death, and
// omop_person_ids (person_id, pid) and omop_drug_atc. Concept ids are 0.
// `db` must be at the current schema (OpenSqliteStore with create) and
// hold no person yet: Conflict otherwise. Must be called outside a
// transaction.
Status InsertDummyPopulation(Database& db, const cohort::DummyPopulation& population);

}  // namespace sovhub::store

#endif  // SOVHUB_STORE_DUMMY_SQLITE_H_
