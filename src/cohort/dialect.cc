// SPDX-License-Identifier: AGPL-3.0-or-later
#include "cohort/dialect.h"

namespace sovhub::cohort {
namespace {

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

class Sqlite final : public Dialect {
 public:
  std::string_view name() const override { return "sqlite"; }

  // Numbered, so that the text can use them in any order; SQLite types a
  // value by what is bound.
  std::string Param(int number, ParamType) const override { return "?" + std::to_string(number); }

  // date('2020-01-01', '-365 days'): the modifier is built from the integer.
  std::string AddDays(std::string_view date, std::string_view days) const override {
    return "date(" + std::string(date) + ", (" + std::string(days) + ") || ' days')";
  }

  std::string DaysBetween(std::string_view from, std::string_view to) const override {
    return "CAST(julianday(" + std::string(to) + ") - julianday(" + std::string(from) +
           ") AS INTEGER)";
  }

  std::string DateKey(std::string_view date) const override {
    return "CAST(replace(" + std::string(date) + ", '-', '') AS INTEGER)";
  }

  std::string DateText(std::string_view date) const override { return std::string(date); }

  // SQLite's scalar min() is NULL as soon as one argument is: NULLs become
  // '~', which sorts after every 'YYYY-MM-DD' text, and back.
  std::string LeastDate(const std::vector<std::string>& dates) const override {
    if (dates.size() == 1) return dates[0];
    std::vector<std::string> filled;
    for (const std::string& date : dates) filled.push_back("COALESCE(" + date + ", '~')");
    return "NULLIF(min(" + Join(filled, ", ") + "), '~')";
  }

  // Columns compare with BINARY, the collation of their indexes, by default.
  std::string Bytewise(std::string_view column) const override { return std::string(column); }
};

class Postgres final : public Dialect {
 public:
  std::string_view name() const override { return "postgresql"; }

  // Typed, because PostgreSQL cannot always infer a parameter's type (in
  // LEAST, COALESCE, or arithmetic with another parameter).
  std::string Param(int number, ParamType type) const override {
    std::string placeholder = "$" + std::to_string(number);
    switch (type) {
      case ParamType::kInteger:
        return placeholder + "::integer";  // date + integer is a date; bigint has no such operator
      case ParamType::kText:
        return placeholder + "::text";
      case ParamType::kDate:
        return placeholder + "::date";
    }
    return placeholder;
  }

  std::string AddDays(std::string_view date, std::string_view days) const override {
    return "(" + std::string(date) + " + (" + std::string(days) + "))";
  }

  std::string DaysBetween(std::string_view from, std::string_view to) const override {
    return "(" + std::string(to) + " - " + std::string(from) + ")";
  }

  std::string DateKey(std::string_view date) const override {
    return "CAST(to_char(" + std::string(date) + ", 'YYYYMMDD') AS INTEGER)";
  }

  std::string DateText(std::string_view date) const override {
    return "to_char(" + std::string(date) + ", 'YYYY-MM-DD')";
  }

  // LEAST ignores NULLs.
  std::string LeastDate(const std::vector<std::string>& dates) const override {
    if (dates.size() == 1) return dates[0];
    return "LEAST(" + Join(dates, ", ") + ")";
  }

  // A database collation such as fr_FR.UTF-8 does not order ':' after '9':
  // the range must be in byte order, and an index (text_pattern_ops or
  // COLLATE "C") in that order serves it.
  std::string Bytewise(std::string_view column) const override {
    return std::string(column) + " COLLATE \"C\"";
  }
};

}  // namespace

const Dialect& SqliteDialect() {
  static const Sqlite kDialect{};
  return kDialect;
}

const Dialect& PostgresDialect() {
  static const Postgres kDialect{};
  return kDialect;
}

}  // namespace sovhub::cohort
