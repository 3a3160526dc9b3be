-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Research projects (prefix proj_): the project document as the operator
-- wrote it (JSON, see docs/projects.md), its state, and the extracts built
-- for it. Workspaces are SQLite files of their own (projects/<id>/).

CREATE TABLE proj_projects (
  id         TEXT PRIMARY KEY,
  state      TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'active', 'closed')),
  document   TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- One row per extract built; the manifest is also the workspace's
-- manifest.json, which later purges extend.
CREATE TABLE proj_extracts (
  id              INTEGER PRIMARY KEY,
  project_id      TEXT NOT NULL REFERENCES proj_projects (id),
  built_at        TEXT NOT NULL,
  checkpoint_size INTEGER NOT NULL,
  checkpoint_root TEXT NOT NULL,
  cohort_hash     TEXT NOT NULL,
  manifest        TEXT NOT NULL
) STRICT;
CREATE INDEX proj_extracts_by_project ON proj_extracts (project_id, id);
