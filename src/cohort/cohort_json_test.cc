// SPDX-License-Identifier: AGPL-3.0-or-later
#include "cohort/cohort_json.h"

#include <gtest/gtest.h>

namespace sovhub::cohort {
namespace {

constexpr std::string_view kDiabetes = R"({
  "version": 1,
  "population": {"all": [
    {"any": [
      {"condition": {"icd10": ["E11*"]}},
      {"drug": {"atc": ["A10B*"], "min_count": 2}}
    ]},
    {"demographics": {"age": {"min": 18}}}
  ]},
  "washout_days": 365
})";

CodePattern Prefix(std::string code) { return {.code = std::move(code), .prefix = true}; }

TEST(CohortJsonTest, ReadsTheDiabetesCohort) {
  auto parsed = ParseCohort(kDiabetes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  Definition expected;
  expected.population = All{{
      Any{{Condition{.icd10 = {Prefix("E11")}}, Drug{.atc = {Prefix("A10B")}, .min_count = 2}}},
      Demographics{.age = AgeRange{.min = 18}},
  }};
  expected.washout_days = 365;
  EXPECT_EQ(*parsed, expected);
  EXPECT_EQ(CanonicalJson(*parsed),
            R"({"follow_up_days":0,"population":{"all":[{"any":[{"condition":{"icd10":["E11*"],)"
            R"("min_count":1}},{"drug":{"atc":["A10B*"],"min_count":2}}]},{"demographics":{"age":)"
            R"({"min":18}}}]},"version":1,"washout_days":365})");
}

// Every field of every criterion, written in a non-canonical way.
constexpr std::string_view kEverything = R"({"follow_up_days": 30, "washout_days": 0,
  "population": {"all": [
    {"any": [
      {"all": [
        {"condition": {"min_count": 3, "icd10": ["E11.9", "I21*", "Z5100"],
                       "window": {"from": "2020-01-01", "to": "2020-12-31"}}},
        {"not": {"drug": {"cip13": ["3400993010111", "340099*"], "atc": ["N02BE01"],
                          "window": {"to": "2019-06-30"}}}}
      ]},
      {"procedure": {"ccam": ["DZQM006", "DZQ*"], "window": {"from": "2021-01-01"}}},
      {"stay": {"diagnosis": ["I50*"], "min_days": 3, "min_count": 2}},
      {"stay": {}},
      {"death": {"window": {"from": "2022-01-01"}}},
      {"death": {}},
      {"demographics": {"sex": "M"}}
    ]},
    {"not": {"demographics": {"age": {"max": 79, "min": 0}, "sex": "F",
                              "department": ["2A", "75", "971"]}}}
  ]},
  "version": 1})";

TEST(CohortJsonTest, CanonicalJsonRoundTrips) {
  for (std::string_view text : {kDiabetes, kEverything}) {
    auto parsed = ParseCohort(text);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    std::string canonical = CanonicalJson(*parsed);
    auto again = ParseCohort(canonical);
    ASSERT_TRUE(again.ok()) << again.status().ToString() << "\n" << canonical;
    EXPECT_EQ(*again, *parsed);
    EXPECT_EQ(CanonicalJson(*again), canonical);
  }
}

TEST(CohortJsonTest, CanonicalJsonIgnoresSpellingOnly) {
  auto a = ParseCohort(R"({"version":1,"population":{"condition":{"icd10":["E11.9"]}}})");
  auto b = ParseCohort(R"({ "population" : { "condition" : { "min_count" : 1,
                           "icd10" : [ "E119" ] } }, "washout_days": 0, "version" : 1 })");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(CanonicalJson(*a), CanonicalJson(*b));
  EXPECT_EQ(CanonicalJson(*a),
            R"({"follow_up_days":0,"population":{"condition":{"icd10":["E119"],"min_count":1}},)"
            R"("version":1,"washout_days":0})");
  auto c =
      ParseCohort(R"({"version":1,"population":{"condition":{"icd10":["E119"],"min_count":2}}})");
  ASSERT_TRUE(c.ok());
  EXPECT_NE(CanonicalJson(*a), CanonicalJson(*c));
}

struct ErrorCase {
  std::string json;
  std::string message;
};

