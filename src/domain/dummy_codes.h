// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Codes for dummy cohorts (internal to dummy_cohort.cc and its tests): how a
// recorded code matches a pattern, the concrete codes a pattern stands for,
// and small lists of real codes to draw from. The ICD-10 (CIM-10) and CCAM
// codes are those of src/synth/codes.cc, checked against the nomenclatures
// by synth_test; the CIP13 codes are the same invented ones, with the real
// ATC classes synth gives them.
#ifndef SOVHUB_DOMAIN_DUMMY_CODES_H_
#define SOVHUB_DOMAIN_DUMMY_CODES_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/rng.h"
#include "domain/cohort.h"

namespace sovhub::cohort::dummy {

// As the compiled SQL matches: an exact pattern is the code itself, a prefix
// any code that starts with it.
bool Matches(const CodePattern& pattern, std::string_view code);
bool MatchesAny(const std::vector<CodePattern>& patterns, std::string_view code);
bool InWindow(const Window& window, const CivilDate& date);

// The 12 digits and their EAN-13 check digit.
std::string WithEan13CheckDigit(std::string_view twelve_digits);

// Up to `limit` distinct full codes of `system` that `pattern` matches: the
// built-in real codes that match (in a random order), the prefix itself when
// it is a full code (not an ATC class above level 5), then random extensions
// (ICD-10: a letter, 2 digits and an optional digit; ATC: level 5, 7
// characters; CIP13: 13 digits, "34009" first when the prefix allows, with
// its check digit; CCAM: 4 letters and 3 digits). An exact pattern gives its
// code only. The first character an extension adds takes each of its values
// in turn, so that a short list still reaches every branch below the prefix.
std::vector<std::string> ConcreteCodes(CodeSystem system, const CodePattern& pattern, Rng& rng, int limit);

struct PoolDrug {
  std::string_view cip13;
  std::string_view atc;
};

// Real codes for events that no criterion asks for (and preferred
// extensions of prefixes).
std::span<const std::string_view> PoolDiagnoses();
std::span<const std::string_view> PoolProcedures();
std::span<const PoolDrug> PoolDrugs();

// Every department (docs/cohort.md): "01"-"95" but "20", "2A", "2B", "971"-"976".
const std::vector<std::string>& AllDepartments();

// The k-th invented CIP13 for a drug of class `atc` ("340098", 6 digits
// derived from the class and k, the check digit): stable, so that the same
// class gets the same codes in every population.
std::string DerivedCip13(std::string_view atc, int k);

}  // namespace sovhub::cohort::dummy

#endif  // SOVHUB_DOMAIN_DUMMY_CODES_H_
