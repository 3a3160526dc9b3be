// SPDX-License-Identifier: AGPL-3.0-or-later
#include "synth/csv_file.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>


namespace sovhub::synth {
namespace {

// Large writes keep a million-person run I/O-bound on the disk rather than on
// system calls; the slack holds the longest possible row (64 fields of
// kMaxFieldLength), so a row never needs a flush while it is being built.
constexpr std::size_t kBufferSize = 4 << 20;
constexpr std::size_t kRowSlack = 256 << 10;

constexpr std::string_view kMonthAbbreviations[] = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

std::string ErrnoText() { return std::strerror(errno); }

struct PackedDate {
  std::int16_t year;
  std::int8_t month;
  std::int8_t day;
};

// 73,000 days in 292 KB, built once.
class DateTable {
 public:
  DateTable()
      : first_(static_cast<int>(DaysFromCivil({1900, 1, 1}))),
        end_(static_cast<int>(DaysFromCivil({2100, 1, 1}))) {
    dates_.reserve(static_cast<std::size_t>(end_ - first_));
    for (int days = first_; days < end_; ++days) {
      CivilDate date = CivilFromDays(days);
      dates_.push_back({static_cast<std::int16_t>(date.year), static_cast<std::int8_t>(date.month),
                        static_cast<std::int8_t>(date.day)});
    }
  }
  CivilDate Get(int days) const {
    if (days < first_ || days >= end_) return CivilFromDays(days);
    const PackedDate& date = dates_[static_cast<std::size_t>(days - first_)];
    return {date.year, date.month, date.day};
  }

