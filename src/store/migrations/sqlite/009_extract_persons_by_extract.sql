-- SPDX-License-Identifier: AGPL-3.0-or-later
-- proj_extract_persons keyed by extract first: an extract's members are
-- appended at the end of the table (its id is the newest) instead of being
-- spread over every page of it, so recording them costs the extract's size,
-- not the size of every extract before it. An access request reads it per
-- extract of a project (few), by (extract_id, project_person_id).
CREATE TABLE proj_extract_persons_by_extract (
  extract_id        INTEGER NOT NULL REFERENCES proj_extracts (id),
  project_person_id INTEGER NOT NULL,
  PRIMARY KEY (extract_id, project_person_id)
) STRICT, WITHOUT ROWID;
INSERT INTO proj_extract_persons_by_extract (extract_id, project_person_id)
  SELECT extract_id, project_person_id FROM proj_extract_persons ORDER BY extract_id, project_person_id;
DROP TABLE proj_extract_persons;
ALTER TABLE proj_extract_persons_by_extract RENAME TO proj_extract_persons;
