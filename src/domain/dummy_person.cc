// SPDX-License-Identifier: AGPL-3.0-or-later
//
// How a way of satisfying a definition becomes a person:
//   1. the positive events that date the index: one of them (the carrier)
//      gets its first row first, and that day is the index; every other row
//      of these criteria falls on or after it, so none dates the index
//      earlier;
//   2. the other positive events (under two `not`), after the index when
//      their window allows, and with codes that no index-dating criterion
//      counts when they must come before it;
//   3. each row's code and date are chosen so that no criterion that must
//      not hold reaches its min_count: codes that match none of them first,
//      else dates outside their windows, else what their min_count leaves;
//   4. the death, the observation period around the index (washout and
//      follow-up), the sex, department and age at the index;
//   5. a few background events whose codes and dates match no criterion.
// The person is then checked with EvaluateMember: a way whose draws went
// wrong is retried, not kept.
#include "domain/dummy_person.h"

#include <algorithm>
#include <cstdint>

#include "domain/dummy_codes.h"

namespace sovhub::cohort::dummy {
namespace {

using Day = std::int64_t;

// Days, both bounds inclusive.
struct Span {
  Day lo = 0;
  Day hi = -1;
  bool empty() const { return lo > hi; }
};

const Day kFirstDay = DaysFromCivil({1, 1, 1});
const Day kLastDay = DaysFromCivil({9999, 12, 31});
constexpr Day kYear = 365;
// Concrete codes tried per pattern: enough to reach every branch below a
// prefix (see ConcreteCodes), few enough to stay cheap per person.
constexpr int kCodesPerPattern = 24;
// A criterion's rows after its first fall within two years of it when the
// window allows, as repeated dispensings or visits do.
constexpr Day kRowSpread = 2 * kYear;
// Events whose code is not the first of their criterion's list (usually a
// real code): the other codes a prefix stands for appear too.
constexpr double kOtherCodeRate = 0.25;
// Persons who die when the definition says nothing of death, after their
// follow-up: enough for the death table not to be empty.
constexpr double kDeathRate = 0.05;

Day ToDay(const CivilDate& date) { return DaysFromCivil(date); }
CivilDate ToDate(Day day) { return CivilFromDays(std::clamp(day, kFirstDay, kLastDay)); }

Span Intersect(Span a, Span b) { return {std::max(a.lo, b.lo), std::min(a.hi, b.hi)}; }

Span WindowSpan(const Window& window) {
  return {window.from ? ToDay(*window.from) : kFirstDay, window.to ? ToDay(*window.to) : kLastDay};
}

// `range` without the `holes`, in order.
std::vector<Span> Subtract(Span range, std::vector<Span> holes) {
  std::sort(holes.begin(), holes.end(), [](const Span& a, const Span& b) { return a.lo < b.lo; });
  std::vector<Span> out;
  Day cursor = range.lo;
  for (const Span& hole : holes) {
    if (cursor > range.hi || hole.lo > range.hi) break;
    if (hole.empty() || hole.hi < cursor) continue;
    if (hole.lo > cursor) out.push_back({cursor, hole.lo - 1});
    cursor = std::max(cursor, hole.hi + 1);
  }
  if (cursor <= range.hi) out.push_back({cursor, range.hi});
  return out;
}

const Window& WindowOf(const Criterion& criterion) {
  static const Window kAnyTime;
  if (const auto* c = std::get_if<Condition>(&criterion.node)) return c->window;
  if (const auto* d = std::get_if<Drug>(&criterion.node)) return d->window;
  if (const auto* p = std::get_if<Procedure>(&criterion.node)) return p->window;
  if (const auto* s = std::get_if<Stay>(&criterion.node)) return s->window;
  if (const auto* d = std::get_if<Death>(&criterion.node)) return d->window;
  return kAnyTime;
}

int MinCountOf(const Criterion& criterion) {
  if (const auto* c = std::get_if<Condition>(&criterion.node)) return c->min_count;
  if (const auto* d = std::get_if<Drug>(&criterion.node)) return d->min_count;
  if (const auto* p = std::get_if<Procedure>(&criterion.node)) return p->min_count;
  if (const auto* s = std::get_if<Stay>(&criterion.node)) return s->min_count;
  return 1;
}

enum class RowKind { kCondition, kDrug, kProcedure, kStay };

// A row before its date: its code (a stay's principal diagnosis, "" for
// none), a drug's class, a stay's length in days.
struct Template {
  RowKind kind = RowKind::kCondition;
  std::string code;
  std::string atc;
  int days = 0;
};

// Whether a row of `row` would count for `criterion` on a day in its window.
bool TemplateMatches(const Criterion& criterion, const Template& row) {
  if (const auto* c = std::get_if<Condition>(&criterion.node)) {
    // A stay's diagnosis is a condition row of the stay's first day.
    return (row.kind == RowKind::kCondition || row.kind == RowKind::kStay) && !row.code.empty() &&
           MatchesAny(c->icd10, row.code);
  }
  if (const auto* d = std::get_if<Drug>(&criterion.node)) {
    return row.kind == RowKind::kDrug &&
           (MatchesAny(d->cip13, row.code) || (!row.atc.empty() && MatchesAny(d->atc, row.atc)));
  }
  if (const auto* p = std::get_if<Procedure>(&criterion.node)) {
    return row.kind == RowKind::kProcedure && MatchesAny(p->ccam, row.code);
  }
  if (const auto* s = std::get_if<Stay>(&criterion.node)) {
    return row.kind == RowKind::kStay && (!s->min_days || row.days >= *s->min_days) &&
           (s->diagnosis.empty() || (!row.code.empty() && MatchesAny(s->diagnosis, row.code)));
  }
  return false;
}

std::string JoinPaths(const std::vector<std::string>& paths) {
  std::string out;
  for (std::size_t i = 0; i < paths.size(); ++i) out += (i ? ", " : "") + paths[i];
  return out;
}

BuildFailure Failure(std::string message, bool structural) {
  return {Status::InvalidArgument(std::move(message)), structural};
}

class Builder {
 public:
  Builder(const DummyContext& context, DrugCatalog& catalog, Rng& rng, bool earliest)
      : context_(context),
        definition_(*context.definition),
        catalog_(catalog),
        rng_(rng),
        earliest_(earliest),
        preferred_{ToDay(context.options->from), ToDay(context.options->to)} {}

