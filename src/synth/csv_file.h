// SPDX-License-Identifier: AGPL-3.0-or-later
//
// One output CSV of the generator (internal to src/synth): comma-separated,
// header row, "\n" line ends, no quoting (no value the generator writes holds
// a comma, a quote or a line break). Rows are built field by field straight
// into a large buffer, damaged on request when they end, and written in large
// blocks.
#ifndef SOVHUB_SYNTH_CSV_FILE_H_
#define SOVHUB_SYNTH_CSV_FILE_H_

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "synth/random.h"
#include "synth/synth.h"

namespace sovhub::synth {

enum class DefectKind { kNone, kBadNirKey, kBadDate, kTruncatedLine, kWrongType };

std::string_view DefectKindName(DefectKind kind);

// How a date column is written, for damaging it in its own format.
enum class DateStyle { kIso, kDayMonthYear, kMonth };

// A way a table's rows may be damaged.
// kBadNirKey: `column` holds a 15-character NIR; its key is changed.
// kBadDate: `column` holds a date in `style`; it becomes an impossible one.
// kWrongType: `column` holds digits; its last one becomes a letter O.
// kTruncatedLine: the row loses its trailing fields, keeping at least the
// first `column` ones (a parent table's join keys stay readable).
struct DefectTarget {
  DefectKind kind = DefectKind::kNone;
  int column = 0;
  DateStyle style = DateStyle::kIso;
};

// What to do to the row being ended; kNone most of the time.
struct RowDefect {
  DefectTarget target;
  std::uint64_t entropy = 0;  // picks among equivalent damages
};

// With probability `rate`, one of `plan`'s targets (uniformly), else kNone.
RowDefect DrawDefect(Rng& rng, double rate, std::span<const DefectTarget> plan);

// The index of `name` in `columns`, or -1: lets tables name their defect
// targets and have the compiler check them.
constexpr int ColumnIndex(std::span<const std::string_view> columns, std::string_view name) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// CivilFromDays(days), from a table for 1900-2099: the generator converts
// several dates per row, and the table makes that a memory read.
CivilDate CivilDay(int days);

// True when every target of `plan` names a column (see ColumnIndex).
constexpr bool TargetsValid(std::span<const DefectTarget> plan) {
  for (const DefectTarget& target : plan) {
    if (target.column < 0) return false;
  }
  return true;
}

class CsvFile {
 public:
  // Creates `dir / name` (which must not exist) and writes the header.
  // Damaged rows are appended to `*defects`, which must outlive the file.
  static Result<std::unique_ptr<CsvFile>> Create(const std::filesystem::path& dir,
                                                 std::string name,
                                                 std::span<const std::string_view> columns,
                                                 std::vector<DefectRecord>* defects);
  ~CsvFile();
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;

  // Field appenders, in column order. `days` count from 1970-01-01.
  void Text(std::string_view text);  // at most kMaxFieldLength bytes
  void Int(std::int64_t value);
  void Cents(std::int64_t cents);  // 1234 -> "12.34"
  void Empty();
  void IsoDate(int days);         // 2021-03-04
  void DayMonthYear(int days);    // 04032021 (%d%m%Y)
  void SasDateTime(int days);     // 04MAR2021:00:00:00 (%d%b%Y:%H:%M:%S)
  void YearMonth(int days);       // 202103
  void Year(int days);            // 2021
  void Month(int days);           // 03 (%m)
  // An empty field when the value is absent. (Text("") is one too.)
  void MaybeInt(std::optional<std::int64_t> value);
  void MaybeIsoDate(std::optional<int> days);

  // Ends the row (which must have one field per column), damaging it as
  // `defect` says and recording the damage. Internal when the row is
  // malformed or the damage does not fit the cell; IoError on write errors.
  Status EndRow(const RowDefect& defect = {});

  // Flushes and closes; the first error met since creation, if any.
  Status Close();

  const std::string& name() const { return name_; }
  std::int64_t rows() const { return rows_; }

  static constexpr std::size_t kMaxFieldLength = 256;

 private:
  CsvFile(std::FILE* file, std::filesystem::path path, std::string name, std::size_t columns,
          std::vector<DefectRecord>* defects);

  void BeginField();
  void AppendDigits(int value, int width);
  Status Damage(const RowDefect& defect);
  Status Flush();

  std::FILE* file_;
  std::filesystem::path path_;
  std::string name_;
  std::size_t columns_;
  std::vector<DefectRecord>* defects_;
  std::unique_ptr<char[]> buffer_;
  char* row_start_;
  char* pos_;
  std::size_t fields_ = 0;
  // Offset of each field of the current row from row_start_.
  std::array<std::uint32_t, 64> field_starts_{};
  std::int64_t rows_ = 0;
  Status status_;
};

}  // namespace sovhub::synth

#endif  // SOVHUB_SYNTH_CSV_FILE_H_
