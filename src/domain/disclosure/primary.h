// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Primary rules: which cells are sensitive, and how wide the interval an
// attacker can infer for each must stay (its protection levels), following
// the Handbook on Statistical Disclosure Control (ch. 4) and τ-Argus:
//
//   frequency rule   0 < n < threshold (zeros only when configured).
//                    Counts: upper level = threshold − n, lower level 0: the
//                    attacker must not be able to rule out that the count
//                    reaches the threshold. Magnitudes: upper = lower =
//                    range_percent % of the value.
//   (n,k) dominance  the n largest contributions exceed k % of the total X;
//                    upper = lower level = 100/k · (x1+…+xn) − X.
//   p% (and (p,q))   X − x1 − x2 < (p/q)·x1 (q = 100: the p% rule);
//                    upper = lower level = (p/q)·x1 − (X − x1 − x2).
//   by hand          a cell marked sensitive in the input;
//                    upper = lower level = manual_percent % of the value
//                    (default 0: it must only not be exactly disclosed, as
//                    sdcTable's tests expect; τ-Argus's MAN(10) is 10).
//
// A cell sensitive under several rules takes the largest of each level.
// Lower levels are capped at the value (no count goes below zero). On top of
// the levels, a sensitive suppressed cell must never be exactly disclosed.
#ifndef SOVHUB_DOMAIN_DISCLOSURE_PRIMARY_H_
#define SOVHUB_DOMAIN_DISCLOSURE_PRIMARY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/disclosure/table.h"

namespace sovhub::disclosure {

struct FrequencyRule {
  std::int64_t threshold = 10;  // sensitive when 0 < n < threshold
  bool zeros_sensitive = false;
  double range_percent = 10.0;  // protection of a magnitude cell sensitive by frequency
};

struct DominanceRule {
  int n = 1;
  double k = 85.0;  // percent
};

struct PPercentRule {
  double p = 10.0;
  double q = 100.0;  // the prior-posterior (p,q) rule; 100 gives the p% rule
};

struct PrimaryRules {
  std::optional<FrequencyRule> frequency = FrequencyRule{};
  std::vector<DominanceRule> dominance;  // magnitude tables only
  std::optional<PPercentRule> p_percent;  // magnitude tables only
  double manual_percent = 0.0;  // 0: only "never exactly disclosed", as sdcTable
  double sliding = 0.0;  // a minimum width of the interval, for every sensitive cell
};

// What the attacker's interval [lo, hi] around a sensitive cell's value v must
// satisfy: hi >= v + upper, lo <= v − lower, hi − lo >= sliding, hi > lo.
struct Protection {
  bool sensitive = false;
  double upper = 0.0;
  double lower = 0.0;
  double sliding = 0.0;
  std::string rule;  // "frequency", "dominance", "p%", "manual", joined by "+"
};

// The rules applied to every cell of the table; `by_hand` (may be empty)
// marks cells sensitive by hand. InvalidArgument when a dominance or p% rule
// is asked of a count table, of a cell whose contributions are unknown, or
// with parameters out of range (n < 1 or > kMaxTopContributions, k or p
// outside (0,100], q outside (0,100]).
Result<std::vector<Protection>> ApplyPrimaryRules(const Table& table, const PrimaryRules& rules,
                                                  const std::vector<bool>& by_hand);

// The single-cell rules, for tests and the documentation's examples. Each
// returns the protection level when the cell is sensitive, nullopt otherwise.
std::optional<double> FrequencyLevel(std::int64_t count, const FrequencyRule& rule);
std::optional<double> DominanceLevel(double total, const std::vector<double>& top, const DominanceRule& rule);
std::optional<double> PPercentLevel(double total, const std::vector<double>& top, const PPercentRule& rule);

}  // namespace sovhub::disclosure

#endif  // SOVHUB_DOMAIN_DISCLOSURE_PRIMARY_H_
