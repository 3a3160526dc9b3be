// SPDX-License-Identifier: AGPL-3.0-or-later
#include "letters/tracker.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "testing/testing.h"

namespace sovhub::letters {
namespace {

Letter Full() {
  Letter l;
  l.id = 3;
  l.type = LetterType::kErasure;
  l.language = Language::kEnglish;
  l.date = {2026, 3, 2};
  l.place = "Rennes";
  l.identity = {"Camille Martin", {1955, 8, 14}, {"12 rue des Lilas", "35000 Rennes"}, "c@example.org", "38"};
  l.to = {"cnil", "CNIL", "Service des plaintes", {"3 place de Fontenoy"}, "", "130006877", "", "src", true, "n"};
  l.scope = "my account";
  l.nir_in_letter = true;
  l.calendar = HolidayCalendar::kAlsaceMoselle;
  l.files = {"letter-3.pdf", "letter-3.txt"};
  l.sent = Sending{Channel::kEmail, {2026, 3, 2}, CivilDate{2026, 3, 3}, "ref"};
  l.answers = {{{2026, 3, 20}, "partial", false}};
  l.reminders = {{{2026, 4, 10}, {"r.pdf"}}};
  l.complaint = Complaint{{2026, 5, 1}, {"c.pdf"}};
  return l;
}

TEST(TrackerTest, RoundTrip) {
  Tracker tracker;
  tracker.letters = {Full()};
  Letter bare;
  bare.id = 4;
  bare.date = {2026, 1, 1};
  bare.identity = {"A B", {1990, 1, 1}, {"x"}, "", ""};
  bare.to = {"cnam", "Cnam", "", {"y"}, "", "", "", "s", false, ""};
  tracker.letters.push_back(bare);
  auto back = TrackerFromJson(TrackerToJson(tracker));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->letters, tracker.letters);
  EXPECT_EQ(back->NextId(), 5);
  EXPECT_NE(back->Find(4), nullptr);
  EXPECT_EQ(back->Find(9), nullptr);
}

TEST(TrackerTest, MalformedFilesNameThePath) {
  auto not_json = TrackerFromJson("{");
  EXPECT_NE(not_json.status().message().find("not JSON"), std::string::npos);
  auto format = TrackerFromJson(R"({"format": "other", "letters": []})");
  EXPECT_NE(format.status().message().find("format:"), std::string::npos);
  Tracker tracker;
  tracker.letters = {Full()};
  std::string text = TrackerToJson(tracker);
  text.replace(text.find("\"2026-03-03\""), 12, "\"2026-02-30\"");
  auto bad_date = TrackerFromJson(text);
  EXPECT_NE(bad_date.status().message().find("letters[0].sent.delivered:"), std::string::npos)
      << bad_date.status().message();
}

TEST(TrackerTest, SavedPrivatelyAndAbsentFileIsEmpty) {
  testing::TempDir dir;
  auto empty = LoadTracker(dir / "letters.json");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->letters.empty());
  Tracker tracker;
  tracker.letters = {Full()};
  ASSERT_TRUE(SaveTracker(tracker, dir / "letters.json").ok());
  struct stat info;
  ASSERT_EQ(::stat((dir / "letters.json").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto loaded = LoadTracker(dir / "letters.json");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->letters, tracker.letters);
  EXPECT_FALSE(std::filesystem::exists(dir / "letters.json.tmp"));
}

TEST(TrackerTest, NeverSavesAFullNir) {
  testing::TempDir dir;
  Tracker tracker;
  tracker.letters = {Full()};
  tracker.letters[0].scope = "everything linked to 2 55 08 14 168 025 38";
  Status saved = SaveTracker(tracker, dir / "letters.json");
  EXPECT_EQ(saved.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(saved.message().find("never stores"), std::string::npos);
  EXPECT_EQ(saved.message().find("168 025"), std::string::npos) << "the message must not repeat the NIR";
  EXPECT_FALSE(std::filesystem::exists(dir / "letters.json"));
}

}  // namespace
}  // namespace sovhub::letters
