// SPDX-License-Identifier: AGPL-3.0-or-later
#include "cohort/cohort_sql.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>

#include "cohort/cohort_json.h"

namespace sovhub::cohort {
namespace {

Definition Parse(std::string_view json) {
  auto parsed = ParseCohort(json);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? *parsed : Definition{};
}

constexpr std::string_view kDiabetes = R"({"version": 1, "washout_days": 365,
  "population": {"all": [
    {"any": [{"condition": {"icd10": ["E11*"]}},
             {"drug": {"atc": ["A10B*"], "min_count": 2}}]},
    {"demographics": {"age": {"min": 18}}}]}})";

// Every kind of criterion, exact codes and prefixes, windows, not.
constexpr std::string_view kEverything = R"({"version": 1, "follow_up_days": 30,
  "population": {"all": [
    {"condition": {"icd10": ["E119", "I21*"], "window": {"from": "2020-01-01", "to": "2020-12-31"},
                   "min_count": 3}},
    {"not": {"drug": {"cip13": ["3400993010111", "340099*"], "atc": ["N02BE01"]}}},
    {"any": [{"procedure": {"ccam": ["DZQM006"]}},
             {"stay": {"diagnosis": ["I50*"], "min_days": 3}},
             {"death": {"window": {"to": "2023-12-31"}}}]},
    {"demographics": {"age": {"min": 18, "max": 79}, "sex": "F", "department": ["2A", "75"]}}]}})";

std::set<int> Placeholders(const std::string& sql, const std::string& pattern) {
  std::set<int> numbers;
  std::regex placeholder(pattern);
  for (auto it = std::sregex_iterator(sql.begin(), sql.end(), placeholder);
       it != std::sregex_iterator(); ++it) {
    numbers.insert(std::stoi((*it)[1]));
  }
  return numbers;
}

std::set<int> OneTo(std::size_t n) {
  std::set<int> numbers;
  for (std::size_t i = 1; i <= n; ++i) numbers.insert(static_cast<int>(i));
  return numbers;
}

TEST(CohortSqlTest, EveryParameterIsUsedOnceAndNumbered) {
  for (std::string_view json : {kDiabetes, kEverything}) {
    Definition definition = Parse(json);
    CompiledQuery sqlite = Compile(definition, SqliteDialect());
    EXPECT_EQ(Placeholders(sqlite.sql, R"(\?(\d+))"), OneTo(sqlite.params.size())) << sqlite.sql;
    EXPECT_EQ(sqlite.sql.find('$'), std::string::npos);
    CompiledQuery postgres = Compile(definition, PostgresDialect());
    EXPECT_EQ(Placeholders(postgres.sql, R"(\$(\d+)::(?:integer|text|date))"),
              OneTo(postgres.params.size()))
        << postgres.sql;
    EXPECT_EQ(postgres.sql.find('?'), std::string::npos);
    EXPECT_EQ(postgres.params, sqlite.params);
  }
}

TEST(CohortSqlTest, ValuesAreBoundNeverWritten) {
  Definition definition = Parse(kEverything);
  CompiledQuery query = Compile(definition, SqliteDialect());
  for (std::string_view value : {"E119", "I21", "I22", "2020-01-01", "2020-12-31", "3400993010111",
                                 "340099", "N02BE01", "DZQM006", "I50", "2023-12-31", "2A", "75"}) {
    EXPECT_EQ(query.sql.find(value), std::string::npos) << value;
    EXPECT_NE(std::find(query.params.begin(), query.params.end(), SqlParam(std::string(value))),
              query.params.end())
        << value;
  }
  for (std::int64_t value : {3, 18, 79, 30}) {
    EXPECT_NE(std::find(query.params.begin(), query.params.end(), SqlParam(value)),
              query.params.end())
        << value;
  }
  // Female is the NIR's sex digit 2.
  EXPECT_NE(std::find(query.params.begin(), query.params.end(), SqlParam(std::string("2"))),
            query.params.end());
}

TEST(CohortSqlTest, SqlDependsOnlyOnTheShape) {
  Definition a = Parse(kDiabetes);
  Definition b = Parse(R"({"version": 1, "washout_days": 180,
    "population": {"all": [
      {"any": [{"condition": {"icd10": ["E10*"]}},
               {"drug": {"atc": ["A10A*"], "min_count": 3}}]},
      {"demographics": {"age": {"min": 40}}}]}})");
  EXPECT_EQ(Compile(a, SqliteDialect()).sql, Compile(b, SqliteDialect()).sql);
  EXPECT_NE(Compile(a, SqliteDialect()).params, Compile(b, SqliteDialect()).params);
}

