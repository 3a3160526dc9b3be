// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The cohort language: the abstract syntax of a cohort definition and its
// rules, independent of JSON and SQL (docs/cohort.md states the meaning; the
// JSON form is read by src/cohort/cohort_json.h and compiled to SQL by
// src/cohort/cohort_sql.h).
//
// A definition is a tree of criteria. Leaves are event criteria (condition,
// drug, procedure, stay: rows of the OMOP event tables counted in a date
// window), demographics (age at the index date, sex, department) and death;
// inner nodes are all / any / not. Values hold codes in canonical form
// (ICD-10 without its dot); a value built by ParseCodePattern is valid, and
// Validate checks a whole definition, so that the compiler may assume it.
#ifndef SOVHUB_DOMAIN_COHORT_H_
#define SOVHUB_DOMAIN_COHORT_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"

namespace sovhub::cohort {

// The language version this code reads and writes ("version" in the JSON).
inline constexpr int kVersion = 1;

// Limits. They bound the SQL a definition compiles to (SQLite accepts at most
// 32766 parameters; 5000 codes take at most 10000, a prefix needing two) and
// the recursion of every walk over the tree; no real cohort comes near them.
inline constexpr int kMaxDepth = 32;          // nesting of criteria
inline constexpr int kMaxCriteria = 256;      // criteria in a definition
inline constexpr int kMaxCodes = 5000;        // codes and departments, in all
inline constexpr int kMaxMinCount = 1000000;  // min_count
inline constexpr int kMaxDays = 36500;        // washout, follow-up, min_days: 100 years
inline constexpr int kMaxAge = 150;

enum class CodeSystem {
  kIcd10,  // CIM-10: letter, 2 digits, up to 2 more letters or digits ("E119")
  kAtc,    // ATC at one of its 5 levels: A, A10, A10B, A10BA, A10BA02
  kCip13,  // 13 digits, the last an EAN-13 check digit ("3400993010111")
  kCcam,   // 4 letters and 3 digits ("DZQM006")
};

// "ICD-10", "ATC", "CIP13", "CCAM": the names error messages use.
std::string_view CodeSystemName(CodeSystem system);

// A code to match: exactly, or as a prefix of the recorded codes.
struct CodePattern {
  std::string code;     // canonical: upper case, no dot, no '*'
  bool prefix = false;  // written with a trailing '*'
  bool operator==(const CodePattern&) const = default;
};

// Reads one code as written in a definition; a trailing '*' makes a prefix.
// Exact codes must have a full shape of their system (for ATC, one of the 5
// levels; for CIP13, 13 digits with a valid check digit). Prefixes must be a
// non-empty beginning of that shape: "E1*", "A10B*", "340099*", "DZQ*"; an
// ATC prefix must stop at a level boundary ("A10*", not "A1*"). ICD-10 accepts
// one dot after the third character ("E11.9", "E11.9*") and drops it. Letters
// must be upper case. InvalidArgument: `"A1O" is not an ATC code`.
Result<CodePattern> ParseCodePattern(CodeSystem system, std::string_view text);

// The written form: the code, then '*' for a prefix. ParseCodePattern of it
// gives back `pattern` when the pattern is valid.
std::string FormatCodePattern(const CodePattern& pattern);

// True for a valid pattern of `system` in canonical form.
bool IsValidCodePattern(CodeSystem system, const CodePattern& pattern);

// French departments as location.county holds them: "01"-"95" except "20",
// "2A", "2B", "971"-"976".
bool IsDepartment(std::string_view code);

// Both bounds inclusive; an absent bound is open.
struct Window {
  std::optional<CivilDate> from;
  std::optional<CivilDate> to;
  bool operator==(const Window&) const = default;
  bool bounded() const { return from.has_value() || to.has_value(); }
};

// condition_occurrence rows whose condition_source_value matches.
struct Condition {
  std::vector<CodePattern> icd10;
  Window window;
  int min_count = 1;
  bool operator==(const Condition&) const = default;
};

// drug_exposure rows (dispensings) whose drug_source_value matches a CIP13
// pattern or maps, through omop_drug_atc, to a matching ATC code.
struct Drug {
  std::vector<CodePattern> atc;
  std::vector<CodePattern> cip13;
  Window window;
  int min_count = 1;
  bool operator==(const Drug&) const = default;
};

// procedure_occurrence rows whose procedure_source_value matches.
struct Procedure {
  std::vector<CodePattern> ccam;
  Window window;
  int min_count = 1;
  bool operator==(const Procedure&) const = default;
};

// Hospital stays (visit_occurrence, visit_source_value 'MCO').
struct Stay {
  std::vector<CodePattern> diagnosis;  // ICD-10; empty: any stay
  std::optional<int> min_days;         // visit_end_date - visit_start_date
  Window window;
  int min_count = 1;
  bool operator==(const Stay&) const = default;
};

enum class Sex { kMale, kFemale };

// Completed years at the index date, both bounds inclusive.
struct AgeRange {
  std::optional<int> min;
  std::optional<int> max;
  bool operator==(const AgeRange&) const = default;
};

struct Demographics {
  std::optional<AgeRange> age;
  std::optional<Sex> sex;
  std::vector<std::string> departments;  // any of them; empty: anywhere
  bool operator==(const Demographics&) const = default;
};

// A death row, with its date in the window.
struct Death {
  Window window;
  bool operator==(const Death&) const = default;
};

struct Criterion;

struct All {
  std::vector<Criterion> operands;
  bool operator==(const All&) const;
};

struct Any {
  std::vector<Criterion> operands;
  bool operator==(const Any&) const;
};

// Holds its operand on the heap (a criterion cannot contain itself by value)
// with value semantics: copies are deep, == compares operands.
class Not {
 public:
  explicit Not(Criterion operand);
  Not(const Not& other);
  Not& operator=(const Not& other);
  Not(Not&&) noexcept = default;
  Not& operator=(Not&&) noexcept = default;
  ~Not();

