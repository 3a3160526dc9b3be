// SPDX-License-Identifier: AGPL-3.0-or-later
#include "releases/control.h"

#include <cmath>
#include <cstdio>
#include <map>
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

}  // namespace

Result<ControlledOutput> ControlOutput(std::string_view csv, std::string_view file_name, const OutputSpec& spec) {
  sdc::TableInputOptions options;
  options.file_name = std::string(file_name);
  options.dimensions = spec.dimensions;
  options.count_column = spec.count_column;
  options.value_column = spec.value_column;
  SOVHUB_ASSIGN_OR_RETURN(sdc::TableInput input, sdc::ParseTableCsv(csv, options));
  const sdc::Table& table = input.table;
  sdc::PrimaryRules rules;
  rules.frequency = sdc::FrequencyRule{.threshold = spec.threshold};
  SOVHUB_ASSIGN_OR_RETURN(std::vector<sdc::Protection> protection,
                          sdc::ApplyPrimaryRules(table, rules, input.by_hand));
  lp::GlpkSolver solver;
  auto protected_table = sdc::Protect(table, protection, {}, {}, solver);
  if (!protected_table.ok()) {
    if (protected_table.status().code() == StatusCode::kUnavailable) {
      return Status::InvalidArgument(protected_table.status().message());
    }
    return protected_table.status();
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
  json report = {
      {"method", "frequency rule, secondary suppression proved by an interval audit (docs/disclosure.md)"},
      {"spec",
       {{"dimensions", spec.dimensions},
        {"count", spec.count_column},
        {"value", spec.value_column},
        {"threshold", spec.threshold}}},
      {"summary",
       {{"cells", out.cells},
        {"primary", out.primary},
        {"secondary", out.secondary},
        {"audit_ok", protected_table->audit.ok()},
        {"linear_programs", protected_table->linear_programs}}},
      {"suppressed_cells", cells},
  };
  out.report_json = report.dump(2);
  return out;
}

}  // namespace sovhub::releases
