// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The meaning of the cohort language (docs/cohort.md), one test per rule, on
// a hand-built OMOP fixture in a hub database: each test states the expected
// cohort (person_id, index_date) by hand and runs the compiled query on
// SQLite. Every query is also compiled for PostgreSQL, to check its
// placeholders (no server needed).
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cohort/cohort_json.h"
#include "cohort/cohort_sql.h"
#include "store/event_layer_sqlite.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "testing/testing.h"

namespace sovhub {
namespace {

// Drug codes (CIP13, valid check digits) and their ATC classes.
//   3400930000014  metformin    A10BA02
//   3400930000021  glibenclamide A10BB01 (dispensed to nobody)
//   3400930000038  paracetamol  N02BE01
// Default observation period: 2015-01-01 to 2023-12-31.
//
//  id sex birth       dept events
//   1 M   1960-05-10  75   condition E119 2020-03-15, I10 2018-01-01
//   2 F   1970-01-01  2A   condition E11 2019-02-01
//   3 M   1980-07-01  13   condition E10 2019-05-05; metformin 2019-06-01, 2019-07-01
//   4 F   1985-03-03  75   metformin 2020-01-10 (once); paracetamol 2020-02-02;
//                          condition E66 2020-05-05
//   5 F   2003-04-20  75   condition E116 2021-04-20 (18th birthday)
//   6 M   2003-04-21  75   condition E116 2021-04-20 (day before the 18th birthday)
//   7 M   1950 (month and day unknown), no location
//                          condition E11 2016-01-01
//   8 F   1950-06-15  13   condition E11 2016-01-01; observed from 2015-01-02
//   9 M   1975-09-09  75   MCO stay 2021-06-01..2021-06-04 (DP I500, DAS E119),
//                          SSR stay 2021-08-01..2021-08-30 (DP I500),
//                          procedure DZQM006 2021-06-02; died 2023-02-10,
//                          observed until 2023-02-10
//  10 F   1990-12-31  2A   MCO stay 2022-01-10..2022-01-12 (DP I501, DAS Z515),
//                          procedures DZQM005 2022-01-11, YYYY600 2022-03-01
//  11 M   1965-02-02  13   condition E119 2014-06-01 (before observation)
//  12 F   1955-11-11  75   condition I219 2018-12-31, 2019-01-01, 2019-12-31,
//                          2020-01-01; observed until 2019-12-31
//  13 M   1945-01-01  75   SSR stay 2019-03-01..2019-03-20; died 2020-06-01;
//                          observed 2010-01-01 to 2020-06-01
//  14 F   1940-01-01  2B   condition E11 2020-01-01; never observed
constexpr std::string_view kFixture = R"sql(
INSERT INTO location (location_id, county) VALUES (1, '75'), (2, '2A'), (3, '13'), (4, '2B');
INSERT INTO person (person_id, gender_concept_id, year_of_birth, month_of_birth, day_of_birth,
                    race_concept_id, ethnicity_concept_id, location_id, gender_source_value) VALUES
  (1, 0, 1960, 5, 10, 0, 0, 1, '1'),
  (2, 0, 1970, 1, 1, 0, 0, 2, '2'),
  (3, 0, 1980, 7, 1, 0, 0, 3, '1'),
  (4, 0, 1985, 3, 3, 0, 0, 1, '2'),
  (5, 0, 2003, 4, 20, 0, 0, 1, '2'),
  (6, 0, 2003, 4, 21, 0, 0, 1, '1'),
  (7, 0, 1950, NULL, NULL, 0, 0, NULL, '1'),
  (8, 0, 1950, 6, 15, 0, 0, 3, '2'),
  (9, 0, 1975, 9, 9, 0, 0, 1, '1'),
  (10, 0, 1990, 12, 31, 0, 0, 2, '2'),
  (11, 0, 1965, 2, 2, 0, 0, 3, '1'),
  (12, 0, 1955, 11, 11, 0, 0, 1, '2'),
  (13, 0, 1945, 1, 1, 0, 0, 1, '1'),
  (14, 0, 1940, 1, 1, 0, 0, 4, '2');
INSERT INTO observation_period (person_id, observation_period_start_date,
                                observation_period_end_date, period_type_concept_id) VALUES
  (1, '2015-01-01', '2023-12-31', 0), (2, '2015-01-01', '2023-12-31', 0),
  (3, '2015-01-01', '2023-12-31', 0), (4, '2015-01-01', '2023-12-31', 0),
  (5, '2015-01-01', '2023-12-31', 0), (6, '2015-01-01', '2023-12-31', 0),
  (7, '2015-01-01', '2023-12-31', 0), (8, '2015-01-02', '2023-12-31', 0),
  (9, '2015-01-01', '2023-02-10', 0), (10, '2015-01-01', '2023-12-31', 0),
  (11, '2015-01-01', '2023-12-31', 0), (12, '2015-01-01', '2019-12-31', 0),
  (13, '2010-01-01', '2020-06-01', 0);
INSERT INTO visit_occurrence (visit_occurrence_id, person_id, visit_concept_id, visit_start_date,
                              visit_end_date, visit_type_concept_id, visit_source_value) VALUES
  (91, 9, 0, '2021-06-01', '2021-06-04', 0, 'MCO'),
  (92, 9, 0, '2021-08-01', '2021-08-30', 0, 'SSR'),
  (101, 10, 0, '2022-01-10', '2022-01-12', 0, 'MCO'),
  (131, 13, 0, '2019-03-01', '2019-03-20', 0, 'SSR');
INSERT INTO condition_occurrence (person_id, condition_concept_id, condition_start_date,
                                  condition_type_concept_id, visit_occurrence_id,
                                  condition_source_value, condition_status_source_value) VALUES
  (1, 0, '2020-03-15', 0, NULL, 'E119', NULL),
  (1, 0, '2018-01-01', 0, NULL, 'I10', NULL),
  (2, 0, '2019-02-01', 0, NULL, 'E11', NULL),
  (3, 0, '2019-05-05', 0, NULL, 'E10', NULL),
  (4, 0, '2020-05-05', 0, NULL, 'E66', NULL),
  (5, 0, '2021-04-20', 0, NULL, 'E116', NULL),
  (6, 0, '2021-04-20', 0, NULL, 'E116', NULL),
  (7, 0, '2016-01-01', 0, NULL, 'E11', NULL),
  (8, 0, '2016-01-01', 0, NULL, 'E11', NULL),
  (9, 0, '2021-06-01', 0, 91, 'I500', 'DP'),
  (9, 0, '2021-06-01', 0, 91, 'E119', 'DAS'),
  (9, 0, '2021-08-01', 0, 92, 'I500', 'DP'),
  (10, 0, '2022-01-10', 0, 101, 'I501', 'DP'),
  (10, 0, '2022-01-10', 0, 101, 'Z515', 'DAS'),
  (11, 0, '2014-06-01', 0, NULL, 'E119', NULL),
  (12, 0, '2018-12-31', 0, NULL, 'I219', NULL),
  (12, 0, '2019-01-01', 0, NULL, 'I219', NULL),
  (12, 0, '2019-12-31', 0, NULL, 'I219', NULL),
  (12, 0, '2020-01-01', 0, NULL, 'I219', NULL),
  (14, 0, '2020-01-01', 0, NULL, 'E11', NULL);
INSERT INTO omop_drug_atc (drug_source_value, atc) VALUES
  ('3400930000014', 'A10BA02'), ('3400930000021', 'A10BB01'), ('3400930000038', 'N02BE01');
INSERT INTO drug_exposure (person_id, drug_concept_id, drug_exposure_start_date,
                           drug_exposure_end_date, drug_type_concept_id, drug_source_value) VALUES
  (3, 0, '2019-06-01', '2019-06-30', 0, '3400930000014'),
  (3, 0, '2019-07-01', '2019-07-30', 0, '3400930000014'),
  (4, 0, '2020-01-10', '2020-02-09', 0, '3400930000014'),
  (4, 0, '2020-02-02', '2020-02-09', 0, '3400930000038');
INSERT INTO procedure_occurrence (person_id, procedure_concept_id, procedure_date,
                                  procedure_type_concept_id, procedure_source_value) VALUES
  (9, 0, '2021-06-02', 0, 'DZQM006'),
  (10, 0, '2022-01-11', 0, 'DZQM005'),
  (10, 0, '2022-03-01', 0, 'YYYY600');
INSERT INTO death (person_id, death_date) VALUES (9, '2023-02-10'), (13, '2020-06-01');
)sql";

using Cohort = std::vector<std::pair<std::int64_t, std::string>>;

class CohortSemanticsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<testing::TempDir>();
    std::filesystem::path path = *dir_ / "hub.db";
    {
      auto store = store::OpenSqliteStore(path, {.create = true, .now = "2026-01-01T00:00:00Z"});
      ASSERT_TRUE(store.ok()) << store.status().ToString();
    }
    auto db = store::Database::Open(path, {});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::make_unique<store::Database>(std::move(db).value());
    Status loaded = db_->Exec(kFixture);
    ASSERT_TRUE(loaded.ok()) << loaded.ToString();
    // The fixture writes event rows by hand: the code summaries that
    // criteria without a window read are derived from them, as a rebuild does.
    Status summarised = store::RebuildCodeSummariesSqlite(*db_);
    ASSERT_TRUE(summarised.ok()) << summarised.ToString();
  }

  static void TearDownTestSuite() {
    db_.reset();
    dir_.reset();
  }

  // Runs the definition on the fixture; checks the count query and the
  // PostgreSQL placeholders on the way.
  static Cohort Run(std::string_view json) {
    auto definition = cohort::ParseCohort(json);
    EXPECT_TRUE(definition.ok()) << definition.status().ToString();
    if (!definition.ok()) return {};
    cohort::CompiledQuery query = cohort::Compile(*definition, cohort::SqliteDialect());
    Cohort rows;
    auto statement = Prepare(query);
    if (!statement) return {};
    while (true) {
      auto step = statement->Step();
      EXPECT_TRUE(step.ok()) << step.status().ToString() << "\n" << query.sql;
      if (!step.ok() || !*step) break;
      rows.emplace_back(statement->ColumnInt64(0), statement->ColumnText(1));
    }

    auto count = Prepare(cohort::CompileCount(*definition, cohort::SqliteDialect()));
    if (count) {
      auto step = count->Step();
      EXPECT_TRUE(step.ok() && *step);
      EXPECT_EQ(count->ColumnInt64(0), static_cast<std::int64_t>(rows.size()));
    }

    cohort::CompiledQuery postgres = cohort::Compile(*definition, cohort::PostgresDialect());
    std::set<int> numbers;
    std::regex placeholder(R"(\$(\d+)::)");
    for (auto it = std::sregex_iterator(postgres.sql.begin(), postgres.sql.end(), placeholder);
         it != std::sregex_iterator(); ++it) {
      numbers.insert(std::stoi((*it)[1]));
    }
    EXPECT_EQ(numbers.size(), postgres.params.size());
    EXPECT_TRUE(numbers.empty() || (*numbers.begin() == 1 &&
                                    *numbers.rbegin() == static_cast<int>(postgres.params.size())));
    EXPECT_EQ(postgres.sql.find('?'), std::string::npos);
    return rows;
  }

  static std::unique_ptr<store::Statement> Prepare(const cohort::CompiledQuery& query) {
    auto statement = db_->Prepare(query.sql);
    EXPECT_TRUE(statement.ok()) << statement.status().ToString() << "\n" << query.sql;
    if (!statement.ok()) return nullptr;
    for (std::size_t i = 0; i < query.params.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      Status bound = std::holds_alternative<std::int64_t>(query.params[i])
                         ? statement->BindInt64(index, std::get<std::int64_t>(query.params[i]))
                         : statement->BindText(index, std::get<std::string>(query.params[i]));
      EXPECT_TRUE(bound.ok()) << bound.ToString();
    }
    return std::make_unique<store::Statement>(std::move(statement).value());
  }

  // A definition around one population criterion.
  static std::string With(std::string_view population, int washout = 0, int follow_up = 0) {
    return R"({"version": 1, "population": )" + std::string(population) + R"(, "washout_days": )" +
           std::to_string(washout) + R"(, "follow_up_days": )" + std::to_string(follow_up) + "}";
  }

  static std::unique_ptr<testing::TempDir> dir_;
  static std::unique_ptr<store::Database> db_;
};

