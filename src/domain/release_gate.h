// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The release gate, pure: the automatic checks every submitted output passes
// before disclosure control and before any person looks at it
// (docs/releases.md, "The gate"). It sees the output as a table of text
// cells (the service parses the CSV or renders the query result) and refuses
//   - a file other than CSV (a query result is rendered as CSV by the hub);
//   - more bytes or more rows than the limits;
//   - a column named like a person identifier (person_id, pid, *_person_id,
//     *_pid, nir, and the SNDS/OMOP identifier names of kPersonIdColumns);
//   - a column holding a value that is one of the project's person ids, under
//     whatever name (the service looks the candidates up in the workspace);
//   - a cell of 13 or more digits: the shape of a NIR or of a person id, never
//     a count or a category of an aggregate table;
//   - a column that is not declared (only dimensions, count and value leave;
//     a magnitude table's largest contributions are read, never released);
//   - a count cell that is not a whole number >= 0, a value cell that is not
//     a number, a dimension cell empty or longer than 64 characters.
// Every problem is reported (up to 20), each naming the column and, for a
// cell, the line ("out.csv:12: column n: \"x\" is not a count").
#ifndef SOVHUB_DOMAIN_RELEASE_GATE_H_
#define SOVHUB_DOMAIN_RELEASE_GATE_H_

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sovhub::release {

struct GateLimits {
  // An aggregate table for publication has tens to thousands of cells; ten
  // thousand rows is already more than a checker can review.
  std::int64_t max_rows = 10000;
  std::int64_t max_bytes = std::int64_t{10} << 20;
};

// The output as submitted: a header and rows of text cells, line numbers
// counted as in the file (the header is line 1).
struct GateInput {
  std::string file_name;  // for messages; its extension must be .csv
  std::int64_t bytes = 0;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // What the submission declares (docs/disclosure.md, "Input").
  std::vector<std::string> dimensions;
  std::string count_column;
  std::string value_column;  // may be empty
  // A magnitude table's largest contributions per row: read by disclosure
  // control, never released.
  std::vector<std::string> top_columns;
};

// Column names refused whatever their values (compared ignoring case), on
// top of the suffixes _person_id and _pid.
inline constexpr std::string_view kPersonIdColumns[] = {
    "person_id", "pid",        "nir",         "person_source_value", "subject_id", "patient_id",
    "ben_nir_psa", "ben_nir_ano", "ben_idt_ano", "num_enq",           "nir_ano_17",
};

// True when `name` is a person identifier column name (see above).
bool IsPersonIdColumnName(std::string_view name);

// The distinct whole numbers the table's cells hold: the candidates the
// service looks up among the workspace's person ids.
std::set<std::int64_t> WholeNumberCells(const GateInput& input);

// Ok, or PermissionDenied whose message lists every problem found, one per
// line. `person_ids` are the candidates that are person ids of the project.
Status CheckGate(const GateInput& input, const GateLimits& limits, const std::set<std::int64_t>& person_ids);

}  // namespace sovhub::release

#endif  // SOVHUB_DOMAIN_RELEASE_GATE_H_
