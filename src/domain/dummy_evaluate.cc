// SPDX-License-Identifier: AGPL-3.0-or-later
//
// EvaluateMember: the cohort language on one person's rows, step for step as
// src/cohort/cohort_sql.cc compiles it (the CTEs named in the comments), so
// that the generator can check each person against what the SQL will say.
#include <algorithm>
#include <map>

#include "domain/dummy_codes.h"
#include "domain/dummy_cohort.h"

namespace sovhub::cohort {
namespace {

using dummy::InWindow;
using dummy::MatchesAny;

// e<k> / d<k>: whether a leaf holds and the date of its first matching row.
struct LeafState {
  bool holds = false;
  std::optional<CivilDate> first;
};

// YYYYMMDD as an integer, as the SQL computes ages.
std::int64_t DateKey(const CivilDate& date) { return std::int64_t{date.year} * 10000 + date.month * 100 + date.day; }

class Evaluator {
 public:
  Evaluator(const Definition& definition, const DummyPerson& person) : definition_(definition), person_(person) {}

  std::optional<CivilDate> Run() {
    const Criterion& population = definition_.population;
    std::optional<CivilDate> first_observation;
    for (const DummyObservation& period : person_.observation_periods) {
      if (!first_observation || period.start < *first_observation) first_observation = period.start;
    }
    // flags: the candidates.
    const bool fallback = !GivesAnEvent(population);
    if (fallback) {
      if (!first_observation) return std::nullopt;
    } else if (!AnyLeafHolds(population)) {
      return std::nullopt;
    }
    // indexed: the least first date of the index-giving criteria that hold.
    std::vector<CivilDate> dates;
    IndexCandidates(population, true, dates);
    std::optional<CivilDate> index;
    if (!dates.empty()) index = *std::min_element(dates.begin(), dates.end());
    if (!index && fallback) index = first_observation;
    if (!index) return std::nullopt;  // NULL: no comparison holds
    // candidates, then cohort: the observation coverage.
    if (!Truth(population, &*index)) return std::nullopt;
    const CivilDate washout_start = AddDays(*index, -definition_.washout_days);
    const CivilDate follow_up_end = AddDays(*index, definition_.follow_up_days);
    bool before = false, after = false;
    for (const DummyObservation& period : person_.observation_periods) {
      before = before || (period.start <= washout_start && period.end >= *index);
      after = after || (period.start <= *index && period.end >= follow_up_end);
    }
    if (!before || !after) return std::nullopt;
    return index;
  }

 private:
  static bool GivesAnEvent(const Criterion& criterion) {
    if (IsEventCriterion(criterion)) return true;
    if (const auto* all = std::get_if<All>(&criterion.node)) {
      return std::any_of(all->operands.begin(), all->operands.end(), GivesAnEvent);
    }
    if (const auto* any = std::get_if<Any>(&criterion.node)) {
      return !any->operands.empty() && std::all_of(any->operands.begin(), any->operands.end(), GivesAnEvent);
    }
    return false;
  }

  // per_person: the person has a row for some event or death criterion.
  bool AnyLeafHolds(const Criterion& criterion) {
    if (const auto* all = std::get_if<All>(&criterion.node)) {
      return std::any_of(all->operands.begin(), all->operands.end(),
                         [&](const Criterion& c) { return AnyLeafHolds(c); });
    }
    if (const auto* any = std::get_if<Any>(&criterion.node)) {
      return std::any_of(any->operands.begin(), any->operands.end(),
                         [&](const Criterion& c) { return AnyLeafHolds(c); });
    }
    if (const auto* negation = std::get_if<Not>(&criterion.node)) return AnyLeafHolds(negation->operand());
    if (std::holds_alternative<Demographics>(criterion.node)) return false;
    return Leaf(criterion).holds;
  }