std::unique_ptr<testing::TempDir> CohortSemanticsTest::dir_;
std::unique_ptr<store::Database> CohortSemanticsTest::db_;

TEST_F(CohortSemanticsTest, PrefixMatchesEveryCodeBelowItExactMatchesOne) {
  // 11 has E119 before being observed, 14 is never observed.
  EXPECT_EQ(Run(With(R"({"condition": {"icd10": ["E11*"]}})")), (Cohort{{1, "2020-03-15"},
                                                                        {2, "2019-02-01"},
                                                                        {5, "2021-04-20"},
                                                                        {6, "2021-04-20"},
                                                                        {7, "2016-01-01"},
                                                                        {8, "2016-01-01"},
                                                                        {9, "2021-06-01"}}));
  EXPECT_EQ(Run(With(R"({"condition": {"icd10": ["E11"]}})")),
            (Cohort{{2, "2019-02-01"}, {7, "2016-01-01"}, {8, "2016-01-01"}}));
  EXPECT_EQ(Run(With(R"({"condition": {"icd10": ["E11.9"]}})")),
            (Cohort{{1, "2020-03-15"}, {9, "2021-06-01"}}));
  EXPECT_EQ(Run(With(R"({"condition": {"icd10": ["E1*"]}})")).size(), 8u);  // E10 too
}

