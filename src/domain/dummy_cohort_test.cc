// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/dummy_cohort.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/dummy_codes.h"

namespace sovhub::cohort {
namespace {

std::vector<CodePattern> Codes(CodeSystem system, std::initializer_list<std::string_view> texts) {
  std::vector<CodePattern> patterns;
  for (std::string_view text : texts) {
    auto pattern = ParseCodePattern(system, text);
    EXPECT_TRUE(pattern.ok()) << text;
    if (pattern.ok()) patterns.push_back(*pattern);
  }
  return patterns;
}

CivilDate D(const char* iso) { return *ParseIsoDate(iso); }

Criterion Cond(std::initializer_list<std::string_view> codes, Window window = {}, int min_count = 1) {
  return Condition{Codes(CodeSystem::kIcd10, codes), window, min_count};
}
Criterion Atc(std::initializer_list<std::string_view> codes, Window window = {}, int min_count = 1) {
  return Drug{Codes(CodeSystem::kAtc, codes), {}, window, min_count};
}
Criterion Cip(std::initializer_list<std::string_view> codes, Window window = {}, int min_count = 1) {
  return Drug{{}, Codes(CodeSystem::kCip13, codes), window, min_count};
}
Criterion Ccam(std::initializer_list<std::string_view> codes, Window window = {}, int min_count = 1) {
  return Procedure{Codes(CodeSystem::kCcam, codes), window, min_count};
}

Definition Def(Criterion population, int washout = 0, int follow_up = 0) {
  Definition definition;
  definition.population = std::move(population);
  definition.washout_days = washout;
  definition.follow_up_days = follow_up;
  return definition;
}

// Generates and checks what every population must be: n persons, each
// selected with the index date recorded, pids of the dummy shape.
DummyPopulation GenerateOrFail(const Definition& definition, int persons = 200, std::uint64_t seed = 7) {
  auto generated = Generate(definition, persons, seed);
  EXPECT_TRUE(generated.ok()) << generated.status().ToString();
  if (!generated.ok()) return {};
  EXPECT_EQ(generated->persons.size(), static_cast<std::size_t>(persons));
  std::set<std::string> pids;
  for (const DummyPerson& person : generated->persons) {
    std::optional<CivilDate> index = EvaluateMember(definition, person);
    EXPECT_TRUE(index.has_value()) << person.pid;
    if (index) {
      EXPECT_EQ(*index, person.index_date) << person.pid;
    }
    EXPECT_EQ(person.pid.size(), 17u);
    EXPECT_TRUE(person.pid.starts_with("DUMMY"));
    pids.insert(person.pid);
  }
  EXPECT_EQ(pids.size(), static_cast<std::size_t>(persons));
  return std::move(*generated);
}

std::string ErrorOf(const Definition& definition) {
  auto generated = Generate(definition, 20, 1);
  EXPECT_FALSE(generated.ok());
  if (generated.ok()) return "";
  EXPECT_EQ(generated.status().code(), StatusCode::kInvalidArgument);
  return generated.status().message();
}

TEST(DummyCodesTest, PrefixesExtendToFullCodesOfTheirSystem) {
  Rng rng = Rng::For(1, 2, 3);
  struct Case {
    CodeSystem system;
    std::string_view prefix;
  };
  for (const Case& c :
       {Case{CodeSystem::kIcd10, "E11*"}, Case{CodeSystem::kIcd10, "E*"}, Case{CodeSystem::kIcd10, "Z5100*"},
        Case{CodeSystem::kAtc, "A10B*"}, Case{CodeSystem::kAtc, "N*"}, Case{CodeSystem::kAtc, "A10BA02*"},
        Case{CodeSystem::kCip13, "3*"}, Case{CodeSystem::kCip13, "340093*"}, Case{CodeSystem::kCip13, "3400993010111*"},
        Case{CodeSystem::kCcam, "DZQ*"}, Case{CodeSystem::kCcam, "D*"}}) {
    auto pattern = ParseCodePattern(c.system, c.prefix);
    ASSERT_TRUE(pattern.ok()) << c.prefix;
    std::vector<std::string> codes = dummy::ConcreteCodes(c.system, *pattern, rng, 24);
    ASSERT_FALSE(codes.empty()) << c.prefix;
    for (const std::string& code : codes) {
      EXPECT_TRUE(dummy::Matches(*pattern, code)) << c.prefix << " " << code;
      EXPECT_TRUE(IsValidCodePattern(c.system, {code, false})) << c.prefix << " " << code;
      if (c.system == CodeSystem::kAtc) {
        EXPECT_EQ(code.size(), 7u) << code;
      }
    }
  }
  // A real code first when one matches.
  auto e11 = ParseCodePattern(CodeSystem::kIcd10, "E11*");
  std::vector<std::string> codes = dummy::ConcreteCodes(CodeSystem::kIcd10, *e11, rng, 24);
  EXPECT_TRUE(codes[0] == "E118" || codes[0] == "E119") << codes[0];
  // Each digit after a prefix is reached.
  auto e1 = ParseCodePattern(CodeSystem::kIcd10, "E1*");
  std::set<char> third;
  for (const std::string& code : dummy::ConcreteCodes(CodeSystem::kIcd10, *e1, rng, 24)) third.insert(code[2]);
  EXPECT_EQ(third.size(), 10u);
  EXPECT_EQ(dummy::WithEan13CheckDigit("340093000000"), "3400930000007");
  EXPECT_TRUE(IsValidCodePattern(CodeSystem::kCip13, {dummy::DerivedCip13("A10BA02", 0), false}));
  EXPECT_EQ(dummy::AllDepartments().size(), 102u);
  for (const std::string& department : dummy::AllDepartments()) EXPECT_TRUE(IsDepartment(department));
}

TEST(DummyEvaluateTest, AgeAtTheIndexFromTheFirstOfTheMonth) {
  Definition definition = Def(All{{Cond({"E11*"}), Demographics{AgeRange{18, std::nullopt}, {}, {}}}});
  DummyPerson person;
  person.year_of_birth = 2003;
  person.month_of_birth = 4;  // counted as 2003-04-01
  person.observation_periods = {{D("2015-01-01"), D("2023-12-31")}};
  person.conditions = {{"E119", D("2021-04-01")}};
  EXPECT_EQ(EvaluateMember(definition, person), D("2021-04-01"));
  person.conditions = {{"E119", D("2021-03-31")}};
  EXPECT_EQ(EvaluateMember(definition, person), std::nullopt);
  // Observation must cover the index.
  person.conditions = {{"E119", D("2024-06-01")}};
  EXPECT_EQ(EvaluateMember(definition, person), std::nullopt);
}

TEST(DummyEvaluateTest, StayDiagnosesAreConditionsAndStaysNeedTheirLength) {
  Definition stays = Def(Stay{Codes(CodeSystem::kIcd10, {"I50*"}), 3, {}, 1});
  Definition conditions = Def(Cond({"I500"}));
  DummyPerson person;
  person.observation_periods = {{D("2015-01-01"), D("2023-12-31")}};
  person.stays = {{D("2021-06-01"), D("2021-06-03"), {{"I500", true}}}};
  EXPECT_EQ(EvaluateMember(stays, person), std::nullopt);  // 2 days
  EXPECT_EQ(EvaluateMember(conditions, person), D("2021-06-01"));
  person.stays[0].end = D("2021-06-04");
  EXPECT_EQ(EvaluateMember(stays, person), D("2021-06-01"));
}

TEST(DummyCohortTest, WorkedExampleType2Diabetes) {
  Definition definition =
      Def(All{{Any{{Cond({"E11*"}), Atc({"A10B*"}, {}, 2)}}, Demographics{AgeRange{18, std::nullopt}, {}, {}}}}, 365);
  DummyPopulation population = GenerateOrFail(definition);
  int by_condition = 0, by_drug = 0;
  for (const DummyPerson& person : population.persons) {
    bool e11 = false;
    for (const DummyCondition& c : person.conditions) e11 = e11 || c.icd10.starts_with("E11");
    int a10b = 0;
    for (const DummyDispensing& d : person.dispensings) a10b += d.atc.starts_with("A10B") ? 1 : 0;
    by_condition += e11 ? 1 : 0;
    by_drug += a10b >= 2 ? 1 : 0;
  }
  // Both branches of the `any`, across persons.
  EXPECT_GT(by_condition, 50);
  EXPECT_GT(by_drug, 50);
  // Every ATC dispensing's CIP13 has its class, once.
  std::set<std::string> classed;
  for (const DummyDrugClass& c : population.drug_classes) {
    EXPECT_TRUE(IsValidCodePattern(CodeSystem::kCip13, {c.cip13, false})) << c.cip13;
    EXPECT_TRUE(classed.insert(c.cip13).second) << c.cip13;
  }
  for (const DummyPerson& person : population.persons) {
    for (const DummyDispensing& d : person.dispensings) {
      EXPECT_TRUE(IsValidCodePattern(CodeSystem::kCip13, {d.cip13, false})) << d.cip13;
      if (!d.atc.empty()) {
        EXPECT_TRUE(classed.contains(d.cip13)) << d.cip13;
      }
    }
  }
}

TEST(DummyCohortTest, NewUsersHaveNoEarlierDispensing) {
  Window from2020{D("2020-01-01"), std::nullopt}, to2019{std::nullopt, D("2019-12-31")};
  Definition definition = Def(All{{Atc({"A10BA02"}, from2020), Not(Atc({"A10BA02"}, to2019))}}, 365, 365);
  for (const DummyPerson& person : GenerateOrFail(definition).persons) {
    EXPECT_GE(person.index_date, D("2020-01-01"));
    for (const DummyDispensing& d : person.dispensings) {
      if (d.atc == "A10BA02") {
        EXPECT_GE(d.date, D("2020-01-01"));
      }
    }
  }
}

TEST(DummyCohortTest, ExactlyOneEventThroughANegatedMinCount) {
  Definition definition = Def(All{{Cond({"E11"}), Not(Cond({"E11"}, {}, 2))}});
  for (const DummyPerson& person : GenerateOrFail(definition).persons) {
    int e11 = 0;
    for (const DummyCondition& c : person.conditions) e11 += c.icd10 == "E11" ? 1 : 0;
    EXPECT_EQ(e11, 1);
  }
}

TEST(DummyCohortTest, NestedNotAnyAndNegatedAll) {
  // Not (any of A, B): neither; not (all of C, woman): one of them fails.
  Definition definition = Def(All{{Ccam({"DZQ*"}, {}, 3), Not(Any{{Cond({"E11*"}), Atc({"A10*"})}}),
                                   Not(All{{Cond({"I50*"}), Demographics{std::nullopt, Sex::kFemale, {}}}})}});
  int women = 0;
  for (const DummyPerson& person : GenerateOrFail(definition).persons) {
    int dzq = 0;
    for (const DummyProcedure& p : person.procedures) dzq += p.ccam.starts_with("DZQ") ? 1 : 0;
    EXPECT_GE(dzq, 3);
    for (const DummyCondition& c : person.conditions) EXPECT_FALSE(c.icd10.starts_with("E11")) << c.icd10;
    for (const DummyDispensing& d : person.dispensings) EXPECT_FALSE(d.atc.starts_with("A10")) << d.atc;
    women += person.sex == Sex::kFemale ? 1 : 0;
  }
  EXPECT_GT(women, 0);
}

TEST(DummyCohortTest, DoubleNegatedEventsDoNotMoveTheIndex) {
  // Events under two `not` give no date, and must not count for E11*, which
  // dates the index: their E1* codes avoid E11.
  Definition definition = Def(All{{Cond({"E11*"}), Demographics{AgeRange{18, 30}, std::nullopt, {}},
                                   Not(Criterion(Not(Cond({"E1*"}, Window{std::nullopt, D("2014-12-31")}))))}});
  for (const DummyPerson& person : GenerateOrFail(definition).persons) {
    EXPECT_GE(person.index_date, D("2015-01-01"));
    bool early = false;
    for (const DummyCondition& c : person.conditions) {
      if (c.date <= D("2014-12-31")) {
        early = true;
        EXPECT_FALSE(c.icd10.starts_with("E11")) << c.icd10;
      }
    }
    EXPECT_TRUE(early);
  }
}

TEST(DummyCohortTest, DemographicsDeathAndObservation) {
  Window in2021{D("2021-01-01"), D("2021-12-31")};
  Definition definition =
      Def(All{{Ccam({"QEQK001", "QEQK004"}, in2021), Demographics{AgeRange{50, 74}, Sex::kFemale, {"75", "2A"}},
               Death{Window{D("2022-01-01"), D("2022-12-31")}}}},
          365, 180);
  for (const DummyPerson& person : GenerateOrFail(definition, 100).persons) {
    EXPECT_EQ(person.sex, Sex::kFemale);
    ASSERT_TRUE(person.department.has_value());
    EXPECT_TRUE(*person.department == "75" || *person.department == "2A");
    ASSERT_TRUE(person.death_date.has_value());
    EXPECT_EQ(person.death_date->year, 2022);
    ASSERT_EQ(person.observation_periods.size(), 1u);
    EXPECT_LE(person.observation_periods[0].start, AddDays(person.index_date, -365));
    EXPECT_GE(person.observation_periods[0].end, AddDays(person.index_date, 180));
  }
}

TEST(DummyCohortTest, DeterministicForASeed) {
  Definition definition = Def(Any{{Cond({"E11*"}), Cip({"340093*"}, {}, 2), Stay{{}, 2, {}, 1}}});
  DummyPopulation a = GenerateOrFail(definition, 50, 42), b = GenerateOrFail(definition, 50, 42);
  DummyPopulation c = GenerateOrFail(definition, 50, 43);
  auto summary = [](const DummyPopulation& p) {
    std::string out;
    for (const DummyPerson& person : p.persons) {
      out += ToIsoString(person.index_date) + std::to_string(person.year_of_birth) + "|";
      for (const DummyDispensing& d : person.dispensings) out += d.cip13 + ",";
      for (const DummyCondition& d : person.conditions) out += d.icd10 + ",";
    }
    return out;
  };
  EXPECT_EQ(summary(a), summary(b));
  EXPECT_NE(summary(a), summary(c));
}

TEST(DummyCohortTest, UnsatisfiableDefinitionsAreRefusedWithTheirPaths) {
  std::string both = ErrorOf(Def(All{{Cond({"E11*"}), Not(Cond({"E1*"}))}}));
  EXPECT_NE(both.find("population.all[0].condition"), std::string::npos) << both;
  EXPECT_NE(both.find("population.all[1].not.condition"), std::string::npos) << both;

  std::string sexes = ErrorOf(Def(
      All{{Cond({"E11"}), Demographics{std::nullopt, Sex::kMale, {}}, Demographics{std::nullopt, Sex::kFemale, {}}}}));
  EXPECT_NE(sexes.find("population.all[1].demographics"), std::string::npos) << sexes;
  EXPECT_NE(sexes.find("population.all[2].demographics"), std::string::npos) << sexes;

  std::string washout = ErrorOf(Def(Demographics{std::nullopt, std::nullopt, {"2A", "2B"}}, 365));
  EXPECT_TRUE(washout.starts_with("washout_days:")) << washout;

  std::string death = ErrorOf(Def(
      All{{Death{Window{D("2020-01-01"), D("2020-12-31")}}, Not(Death{Window{D("2019-01-01"), D("2021-12-31")}})}}));
  EXPECT_NE(death.find("population.all[0].death"), std::string::npos) << death;

  std::string any = ErrorOf(Def(All{{Any{{Cond({"E11"}), Cond({"E119"})}}, Not(Cond({"E11*"}))}}));
  EXPECT_NE(any.find("population.all[1].not.condition"), std::string::npos) << any;

  std::string count = ErrorOf(Def(Cond({"E11"}, {}, 20000)));
  EXPECT_TRUE(count.starts_with("population.condition.min_count:")) << count;

  EXPECT_FALSE(Generate(Def(Cond({"E11"})), 0, 1).ok());
  EXPECT_FALSE(Generate(Definition{}, 10, 1).ok());  // an empty `all` fails Validate
}

TEST(DummyCohortTest, SatisfiableThoughEveryObviousCodeIsExcluded) {
  // Only E10 and E12-E19 are left for E1*, and days outside 2020 for E11.
  Definition definition = Def(All{{Cond({"E1*"}), Not(Cond({"E11*"})), Atc({"A10BA02"}),
                                   Not(Atc({"A10BA02"}, Window{D("2015-01-01"), D("2020-12-31")}))}});
  for (const DummyPerson& person : GenerateOrFail(definition, 50).persons) {
    for (const DummyDispensing& d : person.dispensings) {
      if (d.atc == "A10BA02") {
        EXPECT_GT(d.date, D("2020-12-31"));
      }
    }
  }
}

}  // namespace
}  // namespace sovhub::cohort