  std::variant<DummyPerson, BuildFailure> Build(const std::vector<Literal>& literals);

 private:
  struct Negative {
    const Literal* literal;
    int capacity;  // rows it may still get: min_count - 1 at first
  };

  // Where a criterion's rows go: its window within the preferred period;
  // a window outside that period gets three years at its nearer end.
  Span Range(const Criterion& criterion) const {
    Span window = WindowSpan(WindowOf(criterion));
    Span inside = Intersect(window, preferred_);
    if (!inside.empty()) return inside;
    if (window.hi < preferred_.lo) return {std::max(window.lo, window.hi - 3 * kYear), window.hi};
    return {window.lo, std::min(window.hi, window.lo + 3 * kYear)};
  }

  // A day of a non-empty span, uniformly.
  Day Uniform(Span span) {
    return span.lo + static_cast<Day>(rng_.Below(static_cast<std::uint64_t>(span.hi - span.lo + 1)));
  }

  Day Pick(const std::vector<Span>& spans) {
    if (earliest_) return spans.front().lo;
    Day total = 0;
    for (const Span& span : spans) total += span.hi - span.lo + 1;
    Day offset = static_cast<Day>(rng_.Below(static_cast<std::uint64_t>(total)));
    for (const Span& span : spans) {
      if (offset <= span.hi - span.lo) return span.lo + offset;
      offset -= span.hi - span.lo + 1;
    }
    return spans.back().hi;
  }

  std::vector<std::string> CodesOf(CodeSystem system, const std::vector<CodePattern>& patterns) {
    std::vector<std::size_t> order(patterns.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng_.Below(i)]);
    std::vector<std::string> codes;
    for (std::size_t i : order) {
      for (std::string& code : ConcreteCodes(system, patterns[i], rng_, kCodesPerPattern)) {
        codes.push_back(std::move(code));
      }
    }
    return codes;
  }