TEST_F(CohortSemanticsTest, WindowBoundsAreInclusive) {
  // 12 has I219 on 2018-12-31, 2019-01-01, 2019-12-31 and 2020-01-01.
  std::string in_2019 = R"({"from": "2019-01-01", "to": "2019-12-31"})";
  EXPECT_EQ(Run(With(R"({"condition": {"icd10": ["I21*"], "window": )" + in_2019 + "}}")),
            (Cohort{{12, "2019-01-01"}}));
  EXPECT_EQ(Run(With(R"({"condition": {"icd10": ["I21*"], "window": {"from": "2019-01-02"}}})")),
            (Cohort{{12, "2019-12-31"}}));
  EXPECT_EQ(Run(With(R"({"condition": {"icd10": ["I21*"], "window": {"to": "2019-12-30"}}})")),
            (Cohort{{12, "2018-12-31"}}));
  EXPECT_EQ(Run(With(R"({"condition": {"icd10": ["I21*"], "window": {"from": "2020-01-02"}}})")),
            Cohort{});
}

TEST_F(CohortSemanticsTest, MinCountCountsRowsInTheWindow) {
  std::string in_2019 = R"({"from": "2019-01-01", "to": "2019-12-31"})";
  EXPECT_EQ(
      Run(With(R"({"condition": {"icd10": ["I219"], "min_count": 2, "window": )" + in_2019 + "}}")),
      (Cohort{{12, "2019-01-01"}}));
  EXPECT_EQ(
      Run(With(R"({"condition": {"icd10": ["I219"], "min_count": 3, "window": )" + in_2019 + "}}")),
      Cohort{});
  // Dispensings: 3 has two metformin rows, 4 one.
  EXPECT_EQ(Run(With(R"({"drug": {"atc": ["A10B*"], "min_count": 2}})")),
            (Cohort{{3, "2019-06-01"}}));
  EXPECT_EQ(Run(With(R"({"drug": {"atc": ["A10B*"], "min_count": 3}})")), Cohort{});
  EXPECT_EQ(Run(With(R"({"drug": {"atc": ["A10B*"]}})")),
            (Cohort{{3, "2019-06-01"}, {4, "2020-01-10"}}));
}

