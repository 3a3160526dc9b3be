// SPDX-License-Identifier: AGPL-3.0-or-later
//
// `sovhub disclosure protect`: primary rules, secondary suppression proved by
// the audit (GLPK), or rounding, on a table read from CSV (docs/disclosure.md).
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "domain/disclosure/audit.h"
#include "domain/disclosure/csv_line.h"
#include "domain/disclosure/primary.h"
#include "domain/disclosure/rounding.h"
#include "domain/disclosure/secondary.h"
#include "domain/disclosure/table_input.h"
#include "files/atomic_file.h"
#include "lp/glpk_solver.h"

namespace sovhub::cli {
namespace {

namespace sdc = sovhub::disclosure;
using json = nlohmann::json;

// Tables of a few million rows fit; a larger file is more likely a mistake.
constexpr std::size_t kMaxTableBytes = std::size_t{1} << 30;

struct ProtectArgs {
  std::string input, dims, count, value, top, primary, total_label = "Total", round = "none";
  std::int64_t threshold = 10, base = 5;
  bool zeros = false, json_output = false, no_drop = false;
  std::vector<std::string> nk, hierarchies, previous;
  double p_percent = 0, pq_q = 100, manual_percent = 0, range_percent = 10, sliding = 0;
  double upper_bound = 0;
};

std::string Number(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", std::abs(value) < 1e-9 ? 0.0 : value);
  return buffer;
}

Result<sdc::PrimaryRules> Rules(const ProtectArgs& args) {
  sdc::PrimaryRules rules;
  rules.frequency = sdc::FrequencyRule{.threshold = args.threshold, .zeros_sensitive = args.zeros,
                                       .range_percent = args.range_percent};
  if (args.threshold == 0) rules.frequency.reset();
  for (const std::string& spec : args.nk) {
    auto parts = SplitComma(spec);
    char* end = nullptr;
    if (parts.size() != 2) return Status::InvalidArgument("--nk " + spec + ": expected N,K such as 2,85");
    long n = std::strtol(parts[0].c_str(), &end, 10);
    double k = std::strtod(parts[1].c_str(), nullptr);
    rules.dominance.push_back({.n = static_cast<int>(n), .k = k});
  }
  if (args.p_percent > 0) rules.p_percent = sdc::PPercentRule{.p = args.p_percent, .q = args.pq_q};
  rules.manual_percent = args.manual_percent;
  rules.sliding = args.sliding;
  return rules;
}

Result<std::map<std::string, sdc::Hierarchy>> Hierarchies(const ProtectArgs& args) {
  std::map<std::string, sdc::Hierarchy> out;
  for (const std::string& spec : args.hierarchies) {
    auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      return Status::InvalidArgument("--hierarchy " + spec + ": expected DIM=FILE");
    }
    std::string file = spec.substr(eq + 1);
    SOVHUB_ASSIGN_OR_RETURN(std::string text, files::ReadWholeFile(file, kMaxTableBytes));
    SOVHUB_ASSIGN_OR_RETURN(sdc::Hierarchy h, sdc::ParseHierarchyCsv(text, file, args.total_label));
    out.emplace(spec.substr(0, eq), std::move(h));
  }
  return out;
}

struct Row {
  std::size_t cell;
  std::string value;  // empty when withheld
  std::string status, rule;
  std::optional<sdc::Interval> interval;
};

void Print(const ProtectArgs& args, const sdc::Table& table, const std::string& value_name,
           const std::vector<Row>& rows, const json& summary) {
  if (args.json_output) {
    json cells = json::array();
    for (const Row& row : rows) {
      json codes = json::object();
      for (int d = 0; d < table.dimension_count(); ++d) {
        codes[table.dimension(d).name] = table.dimension(d).codes.label(table.Code(row.cell, d));
      }
      json cell = {{"codes", codes}, {"status", row.status}};
      cell["value"] = row.value.empty() ? json(nullptr) : json(std::stod(row.value));
      if (!row.rule.empty()) cell["rule"] = row.rule;
      if (row.interval) {
        cell["interval"] = {row.interval->lower,
                            std::isinf(row.interval->upper) ? json(nullptr) : json(row.interval->upper)};
      }
      cells.push_back(cell);
    }
    std::cout << json({{"value_column", value_name}, {"cells", cells}, {"summary", summary}}).dump(2) << "\n";
    return;
  }
  for (int d = 0; d < table.dimension_count(); ++d) std::cout << sdc::CsvField(table.dimension(d).name) << ",";
  std::cout << sdc::CsvField(value_name) << ",status,lower,upper\n";
  for (const Row& row : rows) {
    for (int d = 0; d < table.dimension_count(); ++d) {
      std::cout << sdc::CsvField(table.dimension(d).codes.label(table.Code(row.cell, d))) << ",";
    }
    std::cout << row.value << "," << row.status << ",";
    if (row.interval) std::cout << Number(row.interval->lower) << "," << Number(row.interval->upper);
    else std::cout << ",";
    std::cout << "\n";
  }
}

int RunProtect(const ProtectArgs& args) {
  sdc::TableInputOptions options;
  options.file_name = args.input;
  options.dimensions = SplitComma(args.dims);
  options.count_column = args.count;
  options.value_column = args.value;
  options.top_columns = SplitComma(args.top);
  options.primary_column = args.primary;
  options.total_label = args.total_label;
  if (options.dimensions.empty() || options.dimensions.size() > 4) return Usage("--dims names 1 to 4 columns");
  if (args.count.empty() && args.value.empty()) return Usage("give --count, --value, or both");
  auto hierarchies = Hierarchies(args);
  if (!hierarchies.ok()) return Fail(hierarchies.status());
  options.hierarchies = *hierarchies;
  auto rules = Rules(args);
  if (!rules.ok()) return Usage(rules.status().message());
  auto text = files::ReadWholeFile(args.input, kMaxTableBytes);
  if (!text.ok()) return Fail(text.status());
  auto input = sdc::ParseTableCsv(*text, options);
  if (!input.ok()) return Fail(input.status());
  const sdc::Table& table = input->table;
  auto protection = sdc::ApplyPrimaryRules(table, *rules, input->by_hand);
  if (!protection.ok()) return Fail(protection.status());
  const std::string value_name = args.value.empty() ? args.count : args.value;
  lp::GlpkSolver solver;
  std::vector<Row> rows;
  json summary;

  if (args.round != "none") {
    if (table.magnitude()) return Usage("--round applies to tables of counts (no --value)");
    if (args.round == "controlled") {
      auto rounded = sdc::ControlledRounding(table, args.base, solver);
      if (!rounded.ok()) return Fail(rounded.status());
      for (std::size_t c = 0; c < table.cell_count(); ++c) rows.push_back({c, std::to_string((*rounded)[c]), "rounded", "", {}});
    } else {
      std::vector<bool> redacted(table.cell_count());
      for (std::size_t c = 0; c < table.cell_count(); ++c) redacted[c] = (*protection)[c].sensitive && table.IsLeafCell(c);
      auto released = sdc::RoundRecomputingTotals(
          table, redacted, args.round == "midpoint6" ? sdc::Rounding::kMidpoint6 : sdc::Rounding::kConventional, args.base);
      for (std::size_t c = 0; c < table.cell_count(); ++c) {
        bool withheld = released[c] < 0;
        rows.push_back({c, withheld ? "" : std::to_string(released[c]), withheld ? "primary" : "rounded",
                        withheld ? (*protection)[c].rule : "", {}});
      }
    }
    summary = {{"cells", table.cell_count()}, {"rounding", args.round}};
    Print(args, table, value_name, rows, summary);
    return kExitOk;
  }

  std::vector<sdc::ReleasedTable> previous;
  for (const std::string& file : args.previous) {
    auto released_text = files::ReadWholeFile(file, kMaxTableBytes);
    if (!released_text.ok()) return Fail(released_text.status());
    auto released = sdc::ParseReleaseCsv(*released_text, file, value_name, args.total_label, *hierarchies);
    if (!released.ok()) return Fail(released.status());
    previous.push_back(std::move(*released));
  }
  std::vector<sdc::Release> links;
  for (const auto& p : previous) links.push_back({&p.table, &p.suppressed});
  sdc::ProtectOptions protect_options;
  if (args.upper_bound > 0) protect_options.cell_upper_bound = args.upper_bound;
  protect_options.drop_unneeded = !args.no_drop;
  auto result = sdc::Protect(table, *protection, links, protect_options, solver);
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kUnavailable) return Invalid(result.status().message());
    return Fail(result.status());
  }
  std::map<std::size_t, sdc::Interval> intervals;
  for (const auto& audited : result->audit.cells) intervals[audited.cell] = audited.interval;
  double total = 0;
  for (std::size_t c = 0; c < table.cell_count(); ++c) {
    const double v = table.cell(c).value;
    if (table.IsLeafCell(c)) total += v;
    sdc::CellStatus status = result->status[c];
    Row row{c, status == sdc::CellStatus::kSafe ? Number(v) : "", std::string(sdc::CellStatusName(status)),
            (*protection)[c].rule, sdc::Interval{v, v}};
    if (status != sdc::CellStatus::kSafe) row.interval = intervals.at(c);
    rows.push_back(std::move(row));
  }
  summary = {{"cells", table.cell_count()},
             {"primary", result->primary_cells},
             {"secondary", result->secondary_cells},
             {"suppressed_total", result->suppressed_total},
             {"secondary_total", result->secondary_total},
             {"table_total", total},
             {"audit_ok", result->audit.ok()},
             {"linear_programs", result->linear_programs},
             {"dropped_secondaries", result->dropped},
             {"linked_releases", previous.size()}};
  Print(args, table, value_name, rows, summary);
  std::cerr << "sovhub: " << result->primary_cells + result->secondary_cells << " of " << table.cell_count()
            << " cells suppressed (" << result->primary_cells << " primary, " << result->secondary_cells
            << " secondary); suppressed total " << Number(result->suppressed_total) << " (secondary "
            << Number(result->secondary_total) << "); audit: "
            << (result->audit.ok() ? "every sensitive cell protected" : "FAILED") << "\n";
  if (!result->audit.ok()) {
    for (std::size_t cell : result->audit.failing) std::cerr << "sovhub: not protected: " << table.CellLabel(cell) << "\n";
    return kExitInternal;
  }
  return kExitOk;
}

}  // namespace