  // The CIP13s a dispensing of class `atc` may have: the built-in drug's,
  // those already given this class, then new ones.
  std::vector<std::string> CodesForClass(const std::string& atc) const {
    std::vector<std::string> codes;
    auto add = [&](const std::string& cip13) {
      if (std::find(codes.begin(), codes.end(), cip13) == codes.end()) codes.push_back(cip13);
    };
    for (const PoolDrug& drug : PoolDrugs()) {
      if (drug.atc == atc && catalog_.ClassOf(std::string(drug.cip13)) == atc) add(std::string(drug.cip13));
    }
    for (const std::string& cip13 : catalog_.CodesOf(atc)) add(cip13);
    for (int k = 0; k < 4; ++k) {
      std::string cip13 = DerivedCip13(atc, k);
      std::optional<std::string> known = catalog_.ClassOf(cip13);
      if (!known || *known == atc) add(cip13);
    }
    return codes;
  }

  // A class for a CIP13 that a criterion names by code: its own if it has
  // one, else a built-in class that no ATC pattern of the definition matches.
  std::string ClassForCode(const std::string& cip13) const {
    if (std::optional<std::string> known = catalog_.ClassOf(cip13)) return *known;
    if (context_.neutral_atc.empty()) return "";
    std::uint64_t number = 0;
    for (char c : cip13) number = number * 10 + static_cast<std::uint64_t>(c - '0');
    return context_.neutral_atc[number % context_.neutral_atc.size()];
  }

  const std::vector<Template>& TemplatesOf(const Literal& literal);
  std::optional<Day> PlaceOne(const Literal& literal, Span range, std::vector<std::string>& blockers);
  std::optional<BuildFailure> PlaceRows(const Literal& literal, Span range, int rows, std::optional<Day> anchor);
  void Commit(const Template& row, Day day);
  std::optional<BuildFailure> PlaceDeath(const std::vector<const Literal*>& positive,
                                         const std::vector<const Literal*>& negative, Day after);
  std::optional<BuildFailure> ChooseDemographics(const std::vector<const Literal*>& literals, Day index);
  void AddBackground(Span observed);