TEST_F(CohortSemanticsTest, CodeSummariesGiveWhatTheEventRowsGive) {
  // Without a window a criterion reads the code summaries; a window that
  // holds every date makes it read the event rows. Same persons, same dates.
  const std::string everything = R"(, "window": {"from": "1900-01-01", "to": "2999-12-31"})";
  for (const std::string& criterion :
       {std::string(R"("condition": {"icd10": ["E11*"])"),
        std::string(R"("condition": {"icd10": ["I219"], "min_count": 2)"),
        std::string(R"("condition": {"icd10": ["I219"], "min_count": 4)"),
        std::string(R"("drug": {"atc": ["A10B*"], "min_count": 2)"),
        std::string(R"("drug": {"atc": ["A10BA*"], "cip13": ["3400930000038"])"),
        std::string(R"("procedure": {"ccam": ["DZQM006"])"),
        std::string(R"("procedure": {"ccam": ["D*"], "min_count": 2)")}) {
    Cohort summarised = Run(With("{" + criterion + "}}"));
    Cohort rows = Run(With("{" + criterion + everything + "}}"));
    EXPECT_EQ(summarised, rows) << criterion;
  }
  EXPECT_FALSE(Run(With(R"({"condition": {"icd10": ["E11*"]}})")).empty());
  EXPECT_FALSE(Run(With(R"({"condition": {"icd10": ["I219"], "min_count": 4}})")).empty());
}

