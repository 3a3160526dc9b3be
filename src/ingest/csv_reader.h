// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Streaming CSV reader (RFC 4180 with the usual tolerances: LF or CRLF line
// ends, a UTF-8 byte-order mark at the start, a final line without newline).
// Memory is bounded by the buffer and the longest record, never the file.
#ifndef SOVHUB_INGEST_CSV_READER_H_
#define SOVHUB_INGEST_CSV_READER_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sovhub::ingest {

// Parses CSV records out of bytes fed in chunks. Pure: no I/O.
class CsvParser {
 public:
  explicit CsvParser(char delimiter = ',') : delimiter_(delimiter) {}

  struct Record {
    std::vector<std::string> fields;
    std::int64_t line = 0;  // 1-based physical line where the record starts
  };

  // Appends bytes. Complete records become available through Next().
  void Feed(std::string_view bytes);
  // Marks the end of input: a pending last record (no final newline) is
  // completed. InvalidArgument when a quoted field is left open.
  Status Finish();
  // Moves the next complete record into `record`; false when none is ready.
  // Records whose quoting is malformed are still returned, with `error` set.
  bool Next(Record& record, std::string& error);

  std::int64_t bytes_consumed() const { return bytes_consumed_; }

 private:
  void Consume(bool at_end);

  char delimiter_;
  std::string pending_;
  std::int64_t line_ = 1;
  // Where the scan of an incomplete first record stopped, and its state then.
  struct Resume {
    std::size_t offset = 0;
    bool quoted = false;
    bool may_open = true;
    std::int64_t newlines = 0;
  };
  Resume resume_;
  std::int64_t bytes_consumed_ = 0;
  bool started_ = false;
  struct Ready {
    Record record;
    std::string error;
  };
  std::vector<Ready> ready_;
  std::size_t ready_pos_ = 0;
};

// Reads a CSV file through a CsvParser.
class CsvFileReader {
 public:
  static Result<CsvFileReader> Open(const std::filesystem::path& path, char delimiter = ',');
  CsvFileReader(CsvFileReader&& other) noexcept;
  CsvFileReader& operator=(CsvFileReader&&) = delete;
  CsvFileReader(const CsvFileReader&) = delete;
  ~CsvFileReader();

  // True with a record; false at the end of the file. `error` is non-empty
  // for a record with malformed quoting.
  Result<bool> Next(CsvParser::Record& record, std::string& error);
  std::int64_t bytes_read() const { return bytes_read_; }
  std::int64_t size() const { return size_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  CsvFileReader(int fd, std::filesystem::path path, std::int64_t size, char delimiter)
      : fd_(fd), path_(std::move(path)), size_(size), parser_(delimiter) {}

  int fd_ = -1;
  std::filesystem::path path_;
  std::int64_t size_ = 0;
  std::int64_t bytes_read_ = 0;
  bool eof_ = false;
  CsvParser parser_;
  std::string buffer_;
};

// Writes one CSV record, quoting fields that need it, to `out`.
void AppendCsvRecord(const std::vector<std::string>& fields, std::string& out, char delimiter = ',');

}  // namespace sovhub::ingest

#endif  // SOVHUB_INGEST_CSV_READER_H_
