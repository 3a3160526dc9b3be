// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ingest/csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sovhub::ingest {
namespace {

// Read size: large enough that read(2) calls cost nothing next to parsing.
constexpr std::size_t kReadChunk = 1 << 20;

}  // namespace

void CsvParser::Feed(std::string_view bytes) {
  pending_.append(bytes);
  if (!started_) {
    // A UTF-8 byte-order mark belongs to the encoding, not to the first field.
    // It may arrive split over several Feed calls: wait until it is whole.
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (pending_.size() < kBom.size() && kBom.starts_with(pending_)) return;
    if (pending_.starts_with(kBom)) {
      pending_.erase(0, kBom.size());
      bytes_consumed_ += static_cast<std::int64_t>(kBom.size());
    }
    started_ = true;
  }
  Consume(false);
}

Status CsvParser::Finish() {
  Consume(true);
  if (!pending_.empty()) {
    return Status::InvalidArgument("line " + std::to_string(line_) +
                                   ": a quoted field is not closed before the end of the file");
  }
  return Status::Ok();
}

// Splits complete records off the front of pending_. A record is complete at
// a newline outside quotes (or at the end, when at_end).
void CsvParser::Consume(bool at_end) {
  std::size_t start = 0;
  while (start < pending_.size()) {
    // Find the record's end, tracking quotes as the field parser below does:
    // a quote opens a quoted field only at the start of a field (or right
    // after a closing quote, which makes it a doubled quote); elsewhere it is
    // a stray literal and must not swallow the following lines.
    bool quoted = false;
    bool may_open = true;
    std::size_t i = start;
    std::size_t end = std::string::npos;
    std::int64_t newlines = 0;
    if (start == 0 && resume_.offset > 0) {
      // The first pending record was scanned up to resume_.offset by an
      // earlier call: carry on from there instead of rescanning it (a long
      // record fed in small pieces would otherwise cost quadratic time).
      i = resume_.offset;
      quoted = resume_.quoted;
      may_open = resume_.may_open;
      newlines = resume_.newlines;
    }
    resume_ = Resume();
    for (; i < pending_.size(); ++i) {
      char c = pending_[i];
      if (quoted) {
        if (c == '"') {
          quoted = false;
          may_open = true;
        } else if (c == '\n') {
          ++newlines;
        }
      } else if (c == '"') {
        if (may_open) quoted = true;
      } else if (c == '\n') {
        end = i;
        break;
      } else {
        may_open = c == delimiter_;
      }
    }
    if (end == std::string::npos) {
      if (!at_end || quoted) {
        // Incomplete: wait for more bytes, remembering how far the scan went
        // (relative to the record's start, which the erase below moves to 0).
        resume_ = Resume{pending_.size() - start, quoted, may_open, newlines};
        break;
      }
      end = pending_.size();
    }
    std::string_view text(pending_.data() + start, end - start);
    std::size_t next = end < pending_.size() ? end + 1 : end;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);

    Ready ready;
    ready.record.line = line_;
    // Parse fields.
    std::string field;
    bool in_quotes = false, was_quoted = false;
    for (std::size_t k = 0; k < text.size(); ++k) {
      char c = text[k];
      if (in_quotes) {
        if (c == '"') {
          if (k + 1 < text.size() && text[k + 1] == '"') {
            field.push_back('"');
            ++k;
          } else {
            in_quotes = false;
          }
        } else {
          field.push_back(c);
        }
      } else if (c == delimiter_) {
        ready.record.fields.push_back(std::move(field));
        field.clear();
        was_quoted = false;
      } else if (c == '"') {
        if (field.empty() && !was_quoted) {
          in_quotes = was_quoted = true;
        } else {
          if (ready.error.empty()) ready.error = "a quote inside an unquoted field";
          field.push_back(c);
        }
      } else {
        if (was_quoted && ready.error.empty()) ready.error = "text after a closing quote";
        field.push_back(c);
      }
    }
    ready.record.fields.push_back(std::move(field));
    line_ += 1 + newlines;
    bytes_consumed_ += static_cast<std::int64_t>(next - start);
    // A blank line is not a record.
    if (!(text.empty())) ready_.push_back(std::move(ready));
    start = next;
    if (end == pending_.size()) break;
  }
  pending_.erase(0, start);
}

bool CsvParser::Next(Record& record, std::string& error) {
  if (ready_pos_ >= ready_.size()) {
    ready_.clear();
    ready_pos_ = 0;
    return false;
  }
  record = std::move(ready_[ready_pos_].record);
  error = std::move(ready_[ready_pos_].error);
  ++ready_pos_;
  return true;
}

Result<CsvFileReader> CsvFileReader::Open(const std::filesystem::path& path, char delimiter) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int error = errno;
    if (error == ENOENT) return Status::NotFound("file " + path.string() + " does not exist");
    return Status::IoError("cannot open " + path.string() + ": " + std::strerror(error));
  }
  struct stat info;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument(path.string() + " is not a regular file");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return CsvFileReader(fd, path, info.st_size, delimiter);
}

CsvFileReader::CsvFileReader(CsvFileReader&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      size_(other.size_),
      bytes_read_(other.bytes_read_),
      eof_(other.eof_),
      parser_(std::move(other.parser_)),
      buffer_(std::move(other.buffer_)) {}

CsvFileReader::~CsvFileReader() {
  if (fd_ >= 0) ::close(fd_);
}

Result<bool> CsvFileReader::Next(CsvParser::Record& record, std::string& error) {
  while (true) {
    if (parser_.Next(record, error)) return true;
    if (eof_) return false;
    buffer_.resize(kReadChunk);
    ssize_t n;
    do {
      n = ::read(fd_, buffer_.data(), buffer_.size());
    } while (n < 0 && errno == EINTR);
    if (n < 0) return Status::IoError("cannot read " + path_.string() + ": " + std::strerror(errno));
    if (n == 0) {
      eof_ = true;
      SOVHUB_RETURN_IF_ERROR(parser_.Finish().WithContext(path_.string()));
    } else {
      bytes_read_ += n;
      parser_.Feed(std::string_view(buffer_.data(), static_cast<std::size_t>(n)));
    }
  }
}

void AppendCsvRecord(const std::vector<std::string>& fields, std::string& out, char delimiter) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(delimiter);
    const std::string& field = fields[i];
    // A lone empty field would be a blank line, which readers skip; a leading
    // byte-order mark at the start of a file would be taken for the encoding's.
    bool needs_quotes =
        field.find_first_of(std::string{delimiter, '"', '\n', '\r'}) != std::string::npos ||
        (fields.size() == 1 && field.empty()) || field.starts_with("\xEF\xBB\xBF");
    if (!needs_quotes) {
      out += field;
      continue;
    }
    out.push_back('"');
    for (char c : field) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('\n');
}

}  // namespace sovhub::ingest
