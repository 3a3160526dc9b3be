// SPDX-License-Identifier: AGPL-3.0-or-later
#include "producer/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <utility>

#include "files/atomic_file.h"

namespace sovhub::producer {

Result<OutputFile> OutputFile::Create(const std::filesystem::path& path) {
  std::filesystem::path temp = path;
  temp += ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return Status::IoError("cannot create " + temp.string());
  return OutputFile(fd, path, temp);
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(other.path_), temp_(other.temp_),
      buffer_(std::move(other.buffer_)) {}

OutputFile::~OutputFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temp_.c_str());
  }
}

Status OutputFile::FlushIfLarge() { return buffer_.size() > (1 << 20) ? Flush() : Status::Ok(); }

Status OutputFile::Commit() {
  SOVHUB_RETURN_IF_ERROR(Flush());
  bool synced = ::fsync(fd_) == 0;
  ::close(fd_);
  fd_ = -1;
  if (!synced) return Status::IoError("cannot sync " + temp_.string());
  return files::CommitRename(temp_, path_);
}

Status OutputFile::Flush() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) return Status::IoError("cannot write " + temp_.string());
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
  return Status::Ok();
}

}  // namespace sovhub::producer
