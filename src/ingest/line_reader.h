// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Streaming reader of a file's lines, for NDJSON (one JSON value per line, as
// the FHIR Bulk Data export writes them). LF or CRLF line ends; a final line
// without a newline is a line. Memory is bounded by the buffer and the longest
// line, never the file.
#ifndef SOVHUB_INGEST_LINE_READER_H_
#define SOVHUB_INGEST_LINE_READER_H_

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/status.h"

namespace sovhub::ingest {

class LineFileReader {
 public:
  // NotFound when the file does not exist, InvalidArgument when it is not a
  // regular file, IoError otherwise.
  static Result<LineFileReader> Open(const std::filesystem::path& path);
  LineFileReader(LineFileReader&& other) noexcept;
  LineFileReader& operator=(LineFileReader&&) = delete;
  LineFileReader(const LineFileReader&) = delete;
  ~LineFileReader();

  // True with the next line (without its line end) in `line` and its 1-based
  // number in `number`; false at the end of the file. A UTF-8 byte-order mark
  // at the start of the file is dropped.
  Result<bool> Next(std::string& line, std::int64_t& number);
  std::int64_t bytes_read() const { return bytes_read_; }
  std::int64_t size() const { return size_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  LineFileReader(int fd, std::filesystem::path path, std::int64_t size)
      : fd_(fd), path_(std::move(path)), size_(size) {}

  int fd_ = -1;
  std::filesystem::path path_;
  std::int64_t size_ = 0;
  std::int64_t bytes_read_ = 0;
  std::int64_t line_ = 0;
  bool eof_ = false;
  bool started_ = false;
  std::string buffer_;    // bytes read and not yet returned, from `offset_`
  std::size_t offset_ = 0;
};

}  // namespace sovhub::ingest

#endif  // SOVHUB_INGEST_LINE_READER_H_
