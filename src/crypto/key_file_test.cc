// SPDX-License-Identifier: AGPL-3.0-or-later
#include "crypto/key_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "testing/testing.h"

namespace sovhub::crypto {
namespace {

TEST(KeyFileTest, CreatesOwnerOnlyKeyAndReadsItBack) {
  testing::TempDir dir;
  SystemRandom random;
  auto path = dir / "hub.key";
  ASSERT_TRUE(CreateKeyFile(path, random).ok());
  struct stat info;
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto key = ReadKeyFile(path);
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_EQ(key->size(), kKeyBytes);
  // Two keys are never the same.
  ASSERT_TRUE(CreateKeyFile(dir / "other.key", random).ok());
  EXPECT_NE(*key, ReadKeyFile(dir / "other.key").value());
}

TEST(KeyFileTest, NeverOverwritesAKey) {
  testing::TempDir dir;
  SystemRandom random;
  auto path = dir / "hub.key";
  ASSERT_TRUE(CreateKeyFile(path, random).ok());
  Bytes before = ReadKeyFile(path).value();
  Status again = CreateKeyFile(path, random);
  EXPECT_EQ(again.code(), StatusCode::kConflict);
  EXPECT_EQ(ReadKeyFile(path).value(), before);
}

TEST(KeyFileTest, RefusesAKeyReadableByGroupOrOthers) {
  testing::TempDir dir;
  SystemRandom random;
  auto path = dir / "hub.key";
  ASSERT_TRUE(CreateKeyFile(path, random).ok());
  for (mode_t mode : {0640, 0604, 0660, 0644, 0610}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    auto key = ReadKeyFile(path);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.status().code(), StatusCode::kPermissionDenied);
    EXPECT_NE(key.status().message().find("readable by group or others"), std::string::npos);
    EXPECT_NE(key.status().message().find(path.string()), std::string::npos);
  }
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);
  EXPECT_TRUE(ReadKeyFile(path).ok());
}

TEST(KeyFileTest, RejectsMalformedAndMissingFiles) {
  testing::TempDir dir;
  EXPECT_EQ(ReadKeyFile(dir / "absent.key").status().code(), StatusCode::kNotFound);
  auto path = dir / "short.key";
  {
    FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("abcd\n", f);
    std::fclose(f);
  }
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  EXPECT_EQ(ReadKeyFile(path).status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace sovhub::crypto