  const LeafState& Leaf(const Criterion& criterion) {
    auto found = leaves_.find(&criterion);
    if (found != leaves_.end()) return found->second;
    LeafState state;
    int count = 0;
    int min_count = 1;
    auto row = [&](const CivilDate& date) {
      ++count;
      if (!state.first || date < *state.first) state.first = date;
    };
    if (const auto* condition = std::get_if<Condition>(&criterion.node)) {
      min_count = condition->min_count;
      for (const DummyCondition& c : person_.conditions) {
        if (MatchesAny(condition->icd10, c.icd10) && InWindow(condition->window, c.date)) row(c.date);
      }
      for (const DummyStay& stay : person_.stays) {
        for (const DummyDiagnosis& diagnosis : stay.diagnoses) {
          if (MatchesAny(condition->icd10, diagnosis.icd10) && InWindow(condition->window, stay.start)) {
            row(stay.start);
          }
        }
      }
    } else if (const auto* drug = std::get_if<Drug>(&criterion.node)) {
      min_count = drug->min_count;
      for (const DummyDispensing& d : person_.dispensings) {
        bool code = MatchesAny(drug->cip13, d.cip13) || (!d.atc.empty() && MatchesAny(drug->atc, d.atc));
        if (code && InWindow(drug->window, d.date)) row(d.date);
      }
    } else if (const auto* procedure = std::get_if<Procedure>(&criterion.node)) {
      min_count = procedure->min_count;
      for (const DummyProcedure& p : person_.procedures) {
        if (MatchesAny(procedure->ccam, p.ccam) && InWindow(procedure->window, p.date)) row(p.date);
      }
    } else if (const auto* stay = std::get_if<Stay>(&criterion.node)) {
      min_count = stay->min_count;
      for (const DummyStay& s : person_.stays) {
        const std::int64_t days = DaysFromCivil(s.end) - DaysFromCivil(s.start);
        bool diagnosed = stay->diagnosis.empty() ||
                         std::any_of(s.diagnoses.begin(), s.diagnoses.end(),
                                     [&](const DummyDiagnosis& d) { return MatchesAny(stay->diagnosis, d.icd10); });
        if (diagnosed && (!stay->min_days || days >= *stay->min_days) && InWindow(stay->window, s.start)) {
          row(s.start);
        }
      }
    } else if (const auto* death = std::get_if<Death>(&criterion.node)) {
      if (person_.death_date && InWindow(death->window, *person_.death_date)) count = 1;
    }
    state.holds = count >= min_count;
    if (!state.holds) state.first.reset();
    return leaves_.emplace(&criterion, state).first->second;
  }

  // Sex and department; a missing value makes them false.
  bool DemographicsFlag(const Demographics& demographics) const {
    if (demographics.sex && person_.sex != demographics.sex) return false;
    if (!demographics.departments.empty()) {
      if (!person_.department) return false;
      const auto& list = demographics.departments;
      if (std::find(list.begin(), list.end(), *person_.department) == list.end()) return false;
    }
    return true;
  }

  // The truth of `criterion`; with `index`, demographics include the age
  // at that date, without it they are their sex and department only (the
  // branches of an `any`, where no age may be).
  bool Truth(const Criterion& criterion, const CivilDate* index) {
    if (const auto* all = std::get_if<All>(&criterion.node)) {
      return std::all_of(all->operands.begin(), all->operands.end(),
                         [&](const Criterion& c) { return Truth(c, index); });
    }
    if (const auto* any = std::get_if<Any>(&criterion.node)) {
      return std::any_of(any->operands.begin(), any->operands.end(),
                         [&](const Criterion& c) { return Truth(c, index); });
    }
    if (const auto* negation = std::get_if<Not>(&criterion.node)) return !Truth(negation->operand(), index);
    const auto* demographics = std::get_if<Demographics>(&criterion.node);
    if (!demographics) return Leaf(criterion).holds;
    if (!DemographicsFlag(*demographics)) return false;
    if (!index || !demographics->age) return true;
    const std::int64_t birth_key = std::int64_t{person_.year_of_birth} * 10000 + person_.month_of_birth * 100 + 1;
    const std::int64_t elapsed = DateKey(*index) - birth_key;
    if (demographics->age->min && elapsed < std::int64_t{*demographics->age->min} * 10000) return false;
    if (demographics->age->max && elapsed >= (std::int64_t{*demographics->age->max} + 1) * 10000) return false;
    return true;
  }

  // The first dates that give the index: each positive event criterion's,
  // when it holds and so does every branch of an `any` above it.
  void IndexCandidates(const Criterion& criterion, bool guards, std::vector<CivilDate>& out) {
    if (IsEventCriterion(criterion)) {
      const LeafState& leaf = Leaf(criterion);
      if (guards && leaf.holds) out.push_back(*leaf.first);
    } else if (const auto* all = std::get_if<All>(&criterion.node)) {
      for (const Criterion& operand : all->operands) IndexCandidates(operand, guards, out);
    } else if (const auto* any = std::get_if<Any>(&criterion.node)) {
      for (const Criterion& operand : any->operands) {
        bool branch = guards && (IsEventCriterion(operand) || Truth(operand, nullptr));
        IndexCandidates(operand, branch, out);
      }
    }
  }

  const Definition& definition_;
  const DummyPerson& person_;
  std::map<const Criterion*, LeafState> leaves_;
};

}  // namespace

std::optional<CivilDate> EvaluateMember(const Definition& definition, const DummyPerson& person) {
  return Evaluator(definition, person).Run();
}

}  // namespace sovhub::cohort
