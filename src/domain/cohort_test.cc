// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/cohort.h"

#include <gtest/gtest.h>

namespace sovhub::cohort {
namespace {

bool Accepts(CodeSystem system, std::string_view text) {
  return ParseCodePattern(system, text).ok();
}

TEST(CohortCodeTest, Icd10) {
  for (std::string_view good : {"E11", "E119", "E1190", "Z51A", "U07.1", "E11.90", "C50*", "E1*",
                                "E*", "E11.9*", "E1190*"}) {
    EXPECT_TRUE(Accepts(CodeSystem::kIcd10, good)) << good;
  }
  for (std::string_view bad : {"", "*", "E1", "e119", "E1A", "1E11", "E11901", "E11.", "E11.*",
                               "E1.19", "E11.9.1", "E11 9", "E11-9", "E11**", "*E11", "E119 "}) {
    EXPECT_FALSE(Accepts(CodeSystem::kIcd10, bad)) << bad;
  }
  auto dotted = ParseCodePattern(CodeSystem::kIcd10, "E11.9*");
  ASSERT_TRUE(dotted.ok());
  EXPECT_EQ(*dotted, (CodePattern{.code = "E119", .prefix = true}));
  EXPECT_EQ(FormatCodePattern(*dotted), "E119*");
}

TEST(CohortCodeTest, AtcLevels) {
  for (std::string_view good : {"A", "A10", "A10B", "A10BA", "A10BA02", "N02BE01", "A*", "A10*",
                                "A10B*", "A10BA*", "A10BA02*"}) {
    EXPECT_TRUE(Accepts(CodeSystem::kAtc, good)) << good;
  }
  for (std::string_view bad : {"", "A1", "A1O", "A10BA0", "A10BA021", "A1*", "A10BA0*", "a10",
                               "E10", "Z", "A10b", "A1BB", "A10B1", "A10BAA2"}) {
    EXPECT_FALSE(Accepts(CodeSystem::kAtc, bad)) << bad;
  }
  auto refused = ParseCodePattern(CodeSystem::kAtc, "A1O");
  EXPECT_EQ(refused.status().message(), "\"A1O\" is not an ATC code");
}

TEST(CohortCodeTest, Cip13CheckDigit) {
  EXPECT_TRUE(Accepts(CodeSystem::kCip13, "3400993010111"));
  EXPECT_TRUE(Accepts(CodeSystem::kCip13, "3400930000007"));   // 3+12+9+9 = 33: 7
  EXPECT_FALSE(Accepts(CodeSystem::kCip13, "3400993010112"));  // wrong check digit
  EXPECT_FALSE(Accepts(CodeSystem::kCip13, "340099301011"));   // 12 digits, no '*'
  EXPECT_FALSE(Accepts(CodeSystem::kCip13, "34009930101110"));
  EXPECT_FALSE(Accepts(CodeSystem::kCip13, "340099301011X"));
  EXPECT_TRUE(Accepts(CodeSystem::kCip13, "3*"));
  EXPECT_TRUE(Accepts(CodeSystem::kCip13, "340099301011*"));
  EXPECT_TRUE(Accepts(CodeSystem::kCip13, "3400993010111*"));
  EXPECT_FALSE(Accepts(CodeSystem::kCip13, "3400993010112*"));  // complete: checked
  EXPECT_FALSE(Accepts(CodeSystem::kCip13, "34A*"));
  // Every check digit but one is refused.
  int accepted = 0;
  for (char last = '0'; last <= '9'; ++last) {
    accepted += Accepts(CodeSystem::kCip13, std::string("340093000000") + last) ? 1 : 0;
  }
  EXPECT_EQ(accepted, 1);
}

TEST(CohortCodeTest, Ccam) {
  for (std::string_view good : {"DZQM006", "YYYY600", "D*", "DZQM*", "DZQM0*", "DZQM006*"}) {
    EXPECT_TRUE(Accepts(CodeSystem::kCcam, good)) << good;
  }
  for (std::string_view bad :
       {"DZQM06", "DZQM0060", "DZQ1006", "dzqm006", "DZQM00A", "1*", "DZQ0*"}) {
    EXPECT_FALSE(Accepts(CodeSystem::kCcam, bad)) << bad;
  }
}

TEST(CohortCodeTest, QuotesOddInputSafely) {
  auto refused = ParseCodePattern(CodeSystem::kCcam, std::string("A\"\n") + std::string(60, 'x'));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message().substr(0, 10), "\"A\\\"\\u000a");
  EXPECT_NE(refused.status().message().find("...\" is not a"), std::string::npos);
}

TEST(CohortCodeTest, Departments) {
  for (std::string_view good : {"01", "19", "21", "75", "95", "2A", "2B", "971", "976"}) {
    EXPECT_TRUE(IsDepartment(good)) << good;
  }
  for (std::string_view bad :
       {"00", "20", "96", "99", "1", "2a", "2C", "970", "977", "984", "075", ""}) {
    EXPECT_FALSE(IsDepartment(bad)) << bad;
  }
}

CodePattern Prefix(std::string code) { return {.code = std::move(code), .prefix = true}; }

Definition Diabetes() {
  Definition definition;
  definition.population = All{{
      Any{{Condition{.icd10 = {Prefix("E11")}}, Drug{.atc = {Prefix("A10B")}, .min_count = 2}}},
      Demographics{.age = AgeRange{.min = 18}},
  }};
  definition.washout_days = 365;
  return definition;
}

TEST(CohortValidateTest, AcceptsTheDiabetesCohort) {
  EXPECT_TRUE(Validate(Diabetes()).ok()) << Validate(Diabetes()).ToString();
}

TEST(CohortValidateTest, ValueSemantics) {
  Definition a = Diabetes();
  Definition b = a;
  EXPECT_EQ(a, b);
  b.population = Not(b.population);
  Definition c = b;
  EXPECT_EQ(b, c);
  EXPECT_NE(a, b);
  std::get<Not>(c.population.node).operand() = Death{};
  EXPECT_NE(b, c);
  EXPECT_TRUE(IsEventCriterion(Stay{}));
  EXPECT_FALSE(IsEventCriterion(Death{}));
  EXPECT_FALSE(IsEventCriterion(Not(Condition{})));
}

void ExpectRefused(const Definition& definition, const std::string& message) {
  Status status = Validate(definition);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), message);
}

