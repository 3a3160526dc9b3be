// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/table_input.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>

#include "domain/disclosure/csv_line.h"

namespace sovhub::disclosure {
namespace {

// Lists at most this many marginals that do not add up.
constexpr std::size_t kMaxMismatches = 20;

struct Row {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

struct Parsed {
  std::vector<std::string> header;
  std::vector<Row> rows;
};

Result<Parsed> ReadCsv(std::string_view text, std::string_view file_name) {
  Parsed parsed;
  std::size_t line_number = 0;
  for (std::string_view line : SplitLines(text)) {
    ++line_number;
    if (line.empty()) continue;
    auto fields = SplitCsvLine(line);
    std::string where = std::string(file_name) + ":" + std::to_string(line_number);
    if (!fields.ok()) return fields.status().WithContext(where);
    if (parsed.header.empty()) {
      parsed.header = std::move(*fields);
      continue;
    }
    if (fields->size() != parsed.header.size()) {
      return Status::InvalidArgument(where + ": " + std::to_string(fields->size()) + " fields, the header has " +
                                     std::to_string(parsed.header.size()));
    }
    parsed.rows.push_back({line_number, std::move(*fields)});
  }
  if (parsed.header.empty()) return Status::InvalidArgument(std::string(file_name) + ": empty file");
  return parsed;
}

Result<std::size_t> ColumnIndex(const Parsed& parsed, std::string_view file_name, const std::string& name) {
  for (std::size_t i = 0; i < parsed.header.size(); ++i) {
    if (parsed.header[i] == name) return i;
  }
  std::string columns;
  for (const std::string& h : parsed.header) columns += (columns.empty() ? "" : ", ") + h;
  return Status::InvalidArgument(std::string(file_name) + ":1: no column \"" + name + "\" (columns: " + columns + ")");
}

std::optional<std::int64_t> ParseCount(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0 || text.empty()) return std::nullopt;
  return value;
}

std::optional<double> ParseMagnitude(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value) || value < 0) return std::nullopt;
  return value;
}

std::optional<bool> ParseFlag(const std::string& text) {
  if (text.empty() || text == "0" || EqualsIgnoringCase(text, "false") || EqualsIgnoringCase(text, "no")) {
    return false;
  }
  if (text == "1" || EqualsIgnoringCase(text, "true") || EqualsIgnoringCase(text, "yes")) return true;
  return std::nullopt;
}

std::string Where(std::string_view file_name, std::size_t line, const std::string& column) {
  return std::string(file_name) + ":" + std::to_string(line) + ": column " + column + ": ";
}

// The dimensions: a given hierarchy, or the codes met in the file in order.
Result<std::vector<Dimension>> MakeDimensions(const Parsed& parsed, const std::vector<std::size_t>& columns,
                                              const std::vector<std::string>& names, const std::string& total,
                                              const std::map<std::string, Hierarchy>& hierarchies) {
  std::vector<Dimension> dimensions;
  for (std::size_t d = 0; d < columns.size(); ++d) {
    auto given = hierarchies.find(names[d]);
    if (given != hierarchies.end()) {
      dimensions.push_back({names[d], given->second});
      continue;
    }
    std::vector<std::string> codes;
    std::set<std::string> seen;
    for (const Row& row : parsed.rows) {
      const std::string& code = row.fields[columns[d]];
      if (!EqualsIgnoringCase(code, total) && seen.insert(code).second) codes.push_back(code);
    }
    auto flat = Hierarchy::Flat(total, codes);
    if (!flat.ok()) return flat.status().WithContext("dimension " + names[d]);
    dimensions.push_back({names[d], std::move(*flat)});
  }
  return dimensions;
}

Result<std::size_t> CellOf(const Table& table, const Row& row, const std::vector<std::size_t>& columns,
                           const std::vector<std::string>& names, std::string_view file_name) {
  std::vector<int> codes(columns.size());
  for (std::size_t d = 0; d < columns.size(); ++d) {
    const std::string& label = row.fields[columns[d]];
    auto code = table.dimension(static_cast<int>(d)).codes.Find(label);
    if (!code) {
      return Status::InvalidArgument(Where(file_name, row.line, names[d]) + "\"" + label +
                                     "\" is not a code of its hierarchy");
    }
    codes[d] = *code;
  }
  return table.Index(codes);
}

}  // namespace

