-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The rights desk (prefix rights_): data subjects' requests (GDPR Arts. 15-18,
-- 21), each step of their lifecycle, and (proj_extract_persons) who each
-- extract included, so that an access request can say which projects
-- received a person's data. The requester is known by their pid only: the
-- hub never stores a NIR (src/rights/README.md).

-- One row per request, its current state (domain/rights_request.h decides
-- the transitions; rights_steps keeps the history).
CREATE TABLE rights_requests (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'restriction',
                                                 'objection')),
  pid              TEXT NOT NULL,
  received         TEXT NOT NULL,  -- YYYY-MM-DD: the deadline runs from here
  calendar         TEXT NOT NULL,  -- public holidays: france | alsace-moselle
  reference        TEXT NOT NULL,  -- the DPO's own reference (the letter's), free text
  state            TEXT NOT NULL CHECK (state IN ('received', 'identity_checked', 'in_progress',
                                                  'extended', 'answered', 'refused')),
  extension_date   TEXT,
  extension_reason TEXT,
  answered_on      TEXT,
  answer_summary   TEXT NOT NULL DEFAULT '',
  refusal_date     TEXT,
  refusal_reasons  TEXT,
  -- An objection's opposition, registered at receipt: its leaf in the log
  -- and its scope. The receipt's salt is the citizen's alone: not here.
  opposition_leaf  INTEGER REFERENCES log_leaves (idx),
  opposition_scope TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX rights_requests_by_pid ON rights_requests (pid);

-- Every step of every request, in order: receive, check_identity, start,
-- extend, answer, refuse, export. The journal has the same, hash-chained.
CREATE TABLE rights_steps (
  request_id  TEXT NOT NULL REFERENCES rights_requests (id),
  seq         INTEGER NOT NULL CHECK (seq >= 1),
  action      TEXT NOT NULL,
  date        TEXT NOT NULL,  -- YYYY-MM-DD, as the desk dated it
  text        TEXT NOT NULL,  -- reason, summary or note; may be empty
  actor       TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (request_id, seq)
) STRICT;

-- The persons each extract admitted (in the cohort, not opposed at its
-- checkpoint), by their project person id: a keyed hash of the pid under
-- the project's key, the id the workspace itself uses. Only the hub key
-- links it back to a pid. Extracts built before this migration have no
-- rows here.
CREATE TABLE proj_extract_persons (
  extract_id        INTEGER NOT NULL REFERENCES proj_extracts (id),
  project_person_id INTEGER NOT NULL,
  PRIMARY KEY (project_person_id, extract_id)
) STRICT, WITHOUT ROWID;
-- 1 once the extract's persons are in proj_extract_persons (0 for extracts
-- built before: who they included was not recorded).
ALTER TABLE proj_extracts ADD COLUMN persons_recorded INTEGER NOT NULL DEFAULT 0
  CHECK (persons_recorded IN (0, 1));