TEST(CohortSqlTest, PrefixesAreRangesNotLike) {
  CompiledQuery query = Compile(Parse(kDiabetes), SqliteDialect());
  EXPECT_EQ(query.sql.find("LIKE"), std::string::npos);
  EXPECT_NE(query.sql.find("(condition_source_value >= ?1 AND condition_source_value < ?2)"),
            std::string::npos)
      << query.sql;
  EXPECT_EQ(query.params[0], SqlParam(std::string("E11")));
  EXPECT_EQ(query.params[1], SqlParam(std::string("E12")));
  EXPECT_NE(query.sql.find("(atc >= ?4 AND atc < ?5)"), std::string::npos) << query.sql;
  EXPECT_EQ(query.params[3], SqlParam(std::string("A10B")));
  EXPECT_EQ(query.params[4], SqlParam(std::string("A10C")));

  // '9' and 'Z' end prefixes too: their successors are ':' and '['.
  CompiledQuery nines = Compile(Parse(R"({"version": 1, "population": {"any": [
      {"condition": {"icd10": ["E119*"]}}, {"procedure": {"ccam": ["YYYZ*"]}}]}})"),
                                SqliteDialect());
  EXPECT_EQ(nines.params[1], SqlParam(std::string("E11:")));
  EXPECT_EQ(nines.params[4], SqlParam(std::string("YYY[")));
}

TEST(CohortSqlTest, AggregatesPerPersonWithoutCorrelatedEventSubqueries) {
  CompiledQuery query = Compile(Parse(kEverything), SqliteDialect());
  // One pass per event criterion, grouped by person.
  EXPECT_NE(query.sql.find("GROUP BY person_id\n  HAVING COUNT(*) >= ?"), std::string::npos);
  // The only correlated subquery is the observation-period check (one: the
  // definition has a follow-up and no washout).
  std::regex correlated(R"(person_id = c\.person_id)");
  EXPECT_EQ(std::distance(std::sregex_iterator(query.sql.begin(), query.sql.end(), correlated),
                          std::sregex_iterator()),
            1);
}

TEST(CohortSqlTest, DialectsDiffer) {
  Definition definition = Parse(kEverything);
  CompiledQuery sqlite = Compile(definition, SqliteDialect());
  CompiledQuery postgres = Compile(definition, PostgresDialect());
  // Date arithmetic.
  EXPECT_NE(sqlite.sql.find("date(c.index_date, (?"), std::string::npos) << sqlite.sql;
  EXPECT_NE(sqlite.sql.find("julianday(visit_end_date) - julianday(visit_start_date)"),
            std::string::npos);
  EXPECT_NE(postgres.sql.find("(c.index_date + ($"), std::string::npos) << postgres.sql;
  EXPECT_NE(postgres.sql.find("(visit_end_date - visit_start_date)"), std::string::npos);
  // The least of several dates: SQLite's min() is NULL if one argument is.
  EXPECT_NE(sqlite.sql.find("NULLIF(min(COALESCE("), std::string::npos);
  EXPECT_NE(postgres.sql.find("LEAST(CASE WHEN"), std::string::npos);
  // Date output and ages.
  EXPECT_NE(postgres.sql.find("SELECT person_id, to_char(index_date, 'YYYY-MM-DD') AS index_date"),
            std::string::npos);
  EXPECT_NE(sqlite.sql.find("SELECT person_id, index_date AS index_date"), std::string::npos);
  EXPECT_NE(sqlite.sql.find("CAST(replace(index_date, '-', '') AS INTEGER)"), std::string::npos);
  EXPECT_NE(postgres.sql.find("CAST(to_char(index_date, 'YYYYMMDD') AS INTEGER)"),
            std::string::npos);
  // Prefix ranges in byte order whatever the collation.
  EXPECT_NE(postgres.sql.find("condition_source_value COLLATE \"C\" >= $"), std::string::npos);
  EXPECT_EQ(sqlite.sql.find("COLLATE"), std::string::npos);
  EXPECT_EQ(SqliteDialect().name(), "sqlite");
  EXPECT_EQ(PostgresDialect().name(), "postgresql");
}

TEST(CohortSqlTest, CountWrapsTheSameCohort) {
  Definition definition = Parse(kDiabetes);
  CompiledQuery rows = Compile(definition, SqliteDialect());
  CompiledQuery count = CompileCount(definition, SqliteDialect());
  EXPECT_EQ(count.params, rows.params);
  std::string common = rows.sql.substr(0, rows.sql.rfind("SELECT person_id"));
  EXPECT_EQ(count.sql, common + "SELECT COUNT(*) AS persons\nFROM cohort");
  EXPECT_TRUE(rows.sql.ends_with("ORDER BY person_id"));
}

