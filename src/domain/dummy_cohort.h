// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Dummy data for a cohort definition: synthetic persons whose OMOP-shaped
// rows satisfy the definition, so that researchers can write and test their
// analysis before they see real data (docs/projects.md, "Dummy data"). Every
// generated person is selected by the definition, through a randomly chosen
// way of satisfying it: each branch of an `any`, each operand of a negated
// `all`, is exercised across persons.
//
// Pure: no I/O, no clock; the same definition, options and seed give the
// same population on every platform. src/store writes a population into a
// database's OMOP tables.
#ifndef SOVHUB_DOMAIN_DUMMY_COHORT_H_
#define SOVHUB_DOMAIN_DUMMY_COHORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "domain/cohort.h"

namespace sovhub::cohort {

// The rows of one person, as the OMOP layer holds them (docs/omop.md).
struct DummyObservation {
  CivilDate start;
  CivilDate end;
};

// A diagnosis of a hospital stay: a condition_occurrence row of the stay
// (visit_occurrence_id set), dated by the stay.
struct DummyDiagnosis {
  std::string icd10;
  bool principal = true;  // condition_status_source_value DP, else DAS
};

// A short-stay hospital stay (visit_occurrence, visit_source_value 'MCO').
struct DummyStay {
  CivilDate start;
  CivilDate end;
  std::vector<DummyDiagnosis> diagnoses;
};

// A condition_occurrence row outside a stay.
struct DummyCondition {
  std::string icd10;
  CivilDate date;
};

// A drug_exposure row (one dispensing) and its ATC class, "" when its CIP13
// has none in omop_drug_atc.
struct DummyDispensing {
  std::string cip13;
  std::string atc;
  CivilDate date;
};

struct DummyProcedure {
  std::string ccam;
  CivilDate date;
};

struct DummyPerson {
  std::int64_t person_id = 0;  // 1, 2, ... in generation order
  std::string pid;             // "DUMMY" and 12 digits: 17 characters, never a NIR
  int year_of_birth = 1970;
  int month_of_birth = 1;  // the day of birth is unknown, as in the SNDS
  std::optional<Sex> sex;
  std::optional<std::string> department;  // location.county
  CivilDate index_date;                   // the index date the definition gives them
  std::vector<DummyObservation> observation_periods;
  std::vector<DummyStay> stays;
  std::vector<DummyCondition> conditions;
  std::vector<DummyDispensing> dispensings;
  std::vector<DummyProcedure> procedures;
  std::optional<CivilDate> death_date;
};

// A row of omop_drug_atc: the class of a CIP13. One class per CIP13 across
// the population.
struct DummyDrugClass {
  std::string cip13;
  std::string atc;
};

struct DummyPopulation {
  std::vector<DummyPerson> persons;
  std::vector<DummyDrugClass> drug_classes;  // sorted by cip13
};

struct DummyOptions {
  int persons = 500;  // 1 to kMaxDummyPersons
  std::uint64_t seed = 1;
  // Where events fall when the definition's windows leave a choice (a
  // project's period, so that its extract keeps them). A window entirely
  // outside it is honoured all the same.
  CivilDate from{2015, 1, 1};
  CivilDate to{2023, 12, 31};
};

// A dummy workspace is for developing: a hundred thousand persons is plenty,
// and the population is held in memory.
inline constexpr int kMaxDummyPersons = 100'000;
// The event rows a person may need (the sum of the min_count the chosen way
// of satisfying the definition asks): a dummy workspace is for developing,
// not for load tests.
inline constexpr int kMaxDummyEventsPerPerson = 10'000;

// Generates `options.persons` persons who all satisfy `definition` (each
// has their index date in DummyPerson::index_date) and the drug classes
// their dispensings use.
//
// Codes: an exact pattern gives the code itself; a prefix is extended to a
// full code of its system (a real code of a small built-in list when one
// matches, e.g. E11* gives E119). Events under a `not`, and the codes and
// dates of other events, are chosen so that no excluded event occurs.
//
// InvalidArgument "path: reason" when the definition fails Validate, or when
// no person can satisfy it: `all` of X and `not X` is refused with X's path
// and the path that excludes it, a washout above 0 when no event can date
// the index (it is then the start of observation) with "washout_days". Also
// InvalidArgument when a person would need more than kMaxDummyEventsPerPerson
// events, or `persons` or the dates are out of range.
Result<DummyPopulation> Generate(const Definition& definition, const DummyOptions& options);
Result<DummyPopulation> Generate(const Definition& definition, int persons, std::uint64_t seed);

// The meaning of the cohort language (docs/cohort.md) on one person's rows,
// as the compiled SQL computes it: the person's index date when the
// definition selects them, else nullopt. `definition` must pass Validate.
// Generate checks every person with it; tests compare it with the SQL.
std::optional<CivilDate> EvaluateMember(const Definition& definition, const DummyPerson& person);

}  // namespace sovhub::cohort

#endif  // SOVHUB_DOMAIN_DUMMY_COHORT_H_