void AddDisclosureCommands(CLI::App& app, Action& action) {
  CLI::App* disclosure = app.add_subcommand("disclosure", "Output disclosure control of an aggregate table");
  disclosure->require_subcommand(1);
  CLI::App* protect = disclosure->add_subcommand(
      "protect", "Suppress (or round) a table's cells so that no sensitive cell is disclosed, proved by an audit");
  auto args = std::make_shared<ProtectArgs>();
  protect->add_option("--input", args->input, "The table (CSV): one row per cell, or per contributor")->required();
  protect->add_option("--dims", args->dims, "Dimension columns, comma-separated (1 to 4)")->required();
  protect->add_option("--count", args->count, "Count column (without it, each row counts one)");
  protect->add_option("--value", args->value, "Magnitude column: a table of magnitudes (rows are contributors)");
  protect->add_option("--top", args->top, "Columns with an aggregated row's largest contributions (x1,x2)");
  protect->add_option("--primary", args->primary, "Column marking cells sensitive by hand (1/0)");
  protect->add_option("--threshold", args->threshold, "Frequency rule: 0 < n < T is sensitive (default 10; 0: off)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 40));
  protect->add_flag("--zeros", args->zeros, "Zero counts are sensitive too");
  protect->add_option("--nk", args->nk, "(n,k) dominance rule N,K, e.g. 2,85 (repeatable)");
  protect->add_option("--p-percent", args->p_percent, "p% rule with this p");
  protect->add_option("--q", args->pq_q, "q of the (p,q) rule (default 100: the p% rule)");
  protect->add_option("--manual-percent", args->manual_percent,
                      "Protection of cells marked by hand, % of the value (default 0: not exact)");
  protect->add_option("--range-percent", args->range_percent,
                      "Protection of a magnitude cell sensitive by frequency, % of the value (default 10)");
  protect->add_option("--sliding", args->sliding, "Smallest width of every sensitive cell's interval");
  protect->add_option("--hierarchy", args->hierarchies, "DIM=FILE: the codes of DIM as a tree (repeatable)");
  protect->add_option("--previous", args->previous,
                      "A table released before from the same project (this command's CSV output); audited "
                      "together (repeatable)");
  protect->add_option("--total-label", args->total_label, "Label of the totals in the input (default Total)");
  protect->add_option("--upper-bound", args->upper_bound, "What an attacker assumes no cell exceeds (default none)");
  protect->add_option("--round", args->round,
                      "Instead of suppression: base5 or midpoint6 (redact, round, totals = sums of released "
                      "cells, as OpenSAFELY), or controlled (additive)")
      ->check(CLI::IsMember({"none", "base5", "midpoint6", "controlled"}));
  protect->add_option("--base", args->base, "Rounding base (default 5)")->check(CLI::Range(2, 1000));
  protect->add_flag("--no-drop", args->no_drop, "Keep every secondary cell the heuristic and repair chose");
  protect->add_flag("--json", args->json_output, "JSON {cells, summary} instead of CSV");
  protect->footer(
      "Prints every cell of the table (marginals included) as CSV: the dimensions, the value\n"
      "(empty when suppressed), the status — safe (published), primary (sensitive), secondary\n"
      "(suppressed to protect a primary) — and the audit interval: the smallest and largest\n"
      "value an attacker can infer from everything published, including --previous releases.\n"
      "A summary goes to stderr. Input format, rules and method: docs/disclosure.md.\n"
      "Examples:\n"
      "  sovhub disclosure protect --input counts.csv --dims region,sex --count n\n"
      "  sovhub disclosure protect --input stays.csv --dims dept,age --count n \\\n"
      "      --hierarchy dept=regions.csv --previous released_dept_sex.csv --json\n"
      "  sovhub disclosure protect --input sales.csv --dims region,sector --value turnover \\\n"
      "      --nk 1,85 --p-percent 10\n"
      "  sovhub disclosure protect --input counts.csv --dims age --count n --threshold 8 --round base5\n"
      "Errors name the file, line and column:  T.csv:14: column n: \"abc\" is not a count\n"
      "Exit codes: 0 protected, 1 usage, 2 input rejected (or a cell cannot be protected), 3 internal.");
  protect->callback([args, &action] { action = [args] { return RunProtect(*args); }; });
}

}  // namespace sovhub::cli
