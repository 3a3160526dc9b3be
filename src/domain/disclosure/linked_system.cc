// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/linked_system.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

namespace sovhub::disclosure {

LinkedSystem::LinkedSystem(const std::vector<Release>& releases) {
  const Table& first = *releases[0].table;
  // One table: its cells are the global cells, no keys needed.
  std::map<std::string, std::size_t> by_key;
  std::set<std::vector<std::size_t>> seen_rows;
  for (std::size_t r = 0; r < releases.size(); ++r) {
    const Table& table = *releases[r].table;
    std::vector<std::size_t> global(table.cell_count());
    for (std::size_t c = 0; c < table.cell_count(); ++c) {
      std::size_t g = value_.size();
      if (releases.size() > 1) {
        auto [it, fresh] = by_key.emplace(table.CellKey(c), g);
        g = it->second;
      }
      if (g == value_.size()) {
        value_.push_back(std::nan(""));
        published_.push_back(0);
        published_elsewhere_.push_back(0);
      }
      global[c] = g;
      const bool published = !(*releases[r].suppressed)[c];
      if (r == 0) {
        value_[g] = table.cell(c).value;
        published_[g] = published;
      } else if (published) {
        published_elsewhere_[g] = 1;
        published_[g] = 1;
        if (std::isnan(value_[g])) value_[g] = table.cell(c).value;
      }
    }
    if (r == 0) global_of_first_ = global;
    table.ForEachEquation([&](std::size_t total, const std::vector<std::size_t>& parts) {
      std::vector<std::size_t> row{global[total]};
      for (std::size_t p : parts) row.push_back(global[p]);
      if (releases.size() > 1) {  // linked tables repeat each other's equations
        std::vector<std::size_t> key(row.begin() + 1, row.end());
        std::sort(key.begin(), key.end());
        key.insert(key.begin(), row[0]);
        if (!seen_rows.insert(std::move(key)).second) return;
      }
      rows_.push_back(std::move(row));
    });
  }
  rows_of_.resize(value_.size());
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    for (std::size_t g : rows_[i]) rows_of_[g].push_back(i);
  }
  first_of_global_.assign(value_.size(), -1);
  for (std::size_t c = 0; c < first.cell_count(); ++c) {
    first_of_global_[global_of_first_[c]] = static_cast<std::ptrdiff_t>(c);
  }
}

void LinkedSystem::SetFirstSuppressed(std::size_t cell, bool suppressed) {
  std::size_t g = global_of_first_[cell];
  published_[g] = !suppressed || published_elsewhere_[g];
}

Status LinkedSystem::CheckPublishedCellsAddUp() const {
  for (const auto& row : rows_) {
    double rhs = 0.0, scale = 0.0;
    bool all_published = true;
    for (std::size_t i = 0; i < row.size() && all_published; ++i) {
      all_published = published_[row[i]];
      rhs += (i == 0 ? 1.0 : -1.0) * value_[row[i]];
      scale = std::max(scale, std::abs(value_[row[i]]));
    }
    // Same relative tolerance as the audit's comparisons.
    if (all_published && std::abs(rhs) > 1e-7 * std::max(1.0, scale)) {
      return Status::Internal("the published cells contradict an equation of the table (off by " +
                              std::to_string(rhs) + ")");
    }
  }
  return Status::Ok();
}

std::vector<std::size_t> LinkedSystem::Component(std::size_t global) const {
  std::vector<std::size_t> component{global};
  std::set<std::size_t> seen{global}, seen_rows;
  for (std::size_t at = 0; at < component.size(); ++at) {
    for (std::size_t r : rows_of_[component[at]]) {
      if (!seen_rows.insert(r).second) continue;
      for (std::size_t g : rows_[r]) {
        if (!published_[g] && seen.insert(g).second) component.push_back(g);
      }
    }
  }
  return component;
}

LinearSystem LinkedSystem::ComponentSystem(const std::vector<std::size_t>& component, double cell_upper_bound) const {
  LinearSystem lp;
  std::map<std::size_t, int> variable;
  std::set<std::size_t> rows;
  for (std::size_t g : component) {
    variable.emplace(g, lp.variable_count());
    lp.lower.push_back(0.0);
    lp.upper.push_back(cell_upper_bound);
    rows.insert(rows_of_[g].begin(), rows_of_[g].end());
  }
  for (std::size_t r : rows) {
    LinearSystem::Row reduced;
    for (std::size_t i = 0; i < rows_[r].size(); ++i) {
      const double sign = i == 0 ? 1.0 : -1.0;
      const std::size_t g = rows_[r][i];
      if (published_[g]) {
        reduced.rhs -= sign * value_[g];
      } else {
        reduced.terms.push_back({variable.at(g), sign});
      }
    }
    lp.rows.push_back(std::move(reduced));
  }
  return lp;
}

}  // namespace sovhub::disclosure
