// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/table.h"

#include <algorithm>
#include <map>
#include <set>

namespace sovhub::disclosure {

void MergeTop(std::vector<double>& top, const std::vector<double>& extra) {
  if (extra.empty()) return;
  std::vector<double> merged;
  merged.reserve(top.size() + extra.size());
  std::merge(top.begin(), top.end(), extra.begin(), extra.end(), std::back_inserter(merged), std::greater<>());
  if (merged.size() > kMaxTopContributions) merged.resize(kMaxTopContributions);
  top = std::move(merged);
}

Result<Table> Table::Make(std::vector<Dimension> dimensions, bool magnitude) {
  if (dimensions.empty() || dimensions.size() > kMaxDimensions) {
    return Status::InvalidArgument("a table has 1 to " + std::to_string(kMaxDimensions) + " dimensions, not " +
                                   std::to_string(dimensions.size()));
  }
  std::set<std::string> names;
  for (const Dimension& d : dimensions) {
    if (!names.insert(d.name).second) return Status::InvalidArgument("dimension " + d.name + " is given twice");
  }
  Table table;
  table.magnitude_ = magnitude;
  std::size_t total = 1;
  for (const Dimension& d : dimensions) {
    table.strides_.push_back(0);
    table.sizes_.push_back(static_cast<std::size_t>(d.codes.size()));
  }
  // The last dimension varies fastest.
  for (int d = static_cast<int>(dimensions.size()) - 1; d >= 0; --d) {
    table.strides_[d] = total;
    total *= table.sizes_[d];
  }
  table.dimensions_ = std::move(dimensions);
  table.cells_.resize(total);
  return table;
}

std::size_t Table::Index(const int* codes) const {
  std::size_t index = 0;
  for (std::size_t d = 0; d < sizes_.size(); ++d) index += static_cast<std::size_t>(codes[d]) * strides_[d];
  return index;
}

std::vector<int> Table::Codes(std::size_t cell) const {
  std::vector<int> codes(sizes_.size());
  for (std::size_t d = 0; d < sizes_.size(); ++d) codes[d] = Code(cell, static_cast<int>(d));
  return codes;
}

bool Table::IsLeafCell(std::size_t cell) const {
  for (int d = 0; d < dimension_count(); ++d) {
    if (!dimensions_[d].codes.is_leaf(Code(cell, d))) return false;
  }
  return true;
}

void Table::AddToLeaf(std::size_t cell, double value, std::int64_t count, const std::vector<double>& top,
                      bool top_known) {
  CellData& data = cells_[cell];
  data.value += value;
  data.count += count;
  data.top_known = data.top_known && top_known;
  MergeTop(data.top, top);
}

void Table::ComputeMarginals() {
  for (std::size_t c = 0; c < cells_.size(); ++c) {
    if (!IsLeafCell(c)) cells_[c] = CellData{};
  }
  // Each leaf adds itself to every cell whose codes are its codes or their
  // ancestors, dimension by dimension.
  std::vector<std::vector<int>> lineage(sizes_.size());
  for (std::size_t leaf = 0; leaf < cells_.size(); ++leaf) {
    if (!IsLeafCell(leaf)) continue;
    const CellData data = cells_[leaf];
    if (data.count == 0 && data.value == 0.0) continue;
    for (int d = 0; d < dimension_count(); ++d) {
      lineage[d].clear();
      for (int code = Code(leaf, d); code >= 0; code = dimensions_[d].codes.parent(code)) lineage[d].push_back(code);
    }
    std::vector<std::size_t> pick(sizes_.size(), 0);
    while (true) {
      std::size_t target = 0;
      bool is_self = true;
      for (std::size_t d = 0; d < sizes_.size(); ++d) {
        target += static_cast<std::size_t>(lineage[d][pick[d]]) * strides_[d];
        is_self = is_self && pick[d] == 0;
      }
      if (!is_self) {
        CellData& sum = cells_[target];
        sum.value += data.value;
        sum.count += data.count;
        sum.top_known = sum.top_known && data.top_known;
        MergeTop(sum.top, data.top);
      }
      std::size_t d = 0;
      while (d < sizes_.size() && ++pick[d] == lineage[d].size()) pick[d++] = 0;
      if (d == sizes_.size()) break;
    }
  }
}

void Table::ForEachEquation(
    const std::function<void(std::size_t, const std::vector<std::size_t>&)>& visit) const {
  std::vector<std::size_t> parts;
  for (std::size_t cell = 0; cell < cells_.size(); ++cell) {
    for (int d = 0; d < dimension_count(); ++d) {
      const std::vector<int>& children = dimensions_[d].codes.children(Code(cell, d));
      if (children.empty()) continue;
      parts.clear();
      for (int child : children) parts.push_back(WithCode(cell, d, child));
      visit(cell, parts);
    }
  }
}

std::string Table::CellLabel(std::size_t cell) const {
  std::string label;
  for (int d = 0; d < dimension_count(); ++d) {
    if (d > 0) label += " × ";
    label += dimensions_[d].codes.label(Code(cell, d));
  }
  return label;
}

std::string Table::CellKey(std::size_t cell) const {
  std::map<std::string, std::string> pairs;
  for (int d = 0; d < dimension_count(); ++d) {
    int code = Code(cell, d);
    if (code != Hierarchy::kRoot) pairs[dimensions_[d].name] = dimensions_[d].codes.label(code);
  }
  std::string key;
  for (const auto& [name, code] : pairs) key += name + "=" + code + "\x1f";
  return key;
}

}  // namespace sovhub::disclosure
