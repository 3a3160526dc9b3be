// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The OMOP event layer's inputs beside the SNDS tables: the flattened FHIR
// R4 resources (FHIR_*) and the OMOP CSV tables a producer delivered
// (OMOPSRC_*). docs/omop.md ("FHIR R4", "OMOP CSV") states every mapping.
// Internal to src/store: the rebuild (event_layer_sqlite.cc) calls each step
// right after the SNDS transform of the same OMOP table, inside its
// transaction, so that an SNDS person keeps their person row and ids follow
// the SNDS ones. A step whose source table is absent adds nothing.
#ifndef SOVHUB_STORE_EVENT_LAYER_INPUTS_H_
#define SOVHUB_STORE_EVENT_LAYER_INPUTS_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "core/status.h"
#include "store/sqlite.h"

namespace sovhub::store::layer {

// Source rows each OMOP table was built from (by table name), added to the
// SNDS transforms' EventLayerCounts::source_rows.
using SourceRows = std::map<std::string, std::int64_t>;

// The columns of `table`; empty when it does not exist.
Result<std::set<std::string>> TableColumns(Database& db, const std::string& table);

// FHIR_PATIENT, FHIR_ENCOUNTER, FHIR_CONDITION, FHIR_MEDICATION_DISPENSE,
// FHIR_PROCEDURE → OMOP. Call Begin first and End last; the other steps in
// the order of the rebuild.
class FhirInputs {
 public:
  FhirInputs(Database& db, SourceRows& source_rows) : db_(db), source_rows_(source_rows) {}
  Status Begin();
  Status Persons();  // and their departments in location
  Status Deaths();
  Status Visits();
  Status Conditions();
  Status Drugs();
  Status Procedures();
  Status DrugClasses();  // after IR_PHA_R's, which win
  Status End();

 private:
  Result<bool> Exists(const std::string& table);
  Status Add(const std::string& omop_table, const std::string& count_sql);

  Database& db_;
  SourceRows& source_rows_;
};

// OMOPSRC_PERSON, OMOPSRC_OBSERVATION_PERIOD, OMOPSRC_VISIT_OCCURRENCE,
// OMOPSRC_CONDITION_OCCURRENCE, OMOPSRC_DRUG_EXPOSURE,
// OMOPSRC_PROCEDURE_OCCURRENCE, OMOPSRC_DEATH → OMOP. The producer's
// person_id and visit_occurrence_id are join keys within one delivery (one
// batch): the person is the pid of person_source_value, the ids are the
// warehouse's. Columns a delivery left out are NULL. Call Begin first and End
// last (after ObservationSpans), the other steps in the order of the rebuild.
class OmopCsvInputs {
 public:
  OmopCsvInputs(Database& db, SourceRows& source_rows) : db_(db), source_rows_(source_rows) {}
  Status Begin();
  Status Persons();
  Status Deaths();
  Status Visits();
  Status Conditions();
  Status Drugs();
  Status Procedures();
  // The delivered observation periods as " UNION ALL SELECT person_id,
  // first, last ..." for the observation-period rule's spans; "" when none.
  Result<std::string> ObservationSpans();
  Status End();

 private:
  // `alias.column` when the delivery gave the column, else NULL.
  std::string Column(const std::string& table, const std::string& alias, const std::string& column) const;
  bool Has(const std::string& table) const { return columns_.contains(table); }
  Status Add(const std::string& omop_table, const std::string& count_sql);

  Database& db_;
  SourceRows& source_rows_;
  std::map<std::string, std::set<std::string>> columns_;  // the OMOPSRC_ tables that exist
};

}  // namespace sovhub::store::layer

#endif  // SOVHUB_STORE_EVENT_LAYER_INPUTS_H_
