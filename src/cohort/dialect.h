// SPDX-License-Identifier: AGPL-3.0-or-later
//
// What differs between the SQL of the warehouse backends, for the cohort
// compiler (cohort_sql.h): parameter placeholders and their types, date
// arithmetic, date formatting, the least of several dates, and the collation
// of prefix ranges. Each method returns an SQL fragment; arguments are SQL
// expressions the compiler built, never values from a definition (those are
// always bound parameters).
//
// Dates: SQLite holds them as 'YYYY-MM-DD' text, PostgreSQL as DATE.
// Implementations are stateless and thread-safe.
#ifndef SOVHUB_COHORT_DIALECT_H_
#define SOVHUB_COHORT_DIALECT_H_

#include <string>
#include <string_view>
#include <vector>

namespace sovhub::cohort {

enum class ParamType { kInteger, kText, kDate };

class Dialect {
 public:
  virtual ~Dialect() = default;

  // "sqlite", "postgresql".
  virtual std::string_view name() const = 0;

  // The placeholder of the `number`-th (1-based) bound parameter, typed so
  // that the backend knows it without context: SQLite ?N, PostgreSQL $N::type.
  virtual std::string Param(int number, ParamType type) const = 0;

  // The date `date` plus `days` (an integer expression, maybe negative).
  virtual std::string AddDays(std::string_view date, std::string_view days) const = 0;

  // Whole days from the date `from` to the date `to` (an integer).
  virtual std::string DaysBetween(std::string_view from, std::string_view to) const = 0;

  // The date as the integer YYYYMMDD (for ages in completed years).
  virtual std::string DateKey(std::string_view date) const = 0;

  // The date as 'YYYY-MM-DD' text (the type of the index_date column).
  virtual std::string DateText(std::string_view date) const = 0;

  // The earliest of `dates`, ignoring NULLs; NULL when all are NULL.
  virtual std::string LeastDate(const std::vector<std::string>& dates) const = 0;

  // `column` as an operand of a byte-order comparison, so that the range
  // [prefix, prefix with its last character incremented) holds exactly the
  // codes starting with prefix, whatever the database's collation.
  virtual std::string Bytewise(std::string_view column) const = 0;
};

// SQLite 3.35 or later.
const Dialect& SqliteDialect();
// PostgreSQL 13 or later.
const Dialect& PostgresDialect();

}  // namespace sovhub::cohort

#endif  // SOVHUB_COHORT_DIALECT_H_
