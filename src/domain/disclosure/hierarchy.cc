// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/hierarchy.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "domain/disclosure/csv_line.h"

namespace sovhub::disclosure {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

Result<Hierarchy> Hierarchy::Flat(std::string total_label, const std::vector<std::string>& codes) {
  std::vector<std::pair<std::string, std::string>> edges;
  edges.reserve(codes.size());
  for (const std::string& code : codes) edges.emplace_back(code, "");
  return FromEdges(std::move(total_label), edges);
}

Result<Hierarchy> Hierarchy::FromEdges(std::string total_label,
                                       const std::vector<std::pair<std::string, std::string>>& edges) {
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const std::string& code = edges[i].first;
    if (code.empty()) return Status::InvalidArgument("empty code");
    if (EqualsIgnoringCase(code, total_label)) {
      return Status::InvalidArgument("code \"" + code + "\" is the total's label");
    }
    if (!position.emplace(code, i).second) return Status::InvalidArgument("code \"" + code + "\" is given twice");
  }
  for (const auto& [code, parent] : edges) {
    if (!parent.empty() && !EqualsIgnoringCase(parent, total_label) && !position.contains(parent)) {
      return Status::InvalidArgument("code \"" + code + "\": parent \"" + parent + "\" is not a code");
    }
  }
  // Breadth-first from the root, so that parents are numbered before children;
  // a code never reached sits on a cycle.
  Hierarchy h;
  h.labels_.push_back(total_label);
  h.parents_.push_back(-1);
  h.depths_.push_back(0);
  h.children_.emplace_back();
  std::map<std::string, int> number;
  auto is_root = [&](const std::string& parent) {
    return parent.empty() || EqualsIgnoringCase(parent, total_label);
  };
  std::vector<int> frontier{kRoot};
  while (!frontier.empty()) {
    std::vector<int> next;
    for (int node : frontier) {
      for (const auto& [code, parent] : edges) {
        bool child = node == kRoot ? is_root(parent) : (!is_root(parent) && parent == h.labels_[node]);
        if (!child) continue;
        int id = h.size();
        number[code] = id;
        h.labels_.push_back(code);
        h.parents_.push_back(node);
        h.depths_.push_back(h.depths_[node] + 1);
        h.children_.emplace_back();
        h.children_[node].push_back(id);
        next.push_back(id);
      }
    }
    frontier = std::move(next);
  }
  for (const auto& [code, parent] : edges) {
    if (!number.contains(code)) return Status::InvalidArgument("code \"" + code + "\" is on a cycle of parents");
  }
  return h;
}

std::optional<int> Hierarchy::Find(std::string_view label) const {
  if (EqualsIgnoringCase(label, labels_[kRoot])) return kRoot;
  for (int code = 1; code < size(); ++code) {
    if (labels_[code] == label) return code;
  }
  return std::nullopt;
}

std::vector<int> Hierarchy::Leaves() const {
  std::vector<int> leaves;
  for (int code = 0; code < size(); ++code) {
    if (is_leaf(code) && code != kRoot) leaves.push_back(code);
  }
  return leaves;
}

Result<Hierarchy> ParseHierarchyCsv(std::string_view text, std::string_view file_name, std::string total_label) {
  std::vector<std::pair<std::string, std::string>> edges;
  std::size_t line_number = 0;
  for (std::string_view line : SplitLines(text)) {
    ++line_number;
    std::string where = std::string(file_name) + ":" + std::to_string(line_number);
    if (line.empty() || line.front() == '#') continue;
    auto fields = SplitCsvLine(line);
    if (!fields.ok()) return fields.status().WithContext(where);
    if (fields->size() != 2) {
      return Status::InvalidArgument(where + ": expected 2 fields (code,parent), found " +
                                     std::to_string(fields->size()));
    }
    if (edges.empty() && (*fields)[0] == "code" && (*fields)[1] == "parent") continue;
    edges.emplace_back((*fields)[0], (*fields)[1]);
  }
  auto hierarchy = Hierarchy::FromEdges(std::move(total_label), edges);
  if (!hierarchy.ok()) return hierarchy.status().WithContext(file_name);
  return hierarchy;
}

}  // namespace sovhub::disclosure
