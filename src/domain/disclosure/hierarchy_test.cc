// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/disclosure/hierarchy.h"

#include <gtest/gtest.h>

namespace sovhub::disclosure {
namespace {

TEST(Hierarchy, FlatHasTheTotalAsRoot) {
  auto h = Hierarchy::Flat("Total", {"A", "B"});
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->size(), 3);
  EXPECT_EQ(h->children(Hierarchy::kRoot).size(), 2u);
  EXPECT_EQ(h->Find("total"), Hierarchy::kRoot);
  EXPECT_EQ(h->label(*h->Find("B")), "B");
  EXPECT_FALSE(h->Find("C").has_value());
}

TEST(Hierarchy, RegionsAndDepartmentsFromAFile) {
  auto h = ParseHierarchyCsv("code,parent\nIDF,\n75,IDF\n92,IDF\nBRE,Total\n29,BRE\n", "h.csv", "Total");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  int idf = *h->Find("IDF");
  EXPECT_EQ(h->parent(idf), Hierarchy::kRoot);
  EXPECT_EQ(h->children(idf).size(), 2u);
  EXPECT_EQ(h->depth(*h->Find("29")), 2);
  EXPECT_EQ(h->Leaves().size(), 3u);
}

TEST(Hierarchy, RefusesCyclesUnknownParentsAndDuplicates) {
  EXPECT_FALSE(ParseHierarchyCsv("a,b\nb,a\n", "h.csv", "Total").ok());
  auto unknown = ParseHierarchyCsv("a,\nb,zz\n", "h.csv", "Total");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("\"zz\" is not a code"), std::string::npos);
  EXPECT_FALSE(Hierarchy::Flat("Total", {"A", "A"}).ok());
  auto bad_line = ParseHierarchyCsv("a,\nb\n", "h.csv", "Total");
  ASSERT_FALSE(bad_line.ok());
  EXPECT_NE(bad_line.status().message().find("h.csv:2"), std::string::npos);
}

}  // namespace
}  // namespace sovhub::disclosure