TEST(CohortSqlTest, CandidatesComeFromTheEventsWhenTheyMust) {
  // An `all` needing an event: only the persons of the event tables.
  CompiledQuery events = Compile(Parse(kDiabetes), SqliteDialect());
  EXPECT_NE(events.sql.find("hits (person_id, k, first_date) AS (\n"
                            "  SELECT person_id, 3 AS k, first_date FROM e3\n"
                            "  UNION ALL SELECT person_id, 4 AS k, first_date FROM e4)"),
            std::string::npos)
      << events.sql;
  EXPECT_EQ(events.sql.find("first_observation"), std::string::npos);
  // Demographics alone: everyone observed, and the first observation as index.
  CompiledQuery everyone = Compile(
      Parse(R"({"version": 1, "population": {"demographics": {"sex": "M"}}})"), SqliteDialect());
  EXPECT_NE(everyone.sql.find("  FROM first_observation fo\n  JOIN person p"), std::string::npos)
      << everyone.sql;
  EXPECT_EQ(everyone.sql.find("per_person"), std::string::npos);
  EXPECT_NE(everyone.sql.find("first_observation AS index_date"), std::string::npos);
  // An `any` whose branch has no event: events give the index when they can.
  CompiledQuery mixed = Compile(Parse(R"({"version": 1, "population": {"any": [
      {"condition": {"icd10": ["E11*"]}}, {"death": {}}]}})"),
                                SqliteDialect());
  EXPECT_NE(mixed.sql.find("COALESCE(CASE WHEN s2 THEN f2 END, first_observation)"),
            std::string::npos)
      << mixed.sql;
  EXPECT_NE(mixed.sql.find("SELECT person_id, 3 AS k, CAST(NULL AS DATE) FROM d3"),
            std::string::npos);
  EXPECT_NE(mixed.sql.find("LEFT JOIN per_person h ON h.person_id = fo.person_id"),
            std::string::npos);
  EXPECT_NE(mixed.sql.find("COALESCE(h.s2, FALSE) AS s2"), std::string::npos);
}

TEST(CohortSqlTest, OneEventCriterionNeedsNoSecondGrouping) {
  CompiledQuery one = Compile(
      Parse(R"({"version": 1, "population": {"drug": {"atc": ["C*"], "min_count": 2}}})"),
      SqliteDialect());
  EXPECT_EQ(one.sql.find("hits"), std::string::npos) << one.sql;
  EXPECT_NE(one.sql.find("per_person AS (\n  SELECT person_id, TRUE AS s1, first_date AS f1\n"
                         "  FROM e1)"),
            std::string::npos)
      << one.sql;
  // A demographic criterion beside it reads the person row, not a table.
  CompiledQuery with_age = Compile(Parse(R"({"version": 1, "population": {"all": [
      {"drug": {"atc": ["C*"]}}, {"demographics": {"age": {"min": 18}}}]}})"),
                                   SqliteDialect());
  EXPECT_EQ(with_age.sql.find("hits"), std::string::npos) << with_age.sql;
  CompiledQuery death = Compile(
      Parse(R"({"version": 1, "population": {"death": {}}})"), SqliteDialect());
  EXPECT_NE(death.sql.find("per_person AS (\n  SELECT person_id, TRUE AS s1\n  FROM d1)"),
            std::string::npos)
      << death.sql;
}

std::size_t Occurrences(const std::string& text, const std::string& word) {
  std::size_t count = 0;
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    ++count;
  }
  return count;
}

TEST(CohortSqlTest, ObservationIsLookedUpOnceUnlessBothWindowsAreSet) {
  auto lookups = [](std::string_view windows) {
    std::string json = R"({"version": 1, )" + std::string(windows) +
                       R"("population": {"condition": {"icd10": ["E11*"]}}})";
    return Occurrences(Compile(Parse(json), SqliteDialect()).sql, "FROM observation_period op");
  };
  EXPECT_EQ(lookups(""), 1u);
  EXPECT_EQ(lookups(R"("washout_days": 365, )"), 1u);
  EXPECT_EQ(lookups(R"("follow_up_days": 30, )"), 1u);
  EXPECT_EQ(lookups(R"("washout_days": 365, "follow_up_days": 30, )"), 2u);
}

}  // namespace
}  // namespace sovhub::cohort
