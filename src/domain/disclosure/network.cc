// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/network.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

#include "domain/disclosure/linear_program.h"

namespace sovhub::disclosure {
namespace {

// Values are counts or money: a residual below this is zero.
constexpr double kFlowEpsilon = 1e-9;

}  // namespace

bool FlatNetwork::Applies(const Table& table) {
  if (table.dimension_count() != 2) return false;
  for (int d = 0; d < 2; ++d) {
    const Hierarchy& h = table.dimension(d).codes;
    for (int code = 1; code < h.size(); ++code) {
      if (!h.is_leaf(code)) return false;
    }
  }
  return true;
}

FlatNetwork::FlatNetwork(const Table& table, const std::vector<bool>& suppressed)
    : table_(table),
      rows_(table.dimension(0).codes.size()),
      columns_(table.dimension(1).codes.size()),
      suppressed_(suppressed),
      incident_(rows_ + columns_),
      delta_(table.cell_count(), 0.0) {
  for (std::size_t c = 0; c < suppressed_.size(); ++c) {
    if (suppressed_[c]) Attach(c);
  }
}

// Interior cells and the grand total run row → column; marginal cells run
// column → row (their sign in the row and column equations is the opposite).
int FlatNetwork::Tail(std::size_t cell) const {
  int r = table_.Code(cell, 0), c = table_.Code(cell, 1);
  return (r == 0) == (c == 0) ? r : rows_ + c;
}

int FlatNetwork::Head(std::size_t cell) const {
  int r = table_.Code(cell, 0), c = table_.Code(cell, 1);
  return (r == 0) == (c == 0) ? rows_ + c : r;
}

void FlatNetwork::Attach(std::size_t cell) {
  incident_[Tail(cell)].push_back(cell);
  incident_[Head(cell)].push_back(cell);
}

void FlatNetwork::Detach(std::size_t cell) {
  for (int node : {Tail(cell), Head(cell)}) {
    auto& list = incident_[node];
    list.erase(std::remove(list.begin(), list.end(), cell), list.end());
  }
}

void FlatNetwork::SetSuppressed(std::size_t cell, bool suppressed) {
  if (suppressed_[cell] == suppressed) return;
  suppressed_[cell] = suppressed;
  if (suppressed) {
    Attach(cell);
  } else {
    Detach(cell);
  }
}

double FlatNetwork::ThreeArcFlow(std::size_t excluded, int source, int sink, double limit,
                                 std::vector<std::size_t>* support) const {
  // Disjoint paths source → X → Y → sink (rectangles in the table), each arc
  // used once: a lower bound of the maximum flow, found in deg² steps.
  auto residual = [&](std::size_t cell, int from) {
    return Tail(cell) == from ? kUnbounded : table_.cell(cell).value;
  };
  std::vector<char> used_last(incident_[sink].size(), 0);
  std::vector<std::size_t> used_middle;
  double flow = 0.0;
  for (std::size_t first : incident_[source]) {
    if (first == excluded) continue;
    double cap_first = residual(first, source);
    if (cap_first <= kFlowEpsilon) continue;
    int x = Tail(first) == source ? Head(first) : Tail(first);
    for (std::size_t i = 0; i < incident_[sink].size(); ++i) {
      std::size_t last = incident_[sink][i];
      if (used_last[i] || last == excluded || last == first) continue;
      int y = Tail(last) == sink ? Head(last) : Tail(last);
      // Walked y → sink: along the arc when it points into the sink, else it falls.
      double cap_last = Head(last) == sink ? kUnbounded : table_.cell(last).value;
      if (cap_last <= kFlowEpsilon || (x < rows_) == (y < rows_)) continue;
      int codes[2] = {x < rows_ ? x : y, (x < rows_ ? y : x) - rows_};
      std::size_t middle = table_.Index(codes);
      if (middle == excluded || middle == first || middle == last || !suppressed_[middle]) continue;
      double cap_middle = residual(middle, x);
      if (cap_middle <= kFlowEpsilon) continue;
      if (!std::isinf(cap_middle)) {  // a falling middle arc serves one path only
        if (std::find(used_middle.begin(), used_middle.end(), middle) != used_middle.end()) continue;
        used_middle.push_back(middle);
      }
      used_last[i] = 1;
      flow += std::min({cap_first, cap_last, cap_middle});
      if (support != nullptr) support->insert(support->end(), {first, middle, last});
      if (flow >= limit) return limit;
      break;
    }
  }
  return flow;
}

double FlatNetwork::MaxFlow(std::size_t excluded, int source, int sink, double limit,
                            std::vector<std::size_t>* support) {
  if (!std::isinf(limit)) {
    const std::size_t mark = support != nullptr ? support->size() : 0;
    if (ThreeArcFlow(excluded, source, sink, limit, support) >= limit) return limit;
    if (support != nullptr) support->resize(mark);  // the augmenting paths below start again
  }
  const int nodes = rows_ + columns_;
  std::vector<std::size_t> touched;
  std::vector<std::ptrdiff_t> via(nodes);
  std::vector<char> seen(nodes);
  double flow = 0.0;
  while (flow < limit) {
    std::fill(seen.begin(), seen.end(), 0);
    std::deque<int> queue{source};
    seen[source] = 1;
    while (!queue.empty() && !seen[sink]) {
      int u = queue.front();
      queue.pop_front();
      for (std::size_t cell : incident_[u]) {
        if (cell == excluded) continue;
        bool forward = Tail(cell) == u;
        int v = forward ? Head(cell) : Tail(cell);
        if (seen[v]) continue;
        double residual = forward ? kUnbounded : table_.cell(cell).value + delta_[cell];
        if (residual <= kFlowEpsilon) continue;
        seen[v] = 1;
        via[v] = forward ? static_cast<std::ptrdiff_t>(cell) + 1 : -static_cast<std::ptrdiff_t>(cell) - 1;
        queue.push_back(v);
      }
    }
    if (!seen[sink]) break;
    double bottleneck = limit - flow;
    for (int v = sink; v != source;) {
      std::ptrdiff_t step = via[v];
      std::size_t cell = static_cast<std::size_t>(std::abs(step) - 1);
      if (step < 0) bottleneck = std::min(bottleneck, table_.cell(cell).value + delta_[cell]);
      v = step > 0 ? Tail(cell) : Head(cell);
    }
    if (std::isinf(bottleneck)) {
      flow = kUnbounded;
      break;
    }
    for (int v = sink; v != source;) {
      std::ptrdiff_t step = via[v];
      std::size_t cell = static_cast<std::size_t>(std::abs(step) - 1);
      delta_[cell] += step > 0 ? bottleneck : -bottleneck;
      touched.push_back(cell);
      v = step > 0 ? Tail(cell) : Head(cell);
    }
    flow += bottleneck;
  }
  for (std::size_t cell : touched) delta_[cell] = 0.0;
  if (support != nullptr) support->insert(support->end(), touched.begin(), touched.end());
  return std::min(flow, limit);
}

double FlatNetwork::MaxRise(std::size_t cell, double limit, std::vector<std::size_t>* support) {
  return MaxFlow(cell, Head(cell), Tail(cell), limit, support);
}

double FlatNetwork::MaxFall(std::size_t cell, double limit, std::vector<std::size_t>* support) {
  double value = table_.cell(cell).value;
  return MaxFlow(cell, Tail(cell), Head(cell), std::min(limit, value), support);
}

std::optional<std::vector<std::size_t>> FlatNetwork::CheapestCycle(std::size_t cell, bool rise, double amount,
                                                                   const std::vector<double>& weight,
                                                                   const std::vector<bool>& may_suppress) const {
  // Dijkstra on the dense network (every cell is an arc): O(nodes²).
  const int nodes = rows_ + columns_;
  const int source = rise ? Head(cell) : Tail(cell);
  const int sink = rise ? Tail(cell) : Head(cell);
  const double need = std::max(amount, kFlowEpsilon);
  std::vector<double> distance(nodes, std::numeric_limits<double>::infinity());
  std::vector<std::size_t> via(nodes, cell);
  std::vector<char> done(nodes, 0);
  distance[source] = 0.0;
  for (int round = 0; round < nodes; ++round) {
    int u = -1;
    for (int v = 0; v < nodes; ++v) {
      if (!done[v] && (u < 0 || distance[v] < distance[u])) u = v;
    }
    if (u < 0 || std::isinf(distance[u]) || u == sink) break;
    done[u] = 1;
    const bool is_row = u < rows_;
    const int count = is_row ? columns_ : rows_;
    for (int other = 0; other < count; ++other) {
      int codes[2] = {is_row ? u : other, is_row ? other : u - rows_};
      std::size_t arc = table_.Index(codes);
      if (arc == cell) continue;
      double cost = suppressed_[arc] ? 0.0 : (may_suppress[arc] ? weight[arc] : -1.0);
      if (cost < 0.0) continue;
      bool forward = Tail(arc) == u;
      // An arc walked against its direction falls: it needs the value to give.
      if (!forward && table_.cell(arc).value + kFlowEpsilon < need) continue;
      int v = forward ? Head(arc) : Tail(arc);
      if (!done[v] && distance[u] + cost < distance[v]) {
        distance[v] = distance[u] + cost;
        via[v] = arc;
      }
    }
  }
  if (std::isinf(distance[sink])) return std::nullopt;
  std::vector<std::size_t> added;
  for (int v = sink; v != source;) {
    std::size_t arc = via[v];
    if (!suppressed_[arc]) added.push_back(arc);
    v = Tail(arc) == v ? Head(arc) : Tail(arc);
  }
  return added;
}

}  // namespace sovhub::disclosure