// Wraps a criterion in a minimal definition.
std::string With(std::string_view population) {
  return R"({"version": 1, "population": )" + std::string(population) + "}";
}

TEST(CohortJsonTest, EveryErrorHasAPath) {
  const std::vector<ErrorCase> cases = {
      // The document.
      {"[]", "cohort definition: must be an object"},
      {R"({"version": 1})", "cohort definition: missing \"population\""},
      {R"({"population": {"death": {}}})", "cohort definition: missing \"version\""},
      {R"({"version": 1, "population": {"death": {}}, "populaton": 1})",
       "populaton: unknown key (expected version, population, washout_days, follow_up_days)"},
      {R"({"version": 2, "population": {"death": {}}})",
       "version: unsupported version 2 (this hub reads version 1)"},
      {R"({"version": "1", "population": {"death": {}}})", "version: must be an integer"},
      {R"({"version": 1.0, "population": {"death": {}}})", "version: must be an integer"},
      {R"({"version": 1, "population": {"death": {}}, "washout_days": -1})",
       "washout_days: must be between 0 and 36500"},
      {R"({"version": 1, "population": {"death": {}}, "washout_days": 1e3})",
       "washout_days: must be an integer"},
      {R"({"version": 1, "population": {"death": {}}, "follow_up_days": 99999999999})",
       "follow_up_days: must be between 0 and 36500"},
      {R"({"version": 1, "population": {"death": {}}, "follow_up_days": -99999999999})",
       "follow_up_days: must be between 0 and 36500"},
      {R"({"version": 1, "population": {"death": {}}, "follow_up_days": true})",
       "follow_up_days: must be an integer"},
      // Criteria.
      {With("[]"),
       "population: a criterion is an object with exactly one key (all, any, not, condition, "
       "drug, procedure, stay, demographics, death)"},
      {With("{}"),
       "population: a criterion is an object with exactly one key (all, any, not, condition, "
       "drug, procedure, stay, demographics, death)"},
      {With(R"({"death": {}, "stay": {}})"),
       "population: a criterion is an object with exactly one key (all, any, not, condition, "
       "drug, procedure, stay, demographics, death)"},
      {With(R"({"deaths": {}})"),
       "population.deaths: unknown criterion (expected all, any, not, condition, drug, "
       "procedure, stay, demographics, death)"},
      {With(R"({"all": []})"), "population.all: empty list"},
      {With(R"({"any": {}})"), "population.any: must be a list"},
      {With(R"({"all": [{"death": {}}, {"any": [{"death": {}}, 3]}]})"),
       "population.all[1].any[1]: a criterion is an object with exactly one key (all, any, not, "
       "condition, drug, procedure, stay, demographics, death)"},
      {With(R"({"not": []})"),
       "population.not: a criterion is an object with exactly one key (all, any, not, condition, "
       "drug, procedure, stay, demographics, death)"},
      // Condition.
      {With(R"({"condition": {}})"), "population.condition: missing \"icd10\""},
      {With(R"({"condition": []})"), "population.condition: must be an object"},
      {With(R"({"condition": {"icd10": []}})"), "population.condition.icd10: empty list"},
      {With(R"({"condition": {"icd10": "E11"}})"), "population.condition.icd10: must be a list"},
      {With(R"({"condition": {"icd10": [11]}})"),
       "population.condition.icd10[0]: must be a string"},
      {With(R"({"condition": {"icd10": ["E11", "e11"]}})"),
       "population.condition.icd10[1]: \"e11\" is not an ICD-10 code"},
      {With(R"({"condition": {"icdl0": ["E11"]}})"),
       "population.condition.icdl0: unknown key (expected icd10, window, min_count)"},
      {With(R"({"condition": {"icd10": ["E11"], "min_count": 0}})"),
       "population.condition.min_count: must be between 1 and 1000000"},
      {With(R"({"condition": {"icd10": ["E11"], "min_count": "2"}})"),
       "population.condition.min_count: must be an integer"},
      {With(R"({"condition": {"icd10": ["E11"], "window": {}}})"),
       "population.condition.window: needs \"from\" or \"to\""},
      {With(R"({"condition": {"icd10": ["E11"], "window": []}})"),
       "population.condition.window: must be an object"},
      {With(R"({"condition": {"icd10": ["E11"], "window": {"from": "2020-01-01", "until": "x"}}})"),
       "population.condition.window.until: unknown key (expected from, to)"},
      {With(R"({"condition": {"icd10": ["E11"], "window": {"from": "2021-02-29"}}})"),
       "population.condition.window.from: \"2021-02-29\" is not a date (YYYY-MM-DD): day 29 out "
       "of range 1-28 for that month at offset 8"},
      {With(R"({"condition": {"icd10": ["E11"], "window": {"to": "2021-2-1"}}})"),
       "population.condition.window.to: \"2021-2-1\" is not a date (YYYY-MM-DD): expected a "
       "YYYY-MM-DD date (10 characters), got 8 characters"},
      {With(R"({"condition": {"icd10": ["E11"], "window": {"to": 20210201}}})"),
       "population.condition.window.to: must be a string"},
      {With(
           R"({"condition": {"icd10": ["E11"], "window": {"from": "2021-01-02", "to": "2021-01-01"}}})"),
       "population.condition.window: from 2021-01-02 is after to 2021-01-01"},
      // Drug.
      {With(R"({"all": [{"death": {}}, {"death": {}}, {"drug": {"atc": ["A1O"]}}]})"),
       "population.all[2].drug.atc[0]: \"A1O\" is not an ATC code"},
      {With(R"({"drug": {"min_count": 2}})"), "population.drug: needs \"atc\" or \"cip13\""},
      {With(R"({"drug": {"atc": [], "cip13": ["3400993010111"]}})"),
       "population.drug.atc: empty list"},
      {With(R"({"drug": {"cip13": ["3400993010112"]}})"),
       "population.drug.cip13[0]: \"3400993010112\" is not a CIP13 code"},
      {With(R"({"drug": {"cip13": ["340099301011"]}})"),
       "population.drug.cip13[0]: \"340099301011\" is not a CIP13 code"},
      {With(R"({"drug": {"atc": ["A10*"], "dose": 1}})"),
       "population.drug.dose: unknown key (expected atc, cip13, window, min_count)"},
      // Procedure.
      {With(R"({"procedure": {}})"), "population.procedure: missing \"ccam\""},
      {With(R"({"procedure": {"ccam": ["DZQM06"]}})"),
       "population.procedure.ccam[0]: \"DZQM06\" is not a CCAM code"},
      // Stay.
      {With(R"({"stay": {"diagnosis": []}})"), "population.stay.diagnosis: empty list"},
      {With(R"({"stay": {"diagnosis": ["I5O"]}})"),
       "population.stay.diagnosis[0]: \"I5O\" is not an ICD-10 code"},
      {With(R"({"stay": {"min_days": -2}})"),
       "population.stay.min_days: must be between 0 and 36500"},
      {With(R"({"stay": {"min_days": 2.5}})"), "population.stay.min_days: must be an integer"},
      {With(R"({"stay": {"mode": "MCO"}})"),
       "population.stay.mode: unknown key (expected diagnosis, min_days, window, min_count)"},
      // Demographics.
      {With(R"({"demographics": {}})"),
       "population.demographics: needs \"age\", \"sex\" or \"department\""},
      {With(R"({"demographics": {"age": {}}})"),
       "population.demographics.age: needs \"min\" or \"max\""},
      {With(R"({"demographics": {"age": {"min": 65, "max": 18}}})"),
       "population.demographics.age: min 65 is greater than max 18"},
      {With(R"({"demographics": {"age": {"min": -1}}})"),
       "population.demographics.age.min: must be between 0 and 150"},
      {With(R"({"demographics": {"age": {"min": 18, "above": 1}}})"),
       "population.demographics.age.above: unknown key (expected min, max)"},
      {With(R"({"demographics": {"age": 18}})"), "population.demographics.age: must be an object"},
      {With(R"({"demographics": {"sex": "W"}})"),
       "population.demographics.sex: \"W\" is not a sex (M or F)"},
      {With(R"({"demographics": {"sex": 2}})"), "population.demographics.sex: must be a string"},
      {With(R"({"demographics": {"department": []}})"),
       "population.demographics.department: empty list"},
      {With(R"({"demographics": {"department": ["75", 13]}})"),
       "population.demographics.department[1]: must be a string"},
      {With(R"({"demographics": {"department": ["75", "20"]}})"),
       "population.demographics.department[1]: \"20\" is not a department"},
      {With(R"({"any": [{"death": {}}, {"demographics": {"age": {"min": 18}}}]})"),
       "population.any[1].demographics.age: the age is taken at the index date, which the "
       "branches of an \"any\" decide: it cannot be used under \"any\""},
      // Death.
      {With(R"({"death": {"date": "2020-01-01"}})"),
       "population.death.date: unknown key (expected window)"},
      {With(R"({"death": {"window": {"from": "2020-13-01"}}})"),
       "population.death.window.from: \"2020-13-01\" is not a date (YYYY-MM-DD): month 13 out of "
       "range 1-12 at offset 5"},
  };
  for (const ErrorCase& c : cases) {
    auto parsed = ParseCohort(c.json);
    ASSERT_FALSE(parsed.ok()) << c.json;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << c.json;
    EXPECT_EQ(parsed.status().message(), c.message) << c.json;
  }
}