TEST_F(CohortSemanticsTest, DrugsMatchByCip13OrThroughTheirAtcClass) {
  EXPECT_EQ(Run(With(R"({"drug": {"cip13": ["3400930000038"]}})")), (Cohort{{4, "2020-02-02"}}));
  EXPECT_EQ(Run(With(R"({"drug": {"cip13": ["340093*"]}})")),
            (Cohort{{3, "2019-06-01"}, {4, "2020-01-10"}}));
  EXPECT_EQ(Run(With(R"({"drug": {"atc": ["N02BE01"]}})")), (Cohort{{4, "2020-02-02"}}));
  // Without '*' an ATC class is an exact code: no drug is coded A10BA itself.
  EXPECT_EQ(Run(With(R"({"drug": {"atc": ["A10BA"]}})")), Cohort{});
  EXPECT_EQ(Run(With(R"({"drug": {"atc": ["A10BA*"]}})")),
            (Cohort{{3, "2019-06-01"}, {4, "2020-01-10"}}));
  // atc and cip13 together: either matches.
  EXPECT_EQ(
      Run(With(R"({"drug": {"atc": ["N02BE01"], "cip13": ["3400930000014"], "min_count": 2}})")),
      (Cohort{{3, "2019-06-01"}, {4, "2020-01-10"}}));
}

TEST_F(CohortSemanticsTest, Procedures) {
  EXPECT_EQ(Run(With(R"({"procedure": {"ccam": ["DZQM006"]}})")), (Cohort{{9, "2021-06-02"}}));
  EXPECT_EQ(Run(With(R"({"procedure": {"ccam": ["DZQM*"]}})")),
            (Cohort{{9, "2021-06-02"}, {10, "2022-01-11"}}));
  EXPECT_EQ(
      Run(With(
          R"({"procedure": {"ccam": ["DZQM*", "YYYY600"], "window": {"from": "2022-01-01"}}})")),
      (Cohort{{10, "2022-01-11"}}));
}

