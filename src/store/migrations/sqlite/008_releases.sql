-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The release workflow (prefix rel_, docs/releases.md): outputs researchers
-- submit from their workspace, the two checkers' reviews, and the decision.
-- The files themselves live under projects/<id>/outputs/<output>/ (as
-- submitted, never released) and, once approved, releases/<id>/<output>/.

CREATE TABLE rel_outputs (
  id           INTEGER PRIMARY KEY,
  project_id   TEXT NOT NULL REFERENCES proj_projects (id),
  submitter    TEXT NOT NULL,  -- a project member's name (not authenticated yet)
  description  TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('query', 'file')),
  source       TEXT NOT NULL,  -- the SQL, or the file's path in the workspace
  state        TEXT NOT NULL CHECK (state IN ('submitted', 'gated', 'refused', 'controlled', 'reviewed_once',
                                              'reviewed_twice', 'approved', 'rejected')),
  reason       TEXT NOT NULL DEFAULT '',  -- why refused by the gate or control, or rejected
  spec         TEXT NOT NULL,  -- JSON: dimensions, count, value, threshold
  file_hash    TEXT NOT NULL,  -- hex SHA-256 of the output as submitted
  protected_hash TEXT NOT NULL DEFAULT '',  -- hex SHA-256 of the protected table
  report       TEXT NOT NULL DEFAULT '',  -- JSON: the disclosure report
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX rel_outputs_by_project ON rel_outputs (project_id, id);

-- One review per checker per output: two rows make two independent reviews.
CREATE TABLE rel_reviews (
  output_id  INTEGER NOT NULL REFERENCES rel_outputs (id),
  checker    TEXT NOT NULL,
  verdict    TEXT NOT NULL CHECK (verdict IN ('approve', 'reject')),
  comment    TEXT NOT NULL,
  at         TEXT NOT NULL,
  PRIMARY KEY (output_id, checker)
) STRICT;

-- The one decision on an output, after two reviews.
CREATE TABLE rel_decisions (
  output_id  INTEGER PRIMARY KEY REFERENCES rel_outputs (id),
  checker    TEXT NOT NULL,
  verdict    TEXT NOT NULL CHECK (verdict IN ('approve', 'reject')),
  reason     TEXT NOT NULL,
  at         TEXT NOT NULL,
  released_to TEXT NOT NULL DEFAULT ''  -- the release folder, when approved
) STRICT;
