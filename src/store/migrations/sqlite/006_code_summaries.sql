-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Per person and source code: the first date and the number of events, for
-- the cohort language. A criterion with no date window reads these instead of
-- the event rows: the persons' grouping then sorts one row per person and code
-- rather than one per event (a tenth as many for dispensings, which repeat
-- month after month). Rebuilt with the OMOP event layer, in its transaction
-- (docs/omop.md, "Code summaries"); not OMOP CDM tables, hence the prefix.
CREATE TABLE omop_drug_codes (
  drug_source_value TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  first_date TEXT,
  events INTEGER NOT NULL,
  PRIMARY KEY (drug_source_value, person_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE omop_condition_codes (
  condition_source_value TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  first_date TEXT,
  events INTEGER NOT NULL,
  PRIMARY KEY (condition_source_value, person_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE omop_procedure_codes (
  procedure_source_value TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  first_date TEXT,
  events INTEGER NOT NULL,
  PRIMARY KEY (procedure_source_value, person_id)
) STRICT, WITHOUT ROWID;
-- A hub that already holds events gets its summaries now, as a rebuild
-- would write them (store/event_layer_sqlite.cc, RebuildCodeSummariesSqlite).
INSERT INTO omop_drug_codes (drug_source_value, person_id, first_date, events)
  SELECT drug_source_value, person_id, MIN(drug_exposure_start_date), COUNT(*) FROM drug_exposure
  WHERE drug_source_value IS NOT NULL GROUP BY drug_source_value, person_id
  ORDER BY drug_source_value, person_id;
INSERT INTO omop_condition_codes (condition_source_value, person_id, first_date, events)
  SELECT condition_source_value, person_id, MIN(condition_start_date), COUNT(*)
  FROM condition_occurrence
  WHERE condition_source_value IS NOT NULL GROUP BY condition_source_value, person_id
  ORDER BY condition_source_value, person_id;
INSERT INTO omop_procedure_codes (procedure_source_value, person_id, first_date, events)
  SELECT procedure_source_value, person_id, MIN(procedure_date), COUNT(*) FROM procedure_occurrence
  WHERE procedure_source_value IS NOT NULL GROUP BY procedure_source_value, person_id
  ORDER BY procedure_source_value, person_id;
