// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/hypercube.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace sovhub::disclosure {
namespace {

// The smallest fall that counts as "the cell can move" (see audit.cc).
constexpr double kNotExact = 1e-6;

// A signed set of codes of one dimension; the cell's own code first.
struct Move {
  std::vector<std::pair<int, int>> codes;  // (code, sign)
  double score = 0.0;                      // cost of its cells with only this dimension moved
};

}  // namespace

std::vector<std::vector<std::size_t>> LinesThrough(const Table& table, std::size_t cell) {
  std::vector<std::vector<std::size_t>> lines;
  for (int d = 0; d < table.dimension_count(); ++d) {
    const Hierarchy& h = table.dimension(d).codes;
    int code = table.Code(cell, d);
    if (!h.is_leaf(code)) {
      std::vector<std::size_t> line{cell};
      for (int child : h.children(code)) line.push_back(table.WithCode(cell, d, child));
      lines.push_back(std::move(line));
    }
    int parent = h.parent(code);
    if (parent >= 0) {
      std::vector<std::size_t> line{table.WithCode(cell, d, parent)};
      for (int sibling : h.children(parent)) line.push_back(table.WithCode(cell, d, sibling));
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

namespace {

// The cheapest hypercube; `may_suppress` null: only suppressed cells (and
// then `weight` is not read).
std::optional<Hypercube> FindHypercube(const Table& table, std::size_t cell, const Protection& protection,
                                       const std::vector<bool>& suppressed, const std::vector<bool>* may_suppress,
                                       const std::vector<double>* weight, const HypercubeSearch& search) {
  const int k = table.dimension_count();
  const double rise = std::max(protection.upper, std::max(protection.sliding, kNotExact));
  const double fall = protection.lower;
  auto usable = [&](std::size_t corner, int sign) {
    if (corner == cell) return true;
    if (!suppressed[corner] && (may_suppress == nullptr || !(*may_suppress)[corner])) return false;
    if (!search.honour_capacity) return true;
    double value = table.cell(corner).value;
    return sign < 0 ? value + 1e-9 >= rise : value + 1e-9 >= fall;
  };
  auto edge_cost = [&](int d, int code, int sign) {
    std::size_t corner = table.WithCode(cell, d, code);
    if (!usable(corner, sign)) return std::numeric_limits<double>::infinity();
    return suppressed[corner] ? 0.0 : (*weight)[corner];
  };
  std::vector<std::vector<Move>> moves(k);
  for (int d = 0; d < k; ++d) {
    const Hierarchy& h = table.dimension(d).codes;
    // From `code` down to a leaf, the cheapest child at each step.
    auto descend = [&](int code, int sign, Move& move) {
      while (!h.is_leaf(code)) {
        int best_child = h.children(code).front();
        for (int child : h.children(code)) {
          if (edge_cost(d, child, sign) < edge_cost(d, best_child, sign)) best_child = child;
        }
        code = best_child;
        move.codes.emplace_back(code, sign);
      }
    };
    const int own = table.Code(cell, d);
    const int parent = h.parent(own);
    std::vector<Move>& list = moves[d];
    if (parent < 0) {
      for (int child : h.children(own)) {  // the total: a path down is enough
        Move move{{{own, 1}, {child, 1}}};
        descend(child, 1, move);
        list.push_back(std::move(move));
      }
    } else {
      Move base{{{own, 1}}};
      descend(own, 1, base);
      for (int sibling : h.children(parent)) {
        if (sibling == own) continue;
        Move move = base;
        move.codes.emplace_back(sibling, -1);
        descend(sibling, -1, move);
        list.push_back(std::move(move));
      }
      Move up = base;
      for (int a = parent; a >= 0; a = h.parent(a)) up.codes.emplace_back(a, 1);
      list.push_back(std::move(up));
    }
    std::erase_if(list, [&](Move& move) {
      move.score = 0.0;
      for (std::size_t i = 1; i < move.codes.size(); ++i) {
        move.score += edge_cost(d, move.codes[i].first, move.codes[i].second);
      }
      return move.score == std::numeric_limits<double>::infinity();
    });
    if (list.empty()) return std::nullopt;
    std::size_t keep = std::min<std::size_t>(list.size(), static_cast<std::size_t>(search.candidates_per_dimension));
    std::partial_sort(list.begin(), list.begin() + keep, list.end(),
                      [](const Move& a, const Move& b) { return a.score < b.score; });
    list.resize(keep);
  }
  // Visits every cell of the hypercube `pick` (its own cell included).
  std::vector<int> corner_codes(k);
  auto for_each_corner = [&](const std::vector<int>& pick, auto&& visit) {
    std::vector<std::size_t> at(k, 0);
    while (true) {
      int sign = 1;
      for (int d = 0; d < k; ++d) {
        const auto& [code, s] = moves[d][pick[d]].codes[at[d]];
        corner_codes[d] = code;
        sign *= s;
      }
      if (!visit(table.Index(corner_codes), sign)) return;
      int d = 0;
      while (d < k && ++at[d] == moves[d][pick[d]].codes.size()) at[d++] = 0;
      if (d == k) return;
    }
  };
  double best = std::numeric_limits<double>::infinity();
  std::vector<int> best_pick, pick(k, 0);
  while (true) {
    double cost = 0.0;
    bool feasible = true;
    for_each_corner(pick, [&](std::size_t corner, int sign) {
      if (!usable(corner, sign)) {
        feasible = false;
      } else if (!suppressed[corner]) {
        cost += (*weight)[corner];
      }
      return feasible && cost < best;
    });
    if (feasible && cost < best) {
      best = cost;
      best_pick = pick;
      if (best == 0.0) break;
    }
    int d = 0;
    while (d < k && ++pick[d] == static_cast<int>(moves[d].size())) pick[d++] = 0;
    if (d == k) break;
  }
  if (best_pick.empty()) return std::nullopt;
  Hypercube cube;
  for (int d = 0; d < k; ++d) cube.moves.push_back(moves[d][best_pick[d]].codes);
  for_each_corner(best_pick, [&](std::size_t corner, int sign) {
    cube.cells.push_back(corner);
    cube.signs.push_back(sign);
    return true;
  });
  return cube;
}

}  // namespace

std::optional<std::vector<std::size_t>> CheapestHypercube(const Table& table, std::size_t cell,
                                                          const Protection& protection,
                                                          const std::vector<bool>& suppressed,
                                                          const std::vector<bool>& may_suppress,
                                                          const std::vector<double>& weight,
                                                          const HypercubeSearch& search) {
  auto cube = FindHypercube(table, cell, protection, suppressed, &may_suppress, &weight, search);
  if (!cube) return std::nullopt;
  std::vector<std::size_t> added;
  for (std::size_t corner : cube->cells) {
    if (!suppressed[corner] && corner != cell) added.push_back(corner);
  }
  return added;
}

std::optional<Hypercube> SuppressedHypercube(const Table& table, std::size_t cell, const Protection& protection,
                                             const std::vector<bool>& suppressed, const HypercubeSearch& search) {
  return FindHypercube(table, cell, protection, suppressed, nullptr, nullptr, search);
}

bool KeepsEquations(const Table& table, const Hypercube& cube) {
  if (static_cast<int>(cube.moves.size()) != table.dimension_count()) return false;
  for (int d = 0; d < table.dimension_count(); ++d) {
    const Hierarchy& h = table.dimension(d).codes;
    std::vector<int> change(h.size(), 0);
    for (const auto& [code, sign] : cube.moves[d]) {
      if (code < 0 || code >= h.size() || change[code] != 0 || (sign != 1 && sign != -1)) return false;
      change[code] = sign;
    }
    for (int code = 0; code < h.size(); ++code) {
      if (h.is_leaf(code)) continue;
      int sum = 0;
      for (int child : h.children(code)) sum += change[child];
      if (sum != change[code]) return false;
    }
  }
  return true;
}

}  // namespace sovhub::disclosure
