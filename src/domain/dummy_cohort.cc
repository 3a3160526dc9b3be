// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Generate: for each person, a way of satisfying the definition is chosen
// at random (which branch of each `any` holds, which operand of each negated
// `all` fails), as a list of literals; dummy_person.cc turns it into rows.
// A way that cannot be satisfied (X and not X) is abandoned for the next,
// depth first; when none is left the first structural conflict is the
// error, since it names the paths that exclude each other.
#include "domain/dummy_cohort.h"

#include <algorithm>
#include <functional>

#include "domain/dummy_codes.h"
#include "domain/dummy_person.h"

namespace sovhub::cohort {
namespace {

using dummy::BuildFailure;
using dummy::DrugCatalog;
using dummy::DummyContext;
using dummy::Literal;

constexpr std::uint64_t kPersonStream = 0x64756D6D79;  // "dummy"
// Ways tried per person before giving up; a definition has few choice
// points, and each way that fails structurally fails fast.
constexpr int kWaysPerPerson = 64;
// Random placements of one way; the last places the index as early as the
// windows allow.
constexpr int kAttemptsPerWay = 4;

std::string_view LeafName(const Criterion& criterion) {
  if (std::holds_alternative<Condition>(criterion.node)) return "condition";
  if (std::holds_alternative<Drug>(criterion.node)) return "drug";
  if (std::holds_alternative<Procedure>(criterion.node)) return "procedure";
  if (std::holds_alternative<Stay>(criterion.node)) return "stay";
  if (std::holds_alternative<Demographics>(criterion.node)) return "demographics";
  return "death";
}

// A criterion to make true (positive) or false, with the path Validate
// would give it.
struct Goal {
  const Criterion* criterion;
  std::string path;
  bool positive;
  bool under_not;
};

// Expands goals into complete ways, depth first, in a random order at each
// choice; `complete` builds a person from a way and says whether it did.
class WaySearch {
 public:
  WaySearch(Rng& rng, std::function<bool(const std::vector<Literal>&)> complete)
      : rng_(rng), complete_(std::move(complete)) {}

  bool Run(const Criterion& population) { return Expand({{&population, "population", true, false}}); }

 private:
  std::vector<std::size_t> Shuffled(std::size_t n) {
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng_.Below(i)]);
    return order;
  }

  // One operand of `operands` gets `positive`, for each operand in turn.
  bool ExpandOne(const std::vector<Goal>& rest, const Goal& goal, const std::vector<Criterion>& operands,
                 const std::string& name) {
    for (std::size_t i : Shuffled(operands.size())) {
      std::vector<Goal> next = rest;
      next.push_back(
          {&operands[i], goal.path + "." + name + "[" + std::to_string(i) + "]", goal.positive, goal.under_not});
      if (Expand(std::move(next))) return true;
      if (ways_ >= kWaysPerPerson) return false;
    }
    return false;
  }

  // Every operand of `operands` gets `positive`.
  bool ExpandEach(std::vector<Goal> rest, const Goal& goal, const std::vector<Criterion>& operands,
                  const std::string& name) {
    for (std::size_t i = operands.size(); i-- > 0;) {
      rest.push_back(
          {&operands[i], goal.path + "." + name + "[" + std::to_string(i) + "]", goal.positive, goal.under_not});
    }
    return Expand(std::move(rest));
  }

  bool Expand(std::vector<Goal> goals) {
    if (ways_ >= kWaysPerPerson) return false;
    if (goals.empty()) {
      ++ways_;
      return complete_(literals_);
    }
    const Goal goal = std::move(goals.back());
    goals.pop_back();
    const Criterion& criterion = *goal.criterion;
    if (const auto* all = std::get_if<All>(&criterion.node)) {
      // all: every operand holds; not all: one fails.
      return goal.positive ? ExpandEach(std::move(goals), goal, all->operands, "all")
                           : ExpandOne(goals, goal, all->operands, "all");
    }
    if (const auto* any = std::get_if<Any>(&criterion.node)) {
      return goal.positive ? ExpandOne(goals, goal, any->operands, "any")
                           : ExpandEach(std::move(goals), goal, any->operands, "any");
    }
    if (const auto* negation = std::get_if<Not>(&criterion.node)) {
      goals.push_back({&negation->operand(), goal.path + ".not", !goal.positive, true});
      return Expand(std::move(goals));
    }
    literals_.push_back({&criterion, goal.path + "." + std::string(LeafName(criterion)), goal.positive,
                         goal.positive && !goal.under_not && IsEventCriterion(criterion)});
    const bool done = Expand(std::move(goals));
    literals_.pop_back();
    return done;
  }

  Rng& rng_;
  std::function<bool(const std::vector<Literal>&)> complete_;
  std::vector<Literal> literals_;
  int ways_ = 0;
};

