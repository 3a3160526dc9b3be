// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ingest/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace sovhub::ingest {
namespace {

// Bytes per read(2): large enough that system calls cost nothing next to
// parsing, small enough to stay out of the memory budget.
constexpr std::size_t kReadChunk = 1 << 20;

}  // namespace

Result<LineFileReader> LineFileReader::Open(const std::filesystem::path& path) {
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
  return LineFileReader(fd, path, info.st_size);
}

LineFileReader::LineFileReader(LineFileReader&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      size_(other.size_),
      bytes_read_(other.bytes_read_),
      line_(other.line_),
      eof_(other.eof_),
      started_(other.started_),
      buffer_(std::move(other.buffer_)),
      offset_(other.offset_) {}

LineFileReader::~LineFileReader() {
  if (fd_ >= 0) ::close(fd_);
}

Result<bool> LineFileReader::Next(std::string& line, std::int64_t& number) {
  while (true) {
    std::size_t end = buffer_.find('\n', offset_);
    if (end != std::string::npos || (eof_ && offset_ < buffer_.size())) {
      std::size_t stop = end == std::string::npos ? buffer_.size() : end;
      line.assign(buffer_, offset_, stop - offset_);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      offset_ = end == std::string::npos ? buffer_.size() : end + 1;
      if (!started_) {
        started_ = true;
        if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
      }
      number = ++line_;
      return true;
    }
    if (eof_) return false;
    // Keep only the incomplete line, then read more.
    buffer_.erase(0, offset_);
    offset_ = 0;
    std::size_t had = buffer_.size();
    buffer_.resize(had + kReadChunk);
    ssize_t n;
    do {
      n = ::read(fd_, buffer_.data() + had, kReadChunk);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      buffer_.resize(had);
      return Status::IoError("cannot read " + path_.string() + ": " + std::strerror(errno));
    }
    buffer_.resize(had + static_cast<std::size_t>(n));
    if (n == 0) {
      eof_ = true;
    } else {
      bytes_read_ += n;
    }
  }
}

}  // namespace sovhub::ingest
