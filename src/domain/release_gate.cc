// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/release_gate.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

namespace sovhub::release {
namespace {

// A report longer than this helps nobody; the count of the rest is given.
constexpr std::size_t kMaxProblems = 20;
// Categories are codes and labels; a longer cell is free text, which may
// describe a person.
constexpr std::size_t kMaxCategoryChars = 64;
// 13 digits: a NIR without its key; person ids are 62-bit (up to 19 digits).
// No count or code of an aggregate health table is that long.
constexpr std::size_t kIdentifierDigits = 13;

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool ParseWhole(std::string_view text, std::int64_t& value) {
  text = Trim(text);
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

bool IsNumber(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return false;
  std::string copy(text);
  char* end = nullptr;
  std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size();
}

std::size_t LongestDigitRun(std::string_view text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = std::isdigit(static_cast<unsigned char>(c)) ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

class Problems {
 public:
  void Add(std::string line) {
    ++count_;
    if (lines_.size() < kMaxProblems) lines_.push_back(std::move(line));
  }
  Status ToStatus(const std::string& file) const {
    if (count_ == 0) return Status::Ok();
    std::string message = "the release gate refuses " + file + ":";
    for (const std::string& line : lines_) message += "\n  " + line;
    if (count_ > lines_.size()) message += "\n  ... and " + std::to_string(count_ - lines_.size()) + " more";
    return Status::PermissionDenied(message);
  }

 private:
  std::vector<std::string> lines_;
  std::size_t count_ = 0;
};

}  // namespace

bool IsPersonIdColumnName(std::string_view name) {
  const std::string lower = Lower(Trim(name));
  for (std::string_view refused : kPersonIdColumns) {
    if (lower == refused) return true;
  }
  return EndsWith(lower, "_person_id") || EndsWith(lower, "_pid") || EndsWith(lower, "personid");
}

std::set<std::int64_t> WholeNumberCells(const GateInput& input) {
  std::set<std::int64_t> values;
  for (const auto& row : input.rows) {
    for (const std::string& cell : row) {
      std::int64_t value = 0;
      if (ParseWhole(cell, value)) values.insert(value);
    }
  }
  return values;
}

Status CheckGate(const GateInput& input, const GateLimits& limits, const std::set<std::int64_t>& person_ids) {
  Problems problems;
  const std::string& file = input.file_name;
  if (!EndsWith(Lower(file), ".csv")) {
    problems.Add("only CSV files leave the hub (a table with a header line): " + file + " is not a .csv file");
  }
  if (input.bytes > limits.max_bytes) {
    problems.Add(std::to_string(input.bytes) + " bytes: more than the limit of " + std::to_string(limits.max_bytes));
  }
  if (static_cast<std::int64_t>(input.rows.size()) > limits.max_rows) {
    problems.Add(std::to_string(input.rows.size()) + " rows: more than the limit of " +
                 std::to_string(limits.max_rows) + "; an output is an aggregate table");
  }

  // Columns: identifier names, undeclared ones, and the declared ones present.
  enum class Kind { kOther, kDimension, kCount, kValue, kTop };
  std::vector<Kind> kinds(input.header.size(), Kind::kOther);
  for (std::size_t c = 0; c < input.header.size(); ++c) {
    const std::string& name = input.header[c];
    if (IsPersonIdColumnName(name)) {
      problems.Add("column " + name + " is a person identifier: person-level identifiers never leave the hub");
      continue;
    }
    if (std::find(input.dimensions.begin(), input.dimensions.end(), name) != input.dimensions.end()) {
      kinds[c] = Kind::kDimension;
    } else if (name == input.count_column) {
      kinds[c] = Kind::kCount;
    } else if (!input.value_column.empty() && name == input.value_column) {
      kinds[c] = Kind::kValue;
    } else if (std::find(input.top_columns.begin(), input.top_columns.end(), name) != input.top_columns.end()) {
      kinds[c] = Kind::kTop;
    } else {
      problems.Add("column " + name + " is not declared: only the dimensions, the count and the value leave");
    }
  }
  auto declared = [&](const std::string& name, std::string_view role) {
    if (name.empty()) return;
    if (std::find(input.header.begin(), input.header.end(), name) == input.header.end()) {
      problems.Add("the " + std::string(role) + " column " + name + " is not in the header");
    }
  };
  for (const std::string& d : input.dimensions) declared(d, "dimension");
  declared(input.count_column, "count");
  declared(input.value_column, "value");
  for (const std::string& t : input.top_columns) declared(t, "largest-contribution");

  // Cells: person ids under any name, identifier-shaped numbers, and what
  // each declared column must hold.
  std::vector<bool> column_reported(input.header.size(), false);
  for (std::size_t r = 0; r < input.rows.size(); ++r) {
    const auto& row = input.rows[r];
    const std::string where = file + ":" + std::to_string(r + 2) + ": column ";
    if (row.size() != input.header.size()) {
      problems.Add(file + ":" + std::to_string(r + 2) + ": " + std::to_string(row.size()) + " fields, the header has " +
                   std::to_string(input.header.size()));
      continue;
    }
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string& cell = row[c];
      const std::string& name = input.header[c];
      std::int64_t whole = 0;
      const bool is_whole = ParseWhole(cell, whole);
      if (is_whole && person_ids.count(whole) != 0) {
        if (!column_reported[c]) {
          problems.Add(where + name + ": holds the project's person ids (" + cell +
                       " is one): person-level identifiers never leave the hub");
          column_reported[c] = true;
        }
        continue;
      }
      if (LongestDigitRun(cell) >= kIdentifierDigits) {
        problems.Add(where + name + ": \"" + cell + "\" has the shape of an identifier (" +
                     std::to_string(kIdentifierDigits) + "+ digits)");
        continue;
      }
      switch (kinds[c]) {
        case Kind::kCount:
          if (!is_whole || whole < 0) problems.Add(where + name + ": \"" + cell + "\" is not a count");
          break;
        case Kind::kValue:
          if (!IsNumber(cell)) problems.Add(where + name + ": \"" + cell + "\" is not a number");
          break;
        case Kind::kTop:  // empty when the cell has fewer contributors
          if (!Trim(cell).empty() && !IsNumber(cell)) {
            problems.Add(where + name + ": \"" + cell + "\" is not a number");
          }
          break;
        case Kind::kDimension:
          if (Trim(cell).empty()) problems.Add(where + name + ": empty category");
          else if (cell.size() > kMaxCategoryChars) {
            problems.Add(where + name + ": a category of " + std::to_string(cell.size()) +
                         " characters (at most " + std::to_string(kMaxCategoryChars) + "): free text does not leave");
          }
          break;
        case Kind::kOther: break;
      }
    }
  }
  return problems.ToStatus(file);
}

}  // namespace sovhub::release
