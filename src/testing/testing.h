// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Helpers shared by the unit and integration tests: where the shared public
// data is, and scratch folders that clean up after themselves.
#ifndef SOVHUB_TESTING_TESTING_H_
#define SOVHUB_TESTING_TESTING_H_

#include <filesystem>
#include <string>
#include <string_view>

namespace sovhub::testing {

// `relative` under ../shared/data (or $SOVHUB_SHARED_DATA when set).
std::filesystem::path SharedData(std::string_view relative);

// The whole content of a file; fails the test (and returns "") when unreadable.
std::string ReadFileOrFail(const std::filesystem::path& path);

// A fresh folder under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace sovhub::testing

#endif  // SOVHUB_TESTING_TESTING_H_
