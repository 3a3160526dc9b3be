// SPDX-License-Identifier: AGPL-3.0-or-later
#include "crypto/key_file.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace sovhub::crypto {
namespace {

std::string ModeText(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

Status CreateSecretFile(const std::filesystem::path& path, std::string_view text) {
  // O_EXCL: never overwrite a key; 0600 from the start, so no moment exists
  // when the file is readable by others.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    int error = errno;
    if (error == EEXIST) return Status::Conflict("key file " + path.string() + " already exists");
    return Status::IoError("cannot create key file " + path.string() + ": " + std::strerror(error));
  }
  Status status;
  if (::fchmod(fd, 0600) != 0 ||
      ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
      ::fsync(fd) != 0) {
    status = Status::IoError("cannot write key file " + path.string() + ": " + std::strerror(errno));
  }
  ::close(fd);
  if (!status.ok()) ::unlink(path.c_str());
  return status;
}

Result<std::string> ReadSecretFile(const std::filesystem::path& path, std::size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int error = errno;
    if (error == ENOENT) return Status::NotFound("key file " + path.string() + " does not exist");
    return Status::IoError("cannot open key file " + path.string() + ": " + std::strerror(error));
  }
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    ::close(fd);
    return Status::IoError("cannot stat key file " + path.string());
  }
  if ((info.st_mode & 077) != 0) {
    ::close(fd);
    return Status::PermissionDenied("key file " + path.string() + " is readable by group or others (mode " +
                                    ModeText(info.st_mode) + "); run: chmod 600 " + path.string());
  }
  std::string text(max_bytes + 1, '\0');
  ssize_t n = ::read(fd, text.data(), text.size());
  ::close(fd);
  if (n < 0) return Status::IoError("cannot read key file " + path.string());
  if (static_cast<std::size_t>(n) > max_bytes) {
    OPENSSL_cleanse(text.data(), text.size());
    return Status::Corruption("key file " + path.string() + " is longer than a key");
  }
  text.resize(static_cast<std::size_t>(n));
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

Status CreateKeyFile(const std::filesystem::path& path, RandomSource& random) {
  SOVHUB_ASSIGN_OR_RETURN(Bytes key, RandomBytes(random, kKeyBytes));
  std::string text = ToHex(key) + "\n";
  OPENSSL_cleanse(key.data(), key.size());
  Status status = CreateSecretFile(path, text);
  OPENSSL_cleanse(text.data(), text.size());
  return status;
}

Result<Bytes> ReadKeyFile(const std::filesystem::path& path) {
  SOVHUB_ASSIGN_OR_RETURN(std::string text, ReadSecretFile(path, 80));
  Result<Bytes> key = text.size() == 2 * kKeyBytes
                          ? FromHex(text)
                          : Result<Bytes>(Status::Corruption("wrong length"));
  OPENSSL_cleanse(text.data(), text.size());
  if (!key.ok()) {
    return Status::Corruption("key file " + path.string() + " does not hold a 256-bit hex key");
  }
  return key;
}

}  // namespace sovhub::crypto
