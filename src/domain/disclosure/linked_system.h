// SPDX-License-Identifier: AGPL-3.0-or-later
//
// What an attacker sees, as one system: every release's cells merged by
// identity (Table::CellKey: region A in region × sex and in region × age is
// one cell), every release's equations over them, and which cells are
// published. The attacker's unknowns are the cells no release publishes; the
// published ones are constants. So the attacker's LP splits into independent
// pieces, the connected components of the graph "unknown cell — equation
// through it": the interval of a cell computed from its component's
// equations alone is exactly the interval computed from the whole system
// (the other components are feasible on their own: the true table satisfies
// them). Component() and ComponentSystem() give that piece. Used by the
// audit (audit.h) and the prover (prover.h).
#ifndef SOVHUB_DOMAIN_DISCLOSURE_LINKED_SYSTEM_H_
#define SOVHUB_DOMAIN_DISCLOSURE_LINKED_SYSTEM_H_

#include <cstddef>
#include <vector>

#include "core/status.h"
#include "domain/disclosure/audit.h"
#include "domain/disclosure/linear_program.h"

namespace sovhub::disclosure {

class LinkedSystem {
 public:
  // The releases' tables must outlive this; their flags are read now (the
  // first release's can be changed later with SetFirstSuppressed).
  explicit LinkedSystem(const std::vector<Release>& releases);

  std::size_t size() const { return value_.size(); }  // global cells
  std::size_t GlobalOfFirst(std::size_t cell) const { return global_of_first_[cell]; }
  // The first table's cell of a global cell, or -1 when it is not in it.
  std::ptrdiff_t FirstOf(std::size_t global) const { return first_of_global_[global]; }
  bool published(std::size_t global) const { return published_[global]; }
  // The true value: known for the first table's cells and published cells.
  double value(std::size_t global) const { return value_[global]; }

  // The first table's cell is (not) withheld in the first release; it stays
  // published when another release publishes it.
  void SetFirstSuppressed(std::size_t cell, bool suppressed);

  // Internal when the published cells contradict an equation.
  Status CheckPublishedCellsAddUp() const;

  // The unknown cells connected to the unknown `global` through equations.
  std::vector<std::size_t> Component(std::size_t global) const;

  // The LP over `component` (variables in its order, >= 0 and <= upper
  // bound) and every equation touching it, published cells on the right.
  LinearSystem ComponentSystem(const std::vector<std::size_t>& component, double cell_upper_bound) const;

 private:
  std::vector<double> value_;
  std::vector<char> published_, published_elsewhere_;
  std::vector<std::vector<std::size_t>> rows_;  // [0] = the marginal, then its parts
  std::vector<std::vector<std::size_t>> rows_of_;  // equations through each global cell
  std::vector<std::size_t> global_of_first_;
  std::vector<std::ptrdiff_t> first_of_global_;
};

}  // namespace sovhub::disclosure

#endif  // SOVHUB_DOMAIN_DISCLOSURE_LINKED_SYSTEM_H_