TEST(CohortValidateTest, RefusesWithAPath) {
  Definition d = Diabetes();
  d.version = 2;
  ExpectRefused(d, "version: unsupported version 2 (this hub reads version 1)");

  d = Diabetes();
  d.washout_days = -1;
  ExpectRefused(d, "washout_days: must be between 0 and 36500");
  d = Diabetes();
  d.follow_up_days = kMaxDays + 1;
  ExpectRefused(d, "follow_up_days: must be between 0 and 36500");

  ExpectRefused(Definition{}, "population.all: empty list");
  ExpectRefused(Definition{.population = Any{}}, "population.any: empty list");
  ExpectRefused(Definition{.population = Condition{}}, "population.condition.icd10: empty list");
  ExpectRefused(Definition{.population = Drug{}}, "population.drug: needs \"atc\" or \"cip13\"");
  ExpectRefused(Definition{.population = Demographics{}},
                "population.demographics: needs \"age\", \"sex\" or \"department\"");
  ExpectRefused(Definition{.population = Demographics{.age = AgeRange{}}},
                "population.demographics.age: needs \"min\" or \"max\"");
  ExpectRefused(Definition{.population = Demographics{.age = AgeRange{.min = 65, .max = 18}}},
                "population.demographics.age: min 65 is greater than max 18");
  ExpectRefused(Definition{.population = Demographics{.age = AgeRange{.max = 151}}},
                "population.demographics.age.max: must be between 0 and 150");
  ExpectRefused(Definition{.population = Demographics{.departments = {"75", "20"}}},
                "population.demographics.department[1]: \"20\" is not a department");

  d = Diabetes();
  std::get<Drug>(std::get<Any>(std::get<All>(d.population.node).operands[0].node).operands[1].node)
      .atc.push_back({.code = "A1O"});
  ExpectRefused(d, "population.all[0].any[1].drug.atc[1]: \"A1O\" is not an ATC code");

  ExpectRefused(Definition{.population = Condition{.icd10 = {Prefix("E11")}, .min_count = 0}},
                "population.condition.min_count: must be between 1 and 1000000");
  ExpectRefused(Definition{.population = Procedure{.ccam = {Prefix("DZQM")},
                                                   .window = {.from = CivilDate{2020, 2, 1},
                                                              .to = CivilDate{2020, 1, 31}}}},
                "population.procedure.window: from 2020-02-01 is after to 2020-01-31");
  ExpectRefused(Definition{.population = Death{.window = {.to = CivilDate{2021, 2, 29}}}},
                "population.death.window.to: not a valid date");
  ExpectRefused(Definition{.population = Stay{.min_days = -1}},
                "population.stay.min_days: must be between 0 and 36500");
  ExpectRefused(Definition{.population = Not(Condition{.icd10 = {{.code = "E11.9"}}})},
                "population.not.condition.icd10[0]: \"E11.9\" is not an ICD-10 code");
}

TEST(CohortValidateTest, AgeOnlyOutsideAny) {
  Demographics adult{.age = AgeRange{.min = 18}};
  Condition diabetes{.icd10 = {Prefix("E11")}};
  EXPECT_TRUE(Validate({.population = All{{diabetes, Not(adult)}}}).ok());
  ExpectRefused({.population = Any{{diabetes, All{{diabetes, adult}}}}},
                "population.any[1].all[1].demographics.age: the age is taken at the index date, "
                "which the branches of an \"any\" decide: it cannot be used under \"any\"");
  // Sex and department do not depend on the index date.
  EXPECT_TRUE(Validate({.population = Any{{diabetes, Demographics{.sex = Sex::kFemale}}}}).ok());
}

TEST(CohortValidateTest, Limits) {
  Criterion deep = Death{};
  for (int i = 1; i < kMaxDepth; ++i) deep = Not(deep);
  EXPECT_TRUE(Validate({.population = deep}).ok());
  deep = Not(deep);
  EXPECT_EQ(Validate({.population = deep}).code(), StatusCode::kInvalidArgument);

  All wide;
  for (int i = 0; i < kMaxCriteria; ++i) wide.operands.push_back(Death{});
  EXPECT_NE(Validate({.population = wide}).message().find("more than 256 criteria"),
            std::string::npos);

  Condition many;
  for (int i = 0; i <= kMaxCodes; ++i) many.icd10.push_back(Prefix("E11"));
  EXPECT_EQ(Validate({.population = many}).message(),
            "population.condition.icd10: more than 5000 codes");
}

}  // namespace
}  // namespace sovhub::cohort
