// SPDX-License-Identifier: AGPL-3.0-or-later
//
// A table of counts, or of magnitudes with their contributors, over 1 to 4
// categorical dimensions, each a Hierarchy. The table holds every cell of the
// cross product of the dimensions' codes: the leaf cells (the data) and the
// marginal cells (totals and subtotals), so that its additive structure is a
// set of equations "marginal = Σ children" (ForEachEquation), one for every
// dimension and every non-leaf code of it, crossed with every code of the
// other dimensions.
#ifndef SOVHUB_DOMAIN_DISCLOSURE_TABLE_H_
#define SOVHUB_DOMAIN_DISCLOSURE_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/disclosure/hierarchy.h"

namespace sovhub::disclosure {

inline constexpr int kMaxDimensions = 4;
// Largest contributions kept per cell: enough for (n,k) rules with n <= 5 and
// for the p% rule (which needs the two largest).
inline constexpr std::size_t kMaxTopContributions = 5;

struct Dimension {
  std::string name;
  Hierarchy codes;
};

struct CellData {
  double value = 0.0;        // what is published: the count, or the magnitude
  std::int64_t count = 0;    // contributors (the frequency)
  std::vector<double> top;   // largest contributions, descending (magnitudes)
  bool top_known = true;     // false when an aggregated input row hid them
};

class Table {
 public:
  // InvalidArgument unless 1 to kMaxDimensions dimensions with distinct names.
  static Result<Table> Make(std::vector<Dimension> dimensions, bool magnitude);

  bool magnitude() const { return magnitude_; }
  int dimension_count() const { return static_cast<int>(dimensions_.size()); }
  const Dimension& dimension(int d) const { return dimensions_[d]; }
  std::size_t cell_count() const { return cells_.size(); }

  std::size_t Index(const int* codes) const;
  std::size_t Index(const std::vector<int>& codes) const { return Index(codes.data()); }
  int Code(std::size_t cell, int d) const { return static_cast<int>(cell / strides_[d] % sizes_[d]); }
  std::vector<int> Codes(std::size_t cell) const;
  // The cell with dimension d's code replaced.
  std::size_t WithCode(std::size_t cell, int d, int code) const {
    return cell + (static_cast<std::size_t>(code) - Code(cell, d)) * strides_[d];
  }
  bool IsLeafCell(std::size_t cell) const;

  CellData& cell(std::size_t index) { return cells_[index]; }
  const CellData& cell(std::size_t index) const { return cells_[index]; }

  // Adds one contribution (or an aggregated row) to a leaf cell.
  void AddToLeaf(std::size_t cell, double value, std::int64_t count, const std::vector<double>& top,
                 bool top_known);

  // Sets every marginal cell from the leaf cells (values, counts, largest
  // contributions).
  void ComputeMarginals();

  // Calls visit(marginal, parts) for every equation of the table.
  void ForEachEquation(const std::function<void(std::size_t, const std::vector<std::size_t>&)>& visit) const;

  // "A × female", with the dimensions' total labels for marginals.
  std::string CellLabel(std::size_t cell) const;
  // The cell's identity across linked tables: "dim=code" pairs for every
  // non-total code, sorted by dimension name; "" for the grand total.
  std::string CellKey(std::size_t cell) const;

 private:
  std::vector<Dimension> dimensions_;
  std::vector<std::size_t> sizes_, strides_;
  std::vector<CellData> cells_;
  bool magnitude_ = false;
};

// Merges `extra` into the descending list `top`, keeping kMaxTopContributions.
void MergeTop(std::vector<double>& top, const std::vector<double>& extra);

}  // namespace sovhub::disclosure

#endif  // SOVHUB_DOMAIN_DISCLOSURE_TABLE_H_
