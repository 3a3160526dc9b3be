// SPDX-License-Identifier: AGPL-3.0-or-later
#include "registry/registry.h"

#include <gtest/gtest.h>

namespace sovhub::registry {
namespace {

TEST(OpposedSetTest, InsertAndLookup) {
  OpposedSet set;
  EXPECT_FALSE(set.Contains("AAAAAAAAAAAAAAAAA"));
  for (int i = 0; i < 1000; ++i) {
    char id[18];
    std::snprintf(id, sizeof id, "%017d", i * 7);
    set.Insert(id);
  }
  set.Insert("00000000000000000");  // already in (i = 0)
  EXPECT_EQ(set.size(), 1000u);
  for (int i = 0; i < 7000; ++i) {
    char id[18];
    std::snprintf(id, sizeof id, "%017d", i);
    EXPECT_EQ(set.Contains(id), i % 7 == 0) << i;
  }
  EXPECT_FALSE(set.Contains("short"));
}

}  // namespace
}  // namespace sovhub::registry
