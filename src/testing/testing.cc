// SPDX-License-Identifier: AGPL-3.0-or-later
#include "testing/testing.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace sovhub::testing {

std::filesystem::path SharedData(std::string_view relative) {
  const char* root = std::getenv("SOVHUB_SHARED_DATA");
  std::filesystem::path base = root != nullptr && *root != '\0'
                                   ? std::filesystem::path(root)
                                   : std::filesystem::path(SOVHUB_DEFAULT_SHARED_DATA);
  return base / relative;
}

std::string ReadFileOrFail(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

TempDir::TempDir() {
  std::filesystem::path base = std::filesystem::temp_directory_path();
  std::string pattern = (base / "sovhub-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed under " << base;
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace sovhub::testing
