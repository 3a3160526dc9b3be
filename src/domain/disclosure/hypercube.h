// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Hypercubes: for a cell of a k-dimensional table, choose in each dimension a
// "move" — a signed set of codes that keeps that dimension's equations: the
// cell's own code (+1), a path down to a leaf when that code has children
// (+1 each), and either a sibling with its own path down (−1 each: the change
// cancels in the parent) or the chain of ancestors up to the total (+1 each).
// The product of the k moves changes cells by ±δ with every equation of the
// table kept, so suppressing its cells lets the cell move by δ as far as the
// falling cells allow. In a flat 2-D table a move is a sibling or the total,
// and the hypercube is a rectangle. The building block of the heuristic for
// hierarchical and multi-dimensional tables, and of the repair's last resort.
#ifndef SOVHUB_DOMAIN_DISCLOSURE_HYPERCUBE_H_
#define SOVHUB_DOMAIN_DISCLOSURE_HYPERCUBE_H_

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "domain/disclosure/primary.h"
#include "domain/disclosure/table.h"

namespace sovhub::disclosure {

struct HypercubeSearch {
  int candidates_per_dimension = 8;  // the cheapest alternatives tried per dimension
  bool honour_capacity = true;       // falling cells must hold the protection levels
};

// A hypercube: per dimension a move (signed codes, the cell's own code first),
// and its cells, the product of the moves, each with the sign of its change
// (cells[0] is the cell itself, sign +1).
struct Hypercube {
  std::vector<std::vector<std::pair<int, int>>> moves;  // per dimension: (code, sign)
  std::vector<std::size_t> cells;
  std::vector<int> signs;
};

// The cheapest hypercube through `cell` (cost: Σ weight of its published
// cells; cells without `may_suppress` excluded): the published cells to
// suppress (empty when a fully suppressed one exists), nullopt when none.
std::optional<std::vector<std::size_t>> CheapestHypercube(const Table& table, std::size_t cell,
                                                          const Protection& protection,
                                                          const std::vector<bool>& suppressed,
                                                          const std::vector<bool>& may_suppress,
                                                          const std::vector<double>& weight,
                                                          const HypercubeSearch& search);

// A hypercube through `cell` made only of suppressed cells whose falling
// cells hold the protection levels, nullopt when the search finds none. The
// audit's cheapest argument: the true table moved along it is a table the
// attacker cannot rule out.
std::optional<Hypercube> SuppressedHypercube(const Table& table, std::size_t cell, const Protection& protection,
                                             const std::vector<bool>& suppressed, const HypercubeSearch& search);

// Whether every move keeps its dimension's equations (each non-leaf code's
// change equals the sum of its children's), which makes the product keep
// every equation of the table. The audit checks it before trusting a cube.
bool KeepsEquations(const Table& table, const Hypercube& cube);

// Every line (an equation: the marginal first, then its parts) through `cell`.
std::vector<std::vector<std::size_t>> LinesThrough(const Table& table, std::size_t cell);

}  // namespace sovhub::disclosure

#endif  // SOVHUB_DOMAIN_DISCLOSURE_HYPERCUBE_H_