 private:
  int first_;
  int end_;
  std::vector<PackedDate> dates_;
};

}  // namespace

CivilDate CivilDay(int days) {
  static const DateTable* const kTable = new DateTable();  // never destroyed
  return kTable->Get(days);
}

std::string_view DefectKindName(DefectKind kind) {
  switch (kind) {
    case DefectKind::kNone: return "none";
    case DefectKind::kBadNirKey: return "bad_nir_key";
    case DefectKind::kBadDate: return "bad_date";
    case DefectKind::kTruncatedLine: return "truncated_line";
    case DefectKind::kWrongType: return "wrong_type";
  }
  return "none";
}

RowDefect DrawDefect(Rng& rng, double rate, std::span<const DefectTarget> plan) {
  RowDefect defect;
  // One draw per row whatever the rate: the defect stream stays aligned with
  // the rows, so a row's fate does not depend on earlier rows' fates.
  double draw = rng.Uniform();
  std::uint64_t pick = rng.Next();
  if (draw < rate && !plan.empty()) {
    defect.target = plan[pick % plan.size()];
    defect.entropy = pick / plan.size();
  }
  return defect;
}

Result<std::unique_ptr<CsvFile>> CsvFile::Create(const std::filesystem::path& dir,
                                                 std::string name,
                                                 std::span<const std::string_view> columns,
                                                 std::vector<DefectRecord>* defects) {
  if (columns.empty() || columns.size() > 64) {
    return Status::Internal("a generated table has 1 to 64 columns");
  }
  std::filesystem::path path = dir / name;
  // "x": never overwrite; Generate checked that the folder was empty.
  std::FILE* file = std::fopen(path.c_str(), "wbx");
  if (file == nullptr) {
    return Status::IoError("cannot create " + path.string() + ": " + ErrnoText());
  }
  std::unique_ptr<CsvFile> csv(
      new CsvFile(file, std::move(path), std::move(name), columns.size(), defects));
  for (std::string_view column : columns) csv->Text(column);
  // The header is not a data row: write it without counting it.
  *csv->pos_++ = '\n';
  csv->row_start_ = csv->pos_;
  csv->fields_ = 0;
  return csv;
}

CsvFile::CsvFile(std::FILE* file, std::filesystem::path path, std::string name,
                 std::size_t columns, std::vector<DefectRecord>* defects)
    : file_(file),
      path_(std::move(path)),
      name_(std::move(name)),
      columns_(columns),
      defects_(defects),
      buffer_(new char[kBufferSize]),
      row_start_(buffer_.get()),
      pos_(buffer_.get()) {}

CsvFile::~CsvFile() {
  if (file_ != nullptr) std::fclose(file_);
}

void CsvFile::BeginField() {
  if (fields_ > 0) *pos_++ = ',';
  if (fields_ < field_starts_.size()) {
    field_starts_[fields_] = static_cast<std::uint32_t>(pos_ - row_start_);
  }
  ++fields_;
}

void CsvFile::Text(std::string_view text) {
  if (text.size() > kMaxFieldLength) text = text.substr(0, kMaxFieldLength);
  BeginField();
  // memcpy from a null pointer is undefined even for zero bytes.
  if (!text.empty()) std::memcpy(pos_, text.data(), text.size());
  pos_ += text.size();
}

void CsvFile::Int(std::int64_t value) {
  BeginField();
  pos_ = std::to_chars(pos_, pos_ + 20, value).ptr;
}

void CsvFile::Cents(std::int64_t cents) {
  BeginField();
  if (cents < 0) {
    *pos_++ = '-';
    cents = -cents;
  }
  pos_ = std::to_chars(pos_, pos_ + 20, cents / 100).ptr;
  *pos_++ = '.';
  AppendDigits(static_cast<int>(cents % 100), 2);
}

void CsvFile::Empty() { BeginField(); }

void CsvFile::AppendDigits(int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    pos_[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  pos_ += width;
}

void CsvFile::IsoDate(int days) {
  CivilDate date = CivilDay(days);
  BeginField();
  AppendDigits(date.year, 4);
  *pos_++ = '-';
  AppendDigits(date.month, 2);
  *pos_++ = '-';
  AppendDigits(date.day, 2);
}

void CsvFile::DayMonthYear(int days) {
  CivilDate date = CivilDay(days);
  BeginField();
  AppendDigits(date.day, 2);
  AppendDigits(date.month, 2);
  AppendDigits(date.year, 4);
}

void CsvFile::SasDateTime(int days) {
  CivilDate date = CivilDay(days);
  BeginField();
  AppendDigits(date.day, 2);
  std::memcpy(pos_, kMonthAbbreviations[date.month - 1].data(), 3);
  pos_ += 3;
  AppendDigits(date.year, 4);
  std::memcpy(pos_, ":00:00:00", 9);
  pos_ += 9;
}

void CsvFile::YearMonth(int days) {
  CivilDate date = CivilDay(days);
  BeginField();
  AppendDigits(date.year, 4);
  AppendDigits(date.month, 2);
}

void CsvFile::Year(int days) {
  BeginField();
  AppendDigits(CivilDay(days).year, 4);
}

void CsvFile::Month(int days) {
  BeginField();
  AppendDigits(CivilDay(days).month, 2);
}

void CsvFile::MaybeInt(std::optional<std::int64_t> value) {
  if (value.has_value()) {
    Int(*value);
  } else {
    Empty();
  }
}

void CsvFile::MaybeIsoDate(std::optional<int> days) {
  if (days.has_value()) {
    IsoDate(*days);
  } else {
    Empty();
  }
}

Status CsvFile::Damage(const RowDefect& defect) {
  const DefectTarget& target = defect.target;
  auto column = static_cast<std::size_t>(target.column);
  if (target.column < 0 || column >= columns_) {
    return Status::Internal("defect target outside the columns of " + name_);
  }
  if (target.kind == DefectKind::kTruncatedLine) {
    if (column == 0 || column >= columns_) {
      return Status::Internal("truncation keeps 1 to columns-1 fields in " + name_);
    }
    std::size_t keep = column + defect.entropy % (columns_ - column);
    // Cut just before the separator that precedes field `keep`.
    pos_ = row_start_ + field_starts_[keep] - 1;
    return Status::Ok();
  }
  char* cell = row_start_ + field_starts_[column];
  char* cell_end = column + 1 < columns_ ? row_start_ + field_starts_[column + 1] - 1 : pos_;
  std::size_t length = static_cast<std::size_t>(cell_end - cell);
  // Every damage below keeps the cell's length, so it is done in place.
  switch (target.kind) {
    case DefectKind::kBadNirKey: {
      if (length != 15) return Status::Internal("bad_nir_key target is not a NIR in " + name_);
      int key = (cell[13] - '0') * 10 + (cell[14] - '0');
      int wrong = key % 97 + 1;  // 1..97 and never the right key
      cell[13] = static_cast<char>('0' + wrong / 10);
      cell[14] = static_cast<char>('0' + wrong % 10);
      return Status::Ok();
    }
    case DefectKind::kBadDate: {
      // The 30th of February or a 13th month: shapes a producer's export
      // really emits, and that only a calendar-aware check rejects.
      bool february = defect.entropy % 2 == 0;
      if (target.style == DateStyle::kIso && length == 10) {
        std::memcpy(cell + 4, february ? "-02-30" : "-13-01", 6);
      } else if (target.style == DateStyle::kDayMonthYear && length == 8) {
        std::memcpy(cell, february ? "3002" : "3113", 4);
      } else if (target.style == DateStyle::kMonth && length == 2) {
        std::memcpy(cell, february ? "13" : "00", 2);
      } else {
        return Status::Internal("bad_date target does not hold a date in " + name_);
      }
      return Status::Ok();
    }
    case DefectKind::kWrongType:
      if (length == 0) return Status::Internal("wrong_type target is empty in " + name_);
      cell[length - 1] = 'O';
      return Status::Ok();
    case DefectKind::kNone:
    case DefectKind::kTruncatedLine:
      break;
  }
  return Status::Ok();
}

Status CsvFile::EndRow(const RowDefect& defect) {
  if (fields_ != columns_) {
    return Status::Internal(name_ + ": a row has " + std::to_string(fields_) + " fields for " +
                            std::to_string(columns_) + " columns");
  }
  if (defect.target.kind != DefectKind::kNone) {
    SOVHUB_RETURN_IF_ERROR(Damage(defect));
    // Line 1 is the header, so this row is on line rows_ + 2.
    defects_->push_back(
        DefectRecord{name_, rows_ + 2, std::string(DefectKindName(defect.target.kind))});
  }
  *pos_++ = '\n';
  ++rows_;
  row_start_ = pos_;
  fields_ = 0;
  if (static_cast<std::size_t>(pos_ - buffer_.get()) > kBufferSize - kRowSlack) {
    return Flush();
  }
  return status_;
}

Status CsvFile::Flush() {
  std::size_t length = static_cast<std::size_t>(row_start_ - buffer_.get());
  if (status_.ok() && length > 0 && std::fwrite(buffer_.get(), 1, length, file_) != length) {
    status_ = Status::IoError("cannot write " + path_.string() + ": " + ErrnoText());
  }
  // The unfinished row (empty between rows) moves to the front.
  std::size_t pending = static_cast<std::size_t>(pos_ - row_start_);
  std::memmove(buffer_.get(), row_start_, pending);
  row_start_ = buffer_.get();
  pos_ = row_start_ + pending;
  return status_;
}

Status CsvFile::Close() {
  if (file_ == nullptr) return status_;
  static_cast<void>(Flush());  // its error, if any, is now in status_
  if (std::fclose(file_) != 0 && status_.ok()) {
    status_ = Status::IoError("cannot close " + path_.string() + ": " + ErrnoText());
  }
  file_ = nullptr;
  return status_;
}

}  // namespace sovhub::synth
