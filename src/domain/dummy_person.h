// SPDX-License-Identifier: AGPL-3.0-or-later
//
// One dummy person from one way of satisfying a definition (internal to
// dummy_cohort.cc): the way is a list of literals, leaves that must hold or
// must not; BuildDummyPerson places the rows, the index date, the
// observation, the death and the demographics that make each literal what it
// must be.
#ifndef SOVHUB_DOMAIN_DUMMY_PERSON_H_
#define SOVHUB_DOMAIN_DUMMY_PERSON_H_

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/rng.h"
#include "core/status.h"
#include "domain/cohort.h"
#include "domain/dummy_cohort.h"

namespace sovhub::cohort::dummy {

// A leaf of the definition that the chosen way needs true or false.
struct Literal {
  const Criterion* criterion = nullptr;
  std::string path;  // as Validate names it: "population.all[1].not.condition"
  bool positive = true;
  bool dates_index = false;  // a positive event criterion under no `not`
};

// The ATC class of each CIP13 the population uses: one per code, as in
// omop_drug_atc.
class DrugCatalog {
 public:
  // The class of a code already used, else of the built-in drug list's,
  // else nullopt ("" is "used, without a class").
  std::optional<std::string> ClassOf(const std::string& cip13) const;
  // The codes used so far with class `atc`.
  std::vector<std::string> CodesOf(const std::string& atc) const;
  void Use(const std::string& cip13, const std::string& atc) { classes_[cip13] = atc; }
  const std::map<std::string, std::string>& classes() const { return classes_; }

 private:
  std::map<std::string, std::string> classes_;
};

// What every person of a definition shares.
struct DummyContext {
  const Definition* definition = nullptr;
  const DummyOptions* options = nullptr;
  std::vector<const Criterion*> event_leaves;   // condition, drug, procedure, stay
  std::vector<const Criterion*> dating_leaves;  // those of them under no `not`
  std::vector<std::string> neutral_atc;         // built-in classes no ATC pattern matches
  bool has_death_criterion = false;
};

// Why a way failed; `structural` when it would fail with any random draw
// (a path excludes another), which makes the better error to report.
struct BuildFailure {
  Status status;
  bool structural = false;
};

// A person (without person_id and pid) on whom each literal is what it must
// be, and whom EvaluateMember selects; rows of drugs are recorded in
// `catalog`. `earliest` places the index as early as the windows allow (the
// last resort of a way whose random placements failed).
std::variant<DummyPerson, BuildFailure> BuildDummyPerson(const DummyContext& context,
                                                         const std::vector<Literal>& literals, DrugCatalog& catalog,
                                                         Rng& rng, bool earliest);

}  // namespace sovhub::cohort::dummy

#endif  // SOVHUB_DOMAIN_DUMMY_PERSON_H_