  const DummyContext& context_;
  const Definition& definition_;
  DrugCatalog& catalog_;
  Rng& rng_;
  const bool earliest_;
  const Span preferred_;
  DummyPerson person_;
  std::vector<Negative> negatives_;
  std::map<const Literal*, std::vector<Template>> templates_;
  Day earliest_row_ = kLastDay;
  Day latest_row_ = kFirstDay;
};

const std::vector<Template>& Builder::TemplatesOf(const Literal& literal) {
  auto found = templates_.find(&literal);
  if (found != templates_.end()) return found->second;
  std::vector<Template> rows;
  const Criterion& criterion = *literal.criterion;
  if (const auto* condition = std::get_if<Condition>(&criterion.node)) {
    for (std::string& code : CodesOf(CodeSystem::kIcd10, condition->icd10)) {
      rows.push_back({RowKind::kCondition, std::move(code), "", 0});
    }
  } else if (const auto* procedure = std::get_if<Procedure>(&criterion.node)) {
    for (std::string& code : CodesOf(CodeSystem::kCcam, procedure->ccam)) {
      rows.push_back({RowKind::kProcedure, std::move(code), "", 0});
    }
  } else if (const auto* drug = std::get_if<Drug>(&criterion.node)) {
    std::vector<Template> by_class, by_code;
    for (const std::string& atc : CodesOf(CodeSystem::kAtc, drug->atc)) {
      for (std::string& cip13 : CodesForClass(atc)) by_class.push_back({RowKind::kDrug, std::move(cip13), atc, 0});
    }
    for (std::string& cip13 : CodesOf(CodeSystem::kCip13, drug->cip13)) {
      std::string atc = ClassForCode(cip13);
      by_code.push_back({RowKind::kDrug, std::move(cip13), std::move(atc), 0});
    }
    if (rng_.Chance(0.5)) std::swap(by_class, by_code);
    rows = std::move(by_class);
    rows.insert(rows.end(), by_code.begin(), by_code.end());
  } else if (const auto* stay = std::get_if<Stay>(&criterion.node)) {
    std::vector<std::string> diagnoses;
    if (stay->diagnosis.empty()) {
      diagnoses.assign(PoolDiagnoses().begin(), PoolDiagnoses().end());
      for (std::size_t i = diagnoses.size(); i > 1; --i) std::swap(diagnoses[i - 1], diagnoses[rng_.Below(i)]);
      diagnoses.emplace_back();  // last resort: a stay without a diagnosis
    } else {
      diagnoses = CodesOf(CodeSystem::kIcd10, stay->diagnosis);
    }
    const int min_days = stay->min_days.value_or(0);
    for (const std::string& diagnosis : diagnoses) {
      // A few days more than asked, or exactly that (which escapes a
      // longer min_days under a `not`).
      rows.push_back({RowKind::kStay, diagnosis, "", min_days + rng_.Between(0, 6)});
      rows.push_back({RowKind::kStay, diagnosis, "", min_days});
    }
  }
  // Mostly the first (a real code when one matches), sometimes another, so
  // that a prefix shows several of its codes across persons.
  if (rows.size() > 1 && rng_.Chance(kOtherCodeRate)) std::swap(rows[0], rows[rng_.Below(rows.size())]);
  if (!literal.dates_index) {
    // Rows that no criterion dating the index counts first: these rows may
    // have to fall before the index, which they must not move.
    std::stable_partition(rows.begin(), rows.end(), [&](const Template& row) {
      return std::none_of(context_.dating_leaves.begin(), context_.dating_leaves.end(),
                          [&](const Criterion* leaf) { return TemplateMatches(*leaf, row); });
    });
  }
  return templates_.emplace(&literal, std::move(rows)).first->second;
}

std::optional<Day> Builder::PlaceOne(const Literal& literal, Span range, std::vector<std::string>& blockers) {
  if (range.empty()) return std::nullopt;
  const std::vector<Template>& rows = TemplatesOf(literal);
  // First pass: rows that no excluded criterion counts; second: rows that
  // one counts while its min_count leaves room.
  for (bool strict : {true, false}) {
    for (const Template& row : rows) {
      std::vector<Span> holes;
      for (const Negative& negative : negatives_) {
        const Criterion& excluded = *negative.literal->criterion;
        if (!TemplateMatches(excluded, row) || (!strict && negative.capacity > 0)) continue;
        holes.push_back(WindowSpan(WindowOf(excluded)));
        if (std::find(blockers.begin(), blockers.end(), negative.literal->path) == blockers.end()) {
          blockers.push_back(negative.literal->path);
        }
      }
      std::vector<Span> allowed = Subtract(range, std::move(holes));
      if (allowed.empty()) continue;
      const Day day = Pick(allowed);
      for (Negative& negative : negatives_) {
        const Criterion& excluded = *negative.literal->criterion;
        if (TemplateMatches(excluded, row) && InWindow(WindowOf(excluded), ToDate(day))) --negative.capacity;
      }
      Commit(row, day);
      return day;
    }
  }
  return std::nullopt;
}

// `rows` rows of `literal` in `range`, near `anchor` (else near the first).
std::optional<BuildFailure> Builder::PlaceRows(const Literal& literal, Span range, int rows,
                                               std::optional<Day> anchor) {
  const Span whole = Range(*literal.criterion);
  for (int i = 0; i < rows; ++i) {
    std::vector<std::string> blockers;
    std::optional<Day> day;
    if (anchor) day = PlaceOne(literal, Intersect(range, {*anchor, *anchor + kRowSpread}), blockers);
    if (!day) day = PlaceOne(literal, range, blockers);
    if (!day) {
      const bool structural = !blockers.empty() && range.lo <= whole.lo && range.hi >= whole.hi;
      if (!blockers.empty()) {
        return Failure(literal.path + ": every event that would match it also matches " + JoinPaths(blockers) +
                           ", which must not hold",
                       structural);
      }
      return Failure(literal.path + ": no day of its window is left for its events", structural);
    }
    if (!anchor) anchor = day;
  }
  return std::nullopt;
}

void Builder::Commit(const Template& row, Day day) {
  const CivilDate date = ToDate(day);
  Day last = day;
  switch (row.kind) {
    case RowKind::kCondition:
      person_.conditions.push_back({row.code, date});
      break;
    case RowKind::kDrug:
      person_.dispensings.push_back({row.code, row.atc, date});
      catalog_.Use(row.code, row.atc);
      break;
    case RowKind::kProcedure:
      person_.procedures.push_back({row.code, date});
      break;
    case RowKind::kStay: {
      last = day + row.days;
      DummyStay stay{date, ToDate(last), {}};
      if (!row.code.empty()) stay.diagnoses.push_back({row.code, true});
      person_.stays.push_back(std::move(stay));
      break;
    }
  }
  earliest_row_ = std::min(earliest_row_, day);
  latest_row_ = std::max(latest_row_, last);
}

// One death date in every positive window and in no negative one: after
// `after` when it can be (the person dies after their events), else the
// nearest day to it.
std::optional<BuildFailure> Builder::PlaceDeath(const std::vector<const Literal*>& positive,
                                                const std::vector<const Literal*>& negative, Day after) {
  if (positive.empty()) {
    if (!context_.has_death_criterion && rng_.Chance(kDeathRate)) {
      person_.death_date = ToDate(after + rng_.Between(30, 5 * 365));
    }
    return std::nullopt;
  }
  Span range{kFirstDay, kLastDay};
  std::vector<std::string> paths;
  for (const Literal* literal : positive) {
    range = Intersect(range, WindowSpan(WindowOf(*literal->criterion)));
    paths.push_back(literal->path);
  }
  std::vector<Span> holes;
  std::vector<std::string> excluded;
  for (const Literal* literal : negative) {
    holes.push_back(WindowSpan(WindowOf(*literal->criterion)));
    excluded.push_back(literal->path);
  }
  std::vector<Span> allowed = Subtract(range, holes);
  if (allowed.empty()) {
    return Failure(JoinPaths(paths) + ": no death date is in " +
                       (paths.size() > 1 ? "all their windows" : "its window") +
                       (excluded.empty() || range.empty() ? "" : " outside those of " + JoinPaths(excluded)),
                   true);
  }
  std::vector<Span> soon, later, earlier;
  for (const Span& span : allowed) {
    Span s = Intersect(span, {after, after + 3 * kYear});
    if (!s.empty()) soon.push_back(s);
    if (span.hi >= after) later.push_back(Intersect(span, {after, kLastDay}));
    if (span.lo < after) earlier.push_back(Intersect(span, {kFirstDay, after - 1}));
  }
  Day day = !soon.empty() ? Pick(soon) : !later.empty() ? later.front().lo : earlier.back().hi;
  person_.death_date = ToDate(day);
  return std::nullopt;
}

std::optional<BuildFailure> Builder::ChooseDemographics(const std::vector<const Literal*>& literals, Day index) {
  const CivilDate on = ToDate(index);
  auto holds = [](const Demographics& d, std::optional<Sex> sex, const std::string* department, int age) {
    if (d.sex && sex != d.sex) return false;
    if (!d.departments.empty() &&
        (!department || std::find(d.departments.begin(), d.departments.end(), *department) == d.departments.end())) {
      return false;
    }
    return !d.age || ((!d.age->min || age >= *d.age->min) && (!d.age->max || age <= *d.age->max));
  };
  auto fits = [&](std::optional<Sex> sex, const std::string* department, int age) {
    return std::all_of(literals.begin(), literals.end(), [&](const Literal* literal) {
      return holds(std::get<Demographics>(literal->criterion->node), sex, department, age) == literal->positive;
    });
  };
  auto choose = [&](std::optional<Sex> sex, const std::string* department, int age) {
    person_.sex = sex;
    if (department) person_.department = *department;
    // Born on the 1st of a month (the day is unknown): `age` completed
    // years on the index date.
    person_.month_of_birth = rng_.Between(1, 12);
    const int day_of_year = on.month * 100 + on.day;
    person_.year_of_birth = on.year - age - (day_of_year < person_.month_of_birth * 100 + 1 ? 1 : 0);
  };

  // Draws shaped by the criteria that must hold, then every combination.
  int lo = 0, hi = 110;
  std::optional<Sex> wanted_sex;
  const std::vector<std::string>* wanted_departments = nullptr;
  for (const Literal* literal : literals) {
    if (!literal->positive) continue;
    const auto& d = std::get<Demographics>(literal->criterion->node);
    if (d.age && d.age->min) lo = std::max(lo, *d.age->min);
    if (d.age && d.age->max) hi = std::min(hi, *d.age->max);
    if (d.sex) wanted_sex = d.sex;
    if (!d.departments.empty()) wanted_departments = &d.departments;
  }
  if (lo > hi) hi = lo;
  Span ages = Intersect({lo, hi}, {18, 90});
  if (ages.empty()) ages = {lo, hi};
  const std::vector<std::string>& all = AllDepartments();
  for (int draw = 0; draw < 64; ++draw) {
    std::optional<Sex> sex = rng_.Chance(0.5) ? Sex::kMale : Sex::kFemale;
    if (wanted_sex && draw % 2 == 0) sex = wanted_sex;
    const std::string* department = &all[rng_.Below(all.size())];
    if (wanted_departments && draw % 2 == 0) {
      department = &(*wanted_departments)[rng_.Below(wanted_departments->size())];
    }
    const int age = static_cast<int>(Uniform(ages));
    if (fits(sex, department, age)) {
      choose(sex, department, age);
      return std::nullopt;
    }
  }
  for (std::optional<Sex> sex :
       {std::optional<Sex>(Sex::kMale), std::optional<Sex>(Sex::kFemale), std::optional<Sex>()}) {
    for (std::size_t d = 0; d <= all.size(); ++d) {
      const std::string* department = d < all.size() ? &all[d] : nullptr;
      for (int age = 0; age <= kMaxAge; ++age) {
        if (fits(sex, department, age)) {
          choose(sex, department, age);
          return std::nullopt;
        }
      }
    }
  }
  std::vector<std::string> paths;
  for (const Literal* literal : literals) paths.push_back(literal->path);
  return Failure(
      JoinPaths(paths) + ": no sex, department and age satisfy " + (paths.size() > 1 ? "them together" : "it"), true);
}

// Events no criterion counts, so that the workspace has more than the
// cohort's own codes: each is dropped when a criterion would count it.
void Builder::AddBackground(Span observed) {
  auto add = [&](const Template& row) {
    const Day day = Uniform({observed.lo, std::max(observed.lo, observed.hi - row.days)});
    for (const Criterion* leaf : context_.event_leaves) {
      if (TemplateMatches(*leaf, row) && InWindow(WindowOf(*leaf), ToDate(day))) return;
    }
    Commit(row, day);
  };
  auto pick = [&](auto pool) { return pool[rng_.Below(pool.size())]; };
  for (int i = rng_.Between(0, 2); i > 0; --i) add({RowKind::kCondition, std::string(pick(PoolDiagnoses())), "", 0});
  for (int i = rng_.Between(0, 3); i > 0; --i) {
    const PoolDrug drug = pick(PoolDrugs());
    if (catalog_.ClassOf(std::string(drug.cip13)) != drug.atc) continue;
    add({RowKind::kDrug, std::string(drug.cip13), std::string(drug.atc), 0});
  }
  if (rng_.Chance(0.3)) add({RowKind::kProcedure, std::string(pick(PoolProcedures())), "", 0});
  if (rng_.Chance(0.3)) add({RowKind::kStay, std::string(pick(PoolDiagnoses())), "", rng_.Between(0, 5)});
}

std::variant<DummyPerson, BuildFailure> Builder::Build(const std::vector<Literal>& literals) {
  std::vector<const Literal*> index_events, other_events, deaths, not_deaths, demographics, positives;
  for (const Literal& literal : literals) {
    const Criterion& criterion = *literal.criterion;
    if (literal.positive) positives.push_back(&literal);
    if (IsEventCriterion(criterion)) {
      if (!literal.positive) {
        negatives_.push_back({&literal, MinCountOf(criterion) - 1});
      } else {
        (literal.dates_index ? index_events : other_events).push_back(&literal);
      }
    } else if (std::holds_alternative<Death>(criterion.node)) {
      (literal.positive ? deaths : not_deaths).push_back(&literal);
    } else {
      demographics.push_back(&literal);
    }
  }
  if (index_events.empty() && definition_.washout_days > 0) {
    std::vector<std::string> paths;
    for (const Literal* literal : positives.empty() ? std::vector<const Literal*>{&literals.front()} : positives) {
      paths.push_back(literal->path);
    }
    return Failure("washout_days: no event dates the index when " + JoinPaths(paths) +
                       " hold, so it is the first day of observation, before which no washout of " +
                       std::to_string(definition_.washout_days) + " days can be observed",
                   true);
  }
  std::int64_t events = 0;
  for (const Literal* literal : positives) {
    if (IsEventCriterion(*literal->criterion)) events += MinCountOf(*literal->criterion);
  }
  if (events > kMaxDummyEventsPerPerson) {
    return Failure(positives.front()->path + ": its way needs " + std::to_string(events) +
                       " events per person, more than a dummy person gets (" +
                       std::to_string(kMaxDummyEventsPerPerson) + ")",
                   true);
  }

  std::optional<Day> index;
  if (!index_events.empty()) {
    // The carrier's first row is the index: no later than the last day
    // every other index-giving criterion can still have a row.
    Day upper = kLastDay;
    for (const Literal* literal : index_events) upper = std::min(upper, Range(*literal->criterion).hi);
    const Literal* carrier = index_events[rng_.Below(index_events.size())];
    if (earliest_) {
      for (const Literal* literal : index_events) {
        if (Range(*literal->criterion).lo < Range(*carrier->criterion).lo) carrier = literal;
      }
    }
    Span first = Range(*carrier->criterion);
    first.hi = std::min(first.hi, upper);
    if (auto failure = PlaceRows(*carrier, first, 1, std::nullopt)) return *failure;
    index = earliest_row_;
    for (const Literal* literal : index_events) {
      Span range = Range(*literal->criterion);
      range.lo = std::max(range.lo, *index);
      const int rows = MinCountOf(*literal->criterion) - (literal == carrier ? 1 : 0);
      if (auto failure = PlaceRows(*literal, range, rows, literal == carrier ? index : std::nullopt)) {
        return *failure;
      }
    }
  }
  for (const Literal* literal : other_events) {
    Span range = Range(*literal->criterion);
    Span after = range;
    if (index) after.lo = std::max(after.lo, *index);
    std::optional<BuildFailure> failure =
        PlaceRows(*literal, after.empty() ? range : after, MinCountOf(*literal->criterion), std::nullopt);
    if (failure && !after.empty()) failure = PlaceRows(*literal, range, MinCountOf(*literal->criterion), std::nullopt);
    if (failure) return *failure;
  }

  // Without an index-giving event the index is the first day of
  // observation: on or before every row and the death.
  const Day planned = index ? *index : earliest_ ? preferred_.lo : Uniform(preferred_);
  const Day follow_up_end = planned + definition_.follow_up_days;
  if (auto failure = PlaceDeath(deaths, not_deaths, std::max(follow_up_end, latest_row_))) return *failure;
  if (!index) {
    index = std::min(planned, earliest_row_);
    if (person_.death_date) index = std::min(*index, ToDay(*person_.death_date));
  }

  Span observed;
  observed.lo = index_events.empty() ? *index
                                     : std::min(*index - definition_.washout_days, earliest_row_) -
                                           (earliest_ ? 0 : static_cast<Day>(rng_.Below(400)));
  const Day needed_end = std::max(*index + definition_.follow_up_days, latest_row_);
  observed.hi = needed_end + (earliest_ ? 0 : static_cast<Day>(rng_.Below(400)));
  if (person_.death_date && ToDay(*person_.death_date) >= needed_end) observed.hi = ToDay(*person_.death_date);
  observed = Intersect(observed, {kFirstDay, kLastDay});

  if (auto failure = ChooseDemographics(demographics, *index)) return *failure;
  AddBackground(observed);
  person_.observation_periods = {{ToDate(observed.lo), ToDate(observed.hi)}};
  person_.index_date = ToDate(*index);

  std::optional<CivilDate> selected = EvaluateMember(definition_, person_);
  if (!selected) {
    return Failure(literals.front().path + ": a dummy person built to satisfy it was not selected", false);
  }
  person_.index_date = *selected;
  return std::move(person_);
}

}  // namespace

std::optional<std::string> DrugCatalog::ClassOf(const std::string& cip13) const {
  auto found = classes_.find(cip13);
  if (found != classes_.end()) return found->second;
  for (const PoolDrug& drug : PoolDrugs()) {
    if (drug.cip13 == cip13) return std::string(drug.atc);
  }
  return std::nullopt;
}

std::vector<std::string> DrugCatalog::CodesOf(const std::string& atc) const {
  std::vector<std::string> codes;
  for (const auto& [cip13, known] : classes_) {
    if (known == atc) codes.push_back(cip13);
  }
  return codes;
}

std::variant<DummyPerson, BuildFailure> BuildDummyPerson(const DummyContext& context,
                                                         const std::vector<Literal>& literals, DrugCatalog& catalog,
                                                         Rng& rng, bool earliest) {
  return Builder(context, catalog, rng, earliest).Build(literals);
}

}  // namespace sovhub::cohort::dummy