Result<TableInput> ParseTableCsv(std::string_view text, const TableInputOptions& options) {
  const std::string_view file = options.file_name;
  SOVHUB_ASSIGN_OR_RETURN(Parsed parsed, ReadCsv(text, file));
  std::vector<std::size_t> dim_columns;
  for (const std::string& name : options.dimensions) {
    SOVHUB_ASSIGN_OR_RETURN(std::size_t column, ColumnIndex(parsed, file, name));
    dim_columns.push_back(column);
  }
  std::optional<std::size_t> count_column, value_column, primary_column;
  std::vector<std::size_t> top_columns;
  if (!options.count_column.empty()) {
    SOVHUB_ASSIGN_OR_RETURN(count_column, ColumnIndex(parsed, file, options.count_column));
  }
  if (!options.value_column.empty()) {
    SOVHUB_ASSIGN_OR_RETURN(value_column, ColumnIndex(parsed, file, options.value_column));
  }
  if (!options.primary_column.empty()) {
    SOVHUB_ASSIGN_OR_RETURN(primary_column, ColumnIndex(parsed, file, options.primary_column));
  }
  for (const std::string& name : options.top_columns) {
    SOVHUB_ASSIGN_OR_RETURN(std::size_t column, ColumnIndex(parsed, file, name));
    top_columns.push_back(column);
  }
  if (!count_column && !value_column) {
    return Status::InvalidArgument(std::string(file) + ": give a count column, a value column, or both");
  }
  SOVHUB_ASSIGN_OR_RETURN(std::vector<Dimension> dimensions,
                          MakeDimensions(parsed, dim_columns, options.dimensions, options.total_label,
                                         options.hierarchies));
  SOVHUB_ASSIGN_OR_RETURN(Table table, Table::Make(std::move(dimensions), value_column.has_value()));
  TableInput input{std::move(table), {}};
  Table& t = input.table;
  input.by_hand.assign(t.cell_count(), false);

  // A count table has one row per cell; rows of a table with a value column
  // (or without a count column) are contributors and add up.
  const bool rows_add_up = value_column.has_value() || !count_column.has_value();
  struct Given {
    std::size_t line;
    std::size_t cell;
    std::optional<std::int64_t> count;
    std::optional<double> value;
  };
  std::vector<Given> marginals;
  std::vector<std::size_t> line_of(t.cell_count(), 0);
  for (const Row& row : parsed.rows) {
    SOVHUB_ASSIGN_OR_RETURN(std::size_t cell, CellOf(t, row, dim_columns, options.dimensions, file));
    std::int64_t count = 1;
    if (count_column) {
      auto parsed_count = ParseCount(row.fields[*count_column]);
      if (!parsed_count) {
        return Status::InvalidArgument(Where(file, row.line, options.count_column) + "\"" +
                                       row.fields[*count_column] + "\" is not a count");
      }
      count = *parsed_count;
    }
    double value = static_cast<double>(count);
    if (value_column) {
      auto parsed_value = ParseMagnitude(row.fields[*value_column]);
      if (!parsed_value) {
        return Status::InvalidArgument(Where(file, row.line, options.value_column) + "\"" +
                                       row.fields[*value_column] + "\" is not a non-negative number");
      }
      value = *parsed_value;
    }
    if (primary_column) {
      auto flag = ParseFlag(row.fields[*primary_column]);
      if (!flag) {
        return Status::InvalidArgument(Where(file, row.line, options.primary_column) + "\"" +
                                       row.fields[*primary_column] + "\" is not 0/1");
      }
      if (*flag) input.by_hand[cell] = true;
    }
    bool leaf = t.IsLeafCell(cell);
    if (line_of[cell] != 0 && (!leaf || !rows_add_up)) {
      return Status::InvalidArgument(std::string(file) + ":" + std::to_string(row.line) + ": cell " +
                                     t.CellLabel(cell) + " is already given on line " + std::to_string(line_of[cell]));
    }
    line_of[cell] = row.line;
    if (!leaf) {
      marginals.push_back({row.line, cell, count_column ? std::optional(count) : std::nullopt,
                           value_column ? std::optional(value) : std::nullopt});
      continue;
    }
    std::vector<double> top;
    bool top_known = true;
    if (!top_columns.empty()) {
      for (std::size_t i = 0; i < top_columns.size(); ++i) {
        const std::string& field = row.fields[top_columns[i]];
        if (field.empty()) continue;
        auto x = ParseMagnitude(field);
        if (!x) {
          return Status::InvalidArgument(Where(file, row.line, options.top_columns[i]) + "\"" + field +
                                         "\" is not a non-negative number");
        }
        top.push_back(*x);
      }
      std::sort(top.begin(), top.end(), std::greater<>());
    } else if (count == 1) {
      top.push_back(value);
    } else if (count > 1) {
      top_known = false;
    }
    t.AddToLeaf(cell, value, count, top, top_known);
  }
  t.ComputeMarginals();

  std::string mismatches;
  std::size_t listed = 0;
  for (const Given& g : marginals) {
    const CellData& sum = t.cell(g.cell);
    std::string problem;
    if (g.count && *g.count != sum.count) {
      problem = options.count_column + " is " + std::to_string(*g.count) + ", the cells under it add up to " +
                std::to_string(sum.count);
    } else if (g.value && std::abs(*g.value - sum.value) > 1e-9 * std::max(1.0, std::abs(sum.value))) {
      char buffer[96];
      std::snprintf(buffer, sizeof buffer, " is %.10g, the cells under it add up to %.10g", *g.value, sum.value);
      problem = options.value_column + buffer;
    }
    if (problem.empty()) continue;
    if (listed++ < kMaxMismatches) {
      mismatches += (mismatches.empty() ? "" : "\n") + std::string(file) + ":" + std::to_string(g.line) + ": " +
                    t.CellLabel(g.cell) + ": " + problem;
    }
  }
  if (!mismatches.empty()) {
    if (listed > kMaxMismatches) mismatches += "\n(" + std::to_string(listed - kMaxMismatches) + " more)";
    return Status::InvalidArgument("marginal totals do not add up:\n" + mismatches);
  }
  return input;
}

