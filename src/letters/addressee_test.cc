// SPDX-License-Identifier: AGPL-3.0-or-later
#include "letters/addressee.h"

#include <gtest/gtest.h>

namespace sovhub::letters {
namespace {

constexpr const char* kEntry = R"(
[[addressee]]
id = "cpam-99"
name = "CPAM de test"
role = "DPO"
address = ["1 rue de l'Exemple", "99000 Ville"]
siren = "%s"
source = "a test"
)";

std::string EntryWithSiren(const std::string& siren) {
  std::string text = kEntry;
  text.replace(text.find("%s"), 2, siren);
  return text;
}

TEST(AddresseeTest, TheShippedDirectoryParsesAndHasTheCnil) {
  auto directory = LoadDirectory(SOVHUB_ADDRESSEES_FILE);
  ASSERT_TRUE(directory.ok()) << directory.status().ToString();
  auto cnil = FindAddressee(*directory, "cnil");
  ASSERT_TRUE(cnil.ok());
  EXPECT_EQ(cnil->siren, "130006877");
  EXPECT_EQ(cnil->address.back(), "75334 Paris Cedex 07");
  for (const Addressee& a : *directory) {
    EXPECT_FALSE(a.source.empty()) << a.id;
    EXPECT_TRUE(a.siren.empty() || IsValidSiren(a.siren)) << a.id;
  }
  EXPECT_TRUE(FindAddressee(*directory, "cnam").ok());
  EXPECT_TRUE(FindAddressee(*directory, "health-data-hub").ok());
}

TEST(AddresseeTest, SirenLuhnCheck) {
  EXPECT_TRUE(IsValidSiren("130006877"));
  EXPECT_FALSE(IsValidSiren("130006878"));
  EXPECT_FALSE(IsValidSiren("13000687"));
  EXPECT_FALSE(IsValidSiren("13000687A"));
}

TEST(AddresseeTest, SirenWithSpacesIsNormalisedAndABadOneRefused) {
  auto ok = ParseDirectory(EntryWithSiren("130 006 877"), "dir.toml");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)[0].siren, "130006877");
  auto bad = ParseDirectory(EntryWithSiren("123456789"), "dir.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("dir.toml: addressee[0].siren"), std::string::npos) << bad.status().message();
  EXPECT_TRUE(ParseDirectory(EntryWithSiren(""), "dir.toml").ok());
}

TEST(AddresseeTest, ErrorsNameTheFileAndField) {
  auto missing_source = ParseDirectory("[[addressee]]\nid = \"x1\"\nname = \"N\"\naddress = [\"a\"]\n", "d.toml");
  EXPECT_NE(missing_source.status().message().find("d.toml: addressee[0].source: must not be empty"),
            std::string::npos)
      << missing_source.status().message();
  auto no_address = ParseDirectory("[[addressee]]\nid = \"x1\"\nname = \"N\"\nsource = \"s\"\n", "d.toml");
  EXPECT_NE(no_address.status().message().find("addressee[0].address"), std::string::npos);
  auto bad_id = ParseDirectory("[[addressee]]\nid = \"X 1\"\nname = \"N\"\nsource = \"s\"\naddress = [\"a\"]\n", "d.toml");
  EXPECT_NE(bad_id.status().message().find("addressee[0].id"), std::string::npos);
  auto syntax = ParseDirectory("[[addressee]\nid = 1\n", "d.toml");
  EXPECT_NE(syntax.status().message().find("d.toml:1:"), std::string::npos) << syntax.status().message();
  auto twice = ParseDirectory(EntryWithSiren("") + EntryWithSiren(""), "d.toml");
  EXPECT_NE(twice.status().message().find("appears twice"), std::string::npos);
}

TEST(AddresseeTest, FindNamesTheKnownIds) {
  auto directory = ParseDirectory(EntryWithSiren(""), "d.toml");
  ASSERT_TRUE(directory.ok());
  auto missing = FindAddressee(*directory, "cpam-12");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("cpam-99"), std::string::npos);
}

}  // namespace
}  // namespace sovhub::letters