TEST(CohortJsonTest, MalformedJsonSaysWhere) {
  const std::vector<ErrorCase> cases = {
      {"{\"version\": 1,\n \"population\": {\"all\": [\n  {\"death\": {}},\n  {\"death\" {}}]}}",
       "population.all[1].death: malformed JSON at line 4, column 12: syntax error while parsing "
       "object separator - unexpected '{'; expected ':'"},
      {"",
       "cohort definition: malformed JSON at line 1, column 1: syntax error while parsing value - "
       "unexpected end of input; expected '[', '{', or a literal"},
      {R"({"version": 1,, "population": {}})",
       "cohort definition: malformed JSON at line 1, column 15: syntax error while parsing object "
       "key - unexpected ','; expected string literal"},
      // Input bytes quoted by the parser are kept printable.
      {"{\"version\": 1,\n \"population\": {\"death\": {\"window\": {\"from\": \"2020\xff\"}}}}",
       "population.death.window.from: malformed JSON at line 2, column 51: syntax error while "
       "parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"2020?'"},
  };
  for (const ErrorCase& c : cases) {
    auto parsed = ParseCohort(c.json);
    ASSERT_FALSE(parsed.ok()) << c.json;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(parsed.status().message(), c.message);
  }
  // Trailing text after the document.
  auto trailing = ParseCohort(R"({"version": 1, "population": {"death": {}}} x)");
  EXPECT_TRUE(
      trailing.status().message().starts_with("cohort definition: malformed JSON at line 1"))
      << trailing.status().message();
}

TEST(CohortJsonTest, RefusesDuplicateKeys) {
  auto parsed = ParseCohort(With(R"({"condition": {"icd10": ["E11"], "icd10": ["I21"]}})"));
  EXPECT_EQ(parsed.status().message(), "population.condition.icd10: duplicate key");
  parsed = ParseCohort(R"({"version": 1, "version": 1, "population": {"death": {}}})");
  EXPECT_EQ(parsed.status().message(), "version: duplicate key");
  // The same key in different objects is fine.
  EXPECT_TRUE(ParseCohort(With(R"({"all": [{"death": {}}, {"death": {}}]})")).ok());
}

TEST(CohortJsonTest, RefusesTooDeepOrTooLarge) {
  std::string deep = std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  auto parsed = ParseCohort(deep);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("nested deeper than 72"), std::string::npos)
      << parsed.status().message();

  // kMaxDepth criteria fit within the JSON depth limit, one more does not.
  auto nested = [](int levels) {
    std::string text = R"({"death": {"window": {"from": "2020-01-01"}}})";
    for (int i = 1; i < levels; ++i) text = R"({"all": [)" + text + "]}";
    return With(text);
  };
  EXPECT_TRUE(ParseCohort(nested(kMaxDepth)).ok())
      << ParseCohort(nested(kMaxDepth)).status().ToString();
  std::string message = ParseCohort(nested(kMaxDepth + 1)).status().message();
  EXPECT_TRUE(message.ends_with(".all[0]: criteria nested deeper than 32")) << message;

  std::string large = With(R"({"death": {}})");
  large.insert(1, kMaxJsonBytes, ' ');
  EXPECT_EQ(ParseCohort(large).status().message(), "cohort definition: larger than 1048576 bytes");
}

}  // namespace
}  // namespace sovhub::cohort
