-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Governance tables of a hub (prefix gov_). Source tables (IR_BEN_R, ER_PRS_F,
-- ...) are created from their Table Schemas at first ingest, not here.

CREATE TABLE gov_hub (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Hash-chained audit journal: hash = SHA-256 over the previous entry's hash and
-- this entry's canonical encoding (see src/journal).
CREATE TABLE gov_journal (
  seq       INTEGER PRIMARY KEY,
  time      TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  object    TEXT NOT NULL,
  details   TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE gov_sources (
  name       TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
) STRICT;

-- The source tables created from a Table Schema, with the schema they follow.
CREATE TABLE gov_tables (
  name        TEXT PRIMARY KEY,
  schema_json TEXT NOT NULL,
  schema_hash TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;

-- One row per batch (one delivery) that was loaded, in one transaction with
-- its rows. A batch that failed loads nothing: only its journal entry and its
-- manifest file remain.
CREATE TABLE gov_batches (
  id               INTEGER PRIMARY KEY,
  source           TEXT NOT NULL REFERENCES gov_sources(name),
  content_hash     TEXT NOT NULL UNIQUE,
  rows_read        INTEGER NOT NULL,
  rows_loaded      INTEGER NOT NULL,
  rows_quarantined INTEGER NOT NULL,
  started_at       TEXT NOT NULL,
  finished_at      TEXT NOT NULL,
  manifest         TEXT NOT NULL,
  CHECK (rows_read = rows_loaded + rows_quarantined)
) STRICT;

-- The part of a batch that went to one table.
CREATE TABLE gov_batch_tables (
  batch_id         INTEGER NOT NULL REFERENCES gov_batches(id),
  table_name       TEXT NOT NULL REFERENCES gov_tables(name),
  rows_read        INTEGER NOT NULL,
  rows_loaded      INTEGER NOT NULL,
  rows_quarantined INTEGER NOT NULL,
  PRIMARY KEY (batch_id, table_name),
  CHECK (rows_read = rows_loaded + rows_quarantined)
) STRICT;