  // Never null, except in a moved-from Not.
  const Criterion& operand() const { return *operand_; }
  Criterion& operand() { return *operand_; }
  bool operator==(const Not& other) const;

 private:
  std::unique_ptr<Criterion> operand_;
};

// The types a criterion can be (named, rather than tested with
// is_constructible, which would recurse through Not).
template <typename T>
concept CriterionNode =
    std::is_same_v<T, All> || std::is_same_v<T, Any> || std::is_same_v<T, Not> ||
    std::is_same_v<T, Condition> || std::is_same_v<T, Drug> || std::is_same_v<T, Procedure> ||
    std::is_same_v<T, Stay> || std::is_same_v<T, Demographics> || std::is_same_v<T, Death>;

struct Criterion {
  using Node = std::variant<All, Any, Not, Condition, Drug, Procedure, Stay, Demographics, Death>;

  Criterion() = default;  // an empty `all`, which Validate refuses
  // Implicit, so that trees read as they are written: All{{Condition{...}, Not(Death{})}}.
  template <typename T>
    requires CriterionNode<std::remove_cvref_t<T>>
  Criterion(T&& value) : node(std::forward<T>(value)) {}  // NOLINT: implicit on purpose

  Node node;
  bool operator==(const Criterion& other) const;
};

// True for condition, drug, procedure and stay: the criteria whose events can
// give the index date.
bool IsEventCriterion(const Criterion& criterion);

struct Definition {
  int version = kVersion;
  Criterion population;
  int washout_days = 0;    // observation before the index date
  int follow_up_days = 0;  // observation after the index date
  bool operator==(const Definition&) const = default;
};

// Checks the rules the types do not: version, non-empty lists, valid codes
// and departments, min <= max, from <= to, the limits above, at least one
// field in a demographics criterion, and no age under an `any` (the age is
// taken at the index date, which the branches of an `any` decide). Errors are
// InvalidArgument "path: reason", the path named as in the JSON form, e.g.
// "population.all[2].drug.atc[0]: \"A1O\" is not an ATC code".
Status Validate(const Definition& definition);

}  // namespace sovhub::cohort

#endif  // SOVHUB_DOMAIN_COHORT_H_