TEST_F(CohortSemanticsTest, StaysAreMcoWithDiagnosisLengthAndCount) {
  // 9's SSR stay and 13's are not hospital (MCO) stays.
  EXPECT_EQ(Run(With(R"({"stay": {}})")), (Cohort{{9, "2021-06-01"}, {10, "2022-01-10"}}));
  // Any diagnosis of the stay, DP or DAS.
  EXPECT_EQ(Run(With(R"({"stay": {"diagnosis": ["E11*"]}})")), (Cohort{{9, "2021-06-01"}}));
  EXPECT_EQ(Run(With(R"({"stay": {"diagnosis": ["I50*"]}})")),
            (Cohort{{9, "2021-06-01"}, {10, "2022-01-10"}}));
  // Length: 9 stayed 3 days, 10 stayed 2.
  EXPECT_EQ(Run(With(R"({"stay": {"min_days": 3}})")), (Cohort{{9, "2021-06-01"}}));
  EXPECT_EQ(Run(With(R"({"stay": {"min_days": 2}})")),
            (Cohort{{9, "2021-06-01"}, {10, "2022-01-10"}}));
  // 9 has two stays with I500, but one is SSR.
  EXPECT_EQ(Run(With(R"({"stay": {"diagnosis": ["I50*"], "min_count": 2}})")), Cohort{});
  EXPECT_EQ(Run(With(R"({"stay": {"window": {"to": "2021-06-01"}}})")),
            (Cohort{{9, "2021-06-01"}}));
}

TEST_F(CohortSemanticsTest, WithoutEventsTheIndexIsTheFirstObservation) {
  EXPECT_EQ(Run(With(R"({"demographics": {"sex": "M", "department": ["75"]}})")),
            (Cohort{{1, "2015-01-01"}, {6, "2015-01-01"}, {9, "2015-01-01"}, {13, "2010-01-01"}}));
  EXPECT_EQ(Run(With(R"({"demographics": {"department": ["2A"]}})")),
            (Cohort{{2, "2015-01-01"}, {10, "2015-01-01"}}));
  // Unknown department: not in any listed one (14 is in 2B but never observed).
  EXPECT_EQ(Run(With(R"({"not": {"demographics": {"department": ["75", "13", "2A"]}}})")),
            (Cohort{{7, "2015-01-01"}}));
}

TEST_F(CohortSemanticsTest, AgeInCompletedYearsAtTheIndexDate) {
  // 5 turns 18 on the index date, 6 the day after.
  EXPECT_EQ(Run(With(R"({"all": [{"condition": {"icd10": ["E116"]}},
                                  {"demographics": {"age": {"min": 18}}}]})")),
            (Cohort{{5, "2021-04-20"}}));
  EXPECT_EQ(Run(With(R"({"all": [{"condition": {"icd10": ["E116"]}},
                                  {"demographics": {"age": {"max": 17}}}]})")),
            (Cohort{{6, "2021-04-20"}}));
  // 7's month and day of birth are unknown: 1 January, so 66 on 2016-01-01;
  // 8 (born 1950-06-15) is 65; 2 is 49.
  EXPECT_EQ(Run(With(R"({"all": [{"condition": {"icd10": ["E11"]}},
                                  {"demographics": {"age": {"min": 66}}}]})")),
            (Cohort{{7, "2016-01-01"}}));
  EXPECT_EQ(Run(With(R"({"all": [{"condition": {"icd10": ["E11"]}},
                                  {"demographics": {"age": {"min": 49, "max": 65}}}]})")),
            (Cohort{{2, "2019-02-01"}, {8, "2016-01-01"}}));
  // Under `not`: the age at the index date the rest of the population gives.
  EXPECT_EQ(Run(With(R"({"all": [{"condition": {"icd10": ["E11"]}},
                                  {"not": {"demographics": {"age": {"min": 50}}}}]})")),
            (Cohort{{2, "2019-02-01"}}));
}

TEST_F(CohortSemanticsTest, SexAndDepartment) {
  EXPECT_EQ(Run(With(R"({"all": [{"condition": {"icd10": ["E11*"]}},
                                  {"demographics": {"sex": "F", "department": ["75", "2A", "13"]}}]})")),
            (Cohort{{2, "2019-02-01"}, {5, "2021-04-20"}, {8, "2016-01-01"}}));
}

TEST_F(CohortSemanticsTest, Death) {
  // Death gives no index date: the first observation does.
  EXPECT_EQ(Run(With(R"({"death": {}})")), (Cohort{{9, "2015-01-01"}, {13, "2010-01-01"}}));
  EXPECT_EQ(Run(With(R"({"death": {"window": {"from": "2023-02-10"}}})")),
            (Cohort{{9, "2015-01-01"}}));
  EXPECT_EQ(Run(With(R"({"death": {"window": {"from": "2023-02-11"}}})")), Cohort{});
  EXPECT_EQ(Run(With(R"({"all": [{"procedure": {"ccam": ["DZQM*"]}}, {"death": {}}]})")),
            (Cohort{{9, "2021-06-02"}}));
}