// Refuses an event criterion that must hold with more rows than a person
// gets; `positive` flips under each `not`.
Status CheckMinCounts(const Criterion& criterion, const std::string& path, bool positive) {
  if (const auto* all = std::get_if<All>(&criterion.node)) {
    for (std::size_t i = 0; i < all->operands.size(); ++i) {
      SOVHUB_RETURN_IF_ERROR(CheckMinCounts(all->operands[i], path + ".all[" + std::to_string(i) + "]", positive));
    }
  } else if (const auto* any = std::get_if<Any>(&criterion.node)) {
    for (std::size_t i = 0; i < any->operands.size(); ++i) {
      SOVHUB_RETURN_IF_ERROR(CheckMinCounts(any->operands[i], path + ".any[" + std::to_string(i) + "]", positive));
    }
  } else if (const auto* negation = std::get_if<Not>(&criterion.node)) {
    return CheckMinCounts(negation->operand(), path + ".not", !positive);
  } else if (IsEventCriterion(criterion) && positive) {
    int min_count = std::visit(
        [](const auto& node) {
          if constexpr (requires { node.min_count; }) {
            return node.min_count;
          } else {
            return 1;
          }
        },
        criterion.node);
    if (min_count > kMaxDummyEventsPerPerson) {
      return Status::InvalidArgument(
          path + "." + std::string(LeafName(criterion)) + ".min_count: " + std::to_string(min_count) +
          " events per person are more than a dummy person gets (" + std::to_string(kMaxDummyEventsPerPerson) + ")");
    }
  }
  return Status::Ok();
}

void CollectLeaves(const Criterion& criterion, bool under_not, DummyContext& context, std::vector<CodePattern>& atc) {
  if (const auto* all = std::get_if<All>(&criterion.node)) {
    for (const Criterion& operand : all->operands) CollectLeaves(operand, under_not, context, atc);
  } else if (const auto* any = std::get_if<Any>(&criterion.node)) {
    for (const Criterion& operand : any->operands) CollectLeaves(operand, under_not, context, atc);
  } else if (const auto* negation = std::get_if<Not>(&criterion.node)) {
    CollectLeaves(negation->operand(), true, context, atc);
  } else if (IsEventCriterion(criterion)) {
    context.event_leaves.push_back(&criterion);
    if (!under_not) context.dating_leaves.push_back(&criterion);
    if (const auto* drug = std::get_if<Drug>(&criterion.node))
      atc.insert(atc.end(), drug->atc.begin(), drug->atc.end());
  } else if (std::holds_alternative<Death>(criterion.node)) {
    context.has_death_criterion = true;
  }
}

std::string DummyPid(std::int64_t person_id) {
  std::string digits = std::to_string(person_id);
  return "DUMMY" + std::string(12 - std::min<std::size_t>(12, digits.size()), '0') + digits;
}

Result<DummyPerson> GeneratePerson(const DummyContext& context, DrugCatalog& catalog, Rng& rng) {
  std::optional<DummyPerson> found;
  std::optional<BuildFailure> failure;
  WaySearch search(rng, [&](const std::vector<Literal>& literals) {
    for (int attempt = 0; attempt < kAttemptsPerWay; ++attempt) {
      DrugCatalog trial = catalog;
      auto built = dummy::BuildDummyPerson(context, literals, trial, rng, attempt == kAttemptsPerWay - 1);
      if (auto* person = std::get_if<DummyPerson>(&built)) {
        catalog = std::move(trial);
        found = std::move(*person);
        return true;
      }
      BuildFailure& failed = std::get<BuildFailure>(built);
      const bool structural = failed.structural;
      if (!failure || (structural && !failure->structural)) failure = std::move(failed);
      if (structural) return false;  // the same with any other draw
    }
    return false;
  });
  if (search.Run(context.definition->population)) return std::move(*found);
  if (failure) return failure->status;
  return Status::InvalidArgument("population: no way of satisfying it was found");
}

}  // namespace

Result<DummyPopulation> Generate(const Definition& definition, const DummyOptions& options) {
  SOVHUB_RETURN_IF_ERROR(Validate(definition));
  if (options.persons < 1 || options.persons > kMaxDummyPersons) {
    return Status::InvalidArgument("persons: " + std::to_string(options.persons) + " is not between 1 and " +
                                   std::to_string(kMaxDummyPersons));
  }
  if (options.from > options.to) {
    return Status::InvalidArgument("period: from " + ToIsoString(options.from) + " is after to " +
                                   ToIsoString(options.to));
  }
  SOVHUB_RETURN_IF_ERROR(CheckMinCounts(definition.population, "population", true));
  DummyContext context;
  context.definition = &definition;
  context.options = &options;
  std::vector<CodePattern> atc;
  CollectLeaves(definition.population, false, context, atc);
  for (const dummy::PoolDrug& drug : dummy::PoolDrugs()) {
    if (!dummy::MatchesAny(atc, drug.atc)) context.neutral_atc.emplace_back(drug.atc);
  }

  DummyPopulation population;
  DrugCatalog catalog;
  population.persons.reserve(static_cast<std::size_t>(options.persons));
  for (int i = 0; i < options.persons; ++i) {
    // A stream per person: the persons before do not change their draws
    // (only the drug codes already given a class).
    Rng rng = Rng::For(options.seed, kPersonStream, static_cast<std::uint64_t>(i));
    SOVHUB_ASSIGN_OR_RETURN(DummyPerson person, GeneratePerson(context, catalog, rng));
    person.person_id = i + 1;
    person.pid = DummyPid(person.person_id);
    population.persons.push_back(std::move(person));
  }
  for (const auto& [cip13, atc_class] : catalog.classes()) {
    if (!atc_class.empty()) population.drug_classes.push_back({cip13, atc_class});
  }
  return population;
}

Result<DummyPopulation> Generate(const Definition& definition, int persons, std::uint64_t seed) {
  return Generate(definition, DummyOptions{.persons = persons, .seed = seed});
}

}  // namespace sovhub::cohort
