// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Reading a table from CSV text (docs/disclosure.md, "Input"): one row per
// cell, or one row per contributor (rows of the same cell add up); dimension
// columns hold codes, or the total's label for a marginal row, whose given
// count and value are checked against the cells under it. Errors name the
// file, the line and the column:
//   T.csv:14: column n: "abc" is not a count
// Also reads a previous release (the CSV `sovhub disclosure protect` prints),
// for the audit of linked tables.
#ifndef SOVHUB_DOMAIN_DISCLOSURE_TABLE_INPUT_H_
#define SOVHUB_DOMAIN_DISCLOSURE_TABLE_INPUT_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/disclosure/hierarchy.h"
#include "domain/disclosure/table.h"

namespace sovhub::disclosure {

struct TableInputOptions {
  std::string file_name;                 // for messages
  std::vector<std::string> dimensions;   // column names, 1 to 4
  std::string count_column;              // empty: each row counts one contributor
  std::string value_column;              // empty: a table of counts
  std::vector<std::string> top_columns;  // an aggregated row's largest contributions
  std::string primary_column;            // 1/true/yes marks a cell sensitive by hand
  std::string total_label = "Total";     // compared ignoring case
  std::map<std::string, Hierarchy> hierarchies;  // by dimension name
};

struct TableInput {
  Table table;
  std::vector<bool> by_hand;  // per cell
};

// InvalidArgument with "file:line: column c: ..." on a malformed row, and one
// line per marginal that does not add up ("file:7: A × Total: n is 21, the
// cells under it add up to 20").
Result<TableInput> ParseTableCsv(std::string_view text, const TableInputOptions& options);

struct ReleasedTable {
  Table table;
  std::vector<bool> suppressed;  // per cell; cells the file does not list count as suppressed
};

// A previous release: every column but `value_column`, status, lower and
// upper is a dimension; a cell is suppressed when its status is primary or
// secondary or its value is empty.
Result<ReleasedTable> ParseReleaseCsv(std::string_view text, std::string_view file_name,
                                      const std::string& value_column, const std::string& total_label,
                                      const std::map<std::string, Hierarchy>& hierarchies);

}  // namespace sovhub::disclosure

#endif  // SOVHUB_DOMAIN_DISCLOSURE_TABLE_INPUT_H_
