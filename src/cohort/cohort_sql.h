// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Compiles a cohort definition (domain/cohort.h) to one SQL query on the OMOP
// tables of the warehouse (src/store/migrations/sqlite/003_omop.sql), with
// the meaning docs/cohort.md states.
//
// Every value of the definition (codes, dates, counts, ages, departments) is a
// bound parameter: the SQL text depends only on the definition's shape, never
// on its values. Prefixes are index-friendly ranges (col >= 'E11' AND col <
// 'E12'), not LIKE. Each event criterion is one pass over its table,
// aggregated per person (GROUP BY person_id with MIN(date) and COUNT(*));
// the persons who can qualify are found from those aggregates, not by a
// subquery per person over the event tables.
#ifndef SOVHUB_COHORT_COHORT_SQL_H_
#define SOVHUB_COHORT_COHORT_SQL_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "cohort/dialect.h"
#include "domain/cohort.h"

namespace sovhub::cohort {

using SqlParam = std::variant<std::int64_t, std::string>;

struct CompiledQuery {
  std::string sql;
  // params[i] binds placeholder i + 1 (SQLite ?N, PostgreSQL $N). Dates are
  // 'YYYY-MM-DD' strings.
  std::vector<SqlParam> params;
};

// The cohort: one row per person, columns person_id (INTEGER) and index_date
// (TEXT 'YYYY-MM-DD'), ordered by person_id.
// Precondition: Validate(definition) is ok (ParseCohort's results are).
CompiledQuery Compile(const Definition& definition, const Dialect& dialect);

// One row, one column `persons`: the number of persons Compile's query returns.
CompiledQuery CompileCount(const Definition& definition, const Dialect& dialect);

}  // namespace sovhub::cohort

#endif  // SOVHUB_COHORT_COHORT_SQL_H_