TEST_F(CohortSemanticsTest, NotExcludesAndGivesNoIndex) {
  EXPECT_EQ(Run(With(R"({"all": [{"condition": {"icd10": ["E11*"]}}, {"not": {"stay": {}}}]})")),
            (Cohort{{1, "2020-03-15"},
                    {2, "2019-02-01"},
                    {5, "2021-04-20"},
                    {6, "2021-04-20"},
                    {7, "2016-01-01"},
                    {8, "2016-01-01"}}));
  // A `not` alone: everyone observed without the event (11's E119 counts
  // though it predates their observation), indexed at their first observation.
  EXPECT_EQ(Run(With(R"({"not": {"condition": {"icd10": ["E11*"]}}})")),
            (Cohort{{3, "2015-01-01"},
                    {4, "2015-01-01"},
                    {10, "2015-01-01"},
                    {12, "2015-01-01"},
                    {13, "2010-01-01"}}));
  // 3's E10 (2019-05-05) is under a `not` in the `any`: no date from it.
  EXPECT_EQ(Run(With(R"({"all": [{"drug": {"atc": ["A10B*"]}},
                                  {"not": {"condition": {"icd10": ["E66"]}}},
                                  {"any": [{"not": {"condition": {"icd10": ["E10"]}}},
                                           {"drug": {"atc": ["A10BA02"], "min_count": 2}}]}]})")),
            (Cohort{{3, "2019-06-01"}}));
}

TEST_F(CohortSemanticsTest, AnyTakesItsIndexFromSatisfiedBranchesOnly) {
  // 3: both branches hold, E10 (2019-05-05) is first.
  // 4: one metformin (2020-01-10) does not make 2 dispensings; E66 gives the index.
  EXPECT_EQ(Run(With(R"({"any": [{"condition": {"icd10": ["E10", "E66"]}},
                                  {"drug": {"atc": ["A10B*"], "min_count": 2}}]})")),
            (Cohort{{3, "2019-05-05"}, {4, "2020-05-05"}}));
  // The same with the first branch an `all`: 4's drug is there, E10 is not.
  EXPECT_EQ(Run(With(R"({"any": [{"all": [{"drug": {"atc": ["A10B*"]}},
                                           {"condition": {"icd10": ["E10"]}}]},
                                  {"condition": {"icd10": ["E66"]}}]})")),
            (Cohort{{3, "2019-05-05"}, {4, "2020-05-05"}}));
  // A branch without events (sex) may satisfy the `any`: then the index is
  // the first observation, unless an event branch holds too.
  EXPECT_EQ(Run(With(R"({"all": [{"demographics": {"department": ["13"]}},
                                  {"any": [{"condition": {"icd10": ["E10"]}},
                                           {"demographics": {"sex": "F"}}]}]})")),
            (Cohort{{3, "2019-05-05"}, {8, "2015-01-02"}}));
}

TEST_F(CohortSemanticsTest, AllTakesTheEarliestOfItsEvents) {
  EXPECT_EQ(
      Run(With(R"({"all": [{"drug": {"atc": ["A10B*"]}}, {"condition": {"icd10": ["E10"]}}]})")),
      (Cohort{{3, "2019-05-05"}}));
  EXPECT_EQ(
      Run(With(
          R"({"all": [{"drug": {"atc": ["N02BE01"]}}, {"drug": {"cip13": ["3400930000014"]}}]})")),
      (Cohort{{4, "2020-01-10"}}));
}

