// SPDX-License-Identifier: AGPL-3.0-or-later
#include "files/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sovhub::files {

Status CommitRename(const std::filesystem::path& temp, const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::rename(temp, path, error);
  if (error) return Status::IoError("cannot rename " + temp.string() + ": " + error.message());
  std::filesystem::path folder = path.parent_path().empty() ? "." : path.parent_path();
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open " + folder.string() + ": " + std::strerror(errno));
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return Status::IoError("cannot sync " + folder.string());
  return Status::Ok();
}

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path temp = path;
  temp += ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return Status::IoError("cannot create " + temp.string() + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return Status::IoError("cannot write " + temp.string() + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return Status::IoError("cannot sync " + temp.string());
  return CommitRename(temp, path);
}

Result<std::string> ReadWholeFile(const std::filesystem::path& path, std::size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int error = errno;
    if (error == ENOENT) return Status::NotFound(path.string() + " does not exist");
    return Status::IoError("cannot open " + path.string() + ": " + std::strerror(error));
  }
  std::string content;
  char buffer[65536];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      int error = errno;
      if (error == EINTR) continue;
      ::close(fd);
      return Status::IoError("cannot read " + path.string() + ": " + std::strerror(error));
    }
    if (n == 0) break;
    content.append(buffer, static_cast<std::size_t>(n));
    if (content.size() > max_bytes) {
      ::close(fd);
      return Status::InvalidArgument(path.string() + " is larger than " +
                                     std::to_string(max_bytes) + " bytes");
    }
  }
  ::close(fd);
  return content;
}

}  // namespace sovhub::files
