// SPDX-License-Identifier: AGPL-3.0-or-later
//
// A 2-D table without hierarchies (two flat dimensions with their totals) is a
// network: row codes and column codes are nodes, every cell an arc, and the
// table's equations say that the cells form a circulation (an interior cell
// runs row → column, a marginal cell column → row, the grand total row total →
// column total). An attacker who knows the published cells can move the
// suppressed ones only along cycles of suppressed arcs, so the largest rise
// of a suppressed cell is a maximum flow, and the cheapest way to let it rise
// is a shortest path: the same answers as the audit's two LPs, found without
// an LP solver. Used by the audit and by the secondary heuristic when
// Applies() holds.
#ifndef SOVHUB_DOMAIN_DISCLOSURE_NETWORK_H_
#define SOVHUB_DOMAIN_DISCLOSURE_NETWORK_H_

#include <cstddef>
#include <optional>
#include <vector>

#include "domain/disclosure/table.h"

namespace sovhub::disclosure {

class FlatNetwork {
 public:
  // True for a table of two dimensions, neither of which has subtotals.
  static bool Applies(const Table& table);

  // `suppressed` has one flag per cell of `table`, which must outlive this.
  FlatNetwork(const Table& table, const std::vector<bool>& suppressed);

  void SetSuppressed(std::size_t cell, bool suppressed);
  bool suppressed(std::size_t cell) const { return suppressed_[cell]; }

  // How far the suppressed `cell` can rise (fall) while every published cell
  // keeps its value and no cell goes below zero, computed up to `limit`
  // (kUnbounded for the exact value). A fall is also bounded by the value.
  // `support`, when given, receives the cells the flow changed (duplicates
  // possible): the true table moved by the flow is a table the attacker
  // cannot rule out, and it differs from the true table only there.
  double MaxRise(std::size_t cell, double limit, std::vector<std::size_t>* support = nullptr);
  double MaxFall(std::size_t cell, double limit, std::vector<std::size_t>* support = nullptr);

  // The cheapest set of published cells (by `weight`, only cells with
  // `may_suppress`) whose suppression lets `cell` rise (or fall) by `amount`
  // along one cycle; empty when it already can along a cycle of suppressed
  // cells; nullopt when no cycle exists.
  std::optional<std::vector<std::size_t>> CheapestCycle(std::size_t cell, bool rise, double amount,
                                                        const std::vector<double>& weight,
                                                        const std::vector<bool>& may_suppress) const;

 private:
  int Tail(std::size_t cell) const;  // where a rise of the cell flows from
  int Head(std::size_t cell) const;
  double MaxFlow(std::size_t excluded, int source, int sink, double limit, std::vector<std::size_t>* support);
  double ThreeArcFlow(std::size_t excluded, int source, int sink, double limit,
                      std::vector<std::size_t>* support) const;
  void Attach(std::size_t cell);
  void Detach(std::size_t cell);

  const Table& table_;
  int rows_ = 0, columns_ = 0;  // codes of each dimension, totals included
  std::vector<bool> suppressed_;
  std::vector<std::vector<std::size_t>> incident_;  // suppressed cells at each node
  std::vector<double> delta_;  // a flow's change of each cell while MaxFlow runs
};

}  // namespace sovhub::disclosure

#endif  // SOVHUB_DOMAIN_DISCLOSURE_NETWORK_H_
