-- SPDX-License-Identifier: AGPL-3.0-or-later
-- The cohort language checks, for each candidate, that an observation period
-- covers the index date (and the washout and follow-up windows). With the
-- dates in the index, that check reads the index alone, not the table's rows.
DROP INDEX observation_period_by_person;
CREATE INDEX observation_period_by_person
  ON observation_period (person_id, observation_period_start_date, observation_period_end_date);
