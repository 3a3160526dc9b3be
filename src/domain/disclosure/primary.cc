// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/primary.h"

#include <algorithm>

namespace sovhub::disclosure {
namespace {

// Rules compare sums of doubles; a level this small is rounding noise.
constexpr double kLevelEpsilon = 1e-9;

void Raise(Protection& p, double upper, double lower, const char* rule) {
  p.sensitive = true;
  p.upper = std::max(p.upper, upper);
  p.lower = std::max(p.lower, lower);
  if (!p.rule.empty()) p.rule += "+";
  p.rule += rule;
}

}  // namespace

std::optional<double> FrequencyLevel(std::int64_t count, const FrequencyRule& rule) {
  if (count < 0 || count >= rule.threshold) return std::nullopt;
  if (count == 0 && !rule.zeros_sensitive) return std::nullopt;
  return static_cast<double>(rule.threshold - count);
}

std::optional<double> DominanceLevel(double total, const std::vector<double>& top, const DominanceRule& rule) {
  double largest = 0.0;
  for (int i = 0; i < rule.n && i < static_cast<int>(top.size()); ++i) largest += top[i];
  double level = 100.0 / rule.k * largest - total;
  if (total <= 0.0 || level <= kLevelEpsilon * std::max(1.0, total)) return std::nullopt;
  return level;
}

std::optional<double> PPercentLevel(double total, const std::vector<double>& top, const PPercentRule& rule) {
  double x1 = top.size() > 0 ? top[0] : 0.0, x2 = top.size() > 1 ? top[1] : 0.0;
  double level = rule.p / rule.q * x1 - (total - x1 - x2);
  if (total <= 0.0 || level <= kLevelEpsilon * std::max(1.0, total)) return std::nullopt;
  return level;
}

Result<std::vector<Protection>> ApplyPrimaryRules(const Table& table, const PrimaryRules& rules,
                                                  const std::vector<bool>& by_hand) {
  bool magnitude_rules = !rules.dominance.empty() || rules.p_percent.has_value();
  if (magnitude_rules && !table.magnitude()) {
    return Status::InvalidArgument("dominance and p% rules need a magnitude table (a value column)");
  }
  for (const DominanceRule& d : rules.dominance) {
    if (d.n < 1 || d.n > static_cast<int>(kMaxTopContributions) || d.k <= 0.0 || d.k > 100.0) {
      return Status::InvalidArgument("(n,k) rule (" + std::to_string(d.n) + "," + std::to_string(d.k) +
                                     "): n must be 1 to 5 and k in (0,100]");
    }
  }
  if (rules.p_percent && (rules.p_percent->p <= 0.0 || rules.p_percent->p > 100.0 ||
                          rules.p_percent->q <= 0.0 || rules.p_percent->q > 100.0)) {
    return Status::InvalidArgument("p% rule: p and q must be in (0,100]");
  }
  if (rules.frequency && rules.frequency->threshold < 1) {
    return Status::InvalidArgument("the frequency threshold must be at least 1");
  }
  std::vector<Protection> out(table.cell_count());
  for (std::size_t c = 0; c < table.cell_count(); ++c) {
    const CellData& cell = table.cell(c);
    Protection& p = out[c];
    if (rules.frequency) {
      if (auto level = FrequencyLevel(cell.count, *rules.frequency)) {
        if (table.magnitude()) {
          double range = rules.frequency->range_percent / 100.0 * cell.value;
          Raise(p, range, range, "frequency");
        } else {
          Raise(p, *level, 0.0, "frequency");
        }
      }
    }
    if (magnitude_rules && cell.count > 0) {
      if (!cell.top_known) {
        return Status::InvalidArgument("cell " + table.CellLabel(c) +
                                       ": its contributions are unknown (give one row per contributor, or "
                                       "the largest contributions), so dominance rules cannot be applied");
      }
      for (const DominanceRule& d : rules.dominance) {
        if (auto level = DominanceLevel(cell.value, cell.top, d)) Raise(p, *level, *level, "dominance");
      }
      if (rules.p_percent) {
        if (auto level = PPercentLevel(cell.value, cell.top, *rules.p_percent)) Raise(p, *level, *level, "p%");
      }
    }
    if (!by_hand.empty() && by_hand[c]) {
      double level = rules.manual_percent / 100.0 * cell.value;
      Raise(p, level, level, "manual");
    }
    if (p.sensitive) {
      p.lower = std::min(p.lower, std::max(cell.value, 0.0));
      p.sliding = rules.sliding;
    }
  }
  return out;
}

}  // namespace sovhub::disclosure
