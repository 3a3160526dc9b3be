// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The codes of one categorical dimension as a tree whose root is the
// dimension's total (e.g. Total → region → department). A flat dimension is a
// root with leaves. Codes are numbered 0..size()-1 with the root 0, parents
// before children.
#ifndef SOVHUB_DOMAIN_DISCLOSURE_HIERARCHY_H_
#define SOVHUB_DOMAIN_DISCLOSURE_HIERARCHY_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace sovhub::disclosure {

class Hierarchy {
 public:
  static constexpr int kRoot = 0;

  // Total → codes, in the order given. InvalidArgument on a duplicate or
  // empty code, or a code equal to the total's label.
  static Result<Hierarchy> Flat(std::string total_label, const std::vector<std::string>& codes);

  // From (code, parent) pairs; an empty parent, or the total's label, is the
  // root. InvalidArgument on a duplicate code, an unknown parent or a cycle.
  static Result<Hierarchy> FromEdges(std::string total_label,
                                     const std::vector<std::pair<std::string, std::string>>& edges);

  int size() const { return static_cast<int>(labels_.size()); }
  const std::string& label(int code) const { return labels_[code]; }
  int parent(int code) const { return parents_[code]; }  // -1 for the root
  const std::vector<int>& children(int code) const { return children_[code]; }
  bool is_leaf(int code) const { return children_[code].empty(); }
  int depth(int code) const { return depths_[code]; }  // the root is 0
  // The code whose label is `label` (the total's label, compared ignoring
  // case, is the root).
  std::optional<int> Find(std::string_view label) const;
  std::vector<int> Leaves() const;

 private:
  std::vector<std::string> labels_;
  std::vector<int> parents_;
  std::vector<int> depths_;
  std::vector<std::vector<int>> children_;
};

// Reads a hierarchy file: CSV lines `code,parent` (a header line `code,parent`
// is allowed), parent empty or the total's label for a top-level code; blank
// lines and lines starting with # are skipped. Errors name `file_name` and the
// line.
Result<Hierarchy> ParseHierarchyCsv(std::string_view text, std::string_view file_name,
                                    std::string total_label);

// Case-insensitive ASCII comparison (total labels: "Total", "total", "TOTAL").
bool EqualsIgnoringCase(std::string_view a, std::string_view b);

}  // namespace sovhub::disclosure

#endif  // SOVHUB_DOMAIN_DISCLOSURE_HIERARCHY_H_
