// SPDX-License-Identifier: AGPL-3.0-or-later
#include "files/atomic_file.h"

#include <gtest/gtest.h>

#include "testing/testing.h"

namespace sovhub::files {
namespace {

TEST(AtomicFileTest, ReplacesTheWholeFileAndLeavesNoTemporary) {
  testing::TempDir dir;
  auto path = dir / "manifest.json";
  ASSERT_TRUE(WriteFileAtomically(path, "first version, longer\n").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "second\n").ok());
  EXPECT_EQ(testing::ReadFileOrFail(path), "second\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "manifest.json.tmp"));
}

TEST(AtomicFileTest, FailsClearlyWhereItCannotWrite) {
  testing::TempDir dir;
  Status status = WriteFileAtomically(dir / "no-such-folder" / "f", "x");
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_NE(status.message().find("no-such-folder"), std::string::npos);
}

}  // namespace
}  // namespace sovhub::files
