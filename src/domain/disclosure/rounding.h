// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Rounding of count tables, an alternative or a complement to suppression:
//   conventional  each cell to the nearest multiple of the base (halves up);
//                 not additive (Handbook on SDC, ch. 5);
//   midpoint-6    OpenSAFELY's: 0 → 0, 1–6 → 3, 7–12 → 9, … i.e.
//                 ceil(x/6)·6 − 3 for x > 0;
//   recomputed    the interior cells rounded (conventional or midpoint-6),
//                 redacted cells left out, and every marginal the sum of the
//                 released rounded cells under it (OpenSAFELY's practice);
//   controlled    every cell to one of its two adjacent multiples of the base
//                 (multiples stay as they are), with the table still additive,
//                 closest to the original (Σ|rounded − x| smallest). Found as an
//                 LP whose vertices are whole for 1-D and 2-D tables without
//                 hierarchies (a network); for others, when the LP's optimum
//                 is fractional, as an integer program (branch and bound).
//                 Such a table may have no controlled rounding at all (a 3-D
//                 table, Handbook on SDC 5.3): Unavailable then.
#ifndef SOVHUB_DOMAIN_DISCLOSURE_ROUNDING_H_
#define SOVHUB_DOMAIN_DISCLOSURE_ROUNDING_H_

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "domain/disclosure/linear_program.h"
#include "domain/disclosure/table.h"

namespace sovhub::disclosure {

enum class Rounding { kConventional, kMidpoint6 };

std::int64_t RoundConventional(std::int64_t count, std::int64_t base);
std::int64_t RoundMidpoint6(std::int64_t count);

// Per cell of `table`: the released value, or -1 for a redacted cell. Leaf
// cells are rounded (`redacted` may be empty); marginals are the sums of the
// released leaves under them.
std::vector<std::int64_t> RoundRecomputingTotals(const Table& table, const std::vector<bool>& redacted,
                                                 Rounding rounding, std::int64_t base);

// Controlled rounding of every cell (see above). InvalidArgument for a base
// below 2 or a non-whole value.
Result<std::vector<std::int64_t>> ControlledRounding(const Table& table, std::int64_t base, LpSolver& solver);

}  // namespace sovhub::disclosure

#endif  // SOVHUB_DOMAIN_DISCLOSURE_ROUNDING_H_
