-- SPDX-License-Identifier: AGPL-3.0-or-later
--
-- The OMOP CDM v5.4 event layer (docs/omop.md): the standard's tables, columns
-- and types (OHDSI's Field_Level specification; omop_schema_test checks them),
-- rebuilt from the source tables after each batch. Concept ids are 0 while no
-- vocabulary is loaded; source codes are in the *_source_value columns.
-- No REFERENCES clauses: the rebuild writes every table in one transaction.

CREATE TABLE location (
  location_id INTEGER PRIMARY KEY,
  address_1 VARCHAR(50),
  address_2 VARCHAR(50),
  city VARCHAR(50),
  state VARCHAR(2),
  zip VARCHAR(9),
  county VARCHAR(20),
  location_source_value VARCHAR(50),
  country_concept_id INTEGER,
  country_source_value VARCHAR(80),
  latitude FLOAT,
  longitude FLOAT
);

CREATE TABLE person (
  person_id INTEGER PRIMARY KEY,
  gender_concept_id INTEGER NOT NULL,
  year_of_birth INTEGER NOT NULL,
  month_of_birth INTEGER,
  day_of_birth INTEGER,
  birth_datetime DATETIME,
  race_concept_id INTEGER NOT NULL,
  ethnicity_concept_id INTEGER NOT NULL,
  location_id INTEGER,
  provider_id INTEGER,
  care_site_id INTEGER,
  person_source_value VARCHAR(50),
  gender_source_value VARCHAR(50),
  gender_source_concept_id INTEGER,
  race_source_value VARCHAR(50),
  race_source_concept_id INTEGER,
  ethnicity_source_value VARCHAR(50),
  ethnicity_source_concept_id INTEGER
);

CREATE TABLE observation_period (
  observation_period_id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL,
  observation_period_start_date DATE NOT NULL,
  observation_period_end_date DATE NOT NULL,
  period_type_concept_id INTEGER NOT NULL
);

CREATE TABLE visit_occurrence (
  visit_occurrence_id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL,
  visit_concept_id INTEGER NOT NULL,
  visit_start_date DATE NOT NULL,
  visit_start_datetime DATETIME,
  visit_end_date DATE NOT NULL,
  visit_end_datetime DATETIME,
  visit_type_concept_id INTEGER NOT NULL,
  provider_id INTEGER,
  care_site_id INTEGER,
  visit_source_value VARCHAR(50),
  visit_source_concept_id INTEGER,
  admitted_from_concept_id INTEGER,
  admitted_from_source_value VARCHAR(50),
  discharged_to_concept_id INTEGER,
  discharged_to_source_value VARCHAR(50),
  preceding_visit_occurrence_id INTEGER
);

CREATE TABLE condition_occurrence (
  condition_occurrence_id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL,
  condition_concept_id INTEGER NOT NULL,
  condition_start_date DATE NOT NULL,
  condition_start_datetime DATETIME,
  condition_end_date DATE,
  condition_end_datetime DATETIME,
  condition_type_concept_id INTEGER NOT NULL,
  condition_status_concept_id INTEGER,
  stop_reason VARCHAR(20),
  provider_id INTEGER,
  visit_occurrence_id INTEGER,
  visit_detail_id INTEGER,
  condition_source_value VARCHAR(50),
  condition_source_concept_id INTEGER,
  condition_status_source_value VARCHAR(50)
);

CREATE TABLE drug_exposure (
  drug_exposure_id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL,
  drug_concept_id INTEGER NOT NULL,
  drug_exposure_start_date DATE NOT NULL,
  drug_exposure_start_datetime DATETIME,
  drug_exposure_end_date DATE NOT NULL,
  drug_exposure_end_datetime DATETIME,
  verbatim_end_date DATE,
  drug_type_concept_id INTEGER NOT NULL,
  stop_reason VARCHAR(20),
  refills INTEGER,
  quantity FLOAT,
  days_supply INTEGER,
  sig TEXT,
  route_concept_id INTEGER,
  lot_number VARCHAR(50),
  provider_id INTEGER,
  visit_occurrence_id INTEGER,
  visit_detail_id INTEGER,
  drug_source_value VARCHAR(50),
  drug_source_concept_id INTEGER,
  route_source_value VARCHAR(50),
  dose_unit_source_value VARCHAR(50)
);

CREATE TABLE procedure_occurrence (
  procedure_occurrence_id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL,
  procedure_concept_id INTEGER NOT NULL,
  procedure_date DATE NOT NULL,
  procedure_datetime DATETIME,
  procedure_end_date DATE,
  procedure_end_datetime DATETIME,
  procedure_type_concept_id INTEGER NOT NULL,
  modifier_concept_id INTEGER,
  quantity INTEGER,
  provider_id INTEGER,
  visit_occurrence_id INTEGER,
  visit_detail_id INTEGER,
  procedure_source_value VARCHAR(50),
  procedure_source_concept_id INTEGER,
  modifier_source_value VARCHAR(50)
);

CREATE TABLE death (
  person_id INTEGER NOT NULL,
  death_date DATE NOT NULL,
  death_datetime DATETIME,
  death_type_concept_id INTEGER,
  cause_concept_id INTEGER,
  cause_source_value VARCHAR(50),
  cause_source_concept_id INTEGER
);

-- The hub's person_id for each pid, append-only: a person keeps their
-- person_id across rebuilds (person.person_source_value holds the same pid).
CREATE TABLE omop_person_ids (
  person_id INTEGER PRIMARY KEY,
  pid TEXT NOT NULL UNIQUE
) STRICT;

-- The ATC class of each drug source code (CIP13 from IR_PHA_R; an ATC code
-- maps to itself), for the cohort language's ATC criteria.
CREATE TABLE omop_drug_atc (
  drug_source_value TEXT PRIMARY KEY,
  atc TEXT NOT NULL
) STRICT;
CREATE INDEX omop_drug_atc_by_atc ON omop_drug_atc (atc);

CREATE INDEX observation_period_by_person ON observation_period (person_id);
CREATE INDEX visit_occurrence_by_person ON visit_occurrence (person_id);
CREATE INDEX condition_occurrence_by_person ON condition_occurrence (person_id);
-- Covering indexes for the cohort language: a code range gives the persons
-- and dates without a visit to the table's rows.
CREATE INDEX condition_occurrence_by_source
  ON condition_occurrence (condition_source_value, person_id, condition_start_date);
CREATE INDEX drug_exposure_by_person ON drug_exposure (person_id);
CREATE INDEX drug_exposure_by_source
  ON drug_exposure (drug_source_value, person_id, drug_exposure_start_date);
CREATE INDEX procedure_occurrence_by_person ON procedure_occurrence (person_id);
CREATE INDEX procedure_occurrence_by_source
  ON procedure_occurrence (procedure_source_value, person_id, procedure_date);
CREATE INDEX death_by_person ON death (person_id);
