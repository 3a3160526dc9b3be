// SPDX-License-Identifier: AGPL-3.0-or-later
#include "cohort/cohort_sql.h"

#include <algorithm>
#include <map>

namespace sovhub::cohort {
namespace {

// The query, in steps (docs/cohort.md, "How it runs"):
//   e<k> / d<k>  one CTE per event / death criterion: the persons who satisfy
//                it, with the date of their first matching event, from one
//                pass over its table grouped by person;
//   hits         those rows stacked (UNION ALL), tagged with k;
//   per_person   the hits grouped by person: s<k> (criterion k holds) and
//                f<k> (its first date) side by side;
//   first_observation
//                only when the population can hold without any event: every
//                person observed, with the start of their first period;
//   flags        per candidate (per_person, or first_observation), with the
//                person's row: birth, sex and department;
//   indexed      the index date, from the criteria that give it;
//   candidates   the population's truth, with the ages at the index date;
//   cohort       the candidates whose observation covers washout and
//                follow-up.
// The event CTEs meet through one GROUP BY, not joined to each other, which
// would leave SQLite to decide whether to index them (a scan per row makes
// the query quadratic). candidates is MATERIALIZED so that the coverage
// lookups run for the persons who pass the truth, not for every person.

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

// The least string greater than every string that starts with `prefix`:
// codes are upper-case letters and digits, so incrementing the last
// character ('9' -> ':', 'Z' -> '[') never overflows.
std::string PrefixUpperBound(std::string prefix) {
  prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

class Compiler {
 public:
  Compiler(const Definition& definition, const Dialect& dialect)
      : definition_(definition), dialect_(dialect) {
    Number(definition_.population);
  }

  // "WITH ..., cohort AS (...)": the statement without its final SELECT.
  std::string CommonTableExpressions() {
    std::vector<std::string> ctes;
    for (const Criterion* leaf : leaves_) {
      if (std::string cte = LeafTable(*leaf); !cte.empty()) ctes.push_back(cte);
    }
    bool fallback = !GivesAnEvent(definition_.population);
    bool tables = std::any_of(leaves_.begin(), leaves_.end(),
                              [](const Criterion* leaf) { return HasTable(*leaf); });
    if (tables) {
      // With one table criterion, its rows are already one per person: the
      // stacking and second grouping would cost a sort of every hit for nothing.
      if (TableLeaves() > 1) ctes.push_back(Hits());
      ctes.push_back(PerPerson());
    }
    if (fallback) {
      // Streams over the person_id index: no sort.
      ctes.push_back(
          "first_observation AS (\n"
          "  SELECT person_id, MIN(observation_period_start_date) AS start_date\n"
          "  FROM observation_period\n  GROUP BY person_id)");
    }
    ctes.push_back(Flags(fallback, tables));
    ctes.push_back(Indexed(fallback));
    ctes.push_back(Candidates());
    ctes.push_back(Cohort());
    return "WITH\n" + Join(ctes, ",\n") + "\n";
  }

  std::vector<SqlParam> TakeParams() { return std::move(params_); }

 private:
  // Assigns each criterion of the tree its number, in document order.
  void Number(const Criterion& criterion) {
    ids_[&criterion] = static_cast<int>(ids_.size()) + 1;
    if (const auto* all = std::get_if<All>(&criterion.node)) {
      for (const Criterion& operand : all->operands) Number(operand);
    } else if (const auto* any = std::get_if<Any>(&criterion.node)) {
      for (const Criterion& operand : any->operands) Number(operand);
    } else if (const auto* negation = std::get_if<Not>(&criterion.node)) {
      Number(negation->operand());
    } else {
      leaves_.push_back(&criterion);
    }
  }

  std::string Id(const Criterion& criterion) const { return std::to_string(ids_.at(&criterion)); }

  // Each alternative is placed directly: a by-value SqlParam argument makes
  // GCC 12 at -O2 warn (maybe-uninitialized) inside std::variant.
  std::string BindInt(std::int64_t value) {
    params_.emplace_back(std::in_place_type<std::int64_t>, value);
    return dialect_.Param(static_cast<int>(params_.size()), ParamType::kInteger);
  }
  std::string BindText(std::string value) {
    params_.emplace_back(std::in_place_type<std::string>, std::move(value));
    return dialect_.Param(static_cast<int>(params_.size()), ParamType::kText);
  }
  std::string BindDate(const CivilDate& date) {
    params_.emplace_back(std::in_place_type<std::string>, ToIsoString(date));
    return dialect_.Param(static_cast<int>(params_.size()), ParamType::kDate);
  }

  // `column` matches one of `codes`: exact codes by IN, prefixes by ranges.
  std::string CodeMatch(const std::string& column, const std::vector<CodePattern>& codes) {
    std::vector<std::string> exact;
    std::vector<std::string> terms;
    for (const CodePattern& code : codes) {
      if (!code.prefix) {
        exact.push_back(BindText(code.code));
        continue;
      }
      if (code.code.empty()) {  // not a valid pattern (see Validate), but harmless
        terms.push_back("(" + column + " IS NOT NULL)");
        continue;
      }
      // Bound one statement at a time: the order of operands of + is unspecified.
      std::string bytewise = dialect_.Bytewise(column);
      std::string low = BindText(code.code);
      std::string high = BindText(PrefixUpperBound(code.code));
      terms.push_back("(" + bytewise + " >= " + low + " AND " + bytewise + " < " + high + ")");
    }
    if (!exact.empty()) terms.insert(terms.begin(), column + " IN (" + Join(exact, ", ") + ")");
    if (terms.empty()) return "FALSE";
    return "(" + Join(terms, " OR ") + ")";
  }

  std::string WindowMatch(const std::string& column, const Window& window) {
    std::string out;
    if (window.from) out += "\n    AND " + column + " >= " + BindDate(*window.from);
    if (window.to) out += "\n    AND " + column + " <= " + BindDate(*window.to);
    return out;
  }

  // SELECT ... GROUP BY person_id for an event criterion. Without a date
  // window, `summary` (one row per code and person, with its first date and
  // number of events; docs/omop.md) gives the same persons, dates and counts
  // from far fewer rows; its code column has the event table's name.
  std::string EventTable(const Criterion& criterion, std::string_view table,
                         std::string_view summary, std::string_view date_column,
                         const std::string& match, const Window& window, int min_count) {
    if (!summary.empty() && !window.from && !window.to) {
      std::string count = BindInt(min_count);
      return "e" + Id(criterion) + " AS (\n  SELECT person_id, MIN(first_date) AS first_date\n" +
             "  FROM " + std::string(summary) + "\n  WHERE " + match +
             "\n  GROUP BY person_id\n  HAVING SUM(events) >= " + count + ")";
    }
    std::string in_window = WindowMatch(std::string(date_column), window);
    std::string count = BindInt(min_count);
    return "e" + Id(criterion) + " AS (\n  SELECT person_id, MIN(" + std::string(date_column) +
           ") AS first_date\n  FROM " + std::string(table) + "\n  WHERE " + match + in_window +
           "\n  GROUP BY person_id\n  HAVING COUNT(*) >= " + count + ")";
  }

  std::string LeafTable(const Criterion& criterion) {
    if (const auto* condition = std::get_if<Condition>(&criterion.node)) {
      return EventTable(criterion, "condition_occurrence", "omop_condition_codes",
                        "condition_start_date",
                        CodeMatch("condition_source_value", condition->icd10), condition->window,
                        condition->min_count);
    }
    if (const auto* drug = std::get_if<Drug>(&criterion.node)) {
      std::vector<std::string> terms;
      if (!drug->atc.empty()) {
        terms.push_back(
            "drug_source_value IN (\n    SELECT drug_source_value FROM omop_drug_atc WHERE " +
            CodeMatch("atc", drug->atc) + ")");
      }
      if (!drug->cip13.empty()) terms.push_back(CodeMatch("drug_source_value", drug->cip13));
      std::string match = terms.empty() ? "FALSE" : "(" + Join(terms, " OR ") + ")";
      return EventTable(criterion, "drug_exposure", "omop_drug_codes", "drug_exposure_start_date",
                        match, drug->window, drug->min_count);
    }
    if (const auto* procedure = std::get_if<Procedure>(&criterion.node)) {
      return EventTable(criterion, "procedure_occurrence", "omop_procedure_codes", "procedure_date",
                        CodeMatch("procedure_source_value", procedure->ccam), procedure->window,
                        procedure->min_count);
    }
    if (const auto* stay = std::get_if<Stay>(&criterion.node)) {
      // Short-stay hospital care (médecine, chirurgie, obstétrique) from the PMSI.
      std::string match = "visit_source_value = 'MCO'";
      if (stay->min_days) {
        match += "\n    AND " + dialect_.DaysBetween("visit_start_date", "visit_end_date") +
                 " >= " + BindInt(*stay->min_days);
      }
      if (!stay->diagnosis.empty()) {
        match +=
            "\n    AND visit_occurrence_id IN (\n"
            "      SELECT visit_occurrence_id FROM condition_occurrence\n"
            "      WHERE visit_occurrence_id IS NOT NULL AND " +
            CodeMatch("condition_source_value", stay->diagnosis) + ")";
      }
      return EventTable(criterion, "visit_occurrence", "", "visit_start_date", match, stay->window,
                        stay->min_count);
    }
    if (const auto* death = std::get_if<Death>(&criterion.node)) {
      std::string window = WindowMatch("death_date", death->window);
      return "d" + Id(criterion) + " AS (\n  SELECT DISTINCT person_id FROM death WHERE TRUE" +
             window + ")";
    }
    return "";  // demographics: read from person in `flags`
  }

  // True when the criterion cannot hold unless one of its event criteria
  // gives a date: then the index date is never the fallback.
  static bool GivesAnEvent(const Criterion& criterion) {
    if (IsEventCriterion(criterion)) return true;
    if (const auto* all = std::get_if<All>(&criterion.node)) {
      for (const Criterion& operand : all->operands) {
        if (GivesAnEvent(operand)) return true;
      }
      return false;
    }
    if (const auto* any = std::get_if<Any>(&criterion.node)) {
      for (const Criterion& operand : any->operands) {
        if (!GivesAnEvent(operand)) return false;
      }
      return !any->operands.empty();
    }
    return false;
  }

  bool Uses(bool (*test)(const Demographics&)) const {
    for (const Criterion* leaf : leaves_) {
      const auto* demographics = std::get_if<Demographics>(&leaf->node);
      if (demographics && test(*demographics)) return true;
    }
    return false;
  }

  static bool HasTable(const Criterion& leaf) {
    return IsEventCriterion(leaf) || std::holds_alternative<Death>(leaf.node);
  }

  std::string Hits() {
    std::vector<std::string> selects;
    for (const Criterion* leaf : leaves_) {
      if (!HasTable(*leaf)) continue;
      std::string id = Id(*leaf);
      if (IsEventCriterion(*leaf)) {
        selects.push_back("SELECT person_id, " + id + " AS k, first_date FROM e" + id);
      } else {
        selects.push_back("SELECT person_id, " + id + " AS k, CAST(NULL AS DATE) FROM d" + id);
      }
    }
    return "hits (person_id, k, first_date) AS (\n  " + Join(selects, "\n  UNION ALL ") + ")";
  }

  int TableLeaves() const {
    return static_cast<int>(std::count_if(leaves_.begin(), leaves_.end(),
                                          [](const Criterion* leaf) { return HasTable(*leaf); }));
  }

  std::string PerPerson() {
    if (TableLeaves() == 1) {
      const Criterion& leaf =
          **std::find_if(leaves_.begin(), leaves_.end(),
                         [](const Criterion* candidate) { return HasTable(*candidate); });
      std::string id = Id(leaf);
      if (IsEventCriterion(leaf)) {
        return "per_person AS (\n  SELECT person_id, TRUE AS s" + id + ", first_date AS f" + id +
               "\n  FROM e" + id + ")";
      }
      return "per_person AS (\n  SELECT person_id, TRUE AS s" + id + "\n  FROM d" + id + ")";
    }
    std::vector<std::string> columns = {"person_id"};
    for (const Criterion* leaf : leaves_) {
      if (!HasTable(*leaf)) continue;
      std::string id = Id(*leaf);
      columns.push_back("COUNT(CASE WHEN k = " + id + " THEN 1 END) > 0 AS s" + id);
      if (IsEventCriterion(*leaf)) {
        columns.push_back("MIN(CASE WHEN k = " + id + " THEN first_date END) AS f" + id);
      }
    }
    return "per_person AS (\n  SELECT " + Join(columns, ",\n    ") +
           "\n  FROM hits\n  GROUP BY person_id)";
  }

  // With `fallback`, every observed person is a candidate, and the
  // per-person flags are looked up (LEFT JOIN); otherwise the candidates are
  // the persons of per_person.
  std::string Flags(bool fallback, bool tables) {
    bool ages = Uses([](const Demographics& d) { return d.age.has_value(); });
    bool departments = Uses([](const Demographics& d) { return !d.departments.empty(); });
    std::string base = fallback ? "fo" : "h";
    std::vector<std::string> columns = {base + ".person_id AS person_id"};
    if (fallback) columns.push_back("fo.start_date AS first_observation");
    for (const Criterion* leaf : leaves_) {
      std::string id = Id(*leaf);
      if (HasTable(*leaf)) {
        columns.push_back(fallback ? "COALESCE(h.s" + id + ", FALSE) AS s" + id : "h.s" + id);
        if (IsEventCriterion(*leaf)) columns.push_back("h.f" + id);
      } else {
        columns.push_back(DemographicsFlag(std::get<Demographics>(leaf->node)) + " AS s" + id);
      }
    }
    if (ages) {
      // Unknown month or day of birth count as January, the 1st.
      columns.push_back(
          "p.year_of_birth * 10000 + COALESCE(p.month_of_birth, 1) * 100 + "
          "COALESCE(p.day_of_birth, 1) AS birth_key");
    }
    std::string from = fallback ? "first_observation fo" : "per_person h";
    from += "\n  JOIN person p ON p.person_id = " + base + ".person_id";
    if (fallback && tables) from += "\n  LEFT JOIN per_person h ON h.person_id = fo.person_id";
    if (departments) from += "\n  LEFT JOIN location l ON l.location_id = p.location_id";
    return "flags AS (\n  SELECT " + Join(columns, ",\n    ") + "\n  FROM " + from + ")";
  }

  // Sex and department (the age needs the index date: see Truth).
  std::string DemographicsFlag(const Demographics& demographics) {
    std::vector<std::string> terms;
    if (demographics.sex) {
      // person.gender_source_value holds the NIR's sex digit.
      terms.push_back("p.gender_source_value = " +
                      BindText(*demographics.sex == Sex::kMale ? "1" : "2"));
    }
    if (!demographics.departments.empty()) {
      std::vector<std::string> codes;
      for (const std::string& code : demographics.departments) codes.push_back(BindText(code));
      terms.push_back("l.county IN (" + Join(codes, ", ") + ")");
    }
    if (terms.empty()) return "TRUE";
    // A missing sex or location makes the criterion false, not unknown, so
    // that `not` of it is true.
    return "COALESCE(" + Join(terms, " AND ") + ", FALSE)";
  }

  // The criterion's truth over the flags; with `ages`, demographics include
  // the age at index_date.
  std::string Truth(const Criterion& criterion, bool ages) {
    auto operands = [&](const std::vector<Criterion>& list, std::string_view op) {
      std::vector<std::string> parts;
      for (const Criterion& operand : list) parts.push_back(Truth(operand, ages));
      return parts.empty() ? std::string(op == " AND " ? "TRUE" : "FALSE")
                           : "(" + Join(parts, op) + ")";
    };
    if (const auto* all = std::get_if<All>(&criterion.node)) {
      return operands(all->operands, " AND ");
    }
    if (const auto* any = std::get_if<Any>(&criterion.node)) {
      return operands(any->operands, " OR ");
    }
    if (const auto* negation = std::get_if<Not>(&criterion.node)) {
      return "(NOT " + Truth(negation->operand(), ages) + ")";
    }
    std::string flag = "s" + Id(criterion);
    const auto* demographics = std::get_if<Demographics>(&criterion.node);
    if (!ages || !demographics || !demographics->age) return flag;
    // Completed years: YYYYMMDD of the index date minus that of the birth,
    // divided by 10000, rounded down.
    std::string elapsed = "(" + dialect_.DateKey("index_date") + " - birth_key)";
    std::vector<std::string> terms = {flag};
    if (demographics->age->min) {
      terms.push_back(elapsed + " >= " + BindInt(*demographics->age->min) + " * 10000");
    }
    if (demographics->age->max) {
      terms.push_back(elapsed + " < (" + BindInt(*demographics->age->max) + " + 1) * 10000");
    }
    return "(" + Join(terms, " AND ") + ")";
  }

  // The first dates that give the index: each positive event criterion's,
  // when it holds and so does every branch of an `any` above it.
  void IndexCandidates(const Criterion& criterion, const std::vector<std::string>& guards,
                       std::vector<std::string>& out) {
    if (IsEventCriterion(criterion)) {
      std::vector<std::string> conditions = guards;
      conditions.push_back("s" + Id(criterion));
      out.push_back("CASE WHEN " + Join(conditions, " AND ") + " THEN f" + Id(criterion) + " END");
    } else if (const auto* all = std::get_if<All>(&criterion.node)) {
      for (const Criterion& operand : all->operands) IndexCandidates(operand, guards, out);
    } else if (const auto* any = std::get_if<Any>(&criterion.node)) {
      for (const Criterion& operand : any->operands) {
        std::vector<std::string> branch = guards;
        // Validate keeps ages out of `any`: the branch's truth needs no index date.
        if (!IsEventCriterion(operand)) branch.push_back(Truth(operand, false));
        IndexCandidates(operand, branch, out);
      }
    }
    // Under `not`, events exclude persons and give no date.
  }

  std::string Indexed(bool fallback) {
    std::vector<std::string> dates;
    IndexCandidates(definition_.population, {}, dates);
    std::string index;
    if (dates.empty()) {
      index = "first_observation";
    } else {
      index = dialect_.LeastDate(dates);
      if (fallback) index = "COALESCE(" + index + ", first_observation)";
    }
    return "indexed AS (\n  SELECT *, " + index + " AS index_date\n  FROM flags)";
  }

  std::string Candidates() {
    return "candidates AS MATERIALIZED (\n  SELECT person_id, index_date\n  FROM indexed\n  "
           "WHERE " +
           Truth(definition_.population, true) + ")";
  }

  // An observation period must cover the washout before the index date and
  // the follow-up after it. When either window is zero, the period that
  // covers the other one covers the index date too: one lookup suffices.
  std::string Cohort() {
    std::vector<std::string> coverage;
    auto covers = [&](const std::string& from, const std::string& to) {
      coverage.push_back("EXISTS (SELECT 1 FROM observation_period op WHERE op.person_id = "
                         "c.person_id\n      AND op.observation_period_start_date <= " + from +
                         "\n      AND op.observation_period_end_date >= " + to + ")");
    };
    bool washout = definition_.washout_days != 0;
    bool follow_up = definition_.follow_up_days != 0;
    if (washout) {
      std::string days = BindInt(definition_.washout_days);
      covers(dialect_.AddDays("c.index_date", "-(" + days + ")"), "c.index_date");
    }
    if (follow_up || !washout) {
      std::string to = "c.index_date";
      if (follow_up) to = dialect_.AddDays("c.index_date", BindInt(definition_.follow_up_days));
      covers("c.index_date", to);
    }
    return "cohort AS (\n  SELECT c.person_id AS person_id, c.index_date AS index_date\n"
           "  FROM candidates c\n  WHERE " + Join(coverage, "\n    AND ") + ")";
  }

  const Definition& definition_;
  const Dialect& dialect_;
  std::map<const Criterion*, int> ids_;
  std::vector<const Criterion*> leaves_;
  std::vector<SqlParam> params_;
};

}  // namespace

CompiledQuery Compile(const Definition& definition, const Dialect& dialect) {
  Compiler compiler(definition, dialect);
  std::string sql = compiler.CommonTableExpressions() + "SELECT person_id, " +
                    dialect.DateText("index_date") +
                    " AS index_date\nFROM cohort\nORDER BY person_id";
  return {std::move(sql), compiler.TakeParams()};
}

CompiledQuery CompileCount(const Definition& definition, const Dialect& dialect) {
  Compiler compiler(definition, dialect);
  std::string sql = compiler.CommonTableExpressions() + "SELECT COUNT(*) AS persons\nFROM cohort";
  return {std::move(sql), compiler.TakeParams()};
}

}  // namespace sovhub::cohort