TEST_F(CohortSemanticsTest, WashoutNeedsObservationBeforeTheIndex) {
  // 7 is observed from exactly 365 days before 2016-01-01, 8 from 364.
  EXPECT_EQ(Run(With(R"({"condition": {"icd10": ["E11"]}})", 365)),
            (Cohort{{2, "2019-02-01"}, {7, "2016-01-01"}}));
  EXPECT_EQ(Run(With(R"({"condition": {"icd10": ["E11"]}})", 364)),
            (Cohort{{2, "2019-02-01"}, {7, "2016-01-01"}, {8, "2016-01-01"}}));
  // The first-observation index leaves no room for a washout.
  EXPECT_EQ(Run(With(R"({"death": {}})", 1)), Cohort{});
}

TEST_F(CohortSemanticsTest, FollowUpNeedsObservationAfterTheIndex) {
  // 12 is observed until 2019-12-31, 364 days after the index 2019-01-01.
  std::string i21 = R"({"condition": {"icd10": ["I21*"], "window": {"from": "2019-01-01"}}})";
  EXPECT_EQ(Run(With(i21, 0, 364)), (Cohort{{12, "2019-01-01"}}));
  EXPECT_EQ(Run(With(i21, 0, 365)), Cohort{});
  // 9 is observed until their death, 618 days after the procedure.
  EXPECT_EQ(Run(With(R"({"procedure": {"ccam": ["DZQM006"]}})", 0, 618)),
            (Cohort{{9, "2021-06-02"}}));
  EXPECT_EQ(Run(With(R"({"procedure": {"ccam": ["DZQM006"]}})", 0, 619)), Cohort{});
}

TEST_F(CohortSemanticsTest, TheIndexMustBeObserved) {
  // 11's only E119 predates their observation; 14 is never observed.
  EXPECT_EQ(Run(With(R"({"condition": {"icd10": ["E119"]}})")),
            (Cohort{{1, "2020-03-15"}, {9, "2021-06-01"}}));
  EXPECT_EQ(Run(With(R"({"demographics": {"department": ["2B"]}})")), Cohort{});
}

TEST_F(CohortSemanticsTest, TypeTwoDiabetesAsInTheDocs) {
  // docs/cohort.md, example 1: 6 is 17, 8 lacks a year of washout, 4 has one
  // dispensing, 11 and 14 are not observed at their diagnosis.
  EXPECT_EQ(Run(R"({
      "version": 1,
      "population": {"all": [
        {"any": [
          {"condition": {"icd10": ["E11*"]}},
          {"drug": {"atc": ["A10B*"], "min_count": 2}}
        ]},
        {"demographics": {"age": {"min": 18}}}
      ]},
      "washout_days": 365
    })"),
            (Cohort{{1, "2020-03-15"},
                    {2, "2019-02-01"},
                    {3, "2019-06-01"},
                    {5, "2021-04-20"},
                    {7, "2016-01-01"},
                    {9, "2021-06-01"}}));
}

TEST_F(CohortSemanticsTest, OtherExamplesOfTheDocs) {
  // Example 2: new users of metformin.
  EXPECT_EQ(Run(R"({"version": 1,
      "population": {"all": [
        {"drug": {"atc": ["A10BA02"], "window": {"from": "2020-01-01"}}},
        {"not": {"drug": {"atc": ["A10BA02"], "window": {"to": "2019-12-31"}}}}]},
      "washout_days": 365, "follow_up_days": 365})"),
            (Cohort{{4, "2020-01-10"}}));
  // Example 3: hospitalised heart failure, with and without the age.
  std::string stay = R"({"stay": {"diagnosis": ["I50*"], "min_days": 3,
                                  "window": {"from": "2021-01-01", "to": "2021-12-31"}}})";
  EXPECT_EQ(Run(With(stay, 0, 365)), (Cohort{{9, "2021-06-01"}}));
  EXPECT_EQ(
      Run(With(R"({"all": [)" + stay + R"(, {"demographics": {"age": {"min": 65}}}]})", 0, 365)),
      Cohort{});
  // Example 5.
  EXPECT_EQ(Run(With(R"({"demographics": {"department": ["2A", "2B"]}})")),
            (Cohort{{2, "2015-01-01"}, {10, "2015-01-01"}}));
}

}  // namespace
}  // namespace sovhub