Result<ReleasedTable> ParseReleaseCsv(std::string_view text, std::string_view file_name,
                                      const std::string& value_column, const std::string& total_label,
                                      const std::map<std::string, Hierarchy>& hierarchies) {
  SOVHUB_ASSIGN_OR_RETURN(Parsed parsed, ReadCsv(text, file_name));
  SOVHUB_ASSIGN_OR_RETURN(std::size_t value_at, ColumnIndex(parsed, file_name, value_column));
  std::optional<std::size_t> status_at;
  std::vector<std::size_t> dim_columns;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < parsed.header.size(); ++i) {
    const std::string& h = parsed.header[i];
    if (h == "status") status_at = i;
    if (i == value_at || h == "status" || h == "lower" || h == "upper") continue;
    dim_columns.push_back(i);
    names.push_back(h);
  }
  SOVHUB_ASSIGN_OR_RETURN(std::vector<Dimension> dimensions,
                          MakeDimensions(parsed, dim_columns, names, total_label, hierarchies));
  SOVHUB_ASSIGN_OR_RETURN(Table table, Table::Make(std::move(dimensions), false));
  ReleasedTable released{std::move(table), {}};
  released.suppressed.assign(released.table.cell_count(), true);
  for (const Row& row : parsed.rows) {
    SOVHUB_ASSIGN_OR_RETURN(std::size_t cell, CellOf(released.table, row, dim_columns, names, file_name));
    const std::string& field = row.fields[value_at];
    bool withheld = field.empty() || (status_at && (row.fields[*status_at] == "primary" ||
                                                    row.fields[*status_at] == "secondary"));
    if (withheld) continue;
    auto value = ParseMagnitude(field);
    if (!value) {
      return Status::InvalidArgument(Where(file_name, row.line, value_column) + "\"" + field +
                                     "\" is not a non-negative number");
    }
    released.table.cell(cell).value = *value;
    released.suppressed[cell] = false;
  }
  return released;
}

}  // namespace sovhub::disclosure
