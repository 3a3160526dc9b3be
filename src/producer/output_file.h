// SPDX-License-Identifier: AGPL-3.0-or-later
//
// A producer output file written through a temporary name ("<path>.tmp",
// mode 0640) and renamed over `path` only by Commit, once complete and
// synced: a crash or an error leaves no partial output (the destructor
// removes the temporary file). Buffered: callers append to buffer() and call
// FlushIfLarge. Internal to src/producer.
#ifndef SOVHUB_PRODUCER_OUTPUT_FILE_H_
#define SOVHUB_PRODUCER_OUTPUT_FILE_H_

#include <filesystem>
#include <string>

#include "core/status.h"

namespace sovhub::producer {

class OutputFile {
 public:
  // IoError when the temporary file cannot be created.
  static Result<OutputFile> Create(const std::filesystem::path& path);
  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  OutputFile(const OutputFile&) = delete;
  ~OutputFile();

  std::string& buffer() { return buffer_; }
  // Writes the buffer out once it passes 1 MiB.
  Status FlushIfLarge();
  // Writes the rest, syncs, and renames the file into place.
  Status Commit();

 private:
  OutputFile(int fd, std::filesystem::path path, std::filesystem::path temp)
      : fd_(fd), path_(std::move(path)), temp_(std::move(temp)) {}
  Status Flush();

  int fd_;
  std::filesystem::path path_, temp_;
  std::string buffer_;
};

}  // namespace sovhub::producer

#endif  // SOVHUB_PRODUCER_OUTPUT_FILE_H_
