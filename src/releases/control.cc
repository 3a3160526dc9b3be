// SPDX-License-Identifier: AGPL-3.0-or-later
#include "releases/control.h"

#include <cmath>
#include <cstdio>
#include <algorithm>
#include <map>
#include <unordered_map>
#include <nlohmann/json.hpp>

#include "domain/disclosure/audit.h"
#include "domain/disclosure/csv_line.h"
#include "domain/disclosure/primary.h"
#include "domain/disclosure/secondary.h"
#include "domain/disclosure/table_input.h"
#include "lp/glpk_solver.h"

namespace sovhub::releases {
namespace {

namespace sdc = sovhub::disclosure;
using json = nlohmann::json;

std::string Number(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", std::abs(value) < 1e-9 ? 0.0 : value);
  return buffer;
}

json Bound(double value) { return std::isinf(value) ? json(nullptr) : json(value); }

std::string MeasureOf(const OutputSpec& spec) { return spec.value_column.empty() ? spec.count_column : spec.value_column; }

sdc::PrimaryRules RulesOf(const OutputSpec& spec) {
  sdc::PrimaryRules rules;
  rules.frequency = sdc::FrequencyRule{.threshold = spec.threshold};
  if (spec.p_percent > 0) rules.p_percent = sdc::PPercentRule{.p = spec.p_percent};
  for (const auto& [n, k] : spec.dominance) rules.dominance.push_back({.n = n, .k = k});
  return rules;
}

// A table as `sovhub disclosure protect` reads it, with its cells'
// protection under the frequency rule and, for magnitudes, the dominance
// rules.
struct Controlled {
  sdc::TableInput input;
  std::vector<sdc::Protection> protection;
};

Result<Controlled> ReadAndClassify(std::string_view csv, std::string_view file_name, const OutputSpec& spec) {
  sdc::TableInputOptions options;
  options.file_name = std::string(file_name);
  options.dimensions = spec.dimensions;
  options.count_column = spec.count_column;
  options.value_column = spec.value_column;
  options.top_columns = spec.top_columns;
  Controlled out;
  SOVHUB_ASSIGN_OR_RETURN(out.input, sdc::ParseTableCsv(csv, options));
  SOVHUB_ASSIGN_OR_RETURN(out.protection, sdc::ApplyPrimaryRules(out.input.table, RulesOf(spec), out.input.by_hand));
  return out;
}

// An earlier output, read back: its true table and protection, and which of
// its cells the protected table withholds.
struct Earlier {
  std::int64_t id = 0;
  std::string name;
  Controlled controlled;
  std::vector<bool> suppressed;
};

Result<Earlier> ReadEarlier(const EarlierOutput& output) {
  Earlier earlier;
  earlier.id = output.id;
  earlier.name = "output " + std::to_string(output.id);
  SOVHUB_ASSIGN_OR_RETURN(earlier.controlled,
                          ReadAndClassify(output.submitted_csv, earlier.name + "/submitted.csv", output.spec));
  SOVHUB_ASSIGN_OR_RETURN(sdc::ReleasedTable released,
                          sdc::ParseReleaseCsv(output.protected_csv, earlier.name + "/protected.csv",
                                               MeasureOf(output.spec), "Total", {}));
  std::unordered_map<std::string, bool> withheld;
  for (std::size_t c = 0; c < released.table.cell_count(); ++c) {
    withheld[released.table.CellKey(c)] = released.suppressed[c];
  }
  const sdc::Table& table = earlier.controlled.input.table;
  earlier.suppressed.resize(table.cell_count());
  for (std::size_t c = 0; c < table.cell_count(); ++c) {
    auto it = withheld.find(table.CellKey(c));
    earlier.suppressed[c] = it == withheld.end() || it->second;  // not listed: not published
  }
  return earlier;
}

// Empty when `a` and `b` hold the same true value in every cell they share;
// else the first cell that differs, with both values.
std::string FirstDisagreement(const sdc::Table& a, const sdc::Table& b) {
  std::unordered_map<std::string, double> values;
  for (std::size_t c = 0; c < b.cell_count(); ++c) values[b.CellKey(c)] = b.cell(c).value;
  // The most detailed cell first: a difference shows in every total above it.
  std::string first;
  int first_detail = -1;
  for (std::size_t c = 0; c < a.cell_count(); ++c) {
    auto it = values.find(a.CellKey(c));
    if (it == values.end() || std::abs(it->second - a.cell(c).value) <= 1e-9) continue;
    const std::string key = a.CellKey(c);
    const int detail = key.empty() ? 0 : static_cast<int>(std::count(key.begin(), key.end(), '=') );
    if (detail > first_detail) {
      first_detail = detail;
      first = a.CellLabel(c) + " is " + Number(a.cell(c).value) + " here and " + Number(it->second) + " there";
    }
  }
  return first;
}

}  // namespace

Status CheckSpec(const OutputSpec& spec) {
  if (spec.dimensions.empty() || spec.dimensions.size() > 4) {
    return Status::InvalidArgument("--dims names 1 to 4 dimension columns");
  }
  if (spec.count_column.empty()) return Status::InvalidArgument("--count names the count column");
  if (spec.threshold < 1) return Status::InvalidArgument("--threshold must be at least 1");
  if (spec.value_column.empty()) {
    if (!spec.top_columns.empty() || spec.p_percent > 0 || !spec.dominance.empty()) {
      return Status::InvalidArgument("--top, --p and --nk apply to a table of magnitudes: give its --value column");
    }
    return Status::Ok();
  }
  if (spec.top_columns.empty()) {
    return Status::InvalidArgument("a table of magnitudes (--value " + spec.value_column +
                                   ") needs each row's largest contributions (--top COL1,COL2,...): without them "
                                   "a cell one contributor dominates cannot be found");
  }
  if (spec.p_percent <= 0 && spec.dominance.empty()) {
    return Status::InvalidArgument("a table of magnitudes needs a dominance rule: --p P (the p% rule) or --nk N,K");
  }
  std::size_t needed = spec.p_percent > 0 ? 2 : 0;
  for (const auto& [n, k] : spec.dominance) needed = std::max(needed, static_cast<std::size_t>(std::max(n, 0)));
  if (spec.top_columns.size() < needed) {
    return Status::InvalidArgument("the dominance rules need the " + std::to_string(needed) +
                                   " largest contributions of each row; --top names " +
                                   std::to_string(spec.top_columns.size()));
  }
  return Status::Ok();
}

Result<ControlledOutput> ControlOutput(std::string_view csv, std::string_view file_name, const OutputSpec& spec,
                                       const std::vector<EarlierOutput>& earlier_outputs) {
  SOVHUB_RETURN_IF_ERROR(CheckSpec(spec));
  SOVHUB_ASSIGN_OR_RETURN(Controlled controlled, ReadAndClassify(csv, file_name, spec));
  const sdc::Table& table = controlled.input.table;

  // The earlier outputs of the same measure; linked when their cells agree.
  std::vector<Earlier> earlier;
  json unlinked = json::array();
  for (const EarlierOutput& output : earlier_outputs) {
    if (MeasureOf(output.spec) != MeasureOf(spec) || output.spec.value_column.empty() != spec.value_column.empty()) {
      continue;  // another measure: no cell in common
    }
    auto read = ReadEarlier(output);
    if (!read.ok()) return Status::Internal("reading back output " + std::to_string(output.id) + ": " +
                                            read.status().message());
    const std::string disagreement = FirstDisagreement(table, read->controlled.input.table);
    if (!disagreement.empty()) {
      unlinked.push_back({{"output", output.id},
                          {"reason", disagreement + ": another count or another extract, audited apart"}});
      continue;
    }
    earlier.push_back(std::move(*read));
  }
  std::vector<sdc::Release> links;
  std::vector<sdc::KeptRelease> kept;
  for (const Earlier& e : earlier) {
    links.push_back({&e.controlled.input.table, &e.suppressed});
    kept.push_back({e.name, &e.controlled.input.table, &e.controlled.protection, &e.suppressed});
  }

  // First the cells the linked outputs withheld are withheld here too. When
  // that is not enough (what this table publishes around them still gives
  // them away, and with them a sensitive cell of an earlier output), they
  // are protected here as if sensitive, and the whole is checked again.
  lp::GlpkSolver solver;
  sdc::ProtectOptions options;
  options.must_suppress = sdc::ConsistentWithPrevious(table, links);
  std::vector<sdc::Protection> protection = controlled.protection;
  Result<sdc::ProtectResult> protected_table = Status::Internal("not protected");
  std::string exposed;  // why the first round was not enough
  for (int round = 0; round < 2; ++round) {
    if (round == 1) {
      std::vector<bool> by_hand = controlled.input.by_hand;
      for (std::size_t c = 0; c < table.cell_count(); ++c) by_hand[c] = by_hand[c] || options.must_suppress[c];
      SOVHUB_ASSIGN_OR_RETURN(protection, sdc::ApplyPrimaryRules(table, RulesOf(spec), by_hand));
    }
    protected_table = sdc::Protect(table, protection, links, options, solver);
    if (!protected_table.ok()) {
      if (protected_table.status().code() != StatusCode::kUnavailable) return protected_table.status();
      if (round == 0) return Status::InvalidArgument(protected_table.status().message());
      return Status::InvalidArgument(exposed + "; withholding more of this table cannot prevent it (" +
                                     protected_table.status().message() +
                                     "): aggregate it differently, or ask the checkers to reject the earlier output");
    }
    std::vector<bool> suppressed(table.cell_count());
    for (std::size_t c = 0; c < table.cell_count(); ++c) suppressed[c] = protected_table->status[c] != sdc::CellStatus::kSafe;
    Status earlier_safe = sdc::CheckKeptReleases(table, suppressed, kept, sdc::kUnbounded, solver);
    if (earlier_safe.ok()) break;
    if (earlier_safe.code() != StatusCode::kUnavailable) return earlier_safe;
    if (round == 1) return Status::InvalidArgument(earlier_safe.message());
    exposed = earlier_safe.message();
  }
  // A cell protected only for a linked output's sake is not sensitive here:
  // reported as secondary, with that reason.
  for (std::size_t c = 0; c < table.cell_count(); ++c) {
    if (!options.must_suppress[c] || controlled.protection[c].sensitive) continue;
    if (protected_table->status[c] == sdc::CellStatus::kPrimary) {
      protected_table->status[c] = sdc::CellStatus::kSecondary;
      --protected_table->primary_cells;
      ++protected_table->secondary_cells;
      protected_table->secondary_total += table.cell(c).value;
    }
    protection[c].rule = "withheld by a linked output";
  }
  if (!protected_table->audit.ok()) {
    return Status::Internal("the audit of the protected table failed: " +
                            table.CellLabel(protected_table->audit.failing.front()) + " is not protected");
  }
  std::map<std::size_t, sdc::Interval> intervals;
  for (const auto& audited : protected_table->audit.cells) intervals[audited.cell] = audited.interval;

  const std::string value_name = spec.value_column.empty() ? spec.count_column : spec.value_column;
  ControlledOutput out;
  for (int d = 0; d < table.dimension_count(); ++d) out.protected_csv += sdc::CsvField(table.dimension(d).name) + ",";
  out.protected_csv += sdc::CsvField(value_name) + ",status\n";
  json cells = json::array();
  for (std::size_t c = 0; c < table.cell_count(); ++c) {
    const sdc::CellStatus status = protected_table->status[c];
    json codes = json::object();
    for (int d = 0; d < table.dimension_count(); ++d) {
      const std::string& label = table.dimension(d).codes.label(table.Code(c, d));
      out.protected_csv += sdc::CsvField(label) + ",";
      codes[table.dimension(d).name] = label;
    }
    out.protected_csv += (status == sdc::CellStatus::kSafe ? Number(table.cell(c).value) : std::string()) + "," +
                         std::string(sdc::CellStatusName(status)) + "\n";
    if (status != sdc::CellStatus::kSafe) {
      json cell = {{"codes", codes}, {"status", sdc::CellStatusName(status)}, {"rule", protection[c].rule}};
      auto it = intervals.find(c);
      if (it != intervals.end()) cell["interval"] = {Bound(it->second.lower), Bound(it->second.upper)};
      cells.push_back(cell);
    }
  }
  out.cells = table.cell_count();
  out.primary = protected_table->primary_cells;
  out.secondary = protected_table->secondary_cells;
  std::size_t kept_withheld = 0;
  for (bool forced : options.must_suppress) kept_withheld += forced ? 1 : 0;
  json linked = json::array();
  for (const Earlier& e : earlier) {
    linked.push_back(e.id);
    out.linked.push_back(e.id);
  }
  json report = {
      {"method", "frequency rule (and p% or (n,k) dominance for magnitudes), secondary suppression proved by an interval audit, jointly with the linked outputs (docs/disclosure.md, docs/releases.md)"},
      {"spec",
       {{"dimensions", spec.dimensions},
        {"count", spec.count_column},
        {"value", spec.value_column},
        {"threshold", spec.threshold},
        {"top", spec.top_columns},
        {"p_percent", spec.p_percent},
        {"nk", spec.dominance}}},
      {"summary",
       {{"cells", out.cells},
        {"primary", out.primary},
        {"secondary", out.secondary},
        {"audit_ok", protected_table->audit.ok()},
        {"linear_programs", protected_table->linear_programs}}},
      {"linked_outputs", linked},
      {"withheld_as_in_linked_outputs", kept_withheld},
      {"unlinked_outputs", unlinked},
      {"suppressed_cells", cells},
  };
  out.report_json = report.dump(2);
  return out;
}

}  // namespace sovhub::releases
